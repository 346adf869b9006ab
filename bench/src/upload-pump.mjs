/**
 * How the shape of the loop that writes an upload's body alone drives the client's memory (decision 0076): the same
 * generated 64 KiB chunks, the same multipart framing, the same loopback sink, written to `http.request` by
 *
 * - `plain`: an async function, `write()` and `await` `drain` when it returns false (the floor's shape);
 * - `effectPerWrite`: the SDK's pump until decision 0076: `Stream.runForEach` over an Effect `Stream` of the chunks,
 *   every write an `Effect.async` with a promise for its callback;
 * - `pullLoop`: the pump since then: one `Stream.toPull` loop, one shared write callback and a count, `drain` awaited
 *   only when a write returned false;
 * - `pullLoopBatched`: the same loop pulling chunks of 16 buffers (1 MiB), as the SDK reads a Node `Readable` that has
 *   that much ready.
 *
 *   node src/upload-pump.mjs [MiB=1024] [runs=3] [--node-flags="--no-incremental-marking"]
 *
 * Each upload runs in a fresh process (`--expose-gc`, baseline after `gc()`, RSS sampled every 20 ms); medians of
 * `runs`, variants interleaved. Effect runs here with `runPromise` (this is a bench script, not the SDK).
 */
import { fork } from "node:child_process"
import { randomBytes } from "node:crypto"
import { request as httpRequest } from "node:http"
import { performance } from "node:perf_hooks"
import { fileURLToPath } from "node:url"
import { median, round } from "./stats.mjs"
import { startUploadSink } from "./upload-sink.mjs"

const MiB = 1024 * 1024
const CHUNK = 64 * 1024
const variants = ["plain", "effectPerWrite", "pullLoop", "pullLoopBatched"]

const child = async (variant, sinkUrl, size) => {
  const { Chunk, Effect, Option, Stream } = await import("effect")
  const pool = randomBytes(4 * MiB)
  /** Fresh 64 KiB buffers of pseudo-random bytes, `null` after `total`. */
  const chunks = (total) => {
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
  const boundary = `----pump${randomBytes(12).toString("hex")}`
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="pump.bin"\r\n` +
      "Content-Type: application/octet-stream\r\n\r\n"
  )
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  const upload = async (total, write) => {
    const request = httpRequest(`${sinkUrl}/api/v1/files/upload`, {
      method: "POST",
      agent: false,
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` }
    })
    const answered = new Promise((resolve, reject) => {
      request.on("error", reject)
      request.on("response", (response) => {
        response.resume()
        response.on("end", () =>
          response.statusCode === 200 ? resolve() : reject(new Error(`${response.statusCode}`))
        )
      })
    })
    await new Promise((resolve) =>
      request.once("socket", (socket) => (socket.connecting ? socket.once("connect", resolve) : resolve()))
    )
    request.write(head)
    await write(request, chunks(total))
    request.end(tail)
    await answered
  }
  const oneChunkStream = (next) =>
    Stream.repeatEffectOption(
      Effect.suspend(() => {
        const chunk = next()
        return chunk === null ? Effect.fail(Option.none()) : Effect.succeed(chunk)
      })
    )
  const pullLoop = (request, stream) => {
    // One callback for every write (the SDK's counts writes for its flush, which this body does not need).
    const written = () => undefined
    const drained = Effect.async((resume) => {
      const go = () => {
        request.off("drain", go)
        resume(Effect.void)
      }
      request.on("drain", go)
    })
    const writeAll = (chunk) => {
      let room = true
      for (const bytes of chunk) room = request.write(bytes, written)
      return room ? Effect.void : drained
    }
    return Effect.scoped(
      Effect.flatMap(Stream.toPull(stream), (pull) => {
        const loop = Effect.matchEffect(pull, {
          onFailure: () => Effect.void,
          onSuccess: (chunk) => Effect.zipRight(writeAll(chunk), loop)
        })
        return loop
      })
    )
  }
  const writers = {
    plain: async (request, next) => {
      for (let chunk = next(); chunk !== null; chunk = next()) {
        if (!request.write(chunk)) await new Promise((resolve) => request.once("drain", resolve))
      }
    },
    effectPerWrite: (request, next) => {
      let lastWrite = Promise.resolve()
      const written = (chunk) =>
        Effect.async((resume) => {
          let flushed
          lastWrite = new Promise((resolve) => {
            flushed = resolve
          })
          if (request.write(chunk, () => flushed())) {
            resume(Effect.void)
            return
          }
          const go = () => {
            request.off("drain", go)
            resume(Effect.void)
          }
          request.on("drain", go)
        })
      return Effect.runPromise(
        Effect.zipRight(
          Stream.runForEach(oneChunkStream(next), written),
          Effect.promise(() => lastWrite)
        )
      )
    },
    pullLoop: (request, next) => Effect.runPromise(pullLoop(request, oneChunkStream(next))),
    pullLoopBatched: (request, next) =>
      Effect.runPromise(
        pullLoop(
          request,
          Stream.repeatEffectChunkOption(
            Effect.suspend(() => {
              const batch = []
              while (batch.length < 16) {
                const chunk = next()
                if (chunk === null) break
                batch.push(chunk)
              }
              return batch.length === 0 ? Effect.fail(Option.none()) : Effect.succeed(Chunk.unsafeFromArray(batch))
            })
          )
        )
      )
  }
  const write = writers[variant]
  await upload(CHUNK, write)
  globalThis.gc()
  await new Promise((resolve) => setTimeout(resolve, 50))
  const baseline = process.memoryUsage.rss()
  let peak = baseline
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }, 20)
  const started = performance.now()
  await upload(size, write)
  const ms = performance.now() - started
  clearInterval(timer)
  peak = Math.max(peak, process.memoryUsage.rss())
  process.send({ growth: peak - baseline, ms })
}

const parent = async () => {
  const positional = process.argv.slice(2).filter((argument) => !argument.startsWith("--"))
  const flagsArgument = process.argv.find((argument) => argument.startsWith("--node-flags="))
  const nodeFlags = flagsArgument === undefined ? [] : flagsArgument.slice(13).split(" ").filter(Boolean)
  const mib = Number(positional[0] ?? 1024)
  const runs = Number(positional[1] ?? 3)
  const sink = await startUploadSink()
  const results = Object.fromEntries(variants.map((variant) => [variant, []]))
  try {
    for (let pass = 0; pass < runs; pass++) {
      for (const variant of variants) {
        const result = await new Promise((resolve, reject) => {
          const worker = fork(fileURLToPath(import.meta.url), ["--child", variant, sink.url, String(mib * MiB)], {
            execArgv: ["--expose-gc", ...nodeFlags]
          })
          let message
          worker.on("message", (value) => {
            message = value
          })
          worker.on("error", reject)
          worker.on("exit", (code) =>
            message === undefined ? reject(new Error(`${variant} exited with ${code}`)) : resolve(message)
          )
        })
        results[variant].push(result)
        process.stderr.write(`[upload-pump] ${variant}: +${round(result.growth / MiB, 1)} MiB\n`)
      }
    }
  } finally {
    await sink.close()
  }
  console.log(`upload-pump: ${mib} MiB, median of ${runs}${nodeFlags.length > 0 ? `, ${nodeFlags.join(" ")}` : ""}`)
  console.log("variant          growth MiB  range        MiB/s")
  for (const variant of variants) {
    const growths = results[variant].map((result) => result.growth / MiB)
    const rates = results[variant].map((result) => mib / (result.ms / 1000))
    console.log(
      `${variant.padEnd(16)} ${String(round(median(growths), 1)).padEnd(11)} ${`${round(Math.min(...growths), 1)}-${round(Math.max(...growths), 1)}`.padEnd(12)} ${round(median(rates), 0)}`
    )
  }
}

if (process.argv[2] === "--child") await child(process.argv[3], process.argv[4], Number(process.argv[5]))
else await parent()
