/**
 * How every command prints. A command's action returns a {@link Rendered}: the JSON value for `--json` and the
 * lines for people. {@link runAction} prints one or the other on stdout, and turns a failure into one line on
 * stderr (`imagekit: <what happened> (<what to do>)`), plus `{"error": {...}}` on stdout under `--json` so that a
 * script reading stdout always gets JSON. Exit codes are those of {@link ExitCode}.
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { CommandFailure, type CredentialsError, ExitCode, ReportedFailure, type UsageError } from "./errors.js"
import { err, out, type Stdio } from "./stdio.js"

/**
 * What a command produced: `json` is printed (2-space indented) under `--json`, `lines` otherwise.
 */
export interface Rendered {
  readonly json: unknown
  readonly lines: ReadonlyArray<string>
}

/** The one line a failure prints on stderr. */
export const failureLine = (failure: CommandFailure): string =>
  `imagekit: ${failure.message}${failure.hint === "" ? "" : ` (${failure.hint})`}`

/** The `--json` form of a failure, printed on stdout. Stable: `{ error: { kind, message, hint, exitCode, status? } }`. */
export const failureJson = (failure: CommandFailure) => ({
  error: {
    kind: failure.kind,
    message: failure.message,
    hint: failure.hint,
    exitCode: failure.exitCode,
    ...(failure.status === undefined ? {} : { status: failure.status })
  }
})

/** Prints a JSON value on stdout the way every command does: 2-space indent, a trailing newline. */
export const printJson = (value: unknown): Effect.Effect<void, never, Stdio> => out(JSON.stringify(value, null, 2))

/**
 * Reports a failure: its line on stderr and, under `--json`, its error object on stdout; then ends the command with
 * its exit code, printing nothing more.
 */
export const reportFailure = (json: boolean, failure: CommandFailure): Effect.Effect<never, ReportedFailure, Stdio> =>
  Effect.zipRight(
    Effect.zipRight(err(failureLine(failure)), json ? printJson(failureJson(failure)) : Effect.void),
    Effect.fail(new ReportedFailure({ exitCode: failure.exitCode }))
  )

/**
 * Runs a command's action and prints its result or its failure. Usage errors (exit 2) are left to `bin.ts`, which
 * prints them with the `--help` hint; every other failure is printed here and ends as a {@link ReportedFailure}.
 */
export const runAction = <R>(
  json: boolean,
  action: Effect.Effect<Rendered, CommandFailure | CredentialsError | UsageError, R | Scope.Scope>
): Effect.Effect<void, ReportedFailure | UsageError, Exclude<R, Scope.Scope> | Stdio> =>
  action.pipe(
    Effect.scoped,
    Effect.flatMap((rendered) => (json ? printJson(rendered.json) : out(...rendered.lines))),
    Effect.catchTags({
      CredentialsError: (error) =>
        Effect.fail(
          new CommandFailure({ kind: "CredentialsError", message: error.message, hint: "", exitCode: ExitCode.failed })
        ),
      UsageError: (error) =>
        json
          ? Effect.fail(
              new CommandFailure({
                kind: "UsageError",
                message: error.message,
                hint: "run `imagekit <command> --help` to see the options",
                exitCode: ExitCode.usage
              })
            )
          : Effect.fail(error)
    }),
    Effect.catchTag("CommandFailure", (failure) => reportFailure(json, failure))
  )

/**
 * Columns padded to their widest cell, for people (scripts use `--json`). The last column is not padded.
 */
export const table = (headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): Array<string> => {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? "").length))
  )
  const line = (cells: ReadonlyArray<string>) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join("  ")
      .trimEnd()
  return [line(headers), ...rows.map(line)]
}
