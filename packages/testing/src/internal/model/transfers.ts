/** copyFile, moveFile and renameFile. */
import type { ModelContext } from "./context.js"
import { badRequest, conflict, notFound } from "./errors.js"
import { json, jsonObject, noContent, optionalBoolean, requiredString } from "./input.js"
import { normalizeFolder } from "./paths.js"
import { createPurge } from "./purges.js"
import { copyFileInto, fileAtPath, moveFileInto } from "./records.js"
import type { FileRecord } from "./state.js"
import type { ModelRequest, ModelResponse } from "./types.js"
import { fileUrl } from "./views.js"

const sourceFile = (context: ModelContext, sourceFilePath: string): FileRecord => {
  const file = fileAtPath(context, sourceFilePath)
  if (file === undefined) {
    throw notFound(`No file found with filePath \`${sourceFilePath}\`.`, { reason: "SOURCE_FILE_MISSING" })
  }
  return file
}

const destinationFolder = (file: FileRecord, destinationPath: string): string => {
  const folder = normalizeFolder(destinationPath)
  if (folder === file.folder) {
    throw badRequest("The source and destination are the same.", { reason: "SAME_SOURCE_AND_DESTINATION" })
  }
  return folder
}

export const copyFile = (context: ModelContext, request: ModelRequest): ModelResponse => {
  const body = jsonObject(request.json)
  const sourceFilePath = requiredString(body, "sourceFilePath")
  const destinationPath = requiredString(body, "destinationPath")
  const includeFileVersions = optionalBoolean(body, "includeFileVersions", false)
  const file = sourceFile(context, sourceFilePath)
  copyFileInto(context, file, destinationFolder(file, destinationPath), includeFileVersions)
  return noContent()
}

export const moveFile = (context: ModelContext, request: ModelRequest): ModelResponse => {
  const body = jsonObject(request.json)
  const sourceFilePath = requiredString(body, "sourceFilePath")
  const destinationPath = requiredString(body, "destinationPath")
  const file = sourceFile(context, sourceFilePath)
  moveFileInto(context, file, destinationFolder(file, destinationPath))
  return noContent()
}

export const renameFile = (context: ModelContext, request: ModelRequest): ModelResponse => {
  const body = jsonObject(request.json)
  const filePath = requiredString(body, "filePath")
  const newFileName = requiredString(body, "newFileName")
  const purgeCache = optionalBoolean(body, "purgeCache", false)
  if (newFileName.includes("/")) {
    throw badRequest("newFileName cannot contain '/'.", { reason: "INVALID_PARAMETER" })
  }
  const file = fileAtPath(context, filePath)
  if (file === undefined) {
    throw notFound(`No file found in media library at filePath ${filePath}`, { reason: "FILE_MISSING" })
  }
  if (file.name === newFileName) {
    throw badRequest("newFileName cannot be the same as its existing name.", { reason: "SAME_OLD_AND_NEW_NAME" })
  }
  if (context.state.fileAt(file.folder, newFileName) !== undefined) {
    throw conflict(`File with name ${newFileName} already exists at the same location.`, {
      reason: "FILE_ALREADY_EXISTS"
    })
  }
  const oldUrl = fileUrl(context, file, file.current)
  file.name = newFileName
  file.current.updatedAt = context.now()
  return json(purgeCache ? { purgeRequestId: createPurge(context, oldUrl) } : {})
}
