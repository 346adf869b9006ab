// Type-checks the `@example` code blocks (ts, typescript, mts, or no fence). Each becomes an in-memory module at
// packages/<pkg>/.api-examples/<module>/<export>.<n>.ts, nothing is written to disk: there the package's own entry
// points and those of the workspace packages it depends on resolve to their sources (see program.mjs), and `effect`
// and the rest from the package's node_modules. One program checks them all, under the package's compiler options;
// errors point at the line of the source file the example is written in.

import path from "node:path"
import ts from "typescript"

const COMPILED = new Set(["ts", "typescript", "mts", ""])

/**
 * @typedef {{
 *   readonly label: string,
 *   readonly example: import("./jsdoc.mjs").Example,
 *   readonly block: import("./jsdoc.mjs").CodeBlock
 * }} ExampleSource
 *   `label` names the export (and member) the example documents.
 */

/**
 * The compiled blocks of a doc, labelled.
 *
 * @param {string} label
 * @param {import("./jsdoc.mjs").Doc} doc
 * @returns {Array<ExampleSource>}
 */
export const examplesOf = (label, doc) =>
  doc.examples.flatMap((example) =>
    example.blocks.filter((block) => COMPILED.has(block.lang)).map((block) => ({ label, example, block }))
  )

/**
 * Adds each example as a virtual file of the package whose source it is written in.
 *
 * @param {ReadonlyArray<ExampleSource>} examples
 * @param {ReadonlyArray<import("./workspace.mjs").Package>} packages
 * @param {Map<string, string>} virtualFiles filled here
 * @returns {Map<string, ExampleSource>} virtual file → example
 */
export const writeVirtual = (examples, packages, virtualFiles) => {
  /** @type {Map<string, ExampleSource>} */
  const byFile = new Map()
  /** @type {Set<string>} */
  const seen = new Set()
  for (const source of examples) {
    const first = source.block.lines[0]
    const key = `${source.example.file}:${first?.line ?? -1}`
    if (first === undefined || seen.has(key)) continue
    seen.add(key)
    const file = path.normalize(source.example.file)
    const pkg = packages.find((p) => file.startsWith(p.root + path.sep))
    if (pkg === undefined) continue
    const module = path
      .relative(path.join(pkg.root, "src"), file)
      .replace(/\.[cm]?tsx?$/, "")
      .split(path.sep)
      .join("/")
    const name = source.label.replace(/[^\w.-]/g, "_")
    let index = 1
    let virtual = ""
    do {
      virtual = `${pkg.root}/.api-examples/${module}/${name}.${index}.ts`.split(path.sep).join("/")
      index++
    } while (virtualFiles.has(virtual))
    // `export {}` keeps every example a module of its own (and lets it use top-level await).
    virtualFiles.set(virtual, `${source.block.lines.map((line) => line.text).join("\n")}\nexport {}\n`)
    byFile.set(virtual, source)
  }
  return byFile
}

/**
 * The diagnostics of the example files, as lines pointing into the sources.
 *
 * @param {ts.Program} program
 * @param {ReadonlyMap<string, ExampleSource>} byFile
 * @param {string} root
 * @returns {Array<string>}
 */
export const checkExamples = (program, byFile, root) => {
  /** @type {Array<string>} */
  const errors = []
  for (const [virtual, source] of byFile) {
    const sourceFile = program.getSourceFile(virtual)
    if (sourceFile === undefined) {
      errors.push(`${virtual}: not in the program`)
      continue
    }
    const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)]
    for (const diagnostic of diagnostics) {
      const position = sourceFile.getLineAndCharacterOfPosition(diagnostic.start ?? 0)
      const lines = source.block.lines
      const line = lines[Math.min(position.line, lines.length - 1)]
      const column = position.line < lines.length ? position.character : 0
      const where = line === undefined ? "" : `:${line.line + 1}:${line.col + column + 1}`
      const rel = path.relative(root, source.example.file).split(path.sep).join("/")
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n    ")
      errors.push(
        `${rel}${where} (${source.label}): error TS${diagnostic.code}: ${message}` +
          (line === undefined ? "" : `\n    > ${line.text.trim()}`)
      )
    }
  }
  return errors
}
