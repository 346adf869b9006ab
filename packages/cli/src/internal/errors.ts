import * as Schema from "effect/Schema"

/**
 * A command line that cannot run: an unknown flag, flags that parse one by one but do not fit together, a file that
 * cannot be read. Exits with code 2; `hint` replaces the usual "Run `imagekit <command> --help`…" line.
 */
export class UsageError extends Schema.TaggedError<UsageError>()("UsageError", {
  message: Schema.String,
  hint: Schema.optional(Schema.String)
}) {}

/** No usable IMAGEKIT_* keys: one line saying which are missing and how to get a set; exits with code 1. */
export class CredentialsError extends Schema.TaggedError<CredentialsError>()("CredentialsError", {
  message: Schema.String
}) {}

/**
 * The command has already printed why it failed (e.g. `imagekit upload`'s per-file lines and summary, or a
 * {@link CommandFailure} line): exits with `exitCode` (default 1) and prints nothing more.
 */
export class ReportedFailure extends Schema.TaggedError<ReportedFailure>()("ReportedFailure", {
  exitCode: Schema.optionalWith(Schema.Number, { default: () => 1 })
}) {}

/**
 * Exit codes scripts can rely on; listed in docs/cli.md.
 *
 * - 0: done
 * - 1: the operation failed (ImageKit refused it, the network failed, a signature did not verify)
 * - 2: usage: a bad flag or argument, a file that cannot be read
 * - 3: not found: the file, version, folder, job or field does not exist
 * - 4: not permitted: the keys were refused (401/403)
 * - 130: interrupted (Ctrl+C)
 */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  notFound: 3,
  notPermitted: 4,
  interrupted: 130
} as const

/**
 * Why a command failed, ready to print: `message` says what happened, `hint` what to do next. `kind` is the error's
 * tag (`ApiError`, `RequestError`, `WebhookVerificationError`, …) and `status` the HTTP status when there was one;
 * both appear in the `--json` error object. Never holds a key or a secret.
 */
export class CommandFailure extends Schema.TaggedError<CommandFailure>()("CommandFailure", {
  message: Schema.String,
  hint: Schema.String,
  kind: Schema.String,
  exitCode: Schema.Number,
  status: Schema.optional(Schema.Number)
}) {}
