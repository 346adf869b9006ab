/** Creating, finding and moving file records, shared by the handlers. */
import type { ModelContext } from "./context.js"
import { FILE_NOT_FOUND, notFound } from "./errors.js"
import { versionToken } from "./random.js"
import { splitFilePath } from "./paths.js"
import type { Content, FileRecord, JsonRecord, VersionRecord } from "./state.js"

export interface VersionDetails {
  readonly content: Content
  readonly tags: ReadonlyArray<string> | null
  readonly AITags: VersionRecord["AITags"]
  readonly customCoordinates: string | null
  readonly customMetadata: JsonRecord
  readonly description: string | undefined
  readonly isPublished: boolean
}

export const newVersion = (context: ModelContext, number: number, details: VersionDetails): VersionRecord => {
  const now = context.now()
  return {
    versionId: context.newId(),
    number,
    token: versionToken(context.random),
    // Field by field: `details` may be another file's version, whose ids and dates must not leak in.
    content: details.content,
    tags: details.tags === null ? null : [...details.tags],
    AITags: details.AITags === null ? null : [...details.AITags],
    customCoordinates: details.customCoordinates,
    customMetadata: { ...details.customMetadata },
    description: details.description,
    isPublished: details.isPublished,
    createdAt: now,
    updatedAt: now
  }
}

export const createFile = (
  context: ModelContext,
  folder: string,
  name: string,
  isPrivateFile: boolean,
  details: VersionDetails
): FileRecord => {
  context.ensureFolder(folder)
  const record: FileRecord = {
    fileId: context.newId(),
    folder,
    name,
    isPrivateFile,
    current: newVersion(context, 1, details),
    history: [],
    nextVersionNumber: 2,
    createdAt: context.now()
  }
  context.state.files.set(record.fileId, record)
  return record
}

/** Makes `details` the current version of `file`; the previous current version joins the history. */
export const addVersion = (context: ModelContext, file: FileRecord, details: VersionDetails): VersionRecord => {
  const version = newVersion(context, file.nextVersionNumber, details)
  file.nextVersionNumber++
  file.history.push(file.current)
  file.current = version
  return version
}

export const findFile = (context: ModelContext, fileId: string): FileRecord => {
  const file = context.state.files.get(fileId)
  if (file === undefined) throw notFound(FILE_NOT_FOUND)
  return file
}

export const fileAtPath = (context: ModelContext, filePath: string): FileRecord | undefined => {
  const { folder, name } = splitFilePath(filePath)
  return context.state.fileAt(folder, name)
}

/** The versions of a file that travel with a copy: the current one, and the older ones when asked. */
const travellingVersions = (file: FileRecord, includeVersions: boolean): ReadonlyArray<VersionRecord> =>
  includeVersions ? [...file.history, file.current] : [file.current]

/**
 * Copies `source` into `folder`. A file of the same name there gets the copied versions appended to its
 * history (the last becomes current), as the API does; otherwise a new file with a new id is created.
 */
export const copyFileInto = (
  context: ModelContext,
  source: FileRecord,
  folder: string,
  includeVersions: boolean
): FileRecord => {
  const versions = travellingVersions(source, includeVersions)
  const existing = context.state.fileAt(folder, source.name)
  let target = existing
  for (const version of versions) {
    if (target === undefined) {
      target = createFile(context, folder, source.name, source.isPrivateFile, version)
    } else {
      addVersion(context, target, version)
    }
  }
  if (target === undefined) throw new Error("a file always has a current version")
  return target
}

/** Moves `source` into `folder`, keeping its id unless a file of that name is there (then it is merged in). */
export const moveFileInto = (context: ModelContext, source: FileRecord, folder: string): FileRecord => {
  const existing = context.state.fileAt(folder, source.name)
  if (existing === undefined || existing === source) {
    context.ensureFolder(folder)
    source.folder = folder
    return source
  }
  for (const version of travellingVersions(source, true)) addVersion(context, existing, version)
  context.state.files.delete(source.fileId)
  return existing
}
