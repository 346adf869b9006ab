/**
 * The TestClock runs the production path: the same scenarios (retries with backoff and a server-requested wait, an
 * attempt timeout, the call's deadline) run once on the `TestClock` and once on the live clock, and V8's precise
 * coverage of the sender's modules must name the same functions in both runs. A sender that picked another timer
 * or another code path for a test clock would show a function covered in one run and not in the other.
 */
import { Session } from "node:inspector/promises"
import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"
import * as TestContext from "effect/TestContext"
import * as ImageKitConfig from "../src/ImageKitConfig.js"
import * as Send from "../src/internal/send.js"
import { json, mockHttp } from "./fixtures/mockHttp.js"
import { getFileDetails } from "./fixtures/specs.js"

// Timers far above what one in-memory exchange takes even on a loaded machine: the live run must take the same
// paths as the TestClock run, which a timeout firing before a quick answer would change.
const settings = ImageKitConfig.make({
  publicKey: "public_test",
  privateKey: "private_one_path",
  urlEndpoint: "https://ik.imagekit.io/demo",
  timeout: "2 seconds",
  deadline: "5 seconds",
  retry: { maxRetries: 3, baseDelay: "10 millis", maxDelay: "40 millis" }
})

const get = getFileDetails

/** The sender's own modules: every function in them that runs is counted. */
const WATCHED = [
  "/internal/send.ts",
  "/internal/watchdog.ts",
  "/internal/retryPolicy.ts",
  "/internal/answer.ts",
  "/internal/policy.ts"
]

/** Runs `scenario` with precise coverage on, and returns the functions of the watched modules that ran. */
const coveredFunctions = <A, E>(scenario: Effect.Effect<A, E>) =>
  Effect.acquireUseRelease(
    Effect.promise(async () => {
      const session = new Session()
      session.connect()
      await session.post("Profiler.enable")
      await session.post("Profiler.startPreciseCoverage", { callCount: true, detailed: false })
      // Counting starts from zero here: what ran before (imports, other tests) is not this scenario's.
      await session.post("Profiler.takePreciseCoverage")
      return session
    }),
    (session) =>
      Effect.flatMap(Effect.exit(scenario), (exit) =>
        Effect.promise(async () => {
          const { result } = await session.post("Profiler.takePreciseCoverage")
          const covered = new Set<string>()
          for (const script of result) {
            const module = WATCHED.find((name) => script.url.includes(name))
            if (module === undefined) continue
            for (const fn of script.functions) {
              if (fn.functionName !== "" && fn.ranges.some((range) => range.count > 0)) {
                covered.add(`${module}#${fn.functionName}`)
              }
            }
          }
          return { exit, covered }
        })
      ),
    (session) =>
      Effect.promise(async () => {
        await session.post("Profiler.stopPreciseCoverage")
        session.disconnect()
      })
  )

/**
 * Three calls: 503 then 429 (wait 50 ms) then 200; an answer slower than the attempt timeout (then 200); an answer
 * that never comes, so the deadline ends the call. `advance` waits for a call: moving the TestClock, or just joining.
 */
const scenario = (advance: <A, E>(fiber: Fiber.RuntimeFiber<A, E>) => Effect.Effect<A, E>) =>
  Effect.gen(function* () {
    let calls = 0
    const mock = mockHttp(() => {
      calls += 1
      if (calls === 1) return json({ message: "down" }, 503)
      if (calls === 2) return json({ message: "slow down" }, 429, { "x-ratelimit-reset": "50" })
      if (calls === 3) return json({ fileId: "abc" })
      if (calls === 4) return Effect.as(Effect.sleep(Duration.millis(3000)), json({ late: true }))
      if (calls === 5) return json({ fileId: "abc" })
      return Effect.never
    })
    return yield* Effect.gen(function* () {
      const send = Send.make(settings, yield* HttpClient.HttpClient)
      const retried = yield* advance(yield* Effect.fork(Effect.exit(send(get))))
      const timedOut = yield* advance(yield* Effect.fork(Effect.exit(send(get))))
      const deadline = yield* advance(yield* Effect.fork(Effect.exit(send(get))))
      return { retried, timedOut, deadline, calls }
    }).pipe(Effect.provide(mock.layer))
  })

/** The outcome of a scenario, as comparable data. */
const outcome = (result: Effect.Effect.Success<ReturnType<typeof scenario>>) => ({
  retried: Exit.isSuccess(result.retried),
  timedOut: Exit.isSuccess(result.timedOut),
  deadline: Exit.match(result.deadline, {
    onSuccess: () => "success",
    onFailure: (cause) => (cause._tag === "Fail" && cause.error._tag === "TimeoutError" ? cause.error.scope : "other")
  })
})

/** A real moment for the mock's promises to settle: the exchange itself is real I/O, whatever the clock. */
const realTick = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))

/**
 * Moves the TestClock in 50 ms steps until the call is done, letting each woken fiber run (and schedule its next
 * sleep) in between; the real I/O of the mock gets a real moment at every step.
 */
const testClockAdvance = <A, E>(fiber: Fiber.RuntimeFiber<A, E>): Effect.Effect<A, E> =>
  Effect.flatMap(Fiber.poll(fiber), (done) =>
    done._tag === "Some"
      ? Fiber.join(fiber)
      : Effect.zipRight(
          Effect.zipRight(TestClock.adjust(Duration.millis(50)), realTick),
          Effect.suspend(() => testClockAdvance(fiber))
        )
  )

describe("one path", () => {
  it.live(
    "the TestClock and the live clock run the same functions of the sender, with the same outcomes",
    () =>
      Effect.gen(function* () {
        const onLiveClock = yield* coveredFunctions(scenario(Fiber.join))
        // Second: providing the test services replaces this fiber's Clock for what follows.
        const onTestClock = yield* coveredFunctions(
          scenario(testClockAdvance).pipe(Effect.provide(TestContext.TestContext))
        )
        assert.isTrue(Exit.isSuccess(onTestClock.exit) && Exit.isSuccess(onLiveClock.exit))
        if (!Exit.isSuccess(onTestClock.exit) || !Exit.isSuccess(onLiveClock.exit)) return
        assert.deepStrictEqual(outcome(onTestClock.exit.value), { retried: true, timedOut: true, deadline: "call" })
        assert.deepStrictEqual(outcome(onLiveClock.exit.value), outcome(onTestClock.exit.value))
        // The retry loop, the watchdog's wake and its timeout, and the answer's interpretation ran in both.
        for (const name of [
          "/internal/watchdog.ts#loop",
          "/internal/watchdog.ts#expire",
          "/internal/retryPolicy.ts#isRetryable",
          "/internal/answer.ts#interpret"
        ]) {
          assert.isTrue(onTestClock.covered.has(name), `${name} did not run on the TestClock`)
        }
        assert.deepStrictEqual([...onTestClock.covered].sort(), [...onLiveClock.covered].sort())
      }),
    // Precise coverage counts every call, which slows everything down on a loaded machine.
    60_000
  )
})
