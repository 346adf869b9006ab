/**
 * The binary with its stdout closed early, as `imagekit tour | head -1` does: a child process whose stdout pipe this
 * test closes after the first line. The command must stop the rest of its work and exit 0, quietly (no EPIPE stack
 * trace); an upload must not go on sending files nobody will hear about.
 */
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { BIN, startEmulator, type TestEmulator } from "./harness.js"

interface Ended {
  readonly code: number | null
  readonly firstLine: string
  readonly stderr: string
  readonly millis: number
}

/** Runs `imagekit ...args` and closes its stdout once the first line has arrived, like `| head -1`. */
const headOne = (args: ReadonlyArray<string>, env: Record<string, string>): Promise<Ended> =>
  new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8")
      if (stdout.includes("\n")) child.stdout.destroy()
    })
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8")
    })
    child.on("error", reject)
    child.on("close", (code) =>
      resolve({ code, firstLine: stdout.split("\n")[0] ?? "", stderr, millis: performance.now() - started })
    )
  })

let emulator: TestEmulator
let dir = ""

beforeAll(async () => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: build the CLI first (cd packages/cli && npx tsup)`)
  // Each answer 300 ms away: the first result line comes long before the sixth file could be sent.
  emulator = await startEmulator({ faults: { latencyMs: 300 } })
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ik-pipes-"))
  for (let n = 1; n <= 6; n++) fs.writeFileSync(path.join(dir, `${n}.txt`), `file ${n}\n`)
})

afterAll(async () => {
  await emulator?.running.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe("stdout closed early", () => {
  it("imagekit tour | head -1: exit 0, nothing on stderr", async () => {
    const ended = await headOne(["tour"], { HOME: dir, XDG_DATA_HOME: path.join(dir, "xdg") })
    assert.match(ended.firstLine, /^imagekit tour: /)
    assert.strictEqual(ended.code, 0, ended.stderr)
    assert.strictEqual(ended.stderr, "")
  })

  it("imagekit upload … | head -1: exit 0, no stack trace, and the remaining files are not sent", async () => {
    const files = [1, 2, 3, 4, 5, 6].map((n) => path.join(dir, `${n}.txt`))
    const ended = await headOne(["upload", ...files, "--concurrency", "1", "--folder", "/piped"], emulator.env)
    assert.match(ended.firstLine, /^uploaded .*1\.txt → \/piped\//)
    assert.strictEqual(ended.code, 0, ended.stderr)
    assert.notMatch(ended.stderr, /EPIPE|Error|at /)
    // The first file's line closed the pipe; the second's write found it closed and stopped the rest.
    const stored = emulator.running.model.files().filter((file) => String(file.filePath).startsWith("/piped/"))
    assert.isAtMost(stored.length, 3)
    assert.isAtLeast(stored.length, 1)
  })
})
