/** Placeholder: replaced by the real commands. */
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import { UsageError } from "../errors.js"

/**
 * @since 0.1.0
 */
export const urlCommand = Command.make("url", {}, () =>
  Effect.fail(new UsageError({ message: "`imagekit url` is not built yet" }))
)

/**
 * @since 0.1.0
 */
export const authParamsCommand = Command.make("auth-params", {}, () =>
  Effect.fail(new UsageError({ message: "`imagekit auth-params` is not built yet" }))
)
