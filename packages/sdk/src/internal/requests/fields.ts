/**
 * Requests of the custom metadata field operations: create, list, update and delete.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type { InvalidInputError } from "../../ImageKitError.js"
import * as ImageKitRequest from "../../ImageKitRequest.js"
import * as Schemas from "../../Schemas.js"
import { encodeSegment, Flag, isAbsent, NonEmptyString, segment, withJson } from "./common.js"
import { decode, expected, invalidInput } from "./input.js"

type Built = Either.Either<ImageKitRequest.ImageKitRequest, InvalidInputError>

/** `Text`, `Textarea`, `Number`, `Date`, `Boolean`, `SingleSelect` or `MultiSelect`. */
export type CustomMetadataFieldType = (typeof Schemas.CustomMetadataFieldType.members)[0]["Type"]

export type CustomMetadataValue = string | number | boolean

export interface CustomMetadataFieldSchemaUpdate {
  readonly isValueRequired?: boolean | undefined
  readonly defaultValue?: CustomMetadataValue | ReadonlyArray<CustomMetadataValue> | undefined
  readonly minLength?: number | undefined
  readonly maxLength?: number | undefined
  readonly minValue?: string | number | undefined
  readonly maxValue?: string | number | undefined
  readonly selectOptions?: ReadonlyArray<CustomMetadataValue> | undefined
}

export interface CustomMetadataFieldSchema extends CustomMetadataFieldSchemaUpdate {
  readonly type: CustomMetadataFieldType
}

export interface CreateCustomMetadataFieldOptions {
  readonly name: string
  readonly label: string
  readonly schema: CustomMetadataFieldSchema
  /** Up to 500 characters, shown as a hint where the value is set. */
  readonly description?: string | undefined
}

export interface GetCustomMetadataFieldsOptions {
  readonly includeDeleted?: boolean | undefined
  /** Only the fields that apply at this folder path (path policies), e.g. `/products`. */
  readonly folderPath?: string | undefined
}

export interface UpdateCustomMetadataFieldOptions {
  readonly label?: string | undefined
  readonly schema?: CustomMetadataFieldSchemaUpdate | undefined
  /** Up to 500 characters; `""` clears it. */
  readonly description?: string | undefined
}

const Scalar = Schema.Union(Schema.String, Schema.Number.pipe(Schema.finite()), Schema.Boolean).annotations(
  expected("a string, a finite number or a boolean")
)
const Limit = Schema.Number.pipe(Schema.finite()).annotations(expected("a finite number"))
const Bound = Schema.Union(Schema.String, Schema.Number.pipe(Schema.finite())).annotations(
  expected("a string or a finite number")
)

const schemaFields = {
  isValueRequired: Schema.optional(Flag),
  defaultValue: Schema.optional(
    Schema.Union(Scalar, Schema.Array(Scalar)).annotations(expected("a string, number or boolean, or an array of them"))
  ),
  minLength: Schema.optional(Limit),
  maxLength: Schema.optional(Limit),
  minValue: Schema.optional(Bound),
  maxValue: Schema.optional(Bound),
  selectOptions: Schema.optional(
    Schema.Array(Scalar).annotations(expected("an array of strings, numbers or booleans", "container"))
  )
}

// The known types of the (open) response Schema: a field is created with one of them.
const FieldType = Schemas.CustomMetadataFieldType.members[0].annotations(
  expected("Text, Textarea, Number, Date, Boolean, SingleSelect or MultiSelect")
)

const Description = Schema.String.pipe(Schema.maxLength(500)).annotations(
  expected("a description of up to 500 characters")
)

const CreateSchema = Schema.Struct({
  name: NonEmptyString,
  description: Schema.optional(Description),
  label: NonEmptyString,
  schema: Schema.Struct({ type: FieldType, ...schemaFields }).annotations(
    expected("a field schema with a type", "container")
  )
}).annotations(expected("{ name, label, schema, description? }", "container"))

const UpdateSchema = Schema.Struct({
  label: Schema.optional(NonEmptyString),
  description: Schema.optional(Description),
  schema: Schema.optional(Schema.Struct(schemaFields).annotations(expected("a field schema", "container")))
}).annotations(expected("{ label?, schema?, description? }", "container"))

const ListSchema = Schema.Struct({
  includeDeleted: Schema.optional(Flag),
  folderPath: Schema.optional(NonEmptyString)
}).annotations(expected("{ includeDeleted?, folderPath? }", "container"))

const createOptions = decode(CreateSchema, "options", (key) =>
  key === "schema"
    ? "Pass a schema with a type, e.g. { type: 'Number', minValue: 0 }"
    : "Pass the field's name (its key in customMetadata), its label and its schema"
)
const UPDATE_HELP = "Pass a new label, a schema with the settings to change, a description, or any of them"
const updateOptions = decode(UpdateSchema, "options", UPDATE_HELP)
const listOptions = decode(
  ListSchema,
  "options",
  "Pass { includeDeleted: true } to list deleted fields too, { folderPath: '/products' } for the fields of a folder"
)

export const fieldId = segment(
  "fieldId",
  "Pass the id of a custom metadata field, as getCustomMetadataFields returns it"
)

const BASE = "/v1/customMetadataFields"

/** POST with exactly `{ name, label, schema }`, and `description` when given. */
export const createCustomMetadataField = (options: unknown): Built =>
  Either.map(createOptions(options), ({ description, label, name, schema }) =>
    withJson(
      {
        operation: "createCustomMetadataField",
        method: "POST",
        path: BASE,
        attributes: { "imagekit.field_name": name }
      },
      description === undefined ? { name, label, schema } : { name, label, schema, description }
    )
  )

/** GET with `includeDeleted` always sent, `false` unless given, and `folderPath` when given. */
export const getCustomMetadataFields = (options: unknown): Built =>
  Either.map(isAbsent(options) ? Either.right(undefined) : listOptions(options), (decoded) => {
    const includeDeleted = decoded?.includeDeleted ?? false
    const folderPath = decoded?.folderPath
    return ImageKitRequest.make({
      operation: "getCustomMetadataFields",
      method: "GET",
      path: BASE,
      urlParams:
        folderPath === undefined
          ? [["includeDeleted", String(includeDeleted)]]
          : [
              ["includeDeleted", String(includeDeleted)],
              ["folderPath", folderPath]
            ],
      attributes: {
        "imagekit.include_deleted": String(includeDeleted),
        ...(folderPath === undefined ? {} : { "imagekit.folder_path": folderPath })
      }
    })
  })

/** PATCH with the label and/or schema given (at least one). */
export const updateCustomMetadataField = (id: unknown, options: unknown): Built =>
  Either.gen(function* () {
    const decodedId = yield* fieldId(id)
    const { description, label, schema } = yield* updateOptions(options)
    if (label === undefined && schema === undefined && description === undefined) {
      return yield* Either.left(invalidInput("options", "it has no label, schema or description", UPDATE_HELP))
    }
    const body: Record<string, unknown> = {}
    if (label !== undefined) body.label = label
    if (schema !== undefined) body.schema = schema
    if (description !== undefined) body.description = description
    return withJson(
      {
        operation: "updateCustomMetadataField",
        method: "PATCH",
        path: `${BASE}/${encodeSegment(decodedId)}`,
        attributes: { "imagekit.field_id": decodedId }
      },
      body
    )
  })

export const deleteCustomMetadataField = (id: unknown): Built =>
  Either.map(fieldId(id), (decoded) =>
    ImageKitRequest.make({
      operation: "deleteCustomMetadataField",
      method: "DELETE",
      path: `${BASE}/${encodeSegment(decoded)}`,
      attributes: { "imagekit.field_id": decoded }
    })
  )
