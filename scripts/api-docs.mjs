// The API reference in docs/api/, generated from the JSDoc of every public module (each "exports" entry of each
// packages/*/package.json).
//
//   node scripts/api-docs.mjs           writes docs/api/
//   node scripts/api-docs.mjs --check   fails when a file in docs/api/ would change, an `@example` does not
//                                       type-check, or an export has no `@since`; writes nothing
//
// The examples are checked in memory (no scratch files) under each package's compiler options, importing the
// packages by name; see scripts/api-docs/examples.mjs.

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"
import { checkExamples, examplesOf, writeVirtual } from "./api-docs/examples.mjs"
import { documentedDeclarations, moduleDoc, readModule } from "./api-docs/extract.mjs"
import { makeHost, optionGroups } from "./api-docs/program.mjs"
import { renderIndex, renderModule } from "./api-docs/render.mjs"
import { readPackages } from "./api-docs/workspace.mjs"

const started = performance.now()
const args = process.argv.slice(2)
const unknown = args.filter((arg) => arg !== "--check")
if (unknown.length > 0) {
  console.error(`Unknown argument: ${unknown.join(" ")}\nUsage: node scripts/api-docs.mjs [--check]`)
  process.exit(2)
}
const check = args.includes("--check")

const root = fileURLToPath(new URL("..", import.meta.url))
const outDir = path.join(root, "docs", "api")
const packages = readPackages(root)
const modulesByFile = new Map(packages.flatMap((pkg) => pkg.modules.map((mod) => [mod.file, mod])))

/** @type {Map<import("./api-docs/workspace.mjs").PublicModule, import("./api-docs/extract.mjs").ModuleDocs>} */
const allDocs = new Map()
/** @type {Map<string, string>} file under docs/api → content */
const outputs = new Map()
/** @type {Array<string>} */
const missingSince = []
/** @type {Array<string>} */
const warnings = []
/** @type {Array<string>} */
const exampleErrors = []
let exampleCount = 0
/** @type {Set<string>} `file:line` of every `@example` on a page */
const reached = new Set()
/** @type {Map<string, string>} the workspace sources in the programs, to look for `@example`s on no page */
const sources = new Map()

for (const group of optionGroups(packages)) {
  /** @type {Map<string, string>} */
  const virtualFiles = new Map()
  const host = makeHost(group.options, packages, virtualFiles)
  const rootNames = group.packages.flatMap((pkg) => pkg.modules.map((mod) => mod.file))
  const program = ts.createProgram({ rootNames, options: group.options, host })
  /** @type {Array<import("./api-docs/examples.mjs").ExampleSource>} */
  const examples = []
  const collect = (/** @type {string} */ label, /** @type {import("./api-docs/jsdoc.mjs").Doc} */ doc) => {
    for (const example of doc.examples) reached.add(`${example.file}:${example.line}`)
    examples.push(...examplesOf(label, doc))
  }
  const context = {
    modulesByFile,
    documented: documentedDeclarations(program, [...modulesByFile.values()]),
    packages,
    root
  }
  for (const pkg of group.packages) {
    for (const mod of pkg.modules) {
      const docs = readModule(program, mod, context)
      allDocs.set(mod, docs)
      outputs.set(mod.docPath, renderModule(mod, docs))
      if (!docs.hasHeader) warnings.push(`${mod.rel}: no module JSDoc at the top of the file`)
      collect(`${mod.specifier} module`, docs.doc)
      for (const entry of docs.entries) {
        if (entry.doc.since === undefined) missingSince.push(`${mod.rel}: ${entry.name} (${mod.specifier})`)
        if (entry.doc.category === undefined && entry.kind !== "namespace" && entry.kind !== "default") {
          warnings.push(`${mod.rel}: ${entry.name} has no @category`)
        }
        collect(entry.name, entry.doc)
        for (const member of entry.members) collect(`${entry.name}.${member.name}`, member.doc)
      }
      // A file that declares exports of a public module without being one (promise's ImageKit.ts): its module
      // JSDoc is not on a page, but its examples must compile too.
      for (const sourceFile of docs.declarationFiles) {
        if (modulesByFile.has(sourceFile.fileName) || !sourceFile.fileName.startsWith(pkg.root + path.sep)) continue
        const label = `${path.relative(root, sourceFile.fileName).split(path.sep).join("/")} module`
        collect(label, moduleDoc(sourceFile).doc)
      }
    }
  }
  for (const sourceFile of program.getSourceFiles()) {
    if (packages.some((pkg) => sourceFile.fileName.startsWith(`${pkg.root}/src/`))) {
      sources.set(sourceFile.fileName, sourceFile.text)
    }
  }
  if (check) {
    const byFile = writeVirtual(examples, packages, virtualFiles)
    exampleCount += byFile.size
    const withExamples = ts.createProgram({
      rootNames: [...rootNames, ...byFile.keys()],
      options: group.options,
      host,
      oldProgram: program
    })
    exampleErrors.push(...checkExamples(withExamples, byFile, root))
  }
}
outputs.set("README.md", renderIndex(packages, allDocs))

// An `@example` that is on no page (on a member of an interface, or on a declaration no module exports) is neither
// shown nor checked: say so.
/** @type {Array<string>} */
const unreached = []
for (const [file, text] of sources) {
  text.split("\n").forEach((line, index) => {
    if (/^\s*(\/\*\*|\*)\s*@example\b/.test(line) && !reached.has(`${file}:${index}`)) {
      unreached.push(`${path.relative(root, file).split(path.sep).join("/")}:${index + 1}`)
    }
  })
}

/**
 * Files now in docs/api, relative to it.
 *
 * @param {string} dir
 * @returns {Array<string>}
 */
const existing = (dir) =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name)
        if (entry.isDirectory()) return existing(full)
        return entry.isFile() ? [path.relative(outDir, full).split(path.sep).join("/")] : []
      })
    : []

const changed = [...outputs].filter(([file, content]) => {
  const target = path.join(outDir, file)
  return !existsSync(target) || readFileSync(target, "utf8") !== content
})
const stale = existing(outDir).filter((file) => !outputs.has(file))

const moduleCount = allDocs.size
const exportCount = [...allDocs.values()].reduce((sum, docs) => sum + docs.entries.length, 0)
const seconds = ((performance.now() - started) / 1000).toFixed(1)

for (const warning of warnings) console.warn(`warning: ${warning}`)
for (const place of unreached) console.warn(`warning: ${place}: this @example is on no page and is not checked`)

if (check) {
  let failed = false
  if (changed.length > 0 || stale.length > 0) {
    failed = true
    console.error("docs/api is out of date; run `node scripts/api-docs.mjs`:")
    for (const [file] of changed)
      console.error(`  ${existsSync(path.join(outDir, file)) ? "changed" : "missing"}: docs/api/${file}`)
    for (const file of stale) console.error(`  not generated any more: docs/api/${file}`)
  }
  if (missingSince.length > 0) {
    failed = true
    console.error(`${missingSince.length} export(s) without @since:`)
    for (const line of missingSince) console.error(`  ${line}`)
  }
  if (exampleErrors.length > 0) {
    failed = true
    console.error(`${exampleErrors.length} error(s) in @example code:`)
    for (const line of exampleErrors) console.error(`  ${line}`)
  }
  console.log(
    `api-docs --check: ${moduleCount} modules, ${exportCount} exports, ${exampleCount} examples type-checked, ` +
      `${failed ? "FAILED" : "ok"} (${seconds} s)`
  )
  process.exit(failed ? 1 : 0)
}

for (const line of missingSince) console.warn(`warning: no @since: ${line}`)
for (const [file, content] of changed) {
  const target = path.join(outDir, file)
  mkdirSync(path.dirname(target), { recursive: true })
  writeFileSync(target, content)
}
for (const file of stale) {
  rmSync(path.join(outDir, file))
  // and the directories left empty
  for (let dir = path.dirname(path.join(outDir, file)); dir !== outDir; dir = path.dirname(dir)) {
    if (readdirSync(dir).length > 0) break
    rmSync(dir, { recursive: true })
  }
}
console.log(
  `api-docs: ${moduleCount} modules, ${exportCount} exports; ${changed.length} file(s) written, ` +
    `${stale.length} removed (${seconds} s)`
)
