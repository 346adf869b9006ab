/** Placeholder: replaced by the real commands. */
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import { UsageError } from "../errors.js"

/**
 * @since 0.1.0
 */
export const lsCommand = Command.make("ls", {}, () =>
  Effect.fail(new UsageError({ message: "`imagekit ls` is not built yet" }))
)
