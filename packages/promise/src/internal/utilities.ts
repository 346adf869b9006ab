/**
 * The synchronous v6 utilities over the pure core: `url`, `getAuthenticationParameters`, `pHashDistance` and
 * `verifyWebhookEvent`, with v6's return-or-throw conventions.
 */
import * as PHash from "@effect-imagekit/core/PHash"
import * as Signing from "@effect-imagekit/core/Signing"
import * as Url from "@effect-imagekit/core/Url"
import * as Webhook from "@effect-imagekit/core/Webhook"

/** The instance options `url()` reads; url options override them key by key, `undefined` included, as in v6. */
export interface UrlDefaults {
  readonly urlEndpoint: unknown
  readonly transformationPosition: unknown
  readonly privateKey: string
}

/** Where v6 handed a string to the WHATWG `URL` parser and got its `TypeError`. */
const isInvalidUrl = (error: Url.UrlError, merged: Readonly<Record<string, unknown>>): boolean =>
  error.reason === "InvalidSrc" ||
  error.reason === "InvalidUrlEndpoint" ||
  (error.reason === "MissingUrlEndpoint" && Boolean(merged.path))

/**
 * v6 returned `""` when neither `path` nor `src` was given and threw the WHATWG `TypeError` ("Invalid URL") for a
 * URL that does not parse. Other problems keep core's `UrlError`, whose message names the option to fix: notably
 * `signed: true` with an empty key or endpoint, where v6 printed a URL with an empty `ik-s` that ImageKit refuses.
 */
export const url = (defaults: UrlDefaults, urlOptions: unknown): string => {
  // A null-prototype merge: a `__proto__` key in the url options is a key (as lodash's extend made it in v6), never
  // the prototype from which `signed`, `transformation` or `src` would be read when the caller did not set them.
  const merged: Record<string, unknown> = Object.create(null)
  merged.urlEndpoint = defaults.urlEndpoint
  merged.transformationPosition = defaults.transformationPosition
  merged.privateKey = defaults.privateKey
  if (typeof urlOptions === "object" && urlOptions !== null) {
    for (const key of Object.keys(urlOptions)) merged[key] = (urlOptions as Record<string, unknown>)[key]
  }
  try {
    return Url.build(merged as Url.Options)
  } catch (error) {
    if (Url.isUrlError(error)) {
      if (error.reason === "MissingPathOrSrc") return ""
      if (isInvalidUrl(error, merged)) throw new TypeError("Invalid URL")
    }
    throw error
  }
}

/** `{ token, expire, signature }`; falsy `token`/`expire` are replaced by a UUID v4 and now + 1800 s. */
export const authenticationParameters = (
  privateKey: string,
  token: unknown,
  expire: unknown
): Signing.AuthenticationParameters =>
  Signing.authenticationParameters({
    privateKey,
    token: (token || undefined) as string | undefined,
    expire: (expire || undefined) as number | string | undefined
  })

/** A number, or (returned, not thrown) an `Error` whose message is v6's `"<message>: <help>"`. */
export const pHashDistance = (first: unknown, second: unknown): number | Error => {
  try {
    return PHash.distance(first, second)
  } catch (error) {
    if (PHash.isPHashError(error)) return new Error(`${error.message}: ${error.help}`)
    return error instanceof Error ? error : new Error(String(error))
  }
}

/** What `verifyWebhookEvent` returns. */
export interface VerifiedWebhookEvent<E> {
  readonly timestamp: number
  readonly event: E
}

/**
 * v6's legacy `x-ik-signature` check (no timestamp tolerance, as v6), with a constant-time comparison. Failures
 * throw `Error`s with v6's messages; a body that is not JSON throws a `SyntaxError`, as `JSON.parse` did in v6.
 */
export const verifyWebhookEvent = <E>(
  payload: string | Uint8Array,
  signature: string,
  secret: string
): VerifiedWebhookEvent<E> => {
  try {
    const verified = Webhook.verifySignature(payload, signature, secret, { tolerance: false })
    return { timestamp: verified.timestamp, event: verified.event as E }
  } catch (error) {
    if (Webhook.isWebhookVerificationError(error)) {
      if (error.reason === "InvalidBody") throw new SyntaxError(error.message)
      throw new Error(error.message)
    }
    throw error
  }
}
