/**
 * The Effect client's operations for the endpoints `imagekit@6` never knew, end to end: the same program against
 * the emulator over loopback HTTP and against the mock layer (no sockets), with the bad input of issue 15 (unknown
 * origin type, missing bucket, an endpoint pointing at a deleted origin, duplicate names, names with spaces, an
 * expired token, a reused token, a form that differs from the signed payload): each a typed error before sending
 * where the SDK can know, else the API's 4xx, never a crash. Delivery through a named transformation needs real
 * HTTP: emulator only.
 */
import * as Signing from "@effect-imagekit/core/Signing"
import { ImageKit, ImageKitConfig, Schemas } from "@effect-imagekit/sdk"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Emulator from "../src/Emulator.js"
import * as ImageKitTest from "../src/ImageKitTest.js"
import { png } from "./fixtures/images.js"

const KEYS = ImageKitTest.testKeys
const SECRET = "s3cr3t-key-of-the-origin"
const wait = { interval: "10 millis", timeout: "5 seconds" } as const
const today = () => new Date().toISOString().slice(0, 10)
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)

type Uploaded = Effect.Effect.Success<ReturnType<ImageKit.Service["upload"]>>
const stored = (result: Uploaded) =>
  "fileId" in result ? Effect.succeed(result) : Effect.dieMessage("expected a stored file, got an accepted upload")

/** The error of an effect that must fail, with its tag and (for status errors) status. */
const failsWith = <A, E extends { readonly _tag: string }>(effect: Effect.Effect<A, E>) =>
  Effect.map(Effect.flip(effect), (error) => ({
    tag: error._tag,
    status: "status" in error ? Number(error.status) : undefined,
    message: "message" in error ? String(error.message) : ""
  }))

/** Every newer operation, its effects observed through the API itself. */
const everyOperation = Effect.gen(function* () {
  const ik = yield* ImageKit.ImageKit

  // origins: one with secrets, one without; secrets are never answered back
  const s3 = yield* ik.createOrigin({
    type: "S3",
    name: "Product bucket",
    bucket: "products",
    prefix: "raw",
    accessKey: Redacted.make("AKIA-test"),
    secretKey: Redacted.make(SECRET)
  })
  assert.isTrue(Schemas.hasType(s3, "S3"))
  if (Schemas.hasType(s3, "S3")) assert.strictEqual(s3.bucket, "products")
  const web = yield* ik.createOrigin({ type: "WEB_FOLDER", name: "Web", baseUrl: "https://images.example.com/" })
  const origins = yield* ik.listOrigins()
  assert.deepStrictEqual(
    origins.map((origin) => origin.name),
    ["Product bucket", "Web"]
  )
  assert.notInclude(JSON.stringify(origins), SECRET)
  assert.strictEqual((yield* ik.getOrigin(web.id)).type, "WEB_FOLDER")
  const renamed = yield* ik.updateOrigin(web.id, {
    type: "WEB_FOLDER",
    name: "Web assets",
    baseUrl: "https://images.example.com/"
  })
  assert.strictEqual(renamed.name, "Web assets")
  // a duplicate name, an unknown type, a missing bucket
  const duplicate = yield* failsWith(ik.createOrigin({ type: "WEB_PROXY", name: "Product bucket" }))
  assert.deepInclude(duplicate, { tag: "ApiError", status: 400 })
  assert.strictEqual((yield* failsWith(ik.createOrigin({ type: "FTP", name: "x" } as never))).tag, "InvalidInputError")
  assert.strictEqual(
    (yield* failsWith(ik.createOrigin({ type: "GCS", name: "g", clientEmail: "a@b.co" } as never))).tag,
    "InvalidInputError"
  )

  // URL endpoints: the default one exists; one must name existing origins
  const endpoint = yield* ik.createUrlEndpoint({
    description: "Products",
    urlPrefix: "products",
    origins: [s3.id],
    urlRewriter: { type: "IMGIX" }
  })
  assert.deepStrictEqual(endpoint.origins, [s3.id])
  assert.deepStrictEqual(
    (yield* ik.listUrlEndpoints()).map((e) => e.id),
    ["default", endpoint.id]
  )
  assert.strictEqual((yield* ik.getUrlEndpoint("default")).urlPrefix, "")
  const updated = yield* ik.updateUrlEndpoint(endpoint.id, {
    description: "Products and web",
    urlPrefix: "products",
    origins: [s3.id, web.id]
  })
  assert.strictEqual(updated.origins.length, 2)
  // an origin in use cannot go; an endpoint cannot point at a deleted origin
  assert.deepInclude(yield* failsWith(ik.deleteOrigin(web.id)), { tag: "ApiError", status: 400 })
  yield* ik.updateUrlEndpoint(endpoint.id, { description: "Products", urlPrefix: "products", origins: [s3.id] })
  yield* ik.deleteOrigin(web.id)
  assert.strictEqual((yield* failsWith(ik.getOrigin(web.id))).tag, "NotFoundError")
  const pointsAtDeleted = yield* failsWith(
    ik.createUrlEndpoint({ description: "Gone", urlPrefix: "gone", origins: [web.id] })
  )
  assert.deepInclude(pointsAtDeleted, { tag: "ApiError", status: 400 })
  assert.deepInclude(yield* failsWith(ik.deleteUrlEndpoint("default")), { tag: "ApiError", status: 400 })
  yield* ik.deleteUrlEndpoint(endpoint.id)
  assert.strictEqual((yield* failsWith(ik.getUrlEndpoint(endpoint.id))).tag, "NotFoundError")

  // saved extensions, applied by reference on upload
  const saved = yield* ik.createSavedExtension({
    name: "Tags",
    description: "Google tags",
    config: { name: "google-auto-tagging", minConfidence: 50, maxTags: 3 }
  })
  assert.strictEqual((yield* ik.listSavedExtensions()).length, 1)
  assert.strictEqual((yield* ik.getSavedExtension(saved.id)).description, "Google tags")
  assert.strictEqual(
    (yield* ik.updateSavedExtension(saved.id, { description: "Three tags" })).description,
    "Three tags"
  )
  const tagged = yield* ik
    .upload({
      file: png(2, 2),
      fileName: "red-car.png",
      folder: "/cars",
      useUniqueFileName: false,
      extensions: [{ name: "saved-extension", id: saved.id }]
    })
    .pipe(Effect.flatMap(stored))
  assert.strictEqual(tagged.extensionStatus?.["google-auto-tagging"], "success")
  assert.isAbove(tagged.AITags?.length ?? 0, 0)
  yield* ik.deleteSavedExtension(saved.id)
  assert.strictEqual((yield* failsWith(ik.getSavedExtension(saved.id))).tag, "NotFoundError")

  // named transformations: a taken name is a ConflictError, a name with a space never leaves the client
  const named = yield* ik.createNamedTransformation({ name: "thumb", transformation: "w-100,h-100" })
  assert.deepInclude(yield* failsWith(ik.createNamedTransformation({ name: "thumb", transformation: "w-1" })), {
    tag: "ConflictError",
    status: 409
  })
  assert.strictEqual(
    (yield* failsWith(ik.createNamedTransformation({ name: "my thumb", transformation: "w-1" }))).tag,
    "InvalidInputError"
  )
  assert.isFalse((yield* ik.updateNamedTransformation(named.id, { enabled: false })).enabled)
  assert.strictEqual((yield* ik.getNamedTransformation(named.id)).transformation, "w-100,h-100")
  assert.deepStrictEqual(
    (yield* ik.listNamedTransformations()).map((n) => n.name),
    ["thumb"]
  )
  yield* ik.deleteNamedTransformation(named.id)
  assert.strictEqual((yield* failsWith(ik.getNamedTransformation(named.id))).tag, "NotFoundError")

  // custom metadata fields: description and the folder filter
  const field = yield* ik.createCustomMetadataField({
    name: "price",
    label: "Price",
    schema: { type: "Number" },
    description: "In euros"
  })
  assert.strictEqual(field.description, "In euros")
  assert.deepStrictEqual(
    (yield* ik.getCustomMetadataFields({ folderPath: "/cars" })).map((f) => f.name),
    ["price"]
  )

  // the publish form of updateFileDetails
  const unpublished = yield* ik.updateFileDetails(tagged.fileId, { publish: { isPublished: false } })
  assert.isFalse(unpublished.isPublished)

  // renameFolder is a bulk job that awaitBulkJob waits for; a taken name is a ConflictError
  yield* ik.createFolder({ folderName: "vans", parentFolderPath: "/" })
  const job = yield* ik.renameFolder({ folderPath: "/cars", newFolderName: "autos" })
  const done = yield* ik.awaitBulkJob(job.jobId, wait)
  assert.deepInclude(done, { type: "RENAME_FOLDER", status: "Completed" })
  assert.strictEqual((yield* ik.getFileDetails(tagged.fileId)).filePath, "/autos/red-car.png")
  assert.deepInclude(yield* failsWith(ik.renameFolder({ folderPath: "/autos", newFolderName: "vans" })), {
    tag: "ConflictError",
    status: 409
  })
  assert.strictEqual(
    (yield* failsWith(ik.renameFolder({ folderPath: "/no-such-folder", newFolderName: "x" }))).tag,
    "NotFoundError"
  )

  // usage: the stored bytes are counted; the date range is checked before sending
  const usage = yield* ik.getUsage({ startDate: today(), endDate: tomorrow() })
  assert.isAbove(usage.mediaLibraryStorageBytes ?? 0, 0)
  const analytics = yield* ik.getUsageAnalytics({ startDate: today(), endDate: today() })
  assert.strictEqual(analytics.startDate, today())
  assert.strictEqual(
    (yield* failsWith(ik.getUsage({ startDate: "2026-01-01", endDate: "2026-06-01" }))).tag,
    "InvalidInputError"
  )

  // uploadV2 with the key
  const v2 = yield* ik
    .uploadV2({ file: png(3, 3), fileName: "v2.png", folder: "/v2", useUniqueFileName: false })
    .pipe(Effect.flatMap(stored))
  assert.strictEqual(v2.filePath, "/v2/v2.png")
})

/** A client that holds no private key, only tokens a server minted: a browser's position. */
const tokenUploads = (tokenClient: Layer.Layer<ImageKit.ImageKit>) =>
  Effect.gen(function* () {
    const mint = (payload: Signing.UploadTokenPayload, now = Date.now()) =>
      Signing.uploadToken(payload, { ...KEYS, expiresIn: 60, now: () => now })
    const browser = yield* Effect.provide(ImageKit.ImageKit, tokenClient)
    const options = { file: png(2, 2), fileName: "browser.png", folder: "/browser", useUniqueFileName: false }
    const token = mint({ fileName: "browser.png", folder: "/browser", useUniqueFileName: false })
    const uploaded = yield* browser.uploadV2({ ...options, token }).pipe(Effect.flatMap(stored))
    assert.strictEqual(uploaded.filePath, "/browser/browser.png")
    // the same token again: spent (the API's 400)
    const reused = yield* failsWith(browser.uploadV2({ ...options, token }))
    assert.deepStrictEqual(reused, { tag: "ApiError", status: 400, message: "Your request has invalid token." })
    // older than its hour: refused before sending
    const expired = mint(
      { fileName: "browser.png", folder: "/browser", useUniqueFileName: false },
      Date.now() - 7_200_000
    )
    assert.strictEqual((yield* failsWith(browser.uploadV2({ ...options, token: expired }))).tag, "InvalidInputError")
    // a form that differs from the signed payload: refused before sending
    const other = mint({ fileName: "browser.png", folder: "/elsewhere", useUniqueFileName: false })
    assert.strictEqual((yield* failsWith(browser.uploadV2({ ...options, token: other }))).tag, "InvalidInputError")
    // signed with another key: only the server can tell
    const forged = Signing.uploadToken(
      { fileName: "browser.png", folder: "/browser", useUniqueFileName: false },
      { privateKey: "not-the-key", publicKey: KEYS.publicKey, expiresIn: 60 }
    )
    assert.deepInclude(yield* failsWith(browser.uploadV2({ ...options, token: forged })), {
      tag: "ApiError",
      status: 400
    })
  })

describe("the newer endpoints through the Effect client", () => {
  it.live("against the emulator over loopback HTTP", () =>
    Effect.gen(function* () {
      yield* everyOperation
      const running = yield* Emulator.EmulatorServer
      const tokenClient = ImageKit.layer.pipe(
        Layer.provide(
          ImageKitConfig.layer({
            publicKey: KEYS.publicKey,
            privateKey: "",
            urlEndpoint: running.urlEndpoint,
            apiBaseUrl: running.url,
            uploadBaseUrl: running.url,
            retry: { maxRetries: 0 }
          })
        ),
        Layer.provide(FetchHttpClient.layer)
      )
      yield* tokenUploads(tokenClient)
    }).pipe(Effect.provide(Emulator.layer({ seed: 15, pendingPolls: 1, ...KEYS })))
  )

  it.live("through the mock layer", () =>
    Effect.gen(function* () {
      yield* everyOperation
      const model = yield* ImageKitTest.ImageKitModel
      // The model's own client: it answers a request without a key only where the API would (a token upload).
      yield* tokenUploads(
        ImageKit.layer.pipe(
          Layer.provide(
            ImageKitConfig.layer({
              publicKey: KEYS.publicKey,
              privateKey: "",
              urlEndpoint: model.urlEndpoint,
              apiBaseUrl: "http://imagekit.test",
              uploadBaseUrl: "http://imagekit.test",
              retry: { maxRetries: 0 }
            })
          ),
          Layer.provide(Layer.succeed(HttpClient.HttpClient, ImageKitTest.httpClient(model)))
        )
      )
    }).pipe(Effect.provide(ImageKitTest.layer({ seed: 15, pendingPolls: 1 })))
  )

  it.live("a named transformation is served by delivery while enabled, refused when disabled or unknown", () =>
    Effect.gen(function* () {
      const ik = yield* ImageKit.ImageKit
      const running = yield* Emulator.EmulatorServer
      yield* ik.upload({ file: png(8, 8), fileName: "tile.png", folder: "/d", useUniqueFileName: false })
      const named = yield* ik.createNamedTransformation({ name: "small", transformation: "w-4,h-4" })
      const status = (url: string) => Effect.promise(() => fetch(url).then((response) => response.status))
      assert.strictEqual(yield* status(`${running.urlEndpoint}/tr:n-small/d/tile.png`), 200)
      yield* ik.updateNamedTransformation(named.id, { enabled: false })
      assert.strictEqual(yield* status(`${running.urlEndpoint}/tr:n-small/d/tile.png`), 400)
      assert.strictEqual(yield* status(`${running.urlEndpoint}/tr:n-unknown/d/tile.png`), 400)
    }).pipe(Effect.provide(Emulator.layer({ seed: 16, ...KEYS })))
  )
})
