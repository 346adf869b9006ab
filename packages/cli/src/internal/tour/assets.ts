/**
 * The sample images the tour uploads (drawn by `scripts/make-samples.mjs`, shipped in `assets/samples/`). They are
 * found from where the code runs: `dist/bin.js` (the package, `../assets/samples`) or `src/internal/tour/` (tests of
 * the sources) both reach them by walking up. IMAGEKIT_TOUR_ASSETS points elsewhere, e.g. for a build in another
 * directory.
 */
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { CommandFailure, ExitCode } from "../errors.js"

/** The pictures, in upload order: the landscape, the same landscape smaller and brighter, and a different one. */
export const SAMPLE_NAMES = ["mountains.png", "mountains-small.png", "city.png"] as const

export type SampleName = (typeof SAMPLE_NAMES)[number]

export interface Sample {
  readonly name: SampleName
  readonly bytes: Uint8Array
}

const holdsSamples = (directory: string): boolean =>
  SAMPLE_NAMES.every((name) => fs.existsSync(path.join(directory, name)))

/** `assets/samples` in the directory of this code or the nearest one above it. */
const nearestSamples = (): string | undefined => {
  let directory = path.dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const candidate = path.join(directory, "assets", "samples")
    if (holdsSamples(candidate)) return candidate
    const parent = path.dirname(directory)
    if (parent === directory) return undefined
    directory = parent
  }
}

const missing = (message: string) =>
  new CommandFailure({
    kind: "TourAssetsMissing",
    message,
    hint: `set IMAGEKIT_TOUR_ASSETS to a directory holding ${SAMPLE_NAMES.join(", ")}`,
    exitCode: ExitCode.failed
  })

/** Reads the three samples. */
export const loadSamples: Effect.Effect<ReadonlyArray<Sample>, CommandFailure> = Effect.gen(function* () {
  const explicit = yield* Config.option(Config.string("IMAGEKIT_TOUR_ASSETS")).pipe(
    Effect.orElseSucceed(() => Option.none<string>())
  )
  const directory = Option.isSome(explicit) ? path.resolve(explicit.value) : nearestSamples()
  if (directory === undefined) {
    return yield* missing(
      "the tour's sample images are missing: no assets/samples beside or above the imagekit program"
    )
  }
  return yield* Effect.forEach(SAMPLE_NAMES, (name) =>
    Effect.try({
      try: (): Sample => ({ name, bytes: Uint8Array.from(fs.readFileSync(path.join(directory, name))) }),
      catch: () => missing(`the tour's sample image ${path.join(directory, name)} cannot be read`)
    })
  )
})
