/**
 * Everything the model knows, as plain records: `snapshot` copies the state out, `restore` puts a snapshot back
 * into an empty state. The emulator's data dir stores it; the model itself stays free of I/O.
 */
import type { ModelContext } from "./context.js"
import type { FieldRecord, FileRecord, FolderRecord, JobRecord, PurgeRecord, VersionRecord } from "./state.js"

export interface ModelSnapshot {
  /** The seeded generator's state, so ids drawn after a restore are new ones; absent for `Math.random`. */
  readonly randomState?: number | undefined
  /** Files in creation order, each with its current version and history (oldest first). */
  readonly files: ReadonlyArray<FileRecord>
  readonly folders: ReadonlyArray<FolderRecord>
  readonly jobs: ReadonlyArray<JobRecord>
  readonly purges: ReadonlyArray<PurgeRecord>
  readonly fields: ReadonlyArray<FieldRecord>
}

// Copies share the immutable `content` (bytes are never written in place), so a snapshot costs no byte copies.
const copyVersion = (version: VersionRecord): VersionRecord => ({
  ...version,
  tags: version.tags === null ? null : [...version.tags],
  AITags: version.AITags === null ? null : version.AITags.map((tag) => ({ ...tag })),
  customMetadata: { ...version.customMetadata }
})

const copyFile = (file: FileRecord): FileRecord => ({
  ...file,
  current: copyVersion(file.current),
  history: file.history.map(copyVersion)
})

export const takeSnapshot = (context: ModelContext, randomState: number | undefined): ModelSnapshot => {
  const { state } = context
  return {
    randomState,
    files: [...state.files.values()].map(copyFile),
    folders: [...state.folders.values()].map((folder) => ({ ...folder })),
    jobs: [...state.jobs.values()].map((job) => ({ ...job })),
    purges: [...state.purges.values()].map((purge) => ({ ...purge })),
    fields: [...state.fields.values()].map((field) => ({ ...field, schema: { ...field.schema } }))
  }
}

export const restoreSnapshot = (context: ModelContext, snapshot: ModelSnapshot): void => {
  const { state } = context
  for (const file of snapshot.files) state.files.set(file.fileId, copyFile(file))
  for (const folder of snapshot.folders) state.folders.set(folder.path, { ...folder })
  for (const job of snapshot.jobs) state.jobs.set(job.jobId, { ...job })
  for (const purge of snapshot.purges) state.purges.set(purge.requestId, { ...purge })
  for (const field of snapshot.fields) state.fields.set(field.id, { ...field, schema: { ...field.schema } })
}
