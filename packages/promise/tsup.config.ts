import { defineConfig } from "tsup"

// The adapter ships as one tree-shaken bundle per format: Effect, @effect/platform, the SDK and core are inlined
// (imported module by module, never through barrels), so a cold import evaluates only what the client uses. See
// docs/decisions/0008-promise-adapter.md.
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
    noExternal: inline
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
    // The declarations of the CommonJS entry (`export =`) are derived from the ESM ones.
    onSuccess: "node scripts/write-cts-types.mjs"
  }
])
