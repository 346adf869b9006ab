/**
 * A first look at the command line, before @effect/cli parses it: which command it names, whether it asks for
 * help, and whether it holds a flag that command does not have. @effect/cli would take an unknown flag as a
 * positional argument (`imagekit upload --concurency 3 a.png` tried to upload a file named `--concurency`), or
 * report it without saying which flag was meant; here it is a usage error naming the closest flag the command has.
 */
import { type CommandSpec, type Flag, flagsOf } from "./commandSpec.js"

export type Analysis =
  /** `--help` or `-h` anywhere before `--`: the help of the command named so far. */
  | { readonly _tag: "Help"; readonly spec: CommandSpec }
  /** Nothing wrong seen: parse and run it. */
  | { readonly _tag: "Run"; readonly spec: CommandSpec }
  /** A mistake found before parsing: what it is, and what to run to see what is possible. */
  | { readonly _tag: "Usage"; readonly spec: CommandSpec; readonly message: string; readonly hint: string }

/** Flags every command takes, and those only `imagekit` itself takes (with whether they take a value). */
const HELP = ["-h", "--help"]
const ROOT_ONLY = new Map([
  ["--version", false],
  ["--completions", true]
])

/**
 * The number of single-character edits between `a` and `b`: insertions, deletions, substitutions and swaps of two
 * neighbours (`--josn` is one edit from `--json`), each counting one (optimal string alignment distance).
 */
export const editDistance = (a: string, b: string): number => {
  const rows: Array<Array<number>> = [Array.from({ length: b.length + 1 }, (_, j) => j)]
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min((rows[i - 1]?.[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (rows[i - 1]?.[j - 1] ?? 0) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1)
      }
      row.push(best)
    }
    rows.push(row)
  }
  return rows[a.length]?.[b.length] ?? 0
}

/** The candidate closest to `word`, if it is close enough to be what was meant (a typo, not another word). */
export const closest = (word: string, candidates: ReadonlyArray<string>): string | undefined => {
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 4)))
  let best: { readonly name: string; readonly distance: number } | undefined
  for (const name of candidates) {
    const distance = editDistance(word.toLowerCase(), name.toLowerCase())
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { name, distance }
  }
  return best?.name
}

/** A word that is a flag (`-t`, `--json`, `--folder=/a`), not a value such as `-` (stdin) or `-5`. */
const isFlag = (word: string): boolean => word.startsWith("-") && word !== "-" && !/^-\d/.test(word)

const lastWord = (spec: CommandSpec): string => spec.path[spec.path.length - 1] ?? ""

const quoted = (spec: CommandSpec): string => `\`${spec.path.join(" ")}\``

/** Reads `args` (the words after `imagekit`) against the command tree `root`. */
export const analyse = (root: CommandSpec, args: ReadonlyArray<string>): Analysis => {
  const end = args.indexOf("--")
  const words = end === -1 ? args : args.slice(0, end)
  let spec = root
  let help = false
  let positionals = 0
  let problem: { readonly message: string; readonly hint: string } | undefined
  const report = (message: string, hint = `Run \`${spec.path.join(" ")} --help\` to see its options.`) => {
    problem = problem ?? { message, hint }
  }

  for (let index = 0; index < words.length; index++) {
    const word = words[index] ?? ""
    if (!isFlag(word)) {
      const child = positionals === 0 ? spec.children.find((candidate) => lastWord(candidate) === word) : undefined
      if (child !== undefined) {
        spec = child
        continue
      }
      if (positionals === 0 && spec.children.length > 0) {
        const names = spec.children.map(lastWord)
        const meant = closest(word, names)
        const named = (command: string) => quoted({ ...spec, path: [...spec.path, command] })
        report(
          `unknown command ${named(word)}${meant === undefined ? "" : `; did you mean ${named(meant)}?`}`,
          `Run \`${spec.path.join(" ")} --help\` to see the commands.`
        )
      }
      positionals++
      continue
    }
    const name = (word.split("=")[0] ?? word).toLowerCase()
    if (HELP.includes(name)) {
      help = true
      continue
    }
    const isRoot = spec === root
    const rootOnly = ROOT_ONLY.get(name)
    if (rootOnly !== undefined) {
      if (name === "--version" && !(isRoot && index === 0)) {
        report(
          "--version prints the version of imagekit and goes alone (`imagekit --version`); " +
            "for a file version use the command's own option, e.g. `imagekit rm <fileId> --version-id <versionId>`"
        )
      } else if (rootOnly && !word.includes("=")) index++
      continue
    }
    const flags = flagsOf(spec.usage)
    const flag: Flag | undefined = flags.find((candidate) =>
      candidate.names.some((flagName) => flagName.toLowerCase() === name)
    )
    if (flag !== undefined) {
      // Its value is the next word (unless given as --flag=value), whatever it looks like: `--skip -1`.
      if (flag.value !== undefined && !word.includes("=")) index++
      continue
    }
    const known = [...flags.flatMap((candidate) => candidate.names), ...HELP, ...(isRoot ? ROOT_ONLY.keys() : [])]
    // A one-letter flag is too short to guess from: every other letter is one edit away. But `--x` for `-x` is
    // clear (a flag of one letter is a short one in @effect/cli).
    const short = /^--[a-z]$/.test(name) && known.includes(name.slice(1)) ? name.slice(1) : undefined
    const meant =
      short ??
      (name.startsWith("--")
        ? closest(
            name,
            known.filter((candidate) => candidate.startsWith("--"))
          )
        : undefined)
    const takesArguments = spec.usage.some((item) => item._tag === "Positional")
    report(
      `unknown option ${word.split("=")[0]} for ${quoted(spec)}` +
        (meant !== undefined
          ? `; did you mean ${meant}?`
          : takesArguments
            ? ` (an argument that starts with "-" goes after --, e.g. ${spec.path.join(" ")} -- ${word})`
            : "")
    )
  }
  if (help) return { _tag: "Help", spec }
  return problem === undefined ? { _tag: "Run", spec } : { _tag: "Usage", spec, ...problem }
}

/** Whether the command line asks for `--json` (before any `--`): usage errors then come as JSON on stdout too. */
export const wantsJson = (args: ReadonlyArray<string>): boolean => {
  const end = args.indexOf("--")
  return (end === -1 ? args : args.slice(0, end)).some((word) => word.toLowerCase() === "--json")
}
