/**
 * pHash distance as an Effect: the Hamming distance in bits between two hexadecimal pHash values (0 = identical
 * images, 64 = opposite for 16-digit hashes), failing with a typed `PHashError`.
 *
 * @example
 * ```ts
 * import { PHash } from "@effect-imagekit/sdk"
 * import { Effect } from "effect"
 *
 * const similar = PHash.distance("2d5ad3936d2e015b", "2d6ed293db36a4fb").pipe(Effect.map((bits) => bits <= 20))
 * ```
 *
 * @since 0.1.0
 */
import * as CorePHash from "@effect-imagekit/core/PHash"
import * as Effect from "effect/Effect"
import { PHashError } from "./ImageKitError.js"

/**
 * @since 0.1.0
 * @category utilities
 */
export const distance = (a: unknown, b: unknown): Effect.Effect<number, PHashError> =>
  Effect.try({
    try: () => CorePHash.distance(a, b),
    catch: (error) =>
      CorePHash.isPHashError(error)
        ? new PHashError({ reason: error.reason, message: error.message, help: error.help })
        : new PHashError({ reason: "InvalidHex", message: "Invalid pHash value", help: "Pass two hexadecimal strings" })
  })
