/**
 * What an upload that failed without an answer got done, said in its error: how many file bytes went out and whether
 * the server may have stored the file (`UploadState`). The reading is always the safe one: "not stored" only when the
 * server cannot have the whole body.
 */
import * as Effect from "effect/Effect"
import type { ImageKitRequest, Progress } from "../ImageKitRequest.js"
import { type CallError, RateLimitError, RequestError, TimeoutError, UploadState } from "../ImageKitError.js"
import { NOT_SENT_CODES } from "./retryPolicy.js"
import { CallbackError } from "./transportError.js"
import { SourceError } from "./uploadSources.js"

/** How far an attempt got (the sender's view of one attempt). */
export interface AttemptProgress {
  readonly phase: "Connect" | "Body" | "Sent"
  readonly bytesSent: number
}

/**
 * A search that finds a stored upload by its name, also when ImageKit stored it as `<stem>_<suffix>.<ext>`
 * (`useUniqueFileName`, the default): a prefix match on the stem, quotes and backslashes escaped.
 */
export const searchFor = (fileName: string): string => {
  const dot = fileName.lastIndexOf(".")
  const stem = dot > 0 ? fileName.slice(0, dot) : fileName
  return `name : "${stem.replace(/["\\]/g, (character) => `\\${character}`)}"`
}

/** The same `RequestError` with some fields replaced (a spread would lose `message`, an `Error` own property). */
const copyRequestError = (
  error: RequestError,
  changes: { readonly message?: string; readonly upload?: UploadState; readonly notRetried?: "SourceConsumed" }
): RequestError =>
  new RequestError(
    {
      reason: error.reason,
      ...(error.code === undefined ? {} : { code: error.code }),
      method: error.method,
      url: error.url,
      message: changes.message ?? error.message,
      ...(error.detail === undefined ? {} : { detail: error.detail }),
      ...(error.upload === undefined ? {} : { upload: error.upload }),
      ...(error.notRetried === undefined ? {} : { notRetried: error.notRetried }),
      ...(changes.upload === undefined ? {} : { upload: changes.upload }),
      ...(changes.notRetried === undefined ? {} : { notRetried: changes.notRetried })
    },
    true
  )

/** The failure marked as not retried because its read-once upload source was already read. */
export const markSourceConsumed = (error: CallError): CallError => {
  if (error._tag === "RequestError") return copyRequestError(error, { notRetried: "SourceConsumed" })
  if (error._tag === "RateLimitError") {
    const { limit, reset, interval, metadata, body } = error
    return new RateLimitError(
      { limit, reset, interval, metadata, notRetried: "SourceConsumed", ...(body === undefined ? {} : { body }) },
      true
    )
  }
  return error
}

/** An upload's failure with what is known about the server's state. */
export const annotateUpload =
  (request: ImageKitRequest, attempt: AttemptProgress, totalBytes: number | undefined) =>
  (error: CallError): CallError => {
    const fileName = request.attributes["imagekit.file_name"] ?? ""
    const folder = request.attributes["imagekit.folder_path"]
    // "NotSent" is known from the failure itself (a refused connection): whatever a transport had read ahead of the
    // connection, no byte of it reached the server.
    const state = (outcome: UploadState["outcome"]) =>
      new UploadState(
        {
          fileName,
          ...(folder === undefined ? {} : { folder }),
          bytesSent: outcome === "NotSent" ? 0 : attempt.bytesSent,
          ...(totalBytes === undefined ? {} : { totalBytes }),
          outcome
        },
        true
      )
    const where = folder === undefined ? "" : ` in ${folder}`
    if (error._tag === "RequestError" && error.upload === undefined) {
      const outcome: UploadState["outcome"] =
        (error.code !== undefined && NOT_SENT_CODES.has(error.code)) ||
        error.reason === "InvalidUrl" ||
        attempt.phase === "Connect"
          ? "NotSent"
          : attempt.phase === "Sent" && error.reason === "Transport"
            ? "Unknown"
            : "Incomplete"
      const detail =
        outcome === "Unknown"
          ? `the whole file was sent (${attempt.bytesSent} bytes) but the connection closed before ImageKit answered, so ${fileName}${where} may or may not be stored. It was not retried, so that it cannot be stored twice: a few seconds later, look for it (listFiles with${folder === undefined ? "" : ` path "${folder}" and`} searchQuery '${searchFor(fileName)}', which also finds a unique-suffixed name) before uploading it again.`
          : outcome === "Incomplete"
            ? `the body was cut off after ${attempt.bytesSent} file bytes, so ${fileName}${where} is not stored.`
            : `nothing reached the server, so ${fileName}${where} is not stored.`
      return copyRequestError(error, {
        message: `${error.message.replace(/[.:]?$/, "")}; ${detail}`,
        upload: state(outcome)
      })
    }
    if (error._tag === "TimeoutError" && error.upload === undefined) {
      const outcome: UploadState["outcome"] =
        attempt.phase === "Sent" ? "Unknown" : attempt.phase === "Body" ? "Incomplete" : "NotSent"
      const { scope, timeoutMillis, method, url } = error
      return new TimeoutError({ scope, timeoutMillis, method, url, upload: state(outcome) }, true)
    }
    return error
  }

/**
 * The progress callback of one attempt: `report` for the body stream (a throw there fails the body, so the call,
 * typed), `reported` as an effect for the first and last reports around the exchange.
 */
export const progressReporter = (
  onProgress: ((progress: Progress) => void) | undefined,
  totalBytes: number | undefined,
  attempt: number,
  method: string,
  url: string
) => {
  const report = (bytesSent: number) => {
    if (onProgress === undefined) return
    try {
      onProgress({ bytesSent, totalBytes, attempt })
    } catch (cause) {
      const why = cause instanceof Error ? cause.message : String(cause)
      throw new CallbackError({
        reason: "SourceFailed",
        message: `The onProgress callback threw (${why}), so the upload was stopped`,
        cause
      })
    }
  }
  const reported = (bytesSent: number) =>
    Effect.try({
      try: () => report(bytesSent),
      catch: (error) =>
        new RequestError({
          reason: "Encode",
          method,
          url,
          message: error instanceof SourceError ? error.message : String(error)
        })
    })
  return { report, reported }
}
