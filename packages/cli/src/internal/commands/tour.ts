/** Placeholder: replaced by the real commands. */
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import { UsageError } from "../errors.js"

/**
 * @since 0.1.0
 */
export const tourCommand = Command.make("tour", {}, () =>
  Effect.fail(new UsageError({ message: "`imagekit tour` is not built yet" }))
)
