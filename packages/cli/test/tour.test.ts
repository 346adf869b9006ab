/**
 * `imagekit tour` as a newcomer runs it: the bundled binary, once, to the end (build first: `npx tsup`). A build
 * outside the package (IMAGEKIT_CLI_BIN) cannot find `assets/samples` by walking up, so the tests then point
 * IMAGEKIT_TOUR_ASSETS at the package's samples.
 */
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { loadSamples, SAMPLE_NAMES } from "../src/internal/tour/assets.js"
import { BIN, collect, type Run, runCli, runTest, spawnCli } from "./harness.js"

const SAMPLES = fileURLToPath(new URL("../assets/samples/", import.meta.url))
const PACKAGE = fileURLToPath(new URL("..", import.meta.url))
const assetsEnv: Record<string, string> = BIN.startsWith(PACKAGE) ? {} : { IMAGEKIT_TOUR_ASSETS: SAMPLES }

/** The tour's budget on this 2-core machine; a fresh clone allows 30 s, build included. */
const BUDGET_MS = 10_000

let home = ""
/** A PATH with `node` and no `imagekit`, as in a fresh clone of the repository. */
let bin = ""
let run: Run
let elapsedMs = 0

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), "imagekit-tour-"))
  bin = fs.mkdtempSync(path.join(os.tmpdir(), "imagekit-tour-bin-"))
  fs.symlinkSync(process.execPath, path.join(bin, "node"))
  const started = performance.now()
  run = await spawnCli(["tour"], {
    cwd: home,
    env: {
      ...assetsEnv,
      PATH: bin,
      HOME: home,
      XDG_DATA_HOME: path.join(home, "xdg"),
      // Keys of an account that does not exist: the tour must not use them.
      IMAGEKIT_PUBLIC_KEY: "public_not_used",
      IMAGEKIT_PRIVATE_KEY: "private_not_used",
      IMAGEKIT_URL_ENDPOINT: "http://127.0.0.1:9/not-used",
      IMAGEKIT_API_BASE_URL: "http://127.0.0.1:9",
      IMAGEKIT_UPLOAD_BASE_URL: "http://127.0.0.1:9"
    }
  })
  elapsedMs = performance.now() - started
}, 30_000)

afterAll(() => {
  fs.rmSync(home, { recursive: true, force: true })
  fs.rmSync(bin, { recursive: true, force: true })
})

/** Runs a shell script as a user would paste it, with the tour's PATH (no `imagekit` on it) and directory. */
const shell = (script: string): Promise<Run> =>
  collect(spawn("/bin/bash", ["-c", script], { cwd: home, env: { PATH: bin }, stdio: ["ignore", "pipe", "pipe"] }))

const lines = () => run.stdout.split("\n")
const hasLine = (pattern: RegExp) => lines().some((line) => pattern.test(line))

describe("imagekit tour", () => {
  it(`passes every step and exits 0 within ${BUDGET_MS / 1000} s, without an account`, () => {
    assert.strictEqual(run.code, 0, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`)
    assert.strictEqual(run.stderr, "")
    assert.isBelow(elapsedMs, BUDGET_MS)
    assert.match(lines()[0] ?? "", /^imagekit tour: .* emulator in memory at http:\/\/127\.0\.0\.1:\d+\.$/)
    assert.isTrue(hasLine(/^All 9 steps ok in \d/), run.stdout)
    assert.isFalse(hasLine(/✗/))
  })

  it("ends with next steps that work where it ran: without imagekit on the PATH, the node command and an alias", async () => {
    const help = lines().find((line) => /^ {2}node .*bin\.js --help /.test(line)) ?? ""
    assert.notStrictEqual(help, "", run.stdout)
    assert.isFalse(hasLine(/^ {2}imagekit --help/))
    // The printed command, pasted into a shell, shows the help (not "imagekit: command not found").
    const pasted = await shell(help.trim().split(/ {3,}/)[0] ?? "")
    assert.strictEqual(pasted.code, 0, pasted.stderr)
    assert.match(pasted.stdout, /^ {2}imagekit <command> \[options\]$/m)
    const alias = lines().find((line) => line.startsWith("  alias imagekit=")) ?? ""
    const definition = /^ {2}(alias imagekit="[^"]+")/.exec(alias)?.[1] ?? ""
    const aliased = await shell(`shopt -s expand_aliases\n${definition}\nimagekit --version`)
    assert.strictEqual(aliased.code, 0, `${alias}\n${aliased.stderr}`)
    assert.match(aliased.stdout, /^\d+\.\d+\.\d+/)
  })

  it("numbers the nine steps in order", () => {
    const headings = lines().filter((line) => /^\d\. /.test(line))
    assert.deepStrictEqual(
      headings.map((line) => line.slice(0, line.indexOf("  ("))),
      [
        "1. Upload the sample images, tagged, into a folder",
        "2. List the folder and search the library",
        "3. Signed URLs: one that works, one that has expired",
        "4. Copy a folder, move the copy, wait for both bulk jobs",
        "5. Purge the CDN cache of a URL",
        "6. Custom metadata: define a field, set it on a file, read it back",
        "7. Compare pictures by perceptual hash",
        "8. Receive the emulator's webhooks and verify them",
        "9. Named transformation: create one, deliver a file through it"
      ]
    )
  })

  it("shows what each step did, with the equivalent command", () => {
    const expected = [
      // 1
      /^ {3}\$ imagekit upload mountains\.png mountains-small\.png city\.png --folder \/tour\/photos --tags tour,sample/,
      /^ {3}↑ city\.png +\d+\.\d KiB {3}\d\/3 files, \d+ % of the bytes$/,
      /^ {3}✓ 3 files stored in \/tour\/photos \(/,
      // 2
      /^ {3}✓ 3 files: city\.png 256×192, mountains-small\.png 120×90, mountains\.png 256×192$/,
      /^ {3}\$ imagekit ls --search 'tags IN \["sample"\] AND width >= 256'$/,
      /^ {3}✓ 2 matches: city\.png 256×192, mountains\.png 256×192$/,
      // 3
      /^ {3}http:\/\/127\.0\.0\.1:\d+\/delivery\/tr:w-128,h-96\/tour\/photos\/mountains\.png\?ik-t=\d+&ik-s=[0-9a-f]{40}$/,
      /^ {3}✓ GET: HTTP 200, 15\.\d KiB of image\/png/,
      /^ {3}✓ the same URL, expired a minute ago: HTTP 401 "This URL has expired"$/,
      // 4
      /^ {3}✓ copy job [0-9a-f]{8}…: Completed/,
      /^ {3}✓ move job [0-9a-f]{8}…: Completed$/,
      /^ {3}✓ 3 files: .*; \/tour\/backup is empty$/,
      // 5
      /^ {3}✓ purge request [0-9a-f]{8}…: Completed$/,
      // 6
      /^ {3}\$ imagekit fields create --name rating --label Rating --type Number --min 1 --max 5$/,
      /^ {3}✓ mountains\.png reads back customMetadata \{"rating":5\}$/,
      /^ {3}✓ a rating of 9 is refused: HTTP 400/,
      // 7
      /^ {3}\$ imagekit phash --files [0-9a-f]+ [0-9a-f]+$/,
      // 8
      /^ {3}✓ upload\.pre-transform\.success: verified \(Standard Webhooks signature\)$/,
      /^ {3}✓ upload\.post-transform\.success: verified \(Standard Webhooks signature\)$/,
      /^ {3}✓ the first delivery with one byte changed: rejected \(SignatureMismatch\)$/
    ]
    for (const pattern of expected) assert.isTrue(hasLine(pattern), `no line matches ${pattern}\n${run.stdout}`)
  })

  it("measures a small pHash distance for the resized copy and a large one for the other picture", () => {
    const bits = (name: string) => {
      const line = lines().find((candidate) => candidate.trimStart().startsWith(`${name} `))
      const match = / ([0-9a-f]{16}) {2}(\d+) bits from mountains\.png/.exec(line ?? "")
      return Number(match?.[2] ?? Number.NaN)
    }
    assert.isAtMost(bits("mountains-small.png"), 10)
    assert.isAtLeast(bits("city.png"), 20)
  })

  it("keeps nothing: no data directory, no file in the working directory", () => {
    assert.deepStrictEqual(fs.readdirSync(home), [])
  })

  it("fails with one line on stderr and exit 1 when the sample images are missing", async () => {
    const failed = await runCli(["tour"], { env: { IMAGEKIT_TOUR_ASSETS: path.join(home, "nowhere") } })
    assert.strictEqual(failed.code, 1)
    const errorLines = failed.stderr.trimEnd().split("\n")
    assert.strictEqual(errorLines.length, 1, failed.stderr)
    assert.match(
      errorLines[0] ?? "",
      /^imagekit: the tour's sample image .*mountains\.png cannot be read \(set IMAGEKIT_TOUR_ASSETS/
    )
    assert.match(failed.stdout, /The tour could not start/)
  })
})

describe("the sample images", () => {
  it("are found from the sources by walking up to assets/samples, each a PNG under 40 KB", async () => {
    const samples = await runTest(loadSamples)
    assert.deepStrictEqual(
      samples.map((sample) => sample.name),
      [...SAMPLE_NAMES]
    )
    for (const sample of samples) {
      assert.isBelow(sample.bytes.length, 40 * 1024, sample.name)
      assert.deepStrictEqual([...sample.bytes.subarray(1, 4)], [0x50, 0x4e, 0x47], sample.name)
    }
  })
})
