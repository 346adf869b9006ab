/**
 * The whole harness in one call, for the long form (`pnpm --filter @effect-imagekit/bench bench:reliability`, which
 * bundles this file with esbuild and runs it on the built packages) and for reading the runs in order. The CI form is
 * `packages/testing/test/Reliability.test.ts`, the same runs with small counts.
 */
import * as Effect from "effect/Effect"
import { cliRun } from "./cli.js"
import { deadlineRun } from "./deadlines.js"
import { interruptionRun } from "./interruption.js"
import { malformedHttpRun } from "./malformedHttp.js"
import { rateLimitRun } from "./rateLimits.js"
import { count, privateKeyFor, type RunReport } from "./setup.js"
import {
  duplicatesRun,
  followAdviceRun,
  type MakeUploadClient,
  sdkUploadClient,
  searchByExactName,
  searchByPrefix,
  uploadFaults
} from "./uploads.js"
import { webhookRun } from "./webhooks.js"
import { makeWitness, type ScanReport, type Witness } from "./witness.js"

export interface Counts {
  readonly uploads: number
  readonly adapterUploads: number
  readonly rateLimitCalls: number
  readonly deadlineCalls: number
  readonly interruptions: number
  readonly webhookInputs: number
  readonly malformedWaitMs: number
  readonly slowConnections: number
  readonly slowMs: number
}

export const longCounts: Counts = {
  uploads: 1000,
  adapterUploads: 300,
  rateLimitCalls: 1000,
  deadlineCalls: 1000,
  interruptions: 30,
  webhookInputs: 100_000,
  malformedWaitMs: 3000,
  slowConnections: 50,
  slowMs: 5000
}

/** The timeout of the upload runs; answers are held and requests stalled for 0.3-0.9 s past it. */
export const UPLOAD_TIMEOUT_MS = 1000

export const uploadSettings = {
  timeout: `${UPLOAD_TIMEOUT_MS} millis`,
  deadline: "30 seconds",
  retry: { maxRetries: 3, baseDelay: "10 millis", maxDelay: "100 millis" }
} as const

export interface HarnessOptions {
  readonly counts: Counts
  readonly seed: number
  /** `packages/cli/dist/bin.js` */
  readonly cliBinPath: string
  /** `packages/testing/dist/Emulator.js` */
  readonly emulatorModule: string
  /** Further upload clients for runs (a) and (b), e.g. the Promise adapter. */
  readonly otherClients?: ReadonlyArray<{
    readonly label: string
    readonly client: MakeUploadClient
    readonly count: number
  }>
  /** Called as each run ends. */
  readonly onReport?: ((report: RunReport) => void) | undefined
}

/** The key scan over everything the runs printed, as run (f). */
export const keyScanReport = (scan: ScanReport, seconds: number): RunReport => ({
  id: "f",
  title: "Key scans",
  tried:
    "Every error of runs a-e and g (String, JSON.stringify, util.inspect with hidden fields, stack, Cause.pretty), " +
    "every log line at every level (logfmt, JSON, structured), every span (name, attributes, events, exit) and the " +
    "CLI's stdout and stderr, searched for the private key and a wrong key in every form: raw, URL-encoded, " +
    "JSON-escaped, base64 of key: (the Basic header), base64 of the key, base64url.",
  figures: [
    {
      measure: "texts scanned",
      value: `${count(scan.texts)} (${count(scan.bytes)} characters): ${Object.entries(scan.byKind)
        .map(([kind, n]) => `${count(n)} ${kind}`)
        .join(", ")}`
    },
    {
      measure: "occurrences of a key, any form",
      value:
        scan.leaks.length === 0
          ? "0"
          : `${count(scan.leaks.length)}: ${[...new Set(scan.leaks.map((leak) => `${leak.form} in ${leak.where}`))].slice(0, 5).join("; ")}`,
      target: "0",
      pass: scan.leaks.length === 0
    }
  ],
  seconds
})

export const runHarness = (options: HarnessOptions): Effect.Effect<ReadonlyArray<RunReport>, unknown> =>
  Effect.suspend(() => {
    const privateKey = privateKeyFor(options.seed)
    const witness = makeWitness([privateKey, privateKeyFor(options.seed + 1, "private_wrong")])
    return runs(options, privateKey, witness).pipe(Effect.provide(witness.layer))
  })

const runs = (options: HarnessOptions, privateKey: string, witness: Witness) =>
  Effect.gen(function* () {
    const { counts, seed } = options
    const reports: Array<RunReport> = []
    const record = (report: RunReport) => {
      reports.push(report)
      witness.flushSpans()
      options.onReport?.(report)
    }
    const sdk = { label: "SDK, ImageKit.layerNode", client: sdkUploadClient(uploadSettings), count: counts.uploads }
    const clients = [sdk, ...(options.otherClients ?? [])]
    const upload = (client: (typeof clients)[number], runSeed: number) => ({
      label: client.label,
      privateKey,
      count: client.count,
      seed: runSeed,
      concurrency: 16,
      largeShare: 0.03,
      client: client.client,
      witness,
      proxy: uploadFaults(runSeed, UPLOAD_TIMEOUT_MS),
      rateLimitedRate: 0.03
    })
    for (const client of clients) record(yield* duplicatesRun(upload(client, seed)))
    for (const search of [searchByExactName, searchByPrefix(0), searchByPrefix(UPLOAD_TIMEOUT_MS)]) {
      record(yield* followAdviceRun({ ...upload(sdk, seed + 1), search }))
    }
    for (const client of options.otherClients ?? []) {
      record(yield* followAdviceRun({ ...upload(client, seed + 1), search: searchByPrefix(UPLOAD_TIMEOUT_MS) }))
    }
    record(yield* rateLimitRun({ privateKey, count: counts.rateLimitCalls, seed, concurrency: 16, witness }))
    record(
      yield* deadlineRun({ privateKey, count: counts.deadlineCalls, seed, concurrency: 16, witness, boundMs: 250 })
    )
    record(yield* interruptionRun({ privateKey, count: counts.interruptions, seed, witness }))
    record(yield* cliRun({ privateKey, seed, witness, binPath: options.cliBinPath }))
    record(yield* webhookRun({ count: counts.webhookInputs, seed, witness }))
    record(
      yield* malformedHttpRun({
        emulatorModule: options.emulatorModule,
        waitMs: counts.malformedWaitMs,
        slowConnections: counts.slowConnections,
        slowMs: counts.slowMs
      })
    )
    const scanStarted = performance.now()
    record(keyScanReport(witness.report(), (performance.now() - scanStarted) / 1000))
    return reports
  })

/** The report as text: each run's title, what it tried and its figures with their targets. */
export const formatReport = (report: RunReport): string => {
  const lines = [`(${report.id}) ${report.title}  [${report.seconds.toFixed(1)} s]`, `    tried: ${report.tried}`]
  for (const figure of report.figures) {
    const verdict =
      figure.target === undefined ? "" : `  [target ${figure.target}: ${figure.pass === true ? "pass" : "FAIL"}]`
    lines.push(`    ${figure.measure}: ${figure.value}${verdict}`)
  }
  return lines.join("\n")
}

/** Every figure with a target, as a Markdown table (the one in docs/reliability.md). */
export const markdownTable = (reports: ReadonlyArray<RunReport>): string => {
  const rows = ["| run | measure | value | target | result |", "| --- | --- | --- | --- | --- |"]
  for (const report of reports) {
    for (const figure of report.figures) {
      if (figure.target === undefined) continue
      const cell = (text: string) => text.replaceAll("|", "\\|")
      rows.push(
        `| (${report.id}) ${cell(report.title)} | ${cell(figure.measure)} | ${cell(figure.value)} | ${cell(figure.target)} | ${figure.pass === true ? "pass" : "**fail**"} |`
      )
    }
  }
  return rows.join("\n")
}
