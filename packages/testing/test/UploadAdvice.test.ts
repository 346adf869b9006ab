/**
 * Found by the reliability harness (docs/reliability.md, run b): the advice an upload's `Unknown` outcome gives must
 * find the file when it was stored. The message recommends `listFiles` with `searchQuery 'name = "<fileName>"'`, but
 * with `useUniqueFileName` on (ImageKit's default) the file is stored as `<name>_<suffix>.<ext>`, so that search finds
 * nothing, and a caller who follows it uploads the file a second time.
 */
import { ImageKit, ImageKitError } from "@effect-imagekit/sdk"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Emulator from "../src/Emulator.js"
import * as FaultProxy from "../src/FaultProxy.js"

const PRIVATE_KEY = "private_advice_test"

describe("the advice of an upload whose answer was lost", () => {
  it.live("names a search that finds the file ImageKit stored under its unique name", () =>
    Effect.gen(function* () {
      const emulator = yield* Emulator.scoped({ privateKey: PRIVATE_KEY })
      const proxy = yield* FaultProxy.scoped({ target: emulator.url })
      const ik = yield* Effect.provide(
        ImageKit.ImageKit,
        ImageKit.layerNode({
          publicKey: "public_advice_test",
          privateKey: PRIVATE_KEY,
          urlEndpoint: emulator.urlEndpoint,
          apiBaseUrl: proxy.url,
          uploadBaseUrl: proxy.url
        })
      )
      proxy.injectNext("lostAnswer")
      const error = yield* Effect.flip(
        ik.upload({ file: new Uint8Array([1, 2, 3]), fileName: "photo.jpg", folder: "/trip" })
      )
      assert.instanceOf(error, ImageKitError.RequestError)
      assert.strictEqual(error instanceof ImageKitError.RequestError ? error.upload?.outcome : undefined, "Unknown")
      // The server stored it, under a unique name.
      const stored = emulator.model.files().map((file) => String(file.name))
      assert.strictEqual(stored.length, 1)
      assert.match(stored[0] ?? "", /^photo_[A-Za-z0-9]{9}\.jpg$/)
      // The search the message recommends, run as written.
      const searchQuery = /searchQuery '([^']+)'/.exec(error.message)?.[1]
      assert.isDefined(searchQuery, error.message)
      const found = yield* ik.listFiles({ searchQuery: searchQuery ?? "", path: "/trip" })
      assert.strictEqual(
        found.length,
        1,
        `listFiles({ searchQuery: ${JSON.stringify(searchQuery)} }) finds the stored file`
      )
    }).pipe(Effect.scoped)
  )
})
