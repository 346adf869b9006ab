/**
 * The typed transformation encoder behind `buildSrc` and `buildTransformationString`: the parameter names and
 * value rules of `@imagekit/javascript` 5.5 (and `@imagekit/nodejs` 7's helper, whose `color` it adds), with the
 * deliberate differences listed in docs/migrating-from-imagekit-javascript.md.
 *
 * Overlays are encoded by a function passed in (overlay.ts), which itself calls back here for an overlay's own steps.
 */
import { UrlError } from "./urlError.js"

/**
 * Every named parameter of the typed model and the URL parameter it becomes (js5's table plus v7's `color`), as
 * `name parameter` pairs: a string gzips smaller than an object literal, and this table ships in every browser
 * bundle of `buildSrc`.
 */
const TABLE =
  "width w height h aspectRatio ar background bg border b crop c cropMode cm dpr dpr focus fo " +
  "quality q x x xCenter xc y y yCenter yc zoom z format f radius r rotation rt blur bl named n " +
  "defaultImage di flip fl original orig opacity o trim t density dn page pg progressive pr " +
  "lossless lo colorProfile cp metadata md videoCodec vc audioCodec ac startOffset so endOffset eo " +
  "duration du streamingResolutions sr grayscale e-grayscale contrastStretch e-contrast " +
  "shadow e-shadow sharpen e-sharpen unsharpMask e-usm gradient e-gradient distort e-distort " +
  "colorize e-colorize colorReplace cr aiRemoveBackground e-bgremove " +
  "aiRemoveBackgroundExternal e-removedotbg aiChangeBackground e-changebg aiEdit e-edit " +
  "aiDropShadow e-dropshadow aiRetouch e-retouch aiUpscale e-upscale aiVariation e-genvar layerMode lm " +
  "fontSize fs fontFamily ff fontColor co color co innerAlignment ia padding pa alpha al typography tg " +
  "lineHeight lh fontOutline fol fontShadow fsh raw raw"

// Null-prototype, so `constructor` or `__proto__` is an ordinary unknown key (js5's plain-object table returns
// Object.prototype members for them).
export const lookup: Record<string, string> = Object.create(null)
const pairs = TABLE.split(" ")
for (let index = 0; index < pairs.length; index += 2) lookup[pairs[index] as string] = pairs[index + 1] as string

// How a parameter's value is written, where it is not `name-value`.
const FLAG = 1 // no value: bare for `true`, `"true"` or `"-"`, left out for anything else
const OPTIONAL_VALUE = 2 // bare for `true`, `"true"` or a blank value, `e-x-value` otherwise
const PATH = 3 // `di`, `ff`: one slash off each end, the inner ones `@@`
const LIST = 4 // `sr`: a list joined with `_`
const TRIM = 5 // `t`: a blank value is `true`
const kinds: Record<string, number> = Object.create(null)
for (const name of "e-grayscale e-contrast e-removedotbg e-bgremove e-upscale e-retouch e-genvar".split(" ")) {
  kinds[name] = FLAG
}
for (const name of "e-sharpen e-shadow e-gradient e-usm e-dropshadow".split(" ")) kinds[name] = OPTIONAL_VALUE
kinds.di = PATH
kinds.ff = PATH
kinds.sr = LIST
kinds.t = TRIM

const hasOwn = Object.prototype.hasOwnProperty

/** Encodes one `overlay` value (an object) to its `l-…,l-end` layer, or `undefined` to leave it out. */
export type OverlayEncoder = (overlay: object) => string | undefined

/**
 * Characters that need no escaping in a path segment or a query, and that js5's `URL` round trips leave alone (`%`
 * is not among them: it may start no escape).
 */
export const PLAIN = /* @__PURE__ */ (() => {
  const table = new Uint8Array(128)
  for (const char of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.~!$()*+,;=:@") {
    table[char.charCodeAt(0)] = 1
  }
  return table
})()

/**
 * Whether the string last encoded may hold characters a URL would escape. Only the caller's own strings (values,
 * unknown keys, `raw`) can bring them; numbers, names and our percent-encodings cannot. Keeping this flag while
 * encoding lets `buildSrc` skip a scan of the whole transformation, which cost a fifth of its time.
 */
export let unplain = false

/** Notes that the string being encoded holds a character a URL would escape. */
export const markUnplain = (): void => {
  unplain = true
}

/** Notes a caller's string that may need escaping. */
export const checkPlain = (text: string): string => {
  if (!unplain) {
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index)
      if (code >= 128 || PLAIN[code] === 0) {
        unplain = true
        break
      }
    }
  }
  return text
}

/** A parameter value as text: strings as they are, finite numbers, booleans and bigints in their usual form. */
export const valueText = (key: string, value: unknown): string => {
  if (typeof value === "string") return checkPlain(value)
  if (typeof value === "number") {
    if (Number.isFinite(value)) return String(value)
    throw new UrlError("InvalidTransformation", `\`${key}\` must be a finite number`)
  }
  if (typeof value === "boolean" || typeof value === "bigint") return String(value)
  throw new UrlError("InvalidTransformation", `\`${key}\` must be a string, number or boolean`)
}

/** ImageKit's path rule for `di` and `ff`: one slash off each end, the inner ones written `@@`. */
const pathValue = (text: string): string => {
  const start = text.charCodeAt(0) === 47 ? 1 : 0
  const end = text.length > start && text.charCodeAt(text.length - 1) === 47 ? text.length - 1 : text.length
  return text.slice(start, end).replaceAll("/", "@@")
}

const parameter = (key: string, value: unknown): string | undefined => {
  if (key === "raw") return valueText(key, value)
  // js5's lookup: the exact key, then the lower-cased key against the same table, then the key itself.
  const known = lookup[key] ?? lookup[key.toLowerCase()]
  // A name from the table is plain; an unknown key is written as it is, so it is checked like a value.
  const name = known ?? checkPlain(key)
  const kind = kinds[name]
  if (kind === undefined) {
    // The common case first: a named parameter with a finite number or a string.
    if (typeof value === "number" && Number.isFinite(value)) return `${name}-${value}`
    if (typeof value === "string") return `${name}-${checkPlain(value)}`
  }
  if (kind === FLAG) return value === true || value === "true" || value === "-" ? name : undefined
  if (Array.isArray(value)) {
    if (kind !== LIST) throw new UrlError("InvalidTransformation", `\`${key}\` takes no list`)
    let joined = ""
    for (let index = 0; index < value.length; index++) joined += (index > 0 ? "_" : "") + valueText(key, value[index])
    return `sr-${joined}`
  }
  const text = valueText(key, value)
  if (kind === undefined) return `${name}-${text}`
  if (kind === OPTIONAL_VALUE && (value === true || value === "true" || text.trim() === "")) return name
  if (kind === PATH) return `${name}-${pathValue(text)}`
  return kind === TRIM && text.trim() === "" ? "t-true" : `${name}-${text}`
}

/** One step's parameters joined with `,`, or `undefined` when it has none (js5 drops such a step). */
const encodeStep = (step: unknown, overlay: OverlayEncoder, position: number): string | undefined => {
  if (step === undefined || step === null) return undefined
  if (typeof step !== "object" || Array.isArray(step)) {
    throw new UrlError("InvalidTransformation", "Each `transformation` step must be an object", `step ${position}`)
  }
  const record = step as Record<string, unknown>
  // A part can be "" (`raw: ""`), so emptiness of the text does not tell whether the step has parts.
  let out: string | undefined
  // Own keys only: an inherited key is not a parameter the caller wrote (js5 reads those too).
  for (const key in record) {
    if (!hasOwn.call(record, key)) continue
    const value = record[key]
    // js5 skips an empty key (`{ "": "x" }`) along with null and undefined values.
    if (value === undefined || value === null || key === "") continue
    let part: string | undefined
    if (key === "overlay") {
      if (typeof value !== "object") throw new UrlError("InvalidOverlay", "`overlay` must be an object")
      part = overlay(value)
    } else {
      part = parameter(key, value)
    }
    if (part !== undefined) out = out === undefined ? part : `${out},${part}`
  }
  return out
}

/**
 * The chained transformation string: steps joined with `:`, parameters with `,`; `""` when there is nothing to
 * apply. Throws `UrlError` for values that cannot be written.
 */
export const encodeSteps = (steps: unknown, overlay: OverlayEncoder): string => {
  if (!Array.isArray(steps)) return ""
  let out: string | undefined
  for (let index = 0; index < steps.length; index++) {
    const text = encodeStep(steps[index], overlay, index)
    if (text !== undefined) out = out === undefined ? text : `${out}:${text}`
  }
  return out ?? ""
}

/** {@link encodeSteps} for a whole transformation: starts a fresh `unplain` (an overlay's own steps do not). */
export const encodeTransformation = (steps: unknown, overlay: OverlayEncoder): string => {
  unplain = false
  return encodeSteps(steps, overlay)
}
