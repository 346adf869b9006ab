/**
 * Perceptual-hash (pHash) distance, as `imagekit@6`'s `pHashDistance` computes it, with a typed error that is
 * thrown instead of returned.
 *
 * ImageKit returns a 64-bit pHash for images (`getFileMetadata`, upload responses with `responseFields`); the
 * number of differing bits tells how visually similar two images are.
 *
 * @since 0.1.0
 */
import * as internal from "./internal/phash.js"

/**
 * Why two pHash values could not be compared.
 *
 * - `Missing`: a value is falsy (`""`, `0`, `null`, `undefined`, `false`, `NaN`).
 * - `InvalidHex`: a value, as a string, is not made only of `0-9a-fA-F` (or cannot be turned into a string).
 * - `UnequalLength`: the two values have different lengths.
 *
 * @since 0.1.0
 * @category models
 */
export type PHashErrorReason = "Missing" | "InvalidHex" | "UnequalLength"

/**
 * Thrown by {@link distance}. `message` and `help` are the `imagekit@6` texts (v6 returned
 * `new Error(message + ": " + help)`).
 *
 * @example
 * ```ts
 * import { PHashError } from "@effect-imagekit/core/PHash"
 *
 * const error = new PHashError({ reason: "UnequalLength" })
 * console.log(error.message) // "Unequal pHash string length"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class PHashError extends Error {
  /**
   * @since 0.1.0
   */
  readonly _tag = "PHashError"
  /**
   * @since 0.1.0
   */
  override readonly name = "PHashError"
  /**
   * @since 0.1.0
   */
  readonly reason: PHashErrorReason
  /**
   * What to do about it.
   *
   * @since 0.1.0
   */
  readonly help: string

  constructor(props: { readonly reason: PHashErrorReason }) {
    const texts = internal.errorTexts[props.reason]
    super(texts.message)
    this.reason = props.reason
    this.help = texts.help
  }
}

Object.defineProperty(PHashError.prototype, internal.PHashErrorTypeId, { value: internal.PHashErrorTypeId })

/**
 * Whether a value is a {@link PHashError}, including one created by another copy of this package.
 *
 * @example
 * ```ts
 * import { distance, isPHashError } from "@effect-imagekit/core/PHash"
 *
 * try {
 *   distance("f06830ca9f1e3e90", "xyz")
 * } catch (error) {
 *   if (isPHashError(error)) console.log(error.reason) // "InvalidHex"
 * }
 * ```
 *
 * @since 0.1.0
 * @category guards
 */
export const isPHashError = (u: unknown): u is PHashError => internal.hasPHashErrorTypeId(u)

/**
 * The Hamming distance in bits between two pHash values: 0 for identical images, up to 64 for 16-digit hashes.
 *
 * Semantics of `imagekit@6` `pHashDistance`: values are compared as strings (so the number `2222222222222222` is
 * accepted), hexadecimal digits are case-insensitive, and the checks run in the order missing, invalid, unequal
 * length.
 *
 * @throws {PHashError} when a value is missing, not hexadecimal or of a different length; never anything else,
 * whatever the input.
 *
 * @example
 * ```ts
 * import { distance } from "@effect-imagekit/core/PHash"
 *
 * console.log(distance("2d5ad3936d2e015b", "2d6ed293db36a4fb")) // 17
 * console.log(distance("ffffffffffffffff", "0000000000000000")) // 64
 * ```
 *
 * @since 0.1.0
 * @category utils
 */
export const distance = (a: unknown, b: unknown): number => {
  const result = internal.compare(a, b)
  if (typeof result === "number") return result
  throw new PHashError({ reason: result })
}
