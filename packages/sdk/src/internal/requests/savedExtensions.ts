/**
 * Requests of the saved extensions (`/v1/saved-extensions`): an extension configuration kept under a name and
 * applied by id on upload or update. The configuration is checked as `extensions` are (`extensions.ts`).
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type { InvalidInputError } from "../../ImageKitError.js"
import * as ImageKitRequest from "../../ImageKitRequest.js"
import { encodeSegment, NonEmptyString, segment, withJson } from "./common.js"
import { type ExtensionConfig, ExtensionConfigData } from "./extensions.js"
import { decode, expected, invalidInput } from "./input.js"

type Built = Either.Either<ImageKitRequest.ImageKitRequest, InvalidInputError>

export interface CreateSavedExtensionOptions {
  readonly name: string
  readonly description: string
  readonly config: ExtensionConfig
}

export interface UpdateSavedExtensionOptions {
  readonly name?: string | undefined
  readonly description?: string | undefined
  readonly config?: ExtensionConfig | undefined
}

const CreateSchema = Schema.Struct({
  name: NonEmptyString,
  description: NonEmptyString,
  config: ExtensionConfigData
}).annotations(expected("{ name, description, config }", "container"))

const UpdateSchema = Schema.Struct({
  name: Schema.optional(NonEmptyString),
  description: Schema.optional(NonEmptyString),
  config: Schema.optional(ExtensionConfigData)
}).annotations(expected("{ name?, description?, config? }", "container"))

const CONFIG_HELP =
  "Pass an extension as upload takes it, e.g. { name: 'google-auto-tagging', minConfidence: 80, maxTags: 10 }"
const createOptions = decode(CreateSchema, "options", (key) =>
  key === "config" ? CONFIG_HELP : "Pass { name, description, config } (see CreateSavedExtensionOptions)"
)
const UPDATE_HELP = "Pass the fields to change: name, description and/or config"
const updateOptions = decode(UpdateSchema, "options", (key) => (key === "config" ? CONFIG_HELP : UPDATE_HELP))

export const savedExtensionId = segment(
  "savedExtensionId",
  "Pass the id of a saved extension, as createSavedExtension and listSavedExtensions return it"
)

const BASE = "/v1/saved-extensions"

export const listSavedExtensions: ImageKitRequest.ImageKitRequest = ImageKitRequest.make({
  operation: "listSavedExtensions",
  method: "GET",
  path: BASE
})

export const createSavedExtension = (options: unknown): Built =>
  Either.map(createOptions(options), ({ config, description, name }) =>
    withJson(
      {
        operation: "createSavedExtension",
        method: "POST",
        path: BASE,
        attributes: { "imagekit.saved_extension_name": name, "imagekit.extension": config.name }
      },
      { name, description, config }
    )
  )

export const getSavedExtension = (id: unknown): Built =>
  Either.map(savedExtensionId(id), (decoded) =>
    ImageKitRequest.make({
      operation: "getSavedExtension",
      method: "GET",
      path: `${BASE}/${encodeSegment(decoded)}`,
      attributes: { "imagekit.saved_extension_id": decoded }
    })
  )

/** PATCH with the fields given (at least one). */
export const updateSavedExtension = (id: unknown, options: unknown): Built =>
  Either.gen(function* () {
    const decodedId = yield* savedExtensionId(id)
    const { config, description, name } = yield* updateOptions(options)
    if (name === undefined && description === undefined && config === undefined) {
      return yield* Either.left(invalidInput("options", "it has no field to change", UPDATE_HELP))
    }
    const body: Record<string, unknown> = {}
    if (name !== undefined) body.name = name
    if (description !== undefined) body.description = description
    if (config !== undefined) body.config = config
    return withJson(
      {
        operation: "updateSavedExtension",
        method: "PATCH",
        path: `${BASE}/${encodeSegment(decodedId)}`,
        attributes: { "imagekit.saved_extension_id": decodedId }
      },
      body
    )
  })

export const deleteSavedExtension = (id: unknown): Built =>
  Either.map(savedExtensionId(id), (decoded) =>
    ImageKitRequest.make({
      operation: "deleteSavedExtension",
      method: "DELETE",
      path: `${BASE}/${encodeSegment(decoded)}`,
      attributes: { "imagekit.saved_extension_id": decoded }
    })
  )
