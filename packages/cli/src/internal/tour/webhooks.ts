/**
 * Step 8 of `imagekit tour`: the emulator posts signed webhook events to the tour's local receiver (see
 * `receiver.ts`) after an upload with a pre and a post transformation, as ImageKit does; the step verifies each
 * delivery with `Webhook.verify` and shows that one changed byte in the body is enough for it to be rejected.
 */
import * as Webhook from "@effect-imagekit/sdk/Webhook"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type { Stdio } from "../stdio.js"
import { CommandFailure, ExitCode } from "../errors.js"
import { orFail } from "../failures.js"
import type { Tour } from "./context.js"
import { check, command, detail, mismatch, ok, say, sdkCall } from "./print.js"

const FOLDER = "/tour/webhooks"

const eventType = (event: unknown): string =>
  typeof event === "object" && event !== null && "type" in event && typeof event.type === "string"
    ? event.type
    : "an event"

/** The body with one character changed inside it: what an attacker's edit (or a re-serialising proxy) does. */
const tamper = (body: string): string => {
  const at = body.indexOf("tour")
  return at < 0 ? `${body} ` : `${body.slice(0, at)}T${body.slice(at + 1)}`
}

const uploadWithTransformations = (tour: Tour) =>
  Effect.gen(function* () {
    const sample = tour.samples[0]
    if (sample === undefined) return yield* mismatch("no sample image to upload")
    const transformation = { pre: "w-128,h-96", post: [{ type: "transformation", value: "w-64" }] } as const
    // `imagekit upload` has no flag for upload transformations: the SDK call stands in for it.
    yield* say(sdkCall(`ik.upload({ fileName: "${sample.name}", transformation: ${JSON.stringify(transformation)} })`))
    yield* tour.ik.upload({ file: sample.bytes, fileName: sample.name, folder: FOLDER, transformation }).pipe(orFail())
  })

export const verifyWebhooks = (tour: Tour): Effect.Effect<void, CommandFailure, Stdio> =>
  Effect.gen(function* () {
    yield* say(detail(`receiving on ${tour.receiver.url}; the emulator signs with a secret made for this run`))
    yield* uploadWithTransformations(tour)
    // Deliveries run in the background; this waits until each was answered (or gave up).
    yield* Effect.promise(() => tour.emulator.webhooksIdle())
    const deliveries = tour.receiver.deliveries()
    yield* check(deliveries.length === 2, `${deliveries.length} webhook deliveries arrived, not 2`)
    for (const delivery of deliveries) {
      const verified = yield* Webhook.verify(delivery.body, delivery.headers, tour.webhookSecret).pipe(
        Effect.mapError(
          (error) =>
            new CommandFailure({
              kind: error._tag,
              message: `a delivery from the emulator did not verify (${error.reason}): ${error.message}`,
              hint: error.help,
              exitCode: ExitCode.failed
            })
        )
      )
      const scheme = verified.scheme === "standard" ? "Standard Webhooks signature" : "x-ik-signature"
      yield* say(ok(`${eventType(verified.event)}: verified (${scheme})`))
    }
    const first = deliveries[0]
    if (first === undefined) return
    yield* say(command("webhook verify --webhook-id … --webhook-timestamp … --webhook-signature … < body.json"))
    const forged = yield* Effect.either(Webhook.verify(tamper(first.body), first.headers, tour.webhookSecret))
    if (Either.isRight(forged)) return yield* mismatch("a delivery with a changed body verified")
    yield* say(ok(`the first delivery with one byte changed: rejected (${forged.left.reason})`))
  })
