/**
 * Responsive images: `src`, `srcSet` and `sizes` for an `<img>`, by `@imagekit/javascript` 5's
 * `getResponsiveImageAttributes` rules. `getResponsiveImageAttributes` from `@effect-imagekit/core/Signing` signs
 * every candidate.
 *
 * - With `sizes`, candidates are every breakpoint (device and image breakpoints merged) at least as wide as the
 *   smallest `vw` share of the first device breakpoint, with `w` descriptors.
 * - With only `width`, two candidates for 1x and 2x screens: the first breakpoints at least `width` and `2 × width`.
 * - With neither, the device breakpoints with `w` descriptors and `sizes` `"100vw"`.
 *
 * Each candidate is `buildSrc` with one more step, `{ width, crop: "at_max" }`; `src` is the widest.
 *
 * @since 0.1.0
 */
import * as internal from "./internal/responsive.js"
import type { SrcOptions } from "./Src.js"

/**
 * Options of {@link getResponsiveImageAttributes}: those of `buildSrc` and the breakpoint settings.
 *
 * @example
 * ```ts
 * import type { GetImageAttributesOptions } from "@effect-imagekit/core"
 *
 * const hero: GetImageAttributesOptions = {
 *   urlEndpoint: "https://ik.imagekit.io/your_imagekit_id",
 *   src: "/hero.jpg",
 *   sizes: "(min-width: 1024px) 50vw, 100vw",
 *   deviceBreakpoints: [640, 1080, 1920]
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface GetImageAttributesOptions extends SrcOptions {
  /** Screen widths in pixels; default {@link DEFAULT_DEVICE_BREAKPOINTS}. Sorted for you. */
  readonly deviceBreakpoints?: ReadonlyArray<number> | undefined
  /** Smaller widths for thumbnails and placeholders; default {@link DEFAULT_IMAGE_BREAKPOINTS}. */
  readonly imageBreakpoints?: ReadonlyArray<number> | undefined
  /** The `sizes` attribute, e.g. `"(min-width: 768px) 50vw, 100vw"`; selects `w` descriptors. */
  readonly sizes?: string | undefined
  /** The displayed width in pixels, used when there is no `sizes`; selects `1x`/`2x` descriptors. */
  readonly width?: number | undefined
}

/**
 * The attributes for an `<img>` (spread them as `srcSet`/`sizes` in JSX, or write `srcset`/`sizes` in HTML).
 *
 * @example
 * ```ts
 * import { getResponsiveImageAttributes, type ResponsiveImageAttributes } from "@effect-imagekit/core"
 *
 * const { src, srcSet, sizes }: ResponsiveImageAttributes = getResponsiveImageAttributes({
 *   urlEndpoint: "https://ik.imagekit.io/your_imagekit_id",
 *   src: "/hero.jpg"
 * })
 * const html = `<img src="${src}" srcset="${srcSet ?? ""}" sizes="${sizes ?? ""}" alt="">`
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ResponsiveImageAttributes {
  /** The URL of the widest candidate. */
  readonly src: string
  /** The candidates with their descriptors. */
  readonly srcSet?: string | undefined
  /** The `sizes` given, or `"100vw"` for `w` descriptors without one. */
  readonly sizes?: string | undefined
  /** The `width` given. */
  readonly width?: number | undefined
}

/**
 * js5's device breakpoints: 640, 750, 828, 1080, 1200, 1920, 2048 and 3840 pixels.
 *
 * @example
 * ```ts
 * import { DEFAULT_DEVICE_BREAKPOINTS, getResponsiveImageAttributes } from "@effect-imagekit/core/Responsive"
 *
 * // Up to 1920 px only: leave out the 2048 and 3840 px candidates.
 * getResponsiveImageAttributes({
 *   urlEndpoint: "https://ik.imagekit.io/your_imagekit_id",
 *   src: "/hero.jpg",
 *   deviceBreakpoints: DEFAULT_DEVICE_BREAKPOINTS.filter((width) => width <= 1920)
 * })
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const DEFAULT_DEVICE_BREAKPOINTS: ReadonlyArray<number> = internal.DEFAULT_DEVICE_BREAKPOINTS

/**
 * js5's image breakpoints: 16, 32, 48, 64, 96, 128, 256 and 384 pixels.
 *
 * @example
 * ```ts
 * import { DEFAULT_IMAGE_BREAKPOINTS } from "@effect-imagekit/core/Responsive"
 *
 * DEFAULT_IMAGE_BREAKPOINTS.includes(384) // true
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const DEFAULT_IMAGE_BREAKPOINTS: ReadonlyArray<number> = internal.DEFAULT_IMAGE_BREAKPOINTS

/**
 * `src`, `srcSet` and `sizes` for a responsive `<img>`, as `@imagekit/javascript` 5's
 * `getResponsiveImageAttributes`.
 *
 * @example
 * ```ts
 * import { getResponsiveImageAttributes } from "@effect-imagekit/core"
 *
 * getResponsiveImageAttributes({ urlEndpoint: "https://ik.imagekit.io/your_imagekit_id", src: "/hero.jpg", width: 400 })
 * // {
 * //   src: "https://ik.imagekit.io/your_imagekit_id/hero.jpg?tr=w-828,c-at_max",
 * //   srcSet: "https://ik.imagekit.io/your_imagekit_id/hero.jpg?tr=w-640,c-at_max 1x, https://ik.imagekit.io/your_imagekit_id/hero.jpg?tr=w-828,c-at_max 2x",
 * //   width: 400
 * // }
 * ```
 *
 * @throws {UrlError} as `buildSrc` does, and for breakpoints that are not whole numbers above 0
 * (`InvalidBreakpoints`), a `width` that is not a number above 0 (`InvalidWidth`) or a `sizes` that is not a list
 * of CSS lengths (`InvalidSizes`).
 * @since 0.1.0
 * @category constructors
 */
export const getResponsiveImageAttributes = (options: GetImageAttributesOptions): ResponsiveImageAttributes =>
  internal.responsiveImageAttributes(options, undefined)
