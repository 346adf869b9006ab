import { uploadToken } from "@effect-imagekit/core/Signing"
import { ImageKit } from "@effect-imagekit/sdk"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import { Readable } from "node:stream"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as ImageKitTest from "../src/ImageKitTest.js"

describe("the mock layer (no sockets)", () => {
  it.effect("runs the real client against the model and exposes the model", () =>
    Effect.gen(function* () {
      const ik = yield* ImageKit.ImageKit
      const model = yield* ImageKitTest.ImageKitModel
      model.seedFile({ fileName: "seeded.txt", data: new TextEncoder().encode("hi"), folder: "/seed" })
      const uploaded = yield* ik.upload({ file: new Uint8Array([1, 2, 3]), fileName: "a.bin", folder: "/docs" })
      assert.isTrue("fileId" in uploaded)
      assert.strictEqual(model.files().length, 2)
      const listed = yield* ik.listFiles({ path: "/seed" })
      assert.strictEqual(listed.length, 1)
      const field = yield* ik.createCustomMetadataField({
        name: "price",
        label: "Price",
        schema: { type: "Number", minValue: 0 }
      })
      assert.strictEqual(field.name, "price")
      const missing = yield* Effect.flip(ik.getFileDetails("nope"))
      assert.strictEqual(missing._tag, "NotFoundError")
    }).pipe(Effect.provide(ImageKitTest.layer({ seed: 1 })))
  )
})

describe("waiters under it.effect (the TestClock does not move by itself)", () => {
  it.effect("awaitBulkJob and awaitPurge return: jobs and purges are done on the first poll", () =>
    Effect.gen(function* () {
      const ik = yield* ImageKit.ImageKit
      yield* ik.upload({ file: new Uint8Array([1]), fileName: "a.bin", folder: "/src" })
      const job = yield* ik.copyFolder({ sourceFolderPath: "/src", destinationPath: "/dst" })
      assert.strictEqual((yield* ik.awaitBulkJob(job.jobId)).status, "Completed")
      const purge = yield* ik.purgeCache("https://ik.imagekit.io/demo/a.bin")
      assert.strictEqual((yield* ik.awaitPurge(purge.requestId)).status, "Completed")
    }).pipe(Effect.provide(ImageKitTest.layer({ seed: 1 })))
  )

  it.effect("with pendingPolls the status lags as the real API's does, and a waiter needs the clock moved", () =>
    Effect.gen(function* () {
      const ik = yield* ImageKit.ImageKit
      yield* ik.upload({ file: new Uint8Array([1]), fileName: "a.bin", folder: "/src" })
      const job = yield* ik.copyFolder({ sourceFolderPath: "/src", destinationPath: "/dst" })
      // The first poll answers Pending; the waiter sleeps a second on the TestClock before the next.
      const waiting = yield* Effect.fork(ik.awaitBulkJob(job.jobId))
      yield* TestClock.adjust("1 second")
      assert.strictEqual((yield* Fiber.join(waiting)).status, "Completed")
      assert.strictEqual((yield* ik.getBulkJobStatus(job.jobId)).status, "Completed")
    }).pipe(Effect.provide(ImageKitTest.layer({ seed: 1, pendingPolls: 1 })))
  )
})

describe("the mock layer takes every upload source", () => {
  it.effect("streamed bodies (Effect Stream, web and Node streams, Blob) are stored byte for byte", () =>
    Effect.gen(function* () {
      const ik = yield* ImageKit.ImageKit
      const model = yield* ImageKitTest.ImageKitModel
      const bytes = Uint8Array.from({ length: 70_000 }, (_, index) => (index * 31) % 256)
      const halves = [bytes.subarray(0, 30_000), bytes.subarray(30_000)]
      const sources = {
        "effect-stream.bin": Stream.fromIterable(halves),
        "web-stream.bin": new ReadableStream<Uint8Array>({
          start(controller) {
            for (const half of halves) controller.enqueue(half)
            controller.close()
          }
        }),
        "node-readable.bin": Readable.from(halves.map((half) => Buffer.from(half))),
        "blob.bin": new Blob([bytes])
      }
      for (const [fileName, file] of Object.entries(sources)) {
        const uploaded = yield* ik.upload({ file, fileName, useUniqueFileName: false })
        assert.isTrue("url" in uploaded && typeof uploaded.url === "string", fileName)
        if (!("url" in uploaded) || typeof uploaded.url !== "string") continue
        assert.strictEqual(uploaded.size, bytes.length, fileName)
        assert.deepStrictEqual(model.readUrl(uploaded.url)?.bytes, bytes, fileName)
      }
      const failing = Stream.concat(Stream.make(bytes), Stream.fail("disk gone"))
      const error = yield* Effect.flip(ik.upload({ file: failing, fileName: "broken.bin" }))
      assert.strictEqual(error._tag, "RequestError")
      assert.strictEqual(model.files().length, 4)
    }).pipe(Effect.provide(ImageKitTest.layer({ seed: 2 })))
  )
})

describe("the mock layer models the endpoints the SDK does not call yet", () => {
  // Any HttpClient request reaches the same model as the emulator: here raw requests, as an SDK operation would send.
  it.effect("named transformations, v2 uploads with a token, origins and usage through its HttpClient", () =>
    Effect.gen(function* () {
      const model = yield* ImageKitTest.ImageKitModel
      const client = ImageKitTest.httpClient(model, "private_mock_key")
      const authorization = `Basic ${Buffer.from("private_mock_key:").toString("base64")}`
      const send = (request: HttpClientRequest.HttpClientRequest) =>
        client
          .execute(request)
          .pipe(
            Effect.flatMap((response) =>
              Effect.map(response.json, (body) => ({ status: response.status, body: body as Record<string, unknown> }))
            )
          )
      const named = yield* send(
        HttpClientRequest.post("http://imagekit.test/v1/named-transformations").pipe(
          HttpClientRequest.setHeader("authorization", authorization),
          HttpClientRequest.bodyUnsafeJson({ name: "thumb", transformation: "w-100" })
        )
      )
      assert.strictEqual(named.status, 201)
      const form = new FormData()
      form.append("file", new Blob([new Uint8Array([1, 2, 3])]), "a.bin")
      form.append("fileName", "a.bin")
      form.append(
        "token",
        uploadToken({ fileName: "a.bin" }, { publicKey: "public_mock_key", privateKey: "private_mock_key" })
      )
      const uploaded = yield* send(
        HttpClientRequest.post("http://imagekit.test/api/v2/files/upload").pipe(HttpClientRequest.bodyFormData(form))
      )
      assert.strictEqual(uploaded.status, 200, JSON.stringify(uploaded.body))
      const origin = yield* send(
        HttpClientRequest.post("http://imagekit.test/v1/accounts/origins").pipe(
          HttpClientRequest.setHeader("authorization", authorization),
          HttpClientRequest.bodyUnsafeJson({ type: "S3", name: "x" })
        )
      )
      assert.deepStrictEqual(origin, {
        status: 400,
        body: {
          message: "bucket is required and must be a string",
          help: "For support kindly contact us at support@imagekit.io."
        }
      })
      // Delivery through the named transformation (the model's own answer: the mock layer has no delivery host).
      const url = `${model.urlEndpoint}/tr:n-thumb${String(uploaded.body.filePath)}`
      assert.strictEqual(model.deliver({ url, method: "GET", now: 0 }).status, 200)
    }).pipe(
      Effect.provide(ImageKitTest.layer({ seed: 3, publicKey: "public_mock_key", privateKey: "private_mock_key" }))
    )
  )
})
