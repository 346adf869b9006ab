/**
 * One upload by one client in its own process, driven over IPC by `upload-memory.mjs` and `upload-throughput.mjs`:
 * the process's resident set is that client's alone, and a buffering client cannot distort the next one.
 *
 * argv: <client id> <sink url> <bytes>
 * IPC out: { type: "ready" }, then { type: "result", ... }; IPC in: { type: "run" }
 *
 * The file is generated while it is read: a `Readable` that copies 64 KiB slices of a 4 MiB pseudo-random pool
 * into fresh buffers, so every chunk is new memory (a client that keeps the chunks grows by the file size) and no
 * file is written to disk. After set-up (imports, the client, one small upload to open the connection and load
 * the lazy code paths) the process collects garbage (`--expose-gc`) and takes the median of five RSS readings as
 * the baseline; during the upload `process.memoryUsage.rss()` is read every 20 ms, and once more at the end.
 */
import { randomBytes } from "node:crypto"
import { createWriteStream } from "node:fs"
import { rm } from "node:fs/promises"
import { request as httpRequest } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { performance } from "node:perf_hooks"
import { Readable } from "node:stream"
import { pipeline } from "node:stream/promises"
import { runEffect } from "./run-effect.mjs"
import { imagekitV6At } from "./imagekit-v6.mjs"

const [clientId, sinkUrl, bytesArgument] = process.argv.slice(2)
const size = Number(bytesArgument)
const privateKey = "private_bench_key"
const authorization = `Basic ${Buffer.from(`${privateKey}:`).toString("base64")}`
const uploadUrl = `${sinkUrl}/api/v1/files/upload`
const fileName = "upload.bin"

const CHUNK = 64 * 1024
const pool = randomBytes(4 * 1024 * 1024)

/** A generator of `total` pseudo-random bytes in fresh 64 KiB buffers: `next()` is the next chunk or `null`. */
const randomChunks = (total) => {
  let sent = 0
  let offset = 0
  return () => {
    if (sent >= total) return null
    const length = Math.min(CHUNK, total - sent)
    const chunk = Buffer.allocUnsafeSlow(length)
    if (offset + length > pool.length) offset = (offset + 4099) % (pool.length - CHUNK)
    pool.copy(chunk, 0, offset, offset + length)
    offset += length
    sent += length
    return chunk
  }
}

/** `total` bytes of pseudo-random data as a Node `Readable`, generated as they are read. */
export const randomSource = (total) => {
  const next = randomChunks(total)
  const readable = new Readable({
    highWaterMark: CHUNK,
    read() {
      this.push(next())
    }
  })
  readable.total = total
  return readable
}

/** The multipart framing every client sends: a `fileName` field, then the `file` part, then the closing line. */
const boundary = `----bench${randomBytes(12).toString("hex")}`
const head = Buffer.from(
  `--${boundary}\r\nContent-Disposition: form-data; name="fileName"\r\n\r\n${fileName}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
    "Content-Type: application/octet-stream\r\n\r\n"
)
const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
async function* multipartBody(source) {
  yield head
  yield* source
  yield tail
}

const collect = async (readable) => {
  const chunks = []
  for await (const chunk of readable) chunks.push(chunk)
  return Buffer.concat(chunks)
}

/** Our client over `ImageKit.layerNode` pointed at the sink. */
const ours = async () => {
  const { ManagedRuntime } = await import("effect")
  const ImageKit = await import("@effect-imagekit/sdk/ImageKit")
  const runtime = ManagedRuntime.make(
    ImageKit.layerNode({
      publicKey: "public_test_key",
      privateKey,
      urlEndpoint: `${sinkUrl}/delivery`,
      apiBaseUrl: sinkUrl,
      uploadBaseUrl: sinkUrl
    })
  )
  const ik = await runEffect(runtime, ImageKit.ImageKit)
  return { runtime, ik }
}

/**
 * Each client: `setup()` returns `upload(readable)`, which resolves once the response has been read.
 */
const setups = {
  /** The floor: `node:http` with `stream.pipeline` (backpressure), chunked, the same framing. */
  rawHttp: async () => (readable) =>
    new Promise((resolve, reject) => {
      const request = httpRequest(uploadUrl, {
        method: "POST",
        headers: { authorization, "content-type": `multipart/form-data; boundary=${boundary}` }
      })
      request.on("response", (response) => {
        const chunks = []
        response.on("data", (chunk) => chunks.push(chunk))
        response.on("end", () => {
          if (response.statusCode !== 200) reject(new Error(`HTTP ${response.statusCode}`))
          else resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")))
        })
      })
      request.on("error", reject)
      pipeline(Readable.from(multipartBody(readable)), request).catch(reject)
    }),

  /** Global `fetch` with a streamed body (`duplex: "half"`), the same framing: what a fetch-based client can reach. */
  rawFetch: async () => async (readable) => {
    const response = await fetch(uploadUrl, {
      method: "POST",
      headers: { authorization, "content-type": `multipart/form-data; boundary=${boundary}` },
      body: Readable.toWeb(Readable.from(multipartBody(readable))),
      duplex: "half"
    })
    const body = await response.json()
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`)
    return body
  },

  /**
   * Ours today (before streaming uploads): `file` takes bytes or a Blob, not a stream, so a caller holding a
   * stream must read it into a Buffer first; that is the "before" figure.
   */
  oursBuffered: async () => {
    const { runtime, ik } = await ours()
    return async (readable) => runEffect(runtime, ik.upload({ file: await collect(readable), fileName }))
  },

  /** Ours with the Node `Readable` handed over as `file` (streaming uploads). */
  oursStream: async () => {
    const { runtime, ik } = await ours()
    return (readable) => runEffect(runtime, ik.upload({ file: readable, fileName }))
  },

  /** Ours with a web `ReadableStream` (`Readable.toWeb`) as `file`. */
  oursWebStream: async () => {
    const { runtime, ik } = await ours()
    return (readable) => runEffect(runtime, ik.upload({ file: Readable.toWeb(readable), fileName }))
  },

  /** Ours with an Effect `Stream` of the chunks (`Stream.fromAsyncIterable`) as `file`. */
  oursEffectStream: async () => {
    const { Stream } = await import("effect")
    const { runtime, ik } = await ours()
    return (readable) =>
      runEffect(runtime, ik.upload({ file: Stream.fromAsyncIterable(readable, (error) => error), fileName }))
  },

  /**
   * Ours with an Effect `Stream` made by Effect itself (`Stream.repeatEffectOption` over the same chunk generator),
   * no Node stream behind it: separates the SDK's cost from `Stream.fromAsyncIterable`'s.
   */
  oursEffectStreamNative: async () => {
    const { Effect, Option, Stream } = await import("effect")
    const { runtime, ik } = await ours()
    return (readable) => {
      const next = randomChunks(readable.total)
      const file = Stream.repeatEffectOption(
        Effect.suspend(() => {
          const chunk = next()
          return chunk === null ? Effect.fail(Option.none()) : Effect.succeed(chunk)
        })
      )
      return runEffect(runtime, ik.upload({ file, fileName }))
    }
  },

  /**
   * Ours with `Upload.fromPath`: the generated bytes are first written to a file in `os.tmpdir()` (outside the
   * timed and sampled part: `prepare` runs before the baseline), which is deleted after the upload.
   */
  oursFromPath: async () => {
    const Upload = await import("@effect-imagekit/sdk/Upload")
    const { runtime, ik } = await ours()
    const path = join(tmpdir(), `effect-imagekit-bench-${process.pid}.bin`)
    let source
    return {
      prepare: async (readable) => {
        await pipeline(readable, createWriteStream(path))
        source = await runEffect(runtime, Upload.fromPath(path))
      },
      upload: () => runEffect(runtime, ik.upload({ file: source, fileName })),
      cleanup: () => rm(path, { force: true })
    }
  },

  /**
   * imagekit@6: the `Readable` goes to form-data as it is (v6 appends `file` unconverted). No base-URL option, so
   * an interceptor on the axios instance imagekit resolves swaps the origin, as in `api-client.mjs`.
   */
  v6: async () => {
    const ImageKit = imagekitV6At(sinkUrl)
    const client = new ImageKit({ publicKey: "public_test_key", privateKey, urlEndpoint: `${sinkUrl}/delivery` })
    return (readable) => client.upload({ file: readable, fileName })
  },

  /**
   * @imagekit/nodejs@7: the `Readable` passed as `file` (an async iterable, which v7 accepts like a ReadStream),
   * `baseURL` pointed at the sink. The empty-password Basic header goes in `defaultHeaders` as in `api-client.mjs`.
   */
  v7: async () => {
    const { default: ImageKit } = await import("@imagekit/nodejs")
    const client = new ImageKit({ privateKey, baseURL: sinkUrl, defaultHeaders: { Authorization: authorization } })
    return (readable) => client.files.upload({ file: readable, fileName })
  },

  /** @imagekit/nodejs@7 with its `toFile` helper, the documented way to turn a stream into an upload. */
  v7ToFile: async () => {
    const { default: ImageKit, toFile } = await import("@imagekit/nodejs")
    const client = new ImageKit({ privateKey, baseURL: sinkUrl, defaultHeaders: { Authorization: authorization } })
    return async (readable) => client.files.upload({ file: await toFile(readable, fileName), fileName })
  }
}

const rss = () => process.memoryUsage.rss()
const median = (values) => {
  const ordered = [...values].sort((a, b) => a - b)
  return ordered[ordered.length >> 1]
}
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

const setup = setups[clientId]
if (setup === undefined) throw new Error(`unknown client ${clientId}`)
// A client is `upload(readable)`, or `{ prepare(readable), upload(), cleanup() }` when the source must exist first.
const made = await setup()
const client = typeof made === "function" ? { prepare: async () => {}, upload: made, cleanup: async () => {} } : made
const once = async (bytes) => {
  const readable = randomSource(bytes)
  await client.prepare(readable)
  return client.upload(readable)
}
// One small upload first: opens the connection and loads every lazy code path, so the baseline includes them.
try {
  await once(64 * 1024)
} catch (error) {
  process.send({
    type: "result",
    client: clientId,
    error: `warm-up failed: ${String(error?.message ?? error).slice(0, 300)}`
  })
  await client.cleanup()
  process.disconnect()
  process.exit(0)
}

process.on("message", async (message) => {
  if (message.type !== "run") return
  const readable = randomSource(size)
  await client.prepare(readable)
  globalThis.gc?.()
  await pause(50)
  const readings = []
  for (let index = 0; index < 5; index++) {
    readings.push(rss())
    await pause(10)
  }
  const baseline = median(readings)
  let peak = baseline
  let samples = 0
  const timer = setInterval(() => {
    samples += 1
    peak = Math.max(peak, rss())
  }, 20)
  const started = performance.now()
  let error
  let response
  try {
    response = await client.upload(readable)
  } catch (cause) {
    error = String(cause?.message ?? cause).slice(0, 300)
  }
  await client.cleanup()
  const ms = performance.now() - started
  clearInterval(timer)
  peak = Math.max(peak, rss())
  const usage = process.memoryUsage()
  process.send({
    type: "result",
    client: clientId,
    bytes: size,
    ms,
    baseline,
    peak,
    growth: peak - baseline,
    samples,
    end: { rss: usage.rss, heapUsed: usage.heapUsed, arrayBuffers: usage.arrayBuffers, external: usage.external },
    reportedSize: response?.size ?? null,
    error
  })
  process.disconnect()
})
process.send({ type: "ready" })
