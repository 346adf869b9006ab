/**
 * Answers over the budget are cut to the largest prefix that fits, as JSON, with `truncated: true`; never a failure
 * and never invalid JSON.
 */
import { assert, describe, it } from "vitest"
import { fitAnswer, fittingCount } from "../src/internal/mcp/fit.js"

const length = (value: unknown) => JSON.stringify(value).length

describe("fitAnswer", () => {
  it("leaves an answer that fits as it is", () => {
    const answer = { files: [{ a: 1 }], count: 1 }
    assert.strictEqual(fitAnswer(answer, 100), answer)
  })

  it("cuts a list to its first whole items, drops what follows, and says truncated", () => {
    const files = Array.from({ length: 50 }, (_, index) => ({ fileId: `file_${index}`, name: "x".repeat(30) }))
    const cut: Record<string, unknown> = fitAnswer({ count: 50, files, after: "dropped" }, 1000)
    assert.isAtMost(length(cut), 1000)
    assert.strictEqual(cut.truncated, true)
    assert.strictEqual(cut.count, 50)
    assert.notProperty(cut, "after")
    const kept = cut.files as ReadonlyArray<unknown>
    assert.deepStrictEqual(kept, files.slice(0, kept.length))
    // The largest prefix: one more item would not fit.
    assert.isAbove(length({ ...cut, files: files.slice(0, kept.length + 1) }), 1000)
  })

  it("cuts a long string to its first characters without splitting a surrogate pair", () => {
    const cut: Record<string, unknown> = fitAnswer({ description: "🙂".repeat(1000) }, 101)
    assert.isAtMost(length(cut), 101)
    const description = cut.description as string
    assert.isTrue(description.length > 0 && "🙂".repeat(1000).startsWith(description))
    assert.notMatch(description, /[\ud800-\udbff]$/)
  })

  it("cuts inside nested objects, in document order", () => {
    const cut: Record<string, unknown> = fitAnswer(
      { file: { fileId: "id", embeddedMetadata: { text: "y".repeat(5000) }, tail: 1 } },
      300
    )
    assert.isAtMost(length(cut), 300)
    const file = cut.file as Record<string, unknown>
    assert.strictEqual(file.fileId, "id")
    assert.notProperty(file, "tail")
  })

  it("counts the list items that fit in a room", () => {
    assert.strictEqual(fittingCount([1, 2, 3], 100), 3)
    assert.strictEqual(fittingCount(["aaaa", "bbbb", "cccc"], length(["aaaa", "bbbb"])), 2)
    assert.strictEqual(fittingCount(["aaaa"], 3), 0)
  })
})
