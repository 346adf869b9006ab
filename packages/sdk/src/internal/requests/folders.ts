/**
 * Requests of the folder operations: create, delete, and the copy and move bulk jobs.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type { InvalidInputError } from "../../ImageKitError.js"
import type * as ImageKitRequest from "../../ImageKitRequest.js"
import { Flag, NonEmptyString, withJson } from "./common.js"
import { decode, expected } from "./input.js"

type Built = Either.Either<ImageKitRequest.ImageKitRequest, InvalidInputError>

export interface CreateFolderOptions {
  readonly folderName: string
  /** Where to create it, e.g. `/` or `/products`. */
  readonly parentFolderPath: string
}

export interface CopyFolderOptions {
  readonly sourceFolderPath: string
  readonly destinationPath: string
  readonly includeFileVersions?: boolean | undefined
}

export interface RenameFolderOptions {
  /** The folder's full path, e.g. `/products/summer`. */
  readonly folderPath: string
  /** Its new name (not a path): letters, digits and `-`; other characters become `_`. */
  readonly newFolderName: string
  /** Purge the CDN cache of the old URLs of every file inside (one purge request; default false). */
  readonly purgeCache?: boolean | undefined
}

export interface MoveFolderOptions {
  readonly sourceFolderPath: string
  readonly destinationPath: string
}

const FOLDER_HELP = "Pass full folder paths, e.g. sourceFolderPath: '/products/summer' and destinationPath: '/archive'"

const CreateSchema = Schema.Struct({ folderName: NonEmptyString, parentFolderPath: NonEmptyString }).annotations(
  expected("{ folderName, parentFolderPath }", "container")
)
const CopySchema = Schema.Struct({
  sourceFolderPath: NonEmptyString,
  destinationPath: NonEmptyString,
  includeFileVersions: Schema.optional(Flag)
}).annotations(expected("{ sourceFolderPath, destinationPath, includeFileVersions? }", "container"))
const MoveSchema = Schema.Struct({ sourceFolderPath: NonEmptyString, destinationPath: NonEmptyString }).annotations(
  expected("{ sourceFolderPath, destinationPath }", "container")
)

const RenameSchema = Schema.Struct({
  folderPath: NonEmptyString,
  newFolderName: NonEmptyString.pipe(
    Schema.filter((name) => name !== "." && name !== ".." && !name.includes("/"))
  ).annotations(expected('a folder name without "/", not "." or ".."')),
  purgeCache: Schema.optional(Flag)
}).annotations(expected("{ folderPath, newFolderName, purgeCache? }", "container"))

const createOptions = decode(
  CreateSchema,
  "options",
  "Pass the new folder's name and where to create it, e.g. { folderName: 'summer', parentFolderPath: '/products' }"
)
const folderPath = decode(NonEmptyString, "folderPath", "Pass the full path of the folder, e.g. '/products/summer'")
const copyOptions = decode(CopySchema, "options", FOLDER_HELP)
const moveOptions = decode(MoveSchema, "options", FOLDER_HELP)
const renameOptions = decode(
  RenameSchema,
  "options",
  "Pass the folder's full path and its new name, e.g. { folderPath: '/products/summer', newFolderName: 'summer-2026' }"
)

export const createFolder = (options: unknown): Built =>
  Either.map(createOptions(options), ({ folderName, parentFolderPath }) =>
    withJson(
      {
        operation: "createFolder",
        method: "POST",
        path: "/v1/folder",
        attributes: { "imagekit.folder_name": folderName, "imagekit.parent_folder_path": parentFolderPath }
      },
      { folderName, parentFolderPath }
    )
  )

/** DELETE /v1/folder with a JSON body, as the API expects. */
export const deleteFolder = (path: unknown): Built =>
  Either.map(folderPath(path), (decoded) =>
    withJson(
      {
        operation: "deleteFolder",
        method: "DELETE",
        path: "/v1/folder",
        attributes: { "imagekit.folder_path": decoded }
      },
      { folderPath: decoded }
    )
  )

const transferAttributes = (source: string, destination: string) => ({
  "imagekit.source_path": source,
  "imagekit.destination_path": destination
})

/** POST /v1/bulkJobs/copyFolder; `includeFileVersions` is always sent, `false` unless given. */
export const copyFolder = (options: unknown): Built =>
  Either.map(copyOptions(options), ({ destinationPath, includeFileVersions, sourceFolderPath }) =>
    withJson(
      {
        operation: "copyFolder",
        method: "POST",
        path: "/v1/bulkJobs/copyFolder",
        attributes: transferAttributes(sourceFolderPath, destinationPath)
      },
      { sourceFolderPath, destinationPath, includeFileVersions: includeFileVersions ?? false }
    )
  )

export const moveFolder = (options: unknown): Built =>
  Either.map(moveOptions(options), ({ destinationPath, sourceFolderPath }) =>
    withJson(
      {
        operation: "moveFolder",
        method: "POST",
        path: "/v1/bulkJobs/moveFolder",
        attributes: transferAttributes(sourceFolderPath, destinationPath)
      },
      { sourceFolderPath, destinationPath }
    )
  )

/** POST /v1/bulkJobs/renameFolder: a bulk job; `purgeCache` is always sent, `false` unless given. */
export const renameFolder = (options: unknown): Built =>
  Either.map(renameOptions(options), ({ folderPath, newFolderName, purgeCache }) =>
    withJson(
      {
        operation: "renameFolder",
        method: "POST",
        path: "/v1/bulkJobs/renameFolder",
        attributes: { "imagekit.folder_path": folderPath, "imagekit.new_folder_name": newFolderName }
      },
      { folderPath, newFolderName, purgeCache: purgeCache ?? false }
    )
  )
