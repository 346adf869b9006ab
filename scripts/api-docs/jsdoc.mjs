// Parses JSDoc comments from the source text itself (not TypeScript's JSDoc nodes, which re-flow example code and
// read a line starting with `@` inside a fenced block as a tag). Every content line keeps its position in the file,
// so an example that does not compile is reported at the line it comes from.

const FENCE = /^\s*(```|~~~)/
const TAG = /^@([A-Za-z]+)(?=\s|$)[ \t]?(.*)$/

/**
 * @typedef {{ readonly text: string, readonly line: number, readonly col: number }} Line
 *   `line` is 0-based; `col` is the column of `text[0]` in that line.
 * @typedef {{ readonly name: string, readonly text: string, readonly lines: ReadonlyArray<Line> }} Tag
 * @typedef {{ readonly lang: string, readonly lines: ReadonlyArray<Line> }} CodeBlock
 * @typedef {{
 *   readonly title: string,
 *   readonly body: string,
 *   readonly blocks: ReadonlyArray<CodeBlock>,
 *   readonly file: string,
 *   readonly line: number
 * }} Example
 *   `file` is the source file the example is written in, `line` the 0-based line of its `@example`.
 * @typedef {{
 *   readonly description: string,
 *   readonly since: string | undefined,
 *   readonly category: string | undefined,
 *   readonly internal: boolean,
 *   readonly examples: ReadonlyArray<Example>,
 *   readonly tags: ReadonlyArray<{ readonly name: string, readonly text: string }>
 * }} Doc
 */

/** @type {Doc} */
export const emptyDoc = {
  description: "",
  since: undefined,
  category: undefined,
  internal: false,
  examples: [],
  tags: []
}

/**
 * The content lines of the comment `/** … *\/` at `[pos, end)` of `sourceFile`.
 *
 * @param {import("typescript").SourceFile} sourceFile
 * @param {number} pos
 * @param {number} end
 * @returns {Array<Line>}
 */
const contentLines = (sourceFile, pos, end) => {
  const start = sourceFile.getLineAndCharacterOfPosition(pos)
  const raw = sourceFile.text.slice(pos, end).split("\n")
  return raw.map((rawLine, index) => {
    let text = rawLine.replace(/\r$/, "")
    let col = index === 0 ? start.character : 0
    const prefix = index === 0 ? /^\/\*\*[ \t]?/.exec(text) : /^[ \t]*\*(?!\/)[ \t]?/.exec(text)
    if (prefix !== null) {
      col += prefix[0].length
      text = text.slice(prefix[0].length)
    }
    if (index === raw.length - 1) text = text.replace(/[ \t]*\*\/$/, "")
    return { text: text.trimEnd(), line: start.line + index, col }
  })
}

/** @param {ReadonlyArray<Line>} lines */
const trimBlankEnds = (lines) => {
  let from = 0
  let to = lines.length
  while (from < to && lines[from]?.text === "") from++
  while (to > from && lines[to - 1]?.text === "") to--
  return lines.slice(from, to)
}

/** @param {ReadonlyArray<Line>} lines */
const joinLines = (lines) =>
  trimBlankEnds(lines)
    .map((line) => line.text)
    .join("\n")

/**
 * The fenced code blocks of an `@example`; without a fence, the whole example is one TypeScript block.
 *
 * @param {ReadonlyArray<Line>} lines
 * @returns {Array<CodeBlock>}
 */
const codeBlocks = (lines) => {
  /** @type {Array<CodeBlock>} */
  const blocks = []
  /** @type {{ marker: string, indent: number, lang: string, lines: Array<Line> } | undefined} */
  let open
  let fenced = false
  for (const line of lines) {
    const fence = /^([ \t]*)(```|~~~)[ \t]*([\w-]*)/.exec(line.text)
    if (open === undefined) {
      if (fence !== null) {
        fenced = true
        open = { marker: fence[2] ?? "```", indent: (fence[1] ?? "").length, lang: fence[3] ?? "", lines: [] }
      }
    } else if (fence !== null && fence[2] === open.marker && line.text.trim() === open.marker) {
      blocks.push({ lang: open.lang, lines: trimBlankEnds(open.lines) })
      open = undefined
    } else {
      const cut = Math.min(open.indent, line.text.length - line.text.trimStart().length)
      open.lines.push({ text: line.text.slice(cut), line: line.line, col: line.col + cut })
    }
  }
  if (open !== undefined) blocks.push({ lang: open.lang, lines: trimBlankEnds(open.lines) })
  if (!fenced) {
    const all = trimBlankEnds(lines)
    if (all.length > 0) blocks.push({ lang: "ts", lines: all })
  }
  return blocks
}

/**
 * Parses the JSDoc comment at `[pos, end)`.
 *
 * @param {import("typescript").SourceFile} sourceFile
 * @param {number} pos
 * @param {number} end
 * @returns {Doc}
 */
export const parseComment = (sourceFile, pos, end) => {
  /** @type {Array<Line>} */
  const description = []
  /** @type {Array<{ name: string, first: Line, lines: Array<Line> }>} */
  const tags = []
  let inFence = false
  for (const line of contentLines(sourceFile, pos, end)) {
    const tag = inFence ? null : TAG.exec(line.text)
    if (tag !== null) {
      const rest = tag[2] ?? ""
      tags.push({
        name: tag[1] ?? "",
        first: { text: rest, line: line.line, col: line.col + line.text.length - rest.length },
        lines: []
      })
      if (FENCE.test(rest)) inFence = !inFence
      continue
    }
    if (FENCE.test(line.text)) inFence = !inFence
    const current = tags[tags.length - 1]
    if (current === undefined) description.push(line)
    else current.lines.push(line)
  }
  const textOf = (/** @type {{ first: Line, lines: Array<Line> }} */ tag) => joinLines([tag.first, ...tag.lines])
  const first = (/** @type {string} */ name) => {
    const tag = tags.find((t) => t.name === name)
    return tag === undefined ? undefined : textOf(tag).split("\n")[0]?.trim() || undefined
  }
  return {
    description: joinLines(description),
    since: first("since"),
    category: first("category"),
    internal: tags.some((t) => t.name === "internal"),
    examples: tags
      .filter((t) => t.name === "example")
      .map((t) => {
        // `@example Title` then the code; a fence may also start on the tag's own line.
        const titled = FENCE.test(t.first.text) ? "" : t.first.text.trim()
        const lines = titled === "" ? [t.first, ...t.lines] : t.lines
        return {
          title: titled,
          body: joinLines(lines),
          blocks: codeBlocks(lines),
          file: sourceFile.fileName,
          line: t.first.line
        }
      }),
    tags: tags
      .filter((t) => !["since", "category", "example", "internal"].includes(t.name))
      .map((t) => ({ name: t.name, text: textOf(t) }))
  }
}

/**
 * Merges the docs of the declarations behind one export (e.g. a `const` and a `type` of the same name): the first
 * description, `@since` and `@category` found, and every example and other tag.
 *
 * @param {ReadonlyArray<Doc>} docs
 * @returns {Doc}
 */
export const mergeDocs = (docs) => ({
  description: docs.find((d) => d.description !== "")?.description ?? "",
  since: docs.find((d) => d.since !== undefined)?.since,
  category: docs.find((d) => d.category !== undefined)?.category,
  internal: docs.some((d) => d.internal),
  examples: docs.flatMap((d) => d.examples),
  tags: docs.flatMap((d) => d.tags)
})
