/**
 * Where one sequential (c=1) `getFileDetails` round trip spends its time: raw `node:http` (keep-alive Agent with one
 * socket, body gathered, `JSON.parse`) against ours over `ImageKit.layerNode`, against a static loopback server in a
 * child process (client and server on different cores, as in api-throughput.mjs).
 *
 * Stages of each call, all on `process.hrtime.bigint()` (CLOCK_MONOTONIC, the same clock in both processes):
 *   call     the caller starts the call
 *   requested `http.request` was called (this script wraps `node:http`'s `request`, for both clients)
 *   written  `http.client.request.start` (diagnostics_channel): published as the request's head is written, in the
 *            `nextTick` in which Node hands a pooled socket to the request
 *   arrived  the server's `request` event (sent back in an `x-arrived` header)
 *   headers  `http.client.response.finish`: the client parsed the answer's head
 *   ended    the answer's `end` event
 *   answered the caller has the decoded answer
 *   next     the caller starts the next call (the loop's own cost)
 * Printed: the median of each gap in µs, per client, over interleaved batches; the mean of each gap (the mean is what
 * calls/s sees, tail included); quantiles of the whole call; per batch, the event loop's busy and idle time, the
 * process's CPU (all threads: GC helpers too) and main-thread GC pauses, per call; and the sockets: how many more were
 * open at the peak than before the batch (the other client's pooled socket stays open), and how many were opened after
 * the warm-up. `--hops` first counts what one call schedules (async_hooks: Timeout, Immediate, TickObject, PROMISE).
 *
 * Measurement lives here only: the SDK is driven through its public API, unchanged.
 *
 * usage: node src/latency-c1.mjs [--calls=2000] [--rounds=5] [--clients=raw,ours] [--hops]
 */
import { fork } from "node:child_process"
import dc from "node:diagnostics_channel"
import { createRequire, syncBuiltinESMExports } from "node:module"
import { Agent, createServer, request as httpRequest } from "node:http"
import { PerformanceObserver, performance } from "node:perf_hooks"
import { fileURLToPath } from "node:url"

const argument = (name, fallback) => {
  const found = process.argv.find((value) => value.startsWith(`--${name}=`))
  return found === undefined ? fallback : Number(found.slice(name.length + 3))
}

const privateKey = "private_bench_key"
const authorization = `Basic ${Buffer.from(`${privateKey}:`).toString("base64")}`
const fileId = "file_bench_0001"

if (process.argv[2] === "--server") {
  // A fixed answer of the size of the emulator's file details (about 1 KiB).
  const body = JSON.stringify({
    type: "file",
    name: "bench.png",
    fileId,
    tags: ["bench"],
    AITags: null,
    versionInfo: { id: fileId, name: "Version 1" },
    embeddedMetadata: { ImageWidth: 1, ImageHeight: 1 },
    customCoordinates: null,
    customMetadata: {},
    isPrivateFile: false,
    url: `http://127.0.0.1/delivery/bench/bench.png`,
    thumbnail: `http://127.0.0.1/delivery/tr:n-ik_ml_thumbnail/bench/bench.png`,
    fileType: "image",
    filePath: "/bench/bench.png",
    height: 1,
    width: 1,
    size: 68,
    hasAlpha: true,
    mime: "image/png",
    isPublished: true,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    description: "x".repeat(300)
  })
  const server = createServer((request, response) => {
    const arrived = process.hrtime.bigint()
    request.resume()
    request.on("end", () => {
      const ok = request.headers.authorization === authorization
      const payload = ok ? body : JSON.stringify({ message: "unauthorized", help: "" })
      response.writeHead(ok ? 200 : 401, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(payload),
        "x-arrived": String(arrived)
      })
      response.end(payload)
    })
  })
  server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }))
  process.on("message", () => {
    server.closeAllConnections()
    server.close(() => process.exit(0))
  })
} else {
  const calls = argument("calls", 2000)
  const rounds = argument("rounds", 5)
  const server = fork(fileURLToPath(import.meta.url), ["--server"])
  const { port } = await new Promise((resolve) => server.once("message", resolve))
  const baseUrl = `http://127.0.0.1:${port}`
  const url = new URL(`${baseUrl}/v1/files/${fileId}/details`)

  // The marks of the call in flight (c=1: one at a time).
  let marks
  const now = () => process.hrtime.bigint()
  // Wraps `http.request` before either client uses it (the SDK imports `node:http` on its first request; ESM bindings
  // of builtins follow the CommonJS object once synced).
  const http = createRequire(import.meta.url)("node:http")
  const originalRequest = http.request
  http.request = function request(...args) {
    if (marks !== undefined) marks.requested = now()
    return originalRequest.apply(this, args)
  }
  syncBuiltinESMExports()
  dc.subscribe("http.client.request.start", () => {
    if (marks === undefined) return
    const current = marks
    current.written = now()
  })
  dc.subscribe("http.client.response.finish", ({ response }) => {
    if (marks === undefined) return
    const current = marks
    current.headers = now()
    current.arrived = BigInt(response.headers["x-arrived"])
    response.once("end", () => {
      current.ended = now()
    })
  })
  let sockets = 0
  let peak = 0
  let openedTotal = 0
  dc.subscribe("net.client.socket", ({ socket }) => {
    openedTotal += 1
    sockets += 1
    peak = Math.max(peak, sockets)
    socket.once("close", () => {
      sockets -= 1
    })
  })

  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  const rawOne = () =>
    new Promise((resolve, reject) => {
      const request = httpRequest(url, { agent, headers: { authorization, accept: "application/json" } })
      request.on("error", reject)
      request.on("response", (response) => {
        const chunks = []
        response.on("data", (chunk) => chunks.push(chunk))
        response.on("error", reject)
        response.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8"))))
      })
      request.end()
    })

  const { Effect, ManagedRuntime } = await import("effect")
  const ImageKit = await import("@effect-imagekit/sdk/ImageKit")
  const runtime = ManagedRuntime.make(
    ImageKit.layerNode({
      publicKey: "public_test_key",
      privateKey,
      urlEndpoint: `${baseUrl}/delivery`,
      apiBaseUrl: baseUrl,
      uploadBaseUrl: baseUrl
    })
  )
  const ikExit = await runtime.runPromiseExit(ImageKit.ImageKit)
  if (ikExit._tag !== "Success") throw new Error(String(ikExit.cause))
  const ik = ikExit.value

  const stages = ["requested", "written", "arrived", "headers", "ended", "answered", "next"]
  const gaps = (list) => {
    const out = Object.fromEntries(stages.map((stage) => [stage, []]))
    const total = []
    for (let index = 0; index + 1 < list.length; index++) {
      const call = list[index]
      let previous = call.call
      for (const stage of stages) {
        const at = stage === "next" ? list[index + 1].call : call[stage]
        out[stage].push(Number(at - previous) / 1000)
        previous = at
      }
      total.push(Number(list[index + 1].call - call.call) / 1000)
    }
    return { ...out, total }
  }

  const rawBatch = async () => {
    const list = []
    for (let index = 0; index < calls; index++) {
      marks = { call: now() }
      list.push(marks)
      await rawOne()
      marks.answered = now()
    }
    marks = undefined
    return list
  }
  const oursBatch = async () => {
    const list = []
    let index = 0
    const loop = Effect.suspend(() => {
      if (index >= calls) return Effect.void
      index += 1
      return Effect.zipRight(
        Effect.sync(() => {
          marks = { call: now() }
          list.push(marks)
        }),
        Effect.zipRight(
          Effect.flatMap(ik.getFileDetails(fileId), () =>
            Effect.sync(() => {
              marks.answered = now()
            })
          ),
          loop
        )
      )
    })
    const exit = await runtime.runPromiseExit(loop)
    if (exit._tag !== "Success") throw new Error(String(exit.cause))
    marks = undefined
    return list
  }

  const only = process.argv.find((value) => value.startsWith("--clients="))
  // --hops: counts what each call schedules (Timeout, Immediate, TickObject, PROMISE...) with async_hooks, in batches
  // of their own, as the hook itself slows every call.
  if (process.argv.includes("--hops")) {
    const { createHook } = await import("node:async_hooks")
    let counts = {}
    const hook = createHook({
      init(_id, type) {
        counts[type] = (counts[type] ?? 0) + 1
      }
    })
    for (const [id, batch] of [
      ["raw", rawBatch],
      ["ours", oursBatch]
    ]) {
      await batch()
      counts = {}
      hook.enable()
      await batch()
      hook.disable()
      const perCall = Object.entries(counts)
        .map(([type, count]) => `${type} ${Math.round((count / calls) * 100) / 100}`)
        .join(", ")
      console.log(`${id} async resources per call: ${perCall}`)
    }
  }
  const clients = Object.fromEntries(
    Object.entries({ raw: rawBatch, ours: oursBatch }).filter(
      ([id]) => only === undefined || only.slice(10).split(",").includes(id)
    )
  )
  const collected = { raw: [], ours: [] }
  const peaks = { raw: 0, ours: 0 }
  const opened = { raw: 0, ours: 0 }
  // Per batch: the client's CPU per call and the event loop's idle time per call (waiting for the server, or for a
  // timer or an immediate nobody needed).
  const cpu = { raw: [], ours: [] }
  const idle = { raw: [], ours: [] }
  const busy = { raw: [], ours: [] }
  const mean = { raw: [], ours: [] }
  const gcPause = { raw: [], ours: [] }
  // Garbage collections on the main thread during a batch (their pauses are in the stages above, in some calls).
  let gcMillis = 0
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMillis += entry.duration
  }).observe({ entryTypes: ["gc"] })
  for (const id of Object.keys(clients)) await clients[id]() // warm-up
  for (let round = 0; round < rounds; round++) {
    const ids = Object.keys(clients)
    const order = round % 2 === 0 ? ids : [...ids].reverse()
    for (const id of order) {
      // The other client's idle pooled socket stays open: it is not this client's.
      const others = sockets
      peak = sockets
      const openedBefore = openedTotal
      const cpuBefore = process.cpuUsage()
      const gcBefore = gcMillis
      const wallBefore = performance.now()
      const eluBefore = performance.eventLoopUtilization()
      const list = await clients[id]()
      const elu = performance.eventLoopUtilization(eluBefore)
      const used = process.cpuUsage(cpuBefore)
      const wall = performance.now() - wallBefore
      // GC entries are delivered in a later tick: read after the batch's own ticks settled.
      await new Promise((resume) => setImmediate(resume))
      gcPause[id].push(((gcMillis - gcBefore) * 1000) / calls)
      mean[id].push((wall * 1000) / calls)
      busy[id].push((elu.active * 1000) / calls)
      cpu[id].push((used.user + used.system) / calls)
      idle[id].push((elu.idle * 1000) / calls)
      peaks[id] = Math.max(peaks[id], peak - others)
      opened[id] += openedTotal - openedBefore
      collected[id].push(gaps(list))
    }
  }

  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b)
    return sorted[Math.floor(sorted.length / 2)]
  }
  const rows = [...stages, "total"]
  const table = {}
  for (const id of Object.keys(clients)) {
    table[id] = {}
    for (const stage of rows) {
      // The median per batch, then the median over batches.
      table[id][stage] = Math.round(median(collected[id].map((batch) => median(batch[stage]))))
    }
  }
  console.log(`c=1 stage gaps (µs, median of per-batch medians; ${rounds} batches of ${calls} calls each)`)
  console.log(
    `stage      ${Object.keys(clients)
      .map((id) => id.padStart(8))
      .join("")}`
  )
  for (const stage of rows) {
    console.log(
      `${stage.padEnd(10)} ${Object.keys(clients)
        .map((id) => String(table[id][stage]).padStart(8))
        .join("")}`
    )
  }
  const quantile = (values, q) => {
    const sorted = [...values].sort((a, b) => a - b)
    return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))])
  }
  console.log(`mean per stage (µs, all calls): the tail (garbage collection, descheduling) shows here`)
  for (const stage of rows) {
    const means = Object.keys(clients).map((id) => {
      const all = collected[id].flatMap((batch) => batch[stage])
      return String(Math.round(all.reduce((sum, value) => sum + value, 0) / all.length)).padStart(8)
    })
    console.log(`${stage.padEnd(10)} ${means.join("")}`)
  }
  for (const id of Object.keys(clients)) {
    const all = collected[id].flatMap((batch) => batch.total)
    console.log(
      `${id} total µs: p10 ${quantile(all, 0.1)}, p50 ${quantile(all, 0.5)}, p75 ${quantile(all, 0.75)}, ` +
        `p90 ${quantile(all, 0.9)}, p99 ${quantile(all, 0.99)}, max ${quantile(all, 1)}`
    )
  }
  for (const id of Object.keys(clients)) {
    console.log(
      `${id}: mean ${Math.round(median(mean[id]))} µs/call (${Math.round(1e6 / median(mean[id]))} calls/s); ` +
        `event loop busy ${Math.round(median(busy[id]))}, idle ${Math.round(median(idle[id]))}; ` +
        `process CPU ${Math.round(median(cpu[id]))} (all threads); GC pauses ${Math.round(median(gcPause[id]))} µs/call; ` +
        `sockets open at peak beyond the batch's start ${peaks[id]}, opened after warm-up ${opened[id]}`
    )
  }
  agent.destroy()
  await runtime.dispose()
  server.send("close")
}
