/**
 * The timers of the attempts in flight: one fiber per sender and `Clock` sleeps on that clock until the earliest end
 * of the attempts it watches, interrupts the exchange of each attempt whose end has come, and sleeps again. An
 * attempt's own fiber runs its exchange; the caller waits for that fiber's exit.
 *
 * Why not a timer fiber per attempt (`Effect.timeout`, or the race of decision 0075): forking a fiber that sleeps,
 * then interrupting it when the answer comes first, was the largest cost of a call, a third of a `getFileDetails`
 * round trip at 50 in flight (decision 0079). Here an attempt in flight costs a `Set` entry; the fiber is started when
 * the first attempt starts, restarted only for an attempt that must end before it wakes, and ended when no attempt is
 * left once the scheduler has run what it had queued (so a loop of sequential calls keeps one fiber, and no timer
 * outlives the last attempt: a process exits on time). Ends are read at each wake, not when an attempt starts: an
 * upload's activity moves its idle timer on without telling anyone.
 *
 * The fiber is forked from an attempt's fiber and sleeps on its `Clock`; a sender keeps one watchdog per `Clock` it
 * meets, so a call made under a `TestClock` is timed by that clock, by this same code.
 */
import type * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import type * as FiberId from "effect/FiberId"

/** One attempt under watch. */
interface Watch {
  /** The clock time (ms) by which the attempt must have ended: read at each wake. */
  readonly end: () => number
  /** The attempt's exchange, interrupted when its end has come. */
  readonly fiber: Fiber.RuntimeFiber<unknown, unknown>
  /** Set by the watchdog when it interrupted the exchange. */
  expired: boolean
}

interface Dog {
  readonly watches: Set<Watch>
  /** The running fiber's generation: a fiber that is no longer the current one stops at its next step. */
  generation: number
  running: Fiber.RuntimeFiber<void> | undefined
  /** When the running fiber wakes next (clock ms). */
  wakeAt: number
  /** A check for "nothing left to watch" is queued on the scheduler. */
  releasing: boolean
}

const makeDog = (): Dog => ({
  watches: new Set(),
  generation: 0,
  running: undefined,
  wakeAt: Number.POSITIVE_INFINITY,
  releasing: false
})

/** The attempt's end has come: its exchange is told to stop, and the attempt will fail as timed out. */
const expire = (watch: Watch, by: FiberId.FiberId) => {
  watch.expired = true
  watch.fiber.unsafeInterruptAsFork(by)
}

/** Ends the running fiber, if any; the next attempt starts another. */
const stop = (dog: Dog, by: FiberId.FiberId) => {
  dog.generation++
  dog.running?.unsafeInterruptAsFork(by)
  dog.running = undefined
  dog.wakeAt = Number.POSITIVE_INFINITY
}

const loop = (clock: Clock.Clock, dog: Dog, generation: number): Effect.Effect<void> =>
  Effect.withFiberRuntime((self) => {
    if (dog.generation !== generation) return Effect.void
    const now = clock.unsafeCurrentTimeMillis()
    let next = Number.POSITIVE_INFINITY
    for (const watch of dog.watches) {
      const end = watch.end()
      if (end <= now) {
        dog.watches.delete(watch)
        expire(watch, self.id())
      } else if (end < next) {
        next = end
      }
    }
    if (next === Number.POSITIVE_INFINITY) {
      dog.running = undefined
      dog.wakeAt = next
      return Effect.void
    }
    dog.wakeAt = next
    return Effect.zipRight(clock.sleep(Duration.millis(next - now)), loop(clock, dog, generation))
  })

/** Starts a watchdog fiber that wakes by `end`, ending the one running (which would wake too late). */
const start = (clock: Clock.Clock, dog: Dog, end: number): Effect.Effect<void> => {
  const previous = dog.running
  const generation = ++dog.generation
  dog.wakeAt = end
  return Effect.flatMap(
    // Interruptible whatever the caller's region: the fiber only sleeps, and must end when told.
    Effect.forkDaemon(Effect.interruptible(loop(clock, dog, generation))),
    (fiber) =>
      Effect.sync(() => {
        previous?.unsafeInterruptAsFork(fiber.id())
        if (dog.generation === generation) dog.running = fiber
      })
  )
}

/**
 * The attempt runner of one sender: `run(clock, exchange, end, onExpired)` runs `exchange` in a fiber of its own and
 * answers its exit; if the clock reaches `end()` first, the exchange is interrupted, awaited, and the attempt fails
 * with `onExpired()`. Interrupting the caller interrupts the exchange and awaits it.
 */
export const make = () => {
  const dogs = new WeakMap<Clock.Clock, Dog>()
  const dogOf = (clock: Clock.Clock): Dog => {
    let dog = dogs.get(clock)
    if (dog === undefined) {
      dog = makeDog()
      dogs.set(clock, dog)
    }
    return dog
  }
  return <A, E, E2>(
    clock: Clock.Clock,
    exchange: Effect.Effect<A, E>,
    end: () => number,
    onExpired: () => E2
  ): Effect.Effect<A, E | E2> =>
    Effect.uninterruptibleMask((restore) =>
      // A child of the caller, not a daemon: a daemon joins Effect's global fiber scope, a module-wide `Set` that
      // every attempt would add to and delete from, and with it an in-memory client kept promoting 3.9-6.0 KB per call
      // to the old generation long after warm-up, against 1.0-1.4 KB as a child (decision 0080). This attempt
      // interrupts and awaits the exchange whenever the caller stops waiting, so it never outlives the caller.
      Effect.flatMap(Effect.fork(restore(exchange)), (fiber) =>
        Effect.withFiberRuntime<A, E | E2>((caller) => {
          const dog = dogOf(clock)
          const watch: Watch = { end, fiber, expired: false }
          dog.watches.add(watch)
          const firstEnd = end()
          const unwatch = () => {
            dog.watches.delete(watch)
            if (dog.watches.size > 0 || dog.running === undefined || dog.releasing) return
            // Not at once: the caller usually starts its next call in the same scheduler round, which then finds
            // the fiber still running. A check queued behind that round ends it only if nothing is watched then.
            dog.releasing = true
            caller.currentScheduler.scheduleTask(() => {
              dog.releasing = false
              if (dog.watches.size === 0) stop(dog, caller.id())
            }, 0)
          }
          const waited = restore(
            Effect.async<A, E | E2>((resume) => {
              fiber.addObserver((exit: Exit.Exit<A, E>) => {
                // An exchange that failed after its end came failed because it was stopped (or cannot be told apart
                // from that): the attempt timed out. One that succeeded meanwhile has its answer, which is kept.
                resume(watch.expired && Exit.isFailure(exit) ? Effect.fail(onExpired()) : exit)
                // After the caller's resumption is queued, so the release check queued here runs behind it.
                unwatch()
              })
              return Effect.suspend(() => {
                unwatch()
                return Fiber.interrupt(fiber)
              })
            })
          )
          return dog.running === undefined || firstEnd < dog.wakeAt
            ? Effect.zipRight(start(clock, dog, firstEnd), waited)
            : waited
        })
      )
    )
}
