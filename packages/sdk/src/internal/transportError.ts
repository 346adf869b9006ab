/**
 * A failure without an answer, as the caller sees it: the platform's `HttpClientError` (which holds the request, and
 * with it the key) becomes a `RequestError` of copied, safe fields: the reason, the system error code, what the
 * transport said (secrets masked), and what to check. A failure of an upload's source, or of a caller's callback
 * while the body was read, becomes an `Encode` error that says so.
 */
import type * as HttpClientError from "@effect/platform/HttpClientError"
import { RequestError } from "../ImageKitError.js"
import type { ImageKitRequest } from "../ImageKitRequest.js"
import { maskSecrets } from "./redact.js"
import { SourceError } from "./uploadSources.js"

/** A callback of the caller's that threw while the body was read: it fails the call, typed, never the process. */
export class CallbackError extends SourceError {}

const findCause = <A>(cause: unknown, pick: (u: object) => A | undefined): A | undefined => {
  let current: unknown = cause
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    const found = pick(current)
    if (found !== undefined) return found
    current = (current as { readonly cause?: unknown }).cause
  }
  return undefined
}

// undici (fetch on Node) names the system errors its own way; the same failure gets the same code on every client.
const UNDICI_CODES: Readonly<Record<string, string>> = {
  UND_ERR_SOCKET: "ECONNRESET",
  UND_ERR_CONNECT_TIMEOUT: "ETIMEDOUT"
}

const errorCode = (u: object): string | undefined => {
  const code = (u as { readonly code?: unknown }).code
  if (typeof code !== "string") return undefined
  return /^E[A-Z_]+$/.test(code) ? code : UNDICI_CODES[code]
}

/** The message of the deepest error in a chain of causes (fetch's "fetch failed" wraps the system error's). */
const innermostMessage = (cause: unknown): string | undefined => {
  let found: string | undefined
  let current: unknown = cause
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    const message: unknown = Object.getOwnPropertyDescriptor(current, "message")?.value
    if (typeof message === "string" && message !== "") found = message
    current = (current as { readonly cause?: unknown }).cause
  }
  return found
}

/** The host of a URL for a message, or the URL itself when it does not parse. */
const hostOf = (url: string): string => {
  try {
    return new URL(url).host
  } catch {
    return JSON.stringify(url)
  }
}

/** The caller's view of a failure without an answer. */
export const fromHttpClientError = (
  request: ImageKitRequest,
  url: string,
  error: HttpClientError.HttpClientError,
  secrets: ReadonlyArray<string>
): RequestError => {
  const source = findCause(error.cause, (u) => (u instanceof SourceError ? u : undefined))
  if (source !== undefined) {
    const what = source instanceof CallbackError ? source.message : `${source.message}. Nothing was stored`
    return new RequestError({ reason: "Encode", method: request.method, url, message: what })
  }
  const reason = error._tag === "RequestError" ? error.reason : "Transport"
  const code = findCause(error.cause, errorCode)
  const detail = innermostMessage(error.cause)
  const hint =
    reason === "Transport"
      ? `check the network connection and the base URL (${request.host === "upload" ? "uploadBaseUrl" : "apiBaseUrl"})`
      : "the request could not be built; check the arguments"
  return new RequestError({
    reason,
    ...(code === undefined ? {} : { code }),
    method: request.method,
    url,
    message: `Could not reach ImageKit at ${hostOf(url)}${code === undefined ? "" : ` (${code})`}: ${hint}`,
    ...(detail === undefined ? {} : { detail: maskSecrets(detail, secrets) })
  })
}
