/**
 * The ImageKit client: every operation of the ImageKit API as an `Effect` with a decoded result and a precise
 * error union, plus a paginated `Stream`, waiters for bulk jobs and cache purges, and URL/auth helpers that use
 * the configured keys.
 *
 * @example
 * ```ts
 * import { ImageKit, ImageKitConfig } from "@effect-imagekit/sdk"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Effect, Layer, Stream } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const ik = yield* ImageKit.ImageKit
 *   const uploaded = yield* ik.upload({ file: new Uint8Array([1, 2, 3]), fileName: "a.bin", folder: "/demo" })
 *   const everything = yield* ik.listFilesStream({ path: "/demo" }).pipe(Stream.runCollect)
 *   return { uploaded, count: everything.length }
 * })
 *
 * const MainLive = ImageKit.layer.pipe(
 *   Layer.provide(ImageKitConfig.layerConfig()),
 *   Layer.provide(FetchHttpClient.layer)
 * )
 * program.pipe(Effect.provide(MainLive))
 * ```
 *
 * @since 0.1.0
 */
import type * as Responsive from "@effect-imagekit/core/Responsive"
import * as Signing from "@effect-imagekit/core/Signing"
import type * as Transformation from "@effect-imagekit/core/Transformation"
import type * as Url from "@effect-imagekit/core/Url"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Chunk from "effect/Chunk"
import type * as ConfigError from "effect/ConfigError"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import type * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as ImageKitConfig from "./ImageKitConfig.js"
import {
  type ApiError,
  type AuthenticationError,
  type CallError,
  type ConflictError,
  InvalidInputError,
  type NotFoundError,
  type PermissionError,
  type RateLimitError,
  type RequestError,
  type ResponseDecodeError,
  type ResponseMetadata,
  TimeoutError
} from "./ImageKitError.js"
import type * as ImageKitRequest from "./ImageKitRequest.js"
import * as Headers from "@effect/platform/Headers"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as nodeHttpClient from "./internal/nodeHttpClient.js"
import * as policy from "./internal/policy.js"
import * as operations from "./internal/operations.js"
import type * as requests from "./internal/requests.js"
import * as fields from "./internal/requests/fields.js"
import * as files from "./internal/requests/files.js"
import * as folders from "./internal/requests/folders.js"
import { toShallowData } from "./internal/requests/input.js"
import * as jobs from "./internal/requests/jobs.js"
import * as metadata from "./internal/requests/metadata.js"
import * as purge from "./internal/requests/purge.js"
import * as uploads from "./internal/requests/upload.js"
import * as urls from "./internal/urls.js"
import * as versions from "./internal/requests/versions.js"
import * as account from "./internal/requests/account.js"
import * as namedTransformations from "./internal/requests/namedTransformations.js"
import * as origins from "./internal/requests/origins.js"
import * as savedExtensions from "./internal/requests/savedExtensions.js"
import * as urlEndpoints from "./internal/requests/urlEndpoints.js"
import { waitSettings } from "./internal/requests/waiters.js"
import * as send from "./internal/send.js"
import * as Schemas from "./Schemas.js"
import type * as Upload from "./Upload.js"

/**
 * The arguments of the operations: those of the `imagekit@6` methods, tightened where its typings were loose.
 *
 * @since 0.1.0
 * @category models
 */
export type {
  CopyFileOptions,
  CopyFolderOptions,
  CreateCustomMetadataFieldOptions,
  CreateFolderOptions,
  CustomMetadataFieldSchema,
  CustomMetadataFieldSchemaUpdate,
  Extension,
  FileVersionOptions,
  GetCustomMetadataFieldsOptions,
  ListFilesOptions,
  MoveFileOptions,
  MoveFolderOptions,
  RenameFileOptions,
  UpdateCustomMetadataFieldOptions,
  UpdateFileDetailsOptions,
  UploadFile,
  UploadOptions,
  UploadPostTransformation,
  UploadTransformation,
  // the endpoints newer than imagekit@6
  AITask,
  AITaskAction,
  AITasksExtension,
  AutoDescriptionExtension,
  AutoTaggingExtension,
  CreateNamedTransformationOptions,
  CreateSavedExtensionOptions,
  DateRange,
  ExtensionConfig,
  OriginOptions,
  PublishFileOptions,
  RemoveBgExtension,
  RenameFolderOptions,
  SavedExtensionReference,
  Secret,
  UpdateFileFields,
  UpdateNamedTransformationOptions,
  UpdateSavedExtensionOptions,
  UploadV2Options,
  UrlEndpointOptions,
  UrlRewriterOptions
} from "./internal/requests.js"

/**
 * The failures every API operation can have once its arguments are accepted: the key was refused (401) or may not do
 * this (403), the rate limit (429), another error status (`ApiError`), no response, a timeout, or a 2xx body that
 * does not decode. Each operation's type adds `InvalidInputError` and the status errors its endpoint documents
 * (`NotFoundError`, `ConflictError`); any other status arrives as an `ApiError` with that `status`.
 *
 * @since 0.1.0
 * @category models
 */
export type CommonError =
  | AuthenticationError
  | PermissionError
  | RateLimitError
  | ApiError
  | RequestError
  | TimeoutError
  | ResponseDecodeError

/**
 * Every failure of any API operation: a rejected argument (nothing was sent), an error status by its class, a rate
 * limit, no response, a timeout, or a 2xx body that does not decode.
 *
 * @since 0.1.0
 * @category models
 */
export type OperationError = InvalidInputError | CommonError | NotFoundError | ConflictError

type T<S extends Schema.Schema.Any> = Schema.Schema.Type<S>

/**
 * Options of {@link Service.listFilesStream}: the `listFiles` filters, and the page size (default 100).
 *
 * @since 0.1.0
 * @category models
 */
export interface ListFilesStreamOptions extends Omit<requests.ListFilesOptions, "skip" | "limit"> {
  readonly pageSize?: number | undefined
}

/**
 * Options of the waiters: how often to poll (default 1 s) and how long to wait in all (default 5 min).
 *
 * @since 0.1.0
 * @category models
 */
export interface AwaitOptions {
  readonly interval?: Duration.DurationInput | undefined
  readonly timeout?: Duration.DurationInput | undefined
}

/**
 * URL options without the key: the client signs with its configured private key. The steps of the transformation
 * are `imagekit@6`'s or typed ones (`Transformation.TypedStep`: overlays, the AI transformations, video); see
 * {@link Service.url}.
 *
 * @example
 * ```ts
 * import type { ImageKit } from "@effect-imagekit/sdk"
 *
 * const banner: ImageKit.UrlOptions = {
 *   path: "/banner.jpg",
 *   transformation: [
 *     { width: 800, height: 400 },
 *     { overlay: { type: "text", text: "Sale", position: { x: 0, y: 0 }, transformation: [{ fontSize: 40 }] } }
 *   ],
 *   signed: true,
 *   expireSeconds: 300
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type UrlOptions = Omit<Url.Options, "privateKey" | "transformation"> & {
  readonly transformation?: ReadonlyArray<Transformation.MixedStep> | undefined
}

/**
 * Options of {@link Service.buildSrc}: `@imagekit/javascript`'s `buildSrc` options with `signed` and `expiresIn` (as
 * `@imagekit/nodejs` 7's `client.helper.buildSrc` takes them). `urlEndpoint` defaults to the client's; the client
 * signs with its own key.
 *
 * @example
 * ```ts
 * import type { ImageKit } from "@effect-imagekit/sdk"
 *
 * const report: ImageKit.BuildSrcOptions = {
 *   src: "/private/report.jpg",
 *   transformation: [{ width: 400, aiRemoveBackground: true }],
 *   expiresIn: 300
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type BuildSrcOptions = Omit<Signing.SignedSrcOptions, "urlEndpoint" | "privateKey"> & {
  readonly urlEndpoint?: string | undefined
}

/**
 * Options of {@link Service.responsiveImage}: those of {@link BuildSrcOptions} and the breakpoint settings of
 * `getResponsiveImageAttributes` (`sizes`, `width`, `deviceBreakpoints`, `imageBreakpoints`).
 *
 * @example
 * ```ts
 * import type { ImageKit } from "@effect-imagekit/sdk"
 *
 * const hero: ImageKit.ResponsiveImageOptions = { src: "/hero.jpg", sizes: "(min-width: 1024px) 50vw, 100vw" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type ResponsiveImageOptions = Omit<Signing.SignedImageAttributesOptions, "urlEndpoint" | "privateKey"> & {
  readonly urlEndpoint?: string | undefined
}

/**
 * The client. Method names and arguments are those of `imagekit@6`. Each operation's error type names what it can
 * fail with: `InvalidInputError` for an argument refused before anything is sent, the status errors its endpoint
 * documents (`NotFoundError`, `ConflictError`), and the {@link CommonError}s.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * Uploads one file from any source (see `Upload`): the body streams as it is read, `settings.onProgress` sees the
   * bytes go out, interrupting the fiber stops the upload at once, and a retry never stores the file twice. The
   * options are sent as form fields by the rules in `docs/effect.md` ("Upload fields"): lists joined with ",",
   * objects as JSON, booleans as text.
   */
  readonly upload: (
    options: requests.UploadOptions,
    settings?: Upload.UploadSettings
  ) => Effect.Effect<Upload.UploadResult, InvalidInputError | CommonError>
  /** `upload` as a `Stream`: `Progress` events while the file is sent, then `Uploaded` with the result. */
  readonly uploadWithProgress: (
    options: requests.UploadOptions
  ) => Stream.Stream<Upload.UploadEvent, InvalidInputError | CommonError>
  /**
   * Uploads every file, `concurrency` at a time (default 4). No upload fails the batch: each file ends as `Uploaded`
   * or `Failed` (in input order), its own invalid options included. Only unusable arguments of `uploadMany` itself
   * (`files` not iterable, `concurrency` not a positive integer, a callback that is not a function) fail it, with
   * `InvalidInputError`, before any upload starts. A 429 holds back the uploads not yet started until the wait it asks
   * for is over.
   */
  readonly uploadMany: (
    files: Iterable<Upload.UploadManyItem>,
    options?: Upload.UploadManyOptions
  ) => Effect.Effect<ReadonlyArray<Upload.UploadOutcome>, InvalidInputError>
  readonly listFiles: (
    options?: requests.ListFilesOptions
  ) => Effect.Effect<T<typeof Schemas.ListFilesResponse>, InvalidInputError | CommonError>
  readonly getFileDetails: (
    fileId: string
  ) => Effect.Effect<T<typeof Schemas.File>, InvalidInputError | NotFoundError | CommonError>
  readonly getFileVersions: (
    fileId: string
  ) => Effect.Effect<T<typeof Schemas.GetFileVersionsResponse>, InvalidInputError | NotFoundError | CommonError>
  readonly getFileVersionDetails: (
    options: requests.FileVersionOptions
  ) => Effect.Effect<T<typeof Schemas.FileVersion>, InvalidInputError | NotFoundError | CommonError>
  readonly updateFileDetails: (
    fileId: string,
    updateData: requests.UpdateFileDetailsOptions
  ) => Effect.Effect<T<typeof Schemas.UpdateFileDetailsResponse>, InvalidInputError | NotFoundError | CommonError>
  readonly bulkAddTags: (
    fileIds: ReadonlyArray<string>,
    tags: ReadonlyArray<string>
  ) => Effect.Effect<T<typeof Schemas.BulkTagsResponse>, InvalidInputError | NotFoundError | CommonError>
  readonly bulkRemoveTags: (
    fileIds: ReadonlyArray<string>,
    tags: ReadonlyArray<string>
  ) => Effect.Effect<T<typeof Schemas.BulkTagsResponse>, InvalidInputError | NotFoundError | CommonError>
  /** The tags go out as `AITags`. */
  readonly bulkRemoveAITags: (
    fileIds: ReadonlyArray<string>,
    aiTags: ReadonlyArray<string>
  ) => Effect.Effect<T<typeof Schemas.BulkTagsResponse>, InvalidInputError | NotFoundError | CommonError>
  readonly deleteFile: (fileId: string) => Effect.Effect<void, InvalidInputError | NotFoundError | CommonError>
  readonly deleteFileVersion: (
    options: requests.FileVersionOptions
  ) => Effect.Effect<void, InvalidInputError | NotFoundError | CommonError>
  readonly bulkDeleteFiles: (
    fileIds: ReadonlyArray<string>
  ) => Effect.Effect<T<typeof Schemas.BulkDeleteFilesResponse>, InvalidInputError | NotFoundError | CommonError>
  readonly copyFile: (
    options: requests.CopyFileOptions
  ) => Effect.Effect<T<typeof Schemas.EmptyResponse>, InvalidInputError | NotFoundError | CommonError>
  readonly moveFile: (
    options: requests.MoveFileOptions
  ) => Effect.Effect<T<typeof Schemas.EmptyResponse>, InvalidInputError | NotFoundError | CommonError>
  /** A `ConflictError` when a file of the new name exists (and `purgeCache` does not apply). */
  readonly renameFile: (
    options: requests.RenameFileOptions
  ) => Effect.Effect<
    T<typeof Schemas.RenameFileResponse>,
    InvalidInputError | NotFoundError | ConflictError | CommonError
  >
  readonly restoreFileVersion: (
    options: requests.FileVersionOptions
  ) => Effect.Effect<T<typeof Schemas.File>, InvalidInputError | NotFoundError | CommonError>
  readonly createFolder: (
    options: requests.CreateFolderOptions
  ) => Effect.Effect<T<typeof Schemas.EmptyResponse>, InvalidInputError | CommonError>
  readonly deleteFolder: (folderPath: string) => Effect.Effect<void, InvalidInputError | NotFoundError | CommonError>
  readonly copyFolder: (
    options: requests.CopyFolderOptions
  ) => Effect.Effect<T<typeof Schemas.BulkJobResponse>, InvalidInputError | NotFoundError | CommonError>
  readonly moveFolder: (
    options: requests.MoveFolderOptions
  ) => Effect.Effect<T<typeof Schemas.BulkJobResponse>, InvalidInputError | NotFoundError | CommonError>
  readonly getBulkJobStatus: (
    jobId: string
  ) => Effect.Effect<T<typeof Schemas.BulkJobStatusResponse>, InvalidInputError | NotFoundError | CommonError>
  readonly purgeCache: (
    url: string
  ) => Effect.Effect<T<typeof Schemas.PurgeCacheResponse>, InvalidInputError | CommonError>
  readonly getPurgeCacheStatus: (
    requestId: string
  ) => Effect.Effect<T<typeof Schemas.PurgeCacheStatusResponse>, InvalidInputError | CommonError>
  /** A file id, or an `http(s)://` URL of an image that ImageKit fetches and analyses. */
  readonly getFileMetadata: (
    fileIdOrUrl: string
  ) => Effect.Effect<T<typeof Schemas.Metadata>, InvalidInputError | NotFoundError | CommonError>
  readonly createCustomMetadataField: (
    options: requests.CreateCustomMetadataFieldOptions
  ) => Effect.Effect<T<typeof Schemas.CustomMetadataField>, InvalidInputError | CommonError>
  readonly getCustomMetadataFields: (
    options?: requests.GetCustomMetadataFieldsOptions
  ) => Effect.Effect<T<typeof Schemas.GetCustomMetadataFieldsResponse>, InvalidInputError | CommonError>
  readonly updateCustomMetadataField: (
    fieldId: string,
    options: requests.UpdateCustomMetadataFieldOptions
  ) => Effect.Effect<T<typeof Schemas.CustomMetadataField>, InvalidInputError | NotFoundError | CommonError>
  readonly deleteCustomMetadataField: (
    fieldId: string
  ) => Effect.Effect<void, InvalidInputError | NotFoundError | CommonError>
  /** Every file and folder matching the filters, page by page as the stream is pulled. */
  readonly listFilesStream: (
    options?: ListFilesStreamOptions
  ) => Stream.Stream<T<typeof Schemas.ListItem>, InvalidInputError | CommonError>
  /**
   * Polls `getBulkJobStatus` until the job is no longer pending; a `TimeoutError` (scope "wait") after `timeout`. An
   * invalid id or option is an `InvalidInputError`, before the first poll.
   */
  readonly awaitBulkJob: (
    jobId: string,
    options?: AwaitOptions
  ) => Effect.Effect<T<typeof Schemas.BulkJobStatusResponse>, InvalidInputError | NotFoundError | CommonError>
  /**
   * Polls `getPurgeCacheStatus` until the purge is completed; a `TimeoutError` (scope "wait") after `timeout`. An
   * invalid id or option is an `InvalidInputError`, before the first poll.
   */
  readonly awaitPurge: (
    requestId: string,
    options?: AwaitOptions
  ) => Effect.Effect<T<typeof Schemas.PurgeCacheStatusResponse>, InvalidInputError | CommonError>
  /**
   * `Url.build` (`imagekit@6`'s `url()`) with the configured endpoint and, for `signed: true`, the configured private
   * key; `expireSeconds` counts from the `Clock` (unless the options bring `now`). A step with a name only the typed
   * model has (an `overlay` object, `aiRemoveBackground`, `grayscale`, `xCenter`, `fontSize`, …) is written as
   * `buildSrc` writes it; every other step byte for byte as v6 writes it (`Transformation.mixed`). Options it cannot
   * build a URL from fail with `InvalidInputError`, whose `field` names the option.
   */
  readonly url: (options: UrlOptions) => Effect.Effect<string, InvalidInputError>
  /**
   * `buildSrc` (`@imagekit/javascript`'s options, typed transformations, the transformation in the query by default)
   * with the configured endpoint; `signed: true` or `expiresIn` signs with the configured private key, as
   * `@imagekit/nodejs` 7's `client.helper.buildSrc` does, with the expiry counted from the `Clock`. Where js5 returns
   * `""` (no `src`, or a `src` or endpoint that is not a URL) this fails with `InvalidInputError` (`field: "src"`).
   */
  readonly buildSrc: (options: BuildSrcOptions) => Effect.Effect<string, InvalidInputError>
  /**
   * `getResponsiveImageAttributes` (`src`, `srcSet`, `sizes`, `width` for an `<img>`) with the configured endpoint;
   * with `signed: true` or `expiresIn` every candidate is signed with the configured private key, all with the same
   * expiry. Bad breakpoints, `sizes` or `width` fail with `InvalidInputError` naming the option.
   */
  readonly responsiveImage: (
    options: ResponsiveImageOptions
  ) => Effect.Effect<Responsive.ResponsiveImageAttributes, InvalidInputError>
  /**
   * Sends a request built by hand (an endpoint the SDK does not model, or an adapter's own dialect) through the same
   * sender as every operation (key, timeouts, retries, errors, span) and answers the body as parsed JSON, undecoded.
   */
  readonly execute: (
    request: ImageKitRequest.ImageKitRequest,
    options?: ImageKitRequest.ExecuteOptions
  ) => Effect.Effect<ImageKitRequest.RawAnswer, CallError>
  /** Client-upload parameters signed with the configured private key (v6 `getAuthenticationParameters`). */
  readonly getAuthenticationParameters: (
    token?: string,
    expire?: number | string
  ) => Effect.Effect<Signing.AuthenticationParameters, InvalidInputError>

  // ---------------------------------------------------------------------------------------------------------------
  // The endpoints imagekit@6 never knew (ImageKit's current API; `@imagekit/nodejs@7` has them all)
  // ---------------------------------------------------------------------------------------------------------------

  /**
   * `upload` through the v2 API (`/api/v2/files/upload`). Without `token` the private key authenticates it, as
   * `upload`. With a `token` from `Signing.uploadToken` (minted on a server for exactly these options) no key is
   * sent: a client holding only the token uploads once, before it expires. A token that is malformed, expired or
   * signed for other options is an `InvalidInputError` before anything is sent; a reused or forged one is the API's
   * 400 (`ApiError`).
   */
  readonly uploadV2: (
    options: requests.UploadV2Options,
    settings?: Upload.UploadSettings
  ) => Effect.Effect<Upload.UploadResult, InvalidInputError | CommonError>
  /**
   * Renames a folder, as a bulk job: poll it with `getBulkJobStatus` or wait for it with `awaitBulkJob`. A
   * `ConflictError` when a folder of that name exists beside it.
   */
  readonly renameFolder: (
    options: requests.RenameFolderOptions
  ) => Effect.Effect<T<typeof Schemas.BulkJobResponse>, InvalidInputError | NotFoundError | ConflictError | CommonError>
  /**
   * Billable usage from `startDate` up to, not including, `endDate` (`YYYY-MM-DD`, less than 90 days apart; checked
   * before sending).
   */
  readonly getUsage: (options: requests.DateRange) => Effect.Effect<Schemas.Usage, InvalidInputError | CommonError>
  /**
   * CDN traffic analytics from `startDate` to `endDate`, both included (UTC days, less than 90 days apart; checked
   * before sending). In beta at ImageKit.
   */
  readonly getUsageAnalytics: (
    options: requests.DateRange
  ) => Effect.Effect<Schemas.UsageAnalytics, InvalidInputError | CommonError>
  /** Every origin of the account. */
  readonly listOrigins: () => Effect.Effect<Schemas.ListOriginsResponse, CommonError>
  /**
   * Creates an origin: a union on `type`, secrets as `Redacted` values (they are sent, never answered back). An
   * unknown type or a missing field is an `InvalidInputError`; a taken name is the API's 400.
   */
  readonly createOrigin: (
    origin: requests.OriginOptions
  ) => Effect.Effect<Schemas.Origin, InvalidInputError | CommonError>
  readonly getOrigin: (
    originId: string
  ) => Effect.Effect<Schemas.Origin, InvalidInputError | NotFoundError | CommonError>
  /** Replaces an origin: the whole origin again, secrets included. */
  readonly updateOrigin: (
    originId: string,
    origin: requests.OriginOptions
  ) => Effect.Effect<Schemas.Origin, InvalidInputError | NotFoundError | CommonError>
  /** Deletes an origin; one a URL endpoint uses is refused by the API (`ApiError`, 400). */
  readonly deleteOrigin: (originId: string) => Effect.Effect<void, InvalidInputError | NotFoundError | CommonError>
  /** Every URL endpoint, the default one included. */
  readonly listUrlEndpoints: () => Effect.Effect<Schemas.ListUrlEndpointsResponse, CommonError>
  /** Creates a URL endpoint; its origins must exist (else the API's 400). */
  readonly createUrlEndpoint: (
    endpoint: requests.UrlEndpointOptions
  ) => Effect.Effect<Schemas.UrlEndpoint, InvalidInputError | CommonError>
  readonly getUrlEndpoint: (
    urlEndpointId: string
  ) => Effect.Effect<Schemas.UrlEndpoint, InvalidInputError | NotFoundError | CommonError>
  /** Replaces a URL endpoint. */
  readonly updateUrlEndpoint: (
    urlEndpointId: string,
    endpoint: requests.UrlEndpointOptions
  ) => Effect.Effect<Schemas.UrlEndpoint, InvalidInputError | NotFoundError | CommonError>
  /** Deletes a URL endpoint; the default one cannot be (the API's 400). */
  readonly deleteUrlEndpoint: (
    urlEndpointId: string
  ) => Effect.Effect<void, InvalidInputError | NotFoundError | CommonError>
  readonly listSavedExtensions: () => Effect.Effect<Schemas.ListSavedExtensionsResponse, CommonError>
  /** Saves an extension configuration; apply it with `{ name: "saved-extension", id }` on upload or update. */
  readonly createSavedExtension: (
    options: requests.CreateSavedExtensionOptions
  ) => Effect.Effect<Schemas.SavedExtension, InvalidInputError | CommonError>
  readonly getSavedExtension: (
    savedExtensionId: string
  ) => Effect.Effect<Schemas.SavedExtension, InvalidInputError | NotFoundError | CommonError>
  readonly updateSavedExtension: (
    savedExtensionId: string,
    options: requests.UpdateSavedExtensionOptions
  ) => Effect.Effect<Schemas.SavedExtension, InvalidInputError | NotFoundError | CommonError>
  readonly deleteSavedExtension: (
    savedExtensionId: string
  ) => Effect.Effect<void, InvalidInputError | NotFoundError | CommonError>
  readonly listNamedTransformations: () => Effect.Effect<Schemas.ListNamedTransformationsResponse, CommonError>
  /**
   * Creates a named transformation, used in URLs as `tr:n-<name>`. A name with a space or another character than
   * letters, digits and `_` is an `InvalidInputError`; a taken one a `ConflictError`.
   */
  readonly createNamedTransformation: (
    options: requests.CreateNamedTransformationOptions
  ) => Effect.Effect<Schemas.NamedTransformation, InvalidInputError | ConflictError | CommonError>
  readonly getNamedTransformation: (
    namedTransformationId: string
  ) => Effect.Effect<Schemas.NamedTransformation, InvalidInputError | NotFoundError | CommonError>
  /** Changes the fields given; a `ConflictError` for a taken name or one an upload setting still uses. */
  readonly updateNamedTransformation: (
    namedTransformationId: string,
    options: requests.UpdateNamedTransformationOptions
  ) => Effect.Effect<Schemas.NamedTransformation, InvalidInputError | NotFoundError | ConflictError | CommonError>
  /** A `ConflictError` while an upload setting still uses it. */
  readonly deleteNamedTransformation: (
    namedTransformationId: string
  ) => Effect.Effect<void, InvalidInputError | NotFoundError | ConflictError | CommonError>
}

/**
 * The client service.
 *
 * @since 0.1.0
 * @category tags
 */
export class ImageKit extends Context.Tag("@effect-imagekit/sdk/ImageKit")<ImageKit, Service>() {}

const DEFAULT_UPLOAD_CONCURRENCY = 4

/** The `fileName` of a `uploadMany` item, for its outcome; "" when it has none (or reading it throws). */
const fileNameOf = (item: unknown): string =>
  Either.match(toShallowData(item), {
    onLeft: () => "",
    onRight: (data) => {
      const name =
        typeof data === "object" && data !== null ? (data as { readonly fileName?: unknown }).fileName : undefined
      return typeof name === "string" ? name : ""
    }
  })

const fromEither = <A, E>(either: Either.Either<A, E>): Effect.Effect<A, E> =>
  Either.match(either, { onLeft: Effect.fail, onRight: Effect.succeed })

const waitUntil = <A, E>(
  poll: Effect.Effect<A, E>,
  done: (a: A) => boolean,
  { interval, timeout }: { readonly interval: Duration.Duration; readonly timeout: Duration.Duration },
  label: string
): Effect.Effect<A, E | TimeoutError> =>
  poll.pipe(
    Effect.repeat(Schedule.spaced(interval).pipe(Schedule.untilInput(done), Schedule.passthrough)),
    Effect.timeoutFail({
      duration: timeout,
      onTimeout: () =>
        new TimeoutError({ scope: "wait", timeoutMillis: Duration.toMillis(timeout), method: "GET", url: label })
    })
  )

/**
 * Builds the client from its configuration and an `HttpClient`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, ImageKitConfig.ImageKitConfig | HttpClient.HttpClient> = Effect.gen(
  function* () {
    const settings = yield* ImageKitConfig.ImageKitConfig
    const client = yield* HttpClient.HttpClient
    const sender = send.make(settings, client)
    // Uploads authenticated by a v2 token must not carry the key (the API refuses both). The sender adds the key as
    // the last step before its client executes a request; this client takes the request from there and drops the
    // header before the caller's client runs it. So the token upload gets the same timers, retries, errors and span,
    // and the sender knows nothing about tokens.
    const withoutKey = HttpClient.makeWith(
      (request: Effect.Effect<HttpClientRequest.HttpClientRequest>) =>
        Effect.flatMap(request, (sent) =>
          client.execute(
            HttpClientRequest.make(sent.method)(sent.url, {
              urlParams: sent.urlParams,
              headers: Headers.remove(sent.headers, "authorization"),
              body: sent.body
            })
          )
        ),
      Effect.succeed
    )
    const tokenSender = send.make(settings, withoutKey)
    const decoded = operations.decoded(sender)
    const unit = operations.unit(sender)
    const decodedWithAlternative = operations.decodedWithAlternative(sender)
    const decodedFixed = operations.decodedFixed(sender)
    const urlHelpers = urls.make(settings.urlEndpoint, Redacted.value(settings.privateKey))

    const getBulkJobStatus = (jobId: string) =>
      decoded(() => jobs.getBulkJobStatus(jobId), Schemas.BulkJobStatusResponse, ["NotFoundError"])
    const getPurgeCacheStatus = (requestId: string) =>
      decoded(() => purge.getPurgeCacheStatus(requestId), Schemas.PurgeCacheStatusResponse, [])
    const listFiles = (options?: requests.ListFilesOptions) =>
      decoded(() => files.listFiles(options), Schemas.ListFilesResponse, [])

    const uploadWith = (options: unknown, callOptions: send.CallOptions) =>
      decodedWithAlternative(
        () => uploads.upload(options),
        Schemas.UploadResponse,
        { status: 202, schema: Schemas.UploadAcceptedResponse },
        callOptions
      )
    const upload = (options: requests.UploadOptions, uploadSettings?: Upload.UploadSettings) =>
      Effect.flatMap(
        Effect.suspend(() => fromEither(uploads.uploadSettings<Upload.Progress>(uploadSettings))),
        ({ onProgress }) => uploadWith(options, { onProgress })
      )

    const uploadV2With = (options: unknown, callOptions: send.CallOptions) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.flatMap(
          Effect.suspend(() => fromEither(uploads.uploadV2(options, now))),
          ({ request, withKey }) =>
            operations.decodedWithAlternative(withKey ? sender : tokenSender)(
              () => Either.right(request),
              Schemas.UploadResponse,
              { status: 202, schema: Schemas.UploadAcceptedResponse },
              callOptions
            )
        )
      )

    const service: Service = {
      upload,
      uploadWithProgress: (options) =>
        Stream.asyncScoped<Upload.UploadEvent, InvalidInputError | CommonError>(
          (emit) =>
            upload(options, {
              onProgress: (progress) => {
                void emit.single({ _tag: "Progress", ...progress })
              }
            }).pipe(
              Effect.matchCauseEffect({
                onFailure: (cause) => Effect.promise(() => emit.halt(cause)),
                onSuccess: (result) =>
                  Effect.promise(() => emit.single({ _tag: "Uploaded", result })).pipe(
                    Effect.zipRight(Effect.promise(() => emit.end()))
                  )
              }),
              Effect.forkScoped
            ),
          // Progress may come faster than it is consumed; keep the newest, and the final event is always the newest.
          { bufferSize: 16, strategy: "sliding" }
        ),
      uploadMany: (files, options) =>
        Effect.gen(function* () {
          const { api, concurrency, items, onProgress, onSettled } = yield* Effect.suspend(() =>
            fromEither(
              uploads.uploadManyArguments<Upload.Progress, Upload.UploadOutcome>(
                files,
                options,
                DEFAULT_UPLOAD_CONCURRENCY
              )
            )
          )
          // The clock time before which no new upload starts, pushed forward by every 429 any upload receives.
          const holdUntil = yield* Ref.make(0)
          const onRateLimit = (waitMillis: number) =>
            Effect.flatMap(Clock.currentTimeMillis, (now) =>
              Ref.update(holdUntil, (until) => Math.max(until, now + waitMillis))
            )
          const holdBack = Effect.flatMap(Ref.get(holdUntil), (until) =>
            Effect.flatMap(Clock.currentTimeMillis, (now) =>
              until > now ? Effect.sleep(Duration.millis(until - now)) : Effect.void
            )
          )
          return yield* Effect.forEach(
            items,
            (item, index) => {
              const fileName = fileNameOf(item)
              const callOptions: send.CallOptions = {
                onRateLimit,
                onProgress: onProgress === undefined ? undefined : (p: Upload.Progress) => onProgress(index, p)
              }
              return holdBack.pipe(
                // Each item is checked when its upload runs: bad options fail that file only.
                Effect.zipRight(
                  Effect.either(api === "v2" ? uploadV2With(item, callOptions) : uploadWith(item, callOptions))
                ),
                Effect.map(
                  (result): Upload.UploadOutcome =>
                    Either.isRight(result)
                      ? { _tag: "Uploaded", index, fileName, result: result.right }
                      : { _tag: "Failed", index, fileName, error: result.left }
                ),
                Effect.tap((outcome) => {
                  if (onSettled !== undefined) onSettled(outcome)
                })
              )
            },
            { concurrency }
          )
        }),
      listFiles,
      getFileDetails: (fileId) => decoded(() => files.getFileDetails(fileId), Schemas.File, ["NotFoundError"]),
      getFileVersions: (fileId) =>
        decoded(() => versions.getFileVersions(fileId), Schemas.GetFileVersionsResponse, ["NotFoundError"]),
      getFileVersionDetails: (options) =>
        decoded(() => versions.getFileVersionDetails(options), Schemas.FileVersion, ["NotFoundError"]),
      updateFileDetails: (fileId, updateData) =>
        decoded(() => files.updateFileDetails(fileId, updateData), Schemas.UpdateFileDetailsResponse, [
          "NotFoundError"
        ]),
      bulkAddTags: (fileIds, tags) =>
        decoded(() => files.bulkAddTags(fileIds, tags), Schemas.BulkTagsResponse, ["NotFoundError"]),
      bulkRemoveTags: (fileIds, tags) =>
        decoded(() => files.bulkRemoveTags(fileIds, tags), Schemas.BulkTagsResponse, ["NotFoundError"]),
      bulkRemoveAITags: (fileIds, aiTags) =>
        decoded(() => files.bulkRemoveAITags(fileIds, aiTags), Schemas.BulkTagsResponse, ["NotFoundError"]),
      deleteFile: (fileId) => unit(() => files.deleteFile(fileId), ["NotFoundError"]),
      deleteFileVersion: (options) => unit(() => versions.deleteFileVersion(options), ["NotFoundError"]),
      bulkDeleteFiles: (fileIds) =>
        decoded(() => files.bulkDeleteFiles(fileIds), Schemas.BulkDeleteFilesResponse, ["NotFoundError"]),
      copyFile: (options) => decoded(() => files.copyFile(options), Schemas.EmptyResponse, ["NotFoundError"]),
      moveFile: (options) => decoded(() => files.moveFile(options), Schemas.EmptyResponse, ["NotFoundError"]),
      renameFile: (options) =>
        decoded(() => files.renameFile(options), Schemas.RenameFileResponse, ["NotFoundError", "ConflictError"]),
      restoreFileVersion: (options) =>
        decoded(() => versions.restoreFileVersion(options), Schemas.File, ["NotFoundError"]),
      createFolder: (options) => decoded(() => folders.createFolder(options), Schemas.EmptyResponse, []),
      deleteFolder: (folderPath) => unit(() => folders.deleteFolder(folderPath), ["NotFoundError"]),
      copyFolder: (options) => decoded(() => folders.copyFolder(options), Schemas.BulkJobResponse, ["NotFoundError"]),
      moveFolder: (options) => decoded(() => folders.moveFolder(options), Schemas.BulkJobResponse, ["NotFoundError"]),
      getBulkJobStatus,
      purgeCache: (url) => decoded(() => purge.purgeCache(url), Schemas.PurgeCacheResponse, []),
      getPurgeCacheStatus,
      getFileMetadata: (fileIdOrUrl) =>
        decoded(() => metadata.getFileMetadata(fileIdOrUrl), Schemas.Metadata, ["NotFoundError"]),
      createCustomMetadataField: (options) =>
        decoded(() => fields.createCustomMetadataField(options), Schemas.CustomMetadataField, []),
      getCustomMetadataFields: (options) =>
        decoded(() => fields.getCustomMetadataFields(options), Schemas.GetCustomMetadataFieldsResponse, []),
      updateCustomMetadataField: (fieldId, options) =>
        decoded(() => fields.updateCustomMetadataField(fieldId, options), Schemas.CustomMetadataField, [
          "NotFoundError"
        ]),
      deleteCustomMetadataField: (fieldId) => unit(() => fields.deleteCustomMetadataField(fieldId), ["NotFoundError"]),

      listFilesStream: (options) =>
        Stream.unwrap(
          Effect.map(
            Effect.suspend(() => fromEither(files.listFilesStreamOptions(options))),
            ({ filters, pageSize }) =>
              Stream.paginateChunkEffect(0, (skip) =>
                Effect.map(listFiles({ ...filters, skip, limit: pageSize }), (page) => [
                  Chunk.fromIterable(page),
                  page.length < pageSize ? Option.none() : Option.some(skip + page.length)
                ])
              )
          )
        ),
      // The id is checked before the options, as a call of the poll alone would: both before the first request.
      awaitBulkJob: (jobId, options) =>
        Effect.suspend(() => fromEither(Either.all([jobs.jobId(jobId), waitSettings(options)]))).pipe(
          Effect.flatMap(([id, wait]) =>
            waitUntil(getBulkJobStatus(id), (status) => status.status !== "Pending", wait, `bulk job ${id}`)
          )
        ),
      awaitPurge: (requestId, options) =>
        Effect.suspend(() => fromEither(Either.all([purge.requestId(requestId), waitSettings(options)]))).pipe(
          Effect.flatMap(([id, wait]) =>
            waitUntil(getPurgeCacheStatus(id), (status) => status.status === "Completed", wait, `purge ${id}`)
          )
        ),
      url: urlHelpers.url,
      buildSrc: urlHelpers.buildSrc,
      responsiveImage: urlHelpers.responsiveImage,
      execute: (request, options) => (options?.withoutKey === true ? tokenSender : sender)(request, options),
      uploadV2: (options, uploadSettings) =>
        Effect.flatMap(
          Effect.suspend(() => fromEither(uploads.uploadSettings<Upload.Progress>(uploadSettings))),
          ({ onProgress }) => uploadV2With(options, { onProgress })
        ),
      renameFolder: (options) =>
        decoded(() => folders.renameFolder(options), Schemas.BulkJobResponse, ["NotFoundError", "ConflictError"]),
      getUsage: (options) => decoded(() => account.getUsage(options), Schemas.Usage, []),
      getUsageAnalytics: (options) => decoded(() => account.getUsageAnalytics(options), Schemas.UsageAnalytics, []),
      listOrigins: () => decodedFixed(origins.listOrigins, Schemas.ListOriginsResponse),
      createOrigin: (origin) => decoded(() => origins.createOrigin(origin), Schemas.Origin, []),
      getOrigin: (originId) => decoded(() => origins.getOrigin(originId), Schemas.Origin, ["NotFoundError"]),
      updateOrigin: (originId, origin) =>
        decoded(() => origins.updateOrigin(originId, origin), Schemas.Origin, ["NotFoundError"]),
      deleteOrigin: (originId) => unit(() => origins.deleteOrigin(originId), ["NotFoundError"]),
      listUrlEndpoints: () => decodedFixed(urlEndpoints.listUrlEndpoints, Schemas.ListUrlEndpointsResponse),
      createUrlEndpoint: (endpoint) => decoded(() => urlEndpoints.createUrlEndpoint(endpoint), Schemas.UrlEndpoint, []),
      getUrlEndpoint: (id) => decoded(() => urlEndpoints.getUrlEndpoint(id), Schemas.UrlEndpoint, ["NotFoundError"]),
      updateUrlEndpoint: (id, endpoint) =>
        decoded(() => urlEndpoints.updateUrlEndpoint(id, endpoint), Schemas.UrlEndpoint, ["NotFoundError"]),
      deleteUrlEndpoint: (id) => unit(() => urlEndpoints.deleteUrlEndpoint(id), ["NotFoundError"]),
      listSavedExtensions: () => decodedFixed(savedExtensions.listSavedExtensions, Schemas.ListSavedExtensionsResponse),
      createSavedExtension: (options) =>
        decoded(() => savedExtensions.createSavedExtension(options), Schemas.SavedExtension, []),
      getSavedExtension: (id) =>
        decoded(() => savedExtensions.getSavedExtension(id), Schemas.SavedExtension, ["NotFoundError"]),
      updateSavedExtension: (id, options) =>
        decoded(() => savedExtensions.updateSavedExtension(id, options), Schemas.SavedExtension, ["NotFoundError"]),
      deleteSavedExtension: (id) => unit(() => savedExtensions.deleteSavedExtension(id), ["NotFoundError"]),
      listNamedTransformations: () =>
        decodedFixed(namedTransformations.listNamedTransformations, Schemas.ListNamedTransformationsResponse),
      createNamedTransformation: (options) =>
        decoded(() => namedTransformations.createNamedTransformation(options), Schemas.NamedTransformation, [
          "ConflictError"
        ]),
      getNamedTransformation: (id) =>
        decoded(() => namedTransformations.getNamedTransformation(id), Schemas.NamedTransformation, ["NotFoundError"]),
      updateNamedTransformation: (id, options) =>
        decoded(() => namedTransformations.updateNamedTransformation(id, options), Schemas.NamedTransformation, [
          "NotFoundError",
          "ConflictError"
        ]),
      deleteNamedTransformation: (id) =>
        unit(() => namedTransformations.deleteNamedTransformation(id), ["NotFoundError", "ConflictError"]),
      getAuthenticationParameters: (token, expire) =>
        Effect.try({
          try: () =>
            Signing.authenticationParameters({
              privateKey: Redacted.value(settings.privateKey),
              token,
              expire
            }),
          catch: (error) =>
            new InvalidInputError({
              message: error instanceof Error ? error.message : "Invalid authentication parameters",
              help: ""
            })
        })
    }
    return service
  }
)

/**
 * The client over any `HttpClient` you provide, with its `ImageKitConfig`. Every client gets the same timers,
 * retries, errors and spans: the SDK never looks at which client it was given. On Node prefer {@link layerNode}
 * (uploads stream with bounded memory; Node's `fetch` buffers request bodies); elsewhere {@link layerFetch}.
 *
 * @example
 * ```ts
 * import { ImageKit, ImageKitConfig } from "@effect-imagekit/sdk"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Layer } from "effect"
 *
 * const MainLive = ImageKit.layer.pipe(
 *   Layer.provide(ImageKitConfig.layerConfig()),
 *   Layer.provide(FetchHttpClient.layer)
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<ImageKit, never, ImageKitConfig.ImageKitConfig | HttpClient.HttpClient> = Layer.effect(
  ImageKit,
  make
)

/**
 * {@link layer} with its configuration from `Config` values (by default the `IMAGEKIT_*` variables; see
 * `ImageKitConfig.config`). It still needs an `HttpClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options?: ImageKitConfig.ConfigOptions
): Layer.Layer<ImageKit, ConfigError.ConfigError, HttpClient.HttpClient> =>
  layer.pipe(Layer.provide(ImageKitConfig.layerConfig(options)))

/**
 * The client over the SDK's own `node:http` / `node:https` client, for Node (and Bun and Deno, which provide
 * `node:http`): small calls share a keep-alive pool that lives as long as this layer (closing the layer's scope
 * closes every socket), uploads stream from their source to the socket with backpressure (1 GiB in well under 64 MiB
 * of memory) over a connection of their own, and their progress counts bytes handed to the socket.
 *
 * @example
 * ```ts
 * import { ImageKit } from "@effect-imagekit/sdk"
 * import { Effect } from "effect"
 *
 * const program = Effect.flatMap(ImageKit.ImageKit, (ik) => ik.listFiles({ limit: 10 }))
 *
 * program.pipe(
 *   Effect.provide(ImageKit.layerNode({
 *     publicKey: "public_…",
 *     privateKey: "private_…",
 *     urlEndpoint: "https://ik.imagekit.io/your_imagekit_id"
 *   }))
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerNode = (options: ImageKitConfig.Options): Layer.Layer<ImageKit> =>
  layer.pipe(Layer.provide(ImageKitConfig.layer(options)), Layer.provide(nodeHttpClient.layer))

/**
 * {@link layerNode} with its configuration from `Config` values (by default the `IMAGEKIT_*` variables).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerNodeConfig = (
  options?: ImageKitConfig.ConfigOptions
): Layer.Layer<ImageKit, ConfigError.ConfigError> => layerConfig(options).pipe(Layer.provide(nodeHttpClient.layer))

/**
 * The client over the platform's `FetchHttpClient`: for browsers, Deno, Bun, Cloudflare Workers and any runtime with
 * `fetch`. Provide `FetchHttpClient.Fetch` to use a `fetch` of your own. On Node, Node's `fetch` keeps an upload's
 * whole body in memory before sending it: use {@link layerNode} there.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFetch = (options: ImageKitConfig.Options): Layer.Layer<ImageKit> =>
  layer.pipe(Layer.provide(ImageKitConfig.layer(options)), Layer.provide(FetchHttpClient.layer))

/**
 * {@link layerFetch} with its configuration from `Config` values (by default the `IMAGEKIT_*` variables).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFetchConfig = (
  options?: ImageKitConfig.ConfigOptions
): Layer.Layer<ImageKit, ConfigError.ConfigError> => layerConfig(options).pipe(Layer.provide(FetchHttpClient.layer))

/**
 * Runs an operation and also returns the metadata of the last response it received (status, headers, request
 * id), or `None` when it sent nothing.
 *
 * @example
 * ```ts
 * import { ImageKit } from "@effect-imagekit/sdk"
 * import { Effect } from "effect"
 *
 * const withRequestId = Effect.gen(function*() {
 *   const ik = yield* ImageKit.ImageKit
 *   const [file, metadata] = yield* ImageKit.withResponseMetadata(ik.getFileDetails("file_id"))
 *   return { file, metadata }
 * })
 * ```
 *
 * @since 0.1.0
 * @category metadata
 */
export const withResponseMetadata: <A, E, R>(
  self: Effect.Effect<A, E, R>
) => Effect.Effect<readonly [A, Option.Option<ResponseMetadata>], E, R> = policy.withResponseMetadata

/**
 * Replaces the retry policy for the calls inside `self` (default settings or a `Schedule` that receives each
 * failure). Only failures that are safe to retry reach the schedule.
 *
 * @since 0.1.0
 * @category policy
 */
export const withRetry: {
  (policy: ImageKitConfig.RetryPolicy): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, policy: ImageKitConfig.RetryPolicy): Effect.Effect<A, E, R>
} = policy.withRetry

/**
 * Replaces the per-attempt timeout for the calls inside `self`.
 *
 * @since 0.1.0
 * @category policy
 */
export const withTimeout: {
  (timeout: Duration.DurationInput): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, timeout: Duration.DurationInput): Effect.Effect<A, E, R>
} = policy.withTimeout
