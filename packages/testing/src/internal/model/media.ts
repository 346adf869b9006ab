/**
 * What the model learns from an upload's bytes: the format and, for PNG, JPEG, GIF and WebP, the dimensions
 * and transparency read from the headers. No pixel is decoded: the model needs no codec and stays portable.
 */

export interface MediaInfo {
  readonly fileType: "image" | "non-image"
  readonly mime: string
  /** ImageKit's format name ("jpg", "png", …) or the extension of a non-image. */
  readonly format: string
  readonly width?: number
  readonly height?: number
  readonly hasAlpha: boolean
  /** Pixels per inch, when the file states it (JPEG's JFIF header); ImageKit reports 72 otherwise. */
  readonly density: number
}

const startsWith = (bytes: Uint8Array, prefix: ReadonlyArray<number>, at = 0): boolean =>
  prefix.every((byte, index) => bytes[at + index] === byte)

const ascii = (bytes: Uint8Array, at: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(at, at + length))

const u16be = (bytes: Uint8Array, at: number): number => ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0)
const u16le = (bytes: Uint8Array, at: number): number => (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8)
const u24le = (bytes: Uint8Array, at: number): number => u16le(bytes, at) | ((bytes[at + 2] ?? 0) << 16)
const u32be = (bytes: Uint8Array, at: number): number => u16be(bytes, at) * 65536 + u16be(bytes, at + 2)

type ImageHeader = Omit<MediaInfo, "fileType">

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

const readPng = (bytes: Uint8Array): ImageHeader | undefined => {
  if (!startsWith(bytes, PNG_SIGNATURE) || ascii(bytes, 12, 4) !== "IHDR") return undefined
  const colorType = bytes[25] ?? 0
  // Colour types 4 and 6 carry an alpha channel; the others are transparent only through a tRNS chunk.
  let hasAlpha = colorType === 4 || colorType === 6
  for (let at = 8; at + 8 <= bytes.length && !hasAlpha; ) {
    const type = ascii(bytes, at + 4, 4)
    if (type === "tRNS") hasAlpha = true
    if (type === "IDAT" || type === "IEND") break
    at += 12 + u32be(bytes, at)
  }
  return { mime: "image/png", format: "png", width: u32be(bytes, 16), height: u32be(bytes, 20), hasAlpha, density: 72 }
}

/** SOF markers carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frames. */
const isStartOfFrame = (marker: number): boolean =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc

const readJpeg = (bytes: Uint8Array): ImageHeader | undefined => {
  if (!startsWith(bytes, [0xff, 0xd8])) return undefined
  let density = 72
  for (let at = 2; at + 4 <= bytes.length; ) {
    if (bytes[at] !== 0xff) return undefined
    const marker = bytes[at + 1] ?? 0
    // Fill bytes and markers without a length (RSTn, TEM) carry no segment.
    if (marker === 0xff) {
      at += 1
      continue
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2
      continue
    }
    const length = u16be(bytes, at + 2)
    if (marker === 0xe0 && ascii(bytes, at + 4, 5) === "JFIF\0" && bytes[at + 11] === 1) {
      density = u16be(bytes, at + 12)
    }
    if (isStartOfFrame(marker)) {
      const height = u16be(bytes, at + 5)
      const width = u16be(bytes, at + 7)
      return { mime: "image/jpeg", format: "jpg", width, height, hasAlpha: false, density }
    }
    at += 2 + length
  }
  return undefined
}

const readGif = (bytes: Uint8Array): ImageHeader | undefined => {
  const signature = ascii(bytes, 0, 6)
  if (signature !== "GIF87a" && signature !== "GIF89a") return undefined
  // A graphic control extension (21 F9 04) with its transparency flag set makes a colour transparent.
  let hasAlpha = false
  for (let at = 13; at + 4 <= bytes.length && !hasAlpha; at++) {
    if (bytes[at] === 0x21 && bytes[at + 1] === 0xf9 && bytes[at + 2] === 0x04) {
      hasAlpha = ((bytes[at + 3] ?? 0) & 1) === 1
    }
  }
  return { mime: "image/gif", format: "gif", width: u16le(bytes, 6), height: u16le(bytes, 8), hasAlpha, density: 72 }
}

const readWebp = (bytes: Uint8Array): ImageHeader | undefined => {
  if (ascii(bytes, 0, 4) !== "RIFF" || ascii(bytes, 8, 4) !== "WEBP") return undefined
  const chunk = ascii(bytes, 12, 4)
  const base = { mime: "image/webp", format: "webp", density: 72 }
  if (chunk === "VP8X") {
    const hasAlpha = ((bytes[20] ?? 0) & 0x10) !== 0
    return { ...base, width: u24le(bytes, 24) + 1, height: u24le(bytes, 27) + 1, hasAlpha }
  }
  if (chunk === "VP8L" && bytes[20] === 0x2f) {
    const bits = u16le(bytes, 21) + u16le(bytes, 23) * 65536
    return {
      ...base,
      width: (bits & 0x3fff) + 1,
      height: ((bits >>> 14) & 0x3fff) + 1,
      hasAlpha: ((bits >>> 28) & 1) === 1
    }
  }
  if (chunk === "VP8 " && startsWith(bytes, [0x9d, 0x01, 0x2a], 23)) {
    return { ...base, width: u16le(bytes, 26) & 0x3fff, height: u16le(bytes, 28) & 0x3fff, hasAlpha: false }
  }
  return { ...base, hasAlpha: false }
}

const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  txt: "text/plain",
  csv: "text/csv",
  html: "text/html",
  css: "text/css",
  js: "application/javascript",
  json: "application/json",
  pdf: "application/pdf",
  mp4: "video/mp4",
  webm: "video/webm",
  mp3: "audio/mpeg",
  zip: "application/zip"
}

const extensionOf = (fileName: string): string => {
  const dot = fileName.lastIndexOf(".")
  return dot < 0 ? "" : fileName.slice(dot + 1).toLowerCase()
}

const isSvg = (bytes: Uint8Array, extension: string): boolean =>
  extension === "svg" && /<svg[\s>]/i.test(new TextDecoder().decode(bytes.subarray(0, 1024)))

/** Sniffs `bytes`; the name only helps for non-images (their MIME type) and SVG, which has no magic number. */
export const inspectMedia = (bytes: Uint8Array, fileName: string): MediaInfo => {
  const image = readPng(bytes) ?? readJpeg(bytes) ?? readGif(bytes) ?? readWebp(bytes)
  if (image !== undefined) return { fileType: "image", ...image }
  const extension = extensionOf(fileName)
  if (isSvg(bytes, extension)) {
    return { fileType: "image", mime: "image/svg+xml", format: "svg", hasAlpha: true, density: 72 }
  }
  const mime = ascii(bytes, 0, 5) === "%PDF-" ? "application/pdf" : MIME_BY_EXTENSION[extension]
  return {
    fileType: "non-image",
    mime: mime ?? "application/octet-stream",
    format: extension,
    hasAlpha: false,
    density: 72
  }
}
