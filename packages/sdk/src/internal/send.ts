/**
 * The one place that talks HTTP: base URLs, Basic auth, bodies, per-attempt timeout, retries inside one deadline,
 * error mapping, response metadata and the operation's span. Operations hand it a `RequestSpec` and decode what it
 * returns.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DefaultServices from "effect/DefaultServices"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as FiberRef from "effect/FiberRef"
import { dual } from "effect/Function"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import type * as Tracer from "effect/Tracer"
import type { RetryPolicy, RetrySettings, Settings } from "../ImageKitConfig.js"
import {
  ApiError,
  type CallError,
  RateLimitError,
  RequestError,
  ResponseDecodeError,
  ResponseMetadata,
  TimeoutError,
  UploadState
} from "../ImageKitError.js"
import * as fetchClient from "./fetchClient.js"
import * as nodeUpload from "./nodeUpload.js"
import type { MultipartPart, RequestSpec } from "./requests.js"
import { bodyReader, bodyStream, type MultipartBody, multipartBody, SourceError, StreamedFile } from "./uploadBody.js"

/** A 2xx answer: the parsed JSON body (`undefined` when empty) and the response metadata. */
export interface Sent {
  readonly body: unknown
  readonly metadata: ResponseMetadata
}

/**
 * Metadata of the last response this fiber received, read by `ImageKit.withResponseMetadata`; `undefined` outside
 * it. Setting a FiberRef compares the old and new values structurally (hashing every header), so calls only record
 * their metadata when someone will read it (decision 0007).
 */
export const currentResponseMetadata: FiberRef.FiberRef<Option.Option<ResponseMetadata> | undefined> =
  FiberRef.unsafeMake<Option.Option<ResponseMetadata> | undefined>(undefined)

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

/** Upload progress: file bytes sent in the current attempt (1-based), and the file's size when known. */
export interface UploadProgress {
  readonly bytesSent: number
  readonly totalBytes: number | undefined
  readonly attempt: number
}

/** Receives the progress of the uploads inside `ImageKit.upload(…, { onProgress })`; set per call. */
export const currentUploadProgress: FiberRef.FiberRef<((progress: UploadProgress) => void) | undefined> =
  FiberRef.unsafeMake<((progress: UploadProgress) => void) | undefined>(undefined)

/** Told of every 429 (the wait it asks for, in ms); `ImageKit.uploadMany` holds back its next uploads meanwhile. */
export const currentRateLimitObserver: FiberRef.FiberRef<((waitMillis: number) => void) | undefined> =
  FiberRef.unsafeMake<((waitMillis: number) => void) | undefined>(undefined)

export const withResponseMetadata = <A, E, R>(
  self: Effect.Effect<A, E, R>
): Effect.Effect<readonly [A, Option.Option<ResponseMetadata>], E, R> =>
  Effect.flatMap(self, (value) =>
    Effect.map(FiberRef.get(currentResponseMetadata), (metadata) => [value, metadata ?? Option.none()] as const)
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
    case "NotFoundError":
    case "AuthenticationError":
    case "PermissionError":
    case "ConflictError":
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

const findSourceError = (cause: unknown): SourceError | undefined => {
  let current: unknown = cause
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    if (current instanceof SourceError) return current
    current = (current as { readonly cause?: unknown }).cause
  }
  return undefined
}

/** The same `RequestError` with some fields replaced (a spread would lose `message`, an `Error` own property). */
const copyRequestError = (
  error: RequestError,
  changes: { readonly message?: string; readonly upload?: UploadState; readonly notRetried?: "SourceConsumed" }
): RequestError =>
  new RequestError(
    {
      reason: error.reason,
      ...(error.code === undefined ? {} : { code: error.code }),
      method: error.method,
      url: error.url,
      message: changes.message ?? error.message,
      ...(error.upload === undefined ? {} : { upload: error.upload }),
      ...(error.notRetried === undefined ? {} : { notRetried: error.notRetried }),
      ...(changes.upload === undefined ? {} : { upload: changes.upload }),
      ...(changes.notRetried === undefined ? {} : { notRetried: changes.notRetried })
    },
    true
  )

const hasStreamedFile = (parts: ReadonlyArray<MultipartPart>): boolean =>
  parts.some((part) => part._tag === "File" && part.data instanceof StreamedFile)

/** How far the current attempt of an upload got; see `UploadState` for what the phases mean to the caller. */
interface AttemptState {
  phase: "Connect" | "Body" | "Sent"
  bytesSent: number
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
          : part.data instanceof StreamedFile
            ? // Never reached: `send` streams every body with a StreamedFile part.
              new Blob([], { type: part.contentType })
            : new Blob([new Uint8Array(part.data)], { type: part.contentType })
      form.append(part.name, blob, part.fileName)
    }
  }
  return form
}

// undici (Node's fetch) hands a kept-alive connection back to its pool in a `setImmediate` callback queued when the
// response ends. A request sent before that callback runs finds every connection busy and opens another socket, so a
// sequential caller used two sockets and 50 concurrent callers about 100. Waiting one macrotask after the body is read
// lets the next call reuse the connection (decision 0007). Runtimes without `setImmediate` skip the wait.
// Written without a conditional expression around the arrow function: tsup's CJS step (sucrase) cannot parse
// `cond ? f((x) => …) : …` once esbuild has printed it.
const waitOneMacrotask = Effect.async<void>((resume) => {
  const handle = setImmediate(() => resume(Effect.void))
  return Effect.sync(() => clearImmediate(handle))
})
const connectionReleased: Effect.Effect<void> = typeof setImmediate === "function" ? waitOneMacrotask : Effect.void

const liveClock = Context.get(DefaultServices.liveServices, Clock.Clock)
// setTimeout fires at once for delays past 2^31 - 1 ms; Effect's clock treats those as "never", and so does this.
const MAX_TIMER_MILLIS = 2 ** 31 - 1

/**
 * `Effect.timeoutFail` for the live clock with one fiber instead of two: the attempt runs in a child fiber and a
 * native timer races it. `Effect.timeoutFail` also forks a fiber to sleep and joins both, which made it the largest
 * single cost of a call (decision 0007). Like `Effect.timeoutFail`, the wait is uninterruptible but an interruption
 * of this fiber reaches the child, so the call still stops at once; a test clock takes the `Effect.timeoutFail` path.
 */
const timeoutFail = <A, E, E2>(
  self: Effect.Effect<A, E>,
  clock: Clock.Clock,
  millis: number,
  onTimeout: () => E2
): Effect.Effect<A, E | E2> => {
  if (clock !== liveClock) return Effect.timeoutFail(self, { duration: Duration.millis(millis), onTimeout })
  return Effect.uninterruptibleMask((restore) =>
    Effect.flatMap(Effect.fork(restore(self)), (child) =>
      Effect.async<A, E | E2>((resume) => {
        // The parent may have yielded between the fork and this wait, and an observer added to a finished fiber is
        // never called.
        const done = child.unsafePoll()
        if (done !== null) {
          resume(done)
          return
        }
        let settled = false
        const timer =
          millis > MAX_TIMER_MILLIS
            ? undefined
            : setTimeout(() => {
                if (settled) return
                settled = true
                resume(Effect.zipRight(Fiber.interrupt(child), Effect.fail(onTimeout())))
              }, millis)
        child.addObserver((exit) => {
          if (settled) return
          settled = true
          if (timer !== undefined) clearTimeout(timer)
          resume(exit)
        })
      })
    )
  )
}

const afterMacrotask = (task: () => void): void => {
  if (typeof setImmediate === "function") setImmediate(task)
  else task()
}

const utf8 = new TextDecoder()

const webHeaderRecord = (headers: globalThis.Headers): Record<string, string> => {
  const record: Record<string, string> = {}
  headers.forEach((value, name) => {
    record[name] = value
  })
  return record
}

/** Builds the sender for one client. The authorization header is computed once and never leaves this closure. */
export const make = (settings: Settings, httpClient: HttpClient.HttpClient) => {
  // One span per SDK operation is enough; the platform's per-request span and trace headers add cost, and trace
  // headers have no business going to a third-party API.
  const direct = fetchClient.isDirect(httpClient)
  const node = fetchClient.nodeTransportOf(httpClient)
  const client = httpClient.pipe(
    HttpClient.withTracerPropagation(false),
    HttpClient.withTracerDisabledWhen(() => true)
  )
  const authorization = `Basic ${btoa(unescape(encodeURIComponent(`${Redacted.value(settings.privateKey)}:`)))}`
  const baseHeaders = { authorization, accept: "application/json" }
  const deadlineMillis = Duration.toMillis(settings.deadline)

  /**
   * The request of one attempt. A multipart body with a streamed file goes out as a `Stream` of the framed body
   * (the caller's `HttpClient` decides whether it really streams: `NodeHttpClient` does, `fetch` on Node buffers);
   * in-memory files go in a `FormData` as before.
   */
  const toRequest = (
    spec: RequestSpec,
    streamed?: { readonly body: MultipartBody; readonly state: AttemptState; readonly onFileBytes: (n: number) => void }
  ): HttpClientRequest.HttpClientRequest => {
    const base = spec.host === "upload" ? settings.uploadBaseUrl : settings.apiBaseUrl
    let request = HttpClientRequest.setHeaders(HttpClientRequest.make(spec.method)(base + spec.path), baseHeaders)
    if (spec.query.length > 0) request = HttpClientRequest.setUrlParams(request, spec.query)
    if (spec.body._tag === "Json") request = HttpClientRequest.bodyUnsafeJson(request, spec.body.value)
    if (spec.body._tag === "Multipart") {
      if (streamed === undefined) {
        request = HttpClientRequest.setBody(request, HttpBody.formData(formData(spec.body.parts)))
      } else {
        const { body, state, onFileBytes } = streamed
        const stream = bodyStream(
          body,
          (n) => {
            state.phase = "Body"
            onFileBytes(n)
          },
          () => {
            state.phase = "Sent"
          }
        )
        request = HttpClientRequest.setBody(request, HttpBody.stream(stream, body.contentType, body.length))
      }
    }
    return request
  }

  /** An upload's failure with what is known about the server's state (`UploadState`). */
  const annotateUpload = (spec: RequestSpec, state: AttemptState, totalBytes: number | undefined) => {
    const fileName = spec.attributes["imagekit.file_name"] ?? ""
    const folder = spec.attributes["imagekit.folder_path"]
    const uploadState = (outcome: UploadState["outcome"]) =>
      new UploadState(
        {
          fileName,
          ...(folder === undefined ? {} : { folder }),
          bytesSent: state.bytesSent,
          ...(totalBytes === undefined ? {} : { totalBytes }),
          outcome
        },
        true
      )
    const where = folder === undefined ? "" : ` in ${folder}`
    return (error: CallError): CallError => {
      if (error._tag === "RequestError" && error.upload === undefined) {
        const outcome: UploadState["outcome"] =
          (error.code !== undefined && NOT_SENT_CODES.has(error.code)) || error.reason === "InvalidUrl"
            ? "NotSent"
            : error.reason === "Transport" && state.phase === "Sent"
              ? "Unknown"
              : state.phase === "Connect" && error.reason === "Transport"
                ? "NotSent"
                : "Incomplete"
        const detail =
          outcome === "Unknown"
            ? `the whole file was sent (${state.bytesSent} bytes) but the connection closed before ImageKit answered, so ${fileName}${where} may or may not be stored. It was not retried, so that it cannot be stored twice: look for it (listFiles with searchQuery 'name = "${fileName}"') before uploading it again.`
            : outcome === "Incomplete"
              ? `the body was cut off after ${state.bytesSent} file bytes, so ${fileName}${where} is not stored.`
              : `nothing reached the server, so ${fileName}${where} is not stored.`
        return copyRequestError(error, {
          message: `${error.message.replace(/[.:]?$/, "")}; ${detail}`,
          upload: uploadState(outcome)
        })
      }
      if (error._tag === "TimeoutError" && error.upload === undefined) {
        const outcome: UploadState["outcome"] =
          state.phase === "Sent" ? "Unknown" : state.phase === "Body" ? "Incomplete" : "NotSent"
        const { scope, timeoutMillis, method, url } = error
        return new TimeoutError({ scope, timeoutMillis, method, url, upload: uploadState(outcome) }, true)
      }
      return error
    }
  }

  const describeUrl = (spec: RequestSpec): string =>
    (spec.host === "upload" ? settings.uploadBaseUrl : settings.apiBaseUrl) + spec.path

  const toRequestError = (spec: RequestSpec, error: HttpClientError.HttpClientError): RequestError =>
    requestError(spec, error._tag === "RequestError" ? error.reason : "Transport", error.cause)

  const requestError = (
    spec: RequestSpec,
    reason: HttpClientError.RequestError["reason"],
    cause: unknown
  ): RequestError => {
    const sourceError = findSourceError(cause)
    if (sourceError !== undefined) {
      return new RequestError({
        reason: "Encode",
        method: spec.method,
        url: describeUrl(spec),
        message: `${sourceError.message}. Nothing was stored: pass a readable source and upload again`
      })
    }
    const code = findErrorCode(cause)
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

  const attemptTimeout = (spec: RequestSpec, timeoutMillis: number): TimeoutError =>
    new TimeoutError({ scope: "attempt", timeoutMillis, method: spec.method, url: describeUrl(spec) })

  const callTimeout = (spec: RequestSpec): TimeoutError =>
    new TimeoutError({ scope: "call", timeoutMillis: deadlineMillis, method: spec.method, url: describeUrl(spec) })

  const interpret = (
    response: HttpClientResponse.HttpClientResponse,
    text: string
  ): Effect.Effect<Sent, RateLimitError | ApiError | ResponseDecodeError> =>
    interpretAnswer(response.status, toHeaderRecord(response), text)

  const interpretAnswer = (
    status: number,
    headers: Record<string, string>,
    text: string
  ): Effect.Effect<Sent, RateLimitError | ApiError | ResponseDecodeError> => {
    const requestId = headers["x-request-id"]
    // Built from values this function just read, so the constructor's Schema validation would only cost time.
    const metadata = new ResponseMetadata(
      { statusCode: status, headers, ...(requestId === undefined ? {} : { requestId }) },
      true
    )
    const parsed = parseJson(text)
    if (status >= 200 && status < 300) {
      if (parsed.ok) return Effect.succeed({ body: parsed.value, metadata })
      return Effect.fail(new ResponseDecodeError({ issues: [{ path: [], message: "the body is not JSON" }], metadata }))
    }
    if (status === 429) {
      const body = parsed.ok ? parsed.value : text
      return Effect.fail(
        new RateLimitError({
          limit: header(headers, "x-ratelimit-limit"),
          reset: header(headers, "x-ratelimit-reset"),
          interval: header(headers, "x-ratelimit-interval"),
          metadata,
          ...(body === undefined ? {} : { body })
        })
      )
    }
    const body = parsed.ok ? parsed.value : text
    const message = field(body, "message") ?? `ImageKit answered HTTP ${status}`
    const help = field(body, "help") ?? (parsed.ok ? "" : text.slice(0, 2000))
    return Effect.fail(new ApiError({ status, message, help, body, metadata }))
  }

  /**
   * One call: attempts, retries and waits inside the deadline. Each attempt gets one timer, for whichever comes first
   * of its own timeout and the rest of the deadline, so the deadline needs no second timer around the whole call
   * (each `Effect.timeoutFail` forks two fibers, which was the largest cost of a call; decision 0007). The schedule
   * is only built when an attempt fails.
   */
  const call = (spec: RequestSpec, span: Tracer.Span): Effect.Effect<Sent, CallError> =>
    Effect.withFiberRuntime<Sent, CallError>((fiber) => {
      const clock = Context.get(fiber.currentDefaultServices, Clock.Clock)
      const timeout = Option.getOrElse(fiber.getFiberRef(currentTimeout), () => settings.timeout)
      const policy = Option.getOrElse(fiber.getFiberRef(currentRetryPolicy), () => settings.retry)
      const timeoutMillis = Duration.toMillis(timeout)
      const deadlineAt = clock.unsafeCurrentTimeMillis() + deadlineMillis
      let attempts = 0

      // Uploads: the framed body (built once per call, nothing read yet), how far the current attempt got, progress.
      const parts = spec.body._tag === "Multipart" ? spec.body.parts : undefined
      const uploadBody = parts === undefined ? undefined : multipartBody(parts)
      // Node's fetch buffers request bodies (decision 0009), so over `layerFetch` with the global fetch, Node uploads
      // go through node:http. A caller's own fetch (the Promise adapter's, a test double) is still used.
      const viaNode =
        uploadBody !== undefined &&
        direct &&
        nodeUpload.available() &&
        Option.isNone(Context.getOption(fiber.currentContext, FetchHttpClient.Fetch))
      // API calls over `layerFetch` on Node go through its node:http transport, on the same terms (decision 0011):
      // a caller's `fetch` or `RequestInit` in context means fetch.
      const apiViaNode =
        node !== undefined &&
        Option.isNone(Context.getOption(fiber.currentContext, FetchHttpClient.Fetch)) &&
        Option.isNone(Context.getOption(fiber.currentContext, FetchHttpClient.RequestInit))
      const streamsBody = uploadBody !== undefined && (viaNode || (parts !== undefined && hasStreamedFile(parts)))
      const state: AttemptState = { phase: "Connect", bytesSent: 0 }
      const onProgress = uploadBody === undefined ? undefined : fiber.getFiberRef(currentUploadProgress)
      const onRateLimit = fiber.getFiberRef(currentRateLimitObserver)
      const totalBytes = uploadBody?.fileBytes
      let reportedBytes = 0
      const report = (bytesSent: number) => {
        state.bytesSent = bytesSent
        reportedBytes = bytesSent
        if (onProgress !== undefined) onProgress({ bytesSent, totalBytes, attempt: attempts })
      }
      const annotate = uploadBody === undefined ? (error: CallError) => error : annotateUpload(spec, state, totalBytes)
      const streamed =
        uploadBody !== undefined && streamsBody ? { body: uploadBody, state, onFileBytes: report } : undefined
      const requestFor = () => toRequest(spec, streamed)

      /** One upload attempt over node:http; its own timer fails it after `timeoutMillis` without progress. */
      const nodeExchange = (body: MultipartBody): Effect.Effect<Sent, CallError> =>
        Effect.async<Sent, CallError>((resume) => {
          const upload = nodeUpload.start({
            url: settings.uploadBaseUrl + spec.path,
            headers: baseHeaders,
            body,
            reader: bodyReader(body, () => undefined),
            // A test clock cannot drive a native timer: there `uploadAttempt` wraps this in the effect-level timeout.
            idleMillis: clock !== liveClock || timeoutMillis > MAX_TIMER_MILLIS ? undefined : timeoutMillis,
            onSent: report
          })
          upload.result.then(
            (answer) => resume(interpretAnswer(answer.status, answer.headers, answer.text)),
            (failure: nodeUpload.NodeFailure) => {
              if (failure._tag === "Source") {
                resume(Effect.fail(requestError(spec, "Encode", failure.error)))
                return
              }
              if (failure._tag === "InvalidUrl") {
                resume(Effect.fail(requestError(spec, "InvalidUrl", failure.cause)))
                return
              }
              state.phase = failure.phase
              resume(
                Effect.fail(
                  failure._tag === "Idle"
                    ? attemptTimeout(spec, timeoutMillis)
                    : requestError(spec, "Transport", failure.cause)
                )
              )
            }
          )
          return Effect.sync(() => upload.abort())
        })

      const exchange = Effect.suspend(() => client.execute(requestFor())).pipe(
        Effect.flatMap((response) =>
          Effect.flatMap(response.text, (text) => Effect.as(connectionReleased, [response, text] as const))
        ),
        Effect.mapError((error) => toRequestError(spec, error)),
        Effect.flatMap(([response, text]) => interpret(response, text))
      )

      /**
       * The attempt over `layerFetch`'s client: one callback for the exchange, body, timer and answer, instead of a
       * chain of effects and a forked fiber (decision 0007). The exchange is node:http on Node (decision 0011), else
       * fetch; `fallback` runs what neither can send (a streamed body, an invalid URL).
       */
      const directExchange = (
        limitMillis: number | undefined,
        onTimeout: () => CallError,
        fallback: Effect.Effect<Sent, CallError>
      ): Effect.Effect<Sent, CallError> =>
        Effect.async<Sent, CallError>((resume) => {
          let settled = false
          let timer: ReturnType<typeof setTimeout> | undefined
          const settle = (result: Effect.Effect<Sent, CallError>) => {
            if (settled) return
            settled = true
            if (timer !== undefined) clearTimeout(timer)
            resume(result)
          }
          const request = requestFor()
          // node:http frees a kept-alive socket in a `nextTick` after the answer ends and the transport answers in the
          // tick after that, so unlike fetch no extra macrotask is needed for the next call to reuse it.
          let abort =
            apiViaNode && node !== undefined
              ? node.start(
                  request,
                  (answer) => settle(interpretAnswer(answer.status, answer.headers, answer.text)),
                  (cause: unknown) => settle(Effect.fail(requestError(spec, "Transport", cause)))
                )
              : undefined
          if (abort === undefined) {
            const controller = new AbortController()
            const pending = fetchClient.fetchAnswer(request, fiber.currentContext, controller.signal)
            if (pending === undefined) {
              resume(fallback)
              return
            }
            pending.then(
              (answer) =>
                // As `connectionReleased`: undici frees the connection in a setImmediate queued before this one.
                afterMacrotask(() =>
                  settle(interpretAnswer(answer.status, webHeaderRecord(answer.headers), utf8.decode(answer.bytes)))
                ),
              (cause: unknown) => settle(Effect.fail(requestError(spec, "Transport", cause)))
            )
            abort = () => controller.abort()
          }
          const stop = abort
          timer =
            limitMillis === undefined || limitMillis > MAX_TIMER_MILLIS
              ? undefined
              : setTimeout(() => {
                  if (settled) return
                  settled = true
                  stop()
                  resume(Effect.fail(onTimeout()))
                }, limitMillis)
          return Effect.sync(() => {
            settled = true
            if (timer !== undefined) clearTimeout(timer)
            stop()
          })
        })

      const attempt: Effect.Effect<Sent, CallError> = Effect.suspend(() => {
        const remaining = deadlineAt - clock.unsafeCurrentTimeMillis()
        // The wait before this attempt used up the deadline: the call has timed out, nothing is sent. Under 1 ms left
        // counts as used up: no answer can arrive in time, and jittered (fractional) waits cut to end at the deadline
        // can leave a sliver (the deadline test saw a rare fifth request under load).
        if (remaining < 1) return Effect.fail(callTimeout(spec))
        attempts += 1
        if (uploadBody !== undefined) return uploadAttempt(remaining)
        return plainAttempt(remaining)
      })

      const uploadAttempt = (remaining: number): Effect.Effect<Sent, CallError> => {
        // An in-memory body handed to the platform is not observed: count it as sent from the start, so that a lost
        // connection is reported as an unknown outcome (the safe reading).
        state.phase = streamsBody ? "Connect" : "Sent"
        report(0)
        // ...and so its failure says the whole body was handed over, not "0 bytes".
        if (!streamsBody && totalBytes !== undefined) state.bytesSent = totalBytes
        const run =
          uploadBody === undefined || !viaNode
            ? plainAttempt(remaining)
            : clock === liveClock
              ? nodeExchange(uploadBody)
              : timeoutFail(nodeExchange(uploadBody), clock, timeoutMillis, () => attemptTimeout(spec, timeoutMillis))
        return run.pipe(
          Effect.tap(() => {
            if (totalBytes !== undefined && reportedBytes < totalBytes) report(totalBytes)
          }),
          Effect.mapError(annotate)
        )
      }

      const plainAttempt = (remaining: number): Effect.Effect<Sent, CallError> => {
        const byAttempt = timeoutMillis <= remaining
        const limit = byAttempt ? timeoutMillis : remaining
        const onTimeout = () =>
          byAttempt
            ? new TimeoutError({ scope: "attempt", timeoutMillis, method: spec.method, url: describeUrl(spec) })
            : callTimeout(spec)
        if (!direct) return timeoutFail(exchange, clock, limit, onTimeout)
        // A test clock cannot drive a native timer, so there the effect-level timeout wraps the direct exchange.
        return clock === liveClock
          ? directExchange(limit, onTimeout, timeoutFail(exchange, clock, limit, onTimeout))
          : timeoutFail(directExchange(undefined, onTimeout, exchange), clock, limit, onTimeout)
      }

      // Retry only what is safe, wait at least as long as the server asked, and never past the deadline: a wait that
      // would end after it ends at it, and the attempt after it fails as a call timeout.
      // A failure the policy would retry, but whose one-shot upload source the failed attempt already read, says so.
      const notRetried = (error: CallError): CallError => {
        if (uploadBody === undefined || uploadBody.reusable() || !isRetryable(spec, error)) return error
        if (error._tag === "RateLimitError") {
          const { limit, reset, interval, metadata, body } = error
          return new RateLimitError(
            { limit, reset, interval, metadata, notRetried: "SourceConsumed", ...(body === undefined ? {} : { body }) },
            true
          )
        }
        if (error._tag === "RequestError") return copyRequestError(error, { notRetried: "SourceConsumed" })
        return error
      }

      const retrying = (first: CallError): Effect.Effect<Sent, CallError> => {
        // The safety check runs before the policy is stepped (in `loop`), not as a `whileInput` around it: a
        // schedule steps its inner schedule first, so a user's schedule would see (and count, and log) failures that
        // are never retried.
        const schedule = scheduleFor(policy).pipe(
          Schedule.passthrough,
          Schedule.modifyDelayEffect((error: CallError, delay) =>
            Effect.map(Clock.currentTimeMillis, (now) =>
              Duration.min(
                Duration.max(delay, Duration.millis(serverWaitMillis(error, now))),
                Duration.millis(Math.max(0, deadlineAt - now))
              )
            )
          )
        )
        return Effect.flatMap(Schedule.driver(schedule), (driver) => {
          const loop = (error: CallError): Effect.Effect<Sent, CallError> => {
            if (error._tag === "RateLimitError" && onRateLimit !== undefined) {
              onRateLimit(serverWaitMillis(error, clock.unsafeCurrentTimeMillis()))
            }
            const now = clock.unsafeCurrentTimeMillis()
            const safe =
              isRetryable(spec, error) &&
              (uploadBody === undefined || uploadBody.reusable()) &&
              now + serverWaitMillis(error, now) < deadlineAt
            if (!safe) return Effect.fail(notRetried(error))
            return Effect.matchEffect(driver.next(error), {
              onFailure: () => Effect.fail(notRetried(error)),
              onSuccess: () => Effect.catchAll(attempt, loop)
            })
          }
          return loop(first)
        })
      }

      return Effect.catchAll(attempt, retrying).pipe(
        Effect.onExit((exit) =>
          Effect.sync(() => {
            if (exit._tag === "Success") {
              span.attribute("http.response.status_code", exit.value.metadata.statusCode)
            } else {
              const error = Cause.failureOption(exit.cause)
              if (Option.isSome(error) && "metadata" in error.value) {
                span.attribute("http.response.status_code", error.value.metadata.statusCode)
              }
            }
            span.attribute("imagekit.attempts", attempts)
          })
        ),
        Effect.tap((sent) =>
          fiber.getFiberRef(currentResponseMetadata) === undefined
            ? Effect.void
            : FiberRef.set(currentResponseMetadata, Option.some(sent.metadata))
        )
      )
    })

  return (spec: RequestSpec): Effect.Effect<Sent, CallError> =>
    Effect.useSpan(
      `ImageKit.${spec.operation}`,
      {
        kind: "client",
        // The stack would point into this file, which tells a reader nothing, and capturing it costs a stack walk.
        captureStackTrace: false,
        attributes: {
          "imagekit.operation": spec.operation,
          "http.request.method": spec.method,
          "url.path": spec.path,
          ...spec.attributes
        }
      },
      (span) => Effect.withParentSpan(call(spec, span), span)
    )
}
