import { defineConfig } from "tsup"

export default defineConfig({
  entry: ["src/index.ts", "src/ImageKitTest.ts", "src/Emulator.ts", "src/FaultProxy.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  platform: "node",
  // Shared chunks in both formats, so the model exists once per format.
  splitting: true
})
