/**
 * `@imagekit/nodejs` 7's signing of `buildSrc` URLs: `ik-s` is the hex HMAC-SHA1 (core's, keyed with the private key)
 * of the URL without its `urlEndpoint` followed by the expiry, `ik-t` the expiry when there is one. Only
 * `Signing.buildSrc` and `Signing.getResponsiveImageAttributes` import this, so the root `buildSrc` carries none of it.
 */
import { hmacSha1Hex } from "./hmac.js"
import type { Parts, RawSrcOptions } from "./src.js"
import { UrlError } from "./urlError.js"

const NO_EXPIRY = 9999999999

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

/** Signs `unsigned` (whose query is `query`) for `options`; the `Signer` of `Signing.buildSrc`. */
export const signSrc = (options: RawSrcOptions, unsigned: string, query: string, parts: Parts): string => {
  const privateKey = options.privateKey
  if (typeof privateKey !== "string" || privateKey === "")
    throw new UrlError("MissingPrivateKey", "Signing needs `privateKey` (keep it on the server)")
  const urlEndpoint = options.urlEndpoint
  if (typeof urlEndpoint !== "string" || urlEndpoint === "")
    throw new UrlError("MissingUrlEndpoint", "Signing needs `urlEndpoint`")
  const expiry = expiryFor(options.expiresIn, options.now)
  const prefix = urlEndpoint.endsWith("/") ? urlEndpoint : `${urlEndpoint}/`
  const at = unsigned.startsWith(prefix) ? 0 : unsigned.indexOf(prefix)
  const message = at === -1 ? unsigned : unsigned.slice(0, at) + unsigned.slice(at + prefix.length)
  const signature = hmacSha1Hex(privateKey, message + expiry)
  const extra = expiry === NO_EXPIRY ? `ik-s=${signature}` : `ik-t=${expiry}&ik-s=${signature}`
  return `${unsigned}${query === "" ? "?" : "&"}${extra}${parts.fragment}`
}
