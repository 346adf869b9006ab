/**
 * Files as the tools give them: a summary by default (what an agent needs to pick a file and act on it), the
 * details on request; paths relative to the root either way. And the context every tool runs in.
 */
import type * as ImageKit from "@effect-imagekit/sdk/ImageKit"
import * as Schemas from "@effect-imagekit/sdk/Schemas"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Scope from "./scope.js"
import { ToolError } from "./toolError.js"

/** What the tools work with. */
export interface ToolContext {
  readonly ik: ImageKit.Service
  readonly scope: Scope.Scope
  /** The most items one call may list or act on (`--max-items`). */
  readonly maxItems: number
  /** Where files are served, for the purge tool's scope check. */
  readonly urlEndpoint: string
}

/** A file in a few fields. */
export const FileSummary = Schema.Struct({
  fileId: Schema.String,
  name: Schema.String,
  filePath: Schema.String,
  url: Schema.String,
  fileType: Schema.String,
  size: Schema.Number,
  width: Schema.optional(Schema.Number),
  height: Schema.optional(Schema.Number),
  tags: Schema.Array(Schema.String),
  createdAt: Schema.optional(Schema.String)
}).annotations({ identifier: "FileSummary" })

/** A file with every field ImageKit gives (`details: true`). */
export const FileDetails = Schemas.File

/** A file as an answer holds it: details when asked for, else the summary. */
export const FileEntry = Schema.Union(FileDetails, FileSummary)

type Stored = Schemas.File | Schema.Schema.Type<typeof Schemas.UploadResponse>

/** The file's path as the agent sees it; a file outside the root never gets here (`inScope`), so it stays as is. */
const agentPath = (context: ToolContext, filePath: string): string => Scope.toAgent(context.scope, filePath) ?? filePath

/** The summary of a stored file. */
export const summaryOf = (context: ToolContext, file: Stored): typeof FileSummary.Type => ({
  fileId: file.fileId,
  name: file.name,
  filePath: agentPath(context, file.filePath),
  url: file.url,
  fileType: file.fileType,
  size: file.size,
  ...(file.width === undefined ? {} : { width: file.width }),
  ...(file.height === undefined ? {} : { height: file.height }),
  tags: file.tags ?? [],
  ...("createdAt" in file ? { createdAt: file.createdAt } : {})
})

/** The file as an answer holds it. */
export const entryOf = (context: ToolContext, file: Schemas.File, details: boolean): typeof FileEntry.Type =>
  details ? { ...file, filePath: agentPath(context, file.filePath) } : summaryOf(context, file)

/** The agent's path as the library's, or an `OutOfScope` / `InvalidArguments` failure (nothing is sent). */
export const libraryPath = (context: ToolContext, what: string, text: string): Effect.Effect<string, ToolError> => {
  const resolved = Scope.toLibrary(context.scope, what, text)
  return resolved instanceof ToolError ? Effect.fail(resolved) : Effect.succeed(resolved.path)
}

const fileOutOfScope = (fileId: string) =>
  new ToolError({
    kind: "OutOfScope",
    message: `the file ${fileId} is outside the folder this server may use`,
    hint: "search_files lists the files this server may use"
  })

/** The file `fileId`, when it is inside the root (else `OutOfScope`, and nothing else is done). */
export const fileInScope = (
  context: ToolContext,
  fileId: string
): Effect.Effect<Schemas.File, ToolError | ImageKit.OperationError> =>
  Effect.flatMap(context.ik.getFileDetails(fileId), (file) =>
    Scope.contains(context.scope, file.filePath) ? Effect.succeed(file) : Effect.fail(fileOutOfScope(fileId))
  )

/**
 * Checks that every file of `fileIds` is inside the root before a tool acts on them; with no `--root` there is
 * nothing to check and nothing is asked.
 */
export const checkFiles = (
  context: ToolContext,
  fileIds: ReadonlyArray<string>
): Effect.Effect<void, ToolError | ImageKit.OperationError> =>
  context.scope.root === "/"
    ? Effect.void
    : Effect.forEach(fileIds, (fileId) => fileInScope(context, fileId), { concurrency: 4, discard: true })

/** Ids as the agent gives them: a short list of non-empty strings. */
export const FileIds = (maxItems: number) =>
  Schema.Array(Schema.String.pipe(Schema.minLength(1))).pipe(
    Schema.minItems(1),
    Schema.maxItems(maxItems),
    Schema.annotations({ description: `File ids (fileId from search_files), 1 to ${maxItems}.` })
  )

/** A name of one path segment: no "/" and no control character. */
export const SegmentName = Schema.String.pipe(
  Schema.minLength(1),
  Schema.maxLength(1024),
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  Schema.pattern(/^[^/\u0000-\u001f\u007f-\u009f]+$/, {
    message: () => "expected a name without / or control characters"
  })
)
