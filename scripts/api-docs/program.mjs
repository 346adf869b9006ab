// One TypeScript program over the sources of the public modules (and, for --check, the examples as in-memory files
// under packages/<pkg>/.api-examples/). Imports of @effect-imagekit/* entry points resolve to their sources, for
// the sources as for the examples, so no build is needed and one copy of each declaration is in the program; any
// other import (effect, @effect/platform, node:…) resolves as it does for the package itself.

import path from "node:path"
import ts from "typescript"

/**
 * The compiler options of each package's tsconfig.json, packages with the same options together.
 *
 * @param {ReadonlyArray<import("./workspace.mjs").Package>} packages
 * @returns {Array<{ options: ts.CompilerOptions, packages: Array<import("./workspace.mjs").Package> }>}
 */
export const optionGroups = (packages) => {
  /** @type {Map<string, { options: ts.CompilerOptions, packages: Array<import("./workspace.mjs").Package> }>} */
  const groups = new Map()
  for (const pkg of packages) {
    const configPath = path.join(pkg.root, "tsconfig.json")
    const parsed = ts.getParsedCommandLineOfConfigFile(
      configPath,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
          throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"))
        }
      }
    )
    if (parsed === undefined) throw new Error(`Cannot read ${configPath}`)
    const options = {
      ...parsed.options,
      noEmit: true,
      declaration: false,
      declarationMap: false,
      sourceMap: false,
      incremental: false,
      // Examples declare values to show them, not to use them.
      noUnusedLocals: false,
      noUnusedParameters: false
    }
    const { configFilePath: _path, ...key } = options
    const id = JSON.stringify(key)
    const group = groups.get(id)
    if (group === undefined) groups.set(id, { options, packages: [pkg] })
    else group.packages.push(pkg)
  }
  return [...groups.values()]
}

/**
 * A compiler host that serves `virtualFiles`, caches parsed files (so a second program reuses them) and resolves
 * the workspace's public entry points to their sources.
 *
 * @param {ts.CompilerOptions} options
 * @param {ReadonlyArray<import("./workspace.mjs").Package>} packages every package, for cross-package imports
 * @param {Map<string, string>} virtualFiles
 */
export const makeHost = (options, packages, virtualFiles) => {
  const host = ts.createCompilerHost(options, true)
  /** @type {Map<string, ts.SourceFile | undefined>} */
  const parsed = new Map()
  /** @type {Map<string, { pkg: string, file: string }>} */
  const entries = new Map()
  for (const pkg of packages) {
    for (const mod of pkg.modules) entries.set(mod.specifier, { pkg: pkg.name, file: mod.file })
  }
  const packageOf = (/** @type {string} */ file) => packages.find((pkg) => file.startsWith(pkg.root + path.sep))
  const cache = ts.createModuleResolutionCache(host.getCurrentDirectory(), (f) => host.getCanonicalFileName(f), options)

  const fileExists = host.fileExists.bind(host)
  const readFile = host.readFile.bind(host)
  const getSourceFile = host.getSourceFile.bind(host)

  host.fileExists = (file) => virtualFiles.has(file) || fileExists(file)
  host.readFile = (file) => virtualFiles.get(file) ?? readFile(file)
  host.getSourceFile = (file, languageVersion, onError, shouldCreate) => {
    const virtual = virtualFiles.get(file)
    if (virtual !== undefined) return ts.createSourceFile(file, virtual, languageVersion, true)
    const format = typeof languageVersion === "object" ? String(languageVersion.impliedNodeFormat) : ""
    const key = `${file}\0${format}`
    if (!parsed.has(key)) parsed.set(key, getSourceFile(file, languageVersion, onError, shouldCreate))
    return parsed.get(key)
  }
  host.resolveModuleNameLiterals = (literals, containingFile, redirectedReference, compilerOptions, sourceFile) =>
    literals.map((literal) => {
      const entry = entries.get(literal.text)
      const importer = packageOf(containingFile)
      if (entry !== undefined && importer !== undefined) {
        if (importer.name === entry.pkg || importer.dependencies.has(entry.pkg)) {
          return {
            resolvedModule: { resolvedFileName: entry.file, extension: ts.Extension.Ts, isExternalLibraryImport: false }
          }
        }
      }
      const mode = ts.getModeForUsageLocation(sourceFile, literal, compilerOptions)
      return ts.resolveModuleName(literal.text, containingFile, compilerOptions, host, cache, redirectedReference, mode)
    })
  return host
}
