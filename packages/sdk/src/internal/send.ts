/**
 * The seam every request goes through: the request, with the key and `Accept` headers made once → its exchange in a
 * fiber of its own, timed by the sender's watchdog (`watchdog.ts`: the attempt's idle timer and the call's deadline,
 * on the fiber's `Clock`) → the `Schedule` retry loop → the answer's meaning (`answer.ts`) → one span, with an event
 * per attempt, and the metrics of `telemetry.ts`. It never looks at which `HttpClient` it was given, which `Clock`
 * runs or what else is in context (a tracer or a metrics reader included): a test on the `TestClock` runs this very
 * code, and a caller's own client gets the same timers, errors, retries, events and metrics as ours.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpBody from "@effect/platform/HttpBody"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import { constTrue } from "effect/Function"
import * as Tracer from "effect/Tracer"
import type { Settings } from "../ImageKitConfig.js"
import { type CallError, type RequestError, TimeoutError } from "../ImageKitError.js"
import type { ImageKitRequest, Progress } from "../ImageKitRequest.js"
import { interpret, type Sent } from "./answer.js"
import type * as MultipartBody from "./multipartBody.js"
import { currentResponseMetadata, currentRetryPolicy, currentTimeout } from "./policy.js"
import * as RequestBody from "./requestBody.js"
import { redactCause } from "./redact.js"
import { isRetryable, scheduleFor, serverWaitMillis } from "./retryPolicy.js"
import * as Telemetry from "./telemetry.js"
import { fromHttpClientError } from "./transportError.js"
import { annotateUpload, markSourceConsumed, progressReporter } from "./uploadOutcome.js"
import * as Watchdog from "./watchdog.js"

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

/** Builds the sender of one client. The authorization header is computed once and never leaves this closure. */
export const make = (settings: Settings, httpClient: HttpClient.HttpClient): Sender => {
  const key = Redacted.value(settings.privateKey)
  const credentials = btoa(unescape(encodeURIComponent(`${key}:`)))
  const secrets = [key, credentials]
  const headers = Headers.fromInput({ authorization: `Basic ${credentials}`, accept: "application/json" })
  const deadlineMillis = Duration.toMillis(settings.deadline)
  const urlOf = (request: ImageKitRequest) =>
    (request.host === "upload" ? settings.uploadBaseUrl : settings.apiBaseUrl) + request.path

  const runAttempt = Watchdog.make()

  const requestError = (request: ImageKitRequest, error: HttpClientError.HttpClientError): RequestError =>
    fromHttpClientError(request, urlOf(request), error, secrets)

  const call = (request: ImageKitRequest, options: CallOptions | undefined, span: Tracer.Span) =>
    Effect.withFiberRuntime<Sent, CallError>((fiber) => {
      const clock = Context.get(fiber.currentDefaultServices, Clock.Clock)
      const timeoutMillis = Duration.toMillis(
        Option.getOrElse(fiber.getFiberRef(currentTimeout), () => settings.timeout)
      )
      const policy = Option.getOrElse(fiber.getFiberRef(currentRetryPolicy), () => settings.retry)
      // What the exchange's own fiber runs with (watchdog.ts): our span as its parent; and, as ImageKit never redirects
      // an API call, no redirect followed (fetch would replay a POST as a GET elsewhere).
      const context = fiber.currentContext
      const exchangeContext = Context.add(Context.add(context, Tracer.ParentSpan, span), FetchHttpClient.RequestInit, {
        ...Context.getOrElse(context, FetchHttpClient.RequestInit, () => ({})),
        redirect: "manual"
      })
      const deadlineAt = clock.unsafeCurrentTimeMillis() + deadlineMillis
      const onProgress = options?.onProgress
      const operation = request.operation
      let attempts = 0
      // The wait before the next attempt and why, set when the retry schedule decides it, read by that attempt's event.
      let waitMillis = 0
      let waitReason: Telemetry.WaitReason | "none" = "none"

      const url = urlOf(request)
      const prepared = RequestBody.prepare(request, url)
      if (Either.isLeft(prepared)) return Effect.fail(prepared.left)
      const { json, multipart } = prepared.right
      const totalBytes = multipart?.fileBytes

      const callTimeout = () =>
        new TimeoutError({ scope: "call", timeoutMillis: deadlineMillis, method: request.method, url })

      /** When the attempt must end for want of progress: `timeoutMillis` after the last. */
      const idleEndOf = (state: Attempt) => state.lastActivity + timeoutMillis
      /** When the attempt must end: its idle end, or the call's deadline, whichever comes first. */
      const endOf = (state: Attempt) => () => Math.min(idleEndOf(state), deadlineAt)
      const timedOut = (state: Attempt) => (): TimeoutError =>
        idleEndOf(state) <= deadlineAt
          ? new TimeoutError({ scope: "attempt", timeoutMillis, method: request.method, url })
          : callTimeout()

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
        let outgoing = HttpClientRequest.make(request.method)(url, { urlParams: request.urlParams, headers })
        if (json !== undefined) outgoing = HttpClientRequest.setBody(outgoing, json)
        const { report, reported } = progressReporter(onProgress, totalBytes, number, request.method, url)
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
        // One span per SDK operation is enough, and trace headers have no business going to a third-party API:
        // disabling the platform's span also disables its trace headers (they are written from that span).
        const exchange = FiberRef.set(HttpClient.currentTracerDisabledWhen, constTrue).pipe(
          Effect.zipRight(FiberRef.set(FiberRef.currentContext, exchangeContext)),
          Effect.zipRight(httpClient.execute(outgoing)),
          Effect.flatMap((response) =>
            Effect.flatMap(response.text, (text) => interpret(response.status, { ...response.headers }, text))
          ),
          Effect.catchIf(HttpClientError.isHttpClientError, (error) => Effect.fail(requestError(request, error)))
        )
        const timed = Effect.matchCauseEffect(runAttempt(clock, exchange, endOf(state), timedOut(state)), {
          onSuccess: (sent) => {
            observe(String(sent.metadata.statusCode))
            return Effect.succeed(sent)
          },
          onFailure: (cause) => {
            observe(Telemetry.outcomeOf(cause))
            return Effect.failCause(cause)
          }
        })
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
          Telemetry.recordCall(fiber, operation, Telemetry.outcomeOf(cause))
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
      (span) => call(request, options, span)
    ).pipe(RequestBody.releasingSources(request))
}
