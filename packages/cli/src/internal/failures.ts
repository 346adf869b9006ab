/**
 * The one place where an SDK error becomes what the CLI says and how it exits: a {@link CommandFailure} with a
 * message (what happened), a hint (what to do next, said once), a kind (the error's tag, for `--json`) and an exit
 * code. Every command, `upload`'s per-file lines included, goes through {@link fromOperationError}.
 *
 * An answer from ImageKit is recognised by its HTTP `status`, not by its class: `ApiError` today, and the errors
 * typed by status (`NotFoundError`, `AuthenticationError`, `PermissionError`, `ConflictError`) map by the same
 * rule — 401/403 not permitted (exit 4), 404 not found (exit 3), anything else failed (exit 1) — with no change
 * here. The other errors are told apart by `_tag`.
 *
 * The messages are the CLI's own, built from the errors' fields: the SDK's texts name its options
 * (`apiBaseUrl`, `uploadBaseUrl`), while a CLI user sets IMAGEKIT_API_BASE_URL / IMAGEKIT_UPLOAD_BASE_URL, and a
 * hint must not repeat the message's own advice.
 */
import type { OperationError } from "@effect-imagekit/sdk/ImageKit"
import type { TimeoutError, UploadState } from "@effect-imagekit/sdk/ImageKitError"
import * as Effect from "effect/Effect"
import { CommandFailure, ExitCode } from "./errors.js"

/** What the command was doing, for the hints. */
export interface FailureContext {
  /** The hint for a 404, by what the command was looking for, e.g. "run `imagekit ls` to see file ids". */
  readonly notFound?: string | undefined
  /** Which of ImageKit's hosts the call went to: uploads go to IMAGEKIT_UPLOAD_BASE_URL. Default "api". */
  readonly host?: "api" | "upload" | undefined
}

/** The HTTP status of an error that is ImageKit's answer (`ApiError` and the errors typed by status). */
export const statusOf = (error: OperationError): number | undefined =>
  "status" in error && typeof error.status === "number" ? error.status : undefined

/** The exit code for an answer with `status`. */
export const exitCodeForStatus = (status: number): number =>
  status === 401 || status === 403 ? ExitCode.notPermitted : status === 404 ? ExitCode.notFound : ExitCode.failed

const variableOf = (context: FailureContext): string =>
  context.host === "upload" ? "IMAGEKIT_UPLOAD_BASE_URL" : "IMAGEKIT_API_BASE_URL"

/** `https://upload.imagekit.io` from the URL an error names; the URL itself when it does not parse. */
const originOf = (url: string): string => {
  try {
    return new URL(url).origin
  } catch {
    return url
  }
}

const seconds = (millis: number): string => `${Math.round(millis / 100) / 10} s`

/** What an upload cut short means for the file, from the SDK's account of how far it got. */
const uploadOutcome = (upload: UploadState): string => {
  const file = `${upload.folder === undefined ? "" : `${upload.folder.replace(/\/?$/, "/")}`}${upload.fileName}`
  switch (upload.outcome) {
    case "NotSent":
      return `nothing reached the server, so ${file} is not stored`
    case "Incomplete":
      return `the upload was cut off after ${upload.bytesSent} bytes, so ${file} is not stored`
    case "Unknown":
      return (
        `the whole file was sent but no answer came back, so ${file} may be stored: ` +
        "look for it (`imagekit ls`) before uploading it again"
      )
  }
}

const timeoutMessage = (error: TimeoutError): string => {
  const host = originOf(error.url)
  if (error.upload !== undefined && error.scope === "attempt") {
    return (
      `the upload of ${error.upload.fileName} to ${host} made no progress for ${seconds(error.timeoutMillis)} ` +
      `(${error.upload.bytesSent} bytes sent); ${uploadOutcome(error.upload)}`
    )
  }
  const retries = error.scope === "call" ? ", retries included" : ""
  return `${host} did not answer within ${seconds(error.timeoutMillis)}${retries}`
}

const answered = (error: OperationError, status: number, context: FailureContext): CommandFailure => {
  const help = "help" in error && typeof error.help === "string" ? error.help : ""
  const exitCode = exitCodeForStatus(status)
  const failure = (message: string, hint: string) =>
    new CommandFailure({ kind: error._tag, status, message, hint, exitCode })
  if (exitCode === ExitCode.notPermitted) {
    return failure(
      `not permitted (HTTP ${status}): ${error.message}`,
      "check IMAGEKIT_PRIVATE_KEY and IMAGEKIT_PUBLIC_KEY, and that the key may do this"
    )
  }
  if (exitCode === ExitCode.notFound) {
    return failure(`not found: ${error.message}`, context.notFound ?? (help === "" ? "" : help))
  }
  if (status >= 500)
    return failure(`HTTP ${status}: ${error.message}`, "ImageKit failed to answer; try again in a moment")
  return failure(`HTTP ${status}: ${error.message}`, help === "" ? "see `imagekit <command> --help`" : help)
}

/** An SDK error as a printable failure with a hint and an exit code. */
export const fromOperationError = (error: OperationError, context: FailureContext = {}): CommandFailure => {
  const status = statusOf(error)
  if (status !== undefined) return answered(error, status, context)
  switch (error._tag) {
    case "InvalidInputError":
      return new CommandFailure({
        kind: error._tag,
        message: error.message,
        hint: error.help,
        exitCode: ExitCode.usage
      })
    case "RateLimitError": {
      const per = Number.isFinite(error.limit) && Number.isFinite(error.interval)
      const reset = Number.isFinite(error.reset) ? `after ${error.reset} ms` : "in a moment"
      return new CommandFailure({
        kind: error._tag,
        status: error.metadata.statusCode,
        message: `ImageKit's rate limit was reached${per ? ` (${error.limit} requests per ${error.interval} ms)` : ""}`,
        hint: `run the command again ${reset}`,
        exitCode: ExitCode.failed
      })
    }
    case "ResponseDecodeError":
      return new CommandFailure({
        kind: error._tag,
        status: error.metadata.statusCode,
        message: error.message,
        hint: "the answer was not what ImageKit documents; report it with the command you ran",
        exitCode: ExitCode.failed
      })
    case "RequestError": {
      if (error.reason === "Encode") {
        // Reading the file failed: the SDK's message says which and that nothing was stored.
        return new CommandFailure({ kind: error._tag, message: error.message, hint: "", exitCode: ExitCode.failed })
      }
      if (error.reason === "InvalidUrl") {
        return new CommandFailure({
          kind: error._tag,
          message: `${error.url} is not a URL a request can be sent to`,
          hint: `check ${variableOf(context)}`,
          exitCode: ExitCode.failed
        })
      }
      const code = error.code === undefined ? "" : ` (${error.code})`
      const outcome = error.upload === undefined ? "" : `; ${uploadOutcome(error.upload)}`
      return new CommandFailure({
        kind: error._tag,
        message: `could not reach ${originOf(error.url)}${code}${outcome}`,
        hint: `check the network, and ${variableOf(context)} if you set it`,
        exitCode: ExitCode.failed
      })
    }
    case "TimeoutError":
      return new CommandFailure({
        kind: error._tag,
        message: timeoutMessage(error),
        hint: `try again; if it keeps happening, check the network and ${variableOf(context)}`,
        exitCode: ExitCode.failed
      })
    default:
      return new CommandFailure({ kind: "Error", message: String(error), hint: "", exitCode: ExitCode.failed })
  }
}

/** Fails with the printable form of an SDK error; `context` adds the hint for a 404 and names the host. */
export const orFail =
  (context: FailureContext = {}) =>
  <A, R>(self: Effect.Effect<A, OperationError, R>): Effect.Effect<A, CommandFailure, R> =>
    Effect.mapError(self, (error) => fromOperationError(error, context))
