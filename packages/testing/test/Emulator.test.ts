import { ImageKit } from "@effect-imagekit/sdk"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Stream from "effect/Stream"
import * as Emulator from "../src/Emulator.js"

// A 1×1 PNG: signature, IHDR (width 1, height 1, 8-bit RGBA), IDAT, IEND.
const PNG = Uint8Array.from(
  Buffer.from(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5c6e5a40000000049454e44ae426082",
    "hex"
  )
)

const withEmulator = <A, E>(program: Effect.Effect<A, E, ImageKit.ImageKit | Emulator.EmulatorServer>) =>
  program.pipe(Effect.provide(Emulator.layer({ seed: 7, pendingPolls: 1 })))

describe("the SDK over real loopback HTTP against the emulator", () => {
  it.live("uploads, reads details and metadata, lists, streams and deletes", () =>
    withEmulator(
      Effect.gen(function* () {
        const ik = yield* ImageKit.ImageKit
        const uploaded = yield* ik.upload({ file: PNG, fileName: "dot.png", folder: "/e2e", tags: ["a", "b"] })
        assert.isTrue("fileId" in uploaded)
        if (!("fileId" in uploaded)) return
        assert.strictEqual(uploaded.width, 1)
        assert.strictEqual(uploaded.height, 1)
        const details = yield* ik.getFileDetails(uploaded.fileId)
        assert.deepStrictEqual(details.tags, ["a", "b"])
        assert.strictEqual(details.filePath, uploaded.filePath)
        const metadata = yield* ik.getFileMetadata(uploaded.fileId)
        assert.strictEqual(metadata.width, 1)
        for (let index = 0; index < 4; index++) {
          yield* ik.upload({ file: `aGVsbG8gJHtpbmRleH0=`, fileName: `note-${index}.txt`, folder: "/e2e" })
        }
        const listed = yield* ik.listFiles({ path: "/e2e" })
        assert.strictEqual(listed.length, 5)
        const streamed = yield* ik.listFilesStream({ path: "/e2e", pageSize: 2 }).pipe(Stream.runCollect)
        assert.strictEqual(streamed.length, 5)
        yield* ik.deleteFile(uploaded.fileId)
        const gone = yield* Effect.exit(ik.getFileDetails(uploaded.fileId))
        assert.isTrue(Exit.isFailure(gone))
      })
    )
  )

  it.live("copies a folder as a bulk job and waits for it; purges and waits", () =>
    withEmulator(
      Effect.gen(function* () {
        const ik = yield* ImageKit.ImageKit
        yield* ik.upload({ file: PNG, fileName: "a.png", folder: "/src", useUniqueFileName: false })
        const job = yield* ik.copyFolder({ sourceFolderPath: "/src", destinationPath: "/dst" })
        const status = yield* ik.awaitBulkJob(job.jobId, { interval: "10 millis", timeout: "5 seconds" })
        assert.strictEqual(status.status, "Completed")
        const copied = yield* ik.listFiles({ path: "/dst/src" })
        assert.strictEqual(copied.length, 1)
        const purge = yield* ik.purgeCache("https://ik.imagekit.io/demo/a.png")
        const purged = yield* ik.awaitPurge(purge.requestId, { interval: "10 millis", timeout: "5 seconds" })
        assert.strictEqual(purged.status, "Completed")
      })
    )
  )

  it.live("serves files, and signed URLs only with a valid, unexpired signature", () =>
    withEmulator(
      Effect.gen(function* () {
        const ik = yield* ImageKit.ImageKit
        const uploaded = yield* ik.upload({
          file: PNG,
          fileName: "secret.png",
          isPrivateFile: true,
          useUniqueFileName: false
        })
        if (!("fileId" in uploaded)) return assert.fail("expected a file")
        const fetchStatus = (url: string) => Effect.promise(() => fetch(url).then((response) => response.status))
        assert.strictEqual(yield* fetchStatus(uploaded.url), 401)
        const signed = yield* ik.url({ path: uploaded.filePath, signed: true, expireSeconds: 60 })
        assert.strictEqual(yield* fetchStatus(signed), 200)
        const expired = yield* ik.url({ path: uploaded.filePath, signed: true, expireSeconds: -60 })
        assert.strictEqual(yield* fetchStatus(expired), 401)
        // Change the signature's first digit to a different one (a fixed "0" left a signature starting with 0 valid).
        const tampered = signed.replace(/ik-s=([0-9a-f])/, (_, digit: string) => `ik-s=${digit === "0" ? "1" : "0"}`)
        assert.notStrictEqual(tampered, signed)
        assert.strictEqual(yield* fetchStatus(tampered), 401)
      })
    )
  )

  it.live("serves a URL with its transformation in the path (tr:…) or the query, signed or not, as the file", () =>
    withEmulator(
      Effect.gen(function* () {
        const ik = yield* ImageKit.ImageKit
        const uploaded = yield* ik.upload({ file: PNG, fileName: "shown.png", folder: "/tr", useUniqueFileName: false })
        if (!("fileId" in uploaded)) return assert.fail("expected a file")
        const bytesOf = (url: string) =>
          Effect.promise(async () => {
            const response = await fetch(url)
            return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()) }
          })
        const transformation = [{ width: 40, height: 30 }, { rotation: 90 }]
        const inPath = yield* ik.url({ path: uploaded.filePath, transformation })
        assert.include(inPath, "/tr:w-40,h-30:rt-90/tr/shown.png")
        const inQuery = yield* ik.url({ path: uploaded.filePath, transformation, transformationPosition: "query" })
        const signed = yield* ik.url({ path: uploaded.filePath, transformation, signed: true, expireSeconds: 60 })
        for (const url of [inPath, inQuery, signed]) {
          const answer = yield* bytesOf(url)
          assert.strictEqual(answer.status, 200, url)
          // The emulator applies no transformation: the original bytes.
          assert.deepStrictEqual(answer.bytes, PNG)
        }
        // The signature covers the transformation: moving it to another file or changing it is refused.
        assert.strictEqual((yield* bytesOf(signed.replace("w-40", "w-41"))).status, 401)
        // Only a whole segment right after the endpoint is a transformation; a folder named like one is not skipped.
        assert.strictEqual((yield* bytesOf(inPath.replace("/tr:w-40,h-30:rt-90/tr/", "/tr/tr:x/"))).status, 404)
      })
    )
  )

  it.live("answers 401 to a wrong private key", () =>
    Effect.gen(function* () {
      const ik = yield* ImageKit.ImageKit
      const error = yield* Effect.flip(ik.listFiles())
      assert.strictEqual(error._tag, "AuthenticationError")
      if (error._tag === "AuthenticationError") assert.strictEqual(error.status, 401)
    }).pipe(Effect.provide(Emulator.layer({ config: { privateKey: "wrong_key" } })))
  )
})

describe("Basic auth", () => {
  it("takes the key from the user name and ignores the password, as ImageKit does; anything else is 401", async () => {
    const running = await Emulator.start({ privateKey: "private_test_key" })
    try {
      const statusWith = async (authorization: string | undefined): Promise<number> => {
        const response = await fetch(`${running.url}/v1/files`, {
          headers: authorization === undefined ? {} : { authorization }
        })
        await response.arrayBuffer()
        return response.status
      }
      const basic = (credentials: string) => `Basic ${Buffer.from(credentials, "utf8").toString("base64")}`
      // v6 sends an empty password, @imagekit/nodejs@7 sends "do_not_set".
      assert.strictEqual(await statusWith(basic("private_test_key:")), 200)
      assert.strictEqual(await statusWith(basic("private_test_key:do_not_set")), 200)
      assert.strictEqual(await statusWith(basic("private_test_key:a:b")), 200)
      assert.strictEqual(await statusWith(basic("wrong_key:")), 401)
      assert.strictEqual(await statusWith(basic("private_test_key")), 401)
      assert.strictEqual(await statusWith(basic("private_test_key_longer:")), 401)
      assert.strictEqual(await statusWith(`Bearer private_test_key`), 401)
      assert.strictEqual(await statusWith("Basic %%%"), 401)
      assert.strictEqual(await statusWith(`Basic ${Buffer.from([0xff, 0x3a]).toString("base64")}`), 401)
      assert.strictEqual(await statusWith(undefined), 401)
    } finally {
      await running.close()
    }
  })
})
