/**
 * The Effect side of the adapter: one lazily built `ManagedRuntime` per instance holding the SDK client, and the
 * bridge that runs an operation with `runPromiseExit` and settles a v6-style callback or Promise.
 *
 * The client is `ImageKit.layerFetch` (the SDK's fastest wiring) with the adapter's own `fetch` in context. That
 * `fetch` wraps the caller's (or the global one) for the two things the SDK does not do for v6: posting uploads to a
 * verbatim `uploadEndpoint`, and keeping the body of a 429 (the SDK's `RateLimitError` keeps only its headers). The
 * 429 body travels to the error mapping in an internal response header, which `shape` removes again. Answers other
 * than 429 pass through untouched, so the wrapper costs one promise hop per request.
 */
import * as ImageKit from "@effect-imagekit/sdk/ImageKit"
import type * as ImageKitConfig from "@effect-imagekit/sdk/ImageKitConfig"
import type * as ImageKitError from "@effect-imagekit/sdk/ImageKitError"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import type * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as shape from "./shape.js"

/** Everything the client layer is built from, resolved by the constructor. */
export interface ClientSettings {
  readonly config: ImageKitConfig.Options
  readonly fetch: typeof globalThis.fetch | undefined
  /** Set when v6's `uploadEndpoint` is not `<base>/api/v1/files/upload`: every upload goes exactly here. */
  readonly uploadUrlOverride: string | undefined
}

const DEFAULT_UPLOAD_BASE_URL = "https://upload.imagekit.io"
const UPLOAD_PATH = "/api/v1/files/upload"

const urlOf = (input: Parameters<typeof globalThis.fetch>[0]): string =>
  typeof input === "string" ? input : input instanceof URL ? input.href : input.url

/** The `fetch` every request of one instance goes through; see the module comment. */
export const makeFetch = (settings: ClientSettings): typeof globalThis.fetch => {
  const custom = settings.fetch
  // The global is looked up per request, so code that replaces globalThis.fetch later (test doubles) is honoured.
  const base: typeof globalThis.fetch = custom ?? ((input, init) => globalThis.fetch(input, init))
  const override = settings.uploadUrlOverride
  const sdkUploadUrl = `${(settings.config.uploadBaseUrl ?? DEFAULT_UPLOAD_BASE_URL).replace(/\/$/, "")}${UPLOAD_PATH}`
  return async (input, init) => {
    const target = override !== undefined && urlOf(input) === sdkUploadUrl ? override : input
    const response = await base(target, init)
    if (response.status !== 429) return response
    const text = await response.text()
    const headers = new Headers(response.headers)
    headers.set(shape.RATE_LIMIT_BODY_HEADER, encodeURIComponent(text))
    return new Response(text, { status: response.status, statusText: response.statusText, headers })
  }
}

/** The client layer of one adapter instance: `ImageKit` over its configuration, with the adapter's `fetch`. */
export const makeLayer = (settings: ClientSettings): Layer.Layer<ImageKit.ImageKit> =>
  Layer.merge(ImageKit.layerFetch(settings.config), Layer.succeed(FetchHttpClient.Fetch, makeFetch(settings)))

/** A v6 callback: `(error, null)` or `(null, result)`. */
export type Callback = (error: unknown, result: unknown) => void

const CALLBACK_MESSAGE = "Callback must be a function."

/**
 * Runs one operation the way v6's `promisify` did: with a callback, settle through it and return `undefined`;
 * without one, return a Promise. A non-function callback throws before anything runs.
 */
export const invoke = <A>(
  runtime: () => ManagedRuntime.ManagedRuntime<ImageKit.ImageKit, never>,
  operation: (client: ImageKit.Service) => Effect.Effect<A, ImageKit.OperationError>,
  callback: unknown
): Promise<unknown> | undefined => {
  if (callback !== undefined && typeof callback !== "function") throw new Error(CALLBACK_MESSAGE)
  const program = ImageKit.withResponseMetadata(ImageKit.withRawBody(Effect.flatMap(ImageKit.ImageKit, operation)))
  if (callback === undefined) return runtime().runPromiseExit(program).then(settle)
  const cb = callback as Callback
  // v6 delivered local validation failures inside the call, before it returned. A fiber runs synchronously until
  // its first asynchronous step, and a validation failure has none, so the observer below fires before `runFork`'s
  // caller continues: the callback runs inside the call, and an exception it throws reaches the caller, as in v6.
  // Answers that arrive later are delivered from a microtask, so an exception thrown by the callback surfaces as an
  // uncaught exception (as with any Node callback API) instead of unwinding the fiber that settled.
  let insideCall = true
  const fiber = runtime().runFork(program)
  fiber.addObserver((exit) => {
    const deliver = (): void => {
      const outcome = outcomeOf(exit)
      if (Either.isRight(outcome)) cb(null, outcome.right)
      else cb(outcome.left, null)
    }
    if (insideCall) deliver()
    else queueMicrotask(deliver)
  })
  insideCall = false
  return undefined
}

type Answer = Exit.Exit<readonly [unknown, Option.Option<ImageKitError.ResponseMetadata>], ImageKit.OperationError>

/** The v6 value of an answer: the result with its metadata, or the v6-shaped error. */
const outcomeOf = (exit: Answer): Either.Either<unknown, unknown> => {
  if (Exit.isSuccess(exit)) return Either.right(shape.result(exit.value[0], exit.value[1]))
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
