/**
 * What the SDK itself costs per call, without sockets: `ik.getFileDetails` over an in-memory `HttpClient` that
 * answers every request with the emulator's `getFileDetails` body. Beside it, the floor any client on
 * `@effect/platform` pays (`client.execute` + `response.text` + `JSON.parse`) and plain `Response#text` +
 * `JSON.parse`. This is the benchmark that guided the hot-path work in decision 0007: round trips against a server
 * are dominated by the network and noisy on a shared VM; this one isolates the client's CPU time.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as ImageKit from "@effect-imagekit/sdk/ImageKit"
import * as ImageKitConfig from "@effect-imagekit/sdk/ImageKitConfig"
import { Effect, Layer, ManagedRuntime } from "effect"
import { median, relativeMad, round } from "./stats.mjs"

// The body the emulator answers for a seeded 1x1 PNG, so decoding does the same work as in the round-trip benchmark.
const FILE_BODY = JSON.stringify({
  fileId: "9c43a8c3b7cf3c25632b9240",
  type: "file",
  name: "bench.png",
  filePath: "/bench/bench.png",
  tags: ["bench"],
  AITags: null,
  versionInfo: { id: "9c43a8c3b7cf3c25632b9240", name: "Version 1" },
  isPrivateFile: false,
  isPublished: true,
  customCoordinates: null,
  url: "http://127.0.0.1:45123/delivery/bench/bench.png",
  thumbnail: "http://127.0.0.1:45123/delivery/tr:n-ik_ml_thumbnail/bench/bench.png",
  fileType: "image",
  mime: "image/png",
  width: 1,
  height: 1,
  size: 70,
  hasAlpha: true,
  customMetadata: {},
  embeddedMetadata: null,
  createdAt: "2026-11-28T17:09:43.959Z",
  updatedAt: "2026-11-28T17:09:43.959Z"
})

const answer = () =>
  new Response(FILE_BODY, {
    status: 200,
    headers: { "content-type": "application/json", "x-request-id": "bench-request" }
  })

const inMemory = HttpClient.make((request) => Effect.sync(() => HttpClientResponse.fromWeb(request, answer())))

export const overheadCases = {
  ours: "ours ik.getFileDetails (in-memory HttpClient)",
  platformFloor: "@effect/platform execute + text + JSON.parse",
  webFloor: "new Response + text() + JSON.parse, no Effect"
}

export const runApiOverhead = async ({ rounds, callsPerBatch, log }) => {
  const layer = ImageKit.layer.pipe(
    Layer.provide(
      ImageKitConfig.layer({
        publicKey: "public_bench",
        privateKey: "private_bench_key",
        urlEndpoint: "http://127.0.0.1/delivery",
        apiBaseUrl: "http://127.0.0.1"
      })
    ),
    Layer.provide(Layer.succeed(HttpClient.HttpClient, inMemory))
  )
  const runtime = ManagedRuntime.make(layer)
  const ik = await runtime.runPromise(ImageKit.ImageKit)
  const client = inMemory.pipe(
    HttpClient.withTracerPropagation(false),
    HttpClient.withTracerDisabledWhen(() => true)
  )

  const one = {
    ours: Effect.suspend(() => ik.getFileDetails("9c43a8c3b7cf3c25632b9240")),
    platformFloor: Effect.suspend(() =>
      Effect.flatMap(
        client.execute(HttpClientRequest.get("http://127.0.0.1/v1/files/9c43a8c3b7cf3c25632b9240/details")),
        (response) => Effect.map(response.text, (text) => JSON.parse(text))
      )
    ),
    webFloor: Effect.promise(async () => JSON.parse(await answer().text()))
  }
  const batch = (id) =>
    runtime.runPromise(
      Effect.forEach(Array.from({ length: callsPerBatch }), () => one[id], { concurrency: 1, discard: true })
    )

  const ids = Object.keys(overheadCases)
  log(`api overhead: warm-up, then ${rounds} rounds of ${callsPerBatch} sequential calls per case`)
  for (const id of ids) await batch(id)
  const rates = Object.fromEntries(ids.map((id) => [id, []]))
  for (let roundIndex = 0; roundIndex < rounds; roundIndex++) {
    for (let offset = 0; offset < ids.length; offset++) {
      const id = ids[(roundIndex + offset) % ids.length]
      const started = performance.now()
      await batch(id)
      rates[id].push((callsPerBatch / (performance.now() - started)) * 1000)
    }
  }
  await runtime.dispose()
  const results = Object.fromEntries(
    ids.map((id) => {
      const opsPerSecond = median(rates[id])
      return [
        id,
        {
          label: overheadCases[id],
          opsPerSecond: round(opsPerSecond, 0),
          microsecondsPerCall: round(1e6 / opsPerSecond, 1),
          spreadPercent: round(relativeMad(rates[id]), 1)
        }
      ]
    })
  )
  return {
    results,
    oursOverPlatformFloorMicroseconds: round(
      results.ours.microsecondsPerCall - results.platformFloor.microsecondsPerCall,
      1
    )
  }
}
