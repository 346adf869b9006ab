/**
 * Build ImageKit URLs: the complete `imagekit@6` `url()` behaviour as one pure function, with no
 * dependency and no `node:` import, so it runs in browsers, edge runtimes, Deno, Bun and Node.
 *
 * Differences from `imagekit@6`, all deliberate (see `docs/decisions/0003-url-building.md`):
 * - the endpoint and the path are joined with single slashes in every case, as the v6 README documents
 *   (6.0.0 doubled or dropped the slash when the transformation was not in the path, GitHub issue #111);
 * - only own keys of `transformation` steps and `queryParameters` are read, never inherited ones;
 * - failures are `UrlError`s with a reason, never a bare `TypeError`.
 *
 * @since 0.1.0
 */
import * as internal from "./internal/url.js"
import { hasUrlErrorTypeId, UrlError as UrlErrorClass, type UrlErrorReason as Reason } from "./internal/urlError.js"
import type { Transformation } from "./Transformation.js"

/**
 * Options of {@link build}. Either `path` (joined to `urlEndpoint`) or `src` (an absolute URL) is needed;
 * `path` wins when both are given.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Base URL for `path`, e.g. `https://ik.imagekit.io/your_id`. Also removed from the signed string. */
  readonly urlEndpoint?: string | undefined
  /** Path of the file under `urlEndpoint`, e.g. `/folder/image.jpg`. */
  readonly path?: string | undefined
  /** A complete URL of a file already served by ImageKit; the transformation then goes to `?tr=`. */
  readonly src?: string | undefined
  /** The chained transformation, one object per step. */
  readonly transformation?: Transformation | undefined
  /** `"path"` (default) puts `tr:…` in the path; `"query"` adds `?tr=…`. Ignored with `src`. */
  readonly transformationPosition?: "path" | "query" | undefined
  /** Extra query parameters, added after any the URL already has (a repeated name is replaced). */
  readonly queryParameters?: Readonly<Record<string, string | number | boolean>> | undefined
  /** Sign the URL with `privateKey` (HMAC-SHA1). Only the boolean `true` signs. */
  readonly signed?: boolean | undefined
  /** With `signed`, the URL expires this many seconds from now (`ik-t`); absent or 0 means never. */
  readonly expireSeconds?: number | string | undefined
  /** The private API key, needed only with `signed: true`. */
  readonly privateKey?: string | undefined
  /** Clock in milliseconds used for `expireSeconds`; defaults to `Date.now`. */
  readonly now?: (() => number) | undefined
}

/**
 * Why a URL could not be built.
 *
 * @since 0.1.0
 * @category errors
 */
export type UrlErrorReason = Reason

/**
 * Thrown by {@link build} for options it cannot turn into a URL. The message says what to change and
 * never contains the private key or an option value.
 *
 * @since 0.1.0
 * @category errors
 */
export const UrlError: typeof UrlErrorClass = UrlErrorClass

/**
 * @since 0.1.0
 * @category errors
 */
export type UrlError = UrlErrorClass

/**
 * Is this a {@link UrlError}? Also true for one thrown by another copy of this package (ESM vs CommonJS).
 *
 * @since 0.1.0
 * @category guards
 */
export const isUrlError = (u: unknown): u is UrlError => hasUrlErrorTypeId(u)

/**
 * Builds a URL, byte for byte what `imagekit@6` `url()` returns for the same options (apart from the
 * documented slash fix).
 *
 * @example
 * ```ts
 * import { build } from "@effect-imagekit/core/Url"
 *
 * build({
 *   urlEndpoint: "https://ik.imagekit.io/your_imagekit_id/endpoint/",
 *   path: "/default-image.jpg",
 *   transformation: [{ height: 300, width: 400 }]
 * })
 * // "https://ik.imagekit.io/your_imagekit_id/endpoint/tr:h-300,w-400/default-image.jpg"
 *
 * build({
 *   src: "https://ik.imagekit.io/your_imagekit_id/endpoint/default-image.jpg",
 *   transformation: [{ height: 300, width: 400 }]
 * })
 * // "https://ik.imagekit.io/your_imagekit_id/endpoint/default-image.jpg?tr=h-300%2Cw-400"
 *
 * build({
 *   urlEndpoint: "https://ik.imagekit.io/your_imagekit_id",
 *   path: "/default-image.jpg",
 *   signed: true,
 *   expireSeconds: 300,
 *   privateKey: "private_key"
 * })
 * // "https://ik.imagekit.io/your_imagekit_id/default-image.jpg?ik-t=…&ik-s=…"
 * ```
 *
 * @throws {UrlError} when neither `path` nor `src` is given, a URL does not parse, `signed` lacks a key, or
 * an option has the wrong type.
 * @since 0.1.0
 * @category constructors
 */
export const build = (options: Options): string => internal.build(options)
