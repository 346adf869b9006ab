/** Folders: create, delete (recursive), and copy/move as bulk jobs with a polled status. */
import type { ModelContext } from "./context.js"
import { badRequest, conflict, notFound } from "./errors.js"
import { json, jsonObject, noContent, optionalBoolean, requiredString } from "./input.js"
import { folderName, isWithin, normalizeFolder, parentFolder, sanitizeFolderName } from "./paths.js"
import { createPurge, pollStatus } from "./purges.js"
import { copyFileInto, moveFileInto } from "./records.js"
import type { JobType } from "./state.js"
import type { ModelRequest, ModelResponse } from "./types.js"

export const createFolder = (context: ModelContext, request: ModelRequest): ModelResponse => {
  const body = jsonObject(request.json)
  const name = requiredString(body, "folderName")
  const parent = normalizeFolder(requiredString(body, "parentFolderPath"))
  const trimmed = name.replace(/^\/+|\/+$/g, "")
  if (trimmed === "." || trimmed === ".." || trimmed === "") {
    throw badRequest("'.' & '..' can not be used as folder-name", { reason: "INVALID_FOLDER_PATH" })
  }
  // A name with "/" creates the nested folders, as the API does; each segment is sanitized.
  const path = normalizeFolder(`${parent}${trimmed.split("/").map(sanitizeFolderName).join("/")}`)
  context.ensureFolder(path)
  return json({}, 201)
}

const missingFolder = (context: ModelContext, path: string): boolean => !context.state.folderExists(path)

/** Removes the folder, everything below it and every file in it. */
export const deleteFolder = (context: ModelContext, request: ModelRequest): ModelResponse => {
  const folderPath = requiredString(jsonObject(request.json), "folderPath")
  const path = normalizeFolder(folderPath)
  if (path === "/" || missingFolder(context, path)) {
    throw notFound(`No folder found with folderPath \`${folderPath}\`.`, { reason: "FOLDER_NOT_FOUND" })
  }
  for (const file of context.state.filesWithin(path)) context.state.files.delete(file.fileId)
  for (const folder of context.state.foldersWithin(path)) context.state.folders.delete(folder.path)
  context.state.folders.delete(path)
  return noContent()
}

interface FolderTransfer {
  readonly source: string
  /** Where the source folder lands: the destination plus the source folder's name. */
  readonly target: string
}

const folderTransfer = (body: Record<string, unknown>, context: ModelContext, isMove: boolean): FolderTransfer => {
  const sourceFolderPath = requiredString(body, "sourceFolderPath")
  const destination = normalizeFolder(requiredString(body, "destinationPath"))
  const source = normalizeFolder(sourceFolderPath)
  if (source === "/") throw badRequest("The source folder cannot be the root.", { reason: "SOURCE_IS_ROOT" })
  if (missingFolder(context, source)) {
    throw notFound(`No files & folder found at sourceFolderPath \`${sourceFolderPath}\`.`, {
      reason: "NO_FILES_FOLDER"
    })
  }
  if (destination === source || destination === parentFolder(source)) {
    throw badRequest("sourceFolderPath and destinationPath is same", { reason: "SAME_SOURCE_AND_DESTINATION" })
  }
  if (isMove && isWithin(destination, source)) {
    throw badRequest("This operation is not allowed because parent folder cannot be moved into child folder.", {
      reason: "INVALID_DESTINATION_PATH"
    })
  }
  return { source, target: `${destination}${folderName(source)}/` }
}

const relocate = (path: string, transfer: FolderTransfer): string =>
  `${transfer.target}${path.slice(transfer.source.length)}`

const startJob = (context: ModelContext, type: JobType, purgeRequestId?: string, status = 200): ModelResponse => {
  const jobId = context.newId()
  context.state.jobs.set(jobId, { jobId, type, polls: 0, ...(purgeRequestId === undefined ? {} : { purgeRequestId }) })
  return json({ jobId }, status)
}

/**
 * The copy happens at once (a snapshot of the source is taken first, so copying a folder into its own subtree
 * ends); only the job's reported status lags. Files already at the target get the copies as new versions.
 */
export const copyFolder = (context: ModelContext, request: ModelRequest): ModelResponse => {
  const body = jsonObject(request.json)
  const transfer = folderTransfer(body, context, false)
  const includeFileVersions = optionalBoolean(body, "includeFileVersions", false)
  const folders = [transfer.source, ...context.state.foldersWithin(transfer.source).map((folder) => folder.path)]
  const files = context.state.filesWithin(transfer.source)
  for (const folder of folders) context.ensureFolder(relocate(folder, transfer))
  for (const file of files) copyFileInto(context, file, relocate(file.folder, transfer), includeFileVersions)
  return startJob(context, "COPY_FOLDER")
}

/** Files keep their ids; folders merge into same-named folders at the target. */
export const moveFolder = (context: ModelContext, request: ModelRequest): ModelResponse => {
  const transfer = folderTransfer(jsonObject(request.json), context, true)
  const folders = [transfer.source, ...context.state.foldersWithin(transfer.source).map((folder) => folder.path)]
  for (const folder of folders) context.ensureFolder(relocate(folder, transfer))
  for (const file of context.state.filesWithin(transfer.source)) {
    moveFileInto(context, file, relocate(file.folder, transfer))
  }
  for (const folder of folders) context.state.folders.delete(folder)
  return startJob(context, "MOVE_FOLDER")
}

/**
 * Everything but letters, marks and digits of any script, and "-", becomes "_", as the rename API documents (the
 * create-folder and upload APIs keep ASCII letters and digits only).
 */
const renamedFolderName = (name: string): string => name.replace(/[^\p{L}\p{M}\p{N}-]/gu, "_")

/**
 * POST /v1/bulkJobs/renameFolder: the folder, its subfolders and files get the new path at once (files keep their
 * ids); with `purgeCache`, one purge of the old path's URLs (`<endpoint>/<old path>*`) is started and named by the job.
 */
export const renameFolder = (context: ModelContext, request: ModelRequest): ModelResponse => {
  const body = jsonObject(request.json)
  const folderPath = body.folderPath
  if (folderPath === undefined) throw badRequest("folderPath parameter is missing.")
  if (typeof folderPath !== "string" || folderPath === "") throw badRequest("folderPath should be a non-empty string.")
  const newFolderName = body.newFolderName
  if (newFolderName === undefined) throw badRequest("newFolderName parameter is missing.")
  if (typeof newFolderName !== "string" || newFolderName.trim() === "") {
    throw badRequest("newFolderName should be a non-empty string.")
  }
  const purgeCache = optionalBoolean(body, "purgeCache", false)
  const source = normalizeFolder(folderPath)
  if (source === "/") throw badRequest("folderPath cannot be root.")
  if (missingFolder(context, source)) throw notFound("Source folder not found.")
  const name = renamedFolderName(newFolderName.trim().replace(/^\/+|\/+$/g, ""))
  if (name === "." || name === ".." || name.includes("/")) {
    throw badRequest("newFolderName cannot be '.', '..' or contain '/'.")
  }
  const target = `${parentFolder(source) ?? "/"}${name}/`
  if (target === source) throw badRequest("newFolderName is the folder's current name.")
  if (context.state.folderExists(target)) {
    throw conflict(`Folder with name ${name} already exists at the same location.`)
  }
  const transfer: FolderTransfer = { source, target }
  const folders = [source, ...context.state.foldersWithin(source).map((folder) => folder.path)]
  const now = context.now()
  for (const path of folders) {
    const record = context.state.folders.get(path)
    if (record === undefined) continue
    context.state.folders.delete(path)
    record.path = relocate(path, transfer)
    record.updatedAt = now
    context.state.folders.set(record.path, record)
  }
  for (const file of context.state.filesWithin(source)) file.folder = relocate(file.folder, transfer)
  const purgeRequestId = purgeCache ? createPurge(context, `${context.urlEndpoint}${source}*`) : undefined
  return startJob(context, "RENAME_FOLDER", purgeRequestId, 202)
}

export const getBulkJobStatus = (context: ModelContext, jobId: string): ModelResponse => {
  const job = context.state.jobs.get(jobId)
  if (job === undefined) throw notFound("The requested job does not exist.")
  return json({
    jobId: job.jobId,
    type: job.type,
    status: pollStatus(context, job),
    ...(job.purgeRequestId === undefined ? {} : { purgeRequestId: job.purgeRequestId })
  })
}
