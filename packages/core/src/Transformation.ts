/**
 * The typed transformation model and the transformation-string encoder.
 *
 * A transformation is an array of steps; each step is an object of named parameters. Steps are chained
 * with `:` and parameters inside a step are joined with `,`, exactly as `imagekit@6` does:
 * `[{ width: 400, height: 300 }, { rotation: 90 }]` becomes `w-400,h-300:rt-90`.
 *
 * @since 0.1.0
 */
import * as internal from "./internal/transformation.js"
import { UrlError } from "./internal/urlError.js"

/**
 * A value the encoder accepts. `null` and `undefined` skip the parameter; `0`, `false` and `""` are kept
 * (`w-0`, `h-false`, `q-`); the string `"-"` emits the bare parameter name (`e-sharpen`).
 *
 * @since 0.1.0
 * @category models
 */
export type Value = string | number | boolean | null | undefined

/**
 * Open-ended string: completion for the known literals, any other string still accepted.
 *
 * @since 0.1.0
 * @category models
 */
export type Open<Known extends string> = Known | (string & {})

/**
 * One step of a chained transformation. Every named parameter of the v6 SDK is listed with its URL
 * parameter in the doc comment; any other key (`"l-text"`, `"e-bgremove"`, `"rt"`) passes through as
 * written, and `raw` is copied verbatim (use it for overlays and arithmetic expressions).
 *
 * @example
 * ```ts
 * import type { Step } from "@effect-imagekit/core/Transformation"
 *
 * const thumbnail: Step = { width: 400, height: 300, cropMode: "extract", focus: "auto" }
 * const overlay: Step = { raw: "l-text,i-Imagekit,fs-50,l-end" }
 * const sharpen: Step = { effectSharpen: "-" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Step {
  /** `h`: height in pixels, a ratio below 1, or an expression such as `"ih_div_2"`. */
  readonly height?: Value
  /** `w`: width in pixels, a ratio below 1, or an expression such as `"iw_div_4"`. */
  readonly width?: Value
  /** `ar`: aspect ratio such as `"4-3"`. */
  readonly aspectRatio?: Open<"1-1" | "4-3" | "16-9" | "3-2"> | null | undefined
  /** `q`: quality, 1–100. */
  readonly quality?: Value
  /** `c`: crop strategy. */
  readonly crop?: Open<"force" | "at_max" | "at_max_enlarge" | "at_least" | "maintain_ratio"> | null | undefined
  /** `cm`: crop mode. */
  readonly cropMode?: Open<"pad_resize" | "extract" | "pad_extract"> | null | undefined
  /** `x`: horizontal position of the crop. */
  readonly x?: Value
  /** `y`: vertical position of the crop. */
  readonly y?: Value
  /** `fo`: focus area. */
  readonly focus?:
    | Open<"center" | "top" | "left" | "bottom" | "right" | "top_left" | "top_right" | "bottom_left" | "auto" | "face">
    | null
    | undefined
  /** `f`: output format. */
  readonly format?:
    | Open<"auto" | "webp" | "jpg" | "jpeg" | "png" | "gif" | "svg" | "avif" | "mp4" | "webm" | "orig">
    | null
    | undefined
  /** `r`: corner radius in pixels or `"max"`. */
  readonly radius?: Value
  /** `bg`: background colour (`"FF0000"`, `"blurred"`). */
  readonly background?: Value
  /** `b`: border, `"<width>_<colour>"`. */
  readonly border?: Value
  /** `rt`: rotation in degrees or `"auto"`. */
  readonly rotation?: Value
  /** `rt`: alias of `rotation`. */
  readonly rotate?: Value
  /** `bl`: Gaussian blur radius. */
  readonly blur?: Value
  /** `n`: a named transformation. */
  readonly named?: Value
  /** `pr`: progressive JPEG. */
  readonly progressive?: Value
  /** `lo`: lossless WebP/PNG. */
  readonly lossless?: Value
  /** `t`: trim edges (`true` or a threshold). */
  readonly trim?: Value
  /** `md`: keep metadata. */
  readonly metadata?: Value
  /** `cp`: keep the colour profile. */
  readonly colorProfile?: Value
  /** `di`: default image path; slashes are encoded as `@@` for you. */
  readonly defaultImage?: Value
  /** `dpr`: device pixel ratio or `"auto"`. */
  readonly dpr?: Value
  /** `e-sharpen`: sharpen; `"-"` for the default strength. */
  readonly effectSharpen?: Value
  /** `e-usm`: unsharp mask. */
  readonly effectUSM?: Value
  /** `e-contrast`: contrast stretch. */
  readonly effectContrast?: Value
  /** `e-grayscale`: grayscale. */
  readonly effectGray?: Value
  /** `e-shadow`: drop shadow. */
  readonly effectShadow?: Value
  /** `e-gradient`: gradient overlay. */
  readonly effectGradient?: Value
  /** `orig`: serve the original file. */
  readonly original?: Value
  /** Copied verbatim into the step: overlays (`l-image,…,l-end`), expressions, anything new. */
  readonly raw?: Value
  /** Any other parameter passes through unchanged, e.g. `{ "e-bgremove": "-" }`. */
  readonly [parameter: string]: Value
}

/**
 * A chained transformation: one object per step.
 *
 * @since 0.1.0
 * @category models
 */
export type Transformation = ReadonlyArray<Step>

/**
 * Every named parameter and the URL parameter it becomes.
 *
 * @since 0.1.0
 * @category constants
 */
export const parameterNames: typeof internal.parameterNames = internal.parameterNames

/**
 * The URL parameter for a step key: exact match, then the lower-cased key, then the key itself.
 *
 * @example
 * ```ts
 * import { parameterName } from "@effect-imagekit/core/Transformation"
 *
 * parameterName("width") // "w"
 * parameterName("WIDTH") // "w"
 * parameterName("e-bgremove") // "e-bgremove"
 * ```
 *
 * @since 0.1.0
 * @category encoding
 */
export const parameterName: (key: string) => string = internal.parameterName

/**
 * Encodes a chained transformation to the string that follows `tr:` in a path or `tr=` in a query.
 * Returns `""` when there is nothing to apply (not an array, or an empty array).
 *
 * @example
 * ```ts
 * import { format } from "@effect-imagekit/core/Transformation"
 *
 * format([{ height: 300, width: 400 }, { rotation: 90 }]) // "h-300,w-400:rt-90"
 * format([{ defaultImage: "/folder/default.jpg" }]) // "di-folder@@default.jpg"
 * ```
 *
 * @throws {UrlError} with reason `InvalidTransformation` when a value cannot be turned into text (an
 * object whose `toString` throws); plain strings, numbers and booleans never fail.
 * @since 0.1.0
 * @category encoding
 */
export const format = (transformation: Transformation): string => {
  try {
    return internal.format(transformation)
  } catch (error) {
    if (error instanceof internal.TransformationValueError) {
      throw new UrlError("InvalidTransformation", `key "${error.key}"`)
    }
    throw error
  }
}
