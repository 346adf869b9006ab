import { spawnSync } from "node:child_process"
import { createHmac } from "node:crypto"
import { createServer } from "node:net"
import { existsSync } from "node:fs"
import { Readable } from "node:stream"
import { fileURLToPath } from "node:url"
import * as util from "node:util"
import { ImageKit as Client } from "@effect-imagekit/sdk"
import { Emulator } from "@effect-imagekit/testing"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import V6 from "imagekit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import ImageKit, { ImageKit as NamedImageKit, ImageKitRequestError, type ImageKitOptions } from "../src/index.js"

const PRIVATE_KEY = "private_test_key"
const PUBLIC_KEY = "public_test_key"

let emulator: Emulator.Running

beforeAll(async () => {
  emulator = await Emulator.start({
    privateKey: PRIVATE_KEY,
    rateLimits: [{ method: "GET", pathPrefix: "/v1/bulkJobs/", limit: 1, intervalMs: 60_000 }]
  })
})

afterAll(async () => {
  await emulator.close()
})

const make = (extra: Partial<ImageKitOptions> = {}) =>
  new ImageKit({
    publicKey: PUBLIC_KEY,
    privateKey: PRIVATE_KEY,
    urlEndpoint: emulator.urlEndpoint,
    apiBaseUrl: emulator.url,
    uploadEndpoint: `${emulator.url}/api/v1/files/upload`,
    retry: false,
    ...extra
  })

const uploadOne = (ik: ImageKit, fileName = "a.txt") =>
  ik.upload({ file: new TextEncoder().encode("hello"), fileName, useUniqueFileName: false })

const settle = <A>(run: (callback: (error: unknown, result: A | null) => void) => void) =>
  new Promise<{ readonly error: unknown; readonly result: A | null }>((resolve) => {
    run((error, result) => resolve({ error, result }))
  })

const rejection = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error("expected a rejection")
}

/** A loopback port nothing listens on (fetch refuses well-known ports such as 1 before connecting). */
const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer()
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })

const metadataOf = (value: unknown) =>
  Object.getOwnPropertyDescriptor(value, "$ResponseMetadata") as PropertyDescriptor | undefined

describe("exports", () => {
  it("has a default and a named export of the same class", () => {
    expect(NamedImageKit).toBe(ImageKit)
    expect(ImageKit.name).toBe("ImageKit")
  })
})

describe("constructor", () => {
  const full = { publicKey: "pub", privateKey: "priv", urlEndpoint: "https://ik.imagekit.io/demo" }

  it("checks publicKey, privateKey and urlEndpoint in v6's order with v6's messages", () => {
    const construct = (options: unknown) => () => new ImageKit(options as ImageKitOptions)
    expect(construct(undefined)).toThrowError(new Error("Missing publicKey during ImageKit initialization"))
    expect(construct({})).toThrowError("Missing publicKey during ImageKit initialization")
    expect(construct({ ...full, publicKey: "" })).toThrowError("Missing publicKey during ImageKit initialization")
    expect(construct({ ...full, privateKey: undefined })).toThrowError(
      "Missing privateKey during ImageKit initialization"
    )
    expect(construct({ ...full, privateKey: Redacted.make("") })).toThrowError(
      "Missing privateKey during ImageKit initialization"
    )
    expect(construct({ ...full, urlEndpoint: "" })).toThrowError("Missing urlEndpoint during ImageKit initialization")
    for (const options of [undefined, {}, { ...full, privateKey: "" }, { ...full, urlEndpoint: "" }]) {
      let ours: unknown
      let theirs: unknown
      try {
        construct(options)()
      } catch (error) {
        ours = error
      }
      try {
        new V6(options as never)
      } catch (error) {
        theirs = error
      }
      expect(ours).toBeInstanceOf(Error)
      expect((ours as Error).message).toBe((theirs as Error).message)
    }
  })

  it("keeps v6's merged options, unknown keys included, with the private key redacted", () => {
    const ik = new ImageKit({ ...full, authenticationEndpoint: "https://example.com/auth" })
    expect(ik.options.authenticationEndpoint).toBe("https://example.com/auth")
    expect(ik.options.uploadEndpoint).toBe("https://upload.imagekit.io/api/v1/files/upload")
    expect(ik.options.transformationPosition).toBe("path")
    expect(Redacted.isRedacted(ik.options.privateKey)).toBe(true)
    // A Redacted key is accepted, so an instance's options can build another instance.
    expect(new ImageKit(ik.options as ImageKitOptions).url({ path: "/a.jpg", signed: true })).toBe(
      new V6(full).url({ path: "/a.jpg", signed: true })
    )
  })

  it("rejects a fetch option that is not a function", () => {
    expect(() => new ImageKit({ ...full, fetch: "nope" as unknown as typeof fetch })).toThrowError(TypeError)
  })
})

describe("url and the synchronous utilities", () => {
  const full = { publicKey: "pub", privateKey: "private_key_test", urlEndpoint: "https://ik.imagekit.io/demo" }
  const ours = new ImageKit(full)
  const v6 = new V6(full)

  it("builds what v6 builds (single-slash form where 6.0.0 doubled it)", () => {
    const cases = [
      { path: "/a/b.jpg", transformation: [{ height: 300, width: 400 }] },
      { path: "/a.jpg", transformation: [{ height: 300 }], transformationPosition: "query" as const },
      { src: "https://ik.imagekit.io/demo/x.jpg?v=1", transformation: [{ effectSharpen: "-" }] },
      { path: "/a.jpg", queryParameters: { v: "123" }, signed: true },
      { path: "/é.jpg", transformation: [{ raw: "l-text,i-Hi,l-end" }], signed: true }
    ]
    for (const options of cases) expect(ours.url(options)).toBe(v6.url(options))
    // v6 issue #111: 6.0.0 doubles the slash after an endpoint with a trailing slash; the README shows one.
    const trailing = { ...full, urlEndpoint: "https://ik.imagekit.io/demo/" }
    expect(new V6(trailing).url({ path: "/a.jpg" })).toBe("https://ik.imagekit.io/demo//a.jpg")
    expect(new ImageKit(trailing).url({ path: "/a.jpg" })).toBe("https://ik.imagekit.io/demo/a.jpg")
  })

  it("returns an empty string without path or src and throws v6's TypeError for an invalid src", () => {
    expect(ours.url({})).toBe("")
    expect(() => ours.url({ src: "not a url" })).toThrowError(TypeError)
    expect(() => ours.url({ src: "not a url" })).toThrowError("Invalid URL")
    expect(() => ours.url({ path: "/a.jpg", urlEndpoint: undefined })).toThrowError(TypeError)
    // v6 printed `?ik-s=` (an empty signature ImageKit refuses); we say what is missing instead.
    expect(() => ours.url({ path: "/a.jpg", signed: true, privateKey: "" } as never)).toThrowError(/privateKey/)
    expect(() => ours.url({ src: "https://ik.imagekit.io/demo/a.jpg", signed: true, urlEndpoint: "" })).toThrowError(
      /urlEndpoint/
    )
  })

  it("honours an instance-level transformationPosition as v6 did", () => {
    const query = new ImageKit({ ...full, transformationPosition: "query" })
    const v6Query = new V6({ ...full, transformationPosition: "query" })
    const options = { path: "/a.jpg", transformation: [{ width: 10 }] }
    expect(query.url(options)).toBe(v6Query.url(options))
  })

  it("signs authentication parameters as v6", () => {
    expect(ours.getAuthenticationParameters("your_token", 1582269249)).toEqual({
      token: "your_token",
      expire: 1582269249,
      signature: "e71bcd6031016b060d349d212e23e85c791decdd"
    })
    const generated = ours.getAuthenticationParameters()
    expect(generated.token).toMatch(/^[0-9a-f-]{36}$/)
    expect(Number(generated.expire) - Math.floor(Date.now() / 1000)).toBeGreaterThan(1790)
  })

  it("returns (does not throw) pHash Errors with v6's messages", () => {
    expect(ours.pHashDistance("2d5ad3936d2e015b", "2d6ed293db36a4fb")).toBe(17)
    expect(ours.pHashDistance("f06830ca9f1e3e90", 2222222222222222)).toBe(30)
    const cases: ReadonlyArray<readonly [unknown, unknown]> = [
      ["", "f06830ca9f1e3e90"],
      ["0x12", "f06830ca9f1e3e90"],
      ["f068", "f06830ca9f1e3e90"]
    ]
    for (const [a, b] of cases) {
      const result = ours.pHashDistance(a as string, b as string)
      const expected = v6.pHashDistance(a as string, b as string)
      expect(result).toBeInstanceOf(Error)
      expect((result as Error).message).toBe((expected as Error).message)
    }
  })
})

describe("verifyWebhookEvent", () => {
  const secret = "whsec_xeO2UNkfKMQnfJf7Q/Qx+fYptL1wabXd"
  const body = JSON.stringify({ type: "video.transformation.accepted", id: "58e6d24d" })
  // v6 has no signer: sign as ImageKit does, HMAC-SHA256 over "<t>.<body>" keyed with the whole secret.
  const sign = (timestamp: number, payload: string) =>
    `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${payload}`).digest("hex")}`

  it("works detached from the instance, as v6's test does", async () => {
    const verify = make().verifyWebhookEvent
    const header = sign(1655788406333, body)
    expect(verify(body, header, secret)).toEqual({ timestamp: 1655788406333, event: JSON.parse(body) })
    expect(verify(new TextEncoder().encode(body), header, secret).timestamp).toBe(1655788406333)
  })

  it("throws Errors with v6's messages", async () => {
    const verify = make().verifyWebhookEvent
    const v6Verify = new V6({ publicKey: "p", privateKey: "k", urlEndpoint: "https://x" }).verifyWebhookEvent
    const good = sign(1655788406333, body)
    for (const header of ["v1=abc", "t=notANumber,v1=abc", "t=1655788406333", good.replace(/v1=./, "v1=0")]) {
      let ours: unknown
      let theirs: unknown
      try {
        verify(body, header, secret)
      } catch (error) {
        ours = error
      }
      try {
        v6Verify(body, header, secret)
      } catch (error) {
        theirs = error
      }
      expect(ours).toBeInstanceOf(Error)
      expect((ours as Error).message).toBe((theirs as Error).message)
    }
  })
})

describe("callbacks and Promises", () => {
  it("returns a Promise without a callback and undefined with one", async () => {
    const ik = make()
    const uploaded = await uploadOne(ik, "cb.txt")
    const promise = ik.getFileDetails(uploaded.fileId)
    expect(promise).toBeInstanceOf(Promise)
    expect((await promise).fileId).toBe(uploaded.fileId)

    let returned: unknown = "not set"
    const { error, result } = await settle<{ readonly fileId: string }>((callback) => {
      returned = ik.getFileDetails(uploaded.fileId, callback)
    })
    expect(returned).toBeUndefined()
    expect(error).toBeNull()
    expect(result?.fileId).toBe(uploaded.fileId)

    const failed = await settle((callback) => ik.getFileDetails("missing_file", callback))
    expect(failed.result).toBeNull()
    expect(failed.error).toMatchObject({ message: expect.any(String) })
  })

  it("throws 'Callback must be a function.' synchronously for any other callback value", () => {
    const ik = make()
    const before = emulator.stats().requests
    for (const callback of ["x", 1, null, {}, true]) {
      expect(() => (ik.getFileDetails as (id: string, cb: unknown) => unknown)("id", callback)).toThrowError(
        new Error("Callback must be a function.")
      )
    }
    expect(emulator.stats().requests).toBe(before)
  })

  it("delivers validation failures as plain { message, help } objects, without a request", async () => {
    const ik = make()
    const before = emulator.stats().requests
    const missing = await rejection(ik.getFileDetails(""))
    expect(missing).toStrictEqual({ message: "Missing fileId parameter for this request", help: "" })
    expect(missing).not.toBeInstanceOf(Error)

    const bulk = await settle((callback) => ik.bulkAddTags([], ["a"], callback))
    expect(bulk).toStrictEqual({
      error: {
        message: "Invalid value for fileIds",
        help: "fileIds should be an array of fileId of the files. The array should have atleast one fileId."
      },
      result: null
    })
    expect(await rejection(ik.upload({ file: "", fileName: "a" }))).toStrictEqual({
      message: "Missing file parameter for upload",
      help: ""
    })
    expect(await rejection(ik.createFolder({ folderName: "", parentFolderPath: "/" }))).toStrictEqual({
      message: "Invalid folderName value",
      help: ""
    })
    expect(emulator.stats().requests).toBe(before)
  })
})

describe("results", () => {
  it("are the body with a non-enumerable, read-only $ResponseMetadata", async () => {
    const ik = make()
    const uploaded = await uploadOne(ik, "meta.txt")
    const details = await ik.getFileDetails(uploaded.fileId)
    const descriptor = metadataOf(details)
    expect(descriptor).toMatchObject({ enumerable: false, writable: false, configurable: false })
    expect(details.$ResponseMetadata.statusCode).toBe(200)
    expect(details.$ResponseMetadata.headers["content-type"]).toContain("application/json")
    expect(Object.keys(details)).not.toContain("$ResponseMetadata")
    expect(JSON.stringify(details)).not.toContain("ResponseMetadata")

    const list = await ik.listFiles({})
    expect(Array.isArray(list)).toBe(true)
    expect(metadataOf(list)?.enumerable).toBe(false)

    const deleted = await ik.deleteFile(uploaded.fileId)
    expect(deleted).toStrictEqual({})
    expect(deleted.$ResponseMetadata.statusCode).toBe(204)
  })

  it("are the raw JSON body: unknown fields, nulls and key order kept", async () => {
    const ik = make({
      fetch: async (input, init) => {
        const response = await fetch(input, init)
        if (!String(input instanceof Request ? input.url : input).endsWith("/details")) return response
        const body = (await response.json()) as Record<string, unknown>
        const changed = { zFirst: 1, ...body, tags: null, addedLater: { nested: [1, null] } }
        return new Response(JSON.stringify(changed), { status: response.status, headers: response.headers })
      }
    })
    const uploaded = await uploadOne(ik, "raw.txt")
    const details = (await ik.getFileDetails(uploaded.fileId)) as unknown as Record<string, unknown>
    expect(Object.keys(details)[0]).toBe("zFirst")
    expect(details.tags).toBeNull()
    expect(details.addedLater).toEqual({ nested: [1, null] })
  })
})

describe("errors", () => {
  it("are the error body with a non-enumerable $ResponseMetadata", async () => {
    const ik = make()
    const error = await rejection(ik.getFileDetails("does_not_exist"))
    expect(error).toStrictEqual({
      message: "The requested file does not exist.",
      help: "For support kindly contact us at support@imagekit.io."
    })
    expect(metadataOf(error)).toMatchObject({ enumerable: false, writable: false })
    expect((error as { $ResponseMetadata: { statusCode: number } }).$ResponseMetadata.statusCode).toBe(404)
  })

  it("carry numeric X-RateLimit-* fields on a 429", async () => {
    const ik = make()
    const first = await rejection(ik.getBulkJobStatus("job_1"))
    expect((first as { $ResponseMetadata: { statusCode: number } }).$ResponseMetadata.statusCode).not.toBe(429)
    const limited = (await rejection(ik.getBulkJobStatus("job_1"))) as Record<string, unknown>
    expect(limited).toMatchObject({
      message: "rate limit exceeded",
      "X-RateLimit-Limit": 1,
      "X-RateLimit-Interval": 60000
    })
    expect(typeof limited["X-RateLimit-Reset"]).toBe("number")
    expect(limited["X-RateLimit-Reset"]).toBeGreaterThan(0)
    expect(metadataOf(limited)?.enumerable).toBe(false)
    const metadata = limited.$ResponseMetadata as { statusCode: number; headers: Record<string, string> }
    expect(metadata.statusCode).toBe(429)
    expect(metadata.headers["x-ratelimit-limit"]).toBe("1")
    expect(Object.keys(metadata.headers).filter((name) => name.startsWith("x-effect-imagekit"))).toEqual([])
  })

  it("turn a text error body into { help: body }", async () => {
    const ik = make({
      fetch: async (input, init) => {
        const response = await fetch(input, init)
        await response.arrayBuffer()
        return new Response("Internal server error", { status: 500, headers: { "content-type": "text/plain" } })
      }
    })
    const error = await rejection(ik.getFileVersions("anything"))
    expect(error).toStrictEqual({ help: "Internal server error" })
    expect((error as { $ResponseMetadata: { statusCode: number } }).$ResponseMetadata.statusCode).toBe(500)
  })

  it("are a safe ImageKitRequestError when no response arrives", async () => {
    const base = `http://127.0.0.1:${await closedPort()}`
    const ik = make({ apiBaseUrl: base })
    const error = await rejection(ik.getFileDetails("abc"))
    expect(error).toBeInstanceOf(ImageKitRequestError)
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({
      name: "ImageKitRequestError",
      method: "GET",
      reason: "Transport",
      code: "ECONNREFUSED"
    })
    expect((error as ImageKitRequestError).url).toBe(`${base}/v1/files/abc/details`)
  })
})

describe("extra options", () => {
  it("fetch: every request goes through the given fetch", async () => {
    const seen: Array<string> = []
    const ik = make({
      fetch: (input, init) => {
        seen.push(`${init?.method ?? "GET"} ${String(input instanceof Request ? input.url : input)}`)
        return fetch(input, init)
      }
    })
    const uploaded = await uploadOne(ik, "fetch.txt")
    await ik.getFileDetails(uploaded.fileId)
    await ik.listFiles({ path: "/" })
    await ik.deleteFile(uploaded.fileId)
    expect(seen).toEqual([
      `POST ${emulator.url}/api/v1/files/upload`,
      `GET ${emulator.url}/v1/files/${uploaded.fileId}/details`,
      `GET ${emulator.url}/v1/files/?path=%2F`,
      `DELETE ${emulator.url}/v1/files/${uploaded.fileId}`
    ])
  })

  it("uploadEndpoint: a full URL other than <base>/api/v1/files/upload is used verbatim", async () => {
    const seen: Array<string> = []
    const ik = make({
      uploadEndpoint: "https://uploads.example.test/custom/upload",
      fetch: (input, init) => {
        const url = String(input instanceof Request ? input.url : input)
        seen.push(url)
        return fetch(
          url.replace("https://uploads.example.test/custom/upload", `${emulator.url}/api/v1/files/upload`),
          init
        )
      }
    })
    const uploaded = await uploadOne(ik, "endpoint.txt")
    expect(uploaded.fileId).toEqual(expect.any(String))
    expect(seen).toEqual(["https://uploads.example.test/custom/upload"])
  })

  it("timeout: a slow answer fails with ETIMEDOUT", async () => {
    const slow = await Emulator.start({ privateKey: PRIVATE_KEY, faults: { latencyMs: 400 } })
    try {
      const ik = make({ apiBaseUrl: slow.url, timeout: 50 })
      const error = await rejection(ik.getFileDetails("abc"))
      expect(error).toBeInstanceOf(ImageKitRequestError)
      expect(error).toMatchObject({ code: "ETIMEDOUT", reason: "Timeout" })
    } finally {
      await slow.close()
    }
  })

  it("retry: idempotent calls are retried by default settings, and not with retry: false", async () => {
    const uploaded = await uploadOne(make(), "retry.txt")
    const retrying = make({ retry: { maxRetries: 2, baseDelay: 1, maxDelay: 5 } })
    emulator.injectNext({ status: 503 })
    const before = emulator.stats().requests
    expect((await retrying.getFileDetails(uploaded.fileId)).fileId).toBe(uploaded.fileId)
    expect(emulator.stats().requests - before).toBe(2)

    emulator.injectNext({ status: 503 })
    const error = await rejection(make({ retry: false }).getFileDetails(uploaded.fileId))
    expect((error as { $ResponseMetadata: { statusCode: number } }).$ResponseMetadata.statusCode).toBe(503)
  })

  it("upload accepts a Node Readable, as v6 did, and a web ReadableStream", async () => {
    const ik = make()
    const uploaded = await ik.upload({
      file: Readable.from([Buffer.from("hel"), Buffer.from("lo")]),
      fileName: "s.txt"
    })
    expect(uploaded).toMatchObject({ size: 5 })
    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("web "))
        controller.enqueue(new TextEncoder().encode("stream"))
        controller.close()
      }
    })
    expect(await ik.upload({ file: web, fileName: "w.txt" })).toMatchObject({ size: 10 })
  })
})

describe("secrets", () => {
  const secretKey = "private_very_secret_value_123"

  it("never appear in String, JSON or util.inspect of the instance or its errors", async () => {
    const ik = new ImageKit({
      publicKey: PUBLIC_KEY,
      privateKey: secretKey,
      urlEndpoint: emulator.urlEndpoint,
      apiBaseUrl: emulator.url,
      retry: false
    })
    const unreachable = new ImageKit({
      publicKey: PUBLIC_KEY,
      privateKey: secretKey,
      urlEndpoint: emulator.urlEndpoint,
      apiBaseUrl: `http://127.0.0.1:${await closedPort()}`,
      retry: false
    })
    const errors = [
      await rejection(ik.getFileDetails("abc")), // 401: wrong key
      await rejection(ik.getFileDetails("")),
      await rejection(unreachable.getFileDetails("abc"))
    ]
    const basic = Buffer.from(`${secretKey}:`).toString("base64")
    for (const value of [ik, ik.options, ik.effect, ...errors]) {
      for (const text of [
        String(value),
        JSON.stringify(value),
        util.inspect(value, { depth: 10 }),
        util.inspect(value, { depth: 10, showHidden: true })
      ]) {
        expect(text).not.toContain(secretKey)
        expect(text).not.toContain(basic)
      }
    }
  })
})

describe("the Effect client escape hatch", () => {
  it("exposes the instance's runtime and layer", async () => {
    const ik = make()
    const uploaded = await uploadOne(ik, "hatch.txt")
    const { runtime, layer } = ik.effect
    expect(ik.effect.runtime).toBe(runtime)
    const file = await runtime.runPromise(
      Effect.flatMap(Client.ImageKit, (client) => client.getFileDetails(uploaded.fileId))
    )
    expect(file.fileId).toBe(uploaded.fileId)
    const viaLayer = await Effect.runPromiseExit(
      Effect.flatMap(Client.ImageKit, (client) => client.getFileDetails(uploaded.fileId)).pipe(Effect.provide(layer))
    )
    expect(Exit.isSuccess(viaLayer) ? viaLayer.value.name : Cause.pretty(viaLayer.cause)).toBe(file.name)
  })
})

describe("CommonJS", () => {
  const dist = fileURLToPath(new URL("../dist/index.cjs", import.meta.url))

  it.runIf(existsSync(dist))("require returns the class, usable with new, as require('imagekit') did", () => {
    const script = `
      const ImageKit = require(${JSON.stringify(dist)})
      const ik = new ImageKit({ publicKey: "p", privateKey: "k", urlEndpoint: "https://ik.imagekit.io/demo" })
      const { ImageKit: Named } = require(${JSON.stringify(dist)})
      console.log(JSON.stringify({
        type: typeof ImageKit, same: ImageKit.default === ImageKit && Named === ImageKit,
        url: ik.url({ path: "/a.jpg", transformation: [{ width: 10 }] })
      }))`
    const child = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" })
    expect(child.stderr).toBe("")
    expect(JSON.parse(child.stdout)).toEqual({
      type: "function",
      same: true,
      url: "https://ik.imagekit.io/demo/tr:w-10/a.jpg"
    })
  })
})

describe("__proto__ in options is a key, as in v6, never a prototype (issue 13, defects 3 and 4)", () => {
  // JSON.parse returns `any`: each client takes it as its own options type.
  const config = (extra: string): { publicKey: string; privateKey: string; urlEndpoint: string } =>
    JSON.parse(
      `{"publicKey":"${PUBLIC_KEY}","privateKey":"${PRIVATE_KEY}","urlEndpoint":"https://ik.imagekit.io/demo",${extra}}`
    )

  it("constructor: options the caller did not set are not read from an own __proto__, so no request goes elsewhere", async () => {
    const evil = "http://127.0.0.1:9"
    const seen: Array<string> = []
    const options = config(
      `"__proto__":{"apiBaseUrl":"${evil}","uploadEndpoint":"${evil}/api/v1/files/upload","retry":5,"timeout":1}`
    )
    const ours = new ImageKit({
      ...options,
      // Spread keeps the own `__proto__` key as a key; the recording fetch answers every request itself.
      fetch: async (input, init) => {
        seen.push(`${init?.method ?? "GET"} ${String(input instanceof Request ? input.url : input)}`)
        return new Response(JSON.stringify({ fileId: "f" }), {
          status: 200,
          headers: { "content-type": "application/json" }
        })
      }
    })
    await ours.getFileDetails("file_id")
    await ours.upload({ file: "https://example.com/a.jpg", fileName: "a.jpg" })
    expect(seen).toEqual([
      "GET https://api.imagekit.io/v1/files/file_id/details",
      "POST https://upload.imagekit.io/api/v1/files/upload"
    ])
    // v6 (lodash extend) kept the key as an own data property and the prototype as it was.
    const v6 = new V6(config(`"__proto__":{"apiBaseUrl":"${evil}"}`))
    const plain = new ImageKit(config(`"__proto__":{"apiBaseUrl":"${evil}"}`))
    for (const instance of [v6, plain]) {
      expect(Object.getPrototypeOf(instance.options)).toBe(Object.prototype)
      expect(Object.hasOwn(instance.options, "__proto__")).toBe(true)
      expect(Reflect.get(instance.options, "apiBaseUrl")).toBeUndefined()
    }
    expect(Object.keys(plain.options)).toEqual(Object.keys(v6.options))
  })

  it("url(): an own __proto__ in the url options neither signs nor adds a transformation, as in v6", () => {
    const ours = new ImageKit(config('"transformationPosition":"path"'))
    const v6 = new V6(config('"transformationPosition":"path"'))
    const urlOptions = () =>
      JSON.parse('{"path":"/a.jpg","__proto__":{"signed":true,"expireSeconds":60,"transformation":[{"width":5}]}}')
    expect(ours.url(urlOptions())).toBe(v6.url(urlOptions()))
    expect(ours.url(urlOptions())).toBe("https://ik.imagekit.io/demo/a.jpg")
  })

  it("url(): options inherited from a polluted Object.prototype or another prototype are not options", () => {
    const ours = new ImageKit(config('"transformationPosition":"path"'))
    // Signed with the instance's key, before anything is polluted.
    const signed = ours.url({ path: "/a.jpg", signed: true })
    expect(signed).toMatch(/^https:\/\/ik\.imagekit\.io\/demo\/a\.jpg\?ik-s=[0-9a-f]{40}$/)
    const polluted = {
      signed: true,
      urlEndpoint: "https://evil.example",
      transformation: [{ width: 5 }],
      privateKey: "attacker",
      src: "https://evil.example/x.jpg"
    }
    const prototype = Object.prototype as Record<string, unknown>
    Object.assign(prototype, polluted)
    try {
      expect(ours.url({ path: "/a.jpg" })).toBe("https://ik.imagekit.io/demo/a.jpg")
      // The caller's own value is the caller's, also when it equals the polluted one; the key is still the instance's.
      expect(ours.url({ path: "/a.jpg", signed: true })).toBe(signed)
    } finally {
      for (const key of Object.keys(polluted)) delete prototype[key]
    }
    const inheriting = Object.assign(Object.create({ signed: true, transformation: [{ width: 5 }] }), {
      path: "/a.jpg"
    })
    expect(ours.url(inheriting)).toBe("https://ik.imagekit.io/demo/a.jpg")
    // An own `undefined` replaces the instance's value, as v6's merge did.
    expect(() => ours.url({ path: "/a.jpg", urlEndpoint: undefined })).toThrowError("Invalid URL")
  })

  it("url(): an Object.prototype holding an option as undefined or behind a getter is still not read", () => {
    // A plain object's options are read without per-key checks only while Object.prototype holds none of them
    // (decision 0078). A key held as `undefined` or behind a getter is held too: an inherited `undefined` must not
    // replace the instance's endpoint, position or key, and an inherited getter's value is not an option. After the
    // prototype is restored, the unchecked path must give the same URLs.
    const ours = new ImageKit(config('"transformationPosition":"path"'))
    const signed = ours.url({ path: "/a.jpg", signed: true })
    const inherited: Record<string, PropertyDescriptor> = {
      urlEndpoint: { value: undefined, configurable: true },
      transformationPosition: { value: undefined, configurable: true },
      privateKey: { value: undefined, configurable: true },
      path: { get: () => "/evil.jpg", configurable: true },
      signed: { get: () => true, configurable: true }
    }
    for (const [key, descriptor] of Object.entries(inherited)) {
      Object.defineProperty(Object.prototype, key, descriptor)
      try {
        expect(ours.url({ path: "/a.jpg", transformation: [{ width: 5 }] })).toBe(
          "https://ik.imagekit.io/demo/tr:w-5/a.jpg"
        )
        expect(ours.url({ src: "https://ik.imagekit.io/demo/b.jpg" })).toBe("https://ik.imagekit.io/demo/b.jpg")
        expect(ours.url({ path: "/a.jpg", signed: true })).toBe(signed)
      } finally {
        Reflect.deleteProperty(Object.prototype, key)
      }
    }
    expect(ours.url({ src: "https://ik.imagekit.io/demo/b.jpg" })).toBe("https://ik.imagekit.io/demo/b.jpg")
  })
})

describe("error statuses by class (issue 12, item 6)", () => {
  it("a 401, 403, 404 and 409 are v6's error body with $ResponseMetadata, like any other status", async () => {
    for (const status of [401, 403, 404, 409, 400]) {
      const body = { message: `status ${status}`, help: "help text" }
      const ik = new ImageKit({
        publicKey: PUBLIC_KEY,
        privateKey: PRIVATE_KEY,
        urlEndpoint: "https://ik.imagekit.io/demo",
        retry: false,
        fetch: async () =>
          new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })
      })
      const error = await rejection(ik.renameFile({ filePath: "/a.jpg", newFileName: "b.jpg" }))
      expect(error).toEqual(body)
      expect(error).not.toBeInstanceOf(Error)
      expect(metadataOf(error)?.value).toMatchObject({ statusCode: status })
    }
  })
})
