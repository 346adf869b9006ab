import { ImageKit } from "@effect-imagekit/sdk"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
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
      assert.strictEqual(missing._tag, "ApiError")
    }).pipe(Effect.provide(ImageKitTest.layer({ seed: 1 })))
  )
})
