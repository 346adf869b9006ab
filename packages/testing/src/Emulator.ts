/**
 * A local ImageKit on 127.0.0.1: the same model as the mock layer behind a real HTTP server, for end-to-end tests
 * over real sockets and for the CLI's embedded mode. It serves the API and upload routes on one port, checks HTTP
 * Basic auth, and serves stored files under `/delivery` (verifying `ik-s`/`ik-t` on signed URLs).
 *
 * @example
 * ```ts
 * import { Emulator } from "@effect-imagekit/testing"
 * import { ImageKit } from "@effect-imagekit/sdk"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const ik = yield* ImageKit.ImageKit
 *   return yield* ik.listFiles()
 * })
 *
 * // Starts a server on a free port for the program's lifetime, with a client pointed at it.
 * Effect.runPromiseExit(program.pipe(Effect.provide(Emulator.layer())))
 * ```
 *
 * @since 0.1.0
 */
import * as ImageKit from "@effect-imagekit/sdk/ImageKit"
import * as ImageKitConfig from "@effect-imagekit/sdk/ImageKitConfig"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import type { ModelOptions } from "./internal/model/index.js"
import * as server from "./internal/server.js"

/**
 * A running emulator: its base URL (use it as `apiBaseUrl` and `uploadBaseUrl`), the URL endpoint files are served
 * under, the model for assertions and seeding, and `close`.
 *
 * @since 0.1.0
 * @category models
 */
export type Running = server.RunningServer

/**
 * @since 0.1.0
 * @category models
 */
export interface Options extends Omit<ModelOptions, "urlEndpoint"> {
  /** The key clients must send; default `private_test_key`. `layer`'s client uses it unless `config` says otherwise. */
  readonly privateKey?: string | undefined
  readonly publicKey?: string | undefined
  /** Default 0 (a free port). */
  readonly port?: number | undefined
  readonly maxBodyBytes?: number | undefined
  /** Clock in ms used to judge signed-URL expiry and rate-limit windows. */
  readonly now?: (() => number) | undefined
  /**
   * Per-endpoint limits, each a fixed-window counter: past `limit` requests in `intervalMs` the server answers 429
   * with `X-RateLimit-Limit`, `X-RateLimit-Reset` (ms until the window resets) and `X-RateLimit-Interval`.
   */
  readonly rateLimits?:
    | ReadonlyArray<{
        readonly method?: string | undefined
        readonly pathPrefix: string
        readonly limit: number
        readonly intervalMs: number
      }>
    | undefined
  /**
   * Seeded faults: latency, 500/502/503 before the model is touched (`serverErrorRate`), a connection reset before
   * the body is read (`resetRate`), and a lost response after the request was applied (`lostResponseRate`). Counts
   * are in `stats()`; `injectNext` forces faults on the next requests.
   */
  readonly faults?:
    | {
        readonly seed?: number | undefined
        readonly latencyMs?: number | readonly [number, number] | undefined
        readonly serverErrorRate?: number | undefined
        readonly resetRate?: number | undefined
        readonly lostResponseRate?: number | undefined
      }
    | undefined
}

/**
 * The running emulator, in layers built by {@link layer}.
 *
 * @since 0.1.0
 * @category tags
 */
export class EmulatorServer extends Context.Tag("@effect-imagekit/testing/EmulatorServer")<EmulatorServer, Running>() {}

const defaults = { publicKey: "public_test_key", privateKey: "private_test_key" } as const

/**
 * Starts an emulator; call `close()` when done.
 *
 * @since 0.1.0
 * @category constructors
 */
export const start = (options: Options = {}): Promise<Running> =>
  server.start({ ...options, privateKey: options.privateKey ?? defaults.privateKey })

/**
 * Starts an emulator for the lifetime of the scope.
 *
 * @since 0.1.0
 * @category constructors
 */
export const scoped = (options: Options = {}): Effect.Effect<Running, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(() => start(options)),
    (running) => Effect.promise(() => running.close())
  )

/**
 * An emulator plus an `ImageKit` client (real `fetch`) configured against it.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options & { readonly config?: Partial<ImageKitConfig.Options> | undefined } = {}
): Layer.Layer<ImageKit.ImageKit | EmulatorServer> =>
  Layer.unwrapScoped(
    Effect.map(scoped(options), (running) =>
      Layer.merge(
        ImageKit.layer.pipe(
          Layer.provide(
            ImageKitConfig.layer({
              publicKey: options.publicKey ?? defaults.publicKey,
              // The client's key may differ from the server's, to test what a wrong key does.
              privateKey: options.privateKey ?? defaults.privateKey,
              ...options.config,
              urlEndpoint: running.urlEndpoint,
              apiBaseUrl: running.url,
              uploadBaseUrl: running.url
            })
          ),
          Layer.provide(FetchHttpClient.layer)
        ),
        Layer.succeed(EmulatorServer, running)
      )
    )
  )
