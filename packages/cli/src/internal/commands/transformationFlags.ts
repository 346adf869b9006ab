/**
 * The transformation flags `imagekit url` and `imagekit srcset` share: `-t` steps in ImageKit's own syntax or as JSON
 * typed steps, and one overlay (`--overlay-text` or `--overlay-image`) with its position flags. They become the
 * steps of the SDK's `ik.url` / `ik.responsiveImage`: `-t` steps in the order given, the overlay last.
 */
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import type * as Transformation from "@effect-imagekit/core/Transformation"
import type * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { UsageError } from "../errors.js"

const invalid = (message: string) => ValidationError.invalidValue(HelpDoc.p(message))

/**
 * A step written as ImageKit's text (copied into the URL as it is, `raw`), or typed steps given as JSON (an object,
 * or an array of them).
 */
export type StepArgument =
  | { readonly _tag: "Raw"; readonly text: string }
  | { readonly _tag: "Typed"; readonly steps: ReadonlyArray<Transformation.TypedStep> }

/**
 * A raw step is copied into the URL as written, so it must not end the path segment or the URL: `w-300/../x` would
 * point at another file. Everything ImageKit's own syntax uses is allowed. Typed steps need no such rule: the encoder
 * escapes their values.
 */
const UNSAFE_STEP = /[\s/?#\\\p{Cc}]/u

const isStepObject = (value: unknown): value is Transformation.TypedStep =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** JSON typed steps: an object or a non-empty array of objects; `__proto__` stays a key, as `JSON.parse` makes it. */
const parseJsonSteps = (text: string): Effect.Effect<StepArgument, ValidationError.ValidationError> => {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    const reason = error instanceof Error ? error.message : "not JSON"
    return Effect.fail(invalid(`Invalid --transformation JSON: ${reason}`))
  }
  const steps = Array.isArray(value) ? value : [value]
  if (steps.length === 0 || !steps.every(isStepObject)) {
    return Effect.fail(
      invalid(
        "Invalid --transformation JSON: expected a step object or an array of them, " +
          'e.g. {"width":300,"aiRemoveBackground":true}'
      )
    )
  }
  return Effect.succeed({ _tag: "Typed", steps })
}

const parseStep = (text: string): Effect.Effect<StepArgument, ValidationError.ValidationError> => {
  const step = text.trim()
  if (step.startsWith("{") || step.startsWith("[")) return parseJsonSteps(step)
  if (step === "") return Effect.fail(invalid('Invalid --transformation "": expected a step such as w-300,h-200'))
  if (UNSAFE_STEP.test(step)) {
    return Effect.fail(
      invalid(
        `Invalid --transformation "${text}": a step cannot contain spaces, "/", "\\", "?" or "#" ` +
          "(percent-encode them, e.g. %2F, or use @@ for a path inside an overlay)"
      )
    )
  }
  return Effect.succeed({ _tag: "Raw", text: step })
}

const PLACES = [
  "center",
  "top",
  "left",
  "bottom",
  "right",
  "top_left",
  "top_right",
  "bottom_left",
  "bottom_right"
] as const

const position = (name: string, what: string) =>
  Options.text(name).pipe(Options.withDescription(what), Options.optional)

/**
 * The flags, for `Command.make`. A single letter is a short flag in @effect/cli (`-x`), so the offsets are `-x` and
 * `-y`; the other position flags are long.
 */
export const transformationFlags = {
  transformation: Options.text("transformation").pipe(
    Options.withAlias("t"),
    Options.withDescription(
      "A transformation step in ImageKit's syntax (the part after tr:), e.g. w-300,h-200 or e-grayscale, or typed " +
        'steps as JSON, e.g. {"width":300,"aiRemoveBackground":true}. Repeat it to chain steps (joined with :).'
    ),
    Options.repeated,
    Options.mapEffect((texts) => Effect.forEach(texts, parseStep))
  ),
  overlayText: Options.text("overlay-text").pipe(
    Options.withDescription("A text layer over the image, the last step (l-text); position it with the flags below."),
    Options.optional
  ),
  overlayImage: Options.text("overlay-image").pipe(
    Options.withDescription("An image layer: the path of another file, e.g. /logos/brand.png (l-image)."),
    Options.optional
  ),
  x: position("x", "The layer's left edge from the base image's: pixels or an expression, e.g. 20 or bw_mul_0.1."),
  y: position("y", "The layer's top edge from the base image's, as -x."),
  xCenter: position("x-center", "The layer's centre, horizontally (instead of -x), e.g. bw_div_2."),
  yCenter: position("y-center", "The layer's centre, vertically (instead of -y)."),
  anchor: Options.choice("anchor", PLACES).pipe(
    Options.withDescription("The corner of the base image the offsets count from."),
    Options.optional
  ),
  focus: Options.choice("focus", PLACES).pipe(
    Options.withDescription("Where the layer goes when no offset is given."),
    Options.optional
  )
}

export type TransformationFlags = Command.Command.ParseConfig<typeof transformationFlags>

const POSITION_FLAGS = [
  ["x", "-x"],
  ["y", "-y"],
  ["xCenter", "--x-center"],
  ["yCenter", "--y-center"],
  ["anchor", "--anchor"],
  ["focus", "--focus"]
] as const

/** The overlay step the flags describe, or `None`; a usage error for flags that do not fit together. */
const overlayStep = (
  flags: TransformationFlags
): Effect.Effect<Option.Option<Transformation.TypedStep>, UsageError> => {
  const given = POSITION_FLAGS.filter(([key]) => Option.isSome(flags[key])).map(([, flag]) => flag)
  if (Option.isSome(flags.overlayText) && Option.isSome(flags.overlayImage)) {
    return Effect.fail(
      new UsageError({
        message:
          "pass one of --overlay-text and --overlay-image; more layers go in --transformation as JSON, " +
          'e.g. {"overlay":{"type":"image","input":"/logo.png"}}'
      })
    )
  }
  if (Option.isNone(flags.overlayText) && Option.isNone(flags.overlayImage)) {
    return given.length === 0
      ? Effect.succeed(Option.none())
      : Effect.fail(
          new UsageError({ message: `${given.join(", ")} position a layer: add --overlay-text or --overlay-image` })
        )
  }
  for (const [offset, centre] of [
    ["x", "xCenter"],
    ["y", "yCenter"]
  ] as const) {
    if (Option.isSome(flags[offset]) && Option.isSome(flags[centre])) {
      return Effect.fail(
        new UsageError({
          message: `-${offset} places the layer's edge and --${offset}-center its centre: pass one of them`
        })
      )
    }
  }
  const placed: Transformation.OverlayPosition = {
    ...(Option.isSome(flags.xCenter)
      ? { xCenter: flags.xCenter.value }
      : Option.isSome(flags.x)
        ? { x: flags.x.value }
        : {}),
    ...(Option.isSome(flags.yCenter)
      ? { yCenter: flags.yCenter.value }
      : Option.isSome(flags.y)
        ? { y: flags.y.value }
        : {}),
    ...(Option.isSome(flags.anchor) ? { anchorPoint: flags.anchor.value } : {}),
    ...(Option.isSome(flags.focus) ? { focus: flags.focus.value } : {})
  }
  const positioned = given.length === 0 ? {} : { position: placed }
  const overlay: Transformation.Overlay = Option.isSome(flags.overlayText)
    ? { type: "text", text: flags.overlayText.value, ...positioned }
    : { type: "image", input: Option.getOrElse(flags.overlayImage, () => ""), ...positioned }
  return Effect.succeed(Option.some({ overlay }))
}

/** The steps the flags describe: `-t` steps in order (a raw one as `{ raw }`), then the overlay. */
export const stepsOf = (
  flags: TransformationFlags
): Effect.Effect<ReadonlyArray<Transformation.TypedStep>, UsageError> =>
  Effect.map(overlayStep(flags), (overlay) => [
    ...flags.transformation.flatMap((step) => (step._tag === "Raw" ? [{ raw: step.text }] : step.steps)),
    ...Option.toArray(overlay)
  ])

/** The steps for `--json`: a raw step as its text, a typed one as its object. */
export const describeSteps = (steps: ReadonlyArray<Transformation.MixedStep>): ReadonlyArray<unknown> =>
  steps.map((step) => {
    const keys = Object.keys(step)
    return keys.length === 1 && keys[0] === "raw" ? (step as { readonly raw: unknown }).raw : step
  })
