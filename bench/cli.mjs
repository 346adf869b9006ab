// `pnpm --filter @effect-imagekit/bench bench:cli`: the `imagekit` command as users run it, one process per run,
// wall time from spawn to exit (medians of N runs, interleaved so load drifts hit every variant alike), against a
// loopback emulator holding 50 files. Peers: the same one-shot listing written with imagekit@6 and
// @imagekit/nodejs@7 (src/cli-peer-list.mjs). Needs `pnpm build` first (the CLI bundle and the testing dist).
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { start } from "@effect-imagekit/testing/Emulator"
import { median, round } from "./src/stats.mjs"

const runs = Number(process.argv.find((arg) => arg.startsWith("--runs="))?.slice(7) ?? 15)
const bin = fileURLToPath(new URL("../packages/cli/dist/bin.js", import.meta.url))
const peer = fileURLToPath(new URL("./src/cli-peer-list.mjs", import.meta.url))

const keys = { publicKey: "public_test_key", privateKey: "private_test_key" }
const emulator = await start({ ...keys, seed: 1 })
const env = {
  PATH: process.env.PATH,
  NO_COLOR: "1",
  IMAGEKIT_PUBLIC_KEY: keys.publicKey,
  IMAGEKIT_PRIVATE_KEY: keys.privateKey,
  IMAGEKIT_URL_ENDPOINT: emulator.urlEndpoint,
  IMAGEKIT_API_BASE_URL: emulator.url,
  IMAGEKIT_UPLOAD_BASE_URL: emulator.url
}
const embeddedDir = mkdtempSync(join(tmpdir(), "ik-bench-cli-"))
const embeddedEnv = { PATH: process.env.PATH, NO_COLOR: "1", IMAGEKIT_EMULATOR_DATA_DIR: join(embeddedDir, "data") }

// Asynchronous on purpose: the emulator runs in this process and must keep answering while a child waits on it.
const run = (args, runEnv) =>
  new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, args, { env: runEnv })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk) => {
      stdout += chunk
    })
    child.stderr.on("data", (chunk) => {
      stderr += chunk
    })
    child.on("error", reject)
    child.on("close", (code) => {
      const millis = performance.now() - started
      if (code !== 0) reject(new Error(`${args.slice(0, 3).join(" ")} … exited ${code}: ${stderr}`))
      else resolve({ millis, stdout })
    })
  })

// Seed 50 files through the CLI itself (also proves the listing commands have something to list).
const seedDir = mkdtempSync(join(tmpdir(), "ik-bench-cli-files-"))
const { writeFileSync } = await import("node:fs")
const files = Array.from({ length: 50 }, (_, index) => {
  const path = join(seedDir, `file-${index}.txt`)
  writeFileSync(path, `file ${index}\n`)
  return path
})
await run([bin, "upload", ...files, "--folder", "/bench", "--concurrency", "8"], env)
await run([bin, "upload", ...files.slice(0, 5), "--folder", "/bench"], embeddedEnv)

const variants = [
  { name: "node -e 0 (process floor)", args: ["-e", "0"], env },
  { name: "imagekit --help", args: [bin, "--help"], env },
  { name: "imagekit url --signed (no request)", args: [bin, "url", "/bench/file-1.txt", "--signed"], env },
  { name: "imagekit ls --json (emulator)", args: [bin, "ls", "--json"], env, peerOf: "list" },
  { name: "imagekit@6 script: listFiles", args: [peer, "v6"], env, peer: "list" },
  { name: "@imagekit/nodejs@7 script: assets.list", args: [peer, "v7"], env, peer: "list" },
  { name: "imagekit ls --json (embedded emulator)", args: [bin, "ls", "--json"], env: embeddedEnv },
  { name: "imagekit tour", args: [bin, "tour"], env: {} }
]

// Sanity: every listing returns the 50 files.
for (const variant of variants.filter((v) => v.peer === "list" || v.peerOf === "list")) {
  const listed = JSON.parse((await run(variant.args, variant.env)).stdout)
  const count = listed.filter((item) => item.type === "file").length
  if (count !== 50) throw new Error(`${variant.name} listed ${count} files, expected 50`)
}

const times = variants.map(() => [])
for (let round_ = 0; round_ < runs; round_++) {
  for (const [index, variant] of variants.entries()) times[index].push((await run(variant.args, variant.env)).millis)
}
await emulator.close()
rmSync(seedDir, { recursive: true, force: true })
rmSync(embeddedDir, { recursive: true, force: true })

const medians = times.map(median)
const ours = medians[variants.findIndex((variant) => variant.peerOf === "list")]
console.log(`imagekit CLI, wall time per process (median of ${runs}), Node ${process.version}`)
console.log(
  `load average: ${(await import("node:os"))
    .loadavg()
    .map((load) => round(load, 2))
    .join(" ")}`
)
variants.forEach((variant, index) => {
  const ratio = variant.peer === "list" ? `  (imagekit ls takes ${round(ours / medians[index], 2)}× as long)` : ""
  console.log(`  ${variant.name.padEnd(42)} ${String(round(medians[index], 0)).padStart(6)} ms${ratio}`)
})
