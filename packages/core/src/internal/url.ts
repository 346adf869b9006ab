import { hmacSha1Hex } from "./hmac.js"
import * as PosixPath from "./posixPath.js"
import * as Query from "./query.js"
import { format, TransformationValueError } from "./transformation.js"
import { UrlError } from "./urlError.js"

/** Loose option shape as read at run time; the public `Url.Options` type is the typed view of it. */
export interface RawOptions {
  readonly urlEndpoint?: unknown
  readonly path?: unknown
  readonly src?: unknown
  readonly transformation?: unknown
  readonly transformationPosition?: unknown
  readonly queryParameters?: unknown
  readonly signed?: unknown
  readonly expireSeconds?: unknown
  readonly privateKey?: unknown
  readonly now?: unknown
}

/** The parsed parts of a urlEndpoint, computed once per distinct endpoint string. */
interface Endpoint {
  readonly origin: string
  readonly pathname: string
  readonly pairs: Query.Pairs
  readonly fragment: string
  readonly signingPrefix: string
  readonly scratch: URL
}

const NO_EXPIRY = "9999999999"
const endpoints = new Map<string, Endpoint>()
const MAX_CACHED_ENDPOINTS = 64

const parseEndpoint = (urlEndpoint: string): Endpoint => {
  let url: URL
  try {
    url = new URL(urlEndpoint)
  } catch {
    throw new UrlError("InvalidUrlEndpoint")
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UrlError("InvalidUrlEndpoint")
  const href = url.href
  const pathStart = href.indexOf("/", url.protocol.length + 2)
  const hashStart = href.indexOf("#")
  return {
    origin: href.slice(0, pathStart),
    pathname: url.pathname,
    pairs: Query.parse(url.search),
    fragment: hashStart === -1 ? "" : href.slice(hashStart),
    signingPrefix: urlEndpoint.endsWith("/") ? urlEndpoint : `${urlEndpoint}/`,
    scratch: url
  }
}

const endpointFor = (urlEndpoint: string): Endpoint => {
  let endpoint = endpoints.get(urlEndpoint)
  if (endpoint === undefined) {
    endpoint = parseEndpoint(urlEndpoint)
    if (endpoints.size >= MAX_CACHED_ENDPOINTS) endpoints.clear()
    endpoints.set(urlEndpoint, endpoint)
  }
  return endpoint
}

// Characters the WHATWG path setter leaves untouched. Anything else (and `%2e` dot segments) takes the
// slow path through a real URL object, so the bytes always match what v6 produced.
const PLAIN_PATH_CHARS = (() => {
  const table = new Uint8Array(128)
  const plain = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/%^|[]"
  for (let index = 0; index < plain.length; index++) table[plain.charCodeAt(index)] = 1
  return table
})()
const ENCODED_DOT = /%2e/i

const isPlainPath = (pathname: string): boolean => {
  let percent = false
  for (let index = 0; index < pathname.length; index++) {
    const code = pathname.charCodeAt(index)
    if (code >= 128 || PLAIN_PATH_CHARS[code] === 0) return false
    if (code === 37) percent = true
  }
  return !percent || !ENCODED_DOT.test(pathname)
}

const encodePath = (endpoint: Endpoint, pathname: string): string => {
  if (isPlainPath(pathname)) return pathname
  endpoint.scratch.pathname = Query.toWellFormed(pathname)
  return endpoint.scratch.pathname
}

const hasOwn = Object.prototype.hasOwnProperty

const applyQueryParameters = (pairs: Query.Pairs, queryParameters: unknown): void => {
  if (queryParameters === undefined || queryParameters === null) return
  if (typeof queryParameters !== "object") throw new UrlError("InvalidQueryParameters")
  const record = queryParameters as Record<string, unknown>
  for (const name in record) {
    if (!hasOwn.call(record, name)) continue
    const value = record[name]
    let text: string
    try {
      // URLSearchParams#set stringifies every value, so undefined and null become "undefined"/"null".
      text = typeof value === "string" ? value : String(value)
    } catch {
      throw new UrlError("InvalidQueryParameters")
    }
    Query.set(pairs, name, text)
  }
}

/** v6 rule: a truthy value whose integer part is non-zero sets an expiry that many seconds from now. */
const expiryFor = (expireSeconds: unknown, now: unknown): string => {
  if (!expireSeconds) return NO_EXPIRY
  let seconds: number
  try {
    seconds = Number.parseInt(String(expireSeconds), 10)
  } catch {
    return NO_EXPIRY
  }
  if (!seconds) return NO_EXPIRY
  const millis = typeof now === "function" ? Number(now()) : Date.now()
  return String(Math.floor(millis / 1000) + seconds)
}

const containsName = (pairs: Query.Pairs | undefined, name: string): boolean => {
  if (pairs === undefined) return false
  for (let index = 0; index < pairs.length; index += 2) if (pairs[index] === name) return true
  return false
}

const assemble = (base: string, query: string, fragment: string): string =>
  query === "" ? base + fragment : `${base}?${query}${fragment}`

/**
 * Appends `ik-t`/`ik-s`. `pairs` is `undefined` when the URL has no query at all, which is the common
 * case and needs no pair list.
 */
const sign = (
  options: RawOptions,
  base: string,
  query: string,
  fragment: string,
  pairs: Query.Pairs | undefined,
  urlEndpoint: unknown,
  prefix: string
): string => {
  const privateKey = options.privateKey
  if (typeof privateKey !== "string" || privateKey === "") throw new UrlError("MissingPrivateKey")
  if (typeof urlEndpoint !== "string" || urlEndpoint === "") throw new UrlError("MissingUrlEndpoint")
  const expiry = expiryFor(options.expireSeconds, options.now)
  const href = assemble(base, query, fragment)
  // v6 removes the first literal occurrence of the endpoint (with a trailing slash) and appends the expiry.
  const at = href.indexOf(prefix)
  const unsigned = at === -1 ? href : href.slice(0, at) + href.slice(at + prefix.length)
  const signature = hmacSha1Hex(privateKey, unsigned + expiry)
  if (!containsName(pairs, "ik-t") && !containsName(pairs, "ik-s")) {
    const extra = expiry === NO_EXPIRY ? `ik-s=${signature}` : `ik-t=${expiry}&ik-s=${signature}`
    return assemble(base, query === "" ? extra : `${query}&${extra}`, fragment)
  }
  const all = pairs ?? []
  if (expiry !== NO_EXPIRY) Query.set(all, "ik-t", expiry)
  Query.set(all, "ik-s", signature)
  return assemble(base, Query.serialize(all), fragment)
}

const buildFromPath = (options: RawOptions, path: string, transformation: string): string => {
  const urlEndpoint = options.urlEndpoint
  if (urlEndpoint === undefined || urlEndpoint === null || urlEndpoint === "") {
    throw new UrlError("MissingUrlEndpoint")
  }
  if (typeof urlEndpoint !== "string") throw new UrlError("InvalidUrlEndpoint")
  const endpoint = endpointFor(urlEndpoint)
  const queryParameters = options.queryParameters
  const inQuery = transformation !== "" && options.transformationPosition === "query"
  let pairs: Query.Pairs | undefined
  let query = ""
  if (endpoint.pairs.length > 0 || inQuery || (queryParameters !== undefined && queryParameters !== null)) {
    pairs = endpoint.pairs.slice()
    applyQueryParameters(pairs, queryParameters)
    if (inQuery) Query.set(pairs, "tr", transformation)
    query = Query.serialize(pairs)
  }
  const segment = transformation === "" || inQuery ? "" : `tr:${transformation}`
  const base = endpoint.origin + encodePath(endpoint, PosixPath.joinAbsolute(endpoint.pathname, segment, path))
  if (options.signed !== true) return assemble(base, query, endpoint.fragment)
  return sign(options, base, query, endpoint.fragment, pairs, urlEndpoint, endpoint.signingPrefix)
}

const buildFromSrc = (options: RawOptions, src: string, transformation: string): string => {
  let url: URL
  try {
    url = new URL(src)
  } catch {
    throw new UrlError("InvalidSrc")
  }
  // v6 assigns the pathname back, and the setter removes dot segments that Node's parser keeps in some inputs
  // (`/a/.&/.?q` parses to `/a/.&/.`, the setter makes it `/a/.&/`).
  // biome-ignore lint/correctness/noSelfAssign: the assignment runs the setter, which normalises the path.
  url.pathname = url.pathname
  const pairs = Query.parse(url.search)
  applyQueryParameters(pairs, options.queryParameters)
  // With `src` the transformation always goes to the query: the path belongs to the caller's URL.
  if (transformation !== "") Query.set(pairs, "tr", transformation)
  const href = url.href
  const hashStart = href.indexOf("#")
  const withoutFragment = hashStart === -1 ? href : href.slice(0, hashStart)
  const queryStart = withoutFragment.indexOf("?")
  const base = queryStart === -1 ? withoutFragment : withoutFragment.slice(0, queryStart)
  const fragment = hashStart === -1 ? "" : href.slice(hashStart)
  const query = Query.serialize(pairs)
  if (options.signed !== true) return assemble(base, query, fragment)
  const urlEndpoint = options.urlEndpoint
  const prefix = typeof urlEndpoint === "string" ? (urlEndpoint.endsWith("/") ? urlEndpoint : `${urlEndpoint}/`) : ""
  return sign(options, base, query, fragment, pairs, urlEndpoint, prefix)
}

const transformationString = (transformation: unknown): string => {
  try {
    return format(transformation)
  } catch (error) {
    if (error instanceof TransformationValueError) throw new UrlError("InvalidTransformation", `key "${error.key}"`)
    throw error
  }
}

/** Builds a URL or throws `UrlError`; any other failure while reading the options is reported as one. */
export const build = (options: RawOptions): string => {
  if (options === null || typeof options !== "object") throw new UrlError("InvalidOptions")
  try {
    const path = options.path
    if (path) {
      if (typeof path !== "string") throw new UrlError("InvalidPath")
      return buildFromPath(options, path, transformationString(options.transformation))
    }
    const src = options.src
    if (src) {
      if (typeof src !== "string") throw new UrlError("InvalidSrc")
      return buildFromSrc(options, src, transformationString(options.transformation))
    }
    throw new UrlError("MissingPathOrSrc")
  } catch (error) {
    if (error instanceof UrlError) throw error
    throw new UrlError("InvalidOptions", "reading the options failed")
  }
}
