/**
 * Run (d): how far past its `deadline` a call ends. Calls with a short deadline and shorter attempt timeouts go through
 * every kind of fault (answers held past the deadline, stalls, resets, lost answers, 5xx and 429s whose reset may end
 * after the deadline), with retries allowed; each call's wall time is taken around the whole Effect.
 */
import { ImageKit, ImageKitError } from "@effect-imagekit/sdk"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import { count, type Figure, ms, percentile, type RunReport, sdkClient, stack, timerLateness } from "./setup.js"
import type { Witness } from "./witness.js"

export interface DeadlineRunOptions {
  readonly privateKey: string
  readonly count: number
  readonly seed: number
  readonly concurrency: number
  readonly witness: Witness
  /** The largest overshoot accepted (ms): generous in CI, where the machine is shared. */
  readonly boundMs: number
}

const DEADLINE_MS = 400

export const deadlineRun = (options: DeadlineRunOptions): Effect.Effect<RunReport, unknown> =>
  Effect.scoped(
    Effect.gen(function* () {
      const started = performance.now()
      const running = yield* stack({
        privateKey: options.privateKey,
        emulator: {
          faults: { seed: options.seed, serverErrorRate: 0.1, rateLimitedRate: 0.1, rateLimitResetMs: 600 }
        },
        proxy: {
          seed: options.seed,
          slowAnswerRate: 0.15,
          stallRate: 0.1,
          resetRate: 0.1,
          lostAnswerRate: 0.1,
          delayMs: [300, 1500]
        }
      })
      const context = yield* Layer.build(
        sdkClient(running, {
          timeout: "150 millis",
          deadline: `${DEADLINE_MS} millis`,
          retry: { maxRetries: 10, baseDelay: "20 millis", maxDelay: "150 millis" }
        })
      )
      const ik = Context.get(context, ImageKit.ImageKit)
      const call = (index: number): Effect.Effect<unknown, unknown> =>
        index % 4 === 3
          ? ik.upload({ file: new Uint8Array(200).fill(index % 251), fileName: `d-${index}.bin` })
          : index % 4 === 2
            ? ik.listFiles({ skip: index, limit: 1 })
            : ik.getFileDetails(`missing-${index}`)
      const timed = (index: number) =>
        Effect.suspend(() => {
          const begin = performance.now()
          return Effect.map(Effect.exit(call(index)), (exit) => ({ exit, elapsed: performance.now() - begin }))
        })
      const lateness = timerLateness()
      const results = yield* Effect.forEach(
        Array.from({ length: options.count }, (_, index) => index),
        timed,
        { concurrency: options.concurrency }
      )
      const late = lateness.stop()
      const atDeadline: Array<number> = []
      const overshoots: Array<number> = []
      const tags = new Map<string, number>()
      for (const { exit, elapsed } of results) {
        overshoots.push(elapsed - DEADLINE_MS)
        let tag = "ok"
        if (Exit.isFailure(exit)) {
          options.witness.cause("error deadline call", exit.cause)
          const error = exit.cause._tag === "Fail" ? exit.cause.error : undefined
          if (error !== undefined) options.witness.error("error deadline call", error)
          tag =
            error instanceof ImageKitError.TimeoutError
              ? `TimeoutError (${error.scope})`
              : error instanceof Error
                ? String(Reflect.get(error, "_tag") ?? error.name)
                : `defect`
          if (error instanceof ImageKitError.TimeoutError && error.scope === "call") {
            atDeadline.push(elapsed - DEADLINE_MS)
          }
        }
        tags.set(tag, (tags.get(tag) ?? 0) + 1)
      }
      const worst = Math.max(...overshoots)
      const figures: ReadonlyArray<Figure> = [
        {
          measure: "calls",
          value: `${count(options.count)} (getFileDetails, listFiles, upload), deadline ${DEADLINE_MS} ms, attempt timeout 150 ms, concurrency ${options.concurrency}`
        },
        {
          measure: "how they ended",
          value: [...tags]
            .sort((a, b) => b[1] - a[1])
            .map(([tag, n]) => `${count(n)} ${tag}`)
            .join(", ")
        },
        {
          measure: "overshoot of calls ended by the deadline (p50 / p99 / max)",
          value: `${ms(percentile(atDeadline, 50))} / ${ms(percentile(atDeadline, 99))} / ${ms(Math.max(...atDeadline))} (${count(atDeadline.length)} calls)`
        },
        {
          measure: "control: lateness of a bare 10 ms timer meanwhile (p50 / p99 / max)",
          value: `${ms(percentile(late, 50))} / ${ms(percentile(late, 99))} / ${ms(Math.max(...late))}`
        },
        {
          measure: "latest end of any call, past the deadline",
          value: ms(worst),
          target: `< ${options.boundMs} ms`,
          pass: worst < options.boundMs
        }
      ]
      return {
        id: "d",
        title: "Deadline overshoot",
        tried:
          `Calls with a ${DEADLINE_MS} ms deadline, 150 ms attempt timeouts and up to 10 retries, through held answers ` +
          "(0.3-1.5 s), stalls, resets and lost answers (proxy) and 5xx and 429s announcing resets of up to 600 ms " +
          "(emulator); wall time taken around each whole call.",
        figures,
        seconds: (performance.now() - started) / 1000
      }
    })
  )
