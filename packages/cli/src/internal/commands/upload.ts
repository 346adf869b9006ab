/**
 * `imagekit upload <files...>`: uploads files from disk with `ImageKit.uploadMany`, keys from `IMAGEKIT_*`.
 *
 * Where output goes: the live progress display is drawn on stderr, only when stderr is a terminal. The result lines
 * (one per file as it finishes, then a summary) go to stdout; with `--json` stdout carries only the JSON array and the result lines
 * move to stderr. Exit codes: 0 all uploaded, 1 any failed (or no credentials), 2 usage errors.
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import * as Upload from "@effect-imagekit/sdk/Upload"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { client } from "../client.js"
import { ExitCode, ReportedFailure, UsageError } from "../errors.js"
import { resolveFiles } from "../files.js"
import { failOnInterrupt } from "../interruption.js"
import { type Display, makeDisplay } from "../display.js"
import { fromOperationError } from "../failures.js"
import { reportFailure } from "../output.js"
import { formatBytes, summaryLine } from "../progress.js"
import { err, Stdio } from "../stdio.js"

const MAX_CONCURRENCY = 64

const options = {
  folder: Options.text("folder").pipe(
    Options.withDescription("Folder to upload into, e.g. /photos (default: the root)."),
    Options.optional
  ),
  tags: Options.text("tags").pipe(
    Options.withDescription("Comma-separated tags for every file, e.g. holiday,2024."),
    Options.optional
  ),
  concurrency: Options.integer("concurrency").pipe(
    Options.withDescription(`Uploads at once, 1 to ${MAX_CONCURRENCY}.`),
    Options.withDefault(4),
    Options.mapEffect((value) =>
      Number.isInteger(value) && value >= 1 && value <= MAX_CONCURRENCY
        ? Effect.succeed(value)
        : Effect.fail(
            ValidationError.invalidValue(
              HelpDoc.p(`Invalid --concurrency ${value}: expected 1 to ${MAX_CONCURRENCY}, e.g. 4`)
            )
          )
    )
  ),
  // @effect/cli booleans default to false, so the flag is the opt-out; --use-unique-file-name states the default.
  noUniqueFileName: Options.boolean("no-unique-file-name", { negationNames: ["use-unique-file-name"] }).pipe(
    Options.withDescription(
      "--no-unique-file-name keeps each file's name as it is (replacing a file at the same path); " +
        "--use-unique-file-name, the default, lets ImageKit add a unique suffix."
    )
  ),
  json: Options.boolean("json").pipe(
    Options.withDescription("Print a JSON array of per-file outcomes on stdout, and nothing else there.")
  ),
  v2: Options.boolean("v2").pipe(Options.withDescription("Upload through ImageKit's v2 API (/api/v2/files/upload).")),
  token: Options.text("token").pipe(
    Options.withDescription(
      "With --v2: a token from `imagekit token` for one file; the upload sends exactly the fields it signs, and no key."
    ),
    Options.optional
  )
}

const files = Args.text({ name: "files" }).pipe(
  Args.withDescription("Files to upload; `*` and `?` in the file name are expanded (photos/*.jpg)."),
  Args.atLeast(1)
)

type Flags = Command.Command.ParseConfig<typeof options> & { readonly files: ReadonlyArray<string> }

interface Outcome {
  readonly path: string
  readonly ok: boolean
  readonly fileId?: string
  readonly filePath?: string
  readonly size: number
  readonly error?: { readonly tag: string; readonly message: string }
}

const parseTags = (text: string): ReadonlyArray<string> =>
  text
    .split(",")
    .map((tag) => tag.trim())
    .filter((tag) => tag.length > 0)

const resultLine = (outcome: Outcome, hint: string): string => {
  if (outcome.ok) {
    const where = outcome.filePath === undefined ? "accepted (processing on ImageKit)" : outcome.filePath
    const id = outcome.fileId === undefined ? "" : `, fileId ${outcome.fileId}`
    return `uploaded ${outcome.path} → ${where} (${formatBytes(outcome.size)}${id})`
  }
  const message = outcome.error?.message ?? "unknown error"
  return `failed ${outcome.path}: ${message}${hint === "" ? "" : ` (${hint})`}`
}

/**
 * The fields a v2 token signs, which its upload must send exactly (the server compares them): read from the token's
 * claims, not checked (only the server holds the key). One file per token; no other field flag goes with it.
 */
const BOOLEAN_FIELDS: ReadonlySet<string> = new Set([
  "useUniqueFileName",
  "isPrivateFile",
  "isPublished",
  "overwriteFile",
  "overwriteAITags",
  "overwriteTags",
  "overwriteCustomMetadata"
])
const JSON_FIELDS: ReadonlySet<string> = new Set(["customMetadata", "extensions", "transformation"])

const tokenFields = (
  token: string,
  flags: Flags,
  files: number
): Effect.Effect<Readonly<Record<string, unknown>> & { readonly fileName?: string }, UsageError> => {
  const usage = (message: string) => Effect.fail(new UsageError({ message }))
  if (!flags.v2) return usage("--token needs --v2: tokens authenticate v2 uploads")
  if (files !== 1) return usage(`--token uploads one file, got ${files}: mint a token per file with \`imagekit token\``)
  if (Option.isSome(flags.folder) || Option.isSome(flags.tags) || flags.noUniqueFileName) {
    return usage("--token signs the upload's fields: pass them to `imagekit token --param`, not here")
  }
  try {
    const payload = token.split(".")[1] ?? ""
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"))
    if (typeof claims !== "object" || claims === null || Array.isArray(claims)) throw new Error("not an object")
    // Claims are the form's text; the SDK takes flags as booleans and JSON fields as data, and sends them back as
    // the same text.
    const fields: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(claims)) {
      if (key === "iat" || key === "exp") continue
      const text = typeof value === "string" ? value : JSON.stringify(value)
      fields[key] =
        BOOLEAN_FIELDS.has(key) && (text === "true" || text === "false")
          ? text === "true"
          : JSON_FIELDS.has(key)
            ? JSON.parse(text)
            : text
    }
    return Effect.succeed(fields)
  } catch {
    return usage("--token is not a token from `imagekit token` (header.payload.signature)")
  }
}

const run = (flags: Flags) =>
  Effect.gen(function* () {
    const resolved = resolveFiles(flags.files)
    if (resolved._tag === "Invalid") return yield* new UsageError({ message: resolved.message })
    const paths = resolved.paths
    const { ik } = yield* client
    const sources = yield* Effect.forEach(paths, (path) =>
      Upload.fromPath(path).pipe(
        Effect.mapError((error) => new UsageError({ message: `cannot read ${path}: ${error.help}` }))
      )
    )
    const tags = Option.map(flags.tags, parseTags)
    const folder = Option.getOrUndefined(flags.folder)
    const token = Option.getOrUndefined(flags.token)
    const signed = token === undefined ? undefined : yield* tokenFields(token, flags, paths.length)
    const items = sources.map(
      (file): Upload.UploadManyItem =>
        signed !== undefined && token !== undefined
          ? { file, ...signed, fileName: signed.fileName ?? file.name, token }
          : {
              file,
              fileName: file.name,
              useUniqueFileName: !flags.noUniqueFileName,
              ...(folder === undefined ? {} : { folder }),
              ...(Option.isSome(tags) && tags.value.length > 0 ? { tags: tags.value } : {})
            }
    )

    const stdio = yield* Stdio
    const write = (line: string) => (flags.json ? stdio.stderr : stdio.stdout).write(`${line}\n`)
    const display: Display | undefined = stdio.stderr.isTTY
      ? yield* makeDisplay(
          stdio.stderr,
          sources.map((source, index) => ({ name: paths[index] ?? source.name, total: source.size }))
        )
      : undefined

    /** The outcome of one file, and its result line (printed as the file settles, above the live display). */
    const toOutcome = (result: Upload.UploadOutcome): { readonly outcome: Outcome; readonly line: string } => {
      const path = paths[result.index] ?? result.fileName
      const size = sources[result.index]?.size ?? 0
      if (result._tag === "Failed") {
        const { message, hint } = fromOperationError(result.error, { host: "upload" })
        const outcome: Outcome = { path, ok: false, size, error: { tag: result.error._tag, message } }
        return { outcome, line: resultLine(outcome, hint) }
      }
      const stored = "fileId" in result.result ? result.result : undefined
      const outcome: Outcome = {
        path,
        ok: true,
        ...(stored === undefined ? {} : { fileId: stored.fileId, filePath: stored.filePath }),
        size
      }
      return { outcome, line: resultLine(outcome, "") }
    }
    const printResult = (result: Upload.UploadOutcome) => {
      const { line } = toOutcome(result)
      if (display === undefined) write(line)
      else display.settle(result.index, () => write(line))
    }

    const started = Date.now()
    yield* failOnInterrupt(ExitCode.interrupted)
    const results = yield* ik.uploadMany(items, {
      concurrency: flags.concurrency,
      api: flags.v2 ? "v2" : "v1",
      onSettled: printResult,
      ...(display === undefined ? {} : { onProgress: display.progress })
    })
    const elapsedMillis = Date.now() - started
    if (display !== undefined) display.stop()

    // In input order for --json; the lines above came in the order the files finished.
    const outcomes = results.map((result) => toOutcome(result).outcome)
    const failed = outcomes.filter((outcome) => !outcome.ok).length
    const uploadedBytes = outcomes.reduce((sum, outcome) => sum + (outcome.ok ? outcome.size : 0), 0)
    write(summaryLine({ uploaded: outcomes.length - failed, failed, elapsedMillis, bytes: uploadedBytes }))
    if (flags.json) stdio.stdout.write(`${JSON.stringify(outcomes, null, 2)}\n`)
    if (failed > 0) return yield* new ReportedFailure()
  }).pipe(
    Effect.scoped,
    // E.g. the embedded emulator could not start: its line, and under --json its error object on stdout.
    Effect.catchTag("CommandFailure", (failure) => reportFailure(flags.json, failure)),
    // After the scope: the live display is erased before this line is printed.
    // Stopped because stdout's reader went away (`| head -1`): quietly, as Unix tools do.
    Effect.onInterrupt(() =>
      Effect.flatMap(Stdio, (stdio) =>
        stdio.isStdoutClosed()
          ? Effect.void
          : err("imagekit: interrupted: the uploads in progress were stopped; files already uploaded stay uploaded")
      )
    )
  )

/**
 * @since 0.1.0
 */
export const uploadCommand = Command.make("upload", { ...options, files }, run).pipe(
  Command.withDescription(
    "Upload files to ImageKit with a progress bar. Keys come from IMAGEKIT_PUBLIC_KEY, IMAGEKIT_PRIVATE_KEY and " +
      "IMAGEKIT_URL_ENDPOINT (and IMAGEKIT_API_BASE_URL / IMAGEKIT_UPLOAD_BASE_URL); with none set, the embedded " +
      "emulator is used."
  )
)
