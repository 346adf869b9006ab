/**
 * `ImageKit`: a drop-in replacement for the `imagekit@6` class. Same constructor, same members, same calling
 * conventions (a callback when one is given, a Promise otherwise), same result and error shapes; underneath, the
 * Effect client of `@effect-imagekit/sdk` runs in one `ManagedRuntime` per instance.
 *
 * @example
 * ```ts
 * import ImageKit from "@effect-imagekit/promise"
 *
 * const imagekit = new ImageKit({
 *   publicKey: "public_xxx",
 *   privateKey: "private_xxx",
 *   urlEndpoint: "https://ik.imagekit.io/your_imagekit_id"
 * })
 *
 * const url = imagekit.url({ path: "/default-image.jpg", transformation: [{ height: 300, width: 400 }] })
 *
 * // Promise style
 * const file = await imagekit.getFileDetails("file_id")
 * console.log(file.name, file.$ResponseMetadata.statusCode)
 *
 * // Callback style
 * imagekit.listFiles({ path: "/products" }, (error, files) => {
 *   if (error) console.error(error)
 *   else console.log(url, files?.length)
 * })
 * ```
 *
 * @since 0.1.0
 */
import type * as Signing from "@effect-imagekit/core/Signing"
import type * as Transformation from "@effect-imagekit/core/Transformation"
import type * as Url from "@effect-imagekit/core/Url"
import type * as ImageKitClient from "@effect-imagekit/sdk/ImageKit"
import type * as ImageKitConfig from "@effect-imagekit/sdk/ImageKitConfig"
import type * as Schemas from "@effect-imagekit/sdk/Schemas"
import type * as Upload from "@effect-imagekit/sdk/Upload"
import type * as Duration from "effect/Duration"
import type * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import type * as Schema from "effect/Schema"
import * as Either from "effect/Either"
import * as client from "./internal/client.js"
import * as current from "./internal/current.js"
import * as shape from "./internal/shape.js"
import * as uploads from "./internal/upload.js"
import * as utilities from "./internal/utilities.js"
import * as v6 from "./internal/v6/requests.js"

// ---------------------------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------------------------

/**
 * `$ResponseMetadata`: the status and the lower-cased response headers, defined non-enumerable on every result
 * and on every error that had a response.
 *
 * @since 0.1.0
 * @category models
 */
export interface ResponseMetadata {
  readonly statusCode: number
  readonly headers: Readonly<Record<string, string>>
}

/**
 * A result: the response body as the server sent it, plus `$ResponseMetadata`.
 *
 * @since 0.1.0
 * @category models
 */
export type IKResponse<T> = T & { readonly $ResponseMetadata: ResponseMetadata }

/**
 * A Node-style callback: `(error, null)` on failure, `(null, result)` on success. Its parameters are checked
 * bivariantly, as v6's were in practice, so callbacks annotated for v6 (`(err: Error | null, res: FileObject) =>`)
 * still type-check.
 *
 * @since 0.1.0
 * @category models
 */
export type IKCallback<T> = {
  // A method signature is compared bivariantly even under strictFunctionTypes.
  bivarianceHack(error: unknown, result: T | null): void
}["bivarianceHack"]

/**
 * An error status from ImageKit: its body (`{ message, help }` for the API's errors; `{ help }` when the body was
 * text) with `$ResponseMetadata`, and on a 429 the numeric rate-limit headers.
 *
 * @since 0.1.0
 * @category errors
 */
export interface ApiErrorObject {
  readonly message?: string
  readonly help?: string
  readonly "X-RateLimit-Limit"?: number
  readonly "X-RateLimit-Reset"?: number
  readonly "X-RateLimit-Interval"?: number
  readonly $ResponseMetadata?: ResponseMetadata
  readonly [key: string]: unknown
}

/**
 * An argument rejected before any request was sent: `imagekit@6`'s `{ message, help }` texts, as a plain object.
 *
 * @since 0.1.0
 * @category errors
 */
export interface ValidationErrorObject {
  readonly message: string
  readonly help: string
}

/**
 * No response arrived (connection refused or reset, DNS, timeout). Unlike v6's raw axios error, it holds no
 * request configuration, so no key: a `message` that starts with what the transport said (`connect ECONNREFUSED …`,
 * v6's whole message) and says what to do, that failure as `cause` (an `Error` with its `code`, secrets masked), an
 * axios-like `code`, the method and the URL.
 *
 * @example
 * ```ts
 * import ImageKit, { ImageKitRequestError } from "@effect-imagekit/promise"
 *
 * const imagekit = new ImageKit({ publicKey: "public_xxx", privateKey: "private_xxx", urlEndpoint: "https://ik.imagekit.io/id" })
 * try {
 *   await imagekit.getFileDetails("file_id")
 * } catch (error) {
 *   if (error instanceof ImageKitRequestError && error.code === "ECONNREFUSED") console.error(error.message, error.cause)
 * }
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export const ImageKitRequestError: typeof shape.ImageKitRequestError = shape.ImageKitRequestError

/**
 * @since 0.1.0
 * @category errors
 */
export type ImageKitRequestError = shape.ImageKitRequestError

/**
 * Constructor options: `imagekit@6`'s (`publicKey`, `privateKey`, `urlEndpoint`, `transformationPosition`,
 * `uploadEndpoint`) plus `fetch`, `apiBaseUrl`, `timeout`, `deadline` and `retry`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ImageKitOptions {
  readonly publicKey: string
  /** Kept `Redacted` from here on; a `Redacted` value is accepted too. */
  readonly privateKey: string | Redacted.Redacted<string>
  readonly urlEndpoint: string
  /** `"query"` puts the transformation of `url()` in `?tr=`; anything else means the path (v6's rule). */
  readonly transformationPosition?: "path" | "query" | undefined
  /** Default `https://upload.imagekit.io/api/v1/files/upload`. */
  readonly uploadEndpoint?: string | undefined
  /** Default `https://api.imagekit.io`. */
  readonly apiBaseUrl?: string | undefined
  /** The `fetch` every request goes through (a proxy, a test double, an instrumented fetch). */
  readonly fetch?: typeof globalThis.fetch | undefined
  /** Time allowed for one attempt; a number is milliseconds. Default 30 s. */
  readonly timeout?: Duration.DurationInput | undefined
  /** Time allowed for a whole call with its retries; a number is milliseconds. Default 2 min. */
  readonly deadline?: Duration.DurationInput | undefined
  /**
   * Retries of failures that are safe to repeat (see the migration guide): `false` or `0` for none, a number for
   * that many, retry settings, or an Effect `Schedule`. Default: 3 retries with jittered exponential backoff.
   */
  readonly retry?: false | number | ImageKitConfig.RetryPolicy | Partial<ImageKitConfig.RetryInput> | undefined
  readonly [key: string]: unknown
}

/**
 * The options of `url()`: `path` (with the instance's `urlEndpoint`) or `src`, a transformation, query
 * parameters, and signing. The transformation's steps are v6's or typed ones (`@imagekit/javascript`'s, with overlays
 * and the AI transformations); see `url()`.
 *
 * @example
 * ```ts
 * import type { UrlOptions } from "@effect-imagekit/promise"
 *
 * const banner: UrlOptions = {
 *   path: "/banner.jpg",
 *   transformation: [
 *     { width: 800, height: 400 },
 *     { overlay: { type: "text", text: "Sale", position: { x: 0, y: 0 }, transformation: [{ fontSize: 40 }] } }
 *   ]
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type UrlOptions = Omit<Url.Options, "now" | "privateKey" | "transformation"> & {
  readonly transformation?: ReadonlyArray<Transformation.MixedStep> | undefined
}

type T<S extends Schema.Schema.Any> = Schema.Schema.Type<S>

/**
 * Upload progress: the file bytes written to the connection in the current attempt, the file's size when known
 * (`undefined` for a stream), and the attempt (1 for the first; a retry after a failure that stored nothing starts
 * again from 0).
 *
 * @since 0.1.0
 * @category models
 */
export type UploadProgress = Upload.Progress

/**
 * A file on disk made by {@link ImageKit.fromPath}: re-opened for every attempt, with its size known.
 *
 * @since 0.1.0
 * @category models
 */
export type FileSource = Upload.FileSource

/**
 * v6's upload options, plus two that steer the call and are never sent as form fields: `onProgress` and `signal`.
 *
 * @since 0.1.0
 * @category models
 */
export type UploadOptions = Omit<ImageKitClient.UploadOptions, "file"> & {
  /**
   * Text (base64 or a URL), bytes (`Buffer`, `Uint8Array`, `ArrayBuffer`), a `Blob`/`File` (also a nameless
   * `await fs.openAsBlob(path)`), a file from `ImageKit.fromPath`, or a stream: a Node `Readable`, a web
   * `ReadableStream` or an Effect `Stream` of bytes. Streams are read as the body is sent, never into memory first.
   */
  readonly file: ImageKitClient.UploadOptions["file"] | AsyncIterable<unknown> | ReadableStream<Uint8Array>
  /** Called (synchronously: keep it cheap) as file bytes are sent; `bytesSent` ends at `totalBytes` on success. */
  readonly onProgress?: ((progress: UploadProgress) => void) | undefined
  /** Aborting it stops the upload at once; the call then fails with an {@link UploadAbortedError}. */
  readonly signal?: AbortSignal | undefined
}

/**
 * What an upload aborted through its `signal` fails with: an `Error` with `name: "AbortError"`,
 * `message: "Upload aborted"`, a `help` text saying whether ImageKit may have stored the file, and
 * `upload: { fileName, bytesSent, totalBytes }`. It holds nothing of the request, so no key.
 *
 * @since 0.1.0
 * @category errors
 */
export type UploadAbortedError = uploads.UploadAbortedError

/**
 * How far an upload that failed without an answer got, on `ImageKitRequestError.upload`: `outcome` `"NotSent"` or
 * `"Incomplete"` (nothing is stored: upload again) or `"Unknown"` (the whole file was sent and the answer was lost:
 * the file may be stored, so look for it before uploading it again).
 *
 * @since 0.1.0
 * @category models
 */
export type UploadState = shape.UploadState

/**
 * The uploaded file. (When a pre-transformation is queued, ImageKit answers 202 with only `{ message }`; the
 * body is returned as sent, as v6 did, and v6's typing did not model it either.)
 *
 * @since 0.1.0
 * @category models
 */
export type UploadResponse = T<typeof Schemas.UploadResponse>
/**
 * @since 0.1.0
 * @category models
 */
export type FileObject = T<typeof Schemas.File>
/**
 * @since 0.1.0
 * @category models
 */
export type ListFileResponse = T<typeof Schemas.ListFilesResponse>
/**
 * @since 0.1.0
 * @category models
 */
export type FileVersionsResponse = T<typeof Schemas.GetFileVersionsResponse>
/**
 * @since 0.1.0
 * @category models
 */
export type FileVersionObject = T<typeof Schemas.FileVersion>
/**
 * @since 0.1.0
 * @category models
 */
export type FileMetadataResponse = T<typeof Schemas.Metadata>
/**
 * @since 0.1.0
 * @category models
 */
export type UpdateFileDetailsResponse = T<typeof Schemas.UpdateFileDetailsResponse>
/**
 * @since 0.1.0
 * @category models
 */
export type BulkTagsResponse = T<typeof Schemas.BulkTagsResponse>
/**
 * @since 0.1.0
 * @category models
 */
export type BulkDeleteFilesResponse = T<typeof Schemas.BulkDeleteFilesResponse>
/**
 * @since 0.1.0
 * @category models
 */
export type EmptyResponse = T<typeof Schemas.EmptyResponse>
/**
 * @since 0.1.0
 * @category models
 */
export type RenameFileResponse = T<typeof Schemas.RenameFileResponse>
/**
 * @since 0.1.0
 * @category models
 */
export type BulkJobResponse = T<typeof Schemas.BulkJobResponse>
/**
 * @since 0.1.0
 * @category models
 */
export type BulkJobStatusResponse = T<typeof Schemas.BulkJobStatusResponse>
/**
 * @since 0.1.0
 * @category models
 */
export type PurgeCacheResponse = T<typeof Schemas.PurgeCacheResponse>
/**
 * @since 0.1.0
 * @category models
 */
export type PurgeCacheStatusResponse = T<typeof Schemas.PurgeCacheStatusResponse>
/**
 * @since 0.1.0
 * @category models
 */
export type CustomMetadataField = T<typeof Schemas.CustomMetadataField>
/**
 * @since 0.1.0
 * @category models
 */
export type CustomMetadataFieldsResponse = T<typeof Schemas.GetCustomMetadataFieldsResponse>
/**
 * Option types under the names `imagekit@6` exported from `imagekit/dist/libs/interfaces`, so type imports move
 * with the one-line switch.
 *
 * @since 0.1.0
 * @category models
 */
export type ListFileOptions = ImageKitClient.ListFilesOptions
/**
 * @since 0.1.0
 * @category models
 */
export type FileDetailsOptions = ImageKitClient.UpdateFileDetailsOptions
/**
 * @since 0.1.0
 * @category models
 */
export type FileVersionDetailsOptions = ImageKitClient.FileVersionOptions
/**
 * @since 0.1.0
 * @category models
 */
export type DeleteFileVersionOptions = ImageKitClient.FileVersionOptions
/**
 * @since 0.1.0
 * @category models
 */
export type RestoreFileVersionOptions = ImageKitClient.FileVersionOptions
/**
 * @since 0.1.0
 * @category models
 */
export type CopyFileOptions = ImageKitClient.CopyFileOptions
/**
 * @since 0.1.0
 * @category models
 */
export type MoveFileOptions = ImageKitClient.MoveFileOptions
/**
 * @since 0.1.0
 * @category models
 */
export type RenameFileOptions = ImageKitClient.RenameFileOptions
/**
 * @since 0.1.0
 * @category models
 */
export type CreateFolderOptions = ImageKitClient.CreateFolderOptions
/**
 * @since 0.1.0
 * @category models
 */
export type CopyFolderOptions = ImageKitClient.CopyFolderOptions
/**
 * @since 0.1.0
 * @category models
 */
export type MoveFolderOptions = ImageKitClient.MoveFolderOptions
/**
 * @since 0.1.0
 * @category models
 */
export type CreateCustomMetadataFieldOptions = ImageKitClient.CreateCustomMetadataFieldOptions
/**
 * @since 0.1.0
 * @category models
 */
export type GetCustomMetadataFieldsOptions = ImageKitClient.GetCustomMetadataFieldsOptions
/**
 * @since 0.1.0
 * @category models
 */
export type UpdateCustomMetadataFieldOptions = ImageKitClient.UpdateCustomMetadataFieldOptions
/**
 * @since 0.1.0
 * @category models
 */
export type CopyFolderResponse = BulkJobResponse
/**
 * @since 0.1.0
 * @category models
 */
export type MoveFolderResponse = BulkJobResponse

/**
 * What the delete operations resolve with: `{}` (the API answers 204), with `$ResponseMetadata`.
 *
 * @since 0.1.0
 * @category models
 */
export type DeleteResponse = Readonly<Record<string, never>>

/**
 * The options of `uploadV2`: those of `upload`, and the `token` of a client-side upload.
 *
 * @since 0.1.0
 * @category models
 */
export type UploadV2Options = UploadOptions & {
  /** A JWT from `Signing.uploadToken` for exactly these options; with it no key is sent. */
  readonly token?: string | undefined
}

/**
 * The body of `createOrigin` and `updateOrigin`: a union on `type`, with the secrets as plain strings (or `Redacted`
 * values); they are kept `Redacted` from here on, so a refusal or a log never shows one.
 *
 * @since 0.1.0
 * @category models
 */
export type OriginOptions = PlainSecrets<ImageKitClient.OriginOptions>

type PlainSecrets<T> = T extends unknown
  ? { readonly [K in keyof T]: T[K] extends ImageKitClient.Secret | undefined ? T[K] | string : T[K] }
  : never

/**
 * @since 0.1.0
 * @category models
 */
export type UsageResponse = Schemas.Usage
/**
 * @since 0.1.0
 * @category models
 */
export type UsageAnalyticsResponse = Schemas.UsageAnalytics
/**
 * @since 0.1.0
 * @category models
 */
export type Origin = Schemas.Origin
/**
 * @since 0.1.0
 * @category models
 */
export type OriginsResponse = Schemas.ListOriginsResponse
/**
 * @since 0.1.0
 * @category models
 */
export type UrlEndpoint = Schemas.UrlEndpoint
/**
 * @since 0.1.0
 * @category models
 */
export type UrlEndpointsResponse = Schemas.ListUrlEndpointsResponse
/**
 * @since 0.1.0
 * @category models
 */
export type SavedExtension = Schemas.SavedExtension
/**
 * @since 0.1.0
 * @category models
 */
export type SavedExtensionsResponse = Schemas.ListSavedExtensionsResponse
/**
 * @since 0.1.0
 * @category models
 */
export type NamedTransformation = Schemas.NamedTransformation
/**
 * @since 0.1.0
 * @category models
 */
export type NamedTransformationsResponse = Schemas.ListNamedTransformationsResponse

/**
 * @since 0.1.0
 * @category models
 */
export type AuthenticationParameters = Signing.AuthenticationParameters

/**
 * @since 0.1.0
 * @category models
 */
export type VerifiedWebhookEvent<E = unknown> = utilities.VerifiedWebhookEvent<E>

/**
 * The Effect client under an instance, for code that wants to leave Promises behind: the `ImageKit` layer with
 * this instance's configuration, and the instance's `ManagedRuntime` (built on first use, shared with the
 * instance's own calls). `dispose()` the runtime to release it.
 *
 * @since 0.1.0
 * @category models
 */
export interface EffectClient {
  readonly layer: Layer.Layer<ImageKitClient.ImageKit>
  readonly runtime: ManagedRuntime.ManagedRuntime<ImageKitClient.ImageKit, never>
}

// ---------------------------------------------------------------------------------------------------------------
// The class
// ---------------------------------------------------------------------------------------------------------------

const DEFAULT_UPLOAD_ENDPOINT = "https://upload.imagekit.io/api/v1/files/upload"
const UPLOAD_PATH = "/api/v1/files/upload"

const keyText = (value: unknown): string => {
  const text = Redacted.isRedacted(value) ? Redacted.value(value) : value
  return typeof text === "string" ? text : String(text)
}

const retryOption = (retry: ImageKitOptions["retry"]): ImageKitConfig.Options["retry"] => {
  if (retry === false) return { maxRetries: 0 }
  if (typeof retry === "number") return { maxRetries: retry }
  return retry
}

/** v6 posted to `uploadEndpoint` verbatim; the SDK appends the upload path to a base URL. */
const uploadTarget = (
  endpoint: string
): { readonly base: string | undefined; readonly override: string | undefined } =>
  endpoint.endsWith(UPLOAD_PATH)
    ? { base: endpoint.slice(0, -UPLOAD_PATH.length), override: undefined }
    : { base: undefined, override: endpoint }

/**
 * The options as v6 exposed them: an ordinary object (`Object.prototype`) whose keys, `__proto__` included, are own
 * data properties, as lodash's `extend` defined them.
 */
const v6Options = (merged: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> => {
  const options: Record<string, unknown> = {}
  for (const key of Object.keys(merged)) {
    Object.defineProperty(options, key, { value: merged[key], enumerable: true, writable: true, configurable: true })
  }
  return options
}

type Runtime = ManagedRuntime.ManagedRuntime<ImageKitClient.ImageKit, never>

/**
 * The `imagekit@6` client. See the module documentation for an example and `docs/migrating-from-imagekit-v6.md`
 * for every difference from v6.
 *
 * @since 0.1.0
 * @category constructors
 */
export class ImageKit {
  /**
   * The merged options, as in v6, except that `privateKey` is a `Redacted` value: printing, logging or
   * serialising the options (or the instance) shows `<redacted>`.
   *
   * @since 0.1.0
   */
  readonly options: Readonly<Record<string, unknown>>

  /**
   * Verifies a legacy `x-ik-signature` webhook delivery and returns `{ timestamp, event }`, or throws an `Error`
   * with v6's message (`Timestamp missing`, `Timestamp invalid`, `Signature missing`, `Incorrect signature`). It
   * is an instance field that does not use `this`, so it can be detached: `const verify = imagekit.verifyWebhookEvent`.
   *
   * @since 0.1.0
   */
  readonly verifyWebhookEvent: <E = unknown>(
    payload: string | Uint8Array,
    signature: string,
    secret: string
  ) => VerifiedWebhookEvent<E> = utilities.verifyWebhookEvent

  readonly #privateKey: Redacted.Redacted<string>
  readonly #url: utilities.UrlBuilder
  readonly #settings: client.ClientSettings
  #layer: Layer.Layer<ImageKitClient.ImageKit> | undefined
  #runtime: Runtime | undefined

  /**
   * Checks `publicKey`, `privateKey` and `urlEndpoint` in that order and throws v6's
   * `Missing <name> during ImageKit initialization` for the first one that is missing.
   *
   * @since 0.1.0
   */
  constructor(opts?: ImageKitOptions) {
    // Merged into a null-prototype object, so an own `__proto__` key (from `JSON.parse` of a config file) is a key, as
    // in v6, and never the prototype that options the caller did not set (`apiBaseUrl`, `fetch`, `retry`) come from.
    const merged: Record<string, unknown> = Object.create(null)
    merged.uploadEndpoint = DEFAULT_UPLOAD_ENDPOINT
    merged.publicKey = ""
    merged.privateKey = ""
    merged.urlEndpoint = ""
    merged.transformationPosition = "path"
    if (typeof opts === "object" && opts !== null) {
      for (const key of Object.keys(opts)) merged[key] = opts[key]
    }
    if (!merged.publicKey) throw new Error("Missing publicKey during ImageKit initialization")
    const privateKey = merged.privateKey ? keyText(merged.privateKey) : ""
    if (!privateKey) throw new Error("Missing privateKey during ImageKit initialization")
    if (!merged.urlEndpoint) throw new Error("Missing urlEndpoint during ImageKit initialization")

    this.#privateKey = Redacted.make(privateKey)
    this.#url = utilities.urlBuilder(privateKey)
    merged.privateKey = this.#privateKey
    this.options = v6Options(merged)

    const upload = uploadTarget(String(merged.uploadEndpoint || DEFAULT_UPLOAD_ENDPOINT))
    const fetch = merged.fetch
    if (fetch !== undefined && typeof fetch !== "function") throw new TypeError("The fetch option must be a function")
    this.#settings = {
      config: {
        publicKey: String(merged.publicKey),
        privateKey: this.#privateKey,
        urlEndpoint: String(merged.urlEndpoint),
        apiBaseUrl: typeof merged.apiBaseUrl === "string" ? merged.apiBaseUrl : undefined,
        uploadBaseUrl: upload.base,
        timeout: merged.timeout as Duration.DurationInput | undefined,
        deadline: merged.deadline as Duration.DurationInput | undefined,
        retry: retryOption(merged.retry as ImageKitOptions["retry"])
      },
      fetch: fetch as typeof globalThis.fetch | undefined,
      uploadUrlOverride: upload.override
    }
  }

  /**
   * A file on disk to upload: its size is read now, and it is opened only while an upload sends it (again for each
   * attempt, so an upload from a path can be retried, unlike one from a stream). Rejects with `{ message, help }` when
   * the path is not a readable regular file. Node only.
   *
   * @example
   * ```ts
   * import ImageKit from "@effect-imagekit/promise"
   *
   * const imagekit = new ImageKit({ publicKey: "public_xxx", privateKey: "private_xxx", urlEndpoint: "https://ik.imagekit.io/id" })
   * const file = await ImageKit.fromPath("./photo.jpg")
   * await imagekit.upload({ file, fileName: file.name, folder: "/photos" })
   * ```
   *
   * @since 0.1.0
   */
  static fromPath(path: string): Promise<FileSource> {
    return uploads.fromPath(path)
  }

  /** The runtime, built on the first API call so that `url()`-only users never start one. */
  readonly #run = (): Runtime => {
    if (this.#runtime === undefined) {
      const runtime = ManagedRuntime.make(this.#clientLayer())
      // The client layer builds synchronously, and asking for the runtime builds it now; the first call then runs
      // on the built runtime like every later one, so its validation failures also reach the callback inside the
      // call (v6's contract). The layer cannot fail, so the promise is only observed to keep the process quiet.
      runtime.runtime().catch(() => undefined)
      this.#runtime = runtime
    }
    return this.#runtime
  }

  #clientLayer(): Layer.Layer<ImageKitClient.ImageKit> {
    if (this.#layer === undefined) this.#layer = client.makeLayer(this.#settings)
    return this.#layer
  }

  /**
   * The Effect client under this instance: `{ layer, runtime }`.
   *
   * @example
   * ```ts
   * import ImageKit from "@effect-imagekit/promise"
   * import { ImageKit as Client } from "@effect-imagekit/sdk"
   * import { Effect, Exit, Stream } from "effect"
   *
   * const imagekit = new ImageKit({ publicKey: "public_xxx", privateKey: "private_xxx", urlEndpoint: "https://ik.imagekit.io/id" })
   * const everything = await imagekit.effect.runtime.runPromiseExit(
   *   Effect.flatMap(Client.ImageKit, (ik) => Stream.runCollect(ik.listFilesStream({ path: "/products" })))
   * )
   * if (Exit.isSuccess(everything)) console.log(everything.value.length)
   * ```
   *
   * @since 0.1.0
   */
  get effect(): EffectClient {
    return { layer: this.#clientLayer(), runtime: this.#run() }
  }

  /**
   * Builds a delivery URL, exactly as v6 (`path` + `urlEndpoint` or `src`, transformation in the path or the
   * query, optional signing), except that slashes are joined once (v6 issue #111). A step may also be a typed one:
   * a step with a name only the typed model has (an `overlay` object, `aiRemoveBackground`, `grayscale`, `xCenter`,
   * `fontSize`, …) is written as `buildSrc` writes it, every other step byte for byte as v6 writes it
   * (`Transformation.mixed` in `@effect-imagekit/core`).
   *
   * @example
   * ```ts
   * import ImageKit from "@effect-imagekit/promise"
   *
   * const imagekit = new ImageKit({ publicKey: "public_xxx", privateKey: "private_xxx", urlEndpoint: "https://ik.imagekit.io/id" })
   * imagekit.url({
   *   path: "/shoe.jpg",
   *   transformation: [{ width: 400, effectSharpen: "-" }, { aiDropShadow: true }]
   * })
   * // "https://ik.imagekit.io/id/tr:w-400,e-sharpen:e-dropshadow/shoe.jpg"
   * ```
   *
   * @throws {UrlError} (from `@effect-imagekit/core/Url`) for options it cannot build a URL from, a typed value that
   * cannot be written included; `TypeError("Invalid URL")` where v6 threw it.
   * @since 0.1.0
   */
  url(urlOptions: UrlOptions): string {
    return this.#url(this.options, urlOptions)
  }

  /**
   * Upload a file (multipart, v6's field rules). The file streams as it is read, whatever its kind; `onProgress`
   * reports the bytes sent and `signal` cancels the upload (neither is sent as a form field). See `docs/promise.md`.
   *
   * @example
   * ```ts
   * import ImageKit from "@effect-imagekit/promise"
   *
   * const imagekit = new ImageKit({ publicKey: "public_xxx", privateKey: "private_xxx", urlEndpoint: "https://ik.imagekit.io/id" })
   * const controller = new AbortController()
   * const uploaded = await imagekit.upload({
   *   file: await ImageKit.fromPath("./video.mp4"),
   *   fileName: "video.mp4",
   *   onProgress: ({ bytesSent, totalBytes }) => console.log(`${bytesSent} / ${totalBytes ?? "?"}`),
   *   signal: controller.signal
   * })
   * console.log(uploaded.filePath)
   * ```
   *
   * @since 0.1.0
   */
  upload(uploadOptions: UploadOptions): Promise<IKResponse<UploadResponse>>
  upload(uploadOptions: UploadOptions, callback: IKCallback<IKResponse<UploadResponse>>): void
  upload(uploadOptions: UploadOptions, callback?: unknown): unknown {
    const prepared = uploads.prepare(uploadOptions)
    return this.#sendUpload(prepared, () => v6.upload(prepared.options), callback, false)
  }

  /** Sends an upload: progress, and the `signal` that cancels it. */
  #sendUpload(
    prepared: uploads.PreparedUpload,
    build: () => v6.BuildResult,
    callback: unknown,
    withoutKey: boolean
  ): unknown {
    const { signal, onProgress } = prepared
    if (signal === undefined) return client.invoke(this.#run, build, callback, { onProgress, withoutKey })
    // The last progress seen tells the abort error how far the upload got.
    let last: UploadProgress | undefined
    const track = (progress: UploadProgress): void => {
      last = progress
      if (onProgress !== undefined) onProgress(progress)
    }
    return client.invoke(this.#run, build, callback, {
      onProgress: track,
      withoutKey,
      abortable: {
        signal,
        aborted: () =>
          new uploads.UploadAbortedError({
            fileName: prepared.fileName,
            bytesSent: last?.bytesSent ?? 0,
            totalBytes: last?.totalBytes
          })
      }
    })
  }

  /**
   * List and search files and folders.
   *
   * @since 0.1.0
   */
  listFiles(listOptions?: ImageKitClient.ListFilesOptions | null): Promise<IKResponse<ListFileResponse>>
  listFiles(
    listOptions: ImageKitClient.ListFilesOptions | null | undefined,
    callback: IKCallback<IKResponse<ListFileResponse>>
  ): void
  listFiles(listOptions?: ImageKitClient.ListFilesOptions | null, callback?: unknown): unknown {
    return client.invoke(this.#run, () => v6.listFiles(listOptions), callback)
  }

  /**
   * Details of a file (GET /v1/files/{fileId}/details).
   *
   * @since 0.1.0
   */
  getFileDetails(fileId: string): Promise<IKResponse<FileObject>>
  getFileDetails(fileId: string, callback: IKCallback<IKResponse<FileObject>>): void
  getFileDetails(fileId: string, callback?: unknown): unknown {
    return client.invoke(this.#run, () => v6.getFileDetails(fileId), callback)
  }

  /**
   * Every version of a file.
   *
   * @since 0.1.0
   */
  getFileVersions(fileId: string): Promise<IKResponse<FileVersionsResponse>>
  getFileVersions(fileId: string, callback: IKCallback<IKResponse<FileVersionsResponse>>): void
  getFileVersions(fileId: string, callback?: unknown): unknown {
    return client.invoke(this.#run, () => v6.getFileVersions(fileId), callback)
  }

  /**
   * Details of one version of a file.
   *
   * @since 0.1.0
   */
  getFileVersionDetails(options: ImageKitClient.FileVersionOptions): Promise<IKResponse<FileVersionObject>>
  getFileVersionDetails(
    options: ImageKitClient.FileVersionOptions,
    callback: IKCallback<IKResponse<FileVersionObject>>
  ): void
  getFileVersionDetails(options: ImageKitClient.FileVersionOptions, callback?: unknown): unknown {
    return client.invoke(this.#run, () => v6.getFileVersionDetails(options), callback)
  }

  /**
   * A file id, or a remote URL (starting with `http`).
   *
   * @since 0.1.0
   */
  getFileMetadata(fileIdOrURL: string): Promise<IKResponse<FileMetadataResponse>>
  getFileMetadata(fileIdOrURL: string, callback: IKCallback<IKResponse<FileMetadataResponse>>): void
  getFileMetadata(fileIdOrURL: string, callback?: unknown): unknown {
    return client.invoke(this.#run, () => v6.getFileMetadata(fileIdOrURL), callback)
  }

  /**
   * Update tags, custom coordinates, extensions, custom metadata, AI tags or publication status of a file.
   *
   * @since 0.1.0
   */
  updateFileDetails(
    fileId: string,
    updateData: ImageKitClient.UpdateFileDetailsOptions
  ): Promise<IKResponse<UpdateFileDetailsResponse>>
  updateFileDetails(
    fileId: string,
    updateData: ImageKitClient.UpdateFileDetailsOptions,
    callback: IKCallback<IKResponse<UpdateFileDetailsResponse>>
  ): void
  updateFileDetails(fileId: string, updateData: ImageKitClient.UpdateFileDetailsOptions, callback?: unknown): unknown {
    return client.invoke(this.#run, () => v6.updateFileDetails(fileId, updateData), callback)
  }

  /**
   * Add tags to several files.
   *
   * @since 0.1.0
   */
  bulkAddTags(fileIds: ReadonlyArray<string>, tags: ReadonlyArray<string>): Promise<IKResponse<BulkTagsResponse>>
  bulkAddTags(
    fileIds: ReadonlyArray<string>,
    tags: ReadonlyArray<string>,
    callback: IKCallback<IKResponse<BulkTagsResponse>>
  ): void
  bulkAddTags(fileIds: ReadonlyArray<string>, tags: ReadonlyArray<string>, callback?: unknown): unknown {
    return client.invoke(this.#run, () => v6.bulkAddTags(fileIds, tags), callback)
  }

  /**
   * Remove tags from several files.
   *
   * @since 0.1.0
   */
  bulkRemoveTags(fileIds: ReadonlyArray<string>, tags: ReadonlyArray<string>): Promise<IKResponse<BulkTagsResponse>>
  bulkRemoveTags(
    fileIds: ReadonlyArray<string>,
    tags: ReadonlyArray<string>,
    callback: IKCallback<IKResponse<BulkTagsResponse>>
  ): void
  bulkRemoveTags(fileIds: ReadonlyArray<string>, tags: ReadonlyArray<string>, callback?: unknown): unknown {
    return client.invoke(this.#run, () => v6.bulkRemoveTags(fileIds, tags), callback)
  }

  /**
   * The tags go out as `AITags`.
   *
   * @since 0.1.0
   */
  bulkRemoveAITags(fileIds: ReadonlyArray<string>, tags: ReadonlyArray<string>): Promise<IKResponse<BulkTagsResponse>>
  bulkRemoveAITags(
    fileIds: ReadonlyArray<string>,
    tags: ReadonlyArray<string>,
    callback: IKCallback<IKResponse<BulkTagsResponse>>
  ): void
  bulkRemoveAITags(fileIds: ReadonlyArray<string>, tags: ReadonlyArray<string>, callback?: unknown): unknown {
    return client.invoke(this.#run, () => v6.bulkRemoveAITags(fileIds, tags), callback)
  }

  /**
   * Delete a file and all its versions.
   *
   * @since 0.1.0
   */
  deleteFile(fileId: string): Promise<IKResponse<DeleteResponse>>
  deleteFile(fileId: string, callback: IKCallback<IKResponse<DeleteResponse>>): void
  deleteFile(fileId: string, callback?: unknown): unknown {
    return client.invoke(this.#run, () => v6.deleteFile(fileId), callback)
  }

  /**
   * Delete one non-current version of a file.
   *
   * @since 0.1.0
   */
  deleteFileVersion(options: ImageKitClient.FileVersionOptions): Promise<IKResponse<DeleteResponse>>
  deleteFileVersion(options: ImageKitClient.FileVersionOptions, callback: IKCallback<IKResponse<DeleteResponse>>): void
  deleteFileVersion(options: ImageKitClient.FileVersionOptions, callback?: unknown): unknown {
    return client.invoke(this.#run, () => v6.deleteFileVersion(options), callback)
  }

  /**
   * Make a previous version the current one.
   *
   * @since 0.1.0
   */
  restoreFileVersion(options: ImageKitClient.FileVersionOptions): Promise<IKResponse<FileObject>>
  restoreFileVersion(options: ImageKitClient.FileVersionOptions, callback: IKCallback<IKResponse<FileObject>>): void
  restoreFileVersion(options: ImageKitClient.FileVersionOptions, callback?: unknown): unknown {
    return client.invoke(this.#run, () => v6.restoreFileVersion(options), callback)
  }

  /**
   * Purge the CDN cache of a URL; resolves with the purge request id.
   *
   * @since 0.1.0
   */
  purgeCache(url: string): Promise<IKResponse<PurgeCacheResponse>>
  purgeCache(url: string, callback: IKCallback<IKResponse<PurgeCacheResponse>>): void
  purgeCache(url: string, callback?: unknown): unknown {
    return client.invoke(this.#run, () => v6.purgeCache(url), callback)
  }

  /**
   * Status of a cache purge request.
   *
   * @since 0.1.0
   */
  getPurgeCacheStatus(requestId: string): Promise<IKResponse<PurgeCacheStatusResponse>>
  getPurgeCacheStatus(requestId: string, callback: IKCallback<IKResponse<PurgeCacheStatusResponse>>): void
  getPurgeCacheStatus(requestId: string, callback?: unknown): unknown {
    return client.invoke(this.#run, () => v6.getPurgeCacheStatus(requestId), callback)
  }

  /**
   * Delete several files.
   *
   * @since 0.1.0
   */
  bulkDeleteFiles(fileIds: ReadonlyArray<string>): Promise<IKResponse<BulkDeleteFilesResponse>>
  bulkDeleteFiles(fileIds: ReadonlyArray<string>, callback: IKCallback<IKResponse<BulkDeleteFilesResponse>>): void
  bulkDeleteFiles(fileIds: ReadonlyArray<string>, callback?: unknown): unknown {
    return client.invoke(this.#run, () => v6.bulkDeleteFiles(fileIds), callback)
  }

  /**
   * Copy a file (with its versions if asked) to another folder.
   *
   * @since 0.1.0
   */
  copyFile(options: ImageKitClient.CopyFileOptions): Promise<IKResponse<EmptyResponse>>
  copyFile(options: ImageKitClient.CopyFileOptions, callback: IKCallback<IKResponse<EmptyResponse>>): void
  copyFile(options: ImageKitClient.CopyFileOptions, callback?: unknown): unknown {
    return client.invoke(this.#run, () => v6.copyFile(options), callback)
  }

  /**
   * Move a file to another folder.
   *
   * @since 0.1.0
   */
  moveFile(options: ImageKitClient.MoveFileOptions): Promise<IKResponse<EmptyResponse>>
  moveFile(options: ImageKitClient.MoveFileOptions, callback: IKCallback<IKResponse<EmptyResponse>>): void
  moveFile(options: ImageKitClient.MoveFileOptions, callback?: unknown): unknown {
    return client.invoke(this.#run, () => v6.moveFile(options), callback)
  }

  /**
   * Rename a file, optionally purging the cache of its old URL.
   *
   * @since 0.1.0
   */
  renameFile(options: ImageKitClient.RenameFileOptions): Promise<IKResponse<RenameFileResponse>>
  renameFile(options: ImageKitClient.RenameFileOptions, callback: IKCallback<IKResponse<RenameFileResponse>>): void
  renameFile(options: ImageKitClient.RenameFileOptions, callback?: unknown): unknown {
    return client.invoke(this.#run, () => v6.renameFile(options), callback)
  }

  /**
   * Create a folder.
   *
   * @since 0.1.0
   */
  createFolder(options: ImageKitClient.CreateFolderOptions): Promise<IKResponse<EmptyResponse>>
  createFolder(options: ImageKitClient.CreateFolderOptions, callback: IKCallback<IKResponse<EmptyResponse>>): void
  createFolder(options: ImageKitClient.CreateFolderOptions, callback?: unknown): unknown {
    return client.invoke(this.#run, () => v6.createFolder(options), callback)
  }

  /**
   * Delete a folder and everything in it.
   *
   * @since 0.1.0
   */
  deleteFolder(folderPath: string): Promise<IKResponse<DeleteResponse>>
  deleteFolder(folderPath: string, callback: IKCallback<IKResponse<DeleteResponse>>): void
  deleteFolder(folderPath: string, callback?: unknown): unknown {
    return client.invoke(this.#run, () => v6.deleteFolder(folderPath), callback)
  }

  /**
   * Copy a folder; resolves with the id of the bulk job.
   *
   * @since 0.1.0
   */
  copyFolder(options: ImageKitClient.CopyFolderOptions): Promise<IKResponse<BulkJobResponse>>
  copyFolder(options: ImageKitClient.CopyFolderOptions, callback: IKCallback<IKResponse<BulkJobResponse>>): void
  copyFolder(options: ImageKitClient.CopyFolderOptions, callback?: unknown): unknown {
    return client.invoke(this.#run, () => v6.copyFolder(options), callback)
  }

  /**
   * Move a folder; resolves with the id of the bulk job.
   *
   * @since 0.1.0
   */
  moveFolder(options: ImageKitClient.MoveFolderOptions): Promise<IKResponse<BulkJobResponse>>
  moveFolder(options: ImageKitClient.MoveFolderOptions, callback: IKCallback<IKResponse<BulkJobResponse>>): void
  moveFolder(options: ImageKitClient.MoveFolderOptions, callback?: unknown): unknown {
    return client.invoke(this.#run, () => v6.moveFolder(options), callback)
  }

  /**
   * Status of a copy/move folder job.
   *
   * @since 0.1.0
   */
  getBulkJobStatus(jobId: string): Promise<IKResponse<BulkJobStatusResponse>>
  getBulkJobStatus(jobId: string, callback: IKCallback<IKResponse<BulkJobStatusResponse>>): void
  getBulkJobStatus(jobId: string, callback?: unknown): unknown {
    return client.invoke(this.#run, () => v6.getBulkJobStatus(jobId), callback)
  }

  /**
   * Create a custom metadata field.
   *
   * @since 0.1.0
   */
  createCustomMetadataField(
    options: ImageKitClient.CreateCustomMetadataFieldOptions
  ): Promise<IKResponse<CustomMetadataField>>
  createCustomMetadataField(
    options: ImageKitClient.CreateCustomMetadataFieldOptions,
    callback: IKCallback<IKResponse<CustomMetadataField>>
  ): void
  createCustomMetadataField(options: ImageKitClient.CreateCustomMetadataFieldOptions, callback?: unknown): unknown {
    return client.invoke(this.#run, () => v6.createCustomMetadataField(options), callback)
  }

  /**
   * List the custom metadata fields (`includeDeleted` defaults to `false`).
   *
   * @since 0.1.0
   */
  getCustomMetadataFields(
    options?: ImageKitClient.GetCustomMetadataFieldsOptions
  ): Promise<IKResponse<CustomMetadataFieldsResponse>>
  getCustomMetadataFields(
    options: ImageKitClient.GetCustomMetadataFieldsOptions | undefined,
    callback: IKCallback<IKResponse<CustomMetadataFieldsResponse>>
  ): void
  getCustomMetadataFields(options?: ImageKitClient.GetCustomMetadataFieldsOptions, callback?: unknown): unknown {
    return client.invoke(this.#run, () => v6.getCustomMetadataFields(options), callback)
  }

  /**
   * Update the label or schema of a custom metadata field.
   *
   * @since 0.1.0
   */
  updateCustomMetadataField(
    fieldId: string,
    options: ImageKitClient.UpdateCustomMetadataFieldOptions
  ): Promise<IKResponse<CustomMetadataField>>
  updateCustomMetadataField(
    fieldId: string,
    options: ImageKitClient.UpdateCustomMetadataFieldOptions,
    callback: IKCallback<IKResponse<CustomMetadataField>>
  ): void
  updateCustomMetadataField(
    fieldId: string,
    options: ImageKitClient.UpdateCustomMetadataFieldOptions,
    callback?: unknown
  ): unknown {
    return client.invoke(this.#run, () => v6.updateCustomMetadataField(fieldId, options), callback)
  }

  /**
   * Delete a custom metadata field.
   *
   * @since 0.1.0
   */
  deleteCustomMetadataField(fieldId: string): Promise<IKResponse<DeleteResponse>>
  deleteCustomMetadataField(fieldId: string, callback: IKCallback<IKResponse<DeleteResponse>>): void
  deleteCustomMetadataField(fieldId: string, callback?: unknown): unknown {
    return client.invoke(this.#run, () => v6.deleteCustomMetadataField(fieldId), callback)
  }

  /**
   * Client-upload parameters `{ token, expire, signature }` (HMAC-SHA1 of `token + expire`); a falsy `token` is
   * replaced by a UUID v4 and a falsy `expire` by now + 30 minutes.
   *
   * @since 0.1.0
   */
  getAuthenticationParameters(token?: string, expire?: number | string): AuthenticationParameters {
    return utilities.authenticationParameters(Redacted.value(this.#privateKey), token, expire)
  }

  /**
   * The Hamming distance between two pHash values, or an `Error` (returned, not thrown) with v6's message.
   *
   * @since 0.1.0
   */
  pHashDistance(firstPHash: string | number, secondPHash: string | number): number | Error {
    return utilities.pHashDistance(firstPHash, secondPHash)
  }

  // -------------------------------------------------------------------------------------------------------------
  // Additions: the endpoints imagekit@6 never had (docs/promise.md, "Additions"). Same conventions: a callback or a
  // Promise, the body as the server sent it with `$ResponseMetadata`, `{ message, help }` for refused arguments.
  // -------------------------------------------------------------------------------------------------------------

  /**
   * Upload through the v2 API (`/api/v2/files/upload`), as `upload` does (streams, `onProgress`, `signal`). With a
   * `token` from `Signing.uploadToken` (minted on a server for exactly these options) no key is sent; a malformed,
   * expired or mismatching token is refused with `{ message, help }` before anything is sent.
   *
   * @since 0.1.0
   */
  uploadV2(uploadOptions: UploadV2Options): Promise<IKResponse<UploadResponse>>
  uploadV2(uploadOptions: UploadV2Options, callback: IKCallback<IKResponse<UploadResponse>>): void
  uploadV2(uploadOptions: UploadV2Options, callback?: unknown): unknown {
    const prepared = uploads.prepare(uploadOptions)
    const built = current.uploadV2(prepared.options, Date.now())
    const withoutKey = Either.isRight(built) && !built.right.withKey
    return this.#sendUpload(prepared, () => Either.map(built, ({ request }) => request), callback, withoutKey)
  }

  /**
   * Rename a folder (a bulk job: poll `getBulkJobStatus` with its `jobId`).
   *
   * @since 0.1.0
   */
  renameFolder(options: ImageKitClient.RenameFolderOptions): Promise<IKResponse<BulkJobResponse>>
  renameFolder(options: ImageKitClient.RenameFolderOptions, callback: IKCallback<IKResponse<BulkJobResponse>>): void
  renameFolder(options: ImageKitClient.RenameFolderOptions, callback?: unknown): unknown {
    return client.invoke(this.#run, () => current.renameFolder(options), callback)
  }

  /**
   * Billable usage from `startDate` up to, not including, `endDate` (`YYYY-MM-DD`, less than 90 days apart).
   *
   * @since 0.1.0
   */
  getUsage(options: ImageKitClient.DateRange): Promise<IKResponse<UsageResponse>>
  getUsage(options: ImageKitClient.DateRange, callback: IKCallback<IKResponse<UsageResponse>>): void
  getUsage(options: ImageKitClient.DateRange, callback?: unknown): unknown {
    return client.invoke(this.#run, () => current.getUsage(options), callback)
  }

  /**
   * CDN traffic analytics from `startDate` to `endDate`, both included.
   *
   * @since 0.1.0
   */
  getUsageAnalytics(options: ImageKitClient.DateRange): Promise<IKResponse<UsageAnalyticsResponse>>
  getUsageAnalytics(options: ImageKitClient.DateRange, callback: IKCallback<IKResponse<UsageAnalyticsResponse>>): void
  getUsageAnalytics(options: ImageKitClient.DateRange, callback?: unknown): unknown {
    return client.invoke(this.#run, () => current.getUsageAnalytics(options), callback)
  }

  /**
   * Every origin of the account.
   *
   * @since 0.1.0
   */
  listOrigins(): Promise<IKResponse<OriginsResponse>>
  listOrigins(callback: IKCallback<IKResponse<OriginsResponse>>): void
  listOrigins(callback?: unknown): unknown {
    return client.invoke(this.#run, () => current.listOrigins(), callback)
  }

  /**
   * Create an origin; secrets are sent, never answered back.
   *
   * @since 0.1.0
   */
  createOrigin(origin: OriginOptions): Promise<IKResponse<Origin>>
  createOrigin(origin: OriginOptions, callback: IKCallback<IKResponse<Origin>>): void
  createOrigin(origin: OriginOptions, callback?: unknown): unknown {
    return client.invoke(this.#run, () => current.createOrigin(origin), callback)
  }

  /**
   * Details of an origin.
   *
   * @since 0.1.0
   */
  getOrigin(originId: string): Promise<IKResponse<Origin>>
  getOrigin(originId: string, callback: IKCallback<IKResponse<Origin>>): void
  getOrigin(originId: string, callback?: unknown): unknown {
    return client.invoke(this.#run, () => current.getOrigin(originId), callback)
  }

  /**
   * Replace an origin (the whole origin again, secrets included).
   *
   * @since 0.1.0
   */
  updateOrigin(originId: string, origin: OriginOptions): Promise<IKResponse<Origin>>
  updateOrigin(originId: string, origin: OriginOptions, callback: IKCallback<IKResponse<Origin>>): void
  updateOrigin(originId: string, origin: OriginOptions, callback?: unknown): unknown {
    return client.invoke(this.#run, () => current.updateOrigin(originId, origin), callback)
  }

  /**
   * Delete an origin no URL endpoint uses.
   *
   * @since 0.1.0
   */
  deleteOrigin(originId: string): Promise<IKResponse<DeleteResponse>>
  deleteOrigin(originId: string, callback: IKCallback<IKResponse<DeleteResponse>>): void
  deleteOrigin(originId: string, callback?: unknown): unknown {
    return client.invoke(this.#run, () => current.deleteOrigin(originId), callback)
  }

  /**
   * Every URL endpoint, the default one included.
   *
   * @since 0.1.0
   */
  listUrlEndpoints(): Promise<IKResponse<UrlEndpointsResponse>>
  listUrlEndpoints(callback: IKCallback<IKResponse<UrlEndpointsResponse>>): void
  listUrlEndpoints(callback?: unknown): unknown {
    return client.invoke(this.#run, () => current.listUrlEndpoints(), callback)
  }

  /**
   * Create a URL endpoint; its origins must exist.
   *
   * @since 0.1.0
   */
  createUrlEndpoint(endpoint: ImageKitClient.UrlEndpointOptions): Promise<IKResponse<UrlEndpoint>>
  createUrlEndpoint(endpoint: ImageKitClient.UrlEndpointOptions, callback: IKCallback<IKResponse<UrlEndpoint>>): void
  createUrlEndpoint(endpoint: ImageKitClient.UrlEndpointOptions, callback?: unknown): unknown {
    return client.invoke(this.#run, () => current.createUrlEndpoint(endpoint), callback)
  }

  /**
   * Details of a URL endpoint (`default` for the default one).
   *
   * @since 0.1.0
   */
  getUrlEndpoint(urlEndpointId: string): Promise<IKResponse<UrlEndpoint>>
  getUrlEndpoint(urlEndpointId: string, callback: IKCallback<IKResponse<UrlEndpoint>>): void
  getUrlEndpoint(urlEndpointId: string, callback?: unknown): unknown {
    return client.invoke(this.#run, () => current.getUrlEndpoint(urlEndpointId), callback)
  }

  /**
   * Replace a URL endpoint.
   *
   * @since 0.1.0
   */
  updateUrlEndpoint(
    urlEndpointId: string,
    endpoint: ImageKitClient.UrlEndpointOptions
  ): Promise<IKResponse<UrlEndpoint>>
  updateUrlEndpoint(
    urlEndpointId: string,
    endpoint: ImageKitClient.UrlEndpointOptions,
    callback: IKCallback<IKResponse<UrlEndpoint>>
  ): void
  updateUrlEndpoint(urlEndpointId: string, endpoint: ImageKitClient.UrlEndpointOptions, callback?: unknown): unknown {
    return client.invoke(this.#run, () => current.updateUrlEndpoint(urlEndpointId, endpoint), callback)
  }

  /**
   * Delete a URL endpoint (not the default one).
   *
   * @since 0.1.0
   */
  deleteUrlEndpoint(urlEndpointId: string): Promise<IKResponse<DeleteResponse>>
  deleteUrlEndpoint(urlEndpointId: string, callback: IKCallback<IKResponse<DeleteResponse>>): void
  deleteUrlEndpoint(urlEndpointId: string, callback?: unknown): unknown {
    return client.invoke(this.#run, () => current.deleteUrlEndpoint(urlEndpointId), callback)
  }

  /**
   * Every saved extension.
   *
   * @since 0.1.0
   */
  listSavedExtensions(): Promise<IKResponse<SavedExtensionsResponse>>
  listSavedExtensions(callback: IKCallback<IKResponse<SavedExtensionsResponse>>): void
  listSavedExtensions(callback?: unknown): unknown {
    return client.invoke(this.#run, () => current.listSavedExtensions(), callback)
  }

  /**
   * Save an extension configuration, to apply with `{ name: "saved-extension", id }`.
   *
   * @since 0.1.0
   */
  createSavedExtension(options: ImageKitClient.CreateSavedExtensionOptions): Promise<IKResponse<SavedExtension>>
  createSavedExtension(
    options: ImageKitClient.CreateSavedExtensionOptions,
    callback: IKCallback<IKResponse<SavedExtension>>
  ): void
  createSavedExtension(options: ImageKitClient.CreateSavedExtensionOptions, callback?: unknown): unknown {
    return client.invoke(this.#run, () => current.createSavedExtension(options), callback)
  }

  /**
   * Details of a saved extension.
   *
   * @since 0.1.0
   */
  getSavedExtension(savedExtensionId: string): Promise<IKResponse<SavedExtension>>
  getSavedExtension(savedExtensionId: string, callback: IKCallback<IKResponse<SavedExtension>>): void
  getSavedExtension(savedExtensionId: string, callback?: unknown): unknown {
    return client.invoke(this.#run, () => current.getSavedExtension(savedExtensionId), callback)
  }

  /**
   * Change the name, description or configuration of a saved extension.
   *
   * @since 0.1.0
   */
  updateSavedExtension(
    savedExtensionId: string,
    options: ImageKitClient.UpdateSavedExtensionOptions
  ): Promise<IKResponse<SavedExtension>>
  updateSavedExtension(
    savedExtensionId: string,
    options: ImageKitClient.UpdateSavedExtensionOptions,
    callback: IKCallback<IKResponse<SavedExtension>>
  ): void
  updateSavedExtension(
    savedExtensionId: string,
    options: ImageKitClient.UpdateSavedExtensionOptions,
    callback?: unknown
  ): unknown {
    return client.invoke(this.#run, () => current.updateSavedExtension(savedExtensionId, options), callback)
  }

  /**
   * Delete a saved extension.
   *
   * @since 0.1.0
   */
  deleteSavedExtension(savedExtensionId: string): Promise<IKResponse<DeleteResponse>>
  deleteSavedExtension(savedExtensionId: string, callback: IKCallback<IKResponse<DeleteResponse>>): void
  deleteSavedExtension(savedExtensionId: string, callback?: unknown): unknown {
    return client.invoke(this.#run, () => current.deleteSavedExtension(savedExtensionId), callback)
  }

  /**
   * Every named transformation.
   *
   * @since 0.1.0
   */
  listNamedTransformations(): Promise<IKResponse<NamedTransformationsResponse>>
  listNamedTransformations(callback: IKCallback<IKResponse<NamedTransformationsResponse>>): void
  listNamedTransformations(callback?: unknown): unknown {
    return client.invoke(this.#run, () => current.listNamedTransformations(), callback)
  }

  /**
   * Create a named transformation, used in URLs as `tr:n-<name>`.
   *
   * @since 0.1.0
   */
  createNamedTransformation(
    options: ImageKitClient.CreateNamedTransformationOptions
  ): Promise<IKResponse<NamedTransformation>>
  createNamedTransformation(
    options: ImageKitClient.CreateNamedTransformationOptions,
    callback: IKCallback<IKResponse<NamedTransformation>>
  ): void
  createNamedTransformation(options: ImageKitClient.CreateNamedTransformationOptions, callback?: unknown): unknown {
    return client.invoke(this.#run, () => current.createNamedTransformation(options), callback)
  }

  /**
   * Details of a named transformation.
   *
   * @since 0.1.0
   */
  getNamedTransformation(namedTransformationId: string): Promise<IKResponse<NamedTransformation>>
  getNamedTransformation(namedTransformationId: string, callback: IKCallback<IKResponse<NamedTransformation>>): void
  getNamedTransformation(namedTransformationId: string, callback?: unknown): unknown {
    return client.invoke(this.#run, () => current.getNamedTransformation(namedTransformationId), callback)
  }

  /**
   * Change the name, transformation or `enabled` of a named transformation.
   *
   * @since 0.1.0
   */
  updateNamedTransformation(
    namedTransformationId: string,
    options: ImageKitClient.UpdateNamedTransformationOptions
  ): Promise<IKResponse<NamedTransformation>>
  updateNamedTransformation(
    namedTransformationId: string,
    options: ImageKitClient.UpdateNamedTransformationOptions,
    callback: IKCallback<IKResponse<NamedTransformation>>
  ): void
  updateNamedTransformation(
    namedTransformationId: string,
    options: ImageKitClient.UpdateNamedTransformationOptions,
    callback?: unknown
  ): unknown {
    return client.invoke(this.#run, () => current.updateNamedTransformation(namedTransformationId, options), callback)
  }

  /**
   * Delete a named transformation.
   *
   * @since 0.1.0
   */
  deleteNamedTransformation(namedTransformationId: string): Promise<IKResponse<DeleteResponse>>
  deleteNamedTransformation(namedTransformationId: string, callback: IKCallback<IKResponse<DeleteResponse>>): void
  deleteNamedTransformation(namedTransformationId: string, callback?: unknown): unknown {
    return client.invoke(this.#run, () => current.deleteNamedTransformation(namedTransformationId), callback)
  }
}

// Bundlers rename the class when another `ImageKit` (the SDK's tag) shares the bundle; v6 users see the name in
// stack traces and `util.inspect`.
Object.defineProperty(ImageKit, "name", { value: "ImageKit" })
