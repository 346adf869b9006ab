/**
 * Parsers for flag values that are more than a number or a string. Each returns the value or a one-line message
 * saying what was wrong and what a valid value looks like; `emulator.ts` turns the message into a usage error.
 */

export interface RateLimitRule {
  readonly method?: string | undefined
  readonly pathPrefix: string
  readonly limit: number
  readonly intervalMs: number
}

export type Parsed<A> =
  | { readonly _tag: "Ok"; readonly value: A }
  | { readonly _tag: "Invalid"; readonly message: string }

const ok = <A>(value: A): Parsed<A> => ({ _tag: "Ok", value })
const invalid = <A>(message: string): Parsed<A> => ({ _tag: "Invalid", message })

const POSITIVE_INTEGER = /^[1-9][0-9]*$/
const METHOD = /^[A-Za-z]+$/

/** "250", "250ms" or "2s" → milliseconds. */
const duration = (text: string): number | undefined => {
  const match = /^([0-9]+)(ms|s)?$/.exec(text)
  if (match === null) return undefined
  const amount = Number(match[1])
  const ms = match[2] === "s" ? amount * 1000 : amount
  return ms > 0 && Number.isSafeInteger(ms) ? ms : undefined
}

export const RATE_LIMIT_SYNTAX = "[METHOD:]PATH_PREFIX:LIMIT/INTERVAL, e.g. GET:/v1/files:100/1000 or /api/v1:10/1s"

/**
 * `[METHOD:]PATH_PREFIX:LIMIT/INTERVAL`: at most LIMIT requests whose path starts with PATH_PREFIX (and whose
 * method is METHOD, any method when left out) per INTERVAL (ms, or with an `ms`/`s` suffix).
 */
export const parseRateLimit = (text: string): Parsed<RateLimitRule> => {
  const hint = `Invalid --rate-limit "${text}": expected ${RATE_LIMIT_SYNTAX}`
  const parts = text.split(":")
  const budget = parts.pop()
  if (budget === undefined || parts.length === 0 || parts.length > 2) return invalid(hint)
  const [method, pathPrefix] = parts.length === 2 ? [parts[0], parts[1]] : [undefined, parts[0]]
  if (method !== undefined && !METHOD.test(method)) return invalid(`${hint} (the method must be letters, e.g. GET)`)
  if (pathPrefix === undefined || !pathPrefix.startsWith("/")) {
    return invalid(`${hint} (the path prefix must start with "/")`)
  }
  const [limitText, intervalText, extra] = budget.split("/")
  if (limitText === undefined || intervalText === undefined || extra !== undefined) return invalid(hint)
  if (!POSITIVE_INTEGER.test(limitText)) return invalid(`${hint} (LIMIT must be a positive integer)`)
  const intervalMs = duration(intervalText)
  if (intervalMs === undefined) return invalid(`${hint} (INTERVAL must be a positive number of ms, or end in s)`)
  return ok({
    ...(method === undefined ? {} : { method: method.toUpperCase() }),
    pathPrefix,
    limit: Number(limitText),
    intervalMs
  })
}

/** "20" (fixed) or "10-50" (uniform range), in ms. */
export const parseLatency = (text: string): Parsed<number | readonly [number, number]> => {
  const hint = `Invalid --latency "${text}": expected milliseconds, e.g. 20, or a range, e.g. 10-50`
  const match = /^([0-9]+)(?:-([0-9]+))?$/.exec(text)
  if (match === null) return invalid(hint)
  const low = Number(match[1])
  if (match[2] === undefined) return ok(low)
  const high = Number(match[2])
  return high < low ? invalid(`${hint} (the range's first number must not exceed its second)`) : ok([low, high])
}

/** A share of requests, 0 to 1. */
export const parseRate = (flag: string, value: number): Parsed<number> =>
  Number.isFinite(value) && value >= 0 && value <= 1
    ? ok(value)
    : invalid(`Invalid --${flag} ${value}: expected a share of requests from 0 to 1, e.g. 0.05`)

export const parsePort = (value: number): Parsed<number> =>
  Number.isInteger(value) && value >= 0 && value <= 65535
    ? ok(value)
    : invalid(`Invalid --port ${value}: expected 0 (any free port) to 65535`)

export const parseWebhookUrl = (text: string): Parsed<string> => {
  try {
    const url = new URL(text)
    if (url.protocol === "http:" || url.protocol === "https:") return ok(url.href)
  } catch {
    // reported below
  }
  return invalid(`Invalid --webhook-url "${text}": expected an http(s) URL, e.g. http://127.0.0.1:4000/webhooks`)
}
