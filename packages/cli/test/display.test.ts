import * as Effect from "effect/Effect"
import { assert, describe, it } from "vitest"
import { runTest } from "./harness.js"
import { makeDisplay } from "../src/internal/display.js"

const ESC = String.fromCharCode(27)
// Cursor up to the first drawn line, then clear to the end of the screen.
const ERASE = new RegExp(`${ESC}\\[\\d+F${ESC}\\[J`, "g")

describe("live display", () => {
  it("redraws at most ~10 times a second, shows files being sent, and erases itself at the end of the scope", async () => {
    const writes: Array<string> = []
    const terminal = { write: (text: string) => writes.push(text), columns: 100 }
    await runTest(
      Effect.scoped(
        Effect.gen(function* () {
          const display = yield* makeDisplay(terminal, [
            { name: "photos/a.jpg", total: 1000 },
            { name: "photos/b.jpg", total: 1000 }
          ])
          // Progress far more often than the redraw rate, as chunk callbacks come.
          for (let step = 1; step <= 50; step++) {
            display.progress(0, { bytesSent: step * 10, totalBytes: 1000, attempt: 1 })
            yield* Effect.sleep("10 millis")
          }
          display.progress(1, { bytesSent: 1000, totalBytes: 1000, attempt: 1 })
          yield* Effect.sleep("150 millis")
        })
      )
    )
    const output = writes.join("")
    const frames = output.split(ERASE).filter((part) => part.startsWith("photos") || part.startsWith("total"))
    // About 0.65 s of drawing at one frame per 100 ms, plus the first frame.
    assert.isAtMost(frames.length, 9)
    assert.isAtLeast(frames.length, 4)
    assert.match(output, /photos\/a\.jpg +█*░+ +\d+% {2}\d+ B \/ 1000 B\n/)
    // A fully sent file leaves the per-file lines and counts as sent.
    const last = frames[frames.length - 1] ?? ""
    assert.notInclude(last, "photos/b.jpg")
    assert.match(last, /1\/2 sent/)
    // The scope's end erased the last frame: the final write moves up over every line drawn.
    assert.strictEqual(writes[writes.length - 1], `${ESC}[2F${ESC}[J`)
  })

  it("print erases the live lines, lets the result line through, and redraws below it", async () => {
    const writes: Array<string> = []
    const terminal = { write: (text: string) => writes.push(text), columns: 100 }
    await runTest(
      Effect.scoped(
        Effect.gen(function* () {
          const display = yield* makeDisplay(terminal, [{ name: "photos/a.jpg", total: 1000 }])
          display.progress(0, { bytesSent: 500, totalBytes: 1000, attempt: 1 })
          yield* Effect.sleep("120 millis")
          writes.length = 0
          display.print(() => writes.push("uploaded photos/a.jpg\n"))
          display.stop()
          // After stop, print writes straight through (nothing to erase or redraw).
          display.print(() => writes.push("summary\n"))
        })
      )
    )
    const erase = new RegExp(`^${ESC}\\[\\d+F${ESC}\\[J$`)
    assert.match(writes[0] ?? "", erase)
    assert.strictEqual(writes[1], "uploaded photos/a.jpg\n")
    assert.match(writes[2] ?? "", /^photos\/a\.jpg .*\ntotal /s)
    assert.match(writes[3] ?? "", erase)
    assert.strictEqual(writes[4], "summary\n")
    assert.strictEqual(writes.length, 5)
  })
})
