import { ImageKit } from "@effect-imagekit/sdk"
import { assert, describe, it } from "@effect/vitest"
import { Readable } from "node:stream"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
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
