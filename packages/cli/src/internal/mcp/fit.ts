/**
 * Answers that fit: MCP clients cut tool output at about 25k tokens, and a cut JSON text is neither valid JSON nor a
 * valid structured result. An answer whose JSON is longer than the budget is cut to the largest prefix that fits, in
 * document order, as JSON values: an object keeps its keys up to the one that does not fit, whose value is cut in
 * turn (an object by the same rule, a list to its first whole items, a string to its first characters); everything
 * after that point is left out, and the answer says `truncated: true`.
 */

/** About 20k characters: ~5-7k tokens of JSON, well inside what clients pass on. */
export const ANSWER_BUDGET = 20_000

const isRecord = (value: unknown): value is { readonly [key: string]: unknown } =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const size = (value: unknown): number => JSON.stringify(value)?.length ?? 0

/** The longest prefix of `text` whose JSON fits `room` (never splitting a surrogate pair), or `undefined`. */
const cutString = (text: string, room: number): string | undefined => {
  if (room < 2) return undefined
  let low = 0
  let high = text.length
  while (low < high) {
    const middle = Math.ceil((low + high) / 2)
    if (size(text.slice(0, middle)) <= room) low = middle
    else high = middle - 1
  }
  const last = text.charCodeAt(low - 1)
  const end = last >= 0xd800 && last <= 0xdbff ? low - 1 : low
  return text.slice(0, end)
}

/** The largest prefix of `value` whose JSON fits `room` characters, or `undefined` when not even an empty one does. */
const cut = (value: unknown, room: number): unknown => {
  if (size(value) <= room) return value
  if (typeof value === "string") return cutString(value, room)
  if (Array.isArray(value)) {
    if (room < 2) return undefined
    const kept: Array<unknown> = []
    let used = 2
    for (const item of value) {
      const itemSize = size(item) + (kept.length > 0 ? 1 : 0)
      if (used + itemSize > room) break
      kept.push(item)
      used += itemSize
    }
    return kept
  }
  if (isRecord(value)) {
    if (room < 2) return undefined
    const kept: Record<string, unknown> = {}
    let used = 2
    for (const [key, item] of Object.entries(value)) {
      const keySize = size(key) + 1 + (Object.keys(kept).length > 0 ? 1 : 0)
      const itemSize = size(item)
      if (used + keySize + itemSize <= room) {
        kept[key] = item
        used += keySize + itemSize
        continue
      }
      const partial = cut(item, room - used - keySize)
      if (partial !== undefined) kept[key] = partial
      break
    }
    return kept
  }
  // A number, boolean or null that does not fit.
  return undefined
}

const TRUNCATED = ',"truncated":true'

/**
 * `answer` as is when its JSON fits `budget` characters, else its largest prefix that fits together with
 * `truncated: true`.
 */
export const fitAnswer = <A extends object>(answer: A, budget: number = ANSWER_BUDGET): A | Record<string, unknown> => {
  if (size(answer) <= budget) return answer
  const prefix = cut(answer, budget - TRUNCATED.length)
  return { ...(isRecord(prefix) ? prefix : {}), truncated: true }
}

/** How many of `items`, from the first, fit in `room` characters as a JSON list: for answers that page on. */
export const fittingCount = (items: ReadonlyArray<unknown>, room: number): number => {
  let used = 2
  let count = 0
  for (const item of items) {
    const itemSize = size(item) + (count > 0 ? 1 : 0)
    if (used + itemSize > room) break
    used += itemSize
    count++
  }
  return count
}
