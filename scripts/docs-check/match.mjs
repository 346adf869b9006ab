// The expected-output matcher of ```console blocks (used by scripts/check-docs.mjs).
//
//   - `…` (U+2026) in a line matches any text within that line (possibly empty);
//   - a line that is only `…` (spaces around it allowed) matches any number of whole lines, zero included;
//   - every other character matches itself; trailing spaces and trailing empty lines are ignored on both sides.
//
// A command's expected output may end with a line `[exit N]` (N > 0): the command must exit with N. Without it
// the command must exit 0. `[exit 0]` is refused (leave the line out).
//
// Self-test: `node scripts/docs-check/match.mjs --self-test` (check-docs.mjs also runs it on every start).

import { fileURLToPath } from "node:url"

const ELLIPSIS = "…"

/** Lines of `text` with trailing spaces and trailing empty lines removed. */
export const normalizeLines = (lines) => {
  const out = lines.map((line) => line.replace(/\s+$/u, ""))
  while (out.length > 0 && out[out.length - 1] === "") out.pop()
  return out
}

/** Output text as lines: CRLF and lone CR become line breaks, then `normalizeLines`. */
export const outputLines = (text) => normalizeLines(text.replace(/\r\n?/gu, "\n").split("\n"))

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&")

const isManyLines = (pattern) => pattern.trim() === ELLIPSIS

const lineMatcher = (pattern) => {
  if (!pattern.includes(ELLIPSIS)) return (line) => line === pattern
  const regexp = new RegExp(`^${pattern.split(ELLIPSIS).map(escapeRegExp).join(".*")}$`, "su")
  return (line) => regexp.test(line)
}

/** True when `line` matches the single-line pattern `pattern` (not a whole-line `…`). */
export const matchLine = (pattern, line) => lineMatcher(pattern)(line)

/** True when the expected lines (patterns) match the actual lines. Both are normalized first. */
export const matchLines = (expectedLines, actualLines) => {
  const expected = normalizeLines(expectedLines)
  const actual = normalizeLines(actualLines)
  const matchers = expected.map((pattern) => (isManyLines(pattern) ? undefined : lineMatcher(pattern)))
  const memo = new Map()
  const go = (i, j) => {
    const key = i * (actual.length + 1) + j
    const known = memo.get(key)
    if (known !== undefined) return known
    let result
    if (i === expected.length) result = j === actual.length
    else {
      const matcher = matchers[i]
      if (matcher === undefined) {
        // `…` alone: skip it (zero lines) or let it swallow one more line.
        result = go(i + 1, j) || (j < actual.length && go(i, j + 1))
      } else result = j < actual.length && matcher(actual[j]) && go(i + 1, j + 1)
    }
    memo.set(key, result)
    return result
  }
  return go(0, 0)
}

const EXIT_LINE = /^\[exit (\d+)\]$/u

/**
 * Splits a command's expected output into the lines to match and the expected exit code. Returns
 * `{ lines, exitCode, error? }`; `error` says why the `[exit N]` line is malformed.
 */
export const splitExit = (expectedLines) => {
  const lines = normalizeLines(expectedLines)
  const last = lines.length > 0 ? lines[lines.length - 1].trim() : undefined
  const misplaced = lines.slice(0, -1).findIndex((line) => EXIT_LINE.test(line.trim()))
  if (misplaced !== -1) {
    return { lines, exitCode: 0, error: `"${lines[misplaced].trim()}" must be the last line of the command's output` }
  }
  const match = last === undefined ? null : EXIT_LINE.exec(last)
  if (match === null) return { lines, exitCode: 0 }
  const exitCode = Number(match[1])
  if (exitCode === 0) return { lines, exitCode, error: "[exit 0] is not allowed: leave the line out for a success" }
  return { lines: lines.slice(0, -1), exitCode }
}

/**
 * A small line diff between expected patterns and actual lines (LCS, a pattern "equals" a line it matches; a
 * whole-line `…` is shown as context). Returns lines prefixed with "  ", "- " (expected) or "+ " (actual).
 */
export const diffLines = (expectedLines, actualLines, maxLines = 40) => {
  const expected = normalizeLines(expectedLines).filter((line) => !isManyLines(line))
  const actual = normalizeLines(actualLines)
  const n = expected.length
  const m = actual.length
  const same = (i, j) => matchLine(expected[i], actual[j])
  const table = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(0))
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i][j] = same(i, j) ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1])
    }
  }
  const out = []
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && same(i, j)) {
      out.push(`  ${actual[j]}`)
      i++
      j++
    } else if (j < m && (i === n || table[i][j + 1] >= table[i + 1][j])) {
      out.push(`+ ${actual[j]}`)
      j++
    } else {
      out.push(`- ${expected[i]}`)
      i++
    }
  }
  // Keep the changed lines with two lines of context around each.
  const keep = out.map((line) => !line.startsWith("  "))
  const shown = out.filter((_, k) => keep.slice(Math.max(0, k - 2), k + 3).some(Boolean))
  if (shown.length <= maxLines) return shown
  return [...shown.slice(0, maxLines), `  … (${shown.length - maxLines} more diff lines)`]
}

const selfTest = () => {
  const cases = [
    [["a", "b"], ["a", "b"], true],
    [["a", "b"], ["a", "c"], false],
    [["a…"], ["abc"], true],
    [["a…c"], ["abxc"], true],
    [["a…c"], ["abxd"], false],
    [["…"], [], true],
    [["…"], ["x", "y", "z"], true],
    [["a", "…", "z"], ["a", "z"], true],
    [["a", "…", "z"], ["a", "b", "c", "z"], true],
    [["a", "…", "z"], ["a", "b", "c"], false],
    [["x", "…"], ["y"], false],
    [["id …, size …"], ["id 42, size 7"], true],
    [["(…)"], ["(a)"], true],
    [["(…)"], ["[a]"], false],
    [["a.b"], ["axb"], false],
    [["trailing   "], ["trailing"], true],
    [["a", ""], ["a", "", ""], true],
    [["a"], ["a", "b"], false],
    [["…", "last"], ["1", "2", "last"], true]
  ]
  let failures = 0
  for (const [expected, actual, want] of cases) {
    const got = matchLines(expected, actual)
    if (got !== want) {
      failures++
      console.error(`matchLines(${JSON.stringify(expected)}, ${JSON.stringify(actual)}) = ${got}, want ${want}`)
    }
  }
  const exitCases = [
    [["out", "[exit 2]"], { lines: ["out"], exitCode: 2 }],
    [["out"], { lines: ["out"], exitCode: 0 }],
    [["[exit 1]", ""], { lines: [], exitCode: 1 }],
    [["[exit 0]"], { error: true }],
    [["[exit 1]", "out"], { error: true }]
  ]
  for (const [lines, want] of exitCases) {
    const got = splitExit(lines)
    const ok =
      want.error === true
        ? got.error !== undefined
        : got.error === undefined &&
          got.exitCode === want.exitCode &&
          JSON.stringify(got.lines) === JSON.stringify(want.lines)
    if (!ok) {
      failures++
      console.error(`splitExit(${JSON.stringify(lines)}) = ${JSON.stringify(got)}, want ${JSON.stringify(want)}`)
    }
  }
  const diff = diffLines(["a", "b…", "c"], ["a", "bx", "d"])
  if (JSON.stringify(diff) !== JSON.stringify(["  a", "  bx", "+ d", "- c"])) {
    failures++
    console.error(`diffLines gave ${JSON.stringify(diff)}`)
  }
  return failures
}

/** Runs the self-test; throws when a case fails. */
export const assertSelfTest = () => {
  const failures = selfTest()
  if (failures > 0) throw new Error(`docs-check matcher self-test: ${failures} case(s) failed`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!process.argv.includes("--self-test")) {
    console.error("usage: node scripts/docs-check/match.mjs --self-test")
    process.exit(2)
  }
  const failures = selfTest()
  console.log(failures === 0 ? "docs-check matcher: all self-test cases pass" : `${failures} failure(s)`)
  process.exit(failures === 0 ? 0 : 1)
}
