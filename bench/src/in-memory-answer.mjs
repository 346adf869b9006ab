/**
 * The answer the CPU-per-call benchmarks (api-overhead.mjs, sdk-ab.mjs, send-components.mjs) give every request:
 * the body the emulator answers for a seeded 1x1 PNG's `getFileDetails`, so decoding does the same work as in the
 * round-trip benchmark, and an `HttpClient` that hands it back already in memory.
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { Effect } from "effect"

export const FILE_BODY = JSON.stringify({
  fileId: "9c43a8c3b7cf3c25632b9240",
  type: "file",
  name: "bench.png",
  filePath: "/bench/bench.png",
  tags: ["bench"],
  AITags: null,
  versionInfo: { id: "9c43a8c3b7cf3c25632b9240", name: "Version 1" },
  isPrivateFile: false,
  isPublished: true,
  customCoordinates: null,
  url: "http://127.0.0.1:45123/delivery/bench/bench.png",
  thumbnail: "http://127.0.0.1:45123/delivery/tr:n-ik_ml_thumbnail/bench/bench.png",
  fileType: "image",
  mime: "image/png",
  width: 1,
  height: 1,
  size: 70,
  hasAlpha: true,
  customMetadata: {},
  embeddedMetadata: null,
  createdAt: "2026-11-28T17:09:43.959Z",
  updatedAt: "2026-11-28T17:09:43.959Z"
})

/**
 * An answer already in memory, as our transports hand one back (they read the body before answering): so the in-memory
 * case measures the SDK, not the cost of building and reading a web `Response` inside Effect (~50 us on its own).
 */
class BufferedResponse {
  constructor(request) {
    this.request = request
    this.status = 200
    this.headers = Headers.unsafeFromRecord({ "content-type": "application/json", "x-request-id": "bench-request" })
  }
  get text() {
    return Effect.succeed(FILE_BODY)
  }
}
BufferedResponse.prototype[HttpClientResponse.TypeId] = HttpClientResponse.TypeId

/** An `HttpClient` answering every request with {@link FILE_BODY}, no socket. */
export const inMemory = HttpClient.make((request) => Effect.sync(() => new BufferedResponse(request)))
