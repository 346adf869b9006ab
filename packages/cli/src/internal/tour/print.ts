/**
 * How the tour prints: a numbered heading per step, then short indented lines: `$ imagekit …` for the command that
 * does the same from a shell, `✓ …` for what was checked, and plain lines for what was seen. Everything goes to
 * stdout as it happens, so a slow step shows where it is.
 */
import * as Effect from "effect/Effect"
import { CommandFailure, ExitCode } from "../errors.js"
import { out, type Stdio } from "../stdio.js"

const INDENT = "   "

/** Prints lines on stdout at once (for a synchronous callback such as upload progress: `Stdio`'s `stdout.write`). */
export const say = (...lines: ReadonlyArray<string>): Effect.Effect<void, never, Stdio> => out(...lines)

/** `   $ imagekit …`: the equivalent command, for readers who want to try the step themselves. */
export const command = (text: string): string => `${INDENT}$ imagekit ${text}`

/** `   SDK: …`: the SDK call of a step no `imagekit` command makes. */
export const sdkCall = (text: string): string => `${INDENT}SDK: ${text}`

/** `   ✓ …`: a check that passed. */
export const ok = (text: string): string => `${INDENT}✓ ${text}`

/** An indented line of what the step saw. */
export const detail = (text: string): string => `${INDENT}${text}`

/** Ids are long hex strings; their first 8 characters tell them apart in a short line. */
export const shortId = (id: string): string => (id.length > 10 ? `${id.slice(0, 8)}…` : id)

/** Fails the step: what the emulator answered is not what ImageKit answers. */
export const mismatch = (message: string): Effect.Effect<never, CommandFailure> =>
  Effect.fail(
    new CommandFailure({
      kind: "TourCheckFailed",
      message,
      hint: "the emulator did not answer as ImageKit does; please report it with the output above",
      exitCode: ExitCode.failed
    })
  )

/** Fails the step unless `condition` holds. */
export const check = (condition: boolean, message: string): Effect.Effect<void, CommandFailure> =>
  condition ? Effect.void : mismatch(message)
