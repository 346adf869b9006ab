// What `npm install @effect-imagekit/promise` gets (decision 0035): nothing to install beside the package, declarations
// that need no other package but the optional peers (for `imagekit.effect` and Effect-typed options), and source maps
// of our own code only. Reads the built package (run `pnpm build` first).
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"

const dist = new URL("../dist/", import.meta.url)
const read = (name: string) => {
  const url = new URL(name, dist)
  if (!existsSync(url)) throw new Error(`dist/${name} is missing: run pnpm build`)
  return readFileSync(url, "utf8")
}
const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  readonly dependencies?: Record<string, string>
  readonly peerDependencies?: Record<string, string>
  readonly peerDependenciesMeta?: Record<string, { readonly optional?: boolean }>
}
/** Module specifiers of a declaration file, JSDoc examples left out. */
const specifiers = (declarations: string) =>
  declarations
    .split("\n")
    .filter((line) => !/^\s*(\*|\/\*\*|\/\/)/.test(line))
    .join("\n")
    .matchAll(/(?:\bfrom\s*|\bimport\()["']([^"']+)["']/g)

describe("the published package", () => {
  it("installs nothing: no dependencies, and every peer is optional", () => {
    expect(manifest.dependencies ?? {}).toEqual({})
    for (const peer of Object.keys(manifest.peerDependencies ?? {})) {
      expect(manifest.peerDependenciesMeta?.[peer]?.optional, peer).toBe(true)
    }
  })

  it("declarations import only the optional peers, each guarded by IfInstalled", () => {
    const esm = read("index.d.ts")
    const found = [...specifiers(esm)].map((match) => match[1])
    expect(found.length).toBeGreaterThan(0)
    for (const specifier of found) expect(specifier).toMatch(/^(effect|@effect-imagekit\/sdk)\//)
    // Each line that imports starts its first import inside the guard (nested imports are its type arguments).
    for (const line of esm.split("\n").filter((text) => text.includes('import("'))) {
      expect(line.indexOf('IfInstalled<import("') + "IfInstalled<".length, line).toBe(line.indexOf('import("'))
    }
    // The CommonJS declarations are derived from the ESM ones and import nothing else.
    expect(new Set([...specifiers(read("index.d.cts"))].map((match) => match[1]))).toEqual(new Set(["./index.js"]))
  })

  it("results are plain types with plain string ids, not Effect brands", () => {
    const esm = read("index.d.ts")
    expect(esm).toMatch(/interface FileObject \{[^}]*readonly fileId: string\n/)
    expect(esm).not.toMatch(/Brand</)
  })

  it("source maps hold our own sources only, each with its content", () => {
    const maps = readdirSync(dist).filter((name) => name.endsWith(".map"))
    expect(maps.sort()).toEqual(["index.cjs.map", "index.js.map"])
    for (const name of maps) {
      const map = JSON.parse(read(name)) as { sources: Array<string>; sourcesContent: Array<string | null> }
      expect(map.sources.filter((source) => source.includes("node_modules/"))).toEqual([])
      expect(map.sources.some((source) => source.endsWith("src/ImageKit.ts"))).toBe(true)
      expect(map.sourcesContent.every((content) => typeof content === "string" && content.length > 0)).toBe(true)
    }
  })

  it("each bundle gives its copy of Effect a store of global values of its own", () => {
    expect(read("index.js")).toMatch(/globalStoreId = Symbol\("effect\/GlobalValue \(private to [^"]+\)"\)/)
    expect(read("index.cjs")).toMatch(/globalStoreId = Symbol\("effect\/GlobalValue \(private to [^"]+\)"\)/)
    expect(read("index.js")).not.toContain("`effect/GlobalValue`")
  })
})
