/**
 * `imagekit upload` as users run it: the bundled `dist/bin.js` against `imagekit emulator`, both child processes
 * (build first: `npx tsup`). stderr is a pipe here, so the command prints result lines instead of the live display.
 */
import { type ChildProcess, spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import * as ImageKit from "@effect-imagekit/sdk/ImageKit"
import * as ImageKitConfig from "@effect-imagekit/sdk/ImageKitConfig"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { runTest } from "./harness.js"
import { afterAll, assert, beforeAll, describe, it } from "vitest"

const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url))

interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

const children: Array<ChildProcess> = []

const spawnCli = (args: ReadonlyArray<string>, env: Record<string, string>, cwd: string) => {
  // Only PATH from the machine running the tests: no IMAGEKIT_* leaks in.
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"]
  })
  children.push(child)
  return child
}

const runCli = (args: ReadonlyArray<string>, env: Record<string, string>, cwd: string): Promise<Run> =>
  new Promise((resolve) => {
    const child = spawnCli(args, env, cwd)
    let stdout = ""
    let stderr = ""
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8")
    })
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8")
    })
    child.on("close", (code) => resolve({ code, stdout, stderr }))
  })

/** Starts `imagekit emulator --port 0 …` and resolves with the variables its banner tells users to export. */
const startEmulator = (args: ReadonlyArray<string> = []): Promise<Record<string, string>> =>
  new Promise((resolve, reject) => {
    const child = spawnCli(["emulator", "--port", "0", ...args], {}, os.tmpdir())
    let banner = ""
    child.stdout?.on("data", (chunk: Buffer) => {
      banner += chunk.toString("utf8")
      if (banner.includes("Press Ctrl+C to stop.")) {
        resolve(
          Object.fromEntries([...banner.matchAll(/^ {2}export (IMAGEKIT_[A-Z_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]))
        )
      }
    })
    child.on("exit", (code) => reject(new Error(`the emulator exited with ${code}: ${banner}`)))
  })

const listFiles = (env: Record<string, string>, folder: string) =>
  runTest(
    Effect.flatMap(ImageKit.ImageKit, (ik) => ik.listFiles({ path: folder })).pipe(
      Effect.provide(
        Layer.unwrapEffect(Effect.map(ImageKitConfig.ImageKitConfig, ImageKit.layerFetch)).pipe(
          Layer.provide(ImageKitConfig.layerConfig()),
          Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env)))))
        )
      )
    )
  ).then((items) => items.flatMap((item) => ("filePath" in item ? [item.filePath] : [])).sort())

let dir = ""
let env: Record<string, string> = {}

beforeAll(async () => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: build the CLI first (cd packages/cli && npx tsup)`)
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ik-upload-"))
  fs.mkdirSync(path.join(dir, "photos"))
  fs.writeFileSync(path.join(dir, "photos", "a.jpg"), Buffer.alloc(12_600, 1))
  fs.writeFileSync(path.join(dir, "photos", "b.jpg"), "bee")
  fs.writeFileSync(path.join(dir, "photos", ".hidden.jpg"), "not matched by *")
  fs.writeFileSync(path.join(dir, "notes.txt"), "some notes")
  env = await startEmulator()
})

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL")
  fs.rmSync(dir, { recursive: true, force: true })
})

describe("imagekit upload", () => {
  it("uploads files and expanded patterns, prints one line per file and a summary, exits 0", async () => {
    const run = await runCli(
      ["upload", "photos/*.jpg", "notes.txt", "--folder", "/trip", "--tags", "a, b", "--no-unique-file-name"],
      env,
      dir
    )
    assert.strictEqual(run.code, 0, run.stderr)
    const lines = run.stdout.trimEnd().split("\n")
    assert.strictEqual(lines.length, 4)
    // A line per file as it finishes (any order), then the summary.
    const results = lines.slice(0, 3).sort()
    assert.match(results[0] ?? "", /^uploaded notes\.txt → \/trip\/notes\.txt \(10 B, fileId \w+\)$/)
    assert.match(results[1] ?? "", /^uploaded photos\/a\.jpg → \/trip\/a\.jpg \(12\.3 KiB, fileId \w+\)$/)
    assert.match(results[2] ?? "", /^uploaded photos\/b\.jpg → \/trip\/b\.jpg \(3 B, fileId \w+\)$/)
    assert.match(lines[3] ?? "", /^3 uploaded, 0 failed in \d+(\.\d)? m?s, \d+\.\d MiB\/s$/)
    assert.strictEqual(run.stderr, "")
    assert.deepStrictEqual(await listFiles(env, "/trip"), ["/trip/a.jpg", "/trip/b.jpg", "/trip/notes.txt"])
    const delivered = await fetch(`${env.IMAGEKIT_URL_ENDPOINT}/trip/notes.txt`)
    assert.strictEqual(await delivered.text(), "some notes")
  })

  it("adds a unique suffix by default and --json prints only the outcomes on stdout", async () => {
    const run = await runCli(["upload", "notes.txt", "--folder", "/json", "--json"], env, dir)
    assert.strictEqual(run.code, 0, run.stderr)
    const outcomes: unknown = JSON.parse(run.stdout)
    assert.isArray(outcomes)
    const [outcome] = outcomes as Array<Record<string, unknown>>
    assert.deepStrictEqual(Object.keys(outcome ?? {}), ["path", "ok", "fileId", "filePath", "size"])
    assert.strictEqual(outcome?.path, "notes.txt")
    assert.strictEqual(outcome?.ok, true)
    assert.strictEqual(outcome?.size, 10)
    assert.match(String(outcome?.filePath), /^\/json\/notes_\w+\.txt$/)
    // The human lines moved to stderr.
    assert.match(run.stderr, /^uploaded notes\.txt → \/json\/notes_\w+\.txt/)
    assert.deepStrictEqual(await listFiles(env, "/json"), [String(outcome?.filePath)])
  })

  it("a missing file is a usage error (exit 2) before anything is uploaded", async () => {
    const run = await runCli(["upload", "notes.txt", "photos/nope.jpg", "--folder", "/missing"], env, dir)
    assert.strictEqual(run.code, 2)
    assert.match(run.stderr, /^imagekit: no such file: photos\/nope\.jpg \(check the spelling/)
    assert.strictEqual(run.stdout, "")
    assert.deepStrictEqual(await listFiles(env, "/missing"), [])
    const unmatched = await runCli(["upload", "photos/*.png"], env, dir)
    assert.strictEqual(unmatched.code, 2)
    assert.include(unmatched.stderr, "no such file: photos/*.png (no file matches the pattern)")
  })

  it("without credentials it uploads to the embedded emulator and says so; half a set, or a wrong key, exits 1", async () => {
    const dataDir = path.join(dir, "embedded")
    const run = await runCli(["upload", "notes.txt", "--folder", "/kept"], { IMAGEKIT_EMULATOR_DATA_DIR: dataDir }, dir)
    assert.strictEqual(run.code, 0, run.stderr)
    assert.strictEqual(
      run.stderr,
      `imagekit: no IMAGEKIT_* credentials: using the embedded emulator (files in ${dataDir}); ` +
        "set IMAGEKIT_PUBLIC_KEY, IMAGEKIT_PRIVATE_KEY and IMAGEKIT_URL_ENDPOINT to use your ImageKit account\n"
    )
    assert.match(run.stdout, /^uploaded notes\.txt → \/kept\/notes[^ ]*\.txt /)
    // The data dir keeps the file for the next command (and the next embedded emulator).
    assert.isTrue(fs.existsSync(path.join(dataDir, "state.json")))
    assert.include(fs.readFileSync(path.join(dataDir, "state.json"), "utf8"), `"folder":"/kept/"`)
    const partial = await runCli(["upload", "notes.txt"], { IMAGEKIT_PUBLIC_KEY: "public_test_key" }, dir)
    assert.strictEqual(partial.code, 1)
    assert.match(
      partial.stderr,
      /^imagekit: IMAGEKIT_PRIVATE_KEY, IMAGEKIT_URL_ENDPOINT not set: set all three IMAGEKIT_\* variables, or none/
    )
    // A wrong key: the upload fails with a hint, and the key is never printed.
    const key = "private_wrong_key_123"
    const denied = await runCli(["upload", "notes.txt"], { ...env, IMAGEKIT_PRIVATE_KEY: key }, dir)
    assert.strictEqual(denied.code, 1)
    assert.match(denied.stdout, /^failed notes\.txt: .+ \(check IMAGEKIT_PRIVATE_KEY and IMAGEKIT_UPLOAD_BASE_URL\)\n/)
    assert.notInclude(denied.stdout + denied.stderr, key)
  })

  it("a server failure is a line per file, counted in the summary, in the JSON, and exit code 1", async () => {
    const failing = await startEmulator(["--error-rate", "1"])
    const run = await runCli(["upload", "notes.txt", "photos/b.jpg"], failing, dir)
    assert.strictEqual(run.code, 1)
    const lines = run.stdout.trimEnd().split("\n")
    const results = lines.slice(0, 2).sort()
    assert.match(results[0] ?? "", /^failed notes\.txt: HTTP 50[023]: .+ \(ImageKit failed; try again\)$/)
    assert.match(results[1] ?? "", /^failed photos\/b\.jpg: HTTP 50[023]: /)
    assert.match(lines[2] ?? "", /^0 uploaded, 2 failed in /)
    assert.strictEqual(run.stderr, "")

    const json = await runCli(["upload", "notes.txt", "--json"], failing, dir)
    assert.strictEqual(json.code, 1)
    const [outcome] = JSON.parse(json.stdout) as Array<Record<string, unknown>>
    assert.deepStrictEqual(Object.keys(outcome ?? {}), ["path", "ok", "size", "error"])
    assert.strictEqual(outcome?.ok, false)
    const error = outcome?.error as { readonly tag: string; readonly message: string }
    assert.strictEqual(error.tag, "ApiError")
    assert.match(error.message, /^HTTP 50[023]: /)
  })

  it("Ctrl+C stops the uploads and exits 130, so `imagekit upload … && next` does not carry on", async () => {
    const slow = await startEmulator(["--latency", "5000"])
    const child = spawnCli(["upload", "notes.txt"], slow, dir)
    let stderr = ""
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8")
    })
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)))
    // Long enough for the process to start (its SIGINT handler included) and send the file; the answer is 5 s away.
    await new Promise((resolve) => setTimeout(resolve, 1200))
    child.kill("SIGINT")
    assert.strictEqual(await exited, 130)
    assert.include(stderr, "imagekit: interrupted: the uploads in progress were stopped")
  })

  it("rejects --concurrency 0 as a usage error, and --help lists the options", async () => {
    const bad = await runCli(["upload", "notes.txt", "--concurrency", "0"], env, dir)
    assert.strictEqual(bad.code, 2)
    assert.include(bad.stderr, "Invalid --concurrency 0")
    const help = await runCli(["upload", "--help"], {}, dir)
    assert.strictEqual(help.code, 0)
    for (const flag of ["--folder", "--tags", "--concurrency", "--no-unique-file-name", "--json"]) {
      assert.include(help.stdout, flag)
    }
  })
})
