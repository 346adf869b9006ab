/**
 * The upload benchmarks of issue 6: peak RSS growth while uploading a generated stream to a loopback sink, upload
 * throughput as a fraction of raw `node:http`, and 1,000 uploads against the emulator with lost responses and
 * resets (duplicates stored, how each failure surfaced). Ours beside imagekit@6 and @imagekit/nodejs@7, run the
 * same way. Prints tables and writes results/uploads-latest.json. `--quick` runs small sizes in seconds and writes
 * nothing; `--only=memory,throughput,faults` runs a subset (written to results/uploads-<phases>.json).
 *
 * Whether our client takes a stream is probed, not assumed: before streaming uploads, `file` accepted bytes and
 * Blobs only, and the only way to upload a stream was to read it into a Buffer (`oursBuffered`, the "before"
 * figure). Once `upload({ file: readable })` works, `oursStream` joins every phase.
 */
import { execFileSync } from "node:child_process"
import { mkdir, writeFile } from "node:fs/promises"
import { cpus, loadavg, totalmem } from "node:os"
import { Readable } from "node:stream"
import { fileURLToPath } from "node:url"
import { round } from "./src/stats.mjs"
import { runUploadFaults } from "./src/upload-faults.mjs"
import { MiB, runUploadMemory } from "./src/upload-memory.mjs"
import { startUploadSink } from "./src/upload-sink.mjs"
import { runUploadThroughput } from "./src/upload-throughput.mjs"
import { runEffect } from "./src/run-effect.mjs"

const quick = process.argv.includes("--quick")
const onlyArgument = process.argv.find((argument) => argument.startsWith("--only="))
const phases = onlyArgument === undefined ? ["memory", "throughput", "faults"] : onlyArgument.slice(7).split(",")
const log = (message) => process.stderr.write(`[bench:uploads] ${message}\n`)

/** Does `ik.upload` accept a Node `Readable` as `file`? One 1 KiB upload to a sink in this process. */
const oursTakesStreams = async () => {
  const sink = await startUploadSink()
  try {
    const { Effect, ManagedRuntime } = await import("effect")
    const ImageKit = await import("@effect-imagekit/sdk/ImageKit")
    const runtime = ManagedRuntime.make(
      ImageKit.layerNode({
        publicKey: "public_test_key",
        privateKey: "private_bench_key",
        urlEndpoint: `${sink.url}/delivery`,
        apiBaseUrl: sink.url,
        uploadBaseUrl: sink.url
      })
    )
    const ik = await runEffect(runtime, ImageKit.ImageKit)
    const result = await runEffect(
      runtime,
      Effect.either(ik.upload({ file: Readable.from([Buffer.alloc(1024, 7)]), fileName: "probe.bin" }))
    )
    await runtime.dispose()
    return result._tag === "Right" && sink.uploads.at(-1)?.bytes > 1024
  } finally {
    await sink.close()
  }
}

/** The SDK build measured: HEAD's last commit touching packages/sdk, and whether its sources differ from it. */
const sdkVersion = () => {
  const git = (args) =>
    execFileSync("git", args, { cwd: fileURLToPath(new URL("..", import.meta.url)) })
      .toString()
      .trim()
  try {
    return {
      commit: git(["log", "-1", "--format=%h %s", "--", "packages/sdk"]).slice(0, 120),
      uncommittedChanges: git(["status", "--porcelain", "--", "packages/sdk/src"]) !== ""
    }
  } catch {
    return undefined
  }
}

const streaming = await oursTakesStreams()
log(`ours accepts a Readable as file: ${streaming}`)

const big = quick ? 32 * MiB : 1024 * MiB
const small = quick ? 16 * MiB : 512 * MiB
const streamingClients = [
  "rawHttp",
  "rawFetch",
  ...(streaming ? ["oursStream", "oursWebStream", "oursEffectStream", "oursEffectStreamNative"] : [])
]
// Upload.fromPath needs the bytes on disk first: a temp file, so it runs on the small size only.
const pathClients = streaming ? ["oursFromPath"] : []
const bufferingClients = ["oursBuffered", "v6", "v7", "v7ToFile"]
const settings = {
  memory: {
    runs: quick ? 1 : 3,
    // Clients that buffer the whole file run on the small size only (the peers' ~5x copies of 1 GiB would crowd
    // a shared machine); the streaming ones run on both, so each has a same-size neighbour.
    plan: [
      ...streamingClients.map((client) => ({ client, bytes: big })),
      ...streamingClients.map((client) => ({ client, bytes: small })),
      ...pathClients.map((client) => ({ client, bytes: small })),
      ...bufferingClients.map((client) => ({ client, bytes: small }))
    ]
  },
  throughput: {
    bytes: quick ? 16 * MiB : 256 * MiB,
    rounds: quick ? 1 : 5,
    clients: [...streamingClients, ...pathClients, ...bufferingClients]
  },
  faults: {
    uploads: quick ? 100 : 1000,
    concurrency: 16,
    faults: { lostResponseRate: 0.05, resetRate: 0.05 },
    seed: 42,
    clients: ["ours", ...(streaming ? ["oursStream"] : []), "v7", "v6"]
  },
  // The same faults on 8 MiB files, larger than the loopback socket buffers: a reset now cuts the body off while it
  // is being sent, so resets and lost responses can be told apart by the client.
  faultsLarge: {
    uploads: quick ? 20 : 100,
    concurrency: 4,
    faults: { lostResponseRate: 0.05, resetRate: 0.05 },
    seed: 42,
    fileBytes: 8 * MiB,
    clients: ["ours", ...(streaming ? ["oursStream"] : []), "v7", "v6"]
  }
}

const started = Date.now()
const cpuList = cpus()
const meta = {
  command: "pnpm bench:uploads",
  date: new Date(started).toISOString(),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpus: `${cpuList.length} x ${cpuList[0]?.model.trim() ?? "unknown CPU"}`,
  memoryGiB: round(totalmem() / 1024 ** 3, 1),
  loadAverage: loadavg().map((value) => round(value, 2)),
  quick,
  phases,
  oursTakesStreams: streaming,
  sdk: sdkVersion(),
  settings: {
    memory: {
      runs: settings.memory.runs,
      plan: settings.memory.plan.map(({ client, bytes }) => `${client}@${bytes / MiB}MiB`)
    },
    throughput: { ...settings.throughput, bytes: undefined, mib: settings.throughput.bytes / MiB },
    faults: settings.faults,
    faultsLarge: settings.faultsLarge
  },
  seconds: 0
}

const memory = phases.includes("memory") ? await runUploadMemory({ ...settings.memory, log }) : undefined
const throughput = phases.includes("throughput")
  ? await runUploadThroughput({ ...settings.throughput, log })
  : undefined
const faults = phases.includes("faults") ? await runUploadFaults({ ...settings.faults, log }) : undefined
const faultsLarge = phases.includes("faults") ? await runUploadFaults({ ...settings.faultsLarge, log }) : undefined
meta.loadAverageAtEnd = loadavg().map((value) => round(value, 2))

const targets = []
if (memory !== undefined) {
  const ours = memory.find((row) => row.client === "oursStream" && row.mib === big / MiB)
  targets.push({
    id: "streamGrowth",
    target: `ours: peak RSS growth < 64 MiB uploading a ${big / MiB} MiB stream`,
    measured: ours === undefined ? "no streaming upload in this build" : `${ours.growthMiB} MiB`,
    pass: ours !== undefined && ours.failed === 0 && ours.growthMiB < 64
  })
}
for (const [run, size] of [
  [faults, "1x1 PNG"],
  [faultsLarge, "8 MiB"]
]) {
  if (run === undefined) continue
  for (const client of ["ours", "oursStream"]) {
    const row = run.results[client]
    if (row === undefined) continue
    targets.push({
      id: `noDuplicates:${client}:${size}`,
      target: `${client}: no upload stored twice (${row.uploads} uploads of ${size}, lost responses and resets)`,
      measured: `${row.duplicated} names stored twice or more`,
      pass: row.duplicated === 0 && row.okButMissing === 0
    })
  }
}

meta.seconds = round((Date.now() - started) / 1000, 1)
const results = { meta, memory, throughput, faults, faultsLarge, targets }

const table = (header, rows) => {
  const widths = header.map((cell, index) => Math.max(cell.length, ...rows.map((row) => String(row[index]).length)))
  const line = (cells) => cells.map((cell, index) => String(cell).padEnd(widths[index])).join("  ")
  return [line(header), ...rows.map(line)].join("\n")
}
const out = []
out.push(`Upload benchmarks, ${meta.date}, ${meta.node}, ${meta.cpus}, load ${meta.loadAverage.join(" ")}`)
if (memory !== undefined) {
  out.push("", `1. Peak RSS growth uploading a generated stream (median of ${settings.memory.runs})`)
  out.push(
    table(
      ["client", "MiB", "baseline", "peak", "growth", "range", "s", "MiB/s", "failed"],
      memory.map((row) => [
        row.label,
        row.mib,
        row.baselineMiB,
        row.peakMiB,
        row.growthMiB,
        row.growthRangeMiB?.join("-") ?? "-",
        row.seconds,
        row.mibPerSecond,
        row.failed
      ])
    )
  )
}
if (throughput !== undefined) {
  out.push("", `2. Throughput, ${throughput.mib} MiB to the sink (median of ${throughput.rounds})`)
  out.push(
    table(
      ["client", "MiB/s", "min-max", "of raw http", "growth MiB", "failed"],
      Object.values(throughput.results).map((row) => [
        row.label,
        row.mibPerSecond,
        `${row.minMiBPerSecond}-${row.maxMiBPerSecond}`,
        row.ofRawHttp,
        row.growthMiB,
        row.failed
      ])
    )
  )
}
for (const run of [faults, faultsLarge]) {
  if (run === undefined) continue
  const s = run.settings
  out.push(
    "",
    `3. ${s.uploads} uploads of ${s.fileBytes} bytes against the emulator, concurrency ${s.concurrency}, lost responses ${s.faults.lostResponseRate}, resets ${s.faults.resetRate}, seed ${s.seed}`
  )
  out.push(
    table(
      [
        "client",
        "ok",
        "failed",
        "names stored 2+",
        "extra files",
        "failed but stored",
        "injected lost/resets",
        "failures"
      ],
      Object.values(run.results).map((row) => [
        row.label,
        row.ok,
        row.failed,
        row.duplicated,
        row.extraFiles,
        row.failedButStored,
        `${row.injected.lostResponses}/${row.injected.resets} in ${row.injected.requests}`,
        Object.entries(row.failures)
          .map(([key, count]) => `${key}: ${count}`)
          .join("; ")
      ])
    )
  )
}
if (targets.length > 0) {
  out.push("", "Targets")
  for (const target of targets) out.push(`  ${target.pass ? "pass" : "MISS"}  ${target.target}: ${target.measured}`)
}
console.log(out.join("\n"))

if (quick) {
  log(`done in ${meta.seconds} s; --quick leaves results/uploads-latest.json alone`)
} else {
  const resultsDir = fileURLToPath(new URL("./results/", import.meta.url))
  await mkdir(resultsDir, { recursive: true })
  const name = onlyArgument === undefined ? "uploads-latest.json" : `uploads-${phases.join("-")}.json`
  await writeFile(`${resultsDir}${name}`, `${JSON.stringify(results, null, 2)}\n`)
  log(`done in ${meta.seconds} s; wrote results/${name}`)
}

// A duplicated upload is a correctness failure, not a slow run.
if (targets.some((target) => target.id.startsWith("noDuplicates") && !target.pass)) process.exitCode = 1
