// Fenced code blocks of a Markdown page, with the `<!-- docs-check: … -->` marker on the line before the fence.

const FENCE = /^(\s*)(`{3,}|~{3,})(.*)$/u
const MARKER = /^<!--\s*docs-check:\s*(.*?)\s*-->$/u

/**
 * Returns `{ lang, info, line, endLine, code, lines, marker, heading }` for every fenced block. `line` is the
 * 1-based line of the opening fence; `lines[k]` is on page line `line + 1 + k`. `marker` is the text after
 * `docs-check:` in an HTML comment on the closest non-blank line before the fence, or undefined. `heading` is
 * the closest heading above the block.
 */
export const extractBlocks = (text) => {
  const pageLines = text.split(/\r?\n/u)
  const blocks = []
  let heading
  for (let i = 0; i < pageLines.length; i++) {
    const headingMatch = /^#{1,6}\s+(.*)$/u.exec(pageLines[i])
    if (headingMatch !== null) {
      heading = headingMatch[1].trim()
      continue
    }
    const open = FENCE.exec(pageLines[i])
    if (open === null) continue
    const [, indent, fence, rest] = open
    if (fence.startsWith("`") && rest.includes("`")) continue
    const info = rest.trim()
    const lang = (info.split(/\s+/u)[0] ?? "").toLowerCase()
    let end = i + 1
    const closing = new RegExp(`^\\s*${fence[0] === "`" ? "`" : "~"}{${fence.length},}\\s*$`, "u")
    while (end < pageLines.length && !closing.test(pageLines[end])) end++
    const lines = pageLines.slice(i + 1, end).map((line) => {
      // Content of an indented fence (in a list) loses up to the fence's indentation.
      let k = 0
      while (k < indent.length && line[k] === " ") k++
      return line.slice(k)
    })
    let before = i - 1
    while (before >= 0 && pageLines[before].trim() === "") before--
    const markerMatch = before >= 0 ? MARKER.exec(pageLines[before].trim()) : null
    blocks.push({
      lang,
      info,
      line: i + 1,
      endLine: end + 1,
      lines,
      code: `${lines.join("\n")}\n`,
      marker: markerMatch === null ? undefined : markerMatch[1],
      heading
    })
    i = end
  }
  return blocks
}

/**
 * Parses a marker: `skip (reason)` → `{ kind: "skip", reason }`; `stop-after 2s` / `stop-after 1500ms` →
 * `{ kind: "stop-after", ms }`; anything else → `{ kind: "invalid", text }`.
 */
export const parseMarker = (marker) => {
  if (marker === undefined) return undefined
  const skip = /^skip\s*\((.+)\)$/u.exec(marker)
  if (skip !== null) return { kind: "skip", reason: skip[1].trim() }
  const stop = /^stop-after\s+(\d+(?:\.\d+)?)\s*(ms|s)$/u.exec(marker)
  if (stop !== null) return { kind: "stop-after", ms: Number(stop[1]) * (stop[2] === "s" ? 1000 : 1) }
  return { kind: "invalid", text: marker }
}
