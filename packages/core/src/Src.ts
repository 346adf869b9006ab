/**
 * The `@imagekit/javascript` 5 URL API by its own names, `buildSrc` and `buildTransformationString`, with the
 * signing of `@imagekit/nodejs` 7's `client.helper.buildSrc` (`signed`, `expiresIn`) done synchronously in any
 * runtime. Moving from either package is a change of import:
 *
 * ```ts
 * import { buildSrc } from "@effect-imagekit/core" // was "@imagekit/javascript"
 * ```
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
 * Options of {@link buildSrc}: js5's `SrcOptions`, v7's `signed` and `expiresIn`, and the private key (v7 reads it
 * from its client; core has none).
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
  /** Sign the URL (HMAC-SHA1 with `privateKey`). Only the boolean `true` signs. */
  readonly signed?: boolean | undefined
  /** Seconds until the signed URL expires (`ik-t`); a positive value signs even without `signed`. */
  readonly expiresIn?: number | undefined
  /** The private API key, for `signed` and `expiresIn`. Keep it on the server. */
  readonly privateKey?: string | undefined
  /** Clock in milliseconds for `expiresIn`; defaults to `Date.now`. */
  readonly now?: (() => number) | undefined
}

/**
 * Builds an ImageKit URL the way `@imagekit/javascript` 5's `buildSrc` does, signed when asked (as v7's
 * `client.helper.buildSrc`).
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
 * buildSrc({
 *   urlEndpoint: "https://ik.imagekit.io/your_imagekit_id",
 *   src: "/private/report.jpg",
 *   expiresIn: 300,
 *   privateKey: "private_key"
 * })
 * // "https://ik.imagekit.io/your_imagekit_id/private/report.jpg?ik-t=…&ik-s=…"
 * ```
 *
 * @throws {UrlError} for a relative `src` without a valid `urlEndpoint`, an absolute `src` that does not parse,
 * transformation values that cannot be written, a malformed overlay, signing without `privateKey`, or an
 * `expiresIn` that is not a number of seconds.
 * @since 0.1.0
 * @category constructors
 */
export const buildSrc = (options: SrcOptions): string => internal.buildSrc(options)

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
