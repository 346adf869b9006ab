/**
 * A fake ImageKit for tests: the in-memory model behind a mock `HttpClient`, with no sockets. Provide
 * `ImageKitTest.layer()` instead of the real client and your code runs unchanged against uploads, listings,
 * versions, folders, bulk jobs, purges and custom metadata that behave like the real API.
 *
 * @example
 * ```ts
 * import { ImageKitTest } from "@effect-imagekit/testing"
 * import { ImageKit } from "@effect-imagekit/sdk"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const ik = yield* ImageKit.ImageKit
 *   yield* ik.upload({ file: new Uint8Array([1, 2, 3]), fileName: "a.bin", folder: "/docs" })
 *   const model = yield* ImageKitTest.ImageKitModel
 *   return model.files().length // 1
 * })
 *
 * Effect.runPromiseExit(program.pipe(Effect.provide(ImageKitTest.layer())))
 * ```
 *
 * @since 0.1.0
 */
import * as ImageKit from "@effect-imagekit/sdk/ImageKit"
import * as ImageKitConfig from "@effect-imagekit/sdk/ImageKitConfig"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { answerWeb, makeGateway } from "./internal/gateway.js"
import { makeModel, type Model, type ModelOptions } from "./internal/model/index.js"

/**
 * The model behind the fake: inspect stored files and folders, seed files and custom metadata fields.
 *
 * @since 0.1.0
 * @category tags
 */
export class ImageKitModel extends Context.Tag("@effect-imagekit/testing/ImageKitModel")<ImageKitModel, Model>() {}

/**
 * Options of {@link layer}.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends ModelOptions {
  /** The keys the fake accepts and the client sends. Defaults are test values. */
  readonly publicKey?: string | undefined
  readonly privateKey?: string | undefined
}

/**
 * Test keys used when none are given.
 *
 * @since 0.1.0
 * @category constants
 */
export const testKeys = { publicKey: "public_test_key", privateKey: "private_test_key" } as const

// Only the path and query are used; the host only has to be a valid URL.
const BASE_URL = "http://imagekit.test"

const toWebRequest = (request: HttpClientRequest.HttpClientRequest, url: URL, bytes?: Uint8Array): Request => {
  const body = request.body
  const init: RequestInit = { method: request.method, headers: request.headers }
  if (bytes !== undefined) init.body = new Uint8Array(bytes)
  else if (body._tag === "Uint8Array") init.body = new Uint8Array(body.body)
  else if (body._tag === "FormData") init.body = body.formData
  else if (body._tag === "Raw" && (typeof body.body === "string" || body.body instanceof Uint8Array)) {
    init.body = typeof body.body === "string" ? body.body : new Uint8Array(body.body)
  }
  // FormData sets its own multipart content type with the boundary; other bodies carry theirs on the body.
  if (body._tag === "Uint8Array" || body._tag === "Raw" || body._tag === "Stream") {
    const contentType = body.contentType ?? ""
    if (contentType !== "") init.headers = { ...request.headers, "content-type": contentType }
  }
  return new Request(url, init)
}

/**
 * A streamed body (an upload from a stream, a path or a Blob) is collected first: the model answers whole requests,
 * and with no socket there is nothing to stream to.
 */
const streamedBytes = (
  request: HttpClientRequest.HttpClientRequest
): Effect.Effect<Uint8Array | undefined, HttpClientError.RequestError> => {
  const body = request.body
  if (body._tag !== "Stream") return Effect.succeed(undefined)
  return body.stream.pipe(
    Stream.runFold([] as Array<Uint8Array>, (chunks, chunk) => {
      chunks.push(chunk)
      return chunks
    }),
    Effect.map((chunks) => {
      const bytes = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.length, 0))
      let offset = 0
      for (const chunk of chunks) {
        bytes.set(chunk, offset)
        offset += chunk.length
      }
      return bytes
    }),
    Effect.mapError((cause) => new HttpClientError.RequestError({ request, reason: "Encode", cause }))
  )
}

/**
 * An `HttpClient` answered by `model` (no sockets).
 *
 * @since 0.1.0
 * @category constructors
 */
export const httpClient = (model: Model, privateKey: string = testKeys.privateKey): HttpClient.HttpClient => {
  const gateway = makeGateway(model, { privateKey })
  return HttpClient.make((request, url) =>
    Effect.flatMap(streamedBytes(request), (bytes) =>
      Effect.tryPromise({
        try: () => answerWeb(gateway, toWebRequest(request, url, bytes)),
        catch: (cause) => new HttpClientError.RequestError({ request, reason: "Transport", cause })
      })
    ).pipe(Effect.map((response) => HttpClientResponse.fromWeb(request, response)))
  )
}

/**
 * The whole fake: `ImageKit` (configured with test keys against the model) and `ImageKitModel`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<ImageKit.ImageKit | ImageKitModel> => {
  const publicKey = options.publicKey ?? testKeys.publicKey
  const privateKey = options.privateKey ?? testKeys.privateKey
  return Layer.unwrapEffect(
    Effect.sync(() => {
      // Jobs and purges report Completed on the first poll unless asked otherwise: this layer is mostly used under
      // `it.effect`, whose TestClock does not move by itself, so a waiter's one-second sleep between polls would
      // wait forever there (the emulator keeps the real API's lag of one Pending poll).
      const model = makeModel({ ...options, pendingPolls: options.pendingPolls ?? 0 })
      const config = ImageKitConfig.layer({
        publicKey,
        privateKey,
        urlEndpoint: model.urlEndpoint,
        apiBaseUrl: BASE_URL,
        uploadBaseUrl: BASE_URL,
        retry: { maxRetries: 0 }
      })
      const http = Layer.succeed(HttpClient.HttpClient, httpClient(model, privateKey))
      return Layer.merge(
        ImageKit.layer.pipe(Layer.provide(config), Layer.provide(http)),
        Layer.succeed(ImageKitModel, model)
      )
    })
  )
}
