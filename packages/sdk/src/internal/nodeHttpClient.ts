/**
 * An `HttpClient` over `node:http` / `node:https`, the transport of `ImageKit.layerNode`.
 *
 * Why our own: Node's `fetch` (undici) keeps a streamed request body in memory until the request ends
 * (nodejs/undici#4058), and its per-request work is most of a small call's cost (decision 0011). A keep-alive
 * `node:http` agent measured 2.5–4 × `@imagekit/nodejs@7` in round trips. `@effect/platform-node`'s client would do,
 * but it brings `@effect/cluster`, `rpc` and `sql` as peers to every user's install (decision 0012).
 *
 * What it promises the sender (`send.ts`), which is all a test double must promise too:
 * - a `Stream` body is written with backpressure, and an empty chunk in it is a flush: the pull after it comes only
 *   once every byte before it was handed to the socket, so the multipart body, which ends with one, knows exactly when
 *   the whole body went out: the sender counts progress and the upload's outcome on the stream alone;
 * - a `Stream` body is not pulled before the connection is up (a refused connection leaves a read-once source
 *   unread), and goes over a connection of its own (a pooled socket the server closes at that moment would fail the
 *   request after its body was written, an outcome nobody could tell apart from a lost answer);
 * - interruption destroys the request and its socket; the answer is read to the end (and inflated) before it is
 *   handed back; redirects are not followed.
 *
 * Small requests share a keep-alive pool that lives as long as the layer: closing the layer's scope destroys it (a
 * client used after that still works, one connection per request).
 */
import * as Cookies from "@effect/platform/Cookies"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Inspectable from "effect/Inspectable"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { importBuiltin } from "./nodeBuiltins.js"

type Http = typeof import("node:http")
type Https = typeof import("node:https")
type Zlib = typeof import("node:zlib")
type ClientRequest = import("node:http").ClientRequest

interface Modules {
  readonly http: Http
  readonly https: Https
  readonly zlib: Zlib
}

// An idle pooled socket is dropped after this long, before the 5 s keep-alive timeout of Node servers (and of the
// emulator) can close it under a request that is just being sent; undici uses the same 4 s. A shorter
// `Keep-Alive: timeout=N` from the server wins (Node's agent reads the hint).
const IDLE_SOCKET_MILLIS = 4000

// Methods whose empty body goes out as `content-length: 0`, as fetch sends it; without the header Node would send
// nothing for them, which some servers answer with 411.
const BODY_METHODS: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH"])

const utf8 = new TextDecoder()
const encoder = new TextEncoder()

/** An answer read to the end: every accessor answers from memory. */
class NodeResponse extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId = HttpClientResponse.TypeId
  readonly [HttpIncomingMessage.TypeId]: HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  readonly remoteAddress: Option.Option<string> = Option.none()
  readonly headers: Headers.Headers
  private cachedText: string | undefined

  constructor(
    readonly request: HttpClientRequest.HttpClientRequest,
    readonly status: number,
    headers: Record<string, string>,
    private readonly setCookie: ReadonlyArray<string>,
    private readonly bytes: Uint8Array
  ) {
    super()
    this.headers = Headers.unsafeFromRecord(headers)
  }

  get cookies(): Cookies.Cookies {
    return Cookies.fromSetCookie(this.setCookie)
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
      try: () => new Response(new Uint8Array(this.bytes), { headers: this.headers }).formData(),
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

const encodeError = (request: HttpClientRequest.HttpClientRequest, cause: unknown) =>
  new HttpClientError.RequestError({ request, reason: "Encode", cause })

/** What the body of a request is on the wire: bytes sent at once, or a stream written chunk by chunk. */
type Payload =
  | { readonly _tag: "Bytes"; readonly bytes: Uint8Array | undefined }
  | {
      readonly _tag: "Stream"
      readonly stream: Stream.Stream<Uint8Array, unknown>
      readonly length: number | undefined
    }

const payloadOf = (request: HttpClientRequest.HttpClientRequest): Payload | undefined => {
  const body = request.body
  switch (body._tag) {
    case "Empty":
      return { _tag: "Bytes", bytes: undefined }
    case "Uint8Array":
      return { _tag: "Bytes", bytes: body.body }
    case "Raw":
      if (typeof body.body === "string") return { _tag: "Bytes", bytes: encoder.encode(body.body) }
      if (body.body instanceof Uint8Array) return { _tag: "Bytes", bytes: body.body }
      return undefined
    case "FormData":
      return undefined
    case "Stream":
      return { _tag: "Stream", stream: body.stream, length: body.contentLength }
  }
}

const contentTypeOf = (request: HttpClientRequest.HttpClientRequest): string | undefined => {
  const body = request.body
  return body._tag === "Empty" || body._tag === "FormData" ? undefined : body.contentType
}

const inflaterFor = (zlib: Zlib, encoding: string | undefined) => {
  switch (encoding?.trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return zlib.gunzip
    case "deflate":
      return zlib.inflate
    case "br":
      return zlib.brotliDecompress
    default:
      // No encoding, or one we did not ask for: the bytes are handed on as they are, as fetch does.
      return undefined
  }
}

/**
 * Waits for the answer and reads it to the end. Node hands a kept-alive socket back to its agent in a `nextTick`
 * queued when the answer ends; answering in the tick after it guarantees the caller's next request finds the socket
 * free instead of opening another. Interruption destroys the request, and with it the socket.
 */
const answerOf = (
  modules: Modules,
  request: HttpClientRequest.HttpClientRequest,
  outgoing: ClientRequest
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError> =>
  Effect.async((resume) => {
    let settled = false
    const fail = (cause: unknown) => {
      if (settled) return
      settled = true
      resume(Effect.fail(transportError(request, cause)))
    }
    outgoing.on("error", fail)
    outgoing.on("response", (incoming) => {
      const chunks: Array<Uint8Array> = []
      incoming.on("data", (chunk: Uint8Array) => {
        chunks.push(chunk)
      })
      incoming.on("error", fail)
      // Node reports an answer cut off mid-body as an error on the response; this covers a close without one.
      incoming.on("close", () => {
        if (!incoming.complete) fail(new Error("The connection closed before the answer was complete"))
      })
      incoming.on("end", () => {
        if (settled) return
        const headers: Record<string, string> = {}
        const raw = incoming.headers
        for (const name in raw) {
          const value = raw[name]
          if (value !== undefined) headers[name] = typeof value === "string" ? value : value.join(", ")
        }
        const setCookie = raw["set-cookie"] ?? []
        const bytes = chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks)
        const finish = (decoded: Uint8Array) => {
          if (settled) return
          settled = true
          const response = new NodeResponse(request, incoming.statusCode ?? 0, headers, setCookie, decoded)
          process.nextTick(() => resume(Effect.succeed(response)))
        }
        // The server answered before taking the whole body (an early 413 or 429): the connection is done with.
        if (!outgoing.writableFinished) outgoing.destroy()
        const inflate = bytes.byteLength === 0 ? undefined : inflaterFor(modules.zlib, headers["content-encoding"])
        if (inflate === undefined) finish(bytes)
        else
          inflate(bytes, (error, inflated) => {
            if (error !== null) fail(error)
            else finish(inflated)
          })
      })
    })
    return Effect.sync(() => {
      settled = true
      outgoing.destroy()
    })
  })

/** Resolves once the connection is up (TLS included), so that no body byte is read before it can be sent. */
const connected = (outgoing: ClientRequest): Effect.Effect<void> =>
  Effect.async((resume) => {
    const onSocket = (socket: import("node:net").Socket) => {
      if (!socket.connecting) {
        resume(Effect.void)
        return
      }
      const event = "encrypted" in socket && socket.encrypted === true ? "secureConnect" : "connect"
      socket.once(event, () => resume(Effect.void))
    }
    outgoing.once("socket", onSocket)
    return Effect.sync(() => outgoing.off("socket", onSocket))
  })

/**
 * The body of a streamed request, written as it is pulled, with backpressure: each pull's chunk is written, and the
 * next pull waits for `drain` whenever Node's buffer is full. An empty element asks for a flush: what follows waits
 * until every byte written so far has been handed to the socket (its write callback came), which is how the multipart
 * body marks its end as sent (multipartBody.ts). Writes that fail are not the body's failure: the server may have
 * answered early (a 413, a 502) and hung up, and the request's own error or answer tells what happened. A failure of
 * the body's source fails the request.
 *
 * Per written buffer this allocates nothing of its own (one shared write callback and a count, no promise or effect):
 * a body is thousands of 64 KiB buffers, and every object made per buffer keeps the buffers alive through more
 * garbage collections (decision 0076).
 */
const pump = (
  request: HttpClientRequest.HttpClientRequest,
  outgoing: ClientRequest,
  stream: Stream.Stream<Uint8Array, unknown>
): Effect.Effect<void, HttpClientError.HttpClientError> => {
  // Writes whose callback has not come yet, and who waits for that count to reach zero (a flush).
  let unconfirmed = 0
  let onAllWritten: (() => void) | undefined
  const written = () => {
    unconfirmed--
    if (unconfirmed === 0 && onAllWritten !== undefined) {
      const resume = onAllWritten
      onAllWritten = undefined
      resume()
    }
  }
  const flushed = Effect.async<void>((resume) => {
    if (unconfirmed === 0) {
      resume(Effect.void)
      return
    }
    onAllWritten = () => resume(Effect.void)
    return Effect.sync(() => {
      onAllWritten = undefined
    })
  })
  // Resumes on `drain`, or on `close` (a destroyed request drains no more; its error or answer ends the exchange).
  const drained = Effect.async<void>((resume) => {
    const go = () => {
      outgoing.off("drain", go)
      outgoing.off("close", go)
      resume(Effect.void)
    }
    outgoing.on("drain", go)
    outgoing.on("close", go)
    return Effect.sync(() => {
      outgoing.off("drain", go)
      outgoing.off("close", go)
    })
  })
  /**
   * Writes `items` from `start` (a pull's chunk is in memory already: writing all of it costs nothing more), then
   * waits for `drain` if the last write found Node's buffer full; a flush element waits for every write's callback.
   */
  const writeFrom = (items: ReadonlyArray<Uint8Array>, start: number): Effect.Effect<void> => {
    let room = true
    for (let index = start; index < items.length; index++) {
      const bytes = items[index] as Uint8Array
      if (bytes.byteLength === 0) {
        const rest = index + 1
        // Once every write's callback came, Node's buffer is empty: no `drain` to wait for.
        return Effect.zipRight(
          flushed,
          Effect.suspend(() => writeFrom(items, rest))
        )
      }
      unconfirmed++
      room = outgoing.write(bytes, written)
    }
    return room ? Effect.void : drained
  }
  const body = Effect.scoped(
    Effect.flatMap(Stream.toPull(stream), (pull) => {
      const loop: Effect.Effect<void, unknown> = Effect.matchEffect(pull, {
        onFailure: (error) => (Option.isNone(error) ? Effect.void : Effect.fail(error.value)),
        onSuccess: (chunk) => Effect.zipRight(writeFrom(Chunk.toReadonlyArray(chunk), 0), loop)
      })
      return loop
    })
  )
  return connected(outgoing).pipe(
    Effect.zipRight(body),
    Effect.matchEffect({
      onFailure: (error) => Effect.fail(encodeError(request, error)),
      onSuccess: () => Effect.sync(() => outgoing.end())
    })
  )
}

// Loaded on the first request, by dynamic import, and kept: the SDK stays importable where node:http does not exist
// (browsers, edge runtimes), and building the layer stays synchronous (a Promise caller's first call validates its
// arguments before anything asynchronous happens).
let loaded: Modules | undefined
const modules: Effect.Effect<Modules> = Effect.suspend(() =>
  loaded !== undefined
    ? Effect.succeed(loaded)
    : Effect.promise(() =>
        Promise.all([importBuiltin("http"), importBuiltin("https"), importBuiltin("zlib")]).then(
          ([http, https, zlib]) => {
            loaded = { http, https, zlib }
            return loaded
          }
        )
      )
)

interface Pool {
  agents: { readonly http: import("node:http").Agent; readonly https: import("node:https").Agent } | undefined
  closed: boolean
}

const makeClient: Effect.Effect<HttpClient.HttpClient, never, Scope.Scope> = Effect.map(
  Effect.acquireRelease(
    Effect.sync((): Pool => ({ agents: undefined, closed: false })),
    (pool) =>
      Effect.sync(() => {
        pool.closed = true
        pool.agents?.http.destroy()
        pool.agents?.https.destroy()
        pool.agents = undefined
      })
  ),
  (pool) => {
    const execute = (
      request: HttpClientRequest.HttpClientRequest
    ): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError> =>
      Effect.flatMap(modules, (modules) =>
        Effect.suspend(() => {
          const built = UrlParams.makeUrl(request.url, request.urlParams, request.hash)
          if (Either.isLeft(built)) {
            return Effect.fail(new HttpClientError.RequestError({ request, reason: "InvalidUrl", cause: built.left }))
          }
          const url = built.right
          if (pool.agents === undefined && !pool.closed) {
            const options = { keepAlive: true, timeout: IDLE_SOCKET_MILLIS }
            pool.agents = { http: new modules.http.Agent(options), https: new modules.https.Agent(options) }
          }
          const agents = pool.agents
          const payload = payloadOf(request)
          if (payload === undefined) {
            return Effect.fail(encodeError(request, new Error("This client sends bytes, text or a Stream as a body")))
          }
          const secure = url.protocol === "https:"
          if (!secure && url.protocol !== "http:") {
            return Effect.fail(
              new HttpClientError.RequestError({ request, reason: "InvalidUrl", cause: new Error(url.protocol) })
            )
          }
          const headers: Record<string, string> = { ...request.headers }
          const contentType = contentTypeOf(request)
          if (contentType !== undefined && headers["content-type"] === undefined) headers["content-type"] = contentType
          const length = payload._tag === "Bytes" ? payload.bytes?.byteLength : payload.length
          if (length !== undefined) headers["content-length"] = String(length)
          else if (payload._tag === "Bytes" && BODY_METHODS.has(request.method)) headers["content-length"] = "0"
          else delete headers["content-length"]
          // Compressed answers cost fewer bytes for large listings; they are inflated before they are handed back.
          if (headers["accept-encoding"] === undefined) headers["accept-encoding"] = "gzip, deflate, br"
          // A client used after its layer closed still works, over a connection of its own that nothing keeps open.
          const agent = payload._tag === "Stream" || agents === undefined ? false : secure ? agents.https : agents.http
          let outgoing: ClientRequest
          try {
            const options = { method: request.method, headers, agent }
            outgoing = secure ? modules.https.request(url, options) : modules.http.request(url, options)
          } catch (cause) {
            // Invalid header characters and the like throw at once.
            return Effect.fail(encodeError(request, cause))
          }
          const answer = answerOf(modules, request, outgoing)
          if (payload._tag === "Bytes") {
            outgoing.end(payload.bytes)
            return answer
          }
          // The answer may come before the body is done (an early 413): then the rest of the body is not read. A
          // body that fails stops the request; one that ends waits for the answer.
          return Effect.raceFirst(answer, Effect.zipRight(pump(request, outgoing, payload.stream), Effect.never))
        })
      )
    // `HttpClient.make` would add, per request, an AbortController, a span check, a FinalizationRegistry entry and an
    // interruptible response wrapper (about 20 µs of CPU, bench/src/send-components.mjs); this client needs none of
    // them: its exchange is one `Effect.async` whose canceler destroys the request, and its answer is read already.
    return HttpClient.makeWith<HttpClientError.HttpClientError, never, HttpClientError.HttpClientError, never>(
      (request) => Effect.flatMap(request, execute),
      Effect.succeed
    )
  }
)

/** The client, its keep-alive pool scoped to the layer (closing the scope destroys every socket). */
export const layer: Layer.Layer<HttpClient.HttpClient> = Layer.scoped(HttpClient.HttpClient, makeClient)
