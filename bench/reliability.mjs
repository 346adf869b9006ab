// `pnpm --filter @effect-imagekit/bench bench:reliability`: the fault and fuzz harness in its long form (docs/reliability.md).
// The runs are the TypeScript modules the CI form runs (packages/testing/test/reliability/, and the Promise adapter's
// client in packages/promise/test/reliability/), bundled here with esbuild, packages left external so they load from
// the built workspace packages. Needs `pnpm build` first (the CLI bundle, the testing and promise dists).
//
//   node reliability.mjs            the long form (~10 min on a shared 2-vCPU VM); writes results/reliability-latest.json
//   node reliability.mjs --quick    a harness check with small counts (~1 min); writes nothing
import { mkdirSync, writeFileSync } from "node:fs"
import { cpus, loadavg } from "node:os"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { Effect, Exit, Cause } from "effect"
import { build } from "esbuild"

const quick = process.argv.includes("--quick")
const root = fileURLToPath(new URL("..", import.meta.url))
const outDir = fileURLToPath(new URL("./node_modules/.cache/reliability/", import.meta.url))
const outfile = join(outDir, "harness.mjs")
mkdirSync(outDir, { recursive: true })

const started = performance.now()
await build({
  stdin: {
    contents: [
      'export * from "./packages/testing/test/reliability/run.ts"',
      'export { adapterUploadClient } from "./packages/promise/test/reliability/adapterUploads.ts"'
    ].join("\n"),
    resolveDir: root,
    loader: "ts",
    sourcefile: "reliability-entry.ts"
  },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node18",
  packages: "external",
  outfile,
  logLevel: "warning"
})
const harness = await import(pathToFileURL(outfile).href)

const counts = quick
  ? {
      uploads: 100,
      adapterUploads: 60,
      rateLimitCalls: 100,
      deadlineCalls: 100,
      interruptions: 5,
      webhookInputs: 2000,
      malformedWaitMs: 1500,
      slowConnections: 10,
      slowMs: 1000
    }
  : harness.longCounts

const seed = 20_261_207
console.log(
  `effect-imagekit reliability harness${quick ? " (--quick: counts too small to quote)" : ""} - ${new Date().toISOString()}, ` +
    `Node ${process.version}, ${process.platform} ${process.arch}, ${cpus().length} x ${cpus()[0]?.model ?? "?"}, ` +
    `load average ${loadavg()
      .map((value) => value.toFixed(1))
      .join(" ")}, seed ${seed}\n`
)

const program = harness.runHarness({
  counts,
  seed,
  cliBinPath: join(root, "packages/cli/dist/bin.js"),
  emulatorModule: join(root, "packages/testing/dist/Emulator.js"),
  otherClients: [
    {
      label: "Promise adapter (built, after the SDK)",
      client: harness.adapterUploadClient({ timeoutMs: harness.UPLOAD_TIMEOUT_MS, retry: { maxRetries: 3 } }),
      count: counts.adapterUploads
    }
  ],
  onReport: (report) => console.log(`${harness.formatReport(report)}\n`)
})

const exit = await Effect.runPromiseExit(program)
if (Exit.isFailure(exit)) {
  console.error(Cause.pretty(exit.cause))
  process.exit(1)
}
const reports = exit.value
const missed = reports.flatMap((report) =>
  report.figures
    .filter((figure) => figure.target !== undefined && figure.pass !== true)
    .map((figure) => `(${report.id}) ${figure.measure}`)
)
console.log("Figures with a target\n")
console.log(harness.markdownTable(reports))
console.log(
  `\n[reliability] ${missed.length === 0 ? "every target met" : `targets missed: ${missed.join("; ")}`}; ` +
    `done in ${((performance.now() - started) / 1000).toFixed(1)} s load average now ${loadavg()[0].toFixed(1)}`
)
if (!quick) {
  const results = fileURLToPath(new URL("./results/reliability-latest.json", import.meta.url))
  writeFileSync(
    results,
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, seed, counts, reports }, null, 2)}\n`
  )
  console.log(`[reliability] wrote results/reliability-latest.json`)
}
