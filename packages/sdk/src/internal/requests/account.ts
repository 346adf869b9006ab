/**
 * Requests of the account's usage figures: `getUsage` (billable totals, end date excluded) and `getUsageAnalytics`
 * (CDN traffic, both dates included). The date range is checked before sending, by the API's rules: real calendar
 * days as `YYYY-MM-DD`, the start before the end (or equal, for analytics), less than 90 days apart.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type { InvalidInputError } from "../../ImageKitError.js"
import * as ImageKitRequest from "../../ImageKitRequest.js"
import { decode, expected, invalidInput } from "./input.js"

/** A range of UTC calendar days, each `YYYY-MM-DD`. */
export interface DateRange {
  readonly startDate: string
  readonly endDate: string
}

const DAY_MS = 86_400_000
const MAX_DAYS = 90
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** Whether the text is a real day: `2026-02-30` matches the pattern but is no date. */
const isCalendarDay = (text: string): boolean => {
  const match = DAY.exec(text)
  if (match === null) return false
  const time = Date.parse(`${text}T00:00:00Z`)
  return Number.isFinite(time) && new Date(time).toISOString().slice(0, 10) === text
}

const Day = Schema.String.pipe(Schema.filter(isCalendarDay)).annotations(
  expected("a calendar day as YYYY-MM-DD, e.g. 2026-01-31")
)

const RangeSchema = Schema.Struct({ startDate: Day, endDate: Day }).annotations(
  expected("{ startDate, endDate } as YYYY-MM-DD", "container")
)

const HELP =
  "Pass { startDate, endDate } as YYYY-MM-DD, less than 90 days apart, e.g. { startDate: '2026-01-01', endDate: '2026-01-31' }"

const rangeOptions = decode(RangeSchema, "options", HELP)

const dateRange = (options: unknown, endIncluded: boolean): Either.Either<DateRange, InvalidInputError> =>
  Either.flatMap(rangeOptions(options), ({ endDate, startDate }) => {
    const days = (Date.parse(`${endDate}T00:00:00Z`) - Date.parse(`${startDate}T00:00:00Z`)) / DAY_MS
    if (endIncluded ? days < 0 : days <= 0) {
      return Either.left(
        invalidInput(
          "endDate",
          endIncluded ? "it is before startDate" : "it is not after startDate (the end day is excluded)",
          HELP
        )
      )
    }
    if (days >= MAX_DAYS) {
      return Either.left(
        invalidInput("endDate", `it is ${days} days after startDate; the most is ${MAX_DAYS - 1}`, HELP)
      )
    }
    return Either.right({ startDate, endDate })
  })

const rangeRequest = (operation: string, path: string, { endDate, startDate }: DateRange) =>
  ImageKitRequest.make({
    operation,
    method: "GET",
    path,
    urlParams: [
      ["startDate", startDate],
      ["endDate", endDate]
    ],
    attributes: { "imagekit.start_date": startDate, "imagekit.end_date": endDate }
  })

/** GET /v1/accounts/usage?startDate&endDate: from startDate up to, not including, endDate. */
export const getUsage = (options: unknown): Either.Either<ImageKitRequest.ImageKitRequest, InvalidInputError> =>
  Either.map(dateRange(options, false), (range) => rangeRequest("getUsage", "/v1/accounts/usage", range))

/** GET /v1/accounts/usage-analytics?startDate&endDate: both days included. */
export const getUsageAnalytics = (
  options: unknown
): Either.Either<ImageKitRequest.ImageKitRequest, InvalidInputError> =>
  Either.map(dateRange(options, true), (range) =>
    rangeRequest("getUsageAnalytics", "/v1/accounts/usage-analytics", range)
  )
