/**
 * `imagekit fields list|create|update|delete`: custom metadata fields, through the SDK's
 * `getCustomMetadataFields`, `createCustomMetadataField`, `updateCustomMetadataField` and
 * `deleteCustomMetadataField`.
 *
 * A field id is only ever sent as one encoded path segment by the SDK (`../files` becomes `..%2Ffiles`), so an odd
 * id is a 404 (exit 3), never another route. `update` looks the field up first: its type says how to read the schema
 * flags (`--min 5` is a number for a Number field, a date for a Date field), and an unknown id stops there.
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import type * as Schemas from "@effect-imagekit/sdk/Schemas"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { client } from "../client.js"
import { CommandFailure, ExitCode, UsageError } from "../errors.js"
import { type Rendered, runAction, table } from "../output.js"
import { orFail } from "../failures.js"
import {
  describeSchema,
  FIELD_TYPES,
  type FieldType,
  isFieldType,
  type SchemaFlags,
  schemaFromFlags,
  schemaOptions
} from "./fields-schema.js"

const NOT_FOUND_HINT = "run `imagekit fields list` to see field ids"

const json = (description: string) => Options.boolean("json").pipe(Options.withDescription(description))

const fieldId = Args.text({ name: "fieldId" }).pipe(
  Args.withDescription("The field's id, from `imagekit fields list`.")
)

/** The `--json` form of a field: the API's object as decoded (`id`, `name`, `label`, `schema`). */
const fieldJson = (field: Schemas.CustomMetadataField) => ({
  id: field.id,
  name: field.name,
  label: field.label,
  schema: field.schema
})

const summary = (field: Schemas.CustomMetadataField): string => {
  const rules = describeSchema(field.schema)
  return `${field.schema.type}${rules === "" ? "" : `, ${rules}`}`
}

const usage = (message: string) => Effect.fail(new UsageError({ message }))

// ---------------------------------------------------------------------------------------------------------------
// list
// ---------------------------------------------------------------------------------------------------------------

const listOptions = {
  includeDeleted: Options.boolean("include-deleted").pipe(
    Options.withDescription("Also list deleted fields (marked deleted)."),
    Options.withAlias("a")
  ),
  json: json("Print { fields: [{ id, name, label, schema, deleted }] }.")
}

const list = (flags: Command.Command.ParseConfig<typeof listOptions>) =>
  Effect.gen(function* () {
    const { ik } = yield* client
    // The API does not mark deleted fields: they are those only the includeDeleted listing has.
    const [fields, active] = yield* Effect.all(
      [
        ik.getCustomMetadataFields({ includeDeleted: flags.includeDeleted }),
        flags.includeDeleted ? ik.getCustomMetadataFields() : Effect.succeed(undefined)
      ],
      { concurrency: 2 }
    ).pipe(orFail())
    const activeIds = active === undefined ? undefined : new Set(active.map((field) => field.id))
    const rows = fields.map((field) => ({ field, deleted: activeIds !== undefined && !activeIds.has(field.id) }))
    const headers = flags.includeDeleted
      ? ["ID", "NAME", "LABEL", "TYPE", "STATE", "RULES"]
      : ["ID", "NAME", "LABEL", "TYPE", "RULES"]
    const rendered: Rendered = {
      json: { fields: rows.map(({ field, deleted }) => ({ ...fieldJson(field), deleted })) },
      lines:
        rows.length === 0
          ? [`no custom metadata fields${flags.includeDeleted ? "" : " (--include-deleted shows deleted ones)"}`]
          : table(
              headers,
              rows.map(({ field, deleted }) => [
                field.id,
                field.name,
                field.label,
                field.schema.type,
                ...(flags.includeDeleted ? [deleted ? "deleted" : "active"] : []),
                describeSchema(field.schema)
              ])
            )
    }
    return rendered
  })

const listCommand = Command.make("list", listOptions, (flags) => runAction(flags.json, list(flags))).pipe(
  Command.withDescription("List the custom metadata fields: id, name, label, type and rules.")
)

// ---------------------------------------------------------------------------------------------------------------
// create
// ---------------------------------------------------------------------------------------------------------------

const createOptions = {
  name: Options.text("name").pipe(
    Options.withDescription("The field's key in customMetadata (letters, digits, - and _); cannot be changed later.")
  ),
  label: Options.text("label").pipe(Options.withDescription("The field's name in the dashboard; unique.")),
  type: Options.choice("type", FIELD_TYPES).pipe(Options.withDescription("The type of the field's values.")),
  ...schemaOptions,
  required: Options.boolean("required").pipe(
    Options.withDescription("Every file must have a value (then --default-value is needed).")
  ),
  json: json("Print { field: { id, name, label, schema } }.")
}

const create = (flags: Command.Command.ParseConfig<typeof createOptions>) =>
  Effect.gen(function* () {
    if (flags.name.trim() === "") return yield* usage("--name is empty: pass the field's key, e.g. --name price")
    if (flags.label.trim() === "") return yield* usage("--label is empty: pass the field's label, e.g. --label Price")
    const parsed = schemaFromFlags(flags.type, flags, flags.required ? true : undefined)
    if (parsed._tag === "Invalid") return yield* usage(parsed.message)
    const { ik } = yield* client
    const field = yield* ik
      .createCustomMetadataField({
        name: flags.name,
        label: flags.label,
        schema: { type: flags.type, ...parsed.value }
      })
      .pipe(orFail())
    const rendered: Rendered = {
      json: { field: fieldJson(field) },
      lines: [`created field ${field.name} (${field.id}): ${summary(field)}`]
    }
    return rendered
  })

const createCommand = Command.make("create", createOptions, (flags) => runAction(flags.json, create(flags))).pipe(
  Command.withDescription(
    "Create a custom metadata field, e.g. `imagekit fields create --name price --label Price --type Number --min 0`."
  )
)

// ---------------------------------------------------------------------------------------------------------------
// update
// ---------------------------------------------------------------------------------------------------------------

const updateOptions = {
  label: Options.text("label").pipe(Options.withDescription("The new label."), Options.optional),
  ...schemaOptions,
  required: Options.boolean("required").pipe(Options.withDescription("Every file must have a value from now on.")),
  notRequired: Options.boolean("not-required").pipe(Options.withDescription("Files may leave the field empty.")),
  json: json("Print { field: { id, name, label, schema } } as it is after the update.")
}

type UpdateFlags = Command.Command.ParseConfig<typeof updateOptions> & { readonly fieldId: string }

const hasSchemaFlag = (flags: SchemaFlags): boolean =>
  [flags.min, flags.max, flags.selectOptions, flags.defaultValue].some(Option.isSome) ||
  Option.isSome(flags.minLength) ||
  Option.isSome(flags.maxLength)

/** The field with this id (deleted ones included), or a not-found failure: nothing is sent for an unknown id. */
const findField = (id: string) =>
  Effect.gen(function* () {
    const { ik } = yield* client
    const fields = yield* ik.getCustomMetadataFields({ includeDeleted: true }).pipe(orFail())
    const field = fields.find((candidate) => candidate.id === id)
    if (field === undefined) {
      return yield* new CommandFailure({
        kind: "NotFound",
        status: 404,
        message: `not found: no custom metadata field has the id ${JSON.stringify(id)}`,
        hint: NOT_FOUND_HINT,
        exitCode: ExitCode.notFound
      })
    }
    return { ik, field }
  })

const update = (flags: UpdateFlags) =>
  Effect.gen(function* () {
    if (flags.required && flags.notRequired) return yield* usage("pass --required or --not-required, not both")
    const required = flags.required ? true : flags.notRequired ? false : undefined
    const label = Option.getOrUndefined(flags.label)
    if (label !== undefined && label.trim() === "") return yield* usage("--label is empty: pass the new label")
    if (label === undefined && required === undefined && !hasSchemaFlag(flags)) {
      return yield* usage("nothing to update: pass --label and/or schema options (--min, --select-options, ...)")
    }
    const { ik, field } = yield* findField(flags.fieldId)
    const type: string = field.schema.type
    if (!isFieldType(type)) {
      return yield* new CommandFailure({
        kind: "UnknownFieldType",
        message: `field ${field.id} has the type ${type}, which this version of imagekit does not know`,
        hint: "update it in the ImageKit dashboard",
        exitCode: ExitCode.failed
      })
    }
    const parsed = schemaFromFlags(type satisfies FieldType, flags, required)
    if (parsed._tag === "Invalid") return yield* usage(parsed.message)
    const schema = Object.keys(parsed.value).length === 0 ? undefined : parsed.value
    const updated = yield* ik
      .updateCustomMetadataField(field.id, {
        ...(label === undefined ? {} : { label }),
        ...(schema === undefined ? {} : { schema })
      })
      .pipe(orFail({ notFound: NOT_FOUND_HINT }))
    const rendered: Rendered = {
      json: { field: fieldJson(updated) },
      lines: [`updated field ${updated.name} (${updated.id}): label ${updated.label}, ${summary(updated)}`]
    }
    return rendered
  })

const updateCommand = Command.make("update", { ...updateOptions, fieldId }, (flags) =>
  runAction(flags.json, update(flags))
).pipe(
  Command.withDescription(
    "Change a field's label and rules; the options given replace those rules, the others stay. The name and the " +
      "type cannot change."
  )
)

// ---------------------------------------------------------------------------------------------------------------
// delete
// ---------------------------------------------------------------------------------------------------------------

const deleteOptions = { json: json("Print { id, deleted: true }.") }

const remove = (flags: { readonly json: boolean; readonly fieldId: string }) =>
  Effect.gen(function* () {
    const { ik } = yield* client
    yield* ik.deleteCustomMetadataField(flags.fieldId).pipe(orFail({ notFound: NOT_FOUND_HINT }))
    const rendered: Rendered = {
      json: { id: flags.fieldId, deleted: true },
      lines: [`deleted field ${flags.fieldId}`]
    }
    return rendered
  })

const deleteCommand = Command.make("delete", { ...deleteOptions, fieldId }, (flags) =>
  runAction(flags.json, remove(flags))
).pipe(
  Command.withDescription(
    "Delete a custom metadata field. Files keep no value for it; `fields list --include-deleted` still shows it."
  )
)

/**
 * @since 0.1.0
 */
export const fieldsCommand = Command.make("fields", {}, () =>
  Effect.fail(new UsageError({ message: "`imagekit fields` needs a subcommand: list, create, update or delete" }))
).pipe(
  Command.withDescription("Custom metadata fields: list, create, update and delete them."),
  Command.withSubcommands([listCommand, createCommand, updateCommand, deleteCommand])
)
