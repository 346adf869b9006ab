/**
 * Requests of the file operations: list and search, details, update, delete, copy, move, rename, and the bulk tag
 * and delete calls.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type { InvalidInputError } from "../../ImageKitError.js"
import * as ImageKitRequest from "../../ImageKitRequest.js"
import {
  encodeSegment,
  Flag,
  isAbsent,
  JsonRecord,
  NonEmptyString,
  NonEmptyStrings,
  segment,
  StringOrStrings,
  Text,
  withJson
} from "./common.js"
import { type Extension, Extensions } from "./extensions.js"
import { decode, expected, invalidInput } from "./input.js"

type Built = Either.Either<ImageKitRequest.ImageKitRequest, InvalidInputError>

export type { Extension } from "./extensions.js"

export type FileType = "all" | "image" | "non-image"

export interface ListFilesOptions {
  /** Only this folder, e.g. `/products/summer/`. */
  readonly path?: string | undefined
  readonly fileType?: FileType | undefined
  /** Files with any of these tags (a list, or the tags joined with ","). */
  readonly tags?: string | ReadonlyArray<string> | undefined
  readonly includeFolder?: boolean | undefined
  readonly name?: string | undefined
  /** 1 to 1000. */
  readonly limit?: number | undefined
  /** 0 or more. */
  readonly skip?: number | undefined
  /** `ASC_CREATED`, `DESC_NAME`, … */
  readonly sort?: string | undefined
  /** `file`, `file-version`, `folder` or `all`. */
  readonly type?: string | undefined
  /** A Lucene-like query, e.g. `createdAt > "7d" AND size > 10000`. */
  readonly searchQuery?: string | undefined
}

/** The fields of a file to change (`updateFileDetails`); `null` clears a value, an absent key leaves it. */
export interface UpdateFileFields {
  /** `null` removes every tag. */
  readonly tags?: ReadonlyArray<string> | null | undefined
  /** `null` removes the coordinates. */
  readonly customCoordinates?: string | null | undefined
  readonly extensions?: ReadonlyArray<Extension> | undefined
  readonly webhookUrl?: string | undefined
  /** AI tags to remove, or "all". */
  readonly removeAITags?: ReadonlyArray<string> | "all" | undefined
  /** A `null` value unsets that field. */
  readonly customMetadata?: Readonly<Record<string, unknown>> | undefined
  readonly description?: string | undefined
  readonly publish?: undefined
}

/** The other form of `updateFileDetails`: publish or unpublish a file (and its versions), and nothing else. */
export interface PublishFileOptions {
  readonly publish: { readonly isPublished: boolean; readonly includeFileVersions?: boolean | undefined }
}

/** Either the fields to change, or the publication status alone: the API takes `publish` with no other field. */
export type UpdateFileDetailsOptions = UpdateFileFields | PublishFileOptions

export interface CopyFileOptions {
  readonly sourceFilePath: string
  readonly destinationPath: string
  readonly includeFileVersions?: boolean | undefined
}

export interface MoveFileOptions {
  readonly sourceFilePath: string
  readonly destinationPath: string
}

export interface RenameFileOptions {
  readonly filePath: string
  readonly newFileName: string
  readonly purgeCache?: boolean | undefined
}

const FILE_ID_HELP = "Pass the fileId of a file, as upload, listFiles and getFileDetails return it"
const FILE_IDS_HELP = "Pass a non-empty array of fileIds, as upload, listFiles and getFileDetails return them"

export const fileId = segment("fileId", FILE_ID_HELP)

const optional = <S extends Schema.Schema.Any>(schema: S) => Schema.optional(schema)

// -------------------------------------------------------------------------------------------------------------------
// listFiles
// -------------------------------------------------------------------------------------------------------------------

const listFilters = {
  path: optional(Text),
  fileType: optional(
    Schema.Literal("all", "image", "non-image").annotations(expected('"all", "image" or "non-image"'))
  ),
  tags: optional(StringOrStrings),
  includeFolder: optional(Flag),
  name: optional(Text),
  sort: optional(Text),
  type: optional(Text),
  searchQuery: optional(Text)
}

const PageSize = Schema.Int.pipe(Schema.between(1, 1000)).annotations(expected("an integer from 1 to 1000"))

const ListFilesSchema = Schema.Struct({
  ...listFilters,
  limit: optional(PageSize),
  skip: optional(Schema.NonNegativeInt.annotations(expected("an integer of 0 or more")))
}).annotations(expected("an object of list options", "container"))

const listOptions = decode(
  ListFilesSchema,
  "options",
  "See ListFilesOptions: path, fileType, tags, includeFolder, name, limit (1 to 1000), skip, sort, type, searchQuery",
  { keepOrder: true }
)

/** GET /v1/files/: each option given is a query parameter, in the caller's order; `tags` joined with ",". */
export const listFiles = (options: unknown): Built =>
  Either.map(isAbsent(options) ? Either.right(undefined) : listOptions(options), (decoded) => {
    const params: Array<readonly [string, string]> = []
    for (const [key, value] of Object.entries(decoded ?? {})) {
      if (value === undefined) continue
      params.push([key, Array.isArray(value) ? value.join(",") : String(value)])
    }
    return ImageKitRequest.make({
      operation: "listFiles",
      method: "GET",
      path: "/v1/files/",
      urlParams: params,
      attributes: decoded?.path === undefined ? {} : { "imagekit.folder_path": decoded.path }
    })
  })

// -------------------------------------------------------------------------------------------------------------------
// one file
// -------------------------------------------------------------------------------------------------------------------

const byFileId =
  (operation: string, method: ImageKitRequest.Method, suffix: string) =>
  (id: unknown): Built =>
    Either.map(fileId(id), (decoded) =>
      ImageKitRequest.make({
        operation,
        method,
        path: `/v1/files/${encodeSegment(decoded)}${suffix}`,
        attributes: { "imagekit.file_id": decoded }
      })
    )

export const getFileDetails = byFileId("getFileDetails", "GET", "/details")

export const deleteFile = byFileId("deleteFile", "DELETE", "")

const UpdateSchema = Schema.Struct({
  tags: optional(Schema.NullOr(Schema.Array(Text)).annotations(expected("an array of strings, or null"))),
  customCoordinates: optional(Schema.NullOr(Text).annotations(expected("a string like '10,10,100,100', or null"))),
  extensions: optional(Extensions),
  webhookUrl: optional(Text),
  removeAITags: optional(
    Schema.Union(Schema.Literal("all"), Schema.Array(Text)).annotations(expected('an array of strings, or "all"'))
  ),
  customMetadata: optional(JsonRecord),
  description: optional(Text),
  publish: optional(
    Schema.Struct({ isPublished: Flag, includeFileVersions: optional(Flag) }).annotations(
      expected("{ isPublished: boolean, includeFileVersions?: boolean }", "container")
    )
  )
}).annotations(expected("an object of the fields to update", "container"))

const updateData = decode(UpdateSchema, "updateData", (key) =>
  key === undefined
    ? "Pass the fields to change: tags, customCoordinates, extensions, webhookUrl, removeAITags, customMetadata, description or publish"
    : `See UpdateFileDetailsOptions.${key}`
)

/**
 * PATCH /v1/files/{fileId}/details with the fields given; `null` clears a value, `undefined` leaves it out. `publish`
 * goes alone (the API's "change publication status" form).
 */
export const updateFileDetails = (id: unknown, data: unknown): Built =>
  Either.gen(function* () {
    const decodedId = yield* fileId(id)
    const fields = yield* updateData(data)
    if (fields.publish !== undefined) {
      const others = Object.entries(fields).filter(([key, value]) => key !== "publish" && value !== undefined)
      if (others.length > 0) {
        return yield* Either.left(
          invalidInput(
            "publish",
            `it is sent with ${others.map(([key]) => key).join(", ")}; the API takes publish alone`,
            "Publish in a call of its own: updateFileDetails(fileId, { publish: { isPublished: true } })"
          )
        )
      }
    }
    return withJson(
      {
        operation: "updateFileDetails",
        method: "PATCH",
        path: `/v1/files/${encodeSegment(decodedId)}/details`,
        attributes: { "imagekit.file_id": decodedId }
      },
      fields
    )
  })

// -------------------------------------------------------------------------------------------------------------------
// copy, move, rename
// -------------------------------------------------------------------------------------------------------------------

const PATH_HELP = "Pass full paths, e.g. sourceFilePath: '/folder/file.jpg' and destinationPath: '/other/folder/'"

const CopyFileSchema = Schema.Struct({
  sourceFilePath: NonEmptyString,
  destinationPath: NonEmptyString,
  includeFileVersions: optional(Flag)
}).annotations(expected("{ sourceFilePath, destinationPath, includeFileVersions? }", "container"))

const MoveFileSchema = Schema.Struct({
  sourceFilePath: NonEmptyString,
  destinationPath: NonEmptyString
}).annotations(expected("{ sourceFilePath, destinationPath }", "container"))

const copyOptions = decode(CopyFileSchema, "options", PATH_HELP)
const moveOptions = decode(MoveFileSchema, "options", PATH_HELP)

const transferAttributes = (source: string, destination: string) => ({
  "imagekit.source_path": source,
  "imagekit.destination_path": destination
})

/** POST /v1/files/copy; `includeFileVersions` is always sent, `false` unless given. */
export const copyFile = (options: unknown): Built =>
  Either.map(copyOptions(options), ({ destinationPath, includeFileVersions, sourceFilePath }) =>
    withJson(
      {
        operation: "copyFile",
        method: "POST",
        path: "/v1/files/copy",
        attributes: transferAttributes(sourceFilePath, destinationPath)
      },
      { sourceFilePath, destinationPath, includeFileVersions: includeFileVersions ?? false }
    )
  )

export const moveFile = (options: unknown): Built =>
  Either.map(moveOptions(options), ({ destinationPath, sourceFilePath }) =>
    withJson(
      {
        operation: "moveFile",
        method: "POST",
        path: "/v1/files/move",
        attributes: transferAttributes(sourceFilePath, destinationPath)
      },
      { sourceFilePath, destinationPath }
    )
  )

const RenameSchema = Schema.Struct({
  filePath: NonEmptyString,
  newFileName: NonEmptyString,
  purgeCache: optional(Flag)
}).annotations(expected("{ filePath, newFileName, purgeCache? }", "container"))

const renameOptions = decode(
  RenameSchema,
  "options",
  "Pass the file's full path (filePath: '/folder/old.jpg') and its new name (newFileName: 'new.jpg')"
)

/** PUT /v1/files/rename; `purgeCache` is always sent, `false` unless given. */
export const renameFile = (options: unknown): Built =>
  Either.map(renameOptions(options), ({ filePath, newFileName, purgeCache }) =>
    withJson(
      {
        operation: "renameFile",
        method: "PUT",
        path: "/v1/files/rename",
        attributes: { "imagekit.file_path": filePath, "imagekit.new_file_name": newFileName }
      },
      { filePath, newFileName, purgeCache: purgeCache ?? false }
    )
  )

// -------------------------------------------------------------------------------------------------------------------
// bulk
// -------------------------------------------------------------------------------------------------------------------

const fileIds = decode(NonEmptyStrings, "fileIds", FILE_IDS_HELP)

const tagList = decode(NonEmptyStrings, "tags", 'Pass a non-empty array of tags, e.g. ["sale", "summer"]')
const aiTagList = decode(NonEmptyStrings, "aiTags", 'Pass a non-empty array of AI tag names, e.g. ["Shirt"]')

const bulkTags =
  (operation: string, path: string, bodyKey: "tags" | "AITags") =>
  (ids: unknown, tags: unknown): Built =>
    Either.gen(function* () {
      const decodedIds = yield* fileIds(ids)
      const decodedTags = yield* (bodyKey === "tags" ? tagList : aiTagList)(tags)
      return withJson(
        { operation, method: "POST", path, attributes: { "imagekit.file_count": String(decodedIds.length) } },
        bodyKey === "tags" ? { fileIds: decodedIds, tags: decodedTags } : { fileIds: decodedIds, AITags: decodedTags }
      )
    })

export const bulkAddTags = bulkTags("bulkAddTags", "/v1/files/addTags", "tags")

export const bulkRemoveTags = bulkTags("bulkRemoveTags", "/v1/files/removeTags", "tags")

/** The tags go out under `AITags`. */
export const bulkRemoveAITags = bulkTags("bulkRemoveAITags", "/v1/files/removeAITags", "AITags")

export const bulkDeleteFiles = (ids: unknown): Built =>
  Either.map(fileIds(ids), (decoded) =>
    withJson(
      {
        operation: "bulkDeleteFiles",
        method: "POST",
        path: "/v1/files/batch/deleteByFileIds",
        attributes: { "imagekit.file_count": String(decoded.length) }
      },
      { fileIds: decoded }
    )
  )

// -------------------------------------------------------------------------------------------------------------------
// listFilesStream
// -------------------------------------------------------------------------------------------------------------------

const DEFAULT_PAGE_SIZE = 100

const ListStreamSchema = Schema.Struct({ ...listFilters, pageSize: optional(PageSize) }).annotations(
  expected("an object of list options")
)

const streamOptions = decode(
  ListStreamSchema,
  "options",
  "See ListFilesStreamOptions: the listFiles filters and pageSize (1 to 1000, default 100)",
  { keepOrder: true }
)

/** The filters (in the caller's order) and the page size of `listFilesStream`. */
export const listFilesStreamOptions = (
  options: unknown
): Either.Either<{ readonly filters: ListFilesOptions; readonly pageSize: number }, InvalidInputError> =>
  Either.map(isAbsent(options) ? Either.right(undefined) : streamOptions(options), (decoded) => {
    const { pageSize, ...filters } = decoded ?? {}
    return { filters, pageSize: pageSize ?? DEFAULT_PAGE_SIZE }
  })
