/**
 * Named transformations (`/v1/named-transformations`, newer than the vendored spec: shapes from ImageKit's API
 * reference as `@imagekit/nodejs@7.11` types it). A name is letters, digits and `_`, case-sensitive and unique; at
 * most 250 per account. Delivery honours them: `tr:n-<name>` is served while the name exists and is enabled, and
 * refused (400) otherwise. `ik_ml_thumbnail`, the media library's thumbnail, is built in.
 */
import type { ModelContext } from "./context.js"
import { badRequest, conflict, notFound } from "./errors.js"
import { json, jsonObject, noContent } from "./input.js"
import type { JsonRecord, NamedTransformationRecord } from "./state.js"
import type { ModelRequest, ModelResponse } from "./types.js"

/** Names ImageKit defines itself: always enabled, never listed, never taken by an account. */
export const BUILT_IN_NAMES: ReadonlySet<string> = new Set(["ik_ml_thumbnail"])

const NOT_FOUND = "The requested named transformation does not exist."
const NAME = /^[A-Za-z0-9_]+$/
const LIMIT = 250
const FIELDS = new Set(["name", "transformation", "enabled"])

const checkName = (context: ModelContext, value: unknown, except?: NamedTransformationRecord): string => {
  if (typeof value !== "string" || value === "") throw badRequest("name is required and must be a non-empty string.")
  if (!NAME.test(value)) {
    throw badRequest("name can contain only letters, digits and underscores (no spaces or other characters).")
  }
  const taken =
    BUILT_IN_NAMES.has(value) ||
    [...context.state.namedTransformations.values()].some((other) => other !== except && other.name === value)
  if (taken) throw conflict(`A named transformation named "${value}" already exists.`)
  return value
}

const checkTransformation = (value: unknown): string => {
  if (typeof value !== "string" || value.trim() === "") {
    throw badRequest("transformation is required and must be a non-empty transformation string, e.g. w-300,h-200.")
  }
  if (/\s/.test(value)) throw badRequest("transformation cannot contain spaces.")
  return value
}

const checkEnabled = (value: unknown): boolean => {
  if (typeof value !== "boolean") throw badRequest("enabled must be a boolean.")
  return value
}

const checkUnknown = (body: JsonRecord): void => {
  for (const key of Object.keys(body)) {
    if (!FIELDS.has(key)) throw badRequest(`${key} is not a field of a named transformation.`)
  }
}

export const namedTransformationView = (record: NamedTransformationRecord): JsonRecord => ({
  id: record.id,
  name: record.name,
  transformation: record.transformation,
  enabled: record.enabled,
  createdAt: record.createdAt.toISOString()
})

const find = (context: ModelContext, id: string): NamedTransformationRecord => {
  const record = context.state.namedTransformations.get(id)
  if (record === undefined) throw notFound(NOT_FOUND)
  return record
}

/** The named transformation a delivery URL's `n-<name>` refers to; built-in names resolve to themselves. */
export const namedTransformation = (context: ModelContext, name: string): { readonly enabled: boolean } | undefined => {
  if (BUILT_IN_NAMES.has(name)) return { enabled: true }
  return [...context.state.namedTransformations.values()].find((record) => record.name === name)
}

export const listNamedTransformations = (context: ModelContext): ModelResponse =>
  json([...context.state.namedTransformations.values()].map(namedTransformationView))

export const getNamedTransformation = (context: ModelContext, id: string): ModelResponse =>
  json(namedTransformationView(find(context, id)))

export const createNamedTransformation = (context: ModelContext, request: ModelRequest): ModelResponse => {
  const body = jsonObject(request.json)
  checkUnknown(body)
  const transformation = checkTransformation(body.transformation)
  const enabled = body.enabled === undefined ? true : checkEnabled(body.enabled)
  const name = checkName(context, body.name)
  if (context.state.namedTransformations.size >= LIMIT) {
    throw badRequest(`You can create at most ${LIMIT} named transformations. Delete one first.`)
  }
  const record: NamedTransformationRecord = {
    id: context.newId(),
    name,
    transformation,
    enabled,
    createdAt: context.now()
  }
  context.state.namedTransformations.set(record.id, record)
  return json(namedTransformationView(record), 201)
}

/** PATCH: only the fields sent change. */
export const updateNamedTransformation = (context: ModelContext, id: string, request: ModelRequest): ModelResponse => {
  const record = find(context, id)
  const body = jsonObject(request.json)
  checkUnknown(body)
  const transformation = body.transformation === undefined ? undefined : checkTransformation(body.transformation)
  const enabled = body.enabled === undefined ? undefined : checkEnabled(body.enabled)
  const name = body.name === undefined || body.name === record.name ? undefined : checkName(context, body.name, record)
  if (name !== undefined) record.name = name
  if (transformation !== undefined) record.transformation = transformation
  if (enabled !== undefined) record.enabled = enabled
  return json(namedTransformationView(record))
}

export const deleteNamedTransformation = (context: ModelContext, id: string): ModelResponse => {
  find(context, id)
  context.state.namedTransformations.delete(id)
  return noContent()
}
