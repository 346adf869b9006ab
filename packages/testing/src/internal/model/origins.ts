/**
 * Origins (`/v1/accounts/origins`): where ImageKit fetches files that are not in the media library. Each `type` has
 * its own fields, checked as the API's schema says (required ones, lengths, URLs, e-mail); secrets (keys, tokens,
 * passwords) are write-only: checked, then dropped, so no answer, listing or data dir ever holds them. The emulator
 * fetches nothing from an origin; URL endpoints refer to them, and an origin in use cannot be deleted.
 */
import type { ModelContext } from "./context.js"
import { badRequest, notFound } from "./errors.js"
import { isHttpUrl, json, jsonObject, noContent } from "./input.js"
import type { JsonRecord, OriginRecord, OriginType } from "./state.js"
import type { ModelRequest, ModelResponse } from "./types.js"

type Kind = "text" | "url" | "email" | "boolean"

interface FieldRule {
  readonly kind: Kind
  readonly required?: boolean
  /** Write-only: checked, never kept. */
  readonly secret?: boolean
  readonly minLength?: number
  readonly maxLength?: number
  /** The value the API reports when the field was not sent. */
  readonly fallback?: string | boolean
}

const bucketFields = (secretsRequired: boolean): Readonly<Record<string, FieldRule>> => ({
  bucket: { kind: "text", required: true, minLength: 1, maxLength: 100 },
  prefix: { kind: "text", maxLength: 100, fallback: "" },
  accessKey: {
    kind: "text",
    required: true,
    secret: true,
    maxLength: 100,
    ...(secretsRequired ? { minLength: 1 } : {})
  },
  secretKey: {
    kind: "text",
    required: true,
    secret: true,
    maxLength: 100,
    ...(secretsRequired ? { minLength: 1 } : {})
  }
})

const TYPES: Readonly<Record<OriginType, Readonly<Record<string, FieldRule>>>> = {
  S3: { ...bucketFields(false), useIAMRole: { kind: "boolean", fallback: false } },
  S3_COMPATIBLE: {
    ...bucketFields(true),
    endpoint: { kind: "url", required: true },
    s3ForcePathStyle: { kind: "boolean", fallback: false }
  },
  CLOUDINARY_BACKUP: { ...bucketFields(false), useIAMRole: { kind: "boolean", fallback: false } },
  WEB_FOLDER: {
    baseUrl: { kind: "url", required: true },
    forwardHostHeaderToOrigin: { kind: "boolean", fallback: false }
  },
  WEB_PROXY: {},
  GCS: {
    bucket: { kind: "text", required: true, minLength: 1, maxLength: 100 },
    prefix: { kind: "text", maxLength: 100, fallback: "" },
    clientEmail: { kind: "email", required: true },
    privateKey: { kind: "text", required: true, secret: true, minLength: 1 }
  },
  AZURE_BLOB: {
    container: { kind: "text", required: true, minLength: 1, maxLength: 100 },
    prefix: { kind: "text", maxLength: 100, fallback: "" },
    accountName: { kind: "text", required: true, minLength: 1, maxLength: 100 },
    sasToken: { kind: "text", required: true, secret: true, minLength: 1 }
  },
  AKENEO_PIM: {
    baseUrl: { kind: "url", required: true },
    clientId: { kind: "text", required: true, secret: true, minLength: 1, maxLength: 100 },
    clientSecret: { kind: "text", required: true, secret: true, minLength: 1, maxLength: 100 },
    username: { kind: "text", required: true, secret: true, minLength: 1, maxLength: 100 },
    password: { kind: "text", required: true, secret: true, minLength: 1, maxLength: 100 }
  }
}

const COMMON: Readonly<Record<string, FieldRule>> = {
  includeCanonicalHeader: { kind: "boolean", fallback: false },
  baseUrlForCanonicalHeader: { kind: "url" }
}

const ORIGIN_TYPES = Object.keys(TYPES) as ReadonlyArray<OriginType>
const isOriginType = (u: unknown): u is OriginType => typeof u === "string" && u in TYPES

const INVALID_TYPE = `Invalid origin type. Must be one of ${ORIGIN_TYPES.join(", ")}.`
const NOT_FOUND = "Origin not found."
/** The API's schema: letters, digits and spaces, 1 to 100 characters. */
const NAME = /^[a-zA-Z0-9 ]{1,100}$/
// The spec's pattern for a GCS service account's e-mail.
const EMAIL = /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/

/** The value of one field, checked against its rule; `undefined` when absent and optional. */
const fieldValue = (key: string, rule: FieldRule, value: unknown): string | boolean | undefined => {
  if (value === undefined) {
    if (rule.required === true)
      throw badRequest(`${key} is required and must be a ${rule.kind === "boolean" ? "boolean" : "string"}`)
    return undefined
  }
  if (rule.kind === "boolean") {
    if (typeof value !== "boolean") throw badRequest(`${key} must be a boolean`)
    return value
  }
  if (typeof value !== "string") throw badRequest(`${key} is required and must be a string`)
  if (rule.minLength !== undefined && value.length < rule.minLength) throw badRequest(`${key} cannot be empty`)
  if (rule.maxLength !== undefined && value.length > rule.maxLength) {
    throw badRequest(`${key} must be at most ${rule.maxLength} characters long`)
  }
  if (rule.kind === "url" && !isHttpUrl(value)) throw badRequest(`${key} must be a valid http(s) URL`)
  if (rule.kind === "email" && !EMAIL.test(value)) throw badRequest(`${key} must be a valid e-mail address`)
  return value
}

/** Checks a create/update body and returns what may be kept: the type and every non-secret field, with defaults. */
const validate = (context: ModelContext, body: JsonRecord, except?: OriginRecord): OriginRecord => {
  const type = body.type
  if (!isOriginType(type)) throw badRequest(INVALID_TYPE)
  const name = body.name
  if (typeof name !== "string" || name.trim() === "") throw badRequest("name is required and must be a string")
  if (!NAME.test(name)) {
    throw badRequest("name can contain only letters, digits and spaces, and at most 100 characters")
  }
  const rules: Readonly<Record<string, FieldRule>> = { ...COMMON, ...TYPES[type] }
  for (const key of Object.keys(body)) {
    if (key !== "type" && key !== "name" && !(key in rules)) {
      throw badRequest(`${key} is not a field of a ${type} origin`)
    }
  }
  const settings: JsonRecord = Object.create(null)
  settings.name = name
  for (const [key, rule] of Object.entries(rules)) {
    const value = fieldValue(key, rule, body[key])
    if (rule.secret === true) continue
    if (value !== undefined) settings[key] = value
    else if (rule.fallback !== undefined) settings[key] = rule.fallback
  }
  // "When useIAMRole is true, send an empty string for both accessKey and secretKey."
  if (body.useIAMRole === true && (body.accessKey !== "" || body.secretKey !== "")) {
    throw badRequest("accessKey and secretKey must be empty strings when useIAMRole is true")
  }
  if ((type === "S3" || type === "CLOUDINARY_BACKUP") && body.useIAMRole !== true) {
    if (body.accessKey === "" || body.secretKey === "") {
      throw badRequest("accessKey and secretKey cannot be empty unless useIAMRole is true")
    }
  }
  const lower = name.toLowerCase()
  for (const origin of context.state.origins.values()) {
    if (origin !== except && String(origin.settings.name).toLowerCase() === lower) {
      throw badRequest(`An origin named "${name}" already exists. Origin names are unique.`)
    }
  }
  return { id: except?.id ?? context.newId(), type, settings }
}

/** The answer: id, name and type first, then the fields the type reports, never a secret. */
export const originView = (origin: OriginRecord): JsonRecord => ({
  id: origin.id,
  type: origin.type,
  ...origin.settings
})

const findOrigin = (context: ModelContext, id: string): OriginRecord => {
  const origin = context.state.origins.get(id)
  if (origin === undefined) throw notFound(NOT_FOUND)
  return origin
}

export const listOrigins = (context: ModelContext): ModelResponse =>
  json([...context.state.origins.values()].map(originView))

export const getOrigin = (context: ModelContext, id: string): ModelResponse => json(originView(findOrigin(context, id)))

export const createOrigin = (context: ModelContext, request: ModelRequest): ModelResponse => {
  const origin = validate(context, jsonObject(request.json))
  context.state.origins.set(origin.id, origin)
  return json(originView(origin), 201)
}

/** PUT replaces the whole origin (secrets included, so they must be sent again); the type may change. */
export const updateOrigin = (context: ModelContext, id: string, request: ModelRequest): ModelResponse => {
  const existing = findOrigin(context, id)
  const body = jsonObject(request.json)
  const replaced = validate(context, body, existing)
  context.state.origins.set(id, replaced)
  return json(originView(replaced))
}

export const deleteOrigin = (context: ModelContext, id: string): ModelResponse => {
  findOrigin(context, id)
  const users = [...context.state.urlEndpoints.values()].filter((endpoint) => endpoint.origins.includes(id))
  if (users.length > 0) {
    throw badRequest(
      `The origin is in use by URL-endpoint(s) ${users.map((endpoint) => endpoint.id).join(", ")}. ` +
        "Remove it from them before deleting it."
    )
  }
  context.state.origins.delete(id)
  return noContent()
}
