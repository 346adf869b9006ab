/**
 * The parts of a `urlEndpoint` both URL builders need, parsed once per distinct endpoint, and the path encoder
 * that gives the WHATWG path setter's bytes without a `URL` object in the common case.
 */
import * as Query from "./query.js"
import { UrlError } from "./urlError.js"

/** The parsed parts of a urlEndpoint, computed once per distinct endpoint string. */
export interface Endpoint {
  readonly origin: string
  readonly pathname: string
  readonly pairs: Query.Pairs
  readonly fragment: string
  readonly signingPrefix: string
  readonly scratch: URL
}

export const INVALID_URL_ENDPOINT = "`urlEndpoint` must be an absolute http(s) URL"

const endpoints = new Map<string, Endpoint>()
const MAX_CACHED_ENDPOINTS = 64

const parseEndpoint = (urlEndpoint: string): Endpoint => {
  let url: URL
  try {
    url = new URL(urlEndpoint)
  } catch {
    throw new UrlError("InvalidUrlEndpoint", INVALID_URL_ENDPOINT)
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UrlError("InvalidUrlEndpoint", INVALID_URL_ENDPOINT)
  }
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

export const endpointFor = (urlEndpoint: string): Endpoint => {
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

export const encodePath = (endpoint: Endpoint, pathname: string): string => {
  if (isPlainPath(pathname)) return pathname
  endpoint.scratch.pathname = Query.toWellFormed(pathname)
  return endpoint.scratch.pathname
}
