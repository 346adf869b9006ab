import { defineConfig } from "tsup"

export default defineConfig({
  entry: ["src/index.ts", "src/Url.ts", "src/Transformation.ts", "src/Signing.ts", "src/PHash.ts", "src/Webhook.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  platform: "neutral",
  treeshake: true
})
