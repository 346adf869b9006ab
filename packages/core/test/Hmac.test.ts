import { createHash, createHmac } from "node:crypto"
import * as fc from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import { base64Decode, base64Encode, constantTimeEqual, toHex, utf8Decode, utf8Encode } from "../src/internal/bytes.js"
import { hmacSha1Hex } from "../src/internal/hmac.js"
import { hmacSha256, hmacSha256Parts } from "../src/internal/hmacSha256.js"
import { sha1 } from "../src/internal/sha1.js"
import { sha256 } from "../src/internal/sha256.js"

// Node encodes strings as UTF-8 with lone surrogates replaced by U+FFFD, the behaviour we promise; passing Buffers
// keeps the reference independent of how createHmac treats string keys.
const nodeHmacSha1 = (key: string, message: string) =>
  createHmac("sha1", Buffer.from(key, "utf8")).update(Buffer.from(message, "utf8")).digest("hex")
const nodeHmacSha256 = (key: Uint8Array, message: Uint8Array) =>
  new Uint8Array(createHmac("sha256", key).update(message).digest())

// Any sequence of UTF-16 code units: ASCII, BMP, valid surrogate pairs and lone surrogates.
const codeUnit = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x7ff }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }) }
)
const anyString = (maxLength: number) => fc.array(codeUnit, { maxLength }).map((units) => String.fromCharCode(...units))
const asciiString = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((code) => String.fromCharCode(code)), minLength, maxLength })

// Around the 55/56-byte padding split and the 64-byte block edges, one and two blocks in.
const BOUNDARY_LENGTHS = [0, 1, 3, 4, 5, 54, 55, 56, 57, 63, 64, 65, 118, 119, 120, 121, 127, 128, 129, 183, 184, 300]
const KEY_LENGTHS = [0, 1, 20, 63, 64, 65, 100, 128, 200]

describe("hmacSha1Hex", () => {
  it("reproduces the v6 authentication-parameters vector", () => {
    expect(hmacSha1Hex("private_key_test", "your_token1582269249")).toBe("e71bcd6031016b060d349d212e23e85c791decdd")
  })

  it("matches RFC 2202 test case 2", () => {
    expect(hmacSha1Hex("Jefe", "what do ya want for nothing?")).toBe("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
  })

  it("hashes keys longer than the block first (RFC 2104)", () => {
    const key = "k".repeat(80)
    const message = "Test Using Larger Than Block-Size Key - Hash Key First"
    expect(hmacSha1Hex(key, message)).toBe(createHmac("sha1", key).update(message).digest("hex"))
    // A long key and its SHA-1 digest are the same HMAC key.
    const digestKey = createHash("sha1").update(key).digest()
    expect(hmacSha1Hex(key, message)).toBe(createHmac("sha1", digestKey).update(message).digest("hex"))
  })

  it("matches node:crypto at every block boundary, for ASCII and multi-byte messages", () => {
    for (const keyLength of KEY_LENGTHS) {
      const key = "k".repeat(keyLength)
      for (const length of BOUNDARY_LENGTHS) {
        const ascii = "m".repeat(length)
        expect(hmacSha1Hex(key, ascii), `key ${keyLength}, ascii ${length}`).toBe(nodeHmacSha1(key, ascii))
        // Two-byte characters, so the byte length crosses the boundary in UTF-8 rather than in UTF-16.
        const twoByte = "é".repeat(Math.floor(length / 2)) + "m".repeat(length % 2)
        expect(utf8Encode(twoByte).length).toBe(length)
        expect(hmacSha1Hex(key, twoByte), `key ${keyLength}, utf8 ${length}`).toBe(nodeHmacSha1(key, twoByte))
      }
    }
  })

  it("matches node:crypto for multi-byte keys that cross 64 bytes only once encoded", () => {
    for (const key of [
      "é".repeat(32),
      "é".repeat(33),
      "€".repeat(21),
      "€".repeat(22),
      "😀".repeat(16),
      "😀".repeat(17)
    ]) {
      expect(hmacSha1Hex(key, "message")).toBe(nodeHmacSha1(key, "message"))
    }
  })

  it("matches node:crypto for random ASCII keys and messages (0..300 bytes)", () => {
    fc.assert(
      fc.property(asciiString(0, 200), asciiString(0, 300), (key, message) => {
        expect(hmacSha1Hex(key, message)).toBe(nodeHmacSha1(key, message))
      }),
      { numRuns: 500 }
    )
  })

  it("matches node:crypto for any UTF-16 input, lone surrogates included", () => {
    fc.assert(
      fc.property(anyString(120), anyString(150), (key, message) => {
        expect(hmacSha1Hex(key, message)).toBe(nodeHmacSha1(key, message))
      }),
      { numRuns: 500 }
    )
  })

  it("matches node:crypto for lone surrogates at the edges and inside the ASCII fast path", () => {
    const cases = ["\ud800", "\udc00", "a\ud800", "abc\udfff", "abcd\ud800", "\ud83d\ude00", "\ude00\ud83d", "ab\ud83d"]
    for (const message of cases) {
      expect(hmacSha1Hex("key", message)).toBe(nodeHmacSha1("key", message))
      expect(hmacSha1Hex(message, "message")).toBe(nodeHmacSha1(message, "message"))
    }
  })

  it("handles long messages, including ones too large for the reusable buffers, then short ones again", () => {
    const key = "private_key_test"
    for (const message of ["a".repeat(100_000), "é".repeat(30_000), `${"x".repeat(70_000)}€`, "short"]) {
      expect(hmacSha1Hex(key, message)).toBe(nodeHmacSha1(key, message))
    }
  })

  it("gives correct results when one key is reused and when many keys force cache eviction", () => {
    const keys = Array.from({ length: 40 }, (_, index) => `key-${index}-${"z".repeat(index * 3)}`)
    for (let round = 0; round < 3; round++) {
      for (const key of keys) {
        expect(hmacSha1Hex(key, `message ${round}`)).toBe(nodeHmacSha1(key, `message ${round}`))
        expect(hmacSha1Hex(key, `again ${round}`)).toBe(nodeHmacSha1(key, `again ${round}`))
      }
      for (let index = keys.length - 1; index >= 0; index -= 7) {
        const key = keys[index] ?? ""
        expect(hmacSha1Hex(key, "reverse")).toBe(nodeHmacSha1(key, "reverse"))
      }
    }
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 24 }), asciiString(0, 80)), { maxLength: 60 }),
        (calls) => {
          for (const [keyIndex, message] of calls) {
            const key = `k${keyIndex}`
            expect(hmacSha1Hex(key, message)).toBe(nodeHmacSha1(key, message))
          }
        }
      )
    )
  })

  it("treats keys as distinct strings, not by identity or prefix", () => {
    expect(hmacSha1Hex("ab", "m")).toBe(nodeHmacSha1("ab", "m"))
    expect(hmacSha1Hex(["a", "b"].join(""), "m")).toBe(nodeHmacSha1("ab", "m"))
    expect(hmacSha1Hex("abc", "m")).toBe(nodeHmacSha1("abc", "m"))
    // Zero padding makes a short key and the same key plus NULs equivalent in HMAC; check we agree with node there.
    expect(hmacSha1Hex("ab\0", "m")).toBe(nodeHmacSha1("ab\0", "m"))
  })
})

describe("hmacSha256", () => {
  it("matches RFC 4231 test case 2", () => {
    const mac = hmacSha256(utf8Encode("Jefe"), utf8Encode("what do ya want for nothing?"))
    expect(toHex(mac)).toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
  })

  it("matches node:crypto at every block boundary", () => {
    for (const keyLength of KEY_LENGTHS) {
      const key = new Uint8Array(keyLength).fill(0x4b)
      for (const length of BOUNDARY_LENGTHS) {
        const message = new Uint8Array(length).map((_, index) => index * 31)
        expect(hmacSha256(key, message)).toEqual(nodeHmacSha256(key, message))
      }
    }
  })

  it("matches node:crypto for random keys (0..200 bytes) and messages (0..300 bytes)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 300 }), (key, message) => {
        expect(hmacSha256(key, message)).toEqual(nodeHmacSha256(key, message))
      }),
      { numRuns: 500 }
    )
  })

  it("hashes several parts as their concatenation", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 100 }),
        fc.array(fc.uint8Array({ maxLength: 90 }), { maxLength: 5 }),
        (key, parts) => {
          const joined = Buffer.concat(parts)
          expect(hmacSha256Parts(key, parts)).toEqual(nodeHmacSha256(key, joined))
        }
      )
    )
  })

  it("handles a large message", () => {
    const message = new Uint8Array(1_000_003).map((_, index) => index & 0xff)
    expect(hmacSha256(utf8Encode("whsec_key"), message)).toEqual(nodeHmacSha256(utf8Encode("whsec_key"), message))
  })
})

describe("sha1 / sha256", () => {
  it("match node:crypto for random inputs", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        expect(toHex(sha1(data))).toBe(createHash("sha1").update(data).digest("hex"))
        expect(toHex(sha256(data))).toBe(createHash("sha256").update(data).digest("hex"))
      })
    )
  })
})

describe("bytes", () => {
  it("utf8Encode matches TextEncoder for any UTF-16 input", () => {
    const encoder = new TextEncoder()
    fc.assert(
      fc.property(anyString(200), (text) => {
        expect(utf8Encode(text)).toEqual(encoder.encode(text))
      }),
      { numRuns: 500 }
    )
  })

  it("utf8Decode matches Buffer for any bytes, and round-trips well-formed text", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(utf8Decode(bytes)).toBe(Buffer.from(bytes).toString("utf8"))
      })
    )
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        expect(utf8Decode(utf8Encode(text))).toBe(text)
      })
    )
    expect(utf8Decode(Uint8Array.of(0xef, 0xbb, 0xbf, 0x7b, 0x7d))).toBe("\ufeff{}")
  })

  it("toHex matches Buffer", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(toHex(bytes)).toBe(Buffer.from(bytes).toString("hex"))
      })
    )
  })

  it("base64Encode matches Buffer and base64Decode inverts it, with or without padding", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const encoded = base64Encode(bytes)
        expect(encoded).toBe(Buffer.from(bytes).toString("base64"))
        expect(base64Decode(encoded)).toEqual(bytes)
        expect(base64Decode(encoded.replace(/=+$/, ""))).toEqual(bytes)
      }),
      { numRuns: 500 }
    )
  })

  it("base64Decode returns undefined on malformed input instead of throwing", () => {
    for (const bad of [
      "a",
      "abcde",
      "ab=c",
      "ab c",
      "ab\n",
      "-_AA",
      "ab==cd==",
      "a===",
      "abc==",
      "ab=",
      "====",
      "é",
      "\u{1F600}"
    ]) {
      expect(base64Decode(bad), JSON.stringify(bad)).toBeUndefined()
    }
    expect(base64Decode("")).toEqual(new Uint8Array(0))
    expect(base64Decode("AA==")).toEqual(Uint8Array.of(0))
    expect(base64Decode("AAE")).toEqual(Uint8Array.of(0, 1))
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const decoded = base64Decode(text)
        if (decoded !== undefined) {
          // Whatever it accepts is base64 that Buffer reads the same way.
          expect(decoded).toEqual(new Uint8Array(Buffer.from(text, "base64")))
        }
      })
    )
  })

  it("constantTimeEqual agrees with Buffer.equals", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(Buffer.from(a).equals(Buffer.from(b)))
        expect(constantTimeEqual(a, a.slice())).toBe(true)
      })
    )
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (a, at, flip) => {
          const b = a.slice()
          const index = at % b.length
          b[index] = (b[index] ?? 0) ^ flip
          expect(constantTimeEqual(a, b)).toBe(false)
        }
      )
    )
    expect(constantTimeEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true)
    expect(constantTimeEqual(Uint8Array.of(1), Uint8Array.of(1, 0))).toBe(false)
  })
})
