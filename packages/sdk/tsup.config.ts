import { defineConfig } from "tsup"

export default defineConfig({
  entry: [
    "src/index.ts",
    "src/ImageKit.ts",
    "src/ImageKitConfig.ts",
    "src/ImageKitError.ts",
    "src/ImageKitRequest.ts",
    "src/NodeHttpClient.ts",
    "src/Requests.ts",
    "src/Schemas.ts",
    "src/Webhook.ts",
    "src/PHash.ts",
    "src/Upload.ts"
  ],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  platform: "node",
  // Shared chunks in both formats, so each class (errors, schemas) exists once per format.
  splitting: true
})
