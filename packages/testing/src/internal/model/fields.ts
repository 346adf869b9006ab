/** Custom metadata fields: create, list, update and delete (a soft delete, as `includeDeleted` shows). */
import type { ModelContext } from "./context.js"
import { validateFieldSchema } from "./customMetadata.js"
import { badRequest, notFound } from "./errors.js"
import { isRecord, json, jsonObject, noContent, queryValue } from "./input.js"
import { normalizeFolder } from "./paths.js"
import type { FieldRecord } from "./state.js"
import type { ModelRequest, ModelResponse } from "./types.js"

const fieldView = (field: FieldRecord) => ({
  id: field.id,
  name: field.name,
  label: field.label,
  ...(field.description === undefined ? {} : { description: field.description }),
  schema: { ...field.schema }
})

const MAX_DESCRIPTION = 500

/** A description to set: text up to 500 characters; "" clears it on update (`undefined` = leave as it is). */
const checkDescription = (value: unknown): string | undefined => {
  if (value === undefined) return undefined
  if (typeof value !== "string") throw badRequest("Your request contains invalid description parameter.")
  if (value.length > MAX_DESCRIPTION) {
    throw badRequest("Your request contains invalid description parameter.", {
      help: `description can be at most ${MAX_DESCRIPTION} characters long.`
    })
  }
  return value
}

const NAME = /^[A-Za-z0-9_-]+$/

const checkLabelFree = (context: ModelContext, label: string, except?: FieldRecord): void => {
  if (context.state.activeFields().some((field) => field !== except && field.label === label)) {
    throw badRequest("A custom metadata field with this label already exists.")
  }
}

export const createField = (context: ModelContext, request: ModelRequest): ModelResponse => {
  const body = jsonObject(request.json)
  const { name, label } = body
  if (typeof name !== "string" || !NAME.test(name)) {
    throw badRequest("Your request contains invalid name parameter.", {
      help: "name should contain only letters, digits, '-' and '_'."
    })
  }
  if (typeof label !== "string" || label === "") throw badRequest("Your request contains invalid label parameter.")
  const schema = validateFieldSchema(body.schema)
  const description = checkDescription(body.description)
  // Unique across all fields, deleted ones included: a deleted field's name is never reused.
  if ([...context.state.fields.values()].some((field) => field.name === name)) {
    throw badRequest("A custom metadata field with this name already exists.")
  }
  checkLabelFree(context, label)
  const field: FieldRecord = {
    id: context.newId(),
    name,
    label,
    schema,
    deleted: false,
    ...(description === undefined || description === "" ? {} : { description })
  }
  context.state.fields.set(field.id, field)
  return json(fieldView(field), 201)
}

/**
 * `folderPath` asks which fields apply at a path under ImageKit's path policies; the emulator has none, so every
 * field applies everywhere, but the path must still be a valid folder path.
 */
export const listFields = (context: ModelContext, request: ModelRequest): ModelResponse => {
  const includeDeleted = queryValue(request.query, "includeDeleted") === "true"
  const folderPath = queryValue(request.query, "folderPath")
  if (folderPath !== undefined) normalizeFolder(folderPath)
  const fields = [...context.state.fields.values()].filter((field) => includeDeleted || !field.deleted)
  return json(fields.map(fieldView))
}

const NO_FIELD = "No such custom metadata field exists."

export const updateField = (context: ModelContext, id: string, request: ModelRequest): ModelResponse => {
  const body = jsonObject(request.json)
  const field = context.state.fields.get(id)
  if (field === undefined) throw notFound(NO_FIELD)
  if (body.name !== undefined) throw badRequest("Name cannot be updated.")
  const { label, schema } = body
  const description = checkDescription(body.description)
  if (label === undefined && schema === undefined && description === undefined) {
    throw badRequest("Either label or schema should be provided.")
  }
  if (field.deleted) throw badRequest("Cannot update a deleted custom metadata fields.")
  if (label !== undefined && (typeof label !== "string" || label === "")) {
    throw badRequest("Your request contains invalid label parameter.")
  }
  let nextSchema = field.schema
  if (schema !== undefined) {
    if (!isRecord(schema)) throw badRequest("Invalid schema object.")
    if (schema.type !== undefined && schema.type !== field.schema.type) {
      throw badRequest("Invalid schema object.", { help: "The type of a field cannot be changed." })
    }
    nextSchema = validateFieldSchema({ ...field.schema, ...schema, type: field.schema.type })
  }
  if (typeof label === "string") checkLabelFree(context, label, field)
  if (typeof label === "string") field.label = label
  field.schema = nextSchema
  if (description === "") delete field.description
  else if (description !== undefined) field.description = description
  return json(fieldView(field))
}

export const deleteField = (context: ModelContext, id: string): ModelResponse => {
  const field = context.state.fields.get(id)
  if (field === undefined || field.deleted) throw notFound(NO_FIELD)
  field.deleted = true
  return noContent()
}
