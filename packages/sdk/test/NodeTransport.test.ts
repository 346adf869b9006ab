/**
 * API calls over `ImageKit.layerFetch` on Node go through node:http (decision 0011). These tests run every case over
 * both paths against the loopback emulator, the node:http one (`layerFetch` alone) and the fetch one (`layerFetch`
 * with the global `fetch` given as `FetchHttpClient.Fetch`, the Promise adapter's wiring), and require the same
 * results and errors; then what only the pool can get wrong: reuse, sockets after an interruption or a closed layer.
 */
import { spawnSync } from "node:child_process"
import dc from "node:diagnostics_channel"
import { mkdtemp, readFile, rm } from "node:fs/promises"
import { createServer, type Server } from "node:http"
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { inspect } from "node:util"
import { gzipSync } from "node:zlib"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as ExecutionStrategy from "effect/ExecutionStrategy"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Scope from "effect/Scope"
import { type RunningServer, type ServerOptions, start } from "../../testing/src/internal/server.js"
import * as ImageKit from "../src/ImageKit.js"
import type * as ImageKitConfig from "../src/ImageKitConfig.js"
import type { ResponseMetadata } from "../src/ImageKitError.js"
import { clientSocketsTo } from "./fixtures/sockets.js"

const PRIVATE_KEY = "private_node_transport_key"
const AUTHORIZATION = Buffer.from(`${PRIVATE_KEY}:`).toString("base64")

/** 1x1 PNG, so the stored file looks like an image to the emulator. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64"
)

type Path = "node" | "fetch"
const PATHS: ReadonlyArray<Path> = ["node", "fetch"]

// Which transport sent a request: node:http publishes every client request on this channel, fetch never does.
let nodeRequests = 0
dc.subscribe("http.client.request.start", () => {
  nodeRequests += 1
})

// Client sockets this process opened (node:http and undici both connect through net).
let clientSocketsOpened = 0
dc.subscribe("net.client.socket", () => {
  clientSocketsOpened += 1
})

const onLinux = process.platform === "linux"

/** Polls until the socket count to `port` is `expected` (closing takes a few ticks), or gives up after ~1 s. */
const socketsSettleAt = (port: number, expected: number) =>
  Effect.promise(async () => {
    let count = await clientSocketsTo(port)
    for (let tries = 0; tries < 100 && count !== expected; tries++) {
      await new Promise((resume) => setTimeout(resume, 10))
      count = await clientSocketsTo(port)
    }
    return count
  })

const emulator = (options: Partial<ServerOptions> = {}): Effect.Effect<RunningServer, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(() => start({ privateKey: PRIVATE_KEY, ...options })),
    (server) => Effect.promise(() => server.close())
  )

const seed = (running: RunningServer): string =>
  String(running.model.seedFile({ fileName: "a.png", data: PNG, folder: "/t", tags: ["one"] }).fileId)

interface Client {
  readonly ik: ImageKit.Service
  /** Runs an effect with the client's context, as a runtime built from the layer would. */
  readonly run: <A, E>(effect: Effect.Effect<A, E, ImageKit.ImageKit>) => Effect.Effect<A, E>
  readonly close: Effect.Effect<void>
}

/** A client over `path` in a scope of its own, closed by the test or with the test's scope. */
const client = (
  path: Path,
  baseUrl: string,
  options: Partial<ImageKitConfig.Options> = {}
): Effect.Effect<Client, never, Scope.Scope> =>
  Effect.gen(function* () {
    const outer = yield* Effect.scope
    const scope = yield* Scope.fork(outer, ExecutionStrategy.sequential)
    const base = ImageKit.layerFetch({
      publicKey: "public_node_transport",
      privateKey: PRIVATE_KEY,
      urlEndpoint: `${baseUrl}/delivery`,
      apiBaseUrl: baseUrl,
      uploadBaseUrl: baseUrl,
      retry: { baseDelay: "5 millis", maxDelay: "20 millis" },
      ...options
    })
    const layer =
      path === "node"
        ? base
        : Layer.merge(
            base,
            Layer.succeed(FetchHttpClient.Fetch, (input, init) => globalThis.fetch(input, init))
          )
    const context = yield* Layer.buildWithScope(layer, scope)
    return {
      ik: Context.get(context, ImageKit.ImageKit),
      run: (effect) => Effect.provide(effect, context),
      close: Scope.close(scope, Exit.void)
    }
  })

/** The failure of `effect`, which must fail. */
const failure = <A, E>(effect: Effect.Effect<A, E>): Effect.Effect<E> =>
  Effect.matchEffect(effect, {
    onFailure: Effect.succeed,
    onSuccess: () => Effect.die(new Error("expected the call to fail"))
  })

/** Everything an error shows: no private key and no Authorization value may appear in it. */
const assertNoKey = (value: unknown) => {
  const shown = [
    String(value),
    inspect(value, { depth: 10 }),
    JSON.stringify(value),
    value instanceof Error ? `${value.message}\n${value.stack ?? ""}` : ""
  ].join("\n")
  assert.notInclude(shown, PRIVATE_KEY)
  assert.notInclude(shown, AUTHORIZATION)
}

/** The headers both paths report, minus the ones that change per response. */
const stableHeaders = (headers: Record<string, string>) => {
  const { date: _date, "x-request-id": _id, ...rest } = headers
  return rest
}

/** An error as the caller sees it, minus what differs per request (dates, request ids). */
const comparable = (error: ImageKit.OperationError): Record<string, unknown> => {
  const { metadata, ...rest } = error as ImageKit.OperationError & { readonly metadata?: ResponseMetadata }
  return {
    ...rest,
    _tag: error._tag,
    message: error.message,
    ...(metadata === undefined
      ? {}
      : { status: metadata.statusCode, headers: stableHeaders(metadata.headers), hasRequestId: !!metadata.requestId })
  }
}

describe("node:http transport for API calls", () => {
  it.scopedLive("is what layerFetch uses on Node; a fetch in context still wins", () =>
    Effect.gen(function* () {
      const running = yield* emulator()
      const fileId = seed(running)
      const node = yield* client("node", running.url)
      const fetch = yield* client("fetch", running.url)
      const before = nodeRequests
      yield* node.run(node.ik.getFileDetails(fileId))
      assert.strictEqual(nodeRequests - before, 1)
      yield* fetch.run(fetch.ik.getFileDetails(fileId))
      assert.strictEqual(nodeRequests - before, 1)
    })
  )

  it.scopedLive("success: the same decoded value, raw body and response metadata", () =>
    Effect.gen(function* () {
      const running = yield* emulator()
      const fileId = seed(running)
      const reads = []
      for (const path of PATHS) {
        const { ik, run } = yield* client(path, running.url)
        const [file, metadata] = yield* run(ImageKit.withResponseMetadata(ik.getFileDetails(fileId)))
        const raw = yield* run(ImageKit.withRawBody(ik.getFileDetails(fileId)))
        const listed = yield* run(ik.listFiles({ path: "/t" }))
        reads.push({ file, metadata, raw, listed })
      }
      // Writes after both reads, so both paths read the same state.
      const results = []
      for (const [index, path] of PATHS.entries()) {
        const { ik, run } = yield* client(path, running.url)
        const updated = yield* run(ik.updateFileDetails(fileId, { tags: ["one", path] }))
        const read = reads[index]
        assert(read !== undefined)
        results.push({ ...read, updated })
      }
      const [node, fetch] = results
      assert(node !== undefined && fetch !== undefined)
      assert.deepStrictEqual(node.file, fetch.file)
      assert.deepStrictEqual(node.raw, fetch.raw)
      assert.deepStrictEqual(node.updated.tags, ["one", "node"])
      assert.deepStrictEqual(fetch.updated.tags, ["one", "fetch"])
      assert.strictEqual(node.listed.length, fetch.listed.length)
      const nodeMetadata = Option.getOrThrow(node.metadata)
      const fetchMetadata = Option.getOrThrow(fetch.metadata)
      assert.strictEqual(nodeMetadata.statusCode, 200)
      assert.strictEqual(fetchMetadata.statusCode, 200)
      // The emulator sends no request id; the compressed-answer test below checks one.
      assert.strictEqual(nodeMetadata.requestId, fetchMetadata.requestId)
      for (const name of Object.keys(nodeMetadata.headers)) assert.strictEqual(name, name.toLowerCase())
      assert.deepStrictEqual(stableHeaders(nodeMetadata.headers), stableHeaders(fetchMetadata.headers))
    })
  )

  it.scopedLive("404: the same ApiError, body included", () =>
    Effect.gen(function* () {
      const running = yield* emulator()
      const errors = []
      for (const path of PATHS) {
        const { ik, run } = yield* client(path, running.url)
        const error = yield* failure(run(ik.getFileDetails("missing_file")))
        assert.strictEqual(error._tag, "ApiError")
        assertNoKey(error)
        errors.push(comparable(error))
      }
      assert.deepStrictEqual(errors[0], errors[1])
      assert.strictEqual(errors[0]?.status, 404)
      assert.isDefined(errors[0]?.body)
    })
  )

  it.scopedLive("429 with X-RateLimit-*: waited out and retried, or the same RateLimitError when not retried", () =>
    Effect.gen(function* () {
      for (const path of PATHS) {
        const running = yield* emulator({ faults: { rateLimitedRate: 0, rateLimitResetMs: 40 } })
        const fileId = seed(running)
        const { ik, run } = yield* client(path, running.url)
        running.injectNext("rateLimited")
        const started = Date.now()
        const file = yield* run(ik.getFileDetails(fileId))
        assert.strictEqual(file.fileId, fileId)
        assert.strictEqual(running.stats().requests, 2)
        assert.strictEqual(running.stats().rateLimited, 1)
        assert.isAtLeast(Date.now() - started, 1)

        const once = yield* client(path, running.url, { retry: { maxRetries: 0 } })
        running.injectNext("rateLimited")
        const error = yield* failure(once.run(once.ik.getFileDetails(fileId)))
        assert.strictEqual(error._tag, "RateLimitError")
        if (error._tag === "RateLimitError") {
          assert.strictEqual(error.limit, 100)
          assert.strictEqual(error.interval, 1000)
          assert.isAtLeast(error.reset, 1)
          assert.isAtMost(error.reset, 40)
          assert.strictEqual(error.metadata.statusCode, 429)
        }
        assertNoKey(error)
      }
    })
  )

  it.scopedLive("5xx: a GET is retried, a POST is not; the same ApiError when retries run out", () =>
    Effect.gen(function* () {
      const errors = []
      for (const path of PATHS) {
        const running = yield* emulator()
        const fileId = seed(running)
        const { ik, run } = yield* client(path, running.url)
        running.injectNext({ status: 503 })
        yield* run(ik.getFileDetails(fileId))
        assert.strictEqual(running.stats().requests, 2)

        running.injectNext({ status: 500 })
        const copy = yield* failure(run(ik.copyFile({ sourceFilePath: "/t/a.png", destinationPath: "/u" })))
        assert.strictEqual(copy._tag, "ApiError")
        assert.strictEqual(running.stats().requests, 3)

        running.injectNext({ status: 502 }, 4)
        const error = yield* failure(run(ik.getFileDetails(fileId)))
        assert.strictEqual(running.stats().requests, 7)
        assertNoKey(copy)
        assertNoKey(error)
        errors.push(comparable(error))
      }
      assert.deepStrictEqual(errors[0], errors[1])
      assert.strictEqual(errors[0]?.status, 502)
    })
  )

  it.scopedLive("connection refused: the same RequestError with code ECONNREFUSED, retried for a GET", () =>
    Effect.gen(function* () {
      const running = yield* emulator()
      const url = running.url
      yield* Effect.promise(() => running.close())
      const errors = []
      for (const path of PATHS) {
        const { ik, run } = yield* client(path, url)
        const before = clientSocketsOpened
        const error = yield* failure(run(ik.getFileDetails("file_id")))
        assert.strictEqual(error._tag, "RequestError")
        if (error._tag === "RequestError") {
          assert.strictEqual(error.code, "ECONNREFUSED")
          assert.strictEqual(error.reason, "Transport")
        }
        // The default policy: 3 retries, so 4 connection attempts.
        assert.strictEqual(clientSocketsOpened - before, 4)
        assertNoKey(error)
        errors.push(comparable(error))
      }
      assert.deepStrictEqual(errors[0], errors[1])
    })
  )

  it.scopedLive("a connection reset: RequestError, retried for a GET, not for a POST", () =>
    Effect.gen(function* () {
      for (const path of PATHS) {
        const running = yield* emulator()
        const fileId = seed(running)
        const { ik, run } = yield* client(path, running.url)
        running.injectNext("reset")
        yield* run(ik.getFileDetails(fileId))
        assert.strictEqual(running.stats().requests, 2)
        running.injectNext("lostResponse")
        const error = yield* failure(run(ik.copyFile({ sourceFilePath: "/t/a.png", destinationPath: "/v" })))
        assert.strictEqual(error._tag, "RequestError")
        if (error._tag === "RequestError") assert.strictEqual(error.reason, "Transport")
        assert.strictEqual(running.stats().requests, 3)
        assertNoKey(error)
      }
    })
  )

  it.scopedLive("attempt timeout and deadline: the same TimeoutErrors, on time", () =>
    Effect.gen(function* () {
      const running = yield* emulator({ faults: { latencyMs: 400 } })
      const fileId = seed(running)
      const errors = []
      for (const path of PATHS) {
        const attempt = yield* client(path, running.url, { timeout: "60 millis", retry: { maxRetries: 0 } })
        let started = Date.now()
        const attemptError = yield* failure(attempt.run(attempt.ik.getFileDetails(fileId)))
        assert.isBelow(Date.now() - started, 300)
        assert.strictEqual(attemptError._tag, "TimeoutError")
        if (attemptError._tag === "TimeoutError") assert.strictEqual(attemptError.scope, "attempt")

        const deadline = yield* client(path, running.url, { timeout: "10 seconds", deadline: "80 millis" })
        started = Date.now()
        const callError = yield* failure(deadline.run(deadline.ik.getFileDetails(fileId)))
        assert.isBelow(Date.now() - started, 300)
        assert.strictEqual(callError._tag, "TimeoutError")
        if (callError._tag === "TimeoutError") assert.strictEqual(callError.scope, "call")
        assertNoKey(attemptError)
        assertNoKey(callError)
        errors.push([comparable(attemptError), comparable(callError)])
        // A timed-out request's socket is destroyed, not pooled. (undici keeps its aborted connections a while
        // longer, so this is only checked on the node:http path.)
        if (onLinux && path === "node") assert.strictEqual(yield* socketsSettleAt(running.port, 0), 0)
      }
      assert.deepStrictEqual(errors[0], errors[1])
    })
  )

  it.scopedLive.skipIf(!onLinux)("an interruption stops the call at once and leaves no socket", () =>
    Effect.gen(function* () {
      const running = yield* emulator({ faults: { latencyMs: 2000 } })
      const fileId = seed(running)
      const { ik, run } = yield* client("node", running.url)
      const fiber = yield* Effect.fork(run(ik.getFileDetails(fileId)))
      yield* Effect.sleep("100 millis")
      assert.strictEqual(yield* socketsSettleAt(running.port, 1), 1)
      const started = Date.now()
      const exit = yield* Fiber.interrupt(fiber)
      assert.isBelow(Date.now() - started, 50)
      assert.isTrue(Exit.isInterrupted(exit))
      assert.strictEqual(yield* socketsSettleAt(running.port, 0), 0)
    })
  )

  it.scopedLive("keep-alive: one socket for sequential calls, at most one per concurrent call", () =>
    Effect.gen(function* () {
      const running = yield* emulator()
      const fileId = seed(running)
      const { ik, run } = yield* client("node", running.url)
      let before = clientSocketsOpened
      for (let index = 0; index < 30; index++) yield* run(ik.getFileDetails(fileId))
      assert.strictEqual(clientSocketsOpened - before, 1)
      // A POST with a JSON body reuses it as well.
      yield* run(ik.bulkAddTags([fileId], ["two"]))
      assert.strictEqual(clientSocketsOpened - before, 1)

      before = clientSocketsOpened
      for (let round = 0; round < 3; round++) {
        yield* Effect.all(
          Array.from({ length: 8 }, () => run(ik.getFileDetails(fileId))),
          { concurrency: "unbounded", discard: true }
        )
      }
      assert.isAtMost(clientSocketsOpened - before, 7)
      if (onLinux) assert.isAtMost(yield* clientSocketsToNow(running.port), 8)
    })
  )

  it.scopedLive.skipIf(!onLinux)("closing the layer closes its pooled sockets", () =>
    Effect.gen(function* () {
      const running = yield* emulator()
      const fileId = seed(running)
      const { ik, run, close } = yield* client("node", running.url)
      yield* Effect.all(
        Array.from({ length: 4 }, () => run(ik.getFileDetails(fileId))),
        { concurrency: "unbounded", discard: true }
      )
      assert.isAtLeast(yield* clientSocketsToNow(running.port), 1)
      yield* close
      assert.strictEqual(yield* socketsSettleAt(running.port, 0), 0)
    })
  )

  it.scopedLive("a compressed answer is inflated, as fetch does", () =>
    Effect.gen(function* () {
      const running = yield* emulator()
      const fileId = seed(running)
      const details = running.model.handle({ method: "GET", path: `/v1/files/${fileId}/details`, query: [] })
      const body = gzipSync(JSON.stringify(details.body))
      let acceptEncoding: string | undefined
      const server: Server = createServer((request, response) => {
        acceptEncoding = request.headers["accept-encoding"]
        request.resume()
        response.writeHead(200, {
          "content-type": "application/json",
          "content-encoding": "gzip",
          "content-length": body.byteLength,
          "x-request-id": "gzip-request"
        })
        response.end(body)
      })
      const port = yield* listening(server)
      const files = []
      for (const path of PATHS) {
        const { ik, run } = yield* client(path, `http://127.0.0.1:${port}`)
        const [file, metadata] = yield* run(ImageKit.withResponseMetadata(ik.getFileDetails(fileId)))
        files.push(file)
        assert.strictEqual(Option.getOrThrow(metadata).requestId, "gzip-request")
        assert.strictEqual(Option.getOrThrow(metadata).headers["content-encoding"], "gzip")
      }
      assert.include(acceptEncoding ?? "", "gzip")
      assert.deepStrictEqual(files[0], files[1])
      assert.strictEqual(files[0]?.fileId, fileId)
    })
  )
})

const clientSocketsToNow = (port: number) => Effect.promise(() => clientSocketsTo(port))

// A throwaway self-signed certificate for 127.0.0.1, made with the openssl command when there is one (no key is kept
// in the repository).
const hasOpenssl = spawnSync("openssl", ["version"]).status === 0

/** Listens on a free loopback port for the scope; closing drops open keep-alive connections first. */
const listening = (server: Server | HttpsServer) =>
  Effect.acquireRelease(
    Effect.async<number>((resume) => {
      server.listen(0, "127.0.0.1", () => resume(Effect.succeed((server.address() as AddressInfo).port)))
    }),
    () =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )

const selfSignedCertificate = Effect.acquireRelease(
  Effect.promise(() => mkdtemp(join(tmpdir(), "ik-tls-"))),
  (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
).pipe(
  Effect.flatMap((dir) =>
    Effect.promise(async () => {
      const keyPath = join(dir, "key.pem")
      const certPath = join(dir, "cert.pem")
      const made = spawnSync("openssl", [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        keyPath,
        "-out",
        certPath
      ])
      if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`)
      return { key: await readFile(keyPath), cert: await readFile(certPath) }
    })
  )
)

describe("node:https", () => {
  it.scopedLive.skipIf(!hasOpenssl)(
    "https URLs go over TLS: an untrusted certificate is refused, a trusted one reused",
    () =>
      Effect.gen(function* () {
        const running = yield* emulator()
        const fileId = seed(running)
        const details = running.model.handle({ method: "GET", path: `/v1/files/${fileId}/details`, query: [] })
        const body = JSON.stringify(details.body)
        const { key, cert } = yield* selfSignedCertificate
        let handshakes = 0
        const server = createHttpsServer({ key, cert }, (request, response) => {
          request.resume()
          response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) })
          response.end(body)
        })
        server.on("secureConnection", () => {
          handshakes += 1
        })
        const port = yield* listening(server)
        const baseUrl = `https://127.0.0.1:${port}`

        // Certificates are checked: a self-signed one is a RequestError, not an answer (and not retried into success).
        const strict = yield* client("node", baseUrl, { retry: { maxRetries: 0 } })
        const before = nodeRequests
        const error = yield* failure(strict.run(strict.ik.getFileDetails(fileId)))
        assert.strictEqual(nodeRequests - before, 1)
        assert.strictEqual(error._tag, "RequestError")
        if (error._tag === "RequestError") assert.strictEqual(error.reason, "Transport")
        assertNoKey(error)

        // Trusted (here by turning the check off for this test only): answers decode, one TLS connection is reused.
        const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED
        process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0"
        yield* Effect.addFinalizer(() =>
          Effect.sync(() => {
            if (previous === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED
            else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous
          })
        )
        handshakes = 0
        const trusting = yield* client("node", baseUrl)
        for (let index = 0; index < 5; index++) {
          const file = yield* trusting.run(trusting.ik.getFileDetails(fileId))
          assert.strictEqual(file.fileId, fileId)
        }
        assert.strictEqual(handshakes, 1)
      })
  )
})
