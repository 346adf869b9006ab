/**
 * examples/opentelemetry.ts against the loopback emulator, exported through @effect/opentelemetry to in-memory
 * exporters: the span per call with its attributes, an `imagekit.attempt` event per attempt with its outcome and the
 * wait before it, the `imagekit.*` metrics, and nothing secret in any of it (not the key, not the Basic credentials,
 * not a signed URL's signature).
 */
import { Buffer } from "node:buffer"
import { assert, describe, it } from "@effect/vitest"
import type { ResourceMetrics } from "@opentelemetry/sdk-metrics"
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base"
import { signUrl } from "@effect-imagekit/core/Signing"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import { start } from "../../testing/src/internal/server.js"
import { inMemoryTelemetry, program } from "../examples/opentelemetry.js"
import * as ImageKit from "../src/ImageKit.js"

const PRIVATE_KEY = "private_observability_key"
const CREDENTIALS = Buffer.from(`${PRIVATE_KEY}:`).toString("base64")

interface MetricPoint {
  readonly name: string
  readonly attributes: Record<string, unknown>
  readonly value: unknown
}

const points = (resources: ReadonlyArray<ResourceMetrics>): ReadonlyArray<MetricPoint> =>
  resources.flatMap((resource) =>
    resource.scopeMetrics.flatMap((scope) =>
      scope.metrics.flatMap((metric) =>
        metric.dataPoints.map((point) => ({
          name: metric.descriptor.name,
          attributes: { ...point.attributes },
          value: point.value
        }))
      )
    )
  )

/** Runs `effect` with a client of the emulator and the in-memory telemetry; returns its exit and what was exported. */
const observe = <A, E>(
  effect: Effect.Effect<A, E, ImageKit.ImageKit>,
  prepare: (server: Awaited<ReturnType<typeof start>>) => void
) =>
  Effect.promise(async () => {
    const server = await start({
      privateKey: PRIVATE_KEY,
      // Two GETs of files per 300 ms: the program's listing, its third, is answered 429 once.
      rateLimits: [{ method: "GET", pathPrefix: "/v1/files/", limit: 2, intervalMs: 300 }]
    })
    prepare(server)
    const telemetry = inMemoryTelemetry()
    const client = ImageKit.layerNode({
      publicKey: "public_observability_key",
      privateKey: PRIVATE_KEY,
      urlEndpoint: server.urlEndpoint,
      apiBaseUrl: server.url,
      uploadBaseUrl: server.url
    })
    try {
      // Read while the providers are up: shutting them down (when the layer closes) empties the in-memory exporters.
      const read = Effect.promise(async () => {
        await telemetry.reader.forceFlush()
        return {
          spans: [...telemetry.spans.getFinishedSpans()] as ReadonlyArray<ReadableSpan>,
          metrics: points(telemetry.metrics.getMetrics())
        }
      })
      const run = Effect.flatMap(Effect.exit(effect), (exit) => Effect.map(read, (exported) => ({ exit, ...exported })))
      const outcome = await Effect.runPromiseExit(Effect.provide(run, Layer.merge(client, telemetry.layer)))
      if (Exit.isFailure(outcome)) throw new Error(`the telemetry layers failed: ${outcome.cause}`)
      return { ...outcome.value, server }
    } finally {
      await server.close()
    }
  })

const sum = (metrics: ReadonlyArray<MetricPoint>, name: string, labels: Record<string, string>): number =>
  metrics
    .filter((point) => point.name === name && Object.entries(labels).every(([k, v]) => point.attributes[k] === v))
    .reduce((total, point) => {
      const value = point.value
      if (typeof value === "number") return total + value
      if (typeof value === "object" && value !== null && "count" in value && typeof value.count === "number") {
        return total + value.count
      }
      return total
    }, 0)

describe("OpenTelemetry", () => {
  it.effect("spans per call with ImageKit attributes, an event per attempt, the metrics", () =>
    Effect.gen(function* () {
      // Custom metadata fields first, answered 503 once: a retry after a backoff. The listing meets the rate limit.
      const fieldsFirst = Effect.zipRight(
        Effect.flatMap(ImageKit.ImageKit, (ik) => ik.getCustomMetadataFields()),
        program
      )
      const seen = yield* observe(fieldsFirst, (server) => server.injectNext({ status: 503 }))
      assert.isTrue(Exit.isSuccess(seen.exit), String(seen.exit))

      const byName = (name: string) => seen.spans.filter((span) => span.name === name)
      const parent = byName("example")[0]
      assert.isDefined(parent)
      const details = byName("ImageKit.getFileDetails")
      assert.strictEqual(details.length, 2)
      for (const span of [...details, ...byName("ImageKit.upload")]) {
        assert.strictEqual(span.parentSpanContext?.spanId, parent?.spanContext().spanId)
        assert.strictEqual(span.attributes["http.response.status_code"], 200)
      }
      assert.match(String(details[0]?.attributes["imagekit.file_id"]), /\w+/)
      const eventsOf = (span: ReadableSpan | undefined) =>
        (span?.events ?? []).map((event) => ({
          attempt: event.attributes?.["imagekit.attempt"],
          outcome: event.attributes?.["imagekit.attempt.outcome"],
          reason: event.attributes?.["imagekit.attempt.wait_reason"],
          waited: Number(event.attributes?.["imagekit.attempt.wait_ms"])
        }))

      const listing = byName("ImageKit.listFiles")[0]
      assert.strictEqual(listing?.attributes["imagekit.operation"], "listFiles")
      assert.strictEqual(listing?.attributes["imagekit.attempts"], 2)
      const listed = eventsOf(listing)
      assert.deepStrictEqual(
        listed.map(({ attempt, outcome, reason }) => [attempt, outcome, reason]),
        [
          [1, "429", "none"],
          [2, "200", "rate_limit"]
        ]
      )
      // The emulator's X-RateLimit-Reset: what was left of its 300 ms window.
      assert.isTrue(listed[1] !== undefined && listed[1].waited > 0 && listed[1].waited <= 300, JSON.stringify(listed))

      const fields = eventsOf(byName("ImageKit.getCustomMetadataFields")[0])
      assert.deepStrictEqual(
        fields.map(({ outcome, reason }) => [outcome, reason]),
        [
          ["503", "none"],
          ["200", "backoff"]
        ]
      )
      assert.isTrue(fields[1] !== undefined && fields[1].waited > 0, JSON.stringify(fields))
      assert.deepStrictEqual(
        eventsOf(details[0]).map(({ outcome }) => outcome),
        ["200"]
      )

      const metrics = seen.metrics
      assert.strictEqual(
        sum(metrics, "imagekit.requests", { "imagekit.operation": "getFileDetails", "imagekit.outcome": "200" }),
        2
      )
      assert.strictEqual(
        sum(metrics, "imagekit.requests", { "imagekit.operation": "listFiles", "imagekit.outcome": "200" }),
        1
      )
      assert.strictEqual(
        sum(metrics, "imagekit.attempts", { "imagekit.operation": "listFiles", "imagekit.outcome": "429" }),
        1
      )
      assert.strictEqual(
        sum(metrics, "imagekit.attempts", { "imagekit.operation": "listFiles", "imagekit.outcome": "200" }),
        1
      )
      assert.strictEqual(
        sum(metrics, "imagekit.attempts", {
          "imagekit.operation": "getCustomMetadataFields",
          "imagekit.outcome": "503"
        }),
        1
      )
      assert.strictEqual(sum(metrics, "imagekit.rate_limit.wait", { "imagekit.operation": "listFiles" }), 1)
      assert.strictEqual(sum(metrics, "imagekit.retry.wait", { "imagekit.operation": "getCustomMetadataFields" }), 1)
      assert.strictEqual(sum(metrics, "imagekit.upload.bytes", { "imagekit.operation": "upload" }), "observed".length)
    })
  )

  it.effect("never exports the key, the Basic credentials or a signed URL's signature", () =>
    Effect.gen(function* () {
      let signed = ""
      const withSignedUrls = Effect.gen(function* () {
        const ik = yield* ImageKit.ImageKit
        const uploaded = yield* program
        signed = signUrl({
          urlEndpoint: "https://ik.imagekit.io/demo",
          path: uploaded.filePath,
          privateKey: PRIVATE_KEY,
          expireSeconds: 60
        })
        yield* ik.purgeCache(signed)
        // A failure too: its span and events carry an error, still nothing secret.
        yield* Effect.flip(ik.getFileDetails("missing-file"))
      })
      const seen = yield* observe(withSignedUrls, () => {})
      assert.isTrue(Exit.isSuccess(seen.exit), String(seen.exit))
      const signature = new URL(signed).searchParams.get("ik-s") ?? ""
      assert.match(signature, /^[0-9a-f]{40}$/)
      const exported = JSON.stringify({
        spans: seen.spans.map((span) => ({
          name: span.name,
          attributes: span.attributes,
          events: span.events,
          status: span.status,
          resource: span.resource.attributes
        })),
        metrics: seen.metrics
      })
      assert.include(exported, "ImageKit.purgeCache")
      assert.include(exported, '"imagekit.outcome":"404"')
      for (const secret of [PRIVATE_KEY, CREDENTIALS, signature]) assert.notInclude(exported, secret)
    })
  )
})
