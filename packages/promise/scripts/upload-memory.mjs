// Peak RSS growth of one adapter upload of a generated stream, measured in a child process against a loopback sink
// that drains the body and answers like the upload API. Usage (after `npx tsup`):
//   node scripts/upload-memory.mjs [MiB=256] [mode=node|fetch|node+imports|hatch|sdk ...] (default: node fetch)
// `node`: no fetch option (uploads over node:http); `fetch`: `fetch: globalThis.fetch` (uploads through fetch);
// `node+imports`: `node` with `effect` and the SDK loaded too; `hatch`: the bundled SDK through
// `imagekit.effect.runtime`; `sdk`: the Effect client's `upload` over `ImageKit.layerFetch` (decision 0008, addendum).
import { spawn } from "node:child_process"
import { createServer } from "node:http"
import { fileURLToPath } from "node:url"

const child = process.argv[2] === "--child"

if (child) {
  const [, , , url, mebibytes, mode] = process.argv
  const { Readable } = await import("node:stream")
  const { default: ImageKit } = await import(fileURLToPath(new URL("../dist/index.js", import.meta.url)))
  const ik = new ImageKit({
    publicKey: "p",
    privateKey: "k",
    urlEndpoint: "https://ik.imagekit.io/demo",
    uploadEndpoint: `${url}/api/v1/files/upload`,
    retry: false,
    ...(mode === "fetch" ? { fetch: (input, init) => globalThis.fetch(input, init) } : {})
  })
  // A fresh 64 KiB chunk each time, as a file read gives: a transport that keeps chunks shows it.
  const source = (count) =>
    Readable.from(
      (function* () {
        for (let index = 0; index < count; index++) yield new Uint8Array(64 * 1024).fill(index & 0xff)
      })()
    )
  // `sdk`: the Effect client over layerFetch, for comparison (the adapter's own cost is the difference).
  const upload =
    mode === "sdk"
      ? await (async () => {
          const { Effect } = await import("effect")
          const { ImageKit: Client } = await import("@effect-imagekit/sdk")
          const layer = Client.layerFetch({
            publicKey: "p",
            privateKey: "k",
            urlEndpoint: "https://ik.imagekit.io/demo",
            uploadBaseUrl: url,
            retry: { maxRetries: 0 }
          })
          return (options) =>
            Effect.runPromise(
              Effect.provide(
                Effect.flatMap(Client.ImageKit, (client) => client.upload(options)),
                layer
              )
            )
        })()
      : mode === "hatch"
        ? await (async () => {
            // The bundled SDK through the instance's own runtime, without the adapter's call path.
            const { Effect } = await import("effect")
            const { ImageKit: Client } = await import("@effect-imagekit/sdk")
            return (options) =>
              ik.effect.runtime.runPromise(Effect.flatMap(Client.ImageKit, (client) => client.upload(options)))
          })()
        : mode === "node+imports"
          ? await (async () => {
              // The adapter's call path with the same modules loaded as in `sdk` and `hatch` (a heap-size control).
              await import("effect")
              await import("@effect-imagekit/sdk")
              return (options) => ik.upload(options)
            })()
          : (options) => ik.upload(options)
  await upload({ file: source(16), fileName: "warm.bin" })
  globalThis.gc?.()
  const baseline = process.memoryUsage().rss
  let peak = baseline
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 10)
  const started = performance.now()
  await upload({ file: source(Number(mebibytes) * 16), fileName: "big.bin" })
  const seconds = (performance.now() - started) / 1000
  clearInterval(timer)
  peak = Math.max(peak, process.memoryUsage().rss)
  console.log(
    JSON.stringify({
      mode,
      mebibytes: Number(mebibytes),
      growthMiB: Math.round((peak - baseline) / 2 ** 20),
      seconds: Number(seconds.toFixed(2))
    })
  )
  process.exit(0)
} else {
  const mebibytes = process.argv[2] ?? "256"
  const modes = process.argv.slice(3).length > 0 ? process.argv.slice(3) : ["node", "fetch"]
  const sink = createServer((request, response) => {
    let size = 0
    request.on("data", (data) => {
      size += data.length
    })
    request.on("end", () => {
      response.setHeader("content-type", "application/json")
      // A complete upload answer, so that decoding callers (`hatch`) accept it too.
      response.end(
        JSON.stringify({
          fileId: "f",
          name: "big.bin",
          filePath: "/big.bin",
          url: "https://ik.imagekit.io/demo/big.bin",
          fileType: "non-image",
          size
        })
      )
    })
  })
  await new Promise((resolve) => sink.listen(0, "127.0.0.1", resolve))
  const { port } = sink.address()
  for (const mode of modes) {
    await new Promise((resolve, reject) => {
      const run = spawn(
        process.execPath,
        ["--expose-gc", fileURLToPath(import.meta.url), "--child", `http://127.0.0.1:${port}`, mebibytes, mode],
        { stdio: "inherit" }
      )
      run.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${mode} exited with ${code}`))))
    })
  }
  sink.close()
}
