/**
 * What the garbage collector does per `getFileDetails` round trip: each client runs alone in a `node --trace-gc-nvp`
 * process against a static loopback server (`roundtrip-ab.mjs --server`, in a child process of its own), and the
 * client's scavenges are summed: bytes allocated, bytes promoted to the old generation and main-thread pause per call,
 * with the calls/s of the same run. `--v8=<flags>` runs the clients with extra V8 flags (decision 0079 compares
 * `--no-allocation-site-pretenuring`). The figures behind decision 0079; the client drivers are roundtrip-ab.mjs's.
 *
 * `--in-memory` runs builds of the SDK over the in-memory `HttpClient` of the CPU benchmarks instead (no server; decision
 * 0080 compares the exchange as a daemon and as the caller's child fiber this way).
 *
 * `--survivors` also samples, with V8's sampling heap profiler, the bytes per call that outlived the young generation
 * (promoted, or allocated old by a pretenured allocation site), and prints the allocation stacks holding most of them
 * (decision 0082).
 *
 * Usage: node src/gc-per-call.mjs [dist|raw|v7 ...] [--concurrency=1] [--calls=10000] [--v8="--flag ..."] [--in-memory]
 *        [--survivors]
 */
import { execFile, fork } from "node:child_process"
import { fileURLToPath } from "node:url"

const argument = (name, fallback) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback
const ids = process.argv.slice(2).filter((arg) => !arg.startsWith("--"))
const concurrency = Number(argument("concurrency", "1"))
const calls = Number(argument("calls", "10000"))
const v8Flags = argument("v8", "")
  .split(" ")
  .filter((flag) => flag !== "")

const inMemory = process.argv.includes("--in-memory")
const survivors = process.argv.includes("--survivors")
const roundtrip = fileURLToPath(new URL("./roundtrip-ab.mjs", import.meta.url))

const server = inMemory ? undefined : fork(roundtrip, ["--server"])
const baseUrl = inMemory
  ? "memory"
  : `http://127.0.0.1:${await new Promise((resolve) => server.once("message", (message) => resolve(message.port)))}`

/** Sums the `gc=s` lines of one process's `--trace-gc-nvp` output. */
const scavenges = (output) => {
  const sum = { count: 0, allocated: 0, promoted: 0, pause: 0 }
  for (const line of output.split("\n")) {
    if (!line.includes("gc=s ")) continue
    const field = (name) => Number(new RegExp(`\\b${name}=([0-9.]+)`).exec(line)?.[1] ?? 0)
    sum.count += 1
    sum.allocated += field("allocated")
    sum.promoted += field("promoted")
    sum.pause += field("pause")
  }
  return sum
}

for (const id of ids.length === 0 ? ["dist", "raw"] : ids) {
  const output = await new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      [
        ...v8Flags,
        "--trace-gc-nvp",
        roundtrip,
        "--gc-client",
        id,
        baseUrl,
        String(concurrency),
        String(calls),
        ...(survivors ? ["survivors"] : [])
      ],
      { maxBuffer: 256 * 1024 * 1024 },
      (error, stdout) => (error === null ? resolve(stdout) : reject(error))
    )
  )
  // The driver prints a marker after its warm-up; only what follows is counted.
  const [, measured = ""] = output.split("\nMEASURED\n")
  const [gcLines, result = "{}"] = measured.split("\nRESULT ")
  const { perSecond = 0, calls: made = 1, stacks } = JSON.parse(result)
  const gc = scavenges(gcLines)
  console.log(
    `${id.padEnd(14)} c=${concurrency}${inMemory ? " in memory" : ""} ${Math.round(perSecond)} calls/s; per call: allocated ${Math.round(
      gc.allocated / made / 1024
    )} KB, promoted ${Math.round(gc.promoted / made)} B, scavenge pause ${Math.round((gc.pause * 1000) / made)} µs (${
      gc.count
    } scavenges)${v8Flags.length > 0 ? ` [${v8Flags.join(" ")}]` : ""}`
  )
  if (stacks !== undefined) {
    const total = stacks.reduce((sum, [, bytes]) => sum + bytes, 0)
    console.log(`  outlived the young generation (sampled): ${Math.round(total / made)} B per call; largest stacks:`)
    for (const [stack, bytes] of stacks.slice(0, 12)) {
      console.log(`  ${String(Math.round(bytes / made)).padStart(6)} B  ${stack}`)
    }
  }
}
server?.kill()
