/**
 * The emulator's PNG decoder and perceptual hash: decoding every colour type, bit depth and row filter, refusing
 * what it cannot read, and distances that mean something (small for a resized copy, large for another picture),
 * measured on the CLI's sample images and on synthetic ones. Then the wiring: the emulator reports the real hash,
 * the mock layer the stand-in.
 */
import { readFileSync } from "node:fs"
import { deflateSync } from "node:zlib"
import { distance } from "@effect-imagekit/core/PHash"
import { ImageKit } from "@effect-imagekit/sdk"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Emulator from "../src/Emulator.js"
import * as ImageKitTest from "../src/ImageKitTest.js"
import { pHashOf } from "../src/internal/model/index.js"
import { perceptualHash, perceptualHashOfImage } from "../src/internal/perceptualHash.js"
import { decodePng, type RgbaImage } from "../src/internal/png.js"

// --- A PNG writer for the tests: any colour type, bit depth and filter, written from scratch -------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

const crc32 = (bytes: Uint8Array): number => {
  let c = 0xffffffff
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

const chunk = (type: string, data: Uint8Array): Buffer => {
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0)
  out.write(type, 4, "latin1")
  out.set(data, 8)
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length)
  return out
}

const paeth = (a: number, b: number, c: number): number => {
  const p = a + b - c
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)]
  if (pa <= pb && pa <= pc) return a
  return pb <= pc ? b : c
}

interface PngSpec {
  readonly width: number
  readonly height: number
  readonly colorType: 0 | 2 | 3 | 4 | 6
  readonly bitDepth: 1 | 2 | 4 | 8 | 16
  /** Packed, unfiltered rows. */
  readonly rows: ReadonlyArray<Uint8Array>
  /** The filter of row y is `filters[y % filters.length]`. */
  readonly filters?: ReadonlyArray<number>
  readonly palette?: Uint8Array
  readonly transparency?: Uint8Array
  readonly interlace?: number
  /** Splits the compressed data over this many IDAT chunks. */
  readonly idatChunks?: number
}

const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const

const encode = (spec: PngSpec): Uint8Array => {
  const step = Math.max(1, (CHANNELS[spec.colorType] * spec.bitDepth) / 8)
  const filters = spec.filters ?? [0]
  const filtered = spec.rows.map((row, y) => {
    const previous = spec.rows[y - 1]
    const filter = filters[y % filters.length] ?? 0
    const out = new Uint8Array(row.length + 1)
    out[0] = filter
    for (let x = 0; x < row.length; x++) {
      const left = x >= step ? (row[x - step] ?? 0) : 0
      const up = previous?.[x] ?? 0
      const upLeft = x >= step ? (previous?.[x - step] ?? 0) : 0
      const predicted = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter] ?? 0
      out[x + 1] = ((row[x] ?? 0) - predicted) & 0xff
    }
    return out
  })
  const header = Buffer.alloc(13)
  header.writeUInt32BE(spec.width, 0)
  header.writeUInt32BE(spec.height, 4)
  header.set([spec.bitDepth, spec.colorType, 0, 0, spec.interlace ?? 0], 8)
  const compressed = deflateSync(Buffer.concat(filtered))
  const parts = spec.idatChunks ?? 1
  const size = Math.ceil(compressed.length / parts)
  const idat = Array.from({ length: parts }, (_, index) =>
    chunk("IDAT", compressed.subarray(index * size, (index + 1) * size))
  )
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    ...(spec.palette === undefined ? [] : [chunk("PLTE", spec.palette)]),
    ...(spec.transparency === undefined ? [] : [chunk("tRNS", spec.transparency)]),
    ...idat,
    chunk("IEND", new Uint8Array(0))
  ])
}

/** Packs samples of `bitDepth` bits into bytes, most significant first, as PNG rows are. */
const pack = (samples: ReadonlyArray<number>, bitDepth: number): Uint8Array => {
  if (bitDepth === 8) return Uint8Array.from(samples)
  if (bitDepth === 16) return Uint8Array.from(samples.flatMap((sample) => [sample >> 8, sample & 0xff]))
  const perByte = 8 / bitDepth
  const out = new Uint8Array(Math.ceil(samples.length / perByte))
  samples.forEach((sample, index) => {
    const at = Math.floor(index / perByte)
    out[at] = (out[at] ?? 0) | (sample << (8 - bitDepth * ((index % perByte) + 1)))
  })
  return out
}

/** A picture as RGBA from a function of (u, v) in 0..1, sampled at pixel centres. */
const draw = (width: number, height: number, scene: (u: number, v: number) => number): RgbaImage => {
  const rgba = new Uint8Array(width * height * 4)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const grey = Math.round(Math.min(255, Math.max(0, scene((x + 0.5) / width, (y + 0.5) / height))))
      rgba.set([grey, grey, grey, 255], (y * width + x) * 4)
    }
  }
  return { width, height, rgba }
}

const bits = (a: string, b: string): number => distance(a, b)

const SAMPLES = new URL("../../cli/assets/samples/", import.meta.url)
const sample = (name: string): Uint8Array => Uint8Array.from(readFileSync(new URL(name, SAMPLES)))

// --- Decoding -------------------------------------------------------------------------------------------------

describe("decodePng", () => {
  const width = 7
  const height = 6
  // A value per pixel and channel that differs between neighbours, so a wrong filter shows.
  const value = (x: number, y: number, channel: number, max: number) => (x * 37 + y * 91 + channel * 53 + x * y) % max

  it("reads RGB and RGBA, 8 and 16 bits, with every filter type and data split over several IDAT chunks", () => {
    for (const [colorType, channels] of [
      [2, 3],
      [6, 4]
    ] as const) {
      for (const bitDepth of [8, 16] as const) {
        const max = bitDepth === 8 ? 256 : 65536
        const rows = Array.from({ length: height }, (_, y) =>
          pack(
            Array.from({ length: width * channels }, (_, i) => value(Math.floor(i / channels), y, i % channels, max)),
            bitDepth
          )
        )
        const png = encode({ width, height, colorType, bitDepth, rows, filters: [0, 1, 2, 3, 4], idatChunks: 3 })
        const image = decodePng(png)
        assert.isDefined(image)
        assert.strictEqual(image?.width, width)
        assert.strictEqual(image?.height, height)
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++) {
            for (let c = 0; c < 4; c++) {
              const expected = c === 3 && channels === 3 ? 255 : value(x, y, c, max)
              const scaled = bitDepth === 16 && !(c === 3 && channels === 3) ? expected >> 8 : expected
              assert.strictEqual(
                image?.rgba[(y * width + x) * 4 + c],
                scaled,
                `type ${colorType}/${bitDepth} ${x},${y}`
              )
            }
          }
        }
      }
    }
  })

  it("reads grey and grey + alpha, and stretches grey of 1, 2 and 4 bits to 0..255", () => {
    for (const bitDepth of [1, 2, 4, 8] as const) {
      const max = 2 ** bitDepth
      const rows = Array.from({ length: height }, (_, y) =>
        pack(
          Array.from({ length: width }, (_, x) => value(x, y, 0, max)),
          bitDepth
        )
      )
      const image = decodePng(encode({ width, height, colorType: 0, bitDepth, rows, filters: [4, 3, 2, 1, 0] }))
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const grey = (value(x, y, 0, max) * 255) / (max - 1)
          assert.deepStrictEqual(
            [...(image?.rgba.subarray((y * width + x) * 4, (y * width + x + 1) * 4) ?? [])],
            [grey, grey, grey, 255]
          )
        }
      }
    }
    const rows = Array.from({ length: height }, (_, y) =>
      Uint8Array.from(Array.from({ length: width * 2 }, (_, i) => value(i >> 1, y, i & 1, 256)))
    )
    const image = decodePng(encode({ width, height, colorType: 4, bitDepth: 8, rows, filters: [1, 4] }))
    const at = (3 * width + 2) * 4
    assert.deepStrictEqual(
      [...(image?.rgba.subarray(at, at + 4) ?? [])],
      [value(2, 3, 0, 256), value(2, 3, 0, 256), value(2, 3, 0, 256), value(2, 3, 1, 256)]
    )
  })

  it("reads palette images with tRNS alpha", () => {
    const palette = Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 9, 9])
    const rows = Array.from({ length: 2 }, (_, y) => pack([0, 1, 2, 3, y], 2))
    const image = decodePng(
      encode({ width: 5, height: 2, colorType: 3, bitDepth: 2, rows, palette, transparency: Uint8Array.from([0, 128]) })
    )
    assert.deepStrictEqual(
      [...(image?.rgba.subarray(0, 20) ?? [])],
      [255, 0, 0, 0, 0, 255, 0, 128, 0, 0, 255, 255, 9, 9, 9, 255, 255, 0, 0, 0]
    )
  })

  it("gives undefined for what it cannot read, never throws", () => {
    const rows = [Uint8Array.from([1, 2, 3])]
    const good = encode({ width: 1, height: 1, colorType: 2, bitDepth: 8, rows })
    assert.isDefined(decodePng(good))
    const cases: Record<string, Uint8Array> = {
      empty: new Uint8Array(0),
      "not a PNG": new TextEncoder().encode("GIF89a not a png at all"),
      truncated: good.subarray(0, good.length - 20),
      interlaced: encode({ width: 1, height: 1, colorType: 2, bitDepth: 8, rows, interlace: 1 }),
      "unknown filter": encode({ width: 1, height: 1, colorType: 2, bitDepth: 8, rows, filters: [5] }),
      "bad bit depth": encode({ width: 1, height: 1, colorType: 2, bitDepth: 4, rows }),
      "palette without PLTE": encode({ width: 1, height: 1, colorType: 3, bitDepth: 8, rows: [Uint8Array.from([0])] }),
      // The header claims 60000 × 60000 pixels: refused before anything is inflated.
      huge: encode({ width: 60000, height: 60000, colorType: 0, bitDepth: 8, rows: [Uint8Array.from([0])] }),
      "too little data": encode({ width: 4, height: 4, colorType: 2, bitDepth: 8, rows })
    }
    for (const [name, bytes] of Object.entries(cases)) {
      assert.isUndefined(decodePng(bytes), name)
      assert.isUndefined(perceptualHash(bytes), name)
    }
    const corrupt = Uint8Array.from(good)
    corrupt.fill(0xff, 41, 50)
    assert.isUndefined(decodePng(corrupt), "damaged deflate data")
  })
})

// --- Hashing --------------------------------------------------------------------------------------------------

describe("perceptualHash", () => {
  it("measures the CLI's sample images: a resized, brightened copy is close, another picture is far", () => {
    const mountains = perceptualHash(sample("mountains.png"))
    const small = perceptualHash(sample("mountains-small.png"))
    const city = perceptualHash(sample("city.png"))
    assert.match(mountains ?? "", /^[0-9a-f]{16}$/)
    if (mountains === undefined || small === undefined || city === undefined) return assert.fail("not decoded")
    assert.isAtMost(bits(mountains, small), 10)
    assert.isAtLeast(bits(mountains, city), 20)
    assert.isAtLeast(bits(small, city), 20)
  })

  // Pictures made of broad shapes, as photos are; each drawn at several sizes. (Bare gradients and symmetric patterns
  // are not: most of their coefficients are near 0, and rounding flips those bits, a known weak spot of pHash.)
  const scenes: Record<string, (u: number, v: number) => number> = {
    "sky and hill": (u, v) => (v > 0.6 + 0.15 * Math.sin(u * 4) ? 60 : 250 - 120 * v),
    "corner light": (u, v) => 255 - 180 * Math.hypot(u - 0.1, v - 0.2),
    disc: (u, v) => (Math.hypot(u - 0.4, v - 0.55) < 0.3 ? 230 : 30),
    diagonal: (u, v) => (u + v < 1 ? 40 : 210),
    waves: (u, v) => 128 + 100 * Math.sin(u * 9) * Math.cos(v * 5),
    blocks: (u, v) => {
      if (u > 0.15 && u < 0.45 && v > 0.1 && v < 0.7) return 220
      return u > 0.6 && v > 0.5 ? 130 : 40
    }
  }
  const hashAt = (name: string, width: number, height: number) =>
    perceptualHashOfImage(draw(width, height, scenes[name] ?? (() => 0)))

  it("gives the same picture at other sizes (smaller, larger, other aspect) a distance of at most 10", () => {
    for (const name of Object.keys(scenes)) {
      const reference = hashAt(name, 200, 150)
      for (const [width, height] of [
        [100, 75],
        [57, 43],
        [640, 480],
        [200, 120],
        [48, 36]
      ] as const) {
        assert.isAtMost(bits(reference, hashAt(name, width, height)), 10, `${name} at ${width}×${height}`)
      }
    }
  })

  it("gives different pictures a distance of at least 20", () => {
    const names = Object.keys(scenes)
    for (const [i, a] of names.entries()) {
      for (const b of names.slice(i + 1)) {
        assert.isAtLeast(bits(hashAt(a, 200, 150), hashAt(b, 160, 160)), 20, `${a} vs ${b}`)
      }
    }
  })

  it("ignores uniform brightness and contrast changes, and composites transparency over white", () => {
    const base = hashAt("disc", 128, 128)
    const dimmer = perceptualHashOfImage(draw(128, 128, (u, v) => 0.6 * (scenes.disc?.(u, v) ?? 0) + 20))
    assert.strictEqual(bits(base, dimmer), 0)
    // A transparent black disc on an opaque black ground looks like a white disc.
    const holes = draw(128, 128, () => 0)
    for (let index = 0; index < 128 * 128; index++) {
      const u = ((index % 128) + 0.5) / 128
      const v = (Math.floor(index / 128) + 0.5) / 128
      if (Math.hypot(u - 0.4, v - 0.55) < 0.3) holes.rgba[index * 4 + 3] = 0
    }
    assert.isAtMost(bits(base, perceptualHashOfImage(holes)), 4)
  })

  it("hashes flat images alike, whatever their size and shade (no bit follows rounding noise)", () => {
    const flat = (width: number, height: number, grey: number) => {
      const image = draw(width, height, () => grey)
      return perceptualHashOfImage(image)
    }
    for (const [width, height, grey] of [
      [4, 3, 0x40],
      [5, 5, 0xc0],
      [32, 32, 128],
      [640, 480, 17]
    ] as const) {
      assert.strictEqual(flat(width, height, grey), "8000000000000000", `${width}×${height} of ${grey}`)
    }
    assert.strictEqual(flat(10, 10, 0), "0000000000000000")
  })

  it("decodes each stored file once", () => {
    const bytes = sample("city.png")
    const first = perceptualHash(bytes)
    const started = performance.now()
    for (let index = 0; index < 1000; index++) perceptualHash(bytes)
    assert.strictEqual(perceptualHash(bytes), first)
    assert.isBelow(performance.now() - started, 200)
  })
})

// --- Wiring ---------------------------------------------------------------------------------------------------

describe("where the hash is reported", () => {
  const mountains = sample("mountains.png")
  const city = sample("city.png")
  // A 1×1 GIF: no decoder for it, so the stand-in answers.
  const gif = Uint8Array.from(Buffer.from("R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=", "base64"))

  const metadataOf = (bytes: Uint8Array, fileName: string) =>
    Effect.gen(function* () {
      const ik = yield* ImageKit.ImageKit
      const uploaded = yield* ik.upload({ file: bytes, fileName })
      if (!("fileId" in uploaded)) return yield* Effect.dieMessage("the upload was only accepted")
      return yield* ik.getFileMetadata(uploaded.fileId)
    })

  it.live("the emulator answers the real pHash for PNGs, with the header's size, and the stand-in otherwise", () =>
    Effect.gen(function* () {
      const a = yield* metadataOf(mountains, "mountains.png")
      const b = yield* metadataOf(city, "city.png")
      const c = yield* metadataOf(gif, "dot.gif")
      assert.strictEqual(a.pHash, perceptualHash(mountains))
      assert.strictEqual(a.width, 256)
      assert.strictEqual(a.height, 192)
      assert.strictEqual(b.pHash, perceptualHash(city))
      assert.isAtLeast(bits(a.pHash ?? "", b.pHash ?? ""), 20)
      assert.strictEqual(c.pHash, pHashOf(gif))
    }).pipe(Effect.provide(Emulator.layer()))
  )

  it.effect("the mock layer keeps the stand-in (the model imports no zlib)", () =>
    Effect.gen(function* () {
      const a = yield* metadataOf(mountains, "mountains.png")
      assert.strictEqual(a.pHash, pHashOf(mountains))
      assert.strictEqual(a.width, 256)
    }).pipe(Effect.provide(ImageKitTest.layer()))
  )
})
