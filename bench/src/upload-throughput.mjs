/**
 * Upload throughput to the loopback sink as a fraction of a raw `node:http` client sending the same bytes with the
 * same multipart framing. Every upload is a fresh child process (`upload-client.mjs`); rounds run every client
 * once, the starting client rotating, and the figure is the median MiB/s from the start of the upload call to the
 * parsed answer. The same runs also give each client's RSS growth at this size.
 */
import { median, round } from "./stats.mjs"
import { MiB, summarise, uploadInChild } from "./upload-memory.mjs"
import { startUploadSink } from "./upload-sink.mjs"

export const runUploadThroughput = async ({ clients, bytes, rounds, log }) => {
  const sink = await startUploadSink()
  const runs = Object.fromEntries(clients.map((client) => [client, []]))
  try {
    for (let pass = 0; pass < rounds; pass++) {
      for (let offset = 0; offset < clients.length; offset++) {
        const client = clients[(pass + offset) % clients.length]
        const result = await uploadInChild(client, sink, bytes)
        log(
          `upload throughput ${client} ${bytes / MiB} MiB: ${round(bytes / MiB / (result.ms / 1000), 0)} MiB/s` +
            `${result.error === undefined ? "" : `, error: ${result.error}`}`
        )
        runs[client].push(result)
      }
    }
  } finally {
    await sink.close()
  }
  const results = Object.fromEntries(clients.map((client) => [client, summarise(client, bytes, runs[client])]))
  const floor = results.rawHttp?.mibPerSecond
  for (const client of clients) {
    const rates = runs[client].map((run) => bytes / MiB / (run.ms / 1000))
    results[client].minMiBPerSecond = round(Math.min(...rates), 0)
    results[client].maxMiBPerSecond = round(Math.max(...rates), 0)
    results[client].medianRate = round(median(rates), 0)
    results[client].ofRawHttp = floor === undefined ? null : round(results[client].mibPerSecond / floor, 2)
  }
  return { mib: bytes / MiB, rounds, results }
}
