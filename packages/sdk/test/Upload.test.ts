/**
 * Streaming uploads against the loopback emulator: every input kind, progress, cancellation (timing, sockets, file
 * descriptors), the no-duplicate rule under lost responses and resets, and uploadMany.
 */
import { Buffer } from "node:buffer"
import { createReadStream, openAsBlob } from "node:fs"
import { mkdtemp, readdir, readlink, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Readable } from "node:stream"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { type RunningServer, type ServerOptions, start } from "../../testing/src/internal/server.js"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as ImageKit from "../src/ImageKit.js"
import * as ImageKitConfig from "../src/ImageKitConfig.js"
import * as MultipartBody from "../src/internal/multipartBody.js"
import * as Upload from "../src/Upload.js"
import { clientSocketsTo } from "./fixtures/sockets.js"

const PRIVATE_KEY = "private_upload_test"

const emulator = (
  options: Partial<ServerOptions> = {}
): Effect.Effect<{ readonly running: RunningServer; readonly ik: ImageKit.Service }, never, Scope.Scope> =>
  Effect.gen(function* () {
    const running = yield* Effect.acquireRelease(
      Effect.promise(() => start({ privateKey: PRIVATE_KEY, ...options })),
      (server) => Effect.promise(() => server.close())
    )
    const ik = yield* ImageKit.ImageKit.pipe(
      Effect.provide(
        ImageKit.layerNode({
          publicKey: "public_upload_test",
          privateKey: PRIVATE_KEY,
          urlEndpoint: running.urlEndpoint,
          apiBaseUrl: running.url,
          uploadBaseUrl: running.url,
          retry: { baseDelay: "5 millis", maxDelay: "20 millis" }
        })
      )
    )
    return { running, ik }
  })

const bytesOf = (size: number, seed = 1): Uint8Array<ArrayBuffer> => {
  const bytes = new Uint8Array(size)
  for (let index = 0; index < size; index++) bytes[index] = (index * 31 + seed) & 0xff
  return bytes
}

const storedBytes = (running: RunningServer, result: Upload.UploadResult): Uint8Array | undefined => {
  const url = "url" in result ? result.url : undefined
  return typeof url === "string" ? running.model.readUrl(url)?.bytes : undefined
}

/** Files stored under `name`, with or without the unique suffix the server adds (`name_XXXXXXXXX.ext`). */
const storedCount = (running: RunningServer, name: string): number => {
  const dot = name.lastIndexOf(".")
  const [stem, extension] = dot <= 0 ? [name, ""] : [name.slice(0, dot), name.slice(dot)]
  return running.model
    .files()
    .filter(
      (file) =>
        file.name === name ||
        (typeof file.name === "string" &&
          new RegExp(`^${stem}_[A-Za-z0-9]{9}${extension.replace(".", "\\.")}$`).test(file.name))
    ).length
}

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array): boolean =>
  a !== undefined && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0

const tempDir = Effect.acquireRelease(
  Effect.promise(() => mkdtemp(join(tmpdir(), "ik-upload-"))),
  (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
)

/** Descriptors of this process open on `path` (Linux /proc), to prove a file handle was closed. */
const openDescriptors = async (path: string): Promise<number> => {
  const entries = await readdir("/proc/self/fd").catch(() => [] as Array<string>)
  let count = 0
  for (const entry of entries) {
    const target = await readlink(`/proc/self/fd/${entry}`).catch(() => "")
    if (target === path) count++
  }
  return count
}

const PAYLOAD = bytesOf(300 * 1024)

// Sockets and descriptors are counted through /proc.
const onLinux = process.platform === "linux"

describe("upload inputs", () => {
  const kinds: ReadonlyArray<readonly [string, () => Promise<Upload.UploadFile> | Upload.UploadFile]> = [
    ["Uint8Array", () => PAYLOAD],
    ["Buffer", () => Buffer.from(PAYLOAD)],
    ["ArrayBuffer", () => PAYLOAD.slice().buffer],
    ["Blob", () => new Blob([PAYLOAD], { type: "application/octet-stream" })],
    ["File", () => new File([PAYLOAD], "named.bin")],
    ["web ReadableStream", () => new Blob([PAYLOAD]).stream()],
    ["Node Readable", () => Readable.from([PAYLOAD.subarray(0, 1000), Buffer.from(PAYLOAD.subarray(1000))])],
    ["Effect Stream", () => Stream.fromIterable([PAYLOAD.subarray(0, 70_000), PAYLOAD.subarray(70_000)])]
  ]
  for (const [kind, make] of kinds) {
    it.scopedLive(`${kind} arrives byte for byte`, () =>
      Effect.gen(function* () {
        const { running, ik } = yield* emulator()
        const file = yield* Effect.promise(async () => make())
        const result = yield* ik.upload({ file, fileName: "input.bin", folder: "/inputs" })
        assert.isTrue(sameBytes(storedBytes(running, result), PAYLOAD))
      })
    )
  }

  it.scopedLive("a nameless Blob from fs.openAsBlob and a path from Upload.fromPath", () =>
    Effect.gen(function* () {
      const { running, ik } = yield* emulator()
      const dir = yield* tempDir
      const path = join(dir, "photo.bin")
      yield* Effect.promise(() => writeFile(path, PAYLOAD))
      const blob = yield* Effect.promise(() => openAsBlob(path))
      const fromBlob = yield* ik.upload({ file: blob, fileName: "blob.bin" })
      assert.isTrue(sameBytes(storedBytes(running, fromBlob), PAYLOAD))
      const source = yield* Upload.fromPath(path)
      assert.strictEqual(source.size, PAYLOAD.byteLength)
      assert.strictEqual(source.name, "photo.bin")
      const fromPath = yield* ik.upload({ file: source, fileName: source.name })
      assert.isTrue(sameBytes(storedBytes(running, fromPath), PAYLOAD))
      assert.strictEqual(yield* Effect.promise(() => openDescriptors(path)), 0)
    })
  )

  it.scopedLive("base64 text is decoded by the server; a remote URL goes as a text field", () =>
    Effect.gen(function* () {
      const { running, ik } = yield* emulator()
      const small = bytesOf(100)
      const result = yield* ik.upload({ file: Buffer.from(small).toString("base64"), fileName: "b64.bin" })
      assert.isTrue(sameBytes(storedBytes(running, result), small))
      // The emulator cannot fetch, and says so: the URL reached it as the `file` text field.
      const error = yield* Effect.flip(ik.upload({ file: "https://example.com/a.jpg", fileName: "remote.jpg" }))
      assert.strictEqual(error._tag, "ApiError")
      assert.include(error.message, "cannot fetch remote URLs")
    })
  )

  it.effect("fromPath rejects a missing file before any request", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(Upload.fromPath("/nonexistent/ik-upload-test.bin"))
      assert.strictEqual(error._tag, "InvalidInputError")
    })
  )

  it.scopedLive("a source's chunks of several or empty elements, bytes or text, arrive whole and in order", () =>
    Effect.gen(function* () {
      const { running, ik } = yield* emulator()
      const bytes: ReadonlyArray<Uint8Array> = [
        new Uint8Array(0),
        PAYLOAD.subarray(0, 5000),
        new Uint8Array(0),
        Buffer.from(PAYLOAD.subarray(5000, 9000))
      ]
      // Stream.fromIterable makes one chunk of all four.
      const effectStream = yield* ik.upload({ file: Stream.fromIterable(bytes), fileName: "mixed.bin" })
      assert.isTrue(sameBytes(storedBytes(running, effectStream), PAYLOAD.subarray(0, 9000)))
      // An async iterable may yield text, sent as UTF-8.
      const text = "caf\u00e9 \u{1f600} "
      const readable = yield* ik.upload({ file: Readable.from([text, ...bytes, ""]), fileName: "mixed-node.bin" })
      const expected = Buffer.concat([Buffer.from(text, "utf8"), PAYLOAD.subarray(0, 9000)])
      assert.isTrue(sameBytes(storedBytes(running, readable), expected))
    })
  )

  it.scopedLive("a chunk that is neither bytes nor text fails the upload, typed, and stores nothing", () =>
    Effect.gen(function* () {
      const { running, ik } = yield* emulator()
      const elements: ReadonlyArray<unknown> = [PAYLOAD.subarray(0, 1000), 42]
      // An untyped caller's Effect Stream (the type admits bytes only) and a Node stream in object mode.
      const untyped: Upload.UploadFile = Stream.fromIterable(elements) as never
      for (const file of [untyped, Readable.from(elements)]) {
        const error = yield* Effect.flip(ik.upload({ file, fileName: "numbers.bin" }))
        assert.strictEqual(error._tag, "RequestError")
        if (error._tag !== "RequestError") return
        assert.strictEqual(error.reason, "Encode")
        assert.include(error.message, "neither bytes nor text")
      }
      assert.strictEqual(storedCount(running, "numbers.bin"), 0)
    })
  )

  it.scopedLive("a failing source ends the upload with an Encode RequestError and stores nothing", () =>
    Effect.gen(function* () {
      const { running, ik } = yield* emulator()
      const file = Stream.concat(Stream.succeed(PAYLOAD.subarray(0, 1000)), Stream.fail("disk on fire"))
      const error = yield* Effect.flip(ik.upload({ file, fileName: "broken.bin" }))
      assert.strictEqual(error._tag, "RequestError")
      if (error._tag !== "RequestError") return
      assert.strictEqual(error.reason, "Encode")
      assert.strictEqual(error.upload?.outcome, "Incomplete")
      assert.strictEqual(storedCount(running, "broken.bin"), 0)
    })
  )
})

describe("Node Readable sources", () => {
  /** A `Readable` that makes `total` bytes in 64 KiB chunks as they are asked for, then `onEnd` (or ends). */
  const generated = (total: number, onEnd?: (readable: Readable) => void) => {
    const expected = bytesOf(total, 7)
    let offset = 0
    const readable = new Readable({
      highWaterMark: 64 * 1024,
      read() {
        if (offset >= total) {
          if (onEnd === undefined) this.push(null)
          else onEnd(this)
          return
        }
        const end = Math.min(total, offset + 64 * 1024)
        // A copy: each chunk is memory of its own, as a file or socket stream gives.
        this.push(Buffer.from(expected.subarray(offset, end)))
        offset = end
      }
    })
    return { readable, expected }
  }

  it.scopedLive("a Readable making chunks as they are read, and an fs.createReadStream, arrive byte for byte", () =>
    Effect.gen(function* () {
      const { running, ik } = yield* emulator()
      // Several MiB: many pulls of several chunks each, the last one short.
      const { readable, expected } = generated(5 * 1024 * 1024 + 12_345)
      const result = yield* ik.upload({ file: readable, fileName: "generated.bin" })
      assert.isTrue(sameBytes(storedBytes(running, result), expected))
      const dir = yield* tempDir
      const path = join(dir, "streamed.bin")
      yield* Effect.promise(() => writeFile(path, PAYLOAD))
      const fromFile = yield* ik.upload({ file: createReadStream(path), fileName: "streamed.bin" })
      assert.isTrue(sameBytes(storedBytes(running, fromFile), PAYLOAD))
      assert.strictEqual(yield* Effect.promise(() => openDescriptors(path)), 0)
    })
  )

  it.scopedLive("a Readable that fails or is destroyed midway, or was destroyed before, fails the upload typed", () =>
    Effect.gen(function* () {
      const { running, ik } = yield* emulator()
      const cases: ReadonlyArray<readonly [string, Readable, string]> = [
        [
          "errored.bin",
          generated(1024 * 1024, (stream) => setImmediate(() => stream.destroy(new Error("disk on fire")))).readable,
          "disk on fire"
        ],
        ["destroyed.bin", generated(1024 * 1024, (stream) => setImmediate(() => stream.destroy())).readable, "closed"],
        ["gone.bin", new Readable({ read() {} }).destroy(), "closed"]
      ]
      for (const [fileName, file, message] of cases) {
        const error = yield* Effect.flip(ik.upload({ file, fileName }))
        assert.strictEqual(error._tag, "RequestError", fileName)
        if (error._tag !== "RequestError") return
        assert.strictEqual(error.reason, "Encode", fileName)
        assert.include(error.message, message, fileName)
        assert.notStrictEqual(error.upload?.outcome, "Unknown", fileName)
        assert.strictEqual(storedCount(running, fileName), 0, fileName)
      }
    })
  )
})

describe("invalid upload URL", () => {
  it.effect("fails as RequestError InvalidUrl, outcome NotSent, without reading the source", () =>
    Effect.gen(function* () {
      const ik = yield* ImageKit.ImageKit.pipe(
        Effect.provide(
          ImageKit.layerNode({ publicKey: "p", privateKey: "k", urlEndpoint: "x", uploadBaseUrl: "not a url" })
        )
      )
      let read = false
      const file = Stream.fromEffect(
        Effect.sync(() => {
          read = true
          return PAYLOAD
        })
      )
      const error = yield* Effect.flip(ik.upload({ file, fileName: "nowhere.bin" }))
      assert.strictEqual(error._tag, "RequestError")
      if (error._tag !== "RequestError") return
      assert.strictEqual(error.reason, "InvalidUrl")
      assert.strictEqual(error.upload?.outcome, "NotSent")
      assert.isFalse(read)
    })
  )
})

describe("multipart framing", () => {
  it.effect("is what FormData parsing reads back, escaped as FormData does, with the exact length", () =>
    Effect.gen(function* () {
      const file = bytesOf(1000)
      const body = MultipartBody.make([
        { _tag: "Field", name: "fileName", value: "a.bin" },
        { _tag: "Field", name: 'we"ird\nname', value: "line one\nline two\rthree" },
        { _tag: "File", name: "file", fileName: 'q"uote.bin', contentType: "application/octet-stream", file }
      ])
      if (body === undefined) return assert.fail("the file part holds bytes")
      const phases: Array<string> = []
      const progress: Array<number> = []
      const chunks = yield* Stream.runCollect(
        body.stream({ onFileBytes: (bytes) => progress.push(bytes), onPhase: (phase) => phases.push(phase) })
      )
      const read = Buffer.concat([...chunks])
      assert.strictEqual(read.byteLength, body.length)
      assert.strictEqual(phases.at(-1), "Sent")
      assert.strictEqual(progress.at(-1), file.byteLength)
      assert.strictEqual(body.fileBytes, file.byteLength)
      const form = yield* Effect.promise(() =>
        new Response(read, { headers: { "content-type": body.contentType } }).formData()
      )
      assert.strictEqual(form.get("fileName"), "a.bin")
      // Parsers undo the %22 / %0A escapes only partly; the value's line breaks arrive as CRLF.
      const weird = [...form.keys()].find((key) => key.startsWith("we"))
      assert.isDefined(weird)
      assert.strictEqual(form.get(weird ?? ""), "line one\r\nline two\r\nthree")
      const part = form.get("file")
      assert.isTrue(part instanceof Blob)
      if (part instanceof Blob) {
        assert.isTrue(sameBytes(new Uint8Array(yield* Effect.promise(() => part.arrayBuffer())), file))
      }
    })
  )
})

describe("timeouts", () => {
  it.scopedLive("an upload with no answer within the timeout fails once, outcome Unknown, and is not retried", () =>
    Effect.gen(function* () {
      const running = yield* Effect.acquireRelease(
        Effect.promise(() => start({ privateKey: PRIVATE_KEY, faults: { latencyMs: 5_000 } })),
        (server) => Effect.promise(() => server.close())
      )
      const ik = yield* ImageKit.ImageKit.pipe(
        Effect.provide(
          ImageKit.layerNode({
            publicKey: "p",
            privateKey: PRIVATE_KEY,
            urlEndpoint: running.urlEndpoint,
            uploadBaseUrl: running.url,
            timeout: "150 millis"
          })
        )
      )
      const error = yield* Effect.flip(ik.upload({ file: bytesOf(2048), fileName: "slow.bin" }))
      assert.strictEqual(error._tag, "TimeoutError")
      if (error._tag !== "TimeoutError") return
      assert.strictEqual(error.scope, "attempt")
      assert.strictEqual(error.upload?.outcome, "Unknown")
      assert.strictEqual(error.upload?.bytesSent, 2048)
      assert.include(error.message, "may have stored it")
      assert.strictEqual(running.stats().requests, 1)
    })
  )
})

/** An emulator and a client over a caller's HttpClient (`ImageKit.layer` + `FetchHttpClient.layer`). */
const emulatorWithCallersFetch = Effect.gen(function* () {
  const running = yield* Effect.acquireRelease(
    Effect.promise(() => start({ privateKey: PRIVATE_KEY })),
    (server) => Effect.promise(() => server.close())
  )
  const ik = yield* ImageKit.ImageKit.pipe(
    Effect.provide(
      ImageKit.layer.pipe(
        Layer.provide(
          ImageKitConfig.layer({
            publicKey: "p",
            privateKey: PRIVATE_KEY,
            urlEndpoint: running.urlEndpoint,
            uploadBaseUrl: running.url
          })
        ),
        Layer.provide(FetchHttpClient.layer)
      )
    )
  )
  return { running, ik }
})

describe("a caller's HttpClient", () => {
  it.scopedLive("gets a streamed multipart body (FetchHttpClient), with progress and content-length", () =>
    Effect.gen(function* () {
      const { running, ik } = yield* emulatorWithCallersFetch
      const seen: Array<Upload.Progress> = []
      const stream = yield* ik.upload(
        { file: Stream.fromIterable([PAYLOAD.subarray(0, 1000), PAYLOAD.subarray(1000)]), fileName: "client.bin" },
        { onProgress: (progress) => seen.push(progress) }
      )
      assert.isTrue(sameBytes(storedBytes(running, stream), PAYLOAD))
      assert.strictEqual(seen.at(-1)?.bytesSent, PAYLOAD.byteLength)
      const dir = yield* tempDir
      const path = join(dir, "client-path.bin")
      yield* Effect.promise(() => writeFile(path, PAYLOAD))
      const fromPath = yield* ik.upload({ file: yield* Upload.fromPath(path), fileName: "client-path.bin" })
      assert.isTrue(sameBytes(storedBytes(running, fromPath), PAYLOAD))
    })
  )

  it.scopedLive("an in-memory body whose answer is lost is reported as wholly sent (Unknown), not as 0 bytes", () =>
    Effect.gen(function* () {
      const { running, ik } = yield* emulatorWithCallersFetch
      running.injectNext("lostResponse")
      const error = yield* Effect.flip(ik.upload({ file: PAYLOAD, fileName: "memory.bin" }))
      assert.strictEqual(error._tag, "RequestError")
      if (error._tag !== "RequestError") return
      assert.strictEqual(error.upload?.outcome, "Unknown")
      assert.strictEqual(error.upload?.bytesSent, PAYLOAD.byteLength)
      assert.include(error.message, `the whole file was sent (${PAYLOAD.byteLength} bytes)`)
    })
  )
})

describe("progress", () => {
  it.scopedLive("onProgress rises monotonically and ends at the file size", () =>
    Effect.gen(function* () {
      const { ik } = yield* emulator()
      const file = bytesOf(2 * 1024 * 1024)
      const seen: Array<Upload.Progress> = []
      yield* ik.upload({ file, fileName: "progress.bin" }, { onProgress: (progress) => seen.push(progress) })
      assert.isAbove(seen.length, 2)
      for (let index = 1; index < seen.length; index++) {
        assert.isAtLeast(seen[index]?.bytesSent ?? -1, seen[index - 1]?.bytesSent ?? 0)
      }
      assert.deepStrictEqual(seen.at(-1), { bytesSent: file.byteLength, totalBytes: file.byteLength, attempt: 1 })
    })
  )

  it.scopedLive("uploadWithProgress streams Progress events then Uploaded; an unknown size has no total", () =>
    Effect.gen(function* () {
      const { running, ik } = yield* emulator()
      const events = yield* Stream.runCollect(
        ik.uploadWithProgress({ file: Stream.make(PAYLOAD), fileName: "events.bin" })
      ).pipe(Effect.map(Chunk.toReadonlyArray))
      const last = events.at(-1)
      assert.strictEqual(last?._tag, "Uploaded")
      if (last?._tag === "Uploaded") assert.isTrue(sameBytes(storedBytes(running, last.result), PAYLOAD))
      const progress = events.filter((event) => event._tag === "Progress")
      assert.isAbove(progress.length, 0)
      assert.strictEqual(progress.at(-1)?.bytesSent, PAYLOAD.byteLength)
      assert.strictEqual(progress.at(-1)?.totalBytes, undefined)
    })
  )
})

describe("cancellation", () => {
  it.scopedLive.skipIf(!onLinux)(
    "interrupting stops the upload within 50 ms and leaves no socket or file descriptor",
    () =>
      Effect.gen(function* () {
        // The server answers only after 10 s, so the upload is surely in flight when it is interrupted.
        const { running, ik } = yield* emulator({ faults: { latencyMs: 10_000 } })
        const dir = yield* tempDir
        const path = join(dir, "big.bin")
        yield* Effect.promise(() => writeFile(path, bytesOf(8 * 1024 * 1024)))
        const source = yield* Upload.fromPath(path)
        const fiber = yield* Effect.fork(ik.upload({ file: source, fileName: "cancelled.bin" }))
        // Wait until the file is open and bytes are moving.
        yield* Effect.promise(async () => {
          for (let tries = 0; tries < 200 && (await openDescriptors(path)) === 0; tries++) {
            await new Promise((resolve) => setTimeout(resolve, 5))
          }
        })
        assert.strictEqual(yield* Effect.promise(() => openDescriptors(path)), 1)
        assert.strictEqual(yield* Effect.promise(() => clientSocketsTo(running.port)), 1)
        const started = performance.now()
        const exit = yield* Fiber.interrupt(fiber)
        const elapsed = performance.now() - started
        assert.isTrue(Exit.isInterrupted(exit))
        assert.isBelow(elapsed, 50)
        // Closing is asynchronous (a FileHandle closes on the thread pool): allow a few ms.
        yield* Effect.promise(async () => {
          for (let tries = 0; tries < 100; tries++) {
            if ((await openDescriptors(path)) === 0 && (await clientSocketsTo(running.port)) === 0) return
            await new Promise((resolve) => setTimeout(resolve, 2))
          }
        })
        assert.strictEqual(yield* Effect.promise(() => openDescriptors(path)), 0)
        assert.strictEqual(yield* Effect.promise(() => clientSocketsTo(running.port)), 0)
        assert.strictEqual(storedCount(running, "cancelled.bin"), 0)
      })
  )
})

/** Polls `check` every 5 ms for up to 5 s. */
const waitUntil = (check: () => boolean) =>
  Effect.promise(async () => {
    for (let tries = 0; tries < 1000 && !check(); tries++) await new Promise((resolve) => setTimeout(resolve, 5))
  })

describe("cancellation of stream sources", () => {
  it.scopedLive.skipIf(!onLinux)(
    "interrupting an upload of an endless Effect Stream or Node Readable releases the source",
    () =>
      Effect.gen(function* () {
        const { running, ik } = yield* emulator()
        let released = false
        let pulled = 0
        const endless = Stream.repeatEffect(
          Effect.sync(() => {
            pulled++
            return bytesOf(16 * 1024)
          })
        ).pipe(
          Stream.ensuring(
            Effect.sync(() => {
              released = true
            })
          )
        )
        const effectFiber = yield* Effect.fork(ik.upload({ file: endless, fileName: "endless.bin" }))
        // Interrupted once bytes are moving (a loaded machine may take a while to connect).
        yield* waitUntil(() => pulled > 2)
        yield* Fiber.interrupt(effectFiber)
        yield* Effect.promise(async () => {
          for (let tries = 0; tries < 100 && !released; tries++) await new Promise((resolve) => setTimeout(resolve, 2))
        })
        assert.isTrue(released)
        let produced = 0
        const readable = Readable.from(
          (async function* () {
            while (true) {
              produced++
              yield bytesOf(16 * 1024)
            }
          })()
        )
        const nodeFiber = yield* Effect.fork(ik.upload({ file: readable, fileName: "endless-node.bin" }))
        yield* waitUntil(() => produced > 2)
        yield* Fiber.interrupt(nodeFiber)
        yield* Effect.promise(async () => {
          for (let tries = 0; tries < 100 && !readable.destroyed; tries++) {
            await new Promise((resolve) => setTimeout(resolve, 2))
          }
        })
        assert.isTrue(readable.destroyed)
        assert.strictEqual(yield* Effect.promise(() => clientSocketsTo(running.port)), 0)
      })
  )
})

describe("cancellation of a Node Readable", () => {
  it.scopedLive("a Readable that fails as the interrupted upload destroys it does not crash the process", () =>
    Effect.gen(function* () {
      const { ik } = yield* emulator()
      let reads = 0
      let destroyedWith: Error | null | undefined
      const readable = new Readable({
        read() {
          reads++
          // One chunk, then nothing: the upload waits for more.
          if (reads === 1) this.push(bytesOf(1024))
        },
        destroy(error, callback) {
          destroyedWith = error
          callback(new Error("the file system is gone"))
        }
      })
      const fiber = yield* Effect.fork(ik.upload({ file: readable, fileName: "late-error.bin" }))
      yield* waitUntil(() => reads > 1)
      yield* Fiber.interrupt(fiber)
      assert.isTrue(readable.destroyed)
      assert.isNull(destroyedWith)
      // The error the stream emits after its destruction lands in the listener the upload left, not in the process.
      yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 20)))
      assert.strictEqual(readable.errored?.message, "the file system is gone")
    })
  )
})

describe("no duplicates", () => {
  it.scopedLive("a lost response after the body was sent fails as outcome Unknown, not retried", () =>
    Effect.gen(function* () {
      const { running, ik } = yield* emulator()
      running.injectNext("lostResponse")
      const error = yield* Effect.flip(ik.upload({ file: PAYLOAD, fileName: "lost.bin", folder: "/dup" }))
      assert.strictEqual(error._tag, "RequestError")
      if (error._tag !== "RequestError") return
      assert.strictEqual(error.upload?.outcome, "Unknown")
      assert.strictEqual(error.upload?.fileName, "lost.bin")
      assert.strictEqual(error.upload?.folder, "/dup")
      assert.strictEqual(error.upload?.bytesSent, PAYLOAD.byteLength)
      assert.include(error.message, "may or may not be stored")
      // Stored once by the request whose answer was lost, and never sent again.
      assert.strictEqual(storedCount(running, "lost.bin"), 1)
      assert.strictEqual(running.stats().requests, 1)
    })
  )

  it.scopedLive("a reset while the body is still being sent is outcome Incomplete: nothing stored, not retried", () =>
    Effect.gen(function* () {
      const { running, ik } = yield* emulator()
      const dir = yield* tempDir
      const path = join(dir, "reset.bin")
      // Larger than what the loopback socket buffers absorb, so the reset comes before the body's end.
      yield* Effect.promise(() => writeFile(path, bytesOf(8 * 1024 * 1024)))
      running.injectNext("reset")
      const error = yield* Effect.flip(ik.upload({ file: yield* Upload.fromPath(path), fileName: "reset.bin" }))
      assert.strictEqual(error._tag, "RequestError")
      if (error._tag !== "RequestError") return
      assert.strictEqual(error.upload?.outcome, "Incomplete")
      assert.isBelow(error.upload?.bytesSent ?? Number.POSITIVE_INFINITY, 8 * 1024 * 1024)
      assert.strictEqual(error.upload?.totalBytes, 8 * 1024 * 1024)
      assert.strictEqual(storedCount(running, "reset.bin"), 0)
      assert.strictEqual(running.stats().requests, 1)
      // The file handle closes on the thread pool, just after the failure is reported.
      yield* Effect.promise(async () => {
        for (let tries = 0; tries < 100 && (await openDescriptors(path)) > 0; tries++) {
          await new Promise((resolve) => setTimeout(resolve, 2))
        }
      })
      assert.strictEqual(yield* Effect.promise(() => openDescriptors(path)), 0)
    })
  )

  it.scopedLive("a refused connection is retried, and a one-shot stream is still sent whole", () =>
    Effect.gen(function* () {
      const { running, ik } = yield* emulator()
      // A port with nothing listening: take one from a server that is closed at once.
      const closed = yield* Effect.promise(() => start({ privateKey: PRIVATE_KEY }))
      yield* Effect.promise(() => closed.close())
      const refused = yield* ImageKit.ImageKit.pipe(
        Effect.provide(
          ImageKit.layerNode({
            publicKey: "p",
            privateKey: PRIVATE_KEY,
            urlEndpoint: running.urlEndpoint,
            uploadBaseUrl: closed.url,
            retry: { maxRetries: 2, baseDelay: "1 millis", maxDelay: "2 millis" }
          })
        )
      )
      const error = yield* Effect.flip(
        ik
          .upload({ file: PAYLOAD, fileName: "x.bin" })
          .pipe(Effect.zipRight(refused.upload({ file: Stream.make(PAYLOAD), fileName: "refused.bin" })))
      )
      assert.strictEqual(error._tag, "RequestError")
      if (error._tag !== "RequestError") return
      assert.strictEqual(error.code, "ECONNREFUSED")
      assert.strictEqual(error.upload?.outcome, "NotSent")
      assert.strictEqual(error.notRetried, undefined)
    })
  )

  it.scopedLive("a 429 after a stream was read is not retried and says why; a path is re-read and retried", () =>
    Effect.gen(function* () {
      const { running, ik } = yield* emulator({ faults: { rateLimitResetMs: 5 } })
      running.injectNext("rateLimited")
      const error = yield* Effect.flip(ik.upload({ file: Readable.from([Buffer.from(PAYLOAD)]), fileName: "once.bin" }))
      // The emulator answers 429 before reading the body; whether the stream was read depends on timing.
      if (error._tag === "RateLimitError") assert.strictEqual(error.notRetried, "SourceConsumed")
      else assert.fail(`expected a RateLimitError, got ${error._tag}`)
      const dir = yield* tempDir
      const path = join(dir, "again.bin")
      yield* Effect.promise(() => writeFile(path, PAYLOAD))
      running.injectNext("rateLimited")
      const result = yield* ik.upload({ file: yield* Upload.fromPath(path), fileName: "again.bin" })
      assert.isTrue(sameBytes(storedBytes(running, result), PAYLOAD))
      assert.strictEqual(storedCount(running, "again.bin"), 1)
    })
  )

  it.scopedLive(
    "under lostResponseRate and resetRate, no name is stored twice and every failure says its outcome",
    () =>
      Effect.gen(function* () {
        const { running, ik } = yield* emulator({ faults: { seed: 7, lostResponseRate: 0.25, resetRate: 0.25 } })
        const outcomes = yield* ik.uploadMany(
          Array.from({ length: 40 }, (_, index) => ({
            file: bytesOf(4096, index),
            fileName: `fault-${index}.bin`,
            useUniqueFileName: false
          })),
          { concurrency: 4 }
        )
        assert.strictEqual(outcomes.length, 40)
        let failed = 0
        for (const outcome of outcomes) {
          const count = storedCount(running, outcome.fileName)
          assert.isAtMost(count, 1, outcome.fileName)
          if (outcome._tag === "Uploaded") {
            assert.strictEqual(count, 1)
            continue
          }
          failed++
          assert.strictEqual(outcome.error._tag, "RequestError")
          if (outcome.error._tag !== "RequestError") continue
          const state = outcome.error.upload?.outcome
          assert.oneOf(state, ["Unknown", "Incomplete"])
          if (state === "Incomplete") assert.strictEqual(count, 0)
        }
        assert.isAbove(failed, 0)
        // One request per file: nothing was sent twice.
        assert.strictEqual(running.stats().requests, 40)
      })
  )
})

describe("uploadMany", () => {
  it.scopedLive("respects the concurrency limit, waits out 429s, and reports every file in order", () =>
    Effect.gen(function* () {
      const { running, ik } = yield* emulator({ faults: { latencyMs: 20, rateLimitResetMs: 30 } })
      running.injectNext("rateLimited", 2)
      const items: Array<Upload.UploadManyItem> = Array.from({ length: 8 }, (_, index) => ({
        file: bytesOf(1024, index),
        fileName: `many-${index}.bin`
      }))
      // One invalid item fails on its own, before any request.
      items.push({ file: bytesOf(10), fileName: "" })
      let inFlight = 0
      let maxInFlight = 0
      const outcomes = yield* ik.uploadMany(items, {
        concurrency: 3,
        onProgress: (_, progress) => {
          if (progress.bytesSent === 0) {
            inFlight++
            maxInFlight = Math.max(maxInFlight, inFlight)
          } else if (progress.bytesSent === progress.totalBytes) inFlight--
        }
      })
      assert.deepStrictEqual(
        outcomes.map((outcome) => [outcome.index, outcome._tag]),
        [...items.keys()].map((index) => [index, index < 8 ? "Uploaded" : "Failed"])
      )
      assert.strictEqual(outcomes[8]?._tag === "Failed" ? outcomes[8].error._tag : "", "InvalidInputError")
      assert.isAtMost(maxInFlight, 3)
      assert.strictEqual(running.stats().rateLimited, 2)
      for (let index = 0; index < 8; index++) assert.strictEqual(storedCount(running, `many-${index}.bin`), 1)
    })
  )

  it.scopedLive("an onProgress that throws fails that file (a typed RequestError), not the batch or the process", () =>
    Effect.gen(function* () {
      const { running, ik } = yield* emulator()
      const outcomes = yield* ik.uploadMany(
        [0, 1, 2].map((index) => ({ file: bytesOf(300 * 1024, index), fileName: `cb-${index}.bin` })),
        {
          concurrency: 1,
          onProgress: (index, progress) => {
            if (index === 1 && progress.bytesSent > 0) throw new Error("progress bar broke")
          }
        }
      )
      assert.deepStrictEqual(
        outcomes.map((outcome) => outcome._tag),
        ["Uploaded", "Failed", "Uploaded"]
      )
      const failed = outcomes[1]
      assert.strictEqual(failed?._tag === "Failed" ? failed.error._tag : "", "RequestError")
      assert.include(failed?._tag === "Failed" ? failed.error.message : "", "progress bar broke")
      assert.strictEqual(storedCount(running, "cb-1.bin"), 0)
    })
  )

  it.scopedLive("an onSettled that throws fails uploadMany with what it threw; the process lives on", () =>
    Effect.gen(function* () {
      const { ik } = yield* emulator()
      const exit = yield* Effect.exit(
        ik.uploadMany([{ file: bytesOf(16), fileName: "settled.bin" }], {
          onSettled: () => {
            throw new Error("listener broke")
          }
        })
      )
      assert.isTrue(Exit.isFailure(exit))
      if (Exit.isFailure(exit)) assert.include(String(Cause.squash(exit.cause)), "listener broke")
    })
  )

  it.scopedLive("onSettled hears each file once, as it finishes, before the batch ends", () =>
    Effect.gen(function* () {
      const { running, ik } = yield* emulator()
      const sizes = [256 * 1024, 16, 64 * 1024, 8]
      const items = sizes.map((size, index) => ({ file: bytesOf(size, index), fileName: `settled-${index}.bin` }))
      items.push({ file: bytesOf(8), fileName: "" })
      const heard: Array<{ readonly index: number; readonly tag: string; readonly stored: number }> = []
      const outcomes = yield* ik.uploadMany(items, {
        concurrency: 2,
        onSettled: (outcome) =>
          heard.push({
            index: outcome.index,
            tag: outcome._tag,
            // What the server holds at that moment: an Uploaded file is already stored when it is heard of.
            stored: storedCount(running, outcome.fileName)
          })
      })
      assert.strictEqual(heard.length, items.length)
      assert.deepStrictEqual([...heard.map((entry) => entry.index)].sort(), [0, 1, 2, 3, 4])
      for (const entry of heard) {
        assert.strictEqual(entry.tag, outcomes[entry.index]?._tag)
        assert.strictEqual(entry.stored, entry.tag === "Uploaded" ? 1 : 0)
      }
    })
  )
})
