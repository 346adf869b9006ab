/**
 * Two builds of the SDK side by side: CPU per `ik.getFileDetails` over an in-memory `HttpClient` (the SDK alone, as in
 * api-overhead.mjs), batches interleaved so both see the same machine. For a change to the hot path: build the
 * version before it into another folder of packages/sdk (`git stash`, `npx tsup --no-dts --out-dir dist-baseline`,
 * `git stash pop`), then `node src/sdk-ab.mjs dist-baseline dist`. CPU time (process.cpuUsage), not wall time, so a
 * busy shared machine disturbs it less. `--v7` adds `@imagekit/nodejs@7`'s `client.files.get` with a `fetch` that
 * answers the same body from memory (as in api-overhead.mjs) to the interleaving, for the ratio in CPU time.
 */
import { fileURLToPath, pathToFileURL } from "node:url"
import * as HttpClient from "@effect/platform/HttpClient"
import ImageKitV7 from "@imagekit/nodejs"
import { Effect, Layer, ManagedRuntime } from "effect"
import { runEffect } from "./run-effect.mjs"
import { median, relativeMad } from "./stats.mjs"
import { FILE_BODY, inMemory } from "./in-memory-answer.mjs"

const sdk = fileURLToPath(new URL("../../packages/sdk/", import.meta.url))
const [first = "dist-baseline", second = "dist"] = process.argv.slice(2).filter((arg) => !arg.startsWith("--"))
const rounds = Number(process.argv.find((arg) => arg.startsWith("--rounds="))?.slice(9) ?? "15")
const callsPerBatch = 2000

const options = {
  publicKey: "public_bench",
  privateKey: "private_bench_key",
  urlEndpoint: "http://127.0.0.1/delivery",
  apiBaseUrl: "http://127.0.0.1"
}

const clientOf = async (dir) => {
  const ImageKit = await import(pathToFileURL(`${sdk}${dir}/ImageKit.js`).href)
  const ImageKitConfig = await import(pathToFileURL(`${sdk}${dir}/ImageKitConfig.js`).href)
  const layer = ImageKit.layer.pipe(
    Layer.provide(ImageKitConfig.layer(options)),
    Layer.provide(Layer.succeed(HttpClient.HttpClient, inMemory))
  )
  const runtime = ManagedRuntime.make(layer)
  const ik = await runEffect(runtime, ImageKit.ImageKit)
  const call = Effect.suspend(() => ik.getFileDetails("9c43a8c3b7cf3c25632b9240"))
  const batch = Effect.forEach(Array.from({ length: callsPerBatch }), () => call, { concurrency: 1, discard: true })
  return () => runEffect(runtime, batch)
}

// `--only=<dir> --batches=N`: N batches of one build and nothing else, for an instruction count under
// `valgrind --tool=callgrind` (deterministic where timing on a shared machine is not): run it with two values of N
// and divide the difference by the calls between them.
const only = process.argv.find((arg) => arg.startsWith("--only="))?.slice(7)
if (only !== undefined) {
  const batches = Number(process.argv.find((arg) => arg.startsWith("--batches="))?.slice(10) ?? "1")
  const run = await clientOf(only)
  for (let index = 0; index < batches; index++) await run()
  process.exit(0)
}

const builds = { [first]: await clientOf(first), [second]: await clientOf(second) }
if (process.argv.includes("--v7")) {
  const stubFetch = () =>
    Promise.resolve(
      new Response(FILE_BODY, {
        status: 200,
        headers: { "content-type": "application/json", "x-request-id": "bench-request" }
      })
    )
  const v7 = new ImageKitV7({ privateKey: options.privateKey, baseURL: options.apiBaseUrl, fetch: stubFetch })
  builds["@imagekit/nodejs@7"] = async () => {
    for (let index = 0; index < callsPerBatch; index++) await v7.files.get("9c43a8c3b7cf3c25632b9240")
  }
}
const cpu = Object.fromEntries(Object.keys(builds).map((name) => [name, []]))
for (const run of Object.values(builds)) await run()
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? Object.keys(builds) : Object.keys(builds).reverse()
  for (const name of order) {
    const before = process.cpuUsage()
    await builds[name]()
    const used = process.cpuUsage(before)
    cpu[name].push((used.user + used.system) / callsPerBatch)
  }
}
console.log(
  `CPU per getFileDetails call (in-memory client), median of ${rounds} interleaved batches of ${callsPerBatch}:`
)
for (const [name, values] of Object.entries(cpu)) {
  console.log(`  ${name.padEnd(16)} ${median(values).toFixed(1).padStart(7)} µs  ±${relativeMad(values).toFixed(1)}%`)
}
const ratio = median(cpu[second]) / median(cpu[first])
console.log(`  ${second} / ${first}: ${ratio.toFixed(3)}`)
const v7 = cpu["@imagekit/nodejs@7"]
if (v7 !== undefined) {
  for (const name of [first, second]) {
    console.log(`  ${name} / @imagekit/nodejs@7: ${(median(cpu[name]) / median(v7)).toFixed(2)}x`)
  }
}
