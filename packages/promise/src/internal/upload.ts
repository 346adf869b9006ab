/**
 * v6 accepted a Node `Readable` (e.g. `fs.createReadStream`) as the upload `file`. The SDK takes only bodies it
 * can send twice (a retry must resend them), so a stream is read into memory first, as v6's form-data did. A web
 * `ReadableStream` is read the same way.
 */
import type * as ImageKit from "@effect-imagekit/sdk/ImageKit"
import { InvalidInputError } from "@effect-imagekit/sdk/ImageKitError"
import * as Effect from "effect/Effect"

interface NodeReadableLike extends AsyncIterable<unknown> {
  readonly pipe: (...args: ReadonlyArray<never>) => unknown
}

const isNodeReadable = (u: unknown): u is NodeReadableLike =>
  typeof u === "object" &&
  u !== null &&
  typeof (u as { readonly pipe?: unknown }).pipe === "function" &&
  typeof (u as { readonly [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === "function"

interface WebReadableLike {
  readonly getReader: () => {
    readonly read: () => Promise<{ readonly done: boolean; readonly value?: unknown }>
    readonly releaseLock: () => void
  }
}

const isWebReadable = (u: unknown): u is WebReadableLike =>
  typeof u === "object" && u !== null && typeof (u as { readonly getReader?: unknown }).getReader === "function"

async function* chunksOf(stream: WebReadableLike): AsyncIterable<unknown> {
  const reader = stream.getReader()
  try {
    while (true) {
      const { done, value } = await reader.read()
      if (done) return
      yield value
    }
  } finally {
    reader.releaseLock()
  }
}

const encoder = new TextEncoder()

const readAll = async (stream: AsyncIterable<unknown>): Promise<Uint8Array> => {
  const chunks: Array<Uint8Array> = []
  let size = 0
  for await (const chunk of stream) {
    const bytes =
      typeof chunk === "string"
        ? encoder.encode(chunk)
        : ArrayBuffer.isView(chunk)
          ? new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)
          : undefined
    if (bytes === undefined) throw new Error("the stream produced a chunk that is not bytes or text")
    chunks.push(bytes)
    size += bytes.byteLength
  }
  const all = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    all.set(chunk, offset)
    offset += chunk.byteLength
  }
  return all
}

/** Calls `upload`, first reading a Node stream `file` into bytes; every other input goes through untouched. */
export const upload = (client: ImageKit.Service, options: unknown): ReturnType<ImageKit.Service["upload"]> => {
  const file =
    typeof options === "object" && options !== null ? (options as { readonly file?: unknown }).file : undefined
  const stream = isNodeReadable(file) ? file : isWebReadable(file) ? chunksOf(file) : undefined
  if (stream === undefined) return client.upload(options as Parameters<ImageKit.Service["upload"]>[0])
  return Effect.tryPromise({
    try: () => readAll(stream),
    catch: (error) =>
      new InvalidInputError({
        message: "Could not read the file stream for upload",
        help: error instanceof Error ? error.message : "The stream failed while it was read"
      })
  }).pipe(
    Effect.flatMap((bytes) => client.upload({ ...(options as Parameters<ImageKit.Service["upload"]>[0]), file: bytes }))
  )
}
