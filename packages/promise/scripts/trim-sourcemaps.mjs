// Keeps our own code in the bundles' source maps (docs/decisions/0035-small-installs.md). esbuild maps every bundled
// module, Effect's and @effect/platform's included, and embeds their sources: 6.5 MB per format, with paths into a
// node_modules/.pnpm that users do not have. A stack frame in Effect's code is Effect's business; a frame in the SDK,
// core or the adapter still maps to its line, with the source embedded.
import { readdirSync, readFileSync, writeFileSync } from "node:fs"
import { decode, encode } from "@jridgewell/sourcemap-codec"

const dist = new URL("../dist/", import.meta.url)
const thirdParty = (source) => /(^|\/)node_modules\//.test(source)

for (const file of readdirSync(dist).filter((name) => name.endsWith(".map"))) {
  const url = new URL(file, dist)
  const map = JSON.parse(readFileSync(url, "utf8"))
  const keptSources = new Map()
  const keptNames = new Map()
  const sources = []
  const sourcesContent = []
  const names = []
  for (const [index, source] of map.sources.entries()) {
    if (thirdParty(source)) continue
    keptSources.set(index, sources.length)
    sources.push(source)
    sourcesContent.push(map.sourcesContent?.[index] ?? null)
  }
  const nameIndex = (index) => {
    if (!keptNames.has(index)) {
      keptNames.set(index, names.length)
      names.push(map.names[index])
    }
    return keptNames.get(index)
  }
  const mappings = decode(map.mappings).map((line) =>
    line.flatMap((segment) => {
      if (segment.length === 1) return [segment]
      const source = keptSources.get(segment[1])
      if (source === undefined) return []
      return segment.length === 5
        ? [[segment[0], source, segment[2], segment[3], nameIndex(segment[4])]]
        : [[segment[0], source, segment[2], segment[3]]]
    })
  )
  const before = readFileSync(url).length
  const trimmed = JSON.stringify({ ...map, sources, sourcesContent, names, mappings: encode(mappings) })
  writeFileSync(url, trimmed)
  console.log(
    `${file}: ${(before / 1e6).toFixed(2)} MB → ${(trimmed.length / 1e6).toFixed(2)} MB (${sources.length} of ${map.sources.length} sources)`
  )
}
