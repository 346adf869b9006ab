/**
 * `getResponsiveImageAttributes`: `@imagekit/javascript` 5.5's breakpoint rules, with every candidate built by
 * `buildSrc` (signed when a signer is passed, as `Signing.getResponsiveImageAttributes` does) and bad breakpoints,
 * widths and `sizes` refused with a `UrlError`.
 */
import { buildSrc, type RawSrcOptions, type Signer } from "./src.js"
import { UrlError } from "./urlError.js"

export interface RawResponsiveOptions extends RawSrcOptions {
  readonly deviceBreakpoints?: unknown
  readonly imageBreakpoints?: unknown
  readonly sizes?: unknown
  readonly width?: unknown
}

export interface ResponsiveAttributes {
  readonly src: string
  readonly srcSet?: string
  readonly sizes?: string
  readonly width?: number
}

export const DEFAULT_DEVICE_BREAKPOINTS: ReadonlyArray<number> = [640, 750, 828, 1080, 1200, 1920, 2048, 3840]
export const DEFAULT_IMAGE_BREAKPOINTS: ReadonlyArray<number> = [16, 32, 48, 64, 96, 128, 256, 384]

const ascending = (a: number, b: number): number => a - b

const breakpoints = (value: unknown, option: string, defaults: ReadonlyArray<number>): Array<number> => {
  if (value === undefined) return defaults.slice()
  const valid =
    Array.isArray(value) &&
    value.every((width) => typeof width === "number" && Number.isSafeInteger(width) && width > 0)
  if (!valid) throw new UrlError("InvalidBreakpoints", `\`${option}\` must be whole numbers of pixels above 0`)
  return (value as Array<number>).slice().sort(ascending)
}

// A CSS length, a math function, or `auto`. HTML forbids percentages here, but js5 documents `"100%"` (it falls back
// to every breakpoint), so they pass.
const SOURCE_SIZE = /(?:^|\s)(?:(?:\d*\.)?\d+(?:e[+-]?\d+)?(?:[a-z]{1,5}|%)|0|auto|(?:calc|min|max|clamp)\(.*\))$/i
const MEDIA_CONDITION = /^(?:not\s+)?\(/i

const balanced = (text: string): boolean => {
  let depth = 0
  for (const char of text) {
    if (char === "(") depth++
    else if (char === ")" && --depth < 0) return false
  }
  return depth === 0
}

/** Splits `sizes` at the commas outside parentheses. */
const entries = (sizes: string): Array<string> => {
  const out: Array<string> = []
  let depth = 0
  let start = 0
  for (let index = 0; index < sizes.length; index++) {
    const char = sizes.charCodeAt(index)
    if (char === 40) depth++
    else if (char === 41) depth--
    else if (char === 44 && depth === 0) {
      out.push(sizes.slice(start, index).trim())
      start = index + 1
    }
  }
  out.push(sizes.slice(start).trim())
  return out
}

/** The HTML `sizes` grammar, leniently: each entry an optional media condition and a CSS length. */
const checkSizes = (sizes: unknown): string | undefined => {
  if (sizes === undefined || sizes === null || sizes === "") return undefined
  const fail = () =>
    new UrlError("InvalidSizes", "`sizes` must list CSS lengths, e.g. `(min-width: 768px) 50vw, 100vw`")
  if (typeof sizes !== "string" || !balanced(sizes)) throw fail()
  for (const entry of entries(sizes)) {
    const size = SOURCE_SIZE.exec(entry)
    if (size === null) throw fail()
    const condition = entry.slice(0, size.index).trim()
    if (condition !== "" && !MEDIA_CONDITION.test(condition)) throw fail()
  }
  return sizes
}

const checkWidth = (width: unknown): number | undefined => {
  if (width === undefined || width === null) return undefined
  if (typeof width !== "number" || !Number.isFinite(width) || width <= 0) {
    throw new UrlError("InvalidWidth", "`width` must be a number of pixels above 0")
  }
  return width
}

// js5 reads `vw` percentages with this pattern (so `calc(100vw - 2rem)` has none).
const VIEWPORT_WIDTHS = /(^|\s)(1?\d{1,2})vw/g

const candidates = (
  all: ReadonlyArray<number>,
  device: ReadonlyArray<number>,
  width: number | undefined,
  sizes: string | undefined
): { readonly widths: ReadonlyArray<number>; readonly descriptor: "w" | "x" } => {
  if (sizes !== undefined) {
    const percents = (sizes.match(VIEWPORT_WIDTHS) ?? []).map((token) => Number.parseInt(token, 10))
    if (percents.length === 0) return { widths: all, descriptor: "w" }
    const smallest = ((device[0] ?? Number.NaN) * Math.min(...percents)) / 100
    return { widths: all.filter((candidate) => candidate >= smallest), descriptor: "w" }
  }
  if (width === undefined) return { widths: device, descriptor: "w" }
  const nearest = (target: number): number | undefined => all.find((candidate) => candidate >= target) ?? all.at(-1)
  const widths = new Set<number>()
  for (const target of [width, width * 2]) {
    const candidate = nearest(target)
    if (candidate !== undefined) widths.add(candidate)
  }
  return { widths: [...widths], descriptor: "x" }
}

export const responsiveImageAttributes = (
  options: RawResponsiveOptions,
  signer: Signer | undefined
): ResponsiveAttributes => {
  if (options === null || typeof options !== "object") throw new UrlError("InvalidOptions", "Options must be an object")
  const device = breakpoints(options.deviceBreakpoints, "deviceBreakpoints", DEFAULT_DEVICE_BREAKPOINTS)
  const image = breakpoints(options.imageBreakpoints, "imageBreakpoints", DEFAULT_IMAGE_BREAKPOINTS)
  // js5 concatenates both lists and keeps repeats, which writes the same width twice; a srcset must not.
  const all = [...new Set(image.concat(device))].sort(ascending)
  const sizes = checkSizes(options.sizes)
  const width = checkWidth(options.width)
  const transformation = options.transformation ?? []
  if (!Array.isArray(transformation)) {
    throw new UrlError("InvalidTransformation", "`transformation` must be an array of steps")
  }
  const { widths, descriptor } = candidates(all, device, width, sizes)
  // One clock reading for every candidate, so a signed srcset expires as one.
  const now = typeof options.now === "function" ? Number(options.now()) : Date.now()
  const urlFor = (candidate: number | undefined): string =>
    buildSrc(
      {
        src: options.src,
        urlEndpoint: options.urlEndpoint,
        queryParameters: options.queryParameters,
        transformationPosition: options.transformationPosition,
        transformation: [...transformation, { width: candidate, crop: "at_max" }],
        signed: options.signed,
        expiresIn: options.expiresIn,
        privateKey: options.privateKey,
        now: () => now
      },
      signer
    )
  let srcSet = ""
  for (let index = 0; index < widths.length; index++) {
    const candidate = widths[index] as number
    srcSet += `${index > 0 ? ", " : ""}${urlFor(candidate)} ${descriptor === "w" ? candidate : index + 1}${descriptor}`
  }
  // js5 keeps an empty `sizes` as given, which leaves the attribute out.
  const finalSizes = sizes ?? (descriptor === "w" && options.sizes !== "" ? "100vw" : undefined)
  return {
    src: urlFor(widths.at(-1)),
    ...(srcSet === "" ? {} : { srcSet }),
    ...(finalSizes === undefined ? {} : { sizes: finalSizes }),
    ...(width === undefined ? {} : { width })
  }
}
