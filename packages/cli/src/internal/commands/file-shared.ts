/**
 * What `imagekit ls` and the file commands (`info`, `metadata`, `versions`, `restore`, `rm`, `rename`, `tags`) share:
 * the `--json` and `--tags` flags, how a file or a date is printed for people, and how a bulk operation that
 * changed some files and not others prints its result and still exits non-zero.
 */
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import type * as Schemas from "@effect-imagekit/sdk/Schemas"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { CommandFailure, type CredentialsError, ExitCode, ReportedFailure, type UsageError } from "../errors.js"
import { failureLine, type Rendered, runAction } from "../output.js"
import { err, type Stdio } from "../stdio.js"
import { formatBytes } from "../progress.js"

/** The 404 hint of every command that takes a file id. */
export const FILE_ID_HINT = "run `imagekit ls` to see file ids"

/** `--json`, described with the shape the command prints, so that `--help` documents it. */
export const jsonFlag = (shape: string) =>
  Options.boolean("json").pipe(
    Options.withDescription(
      `Print JSON on stdout instead of text: ${shape}. On a failure: {"error": {kind, message, hint, exitCode, status?}}.`
    )
  )

/** Comma-separated tags, trimmed, empty ones and repeats dropped: "a, b,,a" → ["a", "b"]. */
export const parseTagList = (text: string): ReadonlyArray<string> => [
  ...new Set(
    text
      .split(",")
      .map((tag) => tag.trim())
      .filter((tag) => tag.length > 0)
  )
]

/** The value of a `--tags` flag: at least one tag, or a usage error before anything is sent. */
export const tagsValue = (description: string) =>
  Options.text("tags").pipe(
    Options.withDescription(description),
    Options.mapEffect((text) => {
      const tags = parseTagList(text)
      return tags.length > 0
        ? Effect.succeed(tags)
        : Effect.fail(ValidationError.invalidValue(HelpDoc.p(`Invalid --tags "${text}": expected tags, e.g. a,b`)))
    })
  )

/** An API timestamp to the second, in UTC: "2026-01-02T03:04:05.678Z" → "2026-01-02T03:04:05Z". */
export const timestamp = (iso: string): string => {
  const millis = Date.parse(iso)
  // A value the API sends in another form is shown as it came rather than guessed at.
  return Number.isNaN(millis) ? iso : `${new Date(millis).toISOString().slice(0, 19)}Z`
}

/** `6 B`, `12.3 KiB (12600 bytes)`: the exact count once the unit rounds. */
export const sizeText = (bytes: number): string => {
  const short = formatBytes(bytes)
  return short.endsWith(" B") ? short : `${short} (${bytes} bytes)`
}

const list = (values: ReadonlyArray<string> | null | undefined): string =>
  values === null || values === undefined || values.length === 0 ? "-" : values.join(", ")

const yesNo = (value: boolean): string => (value ? "yes" : "no")

/** `key  value` lines, the values aligned; pairs whose value is `undefined` are left out. */
export const keyValues = (pairs: ReadonlyArray<readonly [string, string | undefined]>): Array<string> => {
  const present = pairs.flatMap(([key, value]) => (value === undefined ? [] : [[key, value] as const]))
  const width = Math.max(0, ...present.map(([key]) => key.length))
  return present.map(([key, value]) => `${key.padEnd(width)}  ${value}`.trimEnd())
}

const isEmptyRecord = (value: Readonly<Record<string, unknown>> | null | undefined): boolean =>
  value === null || value === undefined || Object.keys(value).length === 0

/** A file or file version for people: what `info`, `restore` and `versions <fileId> <versionId>` print. */
export const fileLines = (file: Schemas.File): Array<string> =>
  keyValues([
    ["fileId", file.fileId],
    ["name", file.name],
    ["path", file.filePath],
    ["type", file.type],
    ["fileType", file.mime === undefined ? file.fileType : `${file.fileType} (${file.mime})`],
    ["size", sizeText(file.size)],
    ["dimensions", file.width === undefined || file.height === undefined ? undefined : `${file.width}×${file.height}`],
    ["duration", file.duration === undefined ? undefined : `${file.duration} s`],
    [
      "version",
      file.versionInfo === null || file.versionInfo === undefined
        ? undefined
        : `${file.versionInfo.name} (${file.versionInfo.id})`
    ],
    ["tags", list(file.tags)],
    ["AITags", list(file.AITags?.map((tag) => tag.name))],
    ["private", yesNo(file.isPrivateFile)],
    ["published", file.isPublished === undefined ? undefined : yesNo(file.isPublished)],
    ["description", file.description],
    ["customCoordinates", file.customCoordinates ?? undefined],
    ["customMetadata", isEmptyRecord(file.customMetadata) ? undefined : JSON.stringify(file.customMetadata)],
    ["url", file.url],
    ["thumbnail", file.thumbnail ?? undefined],
    ["created", timestamp(file.createdAt)],
    ["updated", timestamp(file.updatedAt)]
  ])

/** A file a bulk operation did not change, and why (the API's `errors` items). */
export interface BulkError {
  readonly fileId: string
  readonly error: string
}

const NOT_FOUND = /not.?found|does not exist/i

/**
 * The failure of a bulk operation that left `errors.length` of `total` files unchanged: exit 3 when every one was
 * missing, else 1. `undefined` when nothing failed.
 */
export const bulkFailure = (
  errors: ReadonlyArray<BulkError>,
  total: number,
  what: string
): CommandFailure | undefined => {
  if (errors.length === 0) return undefined
  const missing = errors.every((error) => NOT_FOUND.test(error.error))
  const ids = errors.map((error) => error.fileId).join(", ")
  const count = `${errors.length} of ${total} file${total === 1 ? "" : "s"}`
  // One reason for all is said once; several are in the `--json` errors.
  const reasons = [...new Set(errors.map((error) => error.error))]
  const reason = reasons.length === 1 ? `: ${reasons[0]}` : ""
  return new CommandFailure({
    kind: missing ? "NotFound" : "PartialFailure",
    status: missing ? 404 : 207,
    message: `${missing ? "not found: " : ""}${count} ${what}: ${ids}${reason}`,
    hint: missing ? FILE_ID_HINT : (errors[0]?.error ?? ""),
    exitCode: missing ? ExitCode.notFound : ExitCode.failed
  })
}

/**
 * A command's output plus, when it did part of its work, the failure to report after printing it (the result
 * still goes to stdout, `--json` included, so that a script sees what did change).
 */
export interface Outcome extends Rendered {
  readonly failure?: CommandFailure | undefined
}

/** `runAction` for actions that may succeed in part: prints the result, then the failure line, and exits with its code. */
export const runOutcome = <R>(
  json: boolean,
  action: Effect.Effect<Outcome, CommandFailure | CredentialsError | UsageError, R | Scope.Scope>
): Effect.Effect<void, ReportedFailure | UsageError, Exclude<R, Scope.Scope> | Stdio> =>
  Effect.gen(function* () {
    // runAction prints only the Rendered part; the failure is kept here to report once the output is out.
    let failure: CommandFailure | undefined
    yield* runAction(
      json,
      Effect.tap(action, (outcome) =>
        Effect.sync(() => {
          failure = outcome.failure
        })
      )
    )
    const reported = failure
    if (reported === undefined) return
    yield* err(failureLine(reported))
    return yield* new ReportedFailure({ exitCode: reported.exitCode })
  })

/** Splits ids into the batches a bulk endpoint accepts (ImageKit: 50 for tags, 100 for deletes). */
export const batches = <A>(items: ReadonlyArray<A>, size: number): Array<ReadonlyArray<A>> => {
  const result: Array<ReadonlyArray<A>> = []
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size))
  return result
}
