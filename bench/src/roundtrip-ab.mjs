/**
 * Round trips of builds of the SDK side by side with `@imagekit/nodejs@7` and raw `node:http`: `getFileDetails` over
 * `ImageKit.layerNode` against a static loopback server (a child process answering one fixed body), at c=1 and c=50,
 * each client in a process of its own, rounds interleaved with the starting client rotating. For a change to the hot
 * path: build the version before it into another folder of packages/sdk (`npx tsup --no-dts --out-dir
 * dist-baseline`), then `node src/roundtrip-ab.mjs dist-baseline dist`. Prints calls/s (median of the rounds) and
 * each build's ratio to v7 from the same rounds; the full `api.mjs --only=throughput` remains the figure of record.
 *
 * `--in-memory` runs only the builds, over the in-memory `HttpClient` of the CPU benchmarks (no server, no socket), so
 * that each build's own cost per call, garbage collection included, is compared in processes of their own: what
 * `sdk-ab.mjs` cannot show, as its builds share one heap (decision 0081).
 *
 * Usage: node src/roundtrip-ab.mjs [dir ...] [--rounds=N] [--calls1=N] [--calls50=N] [--in-memory]
 * (`--server` and `--client` are the roles of its child processes; `--gc-client` is gc-per-call.mjs's and
 * pretenured-sites.mjs's.)
 */
import { fork } from "node:child_process"
import { createServer } from "node:http"
import { fileURLToPath, pathToFileURL } from "node:url"
import { FILE_BODY } from "./in-memory-answer.mjs"
import { median, relativeMad, round } from "./stats.mjs"

const argument = (name, fallback) =>
  Number(process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback)
const PRIVATE_KEY = "private_bench_key"
const AUTHORIZATION = `Basic ${Buffer.from(`${PRIVATE_KEY}:`).toString("base64")}`
const FILE_ID = "9c43a8c3b7cf3c25632b9240"

const role = process.argv[2]

if (role === "--server") {
  const server = createServer((request, response) => {
    request.resume()
    request.on("end", () => {
      const ok = request.headers.authorization === AUTHORIZATION
      const payload = ok ? FILE_BODY : JSON.stringify({ message: "Your request does not contain private API key" })
      response.writeHead(ok ? 200 : 401, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(payload),
        "x-request-id": "static-request"
      })
      response.end(payload)
    })
  })
  server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }))
} else if (role === "--gc-client") {
  // For gc-per-call.mjs: one client, a warm-up batch, a marker, then the measured batches and their rate. In mode
  // `survivors`, the measured batches run under V8's sampling heap profiler told to drop what a minor GC collected
  // (`includeObjectsCollectedByMinorGC: false`): what is left is what outlived the young generation, by allocation stack.
  // In mode `sites` (pretenured-sites.mjs), the allocation sites V8 tenured are listed at the end.
  const [, , , id, baseUrl, concurrency, calls, mode] = process.argv
  const batch = await batchFor(id, baseUrl)
  await batch(2000, Number(concurrency))
  const session = mode === "survivors" ? await sampleSurvivors() : undefined
  process.stdout.write("\nMEASURED\n")
  const started = performance.now()
  let made = 0
  for (let index = 0; index < 3; index++) made += await batch(Number(calls), Number(concurrency))
  const perSecond = (made / (performance.now() - started)) * 1000
  const stacks = session === undefined ? undefined : await session.stop()
  process.stdout.write(`\nRESULT ${JSON.stringify({ calls: made, perSecond, stacks })}\n`)
  // Needs --allow-natives-syntax, which pretenured-sites.mjs gives.
  if (mode === "sites") (await import("./pretenured-sites-walk.mjs")).walk()
  process.exit(0)
} else if (role === "--client") {
  const [, , , id, baseUrl] = process.argv
  const batch = await batchFor(id, baseUrl)
  process.on("message", async ({ calls, concurrency }) => {
    if (calls === 0) process.exit(0)
    const started = performance.now()
    const ok = await batch(calls, concurrency)
    process.send({ perSecond: (ok / (performance.now() - started)) * 1000 })
  })
  process.send({ ready: true })
} else {
  const dirs = process.argv.slice(2).filter((arg) => !arg.startsWith("--"))
  const inMemory = process.argv.includes("--in-memory")
  const builds = dirs.length === 0 ? ["dist"] : dirs
  const ids = inMemory ? builds : [...builds, "v7", "raw"]
  const rounds = argument("rounds", 7)
  const callsAt = { 1: argument("calls1", inMemory ? 4000 : 2000), 50: argument("calls50", 8000) }
  const self = fileURLToPath(import.meta.url)
  const server = inMemory ? undefined : fork(self, ["--server"])
  const port =
    server === undefined
      ? undefined
      : await new Promise((resolve) => server.once("message", (message) => resolve(message.port)))
  const baseUrl = inMemory ? "memory" : `http://127.0.0.1:${port}`
  const clients = await Promise.all(
    ids.map(
      (id) =>
        new Promise((resolve) => {
          const child = fork(self, ["--client", id, baseUrl])
          child.once("message", () =>
            resolve({
              id,
              batch: (calls, concurrency) =>
                new Promise((done) => {
                  child.once("message", (message) => done(message.perSecond))
                  child.send({ calls, concurrency })
                }),
              stop: () => child.send({ calls: 0 })
            })
          )
        })
    )
  )
  const results = {}
  for (const concurrency of [1, 50]) {
    const samples = Object.fromEntries(ids.map((id) => [id, []]))
    for (const client of clients) await client.batch(callsAt[concurrency], concurrency)
    for (let index = 0; index < rounds; index++) {
      for (let offset = 0; offset < clients.length; offset++) {
        const client = clients[(index + offset) % clients.length]
        samples[client.id].push(await client.batch(callsAt[concurrency], concurrency))
      }
    }
    results[`c${concurrency}`] = Object.fromEntries(
      ids.map((id) => [
        id,
        {
          perSecond: round(median(samples[id]), 0),
          spreadPercent: round(relativeMad(samples[id]), 1),
          // Against v7 over sockets, against the first build in memory (v7 does not run there).
          ...(inMemory
            ? { overFirst: round(median(samples[id].map((value, index) => value / samples[ids[0]][index])), 3) }
            : { overV7: round(median(samples[id].map((value, index) => value / samples.v7[index])), 2) })
        }
      ])
    )
  }
  for (const client of clients) client.stop()
  server?.kill()
  console.log(JSON.stringify(results, null, 2))
}

/**
 * Starts V8's sampling heap profiler, keeping the samples a full GC collected and dropping those a minor GC collected.
 * `stop()` answers the sampled bytes by the last three frames of their allocation stack, largest first.
 */
async function sampleSurvivors() {
  const { Session } = await import("node:inspector/promises")
  const session = new Session()
  session.connect()
  await session.post("HeapProfiler.enable")
  await session.post("HeapProfiler.startSampling", {
    samplingInterval: 512,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: false
  })
  return {
    stop: async () => {
      const { profile } = await session.post("HeapProfiler.stopSampling")
      const bytes = new Map()
      const frameOf = ({ callFrame }) =>
        `${callFrame.functionName || "(anonymous)"} ${callFrame.url.split("/").slice(-2).join("/")}:${callFrame.lineNumber + 1}`
      const visit = (node, frames) => {
        const path = [frameOf(node), ...frames].slice(0, 3)
        const stack = path.join(" <- ")
        if (node.selfSize > 0) bytes.set(stack, (bytes.get(stack) ?? 0) + node.selfSize)
        for (const child of node.children) visit(child, path)
      }
      visit(profile.head, [])
      return [...bytes].sort((a, b) => b[1] - a[1])
    }
  }
}

/** `concurrency` promise workers sharing one counter, each awaiting one call at a time. */
function promiseWorkers(one) {
  return async (calls, concurrency) => {
    let next = 0
    let ok = 0
    const worker = async () => {
      while (next < calls) {
        next += 1
        await one()
        ok += 1
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker))
    return ok
  }
}

async function batchFor(id, baseUrl) {
  if (id === "v7") {
    const { default: ImageKit } = await import("@imagekit/nodejs")
    const client = new ImageKit({
      privateKey: PRIVATE_KEY,
      baseURL: baseUrl,
      defaultHeaders: { Authorization: AUTHORIZATION }
    })
    return promiseWorkers(() => client.files.get(FILE_ID))
  }
  if (id === "raw") {
    const { Agent, request } = await import("node:http")
    const agent = new Agent({ keepAlive: true, maxSockets: 50 })
    const url = new URL(`${baseUrl}/v1/files/${FILE_ID}/details`)
    return promiseWorkers(
      () =>
        new Promise((resolve, reject) => {
          const outgoing = request(url, {
            agent,
            headers: { authorization: AUTHORIZATION, accept: "application/json" }
          })
          outgoing.on("error", reject)
          outgoing.on("response", (incoming) => {
            const chunks = []
            incoming.on("data", (chunk) => chunks.push(chunk))
            incoming.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8"))))
          })
          outgoing.end()
        })
    )
  }
  // A build of the SDK, as api-client.mjs's `ours` drives it: one runtime, `concurrency` fibers sharing one counter,
  // each calling in a loop.
  // With `memory` for a base URL (gc-per-call.mjs --in-memory), over the in-memory `HttpClient` of the CPU benchmarks.
  const sdk = fileURLToPath(new URL(`../../packages/sdk/${id}/`, import.meta.url))
  const ImageKit = await import(pathToFileURL(`${sdk}ImageKit.js`).href)
  const { Effect, Layer, ManagedRuntime } = await import("effect")
  const settings = {
    publicKey: "public_bench",
    privateKey: PRIVATE_KEY,
    urlEndpoint: `${baseUrl}/delivery`,
    apiBaseUrl: baseUrl,
    uploadBaseUrl: baseUrl
  }
  const runtime = ManagedRuntime.make(
    baseUrl === "memory" ? await inMemoryLayer(sdk, ImageKit, settings, Layer) : ImageKit.layerNode(settings)
  )
  const ik = await runtime.runPromise(ImageKit.ImageKit)
  return async (calls, concurrency) => {
    let next = 0
    let ok = 0
    const one = Effect.tap(
      Effect.suspend(() => ik.getFileDetails(FILE_ID)),
      () => {
        ok += 1
      }
    )
    const worker = Effect.suspend(() => {
      if (next >= calls) return Effect.void
      next += 1
      return Effect.zipRight(one, worker)
    })
    await runtime.runPromise(
      Effect.all(
        Array.from({ length: concurrency }, () => worker),
        { concurrency: "unbounded", discard: true }
      )
    )
    return ok
  }
}

/** `ImageKit.layer` over the in-memory `HttpClient` (no socket), for one build of the SDK. */
async function inMemoryLayer(sdk, ImageKit, settings, Layer) {
  const ImageKitConfig = await import(pathToFileURL(`${sdk}ImageKitConfig.js`).href)
  const { HttpClient } = await import("@effect/platform")
  const { inMemory } = await import("./in-memory-answer.mjs")
  return ImageKit.layer.pipe(
    Layer.provide(
      ImageKitConfig.layer({
        ...settings,
        urlEndpoint: "http://127.0.0.1/delivery",
        apiBaseUrl: "http://127.0.0.1",
        uploadBaseUrl: "http://127.0.0.1"
      })
    ),
    Layer.provide(Layer.succeed(HttpClient.HttpClient, inMemory))
  )
}
