/**
 * Server-side signing: signed URLs, client-upload authentication parameters (v1), upload tokens (v2) and the raw URL
 * signature.
 * Everything is synchronous and runs without `node:crypto` (a small pure HMAC-SHA1), so it works the
 * same on Node 18+, Bun, Deno and edge runtimes. Keep the private key on the server.
 *
 * @since 0.1.0
 */
import * as responsive from "./internal/responsive.js"
import * as internal from "./internal/signing.js"
import * as src from "./internal/src.js"
import { signSrc } from "./internal/srcSigning.js"
import * as uploadTokens from "./internal/uploadToken.js"
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
 * Thrown for a missing key, a malformed token, expiry or upload-token payload, no random source for the token, or
 * an upload token that does not verify. The message never contains a key.
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

/**
 * The longest an upload token may live, in seconds: ImageKit refuses a token whose `exp` is more than an hour after
 * its `iat`.
 *
 * @since 0.1.0
 * @category constants
 */
export const MAX_UPLOAD_TOKEN_SECONDS: number = uploadTokens.MAX_UPLOAD_TOKEN_SECONDS

/**
 * The parameters of the upload an upload token allows: every field the upload form will carry except `file` and
 * `token`, with the values the form will carry. `fileName` is required. Values are signed in their form text: a
 * boolean or number as its text, a list of strings (`tags`, `responseFields`) joined with commas, an object
 * (`customMetadata`, `extensions`, `transformation`) as JSON; `undefined` leaves a parameter out.
 *
 * @since 0.1.0
 * @category models
 */
export interface UploadTokenPayload {
  readonly fileName: string
  readonly [parameter: string]: unknown
}

/**
 * Options of {@link uploadToken}.
 *
 * @since 0.1.0
 * @category models
 */
export interface UploadTokenOptions {
  /** Your private API key: the HMAC key. Keep it on the server. */
  readonly privateKey: string
  /** Your public API key: the token's `kid`. */
  readonly publicKey: string
  /** Seconds the token is valid, 1 to 3600; default 1800. */
  readonly expiresIn?: number | undefined
  /** Clock in milliseconds for `iat`; defaults to `Date.now`. */
  readonly now?: (() => number) | undefined
}

/**
 * Mints the `token` of a client-side v2 upload (`POST upload.imagekit.io/api/v2/files/upload`): an HS256 JWT whose
 * header carries your public key as `kid` and whose claims are the upload parameters, `iat` and `exp`. The browser
 * sends the same parameters, the file and this token; ImageKit refuses the upload if any parameter differs, if the
 * token expired, or if it was used before, so mint one per upload.
 *
 * @example
 * ```ts
 * import { uploadToken } from "@effect-imagekit/core/Signing"
 *
 * const token = uploadToken(
 *   { fileName: "dress.jpg", useUniqueFileName: false, tags: ["summer", "dress"] },
 *   { privateKey: "private_key_test", publicKey: "public_key_test", expiresIn: 600 }
 * )
 * // The browser's form: file, fileName=dress.jpg, useUniqueFileName=false, tags=summer,dress, token
 * ```
 *
 * @throws {SigningError} `MissingPrivateKey` / `MissingPublicKey` for an absent or empty key, `InvalidExpiresIn`
 * for a lifetime that is not a whole number from 1 to 3600, `InvalidPayload` for a payload that is not an object,
 * has no `fileName`, or names `file`, `token`, `iat` or `exp`.
 * @since 0.1.0
 * @category signing
 */
export const uploadToken = (payload: UploadTokenPayload, options: UploadTokenOptions): string =>
  uploadTokens.uploadToken(payload, options)

/**
 * Options of {@link verifyUploadToken}.
 *
 * @since 0.1.0
 * @category models
 */
export interface VerifyUploadTokenOptions {
  readonly privateKey: string
  /** The public key the token's `kid` must name. */
  readonly publicKey: string
  /** Clock in milliseconds; defaults to `Date.now`. */
  readonly now?: (() => number) | undefined
}

/**
 * A verified upload token: its signed parameters (without `iat` and `exp`) and its lifetime in Unix seconds.
 *
 * @since 0.1.0
 * @category models
 */
export interface VerifiedUploadToken {
  readonly payload: Readonly<Record<string, unknown>>
  readonly issuedAt: number
  readonly expiresAt: number
}

/**
 * Checks an upload token as ImageKit's v2 upload API does: three base64url parts, `alg` HS256, `kid` equal to the
 * public key, an HS256 signature made with the private key (compared in constant time), numeric `iat` and `exp` at
 * most an hour apart, and `exp` still ahead. Whether the upload form matches the payload, and that the token is used
 * only once, is for the receiver to check. The emulator of `@effect-imagekit/testing` verifies tokens with it.
 *
 * @example
 * ```ts
 * import { uploadToken, verifyUploadToken } from "@effect-imagekit/core/Signing"
 *
 * const keys = { privateKey: "private_key_test", publicKey: "public_key_test" }
 * const verified = verifyUploadToken(uploadToken({ fileName: "a.jpg" }, keys), keys)
 * verified.payload // { fileName: "a.jpg" }
 * ```
 *
 * @throws {SigningError} `InvalidUploadToken` (malformed, another algorithm or `kid`, a wrong signature, a lifetime
 * over an hour), `ExpiredUploadToken`, or `MissingPrivateKey` / `MissingPublicKey`.
 * @since 0.1.0
 * @category signing
 */
export const verifyUploadToken = (token: string, options: VerifyUploadTokenOptions): VerifiedUploadToken =>
  uploadTokens.verifyUploadToken(token, options)
