/**
 * The tour's closing lines (`internal/tour/next.ts`): `imagekit` when the PATH has it, else the `node` command that
 * ran the tour, relative from a clone's root, with the alias that makes it `imagekit`.
 */
import * as path from "node:path"
import { assert, describe, it } from "vitest"
import { invocation, nextLines } from "../src/internal/tour/next.js"

const clone = "/home/me/effect-imagekit"
const program = path.join(clone, "packages/cli/dist/bin.js")

describe("the tour's next steps", () => {
  it("name imagekit when the PATH has it", () => {
    const found = invocation({
      path: ["/usr/bin", "/home/me/.npm/bin"].join(path.delimiter),
      program,
      cwd: clone,
      isExecutable: (file) => file === "/home/me/.npm/bin/imagekit"
    })
    assert.deepStrictEqual(found, { command: "imagekit", alias: undefined })
    assert.match(nextLines(found)[1] ?? "", /^ {2}imagekit --help {3,}every command/)
    assert.strictEqual(nextLines(found).length, 4)
  })

  it("name node and the program from a clone's root, and offer the alias, when it does not", () => {
    const found = invocation({ path: "/usr/bin", program, cwd: clone, isExecutable: () => false })
    assert.deepStrictEqual(found, {
      command: "node packages/cli/dist/bin.js",
      alias: `alias imagekit="node ${program}"`
    })
    const lines = nextLines(found)
    assert.match(lines[1] ?? "", /^ {2}node packages\/cli\/dist\/bin\.js --help {3,}every command/)
    assert.match(lines[2] ?? "", /^ {2}node packages\/cli\/dist\/bin\.js emulator {3,}this emulator/)
    assert.strictEqual(lines[4], `  alias imagekit="node ${program}"   makes it \`imagekit\` in this shell`)
  })

  it("use the absolute path from elsewhere, quoted when it needs to be", () => {
    const spaced = "/home/me/my projects/ik/packages/cli/dist/bin.js"
    const found = invocation({ path: undefined, program: spaced, cwd: "/tmp", isExecutable: () => false })
    assert.strictEqual(found.command, `node '${spaced}'`)
    // Quoted inside the alias too: the shell splits the alias's value again when it expands it.
    assert.strictEqual(found.alias, `alias imagekit="node '${spaced}'"`)
  })
})
