/**
 * The commands on one file or a few, by id: `info`, `metadata`, `versions`, `restore`, `rm`, `rename` (by path) and
 * `tags add|remove`. Each is one SDK call (bulk ones one per batch the API accepts); ids go to the SDK as they were
 * typed, and the SDK percent-encodes them as one path segment, so an id such as `../../files` or `a?b#c` can only
 * name a file that does not exist (exit 3), never another route.
 *
 * Every command takes `--json`; the shapes are in each command's description and in docs/cli/files.md.
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import type { OperationError } from "@effect-imagekit/sdk/ImageKit"
import type * as Schemas from "@effect-imagekit/sdk/Schemas"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { client } from "../client.js"
import { CommandFailure, ExitCode, UsageError } from "../errors.js"
import { runAction, table } from "../output.js"
import { fromOperationError, orFail, statusOf } from "../failures.js"
import {
  type BulkError,
  batches,
  bulkFailure,
  FILE_ID_HINT,
  fileLines,
  jsonFlag,
  keyValues,
  runOutcome,
  sizeText,
  tagsValue,
  timestamp
} from "./file-shared.js"

const VERSIONS_HINT = "run `imagekit versions <fileId>` to see the file's version ids"
const PATH_HINT = "run `imagekit ls <folder>` to see file paths"
const METADATA_HINT = `${FILE_ID_HINT}; a URL must be a file under your URL endpoint or a public URL ImageKit can fetch`

/** ImageKit's limits per request: bulk tag changes take up to 50 ids, bulk deletes up to 100. */
const TAGS_BATCH = 50
const DELETE_BATCH = 100

const fileId = Args.text({ name: "fileId" }).pipe(Args.withDescription("The file's id (`imagekit ls` shows it)."))

const fileIds = (description: string) =>
  Args.text({ name: "fileId" }).pipe(Args.withDescription(description), Args.atLeast(1))

// ---------------------------------------------------------------------------------------------------------------
// info
// ---------------------------------------------------------------------------------------------------------------

/**
 * @since 0.1.0
 */
export const infoCommand = Command.make(
  "info",
  { json: jsonFlag("the file's details as the API returns them (fileId, name, filePath, type, size, …)"), fileId },
  (flags) =>
    runAction(
      flags.json,
      Effect.gen(function* () {
        const { ik } = yield* client
        const file = yield* ik.getFileDetails(flags.fileId).pipe(orFail({ notFound: FILE_ID_HINT }))
        return { json: file, lines: fileLines(file) }
      })
    )
).pipe(Command.withDescription("Show a file's details: path, type, size, tags, version, URL, dates."))

// ---------------------------------------------------------------------------------------------------------------
// metadata
// ---------------------------------------------------------------------------------------------------------------

const flatten = (prefix: string, value: unknown): Array<readonly [string, string]> => {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([key, inner]) => flatten(`${prefix}.${key}`, inner))
  }
  return [[prefix, typeof value === "string" ? value : JSON.stringify(value)]]
}

const metadataLines = (metadata: Schemas.Metadata): Array<string> => {
  const known: ReadonlyArray<readonly [string, string | undefined]> = [
    ["format", metadata.format],
    [
      "dimensions",
      metadata.width === undefined || metadata.height === undefined ? undefined : `${metadata.width}×${metadata.height}`
    ],
    ["size", metadata.size === undefined ? undefined : sizeText(metadata.size)],
    ["pHash", metadata.pHash],
    ["quality", metadata.quality?.toString()],
    ["density", metadata.density?.toString()],
    ["hasTransparency", metadata.hasTransparency?.toString()],
    ["hasColorProfile", metadata.hasColorProfile?.toString()],
    ["duration", metadata.duration === undefined ? undefined : `${metadata.duration} s`],
    ["bitRate", metadata.bitRate?.toString()],
    ["videoCodec", metadata.videoCodec],
    ["audioCodec", metadata.audioCodec]
  ]
  // EXIF comes in blocks of free-form keys: one line per value, e.g. `exif.image.Make  Canon`.
  return keyValues([...known, ...(metadata.exif === undefined ? [] : flatten("exif", metadata.exif))])
}

/**
 * @since 0.1.0
 */
export const metadataCommand = Command.make(
  "metadata",
  {
    json: jsonFlag("the API's metadata object (format, width, height, size, pHash, exif, …; keys absent when unknown)"),
    target: Args.text({ name: "fileId-or-url" }).pipe(
      Args.withDescription("A file id, or a URL (starting with http) of an image under your URL endpoint or public.")
    )
  },
  (flags) =>
    runAction(
      flags.json,
      Effect.gen(function* () {
        const { ik } = yield* client
        const metadata = yield* ik.getFileMetadata(flags.target).pipe(orFail({ notFound: METADATA_HINT }))
        const lines = metadataLines(metadata)
        return { json: metadata, lines: lines.length > 0 ? lines : ["no metadata for this file"] }
      })
    )
).pipe(
  Command.withDescription(
    "Show a file's technical metadata (format, dimensions, size, pHash, quality, EXIF…), by file id or URL."
  )
)

// ---------------------------------------------------------------------------------------------------------------
// versions
// ---------------------------------------------------------------------------------------------------------------

const versionRows = (versions: ReadonlyArray<Schemas.FileVersion>): Array<string> =>
  table(
    ["VERSION", "VERSION ID", "CURRENT", "SIZE", "CREATED"],
    versions.map((version) => [
      version.versionInfo?.name ?? "-",
      version.versionInfo?.id ?? "-",
      version.type === "file" ? "yes" : "no",
      sizeText(version.size),
      timestamp(version.createdAt)
    ])
  )

/**
 * @since 0.1.0
 */
export const versionsCommand = Command.make(
  "versions",
  {
    json: jsonFlag(
      'without versionId an array of the file\'s versions (the current one has type "file", older ones ' +
        '"file-version"; versionInfo.id is the version id); with it, that version\'s details'
    ),
    fileId,
    versionId: Args.text({ name: "versionId" }).pipe(
      Args.withDescription("Show this version's details instead of the list."),
      Args.optional
    )
  },
  (flags) =>
    runAction(
      flags.json,
      Effect.gen(function* () {
        const { ik } = yield* client
        if (Option.isSome(flags.versionId)) {
          const version = yield* ik
            .getFileVersionDetails({ fileId: flags.fileId, versionId: flags.versionId.value })
            .pipe(orFail({ notFound: VERSIONS_HINT }))
          return { json: version, lines: fileLines(version) }
        }
        const versions = yield* ik.getFileVersions(flags.fileId).pipe(orFail({ notFound: FILE_ID_HINT }))
        return { json: versions, lines: versionRows(versions) }
      })
    )
).pipe(
  Command.withDescription(
    "List a file's versions (name, version id, whether current, size, date), or show one version's details."
  )
)

// ---------------------------------------------------------------------------------------------------------------
// restore
// ---------------------------------------------------------------------------------------------------------------

/**
 * @since 0.1.0
 */
export const restoreCommand = Command.make(
  "restore",
  {
    json: jsonFlag("the file's details after the restore (the restored version is now current)"),
    fileId,
    versionId: Args.text({ name: "versionId" }).pipe(
      Args.withDescription("The version to make current (`imagekit versions <fileId>` lists them).")
    )
  },
  (flags) =>
    runAction(
      flags.json,
      Effect.gen(function* () {
        const { ik } = yield* client
        const file = yield* ik
          .restoreFileVersion({ fileId: flags.fileId, versionId: flags.versionId })
          .pipe(orFail({ notFound: VERSIONS_HINT }))
        const name = file.versionInfo?.name ?? `version ${flags.versionId}`
        return { json: file, lines: [`restored ${file.filePath} to ${name}: it is now the current version`] }
      })
    )
).pipe(
  Command.withDescription("Make an older version of a file the current one (the current one is kept as a version).")
)

// ---------------------------------------------------------------------------------------------------------------
// bulk operations: rm and tags
// ---------------------------------------------------------------------------------------------------------------

interface BulkResult {
  readonly succeeded: ReadonlyArray<string>
  readonly errors: ReadonlyArray<BulkError>
}

const isNotFound = (error: OperationError): boolean => statusOf(error) === 404

/**
 * Runs `call` on each batch of the (deduplicated) ids. A batch the API answers 404 ("none of these exist") counts
 * as each of its ids not found, so that one missing batch does not hide what the others did.
 */
const bulk = (
  ids: ReadonlyArray<string>,
  size: number,
  call: (batch: ReadonlyArray<string>) => Effect.Effect<BulkResult, OperationError>
): Effect.Effect<BulkResult, CommandFailure> =>
  Effect.forEach(batches([...new Set(ids)], size), (batch) =>
    call(batch).pipe(
      Effect.catchIf(isNotFound, (error) =>
        Effect.succeed<BulkResult>({
          succeeded: [],
          errors: batch.map((id) => ({ fileId: id, error: error.message }))
        })
      ),
      orFail({ notFound: FILE_ID_HINT })
    )
  ).pipe(
    Effect.map((results) => ({
      succeeded: results.flatMap((result) => result.succeeded),
      errors: results.flatMap((result) => result.errors)
    }))
  )

const uniqueCount = (ids: ReadonlyArray<string>): number => new Set(ids).size

// ---------------------------------------------------------------------------------------------------------------
// rm
// ---------------------------------------------------------------------------------------------------------------

const rmFiles = (ids: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const { ik } = yield* client
    const [only, ...rest] = ids
    // One id: the single-file endpoint, whose 404 is the file's own; several: the bulk one, in batches.
    const result: BulkResult =
      only !== undefined && rest.length === 0
        ? yield* ik.deleteFile(only).pipe(
            Effect.as<BulkResult>({ succeeded: [only], errors: [] }),
            Effect.catchIf(isNotFound, (error) =>
              Effect.succeed<BulkResult>({ succeeded: [], errors: [{ fileId: only, error: error.message }] })
            ),
            orFail({ notFound: FILE_ID_HINT })
          )
        : yield* bulk(ids, DELETE_BATCH, (batch) =>
            Effect.map(ik.bulkDeleteFiles(batch), (response) => ({
              succeeded: response.successfullyDeletedFileIds,
              errors: response.errors ?? []
            }))
          )
    return {
      json: { successfullyDeletedFileIds: result.succeeded, errors: result.errors },
      lines: result.succeeded.map((id) => `deleted ${id}`),
      failure: bulkFailure(result.errors, uniqueCount(ids), "not deleted")
    }
  })

const rmVersion = (id: string, versionId: string) =>
  Effect.gen(function* () {
    const { ik } = yield* client
    yield* ik.deleteFileVersion({ fileId: id, versionId }).pipe(
      Effect.mapError((error) => {
        const failure = fromOperationError(error, { notFound: VERSIONS_HINT })
        // The API's own help for this 400 is a support address; what to do instead is more use.
        return statusOf(error) === 400
          ? new CommandFailure({
              kind: failure.kind,
              status: 400,
              message: failure.message,
              hint: "the current version cannot be deleted: `imagekit rm <fileId>` deletes the file and its versions",
              exitCode: failure.exitCode
            })
          : failure
      })
    )
    return { json: { fileId: id, versionId }, lines: [`deleted version ${versionId} of ${id}`] }
  })

/**
 * @since 0.1.0
 */
export const rmCommand = Command.make(
  "rm",
  {
    json: jsonFlag(
      '{"successfullyDeletedFileIds": [...], "errors": [{"fileId", "error"}]} (errors lists ids not deleted; ' +
        'exit 3 when they were not found); with --version-id: {"fileId", "versionId"}'
    ),
    // Not `--version`: @effect/cli answers that one itself, anywhere on the line, with the program's version.
    versionId: Options.text("version-id").pipe(
      Options.withDescription("Delete only this (non-current) version of the one file given."),
      Options.optional
    ),
    fileIds: fileIds("Files to delete, with all their versions; several are deleted in bulk.")
  },
  (flags) =>
    runOutcome(
      flags.json,
      Effect.gen(function* () {
        if (Option.isNone(flags.versionId)) return yield* rmFiles(flags.fileIds)
        const [only, ...rest] = flags.fileIds
        if (rest.length > 0) {
          return yield* new UsageError({
            message: `--version-id deletes a version of one file, but ${flags.fileIds.length} file ids were given`
          })
        }
        return yield* rmVersion(only, flags.versionId.value)
      })
    )
).pipe(
  Command.withDescription(
    "Delete files by id (with all their versions), or with --version-id one older version of a file. Files that do " +
      "not exist are reported and the others are still deleted (exit 3)."
  )
)

// ---------------------------------------------------------------------------------------------------------------
// rename
// ---------------------------------------------------------------------------------------------------------------

const folderOf = (filePath: string): string => filePath.slice(0, filePath.lastIndexOf("/") + 1)

/**
 * @since 0.1.0
 */
export const renameCommand = Command.make(
  "rename",
  {
    json: jsonFlag('{"filePath", "newFilePath", "purgeRequestId": string or null}'),
    purgeCache: Options.boolean("purge-cache").pipe(
      Options.withDescription("Also purge the CDN cache of the old URL (the answer holds the purge request id).")
    ),
    filePath: Args.text({ name: "filePath" }).pipe(Args.withDescription("The file's full path, e.g. /photos/a.png.")),
    newFileName: Args.text({ name: "newFileName" }).pipe(
      Args.withDescription("The new name, in the same folder, e.g. b.png (`imagekit mv` moves files).")
    )
  },
  (flags) =>
    runOutcome(
      flags.json,
      Effect.gen(function* () {
        if (flags.newFileName.includes("/")) {
          return yield* new UsageError({
            message: `the new name "${flags.newFileName}" holds a "/": give a file name; \`imagekit mv\` moves files`
          })
        }
        const { ik } = yield* client
        const response = yield* ik
          .renameFile({ filePath: flags.filePath, newFileName: flags.newFileName, purgeCache: flags.purgeCache })
          .pipe(orFail({ notFound: PATH_HINT }))
        const newFilePath = `${folderOf(flags.filePath)}${flags.newFileName}`
        const purgeRequestId = response.purgeRequestId ?? null
        const purge = purgeRequestId === null ? "" : ` (cache purge requested: ${purgeRequestId})`
        // HTTP 207: renamed, but the purge asked for failed; `reason` says so.
        const failure =
          response.reason === undefined
            ? undefined
            : new CommandFailure({
                kind: "PartialFailure",
                status: 207,
                message: `renamed, but ${response.message ?? response.reason}`,
                hint: response.help ?? "purge the old URL's cache again with `imagekit purge`",
                exitCode: ExitCode.failed
              })
        return {
          json: { filePath: flags.filePath, newFilePath, purgeRequestId },
          lines: [`renamed ${flags.filePath} → ${newFilePath}${purge}`],
          failure
        }
      })
    )
).pipe(
  Command.withDescription(
    "Rename a file within its folder, keeping its id and versions; --purge-cache purges the old URL from the CDN."
  )
)

// ---------------------------------------------------------------------------------------------------------------
// tags
// ---------------------------------------------------------------------------------------------------------------

const TAGS_JSON =
  '{"successfullyUpdatedFileIds": [...], "errors": [{"fileId", "error"}]} (errors lists ids not updated; exit 3 ' +
  "when they were not found)"

const tagsOutcome = (result: BulkResult, total: number, line: (id: string) => string) => ({
  json: { successfullyUpdatedFileIds: result.succeeded, errors: result.errors },
  lines: result.succeeded.map(line),
  failure: bulkFailure(result.errors, total, "not updated")
})

const bulkTagsResult = (response: Schemas.BulkTagsResponse): BulkResult => ({
  succeeded: response.successfullyUpdatedFileIds,
  errors: response.errors ?? []
})

const tagsAdd = Command.make(
  "add",
  {
    json: jsonFlag(TAGS_JSON),
    tags: tagsValue("Comma-separated tags to add, e.g. holiday,2024."),
    fileIds: fileIds("Files to tag (up to 50 per request; more are sent in batches).")
  },
  (flags) =>
    runOutcome(
      flags.json,
      Effect.gen(function* () {
        const { ik } = yield* client
        const result = yield* bulk(flags.fileIds, TAGS_BATCH, (batch) =>
          Effect.map(ik.bulkAddTags(batch, flags.tags), bulkTagsResult)
        )
        const tags = flags.tags.join(", ")
        return tagsOutcome(result, uniqueCount(flags.fileIds), (id) => `tagged ${id}: added ${tags}`)
      })
    )
).pipe(Command.withDescription("Add tags to files (tags they already have are kept once)."))

const tagsRemove = Command.make(
  "remove",
  {
    json: jsonFlag(TAGS_JSON),
    tags: tagsValue("Comma-separated tags to remove, e.g. holiday,2024."),
    ai: Options.boolean("ai").pipe(
      Options.withDescription("Remove AI tags (added by auto-tagging extensions) instead of tags.")
    ),
    fileIds: fileIds("Files to untag (up to 50 per request; more are sent in batches).")
  },
  (flags) =>
    runOutcome(
      flags.json,
      Effect.gen(function* () {
        const { ik } = yield* client
        const result = yield* bulk(flags.fileIds, TAGS_BATCH, (batch) =>
          Effect.map(
            flags.ai ? ik.bulkRemoveAITags(batch, flags.tags) : ik.bulkRemoveTags(batch, flags.tags),
            bulkTagsResult
          )
        )
        const tags = flags.tags.join(", ")
        const what = flags.ai ? "AI tags" : "tags"
        return tagsOutcome(result, uniqueCount(flags.fileIds), (id) => `untagged ${id}: removed ${what} ${tags}`)
      })
    )
).pipe(Command.withDescription("Remove tags (or with --ai, AI tags) from files; tags a file lacks are ignored."))

/**
 * @since 0.1.0
 */
export const tagsCommand = Command.make("tags", {}, () =>
  Effect.fail(new UsageError({ message: "`imagekit tags` needs a subcommand: add or remove" }))
).pipe(
  Command.withDescription("Add or remove tags on files in bulk: `imagekit tags add|remove <fileId...> --tags a,b`."),
  Command.withSubcommands([tagsAdd, tagsRemove])
)
