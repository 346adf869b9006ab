/**
 * One pure builder per ImageKit operation: the arguments of the imagekit@6 method (without its callback) in,
 * a transport-neutral `RequestSpec` or an `InvalidInput` out. Builders validate in v6's order with v6's
 * messages and reproduce v6's method, URL, query and body, apart from these deliberate fixes:
 *
 * - path parameters are percent-encoded, and `""`, `.` and `..` are rejected, so no id can change the route;
 * - `updateFileDetails` also sends `removeAITags` and `description`, which v6 silently dropped;
 * - `getFileMetadata` passes a remote URL as a query value (v6 appended it raw, so `&` split it);
 * - caller objects are never mutated (v6 joined `listFiles` tags in place) and only their own enumerable
 *   properties are read (v6 used `for…in` and plain property access);
 * - where v6 threw a native `TypeError` (e.g. `copyFile(undefined)`), the result is an `InvalidInput` with
 *   the closest v6 message. No builder throws, whatever it is given.
 */
import * as Either from "effect/Either"
import type { ImageKitRequest } from "../ImageKitRequest.js"
import { type Extension, type UploadOptions, uploadParts } from "./multipart.js"
import {
  describeError,
  type ErrorKey,
  fail,
  guard,
  InvalidInput,
  isNonEmptyString,
  isObjectLike,
  jsonSnapshot,
  own,
  segment
} from "./validation.js"

export { InvalidInput }
export type {
  Extension,
  MultipartPart,
  UploadFile,
  UploadOptions,
  UploadPostTransformation,
  UploadTransformation
} from "./multipart.js"

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE"

export type RequestBody = ImageKitRequest["body"]

/** Everything `send` needs to perform one operation; see docs/decisions/0005-effect-client-structure.md. */
export type RequestSpec = ImageKitRequest

export type BuildResult = Either.Either<RequestSpec, InvalidInput>

// ---------------------------------------------------------------------------------------------------------------
// Argument types (the v6 method signatures, tightened where v6's typings were loose)
// ---------------------------------------------------------------------------------------------------------------

export type FileType = "all" | "image" | "non-image"

export interface ListFilesOptions {
  readonly path?: string
  readonly fileType?: FileType
  readonly tags?: string | ReadonlyArray<string>
  readonly includeFolder?: boolean
  readonly name?: string
  readonly limit?: number
  readonly skip?: number
  readonly sort?: string
  readonly type?: string
  readonly searchQuery?: string
}

export interface FileVersionOptions {
  readonly fileId: string
  readonly versionId: string
}

export interface UpdateFileDetailsOptions {
  /** `null` removes every tag. */
  readonly tags?: ReadonlyArray<string> | null
  /** `null` removes the coordinates. */
  readonly customCoordinates?: string | null
  readonly extensions?: ReadonlyArray<Extension>
  readonly webhookUrl?: string
  /** AI tags to remove, or "all". */
  readonly removeAITags?: ReadonlyArray<string> | "all"
  /** A `null` value unsets that field. */
  readonly customMetadata?: Readonly<Record<string, unknown>>
  readonly description?: string
  /** The API rejects `publish` together with any other field. */
  readonly publish?: { readonly isPublished: boolean; readonly includeFileVersions?: boolean }
}

export interface CopyFileOptions {
  readonly sourceFilePath: string
  readonly destinationPath: string
  readonly includeFileVersions?: boolean
}

export interface MoveFileOptions {
  readonly sourceFilePath: string
  readonly destinationPath: string
}

export interface RenameFileOptions {
  readonly filePath: string
  readonly newFileName: string
  readonly purgeCache?: boolean
}

export interface CreateFolderOptions {
  readonly folderName: string
  readonly parentFolderPath: string
}

export interface CopyFolderOptions {
  readonly sourceFolderPath: string
  readonly destinationPath: string
  readonly includeFileVersions?: boolean
}

export interface MoveFolderOptions {
  readonly sourceFolderPath: string
  readonly destinationPath: string
}

export type CustomMetadataFieldType =
  | "Text"
  | "Textarea"
  | "Number"
  | "Date"
  | "Boolean"
  | "SingleSelect"
  | "MultiSelect"

export type CustomMetadataValue = string | number | boolean

export interface CustomMetadataFieldSchemaUpdate {
  readonly isValueRequired?: boolean
  readonly defaultValue?: CustomMetadataValue | ReadonlyArray<CustomMetadataValue>
  readonly minLength?: number
  readonly maxLength?: number
  readonly minValue?: string | number
  readonly maxValue?: string | number
  readonly selectOptions?: ReadonlyArray<CustomMetadataValue>
}

export interface CustomMetadataFieldSchema extends CustomMetadataFieldSchemaUpdate {
  readonly type: CustomMetadataFieldType
}

export interface CreateCustomMetadataFieldOptions {
  readonly name: string
  readonly label: string
  readonly schema: CustomMetadataFieldSchema
}

export interface GetCustomMetadataFieldsOptions {
  readonly includeDeleted?: boolean
}

export interface UpdateCustomMetadataFieldOptions {
  readonly label?: string
  readonly schema?: CustomMetadataFieldSchemaUpdate
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

const NO_BODY: RequestBody = { _tag: "None" }

interface SpecParts {
  readonly query?: ReadonlyArray<readonly [string, string]>
  readonly body?: RequestBody
  readonly attributes?: Readonly<Record<string, string>>
}

/** Only POST is unsafe to repeat: both PATCH endpoints set absolute values. */
const make = (
  operation: string,
  method: Method,
  path: string,
  parts: SpecParts = {},
  host: "api" | "upload" = "api"
): RequestSpec => ({
  operation,
  method,
  host,
  path,
  urlParams: parts.query ?? [],
  body: parts.body ?? NO_BODY,
  idempotent: method !== "POST",
  attributes: parts.attributes ?? {}
})

const json = (value: unknown, key: ErrorKey): Either.Either<RequestBody, InvalidInput> =>
  Either.match(jsonSnapshot(value), {
    onLeft: (reason) => fail(key, `The request body cannot be serialised as JSON: ${reason}`),
    onRight: (snapshot) => Either.right<RequestBody>({ _tag: "Json", value: snapshot })
  })

const isBinary = (u: unknown): boolean =>
  ArrayBuffer.isView(u) ||
  Object.prototype.toString.call(u) === "[object ArrayBuffer]" ||
  (typeof Blob !== "undefined" && u instanceof Blob)

/**
 * `!x.length` as v6 evaluated it for custom metadata field names and labels: strings and arrays by their
 * length, functions by their arity, other objects by an own `length` property, everything else as missing.
 */
const hasLength = (u: unknown): boolean => {
  if (typeof u === "string" || Array.isArray(u) || typeof u === "function") return u.length !== 0
  return Boolean(own(u, "length"))
}

/** v6's fileIds/tags check: a non-empty array with no non-string element (holes are skipped, as `filter` did). */
const isStringArray = (u: unknown): boolean =>
  Array.isArray(u) && u.length > 0 && (u as ReadonlyArray<unknown>).every((item) => typeof item === "string")

const defaultFalse = (u: unknown): unknown => (u === undefined ? false : u)

// ---------------------------------------------------------------------------------------------------------------
// Query parameters the way v6's axios serialised its `params` object
// ---------------------------------------------------------------------------------------------------------------

type QueryPairs = Array<readonly [string, string]>

const MAX_QUERY_DEPTH = 100

/** axios `isPlainObject`: a prototype of null, `Object.prototype` or a null-prototype object, and no tag. */
const isPlainRecord = (u: unknown): u is Readonly<Record<string, unknown>> => {
  if (typeof u !== "object" || u === null) return false
  const prototype: unknown = Object.getPrototypeOf(u)
  if (prototype !== null && prototype !== Object.prototype && Object.getPrototypeOf(prototype) !== null) return false
  return !Object.hasOwn(u, Symbol.toStringTag) && !Object.hasOwn(u, Symbol.iterator)
}

const isNested = (u: unknown): boolean => Array.isArray(u) || isPlainRecord(u)

/**
 * Keys axios's `mergeParams` leaves out of the copy it makes of every plain object reachable from the params
 * without crossing an array; what it does not copy, it does not send.
 */
const UNSAFE_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"])

const childEntries = (u: object, dropUnsafe: boolean): ReadonlyArray<readonly [string, unknown]> => {
  if (Array.isArray(u)) {
    const items = u as ReadonlyArray<unknown>
    return Array.from({ length: items.length }, (_, index) => [String(index), items[index]] as const)
  }
  const record = u as Readonly<Record<string, unknown>>
  const keys = Object.keys(u)
  return (dropUnsafe ? keys.filter((key) => !UNSAFE_KEYS.has(key)) : keys).map((key) => [key, record[key]] as const)
}

const removeBrackets = (key: string): string => (key.endsWith("[]") ? key.slice(0, -2) : key)

const renderKey = (path: ReadonlyArray<string> | undefined, key: string): string =>
  path === undefined
    ? key
    : [...path, key].map((token, index) => (index > 0 ? `[${removeBrackets(token)}]` : removeBrackets(token))).join("")

/** axios `convertValue` followed by the `encodeURIComponent` string conversion, minus the encoding. */
const scalar = (value: unknown): string => {
  if (typeof value === "string") return value
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new Error("an invalid Date")
    return value.toISOString()
  }
  // axios threw on symbols and Blobs. Typed arrays it sent as their bytes read as UTF-8, which no list option
  // means, so all binary values are refused.
  if (typeof value === "symbol") throw new Error("a symbol")
  if (isBinary(value)) throw new Error("binary data")
  return String(value)
}

/**
 * Flattens `entries` like axios's default `params` serialiser (`toFormData` with `AxiosURLSearchParams`):
 * `null`/`undefined` skipped, flat arrays as repeated `key[]`, nested objects as `a[b][c]`, Dates as ISO
 * strings, booleans and numbers as `String`, top-level keys trimmed and `key{}` values sent as JSON.
 * `copied` says whether axios deep-copied the entries' container first (see `UNSAFE_KEYS`).
 */
const flattenQuery = (
  root: unknown,
  entries: ReadonlyArray<readonly [string, unknown]>,
  copied: boolean
): QueryPairs => {
  const pairs: QueryPairs = []
  const stack: Array<unknown> = [root]
  const visit = (value: unknown, key: string, path: ReadonlyArray<string> | undefined, inCopy: boolean): void => {
    const leaf = key.trim()
    if (path === undefined && typeof value === "object" && value !== null) {
      if (leaf.endsWith("{}")) {
        pairs.push([leaf, JSON.stringify(value) ?? "undefined"])
        return
      }
      if (Array.isArray(value) && (leaf.endsWith("[]") || !value.some(isNested))) {
        const name = `${removeBrackets(leaf)}[]`
        for (const [, item] of childEntries(value, false)) {
          if (item !== undefined && item !== null) pairs.push([name, scalar(item)])
        }
        return
      }
    }
    if (typeof value === "object" && value !== null && isNested(value)) {
      if (stack.includes(value)) throw new Error("a circular reference")
      const childPath = path === undefined ? [key] : [...path, key]
      if (childPath.length > MAX_QUERY_DEPTH) throw new Error(`nesting deeper than ${MAX_QUERY_DEPTH} levels`)
      // axios copies plain objects recursively but only slices arrays, so the copy stops at an array.
      const childrenCopied = inCopy && !Array.isArray(value)
      stack.push(value)
      for (const [childKey, child] of childEntries(value, childrenCopied)) {
        if (child !== undefined && child !== null) visit(child, childKey, childPath, childrenCopied)
      }
      stack.pop()
      return
    }
    pairs.push([renderKey(path, leaf), scalar(value)])
  }
  for (const [key, value] of entries) {
    if (value !== undefined && value !== null) visit(value, key, undefined, copied)
  }
  return pairs
}

const query = (
  root: object,
  entries: (copied: boolean) => ReadonlyArray<readonly [string, unknown]>,
  key: ErrorKey
): Either.Either<QueryPairs, InvalidInput> => {
  try {
    const copied = isPlainRecord(root)
    return Either.right(flattenQuery(root, entries(copied), copied))
  } catch (error) {
    return fail(key, `The value cannot be sent as a query parameter: ${describeError(error)}`)
  }
}

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

/** POST upload.imagekit.io/api/v1/files/upload, multipart (see multipart.ts for the field rules). */
export const upload = (options: UploadOptions): BuildResult =>
  guard("MISSING_UPLOAD_DATA", () =>
    Either.map(uploadParts(options), ({ attributes, parts }) =>
      make("upload", "POST", "/api/v1/files/upload", { body: { _tag: "Multipart", parts }, attributes }, "upload")
    )
  )

/** GET /v1/files/ (v6's trailing slash kept); the options, `tags` joined with ",", become the query. */
export const listFiles = (options?: ListFilesOptions | null): BuildResult =>
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
        query: pairs,
        attributes: typeof path === "string" ? { "imagekit.folder_path": path } : {}
      })
    )
  })

export const getFileDetails = (fileId: string): BuildResult =>
  byId("getFileDetails", "GET", fileId, "FILE_ID_MISSING", "imagekit.file_id", (id) => `/v1/files/${id}/details`)

export const getFileVersions = (fileId: string): BuildResult =>
  byId("getFileVersions", "GET", fileId, "FILE_ID_MISSING", "imagekit.file_id", (id) => `/v1/files/${id}/versions`)

export const getFileVersionDetails = (options: FileVersionOptions): BuildResult =>
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
export const updateFileDetails = (fileId: string, updateData: UpdateFileDetailsOptions): BuildResult =>
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

export const bulkAddTags = (fileIds: ReadonlyArray<string>, tags: ReadonlyArray<string>): BuildResult =>
  bulk("bulkAddTags", "/v1/files/addTags", fileIds, tags, "tags")

export const bulkRemoveTags = (fileIds: ReadonlyArray<string>, tags: ReadonlyArray<string>): BuildResult =>
  bulk("bulkRemoveTags", "/v1/files/removeTags", fileIds, tags, "tags")

/** The tags go out under `AITags`; a bad list still reports v6's generic "Invalid value for tags". */
export const bulkRemoveAITags = (fileIds: ReadonlyArray<string>, aiTags: ReadonlyArray<string>): BuildResult =>
  bulk("bulkRemoveAITags", "/v1/files/removeAITags", fileIds, aiTags, "AITags")

export const deleteFile = (fileId: string): BuildResult =>
  byId("deleteFile", "DELETE", fileId, "FILE_ID_MISSING", "imagekit.file_id", (id) => `/v1/files/${id}`)

export const deleteFileVersion = (options: FileVersionOptions): BuildResult =>
  byVersion("deleteFileVersion", "DELETE", options, "")

export const bulkDeleteFiles = (fileIds: ReadonlyArray<string>): BuildResult =>
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
export const copyFile = (options: CopyFileOptions): BuildResult =>
  transfer("copyFile", "/v1/files/copy", options, "sourceFilePath", true)

export const moveFile = (options: MoveFileOptions): BuildResult =>
  transfer("moveFile", "/v1/files/move", options, "sourceFilePath", false)

/** PUT /v1/files/rename; `purgeCache` is always sent, `false` unless given. */
export const renameFile = (options: RenameFileOptions): BuildResult =>
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
export const restoreFileVersion = (options: FileVersionOptions): BuildResult =>
  byVersion("restoreFileVersion", "PUT", options, "/restore")

export const createFolder = (options: CreateFolderOptions): BuildResult =>
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
export const deleteFolder = (folderPath: string): BuildResult =>
  guard("INVALID_FOLDER_PATH", () => {
    const input: unknown = folderPath
    if (!isNonEmptyString(input)) return fail("INVALID_FOLDER_PATH")
    return Either.map(json({ folderPath: input }, "INVALID_FOLDER_PATH"), (body) =>
      make("deleteFolder", "DELETE", "/v1/folder", { body, attributes: { "imagekit.folder_path": input } })
    )
  })

/** `includeFileVersions` is always sent, `false` unless given. */
export const copyFolder = (options: CopyFolderOptions): BuildResult =>
  transfer("copyFolder", "/v1/bulkJobs/copyFolder", options, "sourceFolderPath", true)

export const moveFolder = (options: MoveFolderOptions): BuildResult =>
  transfer("moveFolder", "/v1/bulkJobs/moveFolder", options, "sourceFolderPath", false)

export const getBulkJobStatus = (jobId: string): BuildResult =>
  byId("getBulkJobStatus", "GET", jobId, "JOB_ID_MISSING", "imagekit.job_id", (id) => `/v1/bulkJobs/${id}`)

/** The URL is not a span attribute: it may be a signed URL. */
export const purgeCache = (url: string): BuildResult =>
  guard("CACHE_PURGE_URL_MISSING", () => {
    if (!url) return fail("CACHE_PURGE_URL_MISSING")
    return Either.map(json({ url }, "CACHE_PURGE_URL_MISSING"), (body) =>
      make("purgeCache", "POST", "/v1/files/purge", { body })
    )
  })

export const getPurgeCacheStatus = (requestId: string): BuildResult =>
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
export const getFileMetadata = (fileIdOrUrl: string): BuildResult =>
  guard("FILE_ID_OR_URL_MISSING", () => {
    const input: unknown = fileIdOrUrl
    if (!input) return fail("FILE_ID_OR_URL_MISSING")
    if (typeof input !== "string") return fail("FILE_ID_OR_URL_MISSING", "It should be a string")
    if (input.trim() === "") return fail("FILE_ID_OR_URL_MISSING")
    if (input.startsWith("http")) {
      return Either.right(make("getFileMetadata", "GET", "/v1/metadata", { query: [["url", input]] }))
    }
    return Either.map(segment(input, "FILE_ID_OR_URL_MISSING"), (id) =>
      make("getFileMetadata", "GET", `/v1/files/${id.encoded}/metadata`, {
        attributes: { "imagekit.file_id": id.raw }
      })
    )
  })

/** Sends exactly `{ name, label, schema }`; other keys are dropped, as in v6. */
export const createCustomMetadataField = (options: CreateCustomMetadataFieldOptions): BuildResult =>
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
export const getCustomMetadataFields = (options?: GetCustomMetadataFieldsOptions): BuildResult =>
  guard("INVALID_INCLUDE_DELETED", () => {
    const includeDeleted = defaultFalse(own(options, "includeDeleted"))
    return Either.map(
      query({ includeDeleted }, () => [["includeDeleted", includeDeleted]], "INVALID_INCLUDE_DELETED"),
      (pairs) =>
        make("getCustomMetadataFields", "GET", "/v1/customMetadataFields", {
          query: pairs,
          attributes: typeof includeDeleted === "boolean" ? { "imagekit.include_deleted": String(includeDeleted) } : {}
        })
    )
  })

/** `label` and `schema` are sent only when truthy. */
export const updateCustomMetadataField = (fieldId: string, options: UpdateCustomMetadataFieldOptions): BuildResult =>
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

export const deleteCustomMetadataField = (fieldId: string): BuildResult =>
  guard("CMF_FIELD_ID_MISSING", () => {
    const input: unknown = fieldId
    if (!isNonEmptyString(input)) return fail("CMF_FIELD_ID_MISSING")
    return Either.map(segment(input, "CMF_FIELD_ID_MISSING"), (id) =>
      make("deleteCustomMetadataField", "DELETE", `/v1/customMetadataFields/${id.encoded}`, {
        attributes: { "imagekit.field_id": id.raw }
      })
    )
  })
