/**
 * The API benchmarks: client CPU per call (no sockets), getFileDetails round trips against the emulator beside
 * imagekit@6, @imagekit/nodejs@7 and raw fetch, and a mixed run with faults. Prints a table and writes the figures
 * to results/api-latest.json. `--quick` shortens every phase and writes nothing (for checking the harness);
 * `--only=overhead,throughput,faults` runs a subset.
 */
import { mkdir, writeFile } from "node:fs/promises"
import { cpus, loadavg } from "node:os"
import { fileURLToPath } from "node:url"
import { runApiFaults } from "./src/api-faults.mjs"
import { runApiOverhead } from "./src/api-overhead.mjs"
import { evaluateApiTargets, renderApi } from "./src/api-report.mjs"
import { runApiThroughput } from "./src/api-throughput.mjs"

const quick = process.argv.includes("--quick")
const onlyArgument = process.argv.find((argument) => argument.startsWith("--only="))
const phases = onlyArgument === undefined ? ["overhead", "throughput", "faults"] : onlyArgument.slice(7).split(",")

const settings = {
  overhead: quick ? { rounds: 2, callsPerBatch: 300 } : { rounds: 9, callsPerBatch: 3000 },
  throughput: quick
    ? { rounds: 1, levels: [1, 50], calls: { 1: 50, 50: 200 } }
    : { rounds: 7, levels: [1, 50], calls: { 1: 1000, 50: 4000 } },
  faults: {
    operations: quick ? 300 : 10_000,
    concurrency: 16,
    // What the issue asks for, plus lost responses: they are the fault under which a careless retry duplicates.
    faults: { serverErrorRate: 0.1, resetRate: 0.02, lostResponseRate: 0.01 },
    rateLimitedRate: 0.05,
    // The default policy (3 retries, jittered exponential backoff), with waits shortened tenfold so the run takes
    // about a minute; server-requested 429 waits are honoured as they are.
    retry: { maxRetries: 3, baseDelay: "25 millis", maxDelay: "1 second" },
    seed: 42
  }
}

const started = Date.now()
const log = (message) => process.stderr.write(`[bench:api] ${message}\n`)
const cpuList = cpus()
const meta = {
  command: "npx --yes pnpm@10 bench:api",
  date: new Date(started).toISOString(),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpus: `${cpuList.length} x ${cpuList[0]?.model.trim() ?? "unknown CPU"}`,
  loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
  quick,
  phases,
  settings,
  seconds: 0
}

// CPU-only first, then the round trips, then the long fault run.
const overhead = phases.includes("overhead") ? await runApiOverhead({ ...settings.overhead, log }) : undefined
const roundTrips = (target) =>
  runApiThroughput({
    target,
    rounds: settings.throughput.rounds,
    levels: settings.throughput.levels,
    callsAt: (concurrency) => settings.throughput.calls[concurrency],
    log
  })
const throughput = phases.includes("throughput")
  ? { emulator: await roundTrips("emulator"), static: await roundTrips("static") }
  : undefined
const faults = phases.includes("faults") ? await runApiFaults({ ...settings.faults, log }) : undefined

const targets = evaluateApiTargets({ throughput, faults })
meta.seconds = Math.round((Date.now() - started) / 100) / 10
const results = { meta, overhead, throughput, faults, targets }
console.log(renderApi(results))

if (quick) {
  log(`done in ${meta.seconds} s; --quick leaves results/api-latest.json alone`)
} else {
  const resultsDir = fileURLToPath(new URL("./results/", import.meta.url))
  await mkdir(resultsDir, { recursive: true })
  const name = onlyArgument === undefined ? "api-latest.json" : `api-${phases.join("-")}.json`
  await writeFile(`${resultsDir}${name}`, `${JSON.stringify(results, null, 2)}\n`)
  log(`done in ${meta.seconds} s; wrote results/${name}`)
}

// A duplicated upload or copy is a correctness failure, not a slow run.
if (targets.some((target) => target.id === "noDuplicates" && !target.pass)) process.exitCode = 1
