/**
 * The `all` tier: deletes and folder moves, which remove what was there (`destructiveHint: true`). Off unless the
 * server is started with `--access all`.
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { checkFiles, FileIds, fileInScope, libraryPath, type ToolContext } from "../files.js"
import * as Scope from "../scope.js"
import { define, type Tool } from "../tool.js"
import { ToolError } from "../toolError.js"

const DESTRUCTIVE = { readOnlyHint: false, destructiveHint: true, openWorldHint: false } as const

/** The root (the library's, or `--root`) itself cannot be deleted or moved by a tool. */
const notTheRoot = (context: ToolContext, what: string, path: string): Effect.Effect<void, ToolError> =>
  path === context.scope.root
    ? Effect.fail(
        new ToolError({
          kind: "OutOfScope",
          message: `${what}: the root folder itself cannot be deleted or moved`,
          hint: 'name a folder inside the root, e.g. "/old"'
        })
      )
    : Effect.void

const deleteFile = (context: ToolContext): Tool =>
  define({
    name: "delete_file",
    description: "Delete a file and all its versions. It cannot be undone.",
    annotations: { title: "Delete a file", idempotentHint: true, ...DESTRUCTIVE },
    parameters: Schema.Struct({ fileId: Schema.String.annotations({ description: "The file's fileId." }) }),
    result: Schema.Struct({ deletedFileId: Schema.String }),
    run: (parameters) =>
      Effect.gen(function* () {
        if (context.scope.root !== "/") yield* fileInScope(context, parameters.fileId)
        yield* context.ik.deleteFile(parameters.fileId)
        return { deletedFileId: parameters.fileId }
      })
  })

const deleteFiles = (context: ToolContext): Tool =>
  define({
    name: "delete_files",
    description: "Delete several files and all their versions. It cannot be undone.",
    annotations: { title: "Delete files", idempotentHint: true, ...DESTRUCTIVE },
    parameters: Schema.Struct({ fileIds: FileIds(context.maxItems) }),
    result: Schema.Struct({ successfullyDeletedFileIds: Schema.Array(Schema.String) }),
    run: (parameters) =>
      Effect.gen(function* () {
        yield* checkFiles(context, parameters.fileIds)
        const answer = yield* context.ik.bulkDeleteFiles(parameters.fileIds)
        return { successfullyDeletedFileIds: answer.successfullyDeletedFileIds }
      })
  })

const deleteFolder = (context: ToolContext): Tool =>
  define({
    name: "delete_folder",
    description: "Delete a folder with every file and folder in it. It cannot be undone.",
    annotations: { title: "Delete a folder", idempotentHint: true, ...DESTRUCTIVE },
    parameters: Schema.Struct({
      folderPath: Schema.String.annotations({ description: 'The folder, e.g. "/old".' })
    }),
    result: Schema.Struct({ deletedFolderPath: Schema.String }),
    run: (parameters) =>
      Effect.gen(function* () {
        const folder = yield* libraryPath(context, "folderPath", parameters.folderPath)
        yield* notTheRoot(context, "folderPath", folder)
        yield* context.ik.deleteFolder(folder)
        return { deletedFolderPath: Scope.toAgent(context.scope, folder) ?? folder }
      })
  })

const deleteFileVersion = (context: ToolContext): Tool =>
  define({
    name: "delete_file_version",
    description: "Delete one older version of a file (not its current version). It cannot be undone.",
    annotations: { title: "Delete a file version", idempotentHint: true, ...DESTRUCTIVE },
    parameters: Schema.Struct({
      fileId: Schema.String.annotations({ description: "The file's fileId." }),
      versionId: Schema.String.annotations({ description: "The version's id (get_file with details: versionInfo)." })
    }),
    result: Schema.Struct({ fileId: Schema.String, deletedVersionId: Schema.String }),
    run: (parameters) =>
      Effect.gen(function* () {
        if (context.scope.root !== "/") yield* fileInScope(context, parameters.fileId)
        yield* context.ik.deleteFileVersion({ fileId: parameters.fileId, versionId: parameters.versionId })
        return { fileId: parameters.fileId, deletedVersionId: parameters.versionId }
      })
  })

const moveFolder = (context: ToolContext): Tool =>
  define({
    name: "move_folder",
    description:
      "Move a folder with everything in it into another folder (URLs of its files change). It runs as a job: " +
      "follow it with get_job_status and the jobId.",
    annotations: { title: "Move a folder", idempotentHint: false, ...DESTRUCTIVE },
    parameters: Schema.Struct({
      sourceFolderPath: Schema.String.annotations({ description: 'The folder to move, e.g. "/a/old".' }),
      destinationPath: Schema.String.annotations({ description: 'The folder to move it into, e.g. "/archive".' })
    }),
    result: Schema.Struct({ jobId: Schema.String }),
    run: (parameters) =>
      Effect.gen(function* () {
        const source = yield* libraryPath(context, "sourceFolderPath", parameters.sourceFolderPath)
        const destination = yield* libraryPath(context, "destinationPath", parameters.destinationPath)
        yield* notTheRoot(context, "sourceFolderPath", source)
        const answer = yield* context.ik.moveFolder({ sourceFolderPath: source, destinationPath: destination })
        return { jobId: answer.jobId }
      })
  })

/** The tools `all` adds to `write`, in the order `tools/list` gives them. */
export const allTools = (context: ToolContext): ReadonlyArray<Tool> => [
  deleteFile(context),
  deleteFiles(context),
  deleteFolder(context),
  deleteFileVersion(context),
  moveFolder(context)
]
