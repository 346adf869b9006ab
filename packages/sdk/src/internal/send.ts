/**
 * The one place that talks HTTP: base URLs, Basic auth, bodies, per-attempt timeout, retries inside one deadline,
 * error mapping, response metadata and the operation's span. Operations hand it a `RequestSpec` and decode what it
 * returns.
 */
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import { dual } from "effect/Function"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import type { RetryPolicy, RetrySettings, Settings } from "../ImageKitConfig.js"
import {
  ApiError,
  type CallError,
  RateLimitError,
  RequestError,
  ResponseDecodeError,
  ResponseMetadata,
  TimeoutError
} from "../ImageKitError.js"
import type { MultipartPart, RequestSpec } from "./requests.js"

/** A 2xx answer: the parsed JSON body (`undefined` when empty) and the response metadata. */
export interface Sent {
  readonly body: unknown
  readonly metadata: ResponseMetadata
}

/** Metadata of the last response this fiber received; read by `ImageKit.withResponseMetadata`. */
export const currentResponseMetadata: FiberRef.FiberRef<Option.Option<ResponseMetadata>> = FiberRef.unsafeMake(
  Option.none()
)

/** Per-call overrides, set by `ImageKit.withRetry` / `ImageKit.withTimeout`. */
export const currentRetryPolicy: FiberRef.FiberRef<Option.Option<RetryPolicy>> = FiberRef.unsafeMake(Option.none())
export const currentTimeout: FiberRef.FiberRef<Option.Option<Duration.Duration>> = FiberRef.unsafeMake(Option.none())

export const withRetry: {
  (policy: RetryPolicy): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, policy: RetryPolicy): Effect.Effect<A, E, R>
} = dual(
  2,
  <A, E, R>(self: Effect.Effect<A, E, R>, policy: RetryPolicy): Effect.Effect<A, E, R> =>
    Effect.locally(self, currentRetryPolicy, Option.some(policy))
)

export const withTimeout: {
  (timeout: Duration.DurationInput): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, timeout: Duration.DurationInput): Effect.Effect<A, E, R>
} = dual(
  2,
  <A, E, R>(self: Effect.Effect<A, E, R>, timeout: Duration.DurationInput): Effect.Effect<A, E, R> =>
    Effect.locally(self, currentTimeout, Option.some(Duration.decode(timeout)))
)

export const withResponseMetadata = <A, E, R>(
  self: Effect.Effect<A, E, R>
): Effect.Effect<readonly [A, Option.Option<ResponseMetadata>], E, R> =>
  Effect.flatMap(self, (value) =>
    Effect.map(FiberRef.get(currentResponseMetadata), (metadata) => [value, metadata] as const)
  ).pipe(Effect.locally(currentResponseMetadata, Option.none()))

// System error codes that prove the request never reached the server, so even a POST may be sent again.
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"])

const findErrorCode = (cause: unknown): string | undefined => {
  let current: unknown = cause
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { readonly code?: unknown }).code
    if (typeof code === "string" && /^E[A-Z_]+$/.test(code)) return code
    current = (current as { readonly cause?: unknown }).cause
  }
  return undefined
}

/** Whether a failure may be retried for this request, as the retry policy (decision 0005) says. */
export const isRetryable = (spec: RequestSpec, error: CallError): boolean => {
  switch (error._tag) {
    case "RateLimitError":
      return true
    case "ApiError":
      return spec.idempotent && (error.status >= 500 || error.status === 408)
    case "TimeoutError":
      return spec.idempotent && error.scope === "attempt"
    case "RequestError":
      return (
        error.reason === "Transport" &&
        (spec.idempotent || (error.code !== undefined && NOT_SENT_CODES.has(error.code)))
      )
    case "ResponseDecodeError":
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

const scheduleFor = (policy: RetryPolicy): Schedule.Schedule<unknown, CallError> =>
  Schedule.isSchedule(policy) ? (policy as Schedule.Schedule<unknown, CallError>) : defaultSchedule(policy)

const toHeaderRecord = (response: HttpClientResponse.HttpClientResponse): Record<string, string> => {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(response.headers)) headers[name.toLowerCase()] = value
  return headers
}

const parseJson = (text: string): { readonly ok: true; readonly value: unknown } | { readonly ok: false } => {
  if (text === "") return { ok: true, value: undefined }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false }
  }
}

const field = (body: unknown, name: string): string | undefined => {
  if (typeof body !== "object" || body === null) return undefined
  const value = (body as Record<string, unknown>)[name]
  return typeof value === "string" ? value : undefined
}

const header = (headers: Record<string, string>, name: string): number => {
  const value = headers[name]
  return value === undefined ? Number.NaN : Number.parseInt(value, 10)
}

const formData = (parts: ReadonlyArray<MultipartPart>): FormData => {
  const form = new FormData()
  for (const part of parts) {
    if (part._tag === "Field") {
      form.append(part.name, part.value)
    } else {
      // Blob#slice relabels the type without copying; bytes are copied once into a Blob (streaming uploads, which
      // avoid that copy, are a later issue).
      const blob =
        part.data instanceof Blob
          ? part.data.type === part.contentType
            ? part.data
            : part.data.slice(0, part.data.size, part.contentType)
          : new Blob([new Uint8Array(part.data)], { type: part.contentType })
      form.append(part.name, blob, part.fileName)
    }
  }
  return form
}

/** Builds the sender for one client. The authorization header is computed once and never leaves this closure. */
export const make = (settings: Settings, httpClient: HttpClient.HttpClient) => {
  // One span per SDK operation is enough; the platform's per-request span and trace headers add cost, and trace
  // headers have no business going to a third-party API.
  const client = httpClient.pipe(
    HttpClient.withTracerPropagation(false),
    HttpClient.withTracerDisabledWhen(() => true)
  )
  const authorization = `Basic ${btoa(unescape(encodeURIComponent(`${Redacted.value(settings.privateKey)}:`)))}`

  const toRequest = (spec: RequestSpec): HttpClientRequest.HttpClientRequest => {
    const base = spec.host === "upload" ? settings.uploadBaseUrl : settings.apiBaseUrl
    let request = HttpClientRequest.make(spec.method)(base + spec.path).pipe(
      HttpClientRequest.setHeader("authorization", authorization),
      HttpClientRequest.acceptJson
    )
    if (spec.query.length > 0) request = HttpClientRequest.setUrlParams(request, spec.query)
    if (spec.body._tag === "Json") request = HttpClientRequest.bodyUnsafeJson(request, spec.body.value)
    if (spec.body._tag === "Multipart")
      request = HttpClientRequest.setBody(request, HttpBody.formData(formData(spec.body.parts)))
    return request
  }

  const describeUrl = (spec: RequestSpec): string =>
    (spec.host === "upload" ? settings.uploadBaseUrl : settings.apiBaseUrl) + spec.path

  const toRequestError = (spec: RequestSpec, error: HttpClientError.HttpClientError): RequestError => {
    const code = findErrorCode(error.cause)
    const reason = error._tag === "RequestError" ? error.reason : "Transport"
    const hint =
      reason === "Transport"
        ? "check the network connection and apiBaseUrl / uploadBaseUrl"
        : "the request could not be built; check the arguments"
    return new RequestError({
      reason,
      ...(code === undefined ? {} : { code }),
      method: spec.method,
      url: describeUrl(spec),
      message: `Could not reach ImageKit${code === undefined ? "" : ` (${code})`}: ${hint}`
    })
  }

  const interpret = (
    response: HttpClientResponse.HttpClientResponse,
    text: string
  ): Effect.Effect<Sent, RateLimitError | ApiError | ResponseDecodeError> => {
    const headers = toHeaderRecord(response)
    const requestId = headers["x-request-id"]
    const metadata = new ResponseMetadata({
      statusCode: response.status,
      headers,
      ...(requestId === undefined ? {} : { requestId })
    })
    const parsed = parseJson(text)
    if (response.status >= 200 && response.status < 300) {
      if (parsed.ok) return Effect.succeed({ body: parsed.value, metadata })
      return Effect.fail(new ResponseDecodeError({ issues: [{ path: [], message: "the body is not JSON" }], metadata }))
    }
    if (response.status === 429) {
      return Effect.fail(
        new RateLimitError({
          limit: header(headers, "x-ratelimit-limit"),
          reset: header(headers, "x-ratelimit-reset"),
          interval: header(headers, "x-ratelimit-interval"),
          metadata
        })
      )
    }
    const body = parsed.ok ? parsed.value : text
    const message = field(body, "message") ?? `ImageKit answered HTTP ${response.status}`
    const help = field(body, "help") ?? (parsed.ok ? "" : text.slice(0, 2000))
    return Effect.fail(new ApiError({ status: response.status, message, help, body, metadata }))
  }

  return (spec: RequestSpec): Effect.Effect<Sent, CallError> =>
    Effect.gen(function* () {
      const timeout = Option.getOrElse(yield* FiberRef.get(currentTimeout), () => settings.timeout)
      const policy = Option.getOrElse(yield* FiberRef.get(currentRetryPolicy), () => settings.retry)
      const startedAt = yield* Clock.currentTimeMillis
      const deadlineAt = startedAt + Duration.toMillis(settings.deadline)
      const attempts = yield* Ref.make(0)

      const attempt = Effect.suspend(() => {
        const request = toRequest(spec)
        return Ref.update(attempts, (n) => n + 1).pipe(
          Effect.zipRight(client.execute(request)),
          Effect.flatMap((response) => Effect.flatMap(response.text, (text) => interpret(response, text))),
          Effect.catchTags({
            RequestError: (error) => Effect.fail(toRequestError(spec, error)),
            ResponseError: (error) => Effect.fail(toRequestError(spec, error))
          }),
          Effect.timeoutFail({
            duration: timeout,
            onTimeout: () =>
              new TimeoutError({
                scope: "attempt",
                timeoutMillis: Duration.toMillis(timeout),
                method: spec.method,
                url: describeUrl(spec)
              })
          })
        )
      })

      // Retry only what is safe, wait at least as long as the server asked, and never past the deadline.
      const schedule = scheduleFor(policy).pipe(
        Schedule.whileInputEffect((error: CallError) =>
          Effect.map(
            Clock.currentTimeMillis,
            (now) => isRetryable(spec, error) && now + serverWaitMillis(error, now) < deadlineAt
          )
        ),
        Schedule.passthrough,
        Schedule.modifyDelayEffect((error: CallError, delay) =>
          Effect.map(Clock.currentTimeMillis, (now) =>
            Duration.max(delay, Duration.millis(serverWaitMillis(error, now)))
          )
        )
      )

      const sent = yield* Effect.retry(attempt, schedule).pipe(
        Effect.timeoutFail({
          duration: settings.deadline,
          onTimeout: () =>
            new TimeoutError({
              scope: "call",
              timeoutMillis: Duration.toMillis(settings.deadline),
              method: spec.method,
              url: describeUrl(spec)
            })
        }),
        Effect.tapBoth({
          onFailure: (error) =>
            "metadata" in error
              ? Effect.annotateCurrentSpan("http.response.status_code", error.metadata.statusCode)
              : Effect.void,
          onSuccess: (result) => Effect.annotateCurrentSpan("http.response.status_code", result.metadata.statusCode)
        }),
        Effect.ensuring(
          Effect.flatMap(Ref.get(attempts), (count) => Effect.annotateCurrentSpan("imagekit.attempts", count))
        )
      )
      yield* FiberRef.set(currentResponseMetadata, Option.some(sent.metadata))
      return sent
    }).pipe(
      Effect.withSpan(`ImageKit.${spec.operation}`, {
        kind: "client",
        attributes: {
          "imagekit.operation": spec.operation,
          "http.request.method": spec.method,
          "url.path": spec.path,
          ...spec.attributes
        }
      })
    )
}
