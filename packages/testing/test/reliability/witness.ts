/**
 * Everything the runs produce that a user could print, log or export: errors (as `String`, `JSON.stringify`,
 * `util.inspect` and `Cause.pretty` render them), log lines at every level in three formats, spans (names, attributes,
 * events, exits) and CLI output. Each text is scanned for the secrets as it arrives, in every form a key travels in:
 * raw, URL-encoded, JSON-escaped, and the base64 of `key:` that HTTP Basic auth sends.
 */
import { inspect } from "node:util"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Tracer from "effect/Tracer"

export interface Leak {
  readonly where: string
  readonly form: string
}

export interface ScanReport {
  readonly texts: number
  readonly bytes: number
  /** Texts scanned, by where they came from (`error`, `log`, `span`, `cli`, …). */
  readonly byKind: Readonly<Record<string, number>>
  readonly leaks: ReadonlyArray<Leak>
}

export interface Witness {
  /** Scans one text; `where` says where it came from, its first word is the kind (`cli ls --json`). */
  readonly scan: (where: string, text: string) => void
  /** Scans an error the way a user would see it: String, message, JSON, inspect, and the Cause when given one. */
  readonly error: (where: string, error: unknown) => void
  readonly cause: (where: string, cause: Cause.Cause<unknown>) => void
  /** A logger that records every line (logfmt, JSON, structured), every level, and a tracer that keeps every span. */
  readonly layer: Layer.Layer<never>
  /** Scans the spans recorded so far and forgets them. */
  readonly flushSpans: () => void
  readonly report: () => ScanReport
}

/** The forms a secret is looked for in. Base64 of `key:` is what `Authorization: Basic` carries. */
export const secretForms = (secret: string): ReadonlyArray<{ readonly form: string; readonly value: string }> => {
  const forms = [
    { form: "raw", value: secret },
    { form: "url-encoded", value: encodeURIComponent(secret) },
    { form: "json-escaped", value: JSON.stringify(secret).slice(1, -1) },
    { form: "basic (base64 of key:)", value: Buffer.from(`${secret}:`).toString("base64") },
    { form: "base64 of key", value: Buffer.from(secret).toString("base64").replace(/=+$/, "") },
    { form: "base64url of key:", value: Buffer.from(`${secret}:`).toString("base64url") }
  ]
  const seen = new Set<string>()
  return forms.filter(({ value }) => !seen.has(value) && seen.add(value))
}

const safely = (render: () => string): string => {
  try {
    return render()
  } catch (error) {
    return `<render failed: ${error instanceof Error ? error.name : typeof error}>`
  }
}

export const makeWitness = (secrets: ReadonlyArray<string>): Witness => {
  const forms = secrets.flatMap((secret) => secretForms(secret))
  const byKind: Record<string, number> = Object.create(null)
  const leaks: Array<Leak> = []
  let texts = 0
  let bytes = 0
  const spans: Array<Tracer.Span> = []

  const scan = (where: string, text: string): void => {
    texts += 1
    bytes += text.length
    const kind = where.split(" ")[0] ?? where
    byKind[kind] = (byKind[kind] ?? 0) + 1
    for (const { form, value } of forms) {
      if (text.includes(value)) leaks.push({ where, form })
    }
  }

  const cause = (where: string, value: Cause.Cause<unknown>): void => {
    scan(
      `${where} Cause.pretty`,
      safely(() => Cause.pretty(value, { renderErrorCause: true }))
    )
    scan(
      `${where} inspect(cause)`,
      safely(() => inspect(value, { depth: Number.POSITIVE_INFINITY }))
    )
    scan(
      `${where} JSON(cause)`,
      safely(() => JSON.stringify(value) ?? "")
    )
  }

  const error = (where: string, value: unknown): void => {
    scan(
      `${where} String`,
      safely(() => String(value))
    )
    scan(
      `${where} inspect`,
      safely(() => inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true }))
    )
    scan(
      `${where} JSON`,
      safely(() => JSON.stringify(value) ?? "")
    )
    if (value instanceof Error) scan(`${where} stack`, value.stack ?? "")
    if (Cause.isCause(value)) cause(where, value)
  }

  const recordingLogger = Logger.zip(
    Logger.zip(
      Logger.map(Logger.logfmtLogger, (line) => scan("log logfmt", line)),
      Logger.map(Logger.jsonLogger, (line) => scan("log json", line))
    ),
    Logger.map(Logger.structuredLogger, (entry) =>
      scan(
        "log structured",
        safely(() => inspect(entry, { depth: 8 }))
      )
    )
  )

  const tracerLayer = Layer.unwrapEffect(
    Effect.map(Effect.tracer, (native) =>
      Layer.setTracer(
        Tracer.make({
          span: (...args) => {
            const span = native.span(...args)
            spans.push(span)
            return span
          },
          context: (f, fiber) => native.context(f, fiber)
        })
      )
    )
  )

  const flushSpans = (): void => {
    for (const span of spans.splice(0)) {
      const where = `span ${span.name}`
      scan(where, span.name)
      // Events are on Effect's native spans but not in the `Span` interface.
      const events: unknown = Reflect.get(span, "events")
      scan(
        `${where} attributes`,
        safely(() => inspect({ attributes: span.attributes, events }, { depth: 8 }))
      )
      if (span.status._tag === "Ended" && Exit.isFailure(span.status.exit)) cause(where, span.status.exit.cause)
    }
  }

  return {
    scan,
    error,
    cause,
    layer: Layer.mergeAll(
      Logger.replace(Logger.defaultLogger, recordingLogger),
      Logger.minimumLogLevel(LogLevel.All),
      tracerLayer
    ),
    flushSpans,
    report: () => {
      flushSpans()
      return { texts, bytes, byKind: { ...byKind }, leaks: [...leaks] }
    }
  }
}
