import { assert, describe, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { compileDecoder, decodeAnswer, REJECT, UNSURE } from "../src/internal/compiledDecoding.js"
import * as Schemas from "../src/Schemas.js"
import { answerSchemas, withKey } from "./fixtures/answers.js"
import * as samples from "./fixtures/samples.js"

// The compiled decoder must answer exactly what Effect's `onExcessProperty: "preserve"` decode answers for a parsed
// JSON answer: the same values, the same keys in the same order, the same prototypes, or the same issues. One rule on
// top (decision 0045): a `"__proto__"` key that Effect's decode assigns, which makes its value the decoded object's
// prototype, is dropped instead, the object keeping `Object.prototype`.

/** Sets every decoded object's prototype back to `Object.prototype`, as the rule above says. */
const withPlainPrototypes = (decoded: unknown): unknown => {
  const pending: Array<unknown> = [decoded]
  while (pending.length > 0) {
    const value = pending.pop()
    if (typeof value !== "object" || value === null) continue
    if (!Array.isArray(value)) Object.setPrototypeOf(value, Object.prototype)
    pending.push(...Object.values(value))
  }
  return decoded
}

const byEffect = <A, I>(schema: Schema.Schema<A, I>, json: unknown) =>
  Either.map(Schema.decodeUnknownEither(schema, Schemas.decodeOptions)(json), withPlainPrototypes)

const issues = (error: ParseResult.ParseError) => ParseResult.ArrayFormatter.formatErrorSync(error)

/** Every key of every object, depth first, with its value's type: the shape `JSON.stringify` hides (undefined). */
const shape = (value: unknown): Array<string> => {
  const out: Array<string> = []
  const visit = (node: unknown, path: string) => {
    if (typeof node !== "object" || node === null) return
    out.push(`${path} ${Array.isArray(node) ? "array" : String(Object.getPrototypeOf(node) === Object.prototype)}`)
    for (const key of Reflect.ownKeys(node)) {
      const child: unknown = Reflect.get(node, key)
      out.push(`${path}/${String(key)}: ${typeof child}`)
      visit(child, `${path}/${String(key)}`)
    }
  }
  visit(value, "")
  return out
}

const assertSame = <A, I>(schema: Schema.Schema<A, I>, json: unknown) => {
  const expected = byEffect(schema, json)
  const actual = decodeAnswer(schema)(json)
  if (Either.isRight(expected)) {
    assert.isTrue(Either.isRight(actual), "Effect decodes it, so must we")
    if (Either.isRight(actual)) {
      assert.deepStrictEqual(actual.right, expected.right)
      assert.deepStrictEqual(shape(actual.right), shape(expected.right), "same keys in the same order")
    }
  } else {
    assert.isTrue(Either.isLeft(actual), "Effect fails it, so must we")
    if (Either.isLeft(actual)) assert.deepStrictEqual(issues(actual.left), issues(expected.left))
  }
}

/** What the compiled decoder alone answers (no fallback): `REJECT`, `UNSURE` or a value. */
const compiledAnswer = (schema: Schema.Schema.AnyNoContext, json: unknown): unknown => {
  const build = compileDecoder(schema, Schemas.decodeOptions)
  assert.isDefined(build, "the schema compiles")
  return build === undefined ? UNSURE : build(json)
}

describe("the compiled answer decoder (internal/compiledDecoding.ts)", () => {
  it("compiles every schema an operation decodes with", () => {
    for (const [name, schema] of answerSchemas) {
      assert.isDefined(compileDecoder(schema, Schemas.decodeOptions), name)
    }
  })

  for (const [name, schema] of answerSchemas) {
    it.prop(
      `${name}: Effect's preserve result, with or without keys the schema does not list`,
      [
        Arbitrary.make(schema),
        FastCheck.array(FastCheck.nat({ max: 12 }), { maxLength: 3 }),
        FastCheck.constantFrom("addedLater", "__proto__", "constructor", "toString", "", "é", "0"),
        FastCheck.array(FastCheck.nat({ max: 12 }), { maxLength: 4 })
      ],
      ([value, picks, key, reversed]) => {
        const json: unknown = JSON.parse(JSON.stringify(Schema.encodeSync(schema, Schemas.decodeOptions)(value)))
        assertSame(schema, json)
        assertSame(schema, withKey(json, picks, key))
        assertSame(schema, withKey(json, picks, key, reversed))
      },
      { fastCheck: { numRuns: 30 } }
    )
  }

  it("decides the spec's example answers itself, as Effect decodes them", () => {
    const cases: ReadonlyArray<readonly [Schema.Schema.AnyNoContext, unknown]> = [
      [Schemas.File, samples.fileDetails],
      [Schemas.FileVersion, samples.fileVersionDetails],
      [Schemas.ListFilesResponse, samples.listFiles],
      [Schemas.GetFileVersionsResponse, samples.fileVersions],
      [Schemas.UpdateFileDetailsResponse, samples.updatedFile],
      [Schemas.UploadResponse, samples.uploadImage],
      [Schemas.Metadata, samples.imageMetadata],
      [Schemas.GetCustomMetadataFieldsResponse, samples.customMetadataFields],
      [Schemas.BulkJobStatusResponse, samples.bulkJobStatus]
    ]
    for (const [schema, sample] of cases) {
      const json: unknown = JSON.parse(JSON.stringify(sample))
      const answer = compiledAnswer(schema, json)
      assert.isFalse(answer === REJECT || answer === UNSURE, "decided without Effect")
      const expected = byEffect(schema, json)
      assert.isTrue(Either.isRight(expected))
      if (Either.isRight(expected)) assert.deepStrictEqual(shape(answer), shape(expected.right))
      assertSame(schema, json)
    }
  })

  it("answers the parsed answer itself when its keys are already in Effect's order, and a new object when not", () => {
    const json: unknown = JSON.parse(JSON.stringify(samples.fileDetails))
    assert.strictEqual(compiledAnswer(Schemas.File, json), json, "nothing to reorder or drop: the same object")
    const reversed = withKey(json, [], "", [0])
    const answer = compiledAnswer(Schemas.File, reversed)
    assert.notStrictEqual(answer, reversed)
    assert.deepStrictEqual(Object.keys(answer as object), Object.keys(samples.fileDetails))
    // One nested object out of order: that object and the ones holding it are new, the rest is the answer's own.
    const nested = withKey(json, [], "", [2])
    const decoded = compiledAnswer(Schemas.File, nested) as Record<string, unknown>
    const source = nested as Record<string, unknown>
    assert.notStrictEqual(decoded, source)
    assert.strictEqual(decoded.tags, source.tags)
    assert.notStrictEqual(decoded.AITags, source.AITags)
    assertSame(Schemas.File, nested)
  })

  it("an answer the schema fails gives Effect's issues", () => {
    const broken = { ...samples.fileDetails, size: "70", versionInfo: { id: 1 } }
    assert.strictEqual(compiledAnswer(Schemas.File, broken), REJECT)
    assertSame(Schemas.File, broken)
    assertSame(Schemas.File, withKey(broken, [0, 1], "addedLater"))
    for (const json of [null, undefined, "file", 7, [samples.fileDetails], {}]) assertSame(Schemas.File, json)
  })

  it("keys the struct does not list come first, in the answer's order, then the listed keys in the schema's", () => {
    const schema = Schema.Struct({ b: Schema.String, a: Schema.Number })
    const json = JSON.parse('{"a":1,"z":true,"b":"x","y":null,"1":"one"}')
    const answer = compiledAnswer(schema, json)
    assert.deepStrictEqual(Object.keys(answer as object), ["1", "z", "y", "b", "a"])
    assertSame(schema, json)
  })

  it("a required key the answer lacks is decoded from what the object reads for it, as Effect does", () => {
    const schema = Schema.Struct({ present: Schema.String, absent: Schema.Unknown, toString: Schema.Unknown })
    const json = JSON.parse('{"present":"x"}')
    const answer = compiledAnswer(schema, json)
    assert.deepStrictEqual(Object.keys(answer as object), ["present", "absent", "toString"])
    assert.strictEqual(Reflect.get(answer as object, "toString"), Object.prototype.toString)
    assertSame(schema, json)
    assertSame(Schema.Struct({ absent: Schema.String }), json)
  })

  it("a key inherited from a prototype that was given enumerable keys is read as Effect reads it", () => {
    const schema = Schema.Struct({ a: Schema.String, inherited: Schema.String })
    Object.defineProperty(Object.prototype, "inherited", {
      value: "from the prototype",
      enumerable: true,
      configurable: true,
      writable: true
    })
    try {
      const json = JSON.parse('{"a":"x"}')
      assertSame(schema, json)
      const answer = compiledAnswer(schema, json)
      assert.notStrictEqual(answer, json)
      assert.isTrue(Object.hasOwn(answer as object, "inherited"))
      assertSame(Schema.Struct({ a: Schema.String }), json)
    } finally {
      Reflect.deleteProperty(Object.prototype, "inherited")
    }
  })

  it("a union whose members answer differently leaves the choice to Effect", () => {
    // Both members accept `{"a":"x","b":"y"}`, and each answers its own key order: Effect answers the first it tries.
    const either = Schema.Union(
      Schema.Struct({ a: Schema.String, b: Schema.String }),
      Schema.Struct({ b: Schema.String, a: Schema.String })
    )
    const json = JSON.parse('{"a":"x","b":"y"}')
    assert.strictEqual(compiledAnswer(either, json), UNSURE)
    assertSame(either, json)
    // Members that answer the value itself may both accept it: the answer is the same whichever Effect tries first.
    const open = Schema.Union(Schema.Literal("image", "non-image"), Schema.String)
    assert.strictEqual(compiledAnswer(open, "image"), "image")
    // A member the value's kind rules out is never asked, and a discriminated union is decided without Effect.
    const answer = compiledAnswer(Schemas.ListFilesResponse, JSON.parse(JSON.stringify(samples.listFiles)))
    assert.isTrue(Array.isArray(answer))
  })

  it("a `__proto__` key it would assign, or an object that is not plain data, is decoded by Effect", () => {
    const withProto = JSON.parse(JSON.stringify(samples.fileDetails).replace("{", '{"__proto__":{"name":"x"},'))
    assert.strictEqual(compiledAnswer(Schemas.File, withProto), UNSURE)
    const decoded = decodeAnswer(Schemas.File)(withProto)
    assert.isTrue(Either.isRight(decoded))
    if (Either.isRight(decoded)) {
      assert.strictEqual(Object.getPrototypeOf(decoded.right), Object.prototype)
      assert.strictEqual(decoded.right.name, samples.fileDetails.name)
    }
    const exif = Schema.Record({ key: Schema.String, value: Schema.Unknown })
    const record = JSON.parse('{"a":1,"__proto__":{"polluted":true}}')
    assert.strictEqual(compiledAnswer(exif, record), UNSURE)
    class Answer {
      readonly requestId = "r"
    }
    assert.strictEqual(compiledAnswer(Schemas.PurgeCacheResponse, new Answer()), UNSURE)
    assertSame(Schemas.PurgeCacheResponse, new Answer())
  })

  it("does not compile what it cannot decode exactly, nor other options", () => {
    const refinedStruct = Schema.Struct({ a: Schema.String }).pipe(Schema.filter(() => true))
    assert.isUndefined(compileDecoder(refinedStruct, Schemas.decodeOptions))
    assert.isUndefined(compileDecoder(Schema.NumberFromString, Schemas.decodeOptions))
    assert.isUndefined(compileDecoder(Schema.Tuple(Schema.String), Schemas.decodeOptions))
    assert.isUndefined(compileDecoder(Schemas.File, { onExcessProperty: "ignore" }))
    assert.isUndefined(compileDecoder(Schemas.File, { ...Schemas.decodeOptions, errors: "all" }))
    const annotated = Schema.Struct({ a: Schema.String }).annotations({ parseOptions: { onExcessProperty: "error" } })
    assert.isUndefined(compileDecoder(Schema.Struct({ inner: annotated }), Schemas.decodeOptions))
    assertSame(Schema.Struct({ inner: annotated }), { inner: { a: "x", b: 1 } })
  })

  it("keeps one decoder per schema", () => {
    assert.strictEqual(decodeAnswer(Schemas.File), decodeAnswer(Schemas.File))
    assert.isFalse(Object.is(decodeAnswer(Schemas.Folder), decodeAnswer(Schemas.File)))
  })
})
