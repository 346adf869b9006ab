import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import * as Webhook from "@effect-imagekit/core/Webhook"
import { ImageKit } from "@effect-imagekit/sdk"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Emulator from "../src/Emulator.js"
import { png } from "./fixtures/images.js"

const SECRET = "whsec_emulator_test_secret"

interface Received {
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

/**
 * A webhook receiver on 127.0.0.1: records each POST and answers with the next status of `statuses` (the last one
 * repeats). With `hold`, answers wait until `release()`.
 */
const receiver = (statuses: ReadonlyArray<number> = [200], hold = false) =>
  Effect.acquireRelease(
    Effect.async<{
      readonly url: string
      readonly received: Array<Received>
      readonly release: () => void
      readonly close: () => Promise<void>
    }>((resume) => {
      const received: Array<Received> = []
      const held: Array<ServerResponse> = []
      let holding = hold
      let index = 0
      const answer = (response: ServerResponse) => {
        const status = statuses[Math.min(index, statuses.length - 1)] ?? 200
        index += 1
        response.writeHead(status).end()
      }
      const server = createServer((request, response) => {
        const chunks: Array<Buffer> = []
        request.on("data", (chunk: Buffer) => chunks.push(chunk))
        request.on("end", () => {
          received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") })
          if (holding) held.push(response)
          else answer(response)
        })
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(
          Effect.succeed({
            url: `http://127.0.0.1:${port}/hooks`,
            received,
            release: () => {
              holding = false
              for (const response of held.splice(0)) answer(response)
            },
            close: () =>
              new Promise<void>((done) => {
                server.closeAllConnections()
                server.close(() => done())
              })
          })
        )
      })
    }),
    (server) => Effect.promise(() => server.close())
  )

const signature = (received: Received): string => {
  const header = received.headers["x-ik-signature"]
  if (typeof header !== "string") throw new Error("no x-ik-signature header")
  return header
}

const fast = { attempts: 3, retryDelayMs: 5 } as const

/** `value.a.b…`, or `undefined` where a step is not an object. */
const at = (value: unknown, ...keys: ReadonlyArray<string>): unknown =>
  keys.reduce<unknown>(
    (current, key) =>
      typeof current === "object" && current !== null ? (current as Record<string, unknown>)[key] : undefined,
    value
  )

describe("Emulator webhooks", () => {
  it.scopedLive("an upload with pre and post transformations posts signed success events", () =>
    Effect.gen(function* () {
      const hooks = yield* receiver()
      const layer = Emulator.layer({ webhook: { url: hooks.url, secret: Redacted.make(SECRET), ...fast } })
      const { uploaded, running } = yield* Effect.gen(function* () {
        const ik = yield* ImageKit.ImageKit
        const running = yield* Emulator.EmulatorServer
        const uploaded = yield* ik.upload({
          file: png(4, 4),
          fileName: "hook.png",
          useUniqueFileName: false,
          transformation: { pre: "w-100", post: [{ type: "transformation", value: "h-50" }, { type: "thumbnail" }] }
        })
        yield* Effect.promise(() => running.webhooksIdle())
        return { uploaded, running }
      }).pipe(Effect.provide(layer))
      assert.isTrue("fileId" in uploaded)
      if (!("fileId" in uploaded)) return

      assert.strictEqual(hooks.received.length, 3)
      const events = hooks.received.map((received) => {
        const verified = Webhook.verifySignature(received.body, signature(received), SECRET)
        // The Standard Webhooks headers verify too, and both schemes carry the same event.
        const standard = Webhook.verifyStandard(received.body, received.headers, SECRET)
        assert.deepStrictEqual(standard.event, verified.event)
        return verified.event
      })
      assert.deepStrictEqual(
        events.map((event) => at(event, "type")),
        ["upload.pre-transform.success", "upload.post-transform.success", "upload.post-transform.success"]
      )
      const [pre, post, thumbnail] = events
      assert.strictEqual(at(pre, "request", "transformation"), "w-100")
      assert.strictEqual(at(pre, "data", "fileId"), uploaded.fileId)
      assert.deepStrictEqual(at(post, "request", "transformation"), { type: "transformation", value: "h-50" })
      assert.strictEqual(at(post, "data", "url"), `${uploaded.url}?tr=h-50`)
      assert.strictEqual(at(thumbnail, "data", "name"), "hook.png")
      for (const event of events) {
        assert.isString(at(event, "id"))
        assert.isFalse(Number.isNaN(Date.parse(String(at(event, "created_at")))))
      }

      const deliveries = running.webhookDeliveries()
      assert.deepStrictEqual(
        deliveries.map((delivery) => [delivery.status, delivery.attempts, delivery.responseStatus]),
        [
          ["delivered", 1, 200],
          ["delivered", 1, 200],
          ["delivered", 1, 200]
        ]
      )
    })
  )

  it.scopedLive("a wrong secret does not verify, and the secret never appears in the delivery", () =>
    Effect.gen(function* () {
      const hooks = yield* receiver()
      const running = yield* Emulator.scoped({ webhook: { url: hooks.url, secret: SECRET } })
      yield* Effect.promise(() => running.sendWebhook())
      const [received] = hooks.received
      assert.isDefined(received)
      if (received === undefined) return
      const error = yield* Effect.flip(
        Effect.try({
          try: () => Webhook.verifySignature(received.body, signature(received), "whsec_some_other_secret"),
          catch: (error) => error
        })
      )
      assert.isTrue(Webhook.isWebhookVerificationError(error))
      if (Webhook.isWebhookVerificationError(error)) assert.strictEqual(error.reason, "SignatureMismatch")
      // A changed body fails with the right secret.
      assert.throws(() => Webhook.verifySignature(`${received.body} `, signature(received), SECRET))
      assert.notInclude(JSON.stringify(received.headers) + received.body, SECRET)
    })
  )

  it.scopedLive("sendWebhook posts a sample video event, or the given one with id and created_at filled in", () =>
    Effect.gen(function* () {
      const hooks = yield* receiver()
      const running = yield* Emulator.scoped({ webhook: { url: hooks.url, secret: SECRET } })
      const sample = yield* Effect.promise(() => running.sendWebhook())
      assert.strictEqual(sample.status, "delivered")
      assert.strictEqual(sample.type, "video.transformation.accepted")
      const custom = yield* Effect.promise(() => running.sendWebhook({ type: "custom.event", data: { answer: 42 } }))
      assert.strictEqual(custom.status, "delivered")
      const [video, other] = hooks.received.map(
        (received) => Webhook.verifySignature(received.body, signature(received), SECRET).event
      )
      assert.strictEqual(at(video, "type"), "video.transformation.accepted")
      assert.strictEqual(at(video, "id"), sample.eventId)
      assert.isString(at(video, "request", "x_request_id"))
      assert.isString(at(video, "request", "url"))
      assert.include(String(at(video, "data", "asset", "url")), running.urlEndpoint)
      assert.strictEqual(at(video, "data", "transformation", "type"), "video-transformation")
      assert.deepStrictEqual(at(other, "data"), { answer: 42 })
      assert.strictEqual(at(other, "id"), custom.eventId)
      assert.isString(at(other, "created_at"))
    })
  )

  it.scopedLive("a failed delivery is retried, and after the last attempt recorded as failed", () =>
    Effect.gen(function* () {
      const flaky = yield* receiver([500, 503, 200])
      const running = yield* Emulator.scoped({ webhook: { url: flaky.url, secret: SECRET, ...fast } })
      const recovered = yield* Effect.promise(() => running.sendWebhook())
      assert.deepStrictEqual([recovered.status, recovered.attempts, recovered.responseStatus], ["delivered", 3, 200])
      // Every attempt is signed and carries the same event.
      const ids = flaky.received.map((received) => Webhook.verifySignature(received.body, signature(received), SECRET))
      assert.deepStrictEqual(new Set(ids.map((verified) => JSON.stringify(verified.event))).size, 1)

      const broken = yield* receiver([500])
      const failing = yield* Emulator.scoped({ webhook: { url: broken.url, secret: SECRET, ...fast } })
      const failed = yield* Effect.promise(() => failing.sendWebhook())
      assert.deepStrictEqual([failed.status, failed.attempts, failed.responseStatus], ["failed", 3, 500])
      assert.include(failed.error ?? "", "500")
      assert.strictEqual(broken.received.length, 3)
      assert.strictEqual(failing.stats().webhooksFailed, 1)
    })
  )

  it.scopedLive("an unreachable receiver never fails or slows the API request that caused the event", () =>
    Effect.gen(function* () {
      const gone = yield* receiver()
      yield* Effect.promise(() => gone.close())
      const layer = Emulator.layer({ webhook: { url: gone.url, secret: SECRET, ...fast } })
      yield* Effect.gen(function* () {
        const ik = yield* ImageKit.ImageKit
        const running = yield* Emulator.EmulatorServer
        const uploaded = yield* ik.upload({
          file: png(1, 1),
          fileName: "a.png",
          transformation: { pre: "w-10" }
        })
        assert.isTrue("fileId" in uploaded)
        yield* Effect.promise(() => running.webhooksIdle())
        const [delivery] = running.webhookDeliveries()
        assert.strictEqual(delivery?.status, "failed")
        assert.strictEqual(delivery?.attempts, 3)
        assert.match(delivery?.error ?? "", /ECONNREFUSED|fetch failed/)
      }).pipe(Effect.provide(layer))
    })
  )

  it.scopedLive("the API answers while a delivery is still waiting for the receiver", () =>
    Effect.gen(function* () {
      const slow = yield* receiver([200], true)
      const layer = Emulator.layer({ webhook: { url: slow.url, secret: SECRET } })
      yield* Effect.gen(function* () {
        const ik = yield* ImageKit.ImageKit
        const running = yield* Emulator.EmulatorServer
        yield* ik.upload({ file: png(1, 1), fileName: "b.png", transformation: { pre: "w-10" } })
        // The upload has its answer although the receiver has not answered the webhook yet.
        assert.strictEqual(running.webhookDeliveries()[0]?.status, "pending")
        slow.release()
        yield* Effect.promise(() => running.webhooksIdle())
        assert.strictEqual(running.webhookDeliveries()[0]?.status, "delivered")
      }).pipe(Effect.provide(layer))
    })
  )

  it.scopedLive("sendWebhook without a configured webhook rejects", () =>
    Effect.gen(function* () {
      const running = yield* Emulator.scoped()
      const error = yield* Effect.flip(Effect.tryPromise(() => running.sendWebhook()))
      assert.include(String(error.error), "No webhook is configured")
      assert.deepStrictEqual(running.webhookDeliveries(), [])
    })
  )
})
