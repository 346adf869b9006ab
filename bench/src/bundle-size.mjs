import { builtinModules } from "node:module"
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"
import * as esbuild from "esbuild"
import { overlaySteps, PATH, steps, URL_ENDPOINT } from "./inputs.mjs"

const BENCH_DIR = fileURLToPath(new URL("..", import.meta.url))
const BUILTINS = new Set(builtinModules)

const call = (name, sourceKey) =>
  `${name}({ urlEndpoint: ${JSON.stringify(URL_ENDPOINT)}, ${sourceKey}: ${JSON.stringify(PATH)}, ` +
  `transformation: ${JSON.stringify(steps())} })`

const srcCall = (name) =>
  `${name}({ urlEndpoint: ${JSON.stringify(URL_ENDPOINT)}, src: ${JSON.stringify(PATH)}, ` +
  `transformation: ${JSON.stringify(overlaySteps())} })`

export const BUNDLES = [
  {
    id: "oursUrl",
    label: "ours: build() only",
    entry: `import { build } from "@effect-imagekit/core/Url"\nexport const u = ${call("build", "path")}\n`
  },
  {
    id: "javascriptEsm",
    label: "@imagekit/javascript: buildSrc() only, ESM build",
    // esbuild's browser platform would otherwise follow the package's "browser" field to its UMD bundle.
    mainFields: ["module", "main"],
    entry: `import { buildSrc } from "@imagekit/javascript"\nexport const u = ${call("buildSrc", "src")}\n`
  },
  {
    id: "javascriptBrowserField",
    label: '@imagekit/javascript: buildSrc() only, "browser" field',
    entry: `import { buildSrc } from "@imagekit/javascript"\nexport const u = ${call("buildSrc", "src")}\n`
  },
  {
    id: "oursUrlEntry",
    label: "ours: whole Url entry (export *)",
    entry: `export * from "@effect-imagekit/core/Url"\n`
  },
  {
    id: "oursBuildSrc",
    label: "ours: buildSrc() only, from the package root",
    entry: `import { buildSrc } from "@effect-imagekit/core"\nexport const u = ${srcCall("buildSrc")}\n`
  },
  {
    id: "javascriptBuildSrcBrowserField",
    label: '@imagekit/javascript: same buildSrc(), "browser" field',
    entry: `import { buildSrc } from "@imagekit/javascript"\nexport const u = ${srcCall("buildSrc")}\n`
  },
  {
    id: "javascriptBuildSrcEsm",
    label: "@imagekit/javascript: same buildSrc(), ESM build",
    mainFields: ["module", "main"],
    entry: `import { buildSrc } from "@imagekit/javascript"\nexport const u = ${srcCall("buildSrc")}\n`
  },
  {
    id: "oursResponsive",
    label: "ours: getResponsiveImageAttributes() only, from the root",
    entry:
      `import { getResponsiveImageAttributes } from "@effect-imagekit/core"\n` +
      `export const u = ${srcCall("getResponsiveImageAttributes")}\n`
  },
  {
    id: "javascriptResponsiveEsm",
    label: "@imagekit/javascript: getResponsiveImageAttributes(), ESM build",
    mainFields: ["module", "main"],
    entry:
      `import { getResponsiveImageAttributes } from "@imagekit/javascript"\n` +
      `export const u = ${srcCall("getResponsiveImageAttributes")}\n`
  },
  {
    id: "oursUrlTyped",
    label: "ours: build() + Transformation.typed() (overlays)",
    entry:
      `import { build } from "@effect-imagekit/core/Url"\nimport { typed } from "@effect-imagekit/core/Transformation"\n` +
      `export const u = build({ urlEndpoint: ${JSON.stringify(URL_ENDPOINT)}, path: ${JSON.stringify(PATH)}, ` +
      `transformation: typed(${JSON.stringify(overlaySteps())}) })\n`
  },
  {
    id: "oursSearch",
    label: "ours: Search only, from the root",
    entry: `import { Search } from "@effect-imagekit/core"\nexport const q = Search.format(Search.eq("name", "a.jpg"))\n`
  }
]

// Strings only the overlay encoder and the responsive code contain: their absence shows the code was left out.
const OVERLAY_MARK = "ik_canvas"
const RESPONSIVE_MARK = "100vw"

const treeShaking = (results) => {
  const problems = []
  const has = (id, mark) => results[id].ok && results[id].code.includes(mark)
  if (has("oursUrl", OVERLAY_MARK)) problems.push("build() carries the overlay encoder")
  if (has("oursUrl", RESPONSIVE_MARK)) problems.push("build() carries the responsive code")
  if (has("oursBuildSrc", RESPONSIVE_MARK)) problems.push("buildSrc() carries the responsive code")
  if (has("oursSearch", OVERLAY_MARK) || has("oursSearch", "HMAC") || has("oursSearch", RESPONSIVE_MARK)) {
    problems.push("Search carries URL code")
  }
  if (!has("oursUrlTyped", OVERLAY_MARK)) problems.push("the marker is not where it should be")
  return { ok: problems.length === 0, problems }
}

const isNodeBuiltin = (path) => path.startsWith("node:") || BUILTINS.has(path)

const bundle = async ({ entry, mainFields }) => {
  try {
    const result = await esbuild.build({
      stdin: { contents: entry, resolveDir: BENCH_DIR, loader: "js", sourcefile: "entry.mjs" },
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      ...(mainFields === undefined ? {} : { mainFields }),
      write: false,
      metafile: true,
      logLevel: "silent"
    })
    const code = result.outputFiles[0].contents
    const output = Object.values(result.metafile.outputs)[0]
    const largestInputs = Object.entries(output.inputs)
      .map(([path, { bytesInOutput }]) => ({ path: path.replace(/^(\.\.\/)+/, ""), bytes: bytesInOutput }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 4)
    const inputs = Object.keys(result.metafile.inputs)
    const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports.map(({ path }) => path))
    return {
      ok: true,
      code: result.outputFiles[0].text,
      minifiedBytes: code.length,
      gzipBytes: gzipSync(code, { level: 9 }).length,
      nodeImports: imports.filter(isNodeBuiltin),
      importsEffect: inputs.some((input) => /(^|\/)node_modules\/(\.pnpm\/)?effect[@/]/.test(input)),
      largestInputs
    }
  } catch (error) {
    const messages = (error.errors ?? []).map((message) => message.text)
    return { ok: false, error: messages.length > 0 ? messages.join("; ") : String(error) }
  }
}

export const runBundleSize = async () => {
  const results = {}
  for (const target of BUNDLES) results[target.id] = { label: target.label, ...(await bundle(target)) }
  await esbuild.stop()
  const entry = results.oursUrlEntry
  const shaking = treeShaking(results)
  for (const result of Object.values(results)) delete result.code
  return {
    results,
    treeShaking: shaking,
    browserBundleOfUrlEntry: {
      ok: entry.ok === true && entry.nodeImports.length === 0,
      nodeImports: entry.ok ? entry.nodeImports : [],
      importsEffect: entry.ok ? entry.importsEffect : undefined,
      error: entry.ok ? undefined : entry.error
    }
  }
}
