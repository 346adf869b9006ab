/**
 * The loopback HTTP server: node:http in front of the gateway (API and upload routes on one port) and a delivery
 * route that serves stored files at the URL endpoint path, checking `ik-s`/`ik-t` on signed URLs. Every request
 * passes the configured rate limits and seeded faults first.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import * as Signing from "@effect-imagekit/core/Signing"
import { type FaultOptions, type InjectedFault, makeFaultInjector } from "./faults.js"
import { makeGateway } from "./gateway.js"
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
  readonly maxBodyBytes?: number | undefined
  /** Clock for signed-URL expiry and rate-limit windows, in ms (default `Date.now`). */
  readonly now?: (() => number) | undefined
  readonly rateLimits?: ReadonlyArray<RateLimitRule> | undefined
  readonly faults?: FaultOptions | undefined
  /** Where the state is kept across restarts; memory only when absent. */
  readonly dataDir?: string | undefined
  /** Where signed events are posted. */
  readonly webhook?: WebhookTarget | undefined
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
const TRANSFORMATION_SEGMENT = new RegExp(`^${DELIVERY_PREFIX}/tr:[^/]*/`)
/** What a `rateLimitedRate` fault announces: a plausible per-endpoint quota, reset as the fault drew. */
const FAULT_RATE_LIMIT = 100
const FAULT_RATE_LIMIT_INTERVAL_MS = 1000
const NO_EXPIRY = "9999999999"

const readBody = (request: IncomingMessage, limit: number): Promise<Uint8Array<ArrayBuffer> | "too-large"> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    let size = 0
    let tooLarge = false
    request.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) tooLarge = true
      else chunks.push(chunk)
    })
    request.on("end", () => resolve(tooLarge ? "too-large" : Uint8Array.from(Buffer.concat(chunks))))
    request.on("error", reject)
  })

const webHeaders = (request: IncomingMessage): Headers => {
  const headers = new Headers()
  for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) {
    headers.append(request.rawHeaders[index] ?? "", request.rawHeaders[index + 1] ?? "")
  }
  return headers
}

const send = async (response: ServerResponse, answer: Response): Promise<void> => {
  const headers: Record<string, string> = {}
  answer.headers.forEach((value, name) => {
    headers[name] = value
  })
  const body = new Uint8Array(await answer.arrayBuffer())
  response.writeHead(answer.status, { ...headers, "content-length": String(body.length) })
  response.end(body)
}

const plain = (status: number, message: string): Response =>
  new Response(JSON.stringify({ message, help: "" }), { status, headers: { "content-type": "application/json" } })

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

const SERVER_ERROR_MESSAGES: Record<number, string> = {
  500: "Internal server error",
  502: "Bad gateway",
  503: "Service unavailable"
}

/** Checks a signed delivery URL the way ImageKit does: HMAC-SHA1 of the URL minus endpoint and ik-*, plus expiry. */
const verifySignedUrl = (url: URL, urlEndpoint: string, privateKey: string, now: number): "ok" | "bad" | "expired" => {
  const signature = url.searchParams.get("ik-s")
  if (signature === null) return "bad"
  const expiry = url.searchParams.get("ik-t") ?? NO_EXPIRY
  const unsigned = new URL(url.href)
  unsigned.searchParams.delete("ik-s")
  unsigned.searchParams.delete("ik-t")
  const expected = Signing.urlSignature({ privateKey, url: unsigned.href, urlEndpoint, expiryTimestamp: expiry })
  if (expected !== signature) return "bad"
  return expiry !== NO_EXPIRY && Number(expiry) * 1000 < now ? "expired" : "ok"
}

/** Whether answering `request` may have changed the model (status polls count their polls). */
const changesState = (request: ModelRequest): boolean =>
  request.method.toUpperCase() !== "GET" || /^\/v1\/(bulkJobs|files\/purge)\//.test(request.path)

export const start = (options: ServerOptions): Promise<RunningServer> =>
  new Promise((resolve, reject) => {
    let model: Model | undefined
    let gateway: ((request: Request) => Promise<Response>) | undefined
    let urlEndpoint = ""
    const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024
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
    const deliver = (url: URL): Response => {
      // The query may hold ik-obj-version (an older version's bytes); the signature parameters are not the model's.
      const target = new URL(url.href)
      target.searchParams.delete("ik-s")
      target.searchParams.delete("ik-t")
      // A transformation in the path is the segment right after the endpoint (`/tr:w-300,h-200:rt-90/…`). The
      // emulator applies none, so it serves the file itself; the signature is still checked on the URL as sent.
      target.pathname = target.pathname.replace(TRANSFORMATION_SEGMENT, `${DELIVERY_PREFIX}/`)
      const file = model?.readUrl(target.href)
      if (file === undefined) return plain(404, "File not found")
      const signed = url.searchParams.has("ik-s")
      if (signed || file.isPrivateFile) {
        const verdict = verifySignedUrl(url, urlEndpoint, options.privateKey, now())
        if (verdict === "expired") return plain(401, "This URL has expired")
        if (verdict === "bad") return plain(401, "The signature of this URL is missing or invalid")
      }
      return new Response(new Uint8Array(file.bytes), { status: 200, headers: { "content-type": file.mime } })
    }

    const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
      counters.requests += 1
      const url = new URL(request.url ?? "/", `http://${request.headers.host ?? "127.0.0.1"}`)
      const method = request.method ?? "GET"
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
        const body = JSON.stringify({ message: "rate limit exceeded", help: SUPPORT_HELP })
        return send(
          response,
          new Response(body, {
            status: 429,
            headers: {
              "content-type": "application/json",
              "x-ratelimit-limit": String(limited.limit),
              "x-ratelimit-reset": String(limited.resetMs),
              "x-ratelimit-interval": String(limited.intervalMs)
            }
          })
        )
      }
      if (fault?._tag === "ServerError") {
        counters.serverErrors += 1
        const message = SERVER_ERROR_MESSAGES[fault.status] ?? "Server error"
        return send(response, plain(fault.status, message))
      }
      if (fault?._tag === "Reset") {
        counters.resets += 1
        request.socket.destroy()
        return
      }
      if (url.pathname.startsWith(`${DELIVERY_PREFIX}/`) && (method === "GET" || method === "HEAD")) {
        return lose(fault, request) ? undefined : send(response, deliver(url))
      }
      const body = await readBody(request, maxBodyBytes)
      if (body === "too-large") return send(response, plain(413, "Request body too large"))
      const init: RequestInit = { method, headers: webHeaders(request) }
      if (method !== "GET" && method !== "HEAD" && body.length > 0) init.body = body
      const answer = gateway === undefined ? plain(503, "Starting") : await gateway(new Request(url, init))
      return lose(fault, request) ? undefined : send(response, answer)
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
      gateway = makeGateway(running, { privateKey: options.privateKey, maxBodyBytes, onAnswer })
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
            stateWriteErrors: writes?.writeErrors ?? 0
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
