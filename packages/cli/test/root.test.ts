/**
 * The root command as a process: `--version` only alone (a misplaced one must not exit 0 doing nothing), an unknown
 * command is a usage error.
 */
import { assert, describe, it } from "vitest"
import { runCli } from "./harness.js"

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
