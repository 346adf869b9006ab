/**
 * Saved extensions (`/v1/saved-extensions`): a named, described extension configuration that uploads and updates
 * refer to as `{ name: "saved-extension", id }`. Names are unique; at most 100 per account, as ImageKit allows.
 */
import type { ModelContext } from "./context.js"
import { badRequest, notFound } from "./errors.js"
import { checkExtensionConfig } from "./extensions.js"
import { json, jsonObject, noContent } from "./input.js"
import type { JsonRecord, SavedExtensionRecord } from "./state.js"
import type { ModelRequest, ModelResponse } from "./types.js"

const NOT_FOUND = "The requested saved extension does not exist."
const LIMIT = 100
const FIELDS = new Set(["name", "description", "config"])

const text = (body: JsonRecord, key: string, required: boolean): string | undefined => {
  const value = body[key]
  if (value === undefined && !required) return undefined
  if (typeof value !== "string" || value.trim() === "")
    throw badRequest(`${key} is required and must be a non-empty string.`)
  return value
}

const config = (context: ModelContext, body: JsonRecord, required: boolean): JsonRecord | undefined => {
  const value = body.config
  if (value === undefined && !required) return undefined
  if (value === undefined) throw badRequest("Invalid extension configuration.", { help: "config is required." })
  try {
    checkExtensionConfig(context, value, "config")
  } catch {
    throw badRequest("Invalid extension configuration.", {
      help: "config must be one extension: remove-bg, google-auto-tagging, aws-auto-tagging, ai-auto-description or ai-tasks, with its fields."
    })
  }
  return structuredClone(value) as JsonRecord
}

const checkUnknown = (body: JsonRecord): void => {
  for (const key of Object.keys(body))
    if (!FIELDS.has(key)) throw badRequest(`${key} is not a field of a saved extension.`)
}

const checkNameFree = (context: ModelContext, name: string, except?: SavedExtensionRecord): void => {
  for (const saved of context.state.savedExtensions.values()) {
    if (saved !== except && saved.name === name) throw badRequest(`A saved extension named "${name}" already exists.`)
  }
}

export const savedExtensionView = (saved: SavedExtensionRecord): JsonRecord => ({
  id: saved.id,
  name: saved.name,
  description: saved.description,
  config: structuredClone(saved.config),
  createdAt: saved.createdAt.toISOString(),
  updatedAt: saved.updatedAt.toISOString()
})

const find = (context: ModelContext, id: string): SavedExtensionRecord => {
  const saved = context.state.savedExtensions.get(id)
  if (saved === undefined) throw notFound(NOT_FOUND)
  return saved
}

export const listSavedExtensions = (context: ModelContext): ModelResponse =>
  json([...context.state.savedExtensions.values()].map(savedExtensionView))

export const getSavedExtension = (context: ModelContext, id: string): ModelResponse =>
  json(savedExtensionView(find(context, id)))

export const createSavedExtension = (context: ModelContext, request: ModelRequest): ModelResponse => {
  const body = jsonObject(request.json)
  checkUnknown(body)
  const name = text(body, "name", true) ?? ""
  const description = text(body, "description", true) ?? ""
  const saved = config(context, body, true) ?? {}
  checkNameFree(context, name)
  if (context.state.savedExtensions.size >= LIMIT) {
    throw badRequest(`You can create at most ${LIMIT} saved extensions. Delete one first.`)
  }
  const now = context.now()
  const record: SavedExtensionRecord = {
    id: `ext_${context.newId()}`,
    name,
    description,
    config: saved,
    createdAt: now,
    updatedAt: now
  }
  context.state.savedExtensions.set(record.id, record)
  return json(savedExtensionView(record), 201)
}

export const updateSavedExtension = (context: ModelContext, id: string, request: ModelRequest): ModelResponse => {
  const record = find(context, id)
  const body = jsonObject(request.json)
  checkUnknown(body)
  const name = text(body, "name", false)
  const description = text(body, "description", false)
  const saved = config(context, body, false)
  if (name !== undefined) checkNameFree(context, name, record)
  if (name !== undefined) record.name = name
  if (description !== undefined) record.description = description
  if (saved !== undefined) record.config = saved
  record.updatedAt = context.now()
  return json(savedExtensionView(record))
}

export const deleteSavedExtension = (context: ModelContext, id: string): ModelResponse => {
  find(context, id)
  context.state.savedExtensions.delete(id)
  return noContent()
}
