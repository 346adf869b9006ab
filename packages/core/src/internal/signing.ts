import { hmacSha1Hex } from "./hmac.js"

/** The reasons signing input is rejected. */
export type SigningErrorReason =
  | "MissingPrivateKey"
  | "InvalidToken"
  | "InvalidExpire"
  | "NoRandomSource"
  | "MissingPublicKey"
  | "InvalidExpiresIn"
  | "InvalidPayload"
  | "InvalidUploadToken"
  | "ExpiredUploadToken"

const messages: Record<SigningErrorReason, string> = {
  MissingPrivateKey: "A private key is required to sign: pass your ImageKit private API key (server side only)",
  InvalidToken: "`token` must be a non-empty string such as a UUID, or omitted to generate one",
  InvalidExpire: "`expire` must be a Unix time in seconds (number or numeric string), or omitted for now + 30 min",
  NoRandomSource:
    "This runtime has no secure random source (globalThis.crypto): pass `token` or a `randomUUID` function",
  MissingPublicKey: "A public key is required: pass your ImageKit public API key (it becomes the token's `kid`)",
  InvalidExpiresIn: "`expiresIn` must be a whole number of seconds from 1 to 3600 (ImageKit refuses longer tokens)",
  InvalidPayload: "The upload token's payload is not valid",
  InvalidUploadToken: "The upload token is not valid",
  ExpiredUploadToken: "The upload token has expired: mint a new one for each upload"
}

/** Brand shared by the ESM and CommonJS copies of this package, so guards work across both. */
export const SigningErrorTypeId: unique symbol = Symbol.for("@effect-imagekit/core/SigningError")

export const hasSigningErrorTypeId = (u: unknown): boolean =>
  typeof u === "object" &&
  u !== null &&
  (u as { readonly [SigningErrorTypeId]?: unknown })[SigningErrorTypeId] === SigningErrorTypeId

/** Signing input was rejected; the message never contains the private key. */
export class SigningError extends Error {
  readonly _tag = "SigningError"
  override readonly name = "SigningError"
  readonly reason: SigningErrorReason

  /** `detail` says which part of the input was wrong; it never contains a key. */
  constructor(reason: SigningErrorReason, detail?: string) {
    super(detail === undefined ? messages[reason] : `${messages[reason]}: ${detail}`)
    this.reason = reason
  }
}

Object.defineProperty(SigningError.prototype, SigningErrorTypeId, { value: SigningErrorTypeId })

/** Default lifetime of client-upload parameters, as in v6: 30 minutes. */
export const DEFAULT_EXPIRY_SECONDS = 1800

interface RandomSource {
  readonly randomUUID?: () => string
  readonly getRandomValues?: <T extends ArrayBufferView | null>(array: T) => T
}

const hex = (byte: number): string => (byte < 16 ? "0" : "") + byte.toString(16)

const uuidFromBytes = (bytes: Uint8Array): string => {
  // RFC 4122 version 4: set the version nibble and the variant bits.
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  let out = ""
  for (let index = 0; index < 16; index++) {
    if (index === 4 || index === 6 || index === 8 || index === 10) out += "-"
    out += hex(bytes[index] ?? 0)
  }
  return out
}

/** A v4 UUID from the platform's secure random source, or `undefined` when there is none. */
export const platformRandomUuid = (): string | undefined => {
  const source = (globalThis as { readonly crypto?: RandomSource }).crypto
  if (source === undefined) return undefined
  if (typeof source.randomUUID === "function") return source.randomUUID()
  if (typeof source.getRandomValues === "function") return uuidFromBytes(source.getRandomValues(new Uint8Array(16)))
  return undefined
}

export interface AuthenticationOptions {
  readonly privateKey: unknown
  readonly token?: unknown
  readonly expire?: unknown
  readonly now?: (() => number) | undefined
  readonly randomUUID?: (() => string) | undefined
}

export interface AuthenticationParameters {
  readonly token: string
  readonly expire: number | string
  readonly signature: string
}

const requireKey = (privateKey: unknown): string => {
  if (typeof privateKey !== "string" || privateKey === "") throw new SigningError("MissingPrivateKey")
  return privateKey
}

export const authenticationParameters = (options: AuthenticationOptions): AuthenticationParameters => {
  const privateKey = requireKey(options.privateKey)
  let token: string
  if (options.token === undefined || options.token === null || options.token === "") {
    const generated = options.randomUUID !== undefined ? options.randomUUID() : platformRandomUuid()
    if (typeof generated !== "string" || generated === "") throw new SigningError("NoRandomSource")
    token = generated
  } else if (typeof options.token === "string") {
    token = options.token
  } else {
    throw new SigningError("InvalidToken")
  }
  let expire: number | string
  const given = options.expire
  // v6 replaced every falsy expire (0, "", undefined) with the default and returned a given one verbatim.
  if (given === undefined || given === null || given === 0 || given === "") {
    const millis = options.now !== undefined ? options.now() : Date.now()
    expire = Math.floor(millis / 1000) + DEFAULT_EXPIRY_SECONDS
  } else if ((typeof given === "number" && Number.isFinite(given)) || typeof given === "string") {
    expire = given
  } else {
    throw new SigningError("InvalidExpire")
  }
  return { token, expire, signature: hmacSha1Hex(privateKey, token + String(expire)) }
}

const hasNonAscii = (text: string): boolean => {
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) > 127) return true
  return false
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** v6 `encodeStringIfRequired`: encodeURI the part before the first `?`, keep the query part raw. */
export const encodeIfNonAscii = (text: string): string => {
  if (!hasNonAscii(text)) return text
  const parts = text.split("?")
  const head = encodeURI((parts[0] ?? "").replace(LONE_SURROGATE, "\uFFFD"))
  return parts.length > 1 ? `${head}?${parts[1] ?? ""}` : head
}

export interface UrlSignatureOptions {
  readonly privateKey: unknown
  readonly url: string
  readonly urlEndpoint: string
  readonly expiryTimestamp: number | string
}

export const urlSignature = (options: UrlSignatureOptions): string => {
  const privateKey = requireKey(options.privateKey)
  const prefix = options.urlEndpoint.endsWith("/") ? options.urlEndpoint : `${options.urlEndpoint}/`
  const at = options.url.indexOf(prefix)
  const unsigned = at === -1 ? options.url : options.url.slice(0, at) + options.url.slice(at + prefix.length)
  return hmacSha1Hex(privateKey, encodeIfNonAscii(unsigned + String(options.expiryTimestamp)))
}
