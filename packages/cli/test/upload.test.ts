/**
 * `imagekit upload` against an emulator in this process: the command in process too (see harness.ts), with file
 * paths relative to this process's directory as a user would type them; the binary as a child process for Ctrl+C.
 * stderr is not a terminal here (unless a test makes it one), so the command prints result lines instead of the
 * live display.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as ImageKit from "@effect-imagekit/sdk/ImageKit"
import * as ImageKitConfig from "@effect-imagekit/sdk/ImageKitConfig"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { type ChildProcess, spawn } from "node:child_process"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { BIN, type Run, runCli as run, runTest, startEmulator, type TestEmulator } from "./harness.js"

const emulators: Array<TestEmulator> = []
const children: Array<ChildProcess> = []

const emulatorWith = async (faults: Parameters<typeof startEmulator>[0] = {}): Promise<Record<string, string>> => {
  const started = await startEmulator(faults)
  emulators.push(started)
  return started.env
}

/** The files of the tests, in a temporary directory, named as typed from this process's directory. */
let dir = ""
const rel = (name: string): string => path.relative(process.cwd(), path.join(dir, name))
const quoted = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

const runCli = (args: ReadonlyArray<string>, env: Record<string, string>): Promise<Run> => run(args, { env })

/** `imagekit upload ...args` with stderr a terminal `columns` wide, where the live display is drawn. */
const run_ = (args: ReadonlyArray<string>, env: Record<string, string>, columns: number): Promise<Run> =>
  run(["upload", ...args], { env, stderrColumns: columns })

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

let env: Record<string, string> = {}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ik-upload-"))
  fs.mkdirSync(path.join(dir, "photos"))
  fs.writeFileSync(path.join(dir, "photos", "a.jpg"), Buffer.alloc(12_600, 1))
  fs.writeFileSync(path.join(dir, "photos", "b.jpg"), "bee")
  fs.writeFileSync(path.join(dir, "photos", ".hidden.jpg"), "not matched by *")
  fs.writeFileSync(path.join(dir, "notes.txt"), "some notes")
  env = await emulatorWith()
})

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL")
  await Promise.all(emulators.map((started) => started.running.close()))
  fs.rmSync(dir, { recursive: true, force: true })
})

describe("imagekit upload", () => {
  it("uploads files and expanded patterns, prints one line per file and a summary, exits 0", async () => {
    const run = await runCli(
      ["upload", rel("photos/*.jpg"), rel("notes.txt"), "--folder", "/trip", "--tags", "a, b", "--no-unique-file-name"],
      env
    )
    assert.strictEqual(run.code, 0, run.stderr)
    const lines = run.stdout.trimEnd().split("\n")
    assert.strictEqual(lines.length, 4)
    // A line per file as it finishes (any order), then the summary; each names the file as it was typed.
    const line = (name: string) => lines.find((candidate) => candidate.startsWith(`uploaded ${rel(name)} `)) ?? ""
    assert.match(line("notes.txt"), /→ \/trip\/notes\.txt \(10 B, fileId \w+\)$/)
    assert.match(line("photos/a.jpg"), /→ \/trip\/a\.jpg \(12\.3 KiB, fileId \w+\)$/)
    assert.match(line("photos/b.jpg"), /→ \/trip\/b\.jpg \(3 B, fileId \w+\)$/)
    assert.match(lines[3] ?? "", /^3 uploaded, 0 failed in \d+(\.\d)? m?s, \d+\.\d MiB\/s$/)
    assert.strictEqual(run.stderr, "")
    assert.deepStrictEqual(await listFiles(env, "/trip"), ["/trip/a.jpg", "/trip/b.jpg", "/trip/notes.txt"])
    const delivered = await fetch(`${env.IMAGEKIT_URL_ENDPOINT}/trip/notes.txt`)
    assert.strictEqual(await delivered.text(), "some notes")
  })

  it("adds a unique suffix by default and --json prints only the outcomes on stdout", async () => {
    const run = await runCli(["upload", rel("notes.txt"), "--folder", "/json", "--json"], env)
    assert.strictEqual(run.code, 0, run.stderr)
    const outcomes: unknown = JSON.parse(run.stdout)
    assert.isArray(outcomes)
    const [outcome] = outcomes as Array<Record<string, unknown>>
    assert.deepStrictEqual(Object.keys(outcome ?? {}), ["path", "ok", "fileId", "filePath", "size"])
    assert.strictEqual(outcome?.path, rel("notes.txt"))
    assert.strictEqual(outcome?.ok, true)
    assert.strictEqual(outcome?.size, 10)
    assert.match(String(outcome?.filePath), /^\/json\/notes_\w+\.txt$/)
    // The human lines moved to stderr.
    assert.match(run.stderr, new RegExp(`^uploaded ${quoted(rel("notes.txt"))} → /json/notes_\\w+\\.txt`))
    assert.deepStrictEqual(await listFiles(env, "/json"), [String(outcome?.filePath)])
  })

  it("a missing file is a usage error (exit 2) before anything is uploaded", async () => {
    const run = await runCli(["upload", rel("notes.txt"), rel("photos/nope.jpg"), "--folder", "/missing"], env)
    assert.strictEqual(run.code, 2)
    assert.match(
      run.stderr,
      new RegExp(`^imagekit: no such file: ${quoted(rel("photos/nope.jpg"))} \\(check the spelling`)
    )
    assert.strictEqual(run.stdout, "")
    assert.deepStrictEqual(await listFiles(env, "/missing"), [])
    const unmatched = await runCli(["upload", rel("photos/*.png")], env)
    assert.strictEqual(unmatched.code, 2)
    assert.include(unmatched.stderr, `no such file: ${rel("photos/*.png")} (no file matches the pattern)`)
  })

  it("without credentials it uploads to the embedded emulator and says so; half a set, or a wrong key, exits 1", async () => {
    const dataDir = path.join(dir, "embedded")
    const run = await runCli(["upload", rel("notes.txt"), "--folder", "/kept"], { IMAGEKIT_EMULATOR_DATA_DIR: dataDir })
    assert.strictEqual(run.code, 0, run.stderr)
    assert.strictEqual(
      run.stderr,
      `imagekit: no IMAGEKIT_* credentials: using the embedded emulator (files in ${dataDir}); ` +
        "set IMAGEKIT_PUBLIC_KEY, IMAGEKIT_PRIVATE_KEY and IMAGEKIT_URL_ENDPOINT to use your ImageKit account\n"
    )
    assert.match(run.stdout, new RegExp(`^uploaded ${quoted(rel("notes.txt"))} → /kept/notes[^ ]*\\.txt `))
    // The data dir keeps the file for the next command (and the next embedded emulator).
    assert.isTrue(fs.existsSync(path.join(dataDir, "state.json")))
    assert.include(fs.readFileSync(path.join(dataDir, "state.json"), "utf8"), `"folder":"/kept/"`)
    const partial = await runCli(["upload", rel("notes.txt")], { IMAGEKIT_PUBLIC_KEY: "public_test_key" })
    assert.strictEqual(partial.code, 1)
    assert.match(
      partial.stderr,
      /^imagekit: IMAGEKIT_PRIVATE_KEY, IMAGEKIT_URL_ENDPOINT not set: set all three IMAGEKIT_\* variables, or none/
    )
    // A wrong key: the upload fails with a hint, and the key is never printed.
    const key = "private_wrong_key_123"
    const denied = await runCli(["upload", rel("notes.txt")], { ...env, IMAGEKIT_PRIVATE_KEY: key })
    assert.strictEqual(denied.code, 1)
    assert.match(
      denied.stdout,
      new RegExp(
        `^failed ${quoted(rel("notes.txt"))}: not permitted \\(HTTP 401\\): .+ \\(check IMAGEKIT_PRIVATE_KEY and `
      )
    )
    assert.notInclude(denied.stdout + denied.stderr, key)
  })

  it("a server failure is a line per file, counted in the summary, in the JSON, and exit code 1", async () => {
    const failing = await emulatorWith({ faults: { serverErrorRate: 1 } })
    const run = await runCli(["upload", rel("notes.txt"), rel("photos/b.jpg")], failing)
    assert.strictEqual(run.code, 1)
    const lines = run.stdout.trimEnd().split("\n")
    const line = (name: string) => lines.find((candidate) => candidate.startsWith(`failed ${rel(name)}: `)) ?? ""
    assert.match(line("notes.txt"), /: HTTP 50[023]: .+ \(ImageKit failed to answer; try again in a moment\)$/)
    assert.match(line("photos/b.jpg"), /: HTTP 50[023]: /)
    assert.match(lines[2] ?? "", /^0 uploaded, 2 failed in /)
    assert.strictEqual(run.stderr, "")

    const json = await runCli(["upload", rel("notes.txt"), "--json"], failing)
    assert.strictEqual(json.code, 1)
    const [outcome] = JSON.parse(json.stdout) as Array<Record<string, unknown>>
    assert.deepStrictEqual(Object.keys(outcome ?? {}), ["path", "ok", "size", "error"])
    assert.strictEqual(outcome?.ok, false)
    const error = outcome?.error as { readonly tag: string; readonly message: string }
    assert.strictEqual(error.tag, "ApiError")
    assert.match(error.message, /^HTTP 50[023]: /)
  })

  it("on a terminal 60 columns wide: names kept apart, and 'waiting for the server' once the bytes are out", async () => {
    // Answers 600 ms after each request: the display has several redraws with every byte sent and no answer yet.
    const slow = await emulatorWith({ faults: { latencyMs: 600 } })
    fs.mkdirSync(path.join(dir, "holiday-2024-summer-beach"), { recursive: true })
    const names = [1, 2, 3].map((n) => `holiday-2024-summer-beach/IMG_000${n}-edited-final-version.txt`)
    for (const name of names) fs.writeFileSync(path.join(dir, name), "x".repeat(2048))
    const run = await run_([...names.map(rel), "--folder", "/wide"], slow, 60)
    assert.strictEqual(run.code, 0, run.stderr)
    const ESC = String.fromCharCode(27)
    const frames = run.stderr.split(new RegExp(`${ESC}\\[\\d+F${ESC}\\[J`)).filter((frame) => frame.includes("total"))
    assert.isAtLeast(frames.length, 2)
    for (const frame of frames) {
      for (const line of frame.trimEnd().split("\n")) assert.isAtMost(line.length, 59, line)
      const labels = frame
        .split("\n")
        .filter((line) => line.includes("IMG_000"))
        .map((line) => line.split("  ")[0])
      assert.strictEqual(new Set(labels).size, labels.length, frame)
    }
    assert.isTrue(
      frames.some((frame) => /^total .* 100% .* waiting for the server/m.test(frame)),
      run.stderr.replace(new RegExp(ESC, "g"), "<ESC>")
    )
    assert.isFalse(
      frames.some((frame) => /100% .*ETA/.test(frame)),
      "a rate and ETA after the last byte"
    )
  })

  it("Ctrl+C stops the uploads and exits 130, so `imagekit upload … && next` does not carry on", async () => {
    const slow = await emulatorWith({ faults: { latencyMs: 5000 } })
    const child = spawn(process.execPath, [BIN, "upload", "notes.txt"], {
      cwd: dir,
      env: { PATH: process.env.PATH, NO_COLOR: "1", ...slow },
      stdio: ["ignore", "pipe", "pipe"]
    })
    children.push(child)
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
    const bad = await runCli(["upload", rel("notes.txt"), "--concurrency", "0"], env)
    assert.strictEqual(bad.code, 2)
    assert.include(bad.stderr, "Invalid --concurrency 0")
    const help = await runCli(["upload", "--help"], {})
    assert.strictEqual(help.code, 0)
    for (const flag of ["--folder", "--tags", "--concurrency", "--no-unique-file-name", "--json"]) {
      assert.include(help.stdout, flag)
    }
  })
})
