/**
 * How SDK errors become one printed line and an exit code (`internal/failures.ts`): by HTTP status for ImageKit's
 * answers, by tag for the rest; the host tried and the variable that sets it named once, in the CLI's words.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as ImageKitError from "@effect-imagekit/sdk/ImageKitError"
import { assert, describe, it } from "vitest"
import { ExitCode } from "../src/internal/errors.js"
import { fromOperationError } from "../src/internal/failures.js"
import { failureLine } from "../src/internal/output.js"
import { runCli } from "./harness.js"
import { apiError, metadata } from "./sdk-errors.js"

const refused = (url: string, upload?: ImageKitError.UploadState) =>
  new ImageKitError.RequestError({
    reason: "Transport",
    code: "ECONNREFUSED",
    method: "POST",
    url,
    // The SDK's own advice names its options; the CLI must not repeat it.
    message: "Could not reach ImageKit (ECONNREFUSED): check the network connection and apiBaseUrl / uploadBaseUrl",
    ...(upload === undefined ? {} : { upload })
  })

/** How often `needle` occurs in `text`. */
const count = (text: string, needle: string): number => text.split(needle).length - 1

describe("fromOperationError", () => {
  it("maps statuses to exit codes: 401/403 not permitted, 404 not found, others failed", () => {
    assert.strictEqual(fromOperationError(apiError(401)).exitCode, ExitCode.notPermitted)
    assert.strictEqual(fromOperationError(apiError(403)).exitCode, ExitCode.notPermitted)
    assert.strictEqual(fromOperationError(apiError(404)).exitCode, ExitCode.notFound)
    assert.strictEqual(fromOperationError(apiError(409)).exitCode, ExitCode.failed)
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

  it("a rate limit says the limit and when to run again, once", () => {
    const limited = fromOperationError(
      new ImageKitError.RateLimitError({ limit: 10, reset: 500, interval: 1000, metadata: metadata(429) })
    )
    assert.strictEqual(limited.status, 429)
    assert.strictEqual(limited.exitCode, ExitCode.failed)
    const line = failureLine(limited)
    assert.strictEqual(
      line,
      "imagekit: ImageKit's rate limit was reached (10 requests per 1000 ms) (run the command again after 500 ms)"
    )
    assert.strictEqual(count(line.toLowerCase(), "again"), 1)
  })

  it("a transport error names the host tried and the variable that sets it, with one hint", () => {
    const api = failureLine(fromOperationError(refused("http://127.0.0.1:9/v1/files")))
    assert.strictEqual(
      api,
      "imagekit: could not reach http://127.0.0.1:9 (ECONNREFUSED) " +
        "(check the network, and IMAGEKIT_API_BASE_URL if you set it)"
    )
    const upload = failureLine(
      fromOperationError(refused("https://upload.example.test/api/v1/files/upload"), { host: "upload" })
    )
    assert.include(upload, "could not reach https://upload.example.test (ECONNREFUSED)")
    assert.include(upload, "IMAGEKIT_UPLOAD_BASE_URL")
    for (const line of [api, upload]) {
      // The SDK's option names are not what a CLI user sets, and the advice is given once.
      assert.notInclude(line, "apiBaseUrl")
      assert.notInclude(line, "uploadBaseUrl")
      assert.strictEqual(count(line, "check the network"), 1)
    }
  })

  it("an upload cut short says whether the file may be stored", () => {
    const state = (outcome: "NotSent" | "Incomplete" | "Unknown") =>
      new ImageKitError.UploadState({ fileName: "a.png", folder: "/trip", bytesSent: 512, totalBytes: 1024, outcome })
    const message = (outcome: "NotSent" | "Incomplete" | "Unknown") =>
      fromOperationError(refused("https://upload.imagekit.io/api/v1/files/upload", state(outcome)), { host: "upload" })
        .message
    assert.match(message("NotSent"), /nothing reached the server, so \/trip\/a\.png is not stored$/)
    assert.match(message("Incomplete"), /cut off after 512 bytes, so \/trip\/a\.png is not stored$/)
    assert.match(message("Unknown"), /so \/trip\/a\.png may be stored: look for it/)
  })

  it("a timeout names the host and the time waited, not the SDK's configuration", () => {
    const timedOut = fromOperationError(
      new ImageKitError.TimeoutError({
        scope: "call",
        timeoutMillis: 60_000,
        method: "GET",
        url: "https://api.imagekit.io/v1/files"
      })
    )
    assert.strictEqual(timedOut.kind, "TimeoutError")
    assert.strictEqual(timedOut.message, "https://api.imagekit.io did not answer within 60 s, retries included")
    assert.notInclude(failureLine(timedOut), "ImageKitConfig")
    assert.include(timedOut.hint, "IMAGEKIT_API_BASE_URL")
  })
})

describe("as the commands print them", () => {
  it("a host that cannot be reached is named once, with IMAGEKIT_API_BASE_URL or IMAGEKIT_UPLOAD_BASE_URL", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ik-failures-"))
    const file = path.join(dir, "a.txt")
    fs.writeFileSync(file, "a\n")
    // A port nothing listens on: the connection is refused at once (after the SDK's retries).
    const env = {
      IMAGEKIT_PUBLIC_KEY: "public_test_key",
      IMAGEKIT_PRIVATE_KEY: "private_test_key",
      IMAGEKIT_URL_ENDPOINT: "http://127.0.0.1:9/delivery",
      IMAGEKIT_API_BASE_URL: "http://127.0.0.1:9",
      IMAGEKIT_UPLOAD_BASE_URL: "http://127.0.0.1:19"
    }
    const [ls, upload] = await Promise.all([runCli(["ls"], { env }), runCli(["upload", file], { env })])
    fs.rmSync(dir, { recursive: true, force: true })
    assert.strictEqual(ls.code, 1)
    assert.strictEqual(
      ls.stderr,
      "imagekit: could not reach http://127.0.0.1:9 (ECONNREFUSED) " +
        "(check the network, and IMAGEKIT_API_BASE_URL if you set it)\n"
    )
    assert.strictEqual(upload.code, 1)
    const failed = upload.stdout.split("\n")[0] ?? ""
    assert.strictEqual(
      failed,
      `failed ${file}: could not reach http://127.0.0.1:19 (ECONNREFUSED); nothing reached the server, so a.txt is ` +
        "not stored (check the network, and IMAGEKIT_UPLOAD_BASE_URL if you set it)"
    )
    for (const text of [ls.stderr, upload.stdout]) {
      assert.notInclude(text, "uploadBaseUrl")
      assert.strictEqual(count(text, "check the network"), 1)
    }
  })
})
