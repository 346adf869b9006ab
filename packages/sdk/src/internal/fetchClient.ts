/**
 * The `HttpClient` behind `ImageKit.layerFetch`: global `fetch` (or the `FetchHttpClient.Fetch` in context, with
 * `FetchHttpClient.RequestInit`), like `FetchHttpClient.layer`, but without the per-request machinery `send` does not
 * use. `FetchHttpClient` wraps each request in a tracing check, an interruptible response wrapper and a finalization
 * registry entry, and each body read in a cached effect run on a fiber of its own; that made the platform client,
 * not the SDK, the larger part of a call's CPU time (decision 0007).
 *
 * Every ImageKit answer is a small JSON document, so the body is read inside the request, under its abort signal:
 * an interruption (a timeout, a cancelled call) at any point before the body is in aborts the fetch, and the
 * response handed back is already complete.
 */
import * as Cookies from "@effect/platform/Cookies"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Inspectable from "effect/Inspectable"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as nodeTransport from "./nodeTransport.js"

const utf8 = new TextDecoder()

/** A response whose body has been read: every accessor answers from memory. */
class BufferedResponse extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId = HttpClientResponse.TypeId
  readonly [HttpIncomingMessage.TypeId]: HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  readonly remoteAddress: Option.Option<string> = Option.none()
  private cachedHeaders: Headers.Headers | undefined
  private cachedText: string | undefined

  constructor(
    readonly request: HttpClientRequest.HttpClientRequest,
    readonly status: number,
    private readonly webHeaders: globalThis.Headers,
    private readonly bytes: Uint8Array
  ) {
    super()
  }

  get headers(): Headers.Headers {
    if (this.cachedHeaders === undefined) this.cachedHeaders = Headers.fromInput(this.webHeaders)
    return this.cachedHeaders
  }

  get cookies(): Cookies.Cookies {
    return Cookies.fromSetCookie(this.webHeaders.getSetCookie())
  }

  private decodeError(cause: unknown): HttpClientError.ResponseError {
    return new HttpClientError.ResponseError({ request: this.request, response: this, reason: "Decode", cause })
  }

  private textNow(): string {
    if (this.cachedText === undefined) this.cachedText = utf8.decode(this.bytes)
    return this.cachedText
  }

  get text(): Effect.Effect<string, HttpClientError.ResponseError> {
    return Effect.sync(() => this.textNow())
  }

  get json(): Effect.Effect<unknown, HttpClientError.ResponseError> {
    return Effect.try({
      try: () => {
        const text = this.textNow()
        return text === "" ? null : JSON.parse(text)
      },
      catch: (cause) => this.decodeError(cause)
    })
  }

  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.ResponseError> {
    return Effect.try({
      try: () => UrlParams.fromInput(new URLSearchParams(this.textNow())),
      catch: (cause) => this.decodeError(cause)
    })
  }

  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.ResponseError> {
    return Effect.sync(() => {
      const copy = new Uint8Array(this.bytes.byteLength)
      copy.set(this.bytes)
      return copy.buffer
    })
  }

  get formData(): Effect.Effect<FormData, HttpClientError.ResponseError> {
    return Effect.tryPromise({
      try: () => new Response(new Uint8Array(this.bytes), { headers: this.webHeaders }).formData(),
      catch: (cause) => this.decodeError(cause)
    })
  }

  get stream(): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    return this.bytes.byteLength === 0 ? Stream.empty : Stream.succeed(this.bytes)
  }

  toJSON(): unknown {
    return { _id: "@effect/platform/HttpClientResponse", request: this.request.toJSON(), status: this.status }
  }
}

const transportError = (request: HttpClientRequest.HttpClientRequest, cause: unknown) =>
  new HttpClientError.RequestError({ request, reason: "Transport", cause })

/** An answer read to the end: what `send` needs from a response, without any wrapper. */
export interface Answer {
  readonly status: number
  readonly headers: globalThis.Headers
  readonly bytes: Uint8Array
}

/**
 * One request with `fetch`, the body read to the end under `signal`. Rejects with the cause of a transport failure;
 * `undefined` when the request cannot be sent this way (a streamed body, an invalid URL), for the caller to use
 * `HttpClient.execute` instead.
 */
export const fetchAnswer = (
  request: HttpClientRequest.HttpClientRequest,
  context: Context.Context<never>,
  signal: AbortSignal
): Promise<Answer> | undefined => {
  const body = request.body
  if (body._tag === "Stream") return undefined
  const url = UrlParams.makeUrl(request.url, request.urlParams, request.hash)
  if (Either.isLeft(url)) return undefined
  const fetch = Context.getOrElse(context, FetchHttpClient.Fetch, () => globalThis.fetch)
  const options = Context.getOrElse(context, FetchHttpClient.RequestInit, () => ({}) as RequestInit)
  let headers = options.headers ? Headers.merge(Headers.fromInput(options.headers), request.headers) : request.headers
  // fetch computes the length itself, and refuses a wrong one.
  if (headers["content-length"] !== undefined) headers = Headers.remove(headers, "content-length")
  const init: RequestInit = { ...options, method: request.method, headers, signal }
  if (body._tag === "Raw") init.body = body.body as BodyInit
  // The SDK only builds these from JSON text (never over shared memory), which fetch accepts as is.
  else if (body._tag === "Uint8Array") init.body = body.body as Uint8Array<ArrayBuffer>
  else if (body._tag === "FormData") init.body = body.formData
  return fetch(url.right, init).then((response) =>
    response.arrayBuffer().then((buffer) => ({
      status: response.status,
      headers: response.headers,
      bytes: new Uint8Array(buffer)
    }))
  )
}

const DirectTypeId: unique symbol = Symbol.for("@effect-imagekit/sdk/internal/fetchClient/Direct")

/** What `send` may use instead of the `HttpClient` interface: `fetchAnswer`, and on Node the node:http transport. */
interface Direct {
  readonly node: nodeTransport.Transport | undefined
}

/** Whether `client` is this module's client, whose requests `send` may run with {@link fetchAnswer} directly. */
export const isDirect = (client: HttpClient.HttpClient): boolean => DirectTypeId in client

/** The node:http transport of this module's client, on Node; `undefined` for any other client or runtime. */
export const nodeTransportOf = (client: HttpClient.HttpClient): nodeTransport.Transport | undefined =>
  DirectTypeId in client ? (client[DirectTypeId] as Direct).node : undefined

const execute = (
  request: HttpClientRequest.HttpClientRequest
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError> =>
  Effect.withFiberRuntime((fiber) => {
    const url = UrlParams.makeUrl(request.url, request.urlParams, request.hash)
    if (Either.isLeft(url)) {
      return Effect.fail(new HttpClientError.RequestError({ request, reason: "InvalidUrl", cause: url.left }))
    }
    const context = fiber.currentContext
    const fetch = Context.getOrElse(context, FetchHttpClient.Fetch, () => globalThis.fetch)
    const options = Context.getOrElse(context, FetchHttpClient.RequestInit, () => ({}) as RequestInit)
    let headers = options.headers ? Headers.merge(Headers.fromInput(options.headers), request.headers) : request.headers
    // fetch computes the length itself, and refuses a wrong one.
    if (headers["content-length"] !== undefined) headers = Headers.remove(headers, "content-length")

    const send = (body: BodyInit | undefined) =>
      Effect.async<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError>((resume, signal) => {
        const init: RequestInit & { duplex?: "half" } = { ...options, method: request.method, headers, signal }
        if (body !== undefined) init.body = body
        if (request.body._tag === "Stream") init.duplex = "half"
        fetch(url.right, init).then(
          (response) =>
            response.arrayBuffer().then(
              (buffer) =>
                resume(
                  Effect.succeed(
                    new BufferedResponse(request, response.status, response.headers, new Uint8Array(buffer))
                  )
                ),
              (cause: unknown) => resume(Effect.fail(transportError(request, cause)))
            ),
          (cause: unknown) => resume(Effect.fail(transportError(request, cause)))
        )
      })

    const body = request.body
    switch (body._tag) {
      case "Raw":
        return send(body.body as BodyInit)
      case "Uint8Array":
        // The SDK only builds these from JSON text (never over shared memory), which fetch accepts as is.
        return send(body.body as Uint8Array<ArrayBuffer>)
      case "FormData":
        return send(body.formData)
      case "Stream":
        return Effect.flatMap(Stream.toReadableStreamEffect(body.stream), send)
      case "Empty":
        return send(undefined)
    }
  })

/**
 * The lean fetch client; see the module comment for what it leaves out and why. It is marked so that `send` can skip
 * even the `HttpClient` interface and call {@link fetchAnswer} itself: one callback per attempt instead of a chain
 * of effects. Anything else (a user's `HttpClient.execute`, a wrapped client) sees an ordinary `HttpClient`.
 *
 * On Node the mark also carries a node:http transport (`nodeTransport.ts`), which `send` uses for API calls when no
 * `fetch` of the caller's is in context. Its keep-alive pool lives as long as this layer: the scope's finalizer
 * destroys it, so closing the runtime leaves no socket open.
 */
export const layer: Layer.Layer<HttpClient.HttpClient> = Layer.scoped(
  HttpClient.HttpClient,
  Effect.map(
    nodeTransport.available()
      ? Effect.acquireRelease(Effect.sync(nodeTransport.make), (transport) => Effect.sync(transport.close))
      : Effect.succeed(undefined),
    (node): HttpClient.HttpClient =>
      Object.assign(
        HttpClient.makeWith<HttpClientError.HttpClientError, never, HttpClientError.HttpClientError, never>(
          (request) => Effect.flatMap(request, execute),
          Effect.succeed
        ),
        { [DirectTypeId]: { node } satisfies Direct }
      )
  )
)
