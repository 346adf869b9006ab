/**
 * The folder commands: `imagekit cp` and `mv` (a file, or a folder as a bulk job), `mkdir`, `rmdir` and `job`.
 *
 * Paths are media-library paths (see `folders-paths.ts`): `/photos/a.png` is a file or a folder, looked up before
 * anything changes; `/photos/` is a folder. The destination of `cp` and `mv` is always a folder, as in the API:
 * `cp /a/x.png /b` makes `/b/x.png`, `cp /a/ /b` makes `/b/a/`. Renaming is `imagekit rename`.
 *
 * Output: result lines on stdout; with `--json` stdout holds only the JSON shapes documented in
 * docs/cli/folders.md. `--wait` shows its progress on stderr (`wait.ts`).
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import type * as Schemas from "@effect-imagekit/sdk/Schemas"
import * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import { client } from "../client.js"
import { CommandFailure, ExitCode, UsageError } from "../errors.js"
import { type Rendered, runAction } from "../output.js"
import { orFail } from "../failures.js"
import {
  asFolder,
  asPath,
  type LibraryPath,
  libraryPath,
  nameOf,
  parentOf,
  printable,
  type SourceKind,
  sourceKind
} from "./folders-paths.js"
import { timeoutOption, type Waiting, waitOption, waitSeconds, waitWithProgress } from "./wait.js"

const json = Options.boolean("json").pipe(
  Options.withDescription("Print the result as JSON on stdout (shapes in docs/cli/folders.md), and nothing else there.")
)

const JOB_NOT_FOUND =
  "check the job id: `imagekit cp` and `imagekit mv` print it when they start copying or moving a folder"

const jobWaiting = (jobId: string): Waiting => ({
  label: `bulk job ${printable(jobId)}`,
  followUp: `imagekit job ${printable(jobId)}`
})

/** Hint for a folder that is not there: look in its parent. */
const lsParent = (path: LibraryPath): string => `run \`imagekit ls ${asFolder(parentOf(path))}\` to see what is there`

// ---------------------------------------------------------------------------------------------------------------
// cp, mv
// ---------------------------------------------------------------------------------------------------------------

type Transfer = "copy" | "move"

const VERBS = {
  copy: { done: "copied", doing: "copying", noun: "copy" },
  move: { done: "moved", doing: "moving", noun: "move" }
} as const

interface TransferFlags {
  readonly source: string
  readonly destination: string
  readonly includeVersions: boolean
  readonly json: boolean
  readonly wait: boolean
  readonly timeout: Option.Option<number>
}

/**
 * The `--json` of `cp` and `mv`: `includeFileVersions` only for `cp`; `jobId` is null for a file, `status` is the
 * job's final status after `--wait` and null otherwise.
 */
interface TransferJson {
  readonly type: SourceKind
  readonly source: string
  readonly destination: string
  readonly target: string
  readonly jobId: string | null
  readonly status: string | null
}

/** The keys in the documented order, `includeFileVersions` after `target` for `cp`. */
const transferJson = (transfer: Transfer, includeVersions: boolean, fields: TransferJson) => ({
  type: fields.type,
  source: fields.source,
  destination: fields.destination,
  target: fields.target,
  ...(transfer === "copy" ? { includeFileVersions: includeVersions } : {}),
  jobId: fields.jobId,
  status: fields.status
})

const runTransfer = (transfer: Transfer) => (flags: TransferFlags) =>
  runAction(
    flags.json,
    Effect.gen(function* () {
      const source = yield* libraryPath(flags.source, "source")
      const destination = yield* libraryPath(flags.destination, "destination")
      const seconds = yield* waitSeconds(flags.wait, flags.timeout)
      const { ik } = yield* client
      const kind = yield* sourceKind(ik, source)
      const verbs = VERBS[transfer]
      const rendered = (fields: TransferJson, lines: ReadonlyArray<string>): Rendered => ({
        json: transferJson(transfer, flags.includeVersions, fields),
        lines
      })

      if (kind === "file") {
        const target = `${asFolder(destination)}${nameOf(source)}`
        const file = { sourceFilePath: asPath(source), destinationPath: asFolder(destination) }
        yield* orFail({ notFound: lsParent(source) })(
          transfer === "copy" ? ik.copyFile({ ...file, includeFileVersions: flags.includeVersions }) : ik.moveFile(file)
        )
        const fields: TransferJson = {
          type: kind,
          source: asPath(source),
          destination: asFolder(destination),
          target,
          jobId: null,
          status: null
        }
        return rendered(fields, [`${verbs.done} ${asPath(source)} to ${target}`])
      }

      const folder = { sourceFolderPath: asFolder(source), destinationPath: asFolder(destination) }
      const started = yield* orFail({ notFound: lsParent(source) })(
        transfer === "copy"
          ? ik.copyFolder({ ...folder, includeFileVersions: flags.includeVersions })
          : ik.moveFolder(folder)
      )
      const jobId: string = started.jobId
      const target = `${asFolder(destination)}${nameOf(source)}/`
      const what = `${asFolder(source)} to ${target}`
      const fields: TransferJson = {
        type: kind,
        source: asFolder(source),
        destination: asFolder(destination),
        target,
        jobId,
        status: null
      }
      if (seconds === undefined) {
        return rendered(fields, [
          `${verbs.doing} ${what}: bulk job ${jobId}`,
          `\`imagekit job ${jobId}\` shows its status; --wait waits for it`
        ])
      }
      const job = yield* waitWithProgress(jobWaiting(jobId), seconds, JOB_NOT_FOUND, (options) =>
        ik.awaitBulkJob(jobId, options)
      )
      if (job.status !== "Completed") return yield* unfinished(job, `the ${verbs.noun} of ${what} (bulk job ${jobId})`)
      return rendered({ ...fields, status: job.status }, [`${verbs.done} ${what} (bulk job ${jobId})`])
    })
  )

/** A job that ended in another status than "Completed" (e.g. "Partial success"): exit 1, with ImageKit's words. */
const unfinished = (job: Schemas.BulkJobStatusResponse, what: string) =>
  new CommandFailure({
    kind: "BulkJobNotCompleted",
    message: `${what} ended with status "${job.status}"${job.message === undefined ? "" : `: ${job.message}`}`,
    hint: job.help ?? `\`imagekit job ${job.jobId}\` shows its status`,
    exitCode: ExitCode.failed
  })

const transferArgs = {
  source: Args.text({ name: "source" }).pipe(
    Args.withDescription("A file (/photos/a.png) or a folder (/photos/, or /photos when it is a folder).")
  ),
  destination: Args.text({ name: "destination" }).pipe(
    Args.withDescription("The folder to put it in (/backup/), created when missing.")
  ),
  json,
  wait: waitOption("a folder's bulk job"),
  timeout: timeoutOption
}

/**
 * @since 0.1.0
 */
export const cpCommand = Command.make(
  "cp",
  {
    ...transferArgs,
    includeVersions: Options.boolean("include-versions").pipe(
      Options.withDescription("Copy every version of the file(s), not only the current one.")
    )
  },
  runTransfer("copy")
).pipe(
  Command.withDescription(
    "Copy a file or a folder into a folder. A folder is copied by a bulk job at ImageKit: its id is printed, " +
      "and --wait waits for it."
  )
)

/**
 * @since 0.1.0
 */
export const mvCommand = Command.make("mv", transferArgs, (flags) =>
  runTransfer("move")({ ...flags, includeVersions: false })
).pipe(
  Command.withDescription(
    "Move a file or a folder into a folder. A folder is moved by a bulk job at ImageKit: its id is printed, " +
      "and --wait waits for it."
  )
)

// ---------------------------------------------------------------------------------------------------------------
// mkdir, rmdir
// ---------------------------------------------------------------------------------------------------------------

const folderPathArg = (description: string) => Args.text({ name: "folderPath" }).pipe(Args.withDescription(description))

/**
 * @since 0.1.0
 */
export const mkdirCommand = Command.make(
  "mkdir",
  { folderPath: folderPathArg("The folder to create, e.g. /photos/2024 (missing parents are created too)."), json },
  (flags) =>
    runAction(
      flags.json,
      Effect.gen(function* () {
        const path = yield* libraryPath(flags.folderPath, "folder path")
        if (path.segments.length === 0) {
          return yield* new UsageError({ message: "the root folder always exists: name a folder, e.g. /photos" })
        }
        const { ik } = yield* client
        const request = { folderName: nameOf(path), parentFolderPath: asFolder(parentOf(path)) }
        yield* orFail()(ik.createFolder(request))
        return {
          json: { folderPath: asFolder(path), ...request },
          lines: [`created folder ${asFolder(path)}`]
        } satisfies Rendered
      })
    )
).pipe(Command.withDescription("Create a folder (and its missing parents). An existing folder is left as it is."))

/**
 * @since 0.1.0
 */
export const rmdirCommand = Command.make(
  "rmdir",
  {
    folderPath: folderPathArg("The folder to delete, e.g. /photos/2024."),
    recursive: Options.boolean("recursive").pipe(
      Options.withAlias("r"),
      Options.withDescription("Also delete a folder that is not empty, with every file and folder in it.")
    ),
    json
  },
  (flags) =>
    runAction(
      flags.json,
      Effect.gen(function* () {
        const path = yield* libraryPath(flags.folderPath, "folder path")
        if (path.segments.length === 0) {
          return yield* new UsageError({ message: "the root folder cannot be deleted: name a folder, e.g. /photos" })
        }
        const folderPath = asFolder(path)
        const { ik } = yield* client
        // ImageKit deletes a folder with everything in it; like rmdir(1), only an empty one goes without asking.
        if (!flags.recursive) {
          const inside = yield* orFail()(ik.listFiles({ path: folderPath, type: "all", limit: 1 }))
          if (inside.length > 0) {
            return yield* new CommandFailure({
              kind: "FolderNotEmpty",
              message: `${folderPath} is not empty`,
              hint: `pass --recursive to delete it with everything in it, or see what is in it with \`imagekit ls ${folderPath}\``,
              exitCode: ExitCode.failed
            })
          }
        }
        yield* orFail({ notFound: lsParent(path) })(ik.deleteFolder(folderPath))
        return {
          json: { folderPath, recursive: flags.recursive },
          lines: [`deleted folder ${folderPath}${flags.recursive ? " and everything in it" : ""}`]
        } satisfies Rendered
      })
    )
).pipe(Command.withDescription("Delete an empty folder; with --recursive, a folder with everything in it (no undo)."))

// ---------------------------------------------------------------------------------------------------------------
// job
// ---------------------------------------------------------------------------------------------------------------

/** The `--json` of `job`: always `jobId`, `type`, `status`; the others only when ImageKit sends them. */
const jobJson = (job: Schemas.BulkJobStatusResponse) => ({
  jobId: job.jobId,
  type: job.type,
  status: job.status,
  ...(job.purgeRequestId === undefined ? {} : { purgeRequestId: job.purgeRequestId }),
  ...(job.message === undefined ? {} : { message: job.message }),
  ...(job.help === undefined ? {} : { help: job.help })
})

const jobLines = (job: Schemas.BulkJobStatusResponse): Array<string> => [
  `bulk job ${job.jobId} (${job.type}): ${job.status}`,
  ...(job.message === undefined ? [] : [`  ${job.message}`]),
  ...(job.help === undefined ? [] : [`  ${job.help}`]),
  ...(job.purgeRequestId === undefined ? [] : [`  purge request ${job.purgeRequestId}`])
]

/**
 * @since 0.1.0
 */
export const jobCommand = Command.make(
  "job",
  {
    jobId: Args.text({ name: "jobId" }).pipe(
      Args.withDescription("The id `imagekit cp` or `imagekit mv` printed for a folder.")
    ),
    json,
    wait: waitOption("the job"),
    timeout: timeoutOption
  },
  (flags) =>
    runAction(
      flags.json,
      Effect.gen(function* () {
        const seconds = yield* waitSeconds(flags.wait, flags.timeout)
        const { ik } = yield* client
        const job =
          seconds === undefined
            ? yield* orFail({ notFound: JOB_NOT_FOUND })(ik.getBulkJobStatus(flags.jobId))
            : yield* waitWithProgress(jobWaiting(flags.jobId), seconds, JOB_NOT_FOUND, (options) =>
                ik.awaitBulkJob(flags.jobId, options)
              )
        if (seconds !== undefined && job.status !== "Completed") {
          return yield* unfinished(job, `bulk job ${job.jobId}`)
        }
        return { json: jobJson(job), lines: jobLines(job) } satisfies Rendered
      })
    )
).pipe(
  Command.withDescription(
    "Show the status of a bulk job (a folder copy or move): Pending, then Completed. --wait waits until it is done."
  )
)
