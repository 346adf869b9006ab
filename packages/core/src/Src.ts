/**
 * The `@imagekit/javascript` 5 URL API by its own names, `buildSrc` and `buildTransformationString`. Moving from it
 * is a change of import:
 *
 * ```ts
 * import { buildSrc } from "@effect-imagekit/core" // was "@imagekit/javascript"
 * ```
 *
 * Like js5's, this `buildSrc` does not sign, so a browser bundle carries no signing code. On a server, `buildSrc`
 * from `@effect-imagekit/core/Signing` takes the same options plus `signed`, `expiresIn` and `privateKey`, as
 * `@imagekit/nodejs` 7's `client.helper.buildSrc` does.
 *
 * The output is js5's byte for byte except where js5 is wrong at the edges (zero positions and timings are kept,
 * plain overlay paths are percent-encoded, bad input is a `UrlError` instead of a silently dropped layer, the query
 * is never malformed): the list, each with js5's output beside ours, is docs/migrating-from-imagekit-javascript.md.
 *
 * @since 0.1.0
 */
import * as internal from "./internal/src.js"
import type { TypedStep } from "./Transformation.js"

/**
 * Options of {@link buildSrc}: js5's `SrcOptions`.
 *
 * @example
 * ```ts
 * import type { SrcOptions } from "@effect-imagekit/core"
 *
 * const options: SrcOptions = {
 *   urlEndpoint: "https://ik.imagekit.io/your_imagekit_id",
 *   src: "/products/shoe.jpg",
 *   transformation: [{ width: 400, format: "auto" }],
 *   queryParameters: { v: 2 }
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SrcOptions {
  /**
   * A path relative to `urlEndpoint` (`"/products/shoe.jpg"`), or an absolute `http(s)` URL, which is used as it
   * is apart from repeated slashes in its path. An empty `src` gives `""`, as in js5.
   */
  readonly src: string
  /** The base for a relative `src`, e.g. `https://ik.imagekit.io/your_imagekit_id`; also cut off before signing. */
  readonly urlEndpoint: string
  /** Steps of the chained transformation, applied in order. */
  readonly transformation?: ReadonlyArray<TypedStep> | undefined
  /** `"query"` (the default): `?tr=…`; `"path"`: a `tr:…` path segment (relative `src` only). */
  readonly transformationPosition?: "path" | "query" | undefined
  /** Query parameters appended after the ones `src` has (a repeated name is kept, as `URLSearchParams#append`). */
  readonly queryParameters?: Readonly<Record<string, string | number>> | undefined
}

/**
 * Builds an ImageKit URL the way `@imagekit/javascript` 5's `buildSrc` does.
 *
 * @example
 * ```ts
 * import { buildSrc } from "@effect-imagekit/core"
 *
 * buildSrc({
 *   urlEndpoint: "https://ik.imagekit.io/your_imagekit_id",
 *   src: "/banner.jpg",
 *   transformation: [{ width: 800, height: 400 }, { overlay: { type: "text", text: "Sale", position: { x: 0 } } }]
 * })
 * // "https://ik.imagekit.io/your_imagekit_id/banner.jpg?tr=w-800,h-400:l-text,i-Sale,lx-0,l-end"
 *
 * buildSrc({ urlEndpoint: "https://ik.imagekit.io/your_imagekit_id", src: "https://" }) // "" (js5: a URL that does not parse)
 * ```
 *
 * @returns the URL, or `""` when `src` is missing or `src`/`urlEndpoint` does not parse (as js5 documents).
 * @throws {UrlError} for transformation values that cannot be written (`InvalidTransformation`), an unknown overlay
 * `type`, `x` with `xCenter`, or `signed`/`expiresIn` (`SigningNotAvailable`: use `Signing.buildSrc`).
 * @since 0.1.0
 * @category constructors
 */
export const buildSrc = (options: SrcOptions): string => internal.buildSrc(options, undefined)

/**
 * The transformation string (`w-400,h-300:rt-90`) that `buildSrc` puts after `tr=` or `tr:`, as
 * `@imagekit/javascript` 5's `buildTransformationString`; `""` for no steps.
 *
 * @example
 * ```ts
 * import { buildTransformationString } from "@effect-imagekit/core"
 *
 * buildTransformationString([{ width: 300, aiRemoveBackground: true }, { overlay: { type: "image", input: "logo.png" } }])
 * // "w-300,e-bgremove:l-image,i-logo.png,l-end"
 * ```
 *
 * @throws {UrlError} as {@link buildSrc} does for the transformation.
 * @since 0.1.0
 * @category encoding
 */
export const buildTransformationString = (transformation: ReadonlyArray<TypedStep> | undefined): string =>
  internal.transformationString(transformation)
