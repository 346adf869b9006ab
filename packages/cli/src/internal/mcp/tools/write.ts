/**
 * The `write` tier: tools that add or change, but never delete a file or a folder. Those that can replace what was
 * there (tags or metadata replaced, a file moved or renamed, so its old URL stops working) say so with
 * `destructiveHint: true`.
 */
import * as Schemas from "@effect-imagekit/sdk/Schemas"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import {
  checkFiles,
  FileIds,
  FileSummary,
  fileInScope,
  libraryPath,
  SegmentName,
  summaryOf,
  type ToolContext
} from "../files.js"
import * as Scope from "../scope.js"
import { define, type Tool } from "../tool.js"
import { ToolError } from "../toolError.js"

const Tags = Schema.Array(Schema.String.pipe(Schema.minLength(1), Schema.maxLength(500))).pipe(Schema.maxItems(100))

/**
 * A field name. `__proto__` is refused: decoding a record assigns each key to a new object, and that one would set
 * the object's prototype instead of a field (input is data, never structure).
 */
const FieldName = Schema.String.pipe(
  Schema.filter((key) => key !== "__proto__", { message: () => "__proto__ is not a field name" })
)

const CustomMetadata = Schema.Record({ key: FieldName, value: Schema.Unknown }).annotations({
  description: 'Values by custom metadata field name (list_custom_metadata_fields), e.g. { "brand": "Acme" }.'
})

const FolderPath = (description: string) => Schema.String.annotations({ description })

/** Only an http(s) URL, without a user name or password in it, is passed to ImageKit to fetch. */
const checkedRemoteUrl = (text: string): Effect.Effect<string, ToolError> => {
  const refused = (why: string) =>
    Effect.fail(
      new ToolError({
        kind: "InvalidArguments",
        message: `url: ${why}`,
        hint: "give the full http(s) URL of the file, e.g. https://example.com/photo.jpg"
      })
    )
  try {
    const url = new URL(text)
    if (url.protocol !== "http:" && url.protocol !== "https:") return refused("expected an http or https URL")
    if (url.username !== "" || url.password !== "") return refused("credentials in the URL are not passed on")
    return Effect.succeed(url.href)
  } catch {
    return refused("not a URL")
  }
}

const uploadFromUrl = (context: ToolContext): Tool =>
  define({
    name: "upload_from_url",
    description:
      "Add a file to the media library from a public URL: ImageKit downloads it (this server never does). " +
      "It never replaces a file: with useUniqueFileName (the default) ImageKit adds a suffix to a taken name, " +
      "without it a taken name is an error.",
    annotations: {
      title: "Upload from a URL",
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: true
    },
    parameters: Schema.Struct({
      url: Schema.String.annotations({ description: "The file's http(s) URL, which ImageKit fetches." }),
      fileName: SegmentName.annotations({ description: 'The name to store it under, e.g. "shoe.jpg".' }),
      folder: Schema.optional(FolderPath('The folder to put it in, e.g. "/products"; default "/".')),
      tags: Schema.optional(Tags),
      useUniqueFileName: Schema.optional(
        Schema.Boolean.annotations({ description: "Add a suffix when the name is taken (default true)." })
      ),
      description: Schema.optional(Schema.String.pipe(Schema.maxLength(5000))),
      customMetadata: Schema.optional(CustomMetadata)
    }),
    result: Schema.Struct({ file: FileSummary }),
    run: (parameters) =>
      Effect.gen(function* () {
        const url = yield* checkedRemoteUrl(parameters.url)
        const folder = yield* libraryPath(context, "folder", parameters.folder ?? "/")
        const uploaded = yield* context.ik.upload({
          file: url,
          fileName: parameters.fileName,
          folder,
          useUniqueFileName: parameters.useUniqueFileName ?? true,
          // Never replace a file: the tool says it is not destructive.
          overwriteFile: false,
          ...(parameters.tags === undefined ? {} : { tags: parameters.tags }),
          ...(parameters.description === undefined ? {} : { description: parameters.description }),
          ...(parameters.customMetadata === undefined ? {} : { customMetadata: parameters.customMetadata })
        })
        if (!("fileId" in uploaded)) {
          // Only uploads with a pre-transformation are queued (HTTP 202), and this tool asks for none.
          return yield* new ToolError({
            kind: "ApiError",
            message: "ImageKit queued the upload instead of storing it",
            hint: "search_files by name in a moment"
          })
        }
        return { file: summaryOf(context, uploaded) }
      })
  })

const bulkTags = (context: ToolContext, mode: "add" | "remove"): Tool =>
  define({
    name: mode === "add" ? "add_tags" : "remove_tags",
    description:
      mode === "add"
        ? "Add tags to files; tags a file already has are kept once."
        : "Remove tags from files (AI tags are not touched).",
    annotations: {
      title: mode === "add" ? "Add tags" : "Remove tags",
      readOnlyHint: false,
      destructiveHint: mode === "remove",
      idempotentHint: true,
      openWorldHint: false
    },
    parameters: Schema.Struct({
      fileIds: FileIds(context.maxItems),
      tags: Tags.pipe(Schema.minItems(1))
    }),
    result: Schema.Struct({
      successfullyUpdatedFileIds: Schema.Array(Schema.String),
      errors: Schema.optional(Schema.Array(Schema.Struct({ fileId: Schema.String, error: Schema.String })))
    }),
    run: (parameters) =>
      Effect.gen(function* () {
        yield* checkFiles(context, parameters.fileIds)
        const answer = yield* (mode === "add" ? context.ik.bulkAddTags : context.ik.bulkRemoveTags)(
          parameters.fileIds,
          parameters.tags
        )
        return {
          successfullyUpdatedFileIds: answer.successfullyUpdatedFileIds,
          ...(answer.errors === undefined || answer.errors.length === 0
            ? {}
            : { errors: answer.errors.map((error) => ({ fileId: String(error.fileId), error: String(error.error) })) })
        }
      })
  })

const updateFile = (context: ToolContext): Tool =>
  define({
    name: "update_file",
    description:
      "Change a file's tags (the list given replaces them all; null removes them), description, custom metadata " +
      "(the fields given are set) or custom coordinates (x,y,width,height; null removes them).",
    annotations: {
      title: "Update a file",
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: true,
      openWorldHint: false
    },
    parameters: Schema.Struct({
      fileId: Schema.String.annotations({ description: "The file's fileId." }),
      tags: Schema.optional(Schema.NullOr(Tags)),
      description: Schema.optional(Schema.String.pipe(Schema.maxLength(5000))),
      customMetadata: Schema.optional(CustomMetadata),
      customCoordinates: Schema.optional(
        Schema.NullOr(Schema.String.annotations({ description: 'e.g. "10,10,100,100"' }))
      )
    }),
    result: Schema.Struct({ file: FileSummary }),
    run: (parameters) =>
      Effect.gen(function* () {
        const { fileId, ...changes } = parameters
        if (Object.keys(changes).length === 0) {
          return yield* new ToolError({
            kind: "InvalidArguments",
            message: "nothing to change: give tags, description, customMetadata or customCoordinates",
            hint: "add at least one of them"
          })
        }
        yield* fileInScope(context, fileId)
        const updated = yield* context.ik.updateFileDetails(fileId, changes)
        return { file: summaryOf(context, updated) }
      })
  })

const createFolder = (context: ToolContext): Tool =>
  define({
    name: "create_folder",
    description: "Create a folder (and its parents); an existing folder is left as it is.",
    annotations: {
      title: "Create a folder",
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false
    },
    parameters: Schema.Struct({
      folderName: SegmentName.annotations({ description: 'The new folder\'s name, e.g. "2024".' }),
      parentFolderPath: Schema.optional(FolderPath('Where to create it, e.g. "/photos"; default "/".'))
    }),
    result: Schema.Struct({ folderPath: Schema.String }),
    run: (parameters) =>
      Effect.gen(function* () {
        const parent = yield* libraryPath(context, "parentFolderPath", parameters.parentFolderPath ?? "/")
        yield* context.ik.createFolder({ folderName: parameters.folderName, parentFolderPath: parent })
        const created = parent === "/" ? `/${parameters.folderName}` : `${parent}/${parameters.folderName}`
        return { folderPath: Scope.toAgent(context.scope, created) ?? created }
      })
  })

const filePathParameters = {
  sourceFilePath: Schema.String.annotations({ description: 'The file\'s path, e.g. "/a/shoe.jpg".' }),
  destinationPath: FolderPath('The folder to put it in, e.g. "/b".')
}

/** The source and destination as library paths, and where the file lands (as the agent sees it). */
const transfer = (
  context: ToolContext,
  parameters: { readonly sourceFilePath: string; readonly destinationPath: string }
) =>
  Effect.gen(function* () {
    const source = yield* libraryPath(context, "sourceFilePath", parameters.sourceFilePath)
    const destination = yield* libraryPath(context, "destinationPath", parameters.destinationPath)
    if (source === context.scope.root) return yield* notAFile("sourceFilePath")
    const name = source.slice(source.lastIndexOf("/") + 1)
    const landed = destination === "/" ? `/${name}` : `${destination}/${name}`
    return { source, destination, landed: Scope.toAgent(context.scope, landed) ?? landed }
  })

const copyFile = (context: ToolContext): Tool =>
  define({
    name: "copy_file",
    description:
      "Copy a file into a folder. It keeps its name; a file of that name there gets the copy as its new current " +
      "version (the old one stays as a version).",
    annotations: {
      title: "Copy a file",
      readOnlyHint: false,
      // Over a file of the same name, the copy replaces its current version.
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: false
    },
    parameters: Schema.Struct({
      ...filePathParameters,
      includeFileVersions: Schema.optional(
        Schema.Boolean.annotations({ description: "Copy the file's older versions too." })
      )
    }),
    result: Schema.Struct({ filePath: Schema.String }),
    run: (parameters) =>
      Effect.gen(function* () {
        const { source, destination, landed } = yield* transfer(context, parameters)
        yield* context.ik.copyFile({
          sourceFilePath: source,
          destinationPath: destination,
          ...(parameters.includeFileVersions === undefined
            ? {}
            : { includeFileVersions: parameters.includeFileVersions })
        })
        return { filePath: landed }
      })
  })

const moveFile = (context: ToolContext): Tool =>
  define({
    name: "move_file",
    description: "Move a file into a folder. It keeps its name; its old URL stops working.",
    annotations: {
      title: "Move a file",
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: false
    },
    parameters: Schema.Struct(filePathParameters),
    result: Schema.Struct({ filePath: Schema.String }),
    run: (parameters) =>
      Effect.gen(function* () {
        const { source, destination, landed } = yield* transfer(context, parameters)
        yield* context.ik.moveFile({ sourceFilePath: source, destinationPath: destination })
        return { filePath: landed }
      })
  })

const notAFile = (what: string) =>
  Effect.fail(
    new ToolError({
      kind: "InvalidArguments",
      message: `${what}: expected a file's path, got the root folder`,
      hint: 'give the path of a file, e.g. "/photos/a.jpg"'
    })
  )

const renameFile = (context: ToolContext): Tool =>
  define({
    name: "rename_file",
    description:
      "Rename a file in its folder (its old URL stops working). With purgeCache, the old URL is also purged from " +
      "the CDN; the answer's purgeRequestId follows that purge (get_job_status).",
    annotations: {
      title: "Rename a file",
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: false
    },
    parameters: Schema.Struct({
      filePath: Schema.String.annotations({ description: 'The file\'s path, e.g. "/a/shoe.jpg".' }),
      newFileName: SegmentName.annotations({ description: 'The new name, e.g. "boot.jpg".' }),
      purgeCache: Schema.optional(Schema.Boolean.annotations({ description: "Purge the old URL from the CDN." }))
    }),
    result: Schema.Struct({ filePath: Schema.String, purgeRequestId: Schema.optional(Schema.String) }),
    run: (parameters) =>
      Effect.gen(function* () {
        const filePath = yield* libraryPath(context, "filePath", parameters.filePath)
        if (filePath === context.scope.root) return yield* notAFile("filePath")
        const answer = yield* context.ik.renameFile({
          filePath,
          newFileName: parameters.newFileName,
          ...(parameters.purgeCache === undefined ? {} : { purgeCache: parameters.purgeCache })
        })
        const renamed = `${filePath.slice(0, filePath.lastIndexOf("/"))}/${parameters.newFileName}`
        return {
          filePath: Scope.toAgent(context.scope, renamed) ?? renamed,
          ...(answer.purgeRequestId === undefined ? {} : { purgeRequestId: answer.purgeRequestId })
        }
      })
  })

const purgeCache = (context: ToolContext): Tool =>
  define({
    name: "purge_cache",
    description:
      "Drop a URL from ImageKit's CDN cache, so that the next request gets the current file; a URL ending in * " +
      "purges everything under it. Follow it with get_job_status and the purgeRequestId.",
    annotations: {
      title: "Purge a URL from the CDN cache",
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false
    },
    parameters: Schema.Struct({
      url: Schema.String.annotations({ description: "The full URL, as get_file or build_url gave it." })
    }),
    result: Schema.Struct({ purgeRequestId: Schema.String }),
    run: (parameters) =>
      Effect.gen(function* () {
        const url = yield* checkedRemoteUrl(parameters.url)
        if (!Scope.containsUrl(context.scope, context.urlEndpoint, parameters.url)) {
          return yield* new ToolError({
            kind: "OutOfScope",
            message: "the url is not one of this server's files",
            hint: `purge URLs of files inside the root, under ${context.urlEndpoint}`
          })
        }
        // Sent as given (a normalised URL could name another cached one); checked above.
        const answer = yield* context.ik.purgeCache(url === parameters.url ? url : parameters.url)
        return { purgeRequestId: answer.requestId }
      })
  })

const FieldType = Schema.Literal("Text", "Textarea", "Number", "Date", "Boolean", "SingleSelect", "MultiSelect")
const Scalar = Schema.Union(Schema.String, Schema.Number, Schema.Boolean)

const createCustomMetadataField = (context: ToolContext): Tool =>
  define({
    name: "create_custom_metadata_field",
    description:
      "Define a custom metadata field for the whole account (not only --root): its name (used in customMetadata " +
      "and searches), label and type, with optional rules.",
    annotations: {
      title: "Create a custom metadata field",
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: false
    },
    parameters: Schema.Struct({
      name: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200)),
      label: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200)),
      schema: Schema.Struct({
        type: FieldType,
        selectOptions: Schema.optional(Schema.Array(Scalar).pipe(Schema.maxItems(100))),
        defaultValue: Schema.optional(Schema.Union(Scalar, Schema.Array(Scalar))),
        isValueRequired: Schema.optional(Schema.Boolean),
        minValue: Schema.optional(Schema.Union(Schema.String, Schema.Number)),
        maxValue: Schema.optional(Schema.Union(Schema.String, Schema.Number)),
        minLength: Schema.optional(Schema.Number),
        maxLength: Schema.optional(Schema.Number)
      })
    }),
    result: Schema.Struct({ field: Schemas.CustomMetadataField }),
    run: (parameters) => Effect.map(context.ik.createCustomMetadataField(parameters), (field) => ({ field }))
  })

/** The tools `write` adds to `read`, in the order `tools/list` gives them. */
export const writeTools = (context: ToolContext): ReadonlyArray<Tool> => [
  uploadFromUrl(context),
  bulkTags(context, "add"),
  bulkTags(context, "remove"),
  updateFile(context),
  createFolder(context),
  copyFile(context),
  moveFile(context),
  renameFile(context),
  purgeCache(context),
  createCustomMetadataField(context)
]
