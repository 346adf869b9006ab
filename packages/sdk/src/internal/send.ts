/**
 * The seam every request goes through: the request → one client made once with `HttpClient.mapRequest` (key,
 * `Accept`) → one timer per attempt and the call's deadline, both on the fiber's `Clock` → the `Schedule` retry loop
 * → the answer's meaning (`answer.ts`) → one span, with an event per attempt, and the metrics of `telemetry.ts`. It
 * never looks at which `HttpClient` it was given, which `Clock` runs or what else is in context (a tracer or a metrics
 * reader included): a test on the `TestClock` runs this very code, and a caller's own client gets the same timers,
 * errors, retries, events and metrics as ours.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as FiberRef from "effect/FiberRef"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import type * as Tracer from "effect/Tracer"
import type { Settings } from "../ImageKitConfig.js"
import { type CallError, RequestError, TimeoutError } from "../ImageKitError.js"
import type { ImageKitRequest, Progress } from "../ImageKitRequest.js"
import { interpret, type Sent } from "./answer.js"
import * as MultipartBody from "./multipartBody.js"
import { currentResponseMetadata, currentRetryPolicy, currentTimeout } from "./policy.js"
import { maskSecrets, redactCause } from "./redact.js"
import { isRetryable, scheduleFor, serverWaitMillis } from "./retryPolicy.js"
import * as Telemetry from "./telemetry.js"
import { annotateUpload, markSourceConsumed } from "./uploadOutcome.js"
import { SourceError } from "./uploadSources.js"

export type { Sent }

/** What one call may be told besides its request: upload progress, and each 429's wait (for `uploadMany`). */
export interface CallOptions {
  readonly onProgress?: ((progress: Progress) => void) | undefined
  readonly onRateLimit?: ((waitMillis: number) => Effect.Effect<void>) | undefined
}

export type Sender = (request: ImageKitRequest, options?: CallOptions) => Effect.Effect<Sent, CallError>

/** How far the current attempt got, and when it last moved (the attempt timer counts from there). */
export interface Attempt {
  phase: MultipartBody.Phase
  bytesSent: number
  lastActivity: number
}

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

/** How an attempt or a call ended, for span events and metric labels: the status code, or the error's tag. */
const outcomeOf = (cause: Cause.Cause<CallError>): string => {
  const failure = Cause.failureOption(cause)
  if (Option.isNone(failure)) return Cause.isInterruptedOnly(cause) ? "Interrupted" : "Defect"
  const error = failure.value
  return "metadata" in error ? String(error.metadata.statusCode) : error._tag
}

/** A callback of the caller's that throws fails the call (typed, through the body stream), never the process. */
class CallbackError extends SourceError {}

/** Builds the sender of one client. The authorization header is computed once and never leaves this closure. */
export const make = (settings: Settings, httpClient: HttpClient.HttpClient): Sender => {
  const key = Redacted.value(settings.privateKey)
  const credentials = btoa(unescape(encodeURIComponent(`${key}:`)))
  const secrets = [key, credentials]
  // One span per SDK operation is enough; trace headers have no business going to a third-party API; and ImageKit
  // never redirects an API call, so a redirect must not be followed (fetch would replay a POST as a GET elsewhere).
  const client = httpClient.pipe(
    HttpClient.mapRequest(
      HttpClientRequest.setHeaders({ authorization: `Basic ${credentials}`, accept: "application/json" })
    ),
    // Disabling the platform's span also disables its trace headers (they are written from that span).
    HttpClient.withTracerDisabledWhen(() => true),
    HttpClient.transformResponse(
      Effect.mapInputContext((context: Context.Context<never>) =>
        Context.add(context, FetchHttpClient.RequestInit, {
          ...Context.getOrElse(context, FetchHttpClient.RequestInit, () => ({})),
          redirect: "manual"
        })
      )
    )
  )
  const deadlineMillis = Duration.toMillis(settings.deadline)
  const urlOf = (request: ImageKitRequest) =>
    (request.host === "upload" ? settings.uploadBaseUrl : settings.apiBaseUrl) + request.path

  const requestError = (request: ImageKitRequest, error: HttpClientError.HttpClientError): RequestError => {
    const source = findCause(error.cause, (u) => (u instanceof SourceError ? u : undefined))
    if (source !== undefined) {
      const what = source instanceof CallbackError ? source.message : `${source.message}. Nothing was stored`
      return new RequestError({ reason: "Encode", method: request.method, url: urlOf(request), message: what })
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
      url: urlOf(request),
      message: `Could not reach ImageKit at ${hostOf(urlOf(request))}${code === undefined ? "" : ` (${code})`}: ${hint}`,
      ...(detail === undefined ? {} : { detail: maskSecrets(detail, secrets) })
    })
  }

  const call = (request: ImageKitRequest, options: CallOptions | undefined, span: Tracer.Span) =>
    Effect.withFiberRuntime<Sent, CallError>((fiber) => {
      const clock = Context.get(fiber.currentDefaultServices, Clock.Clock)
      const timeoutMillis = Duration.toMillis(
        Option.getOrElse(fiber.getFiberRef(currentTimeout), () => settings.timeout)
      )
      const policy = Option.getOrElse(fiber.getFiberRef(currentRetryPolicy), () => settings.retry)
      const deadlineAt = clock.unsafeCurrentTimeMillis() + deadlineMillis
      const onProgress = options?.onProgress
      const operation = request.operation
      let attempts = 0
      // The wait before the next attempt and why, set when the retry schedule decides it, read by that attempt's event.
      let waitMillis = 0
      let waitReason: Telemetry.WaitReason | "none" = "none"

      const multipart = request.body._tag === "Multipart" ? MultipartBody.make(request.body.parts) : undefined
      if (request.body._tag === "Multipart" && multipart === undefined) {
        return Effect.fail(
          new RequestError({
            reason: "Encode",
            method: request.method,
            url: urlOf(request),
            message: "A file part holds no upload source (bytes, a Blob, a path, a stream). Nothing was sent"
          })
        )
      }
      let json: HttpBody.HttpBody | undefined
      if (request.body._tag === "Json") {
        try {
          json = HttpBody.text(JSON.stringify(request.body.value) ?? "null", "application/json")
        } catch (cause) {
          const message = `The request body cannot be serialised as JSON: ${cause instanceof Error ? cause.message : String(cause)}`
          return Effect.fail(
            new RequestError({ reason: "Encode", method: request.method, url: urlOf(request), message })
          )
        }
      }
      const totalBytes = multipart?.fileBytes

      const callTimeout = () =>
        new TimeoutError({ scope: "call", timeoutMillis: deadlineMillis, method: request.method, url: urlOf(request) })

      /** Fails when the attempt made no progress for `timeoutMillis`, or at the deadline, whichever comes first. */
      const timer = (state: Attempt): Effect.Effect<never, TimeoutError> =>
        Effect.suspend(function check(): Effect.Effect<never, TimeoutError> {
          const idleEnd = state.lastActivity + timeoutMillis
          const end = Math.min(idleEnd, deadlineAt)
          const now = clock.unsafeCurrentTimeMillis()
          if (now < end) return Effect.flatMap(Effect.sleep(Duration.millis(end - now)), () => Effect.suspend(check))
          return Effect.fail(
            idleEnd <= deadlineAt
              ? new TimeoutError({ scope: "attempt", timeoutMillis, method: request.method, url: urlOf(request) })
              : callTimeout()
          )
        })

      const attempt: Effect.Effect<Sent, CallError> = Effect.suspend(() => {
        const now = clock.unsafeCurrentTimeMillis()
        // Under 1 ms left counts as used up: no answer can arrive in time (jittered waits cut to end at the deadline
        // can leave a sliver).
        if (deadlineAt - now < 1) return Effect.fail(callTimeout())
        attempts += 1
        const number = attempts
        const startedNanos = clock.unsafeCurrentTimeNanos()
        const state: Attempt = { phase: "Connect", bytesSent: 0, lastActivity: now }
        // One span event and one count per attempt, whatever its outcome: the retries and waits become visible.
        const observe = (outcome: string) => {
          const endedNanos = clock.unsafeCurrentTimeNanos()
          span.event("imagekit.attempt", endedNanos, {
            "imagekit.attempt": number,
            "imagekit.attempt.outcome": outcome,
            "imagekit.attempt.duration_ms": Number(endedNanos - startedNanos) / 1e6,
            "imagekit.attempt.wait_ms": waitMillis,
            "imagekit.attempt.wait_reason": waitReason
          })
          Telemetry.recordAttempt(fiber, operation, outcome)
          if (multipart !== undefined) Telemetry.recordUploadBytes(fiber, operation, state.bytesSent)
        }
        let outgoing = HttpClientRequest.make(request.method)(urlOf(request), { urlParams: request.urlParams })
        if (json !== undefined) outgoing = HttpClientRequest.setBody(outgoing, json)
        // Called while the body is pulled: a throw becomes a failure of the body stream, so of the call.
        const report = (bytesSent: number) => {
          if (onProgress === undefined) return
          try {
            onProgress({ bytesSent, totalBytes, attempt: number })
          } catch (cause) {
            const why = cause instanceof Error ? cause.message : String(cause)
            throw new CallbackError({
              reason: "SourceFailed",
              message: `The onProgress callback threw (${why}), so the upload was stopped`,
              cause
            })
          }
        }
        const reported = (bytesSent: number) =>
          Effect.try({
            try: () => report(bytesSent),
            catch: (error) =>
              new RequestError({
                reason: "Encode",
                method: request.method,
                url: urlOf(request),
                message: error instanceof SourceError ? error.message : String(error)
              })
          })
        if (multipart !== undefined) {
          const stream = multipart.stream({
            onFileBytes: (bytes) => {
              state.bytesSent = bytes
              state.lastActivity = clock.unsafeCurrentTimeMillis()
              report(bytes)
            },
            onPhase: (phase) => {
              state.phase = phase
              state.lastActivity = clock.unsafeCurrentTimeMillis()
            }
          })
          outgoing = HttpClientRequest.setBody(
            outgoing,
            HttpBody.stream(stream, multipart.contentType, multipart.length)
          )
        }
        const exchange = client.execute(outgoing).pipe(
          Effect.flatMap((response) =>
            Effect.flatMap(response.text, (text) => interpret(response.status, { ...response.headers }, text))
          ),
          Effect.catchIf(HttpClientError.isHttpClientError, (error) => Effect.fail(requestError(request, error)))
        )
        const timed = Effect.matchCauseEffect(
          Effect.raceWith(exchange, timer(state), {
            onSelfDone: (exit, timerFiber) => Effect.zipRight(Fiber.interrupt(timerFiber), exit),
            onOtherDone: (exit, exchangeFiber) => Effect.zipRight(Fiber.interrupt(exchangeFiber), exit)
          }),
          {
            onSuccess: (sent) => {
              observe(String(sent.metadata.statusCode))
              return Effect.succeed(sent)
            },
            onFailure: (cause) => {
              observe(outcomeOf(cause))
              return Effect.failCause(cause)
            }
          }
        )
        if (multipart === undefined) return timed
        return reported(0).pipe(
          Effect.zipRight(timed),
          Effect.tap(() =>
            totalBytes !== undefined && state.bytesSent < totalBytes ? reported(totalBytes) : Effect.void
          ),
          Effect.mapError(annotateUpload(request, state, totalBytes))
        )
      })

      // Retry only what is safe, wait at least as long as the server asked, and never past the deadline: a wait that
      // would end after it ends at it, and the attempt after it fails as a call timeout. The safety check runs before
      // the policy is stepped, so a user's schedule never sees (counts, logs) a failure that is not retried.
      const retrying = (first: CallError): Effect.Effect<Sent, CallError> => {
        const schedule = scheduleFor(policy).pipe(
          Schedule.passthrough,
          Schedule.modifyDelayEffect((error: CallError, delay) =>
            Effect.map(Clock.currentTimeMillis, (now) => {
              const wait = Duration.min(
                Duration.max(delay, Duration.millis(serverWaitMillis(error, now))),
                Duration.millis(Math.max(0, deadlineAt - now))
              )
              waitMillis = Duration.toMillis(wait)
              waitReason = error._tag === "RateLimitError" ? "rate_limit" : "backoff"
              Telemetry.recordWait(fiber, operation, waitReason, waitMillis)
              return wait
            })
          )
        )
        return Effect.flatMap(Schedule.driver(schedule), (driver) => {
          const loop = (error: CallError): Effect.Effect<Sent, CallError> => {
            const now = clock.unsafeCurrentTimeMillis()
            const wait = serverWaitMillis(error, now)
            const told =
              error._tag === "RateLimitError" && options?.onRateLimit !== undefined
                ? options.onRateLimit(wait)
                : Effect.void
            const reusable = multipart === undefined || multipart.reusable()
            const safe = isRetryable(request, error) && reusable && now + wait < deadlineAt
            if (!safe) return Effect.zipRight(told, Effect.fail(notRetried(error, reusable)))
            return Effect.zipRight(
              told,
              Effect.matchEffect(driver.next(error), {
                onFailure: () => Effect.fail(error),
                onSuccess: () => Effect.catchAll(attempt, loop)
              })
            )
          }
          return loop(first)
        })
      }

      /** A failure the policy would retry, but whose read-once upload source the failed attempt already read. */
      const notRetried = (error: CallError, reusable: boolean): CallError =>
        reusable || !isRetryable(request, error) ? error : markSourceConsumed(error)

      // One step for the outcome: span attributes, the metadata for `withResponseMetadata`, and the redaction of
      // whatever is not ours (a defect) before it leaves.
      return Effect.matchCauseEffect(Effect.catchAll(attempt, retrying), {
        onSuccess: (sent) => {
          span.attribute("http.response.status_code", sent.metadata.statusCode)
          span.attribute("imagekit.attempts", attempts)
          Telemetry.recordCall(fiber, operation, String(sent.metadata.statusCode))
          return fiber.getFiberRef(currentResponseMetadata) === undefined
            ? Effect.succeed(sent)
            : Effect.as(FiberRef.set(currentResponseMetadata, Option.some(sent.metadata)), sent)
        },
        onFailure: (cause) => {
          const error = Cause.failureOption(cause)
          if (Option.isSome(error) && "metadata" in error.value) {
            span.attribute("http.response.status_code", error.value.metadata.statusCode)
          }
          span.attribute("imagekit.attempts", attempts)
          Telemetry.recordCall(fiber, operation, outcomeOf(cause))
          return Effect.failCause(redactCause(cause, secrets))
        }
      })
    })

  return (request, options) =>
    Effect.useSpan(
      `ImageKit.${request.operation}`,
      {
        kind: "client",
        // The stack would point into this file, which tells a reader nothing, and capturing it costs a stack walk.
        captureStackTrace: false,
        attributes: {
          "imagekit.operation": request.operation,
          "http.request.method": request.method,
          "url.path": request.path,
          ...request.attributes
        }
      },
      (span) => Effect.withParentSpan(call(request, options, span), span)
    )
}
