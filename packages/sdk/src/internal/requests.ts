/**
 * The operations' argument types, re-exported by `ImageKit.ts` and `Upload.ts`. The request builders that check them
 * are in `requests/`, one module per API area.
 */
export type {
  CopyFileOptions,
  Extension,
  FileType,
  ListFilesOptions,
  MoveFileOptions,
  PublishFileOptions,
  RenameFileOptions,
  UpdateFileDetailsOptions,
  UpdateFileFields
} from "./requests/files.js"
export type {
  CreateCustomMetadataFieldOptions,
  CustomMetadataFieldSchema,
  CustomMetadataFieldSchemaUpdate,
  CustomMetadataFieldType,
  CustomMetadataValue,
  GetCustomMetadataFieldsOptions,
  UpdateCustomMetadataFieldOptions
} from "./requests/fields.js"
export type { DateRange } from "./requests/account.js"
export type {
  AITask,
  AITaskAction,
  AITasksExtension,
  AutoDescriptionExtension,
  AutoTaggingExtension,
  ExtensionConfig,
  RemoveBgExtension,
  SavedExtensionReference
} from "./requests/extensions.js"
export type {
  CopyFolderOptions,
  CreateFolderOptions,
  MoveFolderOptions,
  RenameFolderOptions
} from "./requests/folders.js"
export type {
  CreateNamedTransformationOptions,
  UpdateNamedTransformationOptions
} from "./requests/namedTransformations.js"
export type { OriginOptions, Secret } from "./requests/origins.js"
export type { CreateSavedExtensionOptions, UpdateSavedExtensionOptions } from "./requests/savedExtensions.js"
export type { UrlEndpointOptions, UrlRewriterOptions } from "./requests/urlEndpoints.js"
export type {
  UploadFile,
  UploadOptions,
  UploadPostTransformation,
  UploadTransformation,
  UploadV2Options
} from "./requests/upload.js"
export type { FileVersionOptions } from "./requests/versions.js"
