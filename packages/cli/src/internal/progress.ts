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
  /** Its label, from {@link fileLabels} (a longer name is shortened in the middle). */
  readonly name: string
  readonly sent: number
  readonly total: number | undefined
}

/** Columns of a file line besides the name and the bar: two gaps, the percentage, the byte counts' usual width. */
const FILE_LINE_FIXED = 2 + 1 + 4 + 2 + "12.3 MiB / 45.6 MiB".length

/**
 * The width of the name column of a display `columns` wide: as much as leaves the bar 10 cells, between 8 and 32.
 * At 60 columns a name gets 20 characters (it got 12 before, too few to tell `…_0001.jpg` from `…_0002.jpg` in a
 * long path).
 */
export const nameWidth = (columns: number): number => Math.max(8, Math.min(32, columns - FILE_LINE_FIXED - 10))

const fitted = (names: ReadonlyArray<string>, width: number, shorten: (name: string) => string): Array<string> =>
  names.map((name) => (name.length <= width ? name : shorten(name)))

const isDistinct = (labels: ReadonlyArray<string>): boolean => new Set(labels).size === labels.length

/** The length of the prefix `a` and `b` share. */
const sharedPrefix = (a: string, b: string): number => {
  let length = 0
  while (length < a.length && length < b.length && a[length] === b[length]) length++
  return length
}

/**
 * `width` characters of `name` (longer than `width`) that hold the first character where it differs from every
 * other name, `…` marking what is cut: some context before that character, the rest after it.
 */
const around = (name: string, names: ReadonlyArray<string>, width: number): string => {
  const differsAt = Math.max(0, ...names.filter((other) => other !== name).map((other) => sharedPrefix(name, other)))
  const start = differsAt - Math.floor((width - 2) / 2)
  if (start <= 0) return `${name.slice(0, width - 1)}…`
  if (start + width - 1 >= name.length) return `…${name.slice(name.length - (width - 1))}`
  return `…${name.slice(start, start + width - 2)}…`
}

/**
 * A label of at most `width` characters for each file of a batch, all different when the names are: the name itself
 * when it fits; else shortened in the middle (`photos/…/IMG_0001.jpg`) when that keeps them apart; else the part
 * where it differs from the others (`…4/IMG_0001_edited_…`); else its end; and as a last resort numbered (`3:…`).
 */
export const fileLabels = (names: ReadonlyArray<string>, width: number): Array<string> => {
  const middle = fitted(names, width, (name) => truncateMiddle(name, width))
  if (isDistinct(middle)) return middle
  const windows = fitted(names, width, (name) => around(name, names, width))
  if (isDistinct(windows)) return windows
  const tail = fitted(names, width, (name) => `…${name.slice(name.length - (width - 1))}`)
  if (isDistinct(tail)) return tail
  return names.map((name, index) => {
    const number = `${index + 1}:`
    return `${number}${truncateMiddle(name, Math.max(1, width - number.length))}`
  })
}

/** One file being sent: `name  ████░░░░  50%  1.0 MiB / 2.0 MiB`, fitted to `columns`. */
export const fileLine = (file: FileLine, columns: number): string => {
  const share = fraction(file.sent, file.total)
  const amounts = `${formatBytes(file.sent)} / ${file.total === undefined ? "?" : formatBytes(file.total)}`
  const width = nameWidth(columns)
  const name = truncateMiddle(file.name, width).padEnd(width)
  const barWidth = Math.max(3, Math.min(30, columns - width - amounts.length - 9))
  return `${name}  ${bar(share, barWidth)} ${formatPercent(share)}  ${amounts}`
}

/** A file whose every byte is out, its answer not in yet: `name  2.0 MiB sent, waiting for the server`. */
export const waitingLine = (file: FileLine, columns: number): string => {
  const width = nameWidth(columns)
  return `${truncateMiddle(file.name, width).padEnd(width)}  ${formatBytes(file.sent)} sent, waiting for the server`
}

export interface OverallLine {
  readonly sent: number
  readonly total: number | undefined
  readonly bytesPerSecond: number | undefined
  readonly filesDone: number
  readonly filesTotal: number
  /** Files whose bytes are all sent and whose answer has not come yet. */
  readonly awaiting?: number | undefined
}

/**
 * The summary under the files: `total  ███░░  42%  4.2 MiB / 10.0 MiB  2.1 MiB/s  ETA 0:03  3/10 sent`. Once every
 * byte is out, the rate would only fall towards zero while ImageKit works: the line says what is going on instead,
 * `… 100%  10.0 MiB / 10.0 MiB  waiting for the server (2 files)  10/10 sent`.
 */
export const overallLine = (overall: OverallLine, columns: number): string => {
  const share = fraction(overall.sent, overall.total)
  const amounts = `${formatBytes(overall.sent)} / ${overall.total === undefined ? "?" : formatBytes(overall.total)}`
  const allSent = overall.total !== undefined && overall.sent >= overall.total
  const awaiting = overall.awaiting ?? 0
  const count = `${overall.filesDone}/${overall.filesTotal} sent`
  // From the fullest to the shortest: the first that fits the width is drawn.
  const tails = !allSent
    ? [
        `${formatRate(overall.bytesPerSecond)}  ETA ${formatDuration(eta(overall.sent, overall.total, overall.bytesPerSecond))}  ${count}`,
        `${formatRate(overall.bytesPerSecond)}  ETA ${formatDuration(eta(overall.sent, overall.total, overall.bytesPerSecond))}`
      ]
    : awaiting > 0
      ? [
          `waiting for the server (${awaiting} file${awaiting === 1 ? "" : "s"})  ${count}`,
          `waiting for the server (${awaiting} file${awaiting === 1 ? "" : "s"})`,
          "waiting for the server"
        ]
      : [`all sent  ${count}`, "all sent"]
  const line = (tail: string) => {
    const barWidth = Math.max(3, Math.min(30, columns - amounts.length - tail.length - 16))
    return `total  ${bar(share, barWidth)} ${formatPercent(share)}  ${amounts}  ${tail}`
  }
  const lines = tails.map(line)
  return lines.find((candidate) => candidate.length <= columns) ?? lines[lines.length - 1] ?? ""
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
