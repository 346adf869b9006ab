/** Placeholder: replaced by the real commands. */
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import { UsageError } from "../errors.js"

/**
 * @since 0.1.0
 */
export const webhookCommand = Command.make("webhook", {}, () =>
  Effect.fail(new UsageError({ message: "`imagekit webhook` is not built yet" }))
)
