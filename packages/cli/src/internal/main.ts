/**
 * One run of the `imagekit` command, from its arguments to its exit code, with every effect on the outside world
 * taken from services: the streams ({@link Stdio}), the client ({@link CliClient}), the interruption exit code
 * ({@link Interruption}) and what @effect/cli needs (file system, path, terminal). `bin.ts` provides the real ones;
 * the tests provide captured streams and run commands in process.
 *
 * The steps: a first look at the command line (`commandLine.ts`: help, unknown commands and flags), then
 * @effect/cli's parser, then the command. Help and usage errors are written here, not by @effect/cli.
 *
 * Exit codes (`ExitCode` in `errors.ts`): 0 after a clean stop (Ctrl+C / SIGTERM included, unless the command said
 * otherwise, see `interruption.ts`; and when stdout's reader went away, `imagekit tour | head -1`), 2 for a usage
 * error, the code a command chose when it already reported its failure (`ReportedFailure`: 1, 3 not found, 4 not
 * permitted), 1 for anything else, printed here as one line. Under `--json` every failure printed here is also a
 * `{"error": …}` object on stdout. Nothing printed here contains a key or secret: typed errors never hold them.
 */
import type * as CliApp from "@effect/cli/CliApp"
import * as CliConfig from "@effect/cli/CliConfig"
import * as Descriptor from "@effect/cli/CommandDescriptor"
import * as ValidationError from "@effect/cli/ValidationError"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { rootCommand, rootSpec, version } from "./cli.js"
import type { CliClient } from "./client.js"
import { analyse, wantsJson } from "./commandLine.js"
import { helpDocText } from "./commandSpec.js"
import { CommandFailure, ExitCode, ReportedFailure, UsageError } from "./errors.js"
import { renderHelp } from "./help.js"
import type { Interruption } from "./interruption.js"
import { failureJson, failureLine, printJson } from "./output.js"
import { err, out, Stdio, withStdioConsole } from "./stdio.js"

/** Where to look after a usage error that does not say it. */
export const USAGE_HINT = "Run `imagekit <command> --help` to see the options."

/** What a run needs from outside. */
export type Environment = Stdio | CliClient | Interruption | CliApp.CliApp.Environment

/**
 * The text of an @effect/cli parse error, in one line where it fits: `'abc' is not a integer` becomes
 * `--limit: 'abc' is not an integer` when the flag it followed is known.
 */
export const validationMessage = (error: ValidationError.ValidationError, args: ReadonlyArray<string>): string => {
  const text = helpDocText(error.error)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join(" ")
    .replace(/\bis not a integer\b/, "is not an integer")
  const value = /^'(.*)' is not an? /.exec(text)?.[1]
  const at = value === undefined ? -1 : args.indexOf(value)
  const flag = at > 0 ? args[at - 1] : undefined
  return flag?.startsWith("--") === true ? `${flag}: ${text}` : text
}

/** A usage error: one line (or @effect/cli's text for a value a flag refused), a pointer to the help; exit 2. */
const usage = (
  json: boolean,
  message: string,
  hint: string,
  style: "imagekit" | "plain"
): Effect.Effect<number, never, Stdio> =>
  Effect.gen(function* () {
    // A value a flag's own check refused reads as that check wrote it (`Invalid --port 70000: …`).
    yield* style === "imagekit" ? err(`imagekit: ${message}`, hint) : err(message, "", hint)
    if (json) {
      const failure = new CommandFailure({ kind: "UsageError", message, hint, exitCode: ExitCode.usage })
      yield* printJson(failureJson(failure))
    }
    return ExitCode.usage
  })

/** How a command that failed ends: what it has not printed itself, and the exit code. */
const ending = (json: boolean, args: ReadonlyArray<string>) => (cause: Cause.Cause<unknown>) =>
  Effect.gen(function* () {
    // A stop (Ctrl+C) stays a stop: whoever runs `main` picks the exit code the command asked for.
    if (Cause.isInterruptedOnly(cause)) return yield* Effect.interrupt
    const failure = Cause.failureOption(cause)
    if (Option.isSome(failure)) {
      const error = failure.value
      if (error instanceof ReportedFailure) return error.exitCode
      if (error instanceof UsageError) return yield* usage(json, error.message, error.hint ?? USAGE_HINT, "imagekit")
      if (ValidationError.isValidationError(error)) {
        return yield* usage(json, validationMessage(error, args), USAGE_HINT, "plain")
      }
    }
    // Typed errors (EmulatorError and friends) carry a message meant for people; defects get their message only.
    const error = Option.isSome(failure) ? failure.value : Cause.squash(cause)
    const kind =
      typeof error === "object" && error !== null && "_tag" in error && typeof error._tag === "string"
        ? error._tag
        : "Error"
    const reported = new CommandFailure({
      kind,
      message: error instanceof Error ? error.message : String(error),
      hint: "",
      exitCode: ExitCode.failed
    })
    yield* err(failureLine(reported))
    if (json) yield* printJson(failureJson(reported))
    return ExitCode.failed
  })

/** Parses with @effect/cli and runs what it found. */
const parseAndRun = (args: ReadonlyArray<string>, json: boolean) =>
  Effect.gen(function* () {
    const directive = yield* Descriptor.parse(rootCommand.descriptor, ["imagekit", ...args], CliConfig.defaultConfig)
    if (directive._tag === "BuiltIn") {
      const option = directive.option
      switch (option._tag) {
        case "ShowVersion":
          yield* out(version)
          return ExitCode.ok
        case "ShowCompletions": {
          const completions =
            option.shellType === "bash"
              ? Descriptor.getBashCompletions(rootCommand.descriptor, "imagekit")
              : option.shellType === "fish"
                ? Descriptor.getFishCompletions(rootCommand.descriptor, "imagekit")
                : Descriptor.getZshCompletions(rootCommand.descriptor, "imagekit")
          yield* out((yield* completions).join("\n"))
          return ExitCode.ok
        }
        case "ShowHelp":
          yield* out(renderHelp(rootSpec(), { version }).trimEnd())
          return ExitCode.ok
        default:
          // --wizard and --log-level are refused before parsing (commandLine.ts): nothing else gets here.
          return yield* new UsageError({ message: `${option._tag} is not available in imagekit` })
      }
    }
    const [extra] = directive.leftover
    if (extra !== undefined) return yield* new UsageError({ message: `unexpected argument '${extra}'` })
    yield* rootCommand.transform(rootCommand.handler(directive.value), directive.value)
    return ExitCode.ok
  }).pipe(Effect.catchAllCause(ending(json, args)))

/**
 * Runs `imagekit` with `args` (the words after `imagekit`) and gives its exit code. Interrupting it (Ctrl+C) is
 * left to the caller, which then exits with the {@link Interruption}'s code.
 */
export const main = (args: ReadonlyArray<string>): Effect.Effect<number, never, Environment> =>
  Effect.gen(function* () {
    const stdio = yield* Stdio
    const json = wantsJson(args)
    const spec = rootSpec()
    // `imagekit` alone: what it can do, rather than nothing.
    const analysis = args.length === 0 ? ({ _tag: "Help", spec } as const) : analyse(spec, args)
    if (analysis._tag === "Help") {
      yield* out(renderHelp(analysis.spec, { version }).trimEnd())
      return ExitCode.ok
    }
    if (analysis._tag === "Usage") return yield* usage(json, analysis.message, analysis.hint, "imagekit")
    const run = withStdioConsole(parseAndRun(args, json))
    // When stdout's reader goes away the rest of the work is pointless: stop it (its finalizers run) and exit 0.
    return yield* Effect.raceFirst(run, Effect.as(stdio.stdoutClosed, ExitCode.ok))
  })
