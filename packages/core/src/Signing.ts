/**
 * Server-side signing: signed URLs, client-upload authentication parameters and the raw URL signature.
 * Everything is synchronous and runs without `node:crypto` (a small pure HMAC-SHA1), so it works the
 * same on Node 18+, Bun, Deno and edge runtimes. Keep the private key on the server.
 *
 * @since 0.1.0
 */
import * as responsive from "./internal/responsive.js"
import * as internal from "./internal/signing.js"
import * as src from "./internal/src.js"
import { signSrc } from "./internal/srcSigning.js"
import * as url from "./internal/url.js"
import type { GetImageAttributesOptions, ResponsiveImageAttributes } from "./Responsive.js"
import type { SrcOptions } from "./Src.js"
import type { Options } from "./Url.js"

/**
 * Why signing input was rejected.
 *
 * @since 0.1.0
 * @category errors
 */
export type SigningErrorReason = internal.SigningErrorReason

/**
 * Thrown for a missing private key, a malformed token or expiry, or no random source for the token.
 * The message never contains the private key.
 *
 * @since 0.1.0
 * @category errors
 */
export const SigningError: typeof internal.SigningError = internal.SigningError

/**
 * @since 0.1.0
 * @category errors
 */
export type SigningError = internal.SigningError

/**
 * Is this a {@link SigningError}? Also true for one thrown by another copy of this package (ESM vs CommonJS).
 *
 * @since 0.1.0
 * @category guards
 */
export const isSigningError = (u: unknown): u is SigningError => internal.hasSigningErrorTypeId(u)

/**
 * What a browser needs to upload straight to ImageKit: a one-time `token`, the Unix time `expire`
 * (seconds) and `signature = hex(HMAC-SHA1(privateKey, token + expire))`.
 *
 * @since 0.1.0
 * @category models
 */
export interface AuthenticationParameters {
  readonly token: string
  readonly expire: number | string
  readonly signature: string
}

/**
 * Options of {@link authenticationParameters}.
 *
 * @since 0.1.0
 * @category models
 */
export interface AuthenticationOptions {
  /** Your private API key. */
  readonly privateKey: string
  /** A unique token; a v4 UUID is generated when absent or empty. */
  readonly token?: string | undefined
  /** Expiry as Unix seconds, returned as given; now + 1800 s when absent, `0` or `""`. */
  readonly expire?: number | string | undefined
  /** Clock in milliseconds for the default expiry; defaults to `Date.now`. */
  readonly now?: (() => number) | undefined
  /** Token generator; defaults to `globalThis.crypto.randomUUID`. */
  readonly randomUUID?: (() => string) | undefined
}

/**
 * Default lifetime of upload authentication parameters: 1800 seconds.
 *
 * @since 0.1.0
 * @category constants
 */
export const DEFAULT_EXPIRY_SECONDS: number = internal.DEFAULT_EXPIRY_SECONDS

/**
 * Creates client-upload authentication parameters, as `imagekit@6` `getAuthenticationParameters` does.
 *
 * @example
 * ```ts
 * import { authenticationParameters } from "@effect-imagekit/core/Signing"
 *
 * authenticationParameters({ privateKey: "private_key_test", token: "your_token", expire: 1582269249 })
 * // { token: "your_token", expire: 1582269249, signature: "e71bcd6031016b060d349d212e23e85c791decdd" }
 * ```
 *
 * @throws {SigningError} for a missing key, a non-string token, an expiry that is not a number or string,
 * or no random source when a token must be generated.
 * @since 0.1.0
 * @category signing
 */
export const authenticationParameters = (options: AuthenticationOptions): AuthenticationParameters =>
  internal.authenticationParameters(options)

/**
 * Options of {@link signUrl}: the URL options with a required private key.
 *
 * @since 0.1.0
 * @category models
 */
export type SignUrlOptions = Omit<Options, "signed" | "privateKey"> & { readonly privateKey: string }

/**
 * Builds a signed URL: `Url.build` with `signed: true`. Pass `expireSeconds` to make it expire; without
 * it the signature never expires (ImageKit's `9999999999` convention), so prefer an expiry.
 *
 * @example
 * ```ts
 * import { signUrl } from "@effect-imagekit/core/Signing"
 *
 * signUrl({
 *   urlEndpoint: "https://ik.imagekit.io/test_url_endpoint",
 *   path: "/test_path_alt.jpg",
 *   privateKey: "test_private_key"
 * })
 * // "https://ik.imagekit.io/test_url_endpoint/test_path_alt.jpg?ik-s=…"
 * ```
 *
 * @throws {UrlError} as `Url.build` does.
 * @since 0.1.0
 * @category signing
 */
export const signUrl = (options: SignUrlOptions): string => url.build({ ...options, signed: true })

/**
 * Options of {@link urlSignature}.
 *
 * @since 0.1.0
 * @category models
 */
export interface UrlSignatureOptions {
  readonly privateKey: string
  /** The full URL to sign, including any query. */
  readonly url: string
  /** The endpoint whose text (with a trailing slash) is removed from `url` before signing. */
  readonly urlEndpoint: string
  /** Unix seconds, or `9999999999` for "never". */
  readonly expiryTimestamp: number | string
}

/**
 * The `ik-s` value for a URL: hex HMAC-SHA1 of the URL without its endpoint, followed directly by the
 * expiry. Non-ASCII text before the query is percent-encoded first, as v6 `getSignature` did.
 *
 * @example
 * ```ts
 * import { urlSignature } from "@effect-imagekit/core/Signing"
 *
 * urlSignature({
 *   privateKey: "private_key_test",
 *   url: "https://test-domain.com/test-endpoint/tr:w-100/test-signed-url.png",
 *   urlEndpoint: "https://test-domain.com/test-endpoint",
 *   expiryTimestamp: 9999999999
 * })
 * // "41b3075c40bc84147eb71b8b49ae7fbf349d0f00"
 * ```
 *
 * @throws {SigningError} when the private key is missing.
 * @since 0.1.0
 * @category signing
 */
export const urlSignature = (options: UrlSignatureOptions): string => internal.urlSignature(options)

/**
 * What signing adds to `buildSrc`'s options, as `@imagekit/nodejs` 7's `client.helper.buildSrc` takes them, plus the
 * private key (v7 reads it from its client; core has none) and a clock for tests.
 *
 * @example
 * ```ts
 * import type { SignOptions } from "@effect-imagekit/core/Signing"
 *
 * const signing: SignOptions = { expiresIn: 600, privateKey: process.env.IMAGEKIT_PRIVATE_KEY ?? "" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface SignOptions {
  /** Sign the URL. Only the boolean `true` signs; a positive `expiresIn` signs too. */
  readonly signed?: boolean | undefined
  /** Seconds until the URL expires (`ik-t`), whole seconds, up to 100 years; absent or 0: never. */
  readonly expiresIn?: number | undefined
  /** The private API key. Keep it on the server. */
  readonly privateKey: string
  /** Clock in milliseconds for `expiresIn`; defaults to `Date.now`. */
  readonly now?: (() => number) | undefined
}

/**
 * Options of {@link buildSrc}.
 *
 * @example
 * ```ts
 * import type { SignedSrcOptions } from "@effect-imagekit/core/Signing"
 *
 * const options: SignedSrcOptions = {
 *   urlEndpoint: "https://ik.imagekit.io/your_imagekit_id",
 *   src: "/private/report.jpg",
 *   signed: true,
 *   privateKey: process.env.IMAGEKIT_PRIVATE_KEY ?? ""
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type SignedSrcOptions = SrcOptions & SignOptions

/**
 * `buildSrc` with signing, as `@imagekit/nodejs` 7's `client.helper.buildSrc`: `signed: true` (or a positive
 * `expiresIn`) adds `ik-s`, the hex HMAC-SHA1 of the URL without its `urlEndpoint` followed by the expiry, and
 * `expiresIn` adds `ik-t`. Moving from v7 is a change of import and passing the key:
 *
 * @example
 * ```ts
 * import { buildSrc } from "@effect-imagekit/core/Signing" // was client.helper.buildSrc
 *
 * buildSrc({
 *   urlEndpoint: "https://ik.imagekit.io/your_imagekit_id",
 *   src: "/private/report.jpg",
 *   transformation: [{ width: 400 }],
 *   expiresIn: 300,
 *   privateKey: "private_key"
 * })
 * // "https://ik.imagekit.io/your_imagekit_id/private/report.jpg?tr=w-400&ik-t=…&ik-s=…"
 * ```
 *
 * @throws {UrlError} as the root `buildSrc` does, and `MissingPrivateKey`, `MissingUrlEndpoint` (signing cuts it off
 * the URL) or `InvalidExpiresIn` (not a number of seconds: v7 signs `NaN` or `Infinity` as "never expires").
 * @since 0.1.0
 * @category signing
 */
export const buildSrc = (options: SignedSrcOptions): string => src.buildSrc(options, signSrc)

/**
 * Options of {@link getResponsiveImageAttributes}.
 *
 * @example
 * ```ts
 * import type { SignedImageAttributesOptions } from "@effect-imagekit/core/Signing"
 *
 * const options: SignedImageAttributesOptions = {
 *   urlEndpoint: "https://ik.imagekit.io/your_imagekit_id",
 *   src: "/private/hero.jpg",
 *   width: 400,
 *   expiresIn: 3600,
 *   privateKey: process.env.IMAGEKIT_PRIVATE_KEY ?? ""
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type SignedImageAttributesOptions = GetImageAttributesOptions & SignOptions

/**
 * The root `getResponsiveImageAttributes` with every candidate signed by {@link buildSrc}, all with the same expiry.
 *
 * @example
 * ```ts
 * import { getResponsiveImageAttributes } from "@effect-imagekit/core/Signing"
 *
 * const { src, srcSet } = getResponsiveImageAttributes({
 *   urlEndpoint: "https://ik.imagekit.io/your_imagekit_id",
 *   src: "/private/hero.jpg",
 *   width: 400,
 *   expiresIn: 3600,
 *   privateKey: "private_key"
 * })
 * ```
 *
 * @throws {UrlError} as the root `getResponsiveImageAttributes` and {@link buildSrc} do.
 * @since 0.1.0
 * @category signing
 */
export const getResponsiveImageAttributes = (options: SignedImageAttributesOptions): ResponsiveImageAttributes =>
  responsive.responsiveImageAttributes(options, signSrc)
