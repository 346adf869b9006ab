/**
 * The transformation models and their encoders.
 *
 * A transformation is an array of steps; each step is an object of named parameters. Steps are chained
 * with `:` and parameters inside a step are joined with `,`: `[{ width: 400, height: 300 }, { rotation: 90 }]`
 * becomes `w-400,h-300:rt-90`. Two models share that shape:
 *
 * - {@link Step}, `imagekit@6`'s flat named parameters (plus any key as written and `raw`), encoded by
 *   {@link format} exactly as v6 does; `Url.build` uses it.
 * - {@link TypedStep}, `@imagekit/javascript` 5's typed parameters: every parameter of ImageKit's transformation
 *   reference, the AI transformations, video and streaming, and overlays as a discriminated union
 *   ({@link Overlay}). `buildSrc` takes it; {@link typed} turns it into steps `Url.build` takes.
 *
 * @since 0.1.0
 */
import { mixedSteps } from "./internal/mixedSteps.js"
import { encodeOverlay } from "./internal/overlay.js"
import * as internal from "./internal/transformation.js"
import { encodeTransformation } from "./internal/transformationString.js"
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
      throw new UrlError("InvalidTransformation", internal.TRANSFORMATION_VALUES, `key "${error.key}"`)
    }
    throw error
  }
}

/**
 * A length, a position or a time: a number, or a string for units and arithmetic expressions (`"bw_mul_0.4"`,
 * `"N40"`, `"10.5"`).
 *
 * @example
 * ```ts
 * import type { Amount } from "@effect-imagekit/core/Transformation"
 *
 * const half: Amount = "bw_div_2"
 * const fixed: Amount = 120
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Amount = number | string

/**
 * A resolution for adaptive bitrate streaming (`sr-240_360_720`).
 *
 * @example
 * ```ts
 * import type { StreamingResolution } from "@effect-imagekit/core/Transformation"
 *
 * const ladder: ReadonlyArray<StreamingResolution> = ["360", "720", "1080"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type StreamingResolution = "240" | "360" | "480" | "720" | "1080" | "1440" | "2160"

/**
 * One step of a typed transformation: `@imagekit/javascript` 5's `Transformation` (and `@imagekit/nodejs` 7's),
 * with the URL parameter of each field in its comment. Effects without a value take `true`; effects with an optional
 * value take `true` or the value. `raw` is copied verbatim, for anything the model does not name.
 *
 * @example
 * ```ts
 * import type { TypedStep } from "@effect-imagekit/core/Transformation"
 *
 * const product: TypedStep = { width: 400, height: 400, aiRemoveBackground: true, aiDropShadow: "az-45" }
 * const banner: TypedStep = {
 *   overlay: { type: "text", text: "Spring sale", position: { x: 0, y: 0 }, transformation: [{ fontSize: 40 }] }
 * }
 * const stream: TypedStep = { streamingResolutions: ["360", "720", "1080"], videoCodec: "h264" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface TypedStep {
  /** `w`: width in pixels, a ratio below 1, or an expression such as `"iw_div_2"`. */
  readonly width?: Amount | undefined
  /** `h`: height in pixels, a ratio below 1, or an expression. */
  readonly height?: Amount | undefined
  /** `ar`: aspect ratio, `"4-3"` or an expression such as `"iar_div_2"`. */
  readonly aspectRatio?: Amount | undefined
  /** `c`: crop strategy. */
  readonly crop?:
    | "force"
    | "at_max"
    | "at_max_enlarge"
    | "at_least"
    | "maintain_ratio"
    | "maintain_ratio_no_enlarge"
    | undefined
  /** `cm`: crop mode. */
  readonly cropMode?:
    | "pad_resize"
    | "extract"
    | "pad_extract"
    | "pad_resize_no_enlarge"
    | "pad_extract_no_shrink"
    | undefined
  /** `fo`: focus: a position, `auto`, `face` or an object name (`fo-person`). */
  readonly focus?: string | undefined
  /** `x`: left edge of an extract crop. */
  readonly x?: Amount | undefined
  /** `y`: top edge of an extract crop. */
  readonly y?: Amount | undefined
  /** `xc`: horizontal centre of an extract crop. */
  readonly xCenter?: Amount | undefined
  /** `yc`: vertical centre of an extract crop. */
  readonly yCenter?: Amount | undefined
  /** `z`: zoom around the focus (with `fo-face` or an object focus). */
  readonly zoom?: number | undefined
  /** `dpr`: device pixel ratio, `auto` or an expression. */
  readonly dpr?: Amount | undefined
  /** `f`: output format. */
  readonly format?:
    | "auto"
    | "webp"
    | "jpg"
    | "jpeg"
    | "png"
    | "gif"
    | "svg"
    | "mp4"
    | "webm"
    | "avif"
    | "orig"
    | undefined
  /** `q`: quality, 1–100. */
  readonly quality?: number | undefined
  /** `lo`: lossless WebP/PNG. */
  readonly lossless?: boolean | undefined
  /** `pr`: progressive JPEG. */
  readonly progressive?: boolean | undefined
  /** `md`: keep the metadata. */
  readonly metadata?: boolean | undefined
  /** `cp`: keep the colour profile. */
  readonly colorProfile?: boolean | undefined
  /** `dn`: output density in DPI, 1–1200 or an expression such as `"idn_mul_2"`. */
  readonly density?: Amount | undefined
  /** `orig`: serve the original file. */
  readonly original?: boolean | undefined
  /** `pg`: page, page range or PSD layer of a multi-page file. */
  readonly page?: Amount | undefined
  /** `bg`: background: a colour, `dominant`, `gradient_dominant`, `blurred…` or generative fill (`genfill`). */
  readonly background?: string | undefined
  /** `b`: border, `"<width>_<colour>"`. */
  readonly border?: string | undefined
  /** `r`: corner radius, `"max"` or four `_`-separated radii. */
  readonly radius?: Amount | undefined
  /** `rt`: rotation in degrees, `"N40"` anticlockwise, or `"auto"`. */
  readonly rotation?: Amount | undefined
  /** `fl`: flip. */
  readonly flip?: "h" | "v" | "h_v" | "v_h" | undefined
  /** `bl`: Gaussian blur, 1–100. */
  readonly blur?: number | undefined
  /** `o`: opacity. */
  readonly opacity?: number | undefined
  /** `t`: trim a solid background (`true` or a threshold). */
  readonly trim?: true | number | undefined
  /** `n`: a named transformation. */
  readonly named?: string | undefined
  /** `di`: default image path; slashes are written `@@` for you. */
  readonly defaultImage?: string | undefined
  /** `e-grayscale`. */
  readonly grayscale?: true | undefined
  /** `e-contrast`: contrast stretch. */
  readonly contrastStretch?: true | undefined
  /** `e-sharpen`, with an optional amount. */
  readonly sharpen?: true | number | undefined
  /** `e-usm`: unsharp mask, with optional parameters. */
  readonly unsharpMask?: true | string | undefined
  /** `e-shadow`: shadow under a transparent image's object, with optional parameters. */
  readonly shadow?: true | string | undefined
  /** `e-gradient`, with optional parameters. */
  readonly gradient?: true | string | undefined
  /** `e-distort`: perspective (`p-…`) or arc (`a-…`) distortion. */
  readonly distort?: string | undefined
  /** `e-colorize`: tint (`co-<colour>_in-<intensity>` parts). */
  readonly colorize?: string | undefined
  /** `cr`: colour replace, `to[_tolerance[_from]]`. */
  readonly colorReplace?: string | undefined
  /** `e-bgremove`: ImageKit's background removal. */
  readonly aiRemoveBackground?: true | undefined
  /** `e-removedotbg`: third-party background removal. */
  readonly aiRemoveBackgroundExternal?: true | undefined
  /** `e-changebg`: AI background change from a prompt (`"prompt-snow road"` or `"prompte-<base64>"`). */
  readonly aiChangeBackground?: string | undefined
  /** `e-edit`: AI edit from a prompt. */
  readonly aiEdit?: string | undefined
  /** `e-dropshadow`: AI drop shadow, with optional light parameters (`"az-45"`). */
  readonly aiDropShadow?: true | string | undefined
  /** `e-retouch`: AI retouch. */
  readonly aiRetouch?: true | undefined
  /** `e-upscale`: AI upscale. */
  readonly aiUpscale?: true | undefined
  /** `e-genvar`: AI variation. */
  readonly aiVariation?: true | undefined
  /** `vc`: video codec. */
  readonly videoCodec?: "h264" | "vp9" | "av1" | "none" | undefined
  /** `ac`: audio codec; `none` removes the audio track. */
  readonly audioCodec?: "aac" | "opus" | "none" | undefined
  /** `so`: start of a video trim, in seconds. */
  readonly startOffset?: Amount | undefined
  /** `eo`: end of a video trim, in seconds. */
  readonly endOffset?: Amount | undefined
  /** `du`: duration of a video trim, in seconds. */
  readonly duration?: Amount | undefined
  /** `sr`: adaptive bitrate streaming resolutions, written `sr-240_360`. */
  readonly streamingResolutions?: ReadonlyArray<StreamingResolution> | undefined
  /** `lm`: how a layer blends with what is under it. */
  readonly layerMode?: "multiply" | "cutter" | "cutout" | "displace" | undefined
  /** `fs`: font size of a text layer. */
  readonly fontSize?: Amount | undefined
  /** `ff`: font family, or the path of a font file (slashes are written `@@`). */
  readonly fontFamily?: string | undefined
  /** `co`: text colour. */
  readonly fontColor?: string | undefined
  /** `co`: subtitle colour. */
  readonly color?: string | undefined
  /** `ia`: alignment of wrapped text. */
  readonly innerAlignment?: "left" | "right" | "center" | undefined
  /** `pa`: padding of a text layer (CSS shorthand order, `_`-separated). */
  readonly padding?: Amount | undefined
  /** `al`: transparency of a text or solid-colour layer, 1–9. */
  readonly alpha?: number | undefined
  /** `tg`: typography: `b`, `i`, `strikethrough` or `_`-joined combinations. */
  readonly typography?: string | undefined
  /** `lh`: line height of wrapped text. */
  readonly lineHeight?: Amount | undefined
  /** `fol`: subtitle font outline, `"<width>_<colour>"`. */
  readonly fontOutline?: string | undefined
  /** `fsh`: subtitle font shadow, `"<colour>_<indent>"`. */
  readonly fontShadow?: string | undefined
  /** A layer over the image or video. */
  readonly overlay?: Overlay | undefined
  /** Copied verbatim into the step, for parameters the model does not name. */
  readonly raw?: string | undefined
}

/**
 * Where a layer goes. `x` and `xCenter` exclude each other, as do `y` and `yCenter`: the type refuses both, and so
 * does the encoder at run time (`UrlError` with reason `ConflictingOverlayPosition`).
 *
 * - `x`, `y` (`lx`, `ly`): the layer's top-left corner; `xCenter`, `yCenter` (`lxc`, `lyc`): its centre.
 * - `anchorPoint` (`lap`): the corner of the base the offsets are measured from.
 * - `focus` (`lfo`): a position on the base, ignored when a coordinate is given.
 *
 * @example
 * ```ts
 * import type { OverlayPosition } from "@effect-imagekit/core/Transformation"
 *
 * const corner: OverlayPosition = { anchorPoint: "bottom_right", x: 16, y: 16 }
 * const centred: OverlayPosition = { xCenter: "bw_div_2", yCenter: "bh_div_2" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type OverlayPosition = (
  | { readonly x?: Amount | undefined; readonly xCenter?: undefined }
  | { readonly x?: undefined; readonly xCenter?: Amount | undefined }
) &
  (
    | { readonly y?: Amount | undefined; readonly yCenter?: undefined }
    | { readonly y?: undefined; readonly yCenter?: Amount | undefined }
  ) & {
    readonly anchorPoint?:
      | "top"
      | "left"
      | "right"
      | "bottom"
      | "top_left"
      | "top_right"
      | "bottom_left"
      | "bottom_right"
      | "center"
      | undefined
    readonly focus?:
      | "center"
      | "top"
      | "left"
      | "bottom"
      | "right"
      | "top_left"
      | "top_right"
      | "bottom_left"
      | "bottom_right"
      | undefined
  }

/**
 * When a layer shows on a video, in seconds or as expressions: `start` (`lso`), `end` (`leo`), `duration` (`ldu`).
 *
 * @example
 * ```ts
 * import type { OverlayTiming } from "@effect-imagekit/core/Transformation"
 *
 * const intro: OverlayTiming = { start: 0, duration: 5 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface OverlayTiming {
  readonly start?: Amount | undefined
  readonly end?: Amount | undefined
  readonly duration?: Amount | undefined
}

/**
 * What every layer has: blending, position and timing.
 *
 * @example
 * ```ts
 * import type { BaseOverlay } from "@effect-imagekit/core/Transformation"
 *
 * const common: BaseOverlay = { layerMode: "multiply", position: { focus: "center" }, timing: { end: 10 } }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface BaseOverlay {
  /** `lm`. */
  readonly layerMode?: "multiply" | "cutter" | "cutout" | "displace" | undefined
  readonly position?: OverlayPosition | undefined
  readonly timing?: OverlayTiming | undefined
}

/**
 * How a layer's input is written: `plain` (`i-…`, percent-encoded, path slashes as `@@`), `base64`
 * (`ie-…`), or `auto` (the default: plain for letters, digits, `-._`, spaces and, in paths, `/`; base64 otherwise).
 *
 * @example
 * ```ts
 * import type { OverlayEncoding } from "@effect-imagekit/core/Transformation"
 *
 * const encoding: OverlayEncoding = "base64"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type OverlayEncoding = "auto" | "plain" | "base64"

/**
 * A text layer (`l-text,i-…`).
 *
 * @example
 * ```ts
 * import type { TextOverlay } from "@effect-imagekit/core/Transformation"
 *
 * const title: TextOverlay = { type: "text", text: "Spring sale", transformation: [{ fontSize: 48, fontColor: "FFFFFF" }] }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface TextOverlay extends BaseOverlay {
  readonly type: "text"
  readonly text: string
  readonly encoding?: OverlayEncoding | undefined
  readonly transformation?: ReadonlyArray<TextOverlayTransformation> | undefined
}

/**
 * The styling a text layer takes.
 *
 * @example
 * ```ts
 * import type { TextOverlayTransformation } from "@effect-imagekit/core/Transformation"
 *
 * const badge: TextOverlayTransformation = { background: "FF0000", padding: 12, radius: "max", typography: "b" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type TextOverlayTransformation = Pick<
  TypedStep,
  | "width"
  | "fontSize"
  | "fontFamily"
  | "fontColor"
  | "innerAlignment"
  | "padding"
  | "alpha"
  | "typography"
  | "background"
  | "radius"
  | "rotation"
  | "flip"
  | "lineHeight"
  | "raw"
>

/**
 * An image layer (`l-image,i-…`) with its own transformation, overlays included.
 *
 * @example
 * ```ts
 * import type { ImageOverlay } from "@effect-imagekit/core/Transformation"
 *
 * const logo: ImageOverlay = { type: "image", input: "/brand/logo.png", transformation: [{ width: 120, opacity: 80 }] }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ImageOverlay extends BaseOverlay {
  readonly type: "image"
  /** The path of the image, relative to the endpoint. */
  readonly input: string
  readonly encoding?: OverlayEncoding | undefined
  readonly transformation?: ReadonlyArray<TypedStep> | undefined
}

/**
 * A video layer (`l-video,i-…`) with its own transformation.
 *
 * @example
 * ```ts
 * import type { VideoOverlay } from "@effect-imagekit/core/Transformation"
 *
 * const intro: VideoOverlay = { type: "video", input: "/clips/intro.mp4", timing: { start: 0, duration: 3 } }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface VideoOverlay extends BaseOverlay {
  readonly type: "video"
  readonly input: string
  readonly encoding?: OverlayEncoding | undefined
  readonly transformation?: ReadonlyArray<TypedStep> | undefined
}

/**
 * A subtitle layer (`l-subtitles,i-…`) on a video.
 *
 * @example
 * ```ts
 * import type { SubtitleOverlay } from "@effect-imagekit/core/Transformation"
 *
 * const captions: SubtitleOverlay = { type: "subtitle", input: "/captions/en.srt", transformation: [{ fontSize: 28 }] }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SubtitleOverlay extends BaseOverlay {
  readonly type: "subtitle"
  readonly input: string
  readonly encoding?: OverlayEncoding | undefined
  readonly transformation?: ReadonlyArray<SubtitleOverlayTransformation> | undefined
}

/**
 * The styling a subtitle layer takes.
 *
 * @example
 * ```ts
 * import type { SubtitleOverlayTransformation } from "@effect-imagekit/core/Transformation"
 *
 * const style: SubtitleOverlayTransformation = { color: "FFFFFF", fontOutline: "2_000000", typography: "b" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type SubtitleOverlayTransformation = Pick<
  TypedStep,
  "background" | "color" | "fontFamily" | "fontOutline" | "fontShadow" | "fontSize" | "typography" | "raw"
>

/**
 * A block of solid colour (`l-image,i-ik_canvas,bg-<color>`).
 *
 * @example
 * ```ts
 * import type { SolidColorOverlay } from "@effect-imagekit/core/Transformation"
 *
 * const band: SolidColorOverlay = { type: "solidColor", color: "00000080", transformation: [{ width: "bw", height: 80 }] }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SolidColorOverlay extends BaseOverlay {
  readonly type: "solidColor"
  /** `FF0000`, `FFAABB50` (the last two digits are the opacity) or a colour name. */
  readonly color: string
  readonly transformation?: ReadonlyArray<SolidColorOverlayTransformation> | undefined
}

/**
 * What a solid-colour layer takes.
 *
 * @example
 * ```ts
 * import type { SolidColorOverlayTransformation } from "@effect-imagekit/core/Transformation"
 *
 * const size: SolidColorOverlayTransformation = { width: "bw", height: 80, gradient: true }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type SolidColorOverlayTransformation = Pick<
  TypedStep,
  "width" | "height" | "alpha" | "background" | "gradient" | "radius" | "raw"
>

/**
 * A layer, discriminated by `type`.
 *
 * @example
 * ```ts
 * import type { Overlay } from "@effect-imagekit/core/Transformation"
 *
 * const logo: Overlay = { type: "image", input: "/brand/logo.png", position: { anchorPoint: "top_right", x: 10, y: 10 } }
 * const caption: Overlay = { type: "subtitle", input: "captions/en.srt", transformation: [{ fontSize: 24 }] }
 * const tint: Overlay = { type: "solidColor", color: "00000080", transformation: [{ width: "bw", height: 80 }] }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Overlay = TextOverlay | ImageOverlay | VideoOverlay | SubtitleOverlay | SolidColorOverlay

/**
 * Encodes a typed transformation (the same string `buildTransformationString` returns) as one `raw` step, which
 * `Url.build` copies verbatim. The typed encoder stays out of bundles that never call this.
 *
 * @example
 * ```ts
 * import { typed } from "@effect-imagekit/core/Transformation"
 * import { build } from "@effect-imagekit/core/Url"
 *
 * build({
 *   urlEndpoint: "https://ik.imagekit.io/your_imagekit_id",
 *   path: "/banner.jpg",
 *   transformation: typed([{ width: 800, overlay: { type: "text", text: "Sale", position: { x: 0, y: 0 } } }])
 * })
 * // "https://ik.imagekit.io/your_imagekit_id/tr:w-800,l-text,i-Sale,lx-0,ly-0,l-end/banner.jpg"
 * ```
 *
 * @throws {UrlError} for a value that cannot be written, an unknown overlay `type`, an overlay without its
 * `text`/`input`/`color`, or `x` with `xCenter`.
 * @since 0.1.0
 * @category encoding
 */
export const typed = (transformation: ReadonlyArray<TypedStep>): Transformation => {
  const raw = encodeTransformation(transformation, encodeOverlay)
  return raw === "" ? [] : [{ raw }]
}

/**
 * A step of either model: an `imagekit@6` {@link Step} or a {@link TypedStep}. What the SDK's `ik.url` and the
 * Promise adapter's `url()` take, through {@link mixed}.
 *
 * @example
 * ```ts
 * import type { MixedStep } from "@effect-imagekit/core/Transformation"
 *
 * const steps: ReadonlyArray<MixedStep> = [
 *   { width: 400, effectSharpen: "-" }, // v6 names
 *   { overlay: { type: "text", text: "Sale", position: { x: 0 } } } // typed
 * ]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type MixedStep = Step | TypedStep

/**
 * Reads each step by the model whose names it uses, so that a caller of v6's `url()` can pass typed steps without
 * changing a byte of the URLs it already builds, and returns the whole transformation as one `raw` step (as
 * {@link typed} does), which `Url.build` copies verbatim:
 *
 * - a step with a name only the typed model has, set to a value (an `overlay` object, `aiRemoveBackground`,
 *   `grayscale`, `xCenter`, `page`, `fontSize`, …), is typed: written as {@link typed} writes it (left out when it
 *   encodes to nothing, as `buildSrc` leaves it out);
 * - every other step is a v6 step, written by v6's encoder ({@link format}). Names both models have (`width`,
 *   `rotation`, `raw`, …) are written alike by both for every value the typed model accepts.
 *
 * The typed test is made inside v6's pass over the keys, on the keys v6 does not name, so a v6 transformation costs
 * what `Url.build` would spend on it anyway. A value v6 cannot write leaves the transformation as it was (for
 * `Url.build` to report), and anything that is not an array is returned as it is.
 *
 * @example
 * ```ts
 * import { mixed } from "@effect-imagekit/core/Transformation"
 * import { build } from "@effect-imagekit/core/Url"
 *
 * build({
 *   urlEndpoint: "https://ik.imagekit.io/your_imagekit_id",
 *   path: "/banner.jpg",
 *   transformation: mixed([{ width: 800, effectSharpen: "-" }, { aiDropShadow: true }])
 * })
 * // "https://ik.imagekit.io/your_imagekit_id/tr:w-800,e-sharpen:e-dropshadow/banner.jpg"
 * ```
 *
 * @throws {UrlError} as {@link typed} does for a typed step, and `InvalidTransformation` for a v6-only name
 * (`rotate`, `effectSharpen`, …) inside a typed step, which the typed model would write as it is.
 * @since 0.1.0
 * @category encoding
 */
export const mixed = (transformation: ReadonlyArray<MixedStep>): Transformation =>
  mixedSteps(transformation) as Transformation
