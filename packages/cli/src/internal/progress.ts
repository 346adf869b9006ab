/**
 * Pure formatting for `imagekit upload`: sizes, rates, ETAs, bars and the lines built from them. Nothing here reads a
 * clock or writes to a stream, so every line the command prints can be tested from plain numbers.
 */

const KIB = 1024
const UNITS = ["KiB", "MiB", "GiB", "TiB"] as const

/** `512 B`, `12.3 KiB`, `4.0 MiB`: binary units, one decimal past bytes. */
export const formatBytes = (bytes: number): string => {
  if (!Number.isFinite(bytes) || bytes < KIB) return `${Math.max(0, Math.round(Number.isFinite(bytes) ? bytes : 0))} B`
  let value = bytes / KIB
  let unit = 0
  while (value >= KIB && unit < UNITS.length - 1) {
    value /= KIB
    unit++
  }
  return `${value.toFixed(1)} ${UNITS[unit]}`
}

/** Always MiB/s, so successive redraws and runs compare at a glance; `-` before there is anything to measure. */
export const formatRate = (bytesPerSecond: number | undefined): string =>
  bytesPerSecond === undefined || !Number.isFinite(bytesPerSecond)
    ? "- MiB/s"
    : `${(bytesPerSecond / (KIB * KIB)).toFixed(1)} MiB/s`

/** `0:07`, `12:34`, `1:02:03`; `--:--` when unknown (no total, or nothing sent yet to measure a rate). */
export const formatDuration = (seconds: number | undefined): string => {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return "--:--"
  const whole = Math.ceil(seconds)
  const hours = Math.floor(whole / 3600)
  const minutes = Math.floor((whole % 3600) / 60)
  const secs = String(whole % 60).padStart(2, "0")
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${secs}` : `${minutes}:${secs}`
}

/** How long a batch took: `45 ms` under a second, `0.4 s`… under a minute, else as {@link formatDuration}. */
export const formatElapsed = (millis: number): string => {
  if (Math.round(millis) < 1000) return `${Math.max(0, Math.round(millis))} ms`
  return millis < 60_000 ? `${(millis / 1000).toFixed(1)} s` : formatDuration(millis / 1000)
}

/** Seconds left at `bytesPerSecond`; `undefined` when the total or the rate is unknown or zero. */
export const eta = (
  sent: number,
  total: number | undefined,
  bytesPerSecond: number | undefined
): number | undefined => {
  if (total === undefined || bytesPerSecond === undefined || !(bytesPerSecond > 0)) return undefined
  return Math.max(0, total - sent) / bytesPerSecond
}

/** `sent / total` within 0..1; `undefined` when the total is unknown. An empty file is complete at once. */
export const fraction = (sent: number, total: number | undefined): number | undefined => {
  if (total === undefined) return undefined
  if (total <= 0) return 1
  return Math.min(1, Math.max(0, sent / total))
}

/** `42%`, or `  ?` for an unknown total; always 4 characters so columns line up. */
export const formatPercent = (share: number | undefined): string =>
  (share === undefined ? "?" : `${Math.floor(share * 100)}%`).padStart(4)

/**
 * A bar of exactly `width` cells: filled `█` for the share done, `░` for the rest. With an unknown share the bar is
 * all `░`: a moving marker would need state, and the byte count beside it already shows progress.
 */
export const bar = (share: number | undefined, width: number): string => {
  const cells = Math.max(0, Math.floor(width))
  const filled = share === undefined ? 0 : Math.min(cells, Math.floor(share * cells))
  return "█".repeat(filled) + "░".repeat(cells - filled)
}

/** Shortens `text` to `width` characters, keeping both ends (`photos/…/IMG_0001.jpg` style): the end names the file. */
export const truncateMiddle = (text: string, width: number): string => {
  if (text.length <= width) return text
  if (width <= 1) return text.slice(0, Math.max(0, width))
  const tail = Math.ceil((width - 1) / 2)
  const head = width - 1 - tail
  return `${text.slice(0, head)}…${text.slice(text.length - tail)}`
}

/**
 * A rate over the last `windowMillis` of samples (time, cumulative bytes): smooth enough to read, recent enough to
 * follow a change in speed. Returns the samples to keep for the next call.
 */
export interface Sample {
  readonly at: number
  readonly bytes: number
}

export const addSample = (samples: ReadonlyArray<Sample>, sample: Sample, windowMillis: number): Array<Sample> => {
  const kept = samples.filter((s) => s.at >= sample.at - windowMillis)
  kept.push(sample)
  return kept
}

/** Bytes per second across the samples; `undefined` until two samples span some time. */
export const rateOf = (samples: ReadonlyArray<Sample>): number | undefined => {
  const first = samples[0]
  const last = samples[samples.length - 1]
  if (first === undefined || last === undefined || last.at <= first.at) return undefined
  return ((last.bytes - first.bytes) * 1000) / (last.at - first.at)
}

export interface FileLine {
  readonly name: string
  readonly sent: number
  readonly total: number | undefined
}

/** One in-flight file: `name  ████░░░░  50%  1.0 MiB / 2.0 MiB`, fitted to `columns`. */
export const fileLine = (file: FileLine, columns: number): string => {
  const share = fraction(file.sent, file.total)
  const amounts = `${formatBytes(file.sent)} / ${file.total === undefined ? "?" : formatBytes(file.total)}`
  const nameWidth = Math.max(8, Math.min(32, columns - amounts.length - 30))
  const name = truncateMiddle(file.name, nameWidth).padEnd(nameWidth)
  const barWidth = Math.max(5, Math.min(30, columns - nameWidth - amounts.length - 9))
  return `${name}  ${bar(share, barWidth)} ${formatPercent(share)}  ${amounts}`
}

export interface OverallLine {
  readonly sent: number
  readonly total: number | undefined
  readonly bytesPerSecond: number | undefined
  readonly filesDone: number
  readonly filesTotal: number
}

/** The summary under the files: `total  ███░░  42%  4.2 MiB / 10.0 MiB  2.1 MiB/s  ETA 0:03  3/10 sent`. */
export const overallLine = (overall: OverallLine, columns: number): string => {
  const share = fraction(overall.sent, overall.total)
  const amounts = `${formatBytes(overall.sent)} / ${overall.total === undefined ? "?" : formatBytes(overall.total)}`
  const tail =
    `${formatRate(overall.bytesPerSecond)}  ETA ${formatDuration(eta(overall.sent, overall.total, overall.bytesPerSecond))}` +
    `  ${overall.filesDone}/${overall.filesTotal} sent`
  const barWidth = Math.max(5, Math.min(30, columns - amounts.length - tail.length - 16))
  return `total  ${bar(share, barWidth)} ${formatPercent(share)}  ${amounts}  ${tail}`
}

export interface Summary {
  readonly uploaded: number
  readonly failed: number
  readonly elapsedMillis: number
  /** Bytes of the files that were uploaded. */
  readonly bytes: number
}

/** `3 uploaded, 1 failed in 0.4 s, 2.1 MiB/s`. */
export const summaryLine = (summary: Summary): string => {
  const rate = summary.elapsedMillis > 0 ? (summary.bytes * 1000) / summary.elapsedMillis : undefined
  return `${summary.uploaded} uploaded, ${summary.failed} failed in ${formatElapsed(summary.elapsedMillis)}, ${formatRate(rate)}`
}
