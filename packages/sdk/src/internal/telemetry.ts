/**
 * What the seam reports besides its span: one span event per attempt, and Effect `Metric`s, which any metrics
 * backend reads from Effect's registry (`@effect/opentelemetry` exports them; see docs/observability.md). They are
 * updated on every call, whatever is installed: with nothing reading them they cost a map lookup and an addition.
 *
 * The metric objects are made once per (operation, outcome) and kept: a metric tagged on each call would allocate
 * its labels and look its key up in the registry every time. Labels hold the operation and the outcome only (a status
 * code or an error's tag), never an id, a path or a URL, so they stay few and carry nothing secret.
 */
import * as Cause from "effect/Cause"
import * as FiberRef from "effect/FiberRef"
import type * as Fiber from "effect/Fiber"
import * as Metric from "effect/Metric"
import * as MetricBoundaries from "effect/MetricBoundaries"
import * as MetricKey from "effect/MetricKey"
import * as MetricLabel from "effect/MetricLabel"
import * as Option from "effect/Option"
import type { CallError } from "../ImageKitError.js"

/** The metric names, as documented in docs/observability.md. */
export const names = {
  requests: "imagekit.requests",
  attempts: "imagekit.attempts",
  retryWait: "imagekit.retry.wait",
  rateLimitWait: "imagekit.rate_limit.wait",
  uploadBytes: "imagekit.upload.bytes"
} as const

/** Waits in milliseconds: 10 ms to about 80 s, doubling. */
const waitBoundaries = MetricBoundaries.exponential({ start: 10, factor: 2, count: 14 })

type Counter = Metric.Metric.Counter<number>
type Histogram = Metric.Metric.Histogram<number>

const counterKey = (name: string, description: string) => MetricKey.counter(name, { description })

const cached = <M>(make: (operation: string, outcome: string) => M) => {
  // Keyed by operation, then outcome: no key string is built per update.
  const made = new Map<string, Map<string, M>>()
  return (operation: string, outcome: string): M => {
    let byOutcome = made.get(operation)
    if (byOutcome === undefined) {
      byOutcome = new Map()
      made.set(operation, byOutcome)
    }
    let metric = byOutcome.get(outcome)
    if (metric === undefined) {
      metric = make(operation, outcome)
      byOutcome.set(outcome, metric)
    }
    return metric
  }
}

const labelled = (operation: string, outcome?: string) =>
  outcome === undefined
    ? [MetricLabel.make("imagekit.operation", operation)]
    : [MetricLabel.make("imagekit.operation", operation), MetricLabel.make("imagekit.outcome", outcome)]

const requests = cached(
  (operation, outcome): Counter =>
    Metric.fromMetricKey(
      MetricKey.taggedWithLabels(
        counterKey(names.requests, "SDK calls, by operation and outcome (the final status code or error tag)"),
        labelled(operation, outcome)
      )
    )
)

const attempts = cached(
  (operation, outcome): Counter =>
    Metric.fromMetricKey(
      MetricKey.taggedWithLabels(
        counterKey(names.attempts, "HTTP attempts, retries included, by operation and outcome"),
        labelled(operation, outcome)
      )
    )
)

const waits = cached(
  (operation, reason): Histogram =>
    Metric.fromMetricKey(
      MetricKey.taggedWithLabels(
        reason === "rate_limit"
          ? MetricKey.histogram(names.rateLimitWait, waitBoundaries, "Milliseconds waited after a 429 before retrying")
          : MetricKey.histogram(names.retryWait, waitBoundaries, "Milliseconds of backoff before a retry"),
        labelled(operation)
      )
    )
)

const uploadBytes = cached(
  (operation): Counter =>
    Metric.fromMetricKey(
      MetricKey.taggedWithLabels(
        counterKey(names.uploadBytes, "File bytes handed to the transport by uploads, retries included"),
        labelled(operation)
      )
    )
)

/** Why the SDK waited before an attempt. */
export type WaitReason = "rate_limit" | "backoff"

/** The labels the caller's fiber adds to every metric (`Effect.tagMetrics`), read once per update, without an Effect. */
const fiberLabels = (fiber: Fiber.RuntimeFiber<unknown, unknown>) => fiber.getFiberRef(FiberRef.currentMetricLabels)

export const recordCall = (fiber: Fiber.RuntimeFiber<unknown, unknown>, operation: string, outcome: string): void =>
  requests(operation, outcome).unsafeUpdate(1, fiberLabels(fiber))

export const recordAttempt = (fiber: Fiber.RuntimeFiber<unknown, unknown>, operation: string, outcome: string): void =>
  attempts(operation, outcome).unsafeUpdate(1, fiberLabels(fiber))

export const recordWait = (
  fiber: Fiber.RuntimeFiber<unknown, unknown>,
  operation: string,
  reason: WaitReason,
  millis: number
): void => waits(operation, reason).unsafeUpdate(millis, fiberLabels(fiber))

export const recordUploadBytes = (
  fiber: Fiber.RuntimeFiber<unknown, unknown>,
  operation: string,
  bytes: number
): void => uploadBytes(operation, "").unsafeUpdate(bytes, fiberLabels(fiber))

/** How an attempt or a call ended, for span events and metric labels: the status code, or the error's tag. */
export const outcomeOf = (cause: Cause.Cause<CallError>): string => {
  const failure = Cause.failureOption(cause)
  if (Option.isNone(failure)) return Cause.isInterruptedOnly(cause) ? "Interrupted" : "Defect"
  const error = failure.value
  return "metadata" in error ? String(error.metadata.statusCode) : error._tag
}
