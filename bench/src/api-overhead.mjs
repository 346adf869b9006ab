/**
 * What the client costs per call, without sockets: `ik.getFileDetails` over an in-memory `HttpClient` that answers
 * every request with the emulator's `getFileDetails` body (the SDK alone: the budget's "client CPU per call"), and
 * through `ImageKit.layerFetch` with a `fetch` (`FetchHttpClient.Fetch`) answering the same from memory; two floors:
 * what `FetchHttpClient` costs for execute + text + `JSON.parse`, and the same with bare `fetch`; and
 * `@imagekit/nodejs@7` given the same `fetch`. This is the
 * benchmark that guided the hot-path work in decision 0007: round trips against a server are dominated by the
 * network and noisy on a shared VM; this one isolates the client's CPU time.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as ImageKit from "@effect-imagekit/sdk/ImageKit"
import * as ImageKitConfig from "@effect-imagekit/sdk/ImageKitConfig"
import ImageKitV7 from "@imagekit/nodejs"
import { Effect, Layer, ManagedRuntime } from "effect"
import { median, relativeMad, round } from "./stats.mjs"
import { FILE_BODY, inMemory } from "./in-memory-answer.mjs"
import { runEffect } from "./run-effect.mjs"

const answer = () =>
  new Response(FILE_BODY, {
    status: 200,
    headers: { "content-type": "application/json", "x-request-id": "bench-request" }
  })

export const overheadCases = {
  ours: "ours, ImageKit.layer + in-memory HttpClient (the SDK alone)",
  oursFetch: "ours, ImageKit.layerFetch with the stub fetch",
  platformFloor: "FetchHttpClient execute + text + JSON.parse",
  webFloor: "fetch + text() + JSON.parse, no Effect",
  v7: "@imagekit/nodejs@7 client.files.get (its fetch option)"
}

/** A `fetch` that answers from memory: the client does all its work, no socket is involved. */
const stubFetch = () => Promise.resolve(answer())

export const runApiOverhead = async ({ rounds, callsPerBatch, log }) => {
  const options = {
    publicKey: "public_bench",
    privateKey: "private_bench_key",
    urlEndpoint: "http://127.0.0.1/delivery",
    apiBaseUrl: "http://127.0.0.1"
  }
  const clientOf = async (layer) => {
    const runtime = ManagedRuntime.make(layer)
    return { runtime, ik: await runEffect(runtime, ImageKit.ImageKit) }
  }
  const configured = ImageKit.layer.pipe(Layer.provide(ImageKitConfig.layer(options)))
  const viaLayerFetch = await clientOf(ImageKit.layerFetch(options))
  const viaInMemory = await clientOf(configured.pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, inMemory))))
  const platform = ManagedRuntime.make(FetchHttpClient.layer)
  const client = (await runEffect(platform, HttpClient.HttpClient)).pipe(HttpClient.withTracerDisabledWhen(() => true))
  const fileId = "9c43a8c3b7cf3c25632b9240"

  const one = {
    ours: [viaInMemory.runtime, Effect.suspend(() => viaInMemory.ik.getFileDetails(fileId))],
    oursFetch: [viaLayerFetch.runtime, Effect.suspend(() => viaLayerFetch.ik.getFileDetails(fileId))],
    platformFloor: [
      platform,
      Effect.suspend(() =>
        Effect.flatMap(
          client.execute(HttpClientRequest.get(`http://127.0.0.1/v1/files/${fileId}/details`)),
          (response) => Effect.map(response.text, (text) => JSON.parse(text))
        )
      )
    ],
    webFloor: [platform, Effect.promise(async () => JSON.parse(await (await stubFetch()).text()))]
  }
  // v7 takes the same stub through its documented `fetch` option; a plain await loop, as a Promise caller runs it.
  const v7 = new ImageKitV7({ privateKey: options.privateKey, baseURL: options.apiBaseUrl, fetch: stubFetch })
  const batch = async (id) => {
    if (id === "v7") {
      for (let index = 0; index < callsPerBatch; index++) await v7.files.get(fileId)
      return
    }
    const [runtime, effect] = one[id]
    return runEffect(
      runtime,
      Effect.forEach(Array.from({ length: callsPerBatch }), () => effect, { concurrency: 1, discard: true }).pipe(
        Effect.provideService(FetchHttpClient.Fetch, stubFetch)
      )
    )
  }

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
  for (const runtime of [viaLayerFetch.runtime, viaInMemory.runtime, platform]) {
    await runtime.dispose()
  }
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
      results.oursFetch.microsecondsPerCall - results.platformFloor.microsecondsPerCall,
      1
    ),
    oursOverWebFloorMicroseconds: round(results.oursFetch.microsecondsPerCall - results.webFloor.microsecondsPerCall, 1)
  }
}
