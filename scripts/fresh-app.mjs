#!/usr/bin/env node
// The fresh-app check (part of `pnpm test`; `pnpm test:fresh-app` alone, after `pnpm build`). It installs the
// packages as a new user would, outside the workspace, with npm, following the docs' own install commands:
//
// 1. `pnpm pack` every package of packages/ (what `pnpm publish` would upload).
// 2. Serve those tarballs as the `@effect-imagekit` scope of a registry on 127.0.0.1 (a scoped registry in a
//    temporary npm user config); every other package comes from the npm registry as usual. The docs' commands then
//    run verbatim: nothing in them is rewritten.
// 3. Collect every `npm install` command of README.md, docs/ (guides; decisions and the API reference excepted) and
//    packages/*/README.md, from shell blocks and inline code. Each must pin the Effect 3 line wherever it names
//    effect, @effect/platform, @effect/platform-node, @effect/vitest or vitest.
// 4. App "everything": a new directory in the system's temp dir where all of them run in page order (`--global`
//    ones into a prefix of their own). Then: type-check the files of scripts/fresh-app/ with moduleResolution
//    `bundler`, `node16` and `nodenext`; run what the nodenext build emitted (an Effect program against the
//    emulator, the adapter from ESM and from CommonJS, `imagekit.effect` with the app's Effect); `npx vitest run` (a
//    test with `ImageKitTest.layer()`); `npx imagekit --help`; the global `imagekit --help`; and `npx imagekit mcp`
//    answering `initialize` (its server is in chunks of the bundle of its own).
// 5. App "promise": only the first install command of docs/promise.md (the guide's install step; a later one adds
//    the optional peers for `imagekit.effect`). Its node_modules must stay within the budget (imagekit@6 with its
//    dependencies takes 10-11 MB on disk, `du -sh`; ARCHITECTURE.md) and hold no `effect`; the adapter scripts
//    type-check (without Effect installed) and run.
// Exits 1 on any failure and keeps the temp dir then (its path is printed); FRESH_APP_KEEP=1 keeps it always.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from "node:fs"
import { createServer } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { extractBlocks } from "./docs-check/markdown.mjs"
import {
  diskBytes,
  listen,
  npmEnvironment,
  packWorkspace,
  root,
  runAsync,
  startRegistry
} from "./lib/local-registry.mjs"

const fixtures = join(root, "scripts", "fresh-app")
const tsc = join(root, "node_modules", "typescript", "bin", "tsc")
const PROMISE_BUDGET_BYTES = 11_000_000
const EFFECT_LINE = {
  effect: "^3.22",
  "@effect/platform": "^0.97",
  "@effect/platform-node": "^0.108",
  "@effect/vitest": "^0.30",
  vitest: "^3"
}

const started = performance.now()
const seconds = (from) => `${((performance.now() - from) / 1000).toFixed(1)} s`
const failures = []
const fail = (what) => {
  failures.push(what)
  console.log(`  FAILED ${what}`)
}

const work = mkdtempSync(join(tmpdir(), "effect-imagekit-fresh-app-"))
const step = async (label, command, args, options) => {
  const at = performance.now()
  const result = await runAsync(command, args, options)
  console.log(`  ${result.ok ? "ok" : "FAILED"} ${label} (${seconds(at)})`)
  if (!result.ok) {
    failures.push(label)
    console.log(result.output.trimEnd().replace(/^/gm, "    "))
  }
  return result
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Pack
// ---------------------------------------------------------------------------------------------------------------

console.log(`fresh app: in ${work}`)
let at = performance.now()
const packages = packWorkspace(join(work, "tarballs"))
console.log(`fresh app: packed ${[...packages.keys()].join(", ")} (${seconds(at)})`)

// ---------------------------------------------------------------------------------------------------------------
// 2. The scope's registry, and the stand-in ImageKit API the adapter scripts call
// ---------------------------------------------------------------------------------------------------------------

const registry = await startRegistry(packages)

// What the adapter scripts talk to: a getFileDetails that knows file_1, and an upload that echoes the file name.
const stub = createServer((request, response) => {
  const json = (status, body) =>
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body))
  const chunks = []
  request.on("data", (chunk) => chunks.push(chunk))
  request.on("end", () => {
    if (request.headers.authorization !== `Basic ${Buffer.from("private_fresh:").toString("base64")}`) {
      return json(401, { message: "Your request does not contain private API key.", help: "" })
    }
    const details = /^\/v1\/files\/([^/]+)\/details$/.exec(request.url)
    if (request.method === "GET" && details !== null) {
      if (details[1] !== "file_1") return json(404, { message: "The requested file does not exist.", help: "" })
      return json(200, { fileId: "file_1", name: "a.jpg", filePath: "/a.jpg", type: "file", size: 3 })
    }
    if (request.method === "POST" && request.url === "/api/v1/files/upload") {
      const body = Buffer.concat(chunks).toString("latin1")
      // A multipart part: its headers end at the first blank line, its value at the next boundary.
      const field = (name) => {
        const start = body.indexOf(`name="${name}"`)
        if (start < 0) return undefined
        const value = body.indexOf("\r\n\r\n", start) + 4
        return body.slice(value, body.indexOf("\r\n--", value))
      }
      const fileName = field("fileName")
      const file = field("file")
      return json(200, { fileId: "file_2", name: fileName, filePath: `/${fileName}`, size: file?.length ?? -1 })
    }
    json(404, { message: "no such route in the fresh-app stub", help: "" })
  })
})
const stubUrl = await listen(stub)

const env = npmEnvironment(registry.url, join(work, "npmrc"), { STUB_URL: stubUrl, NO_COLOR: "1" })

// ---------------------------------------------------------------------------------------------------------------
// 3. The docs' install commands
// ---------------------------------------------------------------------------------------------------------------

const listPages = () => {
  const pages = ["README.md"]
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name)
    )) {
      const path = `${dir}/${entry.name}`
      if (entry.isDirectory()) {
        if (!["docs/api", "docs/decisions", "docs/examples-check"].includes(path)) walk(path)
      } else if (entry.name.endsWith(".md")) pages.push(path)
    }
  }
  walk("docs")
  for (const dir of readdirSync(join(root, "packages")).sort()) {
    if (existsSync(join(root, "packages", dir, "README.md"))) pages.push(`packages/${dir}/README.md`)
  }
  return pages
}

const INSTALL = /^npm (install|i|add)(\s|$)/
const commandsOf = (page) => {
  const text = readFileSync(join(root, page), "utf8")
  const found = []
  const fenced = new Set()
  for (const block of extractBlocks(text)) {
    for (let k = block.line; k < block.endLine; k++) fenced.add(k)
    if (!["sh", "bash", "shell", "zsh", "console"].includes(block.lang)) continue
    block.lines.forEach((raw, k) => {
      const line = (block.lang === "console" ? raw.replace(/^\$ /, "") : raw).replace(/\s+#.*$/, "").trim()
      if (INSTALL.test(line)) found.push({ page, line: block.line + 1 + k, command: line })
    })
  }
  text.split("\n").forEach((pageLine, k) => {
    if (fenced.has(k + 1)) return
    for (const match of pageLine.matchAll(/`(npm (?:install|i|add) [^`]+)`/g)) {
      found.push({ page, line: k + 1, command: match[1].trim() })
    }
  })
  // The contributors' set-up (`npm i -g pnpm@10`) is not an install of ours.
  return found.filter(({ command }) => !/\bpnpm@/.test(command))
}

const pinProblems = ({ command }) =>
  command
    .split(/\s+/)
    .slice(2)
    .filter((word) => !word.startsWith("-"))
    .flatMap((spec) => {
      const at = spec.lastIndexOf("@")
      const name = at > 0 ? spec.slice(0, at) : spec
      const range = at > 0 ? spec.slice(at + 1) : undefined
      const pinned = EFFECT_LINE[name]
      return pinned !== undefined && range !== pinned ? [`${spec} (the Effect 3 line is ${name}@${pinned})`] : []
    })

const all = listPages().flatMap(commandsOf)
at = performance.now()
console.log(`fresh app: ${all.length} install commands in the docs`)
for (const found of all) {
  const problems = pinProblems(found)
  const odd = found.command
    .split(/\s+/)
    .slice(2)
    .filter((word) => /[^\w@^~./:=-]/.test(word))
  if (problems.length > 0) fail(`${found.page}:${found.line}: \`${found.command}\` does not pin ${problems.join(", ")}`)
  if (odd.length > 0) fail(`${found.page}:${found.line}: \`${found.command}\`: cannot run ${odd.join(" ")} verbatim`)
}
const unique = (list) => list.filter((found, k) => list.findIndex((other) => other.command === found.command) === k)

const globalPrefix = join(work, "global")
const install = (app, found) => {
  const words = found.command.split(/\s+/)
  const global = words.includes("--global") || words.includes("-g")
  const args = [...words.slice(1), ...(global ? ["--prefix", globalPrefix] : [])]
  return step(`${found.command}   (${found.page}:${found.line})`, "npm", args, { cwd: app, env })
}
const newApp = (name) => {
  const dir = join(work, name)
  mkdirSync(dir)
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name: `fresh-${name}`, private: true, type: "module" }, null, 2)}\n`
  )
  return dir
}

// ---------------------------------------------------------------------------------------------------------------
// 4. App "everything"
// ---------------------------------------------------------------------------------------------------------------

const TSCONFIG = {
  strict: true,
  target: "ES2022",
  lib: ["ES2022", "DOM", "DOM.Iterable"],
  types: [],
  // tsc --init's default: library declarations are not re-checked.
  skipLibCheck: true,
  noEmit: true
}
const RESOLUTIONS = {
  bundler: { module: "preserve", moduleResolution: "bundler" },
  node16: { module: "node16", moduleResolution: "node16" },
  nodenext: { module: "nodenext", moduleResolution: "nodenext", noEmit: false, outDir: "dist" }
}
const typecheckAndRun = async (app, files, scripts) => {
  for (const file of files) copyFileSync(join(fixtures, file), join(app, file))
  for (const [resolution, options] of Object.entries(RESOLUTIONS)) {
    const config = join(app, `tsconfig.${resolution}.json`)
    writeFileSync(config, JSON.stringify({ compilerOptions: { ...TSCONFIG, ...options }, files }, null, 2))
    await step(`tsc, moduleResolution ${resolution}`, process.execPath, [tsc, "-p", config], { cwd: app, env })
  }
  for (const script of scripts)
    await step(`node dist/${script}`, process.execPath, [join("dist", script)], { cwd: app, env })
}

console.log("fresh app: app 'everything' (every install command of the docs)")
at = performance.now()
const everything = newApp("everything")
for (const found of unique(all)) await install(everything, found)
await typecheckAndRun(
  everything,
  ["effect-program.ts", "adapter-esm.ts", "adapter-cjs.cts", "adapter-hatch.ts", "mock.test.ts"],
  ["effect-program.js", "adapter-esm.js", "adapter-cjs.cjs", "adapter-hatch.js"]
)
const vitest = await step("npx vitest run", "npx", ["vitest", "run"], { cwd: everything, env })
if (vitest.ok && !/1 passed/.test(vitest.output)) fail(`npx vitest run did not pass one test:\n${vitest.output}`)
const help = await step("npx imagekit --help", "npx", ["imagekit", "--help"], { cwd: everything, env })
if (help.ok && !/imagekit/.test(help.output)) fail("npx imagekit --help printed no usage")
if (existsSync(join(globalPrefix, "bin", "imagekit"))) {
  await step("imagekit --help (installed with --global)", join(globalPrefix, "bin", "imagekit"), ["--help"], { env })
}
// `imagekit mcp` loads its server from chunks of its own (dist/bin-chunks/), which the tarball must hold.
const initialize = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "fresh-app", version: "1" } }
})
const unset = "env -u IMAGEKIT_PUBLIC_KEY -u IMAGEKIT_PRIVATE_KEY -u IMAGEKIT_URL_ENDPOINT"
const mcp = await step(
  "npx imagekit mcp (its server's chunk, from the tarball)",
  "sh",
  ["-c", `echo '${initialize}' | ${unset} IMAGEKIT_EMULATOR_DATA_DIR="${join(work, "mcp-data")}" npx imagekit mcp`],
  { cwd: everything, env }
)
if (mcp.ok && !mcp.output.includes('"serverInfo":{"name":"imagekit"')) {
  fail(`npx imagekit mcp did not answer initialize:\n${mcp.output}`)
}
console.log(`fresh app: app 'everything' done (${seconds(at)})`)

// ---------------------------------------------------------------------------------------------------------------
// 5. App "promise"
// ---------------------------------------------------------------------------------------------------------------

console.log("fresh app: app 'promise' (docs/promise.md's install step only)")
at = performance.now()
const promiseCommands = all.filter((found) => found.page === "docs/promise.md").slice(0, 1)
if (promiseCommands.length === 0) fail("docs/promise.md has no install command")
const promiseApp = newApp("promise")
for (const found of unique(promiseCommands)) await install(promiseApp, found)
const installed = diskBytes(join(promiseApp, "node_modules"))
const effectInstalled = existsSync(join(promiseApp, "node_modules", "effect"))
console.log(`  installed size: ${(installed / 1e6).toFixed(2)} MB on disk (budget ${PROMISE_BUDGET_BYTES / 1e6} MB)`)
if (installed > PROMISE_BUDGET_BYTES)
  fail(`the Promise adapter installs ${installed} bytes, over ${PROMISE_BUDGET_BYTES}`)
if (effectInstalled) fail("installing the Promise adapter installed effect")
await typecheckAndRun(promiseApp, ["adapter-esm.ts", "adapter-cjs.cts"], ["adapter-esm.js", "adapter-cjs.cjs"])
console.log(`fresh app: app 'promise' done (${seconds(at)})`)

await registry.close()
stub.close()
const keep = failures.length > 0 || process.env.FRESH_APP_KEEP === "1"
if (!keep) rmSync(work, { recursive: true, force: true })
const where = keep ? ` (kept: ${work})` : ""
if (failures.length > 0) {
  console.log(`fresh app: ${failures.length} FAILED in ${seconds(started)}${where}`)
  for (const failure of failures) console.log(`  - ${failure}`)
  process.exit(1)
}
console.log(`fresh app: all checks passed in ${seconds(started)}${where}`)
