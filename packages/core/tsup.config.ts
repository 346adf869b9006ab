import { defineConfig } from "tsup"

export default defineConfig({
  entry: ["src/index.ts", "src/Url.ts", "src/Transformation.ts", "src/Signing.ts", "src/PHash.ts", "src/Webhook.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  platform: "neutral",
  // One self-contained file per entry: `Url` loads one module, not a graph of shared chunks (cold start).
  splitting: false,
  treeshake: true
})
