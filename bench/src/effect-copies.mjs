/**
 * Per-call CPU cost of the Promise adapter and of the SDK when one process holds two copies of Effect (the adapter
 * bundles its own; issue 13, decision 0036). For every order of loading the adapter, the SDK and a bare `effect`
 * (and each client alone), a fresh process measures the CPU time per `getFileDetails` call of each client against a
 * stub `fetch` answering from memory (no socket): medians of rounds that alternate the clients. Two builds of the
 * adapter side by side: the shipped bundle, whose Effect keeps its global values to itself, and the same bundle with
 * Effect 3.22's shared store put back (one line; what the adapter shipped before), written to a temp file.
 * Printed, not asserted: figures move with the machine's load.
 *
 * Usage: node src/effect-copies.mjs [--quick] (after `pnpm build`)
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { median } from "./stats.mjs"

const quick = process.argv.includes("--quick")
const CALLS = quick ? 300 : 1500
const ROUNDS = quick ? 3 : 7
const ORDERS = [
  ["adapter"],
  ["sdk"],
  ["adapter", "sdk", "effect"],
  ["adapter", "effect", "sdk"],
  ["sdk", "adapter", "effect"],
  ["sdk", "effect", "adapter"],
  ["effect", "adapter", "sdk"],
  ["effect", "sdk", "adapter"]
]

const shipped = fileURLToPath(new URL("../../packages/promise/dist/index.js", import.meta.url))
const source = readFileSync(shipped, "utf8")
const PRIVATE = /var globalStoreId = Symbol\("effect\/GlobalValue \(private to [^)]*\)"\);/
if (!PRIVATE.test(source)) throw new Error(`${shipped} has no private global store: build it with pnpm build`)
const work = mkdtempSync(join(tmpdir(), "effect-imagekit-copies-"))
const sharedStore = join(work, "index.shared-store.js")
writeFileSync(sharedStore, source.replace(PRIVATE, "var globalStoreId = `effect/GlobalValue`;"))

const child = fileURLToPath(new URL("./effect-copies-child.mjs", import.meta.url))
const measure = (adapter, order) => {
  const result = spawnSync(process.execPath, [child, adapter, order.join(","), String(CALLS), String(ROUNDS)], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    encoding: "utf8"
  })
  if (result.status !== 0) throw new Error(`${order.join(",")} failed:\n${result.stderr}`)
  const perCall = JSON.parse(result.stdout.trim().split("\n").at(-1))
  return Object.fromEntries(Object.entries(perCall).map(([name, values]) => [name, median(values)]))
}

const rows = []
for (const order of ORDERS) {
  process.stderr.write(`[copies] ${order.join(" → ")}\n`)
  rows.push({ order, shipped: measure(shipped, order), shared: measure(sharedStore, order) })
}
rmSync(work, { recursive: true, force: true })

const us = (value) => (value === undefined ? "" : `${value.toFixed(0)} µs`)
console.log(
  `\nCPU per getFileDetails call (stub fetch, no socket), median of ${ROUNDS} rounds of ${CALLS} calls, one process per row\n`
)
console.log(
  "| loaded, in order | adapter, private store (shipped) | adapter, shared store (before) | SDK, next to the shipped adapter | SDK, next to the shared-store adapter |"
)
console.log("|---|---|---|---|---|")
for (const { order, shipped: mine, shared } of rows) {
  console.log(
    `| ${order.join(" → ")} | ${us(mine.adapter)} | ${us(shared.adapter)} | ${us(mine.sdk)} | ${us(shared.sdk)} |`
  )
}
