/**
 * `buildSrc`: `@imagekit/javascript` 5.5's URL rules (the transformation in the query by default, a relative `src`
 * joined to the endpoint with single slashes, an absolute `src` used as it is) and `@imagekit/nodejs` 7's signing
 * (`signed`, `expiresIn`), without a `URL` object in the common case. Deliberate differences are listed in
 * docs/migrating-from-imagekit-javascript.md.
 *
 * Signing comes in as a parameter: the package root's `buildSrc` (js5's, for browsers) passes none and so carries
 * no signing code; `Signing.buildSrc` (v7's helper, for servers) passes srcSigning.ts's.
 */
import { type Endpoint, endpointFor } from "./endpoint.js"
import { encodeOverlay } from "./overlay.js"
import * as Query from "./query.js"
import { encodeTransformation, PLAIN, unplain } from "./transformationString.js"
import { UrlError } from "./urlError.js"

/**
 * Signs a built URL (`Signing.buildSrc` passes one; see srcSigning.ts): the URL without signature, its query and its
 * parts in, the signed URL out.
 */
export type Signer = (options: RawSrcOptions, unsigned: string, query: string, parts: Parts) => string

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

/** The transformation string of `buildTransformationString`, overlays included. */
export const transformationString = (transformation: unknown): string =>
  encodeTransformation(transformation, encodeOverlay)

const collapseSlashes = (path: string): string => (path.indexOf("//") === -1 ? path : path.replace(/\/{2,}/g, "/"))

/**
 * A relative `src` of plain characters without `.`/`..` segments comes out of js5's `URL` round trips with only its
 * leading and repeated slashes removed, so it needs no `URL` object: that path, or `undefined` for the general case.
 */
const plainSrc = (src: string): string | undefined => {
  const length = src.length
  let start = 0
  while (start < length && src.charCodeAt(start) === 47) start++
  let segment = start
  let repeated = false
  for (let index = start; index < length; index++) {
    const code = src.charCodeAt(index)
    if (code === 47) {
      if (index === segment) repeated = true
      else if (isDotSegment(src, segment, index)) return undefined
      segment = index + 1
    } else if (code >= 128 || (PLAIN[code] === 0 && code !== 38 && code !== 39)) {
      return undefined
    }
  }
  if (isDotSegment(src, segment, length)) return undefined
  const rest = start === 0 ? src : src.slice(start)
  return repeated ? collapseSlashes(rest) : rest
}

/** Is `src[from, to)` `.` or `..`? */
const isDotSegment = (src: string, from: number, to: number): boolean =>
  to - from <= 2 && to > from && src.charCodeAt(from) === 46 && (to - from === 1 || src.charCodeAt(from + 1) === 46)

// A transformation without a slash is one path segment starting with `tr:`, never a dot segment, and a `%` in it
// is left alone by the path setter.
const plainSegment = (segment: string): boolean => {
  for (let index = 0; index < segment.length; index++) {
    const code = segment.charCodeAt(index)
    if (code >= 128 || (PLAIN[code] === 0 && code !== 37 && code !== 38 && code !== 39)) return false
  }
  return true
}

// What a URL parser would rewrite inside a query, plus `&` (which would end `tr`) and a `%` that starts no escape.
const QUERY_UNSAFE = /[\0- "#&'<>\x7f-\uffff]+|%(?![0-9A-Fa-f]{2})/g

const percentEncode = (run: string): string => encodeURIComponent(Query.toWellFormed(run)).replaceAll("'", "%27")

/**
 * js5 writes `tr` into the query as it is; characters that would make the URL malformed are percent-encoded. Only
 * called when the encoder saw a string that may hold one (`unplain`).
 */
const queryValue = (text: string): string => text.replace(QUERY_UNSAFE, percentEncode)

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

export interface Parts {
  base: string
  query: string
  fragment: string
}

/** js5: the query as the parser left it, re-serialised only when `queryParameters` adds to it. */
const withQueryParameters = (parts: Parts, search: string, queryParameters: unknown): void => {
  const pairs = search === "" ? [] : Query.parse(search)
  parts.query = appendQueryParameters(pairs, queryParameters) ? Query.serialize(pairs) : search.slice(1)
}

// The endpoint's origin and path without its trailing slash, for the last endpoint seen (usually the only one).
let lastEndpoint: Endpoint | undefined
let lastBase = ""

const baseOf = (endpoint: Endpoint): string => {
  if (endpoint !== lastEndpoint) {
    const directory = collapseSlashes(endpoint.pathname)
    lastBase =
      endpoint.origin + (directory.charCodeAt(directory.length - 1) === 47 ? directory.slice(0, -1) : directory)
    lastEndpoint = endpoint
  }
  return lastBase
}

const relative = (endpoint: Endpoint, src: string, segment: string, queryParameters: unknown): Parts => {
  const parts: Parts = { base: "", query: "", fragment: endpoint.fragment }
  const rest = plainSrc(src)
  if (rest !== undefined && (!unplain || plainSegment(segment))) {
    parts.base = `${baseOf(endpoint)}/${segment === "" ? "" : `${segment}/`}${rest}`
    if (endpoint.pairs.length === 0) {
      if (queryParameters !== undefined && queryParameters !== null) withQueryParameters(parts, "", queryParameters)
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

const join = (query: string, extra: string): string => (query === "" ? extra : `${query}&${extra}`)

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
    // Both routes give the bytes of js5's path setter: the plain one by construction, the other from a setter.
    if (endpoint !== undefined)
      parts = relative(endpoint, src, inPath ? `tr:${transformation}` : "", options.queryParameters)
  }
  // js5 documents `""` for a URL that does not parse (an invalid `src`, or a relative one without a valid endpoint).
  if (parts === undefined) return ""
  // `unplain` was left by the encoding of this transformation: only then can it hold a character to escape.
  const query =
    transformation === "" || inPath
      ? parts.query
      : join(parts.query, `tr=${unplain ? queryValue(transformation) : transformation}`)
  const unsigned = query === "" ? parts.base : `${parts.base}?${query}`
  const expiresIn = options.expiresIn
  // v7 signs for `signed: true` and for any positive `expiresIn`; we also refuse a malformed one.
  if (options.signed !== true && (expiresIn === undefined || expiresIn === null || expiresIn === 0)) {
    return unsigned + parts.fragment
  }
  if (signer === undefined) {
    throw new UrlError(
      "SigningNotAvailable",
      "This buildSrc does not sign: import buildSrc from @effect-imagekit/core/Signing for `signed` and `expiresIn`"
    )
  }
  return signer(options, unsigned, query, parts)
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
