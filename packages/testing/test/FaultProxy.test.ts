import { request as httpRequest } from "node:http"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Emulator from "../src/Emulator.js"
import * as FaultProxy from "../src/FaultProxy.js"
import { RequestFramer } from "../src/internal/requestFraming.js"

const KEY = "private_proxy_test"
const AUTH = `Basic ${Buffer.from(`${KEY}:`).toString("base64")}`

interface Answer {
  readonly status?: number | undefined
  readonly body?: string | undefined
  readonly error?: string | undefined
  readonly ms: number
}

/** One request on a connection of its own; resolves with the answer or the transport's error code. */
const send = (
  url: string,
  options: { readonly method?: string; readonly path: string; readonly body?: Buffer; readonly chunked?: boolean }
): Promise<Answer> =>
  new Promise((resolve) => {
    const started = performance.now()
    const target = new URL(options.path, url)
    const headers: Record<string, string> = { authorization: AUTH }
    const body = options.body
    if (body !== undefined) {
      headers["content-type"] = "multipart/form-data; boundary=b0undary"
      if (options.chunked !== true) headers["content-length"] = String(body.length)
    }
    const request = httpRequest(target, { method: options.method ?? "GET", headers, agent: false }, (response) => {
      const chunks: Array<Buffer> = []
      response.on("data", (chunk: Buffer) => chunks.push(chunk))
      response.on("end", () =>
        resolve({
          status: response.statusCode,
          body: Buffer.concat(chunks).toString(),
          ms: performance.now() - started
        })
      )
      response.on("error", (error: NodeJS.ErrnoException) =>
        resolve({ error: error.code ?? error.message, ms: performance.now() - started })
      )
    })
    request.on("error", (error: NodeJS.ErrnoException) =>
      resolve({ error: error.code ?? error.message, ms: performance.now() - started })
    )
    if (body === undefined) request.end()
    else if (options.chunked === true) {
      // Several chunks, so a cut can fall between them.
      for (let offset = 0; offset < body.length; offset += 1000) request.write(body.subarray(offset, offset + 1000))
      request.end()
    } else request.end(body)
  })

/** A multipart upload body for the emulator: `fileName` and a `file` part of `size` bytes. */
const uploadBody = (fileName: string, size: number): Buffer =>
  Buffer.concat([
    Buffer.from(
      `--b0undary\r\ncontent-disposition: form-data; name="fileName"\r\n\r\n${fileName}\r\n` +
        `--b0undary\r\ncontent-disposition: form-data; name="useUniqueFileName"\r\n\r\nfalse\r\n` +
        `--b0undary\r\ncontent-disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        "content-type: application/octet-stream\r\n\r\n"
    ),
    Buffer.alloc(size, 7),
    Buffer.from("\r\n--b0undary--\r\n")
  ])

const UPLOAD = "/api/v1/files/upload"

const withProxy = <A>(
  options: Omit<FaultProxy.Options, "target">,
  run: (emulator: Emulator.Running, proxy: FaultProxy.Running) => Promise<A>,
  emulatorOptions: Emulator.Options = {}
) =>
  Effect.scoped(
    Effect.gen(function* () {
      const emulator = yield* Emulator.scoped({ privateKey: KEY, ...emulatorOptions })
      const proxy = yield* FaultProxy.scoped({ target: emulator.url, ...options })
      return yield* Effect.promise(() => run(emulator, proxy))
    })
  )

const stored = (emulator: Emulator.Running, name: string) =>
  emulator.model.files().filter((file) => file.name === name).length

describe("request framing", () => {
  it("splits requests at their ends, whatever the chunk boundaries, and tunnels what it cannot frame", () => {
    const wire = Buffer.from(
      "POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello" +
        "POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nTrailer: 1\r\n\r\n" +
        "GET /c?q=1 HTTP/1.1\r\nHost: x\r\n\r\n"
    )
    for (const size of [1, 2, 7, wire.length]) {
      const framer = new RequestFramer()
      const pieces = []
      for (let offset = 0; offset < wire.length; offset += size)
        pieces.push(...framer.push(wire.subarray(offset, offset + size)))
      assert.strictEqual(Buffer.concat(pieces.map((piece) => piece.bytes)).toString(), wire.toString())
      assert.deepStrictEqual(
        pieces.filter((piece) => piece.head !== undefined).map((piece) => piece.head),
        [
          { method: "POST", target: "/a", body: 5 },
          { method: "POST", target: "/b", body: "chunked" },
          { method: "GET", target: "/c?q=1", body: 0 }
        ]
      )
      // Each request's last piece ends exactly where the next request starts.
      const ends = pieces.filter((piece) => piece.last)
      assert.deepStrictEqual(
        ends.map((piece) => piece.request),
        [0, 1, 2]
      )
      assert.isTrue(ends[0]?.bytes.toString().endsWith("o"))
      assert.isTrue(ends[1]?.bytes.toString() === "\r\n")
    }
    const framer = new RequestFramer()
    const tunnelled = framer.push(Buffer.from("POST /x HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"))
    assert.deepStrictEqual(
      tunnelled.map((piece) => piece.request),
      [undefined]
    )
  })
})

describe("FaultProxy", () => {
  it.effect("passes requests and answers through unchanged, and records each exchange", () =>
    withProxy({}, async (emulator, proxy) => {
      const upload = await send(proxy.url, { method: "POST", path: UPLOAD, body: uploadBody("plain.bin", 20_000) })
      assert.strictEqual(upload.status, 200)
      assert.strictEqual(JSON.parse(upload.body ?? "{}").size, 20_000)
      const list = await send(proxy.url, { path: "/v1/files?searchQuery=name%3D%22plain.bin%22" })
      assert.strictEqual(JSON.parse(list.body ?? "[]").length, 1)
      assert.strictEqual(stored(emulator, "plain.bin"), 1)
      const exchanges = proxy.exchanges()
      assert.deepStrictEqual(
        exchanges.map(({ method, target, status, fault }) => ({ method, target, status, fault })),
        [
          { method: "POST", target: UPLOAD, status: 200, fault: undefined },
          { method: "GET", target: "/v1/files?searchQuery=name%3D%22plain.bin%22", status: 200, fault: undefined }
        ]
      )
      for (const exchange of exchanges) {
        assert.isDefined(exchange.forwardedAt)
        assert.isTrue((exchange.answeredAt ?? 0) >= (exchange.forwardedAt ?? Number.POSITIVE_INFINITY))
      }
      assert.deepStrictEqual(proxy.stats(), {
        connections: 2,
        requests: 2,
        lostAnswers: 0,
        cutBodies: 0,
        resets: 0,
        slowAnswers: 0,
        stalls: 0
      })
    })
  )

  it.effect("lostAnswer: the server stores the upload, the client gets no answer", () =>
    withProxy({}, async (emulator, proxy) => {
      proxy.injectNext("lostAnswer")
      const answer = await send(proxy.url, { method: "POST", path: UPLOAD, body: uploadBody("lost.bin", 5000) })
      assert.isUndefined(answer.status)
      assert.isDefined(answer.error)
      assert.strictEqual(stored(emulator, "lost.bin"), 1)
      const [exchange] = proxy.exchanges()
      assert.strictEqual(exchange?.fault, "lostAnswer")
      assert.isDefined(exchange?.forwardedAt)
      assert.isUndefined(exchange?.answeredAt)
      assert.strictEqual(proxy.stats().lostAnswers, 1)
    })
  )

  it.effect("cutBody: a body cut off midway (length or chunked) or a cut head is never applied", () =>
    withProxy({}, async (emulator, proxy) => {
      proxy.injectNext("cutBody", 3)
      const sized = await send(proxy.url, { method: "POST", path: UPLOAD, body: uploadBody("cut.bin", 300_000) })
      const chunked = await send(proxy.url, {
        method: "POST",
        path: UPLOAD,
        body: uploadBody("cut-chunked.bin", 30_000),
        chunked: true
      })
      const get = await send(proxy.url, { path: "/v1/files" })
      for (const answer of [sized, chunked, get]) assert.isDefined(answer.error)
      assert.strictEqual(stored(emulator, "cut.bin"), 0)
      assert.strictEqual(stored(emulator, "cut-chunked.bin"), 0)
      // The GET's head was cut, so the server never saw a whole request: only the two uploads began at the server.
      assert.isAtMost(emulator.stats().requests, 2)
      assert.isTrue(proxy.exchanges().every((exchange) => exchange.forwardedAt === undefined))
      // After the faults, the same upload goes through.
      const again = await send(proxy.url, { method: "POST", path: UPLOAD, body: uploadBody("cut.bin", 300_000) })
      assert.strictEqual(again.status, 200)
      assert.strictEqual(stored(emulator, "cut.bin"), 1)
    })
  )

  it.effect("reset: the connection is reset before a byte reaches the server", () =>
    withProxy({}, async (emulator, proxy) => {
      proxy.injectNext("reset")
      const answer = await send(proxy.url, { method: "POST", path: UPLOAD, body: uploadBody("reset.bin", 100) })
      assert.strictEqual(answer.error, "ECONNRESET")
      assert.strictEqual(emulator.stats().requests, 0)
      assert.strictEqual(stored(emulator, "reset.bin"), 0)
      assert.strictEqual(proxy.stats().resets, 1)
    })
  )

  it.effect("slowAnswer holds an applied answer; stall holds a request it never completes, then closes", () =>
    withProxy({ delayMs: 300 }, async (emulator, proxy) => {
      proxy.injectNext("slowAnswer")
      const slow = await send(proxy.url, { method: "POST", path: UPLOAD, body: uploadBody("slow.bin", 100) })
      assert.strictEqual(slow.status, 200)
      assert.isAtLeast(slow.ms, 290)
      assert.strictEqual(stored(emulator, "slow.bin"), 1)
      proxy.injectNext("stall")
      const pending = send(proxy.url, { method: "POST", path: UPLOAD, body: uploadBody("stall.bin", 100_000) })
      await new Promise((resolve) => setTimeout(resolve, 100))
      assert.deepStrictEqual(proxy.connections(), { open: 1, awaitingAnswer: 1 })
      const stalled = await pending
      assert.isDefined(stalled.error)
      assert.isAtLeast(stalled.ms, 290)
      assert.strictEqual(stored(emulator, "stall.bin"), 0)
      await new Promise((resolve) => setTimeout(resolve, 20))
      assert.deepStrictEqual(proxy.connections(), { open: 0, awaitingAnswer: 0 })
    })
  )

  it.effect("records the status and rate-limit headers of each answer", () =>
    withProxy(
      {},
      async (_emulator, proxy) => {
        await send(proxy.url, { path: "/v1/files" })
        await send(proxy.url, { path: "/v1/files" })
        const [first, second] = proxy.exchanges()
        assert.strictEqual(first?.status, 200)
        assert.strictEqual(second?.status, 429)
        assert.strictEqual(second?.headers?.["x-ratelimit-limit"], "1")
        assert.isTrue(Number(second?.headers?.["x-ratelimit-reset"]) > 0)
      },
      { rateLimits: [{ pathPrefix: "/v1/files", limit: 1, intervalMs: 5000 }] }
    )
  )

  it.effect("draws the same faults from the same seed", () =>
    Effect.gen(function* () {
      const faultsOf = (seed: number) =>
        withProxy({ seed, lostAnswerRate: 0.3, resetRate: 0.3, delayMs: 0 }, async (_emulator, proxy) => {
          for (let index = 0; index < 12; index++) await send(proxy.url, { path: `/v1/files/f${index}/details` })
          return proxy.exchanges().map((exchange) => exchange.fault ?? "none")
        })
      const first = yield* faultsOf(5)
      assert.deepStrictEqual(yield* faultsOf(5), first)
      assert.isTrue(first.includes("reset") && first.includes("lostAnswer") && first.includes("none"))
      assert.notDeepEqual(yield* faultsOf(6), first)
    })
  )

  it.effect("refuses rates it cannot honour with a typed error", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(
        Effect.scoped(FaultProxy.scoped({ target: "http://127.0.0.1:1", lostAnswerRate: 0.7, resetRate: 0.5 }))
      )
      assert.isTrue(Exit.isFailure(exit))
      const error = Exit.isFailure(exit) ? exit.cause : undefined
      assert.include(String(error), "add up to 1.2")
      const badTarget = yield* Effect.flip(Effect.scoped(FaultProxy.scoped({ target: "ftp://x" })))
      assert.strictEqual(badTarget.reason, "InvalidOptions")
    })
  )
})
