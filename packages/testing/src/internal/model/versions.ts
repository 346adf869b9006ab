/** File versions: list, details, delete (never the current one) and restore (makes a version current). */
import type { ModelContext } from "./context.js"
import { badRequest, notFound, VERSION_NOT_FOUND } from "./errors.js"
import { json, noContent } from "./input.js"
import { findFile } from "./records.js"
import type { FileRecord, VersionRecord } from "./state.js"
import type { ModelResponse } from "./types.js"
import { fileView } from "./views.js"

/** The current version answers to the file's id and to its own; older ones to their own id. */
const findVersion = (file: FileRecord, versionId: string): VersionRecord | undefined => {
  if (versionId === file.fileId || versionId === file.current.versionId) return file.current
  return file.history.find((version) => version.versionId === versionId)
}

/** The current version first, then the older ones, newest first. */
export const getFileVersions = (context: ModelContext, fileId: string): ModelResponse => {
  const file = findFile(context, fileId)
  const versions = [file.current, ...[...file.history].reverse()]
  return json(versions.map((version) => fileView(context, file, version)))
}

export const getFileVersionDetails = (context: ModelContext, fileId: string, versionId: string): ModelResponse => {
  const file = findFile(context, fileId)
  const version = findVersion(file, versionId)
  if (version === undefined) throw notFound(VERSION_NOT_FOUND)
  return json(fileView(context, file, version))
}

export const deleteFileVersion = (context: ModelContext, fileId: string, versionId: string): ModelResponse => {
  const file = context.state.files.get(fileId)
  const version = file === undefined ? undefined : findVersion(file, versionId)
  if (file === undefined || version === undefined) throw notFound("The requested asset does not exist.")
  if (version === file.current) throw badRequest("You cannot delete current version of a file.")
  file.history = file.history.filter((candidate) => candidate !== version)
  return noContent()
}

/**
 * Makes the version current; the previously current one joins the history. The restored version keeps its
 * "Version N" name, so names show where the content came from.
 */
export const restoreFileVersion = (context: ModelContext, fileId: string, versionId: string): ModelResponse => {
  const file = findFile(context, fileId)
  const version = findVersion(file, versionId)
  if (version === undefined) throw notFound(VERSION_NOT_FOUND)
  if (version !== file.current) {
    file.history = [...file.history.filter((candidate) => candidate !== version), file.current]
    file.current = version
    version.updatedAt = context.now()
  }
  return json(fileView(context, file))
}
