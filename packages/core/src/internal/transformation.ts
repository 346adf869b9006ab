/**
 * The transformation-string encoder shared by `Url` and `Transformation`.
 *
 * The rules reproduce `imagekit@6` byte for byte (see docs/decisions/0003-url-building.md): keys are
 * looked up exactly, then lower-cased, then passed through; `null`/`undefined` values are skipped while
 * `0`, `false` and `""` are kept; `"-"` emits the bare key; `raw` is emitted verbatim; `di` values lose one
 * slash at each end and turn inner slashes into `@@`.
 *
 * One deliberate difference: `ff` (a font file path) gets the same `@@` rule as `di`, as it does in `buildSrc` and in
 * `@imagekit/javascript`; v6 wrote its slashes raw, which split the transformation across path segments.
 */

/** SDK name → URL parameter, every row of the v6 table plus the `rotate` alias. */
export const parameterNames = {
  height: "h",
  width: "w",
  aspectRatio: "ar",
  quality: "q",
  crop: "c",
  cropMode: "cm",
  x: "x",
  y: "y",
  focus: "fo",
  format: "f",
  radius: "r",
  background: "bg",
  border: "b",
  rotation: "rt",
  rotate: "rt",
  blur: "bl",
  named: "n",
  progressive: "pr",
  lossless: "lo",
  trim: "t",
  metadata: "md",
  colorProfile: "cp",
  defaultImage: "di",
  dpr: "dpr",
  effectSharpen: "e-sharpen",
  effectUSM: "e-usm",
  effectContrast: "e-contrast",
  effectGray: "e-grayscale",
  effectShadow: "e-shadow",
  effectGradient: "e-gradient",
  original: "orig"
} as const

// A null-prototype copy keyed by both spellings, so that `constructor`, `__proto__` and friends are
// ordinary unknown keys instead of reaching Object.prototype (v6 used a plain object lookup).
const lookup: Record<string, string> = Object.create(null)
for (const [name, parameter] of Object.entries(parameterNames)) lookup[name] = parameter

/**
 * The URL parameter for an SDK key: exact match, then the lower-cased key against the same table (so
 * `WIDTH` maps to `w` but `AspectRatio` does not match `aspectRatio`), then the key itself.
 */
export const parameterName = (key: string): string => lookup[key] ?? lookup[key.toLowerCase()] ?? key

const hasOwn = Object.prototype.hasOwnProperty

export const TRANSFORMATION_VALUES = "Transformation values must be strings, numbers or booleans"

/** Thrown internally when a value cannot be turned into a string; `Url` maps it to a typed error. */
export class TransformationValueError {
  constructor(
    readonly key: string,
    readonly cause: unknown
  ) {}
}

const stringify = (key: string, value: unknown): string => {
  if (typeof value === "string") return value
  if (typeof value === "number" || typeof value === "boolean") return String(value)
  try {
    return String(value)
  } catch (cause) {
    throw new TransformationValueError(key, cause)
  }
}

const defaultImageValue = (value: string): string => {
  let start = 0
  let end = value.length
  if (end > 0 && value.charCodeAt(0) === 47) start = 1
  if (end > start && value.charCodeAt(end - 1) === 47) end--
  const trimmed = start === 0 && end === value.length ? value : value.slice(start, end)
  return trimmed.indexOf("/") === -1 ? trimmed : trimmed.replaceAll("/", "@@")
}

/**
 * Another encoding for a step that holds a key v6's table does not name (`Transformation.mixed`'s typed steps): given
 * the step, that key and the step's position, the step's text, `null` to leave the step out, or `undefined` to go on
 * encoding it as v6 does. Asked only on a key v6 does not name, so v6's own names cost nothing more.
 */
export type OtherEncoding = (step: Record<string, unknown>, key: string, position: number) => string | null | undefined

/**
 * Encodes one step. Own enumerable keys only: an inherited key is never a transformation the caller
 * wrote, and reading it would let a polluted prototype inject parameters.
 */
const formatStep = (step: unknown, other: OtherEncoding | undefined, position: number): string | null => {
  if (step === null || typeof step !== "object") {
    // v6 iterated `for…in` over whatever it was given; only strings have enumerable indices.
    return typeof step === "string" ? formatStep(Object.assign({}, step), other, position) : ""
  }
  let out = ""
  let first = true
  const record = step as Record<string, unknown>
  for (const key in record) {
    if (!hasOwn.call(record, key)) continue
    const value = record[key]
    if (value === undefined || value === null) continue
    let part: string
    if (value === "-" || key !== "raw") {
      const parameter = parameterName(key)
      if (other !== undefined && parameter === key) {
        const text = other(record, key, position)
        if (text !== undefined) return text
      }
      if (value === "-") {
        part = parameter
      } else {
        const text = stringify(key, value)
        part =
          parameter === "di" || parameter === "ff" ? `${parameter}-${defaultImageValue(text)}` : `${parameter}-${text}`
      }
    } else {
      part = stringify(key, value)
    }
    if (first) {
      out = part
      first = false
    } else {
      out += `,${part}`
    }
  }
  return out
}

/**
 * The chained transformation string (`w-400,h-300:rt-90`), or `""` when there is none. `other` may encode some steps
 * another way, or leave them out (v6 itself writes every step, empty ones included).
 */
export const format = (steps: unknown, other?: OtherEncoding): string => {
  if (!Array.isArray(steps)) return ""
  let out: string | undefined
  for (let index = 0; index < steps.length; index++) {
    const text = formatStep(steps[index], other, index)
    if (text !== null) out = out === undefined ? text : `${out}:${text}`
  }
  return out ?? ""
}
