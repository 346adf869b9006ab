/**
 * `imagekit extensions list|create|update|rm`: saved extensions (an extension's configuration kept under a name,
 * applied on upload with `{ "name": "saved-extension", "id": … }`), through the SDK's saved extension operations.
 * `--config` is the extension as JSON, checked by the SDK before anything is sent. Output shapes are in
 * docs/cli/account.md.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import type { ExtensionConfig } from "@effect-imagekit/sdk/ImageKit"
import type * as Schemas from "@effect-imagekit/sdk/Schemas"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { client } from "../client.js"
import { UsageError } from "../errors.js"
import { orFail } from "../failures.js"
import { type Rendered, runAction, table } from "../output.js"
import { idArg, jsonFlag, needsSubcommand, parseJsonFlag } from "./account-shared.js"

const NOT_FOUND = "run `imagekit extensions list` to see the ids"

const extensionJson = (saved: Schemas.SavedExtension) => ({ ...saved })

/** The JSON of `--config`, handed to the SDK, which checks it by the API's rules. */
const config = (text: string) => Effect.map(parseJsonFlag("--config", text), (value) => value as ExtensionConfig)

const listCommand = Command.make("list", { json: jsonFlag("{ extensions: [...] }") }, (flags) =>
  runAction(
    flags.json,
    Effect.gen(function* () {
      const { ik } = yield* client
      const all = yield* ik.listSavedExtensions().pipe(orFail())
      return {
        json: { extensions: all.map(extensionJson) },
        lines:
          all.length === 0
            ? ["no saved extensions"]
            : table(
                ["ID", "NAME", "EXTENSION", "DESCRIPTION"],
                all.map((saved) => [saved.id, saved.name, saved.config.name, saved.description ?? ""])
              )
      } satisfies Rendered
    })
  )
).pipe(Command.withDescription("List the saved extensions: id, name, extension and description."))

const createOptions = {
  name: Options.text("name").pipe(Options.withDescription("The saved extension's name.")),
  description: Options.text("description").pipe(Options.withDescription("What it does.")),
  config: Options.text("config").pipe(
    Options.withDescription(`The extension as JSON, e.g. '{"name":"ai-auto-description"}'.`)
  ),
  json: jsonFlag("{ extension: { id, name, description, config, ... } }")
}

const createCommand = Command.make("create", createOptions, (flags) =>
  runAction(
    flags.json,
    Effect.gen(function* () {
      const parsed = yield* config(flags.config)
      const { ik } = yield* client
      const saved = yield* ik
        .createSavedExtension({ name: flags.name, description: flags.description, config: parsed })
        .pipe(orFail())
      return {
        json: { extension: extensionJson(saved) },
        lines: [`created saved extension ${saved.name} (${saved.id}): ${saved.config.name}`]
      } satisfies Rendered
    })
  )
).pipe(Command.withDescription("Save an extension configuration, to apply on upload by its id."))

const updateOptions = {
  name: Options.text("name").pipe(Options.withDescription("A new name."), Options.optional),
  description: Options.text("description").pipe(Options.withDescription("A new description."), Options.optional),
  config: Options.text("config").pipe(Options.withDescription("A new configuration, as JSON."), Options.optional),
  json: jsonFlag("{ extension: { id, name, description, config, ... } }")
}

const updateCommand = Command.make(
  "update",
  { ...updateOptions, id: idArg("extensionId", "imagekit extensions list") },
  (flags) =>
    runAction(
      flags.json,
      Effect.gen(function* () {
        if (Option.isNone(flags.name) && Option.isNone(flags.description) && Option.isNone(flags.config)) {
          return yield* new UsageError({ message: "nothing to change: pass --name, --description or --config" })
        }
        const parsed = Option.isSome(flags.config) ? yield* config(flags.config.value) : undefined
        const { ik } = yield* client
        const saved = yield* ik
          .updateSavedExtension(flags.id, {
            ...(Option.isSome(flags.name) ? { name: flags.name.value } : {}),
            ...(Option.isSome(flags.description) ? { description: flags.description.value } : {}),
            ...(parsed === undefined ? {} : { config: parsed })
          })
          .pipe(orFail({ notFound: NOT_FOUND }))
        return {
          json: { extension: extensionJson(saved) },
          lines: [`updated saved extension ${saved.name} (${saved.id})`]
        } satisfies Rendered
      })
    )
).pipe(Command.withDescription("Change the name, description or configuration of a saved extension."))

const rmCommand = Command.make(
  "rm",
  { json: jsonFlag("{ id, deleted: true }"), id: idArg("extensionId", "imagekit extensions list") },
  (flags) =>
    runAction(
      flags.json,
      Effect.gen(function* () {
        const { ik } = yield* client
        yield* ik.deleteSavedExtension(flags.id).pipe(orFail({ notFound: NOT_FOUND }))
        return {
          json: { id: flags.id, deleted: true },
          lines: [`deleted saved extension ${flags.id}`]
        } satisfies Rendered
      })
    )
).pipe(Command.withDescription("Delete a saved extension."))

/**
 * @since 0.1.0
 */
export const extensionsCommand = Command.make("extensions", {}, needsSubcommand("extensions")).pipe(
  Command.withDescription("Saved extensions: list, create, update and rm them."),
  Command.withSubcommands([listCommand, createCommand, updateCommand, rmCommand])
)
