import * as Schema from "effect/Schema"

/** Flags that parse one by one but do not fit together; exits with code 2 like any other usage error. */
export class UsageError extends Schema.TaggedError<UsageError>()("UsageError", {
  message: Schema.String
}) {}

/** No usable IMAGEKIT_* keys: one line saying which are missing and how to get a set; exits with code 1. */
export class CredentialsError extends Schema.TaggedError<CredentialsError>()("CredentialsError", {
  message: Schema.String
}) {}

/**
 * The command has already printed why it failed (e.g. `imagekit upload`'s per-file lines and summary): exits with
 * code 1 and prints nothing more.
 */
export class ReportedFailure extends Schema.TaggedError<ReportedFailure>()("ReportedFailure", {}) {}
