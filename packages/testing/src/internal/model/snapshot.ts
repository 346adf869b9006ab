/**
 * Everything the model knows, as plain records: `snapshot` copies the state out, `restore` puts a snapshot back
 * into an empty state. The emulator's data dir stores it; the model itself stays free of I/O.
 */
import type { ModelContext } from "./context.js"
import type {
  DayTraffic,
  FieldRecord,
  FileRecord,
  FolderRecord,
  JobRecord,
  NamedTransformationRecord,
  OriginRecord,
  PurgeRecord,
  SavedExtensionRecord,
  UrlEndpointRecord,
  VersionRecord
} from "./state.js"

export interface ModelSnapshot {
  /** The seeded generator's state, so ids drawn after a restore are new ones; absent for `Math.random`. */
  readonly randomState?: number | undefined
  /** Files in creation order, each with its current version and history (oldest first). */
  readonly files: ReadonlyArray<FileRecord>
  readonly folders: ReadonlyArray<FolderRecord>
  readonly jobs: ReadonlyArray<JobRecord>
  readonly purges: ReadonlyArray<PurgeRecord>
  readonly fields: ReadonlyArray<FieldRecord>
  readonly origins?: ReadonlyArray<OriginRecord> | undefined
  /** The default endpoint included; absent in snapshots taken before URL endpoints existed. */
  readonly urlEndpoints?: ReadonlyArray<UrlEndpointRecord> | undefined
  readonly savedExtensions?: ReadonlyArray<SavedExtensionRecord> | undefined
  readonly namedTransformations?: ReadonlyArray<NamedTransformationRecord> | undefined
  readonly traffic?: ReadonlyArray<DayTraffic> | undefined
  /** Signatures of spent v2 upload tokens, with their expiry in Unix seconds. */
  readonly usedTokens?: ReadonlyArray<{ readonly signature: string; readonly expiresAt: number }> | undefined
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

const copyOrigin = (origin: OriginRecord): OriginRecord => ({ ...origin, settings: { ...origin.settings } })

const copyEndpoint = (endpoint: UrlEndpointRecord): UrlEndpointRecord => ({
  ...endpoint,
  origins: [...endpoint.origins],
  urlRewriter: endpoint.urlRewriter === undefined ? undefined : { ...endpoint.urlRewriter }
})

const copySaved = (saved: SavedExtensionRecord): SavedExtensionRecord => ({
  ...saved,
  config: structuredClone(saved.config)
})

export const takeSnapshot = (context: ModelContext, randomState: number | undefined): ModelSnapshot => {
  const { state } = context
  return {
    randomState,
    files: [...state.files.values()].map(copyFile),
    folders: [...state.folders.values()].map((folder) => ({ ...folder })),
    jobs: [...state.jobs.values()].map((job) => ({ ...job })),
    purges: [...state.purges.values()].map((purge) => ({ ...purge })),
    fields: [...state.fields.values()].map((field) => ({ ...field, schema: { ...field.schema } })),
    origins: [...state.origins.values()].map(copyOrigin),
    urlEndpoints: [...state.urlEndpoints.values()].map(copyEndpoint),
    savedExtensions: [...state.savedExtensions.values()].map(copySaved),
    namedTransformations: [...state.namedTransformations.values()].map((record) => ({ ...record })),
    traffic: [...state.traffic.values()].map((day) => structuredClone(day)),
    usedTokens: [...state.usedTokens].map(([signature, expiresAt]) => ({ signature, expiresAt }))
  }
}

export const restoreSnapshot = (context: ModelContext, snapshot: ModelSnapshot): void => {
  const { state } = context
  for (const file of snapshot.files) state.files.set(file.fileId, copyFile(file))
  for (const folder of snapshot.folders) state.folders.set(folder.path, { ...folder })
  for (const job of snapshot.jobs) state.jobs.set(job.jobId, { ...job })
  for (const purge of snapshot.purges) state.purges.set(purge.requestId, { ...purge })
  for (const field of snapshot.fields) state.fields.set(field.id, { ...field, schema: { ...field.schema } })
  for (const origin of snapshot.origins ?? []) state.origins.set(origin.id, copyOrigin(origin))
  for (const endpoint of snapshot.urlEndpoints ?? []) state.urlEndpoints.set(endpoint.id, copyEndpoint(endpoint))
  for (const saved of snapshot.savedExtensions ?? []) state.savedExtensions.set(saved.id, copySaved(saved))
  for (const record of snapshot.namedTransformations ?? []) state.namedTransformations.set(record.id, { ...record })
  for (const day of snapshot.traffic ?? []) state.traffic.set(day.day, structuredClone(day))
  for (const token of snapshot.usedTokens ?? []) state.usedTokens.set(token.signature, token.expiresAt)
}
