/**
 * Streaming uploads through the adapter, against the loopback emulator: every input kind stored byte for byte and
 * sent as it is read (over node:http when no `fetch` was given), progress, cancellation through an `AbortSignal`
 * (timing, sockets, file descriptors), no duplicates under lost responses and resets, and 429 bodies on both
 * transports.
 */
import { Buffer } from "node:buffer"
import { spawnSync } from "node:child_process"
import { createReadStream, existsSync, openAsBlob, readFileSync } from "node:fs"
import { mkdtemp, readdir, readFile, readlink, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Readable } from "node:stream"
import { fileURLToPath } from "node:url"
import * as util from "node:util"
import { Emulator } from "@effect-imagekit/testing"
import * as Stream from "effect/Stream"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import ImageKit, {
  ImageKitRequestError,
  type ImageKitOptions,
  type UploadOptions,
  type UploadProgress
} from "../src/index.js"

const PRIVATE_KEY = "private_uploads_test_key"

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ik-promise-uploads-"))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const withEmulator = async <A>(
  options: Emulator.Options,
  body: (running: Emulator.Running) => Promise<A>
): Promise<A> => {
  const running = await Emulator.start({ privateKey: PRIVATE_KEY, ...options })
  try {
    return await body(running)
  } finally {
    await running.close()
  }
}

const clientFor = (running: Emulator.Running, extra: Partial<ImageKitOptions> = {}) =>
  new ImageKit({
    publicKey: "public_uploads_test",
    privateKey: PRIVATE_KEY,
    urlEndpoint: running.urlEndpoint,
    apiBaseUrl: running.url,
    uploadEndpoint: `${running.url}/api/v1/files/upload`,
    retry: { maxRetries: 2, baseDelay: 2, maxDelay: 10 },
    ...extra
  })

const bytesOf = (size: number, seed = 1): Uint8Array<ArrayBuffer> => {
  const bytes = new Uint8Array(size)
  for (let index = 0; index < size; index++) bytes[index] = (index * 31 + seed) & 0xff
  return bytes
}

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array): boolean =>
  a !== undefined && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0

const stored = (running: Emulator.Running, result: unknown): Uint8Array | undefined => {
  const url = (result as { readonly url?: unknown }).url
  return typeof url === "string" ? running.model.readUrl(url)?.bytes : undefined
}

/** Files stored under `name`, with or without the unique suffix the server adds (`name_XXXXXXXXX.ext`). */
const storedCount = (running: Emulator.Running, name: string): number => {
  const dot = name.lastIndexOf(".")
  const [stem, extension] = dot <= 0 ? [name, ""] : [name.slice(0, dot), name.slice(dot)]
  const unique = new RegExp(`^${stem}_[A-Za-z0-9]{9}${extension.replace(".", "\\.")}$`)
  return running.model.files().filter((file) => file.name === name || unique.test(String(file.name))).length
}

const rejection = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error("expected a rejection")
}

const waitFor = async (check: () => boolean | Promise<boolean>, timeoutMs = 2000): Promise<boolean> => {
  const until = performance.now() + timeoutMs
  while (performance.now() < until) {
    if (await check()) return true
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  return check()
}

/** Descriptors of this process open on `path` (Linux /proc), to prove a file handle was closed. */
const openDescriptors = async (path: string): Promise<number> => {
  const entries = await readdir("/proc/self/fd").catch(() => [] as Array<string>)
  let count = 0
  for (const entry of entries) {
    if ((await readlink(`/proc/self/fd/${entry}`).catch(() => "")) === path) count++
  }
  return count
}

/**
 * Client sockets of this process connected to `port` (Linux /proc/net/tcp): the remote port is `port` and the socket
 * still has an inode (a closed socket is orphaned, inode 0, while the kernel finishes its shutdown).
 */
const clientSocketsTo = async (port: number): Promise<number> => {
  const table = await readFile("/proc/net/tcp", "utf8")
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0")
  return table
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((columns) => columns[2]?.endsWith(`:${hexPort}`) === true && columns[9] !== undefined && columns[9] !== "0")
    .length
}

const PAYLOAD = bytesOf(300 * 1024)

describe("every input kind", () => {
  const kinds: ReadonlyArray<
    readonly [string, (path: string) => Promise<UploadOptions["file"]> | UploadOptions["file"]]
  > = [
    ["Uint8Array", () => PAYLOAD],
    ["Buffer", () => Buffer.from(PAYLOAD)],
    ["ArrayBuffer", () => PAYLOAD.slice().buffer],
    ["Blob", () => new Blob([PAYLOAD])],
    ["File", () => new File([PAYLOAD], "named.bin")],
    ["nameless Blob from fs.openAsBlob", (path) => openAsBlob(path)],
    ["ImageKit.fromPath", (path) => ImageKit.fromPath(path)],
    ["web ReadableStream", () => new Blob([PAYLOAD]).stream()],
    ["Node Readable (fs.createReadStream)", (path) => createReadStream(path, { highWaterMark: 16 * 1024 })],
    ["Node Readable (Readable.from)", () => Readable.from([PAYLOAD.subarray(0, 1000), PAYLOAD.subarray(1000)])],
    ["Effect Stream", () => Stream.fromIterable([PAYLOAD.subarray(0, 70_000), PAYLOAD.subarray(70_000)])],
    ["base64 text", () => Buffer.from(PAYLOAD).toString("base64")]
  ]

  for (const transport of ["node:http (no fetch option)", "a caller's fetch"] as const) {
    it(`are stored byte for byte, over ${transport}`, async () => {
      const path = join(dir, `input-${transport === "a caller's fetch" ? "fetch" : "node"}.bin`)
      await writeFile(path, PAYLOAD)
      await withEmulator({}, async (running) => {
        const fetched: Array<string> = []
        const ik = clientFor(
          running,
          transport === "a caller's fetch"
            ? {
                fetch: (input, init) => {
                  fetched.push(String(input))
                  return fetch(input, init)
                }
              }
            : {}
        )
        for (const [kind, make] of kinds) {
          const result = await ik.upload({ file: await make(path), fileName: "input.bin", folder: "/inputs" })
          expect(sameBytes(stored(running, result), PAYLOAD), kind).toBe(true)
        }
        expect(fetched.length).toBe(transport === "a caller's fetch" ? kinds.length : 0)
        expect(await openDescriptors(path)).toBe(0)
      })
    })
  }

  it("without a fetch option, uploads and API calls never go through fetch (node:http on Node; fetch buffers streamed bodies on Node 20/22)", async () => {
    await withEmulator({}, async (running) => {
      const spy = vi.spyOn(globalThis, "fetch")
      try {
        const ik = clientFor(running)
        const result = await ik.upload({ file: Readable.from([Buffer.from(PAYLOAD)]), fileName: "direct.bin" })
        expect(sameBytes(stored(running, result), PAYLOAD)).toBe(true)
        expect(spy).not.toHaveBeenCalled()
        // API calls too go over node:http on Node without a fetch option (decision 0011); with one, they use it.
        const details = await ik.getFileDetails(String((result as { readonly fileId: string }).fileId))
        expect(details.name).toMatch(/^direct_\w+\.bin$/)
        expect(spy).not.toHaveBeenCalled()
      } finally {
        spy.mockRestore()
      }
    })
  })

  it("a stream is sent as it is read, not read into memory first", async () => {
    await withEmulator({}, async (running) => {
      const ik = clientFor(running)
      const chunk = bytesOf(64 * 1024)
      const chunks = 64 // 4 MiB
      let sentBeforeLastChunk = -1
      let latest = 0
      const source = Readable.from(
        (async function* () {
          for (let index = 0; index < chunks; index++) {
            if (index === chunks - 1) sentBeforeLastChunk = latest
            yield chunk
          }
        })()
      )
      const result = await ik.upload({
        file: source,
        fileName: "paced.bin",
        onProgress: (progress) => {
          latest = progress.bytesSent
        }
      })
      expect((result as { readonly size?: unknown }).size).toBe(chunk.byteLength * chunks)
      // The old adapter read the whole stream before sending a byte; now most of it is on the wire before its end.
      expect(sentBeforeLastChunk).toBeGreaterThan(chunk.byteLength * chunks * 0.5)
    })
  })

  it("a failing stream rejects with an Encode ImageKitRequestError and stores nothing", async () => {
    await withEmulator({}, async (running) => {
      const ik = clientFor(running)
      const source = Readable.from(
        (async function* () {
          yield Buffer.from(PAYLOAD.subarray(0, 1000))
          throw new Error("disk on fire")
        })()
      )
      const error = await rejection(ik.upload({ file: source, fileName: "broken.bin" }))
      expect(error).toBeInstanceOf(ImageKitRequestError)
      expect(error).toMatchObject({ reason: "Encode", upload: { fileName: "broken.bin", outcome: "Incomplete" } })
      expect(storedCount(running, "broken.bin")).toBe(0)
    })
  })

  it("fromPath rejects a missing file with { message, help }", async () => {
    const error = await rejection(ImageKit.fromPath(join(dir, "missing.bin")))
    expect(error).toStrictEqual({ message: `Cannot upload ${join(dir, "missing.bin")}`, help: expect.any(String) })
  })
})

describe("progress", () => {
  it("an onProgress that throws rejects the upload with a transport error naming it; nothing stored, process alive", async () => {
    await withEmulator({}, async (running) => {
      const ik = clientFor(running)
      const error = await rejection(
        ik.upload({
          file: bytesOf(512 * 1024),
          fileName: "throws.bin",
          onProgress: (progress: UploadProgress) => {
            if (progress.bytesSent > 0) throw new Error("progress bar broke")
          }
        })
      )
      expect(error).toBeInstanceOf(Error)
      expect(String((error as Error).message)).toContain("progress bar broke")
      expect(running.model.files().filter((file) => String(file.name).startsWith("throws")).length).toBe(0)
      // The same client goes on working.
      const again = await ik.upload({ file: bytesOf(16), fileName: "after.bin" })
      expect(again).toMatchObject({ name: expect.stringMatching(/^after/) })
    })
  })

  it("onProgress rises monotonically to the file size, by callback and Promise, and is never a form field", async () => {
    await withEmulator({}, async (running) => {
      const forms: Array<ReadonlyArray<string>> = []
      const viaFetch = clientFor(running, {
        // The body is a stream: read the form from a copy of the request (a tee) before sending the original.
        fetch: async (input, init) => {
          const request = new Request(input, init)
          if (request.method === "POST") forms.push([...(await request.clone().formData()).keys()])
          return fetch(request)
        }
      })
      for (const ik of [clientFor(running), viaFetch]) {
        const file = bytesOf(2 * 1024 * 1024)
        const seen: Array<UploadProgress> = []
        const options = {
          file,
          fileName: "progress.bin",
          tags: ["a"],
          onProgress: (progress: UploadProgress) => seen.push(progress)
        }
        await ik.upload(options)
        const viaCallback = await new Promise<unknown>((resolve, reject) =>
          ik.upload(options, (error, result) => (error ? reject(error) : resolve(result)))
        )
        expect(sameBytes(stored(running, viaCallback), file)).toBe(true)
        expect(seen.length).toBeGreaterThan(2)
        for (let index = 1; index < seen.length; index++) {
          const [before, after] = [seen[index - 1], seen[index]]
          if (after?.bytesSent === 0) continue // the second upload starts again
          expect(after?.bytesSent).toBeGreaterThanOrEqual(before?.bytesSent ?? 0)
        }
        expect(seen.at(-1)).toEqual({ bytesSent: file.byteLength, totalBytes: file.byteLength, attempt: 1 })
        expect(seen.filter((progress) => progress.bytesSent === file.byteLength).length).toBeGreaterThanOrEqual(2)
        // The caller's object is left as it was.
        expect(Object.keys(options)).toEqual(["file", "fileName", "tags", "onProgress"])
      }
      expect(forms).toEqual([
        ["file", "fileName", "tags"],
        ["file", "fileName", "tags"]
      ])
    })
  })

  it("a stream has no total; the last progress is its length", async () => {
    await withEmulator({}, async (running) => {
      const seen: Array<UploadProgress> = []
      await clientFor(running).upload({
        file: new Blob([PAYLOAD]).stream(),
        fileName: "stream.bin",
        onProgress: (progress) => seen.push(progress)
      })
      expect(seen.at(-1)).toEqual({ bytesSent: PAYLOAD.byteLength, totalBytes: undefined, attempt: 1 })
    })
  })
})

describe("cancellation through an AbortSignal", () => {
  const BIG = 8 * 1024 * 1024

  it("stops a path upload within 50 ms, rejects with an AbortError and leaves no socket or descriptor", async () => {
    const path = join(dir, "big.bin")
    await writeFile(path, bytesOf(BIG))
    // The server answers only after 10 s, so the upload is surely in flight when it is aborted.
    await withEmulator({ faults: { latencyMs: 10_000 } }, async (running) => {
      const ik = clientFor(running)
      const controller = new AbortController()
      let sent = 0
      let settledAt = 0
      const pending = ik
        .upload({
          file: await ImageKit.fromPath(path),
          fileName: "cancelled.bin",
          onProgress: (progress) => {
            sent = progress.bytesSent
          },
          signal: controller.signal
        })
        .finally(() => {
          settledAt = performance.now()
        })
      expect(await waitFor(async () => sent > 0 && (await openDescriptors(path)) === 1)).toBe(true)
      expect(await clientSocketsTo(running.port)).toBe(1)
      const abortedAt = performance.now()
      controller.abort()
      const error = await rejection(pending)
      expect(settledAt - abortedAt).toBeLessThan(50)
      expect(error).toBeInstanceOf(Error)
      expect(error).toMatchObject({
        name: "AbortError",
        message: "Upload aborted",
        help: expect.stringContaining("has not stored it"),
        upload: { fileName: "cancelled.bin", bytesSent: expect.any(Number), totalBytes: BIG }
      })
      const { upload } = error as { readonly upload: { readonly bytesSent: number } }
      expect(upload.bytesSent).toBeGreaterThan(0)
      expect(upload.bytesSent).toBeLessThan(BIG)
      for (const text of [util.inspect(error, { showHidden: true, depth: 10 }), JSON.stringify(error)]) {
        expect(text).not.toContain(PRIVATE_KEY)
        expect(text).not.toContain(Buffer.from(`${PRIVATE_KEY}:`).toString("base64"))
      }
      // Closing is asynchronous (a FileHandle closes on the thread pool): allow a few ms.
      expect(
        await waitFor(async () => (await openDescriptors(path)) === 0 && (await clientSocketsTo(running.port)) === 0)
      ).toBe(true)
      expect(storedCount(running, "cancelled.bin")).toBe(0)
    })
  })

  it("stops an fs.createReadStream upload with a callback, and destroys the stream", async () => {
    const path = join(dir, "big-stream.bin")
    await writeFile(path, bytesOf(BIG))
    await withEmulator({ faults: { latencyMs: 10_000 } }, async (running) => {
      const ik = clientFor(running)
      const controller = new AbortController()
      const source = createReadStream(path)
      let sent = 0
      const settled = new Promise<{ readonly error: unknown; readonly at: number }>((resolve) =>
        ik.upload(
          {
            file: source,
            fileName: "cancelled-stream.bin",
            onProgress: (progress) => {
              sent = progress.bytesSent
            },
            signal: controller.signal
          },
          (error) => resolve({ error, at: performance.now() })
        )
      )
      expect(await waitFor(() => sent > 0)).toBe(true)
      const abortedAt = performance.now()
      controller.abort()
      const { error, at } = await settled
      expect(at - abortedAt).toBeLessThan(50)
      expect(error).toMatchObject({ name: "AbortError", message: "Upload aborted", upload: { totalBytes: undefined } })
      expect(await waitFor(() => source.destroyed)).toBe(true)
      expect(
        await waitFor(async () => (await openDescriptors(path)) === 0 && (await clientSocketsTo(running.port)) === 0)
      ).toBe(true)
    })
  })

  it("an already aborted signal sends nothing; a signal shared by calls that finished keeps no listener", async () => {
    await withEmulator({}, async (running) => {
      const ik = clientFor(running)
      const error = await rejection(ik.upload({ file: PAYLOAD, fileName: "never.bin", signal: AbortSignal.abort() }))
      expect(error).toMatchObject({ name: "AbortError", upload: { fileName: "never.bin", bytesSent: 0 } })
      expect(running.stats().requests).toBe(0)

      // A validation failure wins over the signal, as it happens inside the call.
      expect(await rejection(ik.upload({ file: PAYLOAD, fileName: "", signal: AbortSignal.abort() }))).toStrictEqual({
        message: "Missing fileName parameter for upload",
        help: ""
      })

      const controller = new AbortController()
      const added = vi.spyOn(controller.signal, "addEventListener")
      const removed = vi.spyOn(controller.signal, "removeEventListener")
      for (let index = 0; index < 3; index++) {
        await ik.upload({ file: PAYLOAD, fileName: `shared-${index}.bin`, signal: controller.signal })
      }
      expect(added).toHaveBeenCalledTimes(3)
      expect(removed).toHaveBeenCalledTimes(3)
      // Aborting afterwards touches nothing.
      controller.abort()
      expect(storedCount(running, "shared-0.bin")).toBe(1)
    })
  })
})

describe("no duplicates", () => {
  it("a lost answer rejects with upload.outcome Unknown and what was sent; nothing is sent twice", async () => {
    await withEmulator({}, async (running) => {
      const ik = clientFor(running)
      running.injectNext("lostResponse")
      const error = await rejection(ik.upload({ file: PAYLOAD, fileName: "lost.bin", folder: "/dup" }))
      expect(error).toBeInstanceOf(ImageKitRequestError)
      expect(error).toMatchObject({
        name: "ImageKitRequestError",
        method: "POST",
        reason: "Transport",
        upload: {
          fileName: "lost.bin",
          folder: "/dup",
          bytesSent: PAYLOAD.byteLength,
          totalBytes: PAYLOAD.byteLength,
          outcome: "Unknown"
        }
      })
      expect((error as Error).message).toContain("may or may not be stored")
      expect(JSON.parse(JSON.stringify(error))).toMatchObject({ upload: { outcome: "Unknown" } })
      expect(util.inspect(error, { showHidden: true, depth: 10 })).not.toContain(PRIVATE_KEY)
      expect(storedCount(running, "lost.bin")).toBe(1)
      expect(running.stats().requests).toBe(1)
    })
  })

  it("under lostResponseRate and resetRate, no file is stored twice and every failure says its outcome", async () => {
    await withEmulator({ faults: { seed: 7, lostResponseRate: 0.25, resetRate: 0.25 } }, async (running) => {
      const ik = clientFor(running)
      const count = 40
      const results: Array<PromiseSettledResult<unknown>> = []
      let next = 0
      const worker = async () => {
        while (next < count) {
          const index = next++
          const file = index % 2 === 0 ? bytesOf(4096, index) : Readable.from([Buffer.from(bytesOf(4096, index))])
          results[index] = await ik
            .upload({ file, fileName: `fault-${index}.bin`, useUniqueFileName: false })
            .then((value) => ({ status: "fulfilled" as const, value }))
            .catch((reason: unknown) => ({ status: "rejected" as const, reason }))
        }
      }
      await Promise.all([worker(), worker(), worker(), worker()])
      let failed = 0
      for (let index = 0; index < count; index++) {
        const stored = storedCount(running, `fault-${index}.bin`)
        expect(stored, `fault-${index}.bin`).toBeLessThanOrEqual(1)
        const result = results[index]
        if (result?.status === "fulfilled") {
          expect(stored).toBe(1)
          continue
        }
        failed++
        const reason: unknown = result?.status === "rejected" ? result.reason : undefined
        expect(reason).toBeInstanceOf(ImageKitRequestError)
        const outcome = reason instanceof ImageKitRequestError ? reason.upload?.outcome : undefined
        expect(["Unknown", "Incomplete"]).toContain(outcome)
        if (outcome === "Incomplete") expect(stored).toBe(0)
      }
      expect(failed).toBeGreaterThan(0)
      // One request per file: nothing was sent twice.
      expect(running.stats().requests).toBe(count)
    })
  })
})

describe("429", () => {
  const limits = { rateLimits: [{ method: "POST", pathPrefix: "/api/v1/files/upload", limit: 1, intervalMs: 60_000 }] }

  for (const transport of ["node:http (no fetch option)", "a caller's fetch"] as const) {
    it(`an upload's 429 keeps v6's body and numeric X-RateLimit-* fields, over ${transport}`, async () => {
      await withEmulator(limits, async (running) => {
        const ik = clientFor(running, {
          retry: false,
          ...(transport === "a caller's fetch" ? { fetch: (input, init) => fetch(input, init) } : {})
        })
        await ik.upload({ file: PAYLOAD, fileName: "first.bin" })
        const error = (await rejection(ik.upload({ file: PAYLOAD, fileName: "second.bin" }))) as Record<string, unknown>
        expect({ ...error }).toStrictEqual({
          message: "rate limit exceeded",
          help: expect.any(String),
          "X-RateLimit-Limit": 1,
          "X-RateLimit-Reset": expect.any(Number),
          "X-RateLimit-Interval": 60000
        })
        const metadata = error.$ResponseMetadata as { statusCode: number; headers: Record<string, string> }
        expect(metadata.statusCode).toBe(429)
        expect(Object.keys(metadata.headers).filter((name) => name.startsWith("x-effect-imagekit"))).toEqual([])
      })
    })
  }

  it("a stream already read is not retried after a 429, and the error is still v6's 429 object", async () => {
    await withEmulator({ faults: { rateLimitResetMs: 5 } }, async (running) => {
      const ik = clientFor(running)
      running.injectNext("rateLimited")
      const error = (await rejection(
        ik.upload({ file: Readable.from([Buffer.from(PAYLOAD)]), fileName: "once.bin" })
      )) as Record<string, unknown>
      expect(error).toMatchObject({ message: "rate limit exceeded", "X-RateLimit-Reset": expect.any(Number) })
      // A path is re-read, so the same 429 is waited out and retried.
      const path = join(dir, "again.bin")
      await writeFile(path, PAYLOAD)
      running.injectNext("rateLimited")
      const result = await ik.upload({ file: await ImageKit.fromPath(path), fileName: "again.bin" })
      expect(sameBytes(stored(running, result), PAYLOAD)).toBe(true)
    })
  })
})

describe("docs/promise.md", () => {
  const dist = fileURLToPath(new URL("../dist/index.js", import.meta.url))
  const packageDir = fileURLToPath(new URL("..", import.meta.url))

  it.runIf(existsSync(dist))("the uploads example runs as written (against the built package)", () => {
    const guide = readFileSync(new URL("../../../docs/promise.md", import.meta.url), "utf8")
    const block = /<!-- uploads-example:start -->\s*```js\n([\s\S]*?)```\s*<!-- uploads-example:end -->/.exec(guide)
    expect(block).not.toBeNull()
    // Run from the package directory, so `@effect-imagekit/promise` resolves to this package (its dist).
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", block?.[1] ?? ""], {
      cwd: packageDir,
      encoding: "utf8",
      timeout: 20_000
    })
    expect(child.stderr).toBe("")
    expect(child.stdout).toContain("sent 3145728 of 3145728")
    expect(child.stdout).toMatch(/stored \/uploads\/ik-promise-example.*\.bin 3145728/)
    expect(child.stdout).toMatch(/aborted after \d+ bytes|finished first/)
    expect(child.stdout).toContain("lost answer; stored anyway: true")
  })
})
