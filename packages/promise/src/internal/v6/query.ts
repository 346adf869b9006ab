/**
 * Query parameters the way imagekit@6's axios serialised its `params` object (axios's default `paramsSerializer`:
 * `toFormData` with `AxiosURLSearchParams`). The pairs are returned unencoded; the SDK encodes them when it builds
 * the URL, and only the decoded values matter to the server.
 */
import * as Either from "effect/Either"
import { describeError, isBinary } from "./checks.js"
import { type ErrorKey, fail, type V6Error } from "./errors.js"

export type QueryPairs = Array<readonly [string, string]>

const MAX_QUERY_DEPTH = 100

/** axios `isPlainObject`: a prototype of null, `Object.prototype` or a null-prototype object, and no tag. */
export const isPlainRecord = (u: unknown): u is Readonly<Record<string, unknown>> => {
  if (typeof u !== "object" || u === null) return false
  const prototype: unknown = Object.getPrototypeOf(u)
  if (prototype !== null && prototype !== Object.prototype && Object.getPrototypeOf(prototype) !== null) return false
  return !Object.hasOwn(u, Symbol.toStringTag) && !Object.hasOwn(u, Symbol.iterator)
}

const isNested = (u: unknown): boolean => Array.isArray(u) || isPlainRecord(u)

/**
 * Keys axios's `mergeParams` leaves out of the copy it makes of every plain object reachable from the params
 * without crossing an array; what it does not copy, it does not send.
 */
const UNSAFE_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"])

export const childEntries = (u: object, dropUnsafe: boolean): ReadonlyArray<readonly [string, unknown]> => {
  if (Array.isArray(u)) {
    const items = u as ReadonlyArray<unknown>
    return Array.from({ length: items.length }, (_, index) => [String(index), items[index]] as const)
  }
  const record = u as Readonly<Record<string, unknown>>
  const keys = Object.keys(u)
  return (dropUnsafe ? keys.filter((key) => !UNSAFE_KEYS.has(key)) : keys).map((key) => [key, record[key]] as const)
}

const removeBrackets = (key: string): string => (key.endsWith("[]") ? key.slice(0, -2) : key)

const renderKey = (path: ReadonlyArray<string> | undefined, key: string): string =>
  path === undefined
    ? key
    : [...path, key].map((token, index) => (index > 0 ? `[${removeBrackets(token)}]` : removeBrackets(token))).join("")

/** axios `convertValue` followed by the `encodeURIComponent` string conversion, minus the encoding. */
const scalar = (value: unknown): string => {
  if (typeof value === "string") return value
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new Error("an invalid Date")
    return value.toISOString()
  }
  // axios threw on symbols and Blobs. Typed arrays it sent as their bytes read as UTF-8, which no list option
  // means, so all binary values are refused.
  if (typeof value === "symbol") throw new Error("a symbol")
  if (isBinary(value)) throw new Error("binary data")
  return String(value)
}

/**
 * Flattens `entries` like axios's default `params` serialiser (`toFormData` with `AxiosURLSearchParams`):
 * `null`/`undefined` skipped, flat arrays as repeated `key[]`, nested objects as `a[b][c]`, Dates as ISO
 * strings, booleans and numbers as `String`, top-level keys trimmed and `key{}` values sent as JSON.
 * `copied` says whether axios deep-copied the entries' container first (see `UNSAFE_KEYS`).
 */
const flattenQuery = (
  root: unknown,
  entries: ReadonlyArray<readonly [string, unknown]>,
  copied: boolean
): QueryPairs => {
  const pairs: QueryPairs = []
  const stack: Array<unknown> = [root]
  const visit = (value: unknown, key: string, path: ReadonlyArray<string> | undefined, inCopy: boolean): void => {
    const leaf = key.trim()
    if (path === undefined && typeof value === "object" && value !== null) {
      if (leaf.endsWith("{}")) {
        pairs.push([leaf, JSON.stringify(value) ?? "undefined"])
        return
      }
      if (Array.isArray(value) && (leaf.endsWith("[]") || !value.some(isNested))) {
        const name = `${removeBrackets(leaf)}[]`
        for (const [, item] of childEntries(value, false)) {
          if (item !== undefined && item !== null) pairs.push([name, scalar(item)])
        }
        return
      }
    }
    if (typeof value === "object" && value !== null && isNested(value)) {
      if (stack.includes(value)) throw new Error("a circular reference")
      const childPath = path === undefined ? [key] : [...path, key]
      if (childPath.length > MAX_QUERY_DEPTH) throw new Error(`nesting deeper than ${MAX_QUERY_DEPTH} levels`)
      // axios copies plain objects recursively but only slices arrays, so the copy stops at an array.
      const childrenCopied = inCopy && !Array.isArray(value)
      stack.push(value)
      for (const [childKey, child] of childEntries(value, childrenCopied)) {
        if (child !== undefined && child !== null) visit(child, childKey, childPath, childrenCopied)
      }
      stack.pop()
      return
    }
    pairs.push([renderKey(path, leaf), scalar(value)])
  }
  for (const [key, value] of entries) {
    if (value !== undefined && value !== null) visit(value, key, undefined, copied)
  }
  return pairs
}

export const query = (
  root: object,
  entries: (copied: boolean) => ReadonlyArray<readonly [string, unknown]>,
  key: ErrorKey
): Either.Either<QueryPairs, V6Error> => {
  try {
    const copied = isPlainRecord(root)
    return Either.right(flattenQuery(root, entries(copied), copied))
  } catch (error) {
    return fail(key, `The value cannot be sent as a query parameter: ${describeError(error)}`)
  }
}
