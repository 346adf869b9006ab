/**
 * Per-endpoint rate limits for the emulator: a fixed-window counter per rule, anchored at the first request of each
 * window. A rejected request does not count towards the window.
 */

export interface RateLimitRule {
  /** HTTP method to match (case-insensitive); every method when absent. */
  readonly method?: string | undefined
  /** Matches requests whose path starts with this prefix, e.g. `/v1/files`. */
  readonly pathPrefix: string
  /** Requests allowed per window. */
  readonly limit: number
  /** Window length in ms. */
  readonly intervalMs: number
}

export type RateLimitVerdict =
  | { readonly _tag: "Allowed" }
  | {
      readonly _tag: "Limited"
      readonly limit: number
      /** Ms until the window resets. */
      readonly resetMs: number
      readonly intervalMs: number
    }

interface Window {
  start: number
  count: number
}

const ALLOWED: RateLimitVerdict = { _tag: "Allowed" }

/** Returns a checker that counts a request against every matching rule, or says which rule refuses it. */
export const makeRateLimiter = (
  rules: ReadonlyArray<RateLimitRule>,
  now: () => number
): ((method: string, pathname: string) => RateLimitVerdict) => {
  const windows: Array<Window> = rules.map(() => ({ start: Number.NEGATIVE_INFINITY, count: 0 }))
  return (method, pathname) => {
    if (rules.length === 0) return ALLOWED
    const at = now()
    const matching: Array<Window> = []
    let refused: RateLimitVerdict = ALLOWED
    for (let index = 0; index < rules.length; index++) {
      const rule = rules[index]
      const window = windows[index]
      if (rule === undefined || window === undefined) continue
      if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) continue
      if (!pathname.startsWith(rule.pathPrefix)) continue
      if (at - window.start >= rule.intervalMs) {
        window.start = at
        window.count = 0
      }
      if (window.count >= rule.limit) {
        const resetMs = Math.max(0, Math.ceil(window.start + rule.intervalMs - at))
        if (refused._tag === "Allowed" || resetMs > refused.resetMs) {
          refused = { _tag: "Limited", limit: rule.limit, resetMs, intervalMs: rule.intervalMs }
        }
      } else {
        matching.push(window)
      }
    }
    if (refused._tag === "Limited") return refused
    for (const window of matching) window.count += 1
    return ALLOWED
  }
}
