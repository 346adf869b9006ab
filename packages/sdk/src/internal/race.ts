/**
 * An attempt against its timer: both run in fibers of their own, the first to end decides, and the other is
 * interrupted (and awaited, so an aborted request is aborted before the caller moves on). Interrupting the caller
 * interrupts and awaits both.
 *
 * Unlike `Effect.raceWith`, the winner's `FiberRef`s are not joined into the caller's. That lets the exchange set what
 * only it needs (its parent span, the platform's tracer switch, `fetch`'s `RequestInit`) on its own fiber with one
 * `FiberRef.set` each, where `Effect.locally` would have to undo each change for the join (about 3 µs apiece;
 * decision 0075), and none of it, nor anything a caller's `HttpClient` sets, reaches the caller's fiber.
 */
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"

export const first = <A, E, E2>(self: Effect.Effect<A, E>, timer: Effect.Effect<never, E2>): Effect.Effect<A, E | E2> =>
  Effect.withFiberRuntime((caller) =>
    Effect.flatMap(Effect.fork(self), (selfFiber) =>
      Effect.flatMap(Effect.fork(timer), (timerFiber) =>
        Effect.async<A, E | E2>((resume) => {
          let settled = false
          const settle = (exit: Exit.Exit<A, E | E2>, loser: Fiber.RuntimeFiber<unknown, unknown>) => {
            if (settled) return
            settled = true
            // Told at once, from the winner's exit, so the loser is usually done by the time the caller resumes.
            loser.unsafeInterruptAsFork(caller.id())
            resume(Effect.zipRight(Fiber.await(loser), exit))
          }
          selfFiber.addObserver((exit) => settle(exit, timerFiber))
          timerFiber.addObserver((exit) => settle(exit, selfFiber))
          return Effect.zipRight(Fiber.interrupt(selfFiber), Fiber.interrupt(timerFiber))
        })
      )
    )
  )
