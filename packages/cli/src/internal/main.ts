/**
 * One run of the `imagekit` command, from its arguments to its exit code, with every effect on the outside world
 * taken from services: the streams ({@link Stdio}), the client ({@link CliClient}), the interruption exit code
 * ({@link Interruption}) and what @effect/cli needs (file system, path, terminal). `bin.ts` provides the real ones;
 * the tests provide captured streams and an emulator's settings and run commands in process.
 *
 * Exit codes (`ExitCode` in `errors.ts`): 0 after a clean stop (Ctrl+C / SIGTERM included, unless the command said
 * otherwise, see `interruption.ts`; and when stdout's reader went away, `imagekit tour | head -1`), 2 for a usage
 * error, the code a command chose when it already reported its failure (`ReportedFailure`: 1, 3 not found, 4 not
 * permitted), 1 for anything else, printed here as one line. Nothing printed here contains a key or secret: typed
 * errors never hold them.
 */
import type * as CliApp from "@effect/cli/CliApp"
import * as ValidationError from "@effect/cli/ValidationError"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import { runCli } from "./cli.js"
import type { CliClient } from "./client.js"
import { ExitCode, ReportedFailure, UsageError } from "./errors.js"
import type { Interruption } from "./interruption.js"
import { err, Stdio, withStdioConsole } from "./stdio.js"

const HINT = "Run `imagekit <command> --help` to see the options."

const isUsageError = (error: unknown): boolean =>
  ValidationError.isValidationError(error) || error instanceof UsageError

/** The exit code of a finished run (an interrupted one is decided by whoever interrupted it). */
export const exitCodeOf = (exit: Exit.Exit<unknown, unknown>): number => {
  if (Exit.isSuccess(exit)) return ExitCode.ok
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure) && failure.value instanceof ReportedFailure) return failure.value.exitCode
  return Option.isSome(failure) && isUsageError(failure.value) ? ExitCode.usage : ExitCode.failed
}

const describe = (error: unknown): string => {
  // Typed errors (EmulatorError and friends) carry a message meant for people; defects get their message only.
  if (error instanceof Error) return error.message
  return String(error)
}

/** Prints what the command has not printed itself about how it ended. */
const reportEnd = (cause: Cause.Cause<unknown>): Effect.Effect<void, never, Stdio> => {
  const failure = Cause.failureOption(cause)
  if (Cause.isInterruptedOnly(cause)) return Effect.void
  if (Option.isSome(failure) && failure.value instanceof ReportedFailure) return Effect.void
  if (Option.isSome(failure) && ValidationError.isValidationError(failure.value)) {
    // @effect/cli has printed what was wrong; add where to look. `--help` itself does not end here.
    return err(HINT)
  }
  const usage = Option.isSome(failure) && failure.value instanceof UsageError ? failure.value : undefined
  if (usage !== undefined) return err(`imagekit: ${usage.message}`, HINT)
  const error = Option.isSome(failure) ? failure.value : Cause.squash(cause)
  return err(`imagekit: ${describe(error)}`)
}

/** What a run needs from outside. */
export type Environment = Stdio | CliClient | Interruption | CliApp.CliApp.Environment

/**
 * Runs `imagekit` with `args` (the words after `imagekit`) and gives its exit code. Interrupting it (Ctrl+C) is
 * left to the caller, which then exits with the {@link Interruption}'s code.
 */
export const main = (args: ReadonlyArray<string>): Effect.Effect<number, never, Environment> =>
  Effect.gen(function* () {
    const stdio = yield* Stdio
    const run = runCli(["node", "imagekit", ...args]).pipe(
      withStdioConsole,
      Effect.tapErrorCause(reportEnd),
      Effect.exit,
      Effect.map(exitCodeOf)
    )
    // When stdout's reader goes away the rest of the work is pointless: stop it (its finalizers run) and exit 0.
    return yield* Effect.raceFirst(run, Effect.as(stdio.stdoutClosed, ExitCode.ok))
  })
