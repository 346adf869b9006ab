/**
 * Overlay layers (`l-text`, `l-image`, `l-video`, `l-subtitles`, solid colours) in `@imagekit/javascript`'s
 * parameter order, with deliberate differences: zero positions and timings are written (`lx-0`), plain paths are
 * percent-encoded like plain texts, and an unknown `type`, `x` with `xCenter` or a value that cannot be written is a
 * `UrlError` instead of a broken layer. A layer without its `type`, `text`, `input` or `color` is left out, as js5
 * documents.
 */
import { base64Encode } from "./bytes.js"
import { toWellFormed } from "./query.js"
import { encodeSteps, markUnplain, valueText } from "./transformationString.js"
import { UrlError } from "./urlError.js"

// js5's choice between plain (`i-`) and base64 (`ie-`) input in "auto" mode.
const SIMPLE_PATH = /^[a-zA-Z0-9-._/ ]*$/
const SIMPLE_TEXT = /^[a-zA-Z0-9-._ ]*$/

const encoder = /* @__PURE__ */ new TextEncoder()

const base64Input = (text: string): string => `ie-${encodeURIComponent(base64Encode(encoder.encode(text)))}`

const percentEncode = (text: string): string => {
  let encoded: string
  try {
    encoded = encodeURIComponent(text)
  } catch {
    // A lone surrogate: written as U+FFFD, as the URL parser and js5's base64 path do.
    encoded = encodeURIComponent(toWellFormed(text))
  }
  // encodeURIComponent leaves `'` as it is, which a URL parser escapes in a query.
  if (encoded.indexOf("'") !== -1) markUnplain()
  return encoded
}

// Of the simple characters only the space changes under encodeURIComponent, so a simple text skips that call.
const simpleEncode = (text: string): string => {
  let space = text.indexOf(" ")
  if (space === -1) return text
  // Slices and concatenation: measured faster than a global replace or encodeURIComponent on such short strings.
  let out = ""
  let from = 0
  while (space !== -1) {
    out += `${text.slice(from, space)}%20`
    from = space + 1
    space = text.indexOf(" ", from)
  }
  return out + text.slice(from)
}

const textInput = (text: string, encoding: unknown): string => {
  if (encoding === "base64") return base64Input(text)
  if (SIMPLE_TEXT.test(text)) return `i-${simpleEncode(text)}`
  return encoding === "plain" ? `i-${percentEncode(text)}` : base64Input(text)
}

const pathInput = (input: string, encoding: unknown): string => {
  const start = input.charCodeAt(0) === 47 ? 1 : 0
  const end = input.length > start && input.charCodeAt(input.length - 1) === 47 ? input.length - 1 : input.length
  const path = input.slice(start, end)
  if (encoding === "base64") return base64Input(path)
  // Each segment percent-encoded (js5 writes spaces and reserved characters raw), the slashes written `@@`.
  if (SIMPLE_PATH.test(path)) return `i-${simpleEncode(path).replaceAll("/", "@@")}`
  return encoding === "plain" ? `i-${path.split("/").map(percentEncode).join("@@")}` : base64Input(path)
}

const isSet = (value: unknown): boolean => value !== undefined && value !== null && value !== "" && value !== false

/** A layer's text or input, which is written encoded (so not checked as a plain value), or `undefined`. */
const required = (value: unknown, option: string): string | undefined => {
  if (!isSet(value)) return undefined
  if (typeof value === "string") return value
  if (typeof value === "number" && Number.isFinite(value)) return String(value)
  throw new UrlError("InvalidOverlay", `\`${option}\` must be a string`)
}

/** `l-<type>` and the input, or `undefined` for a layer js5 leaves out (no type, text, input or colour). */
const layerText = (record: Record<string, unknown>): string | undefined => {
  const type = record.type
  if (type === "text") {
    const text = required(record.text, "overlay.text")
    return text === undefined ? undefined : `l-text,${textInput(text, record.encoding)}`
  }
  if (type === "image" || type === "video" || type === "subtitle") {
    const input = required(record.input, "overlay.input")
    return input === undefined
      ? undefined
      : `l-${type === "subtitle" ? "subtitles" : type},${pathInput(input, record.encoding)}`
  }
  if (type === "solidColor") {
    // The colour is written as it is.
    return isSet(record.color) ? `l-image,i-ik_canvas,bg-${valueText("overlay.color", record.color)}` : undefined
  }
  if (!isSet(type)) return undefined
  throw new UrlError("InvalidOverlayType", "`overlay.type` must be text, image, video, subtitle or solidColor")
}

const part = (out: string, name: string, option: string, value: unknown): string =>
  isSet(value) ? `${out},${name}-${valueText(option, value)}` : out

const group = (value: unknown, option: string): Record<string, unknown> => {
  if (typeof value !== "object") throw new UrlError("InvalidOverlay", `\`${option}\` must be an object`)
  return value as Record<string, unknown>
}

/** The layer for one overlay, from `l-<type>` to `l-end`, or `undefined` for a layer js5 leaves out. */
export const encodeOverlay = (overlay: object): string | undefined => {
  if (Array.isArray(overlay)) throw new UrlError("InvalidOverlay", "`overlay` must be an object")
  const record = overlay as Record<string, unknown>
  let out = layerText(record)
  if (out === undefined) return undefined
  out = part(out, "lm", "overlay.layerMode", record.layerMode)
  if (record.position !== undefined && record.position !== null) {
    const { x, y, xCenter, yCenter, anchorPoint, focus } = group(record.position, "overlay.position")
    if (isSet(x) && isSet(xCenter)) {
      throw new UrlError("ConflictingOverlayPosition", "`overlay.position` takes `x` or `xCenter`, not both")
    }
    if (isSet(y) && isSet(yCenter)) {
      throw new UrlError("ConflictingOverlayPosition", "`overlay.position` takes `y` or `yCenter`, not both")
    }
    out = part(out, "lx", "overlay.position.x", x)
    out = part(out, "ly", "overlay.position.y", y)
    out = part(out, "lxc", "overlay.position.xCenter", xCenter)
    out = part(out, "lyc", "overlay.position.yCenter", yCenter)
    out = part(out, "lap", "overlay.position.anchorPoint", anchorPoint)
    out = part(out, "lfo", "overlay.position.focus", focus)
  }
  if (record.timing !== undefined && record.timing !== null) {
    const { start, end, duration } = group(record.timing, "overlay.timing")
    out = part(out, "lso", "overlay.timing.start", start)
    out = part(out, "leo", "overlay.timing.end", end)
    out = part(out, "ldu", "overlay.timing.duration", duration)
  }
  const nested = record.transformation === undefined ? "" : encodeSteps(record.transformation, encodeOverlay)
  return nested.trim() === "" ? `${out},l-end` : `${out},${nested},l-end`
}
