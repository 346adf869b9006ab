/**
 * POST /api/v2/files/upload: the v1 upload, authenticated either with the private key (server side) or, from a
 * browser, with a JWT in the form's `token` (never both). The token must verify (`Signing.verifyUploadToken`: HS256
 * with the private key, the public key as `kid`, an hour at most between `iat` and `exp`, not expired), must not have
 * been presented before (even by a request that then failed), and its claims must be exactly the form's fields other
 * than `file` and `token`, in their text form. Each failure answers with the message ImageKit's spec lists.
 */
import { isSigningError, verifyUploadToken } from "@effect-imagekit/core/Signing"
import type { ModelContext } from "./context.js"
import { badRequest } from "./errors.js"
import type { FormPart, ModelRequest, ModelResponse } from "./types.js"
import { upload } from "./upload.js"

const MESSAGES = {
  both:
    "Your request contains both token and basic auth parameter. Use only one method, you might be exposing your " +
    "private API key.",
  missing: "Your request is missing token parameter.",
  expired: "Your request contains expired token.",
  invalid: "Your request has invalid token.",
  payload: "Your request contains invalid payload. It does not match with the payload used to generate token."
} as const

/** A claim in the text the form carries it in (what `Signing.uploadToken` signs; other minters may sign raw values). */
const claimText = (value: unknown): string =>
  typeof value === "string"
    ? value
    : typeof value === "number" || typeof value === "boolean"
      ? String(value)
      : Array.isArray(value) && value.every((item) => typeof item === "string")
        ? value.join(",")
        : JSON.stringify(value)

/** The form's signed fields: every part but `file` and `token`; a repeated field is a mismatch by itself. */
const signedFields = (form: ReadonlyArray<FormPart>): Map<string, string> | undefined => {
  const fields = new Map<string, string>()
  for (const part of form) {
    if (part.name === "file" || part.name === "token") continue
    if (!("value" in part) || fields.has(part.name)) return undefined
    fields.set(part.name, part.value)
  }
  return fields
}

const matches = (fields: Map<string, string>, payload: Readonly<Record<string, unknown>>): boolean => {
  const keys = Object.keys(payload)
  return (
    keys.length === fields.size && keys.every((key) => fields.has(key) && fields.get(key) === claimText(payload[key]))
  )
}

/** Forgets tokens whose expiry has passed: they could not be presented again anyway. */
const pruneUsedTokens = (context: ModelContext, nowSeconds: number): void => {
  for (const [signature, expiresAt] of context.state.usedTokens) {
    if (expiresAt <= nowSeconds) context.state.usedTokens.delete(signature)
  }
}

export const uploadV2 = (context: ModelContext, request: ModelRequest): ModelResponse => {
  const form = request.form
  if (form === undefined) throw badRequest("Your request should be multipart/form-data.")
  const tokenPart = form.find((part) => part.name === "token")
  const token = tokenPart !== undefined && "value" in tokenPart ? tokenPart.value : undefined
  if (request.authenticated !== false) {
    if (tokenPart !== undefined) throw badRequest(MESSAGES.both)
    return upload(context, request)
  }
  if (token === undefined || token === "") throw badRequest(MESSAGES.missing)
  const now = context.now().getTime()
  let payload: Readonly<Record<string, unknown>>
  let expiresAt: number
  try {
    const verified = verifyUploadToken(token, { ...context.keys, now: () => now })
    payload = verified.payload
    expiresAt = verified.expiresAt
  } catch (error) {
    if (isSigningError(error) && error.reason === "ExpiredUploadToken") throw badRequest(MESSAGES.expired)
    throw badRequest(MESSAGES.invalid)
  }
  pruneUsedTokens(context, now / 1000)
  const signature = token.slice(token.lastIndexOf(".") + 1)
  if (context.state.usedTokens.has(signature)) {
    throw badRequest(MESSAGES.invalid, {
      help: "This token was used before: mint a new token for every upload, even after a failed one. For support kindly contact us at support@imagekit.io."
    })
  }
  // Spent from here on, whatever happens next.
  context.state.usedTokens.set(signature, expiresAt)
  const fields = signedFields(form)
  if (fields === undefined || !matches(fields, payload)) throw badRequest(MESSAGES.payload)
  return upload(context, request, true)
}
