/**
 * @effect/cli prints help and usage errors with ANSI colours whatever the output is. Colours are for a person at a
 * terminal: with `NO_COLOR` set (https://no-color.org), or when the stream is a pipe or a file, they are stripped,
 * so `imagekit --help > help.txt` and scripts reading stderr get plain text.
 */
import * as Console from "effect/Console"
import type * as Effect from "effect/Effect"

// CSI sequences (colours, cursor moves) as @effect/printer-ansi writes them.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, "g")

const colourless = (stream: NodeJS.WriteStream): boolean => (process.env.NO_COLOR ?? "") !== "" || stream.isTTY !== true

const strip = (args: ReadonlyArray<unknown>): Array<unknown> =>
  args.map((arg) => (typeof arg === "string" ? arg.replace(ANSI, "") : arg))

/** `base` with `log` (stdout) and `error` (stderr) stripped of colours where they would not be seen as colours. */
const plain = (base: Console.Console): Console.Console => {
  const out = colourless(process.stdout)
  const err = colourless(process.stderr)
  return {
    ...base,
    log: (...args) => base.log(...(out ? strip(args) : args)),
    error: (...args) => base.error(...(err ? strip(args) : args)),
    unsafe: {
      ...base.unsafe,
      log: (...args) => base.unsafe.log(...(out ? strip(args) : args)),
      error: (...args) => base.unsafe.error(...(err ? strip(args) : args))
    }
  }
}

/** Runs `self` with the plain console. */
export const withPlainConsole = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Console.consoleWith((base) => Console.withConsole(self, plain(base)))
