import { ImageKit, ImageKitError } from "@effect-imagekit/sdk"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as Emulator from "../src/Emulator.js"
import { makeFaultInjector } from "../src/internal/faults.js"
import { makeRateLimiter } from "../src/internal/rateLimit.js"

// A 1×1 PNG.
const PNG = Uint8Array.from(
  Buffer.from(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000" +
      "000d4944415478da63f8cfc0f01f0005000201a5c6e5a40000000049454e44ae426082",
    "hex"
  )
)

const fast = { timeout: "500 millis", retry: { maxRetries: 2, baseDelay: "5 millis", maxDelay: "20 millis" } } as const

const run = <A, E>(
  options: Emulator.Options,
  program: Effect.Effect<A, E, ImageKit.ImageKit | Emulator.EmulatorServer>
) => program.pipe(Effect.provide(Emulator.layer({ ...options, config: fast })))

const filesNamed = (running: Emulator.Running, name: string) =>
  running.model.files().filter((file) => file.name === name)

const statusOf = (error: unknown): number | undefined =>
  error instanceof ImageKitError.ApiError ? error.status : undefined

describe("rate limiter", () => {
  it("counts a fixed window per rule, ignores other routes and announces the ms until the reset", () => {
    let now = 10_000
    const check = makeRateLimiter([{ method: "get", pathPrefix: "/v1/files", limit: 2, intervalMs: 1000 }], () => now)
    assert.strictEqual(check("GET", "/v1/files/")._tag, "Allowed")
    now += 100
    assert.strictEqual(check("GET", "/v1/files/abc/details")._tag, "Allowed")
    assert.strictEqual(check("POST", "/v1/files/addTags")._tag, "Allowed")
    assert.strictEqual(check("GET", "/v1/folder")._tag, "Allowed")
    now += 300
    assert.deepStrictEqual(check("GET", "/v1/files/"), { _tag: "Limited", limit: 2, resetMs: 600, intervalMs: 1000 })
    now += 600
    assert.strictEqual(check("GET", "/v1/files/")._tag, "Allowed")
  })
})

describe("fault injector", () => {
  it("is reproducible from its seed and honours injectNext", () => {
    const options = { seed: 42, latencyMs: [5, 50] as const, serverErrorRate: 0.3, resetRate: 0.2 }
    const first = makeFaultInjector(options)
    const second = makeFaultInjector(options)
    const plans = Array.from({ length: 50 }, () => first.next())
    assert.deepStrictEqual(
      Array.from({ length: 50 }, () => second.next()),
      plans
    )
    assert.isTrue(plans.every((plan) => plan.latencyMs >= 5 && plan.latencyMs <= 50))
    assert.isTrue(plans.some((plan) => plan.fault?._tag === "ServerError"))
    assert.isTrue(plans.some((plan) => plan.fault === undefined))
    const quiet = makeFaultInjector()
    quiet.injectNext("lostResponse", 2)
    assert.deepStrictEqual(
      [quiet.next().fault, quiet.next().fault, quiet.next().fault],
      [{ _tag: "LostResponse" }, { _tag: "LostResponse" }, undefined]
    )
  })
})

describe("rateLimitedRate fault", () => {
  it("answers the drawn share with 429s whose reset lies within rateLimitResetMs, reproducibly", () => {
    const options = { seed: 7, rateLimitedRate: 0.25, rateLimitResetMs: 300 }
    const plans = Array.from({ length: 400 }, makeFaultInjector(options).next)
    const limited = plans.flatMap((plan) => (plan.fault?._tag === "RateLimited" ? [plan.fault.resetMs] : []))
    assert.isTrue(limited.length > 60 && limited.length < 140, `${limited.length} of 400`)
    assert.isTrue(limited.every((resetMs) => resetMs >= 1 && resetMs <= 300))
    assert.deepStrictEqual(Array.from({ length: 400 }, makeFaultInjector(options).next), plans)
    const forced = makeFaultInjector({ rateLimitResetMs: 50 })
    forced.injectNext("rateLimited")
    assert.strictEqual(forced.next().fault?._tag, "RateLimited")
    assert.strictEqual(forced.next().fault, undefined)
  })

  it.live("reaches the SDK as a 429 with numeric X-RateLimit-* values, which it waits out", () =>
    run(
      { faults: { rateLimitResetMs: 40 } },
      Effect.gen(function* () {
        const ik = yield* ImageKit.ImageKit
        const running = yield* Emulator.EmulatorServer
        running.injectNext("rateLimited")
        const error = yield* Effect.flip(ik.listFiles().pipe(ImageKit.withRetry(Schedule.stop)))
        assert.strictEqual(error._tag, "RateLimitError")
        if (error._tag === "RateLimitError") {
          assert.strictEqual(error.limit, 100)
          assert.strictEqual(error.interval, 1000)
          assert.isTrue(error.reset >= 1 && error.reset <= 40, `reset ${error.reset}`)
        }
        running.injectNext("rateLimited")
        assert.deepStrictEqual(yield* ik.listFiles(), [])
        assert.strictEqual(running.stats().rateLimited, 2)
        assert.strictEqual(running.stats().requests, 3)
      })
    )
  )
})

describe("the SDK against an emulator with rate limits and faults", () => {
  it.live("waits out a 429 for the reset the server announced, then succeeds", () =>
    run(
      { rateLimits: [{ method: "GET", pathPrefix: "/v1/files", limit: 2, intervalMs: 1000 }] },
      Effect.gen(function* () {
        const ik = yield* ImageKit.ImageKit
        const running = yield* Emulator.EmulatorServer
        const announced: Array<number> = []
        const recording = Schedule.recurs(3).pipe(
          Schedule.tapInput((error: ImageKitError.CallError) =>
            Effect.sync(() => {
              if (error._tag === "RateLimitError") announced.push(error.reset)
            })
          )
        )
        yield* ik.listFiles()
        yield* ik.listFiles()
        const startedAt = Date.now()
        const files = yield* ik.listFiles().pipe(ImageKit.withRetry(recording))
        const elapsed = Date.now() - startedAt
        assert.deepStrictEqual(files, [])
        assert.strictEqual(announced.length, 1)
        const reset = announced[0] ?? Number.NaN
        assert.isTrue(reset > 0 && reset <= 1000, `announced reset ${reset}`)
        assert.isTrue(elapsed >= reset && elapsed < reset + 1000, `elapsed ${elapsed} for reset ${reset}`)
        assert.strictEqual(running.stats().rateLimited, 1)
        assert.strictEqual(running.stats().requests, 4)
      })
    )
  )

  it.live("a lost upload response fails typed, and the file is stored exactly once (POST is not retried)", () =>
    run(
      { faults: { seed: 3, lostResponseRate: 1 } },
      Effect.gen(function* () {
        const ik = yield* ImageKit.ImageKit
        const running = yield* Emulator.EmulatorServer
        const error = yield* Effect.flip(ik.upload({ file: PNG, fileName: "lost.png", useUniqueFileName: false }))
        assert.include(["RequestError", "TimeoutError"], error._tag)
        assert.strictEqual(filesNamed(running, "lost.png").length, 1)
        // The body's size depends on the multipart boundary the client drew; that it was held is what counts here.
        const { bodyBytesPeak, ...stats } = running.stats()
        assert.isTrue(bodyBytesPeak > PNG.length)
        assert.deepStrictEqual(stats, {
          requests: 1,
          rateLimited: 0,
          serverErrors: 0,
          resets: 0,
          lostResponses: 1,
          webhooksDelivered: 0,
          webhooksFailed: 0,
          stateWrites: 0,
          stateWriteMs: 0,
          stateWriteErrors: 0,
          bodyBytesHeld: 0
        })
      })
    )
  )

  it.live("connection resets on a GET end in a RequestError after the client's retries", () =>
    run(
      { faults: { resetRate: 1 } },
      Effect.gen(function* () {
        const ik = yield* ImageKit.ImageKit
        const running = yield* Emulator.EmulatorServer
        const error = yield* Effect.flip(ik.listFiles())
        assert.strictEqual(error._tag, "RequestError")
        assert.strictEqual(running.stats().resets, 3)
        assert.strictEqual(running.stats().requests, 3)
      })
    )
  )

  it.live("5xx on a GET ends in an ApiError after the retries; an upload is attempted exactly once", () =>
    run(
      { faults: { seed: 9, serverErrorRate: 1 } },
      Effect.gen(function* () {
        const ik = yield* ImageKit.ImageKit
        const running = yield* Emulator.EmulatorServer
        const listed = yield* Effect.flip(ik.listFiles())
        assert.strictEqual(listed._tag, "ApiError")
        assert.include([500, 502, 503], statusOf(listed))
        assert.strictEqual(running.stats().serverErrors, 3)
        const uploaded = yield* Effect.flip(ik.upload({ file: PNG, fileName: "never.png", useUniqueFileName: false }))
        assert.strictEqual(uploaded._tag, "ApiError")
        assert.include([500, 502, 503], statusOf(uploaded))
        assert.strictEqual(running.stats().requests, 4)
        assert.strictEqual(running.stats().serverErrors, 4)
        assert.strictEqual(filesNamed(running, "never.png").length, 0)
      })
    )
  )

  it.live("injectNext forces a fault on the next request only", () =>
    run(
      {},
      Effect.gen(function* () {
        const ik = yield* ImageKit.ImageKit
        const running = yield* Emulator.EmulatorServer
        running.injectNext({ status: 503 })
        const error = yield* Effect.flip(ik.upload({ file: PNG, fileName: "later.png", useUniqueFileName: false }))
        assert.strictEqual(statusOf(error), 503)
        yield* ik.upload({ file: PNG, fileName: "later.png", useUniqueFileName: false })
        assert.strictEqual(filesNamed(running, "later.png").length, 1)
      })
    )
  )
})
