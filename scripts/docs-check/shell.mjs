// ```sh / ```bash / ```shell blocks: `bash -n`, and every `imagekit …` invocation names a real command and flags.

import { spawn } from "node:child_process"
import { join } from "node:path"

const run = (file, args, { input, cwd, env } = {}) =>
  new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env, stdio: ["pipe", "pipe", "pipe"] })
    let output = ""
    child.stdout.on("data", (chunk) => {
      output += chunk
    })
    child.stderr.on("data", (chunk) => {
      output += chunk
    })
    child.on("error", reject)
    child.on("close", (code) => resolve({ code, output }))
    child.stdin.end(input ?? "")
  })

/** `bash -n` on the block: resolves to `[]` or `[{ line, message }]` in page lines. */
export const syntaxCheck = async (block) => {
  const { code, output } = await run("bash", ["-n"], { input: block.code })
  if (code === 0) return []
  return output
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const match = /line (\d+):/u.exec(line)
      return { line: match === null ? block.line : block.line + Number(match[1]), message: line }
    })
}

/**
 * Splits shell text into simple commands: `{ line, words }` (page line of the first word). Handles quotes,
 * backslash-newline, comments and the operators `&&`, `||`, `;`, `|`, `&`; enough for documentation.
 */
export const simpleCommands = (block) => {
  const text = block.code
  const commands = []
  let words = []
  let word
  let line = block.line + 1
  let commandLine = line
  const endWord = () => {
    if (word !== undefined) {
      if (words.length === 0) commandLine = line
      words.push(word)
      word = undefined
    }
  }
  const endCommand = () => {
    endWord()
    if (words.length > 0) commands.push({ line: commandLine, words })
    words = []
  }
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === "\\" && text[i + 1] === "\n") {
      i++
      line++
    } else if (c === "\n") {
      endCommand()
      line++
    } else if (c === "#" && word === undefined) {
      while (i + 1 < text.length && text[i + 1] !== "\n") i++
    } else if (c === " " || c === "\t") endWord()
    else if (c === ";" || c === "|" || c === "&") {
      endCommand()
      if (text[i + 1] === c) i++
    } else if (c === "'" || c === '"') {
      const close = text.indexOf(c, i + 1)
      const end = close === -1 ? text.length : close
      word = (word ?? "") + text.slice(i + 1, end)
      i = end
    } else if (c === "\\") {
      word = (word ?? "") + (text[i + 1] ?? "")
      i++
    } else word = (word ?? "") + c
  }
  endCommand()
  return commands
}

/** The CLI arguments of an `imagekit` invocation in `words`, or undefined when the command is something else. */
export const imagekitArgs = (words) => {
  let k = 0
  while (k < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/u.test(words[k])) k++
  if (words[k] === "env") {
    k++
    while (k < words.length) {
      if (words[k] === "-u" || words[k] === "--unset") k += 2
      else if (words[k].startsWith("-") || /^[A-Za-z_][A-Za-z0-9_]*=/u.test(words[k])) k++
      else break
    }
  }
  if (words[k] === "imagekit") return words.slice(k + 1)
  if (words[k] === "node" && words[k + 1]?.endsWith("packages/cli/dist/bin.js")) return words.slice(k + 2)
  return undefined
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "gu")

/** The names under COMMANDS in a help text. */
const commandNames = (help) => {
  const lines = help.split("\n")
  const start = lines.findIndex((line) => line.trim() === "COMMANDS")
  if (start === -1) return []
  const names = []
  for (const line of lines.slice(start + 1)) {
    const match = /^\s*- (\S+)/u.exec(line)
    if (match !== null) names.push(match[1])
    else if (/^\S/u.test(line)) break
  }
  return names
}

const hasFlag = (help, flag) => new RegExp(`(^|[\\s\\[(|,])${flag}(?=$|[\\s\\]|),=])`, "mu").test(help)

/** Checks `imagekit` invocations against the CLI's own help; the help of each command path is read once. */
export const makeCliChecker = (root) => {
  const bin = join(root, "packages", "cli", "dist", "bin.js")
  const helps = new Map()
  const help = (path) => {
    const key = path.join(" ")
    let known = helps.get(key)
    if (known === undefined) {
      known = run(process.execPath, [bin, ...path, "--help"], {
        cwd: root,
        env: { ...process.env, NO_COLOR: "1" }
      }).then(({ code, output }) => ({ code, text: output.replace(ANSI, "") }))
      helps.set(key, known)
    }
    return known
  }
  /** Resolves to a list of problems (strings) for one invocation. */
  return async (args) => {
    const path = []
    let k = 0
    let current = await help(path)
    if (current.code !== 0) return [`\`imagekit --help\` failed (exit ${current.code}): is packages/cli built?`]
    while (k < args.length && !args[k].startsWith("-")) {
      const names = commandNames(current.text)
      if (names.length === 0) break
      if (!names.includes(args[k])) {
        return [
          `\`imagekit ${[...path, args[k]].join(" ")}\`: no such command (${path.length === 0 ? "commands" : `subcommands of ${path.join(" ")}`}: ${names.join(", ")})`
        ]
      }
      path.push(args[k])
      k++
      current = await help(path)
      if (current.code !== 0) return [`\`imagekit ${path.join(" ")} --help\` failed (exit ${current.code})`]
    }
    const problems = []
    for (const arg of args) {
      if (!arg.startsWith("--") || arg === "--") continue
      const flag = arg.split("=")[0]
      if (!hasFlag(current.text, flag)) {
        problems.push(
          `\`imagekit ${path.join(" ")}\` has no option ${flag} (see \`imagekit ${path.join(" ")} --help\`)`
        )
      }
    }
    return problems
  }
}
