/**
 * Mistakes on the command line, in process: unknown flags and commands are usage errors naming what was probably
 * meant (never a file name or a folder), `--json` gets a JSON error on stdout whatever went wrong, and @effect/cli's
 * value errors read as English and name their flag.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { closest, editDistance } from "../src/internal/commandLine.js"
import { parseJson, type Run, runCli, startEmulator, type TestEmulator } from "./harness.js"

let emulator: TestEmulator
let dir = ""

beforeAll(async () => {
  emulator = await startEmulator()
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ik-command-line-"))
  fs.writeFileSync(path.join(dir, "a.txt"), "a\n")
})

afterAll(async () => {
  await emulator?.running.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const cli = (...args: ReadonlyArray<string>) => runCli(args, { env: emulator.env })

const expectUsage = (run: Run, stderr: RegExp) => {
  assert.strictEqual(run.code, 2, `stdout: ${run.stdout}\nstderr: ${run.stderr}`)
  assert.match(run.stderr, stderr)
}

describe("unknown flags and commands", () => {
  it("a mistyped flag is a usage error with the flag meant, and nothing is sent", async () => {
    const file = path.join(dir, "a.txt")
    const [upload, ls, info] = await Promise.all([
      cli("upload", "--concurency", "3", file),
      cli("ls", "--jsn"),
      cli("info", "--josn", "file_1")
    ])
    expectUsage(upload, /^imagekit: unknown option --concurency for `imagekit upload`; did you mean --concurrency\?\n/)
    // Not "no such file: --concurency", and no upload happened.
    assert.notInclude(upload.stderr, "no such file")
    assert.deepStrictEqual(emulator.running.model.files(), [])
    expectUsage(ls, /did you mean --json\?/)
    assert.strictEqual(ls.stdout, "")
    expectUsage(info, /^imagekit: unknown option --josn for `imagekit info`; did you mean --json\?\n/)
    assert.match(info.stderr, /\nRun `imagekit info --help` to see its options\.\n$/)
  })

  it("a flag no command has, @effect/cli's --wizard included, is refused; after -- it is an argument", async () => {
    const [wizard, other, separated, negative, short] = await Promise.all([
      cli("ls", "--wizard"),
      cli("url", "--folder", "/a", "/a.png"),
      cli("url", "--", "-a.png"),
      cli("ls", "--skip", "-1"),
      cli("upload", "-t", "x")
    ])
    expectUsage(wizard, /^imagekit: unknown option --wizard for `imagekit ls`/)
    expectUsage(other, /^imagekit: unknown option --folder for `imagekit url`/)
    assert.strictEqual(separated.code, 0, separated.stderr)
    assert.strictEqual(separated.stdout, `${emulator.env.IMAGEKIT_URL_ENDPOINT}/-a.png\n`)
    // A value that looks like a flag still goes to its flag, whose own check refuses it.
    expectUsage(negative, /^Invalid --skip -1: expected 0 or more/)
    // A one-letter flag gets no guess (-h is one letter away from every other).
    expectUsage(
      short,
      /^imagekit: unknown option -t for `imagekit upload` \(an argument that starts with "-" goes after --/
    )
  })

  it("an unknown command names the closest one, at the root and under tags", async () => {
    const [root, nested, far] = await Promise.all([cli("uplaod", "a.png"), cli("tags", "ad", "x"), cli("remove")])
    expectUsage(root, /^imagekit: unknown command `imagekit uplaod`; did you mean `imagekit upload`\?\n/)
    expectUsage(nested, /^imagekit: unknown command `imagekit tags ad`; did you mean `imagekit tags add`\?\n/)
    assert.match(nested.stderr, /Run `imagekit tags --help` to see the commands\./)
    expectUsage(far, /^imagekit: unknown command `imagekit remove`\n/)
  })

  it("edit distance and the closest name", () => {
    assert.strictEqual(editDistance("concurency", "concurrency"), 1)
    assert.strictEqual(editDistance("", "abc"), 3)
    assert.strictEqual(editDistance("kitten", "sitting"), 3)
    // Two letters swapped are one mistake.
    assert.strictEqual(editDistance("--josn", "--json"), 1)
    assert.strictEqual(closest("--concurency", ["--folder", "--concurrency", "--json"]), "--concurrency")
    assert.strictEqual(closest("--jsn", ["--json", "--all"]), "--json")
    // Too far to be a typo of anything.
    assert.isUndefined(closest("--colour", ["--json", "--all"]))
  })
})

describe("--json", () => {
  it("prints a JSON error on stdout for every kind of usage error, and the line on stderr", async () => {
    const runs = await Promise.all([
      cli("ls", "--jsn", "--json"),
      cli("ls", "--limit", "abc", "--json"),
      cli("info", "--json"),
      cli("upload", path.join(dir, "missing.png"), "--json"),
      cli("ls", "--all", "--limit", "5", "--json"),
      cli("rm", "file_1", "--version", "v1", "--json"),
      cli("uplaod", "--json")
    ])
    for (const run of runs) {
      assert.strictEqual(run.code, 2, run.stderr)
      const { error } = parseJson(run) as { error: Record<string, unknown> }
      assert.strictEqual(error.kind, "UsageError", run.stdout)
      assert.strictEqual(error.exitCode, 2)
      assert.isString(error.message)
      assert.include(run.stderr, String(error.message))
    }
  })

  it("a failure before any file is sent, e.g. an embedded emulator that cannot start, is JSON too", async () => {
    const file = path.join(dir, "a.txt")
    // A data dir that is a file: the embedded emulator cannot use it.
    const run = await runCli(["upload", file, "--json"], { env: { IMAGEKIT_EMULATOR_DATA_DIR: file } })
    assert.strictEqual(run.code, 1, run.stderr)
    const { error } = parseJson(run) as { error: Record<string, unknown> }
    assert.strictEqual(error.kind, "EmulatorError")
    assert.match(String(error.message), /^the embedded emulator could not start: /)
    assert.match(run.stderr, /^imagekit: the embedded emulator could not start: /m)
  })

  it("a value that is not a number reads as English and names its flag", async () => {
    const run = await cli("ls", "--limit", "abc")
    expectUsage(run, /^--limit: 'abc' is not an integer\n/)
    assert.notInclude(run.stderr, "a integer")
  })
})
