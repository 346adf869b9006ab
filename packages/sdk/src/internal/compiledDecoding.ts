/**
 * A response schema compiled, once, into a plain function over parsed JSON that answers what
 * `Schema.decodeUnknownEither(schema, { onExcessProperty: "preserve" })` answers, in one walk of the value and with
 * none of Effect's per-key machinery (an `Either`, a parser call and an issue check per key and element).
 *
 * Why: decoding a `File` answer through Effect's `ParseResult` was some 12 µs and 10 KB of a `getFileDetails` call's
 * 60 µs and 57 KB on the client, the largest share of a call that is the SDK's own (decision 0081).
 *
 * Exactness comes first. The compiled function answers a decoded value only where it is sure it is Effect's; every
 * other time it answers `UNSURE` or `REJECT` and Effect's own decoder decodes the value, so a failed decode always
 * carries Effect's issues. Rules that keep it exact:
 *
 * - It takes the value from `JSON.parse` (or an object literal): plain objects with own, enumerable, string data
 *   keys. Another prototype is `UNSURE`; so is a `"__proto__"` key it would have to assign.
 * - Objects come out as Effect builds them under `"preserve"`: first the keys the struct does not list, in the
 *   answer's key order; then the listed keys, in the schema's order (an optional one only when present, a required
 *   one always: Effect decodes an absent required key from what the object reads for it, usually `undefined`); then
 *   the keys of its string index signature. An object or array already in that shape, whose values all decode to
 *   themselves, is the answer's own (nothing else holds the value `JSON.parse` just made); the others are new.
 * - A union answers the one member that accepts the value. Two members that accept it with different results make
 *   the order in which Effect tries them matter: `UNSURE`. `REJECT` means Effect's decode fails for this value,
 *   exactly, which is what lets a union rule a member out.
 * - It compiles structs, arrays, unions, literals and the primitive keywords; refinements of primitives and
 *   declarations annotated with {@link decodesToInput} are checked by Effect's own parser for that node alone. A
 *   schema with anything else (a transformation, a class, a recursive schema, a refined struct, a tuple, parse
 *   options on a node) is not compiled: Effect decodes it, every time.
 */
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { decodeOptions, decodeResponse } from "../Schemas.js"
import { decodesToInput, isPrimitive } from "./responseDecoding.js"

/** Effect's decode fails for this value. */
export const REJECT: unique symbol = Symbol("@effect-imagekit/sdk/compiledDecoding/Reject")
/** The compiled decoder cannot tell what Effect's decode gives: Effect decodes the value. */
export const UNSURE: unique symbol = Symbol("@effect-imagekit/sdk/compiledDecoding/Unsure")

/** Answers the decoded value, {@link REJECT} or {@link UNSURE}. */
export type Build = (input: unknown) => unknown

// The kinds of JSON value, as bits: a union tries only the members that can accept the kind it is given.
const STRING = 1
const NUMBER = 2
const BOOLEAN = 4
const NULL = 8
const UNDEFINED = 16
const ARRAY = 32
const RECORD = 64
const OTHER = 128
const ANY = 255

const kindOf = (input: unknown): number => {
  switch (typeof input) {
    case "string":
      return STRING
    case "number":
      return NUMBER
    case "boolean":
      return BOOLEAN
    case "undefined":
      return UNDEFINED
    case "object":
      return input === null ? NULL : Array.isArray(input) ? ARRAY : RECORD
    default:
      return OTHER
  }
}

interface Compiled {
  readonly build: Build
  /** The kinds of value `build` can accept (a superset is safe, a subset is not). */
  readonly kinds: number
}

/** A node checked by Effect's own parser: what Effect accepts, as Effect answers it. */
const byEffect = (ast: AST.AST, options: AST.ParseOptions, kinds: number): Compiled => {
  const parse = ParseResult.decodeUnknownEither(Schema.make(ast), options)
  return {
    kinds,
    build: (input) => {
      const result = parse(input)
      return Either.isRight(result) ? result.right : REJECT
    }
  }
}

/** Annotations that change how Effect parses a node and what it is given. */
const reparses = (ast: AST.AST): boolean =>
  Option.isSome(AST.getParseOptionsAnnotation(ast)) || Option.isSome(AST.getDecodingFallbackAnnotation(ast))

interface Property {
  readonly name: string
  readonly isOptional: boolean
  readonly build: Build
}

type Data = Record<string, unknown>

/**
 * Whether the answer's keys already come in the order "preserve" answers them (keys the struct does not list first,
 * without an index signature, or last, with one; the listed keys in the schema's order; no required key absent), or
 * `UNSURE` for a `"__proto__"` key the struct does not list (decoding assigns it, which `Schemas.decodeResponse`
 * undoes by dropping the key).
 */
const inPreserveOrder = (
  object: Data,
  properties: ReadonlyArray<Property>,
  listedKeys: ReadonlySet<string>,
  unlistedLast: boolean
): boolean | typeof UNSURE => {
  let next = 0
  let sawListed = false
  let sawUnlisted = false
  let ordered = true
  for (const key in object) {
    if (!listedKeys.has(key)) {
      if (key === "__proto__") return UNSURE
      if (!unlistedLast && sawListed) ordered = false
      sawUnlisted = true
      continue
    }
    if (unlistedLast && sawUnlisted) ordered = false
    sawListed = true
    // The listed keys the schema puts before this one that the answer has not had: each must be optional (a
    // required one is absent, or comes later, out of order).
    while (next < properties.length && properties[next]?.name !== key) {
      if (properties[next]?.isOptional !== true) ordered = false
      next++
    }
    if (next === properties.length) ordered = false
    else next++
  }
  for (; next < properties.length; next++) if (properties[next]?.isOptional !== true) ordered = false
  return ordered
}

/** A struct decoded into a new object, in the order "preserve" answers. */
const copyingStruct =
  (properties: ReadonlyArray<Property>, index: Build | undefined, listedKeys: ReadonlySet<string>) =>
  (object: Data): unknown => {
    const output: Data = {}
    if (index === undefined) {
      for (const key in object) {
        if (listedKeys.has(key) || !Object.hasOwn(object, key)) continue
        if (key === "__proto__") return UNSURE
        output[key] = object[key]
      }
    }
    for (const property of properties) {
      if (!Object.hasOwn(object, property.name) && property.isOptional) continue
      // An absent required key reads `undefined` (or what the prototype has), as in Effect's decode.
      const value = property.build(object[property.name])
      if (value === REJECT || value === UNSURE) return value
      output[property.name] = value
    }
    if (index !== undefined) {
      for (const key in object) {
        if (!Object.hasOwn(object, key)) continue
        const value = index(object[key])
        if (value === REJECT || value === UNSURE) return value
        if (listedKeys.has(key)) continue
        if (key === "__proto__") return UNSURE
        output[key] = value
      }
    }
    return output
  }

/**
 * A struct. The answer is only read, never changed: when its keys are in the order "preserve" answers and every value
 * decodes to itself, the decoded object is the answer's own object (nothing else holds it: the decoder takes the value
 * `JSON.parse` just made), which is what Effect's decode gives, key for key; otherwise a new object is built.
 */
const struct = (properties: ReadonlyArray<Property>, index: Build | undefined): Build => {
  const listedKeys = new Set(properties.map((property) => property.name))
  const copying = copyingStruct(properties, index, listedKeys)
  return (input) => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) return REJECT
    // Not the plain object `JSON.parse` makes (a class instance, a null prototype): Effect decodes it.
    if (Object.getPrototypeOf(input) !== Object.prototype) return UNSURE
    // A plain, non-array object, whose keys are read as data.
    const object = input as Data
    const ordered = inPreserveOrder(object, properties, listedKeys, index !== undefined)
    if (ordered === UNSURE) return UNSURE
    if (!ordered) return copying(object)
    for (const property of properties) {
      if (!Object.hasOwn(object, property.name)) {
        if (property.isOptional) continue
        // Listed, present and yet not own: inherited through a prototype someone gave an enumerable key.
        return copying(object)
      }
      const raw = object[property.name]
      const value = property.build(raw)
      if (value === REJECT || value === UNSURE) return value
      // A value that decodes to something else (an object out of order, further down): this one is built anew.
      if (value !== raw) return copying(object)
    }
    if (index !== undefined) {
      for (const key in object) {
        if (!Object.hasOwn(object, key)) continue
        const raw = object[key]
        // Effect checks the listed keys' values against the index signature too.
        const value = index(raw)
        if (value === REJECT || value === UNSURE) return value
        if (value !== raw && !listedKeys.has(key)) return copying(object)
      }
    }
    return object
  }
}

/** An array: the answer's own while every element decodes to itself (see `struct`), else a new one. */
const array =
  (item: Build): Build =>
  (input) => {
    if (!Array.isArray(input)) return REJECT
    let output: Array<unknown> | undefined
    for (let position = 0; position < input.length; position++) {
      const raw: unknown = input[position]
      const value = item(raw)
      if (value === REJECT || value === UNSURE) return value
      if (output === undefined) {
        if (value === raw) continue
        output = input.slice(0, position)
      }
      output.push(value)
    }
    return output ?? input
  }

const union =
  (members: ReadonlyArray<Compiled>): Build =>
  (input) => {
    const kind = kindOf(input)
    let found: unknown = REJECT
    for (const member of members) {
      if ((member.kinds & kind) === 0) continue
      const value = member.build(input)
      if (value === REJECT) continue
      if (value === UNSURE) return UNSURE
      if (found === REJECT) found = value
      // Two members accept it: Effect answers the first it tries, which only matters if the answers differ.
      else if (found !== value) return UNSURE
    }
    return found
  }

/** `ast` compiled, or `undefined` when it has a node the compiler does not take. */
const compile = (ast: AST.AST, options: AST.ParseOptions): Compiled | undefined => {
  if (reparses(ast)) return isPrimitive(ast) ? byEffect(ast, options, ANY) : undefined
  switch (ast._tag) {
    case "StringKeyword":
      return { kinds: STRING, build: (input) => (typeof input === "string" ? input : REJECT) }
    case "NumberKeyword":
      return { kinds: NUMBER, build: (input) => (typeof input === "number" ? input : REJECT) }
    case "BooleanKeyword":
      return { kinds: BOOLEAN, build: (input) => (typeof input === "boolean" ? input : REJECT) }
    case "Literal": {
      const literal = ast.literal
      return { kinds: kindOf(literal), build: (input) => (input === literal ? input : REJECT) }
    }
    case "UndefinedKeyword":
      return { kinds: UNDEFINED, build: (input) => (input === undefined ? input : REJECT) }
    case "UnknownKeyword":
    case "AnyKeyword":
    case "VoidKeyword":
      return { kinds: ANY, build: (input) => input }
    case "NeverKeyword":
      return { kinds: 0, build: () => REJECT }
    case "BigIntKeyword":
    case "SymbolKeyword":
    case "UniqueSymbol":
    case "ObjectKeyword":
    case "Enums":
    case "TemplateLiteral":
      return byEffect(ast, options, ANY)
    case "Refinement": {
      if (!isPrimitive(ast.from)) return undefined
      const from = compile(ast.from, options)
      return from === undefined ? undefined : byEffect(ast, options, from.kinds)
    }
    case "Declaration":
      return ast.typeParameters.length === 0 && ast.annotations[decodesToInput] === true
        ? byEffect(ast, options, ANY)
        : undefined
    case "TupleType": {
      const rest = ast.rest[0]
      if (ast.elements.length > 0 || ast.rest.length !== 1 || rest === undefined) return undefined
      const item = compile(rest.type, options)
      return item === undefined ? undefined : { kinds: ARRAY, build: array(item.build) }
    }
    case "Union": {
      const members: Array<Compiled> = []
      let kinds = 0
      for (const type of ast.types) {
        const member = compile(type, options)
        if (member === undefined) return undefined
        members.push(member)
        kinds |= member.kinds
      }
      return { kinds, build: union(members) }
    }
    case "TypeLiteral": {
      if (ast.propertySignatures.length === 0 && ast.indexSignatures.length === 0) {
        // Effect checks an empty struct with `isNotNullable` and answers the value itself.
        return {
          kinds: ANY & ~(NULL | UNDEFINED),
          build: (input) => (input === null || input === undefined ? REJECT : input)
        }
      }
      const properties: Array<Property> = []
      for (const signature of ast.propertySignatures) {
        const name = signature.name
        if (typeof name !== "string" || name === "__proto__") return undefined
        const type = compile(signature.type, options)
        if (type === undefined) return undefined
        properties.push({ name, isOptional: signature.isOptional, build: type.build })
      }
      const [signature, ...more] = ast.indexSignatures
      if (more.length > 0) return undefined
      let index: Build | undefined
      if (signature !== undefined) {
        if (signature.parameter._tag !== "StringKeyword" || reparses(signature.parameter)) return undefined
        const type = compile(signature.type, options)
        if (type === undefined) return undefined
        index = type.build
      }
      return { kinds: RECORD, build: struct(properties, index) }
    }
    default:
      return undefined
  }
}

/**
 * The compiled decoder of `schema` for `options`, or `undefined` when the schema or the options are outside what it
 * decodes exactly (only `onExcessProperty: "preserve"`, with no other option, is compiled).
 */
export const compileDecoder = (schema: Schema.Schema.AnyNoContext, options: AST.ParseOptions): Build | undefined => {
  const keys = Object.keys(options)
  if (keys.length !== 1 || options.onExcessProperty !== "preserve") return undefined
  return compile(schema.ast, options)?.build
}

const answerDecoders = new WeakMap<
  Schema.Schema.AnyNoContext,
  (json: unknown) => Either.Either<unknown, ParseResult.ParseError>
>()

/**
 * How the operations decode an answer's body (`JSON.parse`'s value): the compiled decoder, and
 * `Schemas.decodeResponse` (Effect's decode, a `"__proto__"` key kept from becoming structure) whenever it is not
 * sure, which includes every answer that fails. One decoder per schema, made on its first use.
 */
export const decodeAnswer = <A, I>(
  schema: Schema.Schema<A, I>
): ((json: unknown) => Either.Either<A, ParseResult.ParseError>) => {
  const known = answerDecoders.get(schema)
  // The decoder kept for a schema was made from that schema, so it decodes to its `A`.
  if (known !== undefined) return known as (json: unknown) => Either.Either<A, ParseResult.ParseError>
  const byEffect = decodeResponse(schema)
  const build = compileDecoder(schema, decodeOptions)
  const decoder =
    build === undefined
      ? byEffect
      : (json: unknown): Either.Either<A, ParseResult.ParseError> => {
          const decoded = build(json)
          // Answered only where it is Effect's own result for `schema`, so it is an `A`.
          return decoded === REJECT || decoded === UNSURE ? byEffect(json) : Either.right(decoded as A)
        }
  answerDecoders.set(schema, decoder)
  return decoder
}
