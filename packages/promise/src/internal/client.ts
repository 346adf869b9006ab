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
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
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
  const settled = runtime()
    .runPromiseExit(program)
    .then((exit) => {
      if (Exit.isSuccess(exit)) return shape.result(exit.value[0], exit.value[1])
      const failure = Cause.failureOption(exit.cause)
      throw Option.isSome(failure) ? shape.failure(failure.value) : shape.unexpected(exit.cause)
    })
  if (callback === undefined) return settled
  const cb = callback as Callback
  // queueMicrotask: an exception thrown by the callback surfaces as an uncaught exception, as with any Node
  // callback API, instead of being swallowed into a promise nobody observes.
  settled.then(
    (value) => queueMicrotask(() => cb(null, value)),
    (error: unknown) => queueMicrotask(() => cb(error, null))
  )
  return undefined
}
