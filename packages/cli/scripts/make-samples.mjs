#!/usr/bin/env node
// Draws the sample images `imagekit tour` uploads and writes them to assets/samples/ as PNG:
//   mountains.png        256 × 192, a landscape: sky gradient, sun, two mountain ridges, a lake;
//   mountains-small.png  120 × 90, the same picture shrunk and a little brightened, for a small pHash distance;
//   city.png             256 × 192, a night skyline, for a large one.
// Pure Node: the pixels are computed here and encoded by the small PNG writer below (node:zlib for deflate), so the
// images can be regenerated without an image library. Run: node packages/cli/scripts/make-samples.mjs
import { mkdirSync, writeFileSync } from "node:fs"
import { deflateSync } from "node:zlib"

const OUT = new URL("../assets/samples/", import.meta.url)

// --- PNG writer (8-bit RGB, non-interlaced) ---------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

const crc32 = (bytes) => {
  let c = 0xffffffff
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

const chunk = (type, data) => {
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0)
  out.write(type, 4, "latin1")
  data.copy(out, 8)
  // The CRC covers the type and the data, not the length.
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length)
  return out
}

const paeth = (a, b, c) => {
  const p = a + b - c
  const pa = Math.abs(p - a)
  const pb = Math.abs(p - b)
  const pc = Math.abs(p - c)
  if (pa <= pb && pa <= pc) return a
  return pb <= pc ? b : c
}

/** One row filtered with `filter` (0 none, 1 sub, 2 up, 3 average, 4 Paeth), 3 bytes per pixel. */
const filterRow = (row, previous, filter) => {
  const out = Buffer.alloc(row.length + 1)
  out[0] = filter
  for (let x = 0; x < row.length; x++) {
    const left = x >= 3 ? row[x - 3] : 0
    const up = previous === undefined ? 0 : previous[x]
    const upLeft = previous === undefined || x < 3 ? 0 : previous[x - 3]
    const predicted = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter]
    out[x + 1] = (row[x] - predicted) & 0xff
  }
  return out
}

/** Encodes RGB pixels; each row takes the filter with the smallest sum of signed residuals (the usual heuristic). */
const encodePng = (width, height, rgb) => {
  const rows = []
  for (let y = 0; y < height; y++) {
    const row = rgb.subarray(y * width * 3, (y + 1) * width * 3)
    const previous = y === 0 ? undefined : rgb.subarray((y - 1) * width * 3, y * width * 3)
    const candidates = [0, 1, 2, 3, 4].map((filter) => filterRow(row, previous, filter))
    const cost = (filtered) => filtered.subarray(1).reduce((sum, byte) => sum + (byte < 128 ? byte : 256 - byte), 0)
    rows.push(candidates.reduce((best, candidate) => (cost(candidate) < cost(best) ? candidate : best)))
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = 8 // bit depth
  header[9] = 2 // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk("IEND", Buffer.alloc(0))
  ])
}

// --- Drawing ----------------------------------------------------------------------------------------------------

const mix = (a, b, t) => a.map((value, index) => value + (b[index] - value) * Math.min(1, Math.max(0, t)))

/** Renders `scene(u, v)` (u, v in 0..1 from the top left) with 3 × 3 samples per pixel, for smooth edges. */
const render = (width, height, scene) => {
  const rgb = new Uint8Array(width * height * 3)
  const n = 3
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sum = [0, 0, 0]
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const color = scene((x + (sx + 0.5) / n) / width, (y + (sy + 0.5) / n) / height)
          for (let c = 0; c < 3; c++) sum[c] += color[c]
        }
      }
      for (let c = 0; c < 3; c++) rgb[(y * width + x) * 3 + c] = Math.round(sum[c] / (n * n))
    }
  }
  return rgb
}

/**
 * Resizes to `w` × `h` by area averaging (each output pixel is the mean of the input area it covers) and brightens
 * the result a little (gamma 0.85), like a thumbnail exported from an editor: the same picture, not the same pixels.
 */
const resize = (width, height, rgb, w, h) => {
  const out = new Uint8Array(w * h * 3)
  const sx = width / w
  const sy = height / h
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sum = [0, 0, 0]
      for (let iy = Math.floor(y * sy); iy < (y + 1) * sy; iy++) {
        const wy = Math.min((y + 1) * sy, iy + 1) - Math.max(y * sy, iy)
        for (let ix = Math.floor(x * sx); ix < (x + 1) * sx; ix++) {
          const wx = Math.min((x + 1) * sx, ix + 1) - Math.max(x * sx, ix)
          for (let c = 0; c < 3; c++) sum[c] += rgb[(iy * width + ix) * 3 + c] * wx * wy
        }
      }
      for (let c = 0; c < 3; c++) {
        out[(y * w + x) * 3 + c] = Math.round(255 * (sum[c] / (sx * sy) / 255) ** 0.85)
      }
    }
  }
  return out
}

const TAU = Math.PI * 2

const mountains = (u, v) => {
  const farRidge = 0.47 - 0.11 * Math.sin(TAU * 1.3 * u + 0.5) - 0.05 * Math.sin(TAU * 3.1 * u + 1.7)
  const nearRidge = 0.66 - 0.07 * Math.sin(TAU * 0.8 * u + 2.2) - 0.03 * Math.sin(TAU * 4.3 * u)
  if (v > 0.84) {
    // The lake: darker towards the viewer, with a band of sunlight under the sun.
    const glint = Math.exp(-(((u - 0.72) / 0.05) ** 2)) * 0.6
    return mix(mix([90, 140, 185], [40, 75, 120], (v - 0.84) / 0.16), [250, 225, 170], glint)
  }
  if (v > nearRidge) return mix([55, 95, 60], [25, 55, 35], (v - nearRidge) / 0.25)
  if (v > farRidge) {
    const rock = mix([125, 130, 160], [85, 90, 125], (v - farRidge) / 0.2)
    // Snow on the higher peaks, down to a ragged line below the ridge.
    const snowLine = farRidge + 0.035 + 0.01 * Math.sin(TAU * 11 * u)
    return farRidge < 0.4 && v < snowLine ? [240, 242, 250] : rock
  }
  const sky = mix([70, 130, 205], [250, 205, 160], v / 0.5)
  const sun = Math.hypot(u - 0.72, (v - 0.26) * 0.75)
  if (sun < 0.06) return [255, 245, 215]
  return mix(sky, [255, 235, 190], Math.exp(-(((sun - 0.06) / 0.06) ** 2)) * 0.7)
}

/** A repeatable pseudo-random number in 0..1 for integer coordinates (no state: the picture is the same every run). */
const noise = (a, b) => {
  const s = Math.sin(a * 127.1 + b * 311.7) * 43758.5453
  return s - Math.floor(s)
}

const BUILDINGS = Array.from({ length: 11 }, (_, index) => ({
  left: index / 11,
  right: (index + 0.92) / 11,
  top: 0.2 + 0.45 * noise(index, 7)
}))

const city = (u, v) => {
  if (v > 0.9) return mix([70, 70, 78], [45, 45, 52], (v - 0.9) / 0.1)
  const building = BUILDINGS.find((b) => u >= b.left && u < b.right && v >= b.top)
  if (building !== undefined) {
    // A grid of windows, about half of them lit.
    const column = Math.floor((u - building.left) * 11 * 6)
    const floor = Math.floor((v - building.top) * 40)
    const inWindow = ((u - building.left) * 11 * 6) % 1 > 0.35 && ((v - building.top) * 40) % 1 > 0.4
    if (inWindow && noise(column + building.left * 100, floor) > 0.5) return [255, 215, 120]
    return [30, 32, 45]
  }
  const sky = mix([8, 10, 30], [55, 40, 85], v / 0.9)
  const moon = Math.hypot(u - 0.2, (v - 0.15) * 0.75)
  if (moon < 0.05) return [235, 235, 215]
  return mix(sky, [120, 120, 150], Math.exp(-(((moon - 0.05) / 0.04) ** 2)) * 0.5)
}

// --- Output -----------------------------------------------------------------------------------------------------

mkdirSync(OUT, { recursive: true })
const landscape = render(256, 192, mountains)
const samples = [
  ["mountains.png", encodePng(256, 192, landscape)],
  ["mountains-small.png", encodePng(120, 90, resize(256, 192, landscape, 120, 90))],
  ["city.png", encodePng(256, 192, render(256, 192, city))]
]
for (const [name, png] of samples) {
  writeFileSync(new URL(name, OUT), png)
  console.log(`${name}: ${png.length} bytes`)
}
