import type { MediaInfo } from "./media.js"

export type JsonRecord = Record<string, unknown>

export interface AITag {
  readonly name: string
  readonly confidence: number
  readonly source: string
}

/** The bytes of one version and what was read from them. */
export interface Content {
  readonly bytes: Uint8Array
  readonly media: MediaInfo
}

/**
 * One version of a file: its bytes and the details that belong to it. Every version has its own `versionId`;
 * while a version is current, the API shows the file's `fileId` as its id instead (see `views.ts`).
 */
export interface VersionRecord {
  readonly versionId: string
  /** "Version N" in `versionInfo.name`. */
  readonly number: number
  /** The `ik-obj-version` token that addresses this version's bytes once it is no longer current. */
  readonly token: string
  readonly content: Content
  tags: ReadonlyArray<string> | null
  AITags: ReadonlyArray<AITag> | null
  customCoordinates: string | null
  customMetadata: JsonRecord
  description: string | undefined
  isPublished: boolean
  readonly createdAt: Date
  updatedAt: Date
}

/** A file: where it is, its current version and the older ones (oldest first). */
export interface FileRecord {
  readonly fileId: string
  folder: string
  name: string
  isPrivateFile: boolean
  current: VersionRecord
  history: Array<VersionRecord>
  nextVersionNumber: number
  readonly createdAt: Date
}

export interface FolderRecord {
  readonly folderId: string
  /** Canonical "/a/b/". */
  path: string
  readonly createdAt: Date
  updatedAt: Date
}

export type JobType = "COPY_FOLDER" | "MOVE_FOLDER" | "RENAME_FOLDER"

/** The work of a job is done when it is created; only its reported status lags behind (see `pendingPolls`). */
export interface JobRecord {
  readonly jobId: string
  readonly type: JobType
  polls: number
  /** A folder rename with `purgeCache` names the purge it started. */
  readonly purgeRequestId?: string | undefined
}

export interface PurgeRecord {
  readonly requestId: string
  readonly url: string
  polls: number
}

export interface FieldSchema extends JsonRecord {
  readonly type: string
}

export interface FieldRecord {
  readonly id: string
  readonly name: string
  label: string
  schema: FieldSchema
  deleted: boolean
  /** Shown as a hint in the media library; absent until one is set. */
  description?: string | undefined
}

export type OriginType =
  | "S3"
  | "S3_COMPATIBLE"
  | "CLOUDINARY_BACKUP"
  | "WEB_FOLDER"
  | "WEB_PROXY"
  | "GCS"
  | "AZURE_BLOB"
  | "AKENEO_PIM"

/**
 * An origin as the API shows it: `settings` holds every field but the secrets (access keys, private keys, tokens,
 * passwords), which are checked when sent and then dropped, so they can never be answered back or written to disk.
 */
export interface OriginRecord {
  readonly id: string
  readonly type: OriginType
  settings: JsonRecord
}

export interface UrlEndpointRecord {
  readonly id: string
  description: string
  urlPrefix: string
  origins: ReadonlyArray<string>
  urlRewriter: JsonRecord | undefined
}

export interface SavedExtensionRecord {
  readonly id: string
  name: string
  description: string
  config: JsonRecord
  readonly createdAt: Date
  updatedAt: Date
}

export interface NamedTransformationRecord {
  readonly id: string
  name: string
  transformation: string
  enabled: boolean
  readonly createdAt: Date
}

/** Requests and bytes, the unit of every usage figure. */
export interface Tally {
  requests: number
  bytes: number
}

/**
 * What was delivered on one UTC day, in the dimensions usage analytics reports. Keys are the dimension's value (a
 * URL, a status code, a user agent...); `kind` says whether an asset or transformation was an image, a video or
 * something else.
 */
export interface DayTraffic {
  readonly day: string
  readonly total: Tally
  readonly cache: { hit: number; miss: number; error: number }
  readonly statusCodes: Record<string, number>
  readonly assets: Record<string, Tally & { readonly kind: "image" | "video" | "other" }>
  readonly transforms: Record<string, Tally & { readonly kind: "image" | "video" | "other" }>
  readonly formats: Record<string, Tally>
  readonly browsers: Record<string, Tally>
  readonly devices: Record<string, Tally>
  readonly userAgents: Record<string, Tally>
  readonly referrers: Record<string, Tally>
  readonly urlEndpoints: Record<string, Tally>
  readonly notFound: Record<string, number>
  /** Extension runs by name (uploads and updates). */
  readonly extensions: Record<string, number>
}

/** Everything the model knows. Plain maps in insertion order, so listings are stable. */
export class ModelState {
  readonly files = new Map<string, FileRecord>()
  readonly folders = new Map<string, FolderRecord>()
  readonly jobs = new Map<string, JobRecord>()
  readonly purges = new Map<string, PurgeRecord>()
  readonly fields = new Map<string, FieldRecord>()
  readonly origins = new Map<string, OriginRecord>()
  readonly urlEndpoints = new Map<string, UrlEndpointRecord>()
  readonly savedExtensions = new Map<string, SavedExtensionRecord>()
  readonly namedTransformations = new Map<string, NamedTransformationRecord>()
  /** Delivered traffic and extension runs by UTC day ("2024-01-31"). */
  readonly traffic = new Map<string, DayTraffic>()
  /** Signatures of v2 upload tokens already presented, with their expiry (Unix seconds): each token works once. */
  readonly usedTokens = new Map<string, number>()
  /** Delivery URLs the CDN has cached (a first request is a miss, later ones hits, until a purge). */
  readonly cachedUrls = new Set<string>()

  filePath(file: FileRecord): string {
    return `${file.folder}${file.name}`
  }

  fileAt(folder: string, name: string): FileRecord | undefined {
    for (const file of this.files.values()) if (file.folder === folder && file.name === name) return file
    return undefined
  }

  folderExists(path: string): boolean {
    return path === "/" || this.folders.has(path)
  }

  /** Files directly in `folder` or below it. */
  filesWithin(folder: string): ReadonlyArray<FileRecord> {
    return [...this.files.values()].filter((file) => file.folder.startsWith(folder))
  }

  /** Folders strictly below `folder`. */
  foldersWithin(folder: string): ReadonlyArray<FolderRecord> {
    return [...this.folders.values()].filter((record) => record.path !== folder && record.path.startsWith(folder))
  }

  activeFields(): ReadonlyArray<FieldRecord> {
    return [...this.fields.values()].filter((field) => !field.deleted)
  }
}
