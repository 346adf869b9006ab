/**
 * Requests of the named transformations (`/v1/named-transformations`; newer than the vendored spec, shapes from
 * ImageKit's API reference as `@imagekit/nodejs@7.11` types them). A name is letters, digits and `_` (a URL says
 * `tr:n-<name>`, so a space or a comma would break it): checked before sending, as is a transformation string
 * without spaces. That a name is free only the API can know (409).
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type { InvalidInputError } from "../../ImageKitError.js"
import * as ImageKitRequest from "../../ImageKitRequest.js"
import { encodeSegment, Flag, segment, withJson } from "./common.js"
import { decode, expected, invalidInput } from "./input.js"

type Built = Either.Either<ImageKitRequest.ImageKitRequest, InvalidInputError>

export interface CreateNamedTransformationOptions {
  /** Letters, digits and `_`, case-sensitive, unique in the account; URLs use it as `tr:n-<name>`. */
  readonly name: string
  /** A transformation string, e.g. `w-150,h-150,fo-center,cm-pad_resize`. */
  readonly transformation: string
  /** Default `true`; while `false`, URLs that use it fail. */
  readonly enabled?: boolean | undefined
}

export interface UpdateNamedTransformationOptions {
  readonly name?: string | undefined
  readonly transformation?: string | undefined
  readonly enabled?: boolean | undefined
}

const Name = Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9_]+$/)).annotations(
  expected("a name of letters, digits and underscores (no spaces)")
)
const TransformationString = Schema.String.pipe(Schema.pattern(/^\S+$/)).annotations(
  expected("a transformation string without spaces, e.g. w-300,h-200")
)

const CreateSchema = Schema.Struct({
  name: Name,
  transformation: TransformationString,
  enabled: Schema.optional(Flag)
}).annotations(expected("{ name, transformation, enabled? }", "container"))

const UpdateSchema = Schema.Struct({
  name: Schema.optional(Name),
  transformation: Schema.optional(TransformationString),
  enabled: Schema.optional(Flag)
}).annotations(expected("{ name?, transformation?, enabled? }", "container"))

const HELP = (key: string | undefined): string =>
  key === "name"
    ? "Pass a name of letters, digits and underscores, e.g. 'small_thumbnail'"
    : key === "transformation"
      ? "Pass a transformation string, e.g. 'w-150,h-150,fo-center,cm-pad_resize'"
      : "Pass { name, transformation, enabled? }"
const UPDATE_HELP = "Pass the fields to change: name, transformation and/or enabled"

const createOptions = decode(CreateSchema, "options", HELP)
const updateOptions = decode(UpdateSchema, "options", (key) => (key === undefined ? UPDATE_HELP : HELP(key)))

export const namedTransformationId = segment(
  "namedTransformationId",
  "Pass the id of a named transformation, as createNamedTransformation and listNamedTransformations return it"
)

const BASE = "/v1/named-transformations"

export const listNamedTransformations: ImageKitRequest.ImageKitRequest = ImageKitRequest.make({
  operation: "listNamedTransformations",
  method: "GET",
  path: BASE
})

export const createNamedTransformation = (options: unknown): Built =>
  Either.map(createOptions(options), ({ enabled, name, transformation }) =>
    withJson(
      {
        operation: "createNamedTransformation",
        method: "POST",
        path: BASE,
        attributes: { "imagekit.named_transformation": name }
      },
      enabled === undefined ? { name, transformation } : { name, transformation, enabled }
    )
  )

export const getNamedTransformation = (id: unknown): Built =>
  Either.map(namedTransformationId(id), (decoded) =>
    ImageKitRequest.make({
      operation: "getNamedTransformation",
      method: "GET",
      path: `${BASE}/${encodeSegment(decoded)}`,
      attributes: { "imagekit.named_transformation_id": decoded }
    })
  )

/** PATCH with the fields given (at least one); the others stay as they are. */
export const updateNamedTransformation = (id: unknown, options: unknown): Built =>
  Either.gen(function* () {
    const decodedId = yield* namedTransformationId(id)
    const { enabled, name, transformation } = yield* updateOptions(options)
    if (name === undefined && transformation === undefined && enabled === undefined) {
      return yield* Either.left(invalidInput("options", "it has no field to change", UPDATE_HELP))
    }
    const body: Record<string, unknown> = {}
    if (name !== undefined) body.name = name
    if (transformation !== undefined) body.transformation = transformation
    if (enabled !== undefined) body.enabled = enabled
    return withJson(
      {
        operation: "updateNamedTransformation",
        method: "PATCH",
        path: `${BASE}/${encodeSegment(decodedId)}`,
        attributes: { "imagekit.named_transformation_id": decodedId }
      },
      body
    )
  })

export const deleteNamedTransformation = (id: unknown): Built =>
  Either.map(namedTransformationId(id), (decoded) =>
    ImageKitRequest.make({
      operation: "deleteNamedTransformation",
      method: "DELETE",
      path: `${BASE}/${encodeSegment(decoded)}`,
      attributes: { "imagekit.named_transformation_id": decoded }
    })
  )
