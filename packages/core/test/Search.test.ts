import * as fc from "effect/FastCheck"
import { describe, expect, it } from "vitest"
// The emulator's own parser (packages/testing): what we write must parse there and select the same files.
import { parseSearchQuery, type SearchSubject } from "../../testing/src/internal/model/search.js"
import * as Search from "../src/Search.js"

const reasonOf = (run: () => unknown): string | undefined => {
  try {
    run()
    return undefined
  } catch (error) {
    if (!Search.isSearchError(error)) throw error
    return error.reason
  }
}

describe("format", () => {
  it.each([
    [Search.eq("name", "red-dress.jpg"), 'name = "red-dress.jpg"'],
    [Search.startsWith("name", "red-dress"), 'name : "red-dress"'],
    [Search.startsWith("path", "/sales/"), 'path : "/sales/"'],
    [Search.ne("format", "gif"), 'format NOT = "gif"'],
    [Search.isIn("tags", ["summer", "sale"]), 'tags IN ["summer", "sale"]'],
    [Search.notIn("type", ["folder", "file-version"]), 'type NOT IN ["folder", "file-version"]'],
    [Search.gt("size", 1024), "size > 1024"],
    [Search.lt("size", "1mb"), 'size < "1mb"'],
    [Search.gte("width", 1200), "width >= 1200"],
    [Search.lte("height", -1), "height <= -1"],
    [Search.gt("createdAt", "7d"), 'createdAt > "7d"'],
    [Search.lt("updatedAt", new Date(Date.UTC(2024, 0, 31, 12, 5, 9, 999))), 'updatedAt < "2024-01-31T12:05:09"'],
    [Search.eq("private", true), "private = true"],
    [Search.eq("customMetadata.brand", "Nike"), '"customMetadata.brand" = "Nike"'],
    [Search.gt("customMetadata.price", 10.5), '"customMetadata.price" > 10.5'],
    [Search.isIn("embeddedMetadata.Keywords", ["black"]), '"embeddedMetadata.Keywords" IN ["black"]']
  ])("%j", (query, expected) => {
    expect(Search.format(query)).toBe(expected)
  })

  it('quotes every text value and escapes \\ and " inside it', () => {
    expect(Search.format(Search.eq("name", 'say "cheese" \\ AND OR ) ( [ ] , : = ! < >'))).toBe(
      'name = "say \\"cheese\\" \\\\ AND OR ) ( [ ] , : = ! < >"'
    )
    expect(Search.format(Search.eq("tags", ""))).toBe('tags = ""')
  })

  it("puts every nested group in parentheses", () => {
    const query = Search.and(
      Search.eq("type", "file"),
      Search.or(Search.and(Search.lt("size", "1mb"), Search.gt("width", 500)), Search.isIn("tags", ["banner"]))
    )
    expect(Search.format(query)).toBe('type = "file" AND ((size < "1mb" AND width > 500) OR tags IN ["banner"])')
    expect(Search.format(Search.and(Search.eq("format", "png")))).toBe('format = "png"')
  })

  it("negates by rewriting each comparison (De Morgan), the forms ImageKit documents", () => {
    const query = Search.not(
      Search.or(
        Search.and(Search.eq("format", "png"), Search.gt("size", 10)),
        Search.isIn("tags", ["draft"]),
        Search.eq("private", true),
        Search.lte("width", 5)
      )
    )
    expect(Search.format(query)).toBe(
      '(format NOT = "png" OR size <= 10) AND tags NOT IN ["draft"] AND private = false AND width > 5'
    )
    expect(Search.format(Search.not(Search.not(Search.ne("name", "x"))))).toBe('name NOT = "x"')
  })
})

describe("bad input is a SearchError naming the field", () => {
  it.each([
    ["an unknown field", () => Search.eq("colour" as "name", "red"), "InvalidField"],
    ["a field with a quote", () => Search.eq('customMetadata.a"b' as "name", "x"), "InvalidField"],
    ["NaN", () => Search.gt("size", Number.NaN), "InvalidValue"],
    ["Infinity", () => Search.lt("width", Number.POSITIVE_INFINITY), "InvalidValue"],
    ["an invalid Date", () => Search.gt("createdAt", new Date("nope")), "InvalidValue"],
    ["an object", () => Search.eq("name", {} as string), "InvalidValue"],
    ["an empty list", () => Search.isIn("tags", []), "EmptyQuery"],
    ["a list that is not one", () => Search.isIn("tags", "a" as unknown as Array<string>), "InvalidValue"],
    ["no queries", () => (Search.and as (...q: Array<Search.Query>) => Search.Query)(), "EmptyQuery"],
    [
      "not of a prefix, from JavaScript",
      () => Search.not(Search.startsWith("name", "a") as unknown as Search.Query<true>),
      "NotNegatable"
    ]
  ])("%s", (_name, run, reason) => {
    expect(reasonOf(run)).toBe(reason)
  })

  it("never puts a value in the message", () => {
    try {
      Search.gt("size", Number.NaN)
    } catch (error) {
      expect(String(error)).toContain("size")
      expect(String(error)).not.toContain("NaN")
    }
  })
})

// ---- what we write parses in the emulator and selects what the query means ---------------------------------------

const NOW = new Date("2024-06-01T00:00:00Z")
const day = 86_400_000
const subject = (name: string, extra: Partial<SearchSubject>): SearchSubject => ({
  type: "file",
  name,
  path: `/${name}`,
  tags: [],
  AITags: [],
  customMetadata: {},
  createdAt: new Date(NOW.getTime() - 30 * day),
  updatedAt: new Date(NOW.getTime() - 30 * day),
  ...extra
})
const SUBJECTS: ReadonlyArray<SearchSubject> = [
  subject("red-dress.jpg", { tags: ["summer", "sale"], format: "jpg", fileType: "image", size: 2048, width: 800 }),
  subject("red-dress-winter.png", { tags: ["winter"], format: "png", fileType: "image", size: 500, width: 1600 }),
  subject('say "cheese".gif', { tags: ["sale"], format: "gif", fileType: "image", size: 3_000_000, width: 320 }),
  subject("notes.txt", { format: "txt", fileType: "non-image", size: 10, isPrivateFile: true }),
  subject("old.jpg", {
    format: "jpg",
    fileType: "image",
    size: 4096,
    width: 100,
    createdAt: new Date(NOW.getTime() - 400 * day)
  }),
  subject("new.png", {
    tags: ["banner"],
    format: "png",
    fileType: "image",
    size: 700,
    width: 50,
    createdAt: new Date(NOW.getTime() - day / 2)
  }),
  { ...subject("campaigns", {}), type: "folder" }
]

type Node = Search.Query["node"]

/** What a query means, from ImageKit's documentation, independently of the emulator's parser. */
const holds = (node: Node, s: SearchSubject): boolean => {
  if (node._tag !== "Comparison") {
    return node._tag === "And" ? node.queries.every((q) => holds(q, s)) : node.queries.some((q) => holds(q, s))
  }
  const values = (Array.isArray(node.value) ? node.value : [node.value]) as Array<string | number | boolean | Date>
  const fields: Record<string, unknown> = {
    name: s.name,
    tags: s.tags,
    type: s.type,
    format: s.format,
    fileType: s.fileType,
    size: s.size,
    width: s.width,
    createdAt: s.createdAt.getTime(),
    private: s.isPrivateFile
  }
  const actual = fields[node.field]
  const expected = values.map((v) => {
    if (v instanceof Date) return v.getTime()
    if (node.field === "createdAt" && typeof v === "string") return NOW.getTime() - Number.parseInt(v, 10) * day
    return v
  })
  const equalsAny = Array.isArray(actual)
    ? actual.some((a) => expected.includes(a))
    : expected.includes(actual as string | number | boolean)
  const [first] = expected
  switch (node.operator) {
    case "=":
    case "IN":
      return equalsAny
    case "NOT =":
    case "NOT IN":
      return !equalsAny
    case ":":
      return typeof actual === "string" && actual.startsWith(String(first))
    default: {
      if (typeof actual !== "number" || typeof first !== "number") return false
      return node.operator === ">"
        ? actual > first
        : node.operator === ">="
          ? actual >= first
          : node.operator === "<"
            ? actual < first
            : actual <= first
    }
  }
}

const names = ["red-dress.jpg", "red-dress", 'say "cheese".gif', "notes.txt", "new.png", "x\\y"]
const comparison: fc.Arbitrary<Search.Query> = fc.oneof(
  fc.constantFrom(...names).map((v) => Search.eq("name", v)),
  fc.constantFrom(...names).map((v) => Search.ne("name", v)),
  fc.constantFrom("red", "say", "n", "").map((v) => Search.startsWith("name", v)),
  fc.subarray(["summer", "sale", "winter", "banner", "x"], { minLength: 1 }).map((v) => Search.isIn("tags", v)),
  fc.subarray(["summer", "sale", "winter"], { minLength: 1 }).map((v) => Search.notIn("tags", v)),
  fc.constantFrom("jpg", "png", "gif").map((v) => Search.eq("format", v)),
  fc.constantFrom("image", "non-image").map((v) => Search.ne("fileType", v as "image")),
  fc
    .integer({ min: 0, max: 5000 })
    .chain((n) =>
      fc.constantFrom(Search.gt("size", n), Search.gte("size", n), Search.lt("width", n), Search.lte("width", n))
    ),
  fc.constantFrom(7, 60).map((d) => Search.gt("createdAt", `${d}d`)),
  fc.constantFrom(new Date(NOW.getTime() - 100 * day)).map((d) => Search.lt("createdAt", d)),
  fc.boolean().map((b) => Search.eq("private", b))
)
const query: fc.Arbitrary<Search.Query> = fc.letrec<{ query: Search.Query }>((tie) => ({
  query: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    comparison,
    fc.array(tie("query"), { minLength: 1, maxLength: 3 }).map((qs) => Search.and(...(qs as [Search.Query]))),
    fc.array(tie("query"), { minLength: 1, maxLength: 3 }).map((qs) => Search.or(...(qs as [Search.Query]))),
    tie("query").map((q) => (q.negatable ? Search.not(q as Search.Query<true>) : q))
  )
})).query

describe("the emulator parses what we write and selects the same files", () => {
  it("for generated queries", () => {
    const files = SUBJECTS.filter((s) => s.type === "file")
    fc.assert(
      fc.property(query, (q) => {
        const text = Search.format(q)
        const predicate = parseSearchQuery(text, NOW)
        expect(
          files.filter(predicate).map((s) => s.name),
          text
        ).toEqual(files.filter((s) => holds(q.node, s)).map((s) => s.name))
      }),
      { numRuns: 1000 }
    )
  })

  it("selects the documented examples", () => {
    const select = (q: Search.Query) => SUBJECTS.filter(parseSearchQuery(Search.format(q), NOW)).map((s) => s.name)
    expect(select(Search.eq("name", 'say "cheese".gif'))).toEqual(['say "cheese".gif'])
    expect(select(Search.startsWith("name", "red-dress"))).toEqual(["red-dress.jpg", "red-dress-winter.png"])
    expect(select(Search.and(Search.gt("createdAt", "7d"), Search.eq("format", "png")))).toEqual(["new.png"])
    expect(
      select(Search.or(Search.and(Search.lt("size", "1kb"), Search.gt("width", 500)), Search.isIn("tags", ["banner"])))
    ).toEqual(["red-dress-winter.png", "new.png"])
    expect(select(Search.eq("type", "folder"))).toEqual(["campaigns"])
    expect(select(Search.not(Search.eq("type", "file")))).toEqual(["campaigns"])
  })
})
