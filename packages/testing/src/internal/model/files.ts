/** File details, updates, deletes, bulk tag operations and the metadata API. */
import type { ModelContext } from "./context.js"
import { mergeCustomMetadata } from "./customMetadata.js"
import { badRequest, notFound } from "./errors.js"
import { type Extension, parseExtensions, runExtensions } from "./extensions.js"
import { isHttpUrl, isRecord, json, jsonObject, noContent, queryValue, stringArray } from "./input.js"
import { fileAtPath, findFile } from "./records.js"
import type { FileRecord, VersionRecord } from "./state.js"
import type { ModelRequest, ModelResponse } from "./types.js"
import { fileView, metadataView } from "./views.js"

export const getFileDetails = (context: ModelContext, fileId: string): ModelResponse =>
  json(fileView(context, findFile(context, fileId)))

export const deleteFile = (context: ModelContext, fileId: string): ModelResponse => {
  findFile(context, fileId)
  context.state.files.delete(fileId)
  return noContent()
}

const isStringList = (u: unknown): u is ReadonlyArray<string> =>
  Array.isArray(u) && u.every((item) => typeof item === "string")

const applyPublish = (context: ModelContext, file: FileRecord, publish: unknown): void => {
  if (!isRecord(publish) || typeof publish.isPublished !== "boolean") {
    throw badRequest("Your request contains invalid value for publish parameter.")
  }
  const versions = publish.includeFileVersions === true ? [file.current, ...file.history] : [file.current]
  const now = context.now()
  for (const version of versions) {
    version.isPublished = publish.isPublished
    version.updatedAt = now
  }
}

const applyDetails = (context: ModelContext, version: VersionRecord, body: Record<string, unknown>): void => {
  const { tags, customCoordinates, customMetadata, removeAITags, description } = body
  if (tags !== undefined) {
    if (tags !== null && !isStringList(tags)) throw badRequest("Invalid tags parameter for this request")
    version.tags = tags === null ? null : [...new Set(tags)]
  }
  if (customCoordinates !== undefined) {
    if (customCoordinates !== null && typeof customCoordinates !== "string") {
      throw badRequest("Invalid customCoordinates parameter for this request")
    }
    version.customCoordinates = customCoordinates
  }
  if (customMetadata !== undefined) {
    version.customMetadata = mergeCustomMetadata(
      context.state.activeFields(),
      version.customMetadata,
      customMetadata,
      true
    )
  }
  if (removeAITags !== undefined) {
    if (removeAITags !== "all" && !isStringList(removeAITags)) {
      throw badRequest("Your request contains invalid value for removeAITags parameter.")
    }
    const remaining = (version.AITags ?? []).filter((tag) => removeAITags !== "all" && !removeAITags.includes(tag.name))
    version.AITags = remaining.length === 0 ? null : remaining
  }
  if (description !== undefined) {
    if (typeof description !== "string") throw badRequest("Your request contains invalid value for description.")
    version.description = description
  }
  version.updatedAt = context.now()
}

/**
 * PATCH details: `publish` stands alone; the other keys change the current version's details, then `extensions` run
 * (after `removeAITags`, as the API documents) and the answer reports their `extensionStatus`.
 */
export const updateFileDetails = (context: ModelContext, fileId: string, request: ModelRequest): ModelResponse => {
  const body = jsonObject(request.json)
  const file = findFile(context, fileId)
  if (body.publish !== undefined) {
    if (Object.keys(body).some((key) => key !== "publish" && body[key] !== undefined)) {
      throw badRequest("publish cannot be combined with other parameters in the same request.")
    }
    applyPublish(context, file, body.publish)
    return json(fileView(context, file))
  }
  const { extensions: requested, webhookUrl, ...details } = body
  if (webhookUrl !== undefined && (typeof webhookUrl !== "string" || !isHttpUrl(webhookUrl))) {
    throw badRequest("Your request contains invalid value for webhookUrl parameter.")
  }
  const extensions: ReadonlyArray<Extension> = requested === undefined ? [] : parseExtensions(context, requested)
  applyDetails(context, file.current, details)
  if (extensions.length === 0) return json(fileView(context, file))
  const extensionStatus = runExtensions(context, extensions, file.current, file.name)
  return json({ ...fileView(context, file), extensionStatus })
}

/**
 * Runs `apply` on every existing file of `fileIds`: 200 when all exist, 207 with `errors` when some do not,
 * 404 with `missingFileIds` when none do.
 */
const forEachFile = (
  context: ModelContext,
  fileIds: ReadonlyArray<string>,
  successKey: string,
  apply: (file: FileRecord) => void
): ModelResponse => {
  const unique = [...new Set(fileIds)]
  const found = unique.flatMap((id) => {
    const file = context.state.files.get(id)
    return file === undefined ? [] : [file]
  })
  const missing = unique.filter((id) => !context.state.files.has(id))
  if (found.length === 0) throw notFound("The requested file(s) does not exist.", { missingFileIds: missing })
  for (const file of found) apply(file)
  const succeeded = found.map((file) => file.fileId)
  if (missing.length === 0) return json({ [successKey]: succeeded })
  return json({ [successKey]: succeeded, errors: missing.map((fileId) => ({ fileId, error: "File not found." })) }, 207)
}

const MAX_BULK_EDIT = 50

type TagOperation = "addTags" | "removeTags" | "removeAITags"

export const bulkTags = (context: ModelContext, operation: TagOperation, request: ModelRequest): ModelResponse => {
  const body = jsonObject(request.json)
  const fileIds = stringArray(body, "fileIds", MAX_BULK_EDIT)
  const tags = stringArray(body, operation === "removeAITags" ? "AITags" : "tags", Number.MAX_SAFE_INTEGER)
  const now = context.now()
  return forEachFile(context, fileIds, "successfullyUpdatedFileIds", (file) => {
    const version = file.current
    if (operation === "addTags") {
      version.tags = [...new Set([...(version.tags ?? []), ...tags])]
    } else if (operation === "removeTags") {
      const remaining = (version.tags ?? []).filter((tag) => !tags.includes(tag))
      version.tags = remaining.length === 0 ? null : remaining
    } else {
      const remaining = (version.AITags ?? []).filter((tag) => !tags.includes(tag.name))
      version.AITags = remaining.length === 0 ? null : remaining
    }
    version.updatedAt = now
  })
}

const MAX_BULK_DELETE = 100

export const bulkDeleteFiles = (context: ModelContext, request: ModelRequest): ModelResponse => {
  const fileIds = stringArray(jsonObject(request.json), "fileIds", MAX_BULK_DELETE)
  return forEachFile(context, fileIds, "successfullyDeletedFileIds", (file) => {
    context.state.files.delete(file.fileId)
  })
}

const METADATA_MISSING = "The requested file does not exist or is inaccessible at this time."

export const getFileMetadata = (context: ModelContext, fileId: string): ModelResponse => {
  const file = context.state.files.get(fileId)
  if (file === undefined) throw notFound(METADATA_MISSING)
  return json(metadataView(context, file.current))
}

/** The file (and version, through `ik-obj-version`) a URL under the URL endpoint points at, if any. */
export const resolveUrl = (
  context: ModelContext,
  url: string
): { readonly file: FileRecord; readonly version: VersionRecord } | undefined => {
  let parsed: URL
  let endpoint: URL
  try {
    parsed = new URL(url)
    endpoint = new URL(`${context.urlEndpoint}/`)
  } catch {
    return undefined
  }
  if (parsed.origin !== endpoint.origin || !parsed.pathname.startsWith(endpoint.pathname)) return undefined
  const filePath = `/${parsed.pathname.slice(endpoint.pathname.length)}`
  let decoded: string
  try {
    decoded = decodeURIComponent(filePath)
  } catch {
    return undefined
  }
  const file = fileAtPath(context, decoded)
  if (file === undefined) return undefined
  const token = parsed.searchParams.get("ik-obj-version")
  if (token === null) return { file, version: file.current }
  const version = [file.current, ...file.history].find((candidate) => candidate.token === token)
  return version === undefined ? undefined : { file, version }
}

export const getRemoteMetadata = (context: ModelContext, request: ModelRequest): ModelResponse => {
  const url = queryValue(request.query, "url")
  if (url === undefined || url === "") throw badRequest("Your request is missing url parameter.")
  const target = resolveUrl(context, url)
  if (target === undefined) throw notFound(METADATA_MISSING)
  return json(metadataView(context, target.version))
}
