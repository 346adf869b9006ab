/**
 * `getFileDetails` round trips against the loopback emulator: ours, imagekit@6, @imagekit/nodejs@7 and raw
 * `fetch` and raw `node:http` floors, sequentially (c=1) and 50 at a time (c=50).
 *
 * The emulator runs in this process; each client runs in its own child process (`api-client.mjs`), so client and
 * server use different cores and every library has its own connection pool. Per concurrency level: one warm-up
 * batch per client, then rounds of one batch per client, the starting client rotating each round so drift hits all
 * alike. Sockets are counted twice: in the client process (`net.client.socket`) and on the server
 * (`net.server.socket`); only one client runs at a time, so the server's count during a batch is that client's.
 */
import { fork } from "node:child_process"
import dc from "node:diagnostics_channel"
import { createServer } from "node:http"
import { fileURLToPath } from "node:url"
import * as Emulator from "@effect-imagekit/testing/Emulator"
import { median, relativeMad, round } from "./stats.mjs"

export const clients = {
  ours: "ours, ImageKit.layerNode, Effect fibers",
  oursFetch: "ours, ImageKit.layerFetch (platform fetch client)",
  oursLayerNodeClient: "ours, ImageKit.layer + NodeHttpClient.layer",
  oursPerCall: "ours, layerNode, runPromise per call",
  v7: "@imagekit/nodejs@7 client.files.get",
  v6: "imagekit@6 getFileDetails",
  rawFetch: "raw fetch + JSON.parse (floor)",
  rawHttp: "raw node:http keep-alive Agent + JSON.parse (floor)"
}

const clientScript = fileURLToPath(new URL("./api-client.mjs", import.meta.url))

const startClient = (id, args) =>
  new Promise((resolve, reject) => {
    const child = fork(clientScript, [id, ...args], { stdio: ["ignore", "inherit", "inherit", "ipc"] })
    let pending
    child.on("message", (message) => {
      if (message.type === "ready") {
        resolve({
          id,
          batch: (calls, concurrency) =>
            new Promise((done) => {
              pending = done
              child.send({ type: "batch", calls, concurrency })
            }),
          stop: () => child.send({ type: "exit" })
        })
      } else if (message.type === "batch") {
        pending?.(message)
      }
    })
    child.on("error", reject)
    child.on("exit", (code) => {
      if (code !== 0) reject(new Error(`client ${id} exited with ${code}`))
    })
  })

/** 1x1 PNG, so the stored file looks like an image to the emulator's media inspection. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64"
)

/**
 * A loopback server that answers every request with one fixed body: the emulator's answer for the seeded file. It
 * still checks the Basic key, as the emulator does. Against it a round trip costs the server almost nothing, so the
 * clients' own costs decide the rate; this is the "loopback server" of the budget in ARCHITECTURE.md, whose raw
 * fetch figures (3.5-8k calls/s) no emulator reaches.
 */
const startStatic = (body, authorization) =>
  new Promise((resolve) => {
    const server = createServer((request, response) => {
      request.resume()
      request.on("end", () => {
        const ok = request.headers.authorization === authorization
        const payload = ok
          ? body
          : JSON.stringify({ message: "Your request does not contain private API key", help: "" })
        response.writeHead(ok ? 200 : 401, {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(payload),
          "x-request-id": "static-request"
        })
        response.end(payload)
      })
    })
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address()
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections()
            server.close(() => done())
          })
      })
    })
  })

export const runApiThroughput = async ({ target, rounds, callsAt, levels, log }) => {
  const privateKey = "private_bench_key"
  const emulator = await Emulator.start({ privateKey, seed: 1 })
  const file = emulator.model.seedFile({ fileName: "bench.png", data: PNG, folder: "/bench", tags: ["bench"] })
  const fileId = String(file.fileId)
  let running = emulator
  if (target === "static") {
    const details = emulator.model.handle({ method: "GET", path: `/v1/files/${fileId}/details`, query: [] })
    await emulator.close()
    running = await startStatic(
      JSON.stringify(details.body),
      `Basic ${Buffer.from(`${privateKey}:`).toString("base64")}`
    )
  }

  const server = { opened: 0, open: 0, peakOpen: 0 }
  const onServerSocket = ({ socket }) => {
    server.opened += 1
    server.open += 1
    server.peakOpen = Math.max(server.peakOpen, server.open)
    socket.once("close", () => {
      server.open -= 1
    })
  }
  dc.subscribe("net.server.socket", onServerSocket)

  const ids = Object.keys(clients)
  const started = await Promise.all(ids.map((id) => startClient(id, [running.url, privateKey, fileId])))
  const byId = Object.fromEntries(started.map((client) => [client.id, client]))

  const runOne = async (id, calls, concurrency) => {
    const openedBefore = server.opened
    server.peakOpen = server.open
    const result = await byId[id].batch(calls, concurrency)
    return { ...result, serverSocketsOpened: server.opened - openedBefore, serverPeakOpen: server.peakOpen }
  }

  const results = {}
  try {
    for (const concurrency of levels) {
      const calls = callsAt(concurrency)
      log(`api throughput (${target}) c=${concurrency}: warm-up, then ${rounds} rounds of ${calls} calls per client`)
      const batches = Object.fromEntries(ids.map((id) => [id, []]))
      const warmUp = {}
      for (const id of ids) warmUp[id] = await runOne(id, calls, concurrency)
      for (let roundIndex = 0; roundIndex < rounds; roundIndex++) {
        for (let offset = 0; offset < ids.length; offset++) {
          const id = ids[(roundIndex + offset) % ids.length]
          batches[id].push(await runOne(id, calls, concurrency))
        }
      }
      results[`c${concurrency}`] = Object.fromEntries(
        ids.map((id) => {
          const all = batches[id]
          const rates = all.map((batch) => (batch.ok / batch.ms) * 1000)
          const failed = all.reduce((sum, batch) => sum + batch.failed, 0) + warmUp[id].failed
          return [
            id,
            {
              label: clients[id],
              concurrency,
              callsPerBatch: calls,
              batches: all.length,
              opsPerSecond: round(median(rates), 0),
              spreadPercent: round(relativeMad(rates), 1),
              min: round(Math.min(...rates), 0),
              max: round(Math.max(...rates), 0),
              failed,
              firstError: all.find((batch) => batch.firstError)?.firstError ?? warmUp[id].firstError,
              // Sockets: the warm-up opens the pool; later batches should reuse it.
              socketsOpenedInWarmUp: warmUp[id].serverSocketsOpened,
              socketsOpenedPerBatchMax: Math.max(...all.map((batch) => batch.serverSocketsOpened)),
              socketsOpenedTotal: warmUp[id].serverSocketsOpened + all.reduce((s, b) => s + b.serverSocketsOpened, 0),
              peakOpenSockets: Math.max(warmUp[id].socketsPeakOpen, ...all.map((batch) => batch.socketsPeakOpen)),
              clientSocketsOpenedTotal: warmUp[id].socketsOpened + all.reduce((s, b) => s + b.socketsOpened, 0)
            }
          ]
        })
      )
    }
  } finally {
    for (const client of started) client.stop()
    dc.unsubscribe("net.server.socket", onServerSocket)
    await running.close()
  }

  const ratio = (level, a, b) => round(results[level][a].opsPerSecond / results[level][b].opsPerSecond, 2)
  const ratios = Object.fromEntries(
    Object.keys(results).map((level) => [
      level,
      {
        oursOverV7: ratio(level, "ours", "v7"),
        oursOverV6: ratio(level, "ours", "v6"),
        oursOverRawFetch: ratio(level, "ours", "rawFetch"),
        oursOverRawHttp: ratio(level, "ours", "rawHttp"),
        oursFetchOverV7: ratio(level, "oursFetch", "v7"),
        rawHttpOverV7: ratio(level, "rawHttp", "v7"),
        rawFetchOverV7: ratio(level, "rawFetch", "v7"),
        oursPerCallOverV7: ratio(level, "oursPerCall", "v7"),
        oursLayerNodeClientOverV7: ratio(level, "oursLayerNodeClient", "v7"),
        v7OverV6: ratio(level, "v7", "v6")
      }
    ])
  )
  return { target, results, ratios }
}
