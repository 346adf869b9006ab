import { assert, describe, it } from "vitest"
import {
  addSample,
  bar,
  eta,
  fileLine,
  formatBytes,
  formatDuration,
  formatElapsed,
  formatPercent,
  formatRate,
  fraction,
  overallLine,
  rateOf,
  summaryLine,
  truncateMiddle
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
})
