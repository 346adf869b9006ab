/**
 * The synchronous v6 utilities over the pure core: `url`, `getAuthenticationParameters`, `pHashDistance` and
 * `verifyWebhookEvent`, with v6's return-or-throw conventions.
 */
import * as PHash from "@effect-imagekit/core/PHash"
import * as Signing from "@effect-imagekit/core/Signing"
import * as Transformation from "@effect-imagekit/core/Transformation"
import * as Url from "@effect-imagekit/core/Url"
import * as Webhook from "@effect-imagekit/core/Webhook"

/**
 * The instance options `url()` reads at each call (v6 read them from `imagekit.options`, which callers may change);
 * url options override them key by key, `undefined` included, as in v6.
 */
export interface UrlDefaults {
  readonly urlEndpoint?: unknown
  readonly transformationPosition?: unknown
}

const hasOwn = Object.prototype.hasOwnProperty

const mixedSteps = (transformation: unknown): unknown =>
  Transformation.mixed(transformation as ReadonlyArray<Transformation.MixedStep>)

/** Where v6 handed a string to the WHATWG `URL` parser and got its `TypeError`. */
const isInvalidUrl = (error: Url.UrlError, merged: { readonly path: unknown }): boolean =>
  error.reason === "InvalidSrc" ||
  error.reason === "InvalidUrlEndpoint" ||
  (error.reason === "MissingUrlEndpoint" && Boolean(merged.path))

/**
 * The options `Url.build` reads, merged as v6's `_.extend({}, instanceOptions, urlOptions)` merged them: each own
 * enumerable key of the url options replaces the instance's value, `undefined` included. Written into an object of one
 * fixed shape whose every field is an own property, so that a `__proto__` (or any other) key in the url options
 * never becomes structure and no field the caller left out is read from a prototype. (A null-prototype object did the
 * same, but as a dictionary it cost `Url.build` 40 % of its speed; this shape costs it nothing measurable.)
 */
const mergeUrlOptions = (defaults: UrlDefaults, privateKey: string, urlOptions: unknown) => {
  const merged = {
    urlEndpoint: defaults.urlEndpoint,
    path: undefined as unknown,
    src: undefined as unknown,
    transformation: undefined as unknown,
    transformationPosition: defaults.transformationPosition,
    queryParameters: undefined as unknown,
    signed: undefined as unknown,
    expireSeconds: undefined as unknown,
    privateKey: privateKey as unknown,
    now: undefined as unknown
  }
  if (typeof urlOptions !== "object" || urlOptions === null) return merged
  const options = urlOptions as Record<string, unknown>
  for (const key in options) {
    if (!hasOwn.call(options, key)) continue
    switch (key) {
      case "urlEndpoint":
        merged.urlEndpoint = options[key]
        break
      case "path":
        merged.path = options[key]
        break
      case "src":
        merged.src = options[key]
        break
      case "transformation":
        // Typed steps are encoded here; v6 steps (and anything else) go to v6's encoder as they are.
        merged.transformation = mixedSteps(options[key])
        break
      case "transformationPosition":
        merged.transformationPosition = options[key]
        break
      case "queryParameters":
        merged.queryParameters = options[key]
        break
      case "signed":
        merged.signed = options[key]
        break
      case "expireSeconds":
        merged.expireSeconds = options[key]
        break
      case "privateKey":
        merged.privateKey = options[key]
        break
      case "now":
        merged.now = options[key]
        break
    }
  }
  return merged
}

/**
 * v6 returned `""` when neither `path` nor `src` was given and threw the WHATWG `TypeError` ("Invalid URL") for a
 * URL that does not parse. Other problems keep core's `UrlError`, whose message names the option to fix: notably
 * `signed: true` with an empty key or endpoint, where v6 printed a URL with an empty `ik-s` that ImageKit refuses.
 */
export type UrlBuilder = (defaults: UrlDefaults, urlOptions: unknown) => string

/**
 * v6's `url()` for one instance. The key is unwrapped from its `Redacted` once, into this closure (no property
 * holds it): unwrapping it at every call cost `url()` 5 % of its speed.
 */
export const urlBuilder =
  (privateKey: string): UrlBuilder =>
  (defaults, urlOptions) => {
    const merged = mergeUrlOptions(defaults, privateKey, urlOptions)
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
