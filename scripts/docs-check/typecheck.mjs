// Type-checks extracted code blocks: one module file per block under `<workDir>/blocks/` (workDir is a per-run
// directory inside docs/examples-check, so that the workspace's packages resolve), one `tsc`.

import { spawn } from "node:child_process"
import { existsSync, readdirSync, statSync } from "node:fs"
import { mkdir, writeFile } from "node:fs/promises"
import { createRequire } from "node:module"
import { dirname, join, relative } from "node:path"

const CJS = /\brequire\s*\(/u
const ESM = /^\s*(import|export)\b/mu

/** The file extension for a block of language `lang` (ts, typescript, mts, cts, js, javascript, mjs, cjs). */
export const extensionFor = (lang, code) => {
  const commonJs = CJS.test(code) && !ESM.test(code)
  switch (lang) {
    case "mts":
    case "cts":
    case "mjs":
    case "cjs":
      return `.${lang}`
    case "ts":
    case "typescript":
      return commonJs ? ".cts" : ".ts"
    default:
      return commonJs ? ".cjs" : ".js"
  }
}

const PACKAGES = ["core", "sdk", "testing", "promise"]

/** Problems that stop the checks before they start (packages not built, workspace not installed). */
export const preflight = (root) => {
  const problems = []
  for (const name of PACKAGES) {
    if (!existsSync(join(root, "packages", name, "dist", "index.d.ts"))) {
      problems.push(`packages/${name}/dist is missing: build the packages first (pnpm build)`)
    }
  }
  if (!existsSync(join(root, "packages", "cli", "dist", "bin.js"))) {
    problems.push("packages/cli/dist/bin.js is missing: build the packages first (pnpm build)")
  }
  if (!existsSync(join(root, "docs", "examples-check", "node_modules", "effect"))) {
    problems.push("docs/examples-check/node_modules is missing: run pnpm install")
  }
  return problems
}

/**
 * `workDir`: a fresh directory directly inside docs/examples-check.
 * `units`: `{ id, file, code, lineMap }` where `file` is relative to blocks/ and `lineMap[k]` is the page line of
 * the unit's line k + 1. Resolves to a Map from unit id to an array of `{ line, message }` (page lines), plus
 * `other` for diagnostics that map to no unit (tsconfig problems).
 */
export const typecheck = async (root, workDir, units) => {
  const packageDir = join(root, "docs", "examples-check")
  const blocksDir = join(workDir, "blocks")
  await mkdir(blocksDir, { recursive: true })
  await writeFile(
    join(workDir, "tsconfig.json"),
    `${JSON.stringify({ extends: "../tsconfig.json", include: ["blocks"] }, null, 2)}\n`
  )
  const byFile = new Map()
  for (const unit of units) {
    const path = join(blocksDir, unit.file)
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, unit.code)
    byFile.set(relative(workDir, path), unit)
  }
  const results = new Map(units.map((unit) => [unit.id, []]))
  const other = []
  if (units.length === 0) return { results, other }
  const tsc = createRequire(join(packageDir, "package.json")).resolve("typescript/bin/tsc")
  const output = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, "--noEmit", "--pretty", "false", "-p", "tsconfig.json"], {
      cwd: workDir,
      stdio: ["ignore", "pipe", "pipe"]
    })
    let text = ""
    child.stdout.on("data", (chunk) => {
      text += chunk
    })
    child.stderr.on("data", (chunk) => {
      text += chunk
    })
    child.on("error", reject)
    child.on("close", () => resolve(text))
  })
  let last
  for (const line of output.split("\n")) {
    const match = /^(.+?)\((\d+),(\d+)\): (error|warning) (TS\d+): (.*)$/u.exec(line)
    if (match !== null) {
      const [, file, fileLine, column, , code, message] = match
      const unit = byFile.get(file)
      const diagnostic = {
        line: unit === undefined ? Number(fileLine) : (unit.lineMap[Number(fileLine) - 1] ?? unit.lineMap[0]),
        column: Number(column),
        message: `${code}: ${message}`
      }
      if (unit === undefined)
        other.push({ ...diagnostic, message: `${file}(${fileLine},${column}) ${diagnostic.message}` })
      else results.get(unit.id).push(diagnostic)
      last = diagnostic
    } else if (line.startsWith(" ") && last !== undefined) {
      last.message += `\n${line}`
    } else if (line.trim() !== "") {
      other.push({ line: 0, column: 0, message: line })
      last = undefined
    }
  }
  return { results, other }
}

const newest = (dir) => {
  let time = 0
  if (!existsSync(dir)) return time
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    time = Math.max(time, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return time
}

/** Packages whose dist is older than their src: the docs are then checked against an old build. */
export const staleBuilds = (root) =>
  [...PACKAGES, "cli"].filter((name) => {
    const dist = newest(join(root, "packages", name, "dist"))
    return dist > 0 && newest(join(root, "packages", name, "src")) > dist
  })
