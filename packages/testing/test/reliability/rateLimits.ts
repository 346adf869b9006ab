/**
 * Run (c): 429 waits against the resets the server announced. The emulator answers 429 with `X-RateLimit-Reset` (ms)
 * from a per-endpoint window and at a seeded rate; the client's own backoff is 1-5 ms, so every wait is the server's.
 * The proxy timestamps each request when it arrives and each answer when it passes back, so for every 429 followed by
 * a retry of the same request the margin is: arrival of the retry − passing of the 429 − announced reset. A retry
 * before the reset has a negative margin. (The client receives the 429 a little after the proxy passes it, so the
 * measured margin is, if anything, larger than the real one: a negative value cannot come from the measurement.)
 */
import { ImageKit } from "@effect-imagekit/sdk"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import { count, type Figure, ms, percentile, type RunReport, sdkClient, stack } from "./setup.js"
import type { Witness } from "./witness.js"

export interface RateLimitRunOptions {
  readonly privateKey: string
  readonly count: number
  readonly seed: number
  readonly concurrency: number
  readonly witness: Witness
}

export const rateLimitRun = (options: RateLimitRunOptions): Effect.Effect<RunReport, unknown> =>
  Effect.scoped(
    Effect.gen(function* () {
      const started = performance.now()
      const running = yield* stack({
        privateKey: options.privateKey,
        emulator: {
          rateLimits: [{ method: "GET", pathPrefix: "/v1/files", limit: 40, intervalMs: 250 }],
          faults: { seed: options.seed, rateLimitedRate: 0.15, rateLimitResetMs: 300 }
        },
        proxy: { seed: options.seed }
      })
      const context = yield* Layer.build(
        sdkClient(running, {
          timeout: "5 seconds",
          deadline: "60 seconds",
          retry: { maxRetries: 8, baseDelay: "1 millis", maxDelay: "5 millis" }
        })
      )
      const ik = Context.get(context, ImageKit.ImageKit)
      const calls = Array.from(
        { length: options.count },
        (_, index): Effect.Effect<unknown, ImageKit.OperationError> =>
          index % 3 === 2
            ? ik.listFiles({ skip: index, limit: 1 })
            : index % 3 === 1
              ? ik.getFileVersions(`missing-${index}`)
              : ik.getFileDetails(`missing-${index}`)
      )
      const exits = yield* Effect.forEach(calls, (call) => Effect.exit(call), { concurrency: options.concurrency })
      let rateLimitErrors = 0
      for (const exit of exits) {
        if (Exit.isSuccess(exit)) continue
        options.witness.cause("error rate-limited call", exit.cause)
        if (exit.cause._tag === "Fail") {
          options.witness.error("error rate-limited call", exit.cause.error)
          if (exit.cause.error._tag === "RateLimitError") rateLimitErrors += 1
        }
      }

      // Each call has a request target of its own, so its attempts are the exchanges with that target, in order.
      const byTarget = new Map<string, Array<ReturnType<typeof running.proxy.exchanges>[number]>>()
      for (const exchange of running.proxy.exchanges()) {
        const list = byTarget.get(exchange.target) ?? []
        list.push(exchange)
        byTarget.set(exchange.target, list)
      }
      const margins: Array<number> = []
      let announced = 0
      for (const attempts of byTarget.values()) {
        for (let index = 0; index < attempts.length; index++) {
          const answer = attempts[index]
          if (answer?.status !== 429 || answer.answeredAt === undefined) continue
          announced += 1
          const retry = attempts[index + 1]
          const reset = Number(answer.headers?.["x-ratelimit-reset"])
          if (retry === undefined || !Number.isFinite(reset)) continue
          margins.push(retry.requestAt - answer.answeredAt - reset)
        }
      }
      const early = margins.filter((margin) => margin < 0).length
      const minimum = margins.length === 0 ? Number.NaN : Math.min(...margins)
      const figures: ReadonlyArray<Figure> = [
        {
          measure: "calls",
          value: `${count(options.count)} GETs (getFileDetails, getFileVersions, listFiles), concurrency ${options.concurrency}`
        },
        {
          measure: "429s answered",
          value: `${count(announced)}: ${count(margins.length)} retried, ${count(announced - margins.length)} not (${count(rateLimitErrors)} calls ended in RateLimitError)`
        },
        { measure: "retries before the announced reset", value: count(early), target: "0", pass: early === 0 },
        {
          measure: "margin after the reset (min / p50 / p99)",
          value: `${ms(minimum)} / ${ms(percentile(margins, 50))} / ${ms(percentile(margins, 99))}`,
          target: "min ≥ 0",
          pass: margins.length > 0 && minimum >= 0
        }
      ]
      return {
        id: "c",
        title: "429 waits against announced resets",
        tried:
          "GETs against an emulator that answers 429 from a per-endpoint window (40 per 250 ms) and at a seeded 15 % " +
          "rate (reset 1-300 ms); the client's own backoff is 1-5 ms, so each wait is the one the server announced. The " +
          "proxy times each 429 and the retry that follows it.",
        figures,
        seconds: (performance.now() - started) / 1000
      }
    })
  )
