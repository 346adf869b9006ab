/**
 * The body of a request as the transport gets it, prepared once per call: JSON serialised once (so a retry sends the
 * same bytes, whatever the caller did to its objects meanwhile), or the multipart body whose file parts stream per
 * attempt; and the release of a multipart body's read-once sources when the call is interrupted before it read them.
 */
import * as HttpBody from "@effect/platform/HttpBody"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { RequestError } from "../ImageKitError.js"
import type { ImageKitRequest } from "../ImageKitRequest.js"
import * as MultipartBody from "./multipartBody.js"
import { releaseUnread } from "./uploadSources.js"

export interface PreparedBody {
  readonly json: HttpBody.HttpBody | undefined
  readonly multipart: MultipartBody.MultipartBody | undefined
}

const encodeError = (request: ImageKitRequest, url: string, message: string) =>
  Either.left(new RequestError({ reason: "Encode", method: request.method, url, message }))

/** The body of `request`, or an `Encode` error when it cannot be sent (nothing was sent). */
export const prepare = (request: ImageKitRequest, url: string): Either.Either<PreparedBody, RequestError> => {
  const body = request.body
  if (body._tag === "Multipart") {
    const multipart = MultipartBody.make(body.parts)
    if (multipart === undefined) {
      return encodeError(
        request,
        url,
        "A file part holds no upload source (bytes, a Blob, a path, a stream). Nothing was sent"
      )
    }
    return Either.right({ json: undefined, multipart })
  }
  if (body._tag === "Json") {
    try {
      const json = HttpBody.text(JSON.stringify(body.value) ?? "null", "application/json")
      return Either.right({ json, multipart: undefined })
    } catch (cause) {
      const why = cause instanceof Error ? cause.message : String(cause)
      return encodeError(request, url, `The request body cannot be serialised as JSON: ${why}`)
    }
  }
  return Either.right({ json: undefined, multipart: undefined })
}

/** On interruption, the caller's read-once sources that the upload did not get to read are released too. */
export const releasingSources = (request: ImageKitRequest) => {
  if (request.body._tag !== "Multipart") return <A, E>(effect: Effect.Effect<A, E>) => effect
  const files = request.body.parts.flatMap((part) => (part._tag === "File" ? [part.file] : []))
  return <A, E>(effect: Effect.Effect<A, E>) =>
    Effect.onInterrupt(effect, () => Effect.forEach(files, releaseUnread, { discard: true }))
}
