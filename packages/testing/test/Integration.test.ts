import { ImageKit, Schemas } from "@effect-imagekit/sdk"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Emulator from "../src/Emulator.js"
import { png } from "./fixtures/images.js"

const withEmulator = <A, E>(program: Effect.Effect<A, E, ImageKit.ImageKit | Emulator.EmulatorServer>) =>
  program.pipe(
    Effect.provide(
      Emulator.layer({ seed: 3, pendingPolls: 1, config: { retry: { maxRetries: 1, baseDelay: "5 millis" } } })
    )
  )

const wait = { interval: "10 millis", timeout: "3 seconds" } as const

type Uploaded = Effect.Effect.Success<ReturnType<ImageKit.Service["upload"]>>
type Stored = Extract<Uploaded, { readonly fileId: string }>

const stored = (result: Uploaded): Effect.Effect<Stored> =>
  "fileId" in result ? Effect.succeed(result) : Effect.dieMessage("expected a stored file, got an accepted upload")

const names = (items: ReadonlyArray<Schemas.ListItem>): ReadonlyArray<string> =>
  items.filter(Schemas.isFile).map((item) => item.filePath)

const BASE64 = Buffer.from("hello integration").toString("base64")

describe("every operation over real loopback HTTP against the emulator", () => {
  it.live("runs all 28 API operations and observes their effects", () =>
    withEmulator(
      Effect.gen(function* () {
        const ik = yield* ImageKit.ImageKit
        const ran = new Set<string>()
        const track = <A, E>(name: string, effect: Effect.Effect<A, E>) => Effect.tap(effect, () => ran.add(name))

        // upload: bytes and base64
        const image = yield* track(
          "upload",
          ik.upload({ file: png(4, 3), fileName: "pic.png", folder: "/int", tags: ["one"], useUniqueFileName: false })
        ).pipe(Effect.flatMap(stored))
        assert.strictEqual(image.width, 4)
        assert.strictEqual(image.height, 3)
        const note = yield* ik
          .upload({ file: BASE64, fileName: "note.txt", folder: "/int", useUniqueFileName: false })
          .pipe(Effect.flatMap(stored))
        assert.strictEqual(note.size, "hello integration".length)

        // listFiles: path, tags, searchQuery
        const byPath = yield* track("listFiles", ik.listFiles({ path: "/int" }))
        assert.deepStrictEqual([...names(byPath)].sort(), ["/int/note.txt", "/int/pic.png"])
        assert.deepStrictEqual(names(yield* ik.listFiles({ tags: ["one"] })), ["/int/pic.png"])
        assert.deepStrictEqual(names(yield* ik.listFiles({ searchQuery: `name = "note.txt"` })), ["/int/note.txt"])

        // getFileDetails and an unknown id
        const details = yield* track("getFileDetails", ik.getFileDetails(image.fileId))
        assert.strictEqual(details.filePath, "/int/pic.png")
        assert.deepStrictEqual(details.tags, ["one"])
        const missing = yield* Effect.flip(ik.getFileDetails("no_such_file_id"))
        assert.strictEqual(missing._tag, "NotFoundError")
        if (missing._tag === "NotFoundError") assert.strictEqual(missing.status, 404)

        // versions: overwrite the image, then list, read, restore and delete versions
        const overwritten = yield* ik
          .upload({
            file: png(8, 6),
            fileName: "pic.png",
            folder: "/int",
            useUniqueFileName: false,
            overwriteFile: true
          })
          .pipe(Effect.flatMap(stored))
        assert.strictEqual(overwritten.fileId, image.fileId)
        assert.strictEqual(overwritten.width, 8)
        const versions = yield* track("getFileVersions", ik.getFileVersions(image.fileId))
        assert.strictEqual(versions.length, 2)
        // The current version answers to the file's id; an older one to its own id.
        const olderId = (list: ReadonlyArray<Schemas.File>) =>
          list.find((v) => v.type === "file-version")?.versionInfo?.id
        const firstVersionId = olderId(versions)
        if (firstVersionId === undefined) return assert.fail("expected an older version")
        assert.notStrictEqual<string>(firstVersionId, image.fileId)
        const oldVersion = yield* track(
          "getFileVersionDetails",
          ik.getFileVersionDetails({ fileId: image.fileId, versionId: firstVersionId })
        )
        assert.strictEqual(oldVersion.width, 4)
        const restored = yield* track(
          "restoreFileVersion",
          ik.restoreFileVersion({ fileId: image.fileId, versionId: firstVersionId })
        )
        assert.strictEqual(restored.width, 4)
        assert.strictEqual((yield* ik.getFileDetails(image.fileId)).width, 4)
        // After the restore, the overwrite's version is no longer current and can be deleted.
        const overwriteId = olderId(yield* ik.getFileVersions(image.fileId))
        if (overwriteId === undefined) return assert.fail("expected the overwrite as an older version")
        yield* track("deleteFileVersion", ik.deleteFileVersion({ fileId: image.fileId, versionId: overwriteId }))
        assert.strictEqual((yield* ik.getFileVersions(image.fileId)).length, 1)
        const gone = yield* Effect.flip(ik.getFileVersionDetails({ fileId: image.fileId, versionId: overwriteId }))
        assert.strictEqual(gone._tag, "NotFoundError")

        // custom metadata fields and updateFileDetails
        const field = yield* track(
          "createCustomMetadataField",
          ik.createCustomMetadataField({ name: "price", label: "Price", schema: { type: "Number", minValue: 0 } })
        )
        const updated = yield* track(
          "updateFileDetails",
          ik.updateFileDetails(image.fileId, { tags: ["two", "three"], customMetadata: { price: 42 } })
        )
        assert.deepStrictEqual(updated.tags, ["two", "three"])
        assert.strictEqual(updated.customMetadata?.price, 42)
        const fields = yield* track("getCustomMetadataFields", ik.getCustomMetadataFields())
        assert.deepStrictEqual(
          fields.map((f) => f.name),
          ["price"]
        )
        const relabelled = yield* track(
          "updateCustomMetadataField",
          ik.updateCustomMetadataField(field.id, { label: "Cost", schema: { maxValue: 1000 } })
        )
        assert.strictEqual(relabelled.label, "Cost")
        yield* track("deleteCustomMetadataField", ik.deleteCustomMetadataField(field.id))
        assert.strictEqual((yield* ik.getCustomMetadataFields()).length, 0)
        const withDeleted = yield* ik.getCustomMetadataFields({ includeDeleted: true })
        assert.strictEqual(withDeleted.length, 1)

        // bulk tags
        const added = yield* track("bulkAddTags", ik.bulkAddTags([image.fileId, note.fileId], ["bulk"]))
        assert.deepStrictEqual([...added.successfullyUpdatedFileIds].sort(), [image.fileId, note.fileId].sort())
        assert.strictEqual((yield* ik.listFiles({ tags: ["bulk"] })).length, 2)
        yield* track("bulkRemoveTags", ik.bulkRemoveTags([note.fileId], ["bulk"]))
        assert.deepStrictEqual(names(yield* ik.listFiles({ tags: ["bulk"] })), ["/int/pic.png"])
        const removedAI = yield* track("bulkRemoveAITags", ik.bulkRemoveAITags([image.fileId], ["car"]))
        assert.deepStrictEqual(removedAI.successfullyUpdatedFileIds, [image.fileId])

        // copy, move, rename
        yield* track("copyFile", ik.copyFile({ sourceFilePath: "/int/note.txt", destinationPath: "/copies" }))
        assert.deepStrictEqual(names(yield* ik.listFiles({ path: "/copies" })), ["/copies/note.txt"])
        yield* track("moveFile", ik.moveFile({ sourceFilePath: "/copies/note.txt", destinationPath: "/moved" }))
        assert.strictEqual(names(yield* ik.listFiles({ path: "/copies" })).length, 0)
        assert.deepStrictEqual(names(yield* ik.listFiles({ path: "/moved" })), ["/moved/note.txt"])
        yield* track("renameFile", ik.renameFile({ filePath: "/moved/note.txt", newFileName: "renamed.txt" }))
        assert.deepStrictEqual(names(yield* ik.listFiles({ path: "/moved" })), ["/moved/renamed.txt"])

        // folders and bulk jobs
        yield* track("createFolder", ik.createFolder({ folderName: "tmp", parentFolderPath: "/" }))
        const root = yield* ik.listFiles({ path: "/", includeFolder: true })
        assert.isTrue(root.some((item) => Schemas.isFolder(item) && item.folderPath === "/tmp"))
        yield* track("deleteFolder", ik.deleteFolder("/tmp"))
        const rootAfter = yield* ik.listFiles({ path: "/", includeFolder: true })
        assert.isFalse(rootAfter.some((item) => Schemas.isFolder(item) && item.folderPath === "/tmp"))

        const copyJob = yield* track("copyFolder", ik.copyFolder({ sourceFolderPath: "/int", destinationPath: "/dup" }))
        const pending = yield* track("getBulkJobStatus", ik.getBulkJobStatus(copyJob.jobId))
        assert.strictEqual(pending.jobId, copyJob.jobId)
        assert.strictEqual((yield* ik.awaitBulkJob(copyJob.jobId, wait)).status, "Completed")
        assert.deepStrictEqual([...names(yield* ik.listFiles({ path: "/dup/int" }))].sort(), [
          "/dup/int/note.txt",
          "/dup/int/pic.png"
        ])
        const moveJob = yield* track(
          "moveFolder",
          ik.moveFolder({ sourceFolderPath: "/dup/int", destinationPath: "/" })
        )
        assert.strictEqual((yield* ik.awaitBulkJob(moveJob.jobId, wait)).status, "Completed")
        assert.strictEqual(names(yield* ik.listFiles({ path: "/dup/int" })).length, 0)

        // cache purge
        const purge = yield* track("purgeCache", ik.purgeCache(details.url))
        const purgeStatus = yield* track("getPurgeCacheStatus", ik.getPurgeCacheStatus(purge.requestId))
        assert.isTrue(purgeStatus.status === "Pending" || purgeStatus.status === "Completed")
        assert.strictEqual((yield* ik.awaitPurge(purge.requestId, wait)).status, "Completed")

        // metadata by id and by the URL of a stored file
        const byId = yield* track("getFileMetadata", ik.getFileMetadata(image.fileId))
        assert.strictEqual(byId.width, 4)
        const byUrl = yield* ik.getFileMetadata(details.url)
        assert.strictEqual(byUrl.width, 4)

        // streaming pages of two
        const streamed = yield* ik.listFilesStream({ path: "/int", pageSize: 2 }).pipe(Stream.runCollect)
        assert.strictEqual(Chunk.size(streamed), 2)

        // deletions
        yield* track("deleteFile", ik.deleteFile(note.fileId))
        assert.strictEqual(names(yield* ik.listFiles({ path: "/int" })).length, 1)
        const bulk = yield* track("bulkDeleteFiles", ik.bulkDeleteFiles([image.fileId]))
        assert.deepStrictEqual(bulk.successfullyDeletedFileIds, [image.fileId])
        const deleted = yield* Effect.flip(ik.getFileDetails(image.fileId))
        assert.strictEqual(deleted._tag, "NotFoundError")
        if (deleted._tag === "NotFoundError") assert.strictEqual(deleted.status, 404)

        assert.strictEqual(ran.size, 28, [...ran].join(","))
      })
    )
  )
})
