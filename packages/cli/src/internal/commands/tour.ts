/**
 * `imagekit tour`: the whole SDK at work in a few seconds, with no ImageKit account. It starts the embedded emulator
 * in memory (never the data directory of the other commands, and never an account from IMAGEKIT_*), uploads the
 * sample images shipped in `assets/samples/`, and walks through listing, search, signed URLs, folders and bulk jobs,
 * cache purges, custom metadata, perceptual hashes and webhooks, printing each step and the `imagekit` command that
 * does the same. The steps are in `../tour/`; docs/tour.md shows a run.
 *
 * Exit codes: 0 when every step passed, 1 when one failed (its line on stdout, one `imagekit: …` line on stderr).
 */
import * as Command from "@effect/cli/Command"
import { runTour } from "../tour/run.js"

/**
 * @since 0.1.0
 */
export const tourCommand = Command.make("tour", {}, () => runTour).pipe(
  Command.withDescription(
    "A tour of the SDK against an emulator in memory (no account needed): uploads sample images, lists and " +
      "searches them, signs URLs, copies and moves folders, purges a URL, sets custom metadata, compares pHashes " +
      "and verifies webhooks, printing each step and the equivalent imagekit command."
  )
)
