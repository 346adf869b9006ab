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

const mixedSteps = (transformation: unknown): unknown =>
  Transformation.mixed(transformation as ReadonlyArray<Transformation.MixedStep>)

/** Where v6 handed a string to the WHATWG `URL` parser and got its `TypeError`. */
const isInvalidUrl = (error: Url.UrlError, merged: Url.Options): boolean =>
  error.reason === "InvalidSrc" ||
  error.reason === "InvalidUrlEndpoint" ||
  (error.reason === "MissingUrlEndpoint" && Boolean(merged.path))

const NO_OPTIONS: object = Object.freeze({})

/** An own property's value, `undefined` when it is absent or inherited (the read comes first: most are absent). */
const own = (options: object, key: string, value: unknown): unknown =>
  value !== undefined && Object.hasOwn(options, key) ? value : undefined

/**
 * The options `Url.build` reads, merged as v6's `_.extend({}, instanceOptions, urlOptions)` merged them: an own key of
 * the url options replaces the instance's value, `undefined` included. Built as one literal of fixed shape whose every
 * field is an own property, read field by field from the url options: nothing is assigned by a key the caller chose,
 * so a `__proto__` key is never structure, and no field the caller left out is read from a prototype. (A
 * null-prototype object merged by key was as safe, but as a dictionary it cost `Url.build` 40 % of its speed.)
 */
const mergeUrlOptions = (defaults: UrlDefaults, privateKey: string, urlOptions: unknown): Url.Options => {
  // v6 merged a string's indices and nothing of a number: no option either way.
  const options = (typeof urlOptions === "object" && urlOptions !== null ? urlOptions : NO_OPTIONS) as Record<
    string,
    unknown
  >
  return {
    urlEndpoint: Object.hasOwn(options, "urlEndpoint") ? options.urlEndpoint : defaults.urlEndpoint,
    path: own(options, "path", options.path),
    src: own(options, "src", options.src),
    // Typed steps are encoded here; v6 steps (and anything else) go to v6's encoder as they are.
    transformation: mixedSteps(own(options, "transformation", options.transformation)),
    transformationPosition: Object.hasOwn(options, "transformationPosition")
      ? options.transformationPosition
      : defaults.transformationPosition,
    queryParameters: own(options, "queryParameters", options.queryParameters),
    signed: own(options, "signed", options.signed),
    expireSeconds: own(options, "expireSeconds", options.expireSeconds),
    privateKey: Object.hasOwn(options, "privateKey") ? options.privateKey : privateKey,
    now: own(options, "now", options.now)
  } as Url.Options
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
      return Url.build(merged)
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
