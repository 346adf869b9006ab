import * as fc from "effect/FastCheck"
import ImageKit from "imagekit"
import { describe, expect, it } from "vitest"
import { distance, isPHashError, PHashError, type PHashErrorReason } from "../src/PHash.js"

const v6 = new ImageKit({ publicKey: "public", privateKey: "private", urlEndpoint: "https://ik.imagekit.io/demo" })

const MESSAGES: Record<PHashErrorReason, { readonly message: string; readonly help: string }> = {
  Missing: { message: "Missing pHash value", help: "Please pass two pHash values" },
  InvalidHex: { message: "Invalid pHash value", help: "Both pHash strings must be valid hexadecimal numbers" },
  UnequalLength: {
    message: "Unequal pHash string length",
    help: "For distance calucation, the two pHash strings must have equal length"
  }
}

/** The outcome of `distance`, with any throw that is not a PHashError surfaced as a test failure. */
const outcome = (a: unknown, b: unknown): number | PHashError => {
  try {
    return distance(a, b)
  } catch (error) {
    if (error instanceof PHashError) return error
    throw new Error(`distance threw something other than PHashError: ${String(error)}`)
  }
}

const reasonOf = (a: unknown, b: unknown): PHashErrorReason | number => {
  const result = outcome(a, b)
  return typeof result === "number" ? result : result.reason
}

// Independent reference: each digit through BigInt, bits counted from the binary string.
const naiveDistance = (a: string, b: string): number => {
  let bits = 0
  for (let index = 0; index < a.length; index++) {
    const xor = BigInt(`0x${a[index]}`) ^ BigInt(`0x${b[index]}`)
    bits += [...xor.toString(2)].filter((bit) => bit === "1").length
  }
  return bits
}

const hexDigit = fc.constantFrom(..."0123456789abcdefABCDEF")
const hexString = (minLength: number, maxLength: number) => fc.string({ unit: hexDigit, minLength, maxLength })
const hexPair = fc
  .integer({ min: 1, max: 80 })
  .chain((length) => fc.tuple(hexString(length, length), hexString(length, length)))

describe("distance", () => {
  it("reproduces every v6 test value", () => {
    expect(distance("f06830ca9f1e3e90", "f06830ca9f1e3e90")).toBe(0)
    expect(distance("2d5ad3936d2e015b", "2d6ed293db36a4fb")).toBe(17)
    expect(distance("a4a65595ac94518b", "7838873e791f8400")).toBe(37)
    expect(distance("f06830ca9f1e3e90", 2222222222222222)).toBe(30)
    expect(distance("33699c96619cc69e", "968e978414fe04ea")).toBe(30)
    expect(distance("63433b3ccf8e1ebe", "f5d2226cd9d32b16")).toBe(27)
    expect(distance("f5d2226cd9d32b16", "63433b3ccf8e1ebe")).toBe(27)
    expect(distance("33699c96619cc69e", "33699c96619cc69e")).toBe(0)
    expect(distance("ffffffffffffffff", "0000000000000000")).toBe(64)
  })

  it("is case-insensitive", () => {
    expect(distance("ABCDEF0123456789", "abcdef0123456789")).toBe(0)
    expect(distance("F", "0")).toBe(4)
  })

  it("throws the v6 messages and help texts", () => {
    const cases: ReadonlyArray<readonly [unknown, unknown, PHashErrorReason]> = [
      ["", "f06830ca9f1e3e90", "Missing"],
      ["f06830ca9f1e3e90", undefined, "Missing"],
      ["f06830ca9f1e3e90", "invalid", "InvalidHex"],
      ["f06830ca9f1e3e90", "f06830ca9f1e3e9", "UnequalLength"]
    ]
    for (const [a, b, reason] of cases) {
      const error = outcome(a, b)
      expect(error).toBeInstanceOf(PHashError)
      if (!(error instanceof PHashError)) continue
      expect(error.reason).toBe(reason)
      expect(error._tag).toBe("PHashError")
      expect(error.name).toBe("PHashError")
      expect(error.message).toBe(MESSAGES[reason].message)
      expect(error.help).toBe(MESSAGES[reason].help)
      expect(error).toBeInstanceOf(Error)
      expect(isPHashError(error)).toBe(true)
      // v6 returned these as one Error whose message joined both texts.
      const legacy = v6.pHashDistance(a as string, b as string)
      expect(legacy).toBeInstanceOf(Error)
      expect(legacy instanceof Error ? legacy.message : legacy).toBe(`${error.message}: ${error.help}`)
    }
  })

  it("treats every falsy value as missing, first", () => {
    for (const falsy of ["", 0, -0, 0n, null, undefined, false, Number.NaN]) {
      expect(reasonOf(falsy, "f0")).toBe("Missing")
      expect(reasonOf("f0", falsy)).toBe("Missing")
      // Missing wins over an invalid other value.
      expect(reasonOf(falsy, "zz")).toBe("Missing")
      expect(reasonOf("zz", falsy)).toBe("Missing")
    }
  })

  it("checks hexadecimal before length", () => {
    expect(reasonOf("zz", "abc")).toBe("InvalidHex")
    expect(reasonOf("abc", "zzzz")).toBe("InvalidHex")
    expect(reasonOf("abc", "abcd")).toBe("UnequalLength")
  })

  it("rejects text that only looks hexadecimal", () => {
    for (const bad of ["0x12", "１２", "é", "ab ", " ab", "ab\n", "a-b", "+12", "1.5", "ａｂ", "\u0660", "ab\0", "g"]) {
      expect(reasonOf(bad, "ab"), JSON.stringify(bad)).toBe("InvalidHex")
      expect(reasonOf("ab", bad), JSON.stringify(bad)).toBe("InvalidHex")
    }
  })

  it("coerces other values with String(), like v6", () => {
    expect(distance(2222222222222222, "2222222222222222")).toBe(0)
    expect(distance(123n, "123")).toBe(0)
    expect(distance(["ab"], "ab")).toBe(0)
    expect(distance({ toString: () => "ff" }, "00")).toBe(8)
    expect(reasonOf(true, "ab")).toBe("InvalidHex")
    expect(reasonOf(1.5, "abc")).toBe("InvalidHex")
    expect(reasonOf(-1, "ab")).toBe("InvalidHex")
    expect(reasonOf(1e21, "ab")).toBe("InvalidHex")
  })

  it("reports values that cannot be coerced as InvalidHex, never another throw", () => {
    const revocable = Proxy.revocable({}, {})
    revocable.revoke()
    const throwing = {
      toString: () => {
        throw new Error("boom")
      }
    }
    const recursive: { toString: () => string } = { toString: () => String(recursive) }
    const uncoercible = [
      Symbol("ab"),
      Object.create(null),
      throwing,
      { [Symbol.toPrimitive]: () => ({}) },
      { toString: () => ({}), valueOf: () => ({}) },
      revocable.proxy,
      recursive,
      () => "ab"
    ]
    for (const value of uncoercible) {
      expect(reasonOf(value, "ab")).toBe("InvalidHex")
      expect(reasonOf("ab", value)).toBe("InvalidHex")
    }
  })

  it("handles very long hashes without recursion", () => {
    const ones = "f".repeat(1_000_000)
    const zeros = "0".repeat(1_000_000)
    expect(distance(ones, zeros)).toBe(4_000_000)
    expect(distance(ones, ones)).toBe(0)
    expect(reasonOf(ones, `${zeros}0`)).toBe("UnequalLength")
    expect(reasonOf(ones, `${zeros.slice(1)}g`)).toBe("InvalidHex")
  })

  it("is symmetric, zero on itself, bounded by 4 bits per digit, and equals a naive reference", () => {
    fc.assert(
      fc.property(hexPair, ([a, b]) => {
        const d = distance(a, b)
        expect(d).toBe(distance(b, a))
        expect(distance(a, a)).toBe(0)
        expect(distance(a, a.toUpperCase())).toBe(0)
        expect(d).toBeGreaterThanOrEqual(0)
        expect(d).toBeLessThanOrEqual(4 * a.length)
        expect(d).toBe(naiveDistance(a, b))
      }),
      { numRuns: 500 }
    )
  })

  it("agrees with imagekit@6 pHashDistance wherever v6 itself does not throw", () => {
    const input = fc.oneof(hexString(0, 20), fc.string({ maxLength: 20 }), fc.anything())
    fc.assert(
      fc.property(fc.oneof(hexPair, fc.tuple(input, input)), ([a, b]) => {
        let legacy: number | Error
        try {
          legacy = v6.pHashDistance(a as string, b as string)
        } catch {
          return
        }
        const ours = outcome(a, b)
        if (typeof legacy === "number") expect(ours).toBe(legacy)
        else expect(ours instanceof PHashError ? `${ours.message}: ${ours.help}` : ours).toBe(legacy.message)
      }),
      { numRuns: 1000 }
    )
  })

  it("never throws anything but PHashError, whatever the input", () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (a, b) => {
        const result = outcome(a, b)
        if (typeof result === "number") {
          expect(Number.isInteger(result)).toBe(true)
          expect(result).toBeGreaterThanOrEqual(0)
        } else {
          expect(["Missing", "InvalidHex", "UnequalLength"]).toContain(result.reason)
        }
      }),
      { numRuns: 2000 }
    )
  })
})

describe("isPHashError", () => {
  it("recognises PHashError and nothing else", () => {
    expect(isPHashError(new PHashError({ reason: "Missing" }))).toBe(true)
    expect(isPHashError(new Error("Missing pHash value"))).toBe(false)
    expect(isPHashError({ _tag: "PHashError", reason: "Missing" })).toBe(false)
    expect(isPHashError(null)).toBe(false)
    expect(isPHashError("PHashError")).toBe(false)
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(isPHashError(value)).toBe(false)
      })
    )
  })

  it("recognises an error from another copy of the class through the shared brand", () => {
    const foreign = Object.create(Error.prototype, {
      [Symbol.for("@effect-imagekit/core/PHashError")]: { value: Symbol.for("@effect-imagekit/core/PHashError") }
    })
    expect(isPHashError(foreign)).toBe(true)
  })
})
