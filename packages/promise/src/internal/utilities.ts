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

type Options = Readonly<Record<string, unknown>>

const ObjectPrototype = Object.prototype as unknown as Options

/**
 * Is `value`, read as `options[key]`, the caller's own? When the options' prototype is `Object.prototype`, an inherited
 * value can only be `Object.prototype`'s own (`inherited`, read by name at the call site), so a value that differs from
 * it is the caller's, and the property is looked up only when the two agree. Asking `Object.hasOwn` for every option
 * cost `url()` about 5 % (bench/src/url-merge.mjs).
 */
const isOwn = (options: Options, plain: boolean, key: string, value: unknown, inherited: unknown): boolean =>
  (plain && value !== inherited) || Object.hasOwn(options, key)

/** The caller's own value, `undefined` when it is absent or inherited. */
const own = (options: Options, plain: boolean, key: string, value: unknown, inherited: unknown): unknown =>
  value !== undefined && isOwn(options, plain, key, value, inherited) ? value : undefined

/** The caller's own value, `undefined` included (v6's merge let an own `undefined` replace the instance's value). */
const ownOr = (
  options: Options,
  plain: boolean,
  key: string,
  value: unknown,
  inherited: unknown,
  fallback: unknown
): unknown => {
  if (value !== undefined) return isOwn(options, plain, key, value, inherited) ? value : fallback
  return key in options && Object.hasOwn(options, key) ? undefined : fallback
}

/**
 * Does `Object.prototype` hold none of the options `Url.build` reads? Then, for options whose prototype is
 * `Object.prototype`, every value read by name is the caller's own and `in` asks only about own keys. `in` never runs
 * a getter, and a key held as `undefined` or behind a getter counts as held.
 */
const prototypeHoldsNoOption = (): boolean => {
  const P = ObjectPrototype
  return !(
    "urlEndpoint" in P ||
    "path" in P ||
    "src" in P ||
    "transformation" in P ||
    "transformationPosition" in P ||
    "queryParameters" in P ||
    "signed" in P ||
    "expireSeconds" in P ||
    "privateKey" in P ||
    "now" in P
  )
}

/**
 * A defaulted option of {@link mergeOwn}: the caller's value, `undefined` included when the caller wrote it, else the
 * default. The same tests as {@link ownOr}'s once nothing can be inherited, in the same order.
 */
const ownOrDefault = (options: Options, key: string, value: unknown, fallback: unknown): unknown =>
  value !== undefined || (key in options && Object.hasOwn(options, key)) ? value : fallback

/**
 * The merge for a plain object while `Object.prototype` holds no option: nothing can be inherited, so each value is
 * taken as read. It is {@link mergeChecked} without the tests that cannot fail there, reading the same fields (and
 * defaults) in the same order, so getters and proxy traps run as they did. With those tests as ten helper calls, the
 * merge used up V8's inlining budget in the caller of `url()`, most calls stayed calls, and `url()` ran at 0.90-0.92 ×
 * `Url.build` (docs/decisions/0078-adapter-url-merge.md).
 */
const mergeOwn = (defaults: UrlDefaults, privateKey: string, options: Options): Url.Options =>
  ({
    urlEndpoint: ownOrDefault(options, "urlEndpoint", options.urlEndpoint, defaults.urlEndpoint),
    path: options.path,
    src: options.src,
    // Typed steps are encoded here; v6 steps (and anything else) go to v6's encoder as they are.
    transformation: mixedSteps(options.transformation),
    transformationPosition: ownOrDefault(
      options,
      "transformationPosition",
      options.transformationPosition,
      defaults.transformationPosition
    ),
    queryParameters: options.queryParameters,
    signed: options.signed,
    expireSeconds: options.expireSeconds,
    privateKey: ownOrDefault(options, "privateKey", options.privateKey, privateKey),
    now: options.now
  }) as Url.Options

/**
 * The merge for any other options (a prototype other than `Object.prototype`, or an `Object.prototype` that holds an
 * option): each value is kept only when it is the caller's own.
 */
const mergeChecked = (defaults: UrlDefaults, privateKey: string, options: Options, plain: boolean): Url.Options => {
  const P = ObjectPrototype
  return {
    urlEndpoint: ownOr(options, plain, "urlEndpoint", options.urlEndpoint, P.urlEndpoint, defaults.urlEndpoint),
    path: own(options, plain, "path", options.path, P.path),
    src: own(options, plain, "src", options.src, P.src),
    // Typed steps are encoded here; v6 steps (and anything else) go to v6's encoder as they are.
    transformation: mixedSteps(own(options, plain, "transformation", options.transformation, P.transformation)),
    transformationPosition: ownOr(
      options,
      plain,
      "transformationPosition",
      options.transformationPosition,
      P.transformationPosition,
      defaults.transformationPosition
    ),
    queryParameters: own(options, plain, "queryParameters", options.queryParameters, P.queryParameters),
    signed: own(options, plain, "signed", options.signed, P.signed),
    expireSeconds: own(options, plain, "expireSeconds", options.expireSeconds, P.expireSeconds),
    privateKey: ownOr(options, plain, "privateKey", options.privateKey, P.privateKey, privateKey),
    now: own(options, plain, "now", options.now, P.now)
  } as Url.Options
}

/**
 * The options `Url.build` reads, merged as v6's `_.extend({}, instanceOptions, urlOptions)` merged them: an own key of
 * the url options replaces the instance's value, `undefined` included. Built as one literal of fixed shape whose every
 * field is an own property, read field by field from the url options: nothing is assigned by a key the caller chose,
 * so a `__proto__` key is never structure, and no option the caller left out is read from a prototype. (A
 * null-prototype object merged by key was as safe, but as a dictionary it cost `Url.build` 40 % of its speed.)
 */
const mergeUrlOptions = (defaults: UrlDefaults, privateKey: string, urlOptions: unknown): Url.Options => {
  // v6 merged a string's indices and nothing of a number: no option either way.
  const options = (typeof urlOptions === "object" && urlOptions !== null ? urlOptions : NO_OPTIONS) as Options
  const plain = Object.getPrototypeOf(options) === Object.prototype
  return plain && prototypeHoldsNoOption()
    ? mergeOwn(defaults, privateKey, options)
    : mergeChecked(defaults, privateKey, options, plain)
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
