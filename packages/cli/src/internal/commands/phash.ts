/**
 * `imagekit phash <a> <b>`: the Hamming distance between two perceptual hashes (`PHash.distance`), and whether the
 * images look alike. With `--files`, `a` and `b` are file ids or URLs and their pHash comes from
 * `getFileMetadata`; without it nothing is sent anywhere and no emulator is started.
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import * as PHash from "@effect-imagekit/sdk/PHash"
import * as Effect from "effect/Effect"
import type * as ImageKit from "@effect-imagekit/sdk/ImageKit"
import { client } from "../client.js"
import { CommandFailure, ExitCode } from "../errors.js"
import { type Rendered, runAction } from "../output.js"
import { orFail } from "../failures.js"

/**
 * At most this many differing bits (of 64) count as "similar" by default. ImageKit publishes no threshold; 10 is
 * the usual cut-off for 64-bit DCT hashes: resized, re-encoded or lightly edited copies of an image stay below it,
 * different images are typically 20 or more bits apart.
 */
export const DEFAULT_THRESHOLD = 10

const options = {
  files: Options.boolean("files").pipe(
    Options.withDescription(
      "a and b are file ids or URLs: their pHash comes from ImageKit's metadata API (images only)."
    )
  ),
  threshold: Options.integer("threshold").pipe(
    Options.withDescription("Largest distance, in bits, still reported as similar."),
    Options.withDefault(DEFAULT_THRESHOLD),
    Options.mapEffect((bits) =>
      bits >= 0
        ? Effect.succeed(bits)
        : Effect.fail(ValidationError.invalidValue(HelpDoc.p(`Invalid --threshold ${bits}: expected 0 or more bits`)))
    )
  ),
  json: Options.boolean("json").pipe(
    Options.withDescription("Print { a: { input, pHash }, b: { input, pHash }, distance, bits, similar, threshold }.")
  )
}

const args = {
  a: Args.text({ name: "a" }).pipe(Args.withDescription("A pHash (hex), or with --files a file id or URL.")),
  b: Args.text({ name: "b" }).pipe(Args.withDescription("The other pHash, file id or URL."))
}

type Flags = Command.Command.ParseConfig<typeof options> & { readonly a: string; readonly b: string }

interface Hashed {
  readonly input: string
  readonly pHash: string
}

/** The pHash of a file id or URL, from `getFileMetadata`. */
const pHashOf = (ik: ImageKit.Service, input: string) =>
  Effect.gen(function* () {
    const metadata = yield* ik
      .getFileMetadata(input)
      .pipe(
        orFail({ notFound: "run `imagekit ls` to see file ids; a URL must be one ImageKit serves for your account" })
      )
    if (metadata.pHash === undefined || metadata.pHash === "") {
      return yield* new CommandFailure({
        kind: "MissingPHash",
        message: `${input} has no pHash${metadata.format === undefined ? "" : ` (format ${metadata.format})`}`,
        hint: "ImageKit computes a pHash for images only",
        exitCode: ExitCode.failed
      })
    }
    return { input, pHash: metadata.pHash } satisfies Hashed
  })

const compare = (flags: Flags) =>
  Effect.gen(function* () {
    const [a, b]: readonly [Hashed, Hashed] = flags.files
      ? yield* Effect.flatMap(client, ({ ik }) =>
          // One client for both lookups: each `client` would start its own embedded emulator over the same data dir.
          Effect.all([pHashOf(ik, flags.a), pHashOf(ik, flags.b)], { concurrency: 2 })
        )
      : [
          { input: flags.a, pHash: flags.a },
          { input: flags.b, pHash: flags.b }
        ]
    const distance = yield* PHash.distance(a.pHash, b.pHash).pipe(
      Effect.mapError(
        (error) =>
          new CommandFailure({
            kind: error._tag,
            message: `${error.message}: ${describePair(a.pHash, b.pHash)}`,
            hint: error.help,
            // A hash typed on the command line is the user's to fix; one from ImageKit is not.
            exitCode: flags.files ? ExitCode.failed : ExitCode.usage
          })
      )
    )
    const bits = a.pHash.length * 4
    const similar = distance <= flags.threshold
    const source = (hashed: Hashed) => (flags.files ? `  (${hashed.input})` : "")
    const rendered: Rendered = {
      json: { a, b, distance, bits, similar, threshold: flags.threshold },
      lines: [
        `a  ${a.pHash}${source(a)}`,
        `b  ${b.pHash}${source(b)}`,
        `distance ${distance} of ${bits} bits: ${similar ? "similar" : "not similar"} (similar: ${flags.threshold} or less)`
      ]
    }
    return rendered
  })

/** Quotes both values (JSON string syntax, so odd characters stay visible and on one line). */
const describePair = (a: string, b: string): string => `${JSON.stringify(a)} and ${JSON.stringify(b)}`

/**
 * @since 0.1.0
 */
export const phashCommand = Command.make("phash", { ...options, ...args }, (flags) =>
  runAction(flags.json, compare(flags))
).pipe(
  Command.withDescription(
    "Compare two perceptual hashes: the number of differing bits (0 = same image) and whether that is similar " +
      `(${DEFAULT_THRESHOLD} bits or less by default). With --files, compare two files by id or URL.`
  )
)
