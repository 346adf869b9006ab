/**
 * The tour from start to end: starts the webhook receiver and an in-memory emulator that posts to it, builds an SDK
 * client against the emulator, runs the nine steps in order (each needs what the ones before it made, so the first
 * failure stops the tour), and ends with a summary. A failure is printed as the step's `✗` line and the summary on
 * stdout, and as one `imagekit: …` line on stderr; the exit code is then 1.
 */
import * as Emulator from "@effect-imagekit/testing/Emulator"
import * as Effect from "effect/Effect"
import { randomBytes } from "node:crypto"
import { EMULATOR_KEYS, emulatorSettings, sdkService } from "../client.js"
import { CommandFailure, ExitCode, ReportedFailure } from "../errors.js"
import { failureLine } from "../output.js"
import { formatElapsed } from "../progress.js"
import { err, out, type Stdio } from "../stdio.js"
import { loadSamples } from "./assets.js"
import type { Tour } from "./context.js"
import { here, invocation, nextLines } from "./next.js"
import { say } from "./print.js"
import { receiver } from "./receiver.js"
import {
  comparePictures,
  copyAndMoveFolder,
  customMetadata,
  listAndSearch,
  namedTransformation,
  purgeCache,
  signedUrls,
  uploadSamples
} from "./steps.js"
import { verifyWebhooks } from "./webhooks.js"

export const STEPS = 9

const emulatorFailure = (error: Emulator.EmulatorError) =>
  new CommandFailure({
    kind: error._tag,
    message: `the tour's emulator could not start: ${error.message}`,
    hint: "check that this machine allows local connections on 127.0.0.1",
    exitCode: ExitCode.failed
  })

/** The receiver, the emulator (memory only, posting webhooks to the receiver) and a client for it. */
const setUp = Effect.gen(function* () {
  const samples = yield* loadSamples
  const endpoint = yield* receiver
  // A fresh secret each run: the tour never prints it, and nothing outside this process needs it.
  const webhookSecret = `whsec_${randomBytes(24).toString("base64")}`
  const emulator = yield* Emulator.scoped({
    ...EMULATOR_KEYS,
    webhook: { url: endpoint.url, secret: webhookSecret }
  }).pipe(Effect.mapError(emulatorFailure))
  const tour: Tour = {
    ik: yield* sdkService(emulatorSettings(emulator)),
    emulator,
    receiver: endpoint,
    webhookSecret,
    samples
  }
  return tour
})

/** The failure with the step it happened at in front of its message (none before the first step). */
const located = (failure: CommandFailure, step: number): CommandFailure =>
  step === 0 ? failure : new CommandFailure({ ...failure, message: `tour step ${step} failed: ${failure.message}` })

export const runTour: Effect.Effect<void, ReportedFailure, Stdio> = Effect.gen(function* () {
  const started = Date.now()
  // The step running now; 0 while the tour sets up. Steps run one after the other, so one counter is enough.
  let current = 0
  /** Prints the heading, runs the step, and on failure its `✗` line. */
  const step = <A>(title: string, calls: string, body: Effect.Effect<A, CommandFailure, Stdio>) =>
    Effect.suspend(() => {
      current += 1
      return say("", `${current}. ${title}  (${calls})`).pipe(
        Effect.zipRight(body),
        Effect.tapError((failure) => say(`   ✗ ${failure.message}`))
      )
    })
  const elapsed = () => formatElapsed(Date.now() - started)

  const tour = Effect.gen(function* () {
    const tour = yield* setUp
    yield* say(
      `imagekit tour: the SDK end to end against an ImageKit emulator in memory at ${tour.emulator.url}.`,
      "No account needed: IMAGEKIT_* settings are not used, and nothing is kept after the tour."
    )
    const files = yield* step("Upload the sample images, tagged, into a folder", "ik.uploadMany", uploadSamples(tour))
    yield* step("List the folder and search the library", "ik.listFiles", listAndSearch(tour))
    yield* step("Signed URLs: one that works, one that has expired", "ik.url", signedUrls(tour, files["mountains.png"]))
    yield* step(
      "Copy a folder, move the copy, wait for both bulk jobs",
      "ik.copyFolder, ik.moveFolder, ik.awaitBulkJob",
      copyAndMoveFolder(tour)
    )
    yield* step("Purge the CDN cache of a URL", "ik.purgeCache, ik.awaitPurge", purgeCache(tour, files["city.png"]))
    yield* step(
      "Custom metadata: define a field, set it on a file, read it back",
      "ik.createCustomMetadataField, ik.updateFileDetails",
      customMetadata(tour, files["mountains.png"])
    )
    yield* step(
      "Compare pictures by perceptual hash",
      "ik.getFileMetadata, PHash.distance",
      comparePictures(tour, files)
    )
    yield* step("Receive the emulator's webhooks and verify them", "Webhook.verify", verifyWebhooks(tour))
    yield* step(
      "Named transformation: create one, deliver a file through it",
      "ik.createNamedTransformation, ik.url",
      namedTransformation(tour, files["mountains.png"])
    )
  })

  yield* tour.pipe(
    Effect.scoped,
    Effect.zipRight(
      Effect.flatMap(here, (where) =>
        say("", `All ${STEPS} steps ok in ${elapsed()}.`, "", ...nextLines(invocation(where)))
      )
    ),
    Effect.catchTag("CommandFailure", (failure) =>
      Effect.suspend(() => {
        const summary =
          current === 0
            ? `The tour could not start (after ${elapsed()}).`
            : `The tour stopped at step ${current} of ${STEPS} after ${elapsed()} (${current - 1} ok).`
        return out("", summary).pipe(
          Effect.zipRight(err(failureLine(located(failure, current)))),
          Effect.zipRight(Effect.fail(new ReportedFailure({ exitCode: ExitCode.failed })))
        )
      })
    )
  )
})
