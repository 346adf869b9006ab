const REPLACEMENT_CHARACTER = 0xfffd

/**
 * Writes the UTF-8 form of `input` into `target` from `offset` and returns the new offset. `target` must have room
 * for `3 * input.length` bytes: no code unit expands to more than three bytes, and a surrogate pair (two units)
 * takes four. Lone surrogates become U+FFFD, which is what `TextEncoder` does.
 */
export const encodeUtf8Into = (input: string, target: Uint8Array, offset: number): number => {
  let position = offset
  const length = input.length
  for (let index = 0; index < length; index++) {
    let code = input.charCodeAt(index)
    if (code < 0x80) {
      target[position++] = code
      continue
    }
    if (code < 0x800) {
      target[position++] = 0xc0 | (code >> 6)
      target[position++] = 0x80 | (code & 0x3f)
      continue
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = index + 1 < length ? input.charCodeAt(index + 1) : 0
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const codePoint = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00)
        index++
        target[position++] = 0xf0 | (codePoint >> 18)
        target[position++] = 0x80 | ((codePoint >> 12) & 0x3f)
        target[position++] = 0x80 | ((codePoint >> 6) & 0x3f)
        target[position++] = 0x80 | (codePoint & 0x3f)
        continue
      }
      code = REPLACEMENT_CHARACTER
    }
    target[position++] = 0xe0 | (code >> 12)
    target[position++] = 0x80 | ((code >> 6) & 0x3f)
    target[position++] = 0x80 | (code & 0x3f)
  }
  return position
}

/** Length in bytes of the UTF-8 form of `input` (lone surrogates count as the three bytes of U+FFFD). */
export const utf8Length = (input: string): number => {
  const length = input.length
  let bytes = length
  for (let index = 0; index < length; index++) {
    const code = input.charCodeAt(index)
    if (code < 0x80) continue
    if (code < 0x800) {
      bytes += 1
      continue
    }
    bytes += 2
    // A valid pair is four bytes: three counted for the high half, one for the low half it skips.
    if (code <= 0xdbff && code >= 0xd800 && index + 1 < length) {
      const next = input.charCodeAt(index + 1)
      if (next >= 0xdc00 && next <= 0xdfff) index++
    }
  }
  return bytes
}

/** UTF-8 bytes of a string, with lone surrogates replaced by U+FFFD. */
export const utf8Encode = (input: string): Uint8Array => {
  // Sized exactly rather than at three bytes per unit, so a multi-megabyte webhook body is not tripled in memory.
  const bytes = new Uint8Array(utf8Length(input))
  encodeUtf8Into(input, bytes, 0)
  return bytes
}

let decoder: TextDecoder | undefined

/**
 * Decodes UTF-8, replacing malformed sequences with U+FFFD. A leading byte order mark is kept, as Node's
 * `Buffer#toString` keeps it, so the text is a faithful view of the bytes.
 */
export const utf8Decode = (bytes: Uint8Array): string => {
  if (decoder === undefined) decoder = new TextDecoder("utf-8", { ignoreBOM: true })
  return decoder.decode(bytes)
}

/** `HEX_BYTES[b]` is the two-digit lowercase hexadecimal form of the byte `b`. */
export const HEX_BYTES: ReadonlyArray<string> = /* @__PURE__ */ Array.from({ length: 256 }, (_, byte) =>
  byte.toString(16).padStart(2, "0")
)

/** Lowercase hexadecimal. */
export const toHex = (bytes: Uint8Array): string => {
  let out = ""
  for (let index = 0; index < bytes.length; index++) {
    out += HEX_BYTES[bytes[index] as number]
  }
  return out
}

const BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// -1 marks a character outside the alphabet; a table avoids a branchy range test per character.
const BASE64_VALUES: Int8Array = /* @__PURE__ */ (() => {
  const table = new Int8Array(128).fill(-1)
  for (let index = 0; index < BASE64_ALPHABET.length; index++) {
    table[BASE64_ALPHABET.charCodeAt(index)] = index
  }
  return table
})()

/** Standard base64 (RFC 4648 section 4) with `=` padding. */
export const base64Encode = (bytes: Uint8Array): string => {
  let out = ""
  const length = bytes.length
  const whole = length - (length % 3)
  let index = 0
  for (; index < whole; index += 3) {
    const chunk = ((bytes[index] as number) << 16) | ((bytes[index + 1] as number) << 8) | (bytes[index + 2] as number)
    out +=
      BASE64_ALPHABET.charAt(chunk >> 18) +
      BASE64_ALPHABET.charAt((chunk >> 12) & 63) +
      BASE64_ALPHABET.charAt((chunk >> 6) & 63) +
      BASE64_ALPHABET.charAt(chunk & 63)
  }
  const rest = length - whole
  if (rest === 1) {
    const chunk = (bytes[index] as number) << 16
    out += `${BASE64_ALPHABET.charAt(chunk >> 18)}${BASE64_ALPHABET.charAt((chunk >> 12) & 63)}==`
  } else if (rest === 2) {
    const chunk = ((bytes[index] as number) << 16) | ((bytes[index + 1] as number) << 8)
    out +=
      BASE64_ALPHABET.charAt(chunk >> 18) +
      BASE64_ALPHABET.charAt((chunk >> 12) & 63) +
      BASE64_ALPHABET.charAt((chunk >> 6) & 63) +
      "="
  }
  return out
}

/**
 * Decodes standard base64. Padding is optional, but when present it must be complete; whitespace, the URL-safe
 * alphabet and a length that leaves a single dangling character are rejected with `undefined`, so a mangled secret
 * is reported instead of silently producing a different key. Unused low bits of the last character are ignored,
 * as `atob` and `Buffer` ignore them.
 */
export const base64Decode = (input: string): Uint8Array | undefined => {
  if (typeof input !== "string") return undefined
  let end = input.length
  if (end % 4 === 0 && end > 0 && input.charCodeAt(end - 1) === 61) {
    end--
    if (input.charCodeAt(end - 1) === 61) end--
  }
  // A `=` left anywhere now (padding on a length that is not a multiple of four, or inside the text) fails the
  // alphabet lookup below.
  const remainder = end % 4
  if (remainder === 1) return undefined
  const bytes = new Uint8Array(Math.floor(end / 4) * 3 + (remainder === 0 ? 0 : remainder - 1))
  let accumulator = 0
  let bits = 0
  let position = 0
  for (let index = 0; index < end; index++) {
    const code = input.charCodeAt(index)
    const value = code < 128 ? (BASE64_VALUES[code] as number) : -1
    if (value < 0) return undefined
    accumulator = ((accumulator << 6) | value) & 0xffffff
    bits += 6
    if (bits >= 8) {
      bits -= 8
      bytes[position++] = (accumulator >> bits) & 0xff
    }
  }
  return bytes
}

/**
 * Compares two byte arrays in time that depends only on their lengths, so a signature check leaks nothing about
 * how many leading bytes matched. Lengths are not secret (every signature of a scheme has the same length).
 */
export const constantTimeEqual = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false
  let difference = 0
  for (let index = 0; index < a.length; index++) {
    difference |= (a[index] as number) ^ (b[index] as number)
  }
  return difference === 0
}
