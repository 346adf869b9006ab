/**
 * One run of every URL benchmark: throughput, cold import, bundle size. Prints a table and writes the same
 * figures to results/latest.json. `--quick` shortens every phase and writes nothing (for checking the harness).
 */
import { mkdir, writeFile } from "node:fs/promises"
import { cpus } from "node:os"
import { fileURLToPath } from "node:url"
import { runBundleSize } from "./src/bundle-size.mjs"
import { runColdImport } from "./src/cold-import.mjs"
import { evaluateTargets, render } from "./src/report.mjs"
import { runThroughput } from "./src/throughput.mjs"

const quick = process.argv.includes("--quick")
const settings = quick
  ? { batches: 3, batchSeconds: 0.05, warmUpSeconds: 0.1, importRuns: 5 }
  : { batches: 11, batchSeconds: 0.2, warmUpSeconds: 0.5, importRuns: 15 }

const started = Date.now()
const log = (message) => process.stderr.write(`[bench] ${message}\n`)

// Throughput first, while nothing else (child processes, the esbuild service) competes for the CPU.
log("throughput...")
const throughput = runThroughput(settings)
log("cold import...")
const coldImport = runColdImport({ runs: settings.importRuns })
log("bundle size...")
const bundleSize = await runBundleSize()

const cpuList = cpus()
const meta = {
  command: "npx --yes pnpm@10 bench",
  date: new Date(started).toISOString(),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpus: `${cpuList.length} x ${cpuList[0]?.model.trim() ?? "unknown CPU"}`,
  quick,
  settings,
  seconds: 0
}
const targets = evaluateTargets({ throughput, coldImport, bundleSize })
meta.seconds = Math.round((Date.now() - started) / 100) / 10

const results = { meta, throughput, coldImport, bundleSize, targets }
console.log(render(results))

if (quick) {
  log(`done in ${meta.seconds} s; --quick leaves results/latest.json alone`)
} else {
  const resultsDir = fileURLToPath(new URL("./results/", import.meta.url))
  await mkdir(resultsDir, { recursive: true })
  await writeFile(`${resultsDir}latest.json`, `${JSON.stringify(results, null, 2)}\n`)
  log(`done in ${meta.seconds} s; wrote results/latest.json`)
}

// Unequal outputs make the throughput comparison meaningless, and the Url entry must bundle for browsers.
const sound =
  throughput.equality.unsigned.equal &&
  throughput.equality.signed.equal &&
  throughput.equality.signed.signaturesVerified &&
  bundleSize.browserBundleOfUrlEntry.ok
if (!sound) process.exitCode = 1
