/**
 * SHA-256 (FIPS 180-4) over byte buffers the caller has already padded (see `writePadding` in `sha1.ts`; both
 * hashes share it).
 */
import { writePadding, writeWords } from "./sha1.js"

/** The initial hash value H(0). */
export const SHA256_INITIAL_STATE: Readonly<Int32Array> = /* @__PURE__ */ Int32Array.from([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
])

// The first 32 bits of the fractional parts of the cube roots of the first 64 primes.
const ROUND_CONSTANTS = /* @__PURE__ */ Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
])

// Shared across calls for the same reason as in sha1.ts: hashing is synchronous.
const schedule = new Int32Array(64)

/**
 * Absorbs the 64-byte blocks in `bytes[0, byteLength)` into `state` (eight words). `byteLength` must be a multiple
 * of 64.
 */
export const sha256Blocks = (state: Int32Array, bytes: Uint8Array, byteLength: number): void => {
  const w = schedule
  const k = ROUND_CONSTANTS
  let h0 = state[0] as number
  let h1 = state[1] as number
  let h2 = state[2] as number
  let h3 = state[3] as number
  let h4 = state[4] as number
  let h5 = state[5] as number
  let h6 = state[6] as number
  let h7 = state[7] as number
  for (let offset = 0; offset < byteLength; offset += 64) {
    for (let index = 0; index < 16; index++) {
      const at = offset + (index << 2)
      w[index] =
        ((bytes[at] as number) << 24) |
        ((bytes[at + 1] as number) << 16) |
        ((bytes[at + 2] as number) << 8) |
        (bytes[at + 3] as number)
    }
    for (let index = 16; index < 64; index++) {
      const x = w[index - 15] as number
      const y = w[index - 2] as number
      const sigma0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)
      const sigma1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)
      w[index] = (sigma1 + (w[index - 7] as number) + sigma0 + (w[index - 16] as number)) | 0
    }
    let a = h0
    let b = h1
    let c = h2
    let d = h3
    let e = h4
    let f = h5
    let g = h6
    let h = h7
    for (let index = 0; index < 64; index++) {
      const sum1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
      const choice = (e & f) ^ (~e & g)
      const temp1 = (h + sum1 + choice + (k[index] as number) + (w[index] as number)) | 0
      const sum0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
      const majority = (a & b) ^ (a & c) ^ (b & c)
      const temp2 = (sum0 + majority) | 0
      h = g
      g = f
      f = e
      e = (d + temp1) | 0
      d = c
      c = b
      b = a
      a = (temp1 + temp2) | 0
    }
    h0 = (h0 + a) | 0
    h1 = (h1 + b) | 0
    h2 = (h2 + c) | 0
    h3 = (h3 + d) | 0
    h4 = (h4 + e) | 0
    h5 = (h5 + f) | 0
    h6 = (h6 + g) | 0
    h7 = (h7 + h) | 0
  }
  state[0] = h0
  state[1] = h1
  state[2] = h2
  state[3] = h3
  state[4] = h4
  state[5] = h5
  state[6] = h6
  state[7] = h7
}

/** One-shot SHA-256 digest (32 bytes). */
export const sha256 = (data: Uint8Array): Uint8Array => {
  const buffer = new Uint8Array(data.length + 72)
  buffer.set(data)
  const padded = writePadding(buffer, data.length, data.length)
  const state = Int32Array.from(SHA256_INITIAL_STATE)
  sha256Blocks(state, buffer, padded)
  const digest = new Uint8Array(32)
  writeWords(state, digest, 0)
  return digest
}
