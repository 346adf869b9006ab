/**
 * One client library in its own process, driven by `api-throughput.mjs` over IPC. A process per library gives each
 * its own connection pool (ours, v7 and raw fetch would otherwise share undici's global pool and reuse each other's
 * sockets), so the server-side socket count of a batch belongs to one library.
 *
 * argv: <client id> <emulator url> <private key> <file id>
 * IPC in:  { type: "batch", calls, concurrency }
 * IPC out: { type: "batch", ms, ok, failed, firstError, socketsOpened, socketsPeakOpen, socketsOpenedTotal }
 */
import dc from "node:diagnostics_channel"
import { Agent, request as httpRequest } from "node:http"
import { performance } from "node:perf_hooks"
import { runEffect } from "./run-effect.mjs"
import { imagekitV6At } from "./imagekit-v6.mjs"

const [clientId, baseUrl, privateKey, fileId] = process.argv.slice(2)

/** Runs `calls` calls of `one` with at most `concurrency` in flight: a pool of workers, as an application would. */
const promisePool = async (one, calls, concurrency) => {
  let next = 0
  let ok = 0
  let failed = 0
  let firstError
  const worker = async () => {
    while (next < calls) {
      next += 1
      try {
        await one()
        ok += 1
      } catch (error) {
        failed += 1
        firstError ??= String(error?.message ?? error).slice(0, 200)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, calls) }, worker))
  return { ok, failed, firstError }
}

/** A runtime holding our client, wired through `ImageKit.layerNode` (our node:http client) or `ImageKit.layerFetch`. */
const oursLayer = async (wiring) => {
  const { Layer, ManagedRuntime } = await import("effect")
  const ImageKit = await import("@effect-imagekit/sdk/ImageKit")
  const ImageKitConfig = await import("@effect-imagekit/sdk/ImageKitConfig")
  const options = {
    publicKey: "public_test_key",
    privateKey,
    urlEndpoint: `${baseUrl}/delivery`,
    apiBaseUrl: baseUrl,
    uploadBaseUrl: baseUrl
  }
  const layer =
    wiring === "layerNode"
      ? ImageKit.layerNode(options)
      : wiring === "layerFetch"
        ? ImageKit.layerFetch(options)
        : ImageKit.layer.pipe(
            Layer.provide(ImageKitConfig.layer(options)),
            Layer.provide((await import("@effect-imagekit/sdk/NodeHttpClient")).layer)
          )
  const runtime = ManagedRuntime.make(layer)
  return { runtime, ik: await runEffect(runtime, ImageKit.ImageKit) }
}

/** `concurrency` fibers sharing one counter, each calling until the batch is done: the promise pool's shape. */
const effectWorkers = async ({ runtime, ik }) => {
  const { Effect } = await import("effect")
  return async (calls, concurrency) => {
    let next = 0
    let ok = 0
    let failed = 0
    let firstError
    const one = Effect.matchEffect(
      Effect.suspend(() => ik.getFileDetails(fileId)),
      {
        onFailure: (error) =>
          Effect.sync(() => {
            failed += 1
            firstError ??= `${error._tag}: ${error.message}`.slice(0, 200)
          }),
        onSuccess: () =>
          Effect.sync(() => {
            ok += 1
          })
      }
    )
    const worker = Effect.suspend(() => {
      if (next >= calls) return Effect.void
      next += 1
      return Effect.zipRight(one, worker)
    })
    await runEffect(
      runtime,
      Effect.all(
        Array.from({ length: Math.min(concurrency, calls) }, () => worker),
        { concurrency: "unbounded", discard: true }
      )
    )
    return { ok, failed, firstError }
  }
}

const setups = {
  /** The floor: global fetch, Basic auth, JSON parse, nothing else. */
  rawFetch: async () => {
    const authorization = `Basic ${Buffer.from(`${privateKey}:`).toString("base64")}`
    const url = `${baseUrl}/v1/files/${encodeURIComponent(fileId)}/details`
    const one = async () => {
      const response = await fetch(url, { headers: { authorization, accept: "application/json" } })
      const body = await response.json()
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`)
      return body
    }
    return (calls, concurrency) => promisePool(one, calls, concurrency)
  },

  /**
   * The node:http floor: one keep-alive `http.Agent` with `maxSockets` = the batch's concurrency (one per concurrency
   * level), Basic auth, the body gathered and `JSON.parse`d. What any client on node:http can reach.
   */
  rawHttp: async () => {
    const authorization = `Basic ${Buffer.from(`${privateKey}:`).toString("base64")}`
    const url = new URL(`${baseUrl}/v1/files/${encodeURIComponent(fileId)}/details`)
    let agent
    const one = () =>
      new Promise((resolve, reject) => {
        const request = httpRequest(url, { agent, headers: { authorization, accept: "application/json" } })
        request.on("error", reject)
        request.on("response", (response) => {
          const chunks = []
          response.on("data", (chunk) => chunks.push(chunk))
          response.on("error", reject)
          response.on("end", () => {
            try {
              const body = JSON.parse(Buffer.concat(chunks).toString("utf8"))
              if (response.statusCode !== 200) reject(new Error(`HTTP ${response.statusCode}`))
              else resolve(body)
            } catch (error) {
              reject(error)
            }
          })
        })
        request.end()
      })
    let agentConcurrency = 0
    return async (calls, concurrency) => {
      if (concurrency !== agentConcurrency) {
        // A new level gets a pool of its own size; the old pool's sockets are closed first, so they are not counted
        // as this level's.
        agent?.destroy()
        while (sockets.open > 0) await new Promise((resume) => setImmediate(resume))
        agent = new Agent({ keepAlive: true, maxSockets: concurrency })
        agentConcurrency = concurrency
      }
      return promisePool(one, calls, concurrency)
    }
  },

  /** Ours as an Effect program over `ImageKit.layerNode`: `concurrency` fibers, each calling in a loop. */
  ours: async () => effectWorkers(await oursLayer("layerNode")),

  /** The same over `ImageKit.layerFetch`, the platform's fetch client (undici on Node). */
  oursFetch: async () => effectWorkers(await oursLayer("layerFetch")),

  /** The same over `ImageKit.layer` with the caller providing `NodeHttpClient.layer`: the seam adds nothing. */
  oursLayerNodeClient: async () => effectWorkers(await oursLayer("layerWithNodeClient")),

  /** Ours called the way a Promise caller would: one `runtime.runPromise` per call, in a promise pool. */
  oursPerCall: async () => {
    const { runtime, ik } = await oursLayer("layerNode")
    const one = () => runtime.runPromise(ik.getFileDetails(fileId))
    return (calls, concurrency) => promisePool(one, calls, concurrency)
  },

  /**
   * @imagekit/nodejs@7 with its documented `baseURL` option (defaults otherwise: 2 retries, 60 s timeout). v7 always
   * sends a Basic password (`do_not_set` unless given; an empty one drops the header), which ImageKit ignores but
   * the emulator refuses, so the same header it would send with an empty password goes in `defaultHeaders`.
   */
  v7: async () => {
    const { default: ImageKit } = await import("@imagekit/nodejs")
    const authorization = `Basic ${Buffer.from(`${privateKey}:`).toString("base64")}`
    const client = new ImageKit({ privateKey, baseURL: baseUrl, defaultHeaders: { Authorization: authorization } })
    const one = () => client.files.get(fileId)
    return (calls, concurrency) => promisePool(one, calls, concurrency)
  },

  /** imagekit@6, pointed at the server by an axios interceptor (`imagekit-v6.mjs`: it has no base-URL option). */
  v6: async () => {
    const ImageKit = imagekitV6At(baseUrl)
    const client = new ImageKit({ publicKey: "public_test_key", privateKey, urlEndpoint: `${baseUrl}/delivery` })
    const one = () => client.getFileDetails(fileId)
    return (calls, concurrency) => promisePool(one, calls, concurrency)
  }
}

// Sockets as this process sees them: every TCP client socket any library creates (undici and node:http both go
// through net.connect), how many are open now, and the most open at once since the last batch started.
const sockets = { opened: 0, open: 0, peakOpen: 0 }
dc.subscribe("net.client.socket", ({ socket }) => {
  sockets.opened += 1
  sockets.open += 1
  sockets.peakOpen = Math.max(sockets.peakOpen, sockets.open)
  socket.once("close", () => {
    sockets.open -= 1
  })
})

const setup = setups[clientId]
if (setup === undefined) throw new Error(`unknown client ${clientId}`)
const runBatch = await setup()

process.on("message", async (message) => {
  if (message.type === "batch") {
    const openedBefore = sockets.opened
    sockets.peakOpen = sockets.open
    const started = performance.now()
    const result = await runBatch(message.calls, message.concurrency)
    const ms = performance.now() - started
    process.send({
      type: "batch",
      ms,
      ...result,
      socketsOpened: sockets.opened - openedBefore,
      socketsPeakOpen: sockets.peakOpen,
      socketsOpenedTotal: sockets.opened
    })
  } else if (message.type === "exit") {
    process.disconnect()
    process.exit(0)
  }
})
process.send({ type: "ready" })
