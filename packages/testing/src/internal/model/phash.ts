/**
 * The model's fallback `pHash`. It is NOT a perceptual hash: computing a real DCT pHash needs the decoded pixels,
 * and the model decodes none (no codec, no platform zlib). The Node emulator passes a real one through
 * `ModelHooks.pHash` (see `../perceptualHash.ts`, PNG only); this stand-in answers for the mock layer and for
 * formats the hook cannot read: the 64-bit FNV-1a hash of the stored bytes as 16 hex digits. Identical bytes give
 * identical hashes (distance 0), which is what tests of duplicate detection need; the distance between two
 * different images means nothing.
 */
const FNV_OFFSET = 0xcbf29ce484222325n
const FNV_PRIME = 0x100000001b3n
const MASK_64 = 0xffffffffffffffffn

export const pHashOf = (bytes: Uint8Array): string => {
  let hash = FNV_OFFSET
  for (const byte of bytes) hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK_64
  return hash.toString(16).padStart(16, "0")
}
