import * as fs from "node:fs"
import nodeFs from "node:fs"
import { syncBuiltinESMExports } from "node:module"
import * as os from "node:os"
import * as path from "node:path"
import { uploadToken } from "@effect-imagekit/core/Signing"
import { ImageKit } from "@effect-imagekit/sdk"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Emulator from "../src/Emulator.js"
import type { ModelSnapshot } from "../src/internal/model/index.js"
import { type DataDir, writeBehind } from "../src/internal/persistence.js"
import { png } from "./fixtures/images.js"

const temporaryDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "ik-emulator-"))

/** A scoped temporary dir, removed at the end of the test. */
const dataDir = Effect.acquireRelease(Effect.sync(temporaryDir), (dir) =>
  Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true }))
)

type Uploaded = Effect.Effect.Success<ReturnType<ImageKit.Service["upload"]>>

const stored = (result: Uploaded) =>
  "fileId" in result ? Effect.succeed(result) : Effect.dieMessage("expected a stored file, got an accepted upload")

const fetchBytes = (url: string) =>
  Effect.promise(async () => {
    const response = await fetch(url)
    return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()) }
  })

/** Runs `program` against an emulator on `dir`, started for the program and closed after it. */
const onEmulator = <A, E>(dir: string, program: Effect.Effect<A, E, ImageKit.ImageKit | Emulator.EmulatorServer>) =>
  // The same seed on both runs: without the saved id sequence the second run would repeat the first run's ids.
  program.pipe(Effect.provide(Emulator.layer({ seed: 11, pendingPolls: 1, dataDir: dir })))

/**
 * Makes the next read of `lock` find it gone, as when its holder closes between another emulator's failed create and
 * its read: `readFileSync` is wrapped (and the wrapper made visible to ES module imports of `node:fs`) until the
 * scope closes.
 */
const releasedOnFirstRead = (lock: string) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const original = nodeFs.readFileSync
      let armed = true
      const wrapped = ((file: fs.PathOrFileDescriptor, options?: unknown) => {
        if (armed && file === lock) {
          armed = false
          fs.rmSync(lock, { force: true })
        }
        return (original as (file: fs.PathOrFileDescriptor, options?: unknown) => unknown)(file, options)
      }) as typeof nodeFs.readFileSync
      nodeFs.readFileSync = wrapped
      syncBuiltinESMExports()
      return original
    }),
    (original) =>
      Effect.sync(() => {
        nodeFs.readFileSync = original
        syncBuiltinESMExports()
      })
  )

const NOTE = new TextEncoder().encode("a note that must survive a restart")

describe("Emulator dataDir", () => {
  it.scopedLive("keeps files, bytes, versions, folders, fields, purges and jobs across a restart", () =>
    Effect.gen(function* () {
      const dir = yield* dataDir
      const first = yield* onEmulator(
        dir,
        Effect.gen(function* () {
          const ik = yield* ImageKit.ImageKit
          yield* ik.createCustomMetadataField({ name: "price", label: "Price", schema: { type: "Number" } })
          const v1 = yield* ik
            .upload({ file: png(2, 2), fileName: "pic.png", folder: "/keep", useUniqueFileName: false, tags: ["t1"] })
            .pipe(Effect.flatMap(stored))
          const v2 = yield* ik
            .upload({
              file: png(5, 4),
              fileName: "pic.png",
              folder: "/keep",
              useUniqueFileName: false,
              customMetadata: { price: 10 }
            })
            .pipe(Effect.flatMap(stored))
          const note = yield* ik
            .upload({ file: NOTE, fileName: "note.txt", folder: "/keep/docs", description: "kept" })
            .pipe(Effect.flatMap(stored))
          yield* ik.createFolder({ folderName: "empty", parentFolderPath: "/" })
          const job = yield* ik.copyFolder({ sourceFolderPath: "/keep/docs", destinationPath: "/copies" })
          const purge = yield* ik.purgeCache(note.url)
          // One poll each before the restart: the poll counts must survive too.
          assert.strictEqual((yield* ik.getBulkJobStatus(job.jobId)).status, "Pending")
          assert.strictEqual((yield* ik.getPurgeCacheStatus(purge.requestId)).status, "Pending")
          const running = yield* Emulator.EmulatorServer
          return {
            fileId: v1.fileId,
            noteId: note.fileId,
            v2Size: v2.size,
            jobId: job.jobId,
            purgeId: purge.requestId,
            files: running.model.files(),
            folders: running.model.folders(),
            versions: yield* ik.getFileVersions(v1.fileId)
          }
        })
      )

      yield* onEmulator(
        dir,
        Effect.gen(function* () {
          const ik = yield* ImageKit.ImageKit
          const running = yield* Emulator.EmulatorServer
          // The records are the same, except URLs, which follow the new port.
          const withoutUrls = (items: ReadonlyArray<Record<string, unknown>>) =>
            items.map(({ url: _url, thumbnail: _thumbnail, ...rest }) => rest)
          assert.deepStrictEqual(withoutUrls(running.model.files()), withoutUrls(first.files))
          assert.deepStrictEqual(running.model.folders(), first.folders)
          assert.include(
            running.model.folders().map((folder) => folder.folderPath),
            "/empty"
          )

          const details = yield* ik.getFileDetails(first.fileId)
          assert.strictEqual(details.size, first.v2Size)
          assert.deepStrictEqual(details.customMetadata, { price: 10 })
          const current = yield* fetchBytes(details.url)
          assert.strictEqual(current.status, 200)
          assert.deepStrictEqual(current.bytes, png(5, 4))

          const versions = yield* ik.getFileVersions(first.fileId)
          assert.deepStrictEqual(
            versions.map((version) => version.versionInfo?.id),
            first.versions.map((version) => version.versionInfo?.id)
          )
          const older = versions.find((version) => version.type === "file-version")
          assert.isDefined(older)
          if (older === undefined) return
          assert.deepStrictEqual(older.tags, ["t1"])
          const olderBytes = yield* fetchBytes(older.url)
          assert.strictEqual(olderBytes.status, 200)
          assert.deepStrictEqual(olderBytes.bytes, png(2, 2))

          const note = yield* ik.getFileDetails(first.noteId)
          assert.strictEqual(note.description, "kept")
          assert.deepStrictEqual((yield* fetchBytes(note.url)).bytes, NOTE)

          const fields = yield* ik.getCustomMetadataFields()
          assert.deepStrictEqual(
            fields.map((field) => field.name),
            ["price"]
          )
          assert.strictEqual((yield* ik.getBulkJobStatus(first.jobId)).status, "Completed")
          assert.strictEqual((yield* ik.getPurgeCacheStatus(first.purgeId)).status, "Completed")
          assert.strictEqual((yield* ik.listFiles({ path: "/copies/docs" })).length, 1)

          // New ids continue the saved sequence instead of repeating the first run's.
          const fresh = yield* ik
            .upload({ file: NOTE, fileName: "fresh.txt", folder: "/keep" })
            .pipe(Effect.flatMap(stored))
          const oldIds = new Set(first.files.map((file) => file.fileId))
          assert.isFalse(oldIds.has(fresh.fileId))
          assert.notInclude(
            first.versions.map((version) => version.versionInfo?.id),
            fresh.versionInfo?.id
          )
        })
      )
      // Blobs are shared by content: png(2,2), png(5,4) and the note (copied once) are three files on disk.
      assert.strictEqual(fs.readdirSync(path.join(dir, "blobs")).length, 3)
    })
  )

  it.scopedLive("deleted files are gone after a restart, and their bytes are removed from the dir", () =>
    Effect.gen(function* () {
      const dir = yield* dataDir
      yield* onEmulator(
        dir,
        Effect.gen(function* () {
          const ik = yield* ImageKit.ImageKit
          const file = yield* ik.upload({ file: NOTE, fileName: "gone.txt" }).pipe(Effect.flatMap(stored))
          yield* ik.deleteFile(file.fileId)
        })
      )
      yield* onEmulator(
        dir,
        Effect.gen(function* () {
          const running = yield* Emulator.EmulatorServer
          assert.strictEqual(running.model.files().length, 0)
        })
      )
      assert.deepStrictEqual(fs.readdirSync(path.join(dir, "blobs")), [])
    })
  )

  it.scopedLive("seeded files are saved too", () =>
    Effect.gen(function* () {
      const dir = yield* dataDir
      const first = yield* Effect.acquireRelease(
        Effect.promise(() => Emulator.start({ dataDir: dir })),
        (running) => Effect.promise(() => running.close())
      )
      first.model.seedFile({ fileName: "seed.txt", data: NOTE, folder: "/seeded" })
      yield* Effect.promise(() => first.close())
      const second = yield* Emulator.scoped({ dataDir: dir })
      assert.deepStrictEqual(
        second.model.files().map((file) => file.filePath),
        ["/seeded/seed.txt"]
      )
    })
  )

  it.scopedLive(
    "keeps origins (without secrets), URL endpoints, saved extensions, named transformations, traffic and spent tokens",
    () =>
      Effect.gen(function* () {
        const dir = yield* dataDir
        const day = new Date("2024-08-01T09:00:00.000Z")
        const options = { dataDir: dir, seed: 4, clock: () => day }
        const first = yield* Effect.promise(() => Emulator.start(options))
        const api = (method: string, route: string, body?: unknown) =>
          first.model.handle({ method, path: route, query: [], ...(body === undefined ? {} : { json: body }) })
        const origin = api("POST", "/v1/accounts/origins", {
          type: "S3",
          name: "Kept",
          bucket: "b",
          accessKey: "AKIA_NOT_ON_DISK",
          secretKey: "SECRET_NOT_ON_DISK"
        })
        const originId = String((origin.body as { id: string }).id)
        api("POST", "/v1/accounts/url-endpoints", { description: "P", urlPrefix: "p", origins: [originId] })
        api("POST", "/v1/saved-extensions", { name: "S", description: "d", config: { name: "ai-auto-description" } })
        api("POST", "/v1/named-transformations", { name: "thumb", transformation: "w-10" })
        const file = first.model.seedFile({ fileName: "t.txt", data: NOTE })
        first.model.deliver({ url: String(file.url), method: "GET", now: Date.now() })
        // A spent v2 token, as the model records it.
        first.model.handle({
          method: "POST",
          path: "/api/v2/files/upload",
          query: [],
          authenticated: false,
          form: [
            { name: "file", fileName: "x", contentType: "text/plain", data: NOTE },
            { name: "fileName", value: "x.txt" },
            {
              name: "token",
              value: uploadToken(
                { fileName: "x.txt" },
                { publicKey: "public_test_key", privateKey: "private_test_key", now: () => day.getTime() }
              )
            }
          ]
        })
        const before = first.model.snapshot()
        yield* Effect.promise(() => first.close())
        const onDisk = fs.readFileSync(path.join(dir, "state.json"), "utf8")
        assert.notInclude(onDisk, "SECRET_NOT_ON_DISK")
        assert.notInclude(onDisk, "AKIA_NOT_ON_DISK")
        const second = yield* Emulator.scoped(options)
        const after = second.model.snapshot()
        assert.deepStrictEqual(after.origins, before.origins)
        assert.deepStrictEqual(after.urlEndpoints, before.urlEndpoints)
        assert.deepStrictEqual(after.savedExtensions, before.savedExtensions)
        assert.deepStrictEqual(after.namedTransformations, before.namedTransformations)
        assert.deepStrictEqual(after.traffic, before.traffic)
        assert.strictEqual(after.usedTokens?.length, 1)
        assert.deepStrictEqual(after.usedTokens, before.usedTokens)
      })
  )

  describe("a damaged or busy dir fails the start with a typed error", () => {
    const failure = (dir: string) => Effect.flip(Effect.scoped(Emulator.scoped({ dataDir: dir })))

    it.scopedLive("state.json that is not JSON", () =>
      Effect.gen(function* () {
        const dir = yield* dataDir
        fs.writeFileSync(path.join(dir, "state.json"), "{ not json")
        const error = yield* failure(dir)
        assert.instanceOf(error, Emulator.EmulatorError)
        assert.strictEqual(error.reason, "DataDirCorrupt")
        assert.include(error.message, "state.json is not valid JSON")
        assert.include(error.message, dir)
        // The failed start released the dir: once repaired, it opens.
        fs.rmSync(path.join(dir, "state.json"))
        yield* Emulator.scoped({ dataDir: dir })
      })
    )

    it.scopedLive("state.json with the wrong shape names the field", () =>
      Effect.gen(function* () {
        const dir = yield* dataDir
        const state = { format: "effect-imagekit-emulator", version: 1, files: [{ fileId: 1 }], folders: [] }
        fs.writeFileSync(path.join(dir, "state.json"), JSON.stringify(state))
        const error = yield* failure(dir)
        assert.strictEqual(error.reason, "DataDirCorrupt")
        assert.include(error.message, "files.0.fileId")
      })
    )

    it.scopedLive("a missing or altered blob", () =>
      Effect.gen(function* () {
        const dir = yield* dataDir
        const running = yield* Effect.promise(() => Emulator.start({ dataDir: dir }))
        running.model.seedFile({ fileName: "a.txt", data: NOTE })
        yield* Effect.promise(() => running.close())
        const [blob] = fs.readdirSync(path.join(dir, "blobs"))
        assert.isDefined(blob)
        if (blob === undefined) return
        fs.writeFileSync(path.join(dir, "blobs", blob), "tampered")
        const altered = yield* failure(dir)
        assert.strictEqual(altered.reason, "DataDirCorrupt")
        assert.include(altered.message, "do not match their hash")
        fs.rmSync(path.join(dir, "blobs", blob))
        const missing = yield* failure(dir)
        assert.strictEqual(missing.reason, "DataDirCorrupt")
        assert.include(missing.message, "/a.txt")
      })
    )

    it.scopedLive("a path that is a file", () =>
      Effect.gen(function* () {
        const dir = yield* dataDir
        const file = path.join(dir, "plain-file")
        fs.writeFileSync(file, "x")
        const error = yield* failure(file)
        assert.strictEqual(error.reason, "DataDirUnreadable")
      })
    )

    it.scopedLive("a dir that cannot be created", () =>
      Effect.gen(function* () {
        const error = yield* failure("/proc/imagekit-emulator/data")
        assert.strictEqual(error.reason, "DataDirUnreadable")
        assert.include(error.message, "/proc/imagekit-emulator/data")
      })
    )

    it.scopedLive("a dir in use by a running emulator", () =>
      Effect.gen(function* () {
        const dir = yield* dataDir
        yield* Emulator.scoped({ dataDir: dir })
        const error = yield* failure(dir)
        assert.strictEqual(error.reason, "DataDirLocked")
        assert.include(error.message, String(process.pid))
      })
    )

    it.scopedLive("a taken port fails with ListenFailed and leaves the dir unlocked", () =>
      Effect.gen(function* () {
        const dir = yield* dataDir
        const other = yield* Emulator.scoped()
        const error = yield* Effect.flip(Effect.scoped(Emulator.scoped({ port: other.port, dataDir: dir })))
        assert.strictEqual(error.reason, "ListenFailed")
        assert.include(error.message, `127.0.0.1:${other.port}`)
        assert.isFalse(fs.existsSync(path.join(dir, "emulator.lock")))
        yield* Emulator.scoped({ dataDir: dir })
      })
    )

    it.scopedLive("a stale lock of a dead process is taken over", () =>
      Effect.gen(function* () {
        const dir = yield* dataDir
        fs.writeFileSync(path.join(dir, "emulator.lock"), "999999999")
        const running = yield* Emulator.scoped({ dataDir: dir })
        assert.strictEqual(running.dataDir, path.resolve(dir))
      })
    )

    it.scopedLive("a lock released between a failed create and the read of its holder is taken, not an error", () =>
      Effect.gen(function* () {
        // The race `imagekit upload a & imagekit upload b` hit about once in six runs under load: the second emulator
        // found the lock, and by the time it read the holder's pid the first had closed and removed it.
        const dir = yield* dataDir
        const lock = path.join(dir, "emulator.lock")
        fs.writeFileSync(lock, "1")
        yield* releasedOnFirstRead(lock)
        const running = yield* Emulator.scoped({ dataDir: dir })
        assert.strictEqual(running.dataDir, path.resolve(dir))
        assert.match(fs.readFileSync(lock, "utf8"), new RegExp(`^${process.pid}\\n`))
      })
    )

    it.scopedLive("a lock file another emulator has just created (no pid yet) is not taken over", () =>
      Effect.gen(function* () {
        const dir = yield* dataDir
        fs.writeFileSync(path.join(dir, "emulator.lock"), "")
        const error = yield* failure(dir)
        assert.strictEqual(error.reason, "DataDirLocked")
        assert.strictEqual(fs.readFileSync(path.join(dir, "emulator.lock"), "utf8"), "")
      })
    )

    it.scopedLive("a lock file without a pid left long ago (a crash) is taken over", () =>
      Effect.gen(function* () {
        const dir = yield* dataDir
        const lock = path.join(dir, "emulator.lock")
        fs.writeFileSync(lock, "")
        const minuteAgo = new Date(Date.now() - 60_000)
        fs.utimesSync(lock, minuteAgo, minuteAgo)
        yield* Emulator.scoped({ dataDir: dir })
      })
    )

    it.scopedLive("closing leaves a lock that another emulator holds now", () =>
      Effect.gen(function* () {
        const dir = yield* dataDir
        const lock = path.join(dir, "emulator.lock")
        const running = yield* Effect.promise(() => Emulator.start({ dataDir: dir }))
        // As if this emulator had been taken for dead and the dir taken over by another process.
        fs.rmSync(lock)
        fs.writeFileSync(lock, `${process.ppid}\nanother\n`)
        yield* Effect.promise(() => running.close())
        assert.strictEqual(fs.readFileSync(lock, "utf8"), `${process.ppid}\nanother\n`)
      })
    )

    it.scopedLive("Emulator.start rejects with the same EmulatorError", () =>
      Effect.gen(function* () {
        const dir = yield* dataDir
        fs.writeFileSync(path.join(dir, "state.json"), "[]")
        const rejected = yield* Effect.promise(() =>
          Emulator.start({ dataDir: dir }).then(
            (running) => running.close().then(() => undefined),
            (error: unknown) => error
          )
        )
        assert.instanceOf(rejected, Emulator.EmulatorError)
        if (rejected instanceof Emulator.EmulatorError) assert.strictEqual(rejected.reason, "DataDirCorrupt")
      })
    )
  })

  describe("writeBehind", () => {
    const fakeDir = (lastWriteMs: number) => {
      const written: Array<ModelSnapshot> = []
      const dir: DataDir = {
        directory: "/fake",
        loaded: undefined,
        write: (snapshot) => {
          written.push(snapshot)
        },
        lastWriteMs: () => lastWriteMs,
        stats: () => ({ writes: written.length, writeMs: 0, writeErrors: 0 }),
        release: () => undefined
      }
      return { dir, written }
    }
    const empty: ModelSnapshot = { files: [], folders: [], jobs: [], purges: [], fields: [] }

    it("coalesces a burst of changes into one write, and writes nothing when nothing changed", () => {
      const { dir, written } = fakeDir(1)
      const writer = writeBehind(dir, () => empty)
      for (let index = 0; index < 100; index++) writer.changed()
      assert.strictEqual(written.length, 0)
      writer.flush()
      assert.strictEqual(written.length, 1)
      writer.flush(true)
      assert.strictEqual(written.length, 1)
    })

    it.live("writes on its own after the delay", () =>
      Effect.gen(function* () {
        const { dir, written } = fakeDir(0)
        const writer = writeBehind(dir, () => empty)
        writer.changed()
        yield* Effect.promise(
          () =>
            new Promise<void>((resolve) => {
              const poll = setInterval(() => {
                if (written.length === 1) {
                  clearInterval(poll)
                  resolve()
                }
              }, 1)
            })
        )
        writer.flush(true)
        assert.strictEqual(written.length, 1)
      })
    )
  })
})
