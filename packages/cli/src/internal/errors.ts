import * as Schema from "effect/Schema"

/** Flags that parse one by one but do not fit together; exits with code 2 like any other usage error. */
export class UsageError extends Schema.TaggedError<UsageError>()("UsageError", {
  message: Schema.String
}) {}
