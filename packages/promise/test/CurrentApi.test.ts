/**
 * The adapter's additions (the endpoints `imagekit@6` never had) in v6's conventions, against the emulator over
 * loopback HTTP: a callback or a Promise, the body as the server sent it with a non-enumerable `$ResponseMetadata`,
 * `{}` for a delete, a plain `{ message, help }` for a refused argument (nothing sent), the error body with
 * `$ResponseMetadata` for an error status. Then hostile arguments for every addition: never a throw, never another
 * route.
 */
import * as Signing from "@effect-imagekit/core/Signing"
import { Emulator } from "@effect-imagekit/testing"
import * as fc from "effect/FastCheck"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { hostile, materialize } from "../../sdk/test/fixtures/hostile.js"
import ImageKit, { ImageKitRequestError, type ImageKitOptions } from "../src/index.js"
import { toRequest } from "./fixtures/wire.js"

const PRIVATE_KEY = "private_test_key"
const PUBLIC_KEY = "public_test_key"
const SECRET = "s3cr3t-of-an-origin"

let emulator: Emulator.Running

beforeAll(async () => {
  emulator = await Emulator.start({ privateKey: PRIVATE_KEY, publicKey: PUBLIC_KEY, pendingPolls: 1 })
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

/** v6's validation error: a plain object with exactly `message` and `help`. */
const expectValidation = (error: unknown, message: RegExp) => {
  expect(Object.getPrototypeOf(error)).toBe(Object.prototype)
  expect(Object.keys(error as object).sort()).toEqual(["help", "message"])
  expect((error as { message: string }).message).toMatch(message)
}

const metadataOf = (value: unknown) => {
  const descriptor = Object.getOwnPropertyDescriptor(value, "$ResponseMetadata")
  expect(descriptor?.enumerable).toBe(false)
  return descriptor?.value as { readonly statusCode: number; readonly headers: Readonly<Record<string, string>> }
}

describe("the additions against the emulator", () => {
  it("origins and URL endpoints: raw bodies, $ResponseMetadata, {} for deletes, secrets never answered", async () => {
    const ik = make()
    const origin = await ik.createOrigin({
      type: "S3",
      name: "Adapter bucket",
      bucket: "b",
      accessKey: "AKIA",
      secretKey: SECRET
    })
    expect(metadataOf(origin).statusCode).toBe(201)
    expect(origin).toMatchObject({ type: "S3", name: "Adapter bucket", bucket: "b" })
    expect(JSON.stringify(origin)).not.toContain(SECRET)
    // by callback too
    const listed = await settle<ReadonlyArray<unknown>>((cb) => ik.listOrigins(cb))
    expect(listed.error).toBeNull()
    expect(listed.result?.length).toBe(1)
    const endpoint = await ik.createUrlEndpoint({ description: "Adapter", urlPrefix: "adapter", origins: [origin.id] })
    expect(endpoint.origins).toEqual([origin.id])
    expect((await ik.listUrlEndpoints()).map((e) => e.id)).toEqual(["default", endpoint.id])
    const deleted = await ik.deleteUrlEndpoint(endpoint.id)
    expect({ ...deleted }).toEqual({})
    expect(metadataOf(deleted).statusCode).toBe(204)
    await ik.deleteOrigin(origin.id)
    const missing = await rejection(ik.getOrigin(origin.id))
    expect(missing).toMatchObject({ message: "Origin not found." })
    expect(metadataOf(missing).statusCode).toBe(404)
  })

  it("refused arguments are v6's { message, help }, by Promise and by callback, and send nothing", async () => {
    const sent: Array<string> = []
    const ik = make({
      fetch: (input, init) => {
        sent.push(toRequest(input, init).url)
        return fetch(input, init)
      }
    })
    expectValidation(
      await rejection(
        ik.createOrigin({ type: "S3", name: "x", bucket: "b", accessKey: 5 as never, secretKey: SECRET })
      ),
      /accessKey/
    )
    const error = await rejection(ik.createOrigin({ type: "FTP" as never, name: "x" }))
    expectValidation(error, /type/)
    const byCallback = await settle((cb) =>
      ik.createNamedTransformation({ name: "has space", transformation: "w-1" }, cb)
    )
    expectValidation(byCallback.error, /name/)
    expect(byCallback.result).toBeNull()
    expectValidation(await rejection(ik.getUsage({ startDate: "2026-01-01", endDate: "2025-01-01" })), /endDate/)
    expect(sent).toEqual([])
  })

  it("a secret given as text never shows in a refusal", async () => {
    const error = await rejection(
      make().createOrigin({ type: "S3", name: "bad name!", bucket: "b", accessKey: SECRET, secretKey: SECRET })
    )
    expectValidation(error, /name/)
    expect(JSON.stringify(error)).not.toContain(SECRET)
  })

  it("saved extensions, named transformations, usage and renameFolder", async () => {
    const ik = make()
    const saved = await ik.createSavedExtension({
      name: "Describe",
      description: "AI description",
      config: { name: "ai-auto-description" }
    })
    expect((await ik.getSavedExtension(saved.id)).config).toEqual({ name: "ai-auto-description" })
    expect((await ik.updateSavedExtension(saved.id, { name: "Describer" })).name).toBe("Describer")
    expect((await ik.listSavedExtensions()).length).toBe(1)
    await ik.deleteSavedExtension(saved.id)

    const named = await ik.createNamedTransformation({ name: "adapter_thumb", transformation: "w-10" })
    const taken = await rejection(ik.createNamedTransformation({ name: "adapter_thumb", transformation: "w-20" }))
    expect(metadataOf(taken).statusCode).toBe(409)
    expect((await ik.updateNamedTransformation(named.id, { transformation: "w-30" })).transformation).toBe("w-30")
    expect((await ik.getNamedTransformation(named.id)).name).toBe("adapter_thumb")
    expect((await ik.listNamedTransformations()).map((n) => n.name)).toContain("adapter_thumb")
    await ik.deleteNamedTransformation(named.id)

    await ik.upload({ file: new TextEncoder().encode("x"), fileName: "x.txt", folder: "/adapter-old" })
    const job = await ik.renameFolder({ folderPath: "/adapter-old", newFolderName: "adapter-new" })
    expect(metadataOf(job).statusCode).toBe(202)
    expect((await ik.getBulkJobStatus(job.jobId)).type).toBe("RENAME_FOLDER")
    const day = new Date().toISOString().slice(0, 10)
    const usage = await ik.getUsage({
      startDate: day,
      endDate: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)
    })
    expect(usage.mediaLibraryStorageBytes).toBeGreaterThan(0)
    const analytics = await ik.getUsageAnalytics({ startDate: day, endDate: day })
    expect(analytics.startDate).toBe(day)
  })

  it("uploadV2: with the key, then from a token alone; a reused token is the API's 400", async () => {
    const ik = make()
    const withKey = await ik.uploadV2({ file: new TextEncoder().encode("v2"), fileName: "v2.txt", folder: "/v2" })
    expect(withKey.filePath).toMatch(/^\/v2\/v2/)
    const payload = { fileName: "browser.txt", folder: "/v2", useUniqueFileName: false }
    const token = Signing.uploadToken(payload, { privateKey: PRIVATE_KEY, publicKey: PUBLIC_KEY, expiresIn: 60 })
    // A browser's adapter holds no real key: any text satisfies the constructor, and none is sent with a token.
    const browser = make({ privateKey: "not-the-key" })
    const uploaded = await browser.uploadV2({ ...payload, file: new TextEncoder().encode("b"), token })
    expect(uploaded.filePath).toBe("/v2/browser.txt")
    const reused = await rejection(browser.uploadV2({ ...payload, file: new TextEncoder().encode("b"), token }))
    expect(reused).toMatchObject({ message: "Your request has invalid token." })
    expect(metadataOf(reused).statusCode).toBe(400)
    const differs = await rejection(
      browser.uploadV2({ ...payload, folder: "/elsewhere", file: new TextEncoder().encode("b"), token })
    )
    expectValidation(differs, /folder/)
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Hostile arguments
// ---------------------------------------------------------------------------------------------------------------

const RUNS = Number(process.env.FUZZ_RUNS ?? 20)
const API = "https://api.imagekit.io"
const ID = "[^/?#]+"

const ROUTES: Readonly<Record<string, readonly [number, RegExp]>> = {
  uploadV2: [1, /^POST https:\/\/upload\.imagekit\.io\/api\/v2\/files\/upload$/],
  renameFolder: [1, new RegExp(`^POST ${API}/v1/bulkJobs/renameFolder$`)],
  getUsage: [1, new RegExp(`^GET ${API}/v1/accounts/usage$`)],
  getUsageAnalytics: [1, new RegExp(`^GET ${API}/v1/accounts/usage-analytics$`)],
  listOrigins: [0, new RegExp(`^GET ${API}/v1/accounts/origins$`)],
  createOrigin: [1, new RegExp(`^POST ${API}/v1/accounts/origins$`)],
  getOrigin: [1, new RegExp(`^GET ${API}/v1/accounts/origins/${ID}$`)],
  updateOrigin: [2, new RegExp(`^PUT ${API}/v1/accounts/origins/${ID}$`)],
  deleteOrigin: [1, new RegExp(`^DELETE ${API}/v1/accounts/origins/${ID}$`)],
  listUrlEndpoints: [0, new RegExp(`^GET ${API}/v1/accounts/url-endpoints$`)],
  createUrlEndpoint: [1, new RegExp(`^POST ${API}/v1/accounts/url-endpoints$`)],
  getUrlEndpoint: [1, new RegExp(`^GET ${API}/v1/accounts/url-endpoints/${ID}$`)],
  updateUrlEndpoint: [2, new RegExp(`^PUT ${API}/v1/accounts/url-endpoints/${ID}$`)],
  deleteUrlEndpoint: [1, new RegExp(`^DELETE ${API}/v1/accounts/url-endpoints/${ID}$`)],
  listSavedExtensions: [0, new RegExp(`^GET ${API}/v1/saved-extensions$`)],
  createSavedExtension: [1, new RegExp(`^POST ${API}/v1/saved-extensions$`)],
  getSavedExtension: [1, new RegExp(`^GET ${API}/v1/saved-extensions/${ID}$`)],
  updateSavedExtension: [2, new RegExp(`^PATCH ${API}/v1/saved-extensions/${ID}$`)],
  deleteSavedExtension: [1, new RegExp(`^DELETE ${API}/v1/saved-extensions/${ID}$`)],
  listNamedTransformations: [0, new RegExp(`^GET ${API}/v1/named-transformations$`)],
  createNamedTransformation: [1, new RegExp(`^POST ${API}/v1/named-transformations$`)],
  getNamedTransformation: [1, new RegExp(`^GET ${API}/v1/named-transformations/${ID}$`)],
  updateNamedTransformation: [2, new RegExp(`^PATCH ${API}/v1/named-transformations/${ID}$`)],
  deleteNamedTransformation: [1, new RegExp(`^DELETE ${API}/v1/named-transformations/${ID}$`)]
}

describe("hostile arguments to every addition", { timeout: 60_000 }, () => {
  const seen: Array<string> = []
  const ik = new ImageKit({
    publicKey: PUBLIC_KEY,
    privateKey: PRIVATE_KEY,
    urlEndpoint: "https://ik.imagekit.io/fuzz",
    retry: false,
    fetch: async (input, init) => {
      const request = toRequest(input, init)
      const url = new URL(request.url)
      seen.push(`${request.method} ${url.origin}${url.pathname}${url.hash}`)
      await request.arrayBuffer()
      return new Response(JSON.stringify({ message: "fuzz", help: "" }), {
        status: 400,
        headers: { "content-type": "application/json" }
      })
    }
  })

  for (const [name, [arity, route]] of Object.entries(ROUTES)) {
    it(name, async () => {
      const plans = fc.sample(fc.array(hostile, { minLength: arity, maxLength: arity }), { numRuns: RUNS, seed: 15 })
      for (const plan of plans) {
        seen.length = 0
        const method = Reflect.get(ik, name) as (...args: ReadonlyArray<unknown>) => unknown
        let returned: unknown
        expect(() => {
          returned = Reflect.apply(method, ik, [...(materialize(plan) as ReadonlyArray<unknown>)])
        }, `${name} threw at call time`).not.toThrow()
        const error = await (returned as Promise<unknown>).then(
          () => undefined,
          (rejected: unknown) => rejected
        )
        if (error !== undefined && !(error instanceof ImageKitRequestError)) {
          expect(typeof error, name).toBe("object")
          const keys = Object.keys(error as object)
          // a validation object, or the error body with its metadata
          expect(
            (keys.length === 2 && keys.includes("message") && keys.includes("help")) ||
              Object.getOwnPropertyDescriptor(error, "$ResponseMetadata") !== undefined,
            `${name}: ${JSON.stringify(error)}`
          ).toBe(true)
        }
        for (const line of seen) expect(line, `${name} left its route`).toMatch(route)
      }
    })
  }
})
