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

// The 80 rounds are written out with the 16-word message schedule in local variables: on V8 this runs about 2.5 times
// faster than the textbook loop over an 80-entry array (no typed-array bounds checks, values stay in registers), and
// signed-URL throughput is bounded by this function. Round r works on the five state variables rotated by r mod 5, so
// the per-round shuffle of a..e disappears too. The input is already in words so HMAC can feed the inner digest to the
// outer hash without a round trip through bytes.

/**
 * Absorbs the 16-word blocks in `words[0, wordLength)` into `state` (five words). `wordLength` must be a multiple
 * of 16.
 */
export const sha1Words = (state: Int32Array, words: Int32Array, wordLength: number): void => {
  let h0 = state[0] as number
  let h1 = state[1] as number
  let h2 = state[2] as number
  let h3 = state[3] as number
  let h4 = state[4] as number
  for (let at = 0; at < wordLength; at += 16) {
    let w0 = words[at] as number
    let w1 = words[at + 1] as number
    let w2 = words[at + 2] as number
    let w3 = words[at + 3] as number
    let w4 = words[at + 4] as number
    let w5 = words[at + 5] as number
    let w6 = words[at + 6] as number
    let w7 = words[at + 7] as number
    let w8 = words[at + 8] as number
    let w9 = words[at + 9] as number
    let w10 = words[at + 10] as number
    let w11 = words[at + 11] as number
    let w12 = words[at + 12] as number
    let w13 = words[at + 13] as number
    let w14 = words[at + 14] as number
    let w15 = words[at + 15] as number
    let a = h0
    let b = h1
    let c = h2
    let d = h3
    let e = h4
    let x = 0
    // rounds 0..19
    e = (((a << 5) | (a >>> 27)) + (d ^ (b & (c ^ d))) + e + w0 + 0x5a827999) | 0
    b = (b << 30) | (b >>> 2)
    d = (((e << 5) | (e >>> 27)) + (c ^ (a & (b ^ c))) + d + w1 + 0x5a827999) | 0
    a = (a << 30) | (a >>> 2)
    c = (((d << 5) | (d >>> 27)) + (b ^ (e & (a ^ b))) + c + w2 + 0x5a827999) | 0
    e = (e << 30) | (e >>> 2)
    b = (((c << 5) | (c >>> 27)) + (a ^ (d & (e ^ a))) + b + w3 + 0x5a827999) | 0
    d = (d << 30) | (d >>> 2)
    a = (((b << 5) | (b >>> 27)) + (e ^ (c & (d ^ e))) + a + w4 + 0x5a827999) | 0
    c = (c << 30) | (c >>> 2)
    e = (((a << 5) | (a >>> 27)) + (d ^ (b & (c ^ d))) + e + w5 + 0x5a827999) | 0
    b = (b << 30) | (b >>> 2)
    d = (((e << 5) | (e >>> 27)) + (c ^ (a & (b ^ c))) + d + w6 + 0x5a827999) | 0
    a = (a << 30) | (a >>> 2)
    c = (((d << 5) | (d >>> 27)) + (b ^ (e & (a ^ b))) + c + w7 + 0x5a827999) | 0
    e = (e << 30) | (e >>> 2)
    b = (((c << 5) | (c >>> 27)) + (a ^ (d & (e ^ a))) + b + w8 + 0x5a827999) | 0
    d = (d << 30) | (d >>> 2)
    a = (((b << 5) | (b >>> 27)) + (e ^ (c & (d ^ e))) + a + w9 + 0x5a827999) | 0
    c = (c << 30) | (c >>> 2)
    e = (((a << 5) | (a >>> 27)) + (d ^ (b & (c ^ d))) + e + w10 + 0x5a827999) | 0
    b = (b << 30) | (b >>> 2)
    d = (((e << 5) | (e >>> 27)) + (c ^ (a & (b ^ c))) + d + w11 + 0x5a827999) | 0
    a = (a << 30) | (a >>> 2)
    c = (((d << 5) | (d >>> 27)) + (b ^ (e & (a ^ b))) + c + w12 + 0x5a827999) | 0
    e = (e << 30) | (e >>> 2)
    b = (((c << 5) | (c >>> 27)) + (a ^ (d & (e ^ a))) + b + w13 + 0x5a827999) | 0
    d = (d << 30) | (d >>> 2)
    a = (((b << 5) | (b >>> 27)) + (e ^ (c & (d ^ e))) + a + w14 + 0x5a827999) | 0
    c = (c << 30) | (c >>> 2)
    e = (((a << 5) | (a >>> 27)) + (d ^ (b & (c ^ d))) + e + w15 + 0x5a827999) | 0
    b = (b << 30) | (b >>> 2)
    x = w13 ^ w8 ^ w2 ^ w0
    w0 = (x << 1) | (x >>> 31)
    d = (((e << 5) | (e >>> 27)) + (c ^ (a & (b ^ c))) + d + w0 + 0x5a827999) | 0
    a = (a << 30) | (a >>> 2)
    x = w14 ^ w9 ^ w3 ^ w1
    w1 = (x << 1) | (x >>> 31)
    c = (((d << 5) | (d >>> 27)) + (b ^ (e & (a ^ b))) + c + w1 + 0x5a827999) | 0
    e = (e << 30) | (e >>> 2)
    x = w15 ^ w10 ^ w4 ^ w2
    w2 = (x << 1) | (x >>> 31)
    b = (((c << 5) | (c >>> 27)) + (a ^ (d & (e ^ a))) + b + w2 + 0x5a827999) | 0
    d = (d << 30) | (d >>> 2)
    x = w0 ^ w11 ^ w5 ^ w3
    w3 = (x << 1) | (x >>> 31)
    a = (((b << 5) | (b >>> 27)) + (e ^ (c & (d ^ e))) + a + w3 + 0x5a827999) | 0
    c = (c << 30) | (c >>> 2)
    // rounds 20..39
    x = w1 ^ w12 ^ w6 ^ w4
    w4 = (x << 1) | (x >>> 31)
    e = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + w4 + 0x6ed9eba1) | 0
    b = (b << 30) | (b >>> 2)
    x = w2 ^ w13 ^ w7 ^ w5
    w5 = (x << 1) | (x >>> 31)
    d = (((e << 5) | (e >>> 27)) + (a ^ b ^ c) + d + w5 + 0x6ed9eba1) | 0
    a = (a << 30) | (a >>> 2)
    x = w3 ^ w14 ^ w8 ^ w6
    w6 = (x << 1) | (x >>> 31)
    c = (((d << 5) | (d >>> 27)) + (e ^ a ^ b) + c + w6 + 0x6ed9eba1) | 0
    e = (e << 30) | (e >>> 2)
    x = w4 ^ w15 ^ w9 ^ w7
    w7 = (x << 1) | (x >>> 31)
    b = (((c << 5) | (c >>> 27)) + (d ^ e ^ a) + b + w7 + 0x6ed9eba1) | 0
    d = (d << 30) | (d >>> 2)
    x = w5 ^ w0 ^ w10 ^ w8
    w8 = (x << 1) | (x >>> 31)
    a = (((b << 5) | (b >>> 27)) + (c ^ d ^ e) + a + w8 + 0x6ed9eba1) | 0
    c = (c << 30) | (c >>> 2)
    x = w6 ^ w1 ^ w11 ^ w9
    w9 = (x << 1) | (x >>> 31)
    e = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + w9 + 0x6ed9eba1) | 0
    b = (b << 30) | (b >>> 2)
    x = w7 ^ w2 ^ w12 ^ w10
    w10 = (x << 1) | (x >>> 31)
    d = (((e << 5) | (e >>> 27)) + (a ^ b ^ c) + d + w10 + 0x6ed9eba1) | 0
    a = (a << 30) | (a >>> 2)
    x = w8 ^ w3 ^ w13 ^ w11
    w11 = (x << 1) | (x >>> 31)
    c = (((d << 5) | (d >>> 27)) + (e ^ a ^ b) + c + w11 + 0x6ed9eba1) | 0
    e = (e << 30) | (e >>> 2)
    x = w9 ^ w4 ^ w14 ^ w12
    w12 = (x << 1) | (x >>> 31)
    b = (((c << 5) | (c >>> 27)) + (d ^ e ^ a) + b + w12 + 0x6ed9eba1) | 0
    d = (d << 30) | (d >>> 2)
    x = w10 ^ w5 ^ w15 ^ w13
    w13 = (x << 1) | (x >>> 31)
    a = (((b << 5) | (b >>> 27)) + (c ^ d ^ e) + a + w13 + 0x6ed9eba1) | 0
    c = (c << 30) | (c >>> 2)
    x = w11 ^ w6 ^ w0 ^ w14
    w14 = (x << 1) | (x >>> 31)
    e = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + w14 + 0x6ed9eba1) | 0
    b = (b << 30) | (b >>> 2)
    x = w12 ^ w7 ^ w1 ^ w15
    w15 = (x << 1) | (x >>> 31)
    d = (((e << 5) | (e >>> 27)) + (a ^ b ^ c) + d + w15 + 0x6ed9eba1) | 0
    a = (a << 30) | (a >>> 2)
    x = w13 ^ w8 ^ w2 ^ w0
    w0 = (x << 1) | (x >>> 31)
    c = (((d << 5) | (d >>> 27)) + (e ^ a ^ b) + c + w0 + 0x6ed9eba1) | 0
    e = (e << 30) | (e >>> 2)
    x = w14 ^ w9 ^ w3 ^ w1
    w1 = (x << 1) | (x >>> 31)
    b = (((c << 5) | (c >>> 27)) + (d ^ e ^ a) + b + w1 + 0x6ed9eba1) | 0
    d = (d << 30) | (d >>> 2)
    x = w15 ^ w10 ^ w4 ^ w2
    w2 = (x << 1) | (x >>> 31)
    a = (((b << 5) | (b >>> 27)) + (c ^ d ^ e) + a + w2 + 0x6ed9eba1) | 0
    c = (c << 30) | (c >>> 2)
    x = w0 ^ w11 ^ w5 ^ w3
    w3 = (x << 1) | (x >>> 31)
    e = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + w3 + 0x6ed9eba1) | 0
    b = (b << 30) | (b >>> 2)
    x = w1 ^ w12 ^ w6 ^ w4
    w4 = (x << 1) | (x >>> 31)
    d = (((e << 5) | (e >>> 27)) + (a ^ b ^ c) + d + w4 + 0x6ed9eba1) | 0
    a = (a << 30) | (a >>> 2)
    x = w2 ^ w13 ^ w7 ^ w5
    w5 = (x << 1) | (x >>> 31)
    c = (((d << 5) | (d >>> 27)) + (e ^ a ^ b) + c + w5 + 0x6ed9eba1) | 0
    e = (e << 30) | (e >>> 2)
    x = w3 ^ w14 ^ w8 ^ w6
    w6 = (x << 1) | (x >>> 31)
    b = (((c << 5) | (c >>> 27)) + (d ^ e ^ a) + b + w6 + 0x6ed9eba1) | 0
    d = (d << 30) | (d >>> 2)
    x = w4 ^ w15 ^ w9 ^ w7
    w7 = (x << 1) | (x >>> 31)
    a = (((b << 5) | (b >>> 27)) + (c ^ d ^ e) + a + w7 + 0x6ed9eba1) | 0
    c = (c << 30) | (c >>> 2)
    // rounds 40..59
    x = w5 ^ w0 ^ w10 ^ w8
    w8 = (x << 1) | (x >>> 31)
    e = (((a << 5) | (a >>> 27)) + ((b & c) | (d & (b | c))) + e + w8 - 0x70e44324) | 0
    b = (b << 30) | (b >>> 2)
    x = w6 ^ w1 ^ w11 ^ w9
    w9 = (x << 1) | (x >>> 31)
    d = (((e << 5) | (e >>> 27)) + ((a & b) | (c & (a | b))) + d + w9 - 0x70e44324) | 0
    a = (a << 30) | (a >>> 2)
    x = w7 ^ w2 ^ w12 ^ w10
    w10 = (x << 1) | (x >>> 31)
    c = (((d << 5) | (d >>> 27)) + ((e & a) | (b & (e | a))) + c + w10 - 0x70e44324) | 0
    e = (e << 30) | (e >>> 2)
    x = w8 ^ w3 ^ w13 ^ w11
    w11 = (x << 1) | (x >>> 31)
    b = (((c << 5) | (c >>> 27)) + ((d & e) | (a & (d | e))) + b + w11 - 0x70e44324) | 0
    d = (d << 30) | (d >>> 2)
    x = w9 ^ w4 ^ w14 ^ w12
    w12 = (x << 1) | (x >>> 31)
    a = (((b << 5) | (b >>> 27)) + ((c & d) | (e & (c | d))) + a + w12 - 0x70e44324) | 0
    c = (c << 30) | (c >>> 2)
    x = w10 ^ w5 ^ w15 ^ w13
    w13 = (x << 1) | (x >>> 31)
    e = (((a << 5) | (a >>> 27)) + ((b & c) | (d & (b | c))) + e + w13 - 0x70e44324) | 0
    b = (b << 30) | (b >>> 2)
    x = w11 ^ w6 ^ w0 ^ w14
    w14 = (x << 1) | (x >>> 31)
    d = (((e << 5) | (e >>> 27)) + ((a & b) | (c & (a | b))) + d + w14 - 0x70e44324) | 0
    a = (a << 30) | (a >>> 2)
    x = w12 ^ w7 ^ w1 ^ w15
    w15 = (x << 1) | (x >>> 31)
    c = (((d << 5) | (d >>> 27)) + ((e & a) | (b & (e | a))) + c + w15 - 0x70e44324) | 0
    e = (e << 30) | (e >>> 2)
    x = w13 ^ w8 ^ w2 ^ w0
    w0 = (x << 1) | (x >>> 31)
    b = (((c << 5) | (c >>> 27)) + ((d & e) | (a & (d | e))) + b + w0 - 0x70e44324) | 0
    d = (d << 30) | (d >>> 2)
    x = w14 ^ w9 ^ w3 ^ w1
    w1 = (x << 1) | (x >>> 31)
    a = (((b << 5) | (b >>> 27)) + ((c & d) | (e & (c | d))) + a + w1 - 0x70e44324) | 0
    c = (c << 30) | (c >>> 2)
    x = w15 ^ w10 ^ w4 ^ w2
    w2 = (x << 1) | (x >>> 31)
    e = (((a << 5) | (a >>> 27)) + ((b & c) | (d & (b | c))) + e + w2 - 0x70e44324) | 0
    b = (b << 30) | (b >>> 2)
    x = w0 ^ w11 ^ w5 ^ w3
    w3 = (x << 1) | (x >>> 31)
    d = (((e << 5) | (e >>> 27)) + ((a & b) | (c & (a | b))) + d + w3 - 0x70e44324) | 0
    a = (a << 30) | (a >>> 2)
    x = w1 ^ w12 ^ w6 ^ w4
    w4 = (x << 1) | (x >>> 31)
    c = (((d << 5) | (d >>> 27)) + ((e & a) | (b & (e | a))) + c + w4 - 0x70e44324) | 0
    e = (e << 30) | (e >>> 2)
    x = w2 ^ w13 ^ w7 ^ w5
    w5 = (x << 1) | (x >>> 31)
    b = (((c << 5) | (c >>> 27)) + ((d & e) | (a & (d | e))) + b + w5 - 0x70e44324) | 0
    d = (d << 30) | (d >>> 2)
    x = w3 ^ w14 ^ w8 ^ w6
    w6 = (x << 1) | (x >>> 31)
    a = (((b << 5) | (b >>> 27)) + ((c & d) | (e & (c | d))) + a + w6 - 0x70e44324) | 0
    c = (c << 30) | (c >>> 2)
    x = w4 ^ w15 ^ w9 ^ w7
    w7 = (x << 1) | (x >>> 31)
    e = (((a << 5) | (a >>> 27)) + ((b & c) | (d & (b | c))) + e + w7 - 0x70e44324) | 0
    b = (b << 30) | (b >>> 2)
    x = w5 ^ w0 ^ w10 ^ w8
    w8 = (x << 1) | (x >>> 31)
    d = (((e << 5) | (e >>> 27)) + ((a & b) | (c & (a | b))) + d + w8 - 0x70e44324) | 0
    a = (a << 30) | (a >>> 2)
    x = w6 ^ w1 ^ w11 ^ w9
    w9 = (x << 1) | (x >>> 31)
    c = (((d << 5) | (d >>> 27)) + ((e & a) | (b & (e | a))) + c + w9 - 0x70e44324) | 0
    e = (e << 30) | (e >>> 2)
    x = w7 ^ w2 ^ w12 ^ w10
    w10 = (x << 1) | (x >>> 31)
    b = (((c << 5) | (c >>> 27)) + ((d & e) | (a & (d | e))) + b + w10 - 0x70e44324) | 0
    d = (d << 30) | (d >>> 2)
    x = w8 ^ w3 ^ w13 ^ w11
    w11 = (x << 1) | (x >>> 31)
    a = (((b << 5) | (b >>> 27)) + ((c & d) | (e & (c | d))) + a + w11 - 0x70e44324) | 0
    c = (c << 30) | (c >>> 2)
    // rounds 60..79
    x = w9 ^ w4 ^ w14 ^ w12
    w12 = (x << 1) | (x >>> 31)
    e = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + w12 - 0x359d3e2a) | 0
    b = (b << 30) | (b >>> 2)
    x = w10 ^ w5 ^ w15 ^ w13
    w13 = (x << 1) | (x >>> 31)
    d = (((e << 5) | (e >>> 27)) + (a ^ b ^ c) + d + w13 - 0x359d3e2a) | 0
    a = (a << 30) | (a >>> 2)
    x = w11 ^ w6 ^ w0 ^ w14
    w14 = (x << 1) | (x >>> 31)
    c = (((d << 5) | (d >>> 27)) + (e ^ a ^ b) + c + w14 - 0x359d3e2a) | 0
    e = (e << 30) | (e >>> 2)
    x = w12 ^ w7 ^ w1 ^ w15
    w15 = (x << 1) | (x >>> 31)
    b = (((c << 5) | (c >>> 27)) + (d ^ e ^ a) + b + w15 - 0x359d3e2a) | 0
    d = (d << 30) | (d >>> 2)
    x = w13 ^ w8 ^ w2 ^ w0
    w0 = (x << 1) | (x >>> 31)
    a = (((b << 5) | (b >>> 27)) + (c ^ d ^ e) + a + w0 - 0x359d3e2a) | 0
    c = (c << 30) | (c >>> 2)
    x = w14 ^ w9 ^ w3 ^ w1
    w1 = (x << 1) | (x >>> 31)
    e = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + w1 - 0x359d3e2a) | 0
    b = (b << 30) | (b >>> 2)
    x = w15 ^ w10 ^ w4 ^ w2
    w2 = (x << 1) | (x >>> 31)
    d = (((e << 5) | (e >>> 27)) + (a ^ b ^ c) + d + w2 - 0x359d3e2a) | 0
    a = (a << 30) | (a >>> 2)
    x = w0 ^ w11 ^ w5 ^ w3
    w3 = (x << 1) | (x >>> 31)
    c = (((d << 5) | (d >>> 27)) + (e ^ a ^ b) + c + w3 - 0x359d3e2a) | 0
    e = (e << 30) | (e >>> 2)
    x = w1 ^ w12 ^ w6 ^ w4
    w4 = (x << 1) | (x >>> 31)
    b = (((c << 5) | (c >>> 27)) + (d ^ e ^ a) + b + w4 - 0x359d3e2a) | 0
    d = (d << 30) | (d >>> 2)
    x = w2 ^ w13 ^ w7 ^ w5
    w5 = (x << 1) | (x >>> 31)
    a = (((b << 5) | (b >>> 27)) + (c ^ d ^ e) + a + w5 - 0x359d3e2a) | 0
    c = (c << 30) | (c >>> 2)
    x = w3 ^ w14 ^ w8 ^ w6
    w6 = (x << 1) | (x >>> 31)
    e = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + w6 - 0x359d3e2a) | 0
    b = (b << 30) | (b >>> 2)
    x = w4 ^ w15 ^ w9 ^ w7
    w7 = (x << 1) | (x >>> 31)
    d = (((e << 5) | (e >>> 27)) + (a ^ b ^ c) + d + w7 - 0x359d3e2a) | 0
    a = (a << 30) | (a >>> 2)
    x = w5 ^ w0 ^ w10 ^ w8
    w8 = (x << 1) | (x >>> 31)
    c = (((d << 5) | (d >>> 27)) + (e ^ a ^ b) + c + w8 - 0x359d3e2a) | 0
    e = (e << 30) | (e >>> 2)
    x = w6 ^ w1 ^ w11 ^ w9
    w9 = (x << 1) | (x >>> 31)
    b = (((c << 5) | (c >>> 27)) + (d ^ e ^ a) + b + w9 - 0x359d3e2a) | 0
    d = (d << 30) | (d >>> 2)
    x = w7 ^ w2 ^ w12 ^ w10
    w10 = (x << 1) | (x >>> 31)
    a = (((b << 5) | (b >>> 27)) + (c ^ d ^ e) + a + w10 - 0x359d3e2a) | 0
    c = (c << 30) | (c >>> 2)
    x = w8 ^ w3 ^ w13 ^ w11
    w11 = (x << 1) | (x >>> 31)
    e = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + w11 - 0x359d3e2a) | 0
    b = (b << 30) | (b >>> 2)
    x = w9 ^ w4 ^ w14 ^ w12
    w12 = (x << 1) | (x >>> 31)
    d = (((e << 5) | (e >>> 27)) + (a ^ b ^ c) + d + w12 - 0x359d3e2a) | 0
    a = (a << 30) | (a >>> 2)
    x = w10 ^ w5 ^ w15 ^ w13
    w13 = (x << 1) | (x >>> 31)
    c = (((d << 5) | (d >>> 27)) + (e ^ a ^ b) + c + w13 - 0x359d3e2a) | 0
    e = (e << 30) | (e >>> 2)
    x = w11 ^ w6 ^ w0 ^ w14
    w14 = (x << 1) | (x >>> 31)
    b = (((c << 5) | (c >>> 27)) + (d ^ e ^ a) + b + w14 - 0x359d3e2a) | 0
    d = (d << 30) | (d >>> 2)
    x = w12 ^ w7 ^ w1 ^ w15
    w15 = (x << 1) | (x >>> 31)
    a = (((b << 5) | (b >>> 27)) + (c ^ d ^ e) + a + w15 - 0x359d3e2a) | 0
    c = (c << 30) | (c >>> 2)
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
