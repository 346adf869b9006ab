/** Placeholder: replaced by the real commands. */
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import { UsageError } from "../errors.js"

/**
 * @since 0.1.0
 */
export const infoCommand = Command.make("info", {}, () =>
  Effect.fail(new UsageError({ message: "`imagekit info` is not built yet" }))
)

/**
 * @since 0.1.0
 */
export const metadataCommand = Command.make("metadata", {}, () =>
  Effect.fail(new UsageError({ message: "`imagekit metadata` is not built yet" }))
)

/**
 * @since 0.1.0
 */
export const versionsCommand = Command.make("versions", {}, () =>
  Effect.fail(new UsageError({ message: "`imagekit versions` is not built yet" }))
)

/**
 * @since 0.1.0
 */
export const restoreCommand = Command.make("restore", {}, () =>
  Effect.fail(new UsageError({ message: "`imagekit restore` is not built yet" }))
)

/**
 * @since 0.1.0
 */
export const rmCommand = Command.make("rm", {}, () =>
  Effect.fail(new UsageError({ message: "`imagekit rm` is not built yet" }))
)

/**
 * @since 0.1.0
 */
export const renameCommand = Command.make("rename", {}, () =>
  Effect.fail(new UsageError({ message: "`imagekit rename` is not built yet" }))
)

/**
 * @since 0.1.0
 */
export const tagsCommand = Command.make("tags", {}, () =>
  Effect.fail(new UsageError({ message: "`imagekit tags` is not built yet" }))
)
