/**
 * The root command: `--version` only alone (a misplaced one must not exit 0 doing nothing), an unknown command is a
 * usage error; and, as processes, the embedded emulator shared by commands run at once.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { assert, describe, it } from "vitest"
import { runCli, spawnCli } from "./harness.js"

describe("imagekit", () => {
  it("--version alone prints the version; after a command it is a usage error, not a silent success", async () => {
    const [alone, misplaced, unknown] = await Promise.all([
      runCli(["--version"]),
      runCli(["rm", "file_1", "--version", "v1"]),
      runCli(["remove", "file_1"])
    ])
    assert.strictEqual(alone.code, 0)
    assert.match(alone.stdout, /^\d+\.\d+\.\d+(-[\w.]+)?\n/)
    assert.strictEqual(misplaced.code, 2)
    assert.strictEqual(misplaced.stdout, "")
    assert.include(misplaced.stderr, "--version-id <versionId>")
    assert.strictEqual(unknown.code, 2)
  })
})

describe("plain output", () => {
  it("help and usage errors carry no colour codes when read through a pipe", async () => {
    const ESC = String.fromCharCode(27)
    const [help, usage] = await Promise.all([spawnCli(["--help"]), spawnCli(["ls", "--limit", "0"])])
    assert.strictEqual(help.code, 0)
    assert.include(help.stdout, "USAGE\n  imagekit <command>")
    assert.include(help.stdout, "--completions")
    assert.notInclude(help.stdout, ESC)
    assert.strictEqual(usage.code, 2)
    assert.include(usage.stderr, "--limit")
    assert.notInclude(usage.stderr, ESC)
  })
})

describe("the embedded emulator", () => {
  it("commands started together without credentials take turns on its data dir instead of failing", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ik-embedded-turns-"))
    const env = { IMAGEKIT_EMULATOR_DATA_DIR: path.join(dir, "data") }
    const names = ["a.txt", "b.txt", "c.txt", "d.txt"]
    for (const name of names) fs.writeFileSync(path.join(dir, name), `${name}\n`)
    const runs = await Promise.all(
      names.map((name) => spawnCli(["upload", name, "--folder", "/turns", "--no-unique-file-name"], { env, cwd: dir }))
    )
    for (const run of runs) assert.strictEqual(run.code, 0, run.stderr)
    const listed = await runCli(["ls", "/turns", "--json"], { env })
    assert.strictEqual(listed.code, 0, listed.stderr)
    const paths = (JSON.parse(listed.stdout) as Array<{ filePath?: string }>).map((item) => item.filePath).sort()
    assert.deepStrictEqual(
      paths,
      names.map((name) => `/turns/${name}`)
    )
    fs.rmSync(dir, { recursive: true, force: true })
  })
})
