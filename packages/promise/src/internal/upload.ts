/**
 * What the adapter adds to the SDK's `upload` for Promise callers: the per-call `onProgress` and `signal` options,
 * taken out of the v6 options so they are never sent as form fields, and the error an aborted upload rejects with.
 *
 * Every `file` goes to the SDK as given. Streams (a Node `Readable`, a web `ReadableStream`, an Effect `Stream`) are
 * read only as the body is written, never into memory first (docs/decisions/0009-streaming-uploads.md); an earlier
 * version read them whole so that a retry could resend them, which cost their size in memory.
 */
import type * as ImageKit from "@effect-imagekit/sdk/ImageKit"
import * as Upload from "@effect-imagekit/sdk/Upload"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"

/** The options of one upload, split into what the SDK sends and what only steers the call. */
export interface PreparedUpload {
  readonly options: ImageKit.UploadOptions
  readonly fileName: string
  readonly onProgress: ((progress: Upload.Progress) => void) | undefined
  readonly signal: AbortSignal | undefined
}

const isAbortSignal = (u: unknown): u is AbortSignal =>
  typeof AbortSignal !== "undefined"
    ? u instanceof AbortSignal
    : typeof u === "object" &&
      u !== null &&
      typeof (u as { readonly aborted?: unknown }).aborted === "boolean" &&
      typeof (u as { readonly addEventListener?: unknown }).addEventListener === "function"

/**
 * Takes `onProgress` (a function) and `signal` (an `AbortSignal`) out of the options. Only these two values are
 * removed, so every other key keeps its place in the form; a key of that name with another kind of value is a form
 * field, as in v6. Without either key the caller's object is passed on untouched (no copy, getters read once).
 */
export const prepare = (input: unknown): PreparedUpload => {
  try {
    return split(input)
  } catch {
    // A Proxy or getter that throws: the options go on as given, and the v6 builder reports them as unreadable.
    return { options: input as ImageKit.UploadOptions, fileName: "", onProgress: undefined, signal: undefined }
  }
}

const split = (input: unknown): PreparedUpload => {
  const record = typeof input === "object" && input !== null ? (input as Record<string, unknown>) : undefined
  const onProgress =
    record !== undefined && Object.hasOwn(record, "onProgress") && typeof record.onProgress === "function"
      ? (record.onProgress as (progress: Upload.Progress) => void)
      : undefined
  const signal =
    record !== undefined && Object.hasOwn(record, "signal") && isAbortSignal(record.signal) ? record.signal : undefined
  const fileName = record !== undefined && typeof record.fileName === "string" ? record.fileName : ""
  if (record === undefined || (onProgress === undefined && signal === undefined)) {
    return { options: input as ImageKit.UploadOptions, fileName, onProgress, signal }
  }
  // Same prototype and property descriptors, minus the two call options.
  const copy: Record<string, unknown> = Object.create(Object.getPrototypeOf(record))
  for (const key of Reflect.ownKeys(record)) {
    if ((key === "onProgress" && onProgress !== undefined) || (key === "signal" && signal !== undefined)) continue
    const descriptor = Object.getOwnPropertyDescriptor(record, key)
    if (descriptor !== undefined) Object.defineProperty(copy, key, descriptor)
  }
  return { options: copy as unknown as ImageKit.UploadOptions, fileName, onProgress, signal }
}

/** How far an aborted upload got: file bytes written to the connection, and the file's size when known. */
export interface AbortedUpload {
  readonly fileName: string
  readonly bytesSent: number
  readonly totalBytes: number | undefined
}

/**
 * What an upload aborted through its `signal` rejects with (or passes to the callback): an `Error` named
 * `AbortError`, as `fetch` uses, with v6's `help` field and how far the upload got. It holds nothing of the request.
 */
export class UploadAbortedError extends Error {
  override readonly name = "AbortError"
  readonly help: string
  readonly upload: AbortedUpload

  constructor(upload: AbortedUpload) {
    super("Upload aborted")
    // The size is known for bytes, Blobs and paths; for a stream the bytes sent cannot say whether it was whole.
    this.help =
      upload.totalBytes === undefined
        ? `The signal aborted the upload after ${upload.bytesSent} file bytes. If the stream had ended, ImageKit may have stored the file: look for it before uploading it again.`
        : upload.bytesSent >= upload.totalBytes
          ? "The signal aborted the upload after the whole file was sent: ImageKit may have stored it. Look for it before uploading it again."
          : `The signal aborted the upload after ${upload.bytesSent} of ${upload.totalBytes} file bytes: ImageKit has not stored it.`
    this.upload = upload
  }
}

/** `Upload.fromPath` for Promise callers; a path that is not a readable regular file rejects with `{ message, help }`. */
export const fromPath = (path: string): Promise<Upload.FileSource> =>
  Effect.runPromiseExit(Upload.fromPath(path)).then((exit) =>
    Exit.isSuccess(exit)
      ? exit.value
      : Promise.reject(
          Either.match(Cause.failureOrCause(exit.cause), {
            onLeft: (error): unknown => ({ message: error.message, help: error.help }),
            onRight: (cause): unknown => Cause.squash(cause)
          })
        )
  )
