/**
 * What the pieces of one call cost, in CPU per call (no sockets): Effect's timeout race (two forked fibers), the
 * platform's `HttpClient.make` wrapper with a response already in memory, the SDK's client wrappers, a span, and
 * Schema decoding of a `File` answer. The figures behind decisions 0012 and 0075; run with
 * `node src/send-components.mjs`.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Schemas from "@effect-imagekit/sdk/Schemas"
import { Duration, Effect, Fiber, Layer, ManagedRuntime, Schema } from "effect"
import { median } from "./stats.mjs"
import { FILE_BODY, inMemory } from "./in-memory-answer.mjs"

const configured = inMemory.pipe(
  HttpClient.mapRequest(HttpClientRequest.setHeaders({ authorization: "Basic eDo=", accept: "application/json" })),
  HttpClient.withTracerDisabledWhen(() => true)
)
const request = () => HttpClientRequest.make("GET")("http://127.0.0.1/v1/files/x/details")
const exchange = (client) => Effect.suspend(() => Effect.flatMap(client.execute(request()), (r) => r.text))
const work = Effect.promise(() => Promise.resolve(1))
const timer = Effect.flatMap(Effect.sleep(Duration.millis(30_000)), () => Effect.fail("timeout"))
const raced = (self) =>
  Effect.raceWith(self, timer, {
    onSelfDone: (exit, other) => Effect.zipRight(Fiber.interrupt(other), exit),
    onOtherDone: (exit, other) => Effect.zipRight(Fiber.interrupt(other), exit)
  })
const decode = Schema.decodeUnknown(Schemas.File, Schemas.decodeOptions)
const decodeIgnoring = Schema.decodeUnknown(Schemas.File)
const decodeResponse = Schemas.decodeResponse(Schemas.File)

const cases = {
  "an async step (floor)": work,
  "the same raced against a Clock timer": raced(work),
  "HttpClient.make + text, in-memory answer": exchange(inMemory),
  "... with the SDK's request wrappers": exchange(configured),
  "a span around an async step": Effect.useSpan("x", { kind: "client", captureStackTrace: false }, () => work),
  "JSON.parse + Schema decode of a File": Effect.suspend(() => decode(JSON.parse(FILE_BODY))),
  // Effect checks each key against the union of a struct's keys under "preserve"; decision 0075.
  "... with Effect's default options": Effect.suspend(() => decodeIgnoring(JSON.parse(FILE_BODY))),
  "JSON.parse + Schemas.decodeResponse(File)": Effect.suspend(() => decodeResponse(JSON.parse(FILE_BODY)))
}

const runtime = ManagedRuntime.make(Layer.empty)
const calls = 5000
const run = (effect) =>
  runtime.runPromise(Effect.forEach(Array.from({ length: calls }), () => effect, { discard: true }))
const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]))
for (const name in cases) await run(cases[name])
for (let round = 0; round < 7; round++) {
  for (const name in cases) {
    const before = process.cpuUsage()
    await run(cases[name])
    const used = process.cpuUsage(before)
    samples[name].push((used.user + used.system) / calls)
  }
}
console.log("CPU per call, median of 7 rounds of 5,000 calls:")
for (const name in samples) console.log(`  ${name.padEnd(44)} ${median(samples[name]).toFixed(1)} µs`)
await runtime.dispose()
