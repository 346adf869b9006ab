/**
 * Webhook posting for the emulator: signed events POSTed to one URL, in the background, with a few retries.
 * A delivery never blocks or fails the API request that caused it; every delivery is recorded for inspection.
 *
 * Each POST carries both signatures ImageKit has used, so receivers of either kind can be tested:
 * `x-ik-signature: t=<ms>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` (what `imagekit@6` verifies) and the
 * Standard Webhooks headers `webhook-id`, `webhook-timestamp` (s), `webhook-signature: v1,<base64 HMAC-SHA256(secret,
 * "<id>.<s>.<body>")>`. The key is the whole secret as UTF-8, `whsec_` included, as ImageKit signs.
 */
import { createHmac, randomUUID } from "node:crypto"

export interface WebhookTarget {
  readonly url: string
  readonly secret: string
  /** Attempts per event, first included (default 3). */
  readonly attempts?: number | undefined
  /** Wait before the first retry, doubled for each further one (default 50 ms). */
  readonly retryDelayMs?: number | undefined
  /** Time allowed for one attempt (default 5000 ms). */
  readonly timeoutMs?: number | undefined
  /** Called once per event, when it is delivered or has used up its attempts. */
  readonly onSettled?: ((delivery: WebhookDelivery) => void) | undefined
}

/** An event as ImageKit posts it: `type`, `id`, `created_at`, and usually `request` and `data`. */
export interface WebhookEvent {
  readonly type: string
  readonly id: string
  readonly created_at: string
  readonly [field: string]: unknown
}

export interface WebhookDelivery {
  readonly eventId: string
  readonly type: string
  readonly url: string
  readonly status: "pending" | "delivered" | "failed"
  readonly attempts: number
  /** The HTTP status of the last attempt that got an answer. */
  readonly responseStatus?: number | undefined
  /** Why the last attempt failed, when it did. */
  readonly error?: string | undefined
}

export interface WebhookSender {
  /** Queues `event`; the promise settles when it is delivered or has used up its attempts (it never rejects). */
  readonly post: (event: WebhookEvent) => Promise<WebhookDelivery>
  readonly deliveries: () => ReadonlyArray<WebhookDelivery>
  /** Resolves once no delivery is pending. */
  readonly idle: () => Promise<void>
  /** Stops retrying; pending deliveries end as failed. */
  readonly close: () => Promise<void>
}

const hmac = (secret: string, message: string) => createHmac("sha256", secret).update(message, "utf8")

/** The `x-ik-signature` value for `body` signed at `timestamp` (ms). */
export const legacySignature = (secret: string, timestamp: number, body: string): string =>
  `t=${timestamp},v1=${hmac(secret, `${timestamp}.${body}`).digest("hex")}`

export const signedHeaders = (secret: string, eventId: string, timestamp: number, body: string) => {
  const seconds = Math.floor(timestamp / 1000)
  return {
    "content-type": "application/json",
    "user-agent": "effect-imagekit-emulator",
    "x-ik-signature": legacySignature(secret, timestamp, body),
    "webhook-id": eventId,
    "webhook-timestamp": String(seconds),
    "webhook-signature": `v1,${hmac(secret, `${eventId}.${seconds}.${body}`).digest("base64")}`
  }
}

/** Fills in `id` and `created_at` when an event lacks them. */
export const completeEvent = (
  event: { readonly type: string; readonly [field: string]: unknown },
  now: number
): WebhookEvent => ({
  ...event,
  id: typeof event.id === "string" ? event.id : randomUUID(),
  created_at: typeof event.created_at === "string" ? event.created_at : new Date(now).toISOString()
})

/** A `video.transformation.accepted` event like ImageKit's, about a made-up video under `urlEndpoint`. */
export const sampleVideoEvent = (urlEndpoint: string, now: number): WebhookEvent => ({
  type: "video.transformation.accepted",
  id: randomUUID(),
  created_at: new Date(now).toISOString(),
  request: {
    x_request_id: randomUUID(),
    url: `${urlEndpoint}/sample-video.mp4?tr=w-640,h-360`,
    user_agent: "effect-imagekit-emulator"
  },
  data: {
    asset: { url: `${urlEndpoint}/sample-video.mp4` },
    transformation: {
      type: "video-transformation",
      options: { video_codec: "h264", audio_codec: "aac", auto_rotate: false, quality: 80, format: "mp4" }
    }
  }
})

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener("abort", done)
      resolve()
    }
    signal.addEventListener("abort", done, { once: true })
  })

const describe = (error: unknown): string => {
  if (error instanceof Error) {
    const cause: unknown = error.cause
    // fetch reports "fetch failed" and keeps the useful part (ECONNREFUSED, …) in the cause.
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message
  }
  return String(error)
}

export const makeWebhookSender = (target: WebhookTarget, now: () => number): WebhookSender => {
  const attempts = Math.max(1, target.attempts ?? 3)
  const retryDelayMs = target.retryDelayMs ?? 50
  const timeoutMs = target.timeoutMs ?? 5000
  const closing = new AbortController()
  const records: Array<WebhookDelivery> = []
  const pending = new Set<Promise<WebhookDelivery>>()

  const deliver = async (event: WebhookEvent, index: number, initial: WebhookDelivery): Promise<WebhookDelivery> => {
    const body = JSON.stringify(event)
    let current = initial
    const update = (change: Partial<WebhookDelivery>): WebhookDelivery => {
      current = { ...current, ...change }
      records[index] = current
      return current
    }
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (closing.signal.aborted) return update({ status: "failed", error: "the emulator closed" })
      // Signed per attempt, so a retry carries a fresh timestamp as a real sender's would.
      const headers = signedHeaders(target.secret, event.id, now(), body)
      // One controller per attempt, aborted by its timeout or by close (AbortSignal.any needs Node 20).
      const attemptController = new AbortController()
      const abortAttempt = () => attemptController.abort()
      const timer = setTimeout(abortAttempt, timeoutMs)
      closing.signal.addEventListener("abort", abortAttempt, { once: true })
      try {
        const response = await fetch(target.url, { method: "POST", headers, body, signal: attemptController.signal })
        // The receiver's answer is not needed; reading it frees the connection.
        await response.arrayBuffer().catch(() => undefined)
        if (response.ok)
          return update({ status: "delivered", attempts: attempt, responseStatus: response.status, error: undefined })
        update({
          attempts: attempt,
          responseStatus: response.status,
          error: `the receiver answered ${response.status}`
        })
      } catch (error) {
        update({ attempts: attempt, error: describe(error) })
      } finally {
        clearTimeout(timer)
        closing.signal.removeEventListener("abort", abortAttempt)
      }
      if (attempt < attempts) await sleep(retryDelayMs * 2 ** (attempt - 1), closing.signal)
    }
    return update({ status: "failed" })
  }

  return {
    post: (event) => {
      const initial: WebhookDelivery = {
        eventId: event.id,
        type: event.type,
        url: target.url,
        status: "pending",
        attempts: 0
      }
      const delivery = deliver(event, records.push(initial) - 1, initial).then((settled) => {
        try {
          target.onSettled?.(settled)
        } catch {
          // A throwing callback must not turn a settled delivery into a rejected promise.
        }
        return settled
      })
      pending.add(delivery)
      void delivery.finally(() => pending.delete(delivery))
      return delivery
    },
    deliveries: () => [...records],
    idle: async () => {
      while (pending.size > 0) await Promise.all(pending)
    },
    close: async () => {
      closing.abort()
      while (pending.size > 0) await Promise.all(pending)
    }
  }
}
