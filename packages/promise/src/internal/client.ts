/**
 * The Effect side of the adapter: one lazily built `ManagedRuntime` per instance holding the SDK client, and the
 * bridge that sends a request built with v6's rules through the client's raw-answer executor
 * (`ImageKit.Service.execute`) and settles a v6-style callback or Promise with the answer as the server sent it.
 *
 * The client runs over the SDK's `node:http` client (`NodeHttpClient`: keep-alive pool, uploads streamed with bounded
 * memory), or over the platform's fetch client with the caller's `fetch` when the `fetch` option is given. A v6
 * `uploadEndpoint` that is not `<base>/api/v1/files/upload` is honoured by rewriting the upload request's URL on the
 * client, whichever it is. The 429 body v6 returned comes from the SDK's `RateLimitError.body`.
 */
import * as ImageKit from "@effect-imagekit/sdk/ImageKit"
import * as ImageKitConfig from "@effect-imagekit/sdk/ImageKitConfig"
import type * as ImageKitError from "@effect-imagekit/sdk/ImageKitError"
import type * as ImageKitRequest from "@effect-imagekit/sdk/ImageKitRequest"
import * as NodeHttpClient from "@effect-imagekit/sdk/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import type * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as shape from "./shape.js"
import type * as requests from "./v6/requests.js"

/** Everything the client layer is built from, resolved by the constructor. */
export interface ClientSettings {
  readonly config: ImageKitConfig.Options
  readonly fetch: typeof globalThis.fetch | undefined
  /** Set when v6's `uploadEndpoint` is not `<base>/api/v1/files/upload`: every upload goes exactly here. */
  readonly uploadUrlOverride: string | undefined
}

const DEFAULT_UPLOAD_BASE_URL = "https://upload.imagekit.io"
const UPLOAD_PATH = "/api/v1/files/upload"

/** The transport: the caller's `fetch` if given, else ours over node:http; uploads sent to `uploadEndpoint`. */
const transport = (settings: ClientSettings): Layer.Layer<HttpClient.HttpClient> => {
  const custom = settings.fetch
  const base =
    custom === undefined
      ? NodeHttpClient.layer
      : FetchHttpClient.layer.pipe(Layer.provide(Layer.succeed(FetchHttpClient.Fetch, custom)))
  const override = settings.uploadUrlOverride
  if (override === undefined) return base
  const sdkUploadUrl = `${(settings.config.uploadBaseUrl ?? DEFAULT_UPLOAD_BASE_URL).replace(/\/$/, "")}${UPLOAD_PATH}`
  return Layer.effect(
    HttpClient.HttpClient,
    Effect.map(
      HttpClient.HttpClient,
      HttpClient.mapRequest((request) =>
        request.url === sdkUploadUrl ? HttpClientRequest.setUrl(request, override) : request
      )
    )
  ).pipe(Layer.provide(base))
}

/** The client layer of one adapter instance. */
export const makeLayer = (settings: ClientSettings): Layer.Layer<ImageKit.ImageKit> =>
  ImageKit.layer.pipe(Layer.provide(ImageKitConfig.layer(settings.config)), Layer.provide(transport(settings)))

/** A v6 callback: `(error, null)` or `(null, result)`. */
export type Callback = (error: unknown, result: unknown) => void

const CALLBACK_MESSAGE = "Callback must be a function."

/**
 * A call that an `AbortSignal` may cancel: aborting interrupts its fiber (which destroys an upload's socket and closes
 * its file), and the interruption settles with `aborted()` instead of the "client disposed" error.
 */
export interface Abortable {
  readonly signal: AbortSignal
  readonly aborted: () => unknown
}

/** How one request is sent: upload progress, and the signal that cancels it. */
export interface SendOptions {
  readonly onProgress?: ((progress: ImageKitRequest.Progress) => void) | undefined
  readonly abortable?: Abortable | undefined
  /** Send without the private key: a v2 upload authenticated by its token. */
  readonly withoutKey?: boolean | undefined
}

/**
 * Runs one v6 method the way v6's `promisify` did: with a callback, settle through it and return `undefined`;
 * without one, return a Promise. A non-function callback throws before anything runs.
 *
 * `build` makes the request with v6's rules. A rejected argument is delivered inside the call, before it returns,
 * as v6 did: through the callback (so an exception the callback throws reaches the caller), or as an already
 * rejected Promise; no runtime is started for it. Answers are delivered from a microtask, so an exception thrown by
 * the callback surfaces as an uncaught exception (as with any Node callback API) instead of unwinding the fiber that
 * settled.
 */
export const invoke = (
  runtime: () => ManagedRuntime.ManagedRuntime<ImageKit.ImageKit, never>,
  build: () => requests.BuildResult,
  callback: unknown,
  options: SendOptions = {}
): Promise<unknown> | undefined => {
  if (callback !== undefined && typeof callback !== "function") throw new Error(CALLBACK_MESSAGE)
  const built = build()
  if (Either.isLeft(built)) {
    const error = shape.invalid(built.left)
    if (callback === undefined) return Promise.reject(error)
    ;(callback as Callback)(error, null)
    return undefined
  }
  const request = built.right
  const { abortable, onProgress, withoutKey } = options
  const executeOptions =
    onProgress === undefined && withoutKey !== true
      ? undefined
      : { onProgress, ...(withoutKey === true ? { withoutKey } : {}) }
  const program = Effect.flatMap(ImageKit.ImageKit, (ik) => ik.execute(request, executeOptions))
  if (callback === undefined && abortable === undefined) return runtime().runPromiseExit(program).then(settle)
  const fiber = runtime().runFork(program)
  const outcome = (exit: Answer): Either.Either<unknown, unknown> =>
    abortable?.signal.aborted === true && Exit.isFailure(exit) && Cause.isInterruptedOnly(exit.cause)
      ? Either.left(abortable.aborted())
      : outcomeOf(exit)
  if (abortable !== undefined) {
    // The listener goes when the call ends, so a long-lived signal shared by many calls holds none of them.
    const { signal } = abortable
    const abort = (): void => fiber.unsafeInterruptAsFork(fiber.id())
    if (signal.aborted) abort()
    else {
      signal.addEventListener("abort", abort, { once: true })
      fiber.addObserver(() => signal.removeEventListener("abort", abort))
    }
  }
  if (callback === undefined) {
    return new Promise<Answer>((resolve) => fiber.addObserver(resolve)).then((exit) =>
      Either.getOrThrowWith(outcome(exit), (error) => error)
    )
  }
  const cb = callback as Callback
  fiber.addObserver((exit) => {
    queueMicrotask(() => {
      const settled = outcome(exit)
      if (Either.isRight(settled)) cb(null, settled.right)
      else cb(settled.left, null)
    })
  })
  return undefined
}

type Answer = Exit.Exit<ImageKitRequest.RawAnswer, ImageKitError.CallError>

/** The v6 value of an answer: the result with its metadata, or the v6-shaped error. */
const outcomeOf = (exit: Answer): Either.Either<unknown, unknown> => {
  if (Exit.isSuccess(exit)) return Either.right(shape.result(exit.value.body, exit.value.metadata))
  const failure = Cause.failureOption(exit.cause)
  return Either.left(Option.isSome(failure) ? shape.failure(failure.value) : shape.unexpected(exit.cause))
}

const settle = (exit: Answer): unknown =>
  Either.match(outcomeOf(exit), {
    onLeft: (error) => {
      throw error
    },
    onRight: (value) => value
  })
