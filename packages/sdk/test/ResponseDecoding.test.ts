import { assert, describe, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { decodeUnknownEither } from "../src/internal/responseDecoding.js"
import * as Schemas from "../src/Schemas.js"
import { answerSchemas, withKey } from "./fixtures/answers.js"
import { fileDetails } from "./fixtures/samples.js"

// The fast decode must give exactly what Effect's own `onExcessProperty: "preserve"` decode gives: the same success
// (values, key order, prototypes) or the same issues, whatever keys the answer adds at whatever depth.

const effects = <A, I>(schema: Schema.Schema<A, I>, json: unknown) =>
  Schema.decodeUnknownEither(schema, Schemas.decodeOptions)(json)

const issues = (error: ParseResult.ParseError) => ParseResult.ArrayFormatter.formatErrorSync(error)

const assertSame = <A, I>(schema: Schema.Schema<A, I>, json: unknown) => {
  const expected = effects(schema, json)
  const actual = decodeUnknownEither(schema, Schemas.decodeOptions)(json)
  if (Either.isRight(expected)) {
    assert.isTrue(Either.isRight(actual), "Effect decodes it, so must we")
    if (Either.isRight(actual)) {
      assert.deepStrictEqual(actual.right, expected.right)
      assert.strictEqual(JSON.stringify(actual.right), JSON.stringify(expected.right), "same keys in the same order")
    }
  } else {
    assert.isTrue(Either.isLeft(actual), "Effect fails it, so must we")
    if (Either.isLeft(actual)) assert.deepStrictEqual(issues(actual.left), issues(expected.left))
  }
}

describe("decoding an answer (internal/responseDecoding.ts)", () => {
  for (const [name, schema] of answerSchemas) {
    it.prop(
      `${name}: Effect's preserve result, with or without keys the schema does not list`,
      [
        Arbitrary.make(schema),
        FastCheck.array(FastCheck.nat({ max: 12 }), { maxLength: 3 }),
        FastCheck.constantFrom("addedLater", "__proto__", "constructor", "toString", "", "é")
      ],
      ([value, picks, key]) => {
        const json: unknown = JSON.parse(JSON.stringify(Schema.encodeSync(schema, Schemas.decodeOptions)(value)))
        assertSame(schema, withKey(json, picks, key))
      },
      { fastCheck: { numRuns: 20 } }
    )
  }

  it("an answer the schema fails gives Effect's issues, with added keys or without", () => {
    const broken = { ...fileDetails, size: "70", versionInfo: { id: 1 } }
    assertSame(Schemas.File, broken)
    assertSame(Schemas.File, withKey(broken, [0, 1], "addedLater"))
    assertSame(Schemas.File, null)
    assertSame(Schemas.File, [fileDetails])
  })

  it("keys in front and a `__proto__` key behave as in Effect's decode", () => {
    const answer = JSON.parse('{"zFirst":1,"requestId":"r","__proto__":{"status":"Completed"}}')
    assertSame(Schemas.PurgeCacheResponse, answer)
    const decoded = decodeUnknownEither(Schemas.PurgeCacheResponse, Schemas.decodeOptions)(answer)
    assert.deepStrictEqual(
      Either.map(decoded, (value) => Object.keys(value)),
      Either.right(["zFirst", "requestId"])
    )
  })

  it("schemas whose decode could see the kept keys are decoded as Effect does", () => {
    // A filter on a struct sees the kept key under "preserve": one key passes, two fail.
    const oneKey = Schema.Struct({ a: Schema.String }).pipe(Schema.filter((value) => Object.keys(value).length === 1))
    assertSame(oneKey, { a: "x" })
    assertSame(oneKey, { a: "x", b: 1 })
    // A transformation that counts the keys it is given and answers with the keys of the answer: decoded without
    // "preserve" it would count one key, not two, and nothing would look dropped.
    const counted = Schema.transform(
      Schema.Struct({ a: Schema.String }),
      Schema.Struct({ a: Schema.String, b: Schema.Number }),
      { strict: true, decode: (value) => ({ a: value.a, b: Object.keys(value).length }), encode: ({ a }) => ({ a }) }
    )
    assertSame(counted, { a: "x", b: 9 })
    assert.deepStrictEqual(
      decodeUnknownEither(counted, Schemas.decodeOptions)({ a: "x", b: 9 }),
      Either.right({ a: "x", b: 2 })
    )
    // A declaration that reads the options, which a declaration may do.
    const readsOptions = Schema.declare([], {
      decode: () => (_input, options) =>
        ParseResult.succeed({ preserved: options?.onExcessProperty === "preserve" ? 1 : 0 }),
      encode: () => (input) => ParseResult.succeed(input)
    })
    assertSame(Schema.Struct({ d: readsOptions }), { d: { preserved: 5 } })
    assert.deepStrictEqual(
      decodeUnknownEither(Schema.Struct({ d: readsOptions }), Schemas.decodeOptions)({ d: { preserved: 5 } }),
      Either.right({ d: { preserved: 1 } })
    )
  })
})

describe("Schemas.decodeResponse keeps one decoder per schema", () => {
  it("the same decoder for the same schema, another for another, each decoding as Effect's preserve decode", () => {
    const file = Schemas.decodeResponse(Schemas.File)
    assert.strictEqual(Schemas.decodeResponse(Schemas.File), file)
    assert.isFalse(Object.is(Schemas.decodeResponse(Schemas.Folder), file))
    // Used again, the kept decoder answers each input afresh: a `__proto__` answer does not change the next one.
    const withProto = JSON.parse(JSON.stringify(fileDetails).replace("{", '{"__proto__":{"name":"x"},'))
    for (const json of [withProto, JSON.parse(JSON.stringify(fileDetails))]) {
      const decoded = file(json)
      assert.isTrue(Either.isRight(decoded))
      if (Either.isRight(decoded)) {
        assert.strictEqual(Object.getPrototypeOf(decoded.right), Object.prototype)
        assert.strictEqual(decoded.right.name, fileDetails.name)
      }
    }
  })
})
