/**
 * The examples of docs/uploads.md, type-checked with the package. Each is an Effect needing `ImageKit`; provide
 * `MainLive` (keys from IMAGEKIT_*) to run one.
 */
import { createReadStream, openAsBlob } from "node:fs"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { ImageKit, Upload } from "@effect-imagekit/sdk"

// 1. One file from disk, with progress.
export const uploadPath = (path: string) =>
  Effect.gen(function* () {
    const ik = yield* ImageKit.ImageKit
    const file = yield* Upload.fromPath(path)
    return yield* ik.upload(
      { file, fileName: file.name, folder: "/uploads" },
      { onProgress: ({ bytesSent, totalBytes }) => console.log(`${bytesSent} / ${totalBytes ?? "?"}`) }
    )
  })

// 2. Every other source kind.
export const otherSources = (path: string) =>
  Effect.gen(function* () {
    const ik = yield* ImageKit.ImageKit
    yield* ik.upload({ file: new TextEncoder().encode("hello"), fileName: "hello.txt" })
    yield* ik.upload({ file: yield* Effect.promise(() => openAsBlob(path)), fileName: "blob.jpg" })
    yield* ik.upload({ file: createReadStream(path), fileName: "readable.jpg" })
    yield* ik.upload({ file: Stream.make(new Uint8Array([1, 2, 3])), fileName: "stream.bin" })
    yield* ik.upload({ file: "aGVsbG8=", fileName: "base64.txt" })
    yield* ik.upload({ file: "https://example.com/photo.jpg", fileName: "remote.jpg" })
  })

// 3. Progress as a Stream.
export const withProgressStream = (path: string) =>
  Effect.gen(function* () {
    const ik = yield* ImageKit.ImageKit
    const file = yield* Upload.fromPath(path)
    yield* ik
      .uploadWithProgress({ file, fileName: file.name })
      .pipe(
        Stream.runForEach((event) =>
          event._tag === "Progress"
            ? Effect.log(`sent ${event.bytesSent} of ${event.totalBytes ?? "?"}`)
            : Effect.log("uploaded", event.result)
        )
      )
  })

// 4. Cancellation: a timeout interrupts the upload, which closes its socket and its file at once.
export const withDeadline = (path: string) => uploadPath(path).pipe(Effect.timeout("2 minutes"))

// 5. The outcome of a failure without an answer.
export const reportOutcome = (path: string) =>
  uploadPath(path).pipe(
    Effect.catchTag("RequestError", (error) => {
      switch (error.upload?.outcome) {
        case "Unknown":
          return Effect.logWarning(`${error.upload.fileName} may be stored: check before sending it again`)
        case "NotSent":
        case "Incomplete":
          return Effect.logWarning(`${error.upload.fileName} is not stored: safe to upload again`)
        default:
          return Effect.fail(error)
      }
    })
  )

// 6. Many files, three at a time; every file ends as Uploaded or Failed.
export const uploadAll = (paths: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const ik = yield* ImageKit.ImageKit
    const files = yield* Effect.forEach(paths, Upload.fromPath)
    const outcomes = yield* ik.uploadMany(
      files.map((file) => ({ file, fileName: file.name, folder: "/batch" })),
      { concurrency: 3 }
    )
    for (const outcome of outcomes) {
      if (outcome._tag === "Failed") console.error(outcome.fileName, outcome.error.message)
    }
    return outcomes
  })

// `layerNodeConfig` reads IMAGEKIT_* and streams uploads over node:http (bounded memory).
export const MainLive = ImageKit.layerNodeConfig()

// Run: `Effect.runPromiseExit(uploadPath("./photo.jpg").pipe(Effect.provide(MainLive)))`.
