/**
 * What an answer means: a 2xx with its parsed JSON body and metadata, or the typed error for its status. The one
 * place that turns status codes into error classes, for every transport.
 */
import * as Effect from "effect/Effect"
import {
  ApiError,
  AuthenticationError,
  ConflictError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ResponseDecodeError,
  ResponseMetadata,
  type StatusError
} from "../ImageKitError.js"

/** A 2xx answer: the parsed JSON body (`undefined` when empty) and the response metadata. */
export interface Sent {
  readonly body: unknown
  readonly metadata: ResponseMetadata
}

export type AnswerError = RateLimitError | StatusError | ResponseDecodeError

/** What `parseJson` answers for a body that is not JSON (no object per call: this runs on every answer). */
const NOT_JSON: unique symbol = Symbol("NotJson")

/** The parsed body (`undefined` when empty), or `NOT_JSON`. */
const parseJson = (text: string): unknown => {
  if (text === "") return undefined
  try {
    return JSON.parse(text)
  } catch {
    return NOT_JSON
  }
}

const field = (body: unknown, name: string): string | undefined => {
  if (typeof body !== "object" || body === null) return undefined
  const value: unknown = Object.getOwnPropertyDescriptor(body, name)?.value
  return typeof value === "string" ? value : undefined
}

const numberHeader = (headers: Readonly<Record<string, string>>, name: string): number => {
  const value = headers[name]
  return value === undefined ? Number.NaN : Number.parseInt(value, 10)
}

const statusError = (
  status: number,
  fields: { message: string; help: string; body: unknown; metadata: ResponseMetadata }
): StatusError => {
  switch (status) {
    case 401:
      return new AuthenticationError({ status, ...fields })
    case 403:
      return new PermissionError({ status, ...fields })
    case 404:
      return new NotFoundError({ status, ...fields })
    case 409:
      return new ConflictError({ status, ...fields })
    default:
      return new ApiError({ status, ...fields })
  }
}

/**
 * A redirect: ImageKit never redirects API calls, so this is a proxy or a wrong base URL. Redirects are not followed
 * (a followed 302 turns a POST into a GET on another host and reports success for an upload that never happened);
 * a browser's `redirect: "manual"` shows one as status 0.
 */
const redirectError = (status: number, headers: Readonly<Record<string, string>>, metadata: ResponseMetadata) => {
  const location = headers.location
  let where = ""
  if (location !== undefined) {
    try {
      where = ` to ${new URL(location).host}`
    } catch {
      where = ""
    }
  }
  return new ApiError({
    status,
    message: `The server answered with a redirect${where} (HTTP ${status}), which ImageKit's API never sends`,
    help: "Redirects are not followed for API calls: check apiBaseUrl / uploadBaseUrl, or the proxy in between",
    body: undefined,
    metadata
  })
}

/** The meaning of one answer: its status, lower-case headers and body text. */
export const interpret = (
  status: number,
  headers: Readonly<Record<string, string>>,
  text: string
): Effect.Effect<Sent, AnswerError> => {
  const requestId = headers["x-request-id"]
  // Built from values just read, so the constructor's validation would only cost time.
  const metadata = new ResponseMetadata(
    requestId === undefined ? { statusCode: status, headers } : { statusCode: status, headers, requestId },
    true
  )
  if (status < 200 || (status >= 300 && status < 400)) return Effect.fail(redirectError(status, headers, metadata))
  const parsed = parseJson(text)
  if (status < 300) {
    if (parsed !== NOT_JSON) return Effect.succeed({ body: parsed, metadata })
    return Effect.fail(new ResponseDecodeError({ issues: [{ path: [], message: "the body is not JSON" }], metadata }))
  }
  const body = parsed === NOT_JSON ? text : parsed
  if (status === 429) {
    return Effect.fail(
      new RateLimitError({
        limit: numberHeader(headers, "x-ratelimit-limit"),
        reset: numberHeader(headers, "x-ratelimit-reset"),
        interval: numberHeader(headers, "x-ratelimit-interval"),
        metadata,
        ...(body === undefined ? {} : { body })
      })
    )
  }
  const message = field(body, "message") ?? `ImageKit answered HTTP ${status}`
  const help = field(body, "help") ?? (parsed === NOT_JSON ? text.slice(0, 2000) : "")
  return Effect.fail(statusError(status, { message, help, body, metadata }))
}
