/**
 * The Effect side of the adapter: one lazily built `ManagedRuntime` per instance holding the SDK client, and the
 * bridge that runs an operation with `runPromiseExit` and settles a v6-style callback or Promise.
 */
import * as ImageKit from "@effect-imagekit/sdk/ImageKit"
import * as ImageKitConfig from "@effect-imagekit/sdk/ImageKitConfig"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
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

const UPLOAD_PATH = "/api/v1/files/upload"

/** Where the current call keeps a 429 body; `undefined` outside the adapter (the escape hatch's own calls). */
const currentRateLimitBody: FiberRef.FiberRef<shape.RateLimitBody | undefined> = FiberRef.unsafeMake<
  shape.RateLimitBody | undefined
>(undefined)

const keepRateLimitBody = (
  response: HttpClientResponse.HttpClientResponse
): Effect.Effect<HttpClientResponse.HttpClientResponse> =>
  Effect.flatMap(FiberRef.get(currentRateLimitBody), (slot) =>
    slot === undefined
      ? Effect.succeed(response)
      : Effect.map(
          Effect.orElseSucceed(response.text, () => ""),
          (text) => {
            slot.text = text
            // The SDK gets a fresh response over the same text, so it can read the body in any way it likes.
            return HttpClientResponse.fromWeb(
              response.request,
              new Response(text, { status: response.status, headers: response.headers })
            )
          }
        )
  )

/**
 * The adapter's `HttpClient`: the platform `fetch` client (with the caller's `fetch` when given) that also keeps
 * 429 bodies for v6's error shape and, when asked, sends uploads to v6's `uploadEndpoint` verbatim.
 */
const httpClientLayer = (settings: ClientSettings, uploadBaseUrl: string): Layer.Layer<HttpClient.HttpClient> => {
  const fetchLayer =
    settings.fetch === undefined
      ? FetchHttpClient.layer
      : FetchHttpClient.layer.pipe(Layer.provide(Layer.succeed(FetchHttpClient.Fetch, settings.fetch)))
  const override = settings.uploadUrlOverride
  const sdkUploadUrl = uploadBaseUrl + UPLOAD_PATH
  return Layer.effect(
    HttpClient.HttpClient,
    Effect.map(HttpClient.HttpClient, (client) => {
      const withBodies = HttpClient.transformResponse(client, (response) =>
        Effect.flatMap(response, (res) => (res.status === 429 ? keepRateLimitBody(res) : Effect.succeed(res)))
      )
      return override === undefined
        ? withBodies
        : HttpClient.mapRequest(withBodies, (request) =>
            request.url === sdkUploadUrl ? HttpClientRequest.setUrl(request, override) : request
          )
    })
  ).pipe(Layer.provide(fetchLayer))
}

/** The client layer of one adapter instance: `ImageKit` over its configuration and HTTP client. */
export const makeLayer = (settings: ClientSettings): Layer.Layer<ImageKit.ImageKit> => {
  const resolved = ImageKitConfig.make(settings.config)
  return ImageKit.layer.pipe(
    Layer.provide(Layer.succeed(ImageKitConfig.ImageKitConfig, resolved)),
    Layer.provide(httpClientLayer(settings, resolved.uploadBaseUrl))
  )
}

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
  const slot: shape.RateLimitBody = { text: undefined }
  const program = Effect.locally(
    ImageKit.withResponseMetadata(ImageKit.withRawBody(Effect.flatMap(ImageKit.ImageKit, operation))),
    currentRateLimitBody,
    slot
  )
  const settled = runtime()
    .runPromiseExit(program)
    .then((exit) => {
      if (Exit.isSuccess(exit)) return shape.result(exit.value[0], exit.value[1])
      const failure = Cause.failureOption(exit.cause)
      throw Option.isSome(failure) ? shape.failure(failure.value, slot) : shape.unexpected(exit.cause)
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
