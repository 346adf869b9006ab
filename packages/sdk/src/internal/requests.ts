/**
 * The request builders' argument types (re-exported by `ImageKit.ts` and `Upload.ts`), and the shape the current
 * sender (`send.ts`) takes: `ImageKit.execute` turns an `ImageKitRequest` into a `RequestSpec` until the sender takes
 * `ImageKitRequest` itself. The builders are in `requests/`, one module per API area.
 */
import type { MultipartPart } from "./multipart.js"

export type { MultipartPart } from "./multipart.js"
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

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE"

export type RequestBody =
  | { readonly _tag: "None" }
  | { readonly _tag: "Json"; readonly value: unknown }
  | { readonly _tag: "Multipart"; readonly parts: ReadonlyArray<MultipartPart> }

/** Everything the current sender needs to perform one request. */
export interface RequestSpec {
  readonly operation: string
  readonly method: Method
  readonly host: "api" | "upload"
  /** Starts with "/"; path parameters are already encoded. */
  readonly path: string
  /** Ordered and not yet encoded. */
  readonly query: ReadonlyArray<readonly [string, string]>
  readonly body: RequestBody
  /** Whether the request may be retried after the server may have acted on it. */
  readonly idempotent: boolean
  /** Span attributes, "imagekit." prefixed; never a secret or file contents. */
  readonly attributes: Readonly<Record<string, string>>
}
