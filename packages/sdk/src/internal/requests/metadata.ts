/**
 * Requests of the image metadata: of an uploaded file, or of any image on the web.
 */
import * as Either from "effect/Either"
import type { InvalidInputError } from "../../ImageKitError.js"
import * as ImageKitRequest from "../../ImageKitRequest.js"
import { encodeSegment, PathSegment } from "./common.js"
import { decode } from "./input.js"

const fileIdOrUrl = decode(
  PathSegment,
  "fileIdOrUrl",
  "Pass the fileId of an uploaded file, or the http(s) URL of an image"
)

// A fileId never starts with a scheme; v6 took any text starting with "http" for a URL (even "httpfoo").
const REMOTE_URL = /^https?:\/\//i

/**
 * GET /v1/files/{fileId}/metadata, or GET /v1/metadata?url=… for an http(s) URL: the whole URL is one query value
 * (its own `&` and `#` included). It is not a span attribute: it may be a signed URL.
 */
export const getFileMetadata = (input: unknown): Either.Either<ImageKitRequest.ImageKitRequest, InvalidInputError> =>
  Either.map(fileIdOrUrl(input), (decoded) =>
    REMOTE_URL.test(decoded)
      ? ImageKitRequest.make({
          operation: "getFileMetadata",
          method: "GET",
          path: "/v1/metadata",
          urlParams: [["url", decoded]]
        })
      : ImageKitRequest.make({
          operation: "getFileMetadata",
          method: "GET",
          path: `/v1/files/${encodeSegment(decoded)}/metadata`,
          attributes: { "imagekit.file_id": decoded }
        })
  )
