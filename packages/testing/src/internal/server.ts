/**
 * The loopback HTTP server: node:http in front of the gateway (API and upload routes on one port) and a delivery
 * route that serves stored files at the URL endpoint path, checking `ik-s`/`ik-t` on signed URLs. Every request
 * passes the configured rate limits and seeded faults first.
 */
import { constants as bufferConstants } from "node:buffer"
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { makeByteBudget } from "./byteBudget.js"
import { corsHeaders, isPreflight, isUploadRoute, preflightHeaders } from "./cors.js"
import { type Fault, type FaultOptions, type InjectedFault, makeFaultInjector } from "./faults.js"
import { type Gateway, type GatewayRequest, makeGateway } from "./gateway.js"
import {
  makeModel,
  type Model,
  type ModelOptions,
  type ModelRequest,
  type ModelResponse,
  SUPPORT_HELP
} from "./model/index.js"
import { type DataDir, openDataDir, type WriteBehind, writeBehind } from "./persistence.js"
import { perceptualHash } from "./perceptualHash.js"
import { makeRateLimiter, type RateLimitRule, type RateLimitVerdict } from "./rateLimit.js"
import { makeRemoteFetch } from "./remoteFetch.js"
import { hasBody, readBody } from "./requestBody.js"
import { uploadEvents } from "./uploadEvents.js"
import {
  completeEvent,
  makeWebhookSender,
  sampleVideoEvent,
  type WebhookDelivery,
  type WebhookSender,
  type WebhookTarget
} from "./webhooks.js"

/** The server could not listen (e.g. the port is taken). */
export class ListenProblem extends Error {}

export interface ServerOptions extends Omit<ModelOptions, "urlEndpoint" | "restore"> {
  readonly privateKey: string
  /** Default 0 (a free port). The server only ever binds 127.0.0.1. */
  readonly port?: number | undefined
  /** The largest request body, in bytes (default 1.5 GiB, at most 4 GiB). */
  readonly maxBodyBytes?: number | undefined
  /** The bytes of request bodies held at once across requests (default 256 MiB); a body over it runs alone. */
  readonly maxBufferedBytes?: number | undefined
  /** Clock for signed-URL expiry and rate-limit windows, in ms (default `Date.now`). */
  readonly now?: (() => number) | undefined
  readonly rateLimits?: ReadonlyArray<RateLimitRule> | undefined
  readonly faults?: FaultOptions | undefined
  /** Where the state is kept across restarts; memory only when absent. */
  readonly dataDir?: string | undefined
  /** Where signed events are posted. */
  readonly webhook?: WebhookTarget | undefined
  /** Fetch an upload's `file` URL when it is on this machine (loopback only); off by default. */
  readonly remoteFetch?: boolean | undefined
}

/** What the server has done so far; faults count only the injected ones. */
export interface ServerStats {
  readonly requests: number
  readonly rateLimited: number
  readonly serverErrors: number
  readonly resets: number
  readonly lostResponses: number
  /** Webhook deliveries that succeeded, and those that used up their attempts. */
  readonly webhooksDelivered: number
  readonly webhooksFailed: number
  /** Writes of the data dir's state, the ms they took in total, and failed writes (0 without a data dir). */
  readonly stateWrites: number
  readonly stateWriteMs: number
  readonly stateWriteErrors: number
  /** Bytes of request bodies held now, and the most held at once (see `maxBufferedBytes`). */
  readonly bodyBytesHeld: number
  readonly bodyBytesPeak: number
}

/** An event to post: at least a `type`; `id` and `created_at` are filled in when missing. */
export type WebhookEventInput = { readonly type: string; readonly [field: string]: unknown }

export interface RunningServer {
  readonly url: string
  readonly port: number
  readonly urlEndpoint: string
  readonly model: Model
  readonly stats: () => ServerStats
  /** Forces the next `times` requests (default 1) to suffer `fault`, whatever the configured rates say. */
  readonly injectNext: (fault: InjectedFault, times?: number) => void
  /** The absolute data dir, when the state persists. */
  readonly dataDir: string | undefined
  /** Every webhook delivery so far, oldest first. */
  readonly webhookDeliveries: () => ReadonlyArray<WebhookDelivery>
  /**
   * Posts `event` (default: a sample `video.transformation.accepted`) to the webhook URL; resolves with the
   * delivery once it succeeded or used up its attempts. Rejects only when no webhook is configured.
   */
  readonly sendWebhook: (event?: WebhookEventInput) => Promise<WebhookDelivery>
  /** Resolves once every queued webhook delivery has settled. */
  readonly webhooksIdle: () => Promise<void>
  readonly close: () => Promise<void>
}

const DELIVERY_PREFIX = "/delivery"
/** What a `rateLimitedRate` fault announces: a plausible per-endpoint quota, reset as the fault drew. */
const FAULT_RATE_LIMIT = 100
const FAULT_RATE_LIMIT_INTERVAL_MS = 1000

const webHeaders = (request: IncomingMessage): Headers => {
  const headers = new Headers()
  for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) {
    try {
      headers.append(request.rawHeaders[index] ?? "", request.rawHeaders[index + 1] ?? "")
    } catch {
      // A header the web Headers class refuses (Node accepts more) is one the model never reads.
    }
  }
  return headers
}

/** What the server sends: a status, headers and bytes (file delivery) or a JSON value. */
interface Answer {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body?: unknown
}

const send = (response: ServerResponse, answer: Answer): void => {
  const body =
    answer.body === undefined
      ? undefined
      : answer.body instanceof Uint8Array
        ? answer.body
        : Buffer.from(JSON.stringify(answer.body))
  // A HEAD answer keeps the length of the body it leaves out.
  const length = body === undefined ? (answer.headers["content-length"] ?? "0") : String(body.length)
  const headers: Record<string, string> = { ...answer.headers, "content-length": length }
  response.writeHead(answer.status, headers)
  response.end(body)
}

/** What the server reads and throws away after an early answer before it closes the connection. */
const DRAIN_BYTES = 16 * 1024 * 1024
const DRAIN_MS = 5000

/**
 * After an early answer (a wrong key, a body over the limit) the client may still be sending. Closing at once makes
 * it fail writing (EPIPE) before it reads the answer, so the rest of the body is read and thrown away, holding
 * nothing; past 16 MiB or 5 s the connection is closed anyway, so a client announcing 2 GiB costs at most that.
 */
const drain = (request: IncomingMessage): void => {
  let drained = 0
  const stop = () => {
    clearTimeout(timer)
    request.socket.destroy()
  }
  const timer = setTimeout(stop, DRAIN_MS)
  timer.unref()
  request.on("data", (chunk: Buffer) => {
    drained += chunk.length
    if (drained > DRAIN_BYTES) stop()
  })
  request.once("end", () => clearTimeout(timer))
  request.once("close", () => clearTimeout(timer))
  request.resume()
}

const plain = (status: number, message: string, help = ""): Answer => ({
  status,
  headers: { "content-type": "application/json" },
  body: { message, help }
})

const GiB = 1024 ** 3
const MiB = 1024 ** 2

/** 2147483648 → "2 GiB", 67108864 → "64 MiB", 1536 → "1.5 KiB". */
export const formatBytes = (bytes: number): string => {
  const [unit, size] =
    bytes >= GiB ? ["GiB", GiB] : bytes >= MiB ? ["MiB", MiB] : bytes >= 1024 ? ["KiB", 1024] : ["bytes", 1]
  const value = bytes / (size as number)
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit as string}`
}

const tooLarge = (declared: number | undefined, limit: number): Answer =>
  plain(
    413,
    `Request body too large: ${declared === undefined ? `more than ${formatBytes(limit)}` : formatBytes(declared)}, ` +
      `where this emulator accepts at most ${formatBytes(limit)} per request (its maxBodyBytes).`,
    "Start the emulator with a larger limit: Emulator.start({ maxBodyBytes }) or `imagekit emulator --max-body 4GiB`."
  )

/**
 * RFC 7230's Host: a reg-name, IPv4 address or bracketed IPv6 address, and an optional port; empty is allowed. A
 * request naming anything else is a 400, as the RFC requires.
 */
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~!$&'()*+,;=%-]*)(?::(\d*))?$/

const validHost = (host: string | undefined): boolean => {
  if (host === undefined) return true
  const match = HOST.exec(host)
  if (match === null) return false
  const port = match[1]
  return port === undefined || port === "" || Number(port) <= 65535
}

/**
 * The request's URL on this server's own origin, whatever name the client used for it (`localhost`, a proxy's
 * name): only the path and query matter. `undefined` for a request target that is neither a path nor an http URL.
 */
const requestUrl = (target: string, origin: string): URL | undefined => {
  try {
    if (target.startsWith("/")) return new URL(`${origin}${target}`)
    if (/^https?:\/\//i.test(target)) {
      const absolute = new URL(target)
      return new URL(`${origin}${absolute.pathname}${absolute.search}`)
    }
  } catch {
    return undefined
  }
  return undefined
}

/**
 * Takes the 1 GiB uploads the docs measure (plus their form fields), and still refuses a stray 2 GiB declaration at
 * once. Any value is clamped to what one buffer can hold (4 GiB).
 */
const DEFAULT_MAX_BODY_BYTES = 1.5 * GiB
const DEFAULT_MAX_BUFFERED_BYTES = 256 * MiB

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

const SERVER_ERROR_MESSAGES: Record<number, string> = {
  500: "Internal server error",
  502: "Bad gateway",
  503: "Service unavailable"
}

/** Whether answering `request` may have changed the model (status polls count their polls). */
const changesState = (request: ModelRequest): boolean =>
  request.method.toUpperCase() !== "GET" || /^\/v1\/(bulkJobs|files\/purge)\//.test(request.path)

export const start = (options: ServerOptions): Promise<RunningServer> =>
  new Promise((resolve, reject) => {
    let model: Model | undefined
    let gateway: Gateway | undefined
    let urlEndpoint = ""
    let origin = ""
    const maxBodyBytes = Math.min(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, bufferConstants.MAX_LENGTH)
    const budget = makeByteBudget(options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES)
    const now = options.now ?? Date.now
    const rateLimit = makeRateLimiter(options.rateLimits ?? [], now)
    const faults = makeFaultInjector(options.faults)
    const counters = { requests: 0, rateLimited: 0, serverErrors: 0, resets: 0, lostResponses: 0 }
    // Opened before listening: a damaged dir must fail the start, not a request.
    let dataDir: DataDir | undefined
    try {
      dataDir = options.dataDir === undefined ? undefined : openDataDir(options.dataDir)
    } catch (error) {
      return reject(error)
    }
    const webhooks: WebhookSender | undefined =
      options.webhook === undefined ? undefined : makeWebhookSender(options.webhook, now)

    let writer: WriteBehind | undefined
    const save = (): void => writer?.changed()

    const onAnswer = (request: ModelRequest, answer: ModelResponse): void => {
      if (changesState(request)) save()
      if (webhooks !== undefined) {
        for (const event of uploadEvents(request, answer, now())) void webhooks.post(event)
      }
    }
    const deliver = (request: IncomingMessage, url: URL, method: string): Answer => {
      if (model === undefined) return plain(503, "Starting")
      const answer = model.deliver({
        url: url.href,
        method,
        userAgent: request.headers["user-agent"],
        referrer: request.headers.referer,
        now: now()
      })
      // Traffic counts in usage analytics: the state changed.
      save()
      return answer.body instanceof Uint8Array && method.toUpperCase() === "HEAD"
        ? { status: answer.status, headers: { ...answer.headers, "content-length": String(answer.body.length) } }
        : answer
    }

    /** An answer sent before (or instead of) reading the body, which is then drained, not kept (see `drain`). */
    const refuse = (request: IncomingMessage, response: ServerResponse, answer: Answer): void => {
      if (hasBody(request) && !request.complete) drain(request)
      send(response, answer)
    }

    /** The body is read only once the request is admitted, within `maxBodyBytes` and the shared budget. */
    const answerApi = async (
      request: IncomingMessage,
      response: ServerResponse,
      target: GatewayRequest,
      fault: Fault | undefined
    ): Promise<void> => {
      if (gateway === undefined) return send(response, plain(503, "Starting"))
      const admission = gateway.admit(target)
      if (admission._tag === "Refused") return refuse(request, response, admission.answer)
      const body = readBody(request, maxBodyBytes, budget)
      try {
        const read = await body.result
        if (read._tag === "Gone") return
        if (read._tag === "BadLength") return refuse(request, response, plain(400, "Invalid Content-Length header"))
        if (read._tag === "TooLarge") return refuse(request, response, tooLarge(read.declared, maxBodyBytes))
        const answer = await gateway.answer(target, admission, read.bytes)
        if (!lose(fault, request)) send(response, answer)
      } finally {
        body.done()
      }
    }

    const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
      counters.requests += 1
      const method = request.method ?? "GET"
      const url = validHost(request.headers.host) ? requestUrl(request.url ?? "/", origin) : undefined
      if (url === undefined) {
        return refuse(request, response, plain(400, "Bad request: the request target or Host header is not valid"))
      }
      // Browsers call the upload routes: CORS on every answer there, and preflights answered before limits and faults.
      if (isUploadRoute(url.pathname)) {
        for (const [name, value] of Object.entries(corsHeaders)) response.setHeader(name, value)
        if (isPreflight(method, request.headers)) {
          if (hasBody(request) && !request.complete) drain(request)
          response.writeHead(204, preflightHeaders(request.headers["access-control-request-headers"]))
          response.end()
          return
        }
      }
      const plan = faults.next()
      if (plan.latencyMs > 0) await sleep(plan.latencyMs)
      const verdict = rateLimit(method, url.pathname)
      const fault = plan.fault
      const limited: RateLimitVerdict =
        verdict._tag === "Limited" || fault?._tag !== "RateLimited"
          ? verdict
          : {
              _tag: "Limited",
              limit: FAULT_RATE_LIMIT,
              resetMs: fault.resetMs,
              intervalMs: FAULT_RATE_LIMIT_INTERVAL_MS
            }
      if (limited._tag === "Limited") {
        counters.rateLimited += 1
        return refuse(request, response, {
          status: 429,
          headers: {
            "content-type": "application/json",
            "x-ratelimit-limit": String(limited.limit),
            "x-ratelimit-reset": String(limited.resetMs),
            "x-ratelimit-interval": String(limited.intervalMs)
          },
          body: { message: "rate limit exceeded", help: SUPPORT_HELP }
        })
      }
      if (fault?._tag === "ServerError") {
        counters.serverErrors += 1
        const message = SERVER_ERROR_MESSAGES[fault.status] ?? "Server error"
        return refuse(request, response, plain(fault.status, message))
      }
      if (fault?._tag === "Reset") {
        counters.resets += 1
        request.socket.destroy()
        return
      }
      if (url.pathname.startsWith(`${DELIVERY_PREFIX}/`) && (method === "GET" || method === "HEAD")) {
        return lose(fault, request) ? undefined : send(response, deliver(request, url, method))
      }
      return answerApi(request, response, { method, url, headers: webHeaders(request) }, fault)
    }

    /** After the request was applied: drops the connection without an answer when the plan says so. */
    const lose = (fault: { readonly _tag: string } | undefined, request: IncomingMessage): boolean => {
      if (fault?._tag !== "LostResponse") return false
      counters.lostResponses += 1
      request.socket.destroy()
      return true
    }

    const server: Server = createServer((request, response) => {
      handle(request, response).catch(() => {
        // The emulator must never crash on input: an unexpected failure is a 500 for that request only.
        if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" })
        response.end(JSON.stringify({ message: "Internal emulator error", help: "" }))
      })
    })
    // Only a failure to listen ends the start; the dir stays locked while the server runs.
    const onListenError = (error: Error) => {
      dataDir?.release()
      void webhooks?.close()
      reject(new ListenProblem(`The emulator cannot listen on 127.0.0.1:${options.port ?? 0} (${error.message}).`))
    }
    server.once("error", onListenError)
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.removeListener("error", onListenError)
      const port = (server.address() as AddressInfo).port
      const url = `http://127.0.0.1:${port}`
      origin = url
      urlEndpoint = `${url}${DELIVERY_PREFIX}`
      const restore = dataDir?.loaded
      // On Node the model gets a real perceptual hash (PNG decoding needs node:zlib, which the model must not import).
      const inner = makeModel(
        { ...options, urlEndpoint, ...(restore === undefined ? {} : { restore }) },
        { pHash: perceptualHash }
      )
      // Seeds bypass the gateway, so they save here.
      const running: Model = {
        ...inner,
        seedFile: (seed) => {
          const answer = inner.seedFile(seed)
          save()
          return answer
        },
        seedField: (field) => {
          const answer = inner.seedField(field)
          save()
          return answer
        }
      }
      model = running
      if (dataDir !== undefined) writer = writeBehind(dataDir, () => running.snapshot())
      gateway = makeGateway(running, {
        privateKey: options.privateKey,
        onAnswer,
        ...(options.remoteFetch === true ? { fetchRemote: makeRemoteFetch(maxBodyBytes) } : {})
      })
      const noWebhook = (): Promise<WebhookDelivery> =>
        Promise.reject(new Error("No webhook is configured: start the emulator with webhook: { url, secret }."))
      resolve({
        url,
        port,
        urlEndpoint,
        model: running,
        stats: () => {
          const deliveries = webhooks?.deliveries() ?? []
          const writes = dataDir?.stats()
          return {
            ...counters,
            webhooksDelivered: deliveries.filter((delivery) => delivery.status === "delivered").length,
            webhooksFailed: deliveries.filter((delivery) => delivery.status === "failed").length,
            stateWrites: writes?.writes ?? 0,
            stateWriteMs: writes?.writeMs ?? 0,
            stateWriteErrors: writes?.writeErrors ?? 0,
            bodyBytesHeld: budget.held(),
            bodyBytesPeak: budget.peak()
          }
        },
        injectNext: faults.injectNext,
        dataDir: dataDir?.directory,
        webhookDeliveries: () => webhooks?.deliveries() ?? [],
        sendWebhook: (event) =>
          webhooks === undefined
            ? noWebhook()
            : webhooks.post(event === undefined ? sampleVideoEvent(urlEndpoint, now()) : completeEvent(event, now())),
        webhooksIdle: () => webhooks?.idle() ?? Promise.resolve(),
        close: async () => {
          await new Promise<void>((done) => {
            server.closeAllConnections()
            server.close(() => done())
          })
          await webhooks?.close()
          writer?.flush(true)
          dataDir?.release()
        }
      })
    })
  })
