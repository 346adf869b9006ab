/**
 * How every command prints. A command's action returns a {@link Rendered}: the JSON value for `--json` and the
 * lines for people. {@link runAction} prints one or the other on stdout, and turns a failure into one line on
 * stderr (`imagekit: <what happened> (<what to do>)`), plus `{"error": {...}}` on stdout under `--json` so that a
 * script reading stdout always gets JSON. Exit codes are those of {@link ExitCode}.
 */
import type { OperationError } from "@effect-imagekit/sdk/ImageKit"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { CommandFailure, type CredentialsError, ExitCode, ReportedFailure, type UsageError } from "./errors.js"

/**
 * What a command produced: `json` is printed (2-space indented) under `--json`, `lines` otherwise.
 */
export interface Rendered {
  readonly json: unknown
  readonly lines: ReadonlyArray<string>
}

/** Hints for a 404, by what the command was looking for. */
export interface FailureContext {
  /** e.g. "run `imagekit ls` to see file ids". */
  readonly notFound?: string | undefined
}

const apiHint = (status: number, help: string): string => {
  if (status >= 500) return "ImageKit failed to answer; try again in a moment"
  if (help !== "") return help
  return "see `imagekit <command> --help`"
}

/** An SDK error as a printable failure with a hint and an exit code. */
export const fromOperationError = (error: OperationError, context: FailureContext = {}): CommandFailure => {
  switch (error._tag) {
    case "ApiError":
    case "NotFoundError":
    case "AuthenticationError":
    case "PermissionError":
    case "ConflictError": {
      if (error.status === 401 || error.status === 403) {
        return new CommandFailure({
          kind: error._tag,
          status: error.status,
          message: `not permitted (HTTP ${error.status}): ${error.message}`,
          hint: "check IMAGEKIT_PRIVATE_KEY and IMAGEKIT_PUBLIC_KEY, and that the key may do this",
          exitCode: ExitCode.notPermitted
        })
      }
      if (error.status === 404) {
        return new CommandFailure({
          kind: error._tag,
          status: error.status,
          message: `not found: ${error.message}`,
          hint: context.notFound ?? apiHint(error.status, error.help),
          exitCode: ExitCode.notFound
        })
      }
      return new CommandFailure({
        kind: error._tag,
        status: error.status,
        message: `HTTP ${error.status}: ${error.message}`,
        hint: apiHint(error.status, error.help),
        exitCode: ExitCode.failed
      })
    }
    case "InvalidInputError":
      return new CommandFailure({
        kind: error._tag,
        message: error.message,
        hint: error.help,
        exitCode: ExitCode.usage
      })
    case "RateLimitError":
      return new CommandFailure({
        kind: error._tag,
        status: error.metadata.statusCode,
        message: error.message,
        hint: "wait for the reset and run the command again",
        exitCode: ExitCode.failed
      })
    case "ResponseDecodeError":
      return new CommandFailure({
        kind: error._tag,
        status: error.metadata.statusCode,
        message: error.message,
        hint: "the answer was not what ImageKit documents; report it with the command you ran",
        exitCode: ExitCode.failed
      })
    default:
      // Transport errors and timeouts say what to check, and for uploads whether the file may be stored.
      return new CommandFailure({
        kind: error._tag,
        message: error.message,
        hint: "check the network and IMAGEKIT_API_BASE_URL, then try again",
        exitCode: ExitCode.failed
      })
  }
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

/** Prints a JSON value the way every command does: 2-space indent, a trailing newline. */
export const printJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

const printLines = (lines: ReadonlyArray<string>): void => {
  if (lines.length > 0) process.stdout.write(`${lines.join("\n")}\n`)
}

/**
 * Runs a command's action and prints its result or its failure. Usage errors (exit 2) are left to `bin.ts`, which
 * prints them with the `--help` hint; every other failure is printed here and ends as a {@link ReportedFailure}.
 */
export const runAction = <R>(
  json: boolean,
  action: Effect.Effect<Rendered, CommandFailure | CredentialsError | UsageError, R | Scope.Scope>
): Effect.Effect<void, ReportedFailure | UsageError, Exclude<R, Scope.Scope>> =>
  action.pipe(
    Effect.scoped,
    Effect.flatMap((rendered) => Effect.sync(() => (json ? printJson(rendered.json) : printLines(rendered.lines)))),
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
    Effect.catchTag("CommandFailure", (failure) =>
      Effect.zipRight(
        Effect.sync(() => {
          process.stderr.write(`${failureLine(failure)}\n`)
          if (json) printJson(failureJson(failure))
        }),
        Effect.fail(new ReportedFailure({ exitCode: failure.exitCode }))
      )
    )
  )

/** Fails with the printable form of an SDK error; `context` adds the hint for a 404. */
export const orFail =
  (context: FailureContext = {}) =>
  <A, R>(self: Effect.Effect<A, OperationError, R>): Effect.Effect<A, CommandFailure, R> =>
    Effect.mapError(self, (error) => fromOperationError(error, context))

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
