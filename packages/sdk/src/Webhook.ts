/**
 * Webhook verification as Effects: both ImageKit schemes (legacy `x-ik-signature` and Standard Webhooks), constant-time
 * comparison, a 5-minute tolerance by default, and a typed `WebhookVerificationError` for every rejection. The secret
 * may be a `Redacted` value, so it stays redacted end to end.
 *
 * @example
 * ```ts
 * import { Webhook } from "@effect-imagekit/sdk"
 * import { Effect, Redacted } from "effect"
 *
 * const handle = (rawBody: string, headers: Record<string, string>) =>
 *   Webhook.verify(rawBody, headers, Redacted.make("whsec_...")).pipe(
 *     Effect.map(({ event }) => event),
 *     Effect.catchTag("WebhookVerificationError", (error) => Effect.logWarning(`rejected: ${error.reason}`))
 *   )
 * ```
 *
 * @since 0.1.0
 */
import * as CoreWebhook from "@effect-imagekit/core/Webhook"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { WebhookVerificationError } from "./ImageKitError.js"

/**
 * @since 0.1.0
 * @category models
 */
export type VerifiedEvent<E = unknown> = CoreWebhook.VerifiedEvent<E>

/**
 * @since 0.1.0
 * @category models
 */
export type VerifyOptions = CoreWebhook.StandardVerifyOptions

/**
 * @since 0.1.0
 * @category models
 */
export type WebhookHeaders = CoreWebhook.WebhookHeaders

const reveal = (secret: string | Redacted.Redacted<string>): string =>
  Redacted.isRedacted(secret) ? Redacted.value(secret) : secret

const toEffect = <A>(run: () => A): Effect.Effect<A, WebhookVerificationError> =>
  Effect.try({
    try: run,
    catch: (error) =>
      CoreWebhook.isWebhookVerificationError(error)
        ? new WebhookVerificationError({ reason: error.reason, message: error.message, help: error.help })
        : new WebhookVerificationError({
            reason: "InvalidBody",
            message: "The webhook could not be verified",
            help: "Pass the raw request body, the request headers and the webhook secret"
          })
  })

/**
 * Verifies a delivery, choosing the scheme from the headers (`webhook-signature` → Standard Webhooks,
 * `x-ik-signature` → legacy). Missing headers fail; nothing is ever returned unverified.
 *
 * @since 0.1.0
 * @category verification
 */
export const verify = (
  body: string | Uint8Array,
  headers: WebhookHeaders | null | undefined,
  secret: string | Redacted.Redacted<string>,
  options?: VerifyOptions
): Effect.Effect<VerifiedEvent, WebhookVerificationError> =>
  toEffect(() => CoreWebhook.verify(body, headers, reveal(secret), options))

/**
 * Verifies the legacy `x-ik-signature` header (`t=<ms>,v1=<hex>`), as `imagekit@6` did but in constant time and
 * with a tolerance (`tolerance: false` restores v6's unlimited age).
 *
 * @since 0.1.0
 * @category verification
 */
export const verifySignature = (
  body: string | Uint8Array,
  signatureHeader: string,
  secret: string | Redacted.Redacted<string>,
  options?: CoreWebhook.VerifyOptions
): Effect.Effect<VerifiedEvent, WebhookVerificationError> =>
  toEffect(() => CoreWebhook.verifySignature(body, signatureHeader, reveal(secret), options))

/**
 * Verifies Standard Webhooks headers (`webhook-id`, `webhook-timestamp`, `webhook-signature`).
 *
 * @since 0.1.0
 * @category verification
 */
export const verifyStandard = (
  body: string | Uint8Array,
  headers: WebhookHeaders | null | undefined,
  secret: string | Redacted.Redacted<string>,
  options?: VerifyOptions
): Effect.Effect<VerifiedEvent, WebhookVerificationError> =>
  toEffect(() => CoreWebhook.verifyStandard(body, headers, reveal(secret), options))
