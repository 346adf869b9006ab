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
  RenameFileOptions,
  UpdateFileDetailsOptions
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
export type { CopyFolderOptions, CreateFolderOptions, MoveFolderOptions } from "./requests/folders.js"
export type { UploadFile, UploadOptions, UploadPostTransformation, UploadTransformation } from "./requests/upload.js"
export type { FileVersionOptions } from "./requests/versions.js"
