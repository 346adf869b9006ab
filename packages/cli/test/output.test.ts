/**
 * How failures become one printed line, a `--json` error object and an exit code; and the table layout. Unit tests
 * of `internal/output.ts` (the processes that print them are tested per command).
 */
import * as ImageKitError from "@effect-imagekit/sdk/ImageKitError"
import { assert, describe, it } from "vitest"
import { ExitCode } from "../src/internal/errors.js"
import { failureJson, failureLine, fromOperationError, table } from "../src/internal/output.js"

const metadata = (statusCode: number) => new ImageKitError.ResponseMetadata({ statusCode, headers: {} })

const apiError = (status: number, help = "") =>
  new ImageKitError.ApiError({
    status,
    message: `server said ${status}`,
    help,
    body: { message: `server said ${status}` },
    metadata: metadata(status)
  })

describe("fromOperationError", () => {
  it("maps statuses to exit codes: 401/403 not permitted, 404 not found, others failed", () => {
    assert.strictEqual(fromOperationError(apiError(401)).exitCode, ExitCode.notPermitted)
    assert.strictEqual(fromOperationError(apiError(403)).exitCode, ExitCode.notPermitted)
    assert.strictEqual(fromOperationError(apiError(404)).exitCode, ExitCode.notFound)
    assert.strictEqual(fromOperationError(apiError(400)).exitCode, ExitCode.failed)
    assert.strictEqual(fromOperationError(apiError(500)).exitCode, ExitCode.failed)
    assert.strictEqual(
      fromOperationError(new ImageKitError.InvalidInputError({ message: "bad", help: "fix it" })).exitCode,
      ExitCode.usage
    )
  })

  it("a 404 takes the command's hint; other 4xx the server's help; 5xx says to try again", () => {
    const missing = fromOperationError(apiError(404, "server help"), { notFound: "run `imagekit ls`" })
    assert.strictEqual(failureLine(missing), "imagekit: not found: server said 404 (run `imagekit ls`)")
    assert.strictEqual(
      failureLine(fromOperationError(apiError(400, "send a name"))),
      "imagekit: HTTP 400: server said 400 (send a name)"
    )
    assert.match(
      failureLine(fromOperationError(apiError(503))),
      /\(ImageKit failed to answer; try again in a moment\)$/
    )
    const denied = failureLine(fromOperationError(apiError(401)))
    assert.match(denied, /^imagekit: not permitted \(HTTP 401\): server said 401 \(check IMAGEKIT_PRIVATE_KEY/)
  })

  it("a rate limit and a transport error keep the SDK's message and add what to do", () => {
    const limited = fromOperationError(
      new ImageKitError.RateLimitError({ limit: 10, reset: 500, interval: 1000, metadata: metadata(429) })
    )
    assert.strictEqual(limited.status, 429)
    assert.include(failureLine(limited), "ImageKit rate limit reached (10 requests per 1000 ms). Retry after 500 ms.")
    const transport = fromOperationError(
      new ImageKitError.RequestError({
        reason: "Transport",
        code: "ECONNREFUSED",
        method: "GET",
        url: "http://127.0.0.1:1/v1/files",
        message: "connection refused"
      })
    )
    assert.strictEqual(transport.kind, "RequestError")
    assert.strictEqual(transport.exitCode, ExitCode.failed)
    assert.match(failureLine(transport), /^imagekit: connection refused \(check the network/)
  })

  it("the --json error object has a fixed set of keys, status only when there was one", () => {
    assert.deepStrictEqual(Object.keys(failureJson(fromOperationError(apiError(404))).error), [
      "kind",
      "message",
      "hint",
      "exitCode",
      "status"
    ])
    const input = failureJson(fromOperationError(new ImageKitError.InvalidInputError({ message: "m", help: "h" })))
    assert.deepStrictEqual(input, { error: { kind: "InvalidInputError", message: "m", hint: "h", exitCode: 2 } })
  })
})

describe("table", () => {
  it("pads every column but the last to its widest cell and trims line ends", () => {
    assert.deepStrictEqual(
      table(
        ["NAME", "SIZE", "ID"],
        [
          ["a.png", "1 KiB", "f1"],
          ["longer-name.png", "", "f2"]
        ]
      ),
      ["NAME             SIZE   ID", "a.png            1 KiB  f1", "longer-name.png         f2"]
    )
  })
})
