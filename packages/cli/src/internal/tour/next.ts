/**
 * The tour's closing lines: what to run next, written so that it works where the tour ran. After `npm i -g` (or
 * `npx`), `imagekit` is a command on the PATH; in a clone of the repository (`pnpm start`) it is not, and
 * `imagekit --help` would answer "command not found". So the lines name `imagekit` only when the PATH has it, and
 * otherwise the `node …/dist/bin.js` that ran the tour, with the alias that makes it `imagekit`.
 */
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as fs from "node:fs"
import * as path from "node:path"

export interface Where {
  /** The PATH variable, `undefined` when unset. */
  readonly path: string | undefined
  /** The program that runs the tour (`process.argv[1]`), `undefined` when unknown. */
  readonly program: string | undefined
  readonly cwd: string
  /** Whether the file exists and may be executed. */
  readonly isExecutable: (file: string) => boolean
}

/** How to run imagekit from here: the command, and the alias line to offer when it is not `imagekit` itself. */
export const invocation = (where: Where): { readonly command: string; readonly alias: string | undefined } => {
  const dirs = (where.path ?? "").split(path.delimiter).filter((dir) => dir !== "")
  if (dirs.some((dir) => where.isExecutable(path.join(dir, "imagekit"))))
    return { command: "imagekit", alias: undefined }
  if (where.program === undefined) return { command: "npx imagekit", alias: undefined }
  const absolute = path.resolve(where.cwd, where.program)
  const relative = path.relative(where.cwd, absolute)
  // From a clone's root: `node packages/cli/dist/bin.js`; from elsewhere the absolute path, which works anywhere.
  const shown = relative.startsWith("..") || path.isAbsolute(relative) ? absolute : relative
  const quote = (text: string) => (/^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`)
  // The alias's value is parsed again when it is used: the path is quoted inside it too.
  return {
    command: `node ${quote(shown)}`,
    alias: `alias imagekit="node ${quote(absolute).replace(/(["\\$`])/g, "\\$1")}"`
  }
}

/** The closing lines for `command` (and its alias). */
export const nextLines = (found: ReturnType<typeof invocation>): Array<string> => {
  const rows: Array<readonly [string, string]> = [
    [`${found.command} --help`, "every command; with IMAGEKIT_* set they use your ImageKit account"],
    [`${found.command} emulator`, "this emulator on a port, for your own code and tests"],
    ["docs/tour.md", "what each step did, and the SDK calls behind it"]
  ]
  const width = Math.max(...rows.map(([left]) => left.length)) + 3
  return [
    "Next:",
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`),
    ...(found.alias === undefined ? [] : [`  ${found.alias}   makes it \`imagekit\` in this shell`])
  ]
}

const isExecutable = (file: string): boolean => {
  try {
    fs.accessSync(file, fs.constants.X_OK)
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}

/** Where this process runs: PATH through `Config` (a test sets it), the program and directory from the process. */
export const here: Effect.Effect<Where> = Config.option(Config.string("PATH")).pipe(
  Effect.orElseSucceed(() => Option.none<string>()),
  Effect.map((pathVariable) => ({
    path: Option.getOrUndefined(pathVariable),
    program: process.argv[1],
    cwd: process.cwd(),
    isExecutable
  }))
)
