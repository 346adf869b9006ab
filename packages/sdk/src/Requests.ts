/**
 * The requests of the operations newer than `imagekit@6` (renaming folders, usage, origins, URL endpoints, saved
 * extensions, named transformations, v2 uploads), built and checked exactly as `ImageKit.Service` builds them, but
 * not sent: `Right` with the `ImageKitRequest`, or `Left` with the `InvalidInputError` the operation would fail with.
 * Send one with `ImageKit.Service.execute` to get the answer as the server sent it (the Promise adapter does). Each
 * builder reads its arguments as data and never throws.
 *
 * @example
 * ```ts
 * import { ImageKit, Requests } from "@effect-imagekit/sdk"
 * import { Effect, Either } from "effect"
 *
 * const built = Requests.createNamedTransformation({ name: "thumb", transformation: "w-100,h-100" })
 * const raw = Either.isRight(built)
 *   ? Effect.flatMap(ImageKit.ImageKit, (ik) => ik.execute(built.right))
 *   : Effect.fail(built.left)
 * ```
 *
 * @since 0.1.0
 */
import type * as Either from "effect/Either"
import type { InvalidInputError } from "./ImageKitError.js"
import type * as ImageKitRequest from "./ImageKitRequest.js"
import type * as requests from "./internal/requests.js"
import * as account from "./internal/requests/account.js"
import * as folders from "./internal/requests/folders.js"
import * as namedTransformations from "./internal/requests/namedTransformations.js"
import * as origins from "./internal/requests/origins.js"
import * as savedExtensions from "./internal/requests/savedExtensions.js"
import * as uploads from "./internal/requests/upload.js"
import * as urlEndpoints from "./internal/requests/urlEndpoints.js"

/**
 * A built request, or why the arguments were refused.
 *
 * @since 0.1.0
 * @category models
 */
export type Built = Either.Either<ImageKitRequest.ImageKitRequest, InvalidInputError>

/**
 * `POST /v1/bulkJobs/renameFolder`.
 *
 * @since 0.1.0
 * @category folders
 */
export const renameFolder: (options: requests.RenameFolderOptions) => Built = folders.renameFolder

/**
 * `GET /v1/accounts/usage`, the range checked (end day excluded).
 *
 * @since 0.1.0
 * @category account
 */
export const getUsage: (options: requests.DateRange) => Built = account.getUsage

/**
 * `GET /v1/accounts/usage-analytics`, the range checked (both days included).
 *
 * @since 0.1.0
 * @category account
 */
export const getUsageAnalytics: (options: requests.DateRange) => Built = account.getUsageAnalytics

/**
 * `GET /v1/accounts/origins`.
 *
 * @since 0.1.0
 * @category origins
 */
export const listOrigins: ImageKitRequest.ImageKitRequest = origins.listOrigins

/**
 * `POST /v1/accounts/origins`; the `Redacted` secrets are revealed into the body only.
 *
 * @since 0.1.0
 * @category origins
 */
export const createOrigin: (origin: requests.OriginOptions) => Built = origins.createOrigin

/**
 * `GET /v1/accounts/origins/{id}`.
 *
 * @since 0.1.0
 * @category origins
 */
export const getOrigin: (originId: string) => Built = origins.getOrigin

/**
 * `PUT /v1/accounts/origins/{id}`.
 *
 * @since 0.1.0
 * @category origins
 */
export const updateOrigin: (originId: string, origin: requests.OriginOptions) => Built = origins.updateOrigin

/**
 * `DELETE /v1/accounts/origins/{id}`.
 *
 * @since 0.1.0
 * @category origins
 */
export const deleteOrigin: (originId: string) => Built = origins.deleteOrigin

/**
 * `GET /v1/accounts/url-endpoints`.
 *
 * @since 0.1.0
 * @category URL endpoints
 */
export const listUrlEndpoints: ImageKitRequest.ImageKitRequest = urlEndpoints.listUrlEndpoints

/**
 * `POST /v1/accounts/url-endpoints`.
 *
 * @since 0.1.0
 * @category URL endpoints
 */
export const createUrlEndpoint: (endpoint: requests.UrlEndpointOptions) => Built = urlEndpoints.createUrlEndpoint

/**
 * `GET /v1/accounts/url-endpoints/{id}`.
 *
 * @since 0.1.0
 * @category URL endpoints
 */
export const getUrlEndpoint: (urlEndpointId: string) => Built = urlEndpoints.getUrlEndpoint

/**
 * `PUT /v1/accounts/url-endpoints/{id}`.
 *
 * @since 0.1.0
 * @category URL endpoints
 */
export const updateUrlEndpoint: (urlEndpointId: string, endpoint: requests.UrlEndpointOptions) => Built =
  urlEndpoints.updateUrlEndpoint

/**
 * `DELETE /v1/accounts/url-endpoints/{id}`.
 *
 * @since 0.1.0
 * @category URL endpoints
 */
export const deleteUrlEndpoint: (urlEndpointId: string) => Built = urlEndpoints.deleteUrlEndpoint

/**
 * `GET /v1/saved-extensions`.
 *
 * @since 0.1.0
 * @category saved extensions
 */
export const listSavedExtensions: ImageKitRequest.ImageKitRequest = savedExtensions.listSavedExtensions

/**
 * `POST /v1/saved-extensions`.
 *
 * @since 0.1.0
 * @category saved extensions
 */
export const createSavedExtension: (options: requests.CreateSavedExtensionOptions) => Built =
  savedExtensions.createSavedExtension

/**
 * `GET /v1/saved-extensions/{id}`.
 *
 * @since 0.1.0
 * @category saved extensions
 */
export const getSavedExtension: (savedExtensionId: string) => Built = savedExtensions.getSavedExtension

/**
 * `PATCH /v1/saved-extensions/{id}`.
 *
 * @since 0.1.0
 * @category saved extensions
 */
export const updateSavedExtension: (savedExtensionId: string, options: requests.UpdateSavedExtensionOptions) => Built =
  savedExtensions.updateSavedExtension

/**
 * `DELETE /v1/saved-extensions/{id}`.
 *
 * @since 0.1.0
 * @category saved extensions
 */
export const deleteSavedExtension: (savedExtensionId: string) => Built = savedExtensions.deleteSavedExtension

/**
 * `GET /v1/named-transformations`.
 *
 * @since 0.1.0
 * @category named transformations
 */
export const listNamedTransformations: ImageKitRequest.ImageKitRequest = namedTransformations.listNamedTransformations

/**
 * `POST /v1/named-transformations`.
 *
 * @since 0.1.0
 * @category named transformations
 */
export const createNamedTransformation: (options: requests.CreateNamedTransformationOptions) => Built =
  namedTransformations.createNamedTransformation

/**
 * `GET /v1/named-transformations/{id}`.
 *
 * @since 0.1.0
 * @category named transformations
 */
export const getNamedTransformation: (namedTransformationId: string) => Built =
  namedTransformations.getNamedTransformation

/**
 * `PATCH /v1/named-transformations/{id}`.
 *
 * @since 0.1.0
 * @category named transformations
 */
export const updateNamedTransformation: (
  namedTransformationId: string,
  options: requests.UpdateNamedTransformationOptions
) => Built = namedTransformations.updateNamedTransformation

/**
 * `DELETE /v1/named-transformations/{id}`.
 *
 * @since 0.1.0
 * @category named transformations
 */
export const deleteNamedTransformation: (namedTransformationId: string) => Built =
  namedTransformations.deleteNamedTransformation

/**
 * `POST upload.imagekit.io/api/v2/files/upload`. With a `token`, checked against `now` (milliseconds) and the form,
 * `withKey` is `false`: send it with `execute(request, { withoutKey: true })`, as the API refuses a token and the key
 * together.
 *
 * @since 0.1.0
 * @category uploads
 */
export const uploadV2: (
  options: requests.UploadV2Options,
  now: number
) => Either.Either<
  { readonly request: ImageKitRequest.ImageKitRequest; readonly withKey: boolean },
  InvalidInputError
> = uploads.uploadV2
