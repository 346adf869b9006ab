import { MIX } from "./api-faults.mjs"
import { table } from "./report.mjs"

const integer = (value) => Math.round(value).toLocaleString("en-US")
const times = (value) => `${value.toFixed(2)}x`

/** The API budgets from ARCHITECTURE.md "Performance budgets" and the fault run's promises, checked on this run. */
export const evaluateApiTargets = ({ throughput, faults }) => {
  const targets = []
  for (const run of throughput === undefined ? [] : Object.values(throughput)) {
    for (const [level, ratios] of Object.entries(run.ratios)) {
      const concurrency = Number(level.slice(1))
      const ours = run.results[level].ours
      targets.push({
        id: `getFileDetails${level}OverV7-${run.target}`,
        label: `${run.target} server, c=${concurrency}: ours >= 1.5x @imagekit/nodejs@7`,
        value: `${times(ratios.oursOverV7)} (${integer(ours.opsPerSecond)} vs ${integer(run.results[level].v7.opsPerSecond)} calls/s)`,
        pass: ratios.oursOverV7 >= 1.5
      })
      targets.push({
        id: `sockets${level}-${run.target}`,
        label: `${run.target} server, c=${concurrency}: ours keeps <= ${concurrency} sockets open`,
        value: `peak ${ours.peakOpenSockets} open, ${ours.socketsOpenedTotal} opened in ${ours.batches + 1} batches`,
        pass: ours.peakOpenSockets <= concurrency
      })
    }
  }
  if (faults !== undefined) {
    const { uploads, copies } = faults.duplicates
    targets.push({
      id: "noDuplicates",
      label: "fault run: no upload or copy applied twice",
      value: `uploads ${uploads.appliedTwice} of ${uploads.calls}, copies ${copies.appliedTwice} of ${copies.calls}`,
      pass: uploads.appliedTwice === 0 && copies.appliedTwice === 0
    })
    targets.push({
      id: "noLostSuccesses",
      label: "fault run: every upload or copy reported successful is on the server",
      value: `missing: uploads ${uploads.succeededButMissing}, copies ${copies.succeededButMissing}`,
      pass: uploads.succeededButMissing === 0 && copies.succeededButMissing === 0
    })
  }
  return targets
}

export const renderApi = ({ meta, overhead, throughput, faults, targets }) => {
  const out = []
  out.push(`effect-imagekit API benchmarks - ${meta.date}, Node ${meta.node}, ${meta.platform}, ${meta.cpus}`)
  out.push(
    `  load average at start: ${meta.loadAverage.join(", ")}${meta.quick ? " (--quick: figures too noisy to quote)" : ""}`
  )
  out.push("")

  if (overhead !== undefined) {
    out.push(
      `1. Client CPU per call, no sockets: median of ${meta.settings.overhead.rounds} interleaved batches of ` +
        `${meta.settings.overhead.callsPerBatch} sequential calls`
    )
    out.push(
      table(
        ["case", "calls/s", "us/call", "spread"],
        Object.values(overhead.results).map((result) => [
          result.label,
          integer(result.opsPerSecond),
          result.microsecondsPerCall.toFixed(1),
          `±${result.spreadPercent.toFixed(1)}%`
        ])
      )
    )
    out.push(
      `  ours (layerFetch) minus the FetchHttpClient floor: ${overhead.oursOverPlatformFloorMicroseconds.toFixed(1)} ` +
        `us/call; minus bare fetch: ${overhead.oursOverWebFloorMicroseconds.toFixed(1)} us/call`
    )
    if (overhead.results.v7 !== undefined) {
      const ratio = overhead.results.ours.microsecondsPerCall / overhead.results.v7.microsecondsPerCall
      out.push(
        `  client CPU per call, ours (the SDK alone, in-memory client) / @imagekit/nodejs@7: ${ratio.toFixed(2)}x`
      )
    }
    out.push("")
  }

  const titles = {
    emulator: "the loopback emulator",
    static: "a static loopback server (one fixed body, Basic key checked)"
  }
  for (const [index, run] of (throughput === undefined ? [] : Object.values(throughput)).entries()) {
    const { rounds } = meta.settings.throughput
    out.push(
      `2${"ab"[index]}. getFileDetails round trips to ${titles[run.target]} (server in this process, each client in ` +
        `its own process): median of ${rounds} interleaved batches after one warm-up batch; spread = MAD / median`
    )
    for (const [level, results] of Object.entries(run.results)) {
      const rows = Object.values(results).map((result) => [
        result.label,
        integer(result.opsPerSecond),
        `±${result.spreadPercent.toFixed(1)}%`,
        `${integer(result.min)}-${integer(result.max)}`,
        String(result.peakOpenSockets),
        String(result.socketsOpenedTotal),
        String(result.failed)
      ])
      const first = Object.values(results)[0]
      out.push(`  c=${first.concurrency}, ${first.callsPerBatch} calls per batch`)
      out.push(table(["client", "calls/s", "spread", "min-max", "peak open sockets", "sockets opened", "failed"], rows))
      const ratios = run.ratios[level]
      out.push(
        `  ratios: ours/v7 ${times(ratios.oursOverV7)}, ours/v6 ${times(ratios.oursOverV6)}, ` +
          `ours/raw fetch ${times(ratios.oursOverRawFetch)}, ours/raw node:http ${times(ratios.oursOverRawHttp)}; ` +
          `raw fetch/v7 ${times(ratios.rawFetchOverV7)}, raw node:http/v7 ${times(ratios.rawHttpOverV7)}; ` +
          `ours over layerFetch/v7 ${times(ratios.oursFetchOverV7)}; ours layer + NodeHttpClient/v7 ` +
          `${times(ratios.oursLayerNodeClientOverV7)}; ours runPromise per call/v7 ${times(ratios.oursPerCallOverV7)}; ` +
          `v7/v6 ${times(ratios.v7OverV6)}`
      )
    }
    out.push("")
  }

  if (faults !== undefined) {
    const { settings } = faults
    out.push(
      `3. Mixed run with faults: ${integer(settings.operations)} operations, concurrency ${settings.concurrency}, ` +
        `${faults.seconds} s (${integer(faults.operationsPerSecond)} operations/s), seed ${settings.seed}`
    )
    out.push(
      `  faults: ${settings.faults.serverErrorRate * 100}% 5xx, ${settings.faults.resetRate * 100}% resets, ` +
        `${settings.faults.lostResponseRate * 100}% lost responses (emulator); ${settings.rateLimitedRate * 100}% 429 ` +
        `(emulator, X-RateLimit-Reset ≤ ${settings.rateLimitInterval} ms)`
    )
    const retry = settings.retry
    out.push(
      `  retry: default policy shape, waits shortened: maxRetries ${retry.maxRetries}, baseDelay ${retry.baseDelay}, ` +
        `maxDelay ${retry.maxDelay}`
    )
    const { injected } = faults
    out.push(
      `  injected: ${integer(injected.serverErrors)} 5xx, ${integer(injected.resets)} resets, ` +
        `${integer(injected.lostResponses)} lost responses in ${integer(injected.serverRequests)} requests the server ` +
        `saw, ${integer(injected.rateLimited)} of them answered 429`
    )
    const keys = [...new Set(Object.values(faults.perOperation).flatMap((row) => Object.keys(row.failures)))].sort()
    const rows = MIX.map(([name]) => {
      const row = faults.perOperation[name]
      return [name, integer(row.calls), integer(row.ok), ...keys.map((key) => integer(row.failures[key] ?? 0))]
    })
    rows.push([
      "total",
      integer(faults.totals.calls),
      integer(faults.totals.ok),
      ...keys.map((key) => integer(faults.totals.failures[key] ?? 0))
    ])
    out.push(table(["operation", "calls", "ok", ...keys], rows))
    const { uploads, copies } = faults.duplicates
    out.push(
      table(
        ["on the server afterwards", "calls", "applied twice", "ok but missing", "failed but applied"],
        [
          [
            "uploads (files per unique name)",
            uploads.calls,
            uploads.appliedTwice,
            uploads.succeededButMissing,
            uploads.failedButApplied
          ],
          [
            "copies (files/versions per destination)",
            copies.calls,
            copies.appliedTwice,
            copies.succeededButMissing,
            copies.failedButApplied
          ]
        ].map((row) => row.map(String))
      )
    )
    out.push("")
  }

  out.push("Targets")
  out.push(
    table(
      ["target", "measured", "result"],
      targets.map((target) => [target.label, target.value, target.pass ? "pass" : "MISS"]),
      "llr"
    )
  )
  return out.join("\n")
}
