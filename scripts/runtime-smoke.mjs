// Runs packages/core/test/runtime/smoke.mjs under Node 18, Node 22, Bun and Deno (installed from the npm registry
// into node_modules/.cache/runtimes on first use, see runtimes.mjs) and checks each prints exactly what this Node
// prints. Part of `pnpm test`: the core package claims to run unchanged on all of them.
import { execFileSync } from "node:child_process"
import { ensureRuntimes, root, supported, versionOf } from "./runtimes.mjs"

const smoke = `${root}packages/core/test/runtime/smoke.mjs`

if (!supported) {
  console.log(`runtime smoke: skipped on ${process.platform}-${process.arch} (the pinned runtimes are linux-x64)`)
  process.exit(0)
}
const runtimes = ensureRuntimes("runtime smoke")

const run = (command, args) => execFileSync(command, args, { encoding: "utf8", cwd: root }).trim()
const expected = run(process.execPath, [smoke])
const candidates = [
  ["node 18", runtimes.node18, [smoke]],
  ["node 22", runtimes.node22, [smoke]],
  ["bun", runtimes.bun, [smoke]],
  ["deno", runtimes.deno, ["run", "--quiet", "--allow-read", smoke]]
]
let failed = 0
for (const [name, command, args] of candidates) {
  const version = versionOf(command)
  const output = run(command, args)
  const same = output === expected
  if (!same) failed++
  console.log(
    `runtime smoke: ${name} (${version}) ${same ? "matches" : `DIFFERS\n  expected ${expected}\n  got      ${output}`}`
  )
}
console.log(`runtime smoke: ${expected}`)
if (failed > 0) process.exit(1)
