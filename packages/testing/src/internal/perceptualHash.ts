/**
 * A real perceptual hash (DCT pHash) for the emulator, so that `PHash.distance` between two uploads means what it
 * means on ImageKit: small for the same picture at another size, large for different pictures.
 *
 * The method, step by step:
 * 1. decode the image (PNG only, see `png.ts`) and turn it grey with the Rec. 601 luma weights, compositing
 *    transparent pixels over white (how an image with holes looks on a page);
 * 2. shrink it to 32 × 32 by area averaging (each output pixel is the mean of the input area it covers, partial
 *    pixels weighted by their share), which removes the detail a resize would change anyway;
 * 3. take the 2-D DCT-II of that 32 × 32 block;
 * 4. keep the top-left 8 × 8 coefficients, the lowest frequencies, which describe the picture's layout;
 * 5. set one bit per coefficient, in row-major order from the DC term, when the coefficient is above the median of
 *    the 63 AC coefficients. The DC term (the mean brightness) is left out of the median, which it would only
 *    push up; being far above it, its bit is always 1, as in the common 8 × 8 variant of pHash.
 * The 64 bits are printed as 16 hex digits, most significant first, the form ImageKit's metadata API answers.
 *
 * The values are not bit-for-bit ImageKit's (its exact resampling is not published), but distances behave alike:
 * the tests measure ≤ 10 bits for a resized copy and ≥ 20 for a different picture.
 */
import { decodePng, type RgbaImage } from "./png.js"

const SIZE = 32
const BLOCK = 8

/** Grey levels 0..255, alpha composited over white. */
const luma = (image: RgbaImage): Float64Array => {
  const { rgba } = image
  const grey = new Float64Array(image.width * image.height)
  for (let index = 0; index < grey.length; index++) {
    const at = index * 4
    const alpha = (rgba[at + 3] ?? 255) / 255
    const y = 0.299 * (rgba[at] ?? 0) + 0.587 * (rgba[at + 1] ?? 0) + 0.114 * (rgba[at + 2] ?? 0)
    grey[index] = y * alpha + 255 * (1 - alpha)
  }
  return grey
}

/**
 * For each of `size` output cells along an axis of `length` input pixels: the input pixels it covers and the share
 * of each (the shares of one cell sum to 1). Works both ways: a 20-pixel axis spreads each pixel over cells.
 */
const coverage = (length: number, size: number): ReadonlyArray<ReadonlyArray<readonly [number, number]>> => {
  const scale = length / size
  const cells: Array<Array<readonly [number, number]>> = []
  for (let cell = 0; cell < size; cell++) {
    const start = cell * scale
    const end = start + scale
    const weights: Array<readonly [number, number]> = []
    for (let pixel = Math.floor(start); pixel < end && pixel < length; pixel++) {
      const overlap = Math.min(end, pixel + 1) - Math.max(start, pixel)
      if (overlap > 0) weights.push([pixel, overlap / scale])
    }
    cells.push(weights)
  }
  return cells
}

/** Area-average resize to SIZE × SIZE: columns first, then rows (the box filter is separable). */
const shrink = (grey: Float64Array, width: number, height: number): Float64Array => {
  const columns = coverage(width, SIZE)
  const rows = coverage(height, SIZE)
  const narrow = new Float64Array(height * SIZE)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < SIZE; x++) {
      let sum = 0
      for (const [pixel, share] of columns[x] ?? []) sum += (grey[y * width + pixel] ?? 0) * share
      narrow[y * SIZE + x] = sum
    }
  }
  const small = new Float64Array(SIZE * SIZE)
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      let sum = 0
      for (const [pixel, share] of rows[y] ?? []) sum += (narrow[pixel * SIZE + x] ?? 0) * share
      small[y * SIZE + x] = sum
    }
  }
  return small
}

/** cos(π (2n + 1) k / 2N) for the first BLOCK frequencies k: all the DCT below needs. */
const COSINES: ReadonlyArray<Float64Array> = Array.from({ length: BLOCK }, (_, k) =>
  Float64Array.from({ length: SIZE }, (_, n) => Math.cos((Math.PI * (2 * n + 1) * k) / (2 * SIZE)))
)

/**
 * The top-left BLOCK × BLOCK coefficients of the 2-D DCT-II of a SIZE × SIZE block (row-major, [v * BLOCK + u]
 * for vertical frequency v and horizontal u). Unnormalised: scaling every coefficient alike moves no bit.
 */
export const lowFrequencies = (block: Float64Array): Float64Array => {
  const rowsDone = new Float64Array(SIZE * BLOCK)
  for (let y = 0; y < SIZE; y++) {
    for (let u = 0; u < BLOCK; u++) {
      const cosine = COSINES[u] ?? new Float64Array(SIZE)
      let sum = 0
      for (let x = 0; x < SIZE; x++) sum += (block[y * SIZE + x] ?? 0) * (cosine[x] ?? 0)
      rowsDone[y * BLOCK + u] = sum
    }
  }
  const out = new Float64Array(BLOCK * BLOCK)
  for (let v = 0; v < BLOCK; v++) {
    const cosine = COSINES[v] ?? new Float64Array(SIZE)
    for (let u = 0; u < BLOCK; u++) {
      let sum = 0
      for (let y = 0; y < SIZE; y++) sum += (rowsDone[y * BLOCK + u] ?? 0) * (cosine[y] ?? 0)
      out[v * BLOCK + u] = sum
    }
  }
  return out
}

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

/** The pHash of a decoded image, as 16 hex digits. */
export const perceptualHashOfImage = (image: RgbaImage): string => {
  const raw = lowFrequencies(shrink(luma(image), image.width, image.height))
  // Rounding leaves ±1e-10 where a coefficient is exactly 0 (every AC term of a flat image): snapped to 0, such
  // terms give 0 bits instead of bits that follow the rounding, so a flat image hashes alike at any size or shade.
  const epsilon = 1e-9 * Math.max(1, Math.abs(raw[0] ?? 0))
  const coefficients = raw.map((value) => (Math.abs(value) < epsilon ? 0 : value))
  const threshold = median([...coefficients].slice(1))
  let bits = 0n
  for (const coefficient of coefficients) bits = (bits << 1n) | (coefficient > threshold ? 1n : 0n)
  return bits.toString(16).padStart(16, "0")
}

// Stored bytes never change, and the metadata API may ask for the same file many times: decode each once.
const cache = new WeakMap<Uint8Array, string | undefined>()

/**
 * The pHash of an image file, or `undefined` when the decoder cannot read it (not a PNG, interlaced, damaged):
 * the model then reports its stand-in. The hook the Node emulator gives the model.
 */
export const perceptualHash = (bytes: Uint8Array): string | undefined => {
  if (cache.has(bytes)) return cache.get(bytes)
  const image = decodePng(bytes)
  const hash = image === undefined ? undefined : perceptualHashOfImage(image)
  cache.set(bytes, hash)
  return hash
}
