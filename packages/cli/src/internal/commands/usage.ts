/**
 * `imagekit usage [--start YYYY-MM-DD] [--end YYYY-MM-DD]`: the account's billable usage (`getUsage`) as a small
 * table, or `--json`. `--end` is excluded, as the API counts; by default the last 30 days up to today included. The range is
 * checked by the SDK before anything is sent (less than 90 days). Output shapes are in docs/cli/account.md.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import type * as Schemas from "@effect-imagekit/sdk/Schemas"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { client } from "../client.js"
import { orFail } from "../failures.js"
import { type Rendered, runAction, table } from "../output.js"
import { jsonFlag } from "./account-shared.js"

const DAY_MS = 86_400_000
const day = (millis: number) => new Date(millis).toISOString().slice(0, 10)

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"]
/** Bytes for people: 1536 → "1.5 KiB". */
export const bytesText = (bytes: number): string => {
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit += 1
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`
}

const rows = (usage: Schemas.Usage): ReadonlyArray<ReadonlyArray<string>> => {
  const count = (value: number | undefined) => (value === undefined ? "-" : String(value))
  const size = (value: number | undefined) => (value === undefined ? "-" : bytesText(value))
  return [
    ["bandwidth", size(usage.bandwidthBytes)],
    ["media library storage", size(usage.mediaLibraryStorageBytes)],
    ["original cache storage", size(usage.originalCacheStorageBytes)],
    ["video processing units", count(usage.videoProcessingUnitsCount)],
    ["extension units", count(usage.extensionUnitsCount)]
  ]
}

const options = {
  start: Options.text("start").pipe(
    Options.withDescription("The first day, YYYY-MM-DD (default: 30 days ago)."),
    Options.optional
  ),
  end: Options.text("end").pipe(
    Options.withDescription("The day after the last one, YYYY-MM-DD (default: tomorrow, so today is counted)."),
    Options.optional
  ),
  json: jsonFlag("{ startDate, endDate, usage: { bandwidthBytes, mediaLibraryStorageBytes, ... } }")
}

/**
 * @since 0.1.0
 */
export const usageCommand = Command.make("usage", options, (flags) =>
  runAction(
    flags.json,
    Effect.gen(function* () {
      const now = Date.now()
      const startDate = Option.getOrElse(flags.start, () => day(now - 29 * DAY_MS))
      const endDate = Option.getOrElse(flags.end, () => day(now + DAY_MS))
      const { ik } = yield* client
      const usage = yield* ik.getUsage({ startDate, endDate }).pipe(orFail())
      return {
        json: { startDate, endDate, usage },
        lines: [`usage from ${startDate} up to ${endDate} (excluded)`, ...table(["METRIC", "VALUE"], rows(usage))]
      } satisfies Rendered
    })
  )
).pipe(Command.withDescription("Show the account's usage (bandwidth, storage, units) as a table; --json for scripts."))
