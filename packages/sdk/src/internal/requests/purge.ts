/**
 * Requests of the CDN cache purge and its status.
 */
import * as Either from "effect/Either"
import type { InvalidInputError } from "../../ImageKitError.js"
import * as ImageKitRequest from "../../ImageKitRequest.js"
import { encodeSegment, NonEmptyString, segment, withJson } from "./common.js"
import { decode } from "./input.js"

type Built = Either.Either<ImageKitRequest.ImageKitRequest, InvalidInputError>

const url = decode(
  NonEmptyString,
  "url",
  "Pass the full URL to purge, e.g. 'https://ik.imagekit.io/your_imagekit_id/image.jpg' (a trailing * purges a prefix)"
)

export const requestId = segment("requestId", "Pass the requestId that purgeCache returned")

/** POST /v1/files/purge. The URL is not a span attribute: it may be a signed URL. */
export const purgeCache = (input: unknown): Built =>
  Either.map(url(input), (decoded) =>
    withJson({ operation: "purgeCache", method: "POST", path: "/v1/files/purge" }, { url: decoded })
  )

/** GET /v1/files/purge/{requestId} */
export const getPurgeCacheStatus = (id: unknown): Built =>
  Either.map(requestId(id), (decoded) =>
    ImageKitRequest.make({
      operation: "getPurgeCacheStatus",
      method: "GET",
      path: `/v1/files/purge/${encodeSegment(decoded)}`,
      attributes: { "imagekit.request_id": decoded }
    })
  )
