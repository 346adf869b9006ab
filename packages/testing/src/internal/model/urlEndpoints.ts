/**
 * URL endpoints (`/v1/accounts/url-endpoints`): a URL prefix with the origins tried, in order, for files the media
 * library does not hold, and an optional URL rewriter for URLs of another service. The default endpoint (id
 * `default`, empty prefix) always exists and cannot be deleted; every origin an endpoint names must exist, and a
 * prefix belongs to one endpoint.
 */
import type { ModelContext } from "./context.js"
import { badRequest, notFound } from "./errors.js"
import { json, jsonObject, noContent } from "./input.js"
import type { JsonRecord, UrlEndpointRecord } from "./state.js"
import type { ModelRequest, ModelResponse } from "./types.js"

export const DEFAULT_ENDPOINT_ID = "default"

const NOT_FOUND = "URL-endpoint not found."
const PREFIX = /^[A-Za-z0-9-]*$/
const REWRITERS = new Set(["CLOUDINARY", "IMGIX", "AKAMAI"])
const FIELDS = new Set(["description", "urlPrefix", "origins", "urlRewriter"])
const MAX_ORIGINS = 10

/** The default endpoint exists from the start, as ImageKit creates one with every account. */
export const defaultEndpoint = (): UrlEndpointRecord => ({
  id: DEFAULT_ENDPOINT_ID,
  description: "Default URL-endpoint",
  urlPrefix: "",
  origins: [],
  urlRewriter: undefined
})

const rewriter = (value: unknown): JsonRecord | undefined => {
  if (value === undefined) return undefined
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badRequest("urlRewriter must be an object with a type")
  }
  const record = value as JsonRecord
  if (typeof record.type !== "string" || !REWRITERS.has(record.type)) {
    throw badRequest("urlRewriter.type must be one of CLOUDINARY, IMGIX, AKAMAI")
  }
  const allowed = record.type === "CLOUDINARY" ? ["type", "preserveAssetDeliveryTypes"] : ["type"]
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) throw badRequest(`urlRewriter.${key} is not allowed for a ${record.type} rewriter`)
  }
  if (record.type !== "CLOUDINARY") return { type: record.type }
  const preserve = record.preserveAssetDeliveryTypes ?? false
  if (typeof preserve !== "boolean") throw badRequest("urlRewriter.preserveAssetDeliveryTypes must be a boolean")
  return { type: "CLOUDINARY", preserveAssetDeliveryTypes: preserve }
}

const validate = (context: ModelContext, body: JsonRecord, existing?: UrlEndpointRecord): UrlEndpointRecord => {
  for (const key of Object.keys(body)) if (!FIELDS.has(key)) throw badRequest(`${key} is not a field of a URL-endpoint`)
  const { description } = body
  if (typeof description !== "string" || description === "") throw badRequest("description is required")
  if (description.length > 1000) throw badRequest("description must be at most 1000 characters long")
  const isDefault = existing?.id === DEFAULT_ENDPOINT_ID
  const urlPrefix = body.urlPrefix ?? (isDefault ? "" : undefined)
  if (urlPrefix !== undefined && typeof urlPrefix !== "string") throw badRequest("urlPrefix must be a string")
  if (isDefault && urlPrefix !== "") throw badRequest("The urlPrefix of the default URL-endpoint cannot be changed.")
  if (!isDefault && (urlPrefix === undefined || urlPrefix === "")) {
    throw badRequest(
      "urlPrefix cannot be empty string. This is reserved for the default URL-endpoint created by ImageKit."
    )
  }
  const prefix = urlPrefix ?? ""
  if (prefix.length > 100 || !PREFIX.test(prefix)) {
    throw badRequest("urlPrefix can contain only letters, digits and hyphens, and at most 100 characters")
  }
  for (const endpoint of context.state.urlEndpoints.values()) {
    if (endpoint !== existing && endpoint.urlPrefix.toLowerCase() === prefix.toLowerCase()) {
      throw badRequest(`A URL-endpoint with urlPrefix "${prefix}" already exists.`)
    }
  }
  const origins = body.origins ?? []
  if (!Array.isArray(origins) || !origins.every((id): id is string => typeof id === "string")) {
    throw badRequest("origins must be an array of origin ids")
  }
  if (origins.length > MAX_ORIGINS) throw badRequest(`origins can have at most ${MAX_ORIGINS} items`)
  if (new Set(origins).size !== origins.length) throw badRequest("origins cannot name the same origin twice")
  for (const id of origins) {
    if (!context.state.origins.has(id)) {
      throw badRequest("Origin does not exists. Please create origin before using it in URL-endpoint.")
    }
  }
  return {
    id: existing?.id ?? context.newId(),
    description,
    urlPrefix: prefix,
    origins: [...origins],
    urlRewriter: rewriter(body.urlRewriter)
  }
}

export const urlEndpointView = (endpoint: UrlEndpointRecord): JsonRecord => ({
  id: endpoint.id,
  description: endpoint.description,
  urlPrefix: endpoint.urlPrefix,
  origins: [...endpoint.origins],
  ...(endpoint.urlRewriter === undefined ? {} : { urlRewriter: { ...endpoint.urlRewriter } })
})

const findEndpoint = (context: ModelContext, id: string): UrlEndpointRecord => {
  const endpoint = context.state.urlEndpoints.get(id)
  if (endpoint === undefined) throw notFound(NOT_FOUND)
  return endpoint
}

export const listUrlEndpoints = (context: ModelContext): ModelResponse =>
  json([...context.state.urlEndpoints.values()].map(urlEndpointView))

export const getUrlEndpoint = (context: ModelContext, id: string): ModelResponse =>
  json(urlEndpointView(findEndpoint(context, id)))

export const createUrlEndpoint = (context: ModelContext, request: ModelRequest): ModelResponse => {
  const endpoint = validate(context, jsonObject(request.json))
  context.state.urlEndpoints.set(endpoint.id, endpoint)
  return json(urlEndpointView(endpoint), 201)
}

/** PUT replaces the endpoint: what is left out of the body takes its default (no origins, no rewriter). */
export const updateUrlEndpoint = (context: ModelContext, id: string, request: ModelRequest): ModelResponse => {
  const existing = findEndpoint(context, id)
  const replaced = validate(context, jsonObject(request.json), existing)
  context.state.urlEndpoints.set(id, replaced)
  return json(urlEndpointView(replaced))
}

export const deleteUrlEndpoint = (context: ModelContext, id: string): ModelResponse => {
  findEndpoint(context, id)
  if (id === DEFAULT_ENDPOINT_ID) throw badRequest("Default URL-endpoint cannot be deleted.")
  context.state.urlEndpoints.delete(id)
  return noContent()
}
