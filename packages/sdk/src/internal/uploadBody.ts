/**
 * Upload bodies that stream: every accepted `file` kind becomes a reader of chunks, and the multipart framing around
 * it is computed from the part headers and the file's size alone, so nothing is read before the request is on its
 * way and the content length is known whenever the file's size is.
 */
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type { MultipartPart } from "./multipart.js"
import { type FileSource, FileSourceTypeId, isFileSource } from "./uploadSources.js"

/** Pull-based access to a byte source; `read` answers `undefined` at the end, `close` releases handles. */
export interface Reader {
  readonly read: () => Promise<Uint8Array | undefined>
  readonly close: () => Promise<void>
}

/** Why a source could not be opened for another attempt. */
export type OpenFailure = "SourceConsumed"

// Big in-memory bodies are handed over in slices (views, no copy) so that progress and backpressure are per slice.
const SLICE_BYTES = 256 * 1024
// Reads from a file path: large enough for few system calls, small enough for bounded memory.
const FILE_CHUNK_BYTES = 256 * 1024

const encoder = new TextEncoder()

const toBytes = (chunk: unknown): Uint8Array => {
  if (chunk instanceof Uint8Array) return chunk
  if (typeof chunk === "string") return encoder.encode(chunk)
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk)
  throw new TypeError("the upload source produced a chunk that is neither bytes nor text")
}

export const bytesReader = (bytes: Uint8Array): Reader => {
  let offset = 0
  return {
    read: () => {
      if (offset >= bytes.byteLength) return Promise.resolve(undefined)
      const end = Math.min(bytes.byteLength, offset + SLICE_BYTES)
      const slice = bytes.subarray(offset, end)
      offset = end
      return Promise.resolve(slice)
    },
    close: () => Promise.resolve()
  }
}

export const webReader = (stream: ReadableStream<unknown>): Reader => {
  const reader = stream.getReader()
  let done = false
  return {
    read: async () => {
      const next = await reader.read()
      if (next.done) {
        done = true
        return undefined
      }
      return toBytes(next.value)
    },
    // Cancelling tells the producer (a file, a socket, an Effect stream) to stop and release what it holds.
    close: async () => {
      if (!done) await reader.cancel().catch(() => undefined)
      reader.releaseLock()
    }
  }
}

/**
 * Pulls an Effect `Stream` chunk by chunk in its own scope, closed on `close` (which interrupts the producer). Pulling
 * directly, rather than through `Stream.toReadableStream`, keeps one step per chunk instead of a latch and a promise
 * per element.
 */
export const effectStreamReader = (stream: Stream.Stream<unknown, unknown>): Reader => {
  const scope = Effect.runSync(Scope.make())
  let pull: Effect.Effect<Chunk.Chunk<unknown>, Option.Option<unknown>> | undefined
  let pending: ReadonlyArray<unknown> = []
  let index = 0
  let done = false
  return {
    read: async () => {
      while (index >= pending.length) {
        if (done) return undefined
        if (pull === undefined) {
          const opened = await Effect.runPromiseExit(Scope.extend(Stream.toPull(stream), scope))
          if (Exit.isFailure(opened)) throw Cause.squash(opened.cause)
          pull = opened.value
        }
        const exit = await Effect.runPromiseExit(pull)
        if (Exit.isSuccess(exit)) {
          pending = Chunk.toReadonlyArray(exit.value)
          index = 0
          continue
        }
        const failure = Cause.failureOption(exit.cause)
        if (Option.isSome(failure) && Option.isNone(failure.value)) {
          done = true
          return undefined
        }
        throw Option.isSome(failure) && Option.isSome(failure.value) ? failure.value.value : Cause.squash(exit.cause)
      }
      const chunk = pending[index]
      index++
      return toBytes(chunk)
    },
    // Closing interrupts the producer; its finalizers' outcome is not the upload's, so the exit is not inspected.
    close: () => Effect.runPromiseExit(Scope.close(scope, Exit.void)).then(() => undefined)
  }
}

export const iterableReader = (iterable: AsyncIterable<unknown>): Reader => {
  const iterator = iterable[Symbol.asyncIterator]()
  let done = false
  return {
    read: async () => {
      const next = await iterator.next()
      if (next.done === true) {
        done = true
        return undefined
      }
      return toBytes(next.value)
    },
    // `return` destroys a Node Readable (an fs.ReadStream closes its descriptor).
    close: async () => {
      if (!done && iterator.return !== undefined) await iterator.return().catch(() => undefined)
    }
  }
}

/** Reads a file through a `FileHandle`, closed on `close` (also after an interruption) or at the end. */
export const pathReader = (path: string): Reader => {
  type Handle = import("node:fs/promises").FileHandle
  let opening: Promise<Handle> | undefined
  let closed = false
  const handle = (): Promise<Handle> => {
    if (opening === undefined) opening = import("node:fs/promises").then((fs) => fs.open(path, "r"))
    return opening
  }
  const close = async (): Promise<void> => {
    if (closed) return
    closed = true
    if (opening !== undefined) await opening.then((file) => file.close()).catch(() => undefined)
  }
  return {
    read: async () => {
      if (closed) return undefined
      const file = await handle()
      const buffer = new Uint8Array(FILE_CHUNK_BYTES)
      const { bytesRead } = await file.read(buffer, 0, FILE_CHUNK_BYTES, null)
      if (bytesRead === 0) {
        await close()
        return undefined
      }
      return bytesRead === FILE_CHUNK_BYTES ? buffer : buffer.subarray(0, bytesRead)
    },
    close
  }
}

/**
 * A `file` whose bytes are read while the request is sent. A re-openable source (a path, bytes, a Blob) opens anew
 * for each attempt; a one-shot source (a stream) opens once, and only a source that produced no byte yet (the
 * connection was refused before anything was read) may serve another attempt.
 */
export class StreamedFile {
  private pulled = false
  constructor(
    readonly kind: "Path" | "ReadableStream" | "AsyncIterable" | "Stream",
    readonly size: number | undefined,
    readonly reopenable: boolean,
    private readonly opener: () => Reader
  ) {}

  /**
   * A reader for one attempt, or why there is none. The source itself is only opened at the first read, so an
   * attempt that never read (its connection was refused) leaves a one-shot source untouched for the next one.
   */
  open(): Reader | OpenFailure {
    if (!this.reopenable && this.pulled) return "SourceConsumed"
    let inner: Reader | undefined
    return {
      read: () => {
        this.pulled = true
        if (inner === undefined) inner = this.opener()
        return inner.read()
      },
      close: () => (inner === undefined ? Promise.resolve() : inner.close())
    }
  }

  /** Whether another attempt could still read the whole source. */
  get reusable(): boolean {
    return this.reopenable || !this.pulled
  }
}

const isAsyncIterable = (u: unknown): u is AsyncIterable<unknown> =>
  typeof u === "object" &&
  u !== null &&
  typeof (u as { readonly [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === "function"

const isWebStream = (u: unknown): u is ReadableStream<unknown> =>
  typeof u === "object" && u !== null && typeof (u as { readonly getReader?: unknown }).getReader === "function"

export { type FileSource, FileSourceTypeId, isFileSource }

/** A streamed `file` for the non-memory kinds, or `undefined` when `u` is none of them. */
export const streamedFileOf = (u: unknown): StreamedFile | undefined => {
  if (isFileSource(u)) {
    const { path } = u
    return new StreamedFile("Path", u.size, true, () => pathReader(path))
  }
  if (Stream.StreamTypeId in Object(u)) {
    const stream = u as Stream.Stream<unknown, unknown>
    return new StreamedFile("Stream", undefined, false, () => effectStreamReader(stream))
  }
  // Node 18+ web streams are async iterable too; the reader API is the portable one.
  if (isWebStream(u)) return new StreamedFile("ReadableStream", undefined, false, () => webReader(u))
  if (isAsyncIterable(u)) return new StreamedFile("AsyncIterable", undefined, false, () => iterableReader(u))
  return undefined
}

// ---------------------------------------------------------------------------------------------------------------
// Multipart framing
// ---------------------------------------------------------------------------------------------------------------

/** A piece of the body: framing bytes, or a file part's contents. */
export type Segment = Uint8Array | { readonly file: Uint8Array | Blob | StreamedFile }

export interface MultipartBody {
  readonly contentType: string
  /** Bytes of the whole body, when every file's size is known. */
  readonly length: number | undefined
  /** Bytes of the file contents, when known (what progress reports as total). */
  readonly fileBytes: number | undefined
  readonly segments: ReadonlyArray<Segment>
  /** One-shot files: whether another attempt could still send them. */
  readonly reusable: () => boolean
}

// The HTML form-data rules for names in part headers, as browsers and undici apply them.
const escapeName = (name: string): string => name.replace(/\n/g, "%0A").replace(/\r/g, "%0D").replace(/"/g, "%22")
// FormData normalises every line break of a text value to CRLF when it is serialised; ours does the same.
const normalizeLineBreaks = (value: string): string => value.replace(/\r(?!\n)|(?<!\r)\n/g, "\r\n")

// The boundary only has to be absent from the body; Node 18 has no global `crypto` without a flag, so Math.random
// stands in there (file contents are not chosen against this process's PRNG).
const randomHex = (bytes: number): string => {
  const values = new Uint8Array(bytes)
  const webCrypto: Crypto | undefined = (globalThis as { readonly crypto?: Crypto }).crypto
  if (webCrypto !== undefined) webCrypto.getRandomValues(values)
  else for (let index = 0; index < bytes; index++) values[index] = Math.floor(Math.random() * 256)
  let text = ""
  for (const value of values) text += value.toString(16).padStart(2, "0")
  return text
}

const sizeOf = (file: Uint8Array | Blob | StreamedFile): number | undefined =>
  file instanceof Uint8Array ? file.byteLength : file instanceof StreamedFile ? file.size : file.size

/** The body for `parts`; no file is read here. */
export const multipartBody = (parts: ReadonlyArray<MultipartPart>, boundary = `effectimagekit${randomHex(16)}`) => {
  const segments: Array<Segment> = []
  let length: number | undefined = 0
  let fileBytes: number | undefined = 0
  const streamed: Array<StreamedFile> = []
  const text = (value: string) => {
    const bytes = encoder.encode(value)
    segments.push(bytes)
    if (length !== undefined) length += bytes.byteLength
  }
  for (const part of parts) {
    if (part._tag === "Field") {
      text(
        `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(part.name)}"\r\n\r\n${normalizeLineBreaks(part.value)}\r\n`
      )
    } else {
      text(
        `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(part.name)}"; filename="${escapeName(part.fileName)}"\r\nContent-Type: ${part.contentType}\r\n\r\n`
      )
      segments.push({ file: part.data })
      if (part.data instanceof StreamedFile) streamed.push(part.data)
      const size = sizeOf(part.data)
      length = length === undefined || size === undefined ? undefined : length + size
      fileBytes = fileBytes === undefined || size === undefined ? undefined : fileBytes + size
      text("\r\n")
    }
  }
  text(`--${boundary}--\r\n`)
  const body: MultipartBody = {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length,
    fileBytes,
    segments,
    reusable: () => streamed.every((file) => file.reusable)
  }
  return body
}

/** A failure while reading the body: the source failed, was already used, or did not match its declared size. */
export class SourceError extends Error {
  constructor(
    readonly reason: "SourceFailed" | "SourceConsumed" | "SizeMismatch",
    message: string,
    override readonly cause?: unknown
  ) {
    super(message)
  }
}

/**
 * A reader over the whole body that reports the file bytes read so far. It refuses a file that yields more or fewer
 * bytes than its declared size: the content length was already sent, and the server would wait or cut the body.
 */
export const bodyReader = (body: MultipartBody, onFileBytes: (fileBytesRead: number) => void): Reader => {
  let index = 0
  let current: { readonly reader: Reader; readonly declared: number | undefined; read: number } | undefined
  let fileBytesRead = 0
  const open = (file: Uint8Array | Blob | StreamedFile): Reader => {
    if (file instanceof Uint8Array) return bytesReader(file)
    if (file instanceof StreamedFile) {
      const reader = file.open()
      if (reader === "SourceConsumed") {
        throw new SourceError(
          "SourceConsumed",
          "The upload source is a stream that was already read by an earlier attempt and cannot be read again"
        )
      }
      return reader
    }
    return webReader(file.stream())
  }
  const read = async (): Promise<Uint8Array | undefined> => {
    while (index < body.segments.length) {
      const segment = body.segments[index]
      if (segment === undefined) return undefined
      if (segment instanceof Uint8Array) {
        index++
        return segment
      }
      if (current === undefined) current = { reader: open(segment.file), declared: sizeOf(segment.file), read: 0 }
      let chunk: Uint8Array | undefined
      try {
        chunk = await current.reader.read()
      } catch (cause) {
        throw cause instanceof SourceError
          ? cause
          : new SourceError("SourceFailed", `Reading the upload source failed: ${describe(cause)}`, cause)
      }
      if (chunk === undefined) {
        const { declared, read: total } = current
        await current.reader.close()
        current = undefined
        index++
        if (declared !== undefined && total !== declared) {
          throw new SourceError(
            "SizeMismatch",
            `The upload source gave ${total} bytes but its size was ${declared} (did the file change while it was sent?)`
          )
        }
        continue
      }
      if (chunk.byteLength === 0) continue
      current.read += chunk.byteLength
      if (current.declared !== undefined && current.read > current.declared) {
        throw new SourceError(
          "SizeMismatch",
          `The upload source gave more than its size of ${current.declared} bytes (did the file change while it was sent?)`
        )
      }
      fileBytesRead += chunk.byteLength
      onFileBytes(fileBytesRead)
      return chunk
    }
    return undefined
  }
  return {
    read,
    close: async () => {
      const reading = current
      current = undefined
      index = body.segments.length
      if (reading !== undefined) await reading.reader.close()
    }
  }
}

const describe = (cause: unknown): string =>
  cause instanceof Error ? cause.message : typeof cause === "string" ? cause : "unknown error"

/** The body as an Effect `Stream`, for an `HttpClient` given by the caller; the reader closes when it ends. */
export const bodyStream = (
  body: MultipartBody,
  onFileBytes: (fileBytesRead: number) => void,
  onEnd: () => void
): Stream.Stream<Uint8Array, SourceError> =>
  Stream.unwrapScoped(
    Effect.map(
      Effect.acquireRelease(
        Effect.sync(() => bodyReader(body, onFileBytes)),
        (reader) => Effect.promise(() => reader.close())
      ),
      (reader) =>
        Stream.repeatEffectOption(
          Effect.tryPromise({
            try: () => reader.read(),
            catch: (cause) =>
              cause instanceof SourceError
                ? cause
                : new SourceError("SourceFailed", `Reading the upload source failed: ${describe(cause)}`, cause)
          }).pipe(
            Effect.mapError(Option.some),
            Effect.flatMap((chunk) => {
              if (chunk !== undefined) return Effect.succeed(chunk)
              onEnd()
              return Effect.fail(Option.none())
            })
          )
        )
    )
  )
