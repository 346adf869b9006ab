/**
 * Runs an effect on a runtime and settles like a plain promise: the value, or a rejection with the failure itself
 * (the typed error, or the squashed defect), not the FiberFailure wrapper `runPromise` would reject with.
 */
import { Cause, Exit } from "effect"

export const runEffect = (runtime, effect) =>
  runtime.runPromiseExit(effect).then((exit) => {
    if (Exit.isSuccess(exit)) return exit.value
    throw Cause.squash(exit.cause)
  })
