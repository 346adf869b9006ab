/**
 * Seeded fault injection for the emulator: latency, 5xx answers, connection resets before the body is read and
 * responses lost after the change is applied. Every request draws the same number of values from the PRNG, so a
 * seed and a sequence of requests give the same faults on every run.
 */
import { seededRandom } from "./model/random.js"

export interface FaultOptions {
  /** PRNG seed (default 1). */
  readonly seed?: number | undefined
  /** Delay before each request is handled: a fixed number of ms or a `[min, max]` range. */
  readonly latencyMs?: number | readonly [number, number] | undefined
  /** Share (0..1) of requests answered 500, 502 or 503 before the model sees them. */
  readonly serverErrorRate?: number | undefined
  /** Share (0..1) of requests whose socket is destroyed before the body is read; nothing is applied. */
  readonly resetRate?: number | undefined
  /** Share (0..1) of requests applied to the model, after which the socket is destroyed without an answer. */
  readonly lostResponseRate?: number | undefined
  /**
   * Share (0..1) of requests answered 429 before the model sees them, with `X-RateLimit-*` headers announcing a
   * reset within `rateLimitResetMs` (default 200 ms): rate limiting as a fault, independent of the per-endpoint rules.
   */
  readonly rateLimitedRate?: number | undefined
  readonly rateLimitResetMs?: number | undefined
}

export type Fault =
  | { readonly _tag: "ServerError"; readonly status: number }
  | { readonly _tag: "Reset" }
  | { readonly _tag: "LostResponse" }
  | { readonly _tag: "RateLimited"; readonly resetMs: number }

/** What happens to one request: a delay, then at most one fault. */
export interface FaultPlan {
  readonly latencyMs: number
  readonly fault: Fault | undefined
}

export type InjectedFault = "serverError" | "reset" | "lostResponse" | "rateLimited" | { readonly status: number }

export interface FaultInjector {
  readonly next: () => FaultPlan
  /** Forces the next `times` requests (default 1) to suffer `fault`, whatever the rates say. */
  readonly injectNext: (fault: InjectedFault, times?: number) => void
}

const SERVER_ERROR_STATUSES = [500, 502, 503] as const

const DEFAULT_RATE_LIMIT_RESET_MS = 200

const toFault = (injected: InjectedFault, pick: number, resetMs: number): Fault => {
  if (typeof injected === "object") return { _tag: "ServerError", status: injected.status }
  if (injected === "rateLimited") return { _tag: "RateLimited", resetMs }
  if (injected === "reset") return { _tag: "Reset" }
  if (injected === "lostResponse") return { _tag: "LostResponse" }
  return { _tag: "ServerError", status: SERVER_ERROR_STATUSES[pick] ?? 500 }
}

export const makeFaultInjector = (options: FaultOptions = {}): FaultInjector => {
  const random = seededRandom(options.seed ?? 1)
  const queue: Array<InjectedFault> = []
  const latency = options.latencyMs ?? 0
  const [minLatency, maxLatency] = typeof latency === "number" ? [latency, latency] : latency
  return {
    next: () => {
      // Always seven draws per request, so the faults of a run depend only on the seed and the request order.
      const latencyDraw = random()
      const serverErrorDraw = random()
      const statusDraw = Math.floor(random() * SERVER_ERROR_STATUSES.length)
      const resetDraw = random()
      const lostDraw = random()
      const rateLimitedDraw = random()
      const resetMsDraw = random()
      const latencyMs = Math.max(0, Math.round(minLatency + latencyDraw * (maxLatency - minLatency)))
      const resetMs = Math.max(1, Math.round(resetMsDraw * (options.rateLimitResetMs ?? DEFAULT_RATE_LIMIT_RESET_MS)))
      const injected = queue.shift()
      if (injected !== undefined) return { latencyMs, fault: toFault(injected, statusDraw, resetMs) }
      if (rateLimitedDraw < (options.rateLimitedRate ?? 0))
        return { latencyMs, fault: { _tag: "RateLimited", resetMs } }
      if (serverErrorDraw < (options.serverErrorRate ?? 0))
        return { latencyMs, fault: toFault("serverError", statusDraw, resetMs) }
      if (resetDraw < (options.resetRate ?? 0)) return { latencyMs, fault: { _tag: "Reset" } }
      if (lostDraw < (options.lostResponseRate ?? 0)) return { latencyMs, fault: { _tag: "LostResponse" } }
      return { latencyMs, fault: undefined }
    },
    injectNext: (fault, times = 1) => {
      for (let index = 0; index < times; index++) queue.push(fault)
    }
  }
}
