import * as Schema from "effect/Schema"
import { decodesToInput } from "./responseDecoding.js"

/**
 * Any string, typed as `string & Record<never, never>` so that, in a union with string literals, the
 * literals are not absorbed by `string` and editors still offer them as completions.
 *
 * @internal
 */
const OtherString: Schema.Schema<string & Record<never, never>, string> = Schema.String

/**
 * An open string enum: the known values are listed (and completed by editors), and any other string still
 * decodes, so a value the server adds later does not fail a response.
 *
 * @internal
 */
export const openLiteral = <const Literals extends readonly [string, ...Array<string>]>(...literals: Literals) =>
  Schema.Union(Schema.Literal(...literals), OtherString)

/**
 * An optional key that is absent rather than `undefined` (`exactOptionalPropertyTypes`).
 *
 * @internal
 */
export const optionalKey = <S extends Schema.Schema.All>(schema: S) => Schema.optionalWith(schema, { exact: true })

/**
 * An optional key whose value may also be `null`. The `null` is kept as it is, so a decoded response still
 * says `null` where the server did.
 *
 * @internal
 */
export const optionalNullable = <S extends Schema.Schema.All>(schema: S) =>
  Schema.optionalWith(Schema.NullOr(schema), { exact: true })

const isJsonObject = (input: unknown): input is { readonly [key: string]: unknown } =>
  typeof input === "object" && input !== null && !Array.isArray(input)

/**
 * A JSON object with any keys and values, for free-form server data (custom metadata, embedded metadata, EXIF
 * maker notes). Decoding checks that the value is a non-array object and returns it as it is: unlike
 * `Schema.Record`, which copies key by key, it keeps an own `"__proto__"` key (possible in embedded metadata
 * read from an uploaded file) as a key instead of turning it into the prototype of the copy.
 *
 * @internal
 */
export const UnknownRecord = Schema.declare(isJsonObject, {
  identifier: "UnknownRecord",
  [decodesToInput]: true,
  description: "a JSON object",
  arbitrary: () => (fc) => fc.dictionary(fc.string(), fc.jsonValue())
})

/**
 * The index signature of objects that have a few typed keys and any others (EXIF blocks).
 *
 * @internal
 */
export const OtherKeys = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/**
 * Any string except the listed ones, branded so that a discriminated union keeps narrowing: in
 * `S3Origin | … | OtherOrigin`, `origin.type === "S3"` leaves out `OtherOrigin`, whose `type` can never be `"S3"`.
 * The member of a union a value the server adds later decodes as.
 *
 * @internal
 */
export const otherThan = <const Literals extends readonly [string, ...Array<string>]>(...literals: Literals) => {
  const known: ReadonlySet<string> = new Set(literals)
  return Schema.String.pipe(
    Schema.filter((value) => !known.has(value), {
      message: () => `one of ${literals.join(", ")} is decoded elsewhere`
    }),
    Schema.brand("Unlisted")
  )
}
