/**
 * One pure builder per imagekit@6 API method: the method's arguments (without its callback) in, an
 * `ImageKitRequest` for `ImageKit.Service.execute` or v6's `{ message, help }` out. Builders validate in v6's order
 * with v6's messages and reproduce v6's method, URL, query and body, apart from these deliberate fixes (each listed
 * in docs/migrating-from-imagekit-v6.md):
 *
 * - path parameters are percent-encoded, and `""`, `.` and `..` are rejected, so no id can change the route;
 * - `updateFileDetails` also sends `removeAITags` and `description`, which v6 silently dropped;
 * - `getFileMetadata` passes a remote URL as a query value (v6 appended it raw, so `&` split it);
 * - caller objects are never mutated (v6 joined `listFiles` tags in place) and only their own enumerable
 *   properties are read (v6 used `for…in` and plain property access);
 * - where v6 threw a native `TypeError` (e.g. `copyFile(undefined)`), the result is a v6 error with the closest
 *   v6 message. No builder throws, whatever it is given.
 */
import * as ImageKitRequest from "@effect-imagekit/sdk/ImageKitRequest"
import * as Either from "effect/Either"
import {
  defaultFalse,
  guard,
  hasLength,
  isBinary,
  isNonEmptyString,
  isObjectLike,
  isStringArray,
  jsonSnapshot,
  own,
  segment
} from "./checks.js"
import { type ErrorKey, fail, type V6Error } from "./errors.js"
import { childEntries, query } from "./query.js"
import { uploadForm } from "./upload.js"

export type BuildResult = Either.Either<ImageKitRequest.ImageKitRequest, V6Error>

type Method = ImageKitRequest.Method

interface RequestParts {
  readonly urlParams?: ReadonlyArray<readonly [string, string]>
  readonly body?: ImageKitRequest.Body
  readonly attributes?: Readonly<Record<string, string>>
}

/** Only POST is unsafe to repeat (`ImageKitRequest.make`'s default): both PATCH endpoints set absolute values. */
const make = (
  operation: string,
  method: Method,
  path: string,
  parts: RequestParts = {},
  host: ImageKitRequest.Host = "api"
): ImageKitRequest.ImageKitRequest =>
  ImageKitRequest.make({
    operation,
    method,
    host,
    path,
    urlParams: parts.urlParams,
    body: parts.body,
    attributes: parts.attributes
  })

const json = (value: unknown, key: ErrorKey): Either.Either<ImageKitRequest.Body, V6Error> =>
  Either.match(jsonSnapshot(value), {
    onLeft: (reason) => fail(key, `The request body cannot be serialised as JSON: ${reason}`),
    onRight: (snapshot) => Either.right(ImageKitRequest.json(snapshot))
  })

// ---------------------------------------------------------------------------------------------------------------
// Shared shapes
// ---------------------------------------------------------------------------------------------------------------

/** An operation on one id that v6 rejected when the id was falsy. */
const byId = (
  operation: string,
  method: Method,
  id: unknown,
  key: ErrorKey,
  attribute: string,
  path: (encoded: string) => string
): BuildResult =>
  guard(key, () => {
    if (!id) return fail(key)
    return Either.map(segment(id, key), (value) =>
      make(operation, method, path(value.encoded), { attributes: { [attribute]: value.raw } })
    )
  })

/** The three `{ fileId, versionId }` operations; v6 tolerated a nullish options object here. */
const byVersion = (operation: string, method: Method, options: unknown, suffix: string): BuildResult =>
  guard("FILE_ID_MISSING", () => {
    const fileId = own(options, "fileId")
    const versionId = own(options, "versionId")
    if (!fileId) return fail("FILE_ID_MISSING")
    if (!versionId) return fail("FILE_VERSION_ID_MISSING")
    return Either.gen(function* () {
      const file = yield* segment(fileId, "FILE_ID_MISSING")
      const version = yield* segment(versionId, "FILE_VERSION_ID_MISSING")
      return make(operation, method, `/v1/files/${file.encoded}/versions/${version.encoded}${suffix}`, {
        attributes: { "imagekit.file_id": file.raw, "imagekit.version_id": version.raw }
      })
    })
  })

const bulk = (operation: string, path: string, fileIds: unknown, tags: unknown, tagsKey: string): BuildResult =>
  guard("INVALID_FILEIDS_VALUE", () => {
    if (!isStringArray(fileIds)) return fail("INVALID_FILEIDS_VALUE")
    if (!isStringArray(tags)) return fail("BULK_ADD_TAGS_INVALID")
    return Either.map(json({ fileIds, [tagsKey]: tags }, "INVALID_FILEIDS_VALUE"), (body) =>
      make(operation, "POST", path, {
        body,
        attributes: { "imagekit.file_count": String((fileIds as ReadonlyArray<unknown>).length) }
      })
    )
  })

/** copyFile, moveFile, copyFolder and moveFolder: two non-empty paths and, for copies, a boolean flag. */
const transfer = (
  operation: string,
  path: string,
  options: unknown,
  sourceKey: "sourceFilePath" | "sourceFolderPath",
  withVersions: boolean
): BuildResult => {
  const sourceError: ErrorKey =
    sourceKey === "sourceFilePath" ? "INVALID_SOURCE_FILE_PATH" : "INVALID_SOURCE_FOLDER_PATH"
  return guard(sourceError, () => {
    const source = own(options, sourceKey)
    const destinationPath = own(options, "destinationPath")
    if (!isNonEmptyString(source)) return fail(sourceError)
    if (!isNonEmptyString(destinationPath)) return fail("INVALID_DESTINATION_FOLDER_PATH")
    const data: Record<string, unknown> = { [sourceKey]: source, destinationPath }
    if (withVersions) {
      const includeFileVersions = defaultFalse(own(options, "includeFileVersions"))
      if (typeof includeFileVersions !== "boolean") return fail("INVALID_INCLUDE_VERSION")
      data.includeFileVersions = includeFileVersions
    }
    return Either.map(json(data, sourceError), (body) =>
      make(operation, "POST", path, {
        body,
        attributes: { "imagekit.source_path": source, "imagekit.destination_path": destinationPath }
      })
    )
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Builders, in the order of the v6 README
// ---------------------------------------------------------------------------------------------------------------

/** POST upload.imagekit.io/api/v1/files/upload, multipart (see upload.ts for the field rules). */
export const upload = (options: unknown): BuildResult =>
  guard("MISSING_UPLOAD_DATA", () =>
    Either.map(uploadForm(options), ({ attributes, parts }) =>
      make("upload", "POST", "/api/v1/files/upload", { body: ImageKitRequest.multipart(parts), attributes }, "upload")
    )
  )

/** GET /v1/files/ (v6's trailing slash kept); the options, `tags` joined with ",", become the query. */
export const listFiles = (options: unknown): BuildResult =>
  guard("INVALID_LIST_OPTIONS", () => {
    const input: unknown = options
    if (input && !isObjectLike(input)) return fail("INVALID_LIST_OPTIONS")
    if (!input) return Either.right(make("listFiles", "GET", "/v1/files/"))
    // v6 handed these to axios, which threw on them.
    if (typeof input === "function" || isBinary(input)) {
      return fail("INVALID_LIST_OPTIONS", "List options should be a plain object")
    }
    const entries = (copied: boolean): ReadonlyArray<readonly [string, unknown]> =>
      Array.isArray(input)
        ? childEntries(input, false)
        : childEntries(input, copied).map(([key, value]) =>
            key === "tags" && Array.isArray(value) && value.length > 0 ? [key, value.join(",")] : [key, value]
          )
    const path = own(input, "path")
    return Either.map(query(input, entries, "INVALID_LIST_OPTIONS"), (pairs) =>
      make("listFiles", "GET", "/v1/files/", {
        urlParams: pairs,
        attributes: typeof path === "string" ? { "imagekit.folder_path": path } : {}
      })
    )
  })

export const getFileDetails = (fileId: unknown): BuildResult =>
  byId("getFileDetails", "GET", fileId, "FILE_ID_MISSING", "imagekit.file_id", (id) => `/v1/files/${id}/details`)

export const getFileVersions = (fileId: unknown): BuildResult =>
  byId("getFileVersions", "GET", fileId, "FILE_ID_MISSING", "imagekit.file_id", (id) => `/v1/files/${id}/versions`)

export const getFileVersionDetails = (options: unknown): BuildResult =>
  byVersion("getFileVersionDetails", "GET", options, "")

/** v6's whitelist plus the two documented fields it dropped. */
const UPDATE_KEYS = [
  "tags",
  "customCoordinates",
  "extensions",
  "webhookUrl",
  "customMetadata",
  "removeAITags",
  "description"
] as const

/**
 * PATCH /v1/files/{fileId}/details with v6's key whitelist plus `removeAITags` and `description`. `undefined`
 * keys vanish and `null` is kept (it clears a value); `publish` goes only when truthy.
 */
export const updateFileDetails = (fileId: unknown, updateData: unknown): BuildResult =>
  guard("FILE_ID_MISSING", () => {
    if (!fileId) return fail("FILE_ID_MISSING")
    if (!isObjectLike(updateData)) return fail("UPDATE_DATA_MISSING")
    const data: Record<string, unknown> = {}
    for (const key of UPDATE_KEYS) data[key] = own(updateData, key)
    const publish = own(updateData, "publish")
    if (publish) data.publish = publish
    return Either.gen(function* () {
      const id = yield* segment(fileId, "FILE_ID_MISSING")
      const body = yield* json(data, "UPDATE_DATA_MISSING")
      return make("updateFileDetails", "PATCH", `/v1/files/${id.encoded}/details`, {
        body,
        attributes: { "imagekit.file_id": id.raw }
      })
    })
  })

export const bulkAddTags = (fileIds: unknown, tags: unknown): BuildResult =>
  bulk("bulkAddTags", "/v1/files/addTags", fileIds, tags, "tags")

export const bulkRemoveTags = (fileIds: unknown, tags: unknown): BuildResult =>
  bulk("bulkRemoveTags", "/v1/files/removeTags", fileIds, tags, "tags")

/** The tags go out under `AITags`; a bad list still reports v6's generic "Invalid value for tags". */
export const bulkRemoveAITags = (fileIds: unknown, aiTags: unknown): BuildResult =>
  bulk("bulkRemoveAITags", "/v1/files/removeAITags", fileIds, aiTags, "AITags")

export const deleteFile = (fileId: unknown): BuildResult =>
  byId("deleteFile", "DELETE", fileId, "FILE_ID_MISSING", "imagekit.file_id", (id) => `/v1/files/${id}`)

export const deleteFileVersion = (options: unknown): BuildResult =>
  byVersion("deleteFileVersion", "DELETE", options, "")

export const bulkDeleteFiles = (fileIds: unknown): BuildResult =>
  guard("INVALID_FILEIDS_VALUE", () => {
    if (!isStringArray(fileIds)) return fail("INVALID_FILEIDS_VALUE")
    return Either.map(json({ fileIds }, "INVALID_FILEIDS_VALUE"), (body) =>
      make("bulkDeleteFiles", "POST", "/v1/files/batch/deleteByFileIds", {
        body,
        attributes: { "imagekit.file_count": String(fileIds.length) }
      })
    )
  })

/** `includeFileVersions` is always sent, `false` unless given. */
export const copyFile = (options: unknown): BuildResult =>
  transfer("copyFile", "/v1/files/copy", options, "sourceFilePath", true)

export const moveFile = (options: unknown): BuildResult =>
  transfer("moveFile", "/v1/files/move", options, "sourceFilePath", false)

/** PUT /v1/files/rename; `purgeCache` is always sent, `false` unless given. */
export const renameFile = (options: unknown): BuildResult =>
  guard("INVALID_FILE_PATH", () => {
    const filePath = own(options, "filePath")
    const newFileName = own(options, "newFileName")
    const purgeCache = defaultFalse(own(options, "purgeCache"))
    if (!isNonEmptyString(filePath)) return fail("INVALID_FILE_PATH")
    if (!isNonEmptyString(newFileName)) return fail("INVALID_NEW_FILE_NAME")
    if (typeof purgeCache !== "boolean") return fail("INVALID_PURGE_CACHE")
    return Either.map(json({ filePath, newFileName, purgeCache }, "INVALID_FILE_PATH"), (body) =>
      make("renameFile", "PUT", "/v1/files/rename", {
        body,
        attributes: { "imagekit.file_path": filePath, "imagekit.new_file_name": newFileName }
      })
    )
  })

/** PUT with no body. */
export const restoreFileVersion = (options: unknown): BuildResult =>
  byVersion("restoreFileVersion", "PUT", options, "/restore")

export const createFolder = (options: unknown): BuildResult =>
  guard("INVALID_FOLDER_NAME", () => {
    const folderName = own(options, "folderName")
    const parentFolderPath = own(options, "parentFolderPath")
    if (!isNonEmptyString(folderName)) return fail("INVALID_FOLDER_NAME")
    if (!isNonEmptyString(parentFolderPath)) return fail("INVALID_PARENT_FOLDER_PATH")
    return Either.map(json({ folderName, parentFolderPath }, "INVALID_FOLDER_NAME"), (body) =>
      make("createFolder", "POST", "/v1/folder", {
        body,
        attributes: { "imagekit.folder_name": folderName, "imagekit.parent_folder_path": parentFolderPath }
      })
    )
  })

/** DELETE /v1/folder with a JSON body, as the API expects. */
export const deleteFolder = (folderPath: unknown): BuildResult =>
  guard("INVALID_FOLDER_PATH", () => {
    const input: unknown = folderPath
    if (!isNonEmptyString(input)) return fail("INVALID_FOLDER_PATH")
    return Either.map(json({ folderPath: input }, "INVALID_FOLDER_PATH"), (body) =>
      make("deleteFolder", "DELETE", "/v1/folder", { body, attributes: { "imagekit.folder_path": input } })
    )
  })

/** `includeFileVersions` is always sent, `false` unless given. */
export const copyFolder = (options: unknown): BuildResult =>
  transfer("copyFolder", "/v1/bulkJobs/copyFolder", options, "sourceFolderPath", true)

export const moveFolder = (options: unknown): BuildResult =>
  transfer("moveFolder", "/v1/bulkJobs/moveFolder", options, "sourceFolderPath", false)

export const getBulkJobStatus = (jobId: unknown): BuildResult =>
  byId("getBulkJobStatus", "GET", jobId, "JOB_ID_MISSING", "imagekit.job_id", (id) => `/v1/bulkJobs/${id}`)

/** The URL is not a span attribute: it may be a signed URL. */
export const purgeCache = (url: unknown): BuildResult =>
  guard("CACHE_PURGE_URL_MISSING", () => {
    if (!url) return fail("CACHE_PURGE_URL_MISSING")
    return Either.map(json({ url }, "CACHE_PURGE_URL_MISSING"), (body) =>
      make("purgeCache", "POST", "/v1/files/purge", { body })
    )
  })

export const getPurgeCacheStatus = (requestId: unknown): BuildResult =>
  byId(
    "getPurgeCacheStatus",
    "GET",
    requestId,
    "CACHE_PURGE_STATUS_ID_MISSING",
    "imagekit.request_id",
    (id) => `/v1/files/purge/${id}`
  )

/**
 * A file id, or a remote URL when the argument starts with "http" (v6's rule, kept even for "httpfoo"). The
 * URL goes out as the `url` query value, encoded by the transport. It is not a span attribute: it may be signed.
 */
export const getFileMetadata = (fileIdOrUrl: unknown): BuildResult =>
  guard("FILE_ID_OR_URL_MISSING", () => {
    const input: unknown = fileIdOrUrl
    if (!input) return fail("FILE_ID_OR_URL_MISSING")
    if (typeof input !== "string") return fail("FILE_ID_OR_URL_MISSING", "It should be a string")
    if (input.trim() === "") return fail("FILE_ID_OR_URL_MISSING")
    if (input.startsWith("http")) {
      return Either.right(make("getFileMetadata", "GET", "/v1/metadata", { urlParams: [["url", input]] }))
    }
    return Either.map(segment(input, "FILE_ID_OR_URL_MISSING"), (id) =>
      make("getFileMetadata", "GET", `/v1/files/${id.encoded}/metadata`, {
        attributes: { "imagekit.file_id": id.raw }
      })
    )
  })

/** Sends exactly `{ name, label, schema }`; other keys are dropped, as in v6. */
export const createCustomMetadataField = (options: unknown): BuildResult =>
  guard("CMF_NAME_MISSING", () => {
    const name = own(options, "name")
    const label = own(options, "label")
    const schema = own(options, "schema")
    if (!name || !hasLength(name)) return fail("CMF_NAME_MISSING")
    if (!label || !hasLength(label)) return fail("CMF_LABEL_MISSING")
    if (!schema) return fail("CMF_SCHEMA_MISSING")
    if (!own(schema, "type")) return fail("CMF_SCHEMA_INVALID")
    return Either.map(json({ name, label, schema }, "CMF_SCHEMA_INVALID"), (body) =>
      make("createCustomMetadataField", "POST", "/v1/customMetadataFields", {
        body,
        attributes: typeof name === "string" ? { "imagekit.field_name": name } : {}
      })
    )
  })

/** `includeDeleted` is always sent, `false` unless given. */
export const getCustomMetadataFields = (options: unknown): BuildResult =>
  guard("INVALID_INCLUDE_DELETED", () => {
    const includeDeleted = defaultFalse(own(options, "includeDeleted"))
    return Either.map(
      query({ includeDeleted }, () => [["includeDeleted", includeDeleted]], "INVALID_INCLUDE_DELETED"),
      (pairs) =>
        make("getCustomMetadataFields", "GET", "/v1/customMetadataFields", {
          urlParams: pairs,
          attributes: typeof includeDeleted === "boolean" ? { "imagekit.include_deleted": String(includeDeleted) } : {}
        })
    )
  })

/** `label` and `schema` are sent only when truthy. */
export const updateCustomMetadataField = (fieldId: unknown, options: unknown): BuildResult =>
  guard("CMF_FIELD_ID_MISSING", () => {
    const input: unknown = fieldId
    if (!isNonEmptyString(input)) return fail("CMF_FIELD_ID_MISSING")
    const label = own(options, "label")
    const schema = own(options, "schema")
    if (!label && !schema) return fail("CMF_LABEL_SCHEMA_MISSING")
    const data: Record<string, unknown> = {}
    if (label) data.label = label
    if (schema) data.schema = schema
    return Either.gen(function* () {
      const id = yield* segment(input, "CMF_FIELD_ID_MISSING")
      const body = yield* json(data, "CMF_LABEL_SCHEMA_MISSING")
      return make("updateCustomMetadataField", "PATCH", `/v1/customMetadataFields/${id.encoded}`, {
        body,
        attributes: { "imagekit.field_id": id.raw }
      })
    })
  })

export const deleteCustomMetadataField = (fieldId: unknown): BuildResult =>
  guard("CMF_FIELD_ID_MISSING", () => {
    const input: unknown = fieldId
    if (!isNonEmptyString(input)) return fail("CMF_FIELD_ID_MISSING")
    return Either.map(segment(input, "CMF_FIELD_ID_MISSING"), (id) =>
      make("deleteCustomMetadataField", "DELETE", `/v1/customMetadataFields/${id.encoded}`, {
        attributes: { "imagekit.field_id": id.raw }
      })
    )
  })
