/**
 * The schema flags of `imagekit fields create` and `fields update`, turned into the SDK's custom metadata field
 * schema for a given field type, and a schema described in one short line for people. Values are typed by the
 * field's type (a number for Number fields, `true`/`false` for Boolean, a list for MultiSelect, text otherwise), so
 * that a wrong value is a usage error here rather than a 400 from ImageKit.
 */
import * as Options from "@effect/cli/Options"
import type { CustomMetadataFieldSchemaUpdate } from "@effect-imagekit/sdk/ImageKit"
import type * as Schemas from "@effect-imagekit/sdk/Schemas"
import * as Option from "effect/Option"

export const FIELD_TYPES = ["Text", "Textarea", "Number", "Date", "Boolean", "SingleSelect", "MultiSelect"] as const

export type FieldType = (typeof FIELD_TYPES)[number]

export const isFieldType = (value: string): value is FieldType => (FIELD_TYPES as ReadonlyArray<string>).includes(value)

/** The flags both `create` and `update` take, each optional. */
export const schemaOptions = {
  min: Options.text("min").pipe(
    Options.withDescription("Smallest value: a number for Number fields, an ISO date for Date fields."),
    Options.optional
  ),
  max: Options.text("max").pipe(
    Options.withDescription("Largest value: a number for Number fields, an ISO date for Date fields."),
    Options.optional
  ),
  minLength: Options.integer("min-length").pipe(
    Options.withDescription("Shortest text, in characters (Text and Textarea fields)."),
    Options.optional
  ),
  maxLength: Options.integer("max-length").pipe(
    Options.withDescription("Longest text, in characters (Text and Textarea fields)."),
    Options.optional
  ),
  selectOptions: Options.text("select-options").pipe(
    Options.withDescription("Comma-separated choices of a SingleSelect or MultiSelect field, e.g. small,medium,large."),
    Options.optional
  ),
  defaultValue: Options.text("default-value").pipe(
    Options.withDescription(
      "Value of files that set none: a number, true/false, a date, one choice, or comma-separated choices " +
        "(MultiSelect), as the field's type needs."
    ),
    Options.optional
  )
}

export interface SchemaFlags {
  readonly min: Option.Option<string>
  readonly max: Option.Option<string>
  readonly minLength: Option.Option<number>
  readonly maxLength: Option.Option<number>
  readonly selectOptions: Option.Option<string>
  readonly defaultValue: Option.Option<string>
}

export type Parsed<A> =
  | { readonly _tag: "Ok"; readonly value: A }
  | { readonly _tag: "Invalid"; readonly message: string }

const ok = <A>(value: A): Parsed<A> => ({ _tag: "Ok", value })
const invalid = <A>(message: string): Parsed<A> => ({ _tag: "Invalid", message })

const list = (text: string): ReadonlyArray<string> =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "")

const NUMBER = /^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/

const toNumber = (flag: string, text: string): Parsed<number> =>
  NUMBER.test(text.trim()) && Number.isFinite(Number(text))
    ? ok(Number(text))
    : invalid(`Invalid ${flag} "${text}": expected a number, e.g. 10 or 2.5`)

const toDate = (flag: string, text: string): Parsed<string> =>
  Number.isNaN(Date.parse(text))
    ? invalid(`Invalid ${flag} "${text}": expected an ISO date, e.g. 2024-01-31 or 2024-01-31T12:00:00Z`)
    : ok(text)

const bound = (flag: string, type: FieldType, text: string): Parsed<string | number> => {
  if (type === "Number") return toNumber(flag, text)
  if (type === "Date") return toDate(flag, text)
  return invalid(`${flag} applies to Number and Date fields only, not to ${type} fields`)
}

const defaultFor = (
  type: FieldType,
  text: string
): Parsed<NonNullable<CustomMetadataFieldSchemaUpdate["defaultValue"]>> => {
  switch (type) {
    case "Number":
      return toNumber("--default-value", text)
    case "Date":
      return toDate("--default-value", text)
    case "Boolean":
      return text === "true" || text === "false"
        ? ok(text === "true")
        : invalid(`Invalid --default-value "${text}": a Boolean field takes true or false`)
    case "MultiSelect": {
      const values = list(text)
      return values.length === 0
        ? invalid('Invalid --default-value "": expected one or more comma-separated choices')
        : ok(values)
    }
    default:
      return ok(text)
  }
}

/**
 * The schema keys the flags set, for a field of `type`. Only the flags given appear, so that an update changes
 * nothing else; `required` is `undefined` when neither `--required` nor `--not-required` was given.
 */
export const schemaFromFlags = (
  type: FieldType,
  flags: SchemaFlags,
  required: boolean | undefined
): Parsed<CustomMetadataFieldSchemaUpdate> => {
  const schema: {
    -readonly [K in keyof CustomMetadataFieldSchemaUpdate]: CustomMetadataFieldSchemaUpdate[K]
  } = {}
  if (Option.isSome(flags.min)) {
    const parsed = bound("--min", type, flags.min.value)
    if (parsed._tag === "Invalid") return parsed
    schema.minValue = parsed.value
  }
  if (Option.isSome(flags.max)) {
    const parsed = bound("--max", type, flags.max.value)
    if (parsed._tag === "Invalid") return parsed
    schema.maxValue = parsed.value
  }
  const isText = type === "Text" || type === "Textarea"
  for (const [flag, value, key] of [
    ["--min-length", flags.minLength, "minLength"],
    ["--max-length", flags.maxLength, "maxLength"]
  ] as const) {
    if (Option.isNone(value)) continue
    if (!isText) return invalid(`${flag} applies to Text and Textarea fields only, not to ${type} fields`)
    if (value.value < 0) return invalid(`Invalid ${flag} ${value.value}: expected 0 or more characters`)
    schema[key] = value.value
  }
  if (Option.isSome(flags.selectOptions)) {
    if (type !== "SingleSelect" && type !== "MultiSelect") {
      return invalid(`--select-options applies to SingleSelect and MultiSelect fields only, not to ${type} fields`)
    }
    const choices = list(flags.selectOptions.value)
    if (choices.length === 0) return invalid("Invalid --select-options: expected comma-separated choices, e.g. a,b")
    schema.selectOptions = choices
  }
  if (Option.isSome(flags.defaultValue)) {
    const parsed = defaultFor(type, flags.defaultValue.value)
    if (parsed._tag === "Invalid") return parsed
    schema.defaultValue = parsed.value
  }
  if (required !== undefined) schema.isValueRequired = required
  return ok(schema)
}

const show = (value: unknown): string => (Array.isArray(value) ? value.map(show).join("|") : String(value))

/** The rules of a schema in one line, e.g. `min 1, max 5, default 3, required`; `""` when there are none. */
export const describeSchema = (schema: Schemas.CustomMetadataFieldSchema): string => {
  const parts: Array<string> = []
  if (schema.minValue !== undefined) parts.push(`min ${schema.minValue}`)
  if (schema.maxValue !== undefined) parts.push(`max ${schema.maxValue}`)
  if (schema.minLength !== undefined) parts.push(`min length ${schema.minLength}`)
  if (schema.maxLength !== undefined) parts.push(`max length ${schema.maxLength}`)
  if (schema.selectOptions !== undefined) parts.push(`options ${show(schema.selectOptions)}`)
  if (schema.defaultValue !== undefined) parts.push(`default ${show(schema.defaultValue)}`)
  if (schema.isValueRequired === true) parts.push("required")
  return parts.join(", ")
}
