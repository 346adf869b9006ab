/**
 * `imagekit purge <url>`: asks ImageKit to drop a URL from its CDN cache (`purgeCache`) and prints the request id;
 * with `--wait` it waits (`awaitPurge`, progress on stderr) until the purge is done. A URL ending in `*` purges
 * everything under it, as ImageKit documents. Output shapes are in docs/cli/folders.md.
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import { client } from "../client.js"
import { UsageError } from "../errors.js"
import { type Rendered, runAction } from "../output.js"
import { orFail } from "../failures.js"
import { printable } from "./folders-paths.js"
import { timeoutOption, waitOption, waitSeconds, waitWithProgress } from "./wait.js"

/** Only a full http(s) URL can be purged; anything else is refused before a request (exit 2). */
const checkedUrl = (text: string): Effect.Effect<string, UsageError> => {
  const refused = new UsageError({
    message:
      `"${printable(text)}" is not a URL to purge: expected the full URL of a file, ` +
      "e.g. https://ik.imagekit.io/demo/photo.jpg (a trailing * purges everything under it)"
  })
  try {
    const url = new URL(text)
    // Sent as typed: ImageKit matches the cached URL, and normalising it could name another one.
    return url.protocol === "http:" || url.protocol === "https:" ? Effect.succeed(text) : Effect.fail(refused)
  } catch {
    return Effect.fail(refused)
  }
}

/**
 * @since 0.1.0
 */
export const purgeCommand = Command.make(
  "purge",
  {
    url: Args.text({ name: "url" }).pipe(
      Args.withDescription("The URL to purge, e.g. https://ik.imagekit.io/demo/photo.jpg; end it with * for a prefix.")
    ),
    json: Options.boolean("json").pipe(
      Options.withDescription("Print { url, requestId, status } as JSON on stdout, and nothing else there.")
    ),
    wait: waitOption("the purge"),
    timeout: timeoutOption
  },
  (flags) =>
    runAction(
      flags.json,
      Effect.gen(function* () {
        const url = yield* checkedUrl(flags.url)
        const seconds = yield* waitSeconds(flags.wait, flags.timeout)
        const { ik } = yield* client
        const { requestId } = yield* orFail()(ik.purgeCache(url))
        const shown = printable(url)
        if (seconds === undefined) {
          return {
            json: { url, requestId, status: null },
            lines: [`purge of ${shown} requested: request ${requestId}`]
          } satisfies Rendered
        }
        const purged = yield* waitWithProgress(
          { label: `purge ${requestId}`, followUp: undefined },
          seconds,
          "the purge request is gone: run `imagekit purge <url>` again",
          (options) => ik.awaitPurge(requestId, options)
        )
        return {
          json: { url, requestId, status: purged.status },
          lines: [`purged ${shown} (request ${requestId})`]
        } satisfies Rendered
      })
    )
).pipe(
  Command.withDescription(
    "Purge a URL from ImageKit's CDN cache and print the request id; --wait waits until the purge is done."
  )
)
