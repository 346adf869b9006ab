/**
 * Account usage (`/v1/accounts/usage`) and usage analytics (`/v1/accounts/usage-analytics`), computed from what the
 * emulator itself stores and delivers: storage is the bytes of every stored version, bandwidth and requests are what
 * delivery URLs served (recorded per UTC day by `recordDelivery`), extension units are extension runs. The emulator
 * processes no video and keeps no original cache, so those figures are 0; it knows no client's country.
 */
import type { ModelContext } from "./context.js"
import { badRequest } from "./errors.js"
import { json, queryValue } from "./input.js"
import type { DayTraffic, Tally } from "./state.js"
import type { ModelRequest, ModelResponse } from "./types.js"

const DAY_MS = 86_400_000
const MAX_RANGE_DAYS = 90

export const dayOf = (date: Date): string => date.toISOString().slice(0, 10)

const emptyDay = (day: string): DayTraffic => ({
  day,
  total: { requests: 0, bytes: 0 },
  cache: { hit: 0, miss: 0, error: 0 },
  statusCodes: {},
  assets: {},
  transforms: {},
  formats: {},
  browsers: {},
  devices: {},
  userAgents: {},
  referrers: {},
  urlEndpoints: {},
  notFound: {},
  extensions: {}
})

const today = (context: ModelContext): DayTraffic => {
  const day = dayOf(context.now())
  let traffic = context.state.traffic.get(day)
  if (traffic === undefined) {
    traffic = emptyDay(day)
    context.state.traffic.set(day, traffic)
  }
  return traffic
}

const add = (tallies: Record<string, Tally>, key: string, bytes: number): void => {
  const tally = tallies[key] ?? { requests: 0, bytes: 0 }
  tally.requests += 1
  tally.bytes += bytes
  tallies[key] = tally
}

/** A browser family from a User-Agent, most specific first (Edge and Opera also say Chrome and Safari). */
const browserOf = (userAgent: string): string => {
  if (/Edg\//.test(userAgent)) return "Edge"
  if (/OPR\//.test(userAgent)) return "Opera"
  if (/Firefox\//.test(userAgent)) return "Firefox"
  if (/Chrome\//.test(userAgent)) return "Chrome"
  if (/Safari\//.test(userAgent)) return "Safari"
  return "Other"
}

const deviceOf = (userAgent: string): string => {
  const system = /iPhone|iPad|Mac OS X/.test(userAgent)
    ? "Apple"
    : /Android/.test(userAgent)
      ? "Android"
      : /Windows/.test(userAgent)
        ? "Windows PC"
        : /Linux/.test(userAgent)
          ? "Linux"
          : "Other"
  return `${/Mobile|iPhone|Android/.test(userAgent) ? "Smartphone" : "Desktop"} - ${system}`
}

export interface DeliveryRecord {
  /** The URL as requested, without signature parameters. */
  readonly url: string
  readonly status: number
  readonly bytes: number
  readonly contentType: string | undefined
  readonly kind: "image" | "video" | "other"
  /** The transformation string (`tr:w-100`), if the URL had one. */
  readonly transformation: string | undefined
  readonly userAgent: string | undefined
  readonly referrer: string | undefined
  /** Whether the CDN had this URL cached. */
  readonly cacheHit: boolean
}

/** Counts one delivery in today's traffic. */
export const recordDelivery = (context: ModelContext, delivery: DeliveryRecord): void => {
  const traffic = today(context)
  const { bytes } = delivery
  traffic.total.requests += 1
  traffic.total.bytes += bytes
  traffic.statusCodes[String(delivery.status)] = (traffic.statusCodes[String(delivery.status)] ?? 0) + 1
  if (delivery.status === 404) traffic.notFound[delivery.url] = (traffic.notFound[delivery.url] ?? 0) + 1
  if (delivery.status < 400) {
    if (delivery.cacheHit) traffic.cache.hit += 1
    else traffic.cache.miss += 1
    const asset = traffic.assets[delivery.url] ?? { kind: delivery.kind, requests: 0, bytes: 0 }
    asset.requests += 1
    asset.bytes += bytes
    traffic.assets[delivery.url] = asset
    if (delivery.transformation !== undefined) {
      const tally = traffic.transforms[delivery.transformation] ?? { kind: delivery.kind, requests: 0, bytes: 0 }
      tally.requests += 1
      tally.bytes += bytes
      traffic.transforms[delivery.transformation] = tally
    }
  } else {
    traffic.cache.error += 1
  }
  add(traffic.formats, delivery.contentType ?? "unknown", bytes)
  const userAgent = delivery.userAgent ?? ""
  add(traffic.browsers, browserOf(userAgent), bytes)
  add(traffic.devices, deviceOf(userAgent), bytes)
  if (userAgent !== "") add(traffic.userAgents, userAgent, bytes)
  if (delivery.referrer !== undefined && delivery.referrer !== "") add(traffic.referrers, delivery.referrer, bytes)
  add(traffic.urlEndpoints, "Default", bytes)
}

export const recordExtensionRun = (context: ModelContext, name: string): void => {
  const traffic = today(context)
  traffic.extensions[name] = (traffic.extensions[name] ?? 0) + 1
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** Both dates, checked with the API's messages; `inclusive` ranges (analytics) may start and end on one day. */
const dateRange = (request: ModelRequest, inclusive: boolean): { readonly start: string; readonly end: string } => {
  const start = queryValue(request.query, "startDate")
  const end = queryValue(request.query, "endDate")
  if (start === undefined || end === undefined || start === "" || end === "") {
    throw badRequest("startDate and endDate are required in query parameters.")
  }
  const valid = (text: string) =>
    DATE.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && dayOf(new Date(`${text}T00:00:00Z`)) === text
  if (!valid(start) || !valid(end)) throw badRequest("startDate and endDate should be in format YYYY-MM-DD.")
  if (inclusive ? start > end : start >= end) throw badRequest("startDate should be before endDate.")
  const days = (Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY_MS
  if (days >= MAX_RANGE_DAYS) throw badRequest(`startDate and endDate should be within ${MAX_RANGE_DAYS} days.`)
  return { start, end }
}

const daysIn = (context: ModelContext, start: string, end: string, inclusive: boolean): ReadonlyArray<DayTraffic> =>
  [...context.state.traffic.values()].filter((day) => day.day >= start && (inclusive ? day.day <= end : day.day < end))

/** Every byte of every stored version: the media library's storage. */
const storedBytes = (context: ModelContext): number => {
  let total = 0
  for (const file of context.state.files.values()) {
    total += file.current.content.bytes.length
    for (const version of file.history) total += version.content.bytes.length
  }
  return total
}

/** `/v1/accounts/usage`: from startDate up to, not including, endDate. */
export const getUsage = (context: ModelContext, request: ModelRequest): ModelResponse => {
  const { start, end } = dateRange(request, false)
  const days = daysIn(context, start, end, false)
  return json({
    bandwidthBytes: days.reduce((sum, day) => sum + day.total.bytes, 0),
    mediaLibraryStorageBytes: storedBytes(context),
    videoProcessingUnitsCount: 0,
    extensionUnitsCount: days.reduce(
      (sum, day) => sum + Object.values(day.extensions).reduce((runs, count) => runs + count, 0),
      0
    ),
    originalCacheStorageBytes: 0
  })
}

const TOP = 10

type Totals = Record<string, Tally>

const merge = (target: Totals, source: Readonly<Record<string, Tally>>): void => {
  for (const [key, tally] of Object.entries(source)) {
    const sum = target[key] ?? { requests: 0, bytes: 0 }
    sum.requests += tally.requests
    sum.bytes += tally.bytes
    target[key] = sum
  }
}

/** The top entries by bandwidth and by requests, ties broken by name so answers are stable. */
const ranked = <A extends object>(totals: Totals, entry: (name: string) => A) => {
  const rows = Object.entries(totals)
  const top = (key: "bytes" | "requests") =>
    [...rows]
      .sort((a, b) => b[1][key] - a[1][key] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, TOP)
      .map(([name, tally]) => ({ ...entry(name), bandwidthBytes: tally.bytes, requestCount: tally.requests }))
  return { byBandwidth: top("bytes"), byRequests: top("requests") }
}

/** The top entries of `totals`, each named by its key. */
const byName = (totals: Totals) => ranked(totals, (name) => ({ name }))

/** `/v1/accounts/usage-analytics`: both dates inclusive, in the shape `@imagekit/nodejs@7` documents. */
export const getUsageAnalytics = (context: ModelContext, request: ModelRequest): ModelResponse => {
  const { start, end } = dateRange(request, true)
  const days = daysIn(context, start, end, true)
  const sum = (pick: (day: DayTraffic) => Readonly<Record<string, Tally>>): Totals => {
    const totals: Totals = {}
    for (const day of days) merge(totals, pick(day))
    return totals
  }
  const byKind = (
    pick: (day: DayTraffic) => Readonly<Record<string, Tally & { readonly kind: string }>>,
    kind: string
  ): Totals => {
    const totals: Totals = {}
    for (const day of days) {
      merge(totals, Object.fromEntries(Object.entries(pick(day)).filter(([, tally]) => tally.kind === kind)))
    }
    return totals
  }
  const counts = (pick: (day: DayTraffic) => Readonly<Record<string, number>>): Record<string, number> => {
    const totals: Record<string, number> = {}
    for (const day of days)
      for (const [key, count] of Object.entries(pick(day))) totals[key] = (totals[key] ?? 0) + count
    return totals
  }
  const countRows = (totals: Record<string, number>) =>
    Object.entries(totals)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([name, requestCount]) => ({ name, requestCount }))
  const requests = days.reduce((all, day) => all + day.total.requests, 0)
  const total: Tally = { requests, bytes: days.reduce((all, day) => all + day.total.bytes, 0) }
  return json({
    startDate: start,
    endDate: end,
    generatedAt: context.now().toISOString(),
    bandwidthBytes: total.bytes,
    requestCount: requests,
    cache: {
      hitCount: days.reduce((all, day) => all + day.cache.hit, 0),
      missCount: days.reduce((all, day) => all + day.cache.miss, 0),
      errorCount: days.reduce((all, day) => all + day.cache.error, 0)
    },
    statusCodes: countRows(counts((day) => day.statusCodes)),
    top404Assets: countRows(counts((day) => day.notFound)).slice(0, TOP),
    errorReasons: [],
    extensions: countRows(counts((day) => day.extensions)).map(({ name, requestCount }) => ({
      name,
      operationCount: requestCount
    })),
    videoProcessing: [],
    browser: byName(sum((day) => day.browsers)),
    // Loopback traffic has no country: one row with the "unknown" code, holding everything.
    country: ranked(requests === 0 ? {} : { ZZ: total }, (code) => ({ code, name: "Unknown" })),
    device: byName(sum((day) => day.devices)),
    format: byName(sum((day) => day.formats)),
    topImages: byName(byKind((day) => day.assets, "image")),
    topVideos: byName(byKind((day) => day.assets, "video")),
    topOtherAssets: byName(byKind((day) => day.assets, "other")),
    topImageTransforms: byName(byKind((day) => day.transforms, "image")),
    topVideoTransforms: byName(byKind((day) => day.transforms, "video")),
    topReferrers: byName(sum((day) => day.referrers)),
    topUserAgents: byName(sum((day) => day.userAgents)),
    urlEndpoints: byName(sum((day) => day.urlEndpoints))
  })
}
