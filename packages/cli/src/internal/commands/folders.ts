/** Placeholder: replaced by the real commands. */
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import { UsageError } from "../errors.js"

/**
 * @since 0.1.0
 */
export const cpCommand = Command.make("cp", {}, () =>
  Effect.fail(new UsageError({ message: "`imagekit cp` is not built yet" }))
)

/**
 * @since 0.1.0
 */
export const mvCommand = Command.make("mv", {}, () =>
  Effect.fail(new UsageError({ message: "`imagekit mv` is not built yet" }))
)

/**
 * @since 0.1.0
 */
export const mkdirCommand = Command.make("mkdir", {}, () =>
  Effect.fail(new UsageError({ message: "`imagekit mkdir` is not built yet" }))
)

/**
 * @since 0.1.0
 */
export const rmdirCommand = Command.make("rmdir", {}, () =>
  Effect.fail(new UsageError({ message: "`imagekit rmdir` is not built yet" }))
)

/**
 * @since 0.1.0
 */
export const jobCommand = Command.make("job", {}, () =>
  Effect.fail(new UsageError({ message: "`imagekit job` is not built yet" }))
)
