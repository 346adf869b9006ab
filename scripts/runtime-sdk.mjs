// The SDK on every runtime it claims: packages/sdk/test/runtime/scenario.mjs (upload, list, details, a 429 waited
// out, a signed URL fetched, a v2 upload token used, a webhook verified) against a fresh emulator on 127.0.0.1 per
// runtime, on Node 18, this Node (20 in CI), Node 22, Bun, Deno (effect and @effect/platform as `npm:` specifiers)
// and Cloudflare's workerd (the scenario bundled into a worker). One line per runtime; exits 1 if any failed.
// Part of `pnpm test` (after `pnpm build`); the runtimes are installed on first use (runtimes.mjs).
import { execFile, spawn } from "node:child_process"
import { mkdirSync, writeFileSync } from "node:fs"
import { createServer } from "node:http"
import { pathToFileURL } from "node:url"
import { promisify } from "node:util"
import * as esbuild from "esbuild"
import { cache, denoImportMap, ensureRuntimes, root, supported, versionOf } from "./runtimes.mjs"

const { start } = await import(pathToFileURL(`${root}packages/testing/dist/Emulator.js`).href)
const runtimeDir = `${root}packages/sdk/test/runtime`
const keys = { publicKey: "public_runtime_key", privateKey: "private_runtime_key" }
const WEBHOOK_SECRET = "whsec_runtime_scenario"
const started = performance.now()

if (!supported) {
  console.log(`runtime sdk: skipped on ${process.platform}-${process.arch} (the pinned runtimes are linux-x64)`)
  process.exit(0)
}
const runtimes = ensureRuntimes("runtime sdk")

/** A receiver for the emulator's webhook: the first delivery's raw body and headers. */
const receiveOneWebhook = async () => {
  let resolveDelivery
  const delivered = new Promise((resolve) => (resolveDelivery = resolve))
  const server = createServer((request, response) => {
    const chunks = []
    request.on("data", (chunk) => chunks.push(chunk))
    request.on("end", () => {
      response.end("ok")
      const headers = {}
      for (const name of ["x-ik-signature", "webhook-id", "webhook-timestamp", "webhook-signature"]) {
        const value = request.headers[name]
        if (typeof value === "string") headers[name] = value
      }
      resolveDelivery({ body: Buffer.concat(chunks).toString("utf8"), headers })
    })
  })
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve))
  return { url: `http://127.0.0.1:${server.address().port}/hooks`, delivered, close: () => server.close() }
}

/**
 * A fresh emulator for one runtime: two GETs under /v1/files per second (the scenario's third is a 429), and one
 * signed webhook already delivered, whose body and headers the scenario verifies.
 */
const emulatorFor = async () => {
  const receiver = await receiveOneWebhook()
  const running = await start({
    ...keys,
    rateLimits: [{ method: "GET", pathPrefix: "/v1/files", limit: 2, intervalMs: 1000 }],
    webhook: { url: receiver.url, secret: WEBHOOK_SECRET }
  })
  await running.sendWebhook({ type: "video.transformation.ready", data: { asset: { url: "a.mp4" } } })
  const webhook = { ...(await receiver.delivered), secret: WEBHOOK_SECRET }
  receiver.close()
  const settings = { url: running.url, urlEndpoint: running.urlEndpoint, ...keys, webhook }
  return { running, settings }
}

const exec = promisify(execFile)

/** Node, Bun, Deno: the scenario's main module in a child process; its last line is the JSON result. */
const runProcess = async (command, args, settings, env = {}) => {
  const { stdout } = await exec(command, args, {
    cwd: runtimeDir,
    env: { ...process.env, ...env, IK_SCENARIO: JSON.stringify(settings) },
    timeout: 120_000
  })
  return JSON.parse(stdout.trim().split("\n").at(-1))
}

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer()
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })

/**
 * workerd: the scenario bundled into a module worker (as wrangler would, with esbuild), served by the real runtime on
 * 127.0.0.1, its outbound network allowed to reach loopback (the emulator), asked once over HTTP.
 */
const runWorkerd = async (settings) => {
  const dir = `${cache}/workerd-scenario`
  mkdirSync(dir, { recursive: true })
  await esbuild.build({
    entryPoints: [`${runtimeDir}/worker.mjs`],
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    target: "es2022",
    outfile: `${dir}/worker.js`,
    logLevel: "error"
  })
  writeFileSync(`${dir}/settings.json`, JSON.stringify(settings))
  const port = await freePort()
  writeFileSync(`${dir}/config.capnp`, workerdConfig(port))
  const child = spawn(runtimes.workerd, ["serve", `${dir}/config.capnp`], { stdio: ["ignore", "ignore", "pipe"] })
  let stderr = ""
  child.stderr.on("data", (chunk) => (stderr += chunk))
  try {
    for (let tries = 0; ; tries++) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(60_000) })
        return await response.json()
      } catch (error) {
        if (tries > 100 || child.exitCode !== null) throw new Error(`workerd did not answer: ${stderr || error}`)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    }
  } finally {
    child.kill()
  }
}

/** The worker and its settings as embedded files; "internet" (every worker's default outbound) may reach loopback. */
const workerdConfig = (port) => `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .scenario),
    (name = "internet", network = (allow = ["public", "local"]))
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")]
);
const scenario :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  bindings = [(name = "SCENARIO", text = embed "settings.json")],
  compatibilityDate = "2026-11-01"
);
`

const matrix = [
  { name: "node 18", binary: runtimes.node18, layer: "layerNode" },
  { name: "node 20", binary: runtimes.node, layer: "layerNode" },
  { name: "node 22", binary: runtimes.node22, layer: "layerNode" },
  { name: "bun", binary: runtimes.bun, layer: "layerFetch" },
  { name: "deno", binary: runtimes.deno, layer: "layerFetch", deno: true },
  { name: "workerd", binary: runtimes.workerd, layer: "layerFetch", workerd: true }
]

// `node scripts/runtime-sdk.mjs deno workerd` runs only those.
const only = process.argv.slice(2)
const chosen = only.length === 0 ? matrix : matrix.filter((entry) => only.some((name) => entry.name.startsWith(name)))
let failed = 0
for (const entry of chosen) {
  const { running, settings } = await emulatorFor()
  const began = performance.now()
  let result
  try {
    if (entry.workerd) result = await runWorkerd(settings)
    else if (entry.deno) {
      const args = ["run", "--quiet", "--no-config", "--node-modules-dir=none", `--import-map=${denoImportMap()}`]
      const allow = ["--allow-env=IK_SCENARIO", "--allow-net=127.0.0.1", "--allow-read"]
      result = await runProcess(entry.binary, [...args, ...allow, "scenario-main.mjs", entry.layer], settings, {
        DENO_DIR: runtimes.denoDir,
        NO_COLOR: "1"
      })
    } else result = await runProcess(entry.binary, ["scenario-main.mjs", entry.layer], settings)
  } catch (error) {
    result = {
      ok: false,
      error: String(error.message ?? error)
        .split("\n")
        .slice(0, 3)
        .join(" | ")
    }
  }
  const limited = running.stats().rateLimited
  await running.close()
  if (result.ok && limited < 1) result = { ok: false, error: `the emulator answered no 429 (${limited})` }
  if (!result.ok) failed++
  const ms = Math.round(performance.now() - began)
  const label = `${entry.name} (${versionOf(entry.binary)}, ${entry.layer})`
  console.log(
    `runtime sdk: ${label} ${result.ok ? `ok in ${ms} ms: ${result.steps.join(", ")}` : `FAILED: ${result.error}`}`
  )
}
console.log(
  `runtime sdk: ${chosen.length - failed} of ${chosen.length} runtimes passed in ${Math.round(performance.now() - started)} ms`
)
if (failed > 0) process.exit(1)
