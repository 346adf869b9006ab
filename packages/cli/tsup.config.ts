import { readFileSync } from "node:fs"
import { defineConfig } from "tsup"

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as {
  readonly version: string
}

export default defineConfig([
  {
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    // Each build cleans only its own files: the two run at the same time in one dist/.
    clean: ["index.*"],
    sourcemap: true,
    target: "es2022",
    platform: "node"
  },
  {
    // The executable: one tree-shaken ESM file with every dependency inside, so `imagekit` starts without resolving
    // and loading hundreds of modules (see docs/testing.md for the measured start time). `imagekit mcp`'s server
    // (@effect/ai, @effect/rpc, the HTTP server) is imported on demand, so it is split into chunks of its own under
    // dist/bin-chunks/ that only that command loads (decision 0071); code both need is in a shared chunk there.
    entry: ["src/bin.ts"],
    format: ["esm"],
    clean: ["bin.*", "bin-chunks"],
    // A map of the whole bundle is 8.5 MB (every dependency's sources) for stack traces the CLI never prints.
    sourcemap: false,
    target: "node18",
    platform: "node",
    noExternal: [/.*/],
    splitting: true,
    esbuildOptions: (options) => {
      options.chunkNames = "bin-chunks/[name]-[hash]"
    },
    // `ws` (under @effect/platform-node's HTTP server, used by `imagekit mcp --transport http`) is CommonJS and
    // requires Node's modules at run time, which an ES module can only do through a `require` of its own.
    banner: {
      js: 'import { createRequire as __imagekitCreateRequire } from "node:module"; const require = __imagekitCreateRequire(import.meta.url);'
    },
    treeshake: true,
    // Parsing is most of the start time; minified, the bundle parses ~20 % faster (measured, docs/testing.md).
    minify: true,
    define: { IMAGEKIT_CLI_VERSION: JSON.stringify(version) }
  }
])
