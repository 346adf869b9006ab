/**
 * Argument checks shared by the v6 request builders. Builders are called with whatever a Promise caller passes, so
 * every helper here accepts `unknown` and none of them throws.
 */
import * as Either from "effect/Either"
import { type ErrorKey, fail, type V6Error } from "./errors.js"

/** lodash `isObject`, which v6 used: functions count, `null` does not. */
export const isObjectLike = (u: unknown): u is object =>
  (typeof u === "object" && u !== null) || typeof u === "function"

const isEnumerable = Object.prototype.propertyIsEnumerable

/**
 * Reads an own enumerable property. v6 read inherited properties too (`for…in`, plain property access), which
 * lets a polluted `Object.prototype` inject request fields; only what the caller set on the object counts here.
 */
export const own = (u: unknown, key: string): unknown =>
  isObjectLike(u) && isEnumerable.call(u, key) ? (u as Record<string, unknown>)[key] : undefined

export const isNonEmptyString = (u: unknown): u is string => typeof u === "string" && u.length > 0

/** A thrown value as text, without letting a hostile `toString` escape. */
export const describeError = (error: unknown): string => {
  try {
    return error instanceof Error ? error.message : String(error)
  } catch {
    return "unknown error"
  }
}

/**
 * Snapshot of a JSON body exactly as the wire will carry it (`undefined` keys dropped, `null` kept, `toJSON`
 * applied), taken now so that later changes to the caller's objects cannot alter a retried request. Fails
 * for values `JSON.stringify` rejects (cycles, BigInt); v6 rejected those with a native error.
 */
export const jsonSnapshot = (value: unknown): Either.Either<unknown, string> => {
  try {
    const text = JSON.stringify(value)
    return Either.right(text === undefined ? undefined : JSON.parse(text))
  } catch (error) {
    return Either.left(describeError(error))
  }
}

/** A path parameter: its text (for span attributes) and its encoded form (for the path). */
export interface Segment {
  readonly raw: string
  readonly encoded: string
}

const SEGMENT_HELP = `It must not be "", "." or "..", which would change the request path`

/**
 * Turns a path parameter into exactly one URL segment. v6 concatenated ids raw, so `a/b`, `x?y` or
 * `../customMetadataFields/x` could reach another endpoint. `encodeURIComponent` keeps `/ ? # \` and CR/LF
 * inside the segment; `.`/`..` stay dot segments even when percent-encoded (WHATWG URL resolves `%2e%2e`),
 * so they, and the empty segment, are rejected with the parameter's own "missing" error.
 */
export const segment = (value: unknown, key: ErrorKey): Either.Either<Segment, V6Error> => {
  let raw: string
  try {
    raw = typeof value === "string" ? value : String(value)
  } catch (error) {
    return fail(key, `It cannot be converted to text: ${describeError(error)}`)
  }
  if (raw === "" || raw === "." || raw === "..") return fail(key, SEGMENT_HELP)
  try {
    return Either.right({ raw, encoded: encodeURIComponent(raw) })
  } catch {
    return fail(key, "It contains an unpaired UTF-16 surrogate, which has no URL encoding")
  }
}

/**
 * Runs a builder so that it can never throw: a Proxy or a throwing getter in the caller's arguments becomes an
 * v6 error carrying the operation's first message.
 */
export const guard = <A>(key: ErrorKey, build: () => Either.Either<A, V6Error>): Either.Either<A, V6Error> => {
  try {
    return build()
  } catch (error) {
    return fail(key, `The arguments could not be read: ${describeError(error)}`)
  }
}

/** Bytes or a Blob: values v6 handed to axios, which could not send them as a query or JSON value. */
export const isBinary = (u: unknown): boolean =>
  ArrayBuffer.isView(u) ||
  Object.prototype.toString.call(u) === "[object ArrayBuffer]" ||
  (typeof Blob !== "undefined" && u instanceof Blob)

/**
 * `!x.length` as v6 evaluated it for custom metadata field names and labels: strings and arrays by their
 * length, functions by their arity, other objects by an own `length` property, everything else as missing.
 */
export const hasLength = (u: unknown): boolean => {
  if (typeof u === "string" || Array.isArray(u) || typeof u === "function") return u.length !== 0
  return Boolean(own(u, "length"))
}

/** v6's fileIds/tags check: a non-empty array with no non-string element (holes are skipped, as `filter` did). */
export const isStringArray = (u: unknown): u is ReadonlyArray<string> =>
  Array.isArray(u) && u.length > 0 && (u as ReadonlyArray<unknown>).every((item) => typeof item === "string")

/** v6's `x === undefined ? false : x` for the flags it always sent. */
export const defaultFalse = (u: unknown): unknown => (u === undefined ? false : u)
