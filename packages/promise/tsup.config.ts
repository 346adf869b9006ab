import { defineConfig } from "tsup"
import { privateEffectGlobals } from "./effect-globals-plugin.js"

// The adapter ships as one tree-shaken bundle per format: Effect, @effect/platform, the SDK and core are inlined
// (imported module by module, never through barrels), so a cold import evaluates only what the client uses, and the
// package installs nothing else. See docs/decisions/0008-promise-adapter.md and 0035-small-installs.md. After tsup,
// `scripts/write-types.mjs` makes the declarations self-contained, `scripts/write-cts-types.mjs` writes the CommonJS
// ones, and `scripts/trim-sourcemaps.mjs` keeps our own sources only in the maps.
const inline = [/^effect($|\/)/, /^@effect\/platform($|\/)/, /^@effect-imagekit\/(sdk|core)($|\/)/]

export default defineConfig([
  {
    entry: { index: "src/index.ts" },
    format: ["esm"],
    dts: true,
    clean: true,
    sourcemap: true,
    target: "es2022",
    platform: "node",
    treeshake: true,
    noExternal: inline,
    esbuildPlugins: [privateEffectGlobals("@effect-imagekit/promise, ESM")]
  },
  {
    // `require("@effect-imagekit/promise")` returns the class itself, as `require("imagekit")` did.
    entry: { index: "src/index.cts" },
    format: ["cjs"],
    sourcemap: true,
    target: "es2022",
    platform: "node",
    treeshake: true,
    noExternal: inline,
    esbuildPlugins: [privateEffectGlobals("@effect-imagekit/promise, CommonJS")]
  }
])
