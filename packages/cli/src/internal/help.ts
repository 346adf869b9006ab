/**
 * `imagekit --help` and `imagekit <command> --help`, written from the command's spec (`commandSpec.ts`) instead of
 * @effect/cli's own help: that one pads lines to the widest usage in the tree (663 columns for `imagekit --help`),
 * prints each subcommand's usage without `imagekit`, shows optional repeatable flags as required, and surrounds every
 * description with boilerplate ("A user-defined piece of text.", "This setting is optional.", `--wizard`, …).
 *
 * Layout: a usage line that starts with `imagekit`, wrapped under itself; the description; then the arguments,
 * options and subcommands as two columns, every line at most {@link WIDTH} columns.
 */
import type { CommandSpec, Flag, UsageItem } from "./commandSpec.js"

export const WIDTH = 80

/** Words of `text` in lines of at most `width` (a word longer than that gets a line of its own). */
export const wrap = (text: string, width: number): Array<string> => {
  const lines: Array<string> = []
  let line = ""
  for (const word of text.split(/\s+/).filter((part) => part !== "")) {
    if (line === "") line = word
    else if (line.length + 1 + word.length <= width) line = `${line} ${word}`
    else {
      lines.push(line)
      line = word
    }
  }
  if (line !== "") lines.push(line)
  return lines
}

/** `text` → `<text>`, `path | query` → `<path|query>`; a long list of choices → `<value>` (listed in the text). */
const placeholder = (value: string): string => {
  const choices = value.split(" | ")
  if (choices.length > 1) {
    const joined = choices.join("|")
    return joined.length <= 24 ? `<${joined}>` : "<value>"
  }
  if (value === "float") return "<number>"
  if (value === "redacted") return "<secret>"
  return `<${value}>`
}

const choicesNote = (flag: Flag): Array<string> => {
  const choices = flag.value?.split(" | ") ?? []
  return choices.length > 1 && placeholder(flag.value ?? "") === "<value>" ? [`One of: ${choices.join(", ")}.`] : []
}

const flagTerm = (flag: Flag): string => {
  const names = flag.names.join(", ")
  const value = flag.value === undefined ? "" : ` ${placeholder(flag.value)}`
  return `${names}${value}${flag.repeated ? "..." : ""}`
}

const usageWord = (item: UsageItem): string => {
  switch (item._tag) {
    case "Flag": {
      const longest = item.names[item.names.length - 1] ?? ""
      const value = item.value === undefined ? "" : ` ${placeholder(item.value)}`
      const word = `${longest}${value}`
      if (item.repeated) return `[${word}]...`
      return item.optional ? `[${word}]` : word
    }
    case "Alternatives": {
      const word = item.flags.map((flag) => flag.names[flag.names.length - 1] ?? "").join(" | ")
      return item.optional ? `[${word}]` : `(${word})`
    }
    case "Positional": {
      const word = `${item.name}${item.repeated ? "..." : ""}`
      return item.optional ? `[${word}]` : word
    }
  }
}

/** `  imagekit upload [--folder <text>] …`, continued lines aligned under the first argument. */
const usageLines = (prefix: string, words: ReadonlyArray<string>, width: number): Array<string> => {
  const indent = " ".repeat(prefix.length + 1)
  const lines: Array<string> = []
  let line = prefix
  for (const word of words) {
    if (line.length + 1 + word.length <= width || line.trim() === "" || line === prefix) line = `${line} ${word}`
    else {
      lines.push(line)
      line = `${indent}${word}`
    }
  }
  lines.push(line)
  return lines
}

interface Row {
  readonly term: string
  readonly text: ReadonlyArray<string>
}

/** Terms in a column, their text wrapped beside them; a term too long for the column gets its own line. */
const rows = (entries: ReadonlyArray<Row>, width: number): Array<string> => {
  const column = Math.min(28, Math.max(...entries.map((entry) => entry.term.length)) + 4)
  const textWidth = width - column
  return entries.flatMap((entry) => {
    const text = entry.text.flatMap((paragraph) => wrap(paragraph, textWidth))
    const term = `  ${entry.term}`
    if (term.length + 2 > column || text.length === 0) {
      return [term, ...text.map((line) => `${" ".repeat(column)}${line}`)]
    }
    const [first = "", ...rest] = text
    return [`${term.padEnd(column)}${first}`, ...rest.map((line) => `${" ".repeat(column)}${line}`)]
  })
}

/**
 * The first sentence of a description, and only up to its colon or semicolon when that leaves enough to read: what
 * the list of subcommands shows.
 */
export const summary = (description: ReadonlyArray<string>): string => {
  const text = description[0] ?? ""
  const sentence = /^.*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text
  const cut = /^(.{24,}?)[:;]\s/.exec(sentence)
  return cut?.[1] === undefined ? sentence.replace(/\.$/, "") : cut[1]
}

const HELP_FLAG: Row = { term: "-h, --help", text: ["Show this help."] }

export interface HelpOptions {
  readonly version: string
  readonly width?: number | undefined
}

/**
 * The help of one command (or of `imagekit` itself when `spec` is the root). Sections are headed in capitals
 * (`USAGE`, `ARGUMENTS`, `COMMANDS`, `OPTIONS`) and subcommands listed as `- name  summary`, as @effect/cli's help
 * was: scripts/docs-check reads the commands and flags of `--help` in that form.
 */
export const renderHelp = (spec: CommandSpec, options: HelpOptions): string => {
  const width = options.width ?? WIDTH
  const name = spec.path.join(" ")
  const lines: Array<string> = []
  const isRoot = spec.path.length === 1
  if (isRoot) lines.push(`${name} ${options.version}: ${spec.description[0] ?? ""}`)
  else for (const paragraph of spec.description) lines.push(...wrap(paragraph, width))

  const own = spec.usage.map(usageWord)
  lines.push("", "USAGE")
  if (spec.children.length > 0) {
    lines.push(...usageLines(`  ${name}`, ["<command>", ...own, "[options]"], width))
    if (isRoot) lines.push(`  ${name} --version`)
  } else {
    lines.push(...usageLines(`  ${name}`, own, width))
  }

  const positionals = spec.usage.flatMap((item) => (item._tag === "Positional" ? [item] : []))
  if (positionals.length > 0) {
    lines.push("", "ARGUMENTS")
    lines.push(
      ...rows(
        positionals.map((item) => ({
          term: `${item.name}${item.repeated ? "..." : ""}`,
          text: spec.help.get(item.name) ?? []
        })),
        width
      )
    )
  }

  if (spec.children.length > 0) {
    lines.push("", "COMMANDS")
    lines.push(
      ...rows(
        spec.children.map((child) => ({
          term: `- ${child.path[child.path.length - 1] ?? ""}`,
          text: [summary(child.description)]
        })),
        width
      )
    )
  }

  const flags = spec.usage.flatMap((item): Array<Row> => {
    if (item._tag === "Positional") return []
    const group = item._tag === "Flag" ? [item] : item.flags
    return group.map((flag, index) => {
      const text = spec.help.get(flag.names[flag.names.length - 1] ?? "") ?? []
      // Alternatives share one description: it is printed once, under the last of them.
      return { term: flagTerm(flag), text: index < group.length - 1 ? [] : [...text, ...choicesNote(flag)] }
    })
  })
  const builtIns: Array<Row> = isRoot
    ? [
        HELP_FLAG,
        { term: "--version", text: ["Print the version of imagekit."] },
        { term: "--completions <sh|bash|fish|zsh>", text: ["Print a completion script for that shell."] }
      ]
    : [HELP_FLAG]
  lines.push("", "OPTIONS", ...rows([...flags, ...builtIns], width))

  if (isRoot) {
    lines.push(
      "",
      ...wrap(
        "With IMAGEKIT_PUBLIC_KEY, IMAGEKIT_PRIVATE_KEY and IMAGEKIT_URL_ENDPOINT set, commands use that ImageKit " +
          "account; with none of them set, an embedded emulator that keeps its files between commands. " +
          "`imagekit <command> --help` shows a command's options.",
        width
      )
    )
  } else if (spec.children.length > 0) {
    lines.push("", `\`${name} <command> --help\` shows a command's options.`)
  }
  return `${lines.join("\n")}\n`
}
