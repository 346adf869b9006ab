/**
 * API calls over `node:http` / `node:https` on Node, behind `ImageKit.layerFetch` when no `fetch` of the caller's is
 * in context. Raw `fetch` is only 1.25–1.67 × `@imagekit/nodejs@7` in round trips on our benchmark VM: undici's
 * per-request work is most of a call, so no fetch client can reach the 1.5 × budget; a raw `node:http` client with a
 * keep-alive agent measured 2.5–4 × (docs/decisions/0011-node-http-api-transport.md).
 *
 * This module only exchanges one request for one answer read to the end. Everything else stays in `send`: timers,
 * retries, error mapping, metadata. One transport belongs to one client layer: its keep-alive agents are created on
 * the first call and destroyed (every socket closed) when the layer's scope closes; a call made after that falls back
 * to `fetch` rather than open a pool nobody would close.
 *
 * Uploads keep their own connection per request (`nodeUpload.ts`); this pool is for small JSON exchanges.
 */
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Either from "effect/Either"

/** An answer read to the end: status, lower-case headers (repeated ones joined with ", ") and the decoded body. */
export interface NodeAnswer {
  readonly status: number
  readonly headers: Record<string, string>
  readonly text: string
}

type Http = typeof import("node:http")
type Https = typeof import("node:https")
type Zlib = typeof import("node:zlib")

interface Modules {
  readonly http: Http
  readonly https: Https
  readonly zlib: Zlib
}

// Loaded on the first call over a transport, by dynamic import: the SDK stays importable where node:http does not
// exist (browsers, edge runtimes), and a client that never calls the API (URL building only) never loads it.
let modules: Modules | undefined
let loading: Promise<Modules> | undefined

const load = (): Promise<Modules> => {
  if (loading === undefined) {
    loading = Promise.all([import("node:http"), import("node:https"), import("node:zlib")]).then(
      ([http, https, zlib]) => {
        modules = { http, https, zlib }
        return modules
      }
    )
  }
  return loading
}

/** Whether this runtime is Node (Bun and Deno expose `process.versions.node` too, with working `node:http`). */
export const available = (): boolean =>
  typeof process === "object" && process !== null && typeof process.versions?.node === "string"

// An idle pooled socket is dropped after this long, before the 5 s keep-alive timeout of Node servers (and of the
// emulator) can close it under a request that is just being sent; undici uses the same 4 s. A shorter
// `Keep-Alive: timeout=N` from the server wins (Node's agent reads the hint).
const IDLE_SOCKET_MILLIS = 4000

// Methods whose empty body goes out as `content-length: 0`, as fetch sends it; without the header Node would send
// nothing for them, which some servers answer with 411.
const BODY_METHODS = new Set(["POST", "PUT", "PATCH"])

const utf8 = new TextDecoder()

export interface Transport {
  /**
   * Sends `request` and reads the answer to the end. Exactly one of `onAnswer` / `onFailure` is called, never
   * synchronously, unless the returned abort ran first (then neither is). `undefined` when this transport cannot send
   * the request (a streamed or form body, an invalid URL, the transport closed); the caller then uses `fetch`.
   */
  readonly start: (
    request: HttpClientRequest.HttpClientRequest,
    onAnswer: (answer: NodeAnswer) => void,
    onFailure: (cause: unknown) => void
  ) => (() => void) | undefined
  /** Destroys the agents and with them every pooled or busy socket; later calls return `undefined`. */
  readonly close: () => void
}

export const make = (): Transport => {
  let closed = false
  let agents: { readonly http: import("node:http").Agent; readonly https: import("node:https").Agent } | undefined

  const agentsFor = (loaded: Modules) => {
    if (agents === undefined) {
      // No `maxSockets`: like undici's pool, one socket per request in flight, reused once it is free.
      const options = { keepAlive: true, timeout: IDLE_SOCKET_MILLIS }
      agents = { http: new loaded.http.Agent(options), https: new loaded.https.Agent(options) }
    }
    return agents
  }

  const start: Transport["start"] = (request, onAnswer, onFailure) => {
    if (closed) return undefined
    const body = request.body
    let payload: Uint8Array | undefined
    if (body._tag === "Uint8Array") payload = body.body
    else if (body._tag === "Raw" && typeof body.body === "string") payload = new TextEncoder().encode(body.body)
    else if (body._tag !== "Empty") return undefined
    const built = UrlParams.makeUrl(request.url, request.urlParams, request.hash)
    if (Either.isLeft(built)) return undefined
    const url = built.right
    const secure = url.protocol === "https:"
    if (!secure && url.protocol !== "http:") return undefined

    const headers: Record<string, string> = { ...request.headers }
    // fetch computes the length itself; so does this, from the bytes it sends.
    if (payload !== undefined) headers["content-length"] = String(payload.byteLength)
    else if (BODY_METHODS.has(request.method)) headers["content-length"] = "0"
    else delete headers["content-length"]
    // fetch asks for compressed answers and inflates them; so does this, so a large listing costs the same bytes.
    if (headers["accept-encoding"] === undefined) headers["accept-encoding"] = "gzip, deflate, br"

    let done = false
    let clientRequest: import("node:http").ClientRequest | undefined
    const fail = (cause: unknown) => {
      if (done) return
      done = true
      onFailure(cause)
    }
    const succeed = (answer: NodeAnswer) => {
      if (done) return
      done = true
      // Node hands a kept-alive socket back to the agent in a `nextTick` queued when the answer ends, before this
      // listener ran. Answering in the next tick as well, after it, guarantees the caller's next request finds the
      // socket free (else it may open a second one), whatever queue the end event itself was emitted from.
      process.nextTick(onAnswer, answer)
    }

    const send = (loaded: Modules) => {
      if (done) return
      if (closed) {
        fail(new Error("The ImageKit client's layer was closed"))
        return
      }
      const pool = agentsFor(loaded)
      let outgoing: import("node:http").ClientRequest
      try {
        const options = { method: request.method, headers, agent: secure ? pool.https : pool.http }
        outgoing = secure ? loaded.https.request(url, options) : loaded.http.request(url, options)
      } catch (cause) {
        // Invalid header characters and the like throw at once; callers are told asynchronously, as promised.
        queueMicrotask(() => fail(cause))
        return
      }
      clientRequest = outgoing
      outgoing.on("error", fail)
      outgoing.on("response", (response) => {
        const chunks: Array<Buffer> = []
        response.on("data", (chunk: Buffer) => {
          chunks.push(chunk)
        })
        response.on("error", fail)
        // Node reports an answer cut off mid-body as an error on the response; this covers a close without one.
        response.on("close", () => {
          if (!response.complete) fail(new Error("The connection closed before the answer was complete"))
        })
        response.on("end", () => {
          if (done) return
          const status = response.statusCode ?? 0
          const received: Record<string, string> = {}
          const raw = response.headers
          for (const name in raw) {
            const value = raw[name]
            if (value !== undefined) received[name] = typeof value === "string" ? value : value.join(", ")
          }
          const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)
          const encoding = received["content-encoding"]?.trim().toLowerCase()
          const answer = (decoded: Uint8Array) => succeed({ status, headers: received, text: utf8.decode(decoded) })
          if (bytes.byteLength === 0 || encoding === undefined || encoding === "" || encoding === "identity") {
            answer(bytes)
            return
          }
          const inflate =
            encoding === "gzip" || encoding === "x-gzip"
              ? loaded.zlib.gunzip
              : encoding === "deflate"
                ? loaded.zlib.inflate
                : encoding === "br"
                  ? loaded.zlib.brotliDecompress
                  : undefined
          if (inflate === undefined) {
            // An encoding we did not ask for: hand the bytes on as they are, as fetch does.
            answer(bytes)
            return
          }
          inflate(bytes, (error, inflated) => {
            if (error !== null) fail(error)
            else answer(inflated)
          })
        })
      })
      outgoing.end(payload)
    }

    if (modules !== undefined) send(modules)
    else load().then(send, fail)

    return () => {
      if (done) return
      done = true
      // Destroying the request destroys its socket, which is not returned to the pool: nothing is left open.
      clientRequest?.destroy()
    }
  }

  return {
    start,
    close: () => {
      closed = true
      agents?.http.destroy()
      agents?.https.destroy()
      agents = undefined
    }
  }
}
