/**
 * The SDK's own `HttpClient` over `node:http` / `node:https`, the transport of `ImageKit.layerNode`: a keep-alive pool
 * scoped to the layer, request bodies from a `Stream` written with backpressure (each chunk pulled once the previous
 * one reached the socket), a connection of its own for a streamed body, interruption that destroys the request, and
 * no redirects followed. Use it to wrap the client (`HttpClient.mapRequest`, a proxy) and still get everything
 * `layerNode` gives.
 *
 * @example
 * ```ts
 * import { ImageKit, ImageKitConfig, NodeHttpClient } from "@effect-imagekit/sdk"
 * import { HttpClient, HttpClientRequest } from "@effect/platform"
 * import { Effect, Layer } from "effect"
 *
 * // Every request carries a header of your own.
 * const Tagged = Layer.effect(
 *   HttpClient.HttpClient,
 *   Effect.map(HttpClient.HttpClient, HttpClient.mapRequest(HttpClientRequest.setHeader("x-team", "media")))
 * ).pipe(Layer.provide(NodeHttpClient.layer))
 *
 * const MainLive = ImageKit.layer.pipe(Layer.provide(ImageKitConfig.layerConfig()), Layer.provide(Tagged))
 * ```
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Layer from "effect/Layer"
import * as internal from "./internal/nodeHttpClient.js"

/**
 * The client; its sockets are closed when the layer's scope closes. Needs `node:http` (Node, Bun, Deno).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<HttpClient.HttpClient> = internal.layer
