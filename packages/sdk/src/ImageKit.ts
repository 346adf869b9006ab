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
import * as Signing from "@effect-imagekit/core/Signing"
import * as Url from "@effect-imagekit/core/Url"
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
import * as nodeHttpClient from "./internal/nodeHttpClient.js"
import * as policy from "./internal/policy.js"
import * as operations from "./internal/operations.js"
import * as requests from "./internal/requests.js"
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
  UploadTransformation
} from "./internal/requests.js"

/**
 * The failures of every API operation: a rejected argument (nothing was sent), a rate limit, an error status, no
 * response, a timeout, or a 2xx body that does not decode.
 *
 * @since 0.1.0
 * @category models
 */
export type OperationError =
  | InvalidInputError
  | RateLimitError
  | ApiError
  | NotFoundError
  | AuthenticationError
  | PermissionError
  | ConflictError
  | RequestError
  | TimeoutError
  | ResponseDecodeError

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
 * URL options without the key: the client signs with its configured private key.
 *
 * @since 0.1.0
 * @category models
 */
export type UrlOptions = Omit<Url.Options, "privateKey">

/**
 * The client. Method names and arguments are those of `imagekit@6`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * Uploads one file from any source (see `Upload`): the body streams as it is read, `settings.onProgress` sees the
   * bytes go out, interrupting the fiber stops the upload at once, and a retry never stores the file twice.
   */
  readonly upload: (
    options: requests.UploadOptions,
    settings?: Upload.UploadSettings
  ) => Effect.Effect<Upload.UploadResult, OperationError>
  /** `upload` as a `Stream`: `Progress` events while the file is sent, then `Uploaded` with the result. */
  readonly uploadWithProgress: (options: requests.UploadOptions) => Stream.Stream<Upload.UploadEvent, OperationError>
  /**
   * Uploads every file, `concurrency` at a time (default 4); never fails: each file ends as `Uploaded` or `Failed`
   * (in input order). A 429 holds back the uploads not yet started until the wait it asks for is over.
   */
  readonly uploadMany: (
    files: Iterable<Upload.UploadManyItem>,
    options?: Upload.UploadManyOptions
  ) => Effect.Effect<ReadonlyArray<Upload.UploadOutcome>>
  readonly listFiles: (
    options?: requests.ListFilesOptions
  ) => Effect.Effect<T<typeof Schemas.ListFilesResponse>, OperationError>
  readonly getFileDetails: (fileId: string) => Effect.Effect<T<typeof Schemas.File>, OperationError>
  readonly getFileVersions: (fileId: string) => Effect.Effect<T<typeof Schemas.GetFileVersionsResponse>, OperationError>
  readonly getFileVersionDetails: (
    options: requests.FileVersionOptions
  ) => Effect.Effect<T<typeof Schemas.FileVersion>, OperationError>
  readonly updateFileDetails: (
    fileId: string,
    updateData: requests.UpdateFileDetailsOptions
  ) => Effect.Effect<T<typeof Schemas.UpdateFileDetailsResponse>, OperationError>
  readonly bulkAddTags: (
    fileIds: ReadonlyArray<string>,
    tags: ReadonlyArray<string>
  ) => Effect.Effect<T<typeof Schemas.BulkTagsResponse>, OperationError>
  readonly bulkRemoveTags: (
    fileIds: ReadonlyArray<string>,
    tags: ReadonlyArray<string>
  ) => Effect.Effect<T<typeof Schemas.BulkTagsResponse>, OperationError>
  readonly bulkRemoveAITags: (
    fileIds: ReadonlyArray<string>,
    aiTags: ReadonlyArray<string>
  ) => Effect.Effect<T<typeof Schemas.BulkTagsResponse>, OperationError>
  readonly deleteFile: (fileId: string) => Effect.Effect<void, OperationError>
  readonly deleteFileVersion: (options: requests.FileVersionOptions) => Effect.Effect<void, OperationError>
  readonly bulkDeleteFiles: (
    fileIds: ReadonlyArray<string>
  ) => Effect.Effect<T<typeof Schemas.BulkDeleteFilesResponse>, OperationError>
  readonly copyFile: (
    options: requests.CopyFileOptions
  ) => Effect.Effect<T<typeof Schemas.EmptyResponse>, OperationError>
  readonly moveFile: (
    options: requests.MoveFileOptions
  ) => Effect.Effect<T<typeof Schemas.EmptyResponse>, OperationError>
  readonly renameFile: (
    options: requests.RenameFileOptions
  ) => Effect.Effect<T<typeof Schemas.RenameFileResponse>, OperationError>
  readonly restoreFileVersion: (
    options: requests.FileVersionOptions
  ) => Effect.Effect<T<typeof Schemas.File>, OperationError>
  readonly createFolder: (
    options: requests.CreateFolderOptions
  ) => Effect.Effect<T<typeof Schemas.EmptyResponse>, OperationError>
  readonly deleteFolder: (folderPath: string) => Effect.Effect<void, OperationError>
  readonly copyFolder: (
    options: requests.CopyFolderOptions
  ) => Effect.Effect<T<typeof Schemas.BulkJobResponse>, OperationError>
  readonly moveFolder: (
    options: requests.MoveFolderOptions
  ) => Effect.Effect<T<typeof Schemas.BulkJobResponse>, OperationError>
  readonly getBulkJobStatus: (jobId: string) => Effect.Effect<T<typeof Schemas.BulkJobStatusResponse>, OperationError>
  readonly purgeCache: (url: string) => Effect.Effect<T<typeof Schemas.PurgeCacheResponse>, OperationError>
  readonly getPurgeCacheStatus: (
    requestId: string
  ) => Effect.Effect<T<typeof Schemas.PurgeCacheStatusResponse>, OperationError>
  /** A file id, or a remote URL (starting with `http`) that ImageKit fetches and analyses. */
  readonly getFileMetadata: (fileIdOrUrl: string) => Effect.Effect<T<typeof Schemas.Metadata>, OperationError>
  readonly createCustomMetadataField: (
    options: requests.CreateCustomMetadataFieldOptions
  ) => Effect.Effect<T<typeof Schemas.CustomMetadataField>, OperationError>
  readonly getCustomMetadataFields: (
    options?: requests.GetCustomMetadataFieldsOptions
  ) => Effect.Effect<T<typeof Schemas.GetCustomMetadataFieldsResponse>, OperationError>
  readonly updateCustomMetadataField: (
    fieldId: string,
    options: requests.UpdateCustomMetadataFieldOptions
  ) => Effect.Effect<T<typeof Schemas.CustomMetadataField>, OperationError>
  readonly deleteCustomMetadataField: (fieldId: string) => Effect.Effect<void, OperationError>
  /** Every file and folder matching the filters, page by page as the stream is pulled. */
  readonly listFilesStream: (
    options?: ListFilesStreamOptions
  ) => Stream.Stream<T<typeof Schemas.ListItem>, OperationError>
  /** Polls `getBulkJobStatus` until the job is no longer pending; a `TimeoutError` (scope "wait") after `timeout`. */
  readonly awaitBulkJob: (
    jobId: string,
    options?: AwaitOptions
  ) => Effect.Effect<T<typeof Schemas.BulkJobStatusResponse>, OperationError>
  /** Polls `getPurgeCacheStatus` until the purge is completed; a `TimeoutError` (scope "wait") after `timeout`. */
  readonly awaitPurge: (
    requestId: string,
    options?: AwaitOptions
  ) => Effect.Effect<T<typeof Schemas.PurgeCacheStatusResponse>, OperationError>
  /** `Url.build` with the configured endpoint and, for `signed: true`, the configured private key. */
  readonly url: (options: UrlOptions) => Effect.Effect<string, InvalidInputError>
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
}

/**
 * The client service.
 *
 * @since 0.1.0
 * @category tags
 */
export class ImageKit extends Context.Tag("@effect-imagekit/sdk/ImageKit")<ImageKit, Service>() {}

const DEFAULT_PAGE_SIZE = 100
const DEFAULT_UPLOAD_CONCURRENCY = 4

const fileNameOf = (item: unknown): string => {
  const name =
    typeof item === "object" && item !== null ? (item as { readonly fileName?: unknown }).fileName : undefined
  return typeof name === "string" ? name : ""
}
// ImageKit's documented maximum `limit` for list requests.
const MAX_PAGE_SIZE = 1000

const waitUntil = <A, E>(
  poll: Effect.Effect<A, E>,
  done: (a: A) => boolean,
  options: AwaitOptions | undefined,
  label: string
): Effect.Effect<A, E | TimeoutError> => {
  const interval = Duration.decode(options?.interval ?? "1 second")
  const timeout = Duration.decode(options?.timeout ?? "5 minutes")
  return poll.pipe(
    Effect.repeat(Schedule.spaced(interval).pipe(Schedule.untilInput(done), Schedule.passthrough)),
    Effect.timeoutFail({
      duration: timeout,
      onTimeout: () =>
        new TimeoutError({ scope: "wait", timeoutMillis: Duration.toMillis(timeout), method: "GET", url: label })
    })
  )
}

/**
 * Builds the client from its configuration and an `HttpClient`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, ImageKitConfig.ImageKitConfig | HttpClient.HttpClient> = Effect.gen(
  function* () {
    const settings = yield* ImageKitConfig.ImageKitConfig
    const sender = send.make(settings, yield* HttpClient.HttpClient)
    const decoded = operations.decoded(sender)
    const unit = operations.unit(sender)

    const getBulkJobStatus = (jobId: string) =>
      decoded(() => requests.getBulkJobStatus(jobId), Schemas.BulkJobStatusResponse)
    const getPurgeCacheStatus = (requestId: string) =>
      decoded(() => requests.getPurgeCacheStatus(requestId), Schemas.PurgeCacheStatusResponse)
    const listFiles = (options?: requests.ListFilesOptions) =>
      decoded(() => requests.listFiles(options), Schemas.ListFilesResponse)

    const uploadWith = (options: requests.UploadOptions, callOptions: send.CallOptions) =>
      operations.decodedWithAlternative((request) => sender(request, callOptions))(
        () => requests.upload(options),
        Schemas.UploadResponse,
        { status: 202, schema: Schemas.UploadAcceptedResponse }
      )
    const upload = (options: requests.UploadOptions, uploadSettings?: Upload.UploadSettings) =>
      uploadWith(options, { onProgress: uploadSettings?.onProgress })

    const service: Service = {
      upload,
      uploadWithProgress: (options) =>
        Stream.asyncScoped<Upload.UploadEvent, OperationError>(
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
          const onProgress = options?.onProgress
          const onSettled = options?.onSettled
          return yield* Effect.forEach(
            Array.from(files),
            (item, index) => {
              const fileName = fileNameOf(item)
              const callOptions: send.CallOptions = {
                onRateLimit,
                onProgress: onProgress === undefined ? undefined : (p: Upload.Progress) => onProgress(index, p)
              }
              return holdBack.pipe(
                Effect.zipRight(Effect.either(uploadWith(item, callOptions))),
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
            { concurrency: options?.concurrency ?? DEFAULT_UPLOAD_CONCURRENCY }
          )
        }),
      listFiles,
      getFileDetails: (fileId) => decoded(() => requests.getFileDetails(fileId), Schemas.File),
      getFileVersions: (fileId) => decoded(() => requests.getFileVersions(fileId), Schemas.GetFileVersionsResponse),
      getFileVersionDetails: (options) => decoded(() => requests.getFileVersionDetails(options), Schemas.FileVersion),
      updateFileDetails: (fileId, updateData) =>
        decoded(() => requests.updateFileDetails(fileId, updateData), Schemas.UpdateFileDetailsResponse),
      bulkAddTags: (fileIds, tags) => decoded(() => requests.bulkAddTags(fileIds, tags), Schemas.BulkTagsResponse),
      bulkRemoveTags: (fileIds, tags) =>
        decoded(() => requests.bulkRemoveTags(fileIds, tags), Schemas.BulkTagsResponse),
      bulkRemoveAITags: (fileIds, aiTags) =>
        decoded(() => requests.bulkRemoveAITags(fileIds, aiTags), Schemas.BulkTagsResponse),
      deleteFile: (fileId) => unit(() => requests.deleteFile(fileId)),
      deleteFileVersion: (options) => unit(() => requests.deleteFileVersion(options)),
      bulkDeleteFiles: (fileIds) => decoded(() => requests.bulkDeleteFiles(fileIds), Schemas.BulkDeleteFilesResponse),
      copyFile: (options) => decoded(() => requests.copyFile(options), Schemas.EmptyResponse),
      moveFile: (options) => decoded(() => requests.moveFile(options), Schemas.EmptyResponse),
      renameFile: (options) => decoded(() => requests.renameFile(options), Schemas.RenameFileResponse),
      restoreFileVersion: (options) => decoded(() => requests.restoreFileVersion(options), Schemas.File),
      createFolder: (options) => decoded(() => requests.createFolder(options), Schemas.EmptyResponse),
      deleteFolder: (folderPath) => unit(() => requests.deleteFolder(folderPath)),
      copyFolder: (options) => decoded(() => requests.copyFolder(options), Schemas.BulkJobResponse),
      moveFolder: (options) => decoded(() => requests.moveFolder(options), Schemas.BulkJobResponse),
      getBulkJobStatus,
      purgeCache: (url) => decoded(() => requests.purgeCache(url), Schemas.PurgeCacheResponse),
      getPurgeCacheStatus,
      getFileMetadata: (fileIdOrUrl) => decoded(() => requests.getFileMetadata(fileIdOrUrl), Schemas.Metadata),
      createCustomMetadataField: (options) =>
        decoded(() => requests.createCustomMetadataField(options), Schemas.CustomMetadataField),
      getCustomMetadataFields: (options) =>
        decoded(() => requests.getCustomMetadataFields(options), Schemas.GetCustomMetadataFieldsResponse),
      updateCustomMetadataField: (fieldId, options) =>
        decoded(() => requests.updateCustomMetadataField(fieldId, options), Schemas.CustomMetadataField),
      deleteCustomMetadataField: (fieldId) => unit(() => requests.deleteCustomMetadataField(fieldId)),

      listFilesStream: (options) => {
        const pageSize = options?.pageSize ?? DEFAULT_PAGE_SIZE
        const { pageSize: _pageSize, ...filters } = options ?? {}
        if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
          return Stream.fail(
            new InvalidInputError({
              message: "Invalid pageSize value",
              help: `It should be an integer from 1 to ${MAX_PAGE_SIZE}`
            })
          )
        }
        return Stream.paginateChunkEffect(0, (skip) =>
          Effect.map(listFiles({ ...filters, skip, limit: pageSize }), (page) => [
            Chunk.fromIterable(page),
            page.length < pageSize ? Option.none() : Option.some(skip + page.length)
          ])
        )
      },
      awaitBulkJob: (jobId, options) =>
        waitUntil(getBulkJobStatus(jobId), (status) => status.status !== "Pending", options, `bulk job ${jobId}`),
      awaitPurge: (requestId, options) =>
        waitUntil(
          getPurgeCacheStatus(requestId),
          (status) => status.status === "Completed",
          options,
          `purge ${requestId}`
        ),
      url: (options) =>
        Effect.try({
          try: () =>
            Url.build({
              urlEndpoint: settings.urlEndpoint,
              ...options,
              privateKey: Redacted.value(settings.privateKey)
            }),
          catch: (error) =>
            new InvalidInputError({ message: error instanceof Error ? error.message : "Invalid URL options", help: "" })
        }),
      execute: (request, options) => sender(request, options),
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
 * Runs one operation without decoding its answer: it succeeds with the response body exactly as the server sent
 * it, parsed from JSON (`undefined` for an empty body), unknown fields and `null`s included and nothing
 * reordered, instead of the Schema-decoded value. A 2xx body that is not JSON still fails with
 * `ResponseDecodeError`; every other error is unchanged. Wrap a single operation call: inside `self`, every
 * operation yields raw bodies, whatever its declared type.
 *
 * For callers that must pass the server's answer through untouched, such as the `imagekit@6` Promise adapter.
 *
 * @example
 * ```ts
 * import { ImageKit } from "@effect-imagekit/sdk"
 * import { Effect } from "effect"
 *
 * const rawDetails = Effect.gen(function*() {
 *   const ik = yield* ImageKit.ImageKit
 *   const body: unknown = yield* ImageKit.withRawBody(ik.getFileDetails("file_id"))
 *   return body
 * })
 * ```
 *
 * @since 0.1.0
 * @category metadata
 */
export const withRawBody = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<unknown, E, R> =>
  Effect.locally(self, operations.currentRawBody, true)

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
