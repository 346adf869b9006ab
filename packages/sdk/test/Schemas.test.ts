import { assert, describe, it } from "@effect/vitest"
import { expectTypeOf } from "vitest"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Schemas from "../src/Schemas.js"
import { answerSchemas } from "./fixtures/answers.js"
import {
  bulkJob,
  bulkJobStatus,
  customMetadataField,
  customMetadataFields,
  fileDetails,
  fileVersionDetails,
  folder,
  purgeCache,
  purgeStatus,
  renamePurged,
  uploadImage
} from "./fixtures/samples.js"

// Samples. "spec N" is the line of /work/shared/reference/imagekit-openapi-v1.yaml the sample is copied from.

// spec 1907: restore-file-version 200 example (also the first item of the examples at spec 1023 and 1613)
const currentVersion = {
  fileId: "598821f949c0a938d57563bd",
  type: "file",
  name: "file.jpg",
  filePath: "/images/products/file.jpg",
  tags: ["t-shirt", "round-neck", "sale2019"],
  AITags: [
    { name: "Shirt", confidence: 90.12, source: "google-auto-tagging" },
    { name: "T-shirt", confidence: 80.12, source: "aws-auto-tagging" }
  ],
  versionInfo: { id: "598821f949c0a938d57563bd", name: "Version 2" },
  isPrivateFile: false,
  customCoordinates: null,
  url: "https://ik.imagekit.io/your_imagekit_id/images/products/file.jpg?updatedAt=1566630881313",
  thumbnail:
    "https://ik.imagekit.io/your_imagekit_id/images/products/file.jpg?updatedAt=1566630881313&tr=n-ik_ml_thumbnail",
  fileType: "image",
  mime: "image/jpeg",
  width: 100,
  height: 100,
  size: 100,
  hasAlpha: false,
  customMetadata: { brand: "Nike", color: "red" },
  createdAt: "2019-08-24T06:14:41.313Z",
  updatedAt: "2019-08-24T06:14:41.313Z"
}

// spec 1023: list-and-search-assets 200 example
const listFiles = [currentVersion, fileVersionDetails, folder]

// spec 1613: list-file-versions 200 example
const fileVersions = [currentVersion, fileVersionDetails]

// spec 608: update-file-details 200 example
const updatedFile = {
  fileId: "598821f949c0a938d57563bd",
  type: "file",
  name: "file1.jpg",
  filePath: "/images/products/file.jpg",
  isPublished: true,
  tags: ["t-shirt", "round-neck", "sale2019"],
  AITags: [
    { name: "Shirt", confidence: 90.12, source: "google-auto-tagging" },
    { name: "T-shirt", confidence: 80.12, source: "aws-auto-tagging" }
  ],
  versionInfo: { id: "598821f949c0a938d57563bd", name: "Version 1" },
  isPrivateFile: false,
  customCoordinates: null,
  url: "https://ik.imagekit.io/your_imagekit_id/images/products/file.jpg?updatedAt=1566630881313",
  thumbnail:
    "https://ik.imagekit.io/your_imagekit_id/images/products/file.jpg?updatedAt=1566630881313&tr=n-ik_ml_thumbnail",
  fileType: "image",
  mime: "image/jpeg",
  width: 100,
  height: 100,
  size: 100,
  hasAlpha: false,
  customMetadata: { brand: "Nike", color: "red" },
  createdAt: "2019-08-24T06:14:41.313Z",
  updatedAt: "2019-08-24T06:14:41.313Z",
  extensionStatus: {
    "google-auto-tagging": "success",
    "remove-bg": "pending",
    "ai-auto-description": "success",
    "ai-tasks": "success"
  }
}

// spec 8467: components/examples/UploadResonseVideo
const uploadVideo = {
  fileId: "6673f99b37b244ef54d98f11",
  name: "test-video.mp4",
  size: 1378305,
  versionInfo: { id: "6673f99b37b244ef54d98f11", name: "Version 1" },
  filePath: "/test-video.mp4",
  url: "https://ik.imagekit.io/demo/test-video.mp4",
  height: 720,
  width: 720,
  bitRate: 1453966,
  duration: 7,
  audioCodec: "aac",
  videoCodec: "h264",
  fileType: "non-image",
  metadata: {
    height: 720,
    width: 720,
    bitRate: 1453966,
    duration: 7,
    audioCodec: "aac",
    videoCodec: "h264",
    size: 1378305
  }
}

// spec 8071: components/examples/UploadResponseWithEmbeddedMetadata (embeddedMetadata shortened to a few keys of
// each kind: strings, numbers, arrays of strings and of numbers)
const uploadEmbedded = {
  fileId: "6673f88237b244ef54d60180",
  name: "test-image.jpg",
  size: 117079,
  versionInfo: { id: "6673f88237b244ef54d60180", name: "Version 1" },
  filePath: "/test-image.jpg",
  url: "https://ik.imagekit.io/demo/test-image.jpg",
  fileType: "image",
  height: 500,
  width: 1000,
  orientation: 1,
  thumbnailUrl: "https://ik.imagekit.io/demo/tr:n-ik_ml_thumbnail/test-image.jpg",
  AITags: null,
  metadata: {
    height: 500,
    width: 1000,
    size: 117079,
    format: "jpg",
    hasColorProfile: false,
    quality: 0,
    density: 72,
    hasTransparency: false,
    exif: {
      image: {
        ImageDescription: "The description aka caption (ref2019.1)",
        Orientation: 1,
        XResolution: 72,
        YResolution: 72,
        ResolutionUnit: 2,
        Artist: "Creator1 (ref2019.1)",
        YCbCrPositioning: 1,
        Copyright: "Copyright (Notice) 2019.1 IPTC - www.iptc.org  (ref2019.1)",
        ExifOffset: 260
      },
      thumbnail: {},
      exif: {
        ExifVersion: "0232",
        DateTimeOriginal: "2019:10:16 19:01:03",
        ComponentsConfiguration: "\u0001\u0002\u0003\u0000",
        FlashpixVersion: "0100",
        ColorSpace: 65535,
        ExifImageWidth: 1000,
        ExifImageHeight: 500
      },
      gps: {},
      interoperability: {},
      makernote: {}
    },
    pHash: "17949d3d3573ebca"
  },
  embeddedMetadata: {
    Orientation: "Horizontal (normal)",
    ExifVersion: "0232",
    XResolution: 72,
    DateTimeOriginal: "2019-10-16T19:01:03.000Z",
    SubjectReference: ["IPTC:1ref2019.1", "IPTC:2ref2019.1", "IPTC:3ref2019.1"],
    ApplicationRecordVersion: 4,
    ImageRegionBoundaryX: [0.31, 0.59],
    ModelAge: [25, 27, 30],
    ProductInImageGTIN: [123456782019.1],
    Rating: 1
  }
}

// spec 8491: components/examples/ImageMetadata
const imageMetadata = {
  height: 68,
  width: 100,
  size: 7749,
  format: "jpg",
  hasColorProfile: true,
  quality: 0,
  density: 72,
  hasTransparency: false,
  pHash: "f06830ca9f1e3e90",
  exif: {
    image: {
      Make: "Canon",
      Model: "Canon EOS 40D",
      Orientation: 1,
      XResolution: 72,
      YResolution: 72,
      ResolutionUnit: 2,
      Software: "GIMP 2.4.5",
      ModifyDate: "2008:07:31 10:38:11",
      YCbCrPositioning: 2,
      ExifOffset: 214,
      GPSInfo: 978
    },
    thumbnail: {
      Compression: 6,
      XResolution: 72,
      YResolution: 72,
      ResolutionUnit: 2,
      ThumbnailOffset: 1090,
      ThumbnailLength: 1378
    },
    exif: {
      ExposureTime: 0.00625,
      FNumber: 7.1,
      ExposureProgram: 1,
      ISO: 100,
      ExifVersion: "0221",
      DateTimeOriginal: "2008:05:30 15:56:01",
      CreateDate: "2008:05:30 15:56:01",
      ShutterSpeedValue: 7.375,
      ApertureValue: 5.625,
      ExposureCompensation: 0,
      MeteringMode: 5,
      Flash: 9,
      FocalLength: 135,
      SubSecTime: "00",
      SubSecTimeOriginal: "00",
      SubSecTimeDigitized: "00",
      FlashpixVersion: "0100",
      ColorSpace: 1,
      ExifImageWidth: 100,
      ExifImageHeight: 68,
      InteropOffset: 948,
      FocalPlaneXResolution: 4438.356164383562,
      FocalPlaneYResolution: 4445.969125214408,
      FocalPlaneResolutionUnit: 2,
      CustomRendered: 0,
      ExposureMode: 1,
      WhiteBalance: 0,
      SceneCaptureType: 0
    },
    gps: { GPSVersionID: [2, 2, 0, 0] },
    interoperability: { InteropIndex: "R98", InteropVersion: "0100" },
    makernote: {}
  }
}

// spec 8560: components/examples/VideoMetadata
const videoMetadata = {
  height: 720,
  width: 1280,
  bitRate: 546524,
  duration: 70,
  audioCodec: "aac",
  videoCodec: "h264",
  size: 23490
}

// spec 6484 and 6509: a MultiSelect field, built from the `example`s of CustomMetadataField (selectOptions, Mixed)
const multiSelectField = {
  id: "865421f949c0a835d57563de",
  name: "sizes",
  label: "Sizes",
  schema: {
    type: "MultiSelect",
    selectOptions: ["small", "medium", "large", 30, 40, true],
    defaultValue: [true, 10, "Hello"],
    isValueRequired: false
  }
}

// spec 2014 / 2027: add-tags-bulk 200 and 207 (no example in the spec; built from the schema)
const bulkTags = { successfullyUpdatedFileIds: ["598821f949c0a938d57563bd", "598821f949c0a938d57563be"] }
const bulkTagsPartial = {
  successfullyUpdatedFileIds: ["598821f949c0a938d57563bd"],
  errors: [{ fileId: "598821f949c0a938d57563be", error: "The requested file does not exist." }]
}

// spec 1206 / 1219: delete-multiple-files 200 and 207 (built from the schema; fileIds from the request example)
const bulkDelete = { successfullyDeletedFileIds: ["598821f949c0a938d57563bd", "598821f949c0a938d57563be"] }
const bulkDeletePartial = {
  successfullyDeletedFileIds: ["598821f949c0a938d57563bd"],
  errors: [{ fileId: "598821f949c0a938d57563be", error: "File is locked." }]
}

const renamePurgeFailed = {
  reason: "PURGE_FAILED",
  message:
    "File renamed successfully but we could not purge the CDN cache for old URL because of rate limits on purge API.",
  help: "For support kindly contact us at support@imagekit.io."
}

// spec 2851: bulk-job-status 207 example
const bulkJobPartial = {
  jobId: "5d5b1a9b4c8c4c0001f3e4a2",
  type: "RENAME_FOLDER",
  status: "Partial success",
  message: "Folder renamed successfully but purging cache on nested files failed.",
  help: "For support kindly contact us at support@imagekit.io."
}

interface Case {
  readonly name: string
  readonly schema: Schema.Schema.AnyNoContext
  readonly sample: unknown
}

/** One sample per model and per documented response variant. */
const cases: ReadonlyArray<Case> = [
  { name: "File (getFileDetails)", schema: Schemas.File, sample: fileDetails },
  { name: "File (getFileVersionDetails)", schema: Schemas.File, sample: fileVersionDetails },
  { name: "File (restoreFileVersion)", schema: Schemas.File, sample: currentVersion },
  { name: "FileVersion", schema: Schemas.FileVersion, sample: fileVersionDetails },
  { name: "Folder", schema: Schemas.Folder, sample: folder },
  { name: "ListItem (file)", schema: Schemas.ListItem, sample: currentVersion },
  { name: "ListItem (folder)", schema: Schemas.ListItem, sample: folder },
  { name: "ListFilesResponse", schema: Schemas.ListFilesResponse, sample: listFiles },
  { name: "GetFileVersionsResponse", schema: Schemas.GetFileVersionsResponse, sample: fileVersions },
  { name: "UpdateFileDetailsResponse", schema: Schemas.UpdateFileDetailsResponse, sample: updatedFile },
  { name: "UploadResponse (image)", schema: Schemas.UploadResponse, sample: uploadImage },
  { name: "UploadResponse (video)", schema: Schemas.UploadResponse, sample: uploadVideo },
  { name: "UploadResponse (embedded metadata)", schema: Schemas.UploadResponse, sample: uploadEmbedded },
  {
    name: "UploadAcceptedResponse",
    schema: Schemas.UploadAcceptedResponse,
    sample: { message: "The pre-transformation has been queued successfully." } // spec 147
  },
  { name: "Metadata (image)", schema: Schemas.Metadata, sample: imageMetadata },
  { name: "Metadata (video)", schema: Schemas.Metadata, sample: videoMetadata },
  { name: "Exif", schema: Schemas.Exif, sample: imageMetadata.exif },
  { name: "ExifImage", schema: Schemas.ExifImage, sample: imageMetadata.exif.image },
  { name: "ExifThumbnail", schema: Schemas.ExifThumbnail, sample: imageMetadata.exif.thumbnail },
  { name: "ExifDetails", schema: Schemas.ExifDetails, sample: imageMetadata.exif.exif },
  { name: "ExifGps", schema: Schemas.ExifGps, sample: imageMetadata.exif.gps },
  { name: "ExifInteroperability", schema: Schemas.ExifInteroperability, sample: imageMetadata.exif.interoperability },
  { name: "AITag", schema: Schemas.AITag, sample: fileDetails.AITags[0] },
  { name: "VersionInfo", schema: Schemas.VersionInfo, sample: fileDetails.versionInfo },
  { name: "CustomMetadata", schema: Schemas.CustomMetadata, sample: fileDetails.customMetadata },
  { name: "EmbeddedMetadata", schema: Schemas.EmbeddedMetadata, sample: uploadEmbedded.embeddedMetadata },
  { name: "ExtensionStatus", schema: Schemas.ExtensionStatus, sample: updatedFile.extensionStatus },
  {
    name: "SelectedFieldsSchema",
    schema: Schemas.SelectedFieldsSchema,
    sample: { brand: { ...multiSelectField.schema, selectOptionsTruncated: false, readOnly: true } } // spec 6001
  },
  { name: "CustomMetadataField", schema: Schemas.CustomMetadataField, sample: customMetadataField },
  { name: "CustomMetadataField (MultiSelect)", schema: Schemas.CustomMetadataField, sample: multiSelectField },
  { name: "CustomMetadataFieldSchema", schema: Schemas.CustomMetadataFieldSchema, sample: multiSelectField.schema },
  {
    name: "GetCustomMetadataFieldsResponse",
    schema: Schemas.GetCustomMetadataFieldsResponse,
    sample: customMetadataFields
  },
  { name: "BulkTagsResponse", schema: Schemas.BulkTagsResponse, sample: bulkTags },
  { name: "BulkTagsResponse (207)", schema: Schemas.BulkTagsResponse, sample: bulkTagsPartial },
  { name: "BulkFileError", schema: Schemas.BulkFileError, sample: bulkTagsPartial.errors[0] },
  { name: "BulkDeleteFilesResponse", schema: Schemas.BulkDeleteFilesResponse, sample: bulkDelete },
  { name: "BulkDeleteFilesResponse (207)", schema: Schemas.BulkDeleteFilesResponse, sample: bulkDeletePartial },
  { name: "EmptyResponse", schema: Schemas.EmptyResponse, sample: {} },
  { name: "RenameFileResponse (purged)", schema: Schemas.RenameFileResponse, sample: renamePurged },
  { name: "RenameFileResponse (no purge)", schema: Schemas.RenameFileResponse, sample: {} },
  { name: "RenameFileResponse (207)", schema: Schemas.RenameFileResponse, sample: renamePurgeFailed },
  { name: "BulkJobResponse", schema: Schemas.BulkJobResponse, sample: bulkJob },
  { name: "BulkJobStatusResponse", schema: Schemas.BulkJobStatusResponse, sample: bulkJobStatus },
  { name: "BulkJobStatusResponse (207)", schema: Schemas.BulkJobStatusResponse, sample: bulkJobPartial },
  { name: "PurgeCacheResponse", schema: Schemas.PurgeCacheResponse, sample: purgeCache },
  { name: "PurgeCacheStatusResponse", schema: Schemas.PurgeCacheStatusResponse, sample: purgeStatus }
]

const decode = <A, I>(schema: Schema.Schema<A, I>, input: unknown): A =>
  Schema.decodeUnknownSync(schema, Schemas.decodeOptions)(input)

/** The ParseError of a failed decode, or a test failure if decoding succeeded. */
const decodeError = <A, I>(schema: Schema.Schema<A, I>, input: unknown): ParseResult.ParseError => {
  const result = Schema.decodeUnknownEither(schema, Schemas.decodeOptions)(input)
  if (Either.isRight(result)) return assert.fail(`expected a ParseError, decoded ${JSON.stringify(result.right)}`)
  return result.left
}

/** Deep equality between a decoded value and the JSON it came from (their static types differ by the brands). */
const same = (actual: unknown, expected: unknown): void => assert.deepStrictEqual(actual, expected)

/**
 * Whether a value has an own `"__proto__"` key at any depth. Effect's `Schema.Record` and `onExcessProperty:
 * "preserve"` copy keys by assignment, which turns such a key into the prototype of the copy; the EXIF blocks (a
 * fixed tag table on the server) are exposed to it, so the round-trip property leaves those values out.
 */
const hasProtoKey = (value: unknown): boolean =>
  typeof value === "object" &&
  value !== null &&
  (Object.hasOwn(value, "__proto__") || Object.values(value).some(hasProtoKey))

const withoutKey = (record: Readonly<Record<string, unknown>>, key: string): Record<string, unknown> =>
  Object.fromEntries(Object.entries(record).filter(([k]) => k !== key))

describe("Schemas", () => {
  describe("every model decodes its OpenAPI sample, losing nothing", () => {
    for (const { name, sample, schema } of cases) {
      it(name, () => {
        assert.deepStrictEqual(Schema.decodeUnknownSync(schema, Schemas.decodeOptions)(sample), sample)
      })
    }
  })

  describe("decode then encode gives the sample back", () => {
    for (const { name, sample, schema } of cases) {
      it(name, () => {
        const decoded = Schema.decodeUnknownSync(schema, Schemas.decodeOptions)(sample)
        assert.deepStrictEqual(Schema.encodeSync(schema, Schemas.decodeOptions)(decoded), sample)
        // and with Effect's default options (extra keys dropped), decode ∘ encode ∘ decode is stable
        const plain = Schema.decodeUnknownSync(schema)(sample)
        assert.deepStrictEqual(Schema.decodeUnknownSync(schema)(Schema.encodeSync(schema)(plain)), plain)
      })
    }
  })

  describe("property: encode then decode is the identity on every model", () => {
    // Every schema an operation decodes with, and the folder a listing holds.
    const models: ReadonlyArray<readonly [string, Schema.Schema.AnyNoContext]> = [
      ...answerSchemas,
      ["Folder", Schemas.Folder]
    ]
    for (const [name, schema] of models) {
      it.prop(
        name,
        [schema],
        ([value]) => {
          FastCheck.pre(!hasProtoKey(value))
          const encoded = Schema.encodeSync(schema, Schemas.decodeOptions)(value)
          assert.deepStrictEqual(Schema.decodeUnknownSync(schema, Schemas.decodeOptions)(encoded), value)
        },
        { fastCheck: { numRuns: 50 } }
      )
    }
  })

  describe("decodeOptions", () => {
    it("is onExcessProperty: preserve", () => {
      assert.deepStrictEqual(Schemas.decodeOptions, { onExcessProperty: "preserve" })
    })

    it("keeps a field the schema does not list (the spec's own upload example has `orientation`)", () => {
      const uploaded = decode(Schemas.UploadResponse, uploadImage)
      assert.strictEqual(Reflect.get(uploaded, "orientation"), 1)
      // Effect's default would drop it
      assert.isFalse("orientation" in Schema.decodeUnknownSync(Schemas.UploadResponse)(uploadImage))
    })

    it("keeps unknown fields at every depth", () => {
      const input = {
        ...fileDetails,
        newTopLevel: { nested: [1, 2] },
        AITags: [{ name: "Shirt", confidence: 90.12, source: "google-auto-tagging", boundingBox: [0, 0, 1, 1] }],
        versionInfo: { id: "598821f949c0a938d57563bd", name: "Version 1", createdBy: "api" }
      }
      const file = decode(Schemas.File, input)
      same(file, input)
      assert.deepStrictEqual(Reflect.get(file, "newTopLevel"), { nested: [1, 2] })
      assert.deepStrictEqual(Reflect.get(file.AITags?.[0] ?? {}, "boundingBox"), [0, 0, 1, 1])
      assert.strictEqual(Reflect.get(file.versionInfo ?? {}, "createdBy"), "api")
    })

    it("keeps unknown fields inside list items, upload metadata and field schemas", () => {
      const list = [
        { ...folder, isLocked: true },
        { ...currentVersion, score: 0.5 }
      ]
      same(decode(Schemas.ListFilesResponse, list), list)
      const upload = { ...uploadVideo, metadata: { ...uploadVideo.metadata, frameRate: 30 } }
      same(decode(Schemas.UploadResponse, upload), upload)
      const field = { ...customMetadataField, deleted: false, schema: { ...customMetadataField.schema, unit: "EUR" } }
      same(decode(Schemas.CustomMetadataField, field), field)
      const status = { ...bulkJobStatus, progress: 40 }
      same(decode(Schemas.BulkJobStatusResponse, status), status)
      assert.deepStrictEqual(decode(Schemas.EmptyResponse, { note: "x" }), { note: "x" })
    })

    it("EXIF blocks and extension states keep extra keys even without decodeOptions (open by design)", () => {
      const exif = Schema.decodeUnknownSync(Schemas.ExifDetails)(imageMetadata.exif.exif)
      assert.strictEqual(exif.SubSecTimeOriginal, "00")
      const states = Schema.decodeUnknownSync(Schemas.ExtensionStatus)({ "remove-bg": "success", "new-ext": "pending" })
      assert.deepStrictEqual(states, { "remove-bg": "success", "new-ext": "pending" })
    })
  })

  it('free-form metadata keeps a "__proto__" key as a key, and the prototype untouched', () => {
    const json = JSON.parse(
      JSON.stringify({ ...fileDetails, embeddedMetadata: {} }).replace(
        '"embeddedMetadata":{}',
        '"embeddedMetadata":{"__proto__":{"isAdmin":true},"Title":"x"}'
      )
    )
    const embedded = decode(Schemas.File, json).embeddedMetadata ?? {}
    assert.isTrue(Object.hasOwn(embedded, "__proto__"))
    assert.strictEqual(Object.getPrototypeOf(embedded), Object.prototype)
    assert.isUndefined(Reflect.get(embedded, "isAdmin"))
    assert.deepStrictEqual(Object.keys(embedded), ["__proto__", "Title"])
  })

  describe("open enums: unknown values decode", () => {
    it("file type, fileType and AI tag source", () => {
      const file = decode(Schemas.File, {
        ...fileDetails,
        type: "file-draft",
        fileType: "video",
        AITags: [{ name: "Cat", confidence: 99, source: "azure-auto-tagging" }]
      })
      assert.strictEqual(file.type, "file-draft")
      assert.strictEqual(file.fileType, "video")
      assert.strictEqual(file.AITags?.[0]?.source, "azure-auto-tagging")
    })

    it("a list item of an unknown type decodes as a File, a folder as a Folder", () => {
      const items = decode(Schemas.ListFilesResponse, [folder, { ...currentVersion, type: "asset-group" }])
      const [first, second] = items
      assert.isTrue(first !== undefined && Schemas.isFolder(first))
      assert.isTrue(second !== undefined && Schemas.isFile(second))
      assert.strictEqual(second?.type, "asset-group")
    })

    it("extension states", () => {
      const updated = decode(Schemas.UpdateFileDetailsResponse, {
        ...updatedFile,
        extensionStatus: { "remove-bg": "queued", "ai-video-tagging": "success" }
      })
      assert.deepStrictEqual(updated.extensionStatus, { "remove-bg": "queued", "ai-video-tagging": "success" })
    })

    it("bulk job type and status, purge status, custom metadata field type", () => {
      const job = decode(Schemas.BulkJobStatusResponse, { ...bulkJobStatus, type: "DELETE_FOLDER", status: "Failed" })
      assert.strictEqual(job.type, "DELETE_FOLDER")
      assert.strictEqual(job.status, "Failed")
      assert.strictEqual(decode(Schemas.PurgeCacheStatusResponse, { status: "InProgress" }).status, "InProgress")
      const field = decode(Schemas.CustomMetadataField, { ...customMetadataField, schema: { type: "Email" } })
      assert.strictEqual(field.schema.type, "Email")
    })

    it("known values keep their literal types", () => {
      const known: ReadonlyArray<Schemas.AssetType> = ["file", "file-version"]
      const status: Schemas.BulkJobStatus = "Partial success"
      assert.deepStrictEqual(
        known.map((type) => Schema.decodeUnknownSync(Schemas.AssetType)(type)),
        known
      )
      assert.strictEqual(Schema.decodeUnknownSync(Schemas.BulkJobStatus)(status), status)
    })
  })

  describe("null is accepted where the API sends it, and kept", () => {
    it("File: tags, AITags, versionInfo, customCoordinates, thumbnail, embeddedMetadata", () => {
      const input = {
        ...fileDetails,
        tags: null,
        AITags: null,
        versionInfo: null,
        customCoordinates: null,
        thumbnail: null,
        embeddedMetadata: null
      }
      const file = decode(Schemas.File, input)
      same(file, input)
      assert.isNull(file.tags)
      assert.isNull(file.AITags)
      assert.isNull(file.versionInfo)
      assert.isNull(file.thumbnail)
    })

    it("embedded metadata values", () => {
      const input = { ...fileDetails, embeddedMetadata: { Artist: null, Keywords: ["a"], Rating: 1 } }
      assert.deepStrictEqual(decode(Schemas.File, input).embeddedMetadata, { Artist: null, Keywords: ["a"], Rating: 1 })
    })

    it("UploadResponse: AITags (spec 8085), tags, customCoordinates, thumbnailUrl, versionInfo", () => {
      assert.isNull(decode(Schemas.UploadResponse, uploadEmbedded).AITags)
      const input = {
        ...uploadImage,
        tags: null,
        customCoordinates: null,
        thumbnailUrl: null,
        versionInfo: null,
        embeddedMetadata: null
      }
      same(decode(Schemas.UploadResponse, input), input)
    })

    it("null is still rejected where the API never sends it", () => {
      decodeError(Schemas.File, { ...fileDetails, size: null })
      decodeError(Schemas.File, { ...fileDetails, name: null })
    })
  })

  describe("optional fields may be absent", () => {
    it("a non-image file without width, height, hasAlpha, mime, thumbnail, tags, AITags or versionInfo", () => {
      let input: Record<string, unknown> = { ...fileDetails, fileType: "non-image", name: "doc.pdf" }
      for (const key of ["width", "height", "hasAlpha", "mime", "thumbnail", "tags", "AITags", "versionInfo"]) {
        input = withoutKey(input, key)
      }
      const file = decode(Schemas.File, input)
      assert.isUndefined(file.width)
      assert.isFalse("height" in file)
    })

    it("a bare upload without thumbnailUrl, width or height (e.g. a raw file)", () => {
      const input = withoutKey(withoutKey(withoutKey(uploadImage, "thumbnailUrl"), "height"), "width")
      same(decode(Schemas.UploadResponse, input), input)
    })

    it("a video's metadata has no image fields", () => {
      const metadata = decode(Schemas.Metadata, videoMetadata)
      assert.strictEqual(metadata.duration, 70)
      assert.isUndefined(metadata.exif)
    })
  })

  describe("wrong types fail with a ParseError", () => {
    it('size: "big"', () => {
      const error = decodeError(Schemas.File, { ...fileDetails, size: "big" })
      assert.isTrue(ParseResult.isParseError(error))
      const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
      assert.deepStrictEqual(
        issues.map((issue) => issue.path),
        [["size"]]
      )
      assert.throws(() => decode(Schemas.File, { ...fileDetails, size: "big" }), /size/)
    })

    it("a missing required field", () => {
      const issues = ParseResult.ArrayFormatter.formatErrorSync(
        decodeError(Schemas.File, withoutKey(fileDetails, "fileId"))
      )
      assert.deepStrictEqual(
        issues.map((issue) => [issue._tag, issue.path]),
        [["Missing", ["fileId"]]]
      )
    })

    it("nested: tags as a string, an AI tag without a name, a non-string id", () => {
      decodeError(Schemas.File, { ...fileDetails, tags: "t-shirt,sale" })
      decodeError(Schemas.File, { ...fileDetails, AITags: [{ confidence: 1 }] })
      decodeError(Schemas.BulkDeleteFilesResponse, { successfullyDeletedFileIds: [1] })
      decodeError(Schemas.Metadata, { ...imageMetadata, exif: { ...imageMetadata.exif, gps: { GPSVersionID: "2.2" } } })
    })

    it("a list item that is neither a folder nor a file", () => {
      decodeError(Schemas.ListItem, { type: "folder", name: "no id" })
      decodeError(Schemas.ListFilesResponse, [folder, { name: "nothing else" }])
    })

    it("a body that is not an object", () => {
      decodeError(Schemas.EmptyResponse, null)
      decodeError(Schemas.ListFilesResponse, { items: [] })
      decodeError(Schemas.PurgeCacheResponse, "598821f949c0a938d57563bd")
    })
  })

  describe("branded ids", () => {
    it("decode from strings and are used inside the models", () => {
      const file = decode(Schemas.File, fileDetails)
      const fileId: Schemas.FileId = file.fileId
      const versionId: Schemas.VersionId | undefined = file.versionInfo?.id
      const folderId: Schemas.FolderId = decode(Schemas.Folder, folder).folderId
      const jobId: Schemas.JobId = decode(Schemas.BulkJobResponse, bulkJob).jobId
      const requestId: Schemas.PurgeRequestId = decode(Schemas.PurgeCacheResponse, purgeCache).requestId
      const fieldId: Schemas.CustomMetadataFieldId = decode(Schemas.CustomMetadataField, customMetadataField).id
      assert.deepStrictEqual(
        [fileId, versionId, folderId, jobId, requestId, fieldId],
        [
          "598821f949c0a938d57563bd",
          "598821f949c0a938d57563bd",
          "6441fce4e809dd54b0dee029",
          "5d5b1a9b4c8c4c0001f3e4a2",
          "598821f949c0a938d57563bd",
          "598821f949c0a938d57563dd"
        ]
      )
    })

    it("are distinct types, made with make()", () => {
      const fileId = Schemas.FileId.make("598821f949c0a938d57563bd")
      // Type level: a FileId is not a FolderId, and a plain string is not a FileId.
      expectTypeOf(fileId).not.toMatchTypeOf<Schemas.FolderId>()
      expectTypeOf<string>().not.toMatchTypeOf<Schemas.FileId>()
      same(fileId, "598821f949c0a938d57563bd")
      decodeError(Schemas.FileId, 42)
    })
  })

  describe("ListItem", () => {
    it("tells folders from files and file versions", () => {
      const items = decode(Schemas.ListFilesResponse, listFiles)
      assert.deepStrictEqual(
        items.map((item) => (Schemas.isFolder(item) ? `folder ${item.folderPath}` : `${item.type} ${item.fileId}`)),
        ["file 598821f949c0a938d57563bd", "file-version 598821f949c0a938d81963bd", "folder /sale"]
      )
    })

    it("getFileVersions lists the current version (type file) with the older ones", () => {
      const versions = decode(Schemas.GetFileVersionsResponse, fileVersions)
      assert.deepStrictEqual(
        versions.map((version) => [version.type, version.versionInfo?.name]),
        [
          ["file", "Version 2"],
          ["file-version", "Version 1"]
        ]
      )
    })
  })

  it("dates stay ISO strings", () => {
    const file = decode(Schemas.File, fileDetails)
    assert.strictEqual(file.createdAt, "2019-08-24T06:14:41.313Z")
    assert.strictEqual(typeof file.updatedAt, "string")
  })
})
