/**
 * A typed builder for the `searchQuery` of `listFiles` (and `imagekit ls --search`): ImageKit's Lucene-like filter
 * language, written for you with the right operators per field, values quoted and escaped, and groups in
 * parentheses.
 *
 * ```ts
 * import { Search } from "@effect-imagekit/core"
 *
 * Search.format(
 *   Search.and(Search.eq("type", "file"), Search.or(Search.lt("size", "1mb"), Search.isIn("tags", ["sale", "banner"])))
 * )
 * // 'type = "file" AND (size < "1mb" OR tags IN ["sale", "banner"])'
 * ```
 *
 * `not` rewrites each comparison to its opposite (`=` ↔ `NOT =`, `IN` ↔ `NOT IN`, `>` ↔ `<=`, AND ↔ OR), the forms
 * ImageKit documents; `startsWith` (`:`) has no opposite, and the types refuse to negate it.
 *
 * @since 0.1.0
 */
import * as internal from "./internal/search.js"

/**
 * The fields ImageKit searches and the values each takes.
 *
 * - `name` (`=` exact, `startsWith` prefix, case-sensitive), `path` (a folder, `startsWith` for its subfolders),
 *   `tags` (also matches AI tags), `type`, `fileType`, `format`;
 * - `size` in bytes or as `"500kb"`, `"1mb"`, `"2gb"`; `width`, `height` in pixels;
 * - `createdAt`, `updatedAt`: a `Date`, an ISO date (`"2024-01-31"`) or an age (`"7d"`, `"12h"`, `"2w"`);
 * - `private`, `published`: booleans.
 *
 * @example
 * ```ts
 * import { Search } from "@effect-imagekit/core"
 *
 * const big: Search.Fields["size"] = "2mb"
 * Search.format(Search.gte("size", big)) // 'size >= "2mb"'
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Fields {
  readonly name: string
  readonly path: string
  readonly tags: string
  readonly type: "file" | "file-version" | "folder"
  readonly fileType: "image" | "non-image"
  readonly format: string
  readonly size: number | `${number}${"kb" | "mb" | "gb"}`
  readonly width: number
  readonly height: number
  readonly createdAt: Date | string
  readonly updatedAt: Date | string
  readonly private: boolean
  readonly published: boolean
}

/**
 * A custom or embedded metadata field, written quoted (`"customMetadata.brand"`).
 *
 * @example
 * ```ts
 * import { Search } from "@effect-imagekit/core"
 *
 * const brand: Search.MetadataField = "customMetadata.brand"
 * Search.format(Search.eq(brand, "Nike")) // '"customMetadata.brand" = "Nike"'
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type MetadataField = `customMetadata.${string}` | `embeddedMetadata.${string}`

/**
 * Any field a query can name.
 *
 * @example
 * ```ts
 * import { Search } from "@effect-imagekit/core"
 *
 * const sortable: ReadonlyArray<Search.Field> = ["name", "createdAt", "customMetadata.price"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Field = keyof Fields | MetadataField

/**
 * The value type of a field.
 *
 * @example
 * ```ts
 * import type { Search } from "@effect-imagekit/core"
 *
 * const kind: Search.ValueOf<"type"> = "folder"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ValueOf<F extends Field> = F extends keyof Fields ? Fields[F] : string | number | boolean | Date

/**
 * Fields compared by order (`>`, `>=`, `<`, `<=`).
 *
 * @example
 * ```ts
 * import { Search } from "@effect-imagekit/core"
 *
 * const newerThan = (field: Search.OrderedField, age: string) => Search.gt(field, age)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type OrderedField = "size" | "width" | "height" | "createdAt" | "updatedAt" | MetadataField

/**
 * Fields matched against a list (`IN`, `NOT IN`).
 *
 * @example
 * ```ts
 * import { Search } from "@effect-imagekit/core"
 *
 * const anyOf = (field: Search.ListField, values: ReadonlyArray<string>) => Search.isIn(field, values)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ListField = "name" | "path" | "tags" | "type" | "fileType" | "format" | MetadataField

/**
 * A query. `Negatable` is `false` when it contains a `startsWith`, which `not` cannot rewrite.
 *
 * @example
 * ```ts
 * import { Search } from "@effect-imagekit/core"
 *
 * const images: Search.Query<true> = Search.eq("fileType", "image")
 * const prefixed: Search.Query<false> = Search.startsWith("name", "IMG_")
 * Search.format(Search.not(images)) // 'fileType NOT = "image"'
 * // Search.not(prefixed) does not compile: ImageKit has no negated prefix.
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Query<Negatable extends boolean = boolean> {
  readonly node: internal.Node
  readonly negatable: Negatable
}

/**
 * Why a query was refused.
 *
 * @example
 * ```ts
 * import { Search } from "@effect-imagekit/core"
 *
 * const reasons: ReadonlyArray<Search.SearchErrorReason> = ["InvalidField", "InvalidValue", "EmptyQuery", "NotNegatable"]
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export type SearchErrorReason = internal.SearchErrorReason

/**
 * Thrown for a field that is not searchable, a value that is not a string, finite number, boolean or valid `Date`,
 * an empty list or group, or (from JavaScript) `not` of a `startsWith`. The message names the field, never a value.
 *
 * @example
 * ```ts
 * import { Search } from "@effect-imagekit/core"
 *
 * try {
 *   Search.gt("size", Number.NaN)
 * } catch (error) {
 *   if (error instanceof Search.SearchError) console.log(error.reason) // "InvalidValue"
 * }
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export const SearchError: typeof internal.SearchError = internal.SearchError

/**
 * @since 0.1.0
 * @category errors
 */
export type SearchError = internal.SearchError

/**
 * Is this a {@link SearchError}? Also true for one thrown by another copy of this package (ESM vs CommonJS).
 *
 * @example
 * ```ts
 * import { Search } from "@effect-imagekit/core"
 *
 * try {
 *   Search.isIn("tags", [])
 * } catch (error) {
 *   if (Search.isSearchError(error)) console.log(error.message) // names the field, never a value
 * }
 * ```
 *
 * @since 0.1.0
 * @category guards
 */
export const isSearchError = (u: unknown): u is SearchError => internal.hasSearchErrorTypeId(u)

const make = <N extends boolean>(node: internal.Node, negatable: N): Query<N> => ({ node, negatable })

/**
 * `field = value`: exact match (for `tags`, one of the file's tags).
 *
 * @example
 * ```ts
 * import { Search } from "@effect-imagekit/core"
 *
 * Search.format(Search.eq("name", "red-dress.jpg")) // 'name = "red-dress.jpg"'
 * Search.format(Search.eq("private", true)) // "private = true"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const eq = <F extends Field>(field: F, value: ValueOf<F>): Query<true> =>
  make(internal.comparison(field, "=", value), true)

/**
 * `field NOT = value`.
 *
 * @example
 * ```ts
 * import { Search } from "@effect-imagekit/core"
 *
 * Search.format(Search.ne("format", "gif")) // 'format NOT = "gif"'
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const ne = <F extends Exclude<Field, "private" | "published">>(field: F, value: ValueOf<F>): Query<true> =>
  make(internal.comparison(field, "NOT =", value), true)

/**
 * `field > value`.
 *
 * @example
 * ```ts
 * import { Search } from "@effect-imagekit/core"
 *
 * Search.format(Search.gt("createdAt", "7d")) // 'createdAt > "7d"'
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const gt = <F extends OrderedField>(field: F, value: ValueOf<F>): Query<true> =>
  make(internal.comparison(field, ">", value), true)

/**
 * `field >= value`.
 *
 * @example
 * ```ts
 * import { Search } from "@effect-imagekit/core"
 *
 * Search.format(Search.gte("width", 1200)) // "width >= 1200"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const gte = <F extends OrderedField>(field: F, value: ValueOf<F>): Query<true> =>
  make(internal.comparison(field, ">=", value), true)

/**
 * `field < value`.
 *
 * @example
 * ```ts
 * import { Search } from "@effect-imagekit/core"
 *
 * Search.format(Search.lt("size", "1mb")) // 'size < "1mb"'
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const lt = <F extends OrderedField>(field: F, value: ValueOf<F>): Query<true> =>
  make(internal.comparison(field, "<", value), true)

/**
 * `field <= value`.
 *
 * @example
 * ```ts
 * import { Search } from "@effect-imagekit/core"
 *
 * Search.format(Search.lte("updatedAt", new Date(Date.UTC(2024, 0, 31)))) // 'updatedAt <= "2024-01-31T00:00:00"'
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const lte = <F extends OrderedField>(field: F, value: ValueOf<F>): Query<true> =>
  make(internal.comparison(field, "<=", value), true)

/**
 * `field IN [values]`: any of them.
 *
 * @example
 * ```ts
 * import { Search } from "@effect-imagekit/core"
 *
 * Search.format(Search.isIn("tags", ["summer", "sale"])) // 'tags IN ["summer", "sale"]'
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const isIn = <F extends ListField>(field: F, values: ReadonlyArray<ValueOf<F>>): Query<true> =>
  make(internal.comparison(field, "IN", values), true)

/**
 * `field NOT IN [values]`: none of them.
 *
 * @example
 * ```ts
 * import { Search } from "@effect-imagekit/core"
 *
 * Search.format(Search.notIn("type", ["folder", "file-version"])) // 'type NOT IN ["folder", "file-version"]'
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const notIn = <F extends ListField>(field: F, values: ReadonlyArray<ValueOf<F>>): Query<true> =>
  make(internal.comparison(field, "NOT IN", values), true)

/**
 * `field : value`: a name that starts with `value`, or (for `path`) a folder and its subfolders.
 *
 * @example
 * ```ts
 * import { Search } from "@effect-imagekit/core"
 *
 * Search.format(Search.startsWith("name", "red-dress")) // 'name : "red-dress"'
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const startsWith = (field: "name" | "path", value: string): Query<false> =>
  make(internal.comparison(field, ":", value), false)

type AllNegatable<Q extends ReadonlyArray<Query>> = Q[number] extends Query<true> ? true : false

const combine = <Q extends ReadonlyArray<Query>>(tag: "And" | "Or", queries: Q): Query<AllNegatable<Q>> =>
  make(
    internal.group(
      tag,
      queries.map((query) => query.node)
    ),
    queries.every((query) => query.negatable === true) as AllNegatable<Q>
  )

/**
 * Every query holds.
 *
 * @example
 * ```ts
 * import { Search } from "@effect-imagekit/core"
 *
 * Search.format(Search.and(Search.gt("createdAt", "7d"), Search.startsWith("name", "file-name")))
 * // 'createdAt > "7d" AND name : "file-name"'
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const and = <Q extends readonly [Query, ...Array<Query>]>(...queries: Q): Query<AllNegatable<Q>> =>
  combine("And", queries)

/**
 * At least one query holds.
 *
 * @example
 * ```ts
 * import { Search } from "@effect-imagekit/core"
 *
 * Search.format(Search.or(Search.and(Search.lt("size", "1mb"), Search.gt("width", 500)), Search.isIn("tags", ["banner"])))
 * // '(size < "1mb" AND width > 500) OR tags IN ["banner"]'
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const or = <Q extends readonly [Query, ...Array<Query>]>(...queries: Q): Query<AllNegatable<Q>> =>
  combine("Or", queries)

/**
 * The query does not hold: each comparison turned into its opposite, AND and OR swapped.
 *
 * @example
 * ```ts
 * import { Search } from "@effect-imagekit/core"
 *
 * Search.format(Search.not(Search.and(Search.eq("format", "png"), Search.isIn("tags", ["draft"]))))
 * // 'format NOT = "png" OR tags NOT IN ["draft"]'
 * ```
 *
 * @throws {SearchError} with reason `NotNegatable` when called from JavaScript with a `startsWith` inside.
 * @since 0.1.0
 * @category combinators
 */
export const not = (query: Query<true>): Query<true> => make(internal.negate(query.node), true)

/**
 * The `searchQuery` string.
 *
 * @example
 * ```ts
 * import { Search } from "@effect-imagekit/core"
 *
 * Search.format(Search.eq("name", 'say "cheese".jpg')) // 'name = "say \\"cheese\\".jpg"'
 * ```
 *
 * @since 0.1.0
 * @category encoding
 */
export const format = (query: Query): string => internal.format(query.node)
