/**
 * The `searchQuery` builder: a small tree of comparisons joined by AND/OR, negated by rewriting each comparison to
 * its opposite (ImageKit documents `NOT =` and `NOT IN`, not a prefix `NOT`), written with every group in
 * parentheses and every text value in double quotes (`\` and `"` escaped with a backslash).
 */

export type Operator = "=" | "NOT =" | ":" | ">" | ">=" | "<" | "<=" | "IN" | "NOT IN"

export type Node =
  | { readonly _tag: "Comparison"; readonly field: string; readonly operator: Operator; readonly value: Literal }
  | { readonly _tag: "And" | "Or"; readonly queries: ReadonlyArray<Node> }

export type Literal = string | number | boolean | Date | ReadonlyArray<string | number | boolean | Date>

export type SearchErrorReason = "InvalidField" | "InvalidValue" | "EmptyQuery" | "NotNegatable"

const messages: Record<SearchErrorReason, string> = {
  InvalidField:
    "Search fields are name, path, tags, type, fileType, format, size, width, height, createdAt, updatedAt, private, published, or customMetadata.<name> / embeddedMetadata.<name>",
  InvalidValue: "Search values are strings, finite numbers, booleans or valid Dates",
  EmptyQuery: "`and`, `or`, `isIn` and `notIn` need at least one item",
  NotNegatable: "`startsWith` (`:`) has no negated form in ImageKit's search syntax"
}

export const SearchErrorTypeId: unique symbol = Symbol.for("@effect-imagekit/core/SearchError")

export const hasSearchErrorTypeId = (u: unknown): boolean =>
  typeof u === "object" &&
  u !== null &&
  (u as { readonly [SearchErrorTypeId]?: unknown })[SearchErrorTypeId] === SearchErrorTypeId

/** A query could not be built; the message names the field and never contains a value. */
export class SearchError extends Error {
  readonly _tag = "SearchError"
  override readonly name = "SearchError"
  readonly reason: SearchErrorReason

  constructor(reason: SearchErrorReason, field?: string) {
    super(field === undefined ? messages[reason] : `${messages[reason]} (field ${field})`)
    this.reason = reason
  }
}

Object.defineProperty(SearchError.prototype, SearchErrorTypeId, { value: SearchErrorTypeId })

const FIELDS = new Set([
  "name",
  "path",
  "tags",
  "type",
  "fileType",
  "format",
  "size",
  "width",
  "height",
  "createdAt",
  "updatedAt",
  "private",
  "published"
])
const METADATA_FIELD = /^(?:customMetadata|embeddedMetadata)\.[^"\\\s]+$/

const checkField = (field: unknown): string => {
  if (typeof field !== "string" || !(FIELDS.has(field) || METADATA_FIELD.test(field))) {
    throw new SearchError("InvalidField", typeof field === "string" && !/["\\]/.test(field) ? field : undefined)
  }
  return field
}

const checkScalar = (field: string, value: unknown): void => {
  const valid =
    typeof value === "string" ||
    typeof value === "boolean" ||
    (typeof value === "number" && Number.isFinite(value)) ||
    (value instanceof Date && !Number.isNaN(value.getTime()))
  if (!valid) throw new SearchError("InvalidValue", field)
}

export const comparison = (field: unknown, operator: Operator, value: unknown): Node => {
  const name = checkField(field)
  if (operator === "IN" || operator === "NOT IN") {
    if (!Array.isArray(value)) throw new SearchError("InvalidValue", name)
    if (value.length === 0) throw new SearchError("EmptyQuery", name)
    for (const item of value) checkScalar(name, item)
    return { _tag: "Comparison", field: name, operator, value: value.slice() }
  }
  checkScalar(name, value)
  return { _tag: "Comparison", field: name, operator, value: value as Literal }
}

export const group = (tag: "And" | "Or", queries: ReadonlyArray<Node>): Node => {
  if (queries.length === 0) throw new SearchError("EmptyQuery")
  return queries.length === 1 ? (queries[0] as Node) : { _tag: tag, queries: queries.slice() }
}

const OPPOSITE: Record<Operator, Operator | undefined> = {
  "=": "NOT =",
  "NOT =": "=",
  ":": undefined,
  ">": "<=",
  ">=": "<",
  "<": ">=",
  "<=": ">",
  IN: "NOT IN",
  "NOT IN": "IN"
}

/** De Morgan down to the comparisons; `private = true` becomes `private = false`. */
export const negate = (node: Node): Node => {
  if (node._tag !== "Comparison") {
    return { _tag: node._tag === "And" ? "Or" : "And", queries: node.queries.map(negate) }
  }
  if (node.operator === "=" && typeof node.value === "boolean") return { ...node, value: !node.value }
  const operator = OPPOSITE[node.operator]
  if (operator === undefined) throw new SearchError("NotNegatable", node.field)
  return { ...node, operator }
}

const pad = (value: number): string => (value < 10 ? `0${value}` : String(value))

// ImageKit documents `YYYY-MM-DDTHH:MM:SS`, in UTC.
const dateText = (date: Date): string =>
  `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(
    date.getUTCMinutes()
  )}:${pad(date.getUTCSeconds())}`

const literal = (value: string | number | boolean | Date): string => {
  if (typeof value === "number" || typeof value === "boolean") return String(value)
  const text = typeof value === "string" ? value : dateText(value)
  return `"${text.replace(/[\\"]/g, (char) => `\\${char}`)}"`
}

const fieldText = (field: string): string => (FIELDS.has(field) ? field : `"${field}"`)

export const format = (node: Node, nested = false): string => {
  if (node._tag === "Comparison") {
    const value = node.value
    const text = Array.isArray(value)
      ? `[${value.map(literal).join(", ")}]`
      : literal(value as string | number | boolean | Date)
    return `${fieldText(node.field)} ${node.operator} ${text}`
  }
  const joined = node.queries.map((query) => format(query, true)).join(node._tag === "And" ? " AND " : " OR ")
  return nested ? `(${joined})` : joined
}
