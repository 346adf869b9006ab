// One process of effect-copies.mjs: loads the adapter bundle given in argv[2], the SDK and a bare `effect` in the
// order given by argv[3], then prints the process CPU time per `getFileDetails` call of each loaded client (stub
// `fetch` answering from memory, no socket), per round, as JSON.
import { pathToFileURL } from "node:url"

const [adapterPath, orderText, callsText, roundsText] = process.argv.slice(2)
const order = orderText.split(",")
const CALLS = Number(callsText)
const ROUNDS = Number(roundsText)

const loaded = {}
for (const name of order) {
  if (name === "adapter") loaded.adapter = (await import(pathToFileURL(adapterPath).href)).default
  else if (name === "sdk") loaded.sdk = await import("@effect-imagekit/sdk/ImageKit")
  else if (name === "effect") {
    const { Effect } = await import("effect")
    await Effect.runPromise(Effect.sleep(1))
  }
}

const body = JSON.stringify({
  fileId: "f1",
  type: "file",
  name: "a.jpg",
  filePath: "/a.jpg",
  url: "https://ik.imagekit.io/demo/a.jpg",
  fileType: "image",
  isPrivateFile: false,
  size: 1000,
  createdAt: "2024-01-01T00:00:00.000Z",
  updatedAt: "2024-01-01T00:00:00.000Z"
})
const stub = async () => new Response(body, { status: 200, headers: { "content-type": "application/json" } })
const options = { publicKey: "public_k", privateKey: "private_k", urlEndpoint: "https://ik.imagekit.io/demo" }

const clients = {}
const closers = []
if (loaded.adapter !== undefined) {
  const adapter = new loaded.adapter({ ...options, fetch: stub })
  clients.adapter = () => adapter.getFileDetails("f1")
  closers.push(() => adapter.effect.runtime.dispose())
}
if (loaded.sdk !== undefined) {
  const { Exit, Layer, ManagedRuntime } = await import("effect")
  const FetchHttpClient = await import("@effect/platform/FetchHttpClient")
  const ImageKit = loaded.sdk
  // The adapter's wiring, in the application's Effect: layerFetch with the fetch in context.
  const runtime = ManagedRuntime.make(
    Layer.merge(ImageKit.layerFetch(options), Layer.succeed(FetchHttpClient.Fetch, stub))
  )
  const exit = await runtime.runPromiseExit(ImageKit.ImageKit)
  if (Exit.isFailure(exit)) throw new Error(String(exit.cause))
  const ik = exit.value
  clients.sdk = () =>
    runtime.runPromiseExit(ik.getFileDetails("f1")).then((result) => {
      if (Exit.isFailure(result)) throw new Error(String(result.cause))
    })
  closers.push(() => runtime.dispose())
}

const names = Object.keys(clients)
for (const name of names) for (let i = 0; i < 1000; i++) await clients[name]()
const perCall = Object.fromEntries(names.map((name) => [name, []]))
for (let round = 0; round < ROUNDS; round++) {
  for (const name of names.map((_, k) => names[(k + round) % names.length])) {
    const before = process.cpuUsage()
    for (let i = 0; i < CALLS; i++) await clients[name]()
    const used = process.cpuUsage(before)
    perCall[name].push((used.user + used.system) / CALLS)
  }
}
await Promise.all(closers.map((close) => close()))
console.log(JSON.stringify(perCall))
