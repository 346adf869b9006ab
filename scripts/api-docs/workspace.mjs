// The public modules of the workspace: every "exports" entry of every packages/*/package.json, mapped to its source
// file (the build entries are src/<Module>.ts, emitted as dist/<Module>.js and dist/<Module>.d.ts).

import { existsSync, readdirSync, readFileSync } from "node:fs"
import path from "node:path"

/**
 * @typedef {{
 *   readonly specifier: string,
 *   readonly subpath: string,
 *   readonly file: string,
 *   readonly rel: string,
 *   readonly docPath: string,
 *   readonly pkg: Package
 * }} PublicModule
 *   `subpath` is "." or the export's name ("Url"); `rel` is the source file relative to the repository root;
 *   `docPath` the generated page relative to docs/api.
 * @typedef {{
 *   readonly dir: string,
 *   readonly root: string,
 *   readonly name: string,
 *   readonly description: string,
 *   readonly dependencies: ReadonlySet<string>,
 *   readonly modules: Array<PublicModule>
 * }} Package
 */

/**
 * The file an "exports" condition tree points at for types (or code, when it names no types).
 *
 * @param {unknown} value
 * @returns {string | undefined}
 */
const target = (value) => {
  if (typeof value === "string") return value
  if (value === null || typeof value !== "object") return undefined
  for (const condition of ["types", "import", "default", "require"]) {
    if (condition in value) {
      const found = target(/** @type {Record<string, unknown>} */ (value)[condition])
      if (found !== undefined) return found
    }
  }
  return undefined
}

/** @param {string} a @param {string} b */
export const compareText = (a, b) => {
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  if (x !== y) return x < y ? -1 : 1
  if (a === b) return 0
  return a < b ? -1 : 1
}

/**
 * @param {string} root the repository root
 * @returns {Array<Package>}
 */
export const readPackages = (root) => {
  const packagesDir = path.join(root, "packages")
  /** @type {Array<Package>} */
  const packages = []
  const dirs = readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(packagesDir, entry.name, "package.json")))
    .map((entry) => entry.name)
    .sort(compareText)
  for (const dir of dirs) {
    const pkgRoot = path.join(packagesDir, dir)
    const json = JSON.parse(readFileSync(path.join(pkgRoot, "package.json"), "utf8"))
    if (json.exports === undefined || json.exports === null) continue
    /** @type {Package} */
    const pkg = {
      dir,
      root: pkgRoot,
      name: json.name,
      description: typeof json.description === "string" ? json.description : "",
      dependencies: new Set([
        ...Object.keys(json.dependencies ?? {}),
        ...Object.keys(json.devDependencies ?? {}),
        ...Object.keys(json.peerDependencies ?? {})
      ]),
      modules: []
    }
    const entries = typeof json.exports === "string" ? { ".": json.exports } : json.exports
    for (const [key, value] of Object.entries(entries)) {
      if (key.includes("*") || !key.startsWith(".")) continue
      const file = target(value)
      if (file === undefined || file.endsWith(".json")) continue
      const base = path.posix
        .relative("dist", path.posix.normalize(file))
        .replace(/\.d\.[cm]?ts$/, "")
        .replace(/\.[cm]?js$/, "")
      const source = [".ts", ".mts", ".tsx"]
        .map((ext) => path.join(pkgRoot, "src", base + ext))
        .find((candidate) => existsSync(candidate))
      if (source === undefined) {
        throw new Error(`${json.name}: no source file src/${base}.ts for the export "${key}" (${file})`)
      }
      const subpath = key === "." ? "." : key.slice(2)
      pkg.modules.push({
        specifier: key === "." ? json.name : `${json.name}/${subpath}`,
        subpath,
        file: source,
        rel: path.relative(root, source).split(path.sep).join("/"),
        docPath: `${dir}/${subpath === "." ? "index" : subpath}.md`,
        pkg
      })
    }
    pkg.modules.sort((a, b) => (a.subpath === "." ? -1 : b.subpath === "." ? 1 : compareText(a.subpath, b.subpath)))
    packages.push(pkg)
  }
  return packages
}
