/**
 * The live display of `imagekit upload` (`internal/display.ts`), drawn on a fake terminal and stepped with the
 * TestClock: how often it redraws, what it shows while bytes go out and while the server works, and that it erases
 * itself.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import { makeDisplay, REDRAW_MILLIS } from "../src/internal/display.js"

const ESC = String.fromCharCode(27)
// Cursor up to the first drawn line, then clear to the end of the screen.
const ERASE = new RegExp(`${ESC}\\[\\d+F${ESC}\\[J`, "g")

const terminal = (columns: number) => {
  const writes: Array<string> = []
  return { writes, write: (text: string) => writes.push(text), columns }
}

/** The frames drawn so far: what was written between erasures. */
const frames = (writes: ReadonlyArray<string>): Array<string> =>
  writes
    .join("")
    .split(ERASE)
    .filter((part) => part !== "")

describe("live display", () => {
  it.scoped("redraws once per tick however often progress comes, and erases itself at the end of the scope", () =>
    Effect.gen(function* () {
      const screen = terminal(100)
      yield* Effect.scoped(
        Effect.gen(function* () {
          const display = yield* makeDisplay(screen, [
            { name: "photos/a.jpg", total: 1000 },
            { name: "photos/b.jpg", total: 1000 }
          ])
          yield* TestClock.adjust(0)
          // Progress far more often than the redraw rate, as chunk callbacks come: 5 ticks' worth.
          for (let step = 1; step <= 50; step++) {
            display.progress(0, { bytesSent: step * 10, totalBytes: 1000, attempt: 1 })
            yield* TestClock.adjust(REDRAW_MILLIS / 10)
          }
        })
      )
      const drawn = frames(screen.writes)
      // The first frame, then one per tick: 5 ticks in 500 ms, not 50.
      assert.strictEqual(drawn.length, 6)
      assert.match(drawn[drawn.length - 1] ?? "", /^photos\/a\.jpg +█*░+ +50% {2}500 B \/ 1000 B\n/)
      // The scope's end erased the last frame: the final write moves up over every line drawn.
      assert.strictEqual(screen.writes[screen.writes.length - 1], `${ESC}[2F${ESC}[J`)
    })
  )

  it.scoped("after a file's last byte it waits for the server, says so, and leaves when its answer comes", () =>
    Effect.gen(function* () {
      const screen = terminal(100)
      const display = yield* makeDisplay(screen, [
        { name: "photos/a.jpg", total: 1000 },
        { name: "photos/b.jpg", total: 1000 }
      ])
      display.progress(0, { bytesSent: 1000, totalBytes: 1000, attempt: 1 })
      display.progress(1, { bytesSent: 400, totalBytes: 1000, attempt: 1 })
      yield* TestClock.adjust(REDRAW_MILLIS)
      const sending = frames(screen.writes).at(-1) ?? ""
      assert.match(sending, /^photos\/a\.jpg +1000 B sent, waiting for the server\n/m)
      assert.match(sending, /^photos\/b\.jpg +█*░+ +40% /m)
      // Bytes are still going out: the overall line has a rate, not the waiting note.
      assert.match(sending, /^total .* MiB\/s {2}ETA .* {2}1\/2 sent$/m)

      display.progress(1, { bytesSent: 1000, totalBytes: 1000, attempt: 1 })
      // Seconds pass with every byte out: the line says why nothing moves instead of a rate falling to zero.
      yield* TestClock.adjust(5 * REDRAW_MILLIS)
      const waiting = frames(screen.writes).at(-1) ?? ""
      assert.match(
        waiting,
        /^total .* 100% {2}2\.0 KiB \/ 2\.0 KiB {2}waiting for the server \(2 files\) {2}2\/2 sent$/m
      )
      assert.notMatch(waiting, /MiB\/s|ETA/)

      screen.writes.length = 0
      display.settle(0, () => screen.writes.push("uploaded photos/a.jpg\n"))
      // Erased, the result line let through, then redrawn below it without the settled file.
      assert.match(screen.writes[0] ?? "", new RegExp(`^${ESC}\\[\\d+F${ESC}\\[J$`))
      assert.strictEqual(screen.writes[1], "uploaded photos/a.jpg\n")
      assert.notInclude(screen.writes[2] ?? "", "photos/a.jpg")
      assert.match(screen.writes[2] ?? "", /waiting for the server \(1 file\)/)

      display.stop()
      screen.writes.length = 0
      // After stop, results are written straight through: nothing to erase or redraw.
      display.settle(1, () => screen.writes.push("summary\n"))
      yield* TestClock.adjust(REDRAW_MILLIS)
      assert.deepStrictEqual(screen.writes, ["summary\n"])
    })
  )

  it.scoped("at 60 columns, names that differ only deep inside stay apart and lines fit", () =>
    Effect.gen(function* () {
      const screen = terminal(60)
      const names = [1, 2, 3].map((n) => `holiday/2024/summer/beach/IMG_000${n}_edited_final_version.jpg`)
      const display = yield* makeDisplay(
        screen,
        names.map((name) => ({ name, total: 4096 }))
      )
      for (const index of names.keys()) display.progress(index, { bytesSent: 1024, totalBytes: 4096, attempt: 1 })
      yield* TestClock.adjust(REDRAW_MILLIS)
      const lines = (frames(screen.writes).at(-1) ?? "").trimEnd().split("\n")
      assert.strictEqual(lines.length, 4)
      for (const line of lines) assert.isAtMost(line.length, 59)
      const labels = lines.slice(0, 3).map((line) => line.split("  ")[0])
      assert.strictEqual(new Set(labels).size, 3, labels.join(" | "))
      for (const [index, label] of labels.entries()) assert.include(label, `IMG_000${index + 1}`)
    })
  )
})
