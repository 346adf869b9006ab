/**
 * POST /api/v1/files/upload (and /api/v2/files/upload once its token is checked): multipart fields → a new file, or
 * a new version of an existing one.
 */
import type { ModelContext } from "./context.js"
import { mergeCustomMetadata, requiredDefaults } from "./customMetadata.js"
import { badRequest } from "./errors.js"
import { parseExtensions, runExtensions } from "./extensions.js"
import { json } from "./input.js"
import { inspectMedia } from "./media.js"
import { sanitizeFileName, sanitizeFolderPath, withSuffix } from "./paths.js"
import { uniqueSuffix } from "./random.js"
import { addVersion, createFile, type VersionDetails } from "./records.js"
import type { FormPart, ModelRequest, ModelResponse } from "./types.js"
import { uploadView } from "./views.js"

const invalidValue = (field: string) => badRequest(`Your request contains invalid value for ${field} parameter.`)

const textFields = (form: ReadonlyArray<FormPart>): Map<string, string> => {
  const fields = new Map<string, string>()
  for (const part of form) if ("value" in part) fields.set(part.name, part.value)
  return fields
}

const booleanField = (fields: Map<string, string>, name: string, fallback: boolean): boolean => {
  const value = fields.get(name)
  if (value === undefined) return fallback
  if (value === "true") return true
  if (value === "false") return false
  throw invalidValue(name)
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** A text `file` is base64 (optionally a data URI); remote URLs would need the network the model has not. */
const decodeTextFile = (text: string): Uint8Array => {
  if (/^https?:\/\//i.test(text)) {
    throw badRequest(
      "Your request contains invalid file parameter. The model cannot fetch remote URLs: start the emulator with " +
        "remoteFetch: true to upload from a 127.0.0.1 or localhost URL."
    )
  }
  const payload = text.startsWith("data:") ? text.slice(text.indexOf(",") + 1) : text
  const compact = payload.replace(/\s/g, "")
  if (compact.length === 0 || compact.length % 4 === 1 || !BASE64.test(compact)) {
    throw badRequest("Your request contains invalid file parameter.")
  }
  const binary = atob(compact)
  return Uint8Array.from(binary, (char) => char.charCodeAt(0))
}

const fileBytes = (form: ReadonlyArray<FormPart>): Uint8Array => {
  const part = form.find((candidate) => candidate.name === "file")
  if (part === undefined) throw badRequest("Your request is missing file parameter.")
  return "data" in part ? part.data : decodeTextFile(part.value)
}

/** "a, b,,c" → ["a", "b", "c"]; absent → null, as the API reports a file without tags. */
const tagList = (value: string | undefined): ReadonlyArray<string> | null => {
  if (value === undefined) return null
  const tags = value
    .split(",")
    .map((tag) => tag.trim())
    .filter((tag) => tag !== "")
  return tags.length === 0 ? null : [...new Set(tags)]
}

const COORDINATES = /^\d+,\d+,\d+,\d+$/

const parseCustomMetadata = (value: string | undefined): unknown => {
  if (value === undefined) return {}
  try {
    return JSON.parse(value)
  } catch {
    throw badRequest("Invalid custom metadata.", { help: "customMetadata should be a JSON object." })
  }
}

export const upload = (context: ModelContext, request: ModelRequest): ModelResponse => {
  const form = request.form
  if (form === undefined) throw badRequest("Your request should be multipart/form-data.")
  const fields = textFields(form)
  const bytes = fileBytes(form)
  const requestedName = fields.get("fileName")
  if (requestedName === undefined || requestedName === "")
    throw badRequest("Your request is missing fileName parameter.")
  const folder = sanitizeFolderPath(fields.get("folder") ?? "/")
  const useUniqueFileName = booleanField(fields, "useUniqueFileName", true)
  const overwriteFile = booleanField(fields, "overwriteFile", true)
  const isPrivateFile = booleanField(fields, "isPrivateFile", false)
  const isPublished = booleanField(fields, "isPublished", true)
  const customCoordinates = fields.get("customCoordinates") ?? null
  if (customCoordinates !== null && !COORDINATES.test(customCoordinates)) throw invalidValue("customCoordinates")

  const baseName = sanitizeFileName(requestedName)
  const name = useUniqueFileName ? withSuffix(baseName, uniqueSuffix(context.random)) : baseName
  const existing = context.state.fileAt(folder, name)
  if (existing !== undefined && !overwriteFile) {
    throw badRequest(
      "A file with the same name already exists at the exact location. We could not overwrite it because both " +
        "overwriteFile and useUniqueFileName are set to false."
    )
  }

  const extensionsText = fields.get("extensions")
  const extensions = extensionsText === undefined ? [] : parseExtensions(context, extensionsText)
  const fieldsDefined = context.state.activeFields()
  const given = mergeCustomMetadata(fieldsDefined, {}, parseCustomMetadata(fields.get("customMetadata")), false)
  const previous = existing?.current
  // On overwrite, the old tags and metadata survive only when the caller asks to keep them and sends none.
  const keepTags = previous !== undefined && !booleanField(fields, "overwriteTags", true)
  const keepAITags = previous !== undefined && !booleanField(fields, "overwriteAITags", true)
  const keepMetadata = previous !== undefined && !booleanField(fields, "overwriteCustomMetadata", true)
  const tags = tagList(fields.get("tags"))
  const details: VersionDetails = {
    content: { bytes: bytes.slice(), media: inspectMedia(bytes, baseName) },
    tags: tags ?? (keepTags ? previous.tags : null),
    AITags: keepAITags ? previous.AITags : null,
    customCoordinates,
    customMetadata: requiredDefaults(
      fieldsDefined,
      keepMetadata && fields.get("customMetadata") === undefined ? previous.customMetadata : given
    ),
    description: fields.get("description"),
    isPublished
  }
  let file = existing
  if (file === undefined) {
    file = createFile(context, folder, name, isPrivateFile, details)
  } else {
    file.isPrivateFile = isPrivateFile
    addVersion(context, file, details)
  }
  const extensionStatus = runExtensions(context, extensions, file.current, file.name)
  return json(uploadView(context, file, extensions.length === 0 ? undefined : extensionStatus))
}
