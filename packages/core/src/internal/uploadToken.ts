/**
 * The JWT of ImageKit's v2 upload API (RFC 7519, signed with HS256 as in RFC 7515): header
 * `{"alg":"HS256","typ":"JWT","kid":<public key>}`, claims = the upload parameters in their form (string) values
 * plus `iat` and `exp`, signature = HMAC-SHA256 keyed with the private key over `base64url(header).base64url(claims)`.
 */
import { base64Decode, base64Encode, constantTimeEqual, utf8Decode, utf8Encode } from "./bytes.js"
import { hmacSha256 } from "./hmacSha256.js"
import { SigningError } from "./signing.js"

/** ImageKit refuses a token valid for longer than an hour. */
export const MAX_UPLOAD_TOKEN_SECONDS = 3600
export const DEFAULT_UPLOAD_TOKEN_SECONDS = 1800

const RESERVED_KEYS: ReadonlySet<string> = new Set(["file", "token", "iat", "exp"])

const base64Url = (bytes: Uint8Array): string =>
  base64Encode(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")

const fromBase64Url = (text: string): Uint8Array | undefined =>
  /^[A-Za-z0-9_-]*$/.test(text) ? base64Decode(text.replace(/-/g, "+").replace(/_/g, "/")) : undefined

/**
 * A parameter as the upload form carries it: text as is, numbers and booleans as their text, a list of strings
 * (`tags`, `responseFields`) joined with commas, anything else (`customMetadata`, `extensions`, `transformation`) as
 * JSON. `undefined` when the parameter is not sent.
 */
export const formValue = (value: unknown): string | undefined => {
  if (value === undefined || value === null) return undefined
  if (typeof value === "string") return value
  if (typeof value === "number" || typeof value === "boolean") return String(value)
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value.join(",")
  return JSON.stringify(value)
}

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

export interface UploadTokenOptions {
  readonly privateKey: unknown
  readonly publicKey: unknown
  readonly expiresIn?: unknown
  readonly now?: (() => number) | undefined
}

const requireText = (value: unknown, reason: "MissingPrivateKey" | "MissingPublicKey"): string => {
  if (typeof value !== "string" || value === "") throw new SigningError(reason)
  return value
}

const lifetime = (expiresIn: unknown): number => {
  if (expiresIn === undefined) return DEFAULT_UPLOAD_TOKEN_SECONDS
  if (
    typeof expiresIn !== "number" ||
    !Number.isInteger(expiresIn) ||
    expiresIn < 1 ||
    expiresIn > MAX_UPLOAD_TOKEN_SECONDS
  ) {
    throw new SigningError("InvalidExpiresIn")
  }
  return expiresIn
}

/** The signed claims: every parameter in its form value, then `iat` and `exp`. Keys are copied as data. */
const claimsOf = (payload: unknown, iat: number, exp: number): Record<string, unknown> => {
  if (!isRecord(payload)) throw new SigningError("InvalidPayload", "the payload must be an object of upload parameters")
  const claims: Record<string, unknown> = Object.create(null)
  for (const key of Object.keys(payload)) {
    if (RESERVED_KEYS.has(key)) {
      throw new SigningError(
        "InvalidPayload",
        key === "file" || key === "token"
          ? `\`${key}\` is sent beside the token, not signed in it`
          : `\`${key}\` is set from expiresIn`
      )
    }
    const value = formValue(payload[key])
    if (value !== undefined) claims[key] = value
  }
  if (typeof claims.fileName !== "string" || claims.fileName === "") {
    throw new SigningError("InvalidPayload", "`fileName` is required, as the upload form sends it")
  }
  claims.iat = iat
  claims.exp = exp
  return claims
}

const signingInput = (header: unknown, claims: unknown): string =>
  `${base64Url(utf8Encode(JSON.stringify(header)))}.${base64Url(utf8Encode(JSON.stringify(claims)))}`

export const uploadToken = (payload: unknown, options: UploadTokenOptions): string => {
  const privateKey = requireText(options.privateKey, "MissingPrivateKey")
  const publicKey = requireText(options.publicKey, "MissingPublicKey")
  const seconds = lifetime(options.expiresIn)
  const iat = Math.floor((options.now === undefined ? Date.now() : options.now()) / 1000)
  const input = signingInput({ alg: "HS256", typ: "JWT", kid: publicKey }, claimsOf(payload, iat, iat + seconds))
  return `${input}.${base64Url(hmacSha256(utf8Encode(privateKey), utf8Encode(input)))}`
}

export interface VerifyUploadTokenOptions {
  readonly privateKey: unknown
  readonly publicKey: unknown
  readonly now?: (() => number) | undefined
}

export interface VerifiedUploadToken {
  /** The signed upload parameters, without `iat` and `exp`. */
  readonly payload: Readonly<Record<string, unknown>>
  readonly issuedAt: number
  readonly expiresAt: number
}

const decodeJson = (part: string): unknown => {
  const bytes = fromBase64Url(part)
  if (bytes === undefined) return undefined
  try {
    return JSON.parse(utf8Decode(bytes))
  } catch {
    return undefined
  }
}

const invalid = (detail: string) => new SigningError("InvalidUploadToken", detail)

export const verifyUploadToken = (token: unknown, options: VerifyUploadTokenOptions): VerifiedUploadToken => {
  const privateKey = requireText(options.privateKey, "MissingPrivateKey")
  const publicKey = requireText(options.publicKey, "MissingPublicKey")
  if (typeof token !== "string") throw invalid("the token is not text")
  const parts = token.split(".")
  const [headerPart = "", claimsPart = "", signaturePart = ""] = parts
  if (parts.length !== 3) throw invalid("a JWT has three dot-separated parts")
  const header = decodeJson(headerPart)
  if (!isRecord(header) || header.alg !== "HS256") throw invalid("the header must say alg HS256")
  if (header.kid !== publicKey) throw invalid("the header's kid is not this account's public key")
  const signature = fromBase64Url(signaturePart)
  const expected = hmacSha256(utf8Encode(privateKey), utf8Encode(`${headerPart}.${claimsPart}`))
  if (signature === undefined || !constantTimeEqual(signature, expected)) throw invalid("the signature does not match")
  const claims = decodeJson(claimsPart)
  if (!isRecord(claims)) throw invalid("the claims are not a JSON object")
  const { iat, exp } = claims
  if (typeof iat !== "number" || typeof exp !== "number" || !Number.isFinite(iat) || !Number.isFinite(exp)) {
    throw invalid("iat and exp must be numbers")
  }
  if (exp <= iat || exp - iat > MAX_UPLOAD_TOKEN_SECONDS) throw invalid("exp must be at most an hour after iat")
  const now = (options.now === undefined ? Date.now() : options.now()) / 1000
  if (now >= exp) throw new SigningError("ExpiredUploadToken")
  const payload: Record<string, unknown> = Object.create(null)
  for (const key of Object.keys(claims)) if (key !== "iat" && key !== "exp") payload[key] = claims[key]
  return { payload, issuedAt: iat, expiresAt: exp }
}
