/**
 * HMAC (RFC 2104) over SHA-1, in plain JavaScript so the core package runs wherever JavaScript does
 * and stays synchronous (Web Crypto is async-only).
 */
import { HEX_BYTES } from "./bytes.js"

// The platform encoder (present in every supported runtime) keeps the URL builder's bundle small; it turns lone
// surrogates into U+FFFD exactly like the hand-written encoder the webhook code uses.
const encoder = /* @__PURE__ */ new TextEncoder()
import { packWords, SHA1_INITIAL_STATE, sha1, sha1Blocks, sha1Words, writePadding } from "./sha1.js"

export const BLOCK_SIZE = 64

/** Hash states after absorbing the key XOR ipad block and the key XOR opad block. */
export interface KeyedStates {
  readonly inner: Int32Array
  readonly outer: Int32Array
}

export const keyedStates = (
  key: Uint8Array,
  initialState: Readonly<Int32Array>,
  absorb: (state: Int32Array, bytes: Uint8Array, byteLength: number) => void,
  digest: (data: Uint8Array) => Uint8Array
): KeyedStates => {
  const material = key.length > BLOCK_SIZE ? digest(key) : key
  const block = new Uint8Array(BLOCK_SIZE)
  block.set(material)
  for (let index = 0; index < BLOCK_SIZE; index++) block[index] = (block[index] as number) ^ 0x36
  const inner = Int32Array.from(initialState)
  absorb(inner, block, BLOCK_SIZE)
  // ipad ^ opad turns the ipad block into the opad block without touching the key again.
  for (let index = 0; index < BLOCK_SIZE; index++) block[index] = (block[index] as number) ^ (0x36 ^ 0x5c)
  const outer = Int32Array.from(initialState)
  absorb(outer, block, BLOCK_SIZE)
  block.fill(0)
  return { inner, outer }
}

// Signed URLs and upload auth parameters are computed again and again with the same one or two private keys; a
// small cache of keyed states saves two of the three compressions a short message needs. Evicting the oldest entry
// keeps the memory bounded when keys churn.
const SHA1_KEY_CACHE_LIMIT = 16
const sha1KeyCache = new Map<string, KeyedStates>()
let lastSha1Key: string | undefined
let lastSha1States: KeyedStates | undefined

const sha1StatesFor = (key: string): KeyedStates => {
  let states = sha1KeyCache.get(key)
  if (states === undefined) {
    states = keyedStates(encoder.encode(key), SHA1_INITIAL_STATE, sha1Blocks, sha1)
    if (sha1KeyCache.size >= SHA1_KEY_CACHE_LIMIT) {
      const oldest = sha1KeyCache.keys().next()
      if (oldest.done !== true) sha1KeyCache.delete(oldest.value)
    }
    sha1KeyCache.set(key, states)
  }
  lastSha1Key = key
  lastSha1States = states
  return states
}

// Reused across calls (hashing is synchronous). Buffers for unusually long messages are not kept, so one huge
// message cannot pin megabytes for the life of the process.
const MAX_RETAINED_WORDS = 1 << 14
let sha1MessageWords = new Int32Array(256)
let sha1MessageBytes = new Uint8Array(1024)
const sha1Working = new Int32Array(5)
// The outer message is always the 20-byte inner digest after the 64-byte key block, so its padding never changes.
const sha1OuterWords = new Int32Array(16)
sha1OuterWords[5] = 0x80000000 | 0
sha1OuterWords[15] = (BLOCK_SIZE + 20) * 8

/**
 * Writes the UTF-8 message, its padding and its length (counting the key block before it) into `words`, and returns
 * the number of words to hash. ASCII is packed four characters at a time straight from `charCodeAt`; anything else
 * goes through the byte encoder first.
 */
const writeSha1Message = (message: string, words: Int32Array): number => {
  const length = message.length
  let index = 0
  let word = 0
  for (; index + 4 <= length; index += 4) {
    const c0 = message.charCodeAt(index)
    const c1 = message.charCodeAt(index + 1)
    const c2 = message.charCodeAt(index + 2)
    const c3 = message.charCodeAt(index + 3)
    if ((c0 | c1 | c2 | c3) >= 0x80) return writeSha1MessageUtf8(message, words)
    words[word++] = (c0 << 24) | (c1 << 16) | (c2 << 8) | c3
  }
  let last = 0
  let shift = 24
  for (; index < length; index++) {
    const code = message.charCodeAt(index)
    if (code >= 0x80) return writeSha1MessageUtf8(message, words)
    last |= code << shift
    shift -= 8
  }
  words[word] = last | (0x80 << shift)
  return finishSha1Padding(words, word + 1, length)
}

const writeSha1MessageUtf8 = (message: string, words: Int32Array): number => {
  const capacity = message.length * 3 + 72
  let bytes = sha1MessageBytes
  if (bytes.length < capacity) {
    bytes = new Uint8Array(capacity)
    if (capacity <= MAX_RETAINED_WORDS * 4) sha1MessageBytes = bytes
  }
  const length = encoder.encodeInto(message, bytes).written
  const padded = writePadding(bytes, length, BLOCK_SIZE + length)
  packWords(bytes, padded, words)
  return padded >> 2
}

// Zero-fills from `from` up to the length words and writes the bit length of key block + message.
const finishSha1Padding = (words: Int32Array, from: number, messageBytes: number): number => {
  const total = (messageBytes + 72) & ~63
  const wordCount = total >> 2
  words.fill(0, from, wordCount - 2)
  const totalBytes = BLOCK_SIZE + messageBytes
  words[wordCount - 2] = Math.floor(totalBytes / 0x20000000)
  words[wordCount - 1] = totalBytes * 8
  return wordCount
}

/**
 * Lowercase hex HMAC-SHA1 of `message` under `key`, both taken as UTF-8 (lone surrogates become U+FFFD).
 */
export const hmacSha1Hex = (key: string, message: string): string => {
  const states = key === lastSha1Key && lastSha1States !== undefined ? lastSha1States : sha1StatesFor(key)
  // Three bytes per UTF-16 unit at most, plus padding, rounded up to words.
  const needed = message.length + 19
  let words = sha1MessageWords
  if (words.length < needed) {
    words = new Int32Array(needed)
    if (needed <= MAX_RETAINED_WORDS) sha1MessageWords = words
  }
  const wordCount = writeSha1Message(message, words)
  const working = sha1Working
  working.set(states.inner)
  sha1Words(working, words, wordCount)
  const outer = sha1OuterWords
  outer[0] = working[0] as number
  outer[1] = working[1] as number
  outer[2] = working[2] as number
  outer[3] = working[3] as number
  outer[4] = working[4] as number
  working.set(states.outer)
  sha1Words(working, outer, 16)
  let hex = ""
  for (let index = 0; index < 5; index++) {
    const word = working[index] as number
    hex +=
      (HEX_BYTES[word >>> 24] as string) +
      (HEX_BYTES[(word >>> 16) & 0xff] as string) +
      (HEX_BYTES[(word >>> 8) & 0xff] as string) +
      (HEX_BYTES[word & 0xff] as string)
  }
  return hex
}
