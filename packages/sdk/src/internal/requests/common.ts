/**
 * The Schemas the request builders share: path segments, non-empty text, flags, lists of ids or tags, and free-form
 * JSON (custom metadata, extension options) kept as the data `toData` made of it.
 */
import * as ImageKitRequest from "../../ImageKitRequest.js"
import type * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { InvalidInputError } from "../../ImageKitError.js"
import { decode, expected } from "./input.js"

// A lone surrogate has no UTF-8 form, so encodeURIComponent would throw on it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * A path parameter (file, version, job, purge request or field id): text that stays exactly one URL segment. `""`
 * would drop the segment, and `.`/`..` are dot segments (also percent-encoded: WHATWG URL resolves `%2e%2e`), which
 * would change the route; text with a lone surrogate has no URL encoding. Blank text is no id either.
 */
export const PathSegment = Schema.String.pipe(
  Schema.filter((text) => text.trim() !== "" && text !== "." && text !== ".." && !LONE_SURROGATE.test(text)),
  Schema.brand("PathSegment")
).annotations(expected('an id: a string that is not blank, "." or ".."'))

export type PathSegment = typeof PathSegment.Type

/** The segment as it goes into the path: `/ ? # %` and the rest percent-encoded, so it cannot leave its place. */
export const encodeSegment = (segment: PathSegment): string => encodeURIComponent(segment)

/** Decodes a path parameter named `name`; `help` says where such an id comes from. */
export const segment = (name: string, help: string): ((u: unknown) => Either.Either<PathSegment, InvalidInputError>) =>
  decode(PathSegment, name, help)

export const NonEmptyString = Schema.String.pipe(Schema.minLength(1)).annotations(expected("a non-empty string"))

export const Text = Schema.String.annotations(expected("a string"))

export const Flag = Schema.Boolean.annotations(expected("true or false"))

/** A non-empty list of non-empty strings: file ids, tags. */
export const NonEmptyStrings = Schema.Array(NonEmptyString)
  .pipe(Schema.minItems(1))
  .annotations(expected("a non-empty array of non-empty strings", "container"))

/** Tags or response fields: a list, or the text of one already joined with ",". */
export const StringOrStrings = Schema.Union(Text, Schema.Array(Text)).annotations(
  expected("a string or an array of strings")
)

/** Free-form JSON as `toData` produced it: records are null-prototype copies, so a `__proto__` key is just a key. */
export type JsonValue = string | number | boolean | null | ReadonlyArray<JsonValue> | JsonObject

export interface JsonObject {
  readonly [key: string]: JsonValue | undefined
}

const MAX_JSON_DEPTH = 32

const isJsonRecord = (u: object): boolean => Object.prototype.toString.call(u) === "[object Object]"

const isJsonValue = (u: unknown, depth: number): u is JsonValue => {
  switch (typeof u) {
    case "string":
    case "boolean":
      return true
    case "number":
      return Number.isFinite(u)
    case "object": {
      if (u === null) return true
      if (depth > MAX_JSON_DEPTH) return false
      if (Array.isArray(u)) return u.every((item) => isJsonValue(item, depth + 1))
      if (!isJsonRecord(u)) return false
      // `undefined` values are left out of the JSON, as JSON.stringify does.
      return Object.values(u).every((value) => value === undefined || isJsonValue(value, depth + 1))
    }
    default:
      return false
  }
}

/** Any JSON value (finite numbers only: JSON has no NaN or Infinity). */
export const Json = Schema.declare((u: unknown): u is JsonValue => isJsonValue(u, 0)).annotations(
  expected("JSON data (strings, finite numbers, booleans, null, arrays and objects of them)")
)

/** A JSON object, kept as the null-prototype copy it is (decoding it never copies keys by assignment). */
export const JsonRecord = Schema.declare(
  (u: unknown): u is JsonObject => typeof u === "object" && u !== null && !Array.isArray(u) && isJsonValue(u, 0)
).annotations(expected("an object of JSON values"))

/**
 * The caller's data itself (the null-prototype copy `toData` made), once `schema` accepts it. Effect's Struct
 * decoding would drop the keys it does not list (an option the API added later would be silently ignored) and copies
 * the ones it keeps by assignment (a `__proto__` key would become a prototype); this checks, then keeps the copy.
 */
export const checkedData = <A, I>(schema: Schema.Schema<A, I>): Schema.Schema<A> =>
  Schema.declare([], {
    decode: () => (input) => ParseResult.map(ParseResult.decodeUnknown(schema)(input), () => input as A),
    encode: () => (input) => ParseResult.succeed(input as A)
  })

/**
 * A union on one key (`type`, `name`): the value of the key picks the member, and only that member decodes the
 * rest, so a problem is reported at its own field (`extensions[0].maxTags`) instead of as "none of the members
 * matched". An unknown key is reported at the key, with `what` (the values allowed) in the message.
 */
export const byTag = <Members extends Readonly<Record<string, Schema.Schema.AnyNoContext>>>(
  key: string,
  members: Members,
  what: string
): Schema.Schema<Schema.Schema.Type<Members[keyof Members]>> => {
  type Member = Schema.Schema.Type<Members[keyof Members]>
  const [first, ...rest] = Object.keys(members)
  const tags = Schema.Literal(first ?? "", ...rest).annotations(expected(what))
  const decodeMember = (member: Members[keyof Members]) => ParseResult.decodeUnknown<Member, unknown, never>(member)
  return Schema.declare<Member, Member, readonly []>([], {
    decode: () => (input, options, ast) => {
      if (typeof input !== "object" || input === null || Array.isArray(input)) {
        return ParseResult.fail(new ParseResult.Type(ast, input))
      }
      const tag: unknown = (input as Readonly<Record<string, unknown>>)[key]
      const member: Members[keyof Members] | undefined =
        typeof tag === "string" && Object.hasOwn(members, tag) ? members[tag as keyof Members] : undefined
      if (member === undefined) {
        return ParseResult.fail(new ParseResult.Pointer(key, input, new ParseResult.Type(tags.ast, tag)))
      }
      return decodeMember(member)(input, options)
    },
    encode: () => (input) => ParseResult.succeed(input as Member)
  }).annotations(expected(`an object with ${key} ${what}`))
}

/** No options given: `undefined`, or `null` from JavaScript callers. */
export const isAbsent = (u: unknown): boolean => u === undefined || u === null

/** A request with a JSON body. */
export const withJson = (
  options: Omit<Parameters<typeof ImageKitRequest.make>[0], "body">,
  value: JsonObject | Readonly<Record<string, unknown>>
): ImageKitRequest.ImageKitRequest => ImageKitRequest.make({ ...options, body: ImageKitRequest.json(value) })
