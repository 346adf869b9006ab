/**
 * The SDK beside `@imagekit/nodejs@7` on every runtime the runtime tests cover (scripts/runtimes.mjs installs them):
 *
 * 1. Worker bundles: a worker that signs a URL and calls `getFileDetails` (fixtures/workers/), bundled with esbuild
 *    as wrangler would (ESM, minified, browser platform with the workerd conditions), its size minified and gzipped,
 *    and each bundle run once in workerd against the emulator to show it works (v7 needs `nodejs_compat` for
 *    node:crypto; ours needs no flag).
 * 2. workerd cold start: process spawn to the first answer of that worker, median of `runs`, beside an empty worker.
 * 3. Cold import of `@effect-imagekit/sdk` and `@imagekit/nodejs` on Node 18, 20 and 22, Bun and Deno (its `npm:`
 *    specifiers, cache warm), timed inside a fresh process around `import()`, net of an empty module.
 *
 * `node src/runtime-figures.mjs [--runs=7]`; writes results/runtime-figures.json. See docs/benchmarks.md.
 */
import { execFile, spawn } from "node:child_process"
import { mkdirSync, writeFileSync } from "node:fs"
import { createServer } from "node:http"
import { fileURLToPath, pathToFileURL } from "node:url"
import { promisify } from "node:util"
import { gzipSync } from "node:zlib"
import * as esbuild from "esbuild"
import { cache, denoImportMap, ensureRuntimes, root, versionOf } from "../../scripts/runtimes.mjs"
import { median } from "./stats.mjs"

const BENCH_DIR = fileURLToPath(new URL("..", import.meta.url))
const runs = Number(process.argv.find((arg) => arg.startsWith("--runs="))?.slice(7) ?? "7")
const exec = promisify(execFile)
const runtimes = ensureRuntimes("runtime figures")
const { start } = await import(pathToFileURL(`${root}packages/testing/dist/Emulator.js`).href)
const results = { date: new Date().toISOString(), runs, bundles: {}, workerd: {}, coldImport: {} }

// ---------------------------------------------------------------------------------------------------------------
// 1. Bundles, and each one answering in workerd
// ---------------------------------------------------------------------------------------------------------------

const WORKERS = {
  empty: { label: "(baseline) empty worker", flags: [] },
  ours: { label: "@effect-imagekit/sdk (layerFetch) + core Signing", flags: [] },
  "nodejs-v7": { label: "@imagekit/nodejs@7.11.0", flags: ["nodejs_compat"] }
}

const dir = `${cache}/worker-figures`
mkdirSync(dir, { recursive: true })
for (const [id, worker] of Object.entries(WORKERS)) {
  const built = await esbuild.build({
    entryPoints: [`${BENCH_DIR}fixtures/workers/${id}.mjs`],
    absWorkingDir: BENCH_DIR,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    target: "es2022",
    // What wrangler does with nodejs_compat: Node's built-ins are the runtime's, not bundled.
    external: worker.flags.includes("nodejs_compat") ? ["node:*", ...(await nodeBuiltins())] : [],
    write: false,
    logLevel: "error"
  })
  const code = built.outputFiles[0].contents
  writeFileSync(`${dir}/${id}.js`, code)
  results.bundles[id] = { label: worker.label, minBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length }
}

async function nodeBuiltins() {
  const { builtinModules } = await import("node:module")
  return builtinModules
}

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer()
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })

const emulator = await start({ privateKey: "private_figures_key" })
const seeded = emulator.model.seedFile({ fileName: "a.png", data: new Uint8Array([1, 2, 3]), folder: "/" })
const settings = {
  publicKey: "public_figures_key",
  privateKey: "private_figures_key",
  urlEndpoint: emulator.urlEndpoint,
  apiBaseUrl: emulator.url,
  fileId: String(seeded.fileId)
}
writeFileSync(`${dir}/settings.json`, JSON.stringify(settings))

const config = (id, port) => `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .w), (name = "internet", network = (allow = ["public", "local"]))],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")]
);
const w :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "${id}.js")],
  bindings = [(name = "SETTINGS", text = embed "settings.json")],
  compatibilityDate = "2026-11-01",
  compatibilityFlags = [${WORKERS[id].flags.map((flag) => JSON.stringify(flag)).join(", ")}]
);
`

/** Spawn workerd, poll until the worker answers; the ms from spawn to the answer, and the answer. */
const coldStart = async (id) => {
  const port = await freePort()
  writeFileSync(`${dir}/${id}.capnp`, config(id, port))
  const began = performance.now()
  const child = spawn(runtimes.workerd, ["serve", `${dir}/${id}.capnp`], { stdio: ["ignore", "ignore", "pipe"] })
  let stderr = ""
  child.stderr.on("data", (chunk) => (stderr += chunk))
  try {
    for (;;) {
      try {
        const answer = await (await fetch(`http://127.0.0.1:${port}/`)).json()
        return { ms: performance.now() - began, answer }
      } catch {
        if (child.exitCode !== null || performance.now() - began > 30_000) throw new Error(`workerd: ${stderr}`)
        await new Promise((resolve) => setTimeout(resolve, 2))
      }
    }
  } finally {
    child.kill()
    await new Promise((resolve) => child.once("exit", resolve))
  }
}

const workerdSamples = Object.fromEntries(Object.keys(WORKERS).map((id) => [id, []]))
for (const id of Object.keys(WORKERS)) {
  const { answer } = await coldStart(id)
  if (answer.name !== "a.png") throw new Error(`the ${id} worker answered ${JSON.stringify(answer)}`)
  if (id !== "empty" && !new URL(answer.signed).searchParams.has("ik-s")) throw new Error(`${id}: no signed URL`)
}
for (let round = 0; round < runs; round++) {
  for (const id of Object.keys(WORKERS)) workerdSamples[id].push((await coldStart(id)).ms)
}
await emulator.close()
for (const [id, samples] of Object.entries(workerdSamples)) {
  results.workerd[id] = { label: WORKERS[id].label, medianMs: median(samples), version: versionOf(runtimes.workerd) }
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Cold import per runtime
// ---------------------------------------------------------------------------------------------------------------

const importMap = denoImportMap({
  "@effect-imagekit/sdk": pathToFileURL(`${root}packages/sdk/dist/index.js`).href,
  "@imagekit/nodejs": "npm:@imagekit/nodejs@7.11.0"
})
const RUNTIMES = {
  "node 18": (file) => [runtimes.node18, [file]],
  "node 20": (file) => [runtimes.node, [file]],
  "node 22": (file) => [runtimes.node22, [file]],
  bun: (file) => [runtimes.bun, [file]],
  deno: (file) => [
    runtimes.deno,
    ["run", "--quiet", "-A", "--no-config", "--node-modules-dir=none", `--import-map=${importMap}`, file]
  ]
}
const TARGETS = ["empty", "sdk", "nodejs-v7"]
const importOnce = async (runtime, target) => {
  const [command, args] = RUNTIMES[runtime](`fixtures/cold/${target}.mjs`)
  const { stdout } = await exec(command, args, {
    cwd: BENCH_DIR,
    env: { ...process.env, DENO_DIR: runtimes.denoDir, NO_COLOR: "1" }
  })
  const ms = Number.parseFloat(stdout.trim().split("\n").at(-1))
  if (!Number.isFinite(ms)) throw new Error(`${runtime} ${target}: ${stdout}`)
  return ms
}
for (const runtime of Object.keys(RUNTIMES)) {
  const samples = Object.fromEntries(TARGETS.map((target) => [target, []]))
  for (const target of TARGETS) await importOnce(runtime, target) // warms the file cache and Deno's npm cache
  for (let round = 0; round < runs; round++) {
    for (const target of TARGETS) samples[target].push(await importOnce(runtime, target))
  }
  const [command] = RUNTIMES[runtime]("")
  results.coldImport[runtime] = {
    version: versionOf(command).replace(/^deno /, ""),
    ...Object.fromEntries(TARGETS.map((target) => [target, median(samples[target])]))
  }
}

// ---------------------------------------------------------------------------------------------------------------

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`
const ms = (value) => `${value.toFixed(1)} ms`
console.log(`runtime figures - ${results.date}, median of ${runs} runs`)
console.log("\nWorker bundle (esbuild, minified; gzip -9), signs a URL and calls getFileDetails:")
for (const bundle of Object.values(results.bundles)) {
  console.log(`  ${bundle.label.padEnd(52)} ${kb(bundle.minBytes).padStart(10)} ${kb(bundle.gzipBytes).padStart(10)}`)
}
console.log(`\nworkerd (${results.workerd.empty.version}): spawn to the worker's first answer`)
for (const entry of Object.values(results.workerd)) {
  const net = entry.medianMs - results.workerd.empty.medianMs
  console.log(`  ${entry.label.padEnd(52)} ${ms(entry.medianMs).padStart(10)}  (+${ms(net)})`)
}
console.log("\nCold import() inside a fresh process, net of an empty module:")
console.log(`  ${"runtime".padEnd(24)} ${"empty".padStart(9)} ${"sdk (net)".padStart(10)} ${"v7 (net)".padStart(10)}`)
for (const [runtime, figures] of Object.entries(results.coldImport)) {
  const net = (target) => ms(figures[target] - figures.empty).padStart(10)
  console.log(
    `  ${`${runtime} ${figures.version}`.padEnd(24)} ${ms(figures.empty).padStart(9)} ${net("sdk")} ${net("nodejs-v7")}`
  )
}
writeFileSync(`${BENCH_DIR}results/runtime-figures.json`, `${JSON.stringify(results, null, 2)}\n`)
