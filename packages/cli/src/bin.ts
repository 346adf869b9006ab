#!/usr/bin/env node
/**
 * The `imagekit` executable. Exit codes (`ExitCode` in `internal/errors.ts`): 0 after a clean stop (Ctrl+C / SIGTERM
 * included, except while uploading: 130, see `internal/interruption.ts`), 2 for a usage error (flag values:
 * @effect/cli prints those; flags that do not fit together: printed here), the code a command chose when it already
 * reported its failure (`ReportedFailure`: 1, 3 not found, 4 not permitted), 1 for anything else, printed here as
 * one line. Nothing printed here contains a key or secret: typed errors never hold them.
 */
import * as ValidationError from "@effect/cli/ValidationError"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import { runCli } from "./internal/cli.js"
import { ExitCode, ReportedFailure, UsageError } from "./internal/errors.js"
import { interruption } from "./internal/interruption.js"
import { withPlainConsole } from "./internal/plainConsole.js"

const HINT = "Run `imagekit <command> --help` to see the options."

const isUsageError = (error: unknown): boolean =>
  ValidationError.isValidationError(error) || error instanceof UsageError

const exitCode = (exit: Exit.Exit<unknown, unknown>): number => {
  if (Exit.isSuccess(exit)) return 0
  if (Cause.isInterruptedOnly(exit.cause)) return interruption.exitCode
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure) && failure.value instanceof ReportedFailure) return failure.value.exitCode
  return Option.isSome(failure) && isUsageError(failure.value) ? ExitCode.usage : ExitCode.failed
}

const describe = (error: unknown): string => {
  // Typed errors (EmulatorError and friends) carry a message meant for people; defects get their message only.
  if (error instanceof Error) return error.message
  return String(error)
}

const program = runCli(process.argv).pipe(
  withPlainConsole,
  Effect.tapErrorCause((cause) => {
    const failure = Cause.failureOption(cause)
    if (Cause.isInterruptedOnly(cause)) return Effect.void
    if (Option.isSome(failure) && failure.value instanceof ReportedFailure) return Effect.void
    if (Option.isSome(failure) && ValidationError.isValidationError(failure.value)) {
      // @effect/cli has printed what was wrong; add where to look. `--help` itself does not end here.
      return Effect.sync(() => process.stderr.write(`${HINT}\n`))
    }
    const usage = Option.isSome(failure) && failure.value instanceof UsageError ? failure.value : undefined
    if (usage !== undefined) return Effect.sync(() => process.stderr.write(`imagekit: ${usage.message}\n${HINT}\n`))
    const error = Option.isSome(failure) ? failure.value : Cause.squash(cause)
    return Effect.sync(() => process.stderr.write(`imagekit: ${describe(error)}\n`))
  }),
  Effect.provide(NodeContext.layer)
)

NodeRuntime.runMain(program, {
  disableErrorReporting: true,
  teardown: (exit, onExit) => onExit(exitCode(exit))
})
