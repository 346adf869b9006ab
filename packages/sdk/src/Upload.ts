/**
 * Upload sources, progress and batch results for `ImageKit.upload`, `ImageKit.uploadWithProgress` and
 * `ImageKit.uploadMany`.
 *
 * `file` may be bytes, a `Blob`/`File`, a path (`Upload.fromPath`), a web `ReadableStream`, a Node `Readable`, an
 * Effect `Stream` of bytes, base64 text or a remote URL. The body streams to the socket as it is read, so memory stays
 * bounded whatever the size: over `ImageKit.layerFetch` on Node, uploads go through `node:http` (Node's `fetch`
 * buffers request bodies); with your own `HttpClient`, use `NodeHttpClient` for the same effect.
 *
 * Retries never store a file twice: an upload is retried only when the server provably stored nothing (connection
 * refused, host not found, 429), and a stream, which can be read once, only if it was not read yet. A path, a `Blob`
 * or bytes are read anew for each attempt. When the answer is lost after the whole body was sent, the upload fails
 * with a `RequestError` whose `upload.outcome` is `"Unknown"`.
 *
 * @example
 * ```ts
 * import { ImageKit, Upload } from "@effect-imagekit/sdk"
 * import { Effect, Stream } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const ik = yield* ImageKit.ImageKit
 *   const file = yield* Upload.fromPath("./video.mp4")
 *   yield* ik.uploadWithProgress({ file, fileName: file.name, folder: "/videos" }).pipe(
 *     Stream.runForEach((event) =>
 *       event._tag === "Progress"
 *         ? Effect.log(`${event.bytesSent} / ${event.totalBytes ?? "?"} bytes`)
 *         : Effect.log("filePath" in event.result ? `stored as ${event.result.filePath}` : "queued")
 *     )
 *   )
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import type { OperationError } from "./ImageKit.js"
import { InvalidInputError } from "./ImageKitError.js"
import { contentTypeFor } from "./internal/mime.js"
import type { UploadOptions } from "./internal/requests.js"
import type * as ImageKitRequest from "./ImageKitRequest.js"
import { type FileSource as InternalFileSource, FileSourceTypeId } from "./internal/uploadSources.js"
import { importBuiltin } from "./internal/nodeBuiltins.js"
import { isUploadFile as internalIsUploadFile } from "./internal/uploadSources.js"
import type * as Schemas from "./Schemas.js"

/**
 * @since 0.1.0
 * @category models
 */
export type { UploadFile, UploadOptions } from "./internal/requests.js"
import type { UploadFile } from "./internal/requests.js"

/**
 * A file on disk whose size was read when it was made: it is re-opened for every attempt, and its size gives the
 * request a `content-length` and progress a total. Make one with {@link fromPath}.
 *
 * @since 0.1.0
 * @category models
 */
export type FileSource = InternalFileSource

/**
 * Upload progress: the file bytes written to the connection in the current attempt, the file's size when known, and
 * the attempt (1 for the first; a retry starts again from 0 bytes).
 *
 * @since 0.1.0
 * @category models
 */
export type Progress = ImageKitRequest.Progress

/**
 * Per-call upload settings: `onProgress` is called (synchronously, keep it cheap) as bytes are sent, with
 * `bytesSent` rising within an attempt and ending at `totalBytes` on success.
 *
 * @since 0.1.0
 * @category models
 */
export interface UploadSettings {
  readonly onProgress?: ((progress: Progress) => void) | undefined
}

/**
 * What `upload` succeeds with: the stored file, or (HTTP 202) the acknowledgement of a queued pre-transformation.
 *
 * @since 0.1.0
 * @category models
 */
export type UploadResult =
  | Schema.Schema.Type<typeof Schemas.UploadResponse>
  | Schema.Schema.Type<typeof Schemas.UploadAcceptedResponse>

/**
 * An event of `ImageKit.uploadWithProgress`: progress while sending, then the result. Under a slow consumer,
 * intermediate progress events are dropped (never the last ones).
 *
 * @since 0.1.0
 * @category models
 */
export type UploadEvent =
  | ({ readonly _tag: "Progress" } & Progress)
  | { readonly _tag: "Uploaded"; readonly result: UploadResult }

/**
 * The outcome of one file of `ImageKit.uploadMany`, at the index of its options.
 *
 * @since 0.1.0
 * @category models
 */
export type UploadOutcome =
  | { readonly _tag: "Uploaded"; readonly index: number; readonly fileName: string; readonly result: UploadResult }
  | { readonly _tag: "Failed"; readonly index: number; readonly fileName: string; readonly error: OperationError }

/**
 * Options of `ImageKit.uploadMany`: how many uploads run at once (default 4), progress per file, and a callback as
 * each file settles (in the order they finish; the returned array is in input order).
 *
 * @since 0.1.0
 * @category models
 */
export interface UploadManyOptions {
  readonly concurrency?: number | undefined
  readonly onProgress?: ((index: number, progress: Progress) => void) | undefined
  /** Called once per file as soon as its outcome is known, e.g. to print a line per file while others still run. */
  readonly onSettled?: ((outcome: UploadOutcome) => void) | undefined
  /**
   * `"v2"` uploads every file through `uploadV2` (`/api/v2/files/upload`; an item with a `token` is sent without
   * the key). Default `"v1"`.
   */
  readonly api?: "v1" | "v2" | undefined
}

/**
 * Options of one file of `ImageKit.uploadMany`.
 *
 * @since 0.1.0
 * @category models
 */
export type UploadManyItem = UploadOptions & { readonly token?: string | undefined }

/**
 * Whether `u` is a `file` an upload accepts: a URL or base64 string, bytes, a `Blob`/`File`, a path from
 * {@link fromPath}, a web `ReadableStream`, a Node `Readable` or an Effect `Stream`.
 *
 * @since 0.1.0
 * @category guards
 */
export const isUploadFile: (u: unknown) => u is UploadFile = internalIsUploadFile

const baseName = (path: string): string => {
  const trimmed = path.replace(/[\\/]+$/, "")
  const index = Math.max(trimmed.lastIndexOf("/"), trimmed.lastIndexOf("\\"))
  return index === -1 ? trimmed : trimmed.slice(index + 1)
}

/**
 * A re-openable upload source for a file on disk (Node). Its size is read now; the file is opened only while an
 * upload attempt sends it, and closed when the attempt ends, fails or is interrupted. Fails with
 * `InvalidInputError` when the path is not a readable regular file.
 *
 * @example
 * ```ts
 * import { ImageKit, Upload } from "@effect-imagekit/sdk"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const ik = yield* ImageKit.ImageKit
 *   const file = yield* Upload.fromPath("/tmp/photo.jpg")
 *   return yield* ik.upload({ file, fileName: file.name, folder: "/photos" })
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromPath = (path: string): Effect.Effect<FileSource, InvalidInputError> =>
  Effect.tryPromise({
    try: async () => {
      const fs = await importBuiltin("fs/promises")
      const stats = await fs.stat(path)
      if (!stats.isFile()) throw new Error(`${path} is not a regular file`)
      const source: FileSource = { [FileSourceTypeId]: FileSourceTypeId, path, size: stats.size, name: baseName(path) }
      return source
    },
    catch: (error) =>
      new InvalidInputError({
        message: `Cannot upload ${path}`,
        help: error instanceof Error ? error.message : "The file cannot be read"
      })
  })

/**
 * The `Content-Type` the upload's file part gets when `file` does not state its own (a `Blob` with a `type` does):
 * the type for the extension of `fileName` (`photo.JPG` → `image/jpeg`, `clip.mov` → `video/quicktime`), or
 * `application/octet-stream` for an extension outside the table of types ImageKit users upload. The values are the
 * ones the `mime-types` package gives, so they match what `imagekit@6` sent.
 *
 * @example
 * ```ts
 * import { Upload } from "@effect-imagekit/sdk"
 *
 * console.log(Upload.contentTypeOf("photo.JPG")) // "image/jpeg"
 * ```
 *
 * @since 0.1.0
 * @category utils
 */
export const contentTypeOf: (fileName: string) => string = contentTypeFor
