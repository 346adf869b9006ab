/**
 * What may be retried (decision 0005) and how long to wait: the default backoff `Schedule`, the wait the server asks
 * for, and the safety rule that keeps a POST from being repeated once the server may have acted on it.
 */
import * as Duration from "effect/Duration"
import * as Schedule from "effect/Schedule"
import type { RetryPolicy, RetrySettings } from "../ImageKitConfig.js"
import type { CallError } from "../ImageKitError.js"
import type { ImageKitRequest } from "../ImageKitRequest.js"

/** System error codes that prove the request never reached the server, so even a POST may be sent again. */
export const NOT_SENT_CODES: ReadonlySet<string> = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"])

/** Whether a failure may be retried for this request. */
export const isRetryable = (request: ImageKitRequest, error: CallError): boolean => {
  switch (error._tag) {
    case "RateLimitError":
      return true
    case "ApiError":
      return request.idempotent && (error.status >= 500 || error.status === 408)
    case "TimeoutError":
      return request.idempotent && error.scope === "attempt"
    case "RequestError":
      return (
        error.reason === "Transport" &&
        (request.idempotent || (error.code !== undefined && NOT_SENT_CODES.has(error.code)))
      )
    default:
      return false
  }
}

const retryAfterMillis = (value: string | undefined, now: number): number => {
  if (value === undefined) return 0
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(value)
  return Number.isFinite(date) ? Math.max(0, date - now) : 0
}

/** The wait the server asked for: `X-RateLimit-Reset` (ms) or `Retry-After` (seconds or a date). */
export const serverWaitMillis = (error: CallError, now: number): number => {
  if (error._tag === "RateLimitError") {
    const reset = Number.isFinite(error.reset) ? Math.max(0, error.reset) : 0
    return Math.max(reset, retryAfterMillis(error.metadata.headers["retry-after"], now))
  }
  if (error._tag === "ApiError") return retryAfterMillis(error.metadata.headers["retry-after"], now)
  return 0
}

const defaultSchedule = (settings: RetrySettings): Schedule.Schedule<unknown, CallError> =>
  Schedule.exponential(settings.baseDelay, 2).pipe(
    Schedule.jittered,
    Schedule.modifyDelay((_, delay) => Duration.min(delay, settings.maxDelay)),
    Schedule.intersect(Schedule.recurs(settings.maxRetries)),
    Schedule.whileInput((_: CallError) => true)
  )

/** The schedule of a policy: the user's own, or the default backoff built from the settings. */
export const scheduleFor = (policy: RetryPolicy): Schedule.Schedule<unknown, CallError> =>
  Schedule.isSchedule(policy) ? (policy as Schedule.Schedule<unknown, CallError>) : defaultSchedule(policy)
