/**
 * `imagekit endpoints list|create|update|rm`: URL endpoints (a URL prefix, the origins tried in order, an optional
 * URL rewriter), through the SDK's URL endpoint operations. An origin that does not exist is ImageKit's 400 (exit 1).
 * Output shapes are in docs/cli/account.md.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import type { UrlEndpointOptions } from "@effect-imagekit/sdk/ImageKit"
import type * as Schemas from "@effect-imagekit/sdk/Schemas"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { client } from "../client.js"
import { UsageError } from "../errors.js"
import { orFail } from "../failures.js"
import { type Rendered, runAction, table } from "../output.js"
import { idArg, jsonFlag, needsSubcommand } from "./account-shared.js"

const NOT_FOUND = "run `imagekit endpoints list` to see the ids"

const endpointOptions = {
  description: Options.text("description").pipe(Options.withDescription("What the endpoint is for.")),
  prefix: Options.text("prefix").pipe(
    Options.withDescription("The URL prefix: letters, digits and hyphens, e.g. product-images."),
    Options.optional
  ),
  origin: Options.text("origin").pipe(
    Options.withDescription("An origin id to try, in order (repeat the flag, at most 10)."),
    Options.repeated
  ),
  rewriter: Options.choice("rewriter", ["CLOUDINARY", "IMGIX", "AKAMAI"] as const).pipe(
    Options.withDescription("Rewrite URLs of this service into ImageKit's."),
    Options.optional
  ),
  preserveAssetDeliveryTypes: Options.boolean("preserve-asset-delivery-types").pipe(
    Options.withDescription("With --rewriter CLOUDINARY: keep <asset_type>/<delivery_type> in the URL.")
  ),
  json: jsonFlag("{ endpoint: { id, description, urlPrefix, origins, urlRewriter? } }")
}

type Flags = Command.Command.ParseConfig<typeof endpointOptions>

const endpointFromFlags = (flags: Flags): Effect.Effect<UrlEndpointOptions, UsageError> => {
  const rewriter = Option.getOrUndefined(flags.rewriter)
  if (flags.preserveAssetDeliveryTypes && rewriter !== "CLOUDINARY") {
    return Effect.fail(new UsageError({ message: "--preserve-asset-delivery-types needs --rewriter CLOUDINARY" }))
  }
  const prefix = Option.getOrUndefined(flags.prefix)
  return Effect.succeed({
    description: flags.description,
    ...(prefix === undefined ? {} : { urlPrefix: prefix }),
    origins: flags.origin,
    ...(rewriter === undefined
      ? {}
      : {
          urlRewriter:
            rewriter === "CLOUDINARY"
              ? { type: rewriter, preserveAssetDeliveryTypes: flags.preserveAssetDeliveryTypes }
              : { type: rewriter }
        })
  })
}

const endpointJson = (endpoint: Schemas.UrlEndpoint) => ({ ...endpoint })

const listCommand = Command.make("list", { json: jsonFlag("{ endpoints: [...] }") }, (flags) =>
  runAction(
    flags.json,
    Effect.gen(function* () {
      const { ik } = yield* client
      const endpoints = yield* ik.listUrlEndpoints().pipe(orFail())
      return {
        json: { endpoints: endpoints.map(endpointJson) },
        lines: table(
          ["ID", "PREFIX", "ORIGINS", "REWRITER", "DESCRIPTION"],
          endpoints.map((endpoint) => [
            endpoint.id,
            endpoint.urlPrefix === "" ? "(none)" : endpoint.urlPrefix,
            endpoint.origins.length === 0 ? "-" : endpoint.origins.join(","),
            endpoint.urlRewriter?.type ?? "-",
            endpoint.description
          ])
        )
      } satisfies Rendered
    })
  )
).pipe(Command.withDescription("List the URL endpoints, the default one included."))

const createCommand = Command.make("create", endpointOptions, (flags) =>
  runAction(
    flags.json,
    Effect.gen(function* () {
      const endpoint = yield* endpointFromFlags(flags)
      const { ik } = yield* client
      const created = yield* ik.createUrlEndpoint(endpoint).pipe(orFail())
      return {
        json: { endpoint: endpointJson(created) },
        lines: [`created URL endpoint /${created.urlPrefix} (${created.id})`]
      } satisfies Rendered
    })
  )
).pipe(
  Command.withDescription(
    "Create a URL endpoint, e.g. `imagekit endpoints create --description Products --prefix products --origin <originId>`."
  )
)

const updateCommand = Command.make(
  "update",
  { ...endpointOptions, id: idArg("endpointId", "imagekit endpoints list") },
  (flags) =>
    runAction(
      flags.json,
      Effect.gen(function* () {
        const endpoint = yield* endpointFromFlags(flags)
        const { ik } = yield* client
        const updated = yield* ik.updateUrlEndpoint(flags.id, endpoint).pipe(orFail({ notFound: NOT_FOUND }))
        return {
          json: { endpoint: endpointJson(updated) },
          lines: [`updated URL endpoint /${updated.urlPrefix} (${updated.id})`]
        } satisfies Rendered
      })
    )
).pipe(Command.withDescription("Replace a URL endpoint: what a flag leaves out takes its default."))

const rmCommand = Command.make(
  "rm",
  { json: jsonFlag("{ id, deleted: true }"), id: idArg("endpointId", "imagekit endpoints list") },
  (flags) =>
    runAction(
      flags.json,
      Effect.gen(function* () {
        const { ik } = yield* client
        yield* ik.deleteUrlEndpoint(flags.id).pipe(orFail({ notFound: NOT_FOUND }))
        return { json: { id: flags.id, deleted: true }, lines: [`deleted URL endpoint ${flags.id}`] } satisfies Rendered
      })
    )
).pipe(Command.withDescription("Delete a URL endpoint (not the default one)."))

/**
 * @since 0.1.0
 */
export const endpointsCommand = Command.make("endpoints", {}, needsSubcommand("endpoints")).pipe(
  Command.withDescription("URL endpoints: list, create, update and rm them."),
  Command.withSubcommands([listCommand, createCommand, updateCommand, rmCommand])
)
