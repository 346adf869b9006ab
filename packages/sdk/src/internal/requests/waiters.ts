/**
 * The options of the waiters (`awaitBulkJob`, `awaitPurge`): how often to poll and how long to wait in all.
 */
import * as Duration from "effect/Duration"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type { InvalidInputError } from "../../ImageKitError.js"
import { describeValue, invalidInput, toShallowData } from "./input.js"

export interface WaitSettings {
  readonly interval: Duration.Duration
  readonly timeout: Duration.Duration
}

const DEFAULT_INTERVAL = Duration.seconds(1)
const DEFAULT_TIMEOUT = Duration.minutes(5)

const HELP = 'Pass durations, e.g. { interval: "2 seconds", timeout: "10 minutes" } (a number is milliseconds)'

/** A duration option: absent means `fallback`; it must be longer than zero (and, for the interval, finite). */
const duration = (
  record: Readonly<Record<string, unknown>>,
  key: "interval" | "timeout",
  fallback: Duration.Duration
): Either.Either<Duration.Duration, InvalidInputError> => {
  const value = record[key]
  if (value === undefined) return Either.right(fallback)
  const decoded = Option.filter(
    Duration.decodeUnknown(value),
    (d) => Duration.greaterThan(d, Duration.zero) && (key === "timeout" || Duration.isFinite(d))
  )
  return Option.match(decoded, {
    onNone: () =>
      Either.left(
        invalidInput(
          key,
          `expected a ${key === "interval" ? "finite " : ""}duration longer than zero, got ${describeValue(value)}`,
          HELP
        )
      ),
    onSome: Either.right
  })
}

/** Decodes `{ interval?, timeout? }` (or nothing) into durations with the defaults (1 s, 5 min). */
export const waitSettings = (options: unknown): Either.Either<WaitSettings, InvalidInputError> =>
  Either.gen(function* () {
    if (options === undefined || options === null) return { interval: DEFAULT_INTERVAL, timeout: DEFAULT_TIMEOUT }
    const data = yield* Either.mapLeft(toShallowData(options), (reason) => invalidInput("options", reason, HELP))
    if (typeof data !== "object" || data === null || Array.isArray(data)) {
      return yield* Either.left(
        invalidInput("options", `expected { interval?, timeout? }, got ${describeValue(data)}`, HELP)
      )
    }
    const record = data as Readonly<Record<string, unknown>>
    return {
      interval: yield* duration(record, "interval", DEFAULT_INTERVAL),
      timeout: yield* duration(record, "timeout", DEFAULT_TIMEOUT)
    }
  })
