/**
 * The `read` tier: tools that change nothing (`readOnlyHint: true`, `destructiveHint: false`).
 */
import * as Schemas from "@effect-imagekit/sdk/Schemas"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { ANSWER_BUDGET, fittingCount } from "../fit.js"
import { entryOf, FileEntry, fileInScope, libraryPath, type ToolContext } from "../files.js"
import * as Scope from "../scope.js"
import { define, type Tool } from "../tool.js"
import { ToolError } from "../toolError.js"

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const

/** The search results that page on: the default page, and room for the answer's other fields in the budget. */
const DEFAULT_LIMIT = 20
const LIST_ROOM = ANSWER_BUDGET - 200

const SORTS = [
  "ASC_CREATED",
  "DESC_CREATED",
  "ASC_UPDATED",
  "DESC_UPDATED",
  "ASC_NAME",
  "DESC_NAME",
  "ASC_SIZE",
  "DESC_SIZE",
  "ASC_WIDTH",
  "DESC_WIDTH",
  "ASC_HEIGHT",
  "DESC_HEIGHT",
  "ASC_RELEVANCE",
  "DESC_RELEVANCE"
] as const

const details = Schema.optional(
  Schema.Boolean.annotations({
    description: "true: every field ImageKit has (metadata, versions, AI tags…); default: a summary of each file."
  })
)

const searchFiles = (context: ToolContext): Tool =>
  define({
    name: "search_files",
    description:
      "Find files in the media library, a page at a time. Combine `query` (ImageKit's search syntax, see the " +
      'resource imagekit://docs/search-query, e.g. `createdAt > "7d" AND format = "png"`), `folder` (that folder ' +
      "and below) and `tags` (any of them). An answer with `nextSkip` has more: call again with `skip: nextSkip`.",
    annotations: { title: "Search files", ...READ_ONLY },
    parameters: Schema.Struct({
      query: Schema.optional(
        Schema.String.pipe(
          Schema.maxLength(4000),
          Schema.annotations({ description: "A searchQuery in ImageKit's syntax (imagekit://docs/search-query)." })
        )
      ),
      folder: Schema.optional(
        Schema.String.annotations({
          description: 'Only files in this folder and below, e.g. "/products". Default "/".'
        })
      ),
      tags: Schema.optional(
        Schema.Array(Schema.String.pipe(Schema.minLength(1))).pipe(
          Schema.maxItems(50),
          Schema.annotations({ description: "Only files with at least one of these tags." })
        )
      ),
      sort: Schema.optional(Schema.Literal(...SORTS).annotations({ description: "Default ASC_CREATED." })),
      limit: Schema.optional(
        Schema.Number.pipe(
          Schema.int(),
          Schema.between(1, context.maxItems),
          Schema.annotations({
            description: `Files per page, 1 to ${context.maxItems}; default ${Math.min(DEFAULT_LIMIT, context.maxItems)}.`
          })
        )
      ),
      skip: Schema.optional(
        Schema.Number.pipe(
          Schema.int(),
          Schema.nonNegative(),
          Schema.annotations({ description: "Files to skip: the nextSkip of the previous page; default 0." })
        )
      ),
      details
    }),
    result: Schema.Struct({
      count: Schema.Number,
      nextSkip: Schema.optional(Schema.Number),
      truncated: Schema.optional(Schema.Boolean),
      files: Schema.Array(FileEntry)
    }),
    run: (parameters) =>
      Effect.gen(function* () {
        const limit = parameters.limit ?? Math.min(DEFAULT_LIMIT, context.maxItems)
        const skip = parameters.skip ?? 0
        const clauses: Array<string> = []
        const folder = yield* libraryPath(context, "folder", parameters.folder ?? "/")
        if (folder !== "/") clauses.push(`path : ${Scope.quoted(`${folder}/`)}`)
        if (parameters.tags !== undefined && parameters.tags.length > 0) {
          clauses.push(`tags IN [${parameters.tags.map(Scope.quoted).join(", ")}]`)
        }
        const query = parameters.query?.trim() ?? ""
        if (query !== "") {
          if (!Scope.balanced(query)) {
            return yield* new ToolError({
              kind: "InvalidArguments",
              message: "query: its parentheses or quotes do not balance",
              hint: 'close every "(" and quote, e.g. (tags IN ["a"] OR name : "b")'
            })
          }
          clauses.push(clauses.length === 0 ? query : `(${query})`)
        }
        // One more than the page, to know whether there is a next one.
        const listed = yield* context.ik.listFiles({
          ...(clauses.length === 0 ? {} : { searchQuery: clauses.join(" AND ") }),
          type: "file",
          skip,
          limit: limit + 1,
          ...(parameters.sort === undefined ? {} : { sort: parameters.sort })
        })
        const more = listed.length > limit
        // Each file with its position in ImageKit's list, to page on after those the scope or the budget leaves out.
        const files = listed
          .slice(0, limit)
          .flatMap((item, position) =>
            "fileId" in item && Scope.contains(context.scope, item.filePath)
              ? [{ position, entry: entryOf(context, item, parameters.details === true) }]
              : []
          )
        const fitting = fittingCount(
          files.map((file) => file.entry),
          LIST_ROOM
        )
        const cut = files[fitting]
        const nextSkip = cut !== undefined ? skip + cut.position : more ? skip + limit : undefined
        return {
          count: fitting,
          ...(nextSkip === undefined ? {} : { nextSkip }),
          ...(cut === undefined ? {} : { truncated: true }),
          files: files.slice(0, fitting).map((file) => file.entry)
        }
      })
  })

const getFile = (context: ToolContext): Tool =>
  define({
    name: "get_file",
    description: "One file by its fileId: a summary, or every field with `details: true`.",
    annotations: { title: "Get a file", ...READ_ONLY },
    parameters: Schema.Struct({
      fileId: Schema.String.annotations({ description: "The file's fileId (from search_files)." }),
      details
    }),
    result: Schema.Struct({ file: FileEntry }),
    run: (parameters) =>
      Effect.map(fileInScope(context, parameters.fileId), (file) => ({
        file: entryOf(context, file, parameters.details === true)
      }))
  })

const listCustomMetadataFields = (context: ToolContext): Tool =>
  define({
    name: "list_custom_metadata_fields",
    description:
      "The account's custom metadata fields (name, label, type and rules): what update_file's customMetadata " +
      "and search queries on customMetadata.<name> accept.",
    annotations: { title: "List custom metadata fields", ...READ_ONLY },
    parameters: Schema.Struct({
      includeDeleted: Schema.optional(Schema.Boolean.annotations({ description: "Also list deleted fields." }))
    }),
    result: Schema.Struct({ fields: Schemas.GetCustomMetadataFieldsResponse }),
    run: (parameters) =>
      Effect.map(
        context.ik.getCustomMetadataFields(
          parameters.includeDeleted === undefined ? {} : { includeDeleted: parameters.includeDeleted }
        ),
        (fields) => ({ fields })
      )
  })

/** A transformation step as ImageKit writes it, copied into the URL: nothing that could end the path segment. */
const Step = Schema.String.pipe(
  Schema.minLength(1),
  Schema.maxLength(2000),
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused with the rest
  Schema.pattern(/^[^\s/?#\\\u0000-\u001f\u007f-\u009f]+$/, {
    message: () => 'expected a step such as "w-300,h-200" (no spaces, "/", "?", "#" or "\\")'
  })
)

/** The longest a signed URL may stay valid: one year. */
const MAX_EXPIRE_SECONDS = 365 * 24 * 3600

const buildUrl = (context: ToolContext): Tool =>
  define({
    name: "build_url",
    description:
      "A delivery URL for a file path, with optional transformations (e.g. w-300,h-200 resizes; steps chain) and " +
      "an optional signature (`signed`, or `expireSeconds` for a URL that stops working after that long). " +
      "Nothing is sent to ImageKit.",
    annotations: { title: "Build a URL", ...READ_ONLY },
    parameters: Schema.Struct({
      path: Schema.String.annotations({ description: 'The file\'s path, e.g. "/products/shoe.jpg".' }),
      transformation: Schema.optional(
        Schema.Array(Step).pipe(
          Schema.maxItems(20),
          Schema.annotations({ description: 'Steps in ImageKit\'s syntax, e.g. ["w-300,h-200", "rt-90"].' })
        )
      ),
      signed: Schema.optional(Schema.Boolean.annotations({ description: "Sign the URL (ik-s)." })),
      expireSeconds: Schema.optional(
        Schema.Number.pipe(
          Schema.int(),
          Schema.between(1, MAX_EXPIRE_SECONDS),
          Schema.annotations({ description: "Sign the URL so that it expires this many seconds from now (ik-t)." })
        )
      )
    }),
    result: Schema.Struct({
      url: Schema.String,
      signed: Schema.Boolean,
      expiresAt: Schema.optional(Schema.String)
    }),
    run: (parameters) =>
      Effect.gen(function* () {
        const path = yield* libraryPath(context, "path", parameters.path)
        const signed = parameters.signed === true || parameters.expireSeconds !== undefined
        const now = Date.now()
        const url = yield* context.ik.url({
          path,
          ...(parameters.transformation === undefined || parameters.transformation.length === 0
            ? {}
            : { transformation: parameters.transformation.map((raw) => ({ raw })) }),
          ...(signed ? { signed: true } : {}),
          ...(parameters.expireSeconds === undefined ? {} : { expireSeconds: parameters.expireSeconds, now: () => now })
        })
        return {
          url,
          signed,
          ...(parameters.expireSeconds === undefined
            ? {}
            : { expiresAt: new Date(now + parameters.expireSeconds * 1000).toISOString() })
        }
      })
  })

const getJobStatus = (context: ToolContext): Tool =>
  define({
    name: "get_job_status",
    description:
      "The status of a folder copy or move (`jobId`, from move_folder) or of a cache purge (`purgeRequestId`, from " +
      "purge_cache or rename_file). Give exactly one.",
    annotations: { title: "Get a job's status", ...READ_ONLY },
    parameters: Schema.Struct({
      jobId: Schema.optional(Schema.String.annotations({ description: "A bulk job's id." })),
      purgeRequestId: Schema.optional(Schema.String.annotations({ description: "A purge request's id." }))
    }),
    result: Schema.Struct({
      jobId: Schema.optional(Schema.String),
      purgeRequestId: Schema.optional(Schema.String),
      type: Schema.optional(Schema.String),
      status: Schema.String
    }),
    run: (parameters) => {
      if ((parameters.jobId === undefined) === (parameters.purgeRequestId === undefined)) {
        return Effect.fail(
          new ToolError({
            kind: "InvalidArguments",
            message: "give exactly one of jobId and purgeRequestId",
            hint: "jobId comes from move_folder, purgeRequestId from purge_cache or rename_file"
          })
        )
      }
      if (parameters.jobId !== undefined) {
        return Effect.map(context.ik.getBulkJobStatus(parameters.jobId), (job) => ({
          jobId: job.jobId,
          type: job.type,
          status: job.status
        }))
      }
      const purgeRequestId = parameters.purgeRequestId ?? ""
      return Effect.map(context.ik.getPurgeCacheStatus(purgeRequestId), (purge) => ({
        purgeRequestId,
        status: purge.status
      }))
    }
  })

/** The `read` tools, in the order `tools/list` gives them. */
export const readTools = (context: ToolContext): ReadonlyArray<Tool> => [
  searchFiles(context),
  getFile(context),
  listCustomMetadataFields(context),
  buildUrl(context),
  getJobStatus(context)
]
