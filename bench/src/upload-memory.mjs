/**
 * Peak RSS growth of the client process while it uploads a generated stream to the loopback sink. Each upload runs
 * in a fresh child process (`upload-client.mjs`, with `--expose-gc`), one at a time, the sink in this process.
 * Clients that buffer the whole file (imagekit@6, @imagekit/nodejs@7, ours before streaming uploads) run on the
 * smaller size only; the streaming clients run on both.
 */
import { fork } from "node:child_process"
import { fileURLToPath } from "node:url"
import { median, round } from "./stats.mjs"
import { startUploadSink } from "./upload-sink.mjs"

const clientScript = fileURLToPath(new URL("./upload-client.mjs", import.meta.url))
export const MiB = 1024 * 1024

export const uploadClients = {
  rawHttp: "raw node:http + stream.pipeline (floor)",
  rawFetch: "raw fetch, streamed body (duplex: half)",
  oursBuffered: "ours, layerNode, stream read into a Buffer (before)",
  oursStream: "ours, layerNode, Node Readable as file",
  oursWebStream: "ours, layerNode, web ReadableStream as file",
  oursEffectStream: "ours, layerNode, Effect Stream (fromAsyncIterable) as file",
  oursEffectStreamNative: "ours, layerNode, Effect Stream (repeatEffectOption) as file",
  oursFromPath: "ours, layerNode, Upload.fromPath (temp file)",
  v6: "imagekit@6 upload, Readable as file",
  v7: "@imagekit/nodejs@7 files.upload, Readable as file",
  v7ToFile: "@imagekit/nodejs@7 files.upload, toFile(Readable)"
}

/**
 * One upload of `bytes` by `client` in a fresh process; resolves to its result plus what the sink saw. A child that
 * dies before reporting (on a shared checkout: a package's `dist` being rebuilt under it) is started again, twice
 * at most, after a pause.
 */
export const uploadInChild = async (client, sink, bytes, attempts = 3) => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await uploadOnce(client, sink, bytes)
    } catch (error) {
      if (attempt >= attempts) throw error
      process.stderr.write(`[bench:uploads] ${error.message}; starting it again in 5 s\n`)
      await new Promise((resolve) => setTimeout(resolve, 5000))
    }
  }
}

const uploadOnce = (client, sink, bytes) =>
  new Promise((resolve, reject) => {
    const child = fork(clientScript, [client, sink.url, String(bytes)], {
      execArgv: ["--expose-gc"],
      stdio: ["ignore", "inherit", "inherit", "ipc"]
    })
    let result
    child.on("message", (message) => {
      if (message.type === "ready") child.send({ type: "run" })
      else if (message.type === "result") result = message
    })
    child.on("error", reject)
    child.on("exit", (code) => {
      if (result === undefined) reject(new Error(`upload client ${client} exited with ${code} before reporting`))
      else resolve({ ...result, sink: sink.uploads.at(-1) })
    })
  })

const mib = (bytes) => round(bytes / MiB, 1)

/** Median figures of several runs of one client at one size. */
export const summarise = (client, bytes, runs) => {
  // A client that failed before measuring (its warm-up upload) reports only an error.
  if (runs.every((run) => run.baseline === undefined)) {
    return {
      client,
      label: uploadClients[client],
      mib: bytes / MiB,
      runs: runs.length,
      failed: runs.length,
      firstError: runs[0]?.error
    }
  }
  const ok = runs.filter((run) => run.error === undefined && run.sink?.framed && run.sink.bytes >= bytes)
  return {
    client,
    label: uploadClients[client],
    mib: bytes / MiB,
    runs: runs.length,
    failed: runs.length - ok.length,
    firstError: runs.find((run) => run.error !== undefined)?.error,
    baselineMiB: mib(median(runs.map((run) => run.baseline))),
    peakMiB: mib(median(runs.map((run) => run.peak))),
    growthMiB: mib(median(runs.map((run) => run.growth))),
    growthRangeMiB: [mib(Math.min(...runs.map((run) => run.growth))), mib(Math.max(...runs.map((run) => run.growth)))],
    seconds: round(median(runs.map((run) => run.ms)) / 1000, 2),
    mibPerSecond: round(median(runs.map((run) => bytes / MiB / (run.ms / 1000))), 0),
    sinkBytes: runs.at(-1)?.sink?.bytes,
    chunked: runs.at(-1)?.sink?.chunked
  }
}

/**
 * `plan`: [{ client, bytes }]. Runs `runs` rounds; each round runs every entry once, starting at a different one.
 */
export const runUploadMemory = async ({ plan, runs, log }) => {
  const sink = await startUploadSink()
  const results = plan.map(() => [])
  try {
    for (let pass = 0; pass < runs; pass++) {
      for (let offset = 0; offset < plan.length; offset++) {
        const index = (pass + offset) % plan.length
        const { client, bytes } = plan[index]
        const result = await uploadInChild(client, sink, bytes)
        log(
          `upload memory ${client} ${bytes / MiB} MiB: +${mib(result.growth)} MiB (peak ${mib(result.peak)}), ` +
            `${round(result.ms / 1000, 2)} s${result.error === undefined ? "" : `, error: ${result.error}`}`
        )
        results[index].push(result)
      }
    }
  } finally {
    await sink.close()
  }
  return plan.map(({ client, bytes }, index) => summarise(client, bytes, results[index]))
}
