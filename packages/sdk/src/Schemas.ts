/**
 * Schemas of the ImageKit API's answers: a hand-written overlay over the Schemas generated from ImageKit's OpenAPI
 * description (`internal/generated/schemas.ts`, written by `pnpm generate:schemas` from the vendored spec and checked
 * current by `pnpm test`).
 *
 * The generated Schemas say what the spec says; this overlay adds what it cannot:
 * - branded ids ({@link FileId}, {@link OriginId}, …) where the spec has plain strings;
 * - the fields the API always sends, required here where the spec lists nothing as required (`fileId`, `url`, …);
 * - `null` where the API sends it and the spec forgets it (`versionInfo`, `thumbnail`, `embeddedMetadata`, …);
 * - open enums and unions: every enum the server owns decodes unknown values, and each union on `type` or `name`
 *   (origins, URL rewriters, extension configs, AI tasks) has a last member for a value added later, whose branded
 *   `type` keeps `switch (origin.type)` narrowing;
 * - file/folder narrowing ({@link isFile}, {@link isFolder});
 * - the two areas newer than the vendored spec, written here from ImageKit's public API reference and the types of
 *   `@imagekit/nodejs@7.11`: named transformations ({@link NamedTransformation}) and usage analytics
 *   ({@link UsageAnalytics}); and the custom metadata field's `description`.
 *
 * Decode with {@link decodeOptions} (or {@link decodeResponse}), which keeps fields the server sends that a schema
 * does not list. Dates stay ISO 8601 strings: decoding transforms nothing, and encoding gives the same JSON back.
 *
 * | operation | schema |
 * | --- | --- |
 * | `upload`, `uploadV2` | {@link UploadResponse} (202: {@link UploadAcceptedResponse}) |
 * | `listFiles` | {@link ListFilesResponse} (items: {@link ListItem} = {@link Folder} or {@link File}) |
 * | `getFileDetails`, `getFileVersionDetails`, `restoreFileVersion` | {@link File} |
 * | `getFileVersions` | {@link GetFileVersionsResponse} |
 * | `updateFileDetails` | {@link UpdateFileDetailsResponse} |
 * | `getFileMetadata` | {@link Metadata} |
 * | `bulkAddTags`, `bulkRemoveTags`, `bulkRemoveAITags` | {@link BulkTagsResponse} |
 * | `bulkDeleteFiles` | {@link BulkDeleteFilesResponse} |
 * | `copyFile`, `moveFile`, `createFolder` | {@link EmptyResponse} |
 * | `renameFile` | {@link RenameFileResponse} |
 * | `copyFolder`, `moveFolder`, `renameFolder` | {@link BulkJobResponse} |
 * | `getBulkJobStatus` | {@link BulkJobStatusResponse} |
 * | `purgeCache` | {@link PurgeCacheResponse} |
 * | `getPurgeCacheStatus` | {@link PurgeCacheStatusResponse} |
 * | `createCustomMetadataField`, `updateCustomMetadataField` | {@link CustomMetadataField} |
 * | `getCustomMetadataFields` | {@link GetCustomMetadataFieldsResponse} |
 * | `getUsage` | {@link Usage} |
 * | `getUsageAnalytics` | {@link UsageAnalytics} |
 * | `createOrigin`, `getOrigin`, `updateOrigin` / `listOrigins` | {@link Origin} / {@link ListOriginsResponse} |
 * | `createUrlEndpoint`, `getUrlEndpoint`, `updateUrlEndpoint` / `listUrlEndpoints` | {@link UrlEndpoint} / {@link ListUrlEndpointsResponse} |
 * | `createSavedExtension`, `getSavedExtension`, `updateSavedExtension` / `listSavedExtensions` | {@link SavedExtension} / {@link ListSavedExtensionsResponse} |
 * | `createNamedTransformation`, `getNamedTransformation`, `updateNamedTransformation` / `listNamedTransformations` | {@link NamedTransformation} / {@link ListNamedTransformationsResponse} |
 *
 * The delete operations answer with an empty body and have no schema: the client returns `void` for them.
 *
 * @example
 * ```ts
 * import { Schemas } from "@effect-imagekit/sdk"
 * import { Schema } from "effect"
 *
 * const file = Schema.decodeUnknownSync(Schemas.File, Schemas.decodeOptions)({
 *   fileId: "598821f949c0a938d57563bd",
 *   type: "file",
 *   name: "file.jpg",
 *   filePath: "/images/products/file.jpg",
 *   tags: null,
 *   isPrivateFile: false,
 *   url: "https://ik.imagekit.io/your_imagekit_id/images/products/file.jpg",
 *   fileType: "image",
 *   size: 100,
 *   createdAt: "2019-08-24T06:14:41.313Z",
 *   updatedAt: "2019-08-24T06:14:41.313Z",
 *   aFieldAddedLater: true
 * })
 * console.log(file.tags) // null
 * console.log("aFieldAddedLater" in file) // true
 * ```
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { ParseOptions } from "effect/SchemaAST"
import * as Generated from "./internal/generated/schemas.js"
import * as ResponseDecoding from "./internal/responseDecoding.js"
import { OtherKeys, openLiteral, optionalKey, optionalNullable, otherThan } from "./internal/schemas.js"

// -------------------------------------------------------------------------------------------------------------
// decoding
// -------------------------------------------------------------------------------------------------------------

/**
 * The options to decode every response with. `onExcessProperty: "preserve"` keeps the fields the server sends
 * that a schema does not list; Effect's default (`"ignore"`) would drop them.
 *
 * @example
 * ```ts
 * import { Schemas } from "@effect-imagekit/sdk"
 * import { Schema } from "effect"
 *
 * const decode = Schema.decodeUnknownSync(Schemas.PurgeCacheResponse, Schemas.decodeOptions)
 * console.log(decode({ requestId: "598821f949c0a938d57563bd", region: "eu" }))
 * // { region: "eu", requestId: "598821f949c0a938d57563bd" }
 * ```
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeOptions: ParseOptions = { onExcessProperty: "preserve" }

/** Whether any object in a parsed JSON value has an own `"__proto__"` key (iteratively: JSON may nest deep). */
const hasProtoKey = (json: unknown): boolean => {
  const pending: Array<unknown> = [json]
  while (pending.length > 0) {
    const value = pending.pop()
    if (typeof value !== "object" || value === null) continue
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) pending.push(value[index])
      continue
    }
    if (Object.hasOwn(value, "__proto__")) return true
    // `for…in` walks a parsed answer's own keys (its prototype is `Object.prototype`) without an array per object.
    for (const key in value) {
      const child: unknown = Reflect.get(value, key)
      if (typeof child === "object" && child !== null) pending.push(child)
    }
  }
  return false
}

// One decoder per schema, made on its first use: every call of an operation decodes with the same one.
const decoders = new WeakMap<Schema.Schema.Any, (json: unknown) => Either.Either<unknown, ParseResult.ParseError>>()

/** Gives every decoded object whose prototype an assigned `__proto__` key replaced its `Object.prototype` back. */
const restorePrototypes = (decoded: unknown): void => {
  const pending: Array<unknown> = [decoded]
  while (pending.length > 0) {
    const value = pending.pop()
    if (typeof value !== "object" || value === null) continue
    if (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) {
      Object.setPrototypeOf(value, Object.prototype)
    }
    for (const child of Object.values(value)) pending.push(child)
  }
}

/**
 * Decodes an answer's parsed JSON with `schema` and {@link decodeOptions}, as every operation does. An own
 * `"__proto__"` key (JSON may have one: `JSON.parse` makes it an ordinary key) never becomes structure: Effect's
 * decoder copies the keys it keeps by assignment, which would make such a key's value the prototype of the decoded
 * object, so that the fields the answer leaves out would read that value's fields, undecoded. Where the SDK decodes an
 * object the key is dropped; inside free-form data (`customMetadata`, `embeddedMetadata`), which is kept as sent, it
 * stays an ordinary key.
 *
 * @example
 * ```ts
 * import { Schemas } from "@effect-imagekit/sdk"
 * import { Either } from "effect"
 *
 * const answer = JSON.parse('{"requestId": "598821f949c0a938d57563bd", "__proto__": {"status": "Completed"}}')
 * const decoded = Schemas.decodeResponse(Schemas.PurgeCacheResponse)(answer)
 * if (Either.isRight(decoded)) console.log(Object.getPrototypeOf(decoded.right) === Object.prototype) // true
 * ```
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeResponse = <A, I>(
  schema: Schema.Schema<A, I>
): ((json: unknown) => Either.Either<A, ParseResult.ParseError>) => {
  const known = decoders.get(schema)
  // The decoder kept for a schema was made from that schema, so it decodes to its `A`.
  if (known !== undefined) return known as (json: unknown) => Either.Either<A, ParseResult.ParseError>
  const decode = ResponseDecoding.decodeUnknownEither(schema, decodeOptions)
  const decoder = (json: unknown): Either.Either<A, ParseResult.ParseError> => {
    const decoded = decode(json)
    if (Either.isRight(decoded) && hasProtoKey(json)) restorePrototypes(decoded.right)
    return decoded
  }
  decoders.set(schema, decoder)
  return decoder
}

// -------------------------------------------------------------------------------------------------------------
// ids
// -------------------------------------------------------------------------------------------------------------

/**
 * Identifier of a file (`fileId`), returned by upload, list and file details.
 *
 * @since 0.1.0
 * @category ids
 */
export const FileId = Schema.String.pipe(Schema.brand("FileId"))

/**
 * Identifier of a file (`fileId`).
 *
 * @since 0.1.0
 * @category ids
 */
export type FileId = typeof FileId.Type

/**
 * Identifier of a file version (`versionInfo.id`). The current version's id equals the file's `fileId`.
 *
 * @since 0.1.0
 * @category ids
 */
export const VersionId = Schema.String.pipe(Schema.brand("VersionId"))

/**
 * Identifier of a file version (`versionInfo.id`).
 *
 * @since 0.1.0
 * @category ids
 */
export type VersionId = typeof VersionId.Type

/**
 * Identifier of a folder (`folderId`), returned by `listFiles`.
 *
 * @since 0.1.0
 * @category ids
 */
export const FolderId = Schema.String.pipe(Schema.brand("FolderId"))

/**
 * Identifier of a folder (`folderId`).
 *
 * @since 0.1.0
 * @category ids
 */
export type FolderId = typeof FolderId.Type

/**
 * Identifier of a bulk job (`jobId`), returned by `copyFolder` and `moveFolder`.
 *
 * @since 0.1.0
 * @category ids
 */
export const JobId = Schema.String.pipe(Schema.brand("JobId"))

/**
 * Identifier of a bulk job (`jobId`).
 *
 * @since 0.1.0
 * @category ids
 */
export type JobId = typeof JobId.Type

/**
 * Identifier of a purge request: `requestId` of `purgeCache`, `purgeRequestId` of `renameFile` and of a
 * rename-folder job.
 *
 * @since 0.1.0
 * @category ids
 */
export const PurgeRequestId = Schema.String.pipe(Schema.brand("PurgeRequestId"))

/**
 * Identifier of a purge request.
 *
 * @since 0.1.0
 * @category ids
 */
export type PurgeRequestId = typeof PurgeRequestId.Type

/**
 * Identifier of a custom metadata field (`id`), used to update or delete it.
 *
 * @since 0.1.0
 * @category ids
 */
export const CustomMetadataFieldId = Schema.String.pipe(Schema.brand("CustomMetadataFieldId"))

/**
 * Identifier of a custom metadata field.
 *
 * @since 0.1.0
 * @category ids
 */
export type CustomMetadataFieldId = typeof CustomMetadataFieldId.Type

/**
 * Identifier of an origin (`id`), returned by `createOrigin` and `listOrigins`.
 *
 * @since 0.1.0
 * @category ids
 */
export const OriginId = Schema.String.pipe(Schema.brand("OriginId"))

/**
 * Identifier of an origin.
 *
 * @since 0.1.0
 * @category ids
 */
export type OriginId = typeof OriginId.Type

/**
 * Identifier of a URL endpoint (`id`); the default endpoint's is `default`.
 *
 * @since 0.1.0
 * @category ids
 */
export const UrlEndpointId = Schema.String.pipe(Schema.brand("UrlEndpointId"))

/**
 * Identifier of a URL endpoint.
 *
 * @since 0.1.0
 * @category ids
 */
export type UrlEndpointId = typeof UrlEndpointId.Type

/**
 * Identifier of a saved extension (`id`), used to update or delete it and to apply it with
 * `{ name: "saved-extension", id }`.
 *
 * @since 0.1.0
 * @category ids
 */
export const SavedExtensionId = Schema.String.pipe(Schema.brand("SavedExtensionId"))

/**
 * Identifier of a saved extension.
 *
 * @since 0.1.0
 * @category ids
 */
export type SavedExtensionId = typeof SavedExtensionId.Type

/**
 * Identifier of a named transformation (`id`), used to update or delete it (URLs use its `name`).
 *
 * @since 0.1.0
 * @category ids
 */
export const NamedTransformationId = Schema.String.pipe(Schema.brand("NamedTransformationId"))

/**
 * Identifier of a named transformation.
 *
 * @since 0.1.0
 * @category ids
 */
export type NamedTransformationId = typeof NamedTransformationId.Type

// -------------------------------------------------------------------------------------------------------------
// enums
// -------------------------------------------------------------------------------------------------------------

/**
 * The `type` of a {@link File}: `"file"` for the current version, `"file-version"` for an older one (folders
 * are `"folder"`, see {@link Folder}). Open: other strings decode too.
 *
 * @since 0.1.0
 * @category enums
 */
export const AssetType = openLiteral("file", "file-version")

/**
 * The `type` of a {@link File}.
 *
 * @since 0.1.0
 * @category enums
 */
export type AssetType = typeof AssetType.Type

/**
 * The `fileType` of a file: `"image"` or `"non-image"`. Open: other strings decode too.
 *
 * @since 0.1.0
 * @category enums
 */
export const FileType = openLiteral("image", "non-image")

/**
 * The `fileType` of a file.
 *
 * @since 0.1.0
 * @category enums
 */
export type FileType = typeof FileType.Type

/**
 * Where an {@link AITag} comes from. Open: other strings decode too.
 *
 * @since 0.1.0
 * @category enums
 */
export const AITagSource = openLiteral("google-auto-tagging", "aws-auto-tagging")

/**
 * Where an {@link AITag} comes from.
 *
 * @since 0.1.0
 * @category enums
 */
export type AITagSource = typeof AITagSource.Type

/**
 * The state of one extension in {@link ExtensionStatus}. `"pending"` ones report their final state to the
 * `webhookUrl`. Open: other strings decode too.
 *
 * @since 0.1.0
 * @category enums
 */
export const ExtensionState = openLiteral("success", "pending", "failed")

/**
 * The state of one extension.
 *
 * @since 0.1.0
 * @category enums
 */
export type ExtensionState = typeof ExtensionState.Type

/**
 * The type of a custom metadata field. Open: other strings decode too.
 *
 * @since 0.1.0
 * @category enums
 */
export const CustomMetadataFieldType = openLiteral(
  "Text",
  "Textarea",
  "Number",
  "Date",
  "Boolean",
  "SingleSelect",
  "MultiSelect"
)

/**
 * The type of a custom metadata field.
 *
 * @since 0.1.0
 * @category enums
 */
export type CustomMetadataFieldType = typeof CustomMetadataFieldType.Type

/**
 * The kind of a bulk job. Open: other strings decode too.
 *
 * @since 0.1.0
 * @category enums
 */
export const BulkJobType = openLiteral("COPY_FOLDER", "MOVE_FOLDER", "RENAME_FOLDER")

/**
 * The kind of a bulk job.
 *
 * @since 0.1.0
 * @category enums
 */
export type BulkJobType = typeof BulkJobType.Type

/**
 * The status of a bulk job. `"Partial success"` comes with HTTP 207 when a rename-folder job renamed the folder
 * but could not purge the cache. Open: other strings decode too.
 *
 * @since 0.1.0
 * @category enums
 */
export const BulkJobStatus = openLiteral("Pending", "Completed", "Partial success")

/**
 * The status of a bulk job.
 *
 * @since 0.1.0
 * @category enums
 */
export type BulkJobStatus = typeof BulkJobStatus.Type

/**
 * The status of a purge request. Open: other strings decode too.
 *
 * @since 0.1.0
 * @category enums
 */
export const PurgeStatus = openLiteral("Pending", "Completed")

/**
 * The status of a purge request.
 *
 * @since 0.1.0
 * @category enums
 */
export type PurgeStatus = typeof PurgeStatus.Type

/**
 * The type of an origin: where ImageKit fetches files that are not in the media library. Open: other strings decode
 * too.
 *
 * @since 0.1.0
 * @category enums
 */
export const OriginType = openLiteral(
  "S3",
  "S3_COMPATIBLE",
  "CLOUDINARY_BACKUP",
  "WEB_FOLDER",
  "WEB_PROXY",
  "GCS",
  "AZURE_BLOB",
  "AKENEO_PIM"
)

/**
 * The type of an origin.
 *
 * @since 0.1.0
 * @category enums
 */
export type OriginType = typeof OriginType.Type

// -------------------------------------------------------------------------------------------------------------
// parts of files
// -------------------------------------------------------------------------------------------------------------

/**
 * A tag added by an auto-tagging extension (OpenAPI `AITag`); `name` is always there.
 *
 * @since 0.1.0
 * @category models
 */
export const AITag = Schema.Struct({
  ...Generated.AITag.fields,
  name: Schema.String,
  source: optionalKey(AITagSource)
}).annotations({ identifier: "AITag" })

/**
 * A tag added by an auto-tagging extension.
 *
 * @since 0.1.0
 * @category models
 */
export interface AITag extends Schema.Schema.Type<typeof AITag> {}

/**
 * The id and name of a file version (OpenAPI `VersionInfo`), e.g. `{ id, name: "Version 2" }`.
 *
 * @since 0.1.0
 * @category models
 */
export const VersionInfo = Schema.Struct({ id: VersionId, name: Schema.String }).annotations({
  identifier: "VersionInfo"
})

/**
 * The id and name of a file version.
 *
 * @since 0.1.0
 * @category models
 */
export interface VersionInfo extends Schema.Schema.Type<typeof VersionInfo> {}

/**
 * Custom metadata of a file or folder (OpenAPI `CustomMetadata`): field name → value. The values have the
 * types of the fields (string, number, boolean, or an array for `MultiSelect`) and are left `unknown`. A
 * `"__proto__"` key is kept as a key: the object is checked, not copied.
 *
 * @since 0.1.0
 * @category models
 */
export const CustomMetadata = Generated.CustomMetadata

/**
 * Custom metadata of a file or folder.
 *
 * @since 0.1.0
 * @category models
 */
export type CustomMetadata = typeof CustomMetadata.Type

/**
 * Embedded EXIF, IPTC and XMP metadata of a file, consolidated (OpenAPI `EmbeddedMetadata`). Free-form: the
 * values may be strings, numbers, arrays or `null`.
 *
 * @since 0.1.0
 * @category models
 */
export const EmbeddedMetadata = Generated.EmbeddedMetadata

/**
 * Embedded metadata of a file.
 *
 * @since 0.1.0
 * @category models
 */
export type EmbeddedMetadata = typeof EmbeddedMetadata.Type

/**
 * The state of each extension requested with an upload or an update, by extension name. The known names are
 * typed; any other name is kept with its state.
 *
 * @since 0.1.0
 * @category models
 */
export const ExtensionStatus = Schema.Struct(
  {
    "google-auto-tagging": optionalKey(ExtensionState),
    "aws-auto-tagging": optionalKey(ExtensionState),
    "remove-bg": optionalKey(ExtensionState),
    "ai-auto-description": optionalKey(ExtensionState),
    "ai-tasks": optionalKey(ExtensionState)
  },
  Schema.Record({ key: Schema.String, value: ExtensionState })
).annotations({ identifier: "ExtensionStatus" })

/**
 * The state of each extension requested with an upload or an update.
 *
 * @since 0.1.0
 * @category models
 */
export interface ExtensionStatus extends Schema.Schema.Type<typeof ExtensionStatus> {}

/**
 * One allowed or default value of a custom metadata field: a string, a number or a boolean.
 *
 * @since 0.1.0
 * @category models
 */
export const CustomMetadataScalar = Schema.Union(Schema.String, Schema.Number, Schema.Boolean)

/**
 * One allowed or default value of a custom metadata field.
 *
 * @since 0.1.0
 * @category models
 */
export type CustomMetadataScalar = typeof CustomMetadataScalar.Type

/**
 * The rules of a custom metadata field (the `schema` of OpenAPI `CustomMetadataField`). Which keys are set
 * depends on `type`: `minValue`/`maxValue` for `Number` and `Date` (an ISO string for `Date`),
 * `minLength`/`maxLength` for `Text` and `Textarea`, `selectOptions` for `SingleSelect` and `MultiSelect`.
 *
 * @since 0.1.0
 * @category models
 */
export const CustomMetadataFieldSchema = Generated.CustomMetadataField.fields.schema.annotations({
  identifier: "CustomMetadataFieldSchema"
})

/**
 * The rules of a custom metadata field.
 *
 * @since 0.1.0
 * @category models
 */
export interface CustomMetadataFieldSchema extends Schema.Schema.Type<typeof CustomMetadataFieldSchema> {}

/**
 * The rules of one custom metadata field selected for a file's path by a path policy (a value of OpenAPI
 * `SelectedFieldsSchema`): {@link CustomMetadataFieldSchema} plus `selectOptionsTruncated` (more than 100
 * options) and `readOnly`.
 *
 * @since 0.1.0
 * @category models
 */
export const SelectedFieldSchema = Generated.SelectedFieldsSchema.value.annotations({
  identifier: "SelectedFieldSchema"
})

/**
 * The rules of one custom metadata field selected for a file's path.
 *
 * @since 0.1.0
 * @category models
 */
export interface SelectedFieldSchema extends Schema.Schema.Type<typeof SelectedFieldSchema> {}

/**
 * The custom metadata fields selected for a file's path, by field name (OpenAPI `SelectedFieldsSchema`). Sent
 * only on plans with the path policy feature.
 *
 * @since 0.1.0
 * @category models
 */
export const SelectedFieldsSchema = Schema.Record({ key: Schema.String, value: SelectedFieldSchema }).annotations({
  identifier: "SelectedFieldsSchema"
})

/**
 * The custom metadata fields selected for a file's path.
 *
 * @since 0.1.0
 * @category models
 */
export type SelectedFieldsSchema = typeof SelectedFieldsSchema.Type

// -------------------------------------------------------------------------------------------------------------
// metadata (the spec's EXIF blocks keep every tag they do not list)
// -------------------------------------------------------------------------------------------------------------

/**
 * The `image` block of {@link Exif} (OpenAPI `ExifImage`). The usual tags are typed; any other tag is kept.
 *
 * @since 0.1.0
 * @category models
 */
export const ExifImage = Generated.ExifImage

/**
 * The `image` block of {@link Exif}.
 *
 * @since 0.1.0
 * @category models
 */
export interface ExifImage extends Schema.Schema.Type<typeof ExifImage> {}

/**
 * The `thumbnail` block of {@link Exif} (OpenAPI `Thumbnail`). The usual tags are typed; any other tag is kept.
 *
 * @since 0.1.0
 * @category models
 */
export const ExifThumbnail = Generated.Thumbnail.annotations({ identifier: "ExifThumbnail" })

/**
 * The `thumbnail` block of {@link Exif}.
 *
 * @since 0.1.0
 * @category models
 */
export interface ExifThumbnail extends Schema.Schema.Type<typeof ExifThumbnail> {}

/**
 * The `exif` block of {@link Exif} (OpenAPI `ExifDetails`). The usual tags are typed; any other tag is kept.
 *
 * @since 0.1.0
 * @category models
 */
export const ExifDetails = Generated.ExifDetails

/**
 * The `exif` block of {@link Exif}.
 *
 * @since 0.1.0
 * @category models
 */
export interface ExifDetails extends Schema.Schema.Type<typeof ExifDetails> {}

/**
 * The `gps` block of {@link Exif} (OpenAPI `Gps`). The usual tags are typed; any other tag is kept.
 *
 * @since 0.1.0
 * @category models
 */
export const ExifGps = Generated.Gps.annotations({ identifier: "ExifGps" })

/**
 * The `gps` block of {@link Exif}.
 *
 * @since 0.1.0
 * @category models
 */
export interface ExifGps extends Schema.Schema.Type<typeof ExifGps> {}

/**
 * The `interoperability` block of {@link Exif} (OpenAPI `Interoperability`). Any other tag is kept.
 *
 * @since 0.1.0
 * @category models
 */
export const ExifInteroperability = Generated.Interoperability.annotations({ identifier: "ExifInteroperability" })

/**
 * The `interoperability` block of {@link Exif}.
 *
 * @since 0.1.0
 * @category models
 */
export interface ExifInteroperability extends Schema.Schema.Type<typeof ExifInteroperability> {}

/**
 * The EXIF data of an image (`exif` of OpenAPI `Metadata`), in blocks. `makernote` is free-form.
 *
 * @since 0.1.0
 * @category models
 */
export const Exif = Generated.Metadata.fields.exif.from.annotations({ identifier: "Exif" })

/**
 * The EXIF data of an image.
 *
 * @since 0.1.0
 * @category models
 */
export interface Exif extends Schema.Schema.Type<typeof Exif> {}

/**
 * Technical metadata of a file (OpenAPI `Metadata`): the response of `getFileMetadata` (for a `fileId` or a
 * remote URL), and `metadata` of an upload asked for with `responseFields`. Every key is optional: videos have
 * `bitRate`, `duration` and the codecs, images `format`, `pHash`, `exif` and the rest.
 *
 * @example
 * ```ts
 * import { Schemas } from "@effect-imagekit/sdk"
 * import { Schema } from "effect"
 *
 * const metadata = Schema.decodeUnknownSync(Schemas.Metadata, Schemas.decodeOptions)({
 *   height: 68,
 *   width: 100,
 *   size: 7749,
 *   format: "jpg",
 *   pHash: "f06830ca9f1e3e90",
 *   exif: { image: { Make: "Canon", Model: "Canon EOS 40D" }, gps: { GPSVersionID: [2, 2, 0, 0] } }
 * })
 * console.log(metadata.exif?.image?.Make) // "Canon"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Metadata = Generated.Metadata

/**
 * Technical metadata of a file.
 *
 * @since 0.1.0
 * @category models
 */
export interface Metadata extends Schema.Schema.Type<typeof Metadata> {}

// -------------------------------------------------------------------------------------------------------------
// files and folders
// -------------------------------------------------------------------------------------------------------------

/**
 * A file or a file version (OpenAPI `FileDetails`): the response of `getFileDetails`, `getFileVersionDetails`
 * and `restoreFileVersion`, and the file items of `listFiles` and `getFileVersions`.
 *
 * Required: `fileId`, `type`, `name`, `filePath`, `isPrivateFile`, `url`, `fileType`, `size`, `createdAt` and
 * `updatedAt`. `width`, `height`, `hasAlpha` and `mime` are absent for some non-images, the video fields for
 * anything but videos. `tags`, `AITags`, `versionInfo`, `customCoordinates`, `thumbnail` and
 * `embeddedMetadata` may be `null`.
 *
 * @example
 * ```ts
 * import { Schemas } from "@effect-imagekit/sdk"
 * import { Schema } from "effect"
 *
 * const file: Schemas.File = Schema.decodeUnknownSync(Schemas.File, Schemas.decodeOptions)({
 *   fileId: "598821f949c0a938d57563bd",
 *   type: "file",
 *   name: "file.jpg",
 *   filePath: "/images/products/file.jpg",
 *   tags: ["t-shirt", "sale2019"],
 *   AITags: [{ name: "Shirt", confidence: 90.12, source: "google-auto-tagging" }],
 *   versionInfo: { id: "598821f949c0a938d57563bd", name: "Version 1" },
 *   isPrivateFile: false,
 *   customCoordinates: null,
 *   url: "https://ik.imagekit.io/your_imagekit_id/images/products/file.jpg",
 *   thumbnail: "https://ik.imagekit.io/your_imagekit_id/images/products/file.jpg?tr=n-ik_ml_thumbnail",
 *   fileType: "image",
 *   mime: "image/jpeg",
 *   width: 100,
 *   height: 100,
 *   size: 100,
 *   hasAlpha: false,
 *   customMetadata: { brand: "Nike" },
 *   createdAt: "2019-08-24T06:14:41.313Z",
 *   updatedAt: "2019-08-24T06:14:41.313Z"
 * })
 * const fileId: Schemas.FileId = file.fileId
 * console.log(fileId, file.versionInfo?.name) // "598821f949c0a938d57563bd" "Version 1"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const File = Schema.Struct({
  ...Generated.FileDetails.fields,
  fileId: FileId,
  type: AssetType,
  name: Schema.String,
  filePath: Schema.String,
  AITags: optionalNullable(Schema.Array(AITag)),
  versionInfo: optionalNullable(VersionInfo),
  isPrivateFile: Schema.Boolean,
  url: Schema.String,
  thumbnail: optionalNullable(Schema.String),
  fileType: FileType,
  size: Schema.Number,
  selectedFieldsSchema: optionalKey(SelectedFieldsSchema),
  embeddedMetadata: optionalNullable(EmbeddedMetadata),
  createdAt: Schema.String,
  updatedAt: Schema.String
}).annotations({ identifier: "File" })

/**
 * A file or a file version.
 *
 * @since 0.1.0
 * @category models
 */
export interface File extends Schema.Schema.Type<typeof File> {}

/**
 * A version of a file, as listed by `getFileVersions`: the same shape as {@link File}. The current version has
 * `type: "file"` and older ones `type: "file-version"`; both appear in the list (OpenAPI example of
 * `list-file-versions`).
 *
 * @since 0.1.0
 * @category models
 */
export const FileVersion = File.annotations({ identifier: "FileVersion" })

/**
 * A version of a file.
 *
 * @since 0.1.0
 * @category models
 */
export interface FileVersion extends Schema.Schema.Type<typeof FileVersion> {}

/**
 * A folder, as listed by `listFiles` (OpenAPI `FolderDetails`). `type` is always `"folder"`.
 *
 * @since 0.1.0
 * @category models
 */
export const Folder = Schema.Struct({
  ...Generated.FolderDetails.fields,
  type: Schema.Literal("folder"),
  folderId: FolderId,
  name: Schema.String,
  customMetadata: optionalKey(CustomMetadata),
  folderPath: Schema.String,
  createdAt: Schema.String,
  updatedAt: Schema.String
}).annotations({ identifier: "Folder" })

/**
 * A folder.
 *
 * @since 0.1.0
 * @category models
 */
export interface Folder extends Schema.Schema.Type<typeof Folder> {}

/**
 * One item of `listFiles`: a {@link Folder} (`type: "folder"`) or a {@link File} (any other `type`, known or
 * not). Use {@link isFolder} / {@link isFile} to tell them apart, since the open `type` of a file does not
 * narrow by comparison.
 *
 * @example
 * ```ts
 * import { Schemas } from "@effect-imagekit/sdk"
 * import { Schema } from "effect"
 *
 * const item = Schema.decodeUnknownSync(Schemas.ListItem, Schemas.decodeOptions)({
 *   folderId: "6441fce4e809dd54b0dee029",
 *   type: "folder",
 *   name: "summer",
 *   folderPath: "/sale",
 *   createdAt: "2023-04-21T03:03:00.869Z",
 *   updatedAt: "2023-04-21T03:10:22.374Z"
 * })
 * if (Schemas.isFolder(item)) console.log(item.folderPath) // "/sale"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const ListItem = Schema.Union(Folder, File).annotations({ identifier: "ListItem" })

/**
 * One item of `listFiles`.
 *
 * @since 0.1.0
 * @category models
 */
export type ListItem = Folder | File

/**
 * Whether a {@link ListItem} is a {@link Folder}.
 *
 * @since 0.1.0
 * @category guards
 */
export const isFolder = (item: ListItem): item is Folder => item.type === "folder"

/**
 * Whether a {@link ListItem} is a {@link File} (a file or a file version).
 *
 * @since 0.1.0
 * @category guards
 */
export const isFile = (item: ListItem): item is File => item.type !== "folder"

/** The members of a union whose `Key` can be `Tag` (a member may allow several, e.g. two auto-taggers). */
type Tagged<Value, Key extends PropertyKey, Tag> = Value extends { readonly [K in Key]: infer Of }
  ? Tag extends Of
    ? Value
    : never
  : never

/**
 * Whether a value of an open union on `type` ({@link Origin}, {@link UrlRewriter}, {@link AITask}) is of the given
 * type, narrowing it to that member. The unions end with a member for types added later, so comparing `type`
 * alone does not narrow.
 *
 * @example
 * ```ts
 * import { Schemas } from "@effect-imagekit/sdk"
 *
 * const buckets = (origins: Schemas.ListOriginsResponse) =>
 *   origins.filter((origin) => Schemas.hasType(origin, "S3")).map((origin) => origin.bucket)
 * ```
 *
 * @since 0.1.0
 * @category guards
 */
export const hasType = <Value extends { readonly type: unknown }, const Type extends Value["type"]>(
  value: Value,
  type: Type
): value is Tagged<Value, "type", Type> => value.type === type

/**
 * Whether an {@link ExtensionConfig} has the given `name`, narrowing it to that extension's options.
 *
 * @since 0.1.0
 * @category guards
 */
export const hasName = <Value extends { readonly name: unknown }, const Name extends Value["name"]>(
  value: Value,
  name: Name
): value is Tagged<Value, "name", Name> => value.name === name

// -------------------------------------------------------------------------------------------------------------
// responses
// -------------------------------------------------------------------------------------------------------------

/**
 * The response of `upload` (OpenAPI `Upload`, `/api/v1/files/upload` 200).
 *
 * Always there: `fileId`, `name`, `filePath`, `url`, `fileType` and `size`. `tags`, `isPrivateFile`,
 * `isPublished`, `customCoordinates`, `customMetadata`, `metadata` and `embeddedMetadata` come only when asked
 * for with `responseFields`; `extensionStatus` only when extensions were requested.
 *
 * @example
 * ```ts
 * import { Schemas } from "@effect-imagekit/sdk"
 * import { Schema } from "effect"
 *
 * const uploaded = Schema.decodeUnknownSync(Schemas.UploadResponse, Schemas.decodeOptions)({
 *   fileId: "6673f88237b244ef54d60180",
 *   name: "test-image.jpg",
 *   size: 117079,
 *   versionInfo: { id: "6673f88237b244ef54d60180", name: "Version 1" },
 *   filePath: "/test-image.jpg",
 *   url: "https://ik.imagekit.io/demo/test-image.jpg",
 *   fileType: "image",
 *   height: 500,
 *   width: 1000,
 *   thumbnailUrl: "https://ik.imagekit.io/demo/tr:n-ik_ml_thumbnail/test-image.jpg",
 *   AITags: null
 * })
 * console.log(uploaded.url) // "https://ik.imagekit.io/demo/test-image.jpg"
 * ```
 *
 * @since 0.1.0
 * @category responses
 */
export const UploadResponse = Schema.Struct({
  ...Generated.Upload.fields,
  fileId: FileId,
  name: Schema.String,
  filePath: Schema.String,
  url: Schema.String,
  thumbnailUrl: optionalNullable(Schema.String),
  size: Schema.Number,
  AITags: optionalNullable(Schema.Array(AITag)),
  versionInfo: optionalNullable(VersionInfo),
  fileType: FileType,
  selectedFieldsSchema: optionalKey(SelectedFieldsSchema),
  extensionStatus: optionalKey(ExtensionStatus),
  embeddedMetadata: optionalNullable(EmbeddedMetadata)
}).annotations({ identifier: "UploadResponse" })

/**
 * The response of `upload`.
 *
 * @since 0.1.0
 * @category responses
 */
export interface UploadResponse extends Schema.Schema.Type<typeof UploadResponse> {}

/**
 * The body of an upload answered with HTTP 202 instead of 200: the file was accepted and a video
 * pre-transformation is queued; the result arrives by webhook. E.g. `{ message: "The pre-transformation has
 * been queued successfully." }`.
 *
 * @since 0.1.0
 * @category responses
 */
export const UploadAcceptedResponse = Generated.UploadFileResponse202.annotations({
  identifier: "UploadAcceptedResponse"
})

/**
 * The body of an upload answered with HTTP 202.
 *
 * @since 0.1.0
 * @category responses
 */
export interface UploadAcceptedResponse extends Schema.Schema.Type<typeof UploadAcceptedResponse> {}

/**
 * The response of `listFiles`: folders and files (OpenAPI `list-and-search-assets` 200).
 *
 * @since 0.1.0
 * @category responses
 */
export const ListFilesResponse = Schema.Array(ListItem)

/**
 * The response of `listFiles`.
 *
 * @since 0.1.0
 * @category responses
 */
export type ListFilesResponse = ReadonlyArray<ListItem>

/**
 * The response of `getFileVersions`: every version of a file, the current one included (OpenAPI
 * `list-file-versions` 200).
 *
 * @since 0.1.0
 * @category responses
 */
export const GetFileVersionsResponse = Schema.Array(FileVersion)

/**
 * The response of `getFileVersions`.
 *
 * @since 0.1.0
 * @category responses
 */
export type GetFileVersionsResponse = ReadonlyArray<FileVersion>

/**
 * The response of `updateFileDetails`: the updated {@link File}, plus `extensionStatus` when extensions were
 * requested (OpenAPI `update-file-details` 200).
 *
 * @since 0.1.0
 * @category responses
 */
export const UpdateFileDetailsResponse = Schema.Struct({
  ...Generated.UpdateFileDetailsResponse.fields,
  ...File.fields,
  extensionStatus: optionalKey(ExtensionStatus)
}).annotations({ identifier: "UpdateFileDetailsResponse" })

/**
 * The response of `updateFileDetails`.
 *
 * @since 0.1.0
 * @category responses
 */
export interface UpdateFileDetailsResponse extends Schema.Schema.Type<typeof UpdateFileDetailsResponse> {}

/**
 * A file that a bulk operation could not change, with the reason (`errors` of a HTTP 207 response).
 *
 * @since 0.1.0
 * @category models
 */
export const BulkFileError = Schema.Struct({
  fileId: FileId,
  error: Schema.String
}).annotations({ identifier: "BulkFileError" })

/**
 * A file that a bulk operation could not change.
 *
 * @since 0.1.0
 * @category models
 */
export interface BulkFileError extends Schema.Schema.Type<typeof BulkFileError> {}

/**
 * The response of `bulkAddTags`, `bulkRemoveTags` and `bulkRemoveAITags` (OpenAPI `add-tags-bulk`,
 * `remove-tags-bulk`, `remove-ai-tags-bulk` 200 and 207). `errors` lists the files that were not updated, on
 * a partial success (HTTP 207).
 *
 * @since 0.1.0
 * @category responses
 */
export const BulkTagsResponse = Schema.Struct({
  successfullyUpdatedFileIds: Schema.Array(FileId),
  errors: optionalKey(Schema.Array(BulkFileError))
}).annotations({ identifier: "BulkTagsResponse" })

/**
 * The response of `bulkAddTags`, `bulkRemoveTags` and `bulkRemoveAITags`.
 *
 * @since 0.1.0
 * @category responses
 */
export interface BulkTagsResponse extends Schema.Schema.Type<typeof BulkTagsResponse> {}

/**
 * The response of `bulkDeleteFiles` (OpenAPI `delete-multiple-files` 200 and 207). `errors` lists the files that
 * were not deleted, on a partial success (HTTP 207).
 *
 * @since 0.1.0
 * @category responses
 */
export const BulkDeleteFilesResponse = Schema.Struct({
  successfullyDeletedFileIds: Schema.Array(FileId),
  errors: optionalKey(Schema.Array(BulkFileError))
}).annotations({ identifier: "BulkDeleteFilesResponse" })

/**
 * The response of `bulkDeleteFiles`.
 *
 * @since 0.1.0
 * @category responses
 */
export interface BulkDeleteFilesResponse extends Schema.Schema.Type<typeof BulkDeleteFilesResponse> {}

/**
 * The empty object `{}` that `copyFile`, `moveFile` and `createFolder` answer with. Any field the server adds is
 * kept with {@link decodeOptions}.
 *
 * @since 0.1.0
 * @category responses
 */
export const EmptyResponse = Schema.Struct({}).annotations({ identifier: "EmptyResponse" })

/**
 * The empty object answered by `copyFile`, `moveFile` and `createFolder`.
 *
 * @since 0.1.0
 * @category responses
 */
export interface EmptyResponse extends Schema.Schema.Type<typeof EmptyResponse> {}

/**
 * The response of `renameFile` (OpenAPI `rename-file` 200 and 207). `purgeRequestId` is there only when
 * `purgeCache: true` was sent; otherwise the body is `{}`. On HTTP 207 the file was renamed but the purge
 * failed, and `reason` (e.g. `"PURGE_FAILED"`), `message` and `help` say why.
 *
 * @since 0.1.0
 * @category responses
 */
export const RenameFileResponse = Schema.Struct({
  purgeRequestId: optionalKey(PurgeRequestId),
  reason: optionalKey(Schema.String),
  message: optionalKey(Schema.String),
  help: optionalKey(Schema.String)
}).annotations({ identifier: "RenameFileResponse" })

/**
 * The response of `renameFile`.
 *
 * @since 0.1.0
 * @category responses
 */
export interface RenameFileResponse extends Schema.Schema.Type<typeof RenameFileResponse> {}

/**
 * The response of `copyFolder` and `moveFolder`: the id of the bulk job to poll with `getBulkJobStatus`
 * (OpenAPI `JobResponse`).
 *
 * @since 0.1.0
 * @category responses
 */
export const BulkJobResponse = Schema.Struct({
  ...Generated.JobResponse.fields,
  jobId: JobId
}).annotations({ identifier: "BulkJobResponse" })

/**
 * The response of `copyFolder` and `moveFolder`.
 *
 * @since 0.1.0
 * @category responses
 */
export interface BulkJobResponse extends Schema.Schema.Type<typeof BulkJobResponse> {}

/**
 * The response of `getBulkJobStatus` (OpenAPI `bulk-job-status` 200 and 207). `purgeRequestId` is there for a
 * rename-folder job sent with `purgeCache: true`; `message` and `help` explain a `"Partial success"` (HTTP 207).
 *
 * @example
 * ```ts
 * import { Schemas } from "@effect-imagekit/sdk"
 * import { Schema } from "effect"
 *
 * const job = Schema.decodeUnknownSync(Schemas.BulkJobStatusResponse, Schemas.decodeOptions)({
 *   jobId: "5d5b1a9b4c8c4c0001f3e4a2",
 *   type: "COPY_FOLDER",
 *   status: "Completed"
 * })
 * console.log(job.status === "Completed") // true
 * ```
 *
 * @since 0.1.0
 * @category responses
 */
export const BulkJobStatusResponse = Schema.Struct({
  ...Generated.BulkJobStatusResponse.fields,
  ...Generated.BulkJobStatusResponse207.fields,
  jobId: JobId,
  type: BulkJobType,
  status: BulkJobStatus,
  purgeRequestId: optionalKey(PurgeRequestId),
  message: optionalKey(Schema.String),
  help: optionalKey(Schema.String)
}).annotations({ identifier: "BulkJobStatusResponse" })

/**
 * The response of `getBulkJobStatus`.
 *
 * @since 0.1.0
 * @category responses
 */
export interface BulkJobStatusResponse extends Schema.Schema.Type<typeof BulkJobStatusResponse> {}

/**
 * The response of `purgeCache`: the id of the purge request to poll with `getPurgeCacheStatus` (OpenAPI
 * `purge-cache` 201).
 *
 * @since 0.1.0
 * @category responses
 */
export const PurgeCacheResponse = Schema.Struct({
  ...Generated.PurgeCacheResponse.fields,
  requestId: PurgeRequestId
}).annotations({ identifier: "PurgeCacheResponse" })

/**
 * The response of `purgeCache`.
 *
 * @since 0.1.0
 * @category responses
 */
export interface PurgeCacheResponse extends Schema.Schema.Type<typeof PurgeCacheResponse> {}

/**
 * The response of `getPurgeCacheStatus` (OpenAPI `purge-status` 200).
 *
 * @since 0.1.0
 * @category responses
 */
export const PurgeCacheStatusResponse = Schema.Struct({
  ...Generated.PurgeStatusResponse.fields,
  status: PurgeStatus
}).annotations({ identifier: "PurgeCacheStatusResponse" })

/**
 * The response of `getPurgeCacheStatus`.
 *
 * @since 0.1.0
 * @category responses
 */
export interface PurgeCacheStatusResponse extends Schema.Schema.Type<typeof PurgeCacheStatusResponse> {}

/**
 * A custom metadata field (OpenAPI `CustomMetadataField`): the response of `createCustomMetadataField` and
 * `updateCustomMetadataField`, and the items of `getCustomMetadataFields`. `description` (newer than the vendored
 * spec; from ImageKit's API reference) is there only when one was set.
 *
 * @example
 * ```ts
 * import { Schemas } from "@effect-imagekit/sdk"
 * import { Schema } from "effect"
 *
 * const field = Schema.decodeUnknownSync(Schemas.CustomMetadataField, Schemas.decodeOptions)({
 *   id: "598821f949c0a938d57563dd",
 *   name: "price",
 *   label: "price",
 *   schema: { type: "Number", minValue: 1000, maxValue: 3000 }
 * })
 * const id: Schemas.CustomMetadataFieldId = field.id
 * console.log(id, field.schema.type) // "598821f949c0a938d57563dd" "Number"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const CustomMetadataField = Schema.Struct({
  ...Generated.CustomMetadataField.fields,
  id: CustomMetadataFieldId,
  description: optionalKey(Schema.String)
}).annotations({ identifier: "CustomMetadataField" })

/**
 * A custom metadata field.
 *
 * @since 0.1.0
 * @category models
 */
export interface CustomMetadataField extends Schema.Schema.Type<typeof CustomMetadataField> {}

/**
 * The response of `getCustomMetadataFields` (OpenAPI `list-all-fields` 200).
 *
 * @since 0.1.0
 * @category responses
 */
export const GetCustomMetadataFieldsResponse = Schema.Array(CustomMetadataField)

/**
 * The response of `getCustomMetadataFields`.
 *
 * @since 0.1.0
 * @category responses
 */
export type GetCustomMetadataFieldsResponse = ReadonlyArray<CustomMetadataField>

// -------------------------------------------------------------------------------------------------------------
// account: usage
// -------------------------------------------------------------------------------------------------------------

/**
 * The response of `getUsage` (OpenAPI `get-usage` 200): what the account used from `startDate` up to, not
 * including, `endDate`. Each figure is absent when the API has none.
 *
 * @since 0.1.0
 * @category responses
 */
export const Usage = Generated.GetUsageResponse.annotations({ identifier: "Usage" })

/**
 * The response of `getUsage`.
 *
 * @since 0.1.0
 * @category responses
 */
export interface Usage extends Schema.Schema.Type<typeof Usage> {}

/**
 * One row of a usage analytics ranking: a name (a browser, a URL, a content type, …) with its bandwidth and
 * request count. Country rows also have their ISO `code`.
 *
 * @since 0.1.0
 * @category models
 */
export const TrafficEntry = Schema.Struct({
  name: Schema.String,
  bandwidthBytes: Schema.Number,
  requestCount: Schema.Number,
  code: optionalKey(Schema.String)
}).annotations({ identifier: "TrafficEntry" })

/**
 * One row of a usage analytics ranking.
 *
 * @since 0.1.0
 * @category models
 */
export interface TrafficEntry extends Schema.Schema.Type<typeof TrafficEntry> {}

/**
 * A usage analytics ranking, the same rows sorted two ways: by bandwidth and by request count.
 *
 * @since 0.1.0
 * @category models
 */
export const TrafficRanking = Schema.Struct({
  byBandwidth: Schema.Array(TrafficEntry),
  byRequests: Schema.Array(TrafficEntry)
}).annotations({ identifier: "TrafficRanking" })

/**
 * A usage analytics ranking.
 *
 * @since 0.1.0
 * @category models
 */
export interface TrafficRanking extends Schema.Schema.Type<typeof TrafficRanking> {}

/**
 * A request count by name (an HTTP status, an origin error reason, a URL that answered 404).
 *
 * @since 0.1.0
 * @category models
 */
export const RequestCount = Schema.Struct({ name: Schema.String, requestCount: Schema.Number }).annotations({
  identifier: "RequestCount"
})

/**
 * A request count by name.
 *
 * @since 0.1.0
 * @category models
 */
export interface RequestCount extends Schema.Schema.Type<typeof RequestCount> {}

/**
 * The response of `getUsageAnalytics` (`GET /v1/accounts/usage-analytics`, in beta): CDN traffic of the account
 * from `startDate` to `endDate`, both included (UTC days). Newer than the vendored OpenAPI file: written from
 * ImageKit's API reference and the types of `@imagekit/nodejs@7.11`. `generatedAt` says how fresh the figures are
 * (ImageKit caches them for 5 minutes). Extension and video figures are raw counts, not billable units (see
 * {@link Usage}).
 *
 * @since 0.1.0
 * @category responses
 */
export const UsageAnalytics = Schema.Struct({
  startDate: Schema.String,
  endDate: Schema.String,
  generatedAt: Schema.String,
  bandwidthBytes: Schema.Number,
  requestCount: Schema.Number,
  cache: Schema.Struct({ hitCount: Schema.Number, missCount: Schema.Number, errorCount: Schema.Number }),
  statusCodes: Schema.Array(RequestCount),
  errorReasons: Schema.Array(RequestCount),
  top404Assets: Schema.Array(RequestCount),
  browser: TrafficRanking,
  country: TrafficRanking,
  device: TrafficRanking,
  format: TrafficRanking,
  topImages: TrafficRanking,
  topVideos: TrafficRanking,
  topOtherAssets: TrafficRanking,
  topImageTransforms: TrafficRanking,
  topVideoTransforms: TrafficRanking,
  topReferrers: TrafficRanking,
  topUserAgents: TrafficRanking,
  urlEndpoints: TrafficRanking,
  extensions: Schema.Array(Schema.Struct({ name: Schema.String, operationCount: Schema.Number })),
  videoProcessing: Schema.Array(
    Schema.Struct({ resolution: Schema.String, codec: Schema.String, durationSeconds: Schema.Number })
  )
}).annotations({ identifier: "UsageAnalytics" })

/**
 * The response of `getUsageAnalytics`.
 *
 * @since 0.1.0
 * @category responses
 */
export interface UsageAnalytics extends Schema.Schema.Type<typeof UsageAnalytics> {}

// -------------------------------------------------------------------------------------------------------------
// origins
// -------------------------------------------------------------------------------------------------------------

// The generated union has one member per origin type of the spec (S3, S3_COMPATIBLE, CLOUDINARY_BACKUP,
// WEB_FOLDER, WEB_PROXY, GCS, AZURE_BLOB, AKENEO_PIM); each gets a branded id.
const origins = Generated.OriginResponse.members
const withOriginId = <Fields extends Schema.Struct.Fields>(member: Schema.Struct<Fields>) =>
  Schema.Struct({ ...member.fields, id: OriginId })

/**
 * An origin of a type this SDK does not know yet: its `id`, `name` and `type`, and every other field as sent.
 *
 * @since 0.1.0
 * @category models
 */
export const OtherOrigin = Schema.Struct(
  {
    id: OriginId,
    name: Schema.String,
    type: otherThan(...OriginType.members[0].literals)
  },
  OtherKeys
).annotations({ identifier: "OtherOrigin" })

/**
 * An origin of a type this SDK does not know yet.
 *
 * @since 0.1.0
 * @category models
 */
export interface OtherOrigin extends Schema.Schema.Type<typeof OtherOrigin> {}

/**
 * An origin as the API answers it (OpenAPI `OriginResponse`, secrets removed): a union on `type`. A type added later
 * decodes as {@link OtherOrigin}, so `origin.type === "S3"` does not narrow (TypeScript narrows only unions of
 * literals): use {@link hasType}, or {@link OriginOf} for the type of one kind.
 *
 * @example
 * ```ts
 * import { Schemas } from "@effect-imagekit/sdk"
 * import { Schema } from "effect"
 *
 * const origin = Schema.decodeUnknownSync(Schemas.Origin, Schemas.decodeOptions)({
 *   id: "origin-1",
 *   type: "S3",
 *   name: "Product images",
 *   bucket: "products",
 *   prefix: "raw",
 *   includeCanonicalHeader: false
 * })
 * if (Schemas.hasType(origin, "S3")) console.log(origin.bucket) // "products"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const Origin = Schema.Union(
  withOriginId(origins[0]),
  withOriginId(origins[1]),
  withOriginId(origins[2]),
  withOriginId(origins[3]),
  withOriginId(origins[4]),
  withOriginId(origins[5]),
  withOriginId(origins[6]),
  withOriginId(origins[7]),
  OtherOrigin
).annotations({ identifier: "Origin" })

/**
 * An origin as the API answers it.
 *
 * @since 0.1.0
 * @category models
 */
export type Origin = typeof Origin.Type

/**
 * The origin of one `type`, e.g. `OriginOf<"S3">` (with `bucket`, `prefix`, `useIAMRole`).
 *
 * @since 0.1.0
 * @category models
 */
export type OriginOf<Type extends Origin["type"]> = Extract<Origin, { readonly type: Type }>

/**
 * The response of `listOrigins`.
 *
 * @since 0.1.0
 * @category responses
 */
export const ListOriginsResponse = Schema.Array(Origin)

/**
 * The response of `listOrigins`.
 *
 * @since 0.1.0
 * @category responses
 */
export type ListOriginsResponse = ReadonlyArray<Origin>

// -------------------------------------------------------------------------------------------------------------
// URL endpoints
// -------------------------------------------------------------------------------------------------------------

const generatedRewriters = Generated.UrlEndpointResponse.fields.urlRewriter.from.members

/**
 * A URL rewriter of a type this SDK does not know yet.
 *
 * @since 0.1.0
 * @category models
 */
export const OtherUrlRewriter = Schema.Struct(
  { type: otherThan("CLOUDINARY", "IMGIX", "AKAMAI") },
  OtherKeys
).annotations({ identifier: "OtherUrlRewriter" })

/**
 * A URL rewriter of a type this SDK does not know yet.
 *
 * @since 0.1.0
 * @category models
 */
export interface OtherUrlRewriter extends Schema.Schema.Type<typeof OtherUrlRewriter> {}

/**
 * How a URL endpoint rewrites URLs of another service into ImageKit's: `CLOUDINARY` (with
 * `preserveAssetDeliveryTypes`), `IMGIX` or `AKAMAI`. A union on `type`; a type added later decodes as
 * {@link OtherUrlRewriter}.
 *
 * @since 0.1.0
 * @category models
 */
export const UrlRewriter = Schema.Union(...generatedRewriters, OtherUrlRewriter).annotations({
  identifier: "UrlRewriter"
})

/**
 * How a URL endpoint rewrites URLs of another service.
 *
 * @since 0.1.0
 * @category models
 */
export type UrlRewriter = typeof UrlRewriter.Type

/**
 * A URL endpoint (OpenAPI `UrlEndpointResponse`): a URL prefix, the origins tried in order for files the media
 * library does not have, and an optional {@link UrlRewriter}. The default endpoint has the id `default` and an empty
 * prefix.
 *
 * @since 0.1.0
 * @category models
 */
export const UrlEndpoint = Schema.Struct({
  ...Generated.UrlEndpointResponse.fields,
  id: UrlEndpointId,
  origins: Schema.Array(OriginId),
  urlRewriter: optionalKey(UrlRewriter)
}).annotations({ identifier: "UrlEndpoint" })

/**
 * A URL endpoint.
 *
 * @since 0.1.0
 * @category models
 */
export interface UrlEndpoint extends Schema.Schema.Type<typeof UrlEndpoint> {}

/**
 * The response of `listUrlEndpoints`, the default endpoint included.
 *
 * @since 0.1.0
 * @category responses
 */
export const ListUrlEndpointsResponse = Schema.Array(UrlEndpoint)

/**
 * The response of `listUrlEndpoints`.
 *
 * @since 0.1.0
 * @category responses
 */
export type ListUrlEndpointsResponse = ReadonlyArray<UrlEndpoint>

// -------------------------------------------------------------------------------------------------------------
// saved extensions
// -------------------------------------------------------------------------------------------------------------

/**
 * An AI task of a type this SDK does not know yet.
 *
 * @since 0.1.0
 * @category models
 */
export const OtherAITask = Schema.Struct(
  { type: otherThan("select_tags", "select_metadata", "yes_no") },
  OtherKeys
).annotations({ identifier: "OtherAITask" })

/**
 * An AI task of a type this SDK does not know yet.
 *
 * @since 0.1.0
 * @category models
 */
export interface OtherAITask extends Schema.Schema.Type<typeof OtherAITask> {}

/**
 * One task of the `ai-tasks` extension (OpenAPI `AITaskSelectTags`, `AITaskSelectMetadata`, `AITaskYesNo`): a union
 * on `type`; a type added later decodes as {@link OtherAITask}.
 *
 * @since 0.1.0
 * @category models
 */
export const AITask = Schema.Union(
  Generated.AITaskSelectTags,
  Generated.AITaskSelectMetadata,
  Generated.AITaskYesNo,
  OtherAITask
).annotations({ identifier: "AITask" })

/**
 * One task of the `ai-tasks` extension.
 *
 * @since 0.1.0
 * @category models
 */
export type AITask = typeof AITask.Type

/**
 * An extension of a name this SDK does not know yet.
 *
 * @since 0.1.0
 * @category models
 */
export const OtherExtensionConfig = Schema.Struct(
  { name: otherThan("remove-bg", "google-auto-tagging", "aws-auto-tagging", "ai-auto-description", "ai-tasks") },
  OtherKeys
).annotations({ identifier: "OtherExtensionConfig" })

/**
 * An extension of a name this SDK does not know yet.
 *
 * @since 0.1.0
 * @category models
 */
export interface OtherExtensionConfig extends Schema.Schema.Type<typeof OtherExtensionConfig> {}

/**
 * The extension a saved extension applies (OpenAPI `ExtensionConfig`): a union on `name` (`remove-bg`,
 * `google-auto-tagging`, `aws-auto-tagging`, `ai-auto-description`, `ai-tasks`); a name added later decodes as
 * {@link OtherExtensionConfig}.
 *
 * @since 0.1.0
 * @category models
 */
export const ExtensionConfig = Schema.Union(
  Generated.RemovedotBGExtension,
  Schema.Struct({
    ...Generated.AutoTaggingExtension.fields,
    name: Schema.Literal("google-auto-tagging", "aws-auto-tagging")
  }),
  Generated.AutoDescriptionExtension,
  Schema.Struct({ ...Generated.AITasksExtension.fields, tasks: Schema.Array(AITask) }),
  OtherExtensionConfig
).annotations({ identifier: "ExtensionConfig" })

/**
 * The extension a saved extension applies.
 *
 * @since 0.1.0
 * @category models
 */
export type ExtensionConfig = typeof ExtensionConfig.Type

/**
 * A saved extension (OpenAPI `SavedExtension`): an extension configuration kept under a name, applied on upload or
 * update with `{ name: "saved-extension", id }`.
 *
 * @since 0.1.0
 * @category models
 */
export const SavedExtension = Schema.Struct({
  ...Generated.SavedExtension.fields,
  id: SavedExtensionId,
  name: Schema.String,
  config: ExtensionConfig
}).annotations({ identifier: "SavedExtension" })

/**
 * A saved extension.
 *
 * @since 0.1.0
 * @category models
 */
export interface SavedExtension extends Schema.Schema.Type<typeof SavedExtension> {}

/**
 * The response of `listSavedExtensions`.
 *
 * @since 0.1.0
 * @category responses
 */
export const ListSavedExtensionsResponse = Schema.Array(SavedExtension)

/**
 * The response of `listSavedExtensions`.
 *
 * @since 0.1.0
 * @category responses
 */
export type ListSavedExtensionsResponse = ReadonlyArray<SavedExtension>

// -------------------------------------------------------------------------------------------------------------
// named transformations (newer than the vendored spec)
// -------------------------------------------------------------------------------------------------------------

/**
 * A named transformation (`/v1/named-transformations`): a transformation string under a name that delivery URLs use
 * as `tr:n-<name>`, so the transformation can change without changing the URLs. Newer than the vendored OpenAPI
 * file: written from ImageKit's API reference and the types of `@imagekit/nodejs@7.11`. While `enabled` is `false`,
 * URLs that use it fail.
 *
 * @example
 * ```ts
 * import { Schemas } from "@effect-imagekit/sdk"
 * import { Schema } from "effect"
 *
 * const named = Schema.decodeUnknownSync(Schemas.NamedTransformation, Schemas.decodeOptions)({
 *   id: "6bZ9x2ZUx",
 *   name: "small_thumbnail",
 *   transformation: "w-150,h-150,fo-center,cm-pad_resize",
 *   enabled: true,
 *   createdAt: "2026-01-05T10:00:00.000Z"
 * })
 * console.log(`tr:n-${named.name}`) // "tr:n-small_thumbnail"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const NamedTransformation = Schema.Struct({
  id: NamedTransformationId,
  name: Schema.String,
  transformation: Schema.String,
  enabled: Schema.Boolean,
  createdAt: Schema.String
}).annotations({ identifier: "NamedTransformation" })

/**
 * A named transformation.
 *
 * @since 0.1.0
 * @category models
 */
export interface NamedTransformation extends Schema.Schema.Type<typeof NamedTransformation> {}

/**
 * The response of `listNamedTransformations`.
 *
 * @since 0.1.0
 * @category responses
 */
export const ListNamedTransformationsResponse = Schema.Array(NamedTransformation)

/**
 * The response of `listNamedTransformations`.
 *
 * @since 0.1.0
 * @category responses
 */
export type ListNamedTransformationsResponse = ReadonlyArray<NamedTransformation>
