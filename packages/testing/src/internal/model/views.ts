/** The JSON the API answers with, built from the records (shapes of `@effect-imagekit/sdk/Schemas`). */
import type { ModelContext } from "./context.js"
import { pHashOf } from "./phash.js"
import { folderName, withoutTrailingSlash } from "./paths.js"
import type { FileRecord, FolderRecord, JsonRecord, VersionRecord } from "./state.js"

const isCurrent = (file: FileRecord, version: VersionRecord): boolean => file.current === version

/** The id the API shows for a version: the file's id while it is current, its own id afterwards. */
export const displayedVersionId = (file: FileRecord, version: VersionRecord): string =>
  isCurrent(file, version) ? file.fileId : version.versionId

export const fileUrl = (context: ModelContext, file: FileRecord, version: VersionRecord): string => {
  const base = `${context.urlEndpoint}${context.state.filePath(file)}`
  return isCurrent(file, version) ? base : `${base}?ik-obj-version=${version.token}`
}

const thumbnailUrl = (context: ModelContext, file: FileRecord, version: VersionRecord): string | null => {
  if (version.content.media.fileType !== "image") return null
  const base = `${context.urlEndpoint}/tr:n-ik_ml_thumbnail${context.state.filePath(file)}`
  return isCurrent(file, version) ? base : `${base}?ik-obj-version=${version.token}`
}

const dimensions = (version: VersionRecord): JsonRecord => {
  const { width, height } = version.content.media
  return width !== undefined && height !== undefined ? { width, height } : {}
}

/** A file or file version as details, list, versions and restore answer it. */
export const fileView = (context: ModelContext, file: FileRecord, version: VersionRecord = file.current) => ({
  fileId: file.fileId,
  type: isCurrent(file, version) ? "file" : "file-version",
  name: file.name,
  filePath: context.state.filePath(file),
  tags: version.tags === null ? null : [...version.tags],
  AITags: version.AITags === null ? null : version.AITags.map((tag) => ({ ...tag })),
  versionInfo: { id: displayedVersionId(file, version), name: `Version ${version.number}` },
  isPrivateFile: file.isPrivateFile,
  isPublished: version.isPublished,
  customCoordinates: version.customCoordinates,
  url: fileUrl(context, file, version),
  thumbnail: thumbnailUrl(context, file, version),
  fileType: version.content.media.fileType,
  mime: version.content.media.mime,
  ...dimensions(version),
  size: version.content.bytes.length,
  hasAlpha: version.content.media.hasAlpha,
  customMetadata: { ...version.customMetadata },
  // The model reads no EXIF/IPTC/XMP; the API answers an object (never null) for embeddedMetadata.
  embeddedMetadata: {},
  ...(version.description === undefined ? {} : { description: version.description }),
  createdAt: version.createdAt.toISOString(),
  updatedAt: version.updatedAt.toISOString()
})

/** The upload answer: the file plus `thumbnailUrl`, and `extensionStatus` when extensions were requested. */
export const uploadView = (context: ModelContext, file: FileRecord, extensionStatus?: JsonRecord) => {
  const version = file.current
  return {
    fileId: file.fileId,
    name: file.name,
    filePath: context.state.filePath(file),
    url: fileUrl(context, file, version),
    thumbnailUrl: thumbnailUrl(context, file, version),
    ...dimensions(version),
    size: version.content.bytes.length,
    tags: version.tags === null ? null : [...version.tags],
    AITags: version.AITags === null ? null : version.AITags.map((tag) => ({ ...tag })),
    versionInfo: { id: file.fileId, name: `Version ${version.number}` },
    isPrivateFile: file.isPrivateFile,
    isPublished: version.isPublished,
    customCoordinates: version.customCoordinates,
    fileType: version.content.media.fileType,
    customMetadata: { ...version.customMetadata },
    ...(version.description === undefined ? {} : { description: version.description }),
    ...(extensionStatus === undefined ? {} : { extensionStatus: { ...extensionStatus } })
  }
}

export const folderView = (folder: FolderRecord) => ({
  type: "folder" as const,
  folderId: folder.folderId,
  name: folderName(folder.path),
  folderPath: withoutTrailingSlash(folder.path),
  customMetadata: {},
  createdAt: folder.createdAt.toISOString(),
  updatedAt: folder.updatedAt.toISOString()
})

/**
 * The metadata API's answer. `quality` is 0 and `hasColorProfile` false because the model reads no ICC profile or
 * encoder settings. `pHash` comes from the platform's hook when it can read the image (the Node emulator's real
 * perceptual hash of PNGs), else it is the stand-in of `phash.ts`. Width and height are those of the file's header
 * (`media.ts`), the same image the hash was computed from.
 */
export const metadataView = (context: ModelContext, version: VersionRecord): JsonRecord => {
  const { media, bytes } = version.content
  const base: JsonRecord = { size: bytes.length, format: media.format }
  if (media.fileType !== "image") return base
  return {
    ...(media.height === undefined ? {} : { height: media.height }),
    ...(media.width === undefined ? {} : { width: media.width }),
    ...base,
    hasColorProfile: false,
    quality: 0,
    density: media.density,
    hasTransparency: media.hasAlpha,
    pHash: context.hooks.pHash?.(bytes) ?? pHashOf(bytes)
  }
}
