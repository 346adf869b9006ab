/**
 * HMAC-SHA256 for webhook verification. Kept apart from the SHA-1 HMAC so that the URL builder's bundle does not
 * carry SHA-256.
 */
import { BLOCK_SIZE, keyedStates } from "./hmac.js"
import { writePadding, writeWords } from "./sha1.js"
import { SHA256_INITIAL_STATE, sha256, sha256Blocks } from "./sha256.js"

/** HMAC-SHA256 of the concatenation of `parts`, without building the concatenation separately first. */
export const hmacSha256Parts = (key: Uint8Array, parts: ReadonlyArray<Uint8Array>): Uint8Array => {
  const states = keyedStates(key, SHA256_INITIAL_STATE, sha256Blocks, sha256)
  let total = 0
  for (const part of parts) total += part.length
  const buffer = new Uint8Array(total + 72)
  let offset = 0
  for (const part of parts) {
    buffer.set(part, offset)
    offset += part.length
  }
  const padded = writePadding(buffer, total, BLOCK_SIZE + total)
  const working = Int32Array.from(states.inner)
  sha256Blocks(working, buffer, padded)
  const outerBlock = new Uint8Array(BLOCK_SIZE)
  writeWords(working, outerBlock, 0)
  writePadding(outerBlock, 32, BLOCK_SIZE + 32)
  working.set(states.outer)
  sha256Blocks(working, outerBlock, BLOCK_SIZE)
  const mac = new Uint8Array(32)
  writeWords(working, mac, 0)
  return mac
}

/** HMAC-SHA256 (32 bytes). */
export const hmacSha256 = (key: Uint8Array, message: Uint8Array): Uint8Array => hmacSha256Parts(key, [message])
