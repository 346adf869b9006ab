/**
 * `--wait` for the commands that start work ImageKit finishes later (`cp`/`mv` of a folder, `job`, `purge`): runs
 * the SDK's waiter (`awaitBulkJob`, `awaitPurge`) while stderr says what is being waited for. On a terminal that is
 * one spinner line with the elapsed time, redrawn in place and erased at the end; elsewhere (CI logs, pipes) it is
 * plain lines: one when the wait starts and one every {@link STILL_WAITING_MILLIS}. stdout carries only the result,
 * so `--json` stays parseable.
 */
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import type { OperationError } from "@effect-imagekit/sdk/ImageKit"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { CommandFailure, ExitCode, UsageError } from "../errors.js"
import { failOnInterrupt, type Interruption } from "../interruption.js"
import { fromOperationError } from "../failures.js"
import { formatDuration } from "../progress.js"
import { err, Stdio } from "../stdio.js"

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"] as const
const REDRAW_MILLIS = 100
/** A log line every so often shows a long wait is alive without flooding the log. */
export const STILL_WAITING_MILLIS = 10_000
const MAX_TIMEOUT_SECONDS = 24 * 60 * 60

export const DEFAULT_TIMEOUT_SECONDS = 300

/** `--wait`, shared by the commands that can wait. */
export const waitOption = (what: string) =>
  Options.boolean("wait").pipe(Options.withDescription(`Wait until ${what} is done, showing progress on stderr.`))

/** `--timeout`: how long `--wait` waits, in seconds. */
export const timeoutOption = Options.integer("timeout").pipe(
  Options.withDescription(`With --wait: give up after this many seconds (default ${DEFAULT_TIMEOUT_SECONDS}).`),
  Options.mapEffect((value) =>
    Number.isInteger(value) && value >= 1 && value <= MAX_TIMEOUT_SECONDS
      ? Effect.succeed(value)
      : Effect.fail(
          ValidationError.invalidValue(
            HelpDoc.p(`Invalid --timeout ${value}: expected seconds from 1 to ${MAX_TIMEOUT_SECONDS}, e.g. 600`)
          )
        )
  ),
  // Optional rather than defaulted, so that a --timeout without --wait can be refused instead of ignored.
  Options.optional
)

/** The seconds to wait, or `undefined` for no wait; `--timeout` alone is a usage error (it would do nothing). */
export const waitSeconds = (
  wait: boolean,
  timeout: Option.Option<number>
): Effect.Effect<number | undefined, UsageError> => {
  if (wait) return Effect.succeed(Option.getOrElse(timeout, () => DEFAULT_TIMEOUT_SECONDS))
  return Option.isSome(timeout)
    ? Effect.fail(new UsageError({ message: "--timeout needs --wait: it says how long to wait" }))
    : Effect.succeed(undefined)
}

interface Terminal {
  readonly write: (text: string) => unknown
  readonly isTTY?: boolean | undefined
}

/** What is being waited for, for people: `bulk job 66f…`, `purge 66f…`. */
export interface Waiting {
  /** e.g. "bulk job 66f1…". */
  readonly label: string
  /** What to run to look again later, e.g. "imagekit job 66f1…"; `undefined` when there is no such command. */
  readonly followUp: string | undefined
}

/** "`imagekit job X` shows its status", or nothing when there is no command to look again. */
const lookAgain = (waiting: Waiting): string =>
  waiting.followUp === undefined ? "" : `\`${waiting.followUp}\` shows its status`

/** Draws the wait on `terminal` until the scope closes (an interrupted wait leaves no half-drawn spinner). */
const showWaiting = (terminal: Terminal, waiting: Waiting) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const started = Date.now()
      // Whole seconds elapsed: formatDuration rounds up, which would print 0:11 at the ten-second line.
      const elapsed = () => formatDuration(Math.floor((Date.now() - started) / 1000))
      if (terminal.isTTY !== true) {
        terminal.write(`waiting for ${waiting.label}…\n`)
        const timer = setInterval(
          () => terminal.write(`still waiting for ${waiting.label} (${elapsed()})\n`),
          STILL_WAITING_MILLIS
        )
        // The timer must not keep the process alive on its own.
        timer.unref()
        return () => clearInterval(timer)
      }
      let frame = 0
      const draw = () => {
        const spinner = SPINNER[frame % SPINNER.length] ?? ""
        frame++
        // The waiters return only once the status is no longer "Pending", so until then it is.
        terminal.write(`\r\x1b[K${spinner} waiting for ${waiting.label}: Pending ${elapsed()}`)
      }
      draw()
      const timer = setInterval(draw, REDRAW_MILLIS)
      timer.unref()
      return () => {
        clearInterval(timer)
        terminal.write("\r\x1b[K")
      }
    }),
    (stop) => Effect.sync(stop)
  )

/** A waiter's failure: a timeout says the work goes on and how to look again; anything else as usual. */
const waitFailure = (error: OperationError, waiting: Waiting, notFound: string): CommandFailure =>
  error._tag === "TimeoutError" && error.scope === "wait"
    ? new CommandFailure({
        kind: error._tag,
        message: `${waiting.label} is still pending after ${Math.round(error.timeoutMillis / 1000)} s`,
        hint: `it goes on at ImageKit: ${[lookAgain(waiting), "--timeout <seconds> waits longer"].filter((part) => part !== "").join(", ")}`,
        exitCode: ExitCode.failed
      })
    : fromOperationError(error, { notFound })

/**
 * Runs `wait` (a waiter given the timeout) with the progress on stderr. Ctrl+C during the wait ends the command with
 * exit 130 and says that the work goes on at ImageKit.
 */
export const waitWithProgress = <A>(
  waiting: Waiting,
  timeoutSeconds: number,
  notFound: string,
  wait: (options: { readonly timeout: Duration.Duration }) => Effect.Effect<A, OperationError>
): Effect.Effect<A, CommandFailure, Stdio | Interruption> =>
  Effect.gen(function* () {
    // Stopping a wait is not success: `imagekit cp … --wait && deploy` must not carry on.
    yield* failOnInterrupt(ExitCode.interrupted)
    const stdio = yield* Stdio
    yield* showWaiting(stdio.stderr, waiting)
    return yield* Effect.mapError(wait({ timeout: Duration.seconds(timeoutSeconds) }), (error) =>
      waitFailure(error, waiting, notFound)
    )
  }).pipe(
    Effect.scoped,
    // After the scope: the spinner is erased before this line is printed.
    // Stopped because stdout's reader went away: quietly.
    Effect.onInterrupt(() =>
      Effect.flatMap(Stdio, (stdio) =>
        stdio.isStdoutClosed()
          ? Effect.void
          : err(
              `imagekit: interrupted: stopped waiting; ${waiting.label} goes on at ImageKit` +
                `${waiting.followUp === undefined ? "" : ` (${lookAgain(waiting)})`}`
            )
      )
    )
  )
