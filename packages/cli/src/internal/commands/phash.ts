/** Placeholder: replaced by the real commands. */
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import { UsageError } from "../errors.js"

/**
 * @since 0.1.0
 */
export const phashCommand = Command.make("phash", {}, () =>
  Effect.fail(new UsageError({ message: "`imagekit phash` is not built yet" }))
)
