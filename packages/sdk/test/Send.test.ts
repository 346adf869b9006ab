import { createServer } from "node:net"
import { inspect } from "node:util"
import { FetchHttpClient } from "@effect/platform"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as FiberRef from "effect/FiberRef"
import * as Logger from "effect/Logger"
import * as fc from "effect/FastCheck"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as TestClock from "effect/TestClock"
import * as Tracer from "effect/Tracer"
import * as ImageKitConfig from "../src/ImageKitConfig.js"
import * as ImageKitError from "../src/ImageKitError.js"
import type { CallError } from "../src/ImageKitError.js"
import type { ImageKitRequest as RequestSpec } from "../src/ImageKitRequest.js"
import * as Policy from "../src/internal/policy.js"
import * as Send from "../src/internal/send.js"
import { json, mockHttp, type Reply } from "./fixtures/mockHttp.js"
import { getFileDetails } from "./fixtures/specs.js"

const PRIVATE_KEY = "private_test_key_0123"
const settings = ImageKitConfig.make({
  publicKey: "public_test",
  privateKey: PRIVATE_KEY,
  urlEndpoint: "https://ik.imagekit.io/demo",
  retry: { maxRetries: 3, baseDelay: "100 millis", maxDelay: "1 second" }
})

const get: RequestSpec = { ...getFileDetails, attributes: { "imagekit.file_id": "abc" } }
const upload: RequestSpec = {
  operation: "upload",
  method: "POST",
  host: "upload",
  path: "/api/v1/files/upload",
  urlParams: [],
  body: { _tag: "Multipart", parts: [{ _tag: "Field", name: "fileName", value: "a.jpg" }] },
  idempotent: false,
  attributes: {}
}
const purge: RequestSpec = {
  ...upload,
  operation: "purgeCache",
  host: "api",
  path: "/v1/files/purge",
  body: { _tag: "Json", value: { url: "https://x" } }
}

/** A loopback port that was free a moment ago and now refuses connections. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer()
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })

/** Runs one spec against replies; returns the exit and the recorded requests. */
const run = (spec: RequestSpec, reply: (index: number) => Reply | Effect.Effect<Reply>, config = settings) => {
  const mock = mockHttp((_, index) => reply(index))
  return Effect.gen(function* () {
    const http = yield* HttpClient.HttpClient
    const send = Send.make(config, http)
    const exit = yield* Effect.exit(send(spec))
    return { exit, requests: mock.requests }
  }).pipe(Effect.provide(mock.layer))
}

const failure = <A>(exit: Exit.Exit<A, CallError>): CallError => {
  assert.isTrue(Exit.isFailure(exit))
  const error = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none()
  if (Option.isNone(error)) throw new Error("expected a typed failure")
  return error.value
}

describe("request", () => {
  it.effect("sends Basic auth with the private key as user, the base URL and no trace headers", () =>
    Effect.gen(function* () {
      const { requests, exit } = yield* run(get, () => json({ fileId: "abc" }))
      assert.isTrue(Exit.isSuccess(exit))
      const request = requests[0]
      assert.strictEqual(request?.url.href, "https://api.imagekit.io/v1/files/abc/details")
      assert.strictEqual(request?.headers.authorization, `Basic ${Buffer.from(`${PRIVATE_KEY}:`).toString("base64")}`)
      assert.isUndefined(request?.headers.traceparent)
      assert.isUndefined(request?.headers.b3)
    })
  )

  it.effect("the client runs under the call's span, untraced, redirects off; none of it reaches the caller", () =>
    Effect.gen(function* () {
      const seen: Array<string> = []
      const marker = FiberRef.unsafeMake("unset")
      const client = HttpClient.make((request) =>
        Effect.gen(function* () {
          seen.push((yield* Effect.orDie(Effect.currentSpan)).name)
          seen.push(String((yield* FiberRef.get(HttpClient.currentTracerDisabledWhen))(request)))
          const init = yield* Effect.serviceOption(FetchHttpClient.RequestInit)
          seen.push(Option.match(init, { onNone: () => "no RequestInit", onSome: (value) => String(value.redirect) }))
          // What a caller's client sets on its fiber stays there (decision 0075).
          yield* FiberRef.set(marker, "set by the client")
          return HttpClientResponse.fromWeb(request, new Response('{"fileId":"abc"}', { status: 200 }))
        })
      )
      const exit = yield* Effect.exit(Send.make(settings, client)(get))
      assert.isTrue(Exit.isSuccess(exit))
      assert.deepStrictEqual(seen, ["ImageKit.getFileDetails", "true", "manual"])
      assert.strictEqual(yield* FiberRef.get(marker), "unset")
      const disabled = yield* FiberRef.get(HttpClient.currentTracerDisabledWhen)
      assert.isFalse(disabled(HttpClientRequest.get("https://api.imagekit.io/")))
      assert.isTrue(Option.isNone(yield* Effect.serviceOption(FetchHttpClient.RequestInit)))
      assert.isTrue(Option.isNone(yield* Effect.serviceOption(Tracer.ParentSpan)))
    })
  )

  it.effect("uses the upload host for uploads and a multipart body", () =>
    Effect.gen(function* () {
      const { requests } = yield* run(upload, () => json({ fileId: "f" }))
      assert.strictEqual(requests[0]?.url.href, "https://upload.imagekit.io/api/v1/files/upload")
      assert.strictEqual(requests[0]?.body._tag, "Stream")
    })
  )

  it.effect("returns the parsed body and the metadata, and records it for withResponseMetadata", () =>
    Effect.gen(function* () {
      const mock = mockHttp(() => json({ ok: 1 }, 200, { "x-request-id": "req-1" }))
      const [sent, metadata] = yield* Effect.gen(function* () {
        const send = Send.make(settings, yield* HttpClient.HttpClient)
        return yield* Policy.withResponseMetadata(send(get))
      }).pipe(Effect.provide(mock.layer))
      assert.deepStrictEqual(sent.body, { ok: 1 })
      assert.strictEqual(sent.metadata.requestId, "req-1")
      assert.strictEqual(Option.getOrUndefined(metadata)?.statusCode, 200)
    })
  )
})

describe("error mapping", () => {
  it.effect("429 with the three headers becomes RateLimitError with numbers", () =>
    Effect.gen(function* () {
      const config = ImageKitConfig.make({ ...settings, privateKey: PRIVATE_KEY, retry: { maxRetries: 0 } })
      const { exit } = yield* run(
        get,
        () =>
          json({ message: "rate limit exceeded" }, 429, {
            "x-ratelimit-limit": "10",
            "x-ratelimit-reset": "1000",
            "x-ratelimit-interval": "1000"
          }),
        config
      )
      const error = failure(exit)
      assert.strictEqual(error._tag, "RateLimitError")
      if (error._tag === "RateLimitError") {
        assert.strictEqual(error.limit, 10)
        assert.strictEqual(error.reset, 1000)
        assert.strictEqual(error.interval, 1000)
        assert.strictEqual(error.metadata.statusCode, 429)
        assert.deepStrictEqual(error.body, { message: "rate limit exceeded" })
      }
    })
  )

  it.effect("a 429 keeps its body: text when it is not JSON, none when it is empty", () =>
    Effect.gen(function* () {
      const config = ImageKitConfig.make({ ...settings, privateKey: PRIVATE_KEY, retry: { maxRetries: 0 } })
      const text = failure((yield* run(get, () => new Response("Slow down", { status: 429 }), config)).exit)
      assert.strictEqual(text._tag === "RateLimitError" ? text.body : "not a RateLimitError", "Slow down")
      const empty = failure((yield* run(get, () => new Response(null, { status: 429 }), config)).exit)
      assert.strictEqual(empty._tag, "RateLimitError")
      if (empty._tag === "RateLimitError") assert.isFalse("body" in empty)
    })
  )

  for (const [status, tag] of [
    [400, "ApiError"],
    [401, "AuthenticationError"],
    [403, "PermissionError"],
    [404, "NotFoundError"],
    [409, "ConflictError"],
    [422, "ApiError"]
  ] as const) {
    it.effect(`a JSON ${status} becomes ${tag} with message, help and metadata, not retried`, () =>
      Effect.gen(function* () {
        const { exit, requests } = yield* run(get, () => json({ message: "No file", help: "Check the id" }, status))
        const error = failure(exit)
        assert.strictEqual(requests.length, 1)
        assert.strictEqual(error._tag, tag)
        assert.isTrue(ImageKitError.isStatusError(error))
        if (ImageKitError.isStatusError(error)) {
          assert.strictEqual(error.status, status)
          assert.strictEqual(error.message, "No file")
          assert.strictEqual(error.help, "Check the id")
          assert.strictEqual(error.metadata.statusCode, status)
          assert.deepStrictEqual(error.body, { message: "No file", help: "Check the id" })
        }
      })
    )
  }

  it.effect("a redirect is not followed: a typed ApiError naming the host, the POST not repeated elsewhere", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        purge,
        () => new Response(null, { status: 302, headers: { location: "https://elsewhere.example/v1/files/purge" } })
      )
      const error = failure(exit)
      assert.strictEqual(requests.length, 1)
      assert.strictEqual(error._tag, "ApiError")
      if (error._tag === "ApiError") {
        assert.strictEqual(error.status, 302)
        assert.include(error.message, "elsewhere.example")
        assert.include(error.help, "apiBaseUrl")
      }
    })
  )

  it.effect("an HTML 502 page becomes ApiError with the text (after the retries of a GET)", () =>
    Effect.gen(function* () {
      const config = ImageKitConfig.make({ ...settings, privateKey: PRIVATE_KEY, retry: { maxRetries: 0 } })
      const { exit } = yield* run(get, () => new Response("<html>Bad gateway</html>", { status: 502 }), config)
      const error = failure(exit)
      assert.strictEqual(error._tag, "ApiError")
      if (error._tag === "ApiError") {
        assert.strictEqual(error.status, 502)
        assert.strictEqual(error.body, "<html>Bad gateway</html>")
        assert.strictEqual(error.help, "<html>Bad gateway</html>")
      }
    })
  )

  it.effect("a 200 whose body is not JSON becomes ResponseDecodeError", () =>
    Effect.gen(function* () {
      const { exit } = yield* run(get, () => new Response("<html>ok</html>", { status: 200 }))
      assert.strictEqual(failure(exit)._tag, "ResponseDecodeError")
    })
  )

  it.live("no connection becomes RequestError with the system code", () =>
    Effect.gen(function* () {
      const port = yield* Effect.promise(closedPort)
      const config = ImageKitConfig.make({
        ...settings,
        privateKey: PRIVATE_KEY,
        apiBaseUrl: `http://127.0.0.1:${port}`,
        retry: { maxRetries: 0 }
      })
      const exit = yield* Effect.exit(
        Effect.flatMap(HttpClient.HttpClient, (http) => Send.make(config, http)(get))
      ).pipe(Effect.provide(FetchHttpClient.layer))
      const error = failure(exit)
      assert.strictEqual(error._tag, "RequestError")
      if (error._tag === "RequestError") assert.strictEqual(error.code, "ECONNREFUSED")
    })
  )

  it.effect("a slow server becomes TimeoutError", () =>
    Effect.gen(function* () {
      const config = ImageKitConfig.make({
        ...settings,
        privateKey: PRIVATE_KEY,
        timeout: "1 second",
        retry: { maxRetries: 0 }
      })
      const fiber = yield* Effect.fork(run(get, () => Effect.as(Effect.sleep("1 hour"), json({})), config))
      yield* TestClock.adjust("2 seconds")
      const { exit } = yield* Fiber.join(fiber)
      const error = failure(exit)
      assert.strictEqual(error._tag, "TimeoutError")
      if (error._tag === "TimeoutError") assert.strictEqual(error.scope, "attempt")
    })
  )
})

describe("retry policy", () => {
  const rateLimited = () =>
    json({ message: "rate limit exceeded" }, 429, {
      "x-ratelimit-limit": "10",
      "x-ratelimit-reset": "3000",
      "x-ratelimit-interval": "1000"
    })

  it.effect("a 429 with reset 3000 ms waits at least 3000 ms before the next attempt", () =>
    Effect.gen(function* () {
      const fiber = yield* Effect.fork(run(get, (index) => (index === 0 ? rateLimited() : json({ ok: true }))))
      yield* TestClock.adjust("2999 millis")
      assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)))
      yield* TestClock.adjust("1 second")
      const { exit, requests } = yield* Fiber.join(fiber)
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(requests.length, 2)
    })
  )

  it.effect("a 429 on a POST is retried too: the server did not act", () =>
    Effect.gen(function* () {
      const fiber = yield* Effect.fork(run(purge, (index) => (index === 0 ? rateLimited() : json({ requestId: "r" }))))
      yield* TestClock.adjust("4 seconds")
      const { exit, requests } = yield* Fiber.join(fiber)
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(requests.length, 2)
    })
  )

  it.effect("an upload answered 500 is not repeated", () =>
    Effect.gen(function* () {
      const fiber = yield* Effect.fork(run(upload, () => json({ message: "boom" }, 500)))
      yield* TestClock.adjust("1 minute")
      const { exit, requests } = yield* Fiber.join(fiber)
      assert.strictEqual(failure(exit)._tag, "ApiError")
      assert.strictEqual(requests.length, 1)
    })
  )

  it.effect("a POST whose connection was reset is not repeated; one that was refused is", () =>
    Effect.gen(function* () {
      const reset = yield* Effect.fork(run(purge, () => ({ transportError: "ECONNRESET" })))
      yield* TestClock.adjust("1 minute")
      assert.strictEqual((yield* Fiber.join(reset)).requests.length, 1)
      const refused = yield* Effect.fork(
        run(purge, (index) => (index === 0 ? { transportError: "ECONNREFUSED" } : json({ requestId: "r" })))
      )
      yield* TestClock.adjust("1 minute")
      const second = yield* Fiber.join(refused)
      assert.isTrue(Exit.isSuccess(second.exit))
      assert.strictEqual(second.requests.length, 2)
    })
  )

  it.effect("a GET answered 503 twice then 200 succeeds", () =>
    Effect.gen(function* () {
      const fiber = yield* Effect.fork(
        run(get, (index) => (index < 2 ? json({ message: "unavailable" }, 503) : json({ fileId: "abc" })))
      )
      yield* TestClock.adjust("1 minute")
      const { exit, requests } = yield* Fiber.join(fiber)
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(requests.length, 3)
    })
  )

  it.effect("gives up when the server's wait would pass the deadline", () =>
    Effect.gen(function* () {
      const config = ImageKitConfig.make({ ...settings, privateKey: PRIVATE_KEY, deadline: "5 seconds" })
      const slowReset = () =>
        json({ message: "rate limit exceeded" }, 429, { "x-ratelimit-reset": "60000", "x-ratelimit-limit": "1" })
      const fiber = yield* Effect.fork(run(get, slowReset, config))
      yield* TestClock.adjust("1 second")
      const { exit, requests } = yield* Fiber.join(fiber)
      assert.strictEqual(failure(exit)._tag, "RateLimitError")
      assert.strictEqual(requests.length, 1)
    })
  )

  it.effect("the overall deadline holds across retries", () =>
    Effect.gen(function* () {
      const config = ImageKitConfig.make({
        ...settings,
        privateKey: PRIVATE_KEY,
        deadline: "3 seconds",
        retry: { maxRetries: 100, baseDelay: "1 second", maxDelay: "1 second" }
      })
      const fiber = yield* Effect.fork(run(get, () => json({ message: "unavailable" }, 503), config))
      yield* TestClock.adjust("3 seconds")
      // Finished by the deadline, either cut by it (TimeoutError) or stopped because the next wait would pass it
      // (the last ApiError). The exit travels through fibers the adjustment woke (the attempt's, the timer's): give
      // them turns before looking, without moving the clock any further.
      let done = yield* Fiber.poll(fiber)
      for (let turn = 0; turn < 1000 && Option.isNone(done); turn++) {
        yield* Effect.yieldNow()
        done = yield* Fiber.poll(fiber)
      }
      assert.isTrue(Option.isSome(done))
      const { exit, requests } = yield* Fiber.join(fiber)
      const error = failure(exit)
      assert.isTrue(
        (error._tag === "TimeoutError" && error.scope === "call") || (error._tag === "ApiError" && error.status === 503)
      )
      assert.isAtMost(requests.length, 4)
      assert.isAtLeast(requests.length, 3)
    })
  )

  it.effect("interruption during a backoff ends at once", () =>
    Effect.gen(function* () {
      const fiber = yield* Effect.fork(run(get, () => rateLimited()))
      yield* TestClock.adjust("10 millis")
      const exit = yield* Fiber.interrupt(fiber)
      assert.isTrue(Exit.isInterrupted(exit))
    })
  )

  it.effect("a per-call Schedule replaces the policy, but only for safe failures", () =>
    Effect.gen(function* () {
      const fiber = yield* Effect.fork(
        run(get, (index) => (index < 5 ? json({}, 503) : json({}))).pipe(Policy.withRetry(Schedule.recurs(1)))
      )
      yield* TestClock.adjust("1 minute")
      assert.strictEqual((yield* Fiber.join(fiber)).requests.length, 2)
      const post = yield* Effect.fork(run(upload, () => json({}, 503)).pipe(Policy.withRetry(Schedule.recurs(5))))
      yield* TestClock.adjust("1 minute")
      assert.strictEqual((yield* Fiber.join(post)).requests.length, 1)
    })
  )

  it.effect("a custom Schedule sees only the failures that may be retried", () =>
    Effect.gen(function* () {
      const seen: Array<string> = []
      const policy = Schedule.spaced("100 millis").pipe(
        Schedule.intersect(Schedule.recurs(3)),
        Schedule.tapInput((error: CallError) =>
          Effect.sync(() => seen.push(error._tag === "ApiError" ? `${error._tag} ${error.status}` : error._tag))
        )
      )
      // A 404 is never retried: the schedule must not be stepped (it would count and log a retry that never came).
      const missing = yield* run(get, () => json({ message: "gone" }, 404)).pipe(Policy.withRetry(policy))
      assert.strictEqual(missing.requests.length, 1)
      assert.deepStrictEqual(seen, [])
      // A POST 503 is not retried either; a GET 503 is, and the schedule sees exactly those.
      yield* run(upload, () => json({}, 503)).pipe(Policy.withRetry(policy))
      assert.deepStrictEqual(seen, [])
      const fiber = yield* Effect.fork(
        run(get, (index) => (index < 2 ? json({}, 503) : json({}))).pipe(Policy.withRetry(policy))
      )
      yield* TestClock.adjust("1 minute")
      const joined = yield* Fiber.join(fiber)
      assert.deepStrictEqual(seen, ["ApiError 503", "ApiError 503"])
      assert.strictEqual(joined.requests.length, 3)
    })
  )
})

describe("secrets", () => {
  it.effect.prop(
    "the private key and its Basic form never appear in any failure",
    {
      key: fc.stringMatching(/^private_[A-Za-z0-9+/=]{12,30}$/),
      status: fc.constantFrom(400, 401, 429, 500, 502)
    },
    ({ key, status }) =>
      Effect.gen(function* () {
        const config = ImageKitConfig.make({ ...settings, privateKey: key, retry: { maxRetries: 0 } })
        const basic = Buffer.from(`${key}:`).toString("base64")
        for (const reply of [
          () => json({ message: "nope" }, status),
          () => ({ transportError: "ECONNRESET" }) as Reply,
          () => new Response("not json", { status: 200 })
        ]) {
          const { exit } = yield* run(get, reply, config)
          assert.isTrue(Exit.isFailure(exit))
          if (Exit.isFailure(exit)) {
            const error = Cause.squash(exit.cause)
            for (const text of [
              String(error),
              JSON.stringify(error),
              inspect(error, { depth: Number.POSITIVE_INFINITY }),
              Cause.pretty(exit.cause)
            ]) {
              assert.notInclude(text, key)
              assert.notInclude(text, basic)
            }
          }
        }
      }),
    { fastCheck: { numRuns: 30 } }
  )
})

describe("defects", () => {
  it.effect("a caller's HttpClient that dies holding the request leaks no key: the defect is redacted", () =>
    Effect.gen(function* () {
      const key = "private_defect_leak_Qw3"
      const basic = Buffer.from(`${key}:`).toString("base64")
      const config = ImageKitConfig.make({ ...settings, privateKey: key, retry: { maxRetries: 0 } })
      // Dies with an error that references the request (headers included) and repeats the Authorization value.
      const dying = HttpClient.make((request) =>
        Effect.die(Object.assign(new Error(`cannot send with ${request.headers.authorization}`), { request }))
      )
      const send = Send.make(config, dying)
      const exit = yield* Effect.exit(send(get))
      assert.isTrue(Exit.isFailure(exit))
      if (!Exit.isFailure(exit)) return
      assert.isTrue(Cause.isDie(exit.cause))
      const defect = Cause.squash(exit.cause)
      assert.instanceOf(defect, Error)
      assert.include(String(defect), "cannot send with Basic <redacted>")
      for (const text of [
        Cause.pretty(exit.cause),
        JSON.stringify(exit),
        inspect(exit, { depth: Number.POSITIVE_INFINITY }),
        String(defect)
      ]) {
        assert.notInclude(text, key)
        assert.notInclude(text, basic)
      }
    })
  )
})

describe("logs", () => {
  it.effect("logging a failure (error, cause, request) never prints the key", () =>
    Effect.gen(function* () {
      const lines: Array<string> = []
      const logger = Logger.make(({ message, cause }) => {
        lines.push(inspect(message, { depth: Number.POSITIVE_INFINITY }), Cause.pretty(cause))
      })
      const config = ImageKitConfig.make({ ...settings, privateKey: PRIVATE_KEY, retry: { maxRetries: 0 } })
      const { exit } = yield* run(get, () => ({ transportError: "ECONNRESET" }), config)
      if (Exit.isFailure(exit)) {
        yield* Effect.logError("call failed", Cause.squash(exit.cause)).pipe(
          Effect.annotateLogs("cause", Cause.pretty(exit.cause)),
          Effect.provide(Logger.replace(Logger.defaultLogger, logger))
        )
        yield* Effect.logError(exit.cause).pipe(Effect.provide(Logger.replace(Logger.defaultLogger, logger)))
      }
      assert.isAbove(lines.length, 0)
      const basic = Buffer.from(`${PRIVATE_KEY}:`).toString("base64")
      for (const line of lines) {
        assert.notInclude(line, PRIVATE_KEY)
        assert.notInclude(line, basic)
      }
    })
  )
})

describe("durations", () => {
  it("defaults are sane", () => {
    assert.strictEqual(Duration.toMillis(settings.timeout), 30_000)
    assert.strictEqual(Duration.toMillis(settings.deadline), 120_000)
  })
})
