/**
 * Schemas of the ImageKit API responses, written from ImageKit's OpenAPI description (`components/schemas`
 * and the responses of each path), plus branded ids.
 *
 * The schemas are tolerant, because the server owns the data and may add to it at any time:
 * - decode with {@link decodeOptions}, which keeps fields the server sends and the schema does not list;
 * - enums the server owns (`type`, `fileType`, job `status`, extension states, …) are open: the known values
 *   are typed (and completed by editors), and any other string still decodes;
 * - fields the API sends as `null` (`tags`, `AITags`, `customCoordinates`, `versionInfo`, `thumbnail`,
 *   `embeddedMetadata`, …) accept `null` and keep it, so a decoded response says `null` where the server did;
 * - fields that are absent for some files (`width`/`height` of non-images, the video fields, the fields an
 *   upload returns only when asked through `responseFields`) are optional;
 * - dates stay ISO 8601 strings: decoding transforms nothing, and encoding gives the same JSON back.
 *
 * | operation | schema |
 * | --- | --- |
 * | `upload` | {@link UploadResponse} |
 * | `listFiles` | {@link ListFilesResponse} (items: {@link ListItem} = {@link Folder} or {@link File}) |
 * | `getFileDetails`, `getFileVersionDetails`, `restoreFileVersion` | {@link File} |
 * | `getFileVersions` | {@link GetFileVersionsResponse} |
 * | `updateFileDetails` | {@link UpdateFileDetailsResponse} |
 * | `getFileMetadata` | {@link Metadata} |
 * | `bulkAddTags`, `bulkRemoveTags`, `bulkRemoveAITags` | {@link BulkTagsResponse} |
 * | `bulkDeleteFiles` | {@link BulkDeleteFilesResponse} |
 * | `copyFile`, `moveFile`, `createFolder` | {@link EmptyResponse} |
 * | `renameFile` | {@link RenameFileResponse} |
 * | `copyFolder`, `moveFolder` | {@link BulkJobResponse} |
 * | `getBulkJobStatus` | {@link BulkJobStatusResponse} |
 * | `purgeCache` | {@link PurgeCacheResponse} |
 * | `getPurgeCacheStatus` | {@link PurgeCacheStatusResponse} |
 * | `createCustomMetadataField`, `updateCustomMetadataField` | {@link CustomMetadataField} |
 * | `getCustomMetadataFields` | {@link GetCustomMetadataFieldsResponse} |
 *
 * `deleteFile`, `deleteFileVersion`, `deleteFolder` and `deleteCustomMetadataField` answer with an empty body
 * and have no schema: the client returns `void` for them.
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
import { OtherKeys, openLiteral, optionalKey, optionalNullable, UnknownRecord } from "./internal/schemas.js"

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
    if (!Array.isArray(value) && Object.hasOwn(value, "__proto__")) return true
    for (const child of Object.values(value)) pending.push(child)
  }
  return false
}

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
export const decodeResponse =
  <A, I>(schema: Schema.Schema<A, I>) =>
  (json: unknown): Either.Either<A, ParseResult.ParseError> => {
    const decoded = Schema.decodeUnknownEither(schema, decodeOptions)(json)
    if (Either.isRight(decoded) && hasProtoKey(json)) restorePrototypes(decoded.right)
    return decoded
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

// -------------------------------------------------------------------------------------------------------------
// parts of files
// -------------------------------------------------------------------------------------------------------------

/**
 * A tag added by an auto-tagging extension (OpenAPI `AITag`).
 *
 * @since 0.1.0
 * @category models
 */
export const AITag = Schema.Struct({
  name: Schema.String,
  confidence: optionalKey(Schema.Number),
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
export const VersionInfo = Schema.Struct({
  id: VersionId,
  name: Schema.String
}).annotations({ identifier: "VersionInfo" })

/**
 * The id and name of a file version.
 *
 * @since 0.1.0
 * @category models
 */
export interface VersionInfo extends Schema.Schema.Type<typeof VersionInfo> {}

/**
 * Custom metadata of a file or folder (OpenAPI `CustomMetadata`): field name → value. The values have the
 * types of the fields (string, number, boolean, or an array for `MultiSelect`) and are left `unknown`.
 *
 * @since 0.1.0
 * @category models
 */
export const CustomMetadata = UnknownRecord.annotations({ identifier: "CustomMetadata" })

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
export const EmbeddedMetadata = UnknownRecord.annotations({ identifier: "EmbeddedMetadata" })

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
export const CustomMetadataFieldSchema = Schema.Struct({
  type: CustomMetadataFieldType,
  selectOptions: optionalKey(Schema.Array(CustomMetadataScalar)),
  defaultValue: optionalKey(Schema.Union(CustomMetadataScalar, Schema.Array(CustomMetadataScalar))),
  isValueRequired: optionalKey(Schema.Boolean),
  minValue: optionalKey(Schema.Union(Schema.String, Schema.Number)),
  maxValue: optionalKey(Schema.Union(Schema.String, Schema.Number)),
  minLength: optionalKey(Schema.Number),
  maxLength: optionalKey(Schema.Number)
}).annotations({ identifier: "CustomMetadataFieldSchema" })

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
export const SelectedFieldSchema = Schema.Struct({
  ...CustomMetadataFieldSchema.fields,
  selectOptionsTruncated: optionalKey(Schema.Boolean),
  readOnly: optionalKey(Schema.Boolean)
}).annotations({ identifier: "SelectedFieldSchema" })

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
// metadata
// -------------------------------------------------------------------------------------------------------------

/**
 * The `image` block of {@link Exif} (OpenAPI `ExifImage`). The usual tags are typed; any other tag is kept.
 *
 * @since 0.1.0
 * @category models
 */
export const ExifImage = Schema.Struct(
  {
    Make: optionalKey(Schema.String),
    Model: optionalKey(Schema.String),
    ImageDescription: optionalKey(Schema.String),
    Artist: optionalKey(Schema.String),
    Copyright: optionalKey(Schema.String),
    Orientation: optionalKey(Schema.Number),
    XResolution: optionalKey(Schema.Number),
    YResolution: optionalKey(Schema.Number),
    ResolutionUnit: optionalKey(Schema.Number),
    Software: optionalKey(Schema.String),
    ModifyDate: optionalKey(Schema.String),
    YCbCrPositioning: optionalKey(Schema.Number),
    ExifOffset: optionalKey(Schema.Number),
    GPSInfo: optionalKey(Schema.Number)
  },
  OtherKeys
).annotations({ identifier: "ExifImage" })

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
export const ExifThumbnail = Schema.Struct(
  {
    Compression: optionalKey(Schema.Number),
    XResolution: optionalKey(Schema.Number),
    YResolution: optionalKey(Schema.Number),
    ResolutionUnit: optionalKey(Schema.Number),
    ThumbnailOffset: optionalKey(Schema.Number),
    ThumbnailLength: optionalKey(Schema.Number)
  },
  OtherKeys
).annotations({ identifier: "ExifThumbnail" })

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
export const ExifDetails = Schema.Struct(
  {
    ExposureTime: optionalKey(Schema.Number),
    FNumber: optionalKey(Schema.Number),
    ExposureProgram: optionalKey(Schema.Number),
    ISO: optionalKey(Schema.Number),
    ExifVersion: optionalKey(Schema.String),
    DateTimeOriginal: optionalKey(Schema.String),
    CreateDate: optionalKey(Schema.String),
    ShutterSpeedValue: optionalKey(Schema.Number),
    ApertureValue: optionalKey(Schema.Number),
    ExposureCompensation: optionalKey(Schema.Number),
    MeteringMode: optionalKey(Schema.Number),
    Flash: optionalKey(Schema.Number),
    BrightnessValue: optionalKey(Schema.Number),
    MaxApertureValue: optionalKey(Schema.Number),
    LightSource: optionalKey(Schema.Number),
    FocalLength: optionalKey(Schema.Number),
    UserComment: optionalKey(Schema.String),
    SensingMethod: optionalKey(Schema.Number),
    SceneType: optionalKey(Schema.String),
    FocalLengthIn35mmFormat: optionalKey(Schema.Number),
    LensModel: optionalKey(Schema.String),
    SubSecTime: optionalKey(Schema.String),
    FlashpixVersion: optionalKey(Schema.String),
    ColorSpace: optionalKey(Schema.Number),
    ExifImageWidth: optionalKey(Schema.Number),
    ExifImageHeight: optionalKey(Schema.Number),
    InteropOffset: optionalKey(Schema.Number),
    FocalPlaneXResolution: optionalKey(Schema.Number),
    FocalPlaneYResolution: optionalKey(Schema.Number),
    FocalPlaneResolutionUnit: optionalKey(Schema.Number),
    CustomRendered: optionalKey(Schema.Number),
    ExposureMode: optionalKey(Schema.Number),
    WhiteBalance: optionalKey(Schema.Number),
    SceneCaptureType: optionalKey(Schema.Number)
  },
  OtherKeys
).annotations({ identifier: "ExifDetails" })

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
export const ExifGps = Schema.Struct(
  {
    GPSVersionID: optionalKey(Schema.Array(Schema.Number)),
    GPSLatitudeRef: optionalKey(Schema.String),
    GPSLatitude: optionalKey(Schema.Array(Schema.Number)),
    GPSLongitudeRef: optionalKey(Schema.String),
    GPSLongitude: optionalKey(Schema.Array(Schema.Number)),
    GPSAltitudeRef: optionalKey(Schema.Number),
    GPSAltitude: optionalKey(Schema.Number),
    GPSTimeStamp: optionalKey(Schema.Array(Schema.Number)),
    GPSImgDirectionRef: optionalKey(Schema.String),
    GPSImgDirection: optionalKey(Schema.Number),
    GPSDateStamp: optionalKey(Schema.String)
  },
  OtherKeys
).annotations({ identifier: "ExifGps" })

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
export const ExifInteroperability = Schema.Struct(
  {
    InteropIndex: optionalKey(Schema.String),
    InteropVersion: optionalKey(Schema.String)
  },
  OtherKeys
).annotations({ identifier: "ExifInteroperability" })

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
export const Exif = Schema.Struct({
  image: optionalKey(ExifImage),
  thumbnail: optionalKey(ExifThumbnail),
  exif: optionalKey(ExifDetails),
  gps: optionalKey(ExifGps),
  interoperability: optionalKey(ExifInteroperability),
  makernote: optionalKey(UnknownRecord)
}).annotations({ identifier: "Exif" })

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
export const Metadata = Schema.Struct({
  height: optionalKey(Schema.Number),
  width: optionalKey(Schema.Number),
  size: optionalKey(Schema.Number),
  format: optionalKey(Schema.String),
  hasColorProfile: optionalKey(Schema.Boolean),
  quality: optionalKey(Schema.Number),
  density: optionalKey(Schema.Number),
  hasTransparency: optionalKey(Schema.Boolean),
  pHash: optionalKey(Schema.String),
  bitRate: optionalKey(Schema.Number),
  duration: optionalKey(Schema.Number),
  audioCodec: optionalKey(Schema.String),
  videoCodec: optionalKey(Schema.String),
  exif: optionalKey(Exif)
}).annotations({ identifier: "Metadata" })

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
  fileId: FileId,
  type: AssetType,
  name: Schema.String,
  filePath: Schema.String,
  tags: optionalNullable(Schema.Array(Schema.String)),
  AITags: optionalNullable(Schema.Array(AITag)),
  versionInfo: optionalNullable(VersionInfo),
  isPrivateFile: Schema.Boolean,
  isPublished: optionalKey(Schema.Boolean),
  customCoordinates: optionalNullable(Schema.String),
  url: Schema.String,
  thumbnail: optionalNullable(Schema.String),
  fileType: FileType,
  mime: optionalKey(Schema.String),
  width: optionalKey(Schema.Number),
  height: optionalKey(Schema.Number),
  size: Schema.Number,
  bitRate: optionalKey(Schema.Number),
  duration: optionalKey(Schema.Number),
  audioCodec: optionalKey(Schema.String),
  videoCodec: optionalKey(Schema.String),
  hasAlpha: optionalKey(Schema.Boolean),
  customMetadata: optionalKey(CustomMetadata),
  selectedFieldsSchema: optionalKey(SelectedFieldsSchema),
  embeddedMetadata: optionalNullable(EmbeddedMetadata),
  description: optionalKey(Schema.String),
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
  fileId: FileId,
  name: Schema.String,
  filePath: Schema.String,
  url: Schema.String,
  thumbnailUrl: optionalNullable(Schema.String),
  height: optionalKey(Schema.Number),
  width: optionalKey(Schema.Number),
  size: Schema.Number,
  bitRate: optionalKey(Schema.Number),
  duration: optionalKey(Schema.Number),
  audioCodec: optionalKey(Schema.String),
  videoCodec: optionalKey(Schema.String),
  tags: optionalNullable(Schema.Array(Schema.String)),
  AITags: optionalNullable(Schema.Array(AITag)),
  versionInfo: optionalNullable(VersionInfo),
  isPrivateFile: optionalKey(Schema.Boolean),
  isPublished: optionalKey(Schema.Boolean),
  customCoordinates: optionalNullable(Schema.String),
  fileType: FileType,
  customMetadata: optionalKey(CustomMetadata),
  selectedFieldsSchema: optionalKey(SelectedFieldsSchema),
  extensionStatus: optionalKey(ExtensionStatus),
  metadata: optionalKey(Metadata),
  embeddedMetadata: optionalNullable(EmbeddedMetadata),
  description: optionalKey(Schema.String)
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
export const UploadAcceptedResponse = Schema.Struct({
  message: optionalKey(Schema.String)
}).annotations({ identifier: "UploadAcceptedResponse" })

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
 * `updateCustomMetadataField`, and the items of `getCustomMetadataFields`.
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
  id: CustomMetadataFieldId,
  name: Schema.String,
  label: Schema.String,
  schema: CustomMetadataFieldSchema
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
