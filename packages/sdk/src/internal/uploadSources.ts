/**
 * Every kind of `file` an upload accepts, as one shape: a `Stream` of bytes to open per attempt, the size when it is
 * known (it gives the request a `content-length` and progress a total), and whether the source can be read again
 * (bytes, a Blob, a path) or only once (a web or Node stream, an Effect `Stream`). Nothing is read until an attempt
 * pulls the stream, and pulling happens in the fiber that sends the request, so the caller's context, interruption
 * and tracing apply to the reading too.
 */
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { importBuiltin } from "./nodeBuiltins.js"

/** Why reading an upload source failed. */
export class SourceError extends Data.TaggedError("SourceError")<{
  readonly reason: "SourceFailed" | "SourceConsumed" | "SizeMismatch"
  readonly message: string
  readonly cause?: unknown
}> {}

export interface UploadSource {
  /** The bytes, read anew on every run for a reopenable source. */
  readonly open: Stream.Stream<Uint8Array, SourceError>
  readonly size: number | undefined
  readonly reopenable: boolean
}

/** The `FileSource` of `Upload.fromPath`: a path whose size was read when it was created. */
export const FileSourceTypeId: unique symbol = Symbol.for("@effect-imagekit/sdk/Upload/FileSource")

export interface FileSource {
  readonly [FileSourceTypeId]: typeof FileSourceTypeId
  readonly path: string
  readonly size: number
  /** The last path segment, a default `fileName`. */
  readonly name: string
}

/**
 * What `file` may be: a URL or base64 string (sent as a text field), bytes (an `ArrayBufferView` such as a `Buffer`
 * or `Uint8Array`, an `ArrayBuffer`), a `Blob`/`File` (also a nameless one from `fs.openAsBlob`), a path from
 * `Upload.fromPath`, or a stream read once: a web `ReadableStream`, a Node `Readable` (any async iterable of bytes)
 * or an Effect `Stream` of bytes.
 */
export type UploadFile =
  | string
  | ArrayBufferView
  | ArrayBuffer
  | Blob
  | FileSource
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>
  | Stream.Stream<Uint8Array, unknown>

// Big in-memory bodies are handed over in slices (views, no copy) so that progress and backpressure are per slice;
// files are read in chunks of the same size: few system calls, bounded memory.
const CHUNK_BYTES = 256 * 1024

const encoder = new TextEncoder()

const describe = (cause: unknown): string => {
  try {
    return cause instanceof Error ? cause.message : String(cause)
  } catch {
    return "unknown error"
  }
}

const failed = (cause: unknown): SourceError =>
  cause instanceof SourceError
    ? cause
    : new SourceError({
        reason: "SourceFailed",
        message: `Reading the upload source failed: ${describe(cause)}`,
        cause
      })

const toBytes = (chunk: unknown): Effect.Effect<Uint8Array, SourceError> => {
  if (chunk instanceof Uint8Array) return Effect.succeed(chunk)
  if (typeof chunk === "string") return Effect.succeed(encoder.encode(chunk))
  if (ArrayBuffer.isView(chunk)) return Effect.succeed(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
  if (isArrayBuffer(chunk)) return Effect.succeed(new Uint8Array(chunk))
  return Effect.fail(
    new SourceError({
      reason: "SourceFailed",
      message: "The upload source produced a chunk that is neither bytes nor text"
    })
  )
}

const isArrayBuffer = (u: unknown): u is ArrayBuffer => Object.prototype.toString.call(u) === "[object ArrayBuffer]"

const isBlob = (u: unknown): u is Blob => typeof Blob !== "undefined" && u instanceof Blob

const isWebStream = (u: unknown): u is ReadableStream<unknown> =>
  typeof u === "object" && u !== null && typeof (u as { readonly getReader?: unknown }).getReader === "function"

const isAsyncIterable = (u: unknown): u is AsyncIterable<unknown> =>
  typeof u === "object" &&
  u !== null &&
  typeof (u as { readonly [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === "function"

export const isFileSource = (u: unknown): u is FileSource =>
  typeof u === "object" && u !== null && FileSourceTypeId in u

const isEffectStream = (u: unknown): u is Stream.Stream<unknown, unknown> =>
  (typeof u === "object" || typeof u === "function") && u !== null && Stream.StreamTypeId in u

/** In-memory bytes, in slices that are views of the caller's memory. */
const bytesStream = (bytes: Uint8Array): Stream.Stream<Uint8Array, SourceError> =>
  Stream.unfold(0, (offset) => {
    if (offset >= bytes.byteLength) return Option.none()
    const end = Math.min(bytes.byteLength, offset + CHUNK_BYTES)
    return Option.some([bytes.subarray(offset, end), end] as const)
  })

/**
 * A web `ReadableStream`: read with its reader, cancelled when the stream stops early (interruption, a failure
 * elsewhere) so the producer releases what it holds. A cancel that rejects (the stream had already errored) is not
 * the upload's failure.
 */
const webStream = (evaluate: () => ReadableStream<unknown>): Stream.Stream<Uint8Array, SourceError> =>
  Stream.unwrapScoped(
    Effect.map(
      Effect.acquireRelease(Effect.try({ try: () => evaluate().getReader(), catch: failed }), (reader) =>
        Effect.promise(() => reader.cancel().catch(() => undefined))
      ),
      (reader) =>
        Stream.repeatEffectOption(
          Effect.tryPromise({ try: () => reader.read(), catch: (cause) => Option.some(failed(cause)) }).pipe(
            Effect.flatMap((next) =>
              next.done ? Effect.fail(Option.none()) : Effect.mapError(toBytes(next.value), Option.some)
            )
          )
        )
    )
  )

/** An async iterable (a Node `Readable`); `return` on an early stop destroys a Node stream (closing its file). */
const iterableStream = (iterable: AsyncIterable<unknown>): Stream.Stream<Uint8Array, SourceError> =>
  Stream.unwrapScoped(
    Effect.map(
      Effect.acquireRelease(Effect.try({ try: () => iterable[Symbol.asyncIterator](), catch: failed }), (iterator) =>
        iterator.return === undefined
          ? Effect.void
          : Effect.promise(() => Promise.resolve(iterator.return?.()).catch(() => undefined))
      ),
      (iterator) =>
        Stream.repeatEffectOption(
          Effect.tryPromise({ try: () => iterator.next(), catch: (cause) => Option.some(failed(cause)) }).pipe(
            Effect.flatMap((next) =>
              next.done === true ? Effect.fail(Option.none()) : Effect.mapError(toBytes(next.value), Option.some)
            )
          )
        )
    )
  )

type FileHandle = import("node:fs/promises").FileHandle

/** A file on disk, opened when the stream starts and closed when it ends, fails or is interrupted. */
const pathStream = (path: string): Stream.Stream<Uint8Array, SourceError> =>
  Stream.unwrapScoped(
    Effect.map(
      Effect.acquireRelease(
        Effect.tryPromise({
          try: () => importBuiltin("fs/promises").then((fs) => fs.open(path, "r")),
          catch: failed
        }),
        (handle: FileHandle) => Effect.promise(() => handle.close().catch(() => undefined))
      ),
      (handle) =>
        Stream.repeatEffectOption(
          Effect.tryPromise({
            try: async () => {
              const buffer = new Uint8Array(CHUNK_BYTES)
              const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null)
              return bytesRead === CHUNK_BYTES ? buffer : buffer.subarray(0, bytesRead)
            },
            catch: (cause) => Option.some(failed(cause))
          }).pipe(
            Effect.flatMap((chunk) => (chunk.byteLength === 0 ? Effect.fail(Option.none()) : Effect.succeed(chunk)))
          )
        )
    )
  )

/** The bytes of an in-memory `file`, as a view over the caller's memory (no copy), or `undefined`. */
const bytesOf = (u: unknown): Uint8Array | undefined => {
  if (u instanceof Uint8Array) return u
  if (ArrayBuffer.isView(u)) return new Uint8Array(u.buffer, u.byteOffset, u.byteLength)
  if (isArrayBuffer(u)) return new Uint8Array(u)
  return undefined
}

/**
 * The source for a binary `file` (every kind but a string, which is sent as a text field), or `undefined` when `u`
 * is none of the accepted kinds. Never throws, whatever `u` is.
 */
export const toSource = (u: unknown): UploadSource | undefined => {
  try {
    const bytes = bytesOf(u)
    if (bytes !== undefined) return { open: bytesStream(bytes), size: bytes.byteLength, reopenable: true }
    if (isBlob(u)) {
      return { open: webStream(() => u.stream()), size: u.size, reopenable: true }
    }
    if (isFileSource(u)) return { open: pathStream(u.path), size: u.size, reopenable: true }
    if (isEffectStream(u)) {
      // A stream description could be run again, but what it reads (a socket, an iterator made outside it) may not:
      // treated as read-once, like every stream.
      const stream = Stream.mapError(u, failed).pipe(Stream.mapEffect(toBytes))
      return { open: stream, size: undefined, reopenable: false }
    }
    // Node 18+ web streams are async iterable too; the reader API is the portable one.
    if (isWebStream(u)) {
      let used = false
      return {
        open: webStream(() => {
          // A web stream can be locked only once; a second run would throw, so it says what happened instead.
          if (used) throw new SourceError({ reason: "SourceConsumed", message: "The stream was already read" })
          used = true
          return u
        }),
        size: undefined,
        reopenable: false
      }
    }
    if (isAsyncIterable(u)) return { open: iterableStream(u), size: undefined, reopenable: false }
    return undefined
  } catch {
    return undefined
  }
}

/**
 * Releases a read-once `file` of the caller's that an upload will not read: a Node stream is destroyed (closing an
 * `fs.createReadStream`'s descriptor), a web stream not yet locked is cancelled. Run when a call is interrupted: a
 * source the upload had started is released by its own stream's finalizer, and both are idempotent. Never fails.
 */
export const releaseUnread = (u: unknown): Effect.Effect<void> =>
  Effect.suspend(() => {
    try {
      if (typeof u !== "object" || u === null || isEffectStream(u)) return Effect.void
      const destroy = (u as { readonly destroy?: unknown }).destroy
      if (isAsyncIterable(u) && typeof destroy === "function") {
        destroy.call(u)
        return Effect.void
      }
      if (isWebStream(u) && !(u as ReadableStream<unknown>).locked) {
        return Effect.promise(() => (u as ReadableStream<unknown>).cancel().catch(() => undefined))
      }
    } catch {
      // A caller's object that throws when released is no reason to fail anything.
    }
    return Effect.void
  })

/** Whether `u` is a `file` the upload accepts: a string or any binary kind of {@link UploadFile}. */
export const isUploadFile = (u: unknown): u is UploadFile => typeof u === "string" || toSource(u) !== undefined
