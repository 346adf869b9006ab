/**
 * Transformations that may hold steps of both models, for the callers that took `imagekit@6` steps before the typed
 * model existed (the SDK's `ik.url`, the Promise adapter's `url()`): each step is read by the model whose names it
 * uses, so every v6 step keeps v6's bytes and a typed step is written as `buildSrc` writes it.
 *
 * A step is typed when one of its own keys is a name only the typed model has (`aiRemoveBackground`, `grayscale`,
 * `xCenter`, `page`, …) or `overlay` with an object value. Names both models share (`width`, `rotation`, `raw`, …)
 * are written alike by both for every value the typed model accepts, so they decide nothing.
 */
import { encodeOverlay } from "./overlay.js"
import { parameterNames } from "./transformation.js"
import { encodeTransformation, lookup as typedNames } from "./transformationString.js"
import { UrlError } from "./urlError.js"

const hasOwn = Object.prototype.hasOwnProperty

/** v6's lookup: the exact key, then the lower-cased key. */
const v6Knows = (key: string): boolean =>
  hasOwn.call(parameterNames, key) || hasOwn.call(parameterNames, key.toLowerCase())

const typedKnows = (key: string): boolean =>
  typedNames[key] !== undefined || typedNames[key.toLowerCase()] !== undefined

/**
 * Names only the typed model has; `overlay` is one when its value is an object. A `Set`: keys are data (no
 * `__proto__` surprise), and it answered the v6 adapter's per-key question faster than a null-prototype object.
 */
const TYPED_ONLY: ReadonlySet<string> = /* @__PURE__ */ (() => {
  const names = new Set<string>(["overlay"])
  for (const name in typedNames) if (name !== "raw" && !v6Knows(name)) names.add(name)
  return names
})()

/** Is this step written in the typed model? */
export const isTypedStep = (step: unknown): boolean => {
  if (step === null || typeof step !== "object") return false
  const record = step as Record<string, unknown>
  for (const key in record) {
    if (!TYPED_ONLY.has(key) || !hasOwn.call(record, key)) continue
    if (key !== "overlay") return true
    const value = record[key]
    if (value !== null && typeof value === "object") return true
  }
  return false
}

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

/**
 * The transformation with each typed step replaced by one `raw` step holding its encoding (left out when it encodes
 * to nothing, as `buildSrc` leaves it out); v6 steps as they are. The same array when no step is typed, so a v6 call
 * allocates nothing more. Anything that is not an array is returned as it is, for the v6 encoder to judge.
 */
export const mixedSteps = (transformation: unknown): unknown => {
  if (!Array.isArray(transformation)) return transformation
  let out: Array<unknown> | undefined
  for (let index = 0; index < transformation.length; index++) {
    const step: unknown = transformation[index]
    if (isTypedStep(step)) {
      out ??= transformation.slice(0, index)
      refuseV6Names(step as Record<string, unknown>, index)
      const raw = encodeTransformation([step], encodeOverlay)
      if (raw !== "") out.push({ raw })
    } else if (out !== undefined) {
      out.push(step)
    }
  }
  return out ?? transformation
}
