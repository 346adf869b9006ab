/**
 * The SDK's typed errors as the one small object an agent gets: what happened, what to do, the status and request
 * id when ImageKit answered, `retryAfterMs` for a rate limit, the upload's outcome when an upload was cut short; and
 * never a header, a body or the key that the SDK error held.
 */
import {
  ApiError,
  NotFoundError,
  RateLimitError,
  RequestError,
  ResponseMetadata,
  TimeoutError,
  UploadState
} from "@effect-imagekit/sdk/ImageKitError"
import { assert, describe, it } from "vitest"
import { fromSdkError } from "../src/internal/mcp/toolError.js"

const KEY = "private_key_that_must_not_leak"

const metadata = (statusCode: number) =>
  new ResponseMetadata({
    statusCode,
    headers: { authorization: `Basic ${Buffer.from(`${KEY}:`).toString("base64")}`, "x-request-id": "req-1" },
    requestId: "req-1"
  })

describe("fromSdkError", () => {
  it("keeps ImageKit's message, help, status and request id, and adds a hint, without headers or body", () => {
    const error = fromSdkError(
      new NotFoundError({
        status: 404,
        message: "The requested file does not exist.",
        help: "For support kindly contact us at support@imagekit.io.",
        body: { message: "The requested file does not exist.", secret: KEY },
        metadata: metadata(404)
      })
    ).json
    assert.deepStrictEqual(Object.keys(error).sort(), ["help", "hint", "kind", "message", "requestId", "status"])
    assert.strictEqual(error.kind, "NotFoundError")
    assert.strictEqual(error.status, 404)
    assert.strictEqual(error.requestId, "req-1")
    assert.notInclude(JSON.stringify(error), KEY)
    assert.notInclude(JSON.stringify(error), "Basic")
  })

  it("gives a rate limit's reset as retryAfterMs", () => {
    const error = fromSdkError(
      new RateLimitError({ limit: 10, reset: 1234.2, interval: 60000, metadata: metadata(429) })
    ).json
    assert.strictEqual(error.kind, "RateLimitError")
    assert.strictEqual(error.status, 429)
    assert.strictEqual(error.retryAfterMs, 1235)
    assert.include(error.hint ?? "", "1235 ms")
  })

  it("says that an upload whose outcome is Unknown may be stored, and to search by name before retrying", () => {
    const upload = new UploadState({ fileName: "shoe.jpg", folder: "/a", bytesSent: 80, outcome: "Unknown" })
    for (const sdkError of [
      new RequestError({
        reason: "Transport",
        method: "POST",
        url: "https://upload.imagekit.io/api/v1/files/upload",
        message: "x",
        upload
      }),
      new TimeoutError({
        scope: "attempt",
        timeoutMillis: 1000,
        method: "POST",
        url: "https://upload.imagekit.io/x",
        upload
      })
    ]) {
      const error = fromSdkError(sdkError).json
      assert.strictEqual(error.uploadOutcome, "Unknown")
      assert.include(error.hint ?? "", "may be stored: search by name before retrying")
      assert.include(error.hint ?? "", "shoe.jpg")
    }
    const notSent = fromSdkError(
      new RequestError({
        reason: "Transport",
        code: "ECONNREFUSED",
        method: "POST",
        url: "https://upload.imagekit.io/api/v1/files/upload",
        message: "x",
        detail: `connect ECONNREFUSED with ${KEY}`,
        upload: new UploadState({ fileName: "shoe.jpg", bytesSent: 0, outcome: "NotSent" })
      })
    ).json
    assert.strictEqual(notSent.uploadOutcome, "NotSent")
    assert.strictEqual(notSent.message, "could not reach https://upload.imagekit.io (ECONNREFUSED)")
    assert.notInclude(JSON.stringify(notSent), KEY)
  })

  it("clips a long help (a proxy's HTML page) instead of passing it on whole", () => {
    const page = `<html>${"x".repeat(10_000)}</html>`
    const error = fromSdkError(
      new ApiError({ status: 502, message: "Bad Gateway", help: page, body: page, metadata: metadata(502) })
    ).json
    assert.isAtMost((error.help ?? "").length, 300)
    assert.include(error.hint ?? "", "try again")
  })
})
