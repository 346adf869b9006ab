import * as FastCheck from "effect/FastCheck"
import { assert, describe, it } from "vitest"
import {
  addSample,
  bar,
  eta,
  fileLabels,
  fileLine,
  formatBytes,
  formatDuration,
  formatElapsed,
  formatPercent,
  formatRate,
  fraction,
  overallLine,
  rateOf,
  nameWidth,
  summaryLine,
  truncateMiddle,
  waitingLine
} from "../src/internal/progress.js"

const MIB = 1024 * 1024

describe("progress formatting", () => {
  it("formats sizes in binary units", () => {
    assert.strictEqual(formatBytes(0), "0 B")
    assert.strictEqual(formatBytes(1023), "1023 B")
    assert.strictEqual(formatBytes(12_600), "12.3 KiB")
    assert.strictEqual(formatBytes(4 * MIB), "4.0 MiB")
    assert.strictEqual(formatBytes(1.5 * 1024 * MIB), "1.5 GiB")
  })

  it("formats rates in MiB/s, and an unknown rate as -", () => {
    assert.strictEqual(formatRate(2.1 * MIB), "2.1 MiB/s")
    assert.strictEqual(formatRate(0), "0.0 MiB/s")
    assert.strictEqual(formatRate(undefined), "- MiB/s")
  })

  it("draws a bar of exactly the width asked for", () => {
    assert.strictEqual(bar(0, 10), "░░░░░░░░░░")
    assert.strictEqual(bar(0.5, 10), "█████░░░░░")
    assert.strictEqual(bar(1, 10), "██████████")
    assert.strictEqual(bar(2, 4), "████")
    assert.strictEqual(bar(undefined, 6), "░░░░░░")
    for (const width of [0, 1, 7, 30]) assert.strictEqual(bar(0.33, width).length, width)
  })

  it("computes shares and percentages; unknown totals stay unknown", () => {
    assert.strictEqual(fraction(5, 10), 0.5)
    assert.strictEqual(fraction(0, 0), 1)
    assert.strictEqual(fraction(20, 10), 1)
    assert.isUndefined(fraction(5, undefined))
    assert.strictEqual(formatPercent(0.424), " 42%")
    assert.strictEqual(formatPercent(undefined), "   ?")
  })

  it("estimates the time left, and has no ETA with an unknown total or rate", () => {
    assert.strictEqual(eta(MIB, 3 * MIB, MIB), 2)
    assert.isUndefined(eta(MIB, undefined, MIB))
    assert.isUndefined(eta(MIB, 3 * MIB, undefined))
    assert.isUndefined(eta(MIB, 3 * MIB, 0))
    assert.strictEqual(formatDuration(2), "0:02")
    assert.strictEqual(formatDuration(61.2), "1:02")
    assert.strictEqual(formatDuration(3723), "1:02:03")
    assert.strictEqual(formatDuration(undefined), "--:--")
    assert.strictEqual(formatElapsed(45.4), "45 ms")
    assert.strictEqual(formatElapsed(400), "400 ms")
    assert.strictEqual(formatElapsed(1449), "1.4 s")
  })

  it("measures the rate over a sliding window of samples", () => {
    assert.isUndefined(rateOf([]))
    assert.isUndefined(rateOf([{ at: 0, bytes: 0 }]))
    let samples = addSample([], { at: 0, bytes: 0 }, 3000)
    samples = addSample(samples, { at: 1000, bytes: MIB }, 3000)
    assert.strictEqual(rateOf(samples), MIB)
    // The first sample falls out of the window: the rate follows the recent speed.
    samples = addSample(samples, { at: 3500, bytes: 6 * MIB }, 3000)
    assert.strictEqual(samples.length, 2)
    assert.strictEqual(rateOf(samples), 2 * MIB)
  })

  it("shortens long names in the middle, keeping the file name", () => {
    assert.strictEqual(truncateMiddle("short.jpg", 20), "short.jpg")
    const cut = truncateMiddle("photos/2024/holiday/IMG_0001.jpg", 16)
    assert.strictEqual(cut.length, 16)
    assert.isTrue(cut.endsWith("0001.jpg"))
    assert.include(cut, "…")
  })

  it("builds the file, overall and summary lines within the terminal width", () => {
    const file = fileLine({ name: "photos/a.jpg", sent: MIB, total: 2 * MIB }, 80)
    assert.match(file, /^photos\/a\.jpg +█+░+ +50% {2}1\.0 MiB \/ 2\.0 MiB$/)
    assert.isAtMost(file.length, 80)
    assert.match(fileLine({ name: "x", sent: 10, total: undefined }, 80), / +\? {2}10 B \/ \?$/)
    const overall = overallLine({ sent: MIB, total: 3 * MIB, bytesPerSecond: MIB, filesDone: 1, filesTotal: 3 }, 100)
    assert.match(overall, /^total {2}█+░+ +33% {2}1\.0 MiB \/ 3\.0 MiB {2}1\.0 MiB\/s {2}ETA 0:02 {2}1\/3 sent$/)
    assert.isAtMost(overall.length, 100)
    assert.include(
      overallLine({ sent: MIB, total: undefined, bytesPerSecond: MIB, filesDone: 0, filesTotal: 1 }, 100),
      "ETA --:--"
    )
    assert.strictEqual(
      summaryLine({ uploaded: 3, failed: 1, elapsedMillis: 400, bytes: 0.84 * MIB }),
      "3 uploaded, 1 failed in 400 ms, 2.1 MiB/s"
    )
  })

  it("says the server is being waited for once every byte is out, instead of a rate", () => {
    const done = { sent: 3 * MIB, total: 3 * MIB, bytesPerSecond: 0, filesDone: 3, filesTotal: 3 }
    assert.match(overallLine({ ...done, awaiting: 2 }, 100), / {2}waiting for the server \(2 files\) {2}3\/3 sent$/)
    assert.notInclude(overallLine({ ...done, awaiting: 1 }, 100), "MiB/s")
    // Every answer in: nothing to wait for, and no rate to show either.
    assert.match(overallLine({ ...done, awaiting: 0 }, 100), / {2}all sent {2}3\/3 sent$/)
    // Narrow: the details go first, the waiting stays.
    const narrow = overallLine({ ...done, awaiting: 2 }, 59)
    assert.isAtMost(narrow.length, 59)
    assert.match(narrow, / {2}waiting for the server$/)
    assert.match(
      waitingLine({ name: "a.jpg", sent: 2 * MIB, total: 2 * MIB }, 80),
      /^a\.jpg +2\.0 MiB sent, waiting for the server$/
    )
  })

  it("gives names at least 20 columns at 60 columns, and file lines fit", () => {
    assert.isAtLeast(nameWidth(59), 20)
    const line = fileLine({ name: "x".repeat(80), sent: 123 * MIB, total: 456 * MIB }, 59)
    assert.isAtMost(line.length, 59)
  })

  it("labels files apart even when their names differ only in the middle", () => {
    const names = ["photos/2024/IMG_0001_edited_final.jpg", "photos/2024/IMG_0002_edited_final.jpg"]
    const labels = fileLabels(names, 20)
    assert.notStrictEqual(labels[0], labels[1])
    assert.include(labels[0], "0001")
    assert.include(labels[1], "0002")
    // Names that fit are left alone.
    assert.deepStrictEqual(fileLabels(["a.jpg", "b.jpg"], 20), ["a.jpg", "b.jpg"])
  })

  it("labels distinct names distinctly, within the width, whatever they share", () => {
    const part = FastCheck.string({ minLength: 0, maxLength: 40 })
    FastCheck.assert(
      FastCheck.property(
        part,
        part,
        FastCheck.uniqueArray(FastCheck.string({ minLength: 0, maxLength: 12 }), { minLength: 1, maxLength: 30 }),
        FastCheck.integer({ min: 8, max: 32 }),
        (prefix, suffix, middles, width) => {
          const names = middles.map((middle) => `${prefix}${middle}${suffix}`)
          const labels = fileLabels(names, width)
          assert.strictEqual(new Set(labels).size, names.length, JSON.stringify({ names, labels }))
          for (const label of labels) assert.isAtMost(label.length, width)
        }
      ),
      { numRuns: 300 }
    )
  })
})
