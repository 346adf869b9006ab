/**
 * The subset of ImageKit's Lucene-like `searchQuery` language the model understands:
 *
 * - comparisons `field op value`, with `op` one of `=`, `:`, `!=`, `>`, `>=`, `<`, `<=`, `IN`, `HAS`, any of them
 *   negated by a `NOT` in front (`name NOT = "a"`, `tags NOT IN [...]`), and `field EXISTS`;
 * - values as "quoted strings" (a backslash escapes the next character: `"say \"cheese\""`), bare words, numbers,
 *   `true`/`false`, or `[a, b]` lists for `IN`;
 * - `AND`, `OR` (AND binds tighter), `NOT` and parentheses; keywords are case-insensitive; a field name may be
 *   quoted (`"customMetadata.brand" = "Nike"`).
 *
 * Fields: `name` and `path` (`=` exact, `:` prefix; a file's path is its `filePath`, a folder's its `folderPath`, so
 * `path : "/a/"` is everything below /a), `tags` (matches `tags` or `AITags`, as ImageKit documents), `AITags`,
 * `type`, `fileType`, `format`, `size` (bytes, or with a `kb`/`mb`/`gb` unit of 1024), `width`, `height`,
 * `createdAt`, `updatedAt` (ISO dates or a relative age such as "7d", "12h", "30m": `createdAt > "7d"` means "in
 * the last 7 days"), `private`, `published`, `description`, and `customMetadata.<field>` for every defined field
 * (compared as numbers, dates or text by the field's type; `HAS` for a value of a MultiSelect). Anything else is a 400
 * answer, as an unsupported query is for the real API.
 */
import { badRequest } from "./errors.js"
import type { JsonRecord } from "./state.js"

export interface SearchSubject {
  readonly type: "file" | "file-version" | "folder"
  readonly name: string
  /** The file's `filePath`, or the folder's `folderPath`. */
  readonly path: string
  readonly tags: ReadonlyArray<string>
  readonly AITags: ReadonlyArray<string>
  readonly customMetadata: JsonRecord
  readonly description?: string | undefined
  readonly fileType?: string
  readonly format?: string
  readonly size?: number
  readonly width?: number
  readonly height?: number
  readonly createdAt: Date
  readonly updatedAt: Date
  readonly isPrivateFile?: boolean
  readonly isPublished?: boolean
}

export type Predicate = (subject: SearchSubject) => boolean

type Token =
  | { readonly kind: "word"; readonly text: string }
  | { readonly kind: "string"; readonly text: string }
  | { readonly kind: "op"; readonly text: string }
  | { readonly kind: "punct"; readonly text: "(" | ")" | "[" | "]" | "," }

const invalid = (detail: string) =>
  badRequest("Your request contains invalid syntax for the searchQuery parameter.", {
    help: `${detail} For support kindly contact us at support@imagekit.io.`
  })

const tokenize = (query: string): Array<Token> => {
  const tokens: Array<Token> = []
  let at = 0
  while (at < query.length) {
    const char = query.charAt(at)
    if (/\s/.test(char)) {
      at++
    } else if (char === '"' || char === "'") {
      let text = ""
      let end = at + 1
      for (; end < query.length && query.charAt(end) !== char; end++) {
        if (query.charAt(end) === "\\") end++
        text += query.charAt(end)
      }
      if (end >= query.length) throw invalid("A quoted value is not closed.")
      tokens.push({ kind: "string", text })
      at = end + 1
    } else if (char === "(" || char === ")" || char === "[" || char === "]" || char === ",") {
      tokens.push({ kind: "punct", text: char })
      at++
    } else if (/[<>=:!]/.test(char)) {
      const two = query.slice(at, at + 2)
      const text = two === ">=" || two === "<=" || two === "!=" ? two : char
      if (text === "!") throw invalid("Unexpected '!'.")
      tokens.push({ kind: "op", text })
      at += text.length
    } else {
      const match = /^[^\s()[\],<>=:!"']+/.exec(query.slice(at))
      const text = match?.[0] ?? char
      tokens.push({ kind: "word", text })
      at += text.length
    }
  }
  return tokens
}

type Value = string | number | boolean

const DURATION_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }
const SIZE_UNITS: Readonly<Record<string, number>> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }

const asNumber = (value: Value): number | undefined => {
  if (typeof value === "number") return value
  if (typeof value !== "string") return undefined
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(value.trim())
  if (match === null) return undefined
  return Number(match[1]) * (SIZE_UNITS[(match[2] ?? "b").toLowerCase()] ?? 1)
}

const asTime = (value: Value, now: Date): number | undefined => {
  const text = String(value).trim()
  const relative = /^(\d+)([mhdw])$/.exec(text)
  if (relative !== null) return now.getTime() - Number(relative[1]) * (DURATION_MS[relative[2] ?? "d"] ?? 0)
  const parsed = Date.parse(text)
  return Number.isNaN(parsed) ? undefined : parsed
}

const compare = (left: number, op: string, right: number): boolean => {
  switch (op) {
    case "=":
    case ":":
      return left === right
    case "!=":
      return left !== right
    case ">":
      return left > right
    case ">=":
      return left >= right
    case "<":
      return left < right
    case "<=":
      return left <= right
    default:
      return false
  }
}

type Getter = (subject: SearchSubject) => unknown

const TEXT_FIELDS: Readonly<Record<string, Getter>> = {
  type: (subject) => subject.type,
  filetype: (subject) => subject.fileType,
  format: (subject) => subject.format
}
const NUMBER_FIELDS: Readonly<Record<string, Getter>> = {
  size: (subject) => subject.size,
  width: (subject) => subject.width,
  height: (subject) => subject.height
}
const DATE_FIELDS: Readonly<Record<string, (subject: SearchSubject) => Date>> = {
  createdat: (subject) => subject.createdAt,
  updatedat: (subject) => subject.updatedAt
}
const BOOLEAN_FIELDS: Readonly<Record<string, Getter>> = {
  private: (subject) => subject.isPrivateFile,
  published: (subject) => subject.isPublished
}

const textMatch = (actual: unknown, op: string, values: ReadonlyArray<Value>, prefix: boolean): boolean => {
  if (typeof actual !== "string") return false
  const hit = values.some((value) => (prefix ? actual.startsWith(String(value)) : actual === String(value)))
  return op === "!=" ? !hit : hit
}

/** The type of every custom metadata field a query may name (`Number`, `Date`, `Text`, ...). */
export type FieldTypes = ReadonlyMap<string, string>

const isPresent = (value: unknown): boolean =>
  value !== undefined && value !== null && value !== "" && !(Array.isArray(value) && value.length === 0)

/** A predicate for `customMetadata.<field> op values`, comparing by the field's type. */
const metadataComparison = (
  field: string,
  type: string,
  op: string,
  values: ReadonlyArray<Value>,
  now: Date
): Predicate => {
  const read = (subject: SearchSubject): unknown => subject.customMetadata[field]
  const ordered = op === ">" || op === ">=" || op === "<" || op === "<="
  if (type === "Number" || type === "Date") {
    const toNumber = (value: unknown): number | undefined =>
      type === "Number"
        ? typeof value === "number"
          ? value
          : asNumber(value as Value)
        : typeof value === "string" || typeof value === "number"
          ? asTime(value, now)
          : undefined
    const rights = values.map((value) => toNumber(value))
    if (rights.some((right) => right === undefined)) {
      throw invalid(`customMetadata.${field} takes ${type === "Number" ? "numbers" : "dates"}.`)
    }
    if (op === ":" || op === "HAS") throw invalid(`${op} cannot be used with customMetadata.${field}.`)
    return (subject) => {
      const left = toNumber(read(subject))
      if (left === undefined) return op === "!="
      if (op === "IN") return rights.some((right) => right === left)
      return rights.every((right) => right !== undefined && compare(left, op, right))
    }
  }
  if (ordered) throw invalid(`${op} cannot be used with customMetadata.${field}.`)
  return (subject) => {
    const value = read(subject)
    const items: ReadonlyArray<unknown> = Array.isArray(value) ? value : value === undefined ? [] : [value]
    const hit = values.some((wanted) =>
      items.some((item) =>
        op === ":" ? typeof item === "string" && item.startsWith(String(wanted)) : String(item) === String(wanted)
      )
    )
    return op === "!=" ? !hit : hit
  }
}

const exists = (field: string, types: FieldTypes): Predicate => {
  const key = field.toLowerCase()
  if (key.startsWith("custommetadata.")) {
    const name = field.slice("customMetadata.".length)
    if (!types.has(name)) throw invalid(`${field} is not a defined custom metadata field.`)
    return (subject) => isPresent(subject.customMetadata[name])
  }
  const getters: Readonly<Record<string, (subject: SearchSubject) => unknown>> = {
    tags: (subject) => subject.tags,
    aitags: (subject) => subject.AITags,
    width: (subject) => subject.width,
    height: (subject) => subject.height,
    description: (subject) => subject.description
  }
  const getter = getters[key]
  if (getter === undefined) throw invalid(`EXISTS cannot be used with ${field}.`)
  return (subject) => isPresent(getter(subject))
}

const comparison = (
  field: string,
  op: string,
  values: ReadonlyArray<Value>,
  now: Date,
  types: FieldTypes
): Predicate => {
  const key = field.toLowerCase()
  const listOp = op === "IN"
  const equality = op === "=" || op === ":" || op === "!=" || op === "HAS" || listOp
  const first = values[0]
  if (first === undefined) throw invalid(`${field} has no value.`)
  if (key.startsWith("custommetadata.")) {
    const name = field.slice("customMetadata.".length)
    const type = types.get(name)
    if (type === undefined) throw invalid(`${field} is not a defined custom metadata field.`)
    return metadataComparison(name, type, op, values, now)
  }
  if (key === "name" || key === "path" || key === "description") {
    if (!equality || op === "HAS") throw invalid(`${op} cannot be used with ${field}.`)
    const read = (subject: SearchSubject) =>
      key === "name" ? subject.name : key === "path" ? subject.path : subject.description
    return (subject) => textMatch(read(subject), op, values, op === ":")
  }
  if (key === "tags" || key === "aitags") {
    if (!equality || op === ":") throw invalid(`${op} cannot be used with ${field}.`)
    const wanted = values.map(String)
    const negate = op === "!="
    // `tags` matches a tag or an AI tag, as ImageKit documents; `AITags` only AI tags.
    const read = (subject: SearchSubject) => (key === "tags" ? [...subject.tags, ...subject.AITags] : subject.AITags)
    return (subject) => negate !== read(subject).some((tag) => wanted.includes(tag))
  }
  const text = TEXT_FIELDS[key]
  if (text !== undefined) {
    if (!equality || op === "HAS") throw invalid(`${op} cannot be used with ${field}.`)
    return (subject) => textMatch(text(subject), op, values, false)
  }
  if (listOp || op === "HAS") throw invalid(`${op} cannot be used with ${field}.`)
  const number = NUMBER_FIELDS[key]
  if (number !== undefined) {
    const right = asNumber(first)
    if (right === undefined) throw invalid(`${String(first)} is not a number.`)
    return (subject) => {
      const left = number(subject)
      return typeof left === "number" && compare(left, op, right)
    }
  }
  const date = DATE_FIELDS[key]
  if (date !== undefined) {
    const right = asTime(first, now)
    if (right === undefined) throw invalid(`${String(first)} is not a date.`)
    return (subject) => compare(date(subject).getTime(), op, right)
  }
  const flag = BOOLEAN_FIELDS[key]
  if (flag !== undefined) {
    if (typeof first !== "boolean" || (op !== "=" && op !== ":")) throw invalid(`${field} takes = true or = false.`)
    return (subject) => flag(subject) === first
  }
  throw invalid(`${field} is not a supported search field.`)
}

class Parser {
  private at = 0

  constructor(
    private readonly tokens: ReadonlyArray<Token>,
    private readonly now: Date,
    private readonly types: FieldTypes
  ) {}

  parse(): Predicate {
    if (this.tokens.length === 0) throw invalid("The query is empty.")
    const predicate = this.or()
    const rest = this.peek()
    if (rest !== undefined) throw invalid(`Unexpected ${rest.text}.`)
    return predicate
  }

  private peek(): Token | undefined {
    return this.tokens[this.at]
  }

  private next(): Token {
    const token = this.tokens[this.at]
    if (token === undefined) throw invalid("The query ends too early.")
    this.at++
    return token
  }

  private isKeyword(word: string): boolean {
    const token = this.peek()
    return token?.kind === "word" && token.text.toUpperCase() === word
  }

  private or(): Predicate {
    const parts = [this.and()]
    while (this.isKeyword("OR")) {
      this.at++
      parts.push(this.and())
    }
    return parts.length === 1 && parts[0] !== undefined ? parts[0] : (subject) => parts.some((part) => part(subject))
  }

  private and(): Predicate {
    const parts = [this.unary()]
    while (this.isKeyword("AND")) {
      this.at++
      parts.push(this.unary())
    }
    return parts.length === 1 && parts[0] !== undefined ? parts[0] : (subject) => parts.every((part) => part(subject))
  }

  private unary(): Predicate {
    if (this.isKeyword("NOT")) {
      this.at++
      const inner = this.unary()
      return (subject) => !inner(subject)
    }
    const token = this.peek()
    if (token?.kind === "punct" && token.text === "(") {
      this.at++
      const inner = this.or()
      const close = this.next()
      if (close.text !== ")") throw invalid("A parenthesis is not closed.")
      return inner
    }
    return this.comparison()
  }

  private comparison(): Predicate {
    const field = this.next()
    if (field.kind !== "word" && field.kind !== "string") throw invalid(`Expected a field name, found ${field.text}.`)
    if (this.isKeyword("EXISTS")) {
      this.at++
      return exists(field.text, this.types)
    }
    const negated = this.isKeyword("NOT")
    if (negated) this.at++
    const op = this.operator()
    const values = op === "IN" ? this.list() : [this.value()]
    const predicate = comparison(field.text, op, values, this.now, this.types)
    return negated ? (subject) => !predicate(subject) : predicate
  }

  private operator(): string {
    const token = this.next()
    if (token.kind === "op") return token.text
    const word = token.text.toUpperCase()
    if (token.kind === "word" && (word === "IN" || word === "HAS")) return word
    throw invalid(`Expected an operator, found ${token.text}.`)
  }

  private value(): Value {
    const token = this.next()
    if (token.kind === "string") return token.text
    if (token.kind !== "word") throw invalid(`Expected a value, found ${token.text}.`)
    if (token.text === "true" || token.text === "false") return token.text === "true"
    const number = Number(token.text)
    return Number.isFinite(number) ? number : token.text
  }

  private list(): ReadonlyArray<Value> {
    const open = this.next()
    if (open.text !== "[") throw invalid('IN takes a list such as ["a", "b"].')
    const values: Array<Value> = []
    for (;;) {
      values.push(this.value())
      const separator = this.next()
      if (separator.text === "]") return values
      if (separator.text !== ",") throw invalid("List items are separated by commas.")
    }
  }
}

/**
 * Parses `query` into a predicate over files, versions and folders; `now` anchors relative dates, `types` are the
 * custom metadata fields a query may name.
 */
export const parseSearchQuery = (query: string, now: Date, types: FieldTypes = new Map()): Predicate =>
  new Parser(tokenize(query), now, types).parse()

/** Whether the query mentions `type`, in which case it decides itself whether folders and versions match. */
export const mentionsType = (query: string): boolean =>
  /(^|[\s(])type\s*(=|:|!=|\s+in\b|\s+not\s+in\b|\s+not\s*=)/i.test(query)
