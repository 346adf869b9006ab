// A Vitest test with the mock layer, as docs/testing.md shows it.
import { ImageKit } from "@effect-imagekit/sdk"
import { ImageKitTest } from "@effect-imagekit/testing"
import { assert, it } from "@effect/vitest"
import { Effect } from "effect"

it.effect("uploads to the mock layer and reads the file back", () =>
  Effect.gen(function* () {
    const ik = yield* ImageKit.ImageKit
    const model = yield* ImageKitTest.ImageKitModel
    const uploaded = yield* ik.upload({ file: new Uint8Array([1, 2, 3]), fileName: "a.bin", folder: "/mock" })
    assert.strictEqual(model.files().length, 1)
    if (!("fileId" in uploaded)) return assert.fail("the upload was queued")
    const details = yield* ik.getFileDetails(uploaded.fileId)
    assert.strictEqual(details.size, 3)
  }).pipe(Effect.provide(ImageKitTest.layer({ seed: 1 })))
)
