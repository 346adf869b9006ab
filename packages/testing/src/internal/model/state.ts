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

export type JobType = "COPY_FOLDER" | "MOVE_FOLDER"

/** The work of a job is done when it is created; only its reported status lags behind (see `pendingPolls`). */
export interface JobRecord {
  readonly jobId: string
  readonly type: JobType
  polls: number
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
}

/** Everything the model knows. Plain maps in insertion order, so listings are stable. */
export class ModelState {
  readonly files = new Map<string, FileRecord>()
  readonly folders = new Map<string, FolderRecord>()
  readonly jobs = new Map<string, JobRecord>()
  readonly purges = new Map<string, PurgeRecord>()
  readonly fields = new Map<string, FieldRecord>()

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
