/**
 * Transformations that may hold steps of both models, for the callers that took `imagekit@6` steps before the typed
 * model existed (the SDK's `ik.url`, the Promise adapter's `url()`): each step is read by the model whose names it
 * uses, so every v6 step keeps v6's bytes and a typed step is written as `buildSrc` writes it.
 *
 * A step is typed when one of its own keys, with a value, is a name only the typed model has (`aiRemoveBackground`,
 * `grayscale`, `xCenter`, `page`, …) or `overlay` with an object value. Names both models share (`width`,
 * `rotation`, `raw`, …) are written alike by both for every value the typed model accepts, so they decide nothing.
 */
import { encodeOverlay } from "./overlay.js"
import { format, type OtherEncoding, parameterNames, TransformationValueError } from "./transformation.js"
import { encodeTransformation, lookup as typedNames } from "./transformationString.js"
import { UrlError } from "./urlError.js"

const hasOwn = Object.prototype.hasOwnProperty

/** v6's lookup: the exact key, then the lower-cased key. */
const v6Knows = (key: string): boolean =>
  hasOwn.call(parameterNames, key) || hasOwn.call(parameterNames, key.toLowerCase())

const typedKnows = (key: string): boolean =>
  typedNames[key] !== undefined || typedNames[key.toLowerCase()] !== undefined

/** Names only the typed model has; `overlay` is one when its value is an object. A `Set`: keys are data. */
const TYPED_ONLY: ReadonlySet<string> = /* @__PURE__ */ (() => {
  const names = new Set<string>(["overlay"])
  for (const name in typedNames) if (name !== "raw" && !v6Knows(name)) names.add(name)
  return names
})()

/** The typed name of each v6 name the typed model spells differently. */
const TYPED_NAME: Readonly<Record<string, string>> = {
  rotate: "rotation",
  effectSharpen: "sharpen",
  effectUSM: "unsharpMask",
  effectContrast: "contrastStretch",
  effectGray: "grayscale",
  effectShadow: "shadow",
  effectGradient: "gradient"
}

/**
 * A v6 name (`rotate`, `effectSharpen`) in a typed step would be written as it is (`rotate-90`), which ImageKit does
 * not understand: refused, with the typed name to use.
 */
const refuseV6Names = (record: Record<string, unknown>, position: number): void => {
  for (const key in record) {
    if (!hasOwn.call(record, key) || typedKnows(key) || !v6Knows(key)) continue
    const typedName = hasOwn.call(TYPED_NAME, key) ? TYPED_NAME[key] : undefined
    throw new UrlError(
      "InvalidTransformation",
      `\`${key}\` is an imagekit@6 name, which a step with typed names (such as \`overlay\`) cannot mix in` +
        (typedName === undefined ? "" : `: write \`${typedName}\``),
      `step ${position}`
    )
  }
}

/** A typed step's text (`null` when it encodes to nothing: `buildSrc` leaves it out), or `undefined` for a v6 step. */
const typedStep: OtherEncoding = (record, key, position) => {
  if (!TYPED_ONLY.has(key)) return undefined
  // `overlay` with a value that is not an object is v6's: written as it is (`overlay-x`).
  if (key === "overlay" && typeof record[key] !== "object") return undefined
  refuseV6Names(record, position)
  const text = encodeTransformation([record], encodeOverlay)
  return text === "" ? null : text
}

/**
 * The whole transformation as one `raw` step, or none: v6 steps written by v6's encoder, each typed step by the typed
 * one (left out when it encodes to nothing, as `buildSrc` leaves it out). The typed test happens inside v6's own pass
 * over the keys, on the keys v6 does not name, so a v6 call pays for no second pass. A value v6's encoder cannot write
 * leaves the transformation as it was, for `Url.build` to report where v6 would (after checking `path` and `src`).
 * Anything that is not an array is returned as it is.
 */
export const mixedSteps = (transformation: unknown): unknown => {
  if (!Array.isArray(transformation)) return transformation
  let raw: string
  try {
    raw = format(transformation, typedStep)
  } catch (error) {
    if (error instanceof TransformationValueError) return transformation
    throw error
  }
  // `{ raw: "-" }` would be written as the bare name `raw` (v6's rule for "-"); only v6 steps can make "-".
  if (raw === "-") return transformation
  return raw === "" ? [] : [{ raw }]
}
