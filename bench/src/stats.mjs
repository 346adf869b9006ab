const sorted = (values) => [...values].sort((a, b) => a - b)

/** Nearest-rank percentile, `p` in [0, 100]. */
export const percentile = (values, p) => {
  const ordered = sorted(values)
  const rank = Math.ceil((p / 100) * ordered.length)
  return ordered[Math.min(ordered.length - 1, Math.max(0, rank - 1))]
}

export const median = (values) => {
  const ordered = sorted(values)
  const middle = ordered.length >> 1
  return ordered.length % 2 === 1 ? ordered[middle] : (ordered[middle - 1] + ordered[middle]) / 2
}

/** Median absolute deviation relative to the median, in percent. */
export const relativeMad = (values) => {
  const centre = median(values)
  return (median(values.map((value) => Math.abs(value - centre))) / centre) * 100
}

export const round = (value, digits) => {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}
