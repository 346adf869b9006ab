/**
 * `@effect-imagekit/core`: the pure, dependency-free half of effect-imagekit.
 *
 * The package root also carries `@imagekit/javascript` 5's URL API under its own names (`buildSrc`,
 * `buildTransformationString`, `getResponsiveImageAttributes` and their option types), so moving from it is a
 * change of import. Each module has its own entry too (`@effect-imagekit/core/Url`); this root re-exports them,
 * and a bundler keeps only what you import from it.
 *
 * @since 0.1.0
 */
import * as TransformationModule from "./Transformation.js"

/**
 * @since 0.1.0
 */
export * as PHash from "./PHash.js"

/**
 * @since 0.1.0
 */
export * as Responsive from "./Responsive.js"

/**
 * @since 0.1.0
 */
export * as Search from "./Search.js"

/**
 * @since 0.1.0
 */
export * as Signing from "./Signing.js"

/**
 * @since 0.1.0
 */
export * as Src from "./Src.js"

/**
 * The `Transformation` module's functions; as a type, the name is js5's `Transformation` (one typed step). Import
 * `@effect-imagekit/core/Transformation` for the module's types.
 *
 * @example
 * ```ts
 * import { Transformation } from "@effect-imagekit/core"
 *
 * const step: Transformation = { width: 400, aiRemoveBackground: true }
 * Transformation.format([{ width: 400 }]) // "w-400" (imagekit@6's encoder)
 * ```
 *
 * @since 0.1.0
 */
export const Transformation: typeof TransformationModule = TransformationModule

/**
 * One step of a typed transformation, under `@imagekit/javascript`'s name for it.
 *
 * @example
 * ```ts
 * import { buildTransformationString, type Transformation } from "@effect-imagekit/core"
 *
 * const steps: Array<Transformation> = [{ width: 400 }, { overlay: { type: "text", text: "Hi" } }]
 * buildTransformationString(steps) // "w-400:l-text,i-Hi,l-end"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Transformation = TransformationModule.TypedStep

/**
 * @since 0.1.0
 */
export * as Url from "./Url.js"

/**
 * @since 0.1.0
 */
export * as Webhook from "./Webhook.js"

/**
 * @since 0.1.0
 * @category constructors
 */
export { getResponsiveImageAttributes } from "./Responsive.js"

/**
 * @since 0.1.0
 * @category models
 */
export type { GetImageAttributesOptions, ResponsiveImageAttributes } from "./Responsive.js"

/**
 * @since 0.1.0
 * @category constructors
 */
export { buildSrc, buildTransformationString } from "./Src.js"

/**
 * @since 0.1.0
 * @category models
 */
export type { SrcOptions } from "./Src.js"

/**
 * @since 0.1.0
 * @category models
 */
export type {
  ImageOverlay,
  Overlay,
  OverlayPosition,
  OverlayTiming,
  SolidColorOverlay,
  SolidColorOverlayTransformation,
  StreamingResolution,
  SubtitleOverlay,
  SubtitleOverlayTransformation,
  TextOverlay,
  TextOverlayTransformation,
  VideoOverlay
} from "./Transformation.js"

/**
 * @since 0.1.0
 * @category errors
 */
export { isUrlError, UrlError } from "./Url.js"
