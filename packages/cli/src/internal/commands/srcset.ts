/**
 * `imagekit srcset`: the `src`, `srcset` and `sizes` of a responsive `<img>` (the SDK's `ik.responsiveImage`,
 * `@imagekit/javascript`'s `getResponsiveImageAttributes` rules), signed when asked. Makes no request; reads the
 * variables `imagekit url` reads (urlEnvironment.ts).
 */
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { UsageError } from "../errors.js"
import { type Rendered, runAction } from "../output.js"
import { describeSteps, stepsOf, transformationFlags } from "./transformationFlags.js"
import { checkTarget, queryAndSigningFlags, target } from "./url.js"
import { expiryOf, invalidInput, urlService } from "./urlEnvironment.js"

const invalid = (message: string) => ValidationError.invalidValue(HelpDoc.p(message))

/** `640,1080,1920`: whole numbers of pixels above 0. */
const breakpoints = (name: string, what: string) =>
  Options.text(name).pipe(
    Options.withDescription(what),
    Options.mapEffect((text) => {
      const widths = text.split(",").map((part) => part.trim())
      return widths.every((width) => /^[1-9]\d{0,5}$/.test(width))
        ? Effect.succeed(widths.map(Number))
        : Effect.fail(invalid(`Invalid --${name} "${text}": expected widths in pixels, e.g. 640,1080,1920`))
    }),
    Options.optional
  )

const srcsetOptions = {
  sizes: Options.text("sizes").pipe(
    Options.withDescription(
      'The sizes attribute, e.g. "(min-width: 768px) 50vw, 100vw": candidates get w descriptors, from the ' +
        "smallest vw share of the first device breakpoint up."
    ),
    Options.optional
  ),
  width: Options.integer("width").pipe(
    Options.withDescription("The width the image is shown at, in CSS pixels (without --sizes): 1x and 2x candidates."),
    Options.mapEffect((width) =>
      width > 0 ? Effect.succeed(width) : Effect.fail(invalid(`Invalid --width ${width}: expected pixels above 0`))
    ),
    Options.optional
  ),
  deviceBreakpoints: breakpoints(
    "device-breakpoints",
    "Screen widths to offer, comma-separated (default 640,750,828,1080,1200,1920,2048,3840)."
  ),
  imageBreakpoints: breakpoints(
    "image-breakpoints",
    "Smaller widths to offer as well (default 16,32,48,64,96,128,256,384)."
  ),
  ...transformationFlags,
  position: Options.choice("position", ["query", "path"]).pipe(
    Options.withDescription("Where the transformation goes: query (?tr=, the default) or path (/tr:w-300/a.jpg)."),
    Options.optional
  ),
  ...queryAndSigningFlags,
  json: Options.boolean("json").pipe(
    Options.withDescription("Print { src, srcset, sizes, width, transformation, signed, expiresAt }.")
  )
}

type SrcsetFlags = Command.Command.ParseConfig<typeof srcsetOptions> & { readonly target: string }

const srcset = (flags: SrcsetFlags) =>
  Effect.gen(function* () {
    const isSrc = yield* checkTarget(flags.target)
    const signed = flags.signed || Option.isSome(flags.expire)
    const position = Option.getOrElse(flags.position, () => "query" as const)
    if (isSrc && position === "path") {
      return yield* new UsageError({
        message: "--position path needs a path: with an absolute URL the transformation always goes to ?tr="
      })
    }
    const steps = yield* stepsOf(flags)
    const { ik } = yield* urlService({ isSrc, signed })
    const expiresIn = Option.getOrUndefined(flags.expire)
    const attributes = yield* ik
      .responsiveImage({
        src: flags.target,
        ...(steps.length === 0 ? {} : { transformation: steps }),
        transformationPosition: position,
        ...(flags.query.length === 0 ? {} : { queryParameters: Object.fromEntries(flags.query) }),
        ...Option.match(flags.sizes, { onNone: () => ({}), onSome: (sizes) => ({ sizes }) }),
        ...Option.match(flags.width, { onNone: () => ({}), onSome: (width) => ({ width }) }),
        ...Option.match(flags.deviceBreakpoints, {
          onNone: () => ({}),
          onSome: (list) => ({ deviceBreakpoints: list })
        }),
        ...Option.match(flags.imageBreakpoints, { onNone: () => ({}), onSome: (list) => ({ imageBreakpoints: list }) }),
        signed,
        ...(expiresIn === undefined ? {} : { expiresIn })
      })
      .pipe(Effect.mapError((error) => invalidInput(error, "see `imagekit srcset --help`")))
    const rendered: Rendered = {
      json: {
        src: attributes.src,
        srcset: attributes.srcSet ?? null,
        sizes: attributes.sizes ?? null,
        width: attributes.width ?? null,
        transformation: describeSteps(steps),
        signed,
        expiresAt: signed ? expiryOf(attributes.src) : null
      },
      lines: [
        `src     ${attributes.src}`,
        ...(attributes.srcSet === undefined ? [] : [`srcset  ${attributes.srcSet}`]),
        ...(attributes.sizes === undefined ? [] : [`sizes   ${attributes.sizes}`]),
        ...(attributes.width === undefined ? [] : [`width   ${attributes.width}`])
      ]
    }
    return rendered
  })

/**
 * @since 0.1.0
 */
export const srcsetCommand = Command.make("srcset", { ...srcsetOptions, target }, (flags) =>
  runAction(flags.json, srcset(flags))
).pipe(
  Command.withDescription(
    "Print the src, srcset and sizes of a responsive <img> for a path under IMAGEKIT_URL_ENDPOINT or an absolute " +
      "URL (@imagekit/javascript's getResponsiveImageAttributes rules), each candidate signed with --signed or " +
      "--expire. Makes no request."
  )
)
