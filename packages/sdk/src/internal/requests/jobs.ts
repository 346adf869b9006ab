/**
 * Requests of the bulk job status (the jobs `copyFolder` and `moveFolder` start).
 */
import * as Either from "effect/Either"
import type { InvalidInputError } from "../../ImageKitError.js"
import * as ImageKitRequest from "../../ImageKitRequest.js"
import { encodeSegment, segment } from "./common.js"

export const jobId = segment("jobId", "Pass the jobId that copyFolder or moveFolder returned")

/** GET /v1/bulkJobs/{jobId} */
export const getBulkJobStatus = (id: unknown): Either.Either<ImageKitRequest.ImageKitRequest, InvalidInputError> =>
  Either.map(jobId(id), (decoded) =>
    ImageKitRequest.make({
      operation: "getBulkJobStatus",
      method: "GET",
      path: `/v1/bulkJobs/${encodeSegment(decoded)}`,
      attributes: { "imagekit.job_id": decoded }
    })
  )
