import type { StandardVerifyOptions, VerifiedEvent, VerifyOptions, WebhookVerificationErrorReason } from "../Webhook.js"
import { base64Decode, base64Encode, constantTimeEqual, toHex, utf8Decode, utf8Encode } from "./bytes.js"
import { hmacSha256Parts } from "./hmacSha256.js"

/** Shared brand so the guard also recognises errors thrown by another copy of this package (ESM and CJS builds). */
export const WebhookVerificationErrorTypeId: unique symbol = Symbol.for(
  "@effect-imagekit/core/WebhookVerificationError"
)

export const hasWebhookVerificationErrorTypeId = (u: unknown): boolean => {
  if ((typeof u !== "object" && typeof u !== "function") || u === null) return false
  try {
    return WebhookVerificationErrorTypeId in u
  } catch {
    return false
  }
}

export interface Failure {
  readonly _tag: "Failure"
  readonly reason: WebhookVerificationErrorReason
  readonly message: string
  readonly help: string
}

export interface Success {
  readonly _tag: "Success"
  readonly value: VerifiedEvent
}

export type Outcome = Success | Failure

const LEGACY_HELP = "Pass the x-ik-signature request header as a string, exactly as received."
const STANDARD_HELP = "Pass the request headers with webhook-id, webhook-timestamp and webhook-signature as received."
const RAW_BODY_HELP =
  "Pass the raw request body (string or bytes) exactly as received, before any JSON parsing or re-serialisation."

/** Default texts per reason. Messages never contain the secret, the header values or the expected signature. */
export const defaultTexts: {
  readonly [R in WebhookVerificationErrorReason]: { readonly message: string; readonly help: string }
} = {
  TimestampMissing: { message: "Timestamp missing", help: LEGACY_HELP },
  TimestampInvalid: { message: "Timestamp invalid", help: LEGACY_HELP },
  SignatureMissing: { message: "Signature missing", help: LEGACY_HELP },
  SignatureMismatch: {
    message: "Incorrect signature",
    help:
      "Check that the secret is this endpoint's webhook secret from the ImageKit dashboard, and pass the raw request " +
      "body exactly as received (re-serialised JSON does not verify)."
  },
  TimestampOutsideTolerance: {
    message: "Timestamp outside the tolerance",
    help:
      "The event is older or newer than the allowed tolerance: check the server clock, or reject the replayed " +
      "delivery. Set the tolerance option (seconds) to change the window."
  },
  HeadersMissing: { message: "Webhook headers missing", help: STANDARD_HELP },
  InvalidBody: { message: "Invalid webhook body", help: RAW_BODY_HELP },
  InvalidSecret: {
    message: "Invalid webhook secret",
    help: "Pass the webhook secret (whsec_...) from the ImageKit dashboard as a non-empty string."
  }
}

const fail = (reason: WebhookVerificationErrorReason, message?: string, help?: string): Failure => ({
  _tag: "Failure",
  reason,
  message: message ?? defaultTexts[reason].message,
  help: help ?? defaultTexts[reason].help
})

const isFailure = (u: unknown): u is Failure =>
  typeof u === "object" && u !== null && (u as { readonly _tag?: unknown })._tag === "Failure"

// ---------------------------------------------------------------------------------------------------------------
// inputs
// ---------------------------------------------------------------------------------------------------------------

interface Body {
  readonly bytes: Uint8Array
  readonly text: () => string
}

// `instanceof` alone misses arrays from another realm (vm contexts, some edge runtimes); the tag check covers them
// and cannot be faked by a non-view object.
const isUint8Array = (u: unknown): u is Uint8Array =>
  u instanceof Uint8Array || (ArrayBuffer.isView(u) && Object.prototype.toString.call(u) === "[object Uint8Array]")

const readBody = (body: unknown): Body | Failure => {
  if (typeof body === "string") return { bytes: utf8Encode(body), text: () => body }
  if (isUint8Array(body)) return { bytes: body, text: () => utf8Decode(body) }
  return fail(
    "InvalidBody",
    "Webhook body must be a string or a Uint8Array",
    typeof body === "object" && body !== null ? `The body looks already parsed. ${RAW_BODY_HELP}` : RAW_BODY_HELP
  )
}

const secretHelp = defaultTexts.InvalidSecret.help

const utf8Secret = (secret: unknown): Uint8Array | Failure => {
  if (typeof secret !== "string" || secret.length === 0) {
    return fail("InvalidSecret", "Webhook secret must be a non-empty string", secretHelp)
  }
  return utf8Encode(secret)
}

const SECRET_PREFIX = "whsec_"

const standardSecret = (secret: unknown, encoding: unknown): Uint8Array | Failure => {
  if (encoding === undefined || encoding === "utf8") return utf8Secret(secret)
  if (encoding !== "base64") {
    return fail("InvalidSecret", 'secretEncoding must be "utf8" or "base64"', secretHelp)
  }
  if (typeof secret !== "string" || secret.length === 0) {
    return fail("InvalidSecret", "Webhook secret must be a non-empty string", secretHelp)
  }
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret
  const key = base64Decode(encoded)
  if (key === undefined || key.length === 0) {
    return fail(
      "InvalidSecret",
      "Webhook secret is not valid base64",
      'With secretEncoding "base64" the secret must be whsec_ followed by standard base64. ImageKit\'s own ' +
        'secrets verify with the default secretEncoding "utf8".'
    )
  }
  return key
}

// Undefined means no check. Anything that is neither `false` nor a non-negative number falls back to the default
// instead of disabling the check: a typo must not turn replay protection off.
const DEFAULT_TOLERANCE_SECONDS = 300

const toleranceMs = (options: VerifyOptions | undefined): number | undefined => {
  const tolerance = options?.tolerance
  if (tolerance === false) return undefined
  if (typeof tolerance === "number" && tolerance >= 0) return tolerance * 1000
  return DEFAULT_TOLERANCE_SECONDS * 1000
}

const checkTolerance = (timestampMs: number, options: VerifyOptions | undefined): Failure | undefined => {
  const window = toleranceMs(options)
  if (window === undefined) return undefined
  const clock = options?.now
  const now = typeof clock === "function" ? clock() : Date.now()
  const help = defaultTexts.TimestampOutsideTolerance.help
  // NaN would compare false both ways and let every timestamp through.
  if (typeof now !== "number" || Number.isNaN(now)) {
    return fail("TimestampOutsideTolerance", "The clock returned an invalid time", help)
  }
  if (timestampMs < now - window) return fail("TimestampOutsideTolerance", "Timestamp too old", help)
  if (timestampMs > now + window) return fail("TimestampOutsideTolerance", "Timestamp too new", help)
  return undefined
}

const parseEvent = (body: Body, timestamp: number, rest: Omit<VerifiedEvent, "event" | "timestamp">): Outcome => {
  let event: unknown
  try {
    event = JSON.parse(body.text())
  } catch {
    // The SyntaxError is dropped on purpose: its message quotes part of the body.
    return fail("InvalidBody", "Webhook body is not valid JSON", RAW_BODY_HELP)
  }
  return { _tag: "Success", value: { ...rest, timestamp, event } }
}

// Every candidate is compared, so the time taken does not reveal which one (if any) matched.
const anyMatches = (expected: string, candidates: ReadonlyArray<string>): boolean => {
  const expectedBytes = utf8Encode(expected)
  let matched = false
  for (const candidate of candidates) {
    if (constantTimeEqual(utf8Encode(candidate), expectedBytes)) matched = true
  }
  return matched
}

// ---------------------------------------------------------------------------------------------------------------
// legacy x-ik-signature
// ---------------------------------------------------------------------------------------------------------------

const MAX_DATE_MS = 8.64e15

export const verifyLegacy = (
  body: unknown,
  signatureHeader: unknown,
  secret: unknown,
  options: VerifyOptions | undefined
): Outcome => {
  const key = utf8Secret(secret)
  if (isFailure(key)) return key
  const payload = readBody(body)
  if (isFailure(payload)) return payload
  if (typeof signatureHeader !== "string") {
    return fail("HeadersMissing", "x-ik-signature header must be a string", LEGACY_HELP)
  }
  // Parsed exactly like imagekit@6: items split on ",", key and value on "=", the first item with key `t` wins and
  // keys must match exactly (so "t=1, v1=..." has no `v1`). Every `v1` is kept, for secret rotation.
  const items = signatureHeader.split(",").map((item) => item.split("="))
  const timestampText = items.find(([name]) => name === "t")?.[1]
  if (timestampText === undefined) return fail("TimestampMissing")
  const timestamp = Number.parseInt(timestampText, 10)
  if (Number.isNaN(timestamp) || timestamp < 0) return fail("TimestampInvalid")
  // Past the range of Date, v6 signed the text "NaN" for every such timestamp; no real delivery gets there.
  if (timestamp > MAX_DATE_MS) return fail("TimestampInvalid")
  const signatures: Array<string> = []
  for (const [name, value] of items) {
    if (name === "v1" && value !== undefined) signatures.push(value)
  }
  if (signatures.length === 0) return fail("SignatureMissing")
  const mac = hmacSha256Parts(key, [utf8Encode(`${timestamp}.`), payload.bytes])
  if (!anyMatches(toHex(mac), signatures)) return fail("SignatureMismatch")
  const outside = checkTolerance(timestamp, options)
  if (outside !== undefined) return outside
  // parseInt("-0") is -0, which v6 accepted; report it as a plain 0.
  return parseEvent(payload, timestamp === 0 ? 0 : timestamp, { scheme: "x-ik-signature" })
}

// ---------------------------------------------------------------------------------------------------------------
// headers
// ---------------------------------------------------------------------------------------------------------------

type HeaderRead = string | undefined | Failure

const headersHelp = STANDARD_HELP

const readHeader = (headers: object, name: string): HeaderRead => {
  try {
    const get = (headers as { readonly get?: unknown }).get
    if (typeof get === "function") {
      const value: unknown = get.call(headers, name)
      if (value === null || value === undefined) return undefined
      if (typeof value === "string") return value
      return fail("HeadersMissing", `Header ${name} must be a string`, headersHelp)
    }
    // Plain objects (Node's IncomingHttpHeaders and friends): names match case-insensitively. Several keys or an
    // array give several values; identical duplicates are harmless, different ones are ambiguous and rejected, since
    // there is no telling which one the sender meant.
    let found: string | undefined
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() !== name) continue
      const value: unknown = (headers as { readonly [key: string]: unknown })[key]
      const values: ReadonlyArray<unknown> = Array.isArray(value) ? value : value === undefined ? [] : [value]
      for (const item of values) {
        if (typeof item !== "string") {
          return fail("HeadersMissing", `Header ${name} must be a string`, headersHelp)
        }
        if (found !== undefined && found !== item) {
          return fail("HeadersMissing", `Header ${name} has more than one value`, headersHelp)
        }
        found = item
      }
    }
    return found
  } catch {
    return fail("HeadersMissing", "Webhook headers could not be read", headersHelp)
  }
}

const isHeaderBag = (headers: unknown): headers is object =>
  (typeof headers === "object" || typeof headers === "function") && headers !== null

const missingHeaders = (): Failure =>
  fail("HeadersMissing", "Webhook headers missing", "Pass the request headers object; verification never skips.")

// ---------------------------------------------------------------------------------------------------------------
// Standard Webhooks
// ---------------------------------------------------------------------------------------------------------------

const STANDARD_TIMESTAMP = /^[0-9]+$/

const verifyStandardValues = (
  payload: Body,
  key: Uint8Array,
  id: string | undefined,
  timestampText: string | undefined,
  signatureText: string | undefined,
  options: VerifyOptions | undefined
): Outcome => {
  if (id === undefined || id.length === 0) {
    return fail("HeadersMissing", "Missing webhook-id header", headersHelp)
  }
  if (timestampText === undefined || timestampText.length === 0) {
    return fail("TimestampMissing", undefined, headersHelp)
  }
  const seconds = Number(timestampText)
  if (!STANDARD_TIMESTAMP.test(timestampText) || !Number.isSafeInteger(seconds * 1000)) {
    return fail("TimestampInvalid", undefined, "webhook-timestamp must be an integer number of seconds.")
  }
  const signatures: Array<string> = []
  if (signatureText !== undefined) {
    for (const entry of signatureText.split(" ")) {
      const comma = entry.indexOf(",")
      // Other versions (v1a is ed25519) are not for us; a sender may list them next to v1.
      if (comma > 0 && entry.slice(0, comma) === "v1") signatures.push(entry.slice(comma + 1))
    }
  }
  if (signatures.length === 0) return fail("SignatureMissing", undefined, headersHelp)
  // The timestamp is signed as a normalised integer, like the standardwebhooks library ImageKit's SDK uses.
  const mac = hmacSha256Parts(key, [utf8Encode(`${id}.${seconds}.`), payload.bytes])
  if (!anyMatches(base64Encode(mac), signatures)) return fail("SignatureMismatch")
  const timestampMs = seconds * 1000
  const outside = checkTolerance(timestampMs, options)
  if (outside !== undefined) return outside
  return parseEvent(payload, timestampMs, { scheme: "standard", id })
}

const standardInputs = (
  body: unknown,
  secret: unknown,
  options: StandardVerifyOptions | undefined
): { readonly payload: Body; readonly key: Uint8Array } | Failure => {
  const key = standardSecret(secret, options?.secretEncoding)
  if (isFailure(key)) return key
  const payload = readBody(body)
  if (isFailure(payload)) return payload
  return { payload, key }
}

const readStandardHeaders = (
  headers: object
): { readonly id: HeaderRead; readonly timestamp: HeaderRead; readonly signature: HeaderRead } => ({
  id: readHeader(headers, "webhook-id"),
  timestamp: readHeader(headers, "webhook-timestamp"),
  signature: readHeader(headers, "webhook-signature")
})

const verifyStandardHeaders = (
  inputs: { readonly payload: Body; readonly key: Uint8Array },
  headers: object,
  options: VerifyOptions | undefined
): Outcome => {
  const { id, signature, timestamp } = readStandardHeaders(headers)
  if (isFailure(id)) return id
  if (isFailure(timestamp)) return timestamp
  if (isFailure(signature)) return signature
  return verifyStandardValues(inputs.payload, inputs.key, id, timestamp, signature, options)
}

export const verifyStandard = (
  body: unknown,
  headers: unknown,
  secret: unknown,
  options: StandardVerifyOptions | undefined
): Outcome => {
  const inputs = standardInputs(body, secret, options)
  if (isFailure(inputs)) return inputs
  if (!isHeaderBag(headers)) return missingHeaders()
  return verifyStandardHeaders(inputs, headers, options)
}

export const verify = (
  body: unknown,
  headers: unknown,
  secret: unknown,
  options: StandardVerifyOptions | undefined
): Outcome => {
  if (!isHeaderBag(headers)) return missingHeaders()
  const standardSignature = readHeader(headers, "webhook-signature")
  if (isFailure(standardSignature)) return standardSignature
  if (standardSignature !== undefined && standardSignature.length > 0) {
    const inputs = standardInputs(body, secret, options)
    if (isFailure(inputs)) return inputs
    return verifyStandardHeaders(inputs, headers, options)
  }
  const legacySignature = readHeader(headers, "x-ik-signature")
  if (isFailure(legacySignature)) return legacySignature
  if (legacySignature !== undefined) return verifyLegacy(body, legacySignature, secret, options)
  return fail(
    "HeadersMissing",
    "Webhook signature header missing",
    "Expected webhook-signature (Standard Webhooks) or x-ik-signature (legacy) among the request headers."
  )
}
