import type { PHashErrorReason } from "../PHash.js"

/** Shared brand so the guard also recognises errors thrown by another copy of this package (ESM and CJS builds). */
export const PHashErrorTypeId: unique symbol = Symbol.for("@effect-imagekit/core/PHashError")

/** The `imagekit@6` messages and help texts, typo included, so migrated callers can match on them. */
export const errorTexts: { readonly [R in PHashErrorReason]: { readonly message: string; readonly help: string } } = {
  Missing: { message: "Missing pHash value", help: "Please pass two pHash values" },
  InvalidHex: {
    message: "Invalid pHash value",
    help: "Both pHash strings must be valid hexadecimal numbers"
  },
  UnequalLength: {
    message: "Unequal pHash string length",
    help: "For distance calucation, the two pHash strings must have equal length"
  }
}

const BITS_IN_NIBBLE = [0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4]

// -1 for anything outside [0-9a-fA-F]; no Unicode case folding or full-width digits, exactly like the v6 regex.
const nibbleOf = (code: number): number => {
  if (code >= 48 && code <= 57) return code - 48
  if (code >= 97 && code <= 102) return code - 87
  if (code >= 65 && code <= 70) return code - 55
  return -1
}

// v6 coerces with String(); a value whose coercion throws (symbol-keyed toPrimitive that throws, null-prototype
// object, revoked proxy...) cannot be a hexadecimal number, so it is reported as such instead of leaking the throw.
const coerce = (value: unknown): string | undefined => {
  if (typeof value === "string") return value
  try {
    return String(value)
  } catch {
    return undefined
  }
}

const isHex = (text: string): boolean => {
  if (text.length === 0) return false
  for (let index = 0; index < text.length; index++) {
    if (nibbleOf(text.charCodeAt(index)) < 0) return false
  }
  return true
}

/** The Hamming distance in bits, or why the inputs cannot be compared (checked in the v6 order). */
export const compare = (a: unknown, b: unknown): number | PHashErrorReason => {
  if (!a || !b) return "Missing"
  const left = coerce(a)
  const right = coerce(b)
  if (left === undefined || right === undefined || !isHex(left) || !isHex(right)) return "InvalidHex"
  if (left.length !== right.length) return "UnequalLength"
  let bits = 0
  for (let index = 0; index < left.length; index++) {
    bits += BITS_IN_NIBBLE[nibbleOf(left.charCodeAt(index)) ^ nibbleOf(right.charCodeAt(index))] as number
  }
  return bits
}

export const hasPHashErrorTypeId = (u: unknown): boolean => {
  if ((typeof u !== "object" && typeof u !== "function") || u === null) return false
  try {
    return PHashErrorTypeId in u
  } catch {
    return false
  }
}
