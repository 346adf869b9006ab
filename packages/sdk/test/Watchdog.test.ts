/**
 * The attempts' timers (internal/watchdog.ts): one fiber per sender and clock times every attempt in flight, shares
 * itself across sequential calls, restarts for an attempt that must end before it wakes, and leaves no timer behind
 * once the calls are done (a process exits on time). Each attempt's exchange is a child fiber of its caller.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Supervisor from "effect/Supervisor"
import * as TestClock from "effect/TestClock"
import * as ImageKitConfig from "../src/ImageKitConfig.js"
import type { CallError } from "../src/ImageKitError.js"
import * as Policy from "../src/internal/policy.js"
import * as Send from "../src/internal/send.js"
import { json, mockHttp } from "./fixtures/mockHttp.js"
import { getFileDetails } from "./fixtures/specs.js"

const settings = ImageKitConfig.make({
  publicKey: "public_test",
  privateKey: "private_watchdog_key",
  urlEndpoint: "https://ik.imagekit.io/demo",
  timeout: "30 seconds",
  deadline: "2 minutes",
  retry: { maxRetries: 0 }
})

const get = getFileDetails

const failure = <A>(exit: Exit.Exit<A, CallError>): CallError | undefined =>
  Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : undefined

/** Every fiber started under it, kept (Effect's `Supervisor.track` forgets those that ended). */
class Started extends Supervisor.AbstractSupervisor<ReadonlyArray<Fiber.RuntimeFiber<unknown, unknown>>> {
  readonly fibers: Array<Fiber.RuntimeFiber<unknown, unknown>> = []
  get value() {
    return Effect.sync(() => [...this.fibers])
  }
  override onStart<A, E, R>(
    _context: unknown,
    _effect: Effect.Effect<A, E, R>,
    _parent: unknown,
    fiber: Fiber.RuntimeFiber<A, E>
  ): void {
    this.fibers.push(fiber)
  }
}

/** A turn of the event loop (Effect's scheduler falls back to a timer after a long run of microtask rounds). */
const turn = Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 1)))

/** Starts work in the background and lets it reach its first wait (TestClock.adjust only wakes sleeps it knows). */
const forked = <A, E>(effect: Effect.Effect<A, E>) =>
  Effect.flatMap(Effect.fork(effect), (fiber) => Effect.as(Effect.repeatN(Effect.yieldNow(), 10), fiber))

/** Runs `body` with a sender whose every exchange hangs until it is interrupted. */
const hanging = <A, E>(body: (send: Send.Sender) => Effect.Effect<A, E>) =>
  Effect.flatMap(HttpClient.HttpClient, (client) => body(Send.make(settings, client))).pipe(
    Effect.provide(mockHttp(() => Effect.never).layer)
  )

describe("watchdog", () => {
  it.live("sequential calls share one timer fiber, which ends with the last of them", () => {
    const mock = mockHttp(() => json({ fileId: "abc" }))
    return Effect.gen(function* () {
      const send = Send.make(settings, yield* HttpClient.HttpClient)
      const supervisor = new Started()
      const calls = 20
      yield* Effect.supervised(
        Effect.forEach(Array.from({ length: calls }), () => send(get), { discard: true }),
        supervisor
      )
      const started = yield* supervisor.value
      // One exchange fiber per call, plus one watchdog for the lot (a timer fiber per call would make 40).
      assert.strictEqual(started.length, calls + 1)
      // Nothing is left running (the watchdog's sleep is what would keep a process alive) within a few turns of the
      // event loop, where its 30 s sleep would hold it for 30 s.
      const running = () => started.filter((fiber) => fiber.unsafePoll() === null)
      for (let turns = 0; turns < 20 && running().length > 0; turns++) yield* turn
      assert.deepStrictEqual(running(), [])
    }).pipe(Effect.provide(mock.layer))
  })

  it.live("calls in flight at once share the timer fiber too", () => {
    const mock = mockHttp(() => Effect.as(Effect.sleep(Duration.millis(5)), json({ fileId: "abc" })))
    return Effect.gen(function* () {
      const send = Send.make(settings, yield* HttpClient.HttpClient)
      const supervisor = new Started()
      yield* Effect.forEach(Array.from({ length: 30 }), () => Effect.supervised(send(get), supervisor), {
        concurrency: 10,
        discard: true
      })
      assert.strictEqual((yield* supervisor.value).length, 31)
    }).pipe(Effect.provide(mock.layer))
  })

  it.effect("an attempt that must end before the watchdog wakes is timed out at its own end", () => {
    // Both exchanges hang until interrupted; the first keeps the watchdog busy with its 30 s timer.
    return hanging((send) =>
      Effect.gen(function* () {
        const long = yield* forked(send(get))
        yield* TestClock.adjust(Duration.millis(1))
        const short = yield* forked(Policy.withTimeout(send(get), Duration.millis(5)))
        yield* TestClock.adjust(Duration.millis(5))
        const exit = yield* Fiber.await(short)
        const error = failure(exit)
        assert.strictEqual(error?._tag, "TimeoutError")
        assert.isTrue(error?._tag === "TimeoutError" && error.scope === "attempt" && error.timeoutMillis === 5)
        // The long call is still waiting: its own end is 30 s away.
        assert.isTrue(Option.isNone(yield* Fiber.poll(long)))
        yield* TestClock.adjust(Duration.seconds(30))
        const longError = failure(yield* Fiber.await(long))
        assert.isTrue(longError?._tag === "TimeoutError" && longError.timeoutMillis === 30_000)
      })
    )
  })

  it.effect("the exchange runs in a child fiber of its caller, which it does not outlive", () => {
    return hanging((send) =>
      Effect.gen(function* () {
        const caller = yield* forked(send(get))
        // The exchange in flight is the caller's one child (a daemon would not be among its children, decision 0080).
        const children = yield* Fiber.children(caller)
        assert.strictEqual(children.length, 1)
        const [exchange] = children
        assert.isTrue(exchange !== undefined && Option.isNone(yield* Fiber.poll(exchange)))
        // Its timeout interrupts it and the attempt waits for it to end before failing.
        yield* TestClock.adjust(Duration.seconds(30))
        assert.strictEqual(failure(yield* Fiber.await(caller))?._tag, "TimeoutError")
        assert.isTrue(exchange !== undefined && Option.isSome(yield* Fiber.poll(exchange)))
        assert.deepStrictEqual(yield* Fiber.children(caller), [])
      })
    )
  })

  it.effect("many calls in flight each time out at their own end, on the caller's clock", () => {
    return hanging((send) =>
      Effect.gen(function* () {
        const fibers = []
        for (let index = 0; index < 5; index++) {
          fibers.push(yield* forked(Policy.withTimeout(send(get), Duration.seconds(10 + index))))
          yield* TestClock.adjust(Duration.millis(100))
        }
        // At 10.45 s: the first (started at 0, 10 s) has timed out, the second (0.1 s, 11 s) has not.
        yield* TestClock.adjust(Duration.millis(10_450 - 500))
        assert.isTrue(Option.isSome(yield* Fiber.poll(fibers[0] as Fiber.RuntimeFiber<unknown, CallError>)))
        assert.isTrue(Option.isNone(yield* Fiber.poll(fibers[1] as Fiber.RuntimeFiber<unknown, CallError>)))
        yield* TestClock.adjust(Duration.seconds(5))
        for (const fiber of fibers) {
          assert.strictEqual(failure(yield* Fiber.await(fiber))?._tag, "TimeoutError")
        }
      })
    )
  })
})
