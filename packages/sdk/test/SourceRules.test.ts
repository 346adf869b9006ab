/**
 * Rules of the SDK's source that the type checker cannot see (issue 12, items 1 and 4): nothing runs an Effect outside
 * the caller's fiber, every FiberRef is made once per process whichever build (ESM or CJS) loads it, `send.ts` stays
 * the short seam it was cut down to, and only our own client opens sockets.
 */
import { readdirSync, readFileSync } from "node:fs"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { assert, describe, it } from "vitest"

const src = fileURLToPath(new URL("../src/", import.meta.url))

const sourceFiles = (dir: string): ReadonlyArray<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : []
  )

/** The code of a file without its comments, so that a JSDoc example or a note mentioning a name does not count. */
const code = (file: string): string =>
  readFileSync(file, "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/^\s*\/\/.*$/gm, "")

const files = sourceFiles(src).map((file) => ({ name: relative(src, file), code: code(file) }))

describe("the SDK's source", () => {
  it("has files to check (the walk found the package)", () => {
    assert.isAtLeast(files.length, 30)
    assert.isTrue(files.some((file) => file.name === join("internal", "send.ts")))
  })

  it("never runs an Effect outside the caller's fiber (no run* of Effect or Runtime)", () => {
    const offenders = files.filter((file) =>
      /\b(?:Effect|Runtime)\.run(?:Sync|SyncExit|Promise|PromiseExit|Fork|Callback)\b/.test(file.code)
    )
    assert.deepStrictEqual(
      offenders.map((file) => file.name),
      []
    )
  })

  it("makes every FiberRef inside globalValue", () => {
    for (const file of files) {
      const made = file.code.match(/FiberRef\.unsafeMake/g)?.length ?? 0
      const global = file.code.match(/globalValue\(/g)?.length ?? 0
      assert.isAtMost(made, global, `${file.name}: a FiberRef made without globalValue`)
    }
  })

  it("keeps send.ts under 300 lines", () => {
    const lines = readFileSync(join(src, "internal", "send.ts"), "utf8").split("\n").length
    assert.isBelow(lines, 300)
  })

  it("opens sockets only in our node:http client", () => {
    const offenders = files.filter(
      (file) =>
        /\b(?:request|get)\s*\(|\bnew\s+(?:Agent|Socket)\b|createConnection/.test(file.code) &&
        /node:(?:http|https|net|tls)|nodeBuiltins/.test(file.code) &&
        file.name !== join("internal", "nodeHttpClient.ts") &&
        file.name !== join("internal", "nodeBuiltins.ts")
    )
    assert.deepStrictEqual(
      offenders.map((file) => file.name),
      []
    )
  })
})
