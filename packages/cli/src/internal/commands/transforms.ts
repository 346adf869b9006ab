/**
 * `imagekit transforms list|create|update|rm`: named transformations (`tr:n-<name>` in delivery URLs), through the
 * SDK's `listNamedTransformations`, `createNamedTransformation`, `updateNamedTransformation` and
 * `deleteNamedTransformation`. A name with a space is refused before anything is sent (exit 2); a taken one is
 * ImageKit's 409 (exit 1). Output shapes are in docs/cli/account.md.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import type * as Schemas from "@effect-imagekit/sdk/Schemas"
import * as Effect from "effect/Effect"
import { client } from "../client.js"
import { UsageError } from "../errors.js"
import { orFail } from "../failures.js"
import { type Rendered, runAction, table } from "../output.js"
import { given, idArg, jsonFlag, needsSubcommand } from "./account-shared.js"

const NOT_FOUND = "run `imagekit transforms list` to see the ids"

const transformJson = (named: Schemas.NamedTransformation) => ({
  id: named.id,
  name: named.name,
  transformation: named.transformation,
  enabled: named.enabled,
  createdAt: named.createdAt
})

const line = (verb: string, named: Schemas.NamedTransformation) =>
  `${verb} named transformation ${named.name} (${named.id}): ${named.transformation}${named.enabled ? "" : " (disabled)"}`

const listCommand = Command.make(
  "list",
  { json: jsonFlag("{ transforms: [{ id, name, transformation, enabled }] }") },
  (flags) =>
    runAction(
      flags.json,
      Effect.gen(function* () {
        const { ik } = yield* client
        const all = yield* ik.listNamedTransformations().pipe(orFail())
        return {
          json: { transforms: all.map(transformJson) },
          lines:
            all.length === 0
              ? ["no named transformations (`imagekit transforms create --name thumb --transformation w-200,h-200`)"]
              : table(
                  ["ID", "NAME", "STATE", "TRANSFORMATION"],
                  all.map((named) => [
                    named.id,
                    named.name,
                    named.enabled ? "enabled" : "disabled",
                    named.transformation
                  ])
                )
        } satisfies Rendered
      })
    )
).pipe(Command.withDescription("List the named transformations: id, name, state and transformation string."))

const createOptions = {
  name: Options.text("name").pipe(
    Options.withDescription("Letters, digits and _; delivery URLs use it as tr:n-<name>.")
  ),
  transformation: Options.text("transformation").pipe(
    Options.withDescription("The transformation string, e.g. w-200,h-200,fo-center.")
  ),
  disabled: Options.boolean("disabled").pipe(Options.withDescription("Create it disabled (URLs using it fail).")),
  json: jsonFlag("{ transform: { id, name, transformation, enabled, createdAt } }")
}

const createCommand = Command.make("create", createOptions, (flags) =>
  runAction(
    flags.json,
    Effect.gen(function* () {
      const { ik } = yield* client
      const named = yield* ik
        .createNamedTransformation({
          name: flags.name,
          transformation: flags.transformation,
          ...(flags.disabled ? { enabled: false } : {})
        })
        .pipe(orFail())
      return { json: { transform: transformJson(named) }, lines: [line("created", named)] } satisfies Rendered
    })
  )
).pipe(
  Command.withDescription(
    "Create a named transformation, e.g. `imagekit transforms create --name thumb --transformation w-200,h-200`."
  )
)

const updateOptions = {
  name: Options.text("name").pipe(Options.withDescription("A new name."), Options.optional),
  transformation: Options.text("transformation").pipe(
    Options.withDescription("A new transformation string."),
    Options.optional
  ),
  enable: Options.boolean("enable").pipe(Options.withDescription("Enable it.")),
  disable: Options.boolean("disable").pipe(Options.withDescription("Disable it: URLs using it fail.")),
  json: jsonFlag("{ transform: { id, name, transformation, enabled, createdAt } }")
}

const updateCommand = Command.make(
  "update",
  { ...updateOptions, id: idArg("transformId", "imagekit transforms list") },
  (flags) =>
    runAction(
      flags.json,
      Effect.gen(function* () {
        if (flags.enable && flags.disable) {
          return yield* new UsageError({ message: "--enable and --disable contradict each other: pass one" })
        }
        const changes = {
          ...given({ name: flags.name, transformation: flags.transformation }),
          ...(flags.enable ? { enabled: true } : flags.disable ? { enabled: false } : {})
        }
        if (Object.keys(changes).length === 0) {
          return yield* new UsageError({
            message: "nothing to change: pass --name, --transformation, --enable or --disable"
          })
        }
        const { ik } = yield* client
        const named = yield* ik.updateNamedTransformation(flags.id, changes).pipe(orFail({ notFound: NOT_FOUND }))
        return { json: { transform: transformJson(named) }, lines: [line("updated", named)] } satisfies Rendered
      })
    )
).pipe(Command.withDescription("Change the name, transformation string or state of a named transformation."))

const rmCommand = Command.make(
  "rm",
  { json: jsonFlag("{ id, deleted: true }"), id: idArg("transformId", "imagekit transforms list") },
  (flags) =>
    runAction(
      flags.json,
      Effect.gen(function* () {
        const { ik } = yield* client
        yield* ik.deleteNamedTransformation(flags.id).pipe(orFail({ notFound: NOT_FOUND }))
        return {
          json: { id: flags.id, deleted: true },
          lines: [`deleted named transformation ${flags.id}`]
        } satisfies Rendered
      })
    )
).pipe(Command.withDescription("Delete a named transformation; URLs using it fail from then on."))

/**
 * @since 0.1.0
 */
export const transformsCommand = Command.make("transforms", {}, needsSubcommand("transforms")).pipe(
  Command.withDescription("Named transformations (tr:n-<name>): list, create, update and rm them."),
  Command.withSubcommands([listCommand, createCommand, updateCommand, rmCommand])
)
