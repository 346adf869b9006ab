/**
 * Decoding an answer with `onExcessProperty: "preserve"` without paying for it when there is nothing to preserve.
 *
 * Effect checks every key of every decoded object against the union of the keys its struct lists, and that check
 * walks the union member by member: for a `File` (some 30 keys) it is most of the decode, about 14 µs of 17 (bench:
 * `send-components.mjs`). Effect's default (`"ignore"`) skips it. So the answer is decoded with the default first; when
 * every object that decode built has exactly the keys of the object it was built from, no key was dropped, and the
 * result is the one `"preserve"` gives (same keys, same order: `"preserve"` only adds the dropped keys, in front).
 * Otherwise (a field the schema does not list, or a decode error) the answer is decoded again with `"preserve"`, so
 * the result and the error are always Effect's own.
 *
 * This holds for schemas whose decoding builds objects from the answer's own keys and changes no value: structs,
 * records, arrays, tuples, unions, literals, primitives, refinements of primitives, and declarations annotated with
 * {@link decodesToInput}. Any other schema (a transformation, a class, a recursive or a refined struct) is decoded
 * with `"preserve"` directly; the check is made once per schema.
 */
import * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type * as AST from "effect/SchemaAST"

/** The annotation of a declaration whose decode returns its input as it is (it cannot drop or add a key). */
export const decodesToInput: unique symbol = Symbol.for("@effect-imagekit/sdk/decodesToInput")

/** Whether `ast` decodes a primitive value (a refinement of one included), which decoding checks and never changes. */
export const isPrimitive = (ast: AST.AST): boolean => {
  switch (ast._tag) {
    case "StringKeyword":
    case "NumberKeyword":
    case "BooleanKeyword":
    case "BigIntKeyword":
    case "SymbolKeyword":
    case "UniqueSymbol":
    case "Literal":
    case "TemplateLiteral":
    case "Enums":
      return true
    case "Refinement":
      return isPrimitive(ast.from)
    default:
      return false
  }
}

/** Whether decoding `ast` only copies the answer's own keys into new objects, checking values and changing none. */
const copiesKeys = (root: AST.AST): boolean => {
  const pending: Array<AST.AST> = [root]
  const seen = new Set<AST.AST>()
  while (pending.length > 0) {
    const ast = pending.pop()
    if (ast === undefined || seen.has(ast)) continue
    seen.add(ast)
    switch (ast._tag) {
      case "TypeLiteral":
        for (const property of ast.propertySignatures) pending.push(property.type)
        for (const index of ast.indexSignatures) pending.push(index.parameter, index.type)
        break
      case "TupleType":
        for (const element of ast.elements) pending.push(element.type)
        for (const rest of ast.rest) pending.push(rest.type)
        break
      case "Union":
        pending.push(...ast.types)
        break
      case "Refinement":
        // A filter on a struct would see the kept keys under "preserve" and not under the default.
        if (!isPrimitive(ast.from)) return false
        break
      case "Declaration":
        if (ast.typeParameters.length > 0 || ast.annotations[decodesToInput] !== true) return false
        break
      case "UnknownKeyword":
      case "AnyKeyword":
      case "UndefinedKeyword":
      case "VoidKeyword":
      case "NeverKeyword":
      case "ObjectKeyword":
      case "SymbolKeyword":
      case "UniqueSymbol":
        break
      default:
        if (!isPrimitive(ast)) return false
    }
  }
  return true
}

type Keyed = { readonly [key: PropertyKey]: unknown }

const isObject = (value: unknown): value is Keyed => typeof value === "object" && value !== null

/**
 * Whether every object or array in `decoded` that is not the answer's own has exactly the own keys of its source. The
 * keys of a decoded object are counted with `for…in` (no array to allocate): each must be an own key of the source,
 * and as many as the source's own keys, so the two sets are the same (a symbol or hidden key in the source makes the
 * counts differ, and the answer is decoded again).
 */
const droppedNothing = (answer: unknown, decoded: unknown): boolean => {
  const pending: Array<unknown> = [answer, decoded]
  while (pending.length > 0) {
    const after = pending.pop()
    const before = pending.pop()
    if (after === before || !isObject(after)) continue
    if (!isObject(before)) return false
    if (Array.isArray(after)) {
      if (!Array.isArray(before) || before.length !== after.length) return false
      for (let index = 0; index < after.length; index++) {
        if (isObject(after[index])) pending.push(before[index], after[index])
      }
      continue
    }
    let count = 0
    for (const key in after) {
      if (!Object.hasOwn(before, key)) return false
      count++
      if (isObject(after[key])) pending.push(before[key], after[key])
    }
    if (count !== Reflect.ownKeys(before).length) return false
  }
  return true
}

const plain = new WeakMap<AST.AST, boolean>()

/**
 * `Schema.decodeUnknownEither(schema, options)`, the same results, faster when the answer holds no key that `options`
 * would have to keep (see above).
 */
export const decodeUnknownEither = <A, I>(
  schema: Schema.Schema<A, I>,
  options: AST.ParseOptions
): ((json: unknown) => Either.Either<A, ParseResult.ParseError>) => {
  let copies = plain.get(schema.ast)
  if (copies === undefined) {
    copies = copiesKeys(schema.ast)
    plain.set(schema.ast, copies)
  }
  const preserving = Schema.decodeUnknownEither(schema, options)
  if (!copies) return preserving
  const ignoring = Schema.decodeUnknownEither(schema, { ...options, onExcessProperty: "ignore" })
  return (json) => {
    const decoded = ignoring(json)
    return Either.isRight(decoded) && droppedNothing(json, decoded.right) ? decoded : preserving(json)
  }
}
