/**
 * A fault proxy on 127.0.0.1: put it between a client and the emulator (or any HTTP/1.1 server) and it breaks
 * exchanges the way networks do, independently of the server: the answer lost after the whole request went through,
 * the request body cut off midway, the connection reset as the request starts, the answer held back past the client's
 * timeout, the request stalled. Faults are drawn per request from a seed, so a run can be repeated; `exchanges()`
 * records each request with its fault, its timings and the status and headers of its answer.
 *
 * The emulator's own `faults` act inside the server (a 5xx, a 429, a reset before the body is read); the proxy acts on
 * the wire, where a client cannot tell what the server did.
 *
 * @example
 * ```ts
 * import { Emulator, FaultProxy } from "@effect-imagekit/testing"
 *
 * const emulator = await Emulator.start()
 * const proxy = await FaultProxy.start({ target: emulator.url, seed: 7, lostAnswerRate: 0.1, cutBodyRate: 0.1 })
 * // Point the client at proxy.url (apiBaseUrl and uploadBaseUrl), run it, then compare what the client was told
 * // with what the emulator stored (emulator.model.files()) and what the proxy did (proxy.stats()).
 * await proxy.close()
 * await emulator.close()
 * ```
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as internal from "./internal/faultProxy.js"

/**
 * What can happen to one request:
 *
 * - `"lostAnswer"`: the whole request reaches the server; when its answer starts, both connections are closed and
 *   the client never sees it. The server has acted.
 * - `"cutBody"`: part of the request (of its body, or of its head when it has none) reaches the server, then both
 *   connections close. The request's final byte never goes through, so the server cannot have acted.
 * - `"reset"`: the connection is reset (TCP RST) before anything of the request is passed on; on a new connection,
 *   right after it was accepted.
 * - `"slowAnswer"`: the answer is held for `delayMs`, then passed on (if the client still waits). The server has acted.
 * - `"stall"`: like `"cutBody"`, but the proxy then stops reading and holds both connections open for `delayMs`
 *   before closing them: a client sees no progress at all.
 *
 * @since 0.1.0
 * @category models
 */
export type Fault = internal.ProxyFault

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The server behind the proxy, as an `http://` URL: the emulator's `url`, for instance. */
  readonly target: string
  /** Default 0 (a free port). */
  readonly port?: number | undefined
  /** Seed of the fault draws (default 1). */
  readonly seed?: number | undefined
  /** Share (0..1) of requests whose answer is lost. The five rates add up to at most 1. */
  readonly lostAnswerRate?: number | undefined
  /** Share (0..1) of requests cut off midway. */
  readonly cutBodyRate?: number | undefined
  /** Share (0..1) of requests whose connection is reset before anything is passed on. */
  readonly resetRate?: number | undefined
  /** Share (0..1) of requests whose answer is held for `delayMs`. */
  readonly slowAnswerRate?: number | undefined
  /** Share (0..1) of requests stalled midway for `delayMs`, then dropped. */
  readonly stallRate?: number | undefined
  /** The hold of `slowAnswer` and `stall`: ms, or a `[min, max]` range drawn per request. Default 1000. */
  readonly delayMs?: number | readonly [number, number] | undefined
}

/**
 * One request as the proxy saw it: the connection it came on, method and target (empty for a connection reset before
 * its first request arrived), the fault it suffered, when its head arrived, when its last byte was passed on to the
 * server and when the first byte of its answer was passed back (`performance.now()` milliseconds; absent when that
 * never happened), and the answer's status and headers (names in lower case).
 *
 * @since 0.1.0
 * @category models
 */
export type Exchange = internal.Exchange

/**
 * Counts of connections, requests and each injected fault.
 *
 * @since 0.1.0
 * @category models
 */
export type Stats = internal.ProxyStats

/**
 * A running proxy: its `url`, `stats()`, `exchanges()`, `connections()` (client connections open, and those waiting
 * for an answer the proxy holds or never got), `injectNext` and `close`.
 *
 * @since 0.1.0
 * @category models
 */
export type Running = internal.RunningProxy

/**
 * Why the proxy did not start: its options are not usable (`InvalidOptions`: a rate outside 0..1, rates adding up
 * past 1, a target that is not an `http://` URL) or it could not listen (`ListenFailed`).
 *
 * @since 0.1.0
 * @category errors
 */
export class FaultProxyError extends Schema.TaggedError<FaultProxyError>()("FaultProxyError", {
  reason: Schema.Literal("InvalidOptions", "ListenFailed"),
  message: Schema.String
}) {}

const toFaultProxyError = (error: unknown): FaultProxyError => {
  if (error instanceof FaultProxyError) return error
  const message = error instanceof Error ? error.message : String(error)
  return new FaultProxyError({
    reason: error instanceof internal.ProxyListenProblem ? "ListenFailed" : "InvalidOptions",
    message
  })
}

/**
 * Starts a proxy in front of `target`; call `close()` when done. Rejects with a {@link FaultProxyError}.
 *
 * @example
 * ```ts
 * import { Emulator, FaultProxy } from "@effect-imagekit/testing"
 *
 * const emulator = await Emulator.start()
 * const proxy = await FaultProxy.start({ target: emulator.url })
 * proxy.injectNext("lostAnswer") // the next request is applied by the emulator, and its answer dropped
 * console.log(proxy.url, proxy.stats().lostAnswers)
 * await proxy.close()
 * await emulator.close()
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const start = (options: Options): Promise<Running> =>
  internal.start(options).catch((error: unknown) => Promise.reject(toFaultProxyError(error)))

/**
 * Starts a proxy for the lifetime of the scope.
 *
 * @example
 * ```ts
 * import { Emulator, FaultProxy } from "@effect-imagekit/testing"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const emulator = yield* Emulator.scoped()
 *   const proxy = yield* FaultProxy.scoped({ target: emulator.url, seed: 1, resetRate: 0.05 })
 *   return proxy.url
 * })
 *
 * Effect.runPromiseExit(Effect.scoped(program))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const scoped = (options: Options): Effect.Effect<Running, FaultProxyError, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.tryPromise({ try: () => internal.start(options), catch: toFaultProxyError }),
    (running) => Effect.promise(() => running.close())
  )
