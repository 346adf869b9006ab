/**
 * Every kind of `file` an upload accepts, as one shape: a pull of bytes to open per attempt, the size when it is
 * known (it gives the request a `content-length` and progress a total), and whether the source can be read again
 * (bytes, a Blob, a path) or only once (a web or Node stream, an Effect `Stream`). Nothing is read until an attempt
 * pulls, and pulling happens in the fiber that sends the request, so the caller's context, interruption
 * and tracing apply to the reading too.
 */
import * as Chunk from "effect/Chunk"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { importBuiltin } from "./nodeBuiltins.js"

/** Why reading an upload source failed. */
export class SourceError extends Data.TaggedError("SourceError")<{
  readonly reason: "SourceFailed" | "SourceConsumed" | "SizeMismatch"
  readonly message: string
  readonly cause?: unknown
}> {}

/** The next chunk of a source's bytes; fails with `None` at the end. */
export type Pull = Effect.Effect<Chunk.Chunk<Uint8Array>, Option.Option<SourceError>>

export interface UploadSource {
  /**
   * Opens the bytes for one attempt (anew on every attempt for a reopenable source): a pull whose resources (a file
   * handle, a stream's reader) are released when the scope closes. A pull rather than a `Stream`: a body is thousands
   * of chunks, and a stream stage per source would cost every chunk another trip through a channel (decision 0076).
   */
  readonly open: Effect.Effect<Pull, SourceError, Scope.Scope>
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

/** A chunk of a source as bytes (text as UTF-8), or `undefined` when it is neither. */
const toBytes = (chunk: unknown): Uint8Array | undefined => {
  if (chunk instanceof Uint8Array) return chunk
  if (typeof chunk === "string") return encoder.encode(chunk)
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)
  if (isArrayBuffer(chunk)) return new Uint8Array(chunk)
  return undefined
}

const notBytes = () =>
  new SourceError({
    reason: "SourceFailed",
    message: "The upload source produced a chunk that is neither bytes nor text"
  })

const isUint8Array = (u: unknown): u is Uint8Array => u instanceof Uint8Array

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

/** No more bytes. */
const END: Effect.Effect<never, Option.Option<never>> = Effect.fail(Option.none())

const failedPull = (cause: unknown): Option.Option<SourceError> => Option.some(failed(cause))

/** In-memory bytes, in slices that are views of the caller's memory. */
const bytesPull = (bytes: Uint8Array): Effect.Effect<Pull> =>
  Effect.sync(() => {
    let offset = 0
    return Effect.suspend(() => {
      if (offset >= bytes.byteLength) return END
      const end = Math.min(bytes.byteLength, offset + CHUNK_BYTES)
      const slice = bytes.subarray(offset, end)
      offset = end
      return Effect.succeed(Chunk.of(slice))
    })
  })

/** One chunk of a source as bytes, or the failure when it is neither bytes nor text. */
const chunkOf = (value: unknown): Effect.Effect<Chunk.Chunk<Uint8Array>, Option.Option<SourceError>> => {
  const bytes = toBytes(value)
  return bytes === undefined ? Effect.fail(Option.some(notBytes())) : Effect.succeed(Chunk.of(bytes))
}

/**
 * A web `ReadableStream`: read with its reader, cancelled when the scope closes early (interruption, a failure
 * elsewhere) so the producer releases what it holds. A cancel that rejects (the stream had already errored) is not
 * the upload's failure.
 */
const webPull = (evaluate: () => ReadableStream<unknown>): Effect.Effect<Pull, SourceError, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(Effect.try({ try: () => evaluate().getReader(), catch: failed }), (reader) =>
      Effect.promise(() => reader.cancel().catch(() => undefined))
    ),
    (reader) =>
      Effect.flatMap(Effect.tryPromise({ try: () => reader.read(), catch: failedPull }), (next) =>
        next.done ? END : chunkOf(next.value)
      )
  )

/** An async iterable (a Node `Readable`); `return` on an early stop destroys a Node stream (closing its file). */
const iterablePull = (iterable: AsyncIterable<unknown>): Effect.Effect<Pull, SourceError, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(Effect.try({ try: () => iterable[Symbol.asyncIterator](), catch: failed }), (iterator) =>
      iterator.return === undefined
        ? Effect.void
        : Effect.promise(() => Promise.resolve(iterator.return?.()).catch(() => undefined))
    ),
    (iterator) =>
      Effect.flatMap(Effect.tryPromise({ try: () => iterator.next(), catch: failedPull }), (next) =>
        next.done === true ? END : chunkOf(next.value)
      )
  )

/** The part of a Node `Readable` (or a look-alike such as readable-stream's) the upload uses. */
interface NodeReadable {
  read(): unknown
  on(event: string, listener: (...args: ReadonlyArray<unknown>) => void): unknown
  off(event: string, listener: (...args: ReadonlyArray<unknown>) => void): unknown
  destroy(): unknown
  readonly readableEnded?: boolean
  readonly destroyed?: boolean
  readonly errored?: unknown
}

const ignore = () => undefined

const closedEarly = () =>
  new SourceError({
    reason: "SourceFailed",
    message: "Reading the upload source failed: the stream closed before it ended"
  })

const isNodeReadable = (u: unknown): u is NodeReadable => {
  const candidate = u as Partial<Record<"read" | "on" | "off" | "destroy", unknown>>
  return (
    typeof candidate.read === "function" &&
    typeof candidate.on === "function" &&
    typeof candidate.off === "function" &&
    typeof candidate.destroy === "function"
  )
}

// Up to this many bytes a Node stream already has (or makes synchronously when asked) go in one pull: a `Readable`
// that produces 64 KiB chunks as fast as they are read costs one pull, one write and one wait for `drain` per 1 MiB
// instead of per chunk (decision 0076).
const READABLE_BATCH_BYTES = 1024 * 1024

/**
 * A Node `Readable`, read with `read()` as its `readable` event says there is data: each pull takes what the stream
 * has, up to {@link READABLE_BATCH_BYTES}, without a promise per chunk (the async iterator's way). The stream is
 * destroyed if the scope closes before it ended (interruption, a failure elsewhere), which closes an
 * `fs.createReadStream`'s descriptor; a stream that closes without ending fails the upload, as its iterator would.
 */
const readablePull = (readable: NodeReadable): Effect.Effect<Pull, SourceError, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(
      Effect.sync(() => {
        const state: {
          ended: boolean
          error: SourceError | undefined
          wake: (() => void) | undefined
          readonly listeners: ReadonlyArray<readonly [string, (...args: ReadonlyArray<unknown>) => void]>
        } = { ended: readable.readableEnded === true, error: undefined, wake: undefined, listeners: [] }
        // Destroyed before the upload began: no event will come, so the failure is known now.
        if (!state.ended && readable.destroyed === true) {
          state.error =
            readable.errored !== null && readable.errored !== undefined ? failed(readable.errored) : closedEarly()
        }
        const wake = () => {
          const resume = state.wake
          state.wake = undefined
          resume?.()
        }
        const listeners: ReadonlyArray<readonly [string, (...args: ReadonlyArray<unknown>) => void]> = [
          ["readable", wake],
          [
            "end",
            () => {
              state.ended = true
              wake()
            }
          ],
          [
            "error",
            (cause) => {
              state.error ??= failed(cause)
              wake()
            }
          ],
          [
            "close",
            () => {
              if (!state.ended) state.error ??= closedEarly()
              wake()
            }
          ]
        ]
        for (const [event, listener] of listeners) readable.on(event, listener)
        return Object.assign(state, { listeners })
      }),
      (state) =>
        Effect.sync(() => {
          for (const [event, listener] of state.listeners) readable.off(event, listener)
          if (state.ended) return
          // An error its destruction raises has nowhere to go now, and must not crash the process.
          readable.on("error", ignore)
          readable.destroy()
        })
    ),
    (state) => {
      const waitForData = Effect.async<void>((resume) => {
        state.wake = () => resume(Effect.void)
        return Effect.sync(() => {
          state.wake = undefined
        })
      })
      const pull: Pull = Effect.suspend(() => {
        const chunks: Array<Uint8Array> = []
        let bytes = 0
        try {
          while (bytes < READABLE_BATCH_BYTES && state.error === undefined) {
            const value = readable.read()
            if (value === null || value === undefined) break
            const chunk = toBytes(value)
            if (chunk === undefined) return Effect.fail(Option.some(notBytes()))
            chunks.push(chunk)
            bytes += chunk.byteLength
          }
        } catch (cause) {
          state.error ??= failed(cause)
        }
        if (state.error !== undefined) return Effect.fail(Option.some(state.error))
        if (chunks.length > 0) return Effect.succeed(Chunk.unsafeFromArray(chunks))
        if (state.ended || readable.readableEnded === true) {
          state.ended = true
          return END
        }
        return Effect.zipRight(waitForData, pull)
      })
      return pull
    }
  )

type FileHandle = import("node:fs/promises").FileHandle

/** A file on disk, opened when the pull is made and closed when the scope closes. */
const pathPull = (path: string): Effect.Effect<Pull, SourceError, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(
      Effect.tryPromise({
        try: () => importBuiltin("fs/promises").then((fs) => fs.open(path, "r")),
        catch: failed
      }),
      (handle: FileHandle) => Effect.promise(() => handle.close().catch(() => undefined))
    ),
    (handle) =>
      Effect.flatMap(
        Effect.tryPromise({
          try: async () => {
            const buffer = new Uint8Array(CHUNK_BYTES)
            const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null)
            return bytesRead === CHUNK_BYTES ? buffer : buffer.subarray(0, bytesRead)
          },
          catch: failedPull
        }),
        (chunk) => (chunk.byteLength === 0 ? END : Effect.succeed(Chunk.of(chunk)))
      )
  )

/**
 * An Effect `Stream` of the caller's, pulled as it comes (its own chunks, however many elements each holds); every
 * element must be bytes or text.
 */
const effectStreamPull = (stream: Stream.Stream<unknown, unknown>): Effect.Effect<Pull, SourceError, Scope.Scope> =>
  Effect.map(Stream.toPull(stream), (pull) =>
    Effect.matchEffect(pull, {
      onFailure: (error) => (Option.isNone(error) ? END : Effect.fail(Option.some(failed(error.value)))),
      onSuccess: (chunk) => {
        // Chunks of bytes, the usual case, are handed on as they are.
        if (Chunk.every(chunk, isUint8Array)) return Effect.succeed(chunk)
        const out: Array<Uint8Array> = []
        for (const value of chunk) {
          const bytes = toBytes(value)
          if (bytes === undefined) return Effect.fail(Option.some(notBytes()))
          out.push(bytes)
        }
        return Effect.succeed(Chunk.unsafeFromArray(out))
      }
    })
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
    if (bytes !== undefined) return { open: bytesPull(bytes), size: bytes.byteLength, reopenable: true }
    if (isBlob(u)) {
      return { open: webPull(() => u.stream()), size: u.size, reopenable: true }
    }
    if (isFileSource(u)) return { open: pathPull(u.path), size: u.size, reopenable: true }
    if (isEffectStream(u)) {
      // A stream description could be run again, but what it reads (a socket, an iterator made outside it) may not:
      // treated as read-once, like every stream.
      return { open: effectStreamPull(u), size: undefined, reopenable: false }
    }
    // Node 18+ web streams are async iterable too; the reader API is the portable one.
    if (isWebStream(u)) {
      let used = false
      return {
        open: webPull(() => {
          // A web stream can be locked only once; a second run would throw, so it says what happened instead.
          if (used) throw new SourceError({ reason: "SourceConsumed", message: "The stream was already read" })
          used = true
          return u
        }),
        size: undefined,
        reopenable: false
      }
    }
    if (isAsyncIterable(u)) {
      return { open: isNodeReadable(u) ? readablePull(u) : iterablePull(u), size: undefined, reopenable: false }
    }
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
