/**
 * Requests of the URL endpoints (`/v1/accounts/url-endpoints`): a URL prefix, the origins tried in order for files
 * the media library does not hold, and an optional URL rewriter. Checked by the API's schema (`UrlEndpointRequest`)
 * before sending; that each origin exists only the API can know.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type { InvalidInputError } from "../../ImageKitError.js"
import * as ImageKitRequest from "../../ImageKitRequest.js"
import { encodeSegment, Flag, NonEmptyString, segment, withJson } from "./common.js"
import { decode, expected } from "./input.js"

type Built = Either.Either<ImageKitRequest.ImageKitRequest, InvalidInputError>

/** Rewrites URLs of another service into ImageKit's. */
export type UrlRewriterOptions =
  | {
      readonly type: "CLOUDINARY"
      /** Keep `<asset_type>/<delivery_type>` in the rewritten URL (default false). */
      readonly preserveAssetDeliveryTypes?: boolean | undefined
    }
  | { readonly type: "IMGIX" }
  | { readonly type: "AKAMAI" }

/** The body of `createUrlEndpoint` and `updateUrlEndpoint`. */
export interface UrlEndpointOptions {
  /** 1 to 1000 characters. */
  readonly description: string
  /** Letters, digits and hyphens, up to 100; `""` only for the default endpoint. */
  readonly urlPrefix?: string | undefined
  /** Ids of origins (at most 10), tried in this order. */
  readonly origins?: ReadonlyArray<string> | undefined
  readonly urlRewriter?: UrlRewriterOptions | undefined
}

const Rewriter = Schema.Union(
  Schema.Struct({ type: Schema.Literal("CLOUDINARY"), preserveAssetDeliveryTypes: Schema.optional(Flag) }),
  Schema.Struct({ type: Schema.Literal("IMGIX") }),
  Schema.Struct({ type: Schema.Literal("AKAMAI") })
).annotations(expected('{ type: "CLOUDINARY", preserveAssetDeliveryTypes? }, { type: "IMGIX" } or { type: "AKAMAI" }'))

const EndpointSchema = Schema.Struct({
  description: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(1000)).annotations(
    expected("a description of 1 to 1000 characters")
  ),
  urlPrefix: Schema.optional(
    Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9-]{0,100}$/)).annotations(
      expected("a prefix of up to 100 letters, digits and hyphens")
    )
  ),
  origins: Schema.optional(
    Schema.Array(NonEmptyString)
      .pipe(Schema.maxItems(10))
      .annotations(expected("an array of at most 10 origin ids", "container"))
  ),
  urlRewriter: Schema.optional(Rewriter)
}).annotations(expected("{ description, urlPrefix?, origins?, urlRewriter? }", "container"))

const HELP = (key: string | undefined): string =>
  key === "urlPrefix"
    ? "Pass letters, digits and hyphens, e.g. urlPrefix: 'product-images'"
    : key === "origins"
      ? "Pass the ids of existing origins (createOrigin, listOrigins), at most 10"
      : "Pass { description, urlPrefix?, origins?, urlRewriter? } (see UrlEndpointOptions)"

const endpointOptions = decode(EndpointSchema, "endpoint", HELP)

export const urlEndpointId = segment(
  "urlEndpointId",
  "Pass the id of a URL endpoint, as createUrlEndpoint and listUrlEndpoints return it ('default' for the default one)"
)

const BASE = "/v1/accounts/url-endpoints"

const body = (options: UrlEndpointOptions): Record<string, unknown> => {
  const result: Record<string, unknown> = { description: options.description }
  if (options.urlPrefix !== undefined) result.urlPrefix = options.urlPrefix
  if (options.origins !== undefined) result.origins = options.origins
  if (options.urlRewriter !== undefined) result.urlRewriter = options.urlRewriter
  return result
}

export const listUrlEndpoints: ImageKitRequest.ImageKitRequest = ImageKitRequest.make({
  operation: "listUrlEndpoints",
  method: "GET",
  path: BASE
})

export const createUrlEndpoint = (options: unknown): Built =>
  Either.map(endpointOptions(options), (decoded) =>
    withJson(
      {
        operation: "createUrlEndpoint",
        method: "POST",
        path: BASE,
        attributes: { "imagekit.url_prefix": decoded.urlPrefix ?? "" }
      },
      body(decoded)
    )
  )

export const getUrlEndpoint = (id: unknown): Built =>
  Either.map(urlEndpointId(id), (decoded) =>
    ImageKitRequest.make({
      operation: "getUrlEndpoint",
      method: "GET",
      path: `${BASE}/${encodeSegment(decoded)}`,
      attributes: { "imagekit.url_endpoint_id": decoded }
    })
  )

/** PUT: the whole endpoint; what is left out takes its default (no prefix, no origins, no rewriter). */
export const updateUrlEndpoint = (id: unknown, options: unknown): Built =>
  Either.gen(function* () {
    const decodedId = yield* urlEndpointId(id)
    const decoded = yield* endpointOptions(options)
    return withJson(
      {
        operation: "updateUrlEndpoint",
        method: "PUT",
        path: `${BASE}/${encodeSegment(decodedId)}`,
        attributes: { "imagekit.url_endpoint_id": decodedId }
      },
      body(decoded)
    )
  })

export const deleteUrlEndpoint = (id: unknown): Built =>
  Either.map(urlEndpointId(id), (decoded) =>
    ImageKitRequest.make({
      operation: "deleteUrlEndpoint",
      method: "DELETE",
      path: `${BASE}/${encodeSegment(decoded)}`,
      attributes: { "imagekit.url_endpoint_id": decoded }
    })
  )
