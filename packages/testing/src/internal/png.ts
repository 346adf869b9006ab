/**
 * A small PNG decoder for the emulator's perceptual hash: non-interlaced images of every colour type (grey, RGB,
 * palette, grey + alpha, RGBA) at every bit depth the format allows, all five row filters. It uses node:zlib, so
 * only the Node emulator imports it; the model stays free of platform code and gets the hash through a hook.
 *
 * Anything it cannot read (interlaced, damaged, truncated, not a PNG, larger than {@link MAX_PIXELS}) gives
 * `undefined`, never an exception: the caller then falls back to the model's stand-in hash.
 */
import { inflateSync } from "node:zlib"

/** An image as 8-bit RGBA, row by row from the top left. */
export interface RgbaImage {
  readonly width: number
  readonly height: number
  /** `width * height * 4` bytes: red, green, blue, alpha. */
  readonly rgba: Uint8Array
}

/**
 * The largest image decoded (in pixels): 40 megapixels is 160 MB of RGBA, enough for photos and far below what a
 * hostile header could claim (a few KB of deflate can inflate to gigabytes).
 */
export const MAX_PIXELS = 40_000_000

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

/** Bit depths allowed for each colour type (PNG spec, table 11.1), and its samples per pixel. */
const COLOR_TYPES: Readonly<Record<number, { readonly channels: number; readonly depths: ReadonlyArray<number> }>> = {
  0: { channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { channels: 3, depths: [8, 16] },
  3: { channels: 1, depths: [1, 2, 4, 8] },
  4: { channels: 2, depths: [8, 16] },
  6: { channels: 4, depths: [8, 16] }
}

interface Header {
  readonly width: number
  readonly height: number
  readonly bitDepth: number
  readonly colorType: number
  readonly channels: number
}

const u32 = (bytes: Uint8Array, at: number): number =>
  (((bytes[at] ?? 0) << 24) | ((bytes[at + 1] ?? 0) << 16) | ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0)) >>> 0

const chunkType = (bytes: Uint8Array, at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4))

const readHeader = (data: Uint8Array): Header | undefined => {
  if (data.length !== 13) return undefined
  const width = u32(data, 0)
  const height = u32(data, 4)
  const bitDepth = data[8] ?? 0
  const colorType = data[9] ?? 0
  const layout = COLOR_TYPES[colorType]
  // Byte 10 is the compression method and 11 the filter method: 0 is the only one defined for either.
  if (layout === undefined || !layout.depths.includes(bitDepth) || data[10] !== 0 || data[11] !== 0) return undefined
  // Adam7 interlacing (12 = 1) stores seven sub-images; the hash has no need of it, so it falls back.
  if (data[12] !== 0 || width === 0 || height === 0 || width * height > MAX_PIXELS) return undefined
  return { width, height, bitDepth, colorType, channels: layout.channels }
}

/** The Paeth predictor of the PNG spec (section 9.4): whichever neighbour is closest to a + b - c. */
const paeth = (a: number, b: number, c: number): number => {
  const p = a + b - c
  const pa = Math.abs(p - a)
  const pb = Math.abs(p - b)
  const pc = Math.abs(p - c)
  if (pa <= pb && pa <= pc) return a
  return pb <= pc ? b : c
}

/**
 * Undoes the row filters in place. `raw` holds `height` rows of one filter byte and `stride` data bytes; the
 * result is the rows without their filter bytes. `step` is the bytes per pixel, at least 1 (sub-byte pixels
 * filter against the previous byte).
 */
const unfilter = (raw: Uint8Array, height: number, stride: number, step: number): Uint8Array | undefined => {
  const out = new Uint8Array(height * stride)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]
    const source = y * (stride + 1) + 1
    const row = y * stride
    const previous = row - stride
    for (let x = 0; x < stride; x++) {
      const value = raw[source + x] ?? 0
      const left = x >= step ? (out[row + x - step] ?? 0) : 0
      const up = y > 0 ? (out[previous + x] ?? 0) : 0
      const upLeft = y > 0 && x >= step ? (out[previous + x - step] ?? 0) : 0
      let predicted: number
      switch (filter) {
        case 0:
          predicted = 0
          break
        case 1:
          predicted = left
          break
        case 2:
          predicted = up
          break
        case 3:
          predicted = (left + up) >> 1
          break
        case 4:
          predicted = paeth(left, up, upLeft)
          break
        default:
          return undefined
      }
      out[row + x] = (value + predicted) & 0xff
    }
  }
  return out
}

/** Sample `index` of a row, scaled to 0..255 (16-bit samples keep their high byte, low depths are stretched). */
const sampleAt = (row: Uint8Array, offset: number, index: number, bitDepth: number): number => {
  if (bitDepth === 8) return row[offset + index] ?? 0
  if (bitDepth === 16) return row[offset + index * 2] ?? 0
  const perByte = 8 / bitDepth
  const byte = row[offset + Math.floor(index / perByte)] ?? 0
  const shift = 8 - bitDepth * ((index % perByte) + 1)
  const max = (1 << bitDepth) - 1
  return (((byte >> shift) & max) * 255) / max
}

/** Palette index `index` of a row, unscaled. */
const paletteIndexAt = (row: Uint8Array, offset: number, index: number, bitDepth: number): number => {
  if (bitDepth === 8) return row[offset + index] ?? 0
  const perByte = 8 / bitDepth
  const byte = row[offset + Math.floor(index / perByte)] ?? 0
  return (byte >> (8 - bitDepth * ((index % perByte) + 1))) & ((1 << bitDepth) - 1)
}

const toRgba = (
  header: Header,
  pixels: Uint8Array,
  stride: number,
  palette: Uint8Array | undefined,
  paletteAlpha: Uint8Array | undefined
): Uint8Array | undefined => {
  const { width, height, bitDepth, colorType, channels } = header
  if (colorType === 3 && palette === undefined) return undefined
  const rgba = new Uint8Array(width * height * 4)
  for (let y = 0; y < height; y++) {
    const offset = y * stride
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 4
      if (colorType === 3) {
        const index = paletteIndexAt(pixels, offset, x, bitDepth)
        rgba[at] = palette?.[index * 3] ?? 0
        rgba[at + 1] = palette?.[index * 3 + 1] ?? 0
        rgba[at + 2] = palette?.[index * 3 + 2] ?? 0
        // tRNS gives alpha for the first palette entries; the others are opaque.
        rgba[at + 3] = paletteAlpha?.[index] ?? 255
        continue
      }
      const first = x * channels
      const grey = colorType === 0 || colorType === 4
      const r = sampleAt(pixels, offset, first, bitDepth)
      rgba[at] = r
      rgba[at + 1] = grey ? r : sampleAt(pixels, offset, first + 1, bitDepth)
      rgba[at + 2] = grey ? r : sampleAt(pixels, offset, first + 2, bitDepth)
      rgba[at + 3] = colorType === 4 || colorType === 6 ? sampleAt(pixels, offset, first + channels - 1, bitDepth) : 255
    }
  }
  return rgba
}

/** Decodes `bytes` to RGBA, or `undefined` when they are not a PNG this decoder reads. */
export const decodePng = (bytes: Uint8Array): RgbaImage | undefined => {
  if (bytes.length < 8 || !SIGNATURE.every((byte, index) => bytes[index] === byte)) return undefined
  let header: Header | undefined
  let palette: Uint8Array | undefined
  let paletteAlpha: Uint8Array | undefined
  const idat: Array<Uint8Array> = []
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = u32(bytes, at)
    const type = chunkType(bytes, at + 4)
    const data = bytes.subarray(at + 8, at + 8 + length)
    if (data.length !== length) return undefined
    if (at === 8 && type !== "IHDR") return undefined
    if (type === "IHDR") header = readHeader(data)
    else if (type === "PLTE") palette = data
    else if (type === "tRNS") paletteAlpha = data
    else if (type === "IDAT") idat.push(data)
    else if (type === "IEND") break
    if (header === undefined) return undefined
    at += 12 + length
  }
  if (header === undefined || idat.length === 0) return undefined
  const stride = Math.ceil((header.width * header.channels * header.bitDepth) / 8)
  const expected = header.height * (stride + 1)
  let raw: Uint8Array
  try {
    // The limit stops a small stream that claims to inflate to gigabytes.
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: expected })
  } catch {
    return undefined
  }
  if (raw.length < expected) return undefined
  const step = Math.max(1, (header.channels * header.bitDepth) / 8)
  const pixels = unfilter(raw, header.height, stride, step)
  if (pixels === undefined) return undefined
  // tRNS of grey and RGB images names one transparent colour; the hash ignores it (such pixels stay opaque).
  const rgba = toRgba(header, pixels, stride, palette, header.colorType === 3 ? paletteAlpha : undefined)
  return rgba === undefined ? undefined : { width: header.width, height: header.height, rgba }
}
