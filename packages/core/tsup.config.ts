import { defineConfig, type Options } from "tsup"

type Plugin = NonNullable<Options["esbuildPlugins"]>[number]

const modules = ["Url", "Transformation", "Signing", "PHash", "Webhook", "Src", "Responsive", "Search"]

/**
 * The package root re-exports the other entries instead of bundling a copy of each: a bundler then keeps only what
 * is imported from the root (one file with every module inlined defeated tree-shaking), and the root shares the
 * entries' classes and symbols. The CommonJS build points at the `.cjs` siblings.
 */
const rootReexportsEntries: Plugin = {
  name: "root-reexports-entries",
  setup(build) {
    // tsup runs esbuild with format "esm" for both builds and converts afterwards; the output extension tells them
    // apart.
    const extension = build.initialOptions.outExtension?.[".js"] ?? ".js"
    build.onResolve({ filter: /^\.\/[A-Za-z]+\.js$/ }, (args) => {
      if (!args.importer.endsWith("/src/index.ts")) return undefined
      const name = args.path.slice(2, -3)
      return modules.includes(name) ? { path: `./${name}${extension}`, external: true } : undefined
    })
  }
}

export default defineConfig({
  entry: ["src/index.ts", ...modules.map((name) => `src/${name}.ts`)],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  platform: "neutral",
  // One self-contained file per entry: `Url` loads one module, not a graph of shared chunks (cold start).
  splitting: false,
  treeshake: true,
  esbuildPlugins: [rootReexportsEntries]
})
