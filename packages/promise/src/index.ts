/**
 * `@effect-imagekit/promise`: a drop-in replacement for `imagekit@6`, built on the Effect client.
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
 * console.log(imagekit.url({ path: "/default-image.jpg" }))
 * ```
 *
 * @since 0.1.0
 */
import { ImageKit } from "./ImageKit.js"

export type {
  ApiErrorObject,
  AuthenticationParameters,
  BulkDeleteFilesResponse,
  BulkJobResponse,
  BulkJobStatusResponse,
  BulkTagsResponse,
  CopyFileOptions,
  CopyFolderOptions,
  CopyFolderResponse,
  CreateCustomMetadataFieldOptions,
  CreateFolderOptions,
  CustomMetadataField,
  CustomMetadataFieldsResponse,
  DeleteFileVersionOptions,
  DeleteResponse,
  EffectClient,
  EmptyResponse,
  FileDetailsOptions,
  FileMetadataResponse,
  FileObject,
  FileSource,
  FileVersionDetailsOptions,
  FileVersionObject,
  FileVersionsResponse,
  GetCustomMetadataFieldsOptions,
  IKCallback,
  IKResponse,
  ImageKitOptions,
  ListFileOptions,
  ListFileResponse,
  MoveFileOptions,
  MoveFolderOptions,
  MoveFolderResponse,
  NamedTransformation,
  NamedTransformationsResponse,
  Origin,
  OriginOptions,
  OriginsResponse,
  PurgeCacheResponse,
  PurgeCacheStatusResponse,
  RenameFileOptions,
  RenameFileResponse,
  ResponseMetadata,
  RestoreFileVersionOptions,
  SavedExtension,
  SavedExtensionsResponse,
  UpdateCustomMetadataFieldOptions,
  UpdateFileDetailsResponse,
  UploadAbortedError,
  UploadOptions,
  UploadProgress,
  UploadResponse,
  UploadState,
  UploadV2Options,
  UrlEndpoint,
  UrlEndpointsResponse,
  UrlOptions,
  UsageAnalyticsResponse,
  UsageResponse,
  ValidationErrorObject,
  VerifiedWebhookEvent
} from "./ImageKit.js"

/**
 * @since 0.1.0
 * @category constructors
 */
export { ImageKit, ImageKitRequestError } from "./ImageKit.js"

/**
 * @since 0.1.0
 * @category constructors
 */
export default ImageKit
