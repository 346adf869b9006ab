/**
 * Requests of the file version operations: list, details, delete and restore.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type { InvalidInputError } from "../../ImageKitError.js"
import * as ImageKitRequest from "../../ImageKitRequest.js"
import { encodeSegment, PathSegment } from "./common.js"
import { fileId } from "./files.js"
import { decode, expected } from "./input.js"

type Built = Either.Either<ImageKitRequest.ImageKitRequest, InvalidInputError>

export interface FileVersionOptions {
  readonly fileId: string
  /** A version's id (`versionInfo.id`, or an id from `getFileVersions`). */
  readonly versionId: string
}

const VersionSchema = Schema.Struct({ fileId: PathSegment, versionId: PathSegment }).annotations(
  expected("{ fileId, versionId }", "container")
)

const versionOptions = decode(VersionSchema, "options", (key) =>
  key === "versionId"
    ? "Pass the id of a version, as getFileVersions returns it (versionInfo.id)"
    : "Pass the fileId and versionId of a file version, as getFileVersions returns them"
)

/** GET /v1/files/{fileId}/versions */
export const getFileVersions = (id: unknown): Built =>
  Either.map(fileId(id), (decoded) =>
    ImageKitRequest.make({
      operation: "getFileVersions",
      method: "GET",
      path: `/v1/files/${encodeSegment(decoded)}/versions`,
      attributes: { "imagekit.file_id": decoded }
    })
  )

const byVersion =
  (operation: string, method: ImageKitRequest.Method, suffix: string) =>
  (options: unknown): Built =>
    Either.map(versionOptions(options), ({ fileId: file, versionId }) =>
      ImageKitRequest.make({
        operation,
        method,
        path: `/v1/files/${encodeSegment(file)}/versions/${encodeSegment(versionId)}${suffix}`,
        attributes: { "imagekit.file_id": file, "imagekit.version_id": versionId }
      })
    )

export const getFileVersionDetails = byVersion("getFileVersionDetails", "GET", "")

export const deleteFileVersion = byVersion("deleteFileVersion", "DELETE", "")

/** PUT with no body. */
export const restoreFileVersion = byVersion("restoreFileVersion", "PUT", "/restore")
