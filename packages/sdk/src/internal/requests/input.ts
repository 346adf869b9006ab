/**
 * Reading a caller's arguments as data, and the `InvalidInputError` for the ones a Schema refuses.
 *
 * Operations are called with whatever a JavaScript caller passes: Proxies, throwing getters, null-prototype objects,
 * `JSON.parse` output with `__proto__` keys, cycles. So an argument is first copied into plain data ({@link toData}):
 * own enumerable string keys only, each read once, into null-prototype records (where a `__proto__` key is an
 * ordinary key), any exception caught. Only then does a Schema decode it, so no Schema ever sees a Proxy, an
 * inherited property or a getter, and nothing here throws.
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { InvalidInputError } from "../../ImageKitError.js"

/** How deep an argument may nest; deeper (or cyclic) input is refused, never walked without bound. */
const MAX_DEPTH = 32
/** The most items an array argument may have (ImageKit's bulk operations take at most 100 ids). */
const MAX_ITEMS = 10_000
const MAX_MESSAGE = 300

/** A value read as data; what it is not is said in `reason`. */
class Unreadable {
  constructor(readonly reason: string) {}
}

const isRecordLike = (u: object): boolean => Object.prototype.toString.call(u) === "[object Object]"

const copy = (u: unknown, depth: number): unknown => {
  if (typeof u !== "object" || u === null) return u
  if (depth > MAX_DEPTH) throw new Unreadable(`it is nested more than ${MAX_DEPTH} levels deep (or refers to itself)`)
  if (Array.isArray(u)) {
    const length: number = u.length
    if (length > MAX_ITEMS) throw new Unreadable(`it has more than ${MAX_ITEMS} items`)
    const items: Array<unknown> = []
    for (let index = 0; index < length; index++) items.push(copy(u[index], depth + 1))
    return items
  }
  // Bytes, Blobs, Dates, Maps, streams… stay as they are: no Schema here accepts them as a record. A `Redacted`
  // secret stays itself too: its value is not an own key, and a copy would be no secret at all.
  if (!isRecordLike(u) || Redacted.isRedacted(u)) return u
  const record: Record<string, unknown> = Object.create(null)
  for (const key of Object.keys(u)) record[key] = copy((u as Record<string, unknown>)[key], depth + 1)
  return record
}

const describeThrown = (error: unknown): string => {
  if (error instanceof Unreadable) return error.reason
  try {
    return `reading it threw ${error instanceof Error ? error.message : String(error)}`
  } catch {
    return "reading it threw"
  }
}

/**
 * The caller's value as plain data: primitives as they are, arrays copied item by item, record-like objects (plain
 * objects, class instances, Proxies of them) copied into null-prototype records of their own enumerable string keys;
 * other objects (bytes, Blobs, streams) kept by reference. `Left` with the reason when reading it threw, or it nests
 * too deep or is too long.
 */
export const toData = (u: unknown): Either.Either<unknown, string> => {
  try {
    return Either.right(copy(u, 0))
  } catch (error) {
    return Either.left(describeThrown(error))
  }
}

/**
 * The own enumerable string keys of a record-like value, each read once, into a null-prototype record; values are
 * not copied (an upload's `file` must stay the caller's object). `Left` as for {@link toData}.
 */
export const toShallowData = (u: unknown): Either.Either<unknown, string> => {
  try {
    if (typeof u !== "object" || u === null || Array.isArray(u) || !isRecordLike(u)) return Either.right(u)
    const record: Record<string, unknown> = Object.create(null)
    for (const key of Object.keys(u)) record[key] = (u as Record<string, unknown>)[key]
    return Either.right(record)
  } catch (error) {
    return Either.left(describeThrown(error))
  }
}

/** A short, safe description of a value for a message: never its whole text, never a call into it. */
export const describeValue = (u: unknown): string => {
  switch (typeof u) {
    case "string":
      return u.length > 40 ? `a string of ${u.length} characters` : JSON.stringify(u)
    case "number":
    case "boolean":
    case "bigint":
      return typeof u === "bigint" ? `${u}n` : String(u)
    case "undefined":
      return "undefined"
    case "symbol":
      return "a symbol"
    case "function":
      return "a function"
    case "object":
      if (u === null) return "null"
      try {
        if (Array.isArray(u)) return `an array of ${u.length} items`
        return isRecordLike(u) ? "an object" : `a ${Object.prototype.toString.call(u).slice(8, -1)}`
      } catch {
        return "an object"
      }
    default:
      return "a value"
  }
}

/**
 * A `message` annotation: "expected <what>, got <the value>", in words instead of Effect's formatting of the whole
 * value. On a leaf it is used for every failure (so a union or a refinement reports once); on a container (a struct,
 * an array) only when the value is not one at all: a problem inside it is reported at its own path (`fileIds[1]`).
 */
export const expected = (what: string, on: "leaf" | "container" = "leaf") => ({
  message: (issue: ParseResult.ParseIssue) => ({
    message: `expected ${what}, got ${describeValue(issue.actual)}`,
    override: on === "leaf"
  })
})

/**
 * The field an issue is about: an option by its key path (`transformation.post[0].value`), an item of a list
 * argument by index (`fileIds[2]`), the argument itself by its name.
 */
const renderPath = (name: string, path: ReadonlyArray<PropertyKey>): string => {
  const [first] = path
  const rest = path.map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`)).join("")
  if (first === undefined) return name
  return typeof first === "number" ? `${name}${rest}` : rest.slice(1)
}

const clip = (text: string): string => (text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text)

/** What to do instead: one text, or one per option (by its top-level key; `undefined` for the whole argument). */
export type Help = string | ((key: string | undefined) => string)

const helpFor = (help: Help, path: ReadonlyArray<PropertyKey>): string => {
  if (typeof help === "string") return help
  const [first] = path
  return help(typeof first === "string" ? first : undefined)
}

/** An `InvalidInputError` about `field` (a path into the arguments). */
export const invalidInput = (field: string, problem: string, help: string): InvalidInputError =>
  new InvalidInputError({ message: clip(`Invalid ${field}: ${problem}`), help, field })

const fromParseError = (name: string, error: ParseResult.ParseError, help: Help): InvalidInputError => {
  const [first] = ParseResult.ArrayFormatter.formatErrorSync(error)
  const path = first?.path ?? []
  const field = renderPath(name, path)
  const text = helpFor(help, path)
  if (first === undefined) return invalidInput(field, "it was refused", text)
  return first._tag === "Missing"
    ? new InvalidInputError({ message: `Missing ${field}`, help: text, field })
    : invalidInput(field, first.message, text)
}

/** How an argument is read before it is decoded. */
export interface DecodeOptions {
  /** `"shallow"` reads only the top-level keys (an upload's `file` stays the caller's object). Default `"deep"`. */
  readonly read?: "deep" | "shallow"
  /** Keep the caller's key order in the decoded object (for query parameters and form fields). */
  readonly keepOrder?: boolean
}

/**
 * Decodes one argument, named `name` in messages, with `schema`: it is read as data first ({@link toData}, or
 * {@link toShallowData}), then decoded; any failure is an `InvalidInputError` naming the field.
 */
export const decode =
  <A, I>(schema: Schema.Schema<A, I>, name: string, help: Help, options: DecodeOptions = {}) =>
  (u: unknown): Either.Either<A, InvalidInputError> => {
    const data = options.read === "shallow" ? toShallowData(u) : toData(u)
    if (Either.isLeft(data)) return Either.left(invalidInput(name, data.left, helpFor(help, [])))
    const parseOptions = options.keepOrder === true ? { propertyOrder: "original" as const } : {}
    return Either.mapLeft(Schema.decodeUnknownEither(schema, parseOptions)(data.right), (error) =>
      fromParseError(name, error, help)
    )
  }
