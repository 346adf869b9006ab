/**
 * Per-call overhead of the Promise adapter (`@effect-imagekit/promise`) against the Effect client it wraps, and
 * beside imagekit@6 and @imagekit/nodejs@7: `getFileDetails` round trips to the loopback emulator, sequential
 * (c=1) and 50 in flight (c=50).
 *
 * - The emulator runs in a child process, so the server's work does not share this process's event loop.
 * - adapter: the built bundle `packages/promise/dist/index.js` (build it first), Promise style.
 * - effect: the SDK client called the way the adapter calls it, one `runtime.runPromiseExit` per call, and the
 *   same client with `runtime.runPromise` (what an Effect user writing Promise code would do).
 * - imagekit@6 has no base-URL option: a request interceptor on the axios instance it uses (resolved from its own
 *   directory) swaps `https://api.imagekit.io` for the emulator; no CONNECT proxy, one promise hop per call.
 * - @imagekit/nodejs@7 takes `baseURL`; its Basic password `do_not_set` is refused by the emulator, so the header
 *   it would send with an empty password goes in `defaultHeaders`.
 * - Rounds alternate the clients (order rotated each round) and the median round is reported, so machine noise
 *   hits every client alike.
 * - A second table isolates the CPU cost per call: adapter and Effect client with the same stub `fetch` that answers
 *   from memory (no socket), sequentially. The difference there is everything the adapter adds or saves.
 *
 * Usage: node src/adapter-overhead.mjs [--quick]
 */
import { spawn } from "node:child_process"
import { performance } from "node:perf_hooks"
import { runEffect } from "./run-effect.mjs"
import { imagekitV6At } from "./imagekit-v6.mjs"

const quick = process.argv.includes("--quick")
const ROUNDS = quick ? 3 : 9
const SEQUENTIAL_CALLS = quick ? 100 : 300
const CONCURRENT_CALLS = quick ? 500 : 1500
const CONCURRENCY = 50
const PRIVATE_KEY = "private_test_key"
const PUBLIC_KEY = "public_test_key"

// ---- the emulator, in a child process ------------------------------------------------------------------------

const EMULATOR = `import { Emulator } from "@effect-imagekit/testing"
const running = await Emulator.start({ privateKey: ${JSON.stringify(PRIVATE_KEY)} })
process.send({ url: running.url, urlEndpoint: running.urlEndpoint })
process.on("disconnect", () => running.close().then(() => process.exit(0)))`

const startEmulator = () =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", EMULATOR], {
      cwd: new URL("..", import.meta.url),
      stdio: ["ignore", "inherit", "inherit", "ipc"]
    })
    child.once("message", (message) => resolve({ ...message, child }))
    child.once("error", reject)
    child.once("exit", (code) => reject(new Error(`the emulator exited with code ${code}`)))
  })

// ---- clients ---------------------------------------------------------------------------------------------------

const setups = async (emulator) => {
  const { default: Adapter } = await import("../../packages/promise/dist/index.js")
  const { Exit, ManagedRuntime } = await import("effect")
  const ImageKit = await import("@effect-imagekit/sdk/ImageKit")
  const ImageKitRequest = await import("@effect-imagekit/sdk/ImageKitRequest")
  const { default: ImageKitV7 } = await import("@imagekit/nodejs")

  const adapter = new Adapter({
    publicKey: PUBLIC_KEY,
    privateKey: PRIVATE_KEY,
    urlEndpoint: emulator.urlEndpoint,
    apiBaseUrl: emulator.url,
    uploadEndpoint: `${emulator.url}/api/v1/files/upload`
  })
  const uploaded = await adapter.upload({ file: new TextEncoder().encode("bench"), fileName: "bench.txt" })
  const fileId = uploaded.fileId

  const runtime = ManagedRuntime.make(
    ImageKit.layerNode({
      publicKey: PUBLIC_KEY,
      privateKey: PRIVATE_KEY,
      urlEndpoint: emulator.urlEndpoint,
      apiBaseUrl: emulator.url,
      uploadBaseUrl: emulator.url
    })
  )
  const ik = await runEffect(runtime, ImageKit.ImageKit)

  const ImageKitV6 = imagekitV6At(emulator.url)
  const v6 = new ImageKitV6({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY, urlEndpoint: emulator.urlEndpoint })
  const v7 = new ImageKitV7({
    privateKey: PRIVATE_KEY,
    baseURL: emulator.url,
    defaultHeaders: { Authorization: `Basic ${Buffer.from(`${PRIVATE_KEY}:`).toString("base64")}` }
  })

  return {
    fileId,
    clients: {
      adapter: () => adapter.getFileDetails(fileId),
      "effect (runPromiseExit)": () =>
        runtime.runPromiseExit(ik.getFileDetails(fileId)).then((exit) => {
          if (Exit.isFailure(exit)) throw new Error(String(exit.cause))
          return exit.value
        }),
      "effect (runPromise)": () => runtime.runPromise(ik.getFileDetails(fileId)),
      // The same client without Schema decoding, as the adapter runs it: the difference to the adapter is the
      // adapter's own work (callback/Promise settling, $ResponseMetadata, its fetch wrapper).
      "effect, raw body": () =>
        runtime
          .runPromiseExit(
            ik.execute(
              ImageKitRequest.make({ operation: "getFileDetails", method: "GET", path: `/v1/files/${fileId}/details` })
            )
          )
          .then((exit) => {
            if (Exit.isFailure(exit)) throw new Error(String(exit.cause))
            return exit.value
          }),
      "imagekit@6": () => v6.getFileDetails(fileId),
      "@imagekit/nodejs@7": () => v7.files.get(fileId)
    },
    close: () => runtime.dispose()
  }
}

// ---- CPU per call, no network ----------------------------------------------------------------------------------

const stubSetups = async () => {
  const { default: Adapter } = await import("../../packages/promise/dist/index.js")
  const { Exit, Layer, ManagedRuntime } = await import("effect")
  const ImageKit = await import("@effect-imagekit/sdk/ImageKit")
  const ImageKitRequest = await import("@effect-imagekit/sdk/ImageKitRequest")
  const FetchHttpClient = await import("@effect/platform/FetchHttpClient")
  const body = JSON.stringify({
    fileId: "f1",
    type: "file",
    name: "a.jpg",
    filePath: "/a.jpg",
    tags: ["a", "b"],
    AITags: null,
    versionInfo: { id: "f1", name: "Version 1" },
    isPrivateFile: false,
    isPublished: true,
    customCoordinates: null,
    url: "https://ik.imagekit.io/demo/a.jpg",
    thumbnail: "https://ik.imagekit.io/demo/tr:n-ik_ml_thumbnail/a.jpg",
    fileType: "image",
    mime: "image/jpeg",
    width: 100,
    height: 100,
    size: 1000,
    hasAlpha: false,
    customMetadata: {},
    createdAt: "2024-01-01T00:00:00.000Z",
    updatedAt: "2024-01-01T00:00:00.000Z"
  })
  const stub = async () => new Response(body, { status: 200, headers: { "content-type": "application/json" } })
  const options = { publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY, urlEndpoint: "https://ik.imagekit.io/demo" }
  const adapter = new Adapter({ ...options, fetch: stub })
  // The adapter's own wiring when given a fetch: ImageKit.layerFetch with that fetch in context.
  const runtime = ManagedRuntime.make(
    ImageKit.layerFetch(options).pipe(Layer.provide(Layer.succeed(FetchHttpClient.Fetch, stub)))
  )
  const ik = await runEffect(runtime, ImageKit.ImageKit)
  return {
    clients: {
      adapter: () => adapter.getFileDetails("f1"),
      "effect (runPromiseExit)": () =>
        runtime.runPromiseExit(ik.getFileDetails("f1")).then((exit) => {
          if (Exit.isFailure(exit)) throw new Error(String(exit.cause))
          return exit.value
        }),
      "effect (runPromise)": () => runtime.runPromise(ik.getFileDetails("f1")),
      "effect, raw body": () =>
        runtime
          .runPromiseExit(
            ik.execute(
              ImageKitRequest.make({ operation: "getFileDetails", method: "GET", path: "/v1/files/f1/details" })
            )
          )
          .then((exit) => {
            if (Exit.isFailure(exit)) throw new Error(String(exit.cause))
            return exit.value
          })
    },
    close: () => Promise.all([runtime.dispose(), adapter.effect.runtime.dispose()])
  }
}

// ---- measurement -----------------------------------------------------------------------------------------------

const pool = async (one, calls, concurrency) => {
  let next = 0
  let failed = 0
  let firstError
  const worker = async () => {
    while (next < calls) {
      next += 1
      try {
        await one()
      } catch (error) {
        failed += 1
        firstError ??= String(error?.message ?? error).slice(0, 200)
      }
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: Math.min(concurrency, calls) }, worker))
  const ms = performance.now() - started
  if (failed > 0) throw new Error(`${failed} of ${calls} calls failed: ${firstError}`)
  return (calls / ms) * 1000
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

/**
 * The adapter's rate divided by each client's, per round (measured minutes apart at most), then the median: a
 * neighbour slowing the machine for a while moves both sides of a ratio, not just one.
 */
const pairedRatios = (rates, names, pick) =>
  Object.fromEntries(
    names.map((name) => [name, median(rates.adapter.map((round, i) => pick(round) / pick(rates[name][i])))])
  )

const emulator = await startEmulator()
try {
  const { clients, close } = await setups(emulator)
  const names = Object.keys(clients)
  for (const name of names) await pool(clients[name], 50, 10) // warm up every path (JIT, sockets)

  const rounds = Object.fromEntries(names.map((name) => [name, []]))
  for (let round = 0; round < ROUNDS; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length])
    const measured = Object.fromEntries(names.map((name) => [name, {}]))
    for (const name of order) measured[name].c1 = await pool(clients[name], SEQUENTIAL_CALLS, 1)
    for (const name of order) measured[name].c50 = await pool(clients[name], CONCURRENT_CALLS, CONCURRENCY)
    for (const name of names) rounds[name].push(measured[name])
  }
  await close()

  const c1Ratio = pairedRatios(rounds, names, (round) => round.c1)
  const c50Ratio = pairedRatios(rounds, names, (round) => round.c50)
  const table = names.map((name) => ({
    name,
    c1: median(rounds[name].map((round) => round.c1)),
    c50: median(rounds[name].map((round) => round.c50))
  }))
  console.log(
    `getFileDetails against the loopback emulator: ${ROUNDS} rounds × (${SEQUENTIAL_CALLS} sequential, ${CONCURRENT_CALLS} at c=${CONCURRENCY}); medians\n`
  )
  console.log(
    `${"client".padEnd(26)}${"c=1 ops/s".padStart(12)}${"c=50 ops/s".padStart(12)}   adapter ÷ client, median of per-round ratios (c=1, c=50)`
  )
  for (const row of table) {
    console.log(
      `${row.name.padEnd(26)}${row.c1.toFixed(0).padStart(12)}${row.c50.toFixed(0).padStart(12)}   ${c1Ratio[row.name].toFixed(2)}, ${c50Ratio[row.name].toFixed(2)}`
    )
  }
  const effect = "effect, raw body"
  console.log(
    `\nadapter ÷ the Effect client run as the adapter runs it (raw body): ${c1Ratio[effect].toFixed(2)} at c=1, ${c50Ratio[effect].toFixed(2)} at c=50 (1.00 = no visible overhead; above 1 = adapter faster)`
  )
} finally {
  emulator.child.disconnect()
}

{
  const STUB_CALLS = quick ? 500 : 1_000
  const { clients, close } = await stubSetups()
  const names = Object.keys(clients)
  for (const name of names) await pool(clients[name], 2_000, 1)
  const STUB_ROUNDS = ROUNDS * 2
  // CPU time of this process (user + system), not wall time: other processes on the machine do not count.
  const cpuPerCall = async (one) => {
    const before = process.cpuUsage()
    for (let i = 0; i < STUB_CALLS; i++) await one()
    const used = process.cpuUsage(before)
    return (used.user + used.system) / STUB_CALLS
  }
  const results = Object.fromEntries(names.map((name) => [name, []]))
  for (let round = 0; round < STUB_ROUNDS; round++) {
    for (const name of names.map((_, i) => names[(i + round) % names.length])) {
      results[name].push(await cpuPerCall(clients[name]))
    }
  }
  await close()
  // Ratios of CPU time: client ÷ adapter, so that above 1 still means the adapter is cheaper.
  const ratios = Object.fromEntries(
    names.map((name) => [name, median(results.adapter.map((mine, i) => results[name][i] / mine))])
  )
  console.log(
    `\nCPU per call: stub fetch answering from memory, ${STUB_CALLS} sequential calls per round, median of ${STUB_ROUNDS} rounds\n`
  )
  for (const name of names) {
    console.log(
      `${name.padEnd(26)}${median(results[name]).toFixed(1).padStart(10)} µs CPU/call   client ÷ adapter ${ratios[name].toFixed(2)}`
    )
  }
}
