/**
 * Verification of ImageKit webhook deliveries, in both formats ImageKit has used:
 *
 * - Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`), what ImageKit documents today and
 *   `@imagekit/nodejs` v7 verifies;
 * - the legacy `x-ik-signature: t=<ms>,v1=<hex>` header that `imagekit@6` `verifyWebhookEvent` verifies.
 *
 * {@link verify} picks the format from the headers. Unlike the official SDKs, every function here checks the
 * timestamp against a tolerance (5 minutes by default), compares signatures in constant time, accepts several
 * signatures for secret rotation, and fails closed: missing headers are an error, never a skipped check.
 *
 * @since 0.1.0
 */
import * as internal from "./internal/webhook.js"

/**
 * Why a delivery was rejected.
 *
 * - `TimestampMissing`, `TimestampInvalid`, `SignatureMissing`, `SignatureMismatch`: the four `imagekit@6` cases
 *   (messages `Timestamp missing`, `Timestamp invalid`, `Signature missing`, `Incorrect signature`).
 * - `TimestampOutsideTolerance`: signed correctly, but older or newer than the tolerance (a replay, or a clock
 *   problem).
 * - `HeadersMissing`: no headers, no signature header, or a header that is not a single string.
 * - `InvalidBody`: the body is not a string or bytes, or (after verification) not JSON.
 * - `InvalidSecret`: the secret is not a non-empty string, or not base64 with `secretEncoding: "base64"`.
 *
 * @since 0.1.0
 * @category models
 */
export type WebhookVerificationErrorReason =
  | "TimestampMissing"
  | "TimestampInvalid"
  | "SignatureMissing"
  | "SignatureMismatch"
  | "TimestampOutsideTolerance"
  | "HeadersMissing"
  | "InvalidBody"
  | "InvalidSecret"

/**
 * Thrown by {@link verify}, {@link verifySignature} and {@link verifyStandard}. The message and help never contain
 * the secret, the received signature or the expected signature.
 *
 * @example
 * ```ts
 * import { WebhookVerificationError } from "@effect-imagekit/core/Webhook"
 *
 * const error = new WebhookVerificationError({ reason: "SignatureMismatch" })
 * console.log(error.message) // "Incorrect signature"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class WebhookVerificationError extends Error {
  /**
   * @since 0.1.0
   */
  readonly _tag = "WebhookVerificationError"
  /**
   * @since 0.1.0
   */
  override readonly name = "WebhookVerificationError"
  /**
   * @since 0.1.0
   */
  readonly reason: WebhookVerificationErrorReason
  /**
   * What to do about it.
   *
   * @since 0.1.0
   */
  readonly help: string

  constructor(props: {
    readonly reason: WebhookVerificationErrorReason
    readonly message?: string | undefined
    readonly help?: string | undefined
  }) {
    const texts = internal.defaultTexts[props.reason]
    super(props.message ?? texts.message)
    this.reason = props.reason
    this.help = props.help ?? texts.help
  }
}

Object.defineProperty(WebhookVerificationError.prototype, internal.WebhookVerificationErrorTypeId, {
  value: internal.WebhookVerificationErrorTypeId
})

/**
 * Whether a value is a {@link WebhookVerificationError}, including one created by another copy of this package.
 *
 * @example
 * ```ts
 * import { isWebhookVerificationError, verify } from "@effect-imagekit/core/Webhook"
 *
 * try {
 *   verify("{}", {}, "whsec_secret")
 * } catch (error) {
 *   if (isWebhookVerificationError(error)) console.log(error.reason) // "HeadersMissing"
 * }
 * ```
 *
 * @since 0.1.0
 * @category guards
 */
export const isWebhookVerificationError = (u: unknown): u is WebhookVerificationError =>
  internal.hasWebhookVerificationErrorTypeId(u)

/**
 * A delivery whose signature and timestamp were verified.
 *
 * @since 0.1.0
 * @category models
 */
export interface VerifiedEvent<E = unknown> {
  /** When the event was signed, in milliseconds since the epoch (Standard Webhooks seconds are converted). */
  readonly timestamp: number
  /** The parsed JSON body. */
  readonly event: E
  /** Which signature format the delivery used. */
  readonly scheme: "x-ik-signature" | "standard"
  /** The `webhook-id` header (Standard Webhooks only): use it to drop duplicate deliveries. */
  readonly id?: string
}

/**
 * @since 0.1.0
 * @category models
 */
export interface VerifyOptions {
  /**
   * Largest allowed difference, in seconds, between the signed timestamp and the clock, in either direction.
   * Default 300. `false` disables the check (the `imagekit@6` behaviour); `0` demands an exact match. Any other
   * value that is not a non-negative number falls back to the default rather than disabling the check.
   */
  readonly tolerance?: number | false | undefined
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  readonly now?: (() => number) | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface StandardVerifyOptions extends VerifyOptions {
  /**
   * How the secret becomes the HMAC key for Standard Webhooks deliveries.
   *
   * - `"utf8"` (default): the UTF-8 bytes of the whole secret, `whsec_` included. This is what ImageKit signs
   *   with, and what `@imagekit/nodejs` v7 verifies.
   * - `"base64"`: the Standard Webhooks convention: drop an optional `whsec_` prefix and base64-decode the rest.
   *
   * Legacy `x-ik-signature` deliveries always use the UTF-8 bytes of the whole secret.
   */
  readonly secretEncoding?: "utf8" | "base64" | undefined
}

/**
 * Request headers: a WHATWG `Headers` (or anything with a `get(name)` method, such as a `Map`), or a plain object
 * such as Node's `IncomingHttpHeaders`. Plain-object names match case-insensitively; a header given more than once
 * (an array, or keys differing only in case) is accepted when all values are identical and rejected otherwise.
 *
 * @since 0.1.0
 * @category models
 */
export type WebhookHeaders =
  | { readonly get: (name: string) => string | null | undefined }
  | { readonly [name: string]: string | ReadonlyArray<string> | undefined }

const unwrap = (outcome: internal.Outcome): VerifiedEvent => {
  if (outcome._tag === "Success") return outcome.value
  throw new WebhookVerificationError(outcome)
}

/**
 * Verifies a legacy `x-ik-signature` delivery (`imagekit@6` `verifyWebhookEvent`) and returns the parsed event.
 *
 * The header is parsed exactly like v6 (`t=<ms>,v1=<hex>`, order-independent, first `t` wins). The signature is
 * HMAC-SHA256, keyed with the UTF-8 bytes of the whole secret, over `<t>.<raw body>`. Improvements over v6: the
 * comparison is constant-time, any of several `v1` values may match (secret rotation), the timestamp must be
 * within the tolerance, and a non-JSON body is a `WebhookVerificationError` rather than a `SyntaxError`.
 *
 * @throws {WebhookVerificationError} on any failure; never anything else, whatever the arguments.
 *
 * @example
 * ```ts
 * import { verifySignature } from "@effect-imagekit/core/Webhook"
 *
 * declare const rawBody: string
 * declare const signatureHeader: string
 *
 * const { event, timestamp } = verifySignature(rawBody, signatureHeader, "whsec_...")
 * console.log(timestamp, event)
 * ```
 *
 * @since 0.1.0
 * @category verification
 */
export const verifySignature = (
  body: string | Uint8Array,
  signatureHeader: string,
  secret: string,
  options?: VerifyOptions
): VerifiedEvent => unwrap(internal.verifyLegacy(body, signatureHeader, secret, options))

/**
 * Verifies a Standard Webhooks delivery as ImageKit sends it and returns the parsed event.
 *
 * Reads `webhook-id`, `webhook-timestamp` (integer seconds) and `webhook-signature` (space-separated
 * `v1,<base64>` entries; other versions are ignored), computes HMAC-SHA256 over `<id>.<timestamp>.<raw body>`, and
 * accepts the delivery when any `v1` entry matches (constant-time) and the timestamp is within the tolerance. See
 * {@link StandardVerifyOptions.secretEncoding} for how the secret becomes the key.
 *
 * Missing headers (including `undefined` or `null` instead of a headers object) are an error: verification never
 * fails open.
 *
 * @throws {WebhookVerificationError} on any failure; never anything else, whatever the arguments.
 *
 * @example
 * ```ts
 * import { verifyStandard } from "@effect-imagekit/core/Webhook"
 *
 * declare const request: { readonly headers: Headers; readonly body: string }
 *
 * const verified = verifyStandard(request.body, request.headers, "whsec_...")
 * console.log(verified.id, verified.event)
 * ```
 *
 * @since 0.1.0
 * @category verification
 */
export const verifyStandard = (
  body: string | Uint8Array,
  headers: WebhookHeaders | null | undefined,
  secret: string,
  options?: StandardVerifyOptions
): VerifiedEvent => unwrap(internal.verifyStandard(body, headers, secret, options))

/**
 * Verifies a delivery in whichever format its headers carry: Standard Webhooks when `webhook-signature` is present,
 * else legacy when `x-ik-signature` is present, else a `HeadersMissing` error.
 *
 * @throws {WebhookVerificationError} on any failure; never anything else, whatever the arguments.
 *
 * @example
 * ```ts
 * import { isWebhookVerificationError, verify } from "@effect-imagekit/core/Webhook"
 *
 * declare const rawBody: Uint8Array
 * declare const headers: Record<string, string | Array<string> | undefined>
 *
 * try {
 *   const { event, scheme } = verify(rawBody, headers, "whsec_...")
 *   console.log(scheme, event)
 * } catch (error) {
 *   if (isWebhookVerificationError(error)) console.log(error.reason, error.help)
 * }
 * ```
 *
 * @since 0.1.0
 * @category verification
 */
export const verify = (
  body: string | Uint8Array,
  headers: WebhookHeaders | null | undefined,
  secret: string,
  options?: StandardVerifyOptions
): VerifiedEvent => unwrap(internal.verify(body, headers, secret, options))
