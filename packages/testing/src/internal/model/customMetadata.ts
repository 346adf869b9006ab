/** Custom metadata field schemas and the values files may hold for them. */
import { badRequest } from "./errors.js"
import type { FieldRecord, FieldSchema, JsonRecord } from "./state.js"

export const FIELD_TYPES: ReadonlySet<string> = new Set([
  "Text",
  "Textarea",
  "Number",
  "Date",
  "Boolean",
  "SingleSelect",
  "MultiSelect"
])

const INVALID_SCHEMA = "Invalid schema object."

const isRecord = (u: unknown): u is JsonRecord => typeof u === "object" && u !== null && !Array.isArray(u)

const isScalar = (u: unknown): u is string | number | boolean =>
  typeof u === "string" || typeof u === "boolean" || (typeof u === "number" && Number.isFinite(u))

const isDateText = (u: unknown): u is string => typeof u === "string" && !Number.isNaN(Date.parse(u))

const schemaError = (help: string) => badRequest(INVALID_SCHEMA, { help })

/** The comparable form of a bound for `type` (numbers for Number, epoch ms for Date), or an error. */
const bound = (type: string, key: string, value: unknown): number | undefined => {
  if (value === undefined) return undefined
  if (type === "Number" && typeof value === "number" && Number.isFinite(value)) return value
  if (type === "Date" && isDateText(value)) return Date.parse(value)
  throw schemaError(`${key} is not valid for a ${type} field.`)
}

const length = (key: string, value: unknown): number | undefined => {
  if (value === undefined) return undefined
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value
  throw schemaError(`${key} should be a non-negative integer.`)
}

const ALLOWED_KEYS: Readonly<Record<string, ReadonlyArray<string>>> = {
  Text: ["minLength", "maxLength"],
  Textarea: ["minLength", "maxLength"],
  Number: ["minValue", "maxValue"],
  Date: ["minValue", "maxValue"],
  Boolean: [],
  SingleSelect: ["selectOptions"],
  MultiSelect: ["selectOptions"]
}

const COMMON_KEYS = ["type", "isValueRequired", "defaultValue"]

/**
 * Checks a complete schema: a known type, only the keys that type allows, consistent bounds, select options
 * for select types, and a default value that is itself valid (required when `isValueRequired`).
 */
export const validateFieldSchema = (input: unknown): FieldSchema => {
  if (!isRecord(input)) throw schemaError("schema should be an object with a type.")
  const type = input.type
  if (typeof type !== "string" || !FIELD_TYPES.has(type)) {
    throw schemaError(`type should be one of ${[...FIELD_TYPES].join(", ")}.`)
  }
  const allowed = [...COMMON_KEYS, ...(ALLOWED_KEYS[type] ?? [])]
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) throw schemaError(`${key} is not allowed for a ${type} field.`)
  }
  const min = bound(type, "minValue", input.minValue)
  const max = bound(type, "maxValue", input.maxValue)
  if (min !== undefined && max !== undefined && min > max) throw schemaError("minValue cannot exceed maxValue.")
  const minLength = length("minLength", input.minLength)
  const maxLength = length("maxLength", input.maxLength)
  if (minLength !== undefined && maxLength !== undefined && minLength > maxLength) {
    throw schemaError("minLength cannot exceed maxLength.")
  }
  if (type === "SingleSelect" || type === "MultiSelect") {
    const options = input.selectOptions
    if (!Array.isArray(options) || options.length === 0 || !options.every(isScalar)) {
      throw schemaError("selectOptions should be a non-empty array of strings, numbers or booleans.")
    }
  }
  if (input.isValueRequired !== undefined && typeof input.isValueRequired !== "boolean") {
    throw schemaError("isValueRequired should be a boolean.")
  }
  const schema: FieldSchema = { ...input, type }
  if (input.defaultValue !== undefined) {
    const problem = valueProblem(schema, input.defaultValue)
    if (problem !== undefined) throw schemaError(`defaultValue is invalid: ${problem}`)
  } else if (input.isValueRequired === true) {
    throw schemaError("defaultValue is required when isValueRequired is true.")
  }
  return schema
}

/** Why `value` does not fit `schema`, or `undefined` when it does. */
export const valueProblem = (schema: FieldSchema, value: unknown): string | undefined => {
  const { type } = schema
  switch (type) {
    case "Text":
    case "Textarea": {
      if (typeof value !== "string") return "it should be a string"
      const { minLength, maxLength } = schema
      if (typeof minLength === "number" && value.length < minLength) return `it is shorter than ${minLength}`
      if (typeof maxLength === "number" && value.length > maxLength) return `it is longer than ${maxLength}`
      return undefined
    }
    case "Number": {
      if (typeof value !== "number" || !Number.isFinite(value)) return "it should be a number"
      const { minValue, maxValue } = schema
      if (typeof minValue === "number" && value < minValue) return `it is less than ${minValue}`
      if (typeof maxValue === "number" && value > maxValue) return `it is more than ${maxValue}`
      return undefined
    }
    case "Date": {
      if (!isDateText(value)) return "it should be a date"
      const time = Date.parse(value)
      const { minValue, maxValue } = schema
      if (isDateText(minValue) && time < Date.parse(minValue)) return `it is before ${minValue}`
      if (isDateText(maxValue) && time > Date.parse(maxValue)) return `it is after ${maxValue}`
      return undefined
    }
    case "Boolean":
      return typeof value === "boolean" ? undefined : "it should be a boolean"
    case "SingleSelect": {
      const options = Array.isArray(schema.selectOptions) ? schema.selectOptions : []
      return options.includes(value) ? undefined : "it is not one of the selectOptions"
    }
    case "MultiSelect": {
      const options = Array.isArray(schema.selectOptions) ? schema.selectOptions : []
      const values = Array.isArray(value) ? value : [value]
      return values.every((item) => options.includes(item)) ? undefined : "it is not a subset of the selectOptions"
    }
    default:
      return `the field type ${type} is unknown`
  }
}

const invalidMetadata = (help: string) => badRequest("Invalid custom metadata.", { help })

/**
 * Applies `changes` to `existing` against the defined fields: every key must name a live field and fit its
 * schema; `null` unsets a field when `allowUnset` (updates), and is invalid otherwise (uploads).
 */
export const mergeCustomMetadata = (
  fields: ReadonlyArray<FieldRecord>,
  existing: JsonRecord,
  changes: unknown,
  allowUnset: boolean
): JsonRecord => {
  if (!isRecord(changes)) throw invalidMetadata("customMetadata should be an object.")
  const merged: JsonRecord = { ...existing }
  for (const [name, value] of Object.entries(changes)) {
    const field = fields.find((candidate) => candidate.name === name)
    if (field === undefined) throw invalidMetadata(`The custom metadata field ${name} does not exist.`)
    if (value === null && allowUnset) {
      delete merged[name]
      continue
    }
    const problem = valueProblem(field.schema, value)
    if (problem !== undefined) throw invalidMetadata(`The value of ${name} is invalid: ${problem}.`)
    merged[name] = value
  }
  return merged
}

/** Values a new file gets for required fields it was not given: their default value. */
export const requiredDefaults = (fields: ReadonlyArray<FieldRecord>, given: JsonRecord): JsonRecord => {
  const result: JsonRecord = { ...given }
  for (const field of fields) {
    if (field.schema.isValueRequired === true && !(field.name in result)) result[field.name] = field.schema.defaultValue
  }
  return result
}
