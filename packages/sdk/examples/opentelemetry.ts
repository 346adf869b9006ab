// OpenTelemetry for the SDK with @effect/opentelemetry: a span per call (`ImageKit.<operation>`), an
// `imagekit.attempt` event per HTTP attempt, and the `imagekit.*` metrics. This file keeps them in memory, which is
// how CI runs it (test/Observability.test.ts, against the emulator); docs/observability.md shows the same program
// exporting over OTLP. Type-checked with the package.
import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  PeriodicExportingMetricReader
} from "@opentelemetry/sdk-metrics"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import * as Effect from "effect/Effect"
import { ImageKit } from "../src/index.js"

/** Exporters that keep what they receive, and the layer that installs them as Effect's tracer and metrics reader. */
export const inMemoryTelemetry = () => {
  const spans = new InMemorySpanExporter()
  const metrics = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE)
  // Read on demand (`reader.forceFlush()`), not on a timer.
  const reader = new PeriodicExportingMetricReader({ exporter: metrics, exportIntervalMillis: 3_600_000 })
  const layer = NodeSdk.layer(() => ({
    resource: { serviceName: "imagekit-example" },
    spanProcessor: new SimpleSpanProcessor(spans),
    metricReader: reader
  }))
  return { layer, spans, metrics, reader }
}

/** A few calls under one parent span: an upload, its details twice, a listing. */
export const program = Effect.gen(function* () {
  const ik = yield* ImageKit.ImageKit
  const uploaded = yield* ik.upload({ file: new TextEncoder().encode("observed"), fileName: "observed.txt" })
  // A 202 (the upload continues in the background) has no file yet; the emulator answers 200.
  if (!("fileId" in uploaded)) return yield* Effect.dieMessage("the upload was accepted for later processing")
  yield* ik.getFileDetails(uploaded.fileId)
  yield* ik.getFileDetails(uploaded.fileId)
  yield* ik.listFiles({ path: "/" })
  return uploaded
}).pipe(Effect.withSpan("example"))
