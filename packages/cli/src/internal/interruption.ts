/**
 * The exit code when the command is interrupted (Ctrl+C, SIGTERM). A stop is the normal end of `imagekit emulator`
 * (0), but an upload or a `--wait` cut short is a failure: with 0, `imagekit upload … && deploy` would carry on.
 * Commands for which a stop is a failure say so when they start that work ({@link failOnInterrupt}); whoever runs the
 * command reads the code once it has stopped. One cell per run, so that commands run side by side in one process
 * (the tests) do not share it.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

export interface InterruptExit {
  /** The code to exit with if the command is interrupted now. */
  exitCode: number
}

export class Interruption extends Context.Tag("@effect-imagekit/cli/Interruption")<Interruption, InterruptExit>() {}

/** A fresh cell for one run, exiting 0 on interruption until a command says otherwise. */
export const makeInterruptExit = (): InterruptExit => ({ exitCode: 0 })

export const layer = (cell: InterruptExit): Layer.Layer<Interruption> => Layer.succeed(Interruption, cell)

/** From now on, an interruption ends the command with `exitCode` (130 by convention). */
export const failOnInterrupt = (exitCode: number): Effect.Effect<void, never, Interruption> =>
  Effect.flatMap(Interruption, (cell) =>
    Effect.sync(() => {
      cell.exitCode = exitCode
    })
  )
