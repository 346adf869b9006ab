/**
 * A local ImageKit on 127.0.0.1: the same model as the mock layer behind a real HTTP server, for end-to-end tests
 * over real sockets and for the CLI's `imagekit emulator`. It serves every API and upload route of the current API on
 * one port, checks HTTP Basic auth before reading a body (and browsers' signed or JWT uploads), and serves stored
 * files under `/delivery` (verifying `ik-s`/`ik-t` on signed URLs, honouring named transformations, counting usage).
 * Options add body limits, rate limits and seeded faults, a `dataDir` that keeps the state across restarts, signed
 * webhook posting, and a loopback-only fetch of uploads' `file` URLs.
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
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import type { ModelOptions } from "./internal/model/index.js"
import { DataDirProblem } from "./internal/persistence.js"
import * as server from "./internal/server.js"
import type * as webhooks from "./internal/webhooks.js"

/**
 * A running emulator: its base URL (use it as `apiBaseUrl` and `uploadBaseUrl`), the URL endpoint files are served
 * under, the model for assertions and seeding, `stats()`, `injectNext` (force faults), `dataDir`, the webhook
 * helpers (`sendWebhook`, `webhookDeliveries`, `webhooksIdle`) and `close` (which also writes any pending state).
 *
 * @example
 * ```ts
 * import { Emulator } from "@effect-imagekit/testing"
 *
 * const running: Emulator.Running = await Emulator.start({
 *   webhook: { url: "http://127.0.0.1:4000/hooks", secret: "whsec_test" }
 * })
 * await running.sendWebhook({ type: "video.transformation.ready", data: {} })
 * await running.webhooksIdle()
 * console.log(running.webhookDeliveries(), running.stats().webhooksDelivered)
 * await running.close()
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Running = server.RunningServer

/**
 * What the emulator has done: requests, 429s, injected faults, webhook deliveries and data dir writes.
 *
 * @since 0.1.0
 * @category models
 */
export type Stats = server.ServerStats

/**
 * One webhook delivery: the event's id and type, `pending` / `delivered` / `failed`, the attempts made, and the
 * last answer's status or error.
 *
 * @since 0.1.0
 * @category models
 */
export type WebhookDelivery = webhooks.WebhookDelivery

/**
 * A webhook event as ImageKit posts it (`type`, `id`, `created_at`, usually `request` and `data`).
 *
 * @since 0.1.0
 * @category models
 */
export type WebhookEvent = webhooks.WebhookEvent

/**
 * Where the emulator posts signed webhook events.
 *
 * @since 0.1.0
 * @category models
 */
export interface WebhookOptions {
  /** The receiver, e.g. `http://127.0.0.1:4000/webhooks`. */
  readonly url: string
  /** The signing secret (`whsec_...`); used whole, as UTF-8, as ImageKit does. */
  readonly secret: string | Redacted.Redacted<string>
  /** Attempts per event, the first included (default 3). */
  readonly attempts?: number | undefined
  /** Wait before the first retry in ms, doubled for each further one (default 50). */
  readonly retryDelayMs?: number | undefined
  /** Time allowed for one attempt in ms (default 5000). */
  readonly timeoutMs?: number | undefined
  /** Called once per event, when it was delivered or used up its attempts (the CLI prints it). */
  readonly onSettled?: ((delivery: WebhookDelivery) => void) | undefined
}

/**
 * Why the emulator did not start: its data dir cannot be created or read (`DataDirUnreadable`), holds a damaged
 * state (`DataDirCorrupt`), is in use by another emulator (`DataDirLocked`), or the port is taken (`ListenFailed`).
 * The message names the dir or port and what to do; it never contains a key or secret.
 *
 * @example
 * ```ts
 * import { Emulator } from "@effect-imagekit/testing"
 * import { Effect } from "effect"
 *
 * const program = Emulator.scoped({ dataDir: "./.imagekit-emulator" }).pipe(
 *   Effect.catchTag("EmulatorError", (error) => Effect.logError(error.reason, error.message))
 * )
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class EmulatorError extends Schema.TaggedError<EmulatorError>()("EmulatorError", {
  reason: Schema.Literal("DataDirUnreadable", "DataDirCorrupt", "DataDirLocked", "ListenFailed"),
  message: Schema.String
}) {}

/**
 * @since 0.1.0
 * @category models
 */
export interface Options extends Omit<ModelOptions, "urlEndpoint" | "restore"> {
  /** The key clients must send; default `private_test_key`. `layer`'s client uses it unless `config` says otherwise. */
  readonly privateKey?: string | undefined
  readonly publicKey?: string | undefined
  /** Default 0 (a free port). */
  readonly port?: number | undefined
  /**
   * The largest request body in bytes: default 1.5 GiB (a 1 GiB file and its form fields), at most 4 GiB. A declared
   * `Content-Length` over it is answered 413 at once, before any of the body is read; a chunked body once it passes
   * it. The CLI's `imagekit emulator --max-body` sets it.
   */
  readonly maxBodyBytes?: number | undefined
  /**
   * The bytes of request bodies the emulator holds at once, across concurrent requests (default 256 MiB). A body
   * waits, unread, until it fits; one larger than this runs alone. Bodies are read only after the key was checked.
   */
  readonly maxBufferedBytes?: number | undefined
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
        /** Share (0..1) of requests answered 429 with `X-RateLimit-*` headers announcing a reset within `rateLimitResetMs` (default 200). */
        readonly rateLimitedRate?: number | undefined
        readonly rateLimitResetMs?: number | undefined
      }
    | undefined
  /**
   * Keeps the state (file bytes, versions, folders, custom metadata fields, purges, bulk jobs, the id sequence) in
   * this directory, created if missing, so a restart with the same dir continues where the last run stopped.
   * Changes are written a few ms after they happen (longer for a large state, see `docs/testing.md`) and on
   * `close()` or process exit, so a clean stop loses nothing. Memory only when absent.
   */
  readonly dataDir?: string | undefined
  /**
   * Posts signed events here: `upload.pre-transform.success` / `upload.post-transform.success` after uploads with
   * `transformation`, and whatever `running.sendWebhook` sends. Delivery is in the background, retried, and never
   * affects the API answer; see `running.webhookDeliveries()`.
   */
  readonly webhook?: WebhookOptions | undefined
  /**
   * Fetch an upload's `file` when it is a URL, as ImageKit does, but only from this machine (127.0.0.0/8, ::1,
   * `localhost`; no redirects, 8 s to answer, at most `maxBodyBytes`), so a test can upload from a local server
   * without letting the emulator reach any other host. Off by default: a URL `file` is then a 400.
   */
  readonly remoteFetch?: boolean | undefined
}

/**
 * The running emulator, in layers built by {@link layer}.
 *
 * @since 0.1.0
 * @category tags
 */
export class EmulatorServer extends Context.Tag("@effect-imagekit/testing/EmulatorServer")<EmulatorServer, Running>() {}

const defaults = { publicKey: "public_test_key", privateKey: "private_test_key" } as const

const toEmulatorError = (error: unknown): EmulatorError => {
  if (error instanceof EmulatorError) return error
  if (error instanceof DataDirProblem) return new EmulatorError({ reason: error.reason, message: error.message })
  if (error instanceof server.ListenProblem)
    return new EmulatorError({ reason: "ListenFailed", message: error.message })
  const detail = error instanceof Error ? error.message : String(error)
  return new EmulatorError({ reason: "DataDirUnreadable", message: `The emulator could not start: ${detail}` })
}

/**
 * Starts an emulator; call `close()` when done. Rejects with an {@link EmulatorError} when it cannot start.
 *
 * @example
 * ```ts
 * import { Emulator } from "@effect-imagekit/testing"
 *
 * const running = await Emulator.start({ dataDir: "./.imagekit-emulator" })
 * console.log(running.url) // http://127.0.0.1:<port>
 * await running.close()
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const start = (options: Options = {}): Promise<Running> => {
  const { webhook, ...rest } = options
  return server
    .start({
      ...rest,
      privateKey: options.privateKey ?? defaults.privateKey,
      ...(webhook === undefined
        ? {}
        : {
            webhook: {
              ...webhook,
              secret: Redacted.isRedacted(webhook.secret) ? Redacted.value(webhook.secret) : webhook.secret
            }
          })
    })
    .catch((error: unknown) => Promise.reject(toEmulatorError(error)))
}

/**
 * Starts an emulator for the lifetime of the scope.
 *
 * @example
 * ```ts
 * import { Emulator } from "@effect-imagekit/testing"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const running = yield* Emulator.scoped({ webhook: { url: "http://127.0.0.1:4000/hooks", secret: "whsec_test" } })
 *   const delivery = yield* Effect.promise(() => running.sendWebhook())
 *   return delivery.status // "delivered" once the receiver answered 2xx
 * })
 *
 * Effect.runPromiseExit(Effect.scoped(program))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const scoped = (options: Options = {}): Effect.Effect<Running, EmulatorError, Scope.Scope> =>
  Effect.acquireRelease(Effect.tryPromise({ try: () => start(options), catch: toEmulatorError }), (running) =>
    Effect.promise(() => running.close())
  )

/**
 * An emulator plus an `ImageKit` client (real `fetch`) configured against it.
 *
 * @example
 * ```ts
 * import { Emulator } from "@effect-imagekit/testing"
 * import { ImageKit } from "@effect-imagekit/sdk"
 * import { Effect } from "effect"
 *
 * // The state survives in ./.imagekit-emulator: run it twice and the second run lists the first run's file.
 * const program = Effect.gen(function*() {
 *   const ik = yield* ImageKit.ImageKit
 *   yield* ik.upload({ file: new Uint8Array([1, 2, 3]), fileName: "a.bin", useUniqueFileName: false })
 *   return yield* ik.listFiles()
 * })
 *
 * Effect.runPromiseExit(program.pipe(Effect.provide(Emulator.layer({ dataDir: "./.imagekit-emulator" }))))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options & { readonly config?: Partial<ImageKitConfig.Options> | undefined } = {}
): Layer.Layer<ImageKit.ImageKit | EmulatorServer, EmulatorError> =>
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
