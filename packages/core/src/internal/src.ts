/**
 * `buildSrc`: `@imagekit/javascript` 5.5's URL rules (the transformation in the query by default, a relative `src`
 * joined to the endpoint with single slashes, an absolute `src` used as it is) and `@imagekit/nodejs` 7's signing
 * (`signed`, `expiresIn`), without a `URL` object in the common case. Deliberate differences are listed in
 * docs/migrating-from-imagekit-javascript.md.
 *
 * The HMAC comes in as a parameter: the package root's `buildSrc` (js5's, for browsers) passes none and so carries
 * no signing code; `Signing.buildSrc` (v7's helper, for servers) passes core's HMAC-SHA1.
 */
import { type Endpoint, encodePath, endpointFor } from "./endpoint.js"
import { encodeOverlay } from "./overlay.js"
import * as Query from "./query.js"
import { encodeSteps } from "./transformationString.js"
import { UrlError } from "./urlError.js"

/** Hex HMAC-SHA1 of a message under a key. */
export type Signer = (key: string, message: string) => string

/** Loose option shape as read at run time; the public `SrcOptions` type is the typed view of it. */
export interface RawSrcOptions {
  readonly src?: unknown
  readonly urlEndpoint?: unknown
  readonly transformation?: unknown
  readonly transformationPosition?: unknown
  readonly queryParameters?: unknown
  readonly signed?: unknown
  readonly expiresIn?: unknown
  readonly privateKey?: unknown
  readonly now?: unknown
}

const NO_EXPIRY = 9999999999

/** The transformation string of `buildTransformationString`, overlays included. */
export const transformationString = (transformation: unknown): string => encodeSteps(transformation, encodeOverlay)

const collapseSlashes = (path: string): string => (path.indexOf("//") === -1 ? path : path.replace(/\/{2,}/g, "/"))

// A relative `src` of these characters, without `.`/`..` segments, comes out of js5's `URL` round trips unchanged
// apart from repeated slashes, so it needs no `URL` object.
const PLAIN_SRC = /^[\w\-.~!$&'()*+,;=:@/]*$/
const DOT_SEGMENT = /(^|\/)\.\.?(\/|$)/
// A transformation without a slash is one path segment starting with `tr:`, never a dot segment.
const PLAIN_SEGMENT = /^[\w\-.~!$&'()*+,;=:@%]*$/

// What a URL parser would rewrite inside a query, plus `&` (which would end `tr`) and a `%` that starts no escape.
const QUERY_UNSAFE = /[\0- "#&'<>\x7f-\uffff]|%(?![0-9A-Fa-f]{2})/
const QUERY_UNSAFE_ALL = /[\0- "#&'<>\x7f-\uffff]+|%(?![0-9A-Fa-f]{2})/g

const percentEncode = (run: string): string => encodeURIComponent(Query.toWellFormed(run)).replaceAll("'", "%27")

/** js5 writes `tr` into the query as it is; characters that would make the URL malformed are percent-encoded. */
const queryValue = (text: string): string =>
  QUERY_UNSAFE.test(text) ? text.replace(QUERY_UNSAFE_ALL, percentEncode) : text

const hasOwn = Object.prototype.hasOwnProperty

/** js5 appends each own key with `URLSearchParams#append` (repeated names are kept). */
const appendQueryParameters = (pairs: Query.Pairs, queryParameters: unknown): boolean => {
  if (queryParameters === undefined || queryParameters === null) return false
  if (typeof queryParameters !== "object")
    throw new UrlError("InvalidQueryParameters", "`queryParameters` must be an object")
  const record = queryParameters as Record<string, unknown>
  let appended = false
  for (const name in record) {
    if (!hasOwn.call(record, name)) continue
    const value = record[name]
    let text: string
    try {
      text = typeof value === "string" ? value : String(value)
    } catch {
      throw new UrlError("InvalidQueryParameters", "`queryParameters` values must be text")
    }
    pairs.push(name, text)
    appended = true
  }
  return appended
}

interface Parts {
  base: string
  query: string
  fragment: string
}

/** js5: the query as the parser left it, re-serialised only when `queryParameters` adds to it. */
const withQueryParameters = (parts: Parts, search: string, queryParameters: unknown): void => {
  const pairs = search === "" ? [] : Query.parse(search)
  parts.query = appendQueryParameters(pairs, queryParameters) ? Query.serialize(pairs) : search.slice(1)
}

const relative = (endpoint: Endpoint, src: string, segment: string, queryParameters: unknown): Parts => {
  const parts: Parts = { base: "", query: "", fragment: endpoint.fragment }
  if (PLAIN_SRC.test(src) && !DOT_SEGMENT.test(src) && PLAIN_SEGMENT.test(segment)) {
    const path = collapseSlashes(`${endpoint.pathname}/${segment === "" ? "" : `${segment}/`}${src}`)
    parts.base = endpoint.origin + path
    if (endpoint.pairs.length === 0) {
      withQueryParameters(parts, "", queryParameters)
    } else {
      const pairs = endpoint.pairs.slice()
      appendQueryParameters(pairs, queryParameters)
      parts.query = Query.serialize(pairs)
    }
    return parts
  }
  // The general case takes js5's route through the URL parser: `src` parsed against the endpoint's origin (so `?`
  // and `#` in it start a query and a fragment), then the `tr:` segment and the endpoint's path joined in front.
  const url = new URL(collapseSlashes(`${endpoint.origin}/${Query.toWellFormed(src)}`))
  if (segment !== "") url.pathname = collapseSlashes(`${Query.toWellFormed(segment)}/${url.pathname}`)
  url.pathname = collapseSlashes(`${endpoint.pathname}/${url.pathname}`)
  parts.base = endpoint.origin + url.pathname
  if (url.hash !== "") parts.fragment = url.hash
  if (endpoint.pairs.length === 0) {
    withQueryParameters(parts, url.search, queryParameters)
  } else {
    const pairs = endpoint.pairs.concat(Query.parse(url.search))
    appendQueryParameters(pairs, queryParameters)
    parts.query = Query.serialize(pairs)
  }
  return parts
}

const absolute = (src: string, queryParameters: unknown): Parts | undefined => {
  let url: URL
  try {
    url = new URL(src)
  } catch {
    return undefined
  }
  const href = url.href
  const pathStart = href.indexOf("/", url.protocol.length + 2)
  // js5 assigns the path back through its slash-collapsing join.
  const parts: Parts = { base: href.slice(0, pathStart) + collapseSlashes(url.pathname), query: "", fragment: url.hash }
  withQueryParameters(parts, url.search, queryParameters)
  return parts
}

/** v7's rule: `expiresIn` seconds from now (whole seconds), or never. */
const expiryFor = (expiresIn: unknown, now: unknown): number => {
  if (expiresIn === undefined || expiresIn === null || expiresIn === 0) return NO_EXPIRY
  const seconds = typeof expiresIn === "string" && /^\d+$/.test(expiresIn) ? Number(expiresIn) : expiresIn
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0 || seconds > 3_153_600_000) {
    throw new UrlError("InvalidExpiresIn", "`expiresIn` must be a number of seconds, 0 to 100 years")
  }
  const whole = Math.trunc(seconds)
  if (whole === 0) return NO_EXPIRY
  const millis = typeof now === "function" ? Number(now()) : Date.now()
  return Math.floor(millis / 1000) + whole
}

const join = (query: string, extra: string): string => (query === "" ? extra : `${query}&${extra}`)

const sign = (options: RawSrcOptions, signer: Signer | undefined, unsigned: string, query: string, parts: Parts) => {
  if (signer === undefined) {
    throw new UrlError(
      "SigningNotAvailable",
      "This buildSrc does not sign: import buildSrc from @effect-imagekit/core/Signing for `signed` and `expiresIn`"
    )
  }
  const privateKey = options.privateKey
  if (typeof privateKey !== "string" || privateKey === "")
    throw new UrlError("MissingPrivateKey", "Signing needs `privateKey` (keep it on the server)")
  const urlEndpoint = options.urlEndpoint
  if (typeof urlEndpoint !== "string" || urlEndpoint === "")
    throw new UrlError("MissingUrlEndpoint", "Signing needs `urlEndpoint`")
  const expiry = expiryFor(options.expiresIn, options.now)
  const prefix = urlEndpoint.endsWith("/") ? urlEndpoint : `${urlEndpoint}/`
  const at = unsigned.indexOf(prefix)
  const message = at === -1 ? unsigned : unsigned.slice(0, at) + unsigned.slice(at + prefix.length)
  const signature = signer(privateKey, message + expiry)
  const extra = expiry === NO_EXPIRY ? `ik-s=${signature}` : `ik-t=${expiry}&ik-s=${signature}`
  return `${parts.base}?${join(query, extra)}${parts.fragment}`
}

/** The parsed endpoint, or `undefined` where js5's `new URL(urlEndpoint)` would throw (or it is not http(s)). */
const endpointOf = (urlEndpoint: unknown): Endpoint | undefined => {
  if (typeof urlEndpoint !== "string" || urlEndpoint === "") return undefined
  try {
    return endpointFor(urlEndpoint)
  } catch {
    return undefined
  }
}

const build = (options: RawSrcOptions, src: string, signer: Signer | undefined): string => {
  const transformation = transformationString(options.transformation)
  const position = options.transformationPosition
  // js5: anything but "query" (after defaulting a missing position to "query") puts the transformation in the path.
  const isAbsolute = src.startsWith("http://") || src.startsWith("https://")
  const inPath = transformation !== "" && !isAbsolute && (position || "query") !== "query"
  let parts: Parts | undefined
  if (isAbsolute) {
    parts = absolute(src, options.queryParameters)
  } else {
    const endpoint = endpointOf(options.urlEndpoint)
    if (endpoint !== undefined) {
      parts = relative(endpoint, src, inPath ? `tr:${transformation}` : "", options.queryParameters)
      parts.base = endpoint.origin + encodePath(endpoint, parts.base.slice(endpoint.origin.length))
    }
  }
  // js5 documents `""` for a URL that does not parse (an invalid `src`, or a relative one without a valid endpoint).
  if (parts === undefined) return ""
  const query = transformation === "" || inPath ? parts.query : join(parts.query, `tr=${queryValue(transformation)}`)
  const unsigned = query === "" ? parts.base : `${parts.base}?${query}`
  const expiresIn = options.expiresIn
  // v7 signs for `signed: true` and for any positive `expiresIn`; we also refuse a malformed one.
  if (options.signed !== true && (expiresIn === undefined || expiresIn === null || expiresIn === 0)) {
    return unsigned + parts.fragment
  }
  return sign(options, signer, unsigned, query, parts)
}

/** Builds the URL, `""` for a missing or unparseable `src` or endpoint (js5's answer), or throws `UrlError`. */
export const buildSrc = (options: RawSrcOptions, signer: Signer | undefined): string => {
  if (options === null || typeof options !== "object") throw new UrlError("InvalidOptions", "Options must be an object")
  try {
    const src = options.src
    if (src === undefined || src === null || src === "") return ""
    if (typeof src !== "string") throw new UrlError("InvalidSrc", "`src` must be a string")
    return build(options, src, signer)
  } catch (error) {
    if (error instanceof UrlError) throw error
    throw new UrlError("InvalidOptions", "Options could not be read")
  }
}
