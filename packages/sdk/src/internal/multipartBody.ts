/**
 * A multipart body as a `Stream`: the framing of each part (computed from its headers and the file's size alone, so
 * the content length is known whenever every size is) concatenated with each file's bytes. Nothing is read before
 * the transport pulls. Progress is counted on the stream: "pulled past chunk k" means the transport took chunk k. The
 * body's last chunk is empty, a flush: a transport that honours it (ours, see nodeHttpClient.ts) pulls again only
 * once every byte went out to the socket, so "the stream ended" means the whole body was handed over, and an upload
 * that fails before that point is known not to be stored.
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type { Part } from "../ImageKitRequest.js"
import { type Pull, SourceError, toSource, type UploadSource } from "./uploadSources.js"

/** How far the current attempt got: nothing pulled, part of the body handed over, or all of it. */
export type Phase = "Connect" | "Body" | "Sent"

/** What an attempt's body reports as the transport pulls it. */
export interface Observer {
  /** File bytes handed over so far, each time the count grows. */
  readonly onFileBytes: (fileBytes: number) => void
  readonly onPhase: (phase: Phase) => void
}

export interface MultipartBody {
  readonly contentType: string
  /** Bytes of the whole body, when every file's size is known. */
  readonly length: number | undefined
  /** Bytes of the file contents, when known (what progress reports as total). */
  readonly fileBytes: number | undefined
  /** The body of one attempt. */
  readonly stream: (observer: Observer) => Stream.Stream<Uint8Array, SourceError>
  /** Whether another attempt could still send every file (a read-once file must not have been pulled). */
  readonly reusable: () => boolean
}

const encoder = new TextEncoder()

/** An empty chunk: asks the transport to flush before the next pull (see the module comment). */
const FLUSH = new Uint8Array(0)

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

/** A file that gave more or fewer bytes than its declared size, which went into the content length. */
const mismatch = (read: number, declared: number) =>
  new SourceError({
    reason: "SizeMismatch",
    message: `The upload source gave ${read} bytes but its size was ${declared} (did the file change while it was sent?)`
  })

const toSourceError = (cause: unknown): SourceError =>
  cause instanceof SourceError
    ? cause
    : new SourceError({ reason: "SourceFailed", message: `Reading the upload failed: ${String(cause)}`, cause })

/** A segment of the body: framing bytes, or a file (each pull hands on one chunk of its source, as it came). */
type Segment =
  | { readonly _tag: "Framing"; readonly bytes: Uint8Array }
  | { readonly _tag: "File"; readonly source: UploadSource; readonly readOnce: { pulled: boolean } }

/** The body for `parts`, or `undefined` when a file part holds no accepted kind of file. Nothing is read here. */
export const make = (
  parts: ReadonlyArray<Part>,
  boundary = `effectimagekit${randomHex(16)}`
): MultipartBody | undefined => {
  const segments: Array<Segment> = []
  let length: number | undefined = 0
  let fileBytes: number | undefined = 0
  const text = (value: string) => {
    const bytes = encoder.encode(value)
    segments.push({ _tag: "Framing", bytes })
    if (length !== undefined) length += bytes.byteLength
  }
  for (const part of parts) {
    if (part._tag === "Field") {
      text(
        `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(part.name)}"\r\n\r\n${normalizeLineBreaks(part.value)}\r\n`
      )
      continue
    }
    const source = toSource(part.file)
    if (source === undefined) return undefined
    text(
      `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(part.name)}"; filename="${escapeName(part.fileName)}"\r\nContent-Type: ${part.contentType}\r\n\r\n`
    )
    segments.push({ _tag: "File", source, readOnce: { pulled: false } })
    length = length === undefined || source.size === undefined ? undefined : length + source.size
    fileBytes = fileBytes === undefined || source.size === undefined ? undefined : fileBytes + source.size
    text("\r\n")
  }
  text(`--${boundary}--\r\n`)
  const files = segments.filter((segment) => segment._tag === "File")

  /**
   * One pull loop over the segments: each pull of the body is one pull of a file's source, handed on as the source
   * chunked it (or one framing segment). The source is opened in the body's scope, so its resources are released
   * when the body ends, fails or is interrupted. (A pipeline of stream stages per chunk measured a third slower and
   * 40 % more memory for 1 GiB; a `Stream` per source, another channel trip per chunk: decision 0076.)
   */
  const stream = (observer: Observer): Stream.Stream<Uint8Array, SourceError> =>
    Stream.unwrapScoped(
      Effect.map(Effect.scope, (scope) => {
        let index = 0
        let file: { readonly pull: Pull; readonly declared: number | undefined; read: number } | undefined
        // Bytes of the chunk last pulled, counted as handed over when the next pull comes (or the stream ends).
        let handedOver = 0
        let pending = 0
        let flushed = false
        let ended = false
        const pulled = (fileChunkBytes: number) => {
          if (pending > 0) {
            handedOver += pending
            observer.onFileBytes(handedOver)
          }
          pending = fileChunkBytes
          observer.onPhase("Body")
        }
        const finishFile = (current: NonNullable<typeof file>): SourceError | undefined => {
          file = undefined
          index++
          return current.declared === undefined || current.read === current.declared
            ? undefined
            : mismatch(current.read, current.declared)
        }
        // The observer is the caller's code (progress callbacks): what it throws fails the body, typed.
        const emit = (
          chunk: Chunk.Chunk<Uint8Array>,
          fileBytes: number
        ): Effect.Effect<Chunk.Chunk<Uint8Array>, Option.Option<SourceError>> => {
          try {
            pulled(fileBytes)
            return Effect.succeed(chunk)
          } catch (cause) {
            return Effect.fail(Option.some(toSourceError(cause)))
          }
        }
        const fromFile = (
          current: NonNullable<typeof file>
        ): Effect.Effect<Chunk.Chunk<Uint8Array>, Option.Option<SourceError>> =>
          Effect.matchEffect(current.pull, {
            onFailure: (error) => {
              if (Option.isSome(error)) return Effect.fail(error)
              const wrong = finishFile(current)
              return wrong === undefined ? next() : Effect.fail(Option.some(wrong))
            },
            onSuccess: (chunk) => {
              let bytes = 0
              let empty = 0
              for (const element of chunk) {
                bytes += element.byteLength
                if (element.byteLength === 0) empty++
              }
              // An empty element would read as a flush to the transport: dropped (a chunk of them, skipped).
              if (bytes === 0) return fromFile(current)
              current.read += bytes
              if (current.declared !== undefined && current.read > current.declared) {
                return Effect.fail(Option.some(mismatch(current.read, current.declared)))
              }
              return emit(empty === 0 ? chunk : Chunk.filter(chunk, (element) => element.byteLength > 0), bytes)
            }
          })
        const next = (): Effect.Effect<Chunk.Chunk<Uint8Array>, Option.Option<SourceError>> => {
          if (file !== undefined) return fromFile(file)
          const segment = segments[index]
          if (segment === undefined) {
            if (!flushed) {
              flushed = true
              return Effect.succeed(Chunk.of(FLUSH))
            }
            if (ended) return Effect.fail(Option.none())
            ended = true
            try {
              handedOver += pending
              pending = 0
              observer.onFileBytes(handedOver)
              observer.onPhase("Sent")
            } catch (cause) {
              return Effect.fail(Option.some(toSourceError(cause)))
            }
            return Effect.fail(Option.none())
          }
          if (segment._tag === "Framing") {
            index++
            return emit(Chunk.of(segment.bytes), 0)
          }
          const { source, readOnce } = segment
          if (!source.reopenable && readOnce.pulled) {
            return Effect.fail(
              Option.some(
                new SourceError({
                  reason: "SourceConsumed",
                  message: "The upload source is a stream that an earlier attempt already read; it cannot be read again"
                })
              )
            )
          }
          readOnce.pulled = true
          return Effect.matchEffect(Scope.extend(source.open, scope), {
            onFailure: (error) => Effect.fail(Option.some(error)),
            onSuccess: (pull) => {
              file = { pull, declared: source.size, read: 0 }
              return next()
            }
          })
        }
        return Stream.repeatEffectChunkOption(Effect.suspend(next))
      })
    )

  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length,
    fileBytes,
    stream,
    reusable: () => files.every((file) => file._tag !== "File" || file.source.reopenable || !file.readOnce.pulled)
  }
}
