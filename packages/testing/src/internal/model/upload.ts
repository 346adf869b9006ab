/**
 * POST /api/v1/files/upload (and /api/v2/files/upload once its token is checked): multipart fields → a new file, or
 * a new version of an existing one.
 */
import type { ModelContext } from "./context.js"
import { mergeCustomMetadata, requiredDefaults } from "./customMetadata.js"
import { authenticationParameters } from "@effect-imagekit/core/Signing"
import { badRequest, ModelError } from "./errors.js"
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

const CLIENT_FIELDS = ["signature", "token", "expire"] as const
const MAX_EXPIRE_SECONDS = 3600

/**
 * A v1 upload from a browser: no private key, but `publicKey`, a one-time `token`, `expire` (Unix seconds, at most an
 * hour ahead) and `signature` = HMAC-SHA1 of `token + expire` with the private key. A token works once, even when the
 * upload it came with failed.
 */
const checkClientAuth = (context: ModelContext, fields: Map<string, string>, authenticated: boolean): void => {
  const sent = CLIENT_FIELDS.filter((name) => fields.has(name))
  if (authenticated) {
    if (fields.has("signature")) {
      throw badRequest(
        "Your request contains both signature and basic auth parameter. Use only one method, you might be " +
          "exposing your private API key."
      )
    }
    return
  }
  if (sent.length === 0) {
    throw new ModelError(
      401,
      "Your request does not contain private API key or it is invalid.",
      {},
      "Use your private API key as the Basic auth user name, or sign a client-side upload (token, expire, signature)"
    )
  }
  for (const name of CLIENT_FIELDS) {
    if (!fields.has(name) || fields.get(name) === "") throw badRequest(`Your request is missing ${name} parameter.`)
  }
  if (fields.get("publicKey") !== context.keys.publicKey) {
    throw badRequest("Your request contains invalid publicKey parameter.")
  }
  const expireText = fields.get("expire") ?? ""
  const expire = Number(expireText)
  const now = context.now().getTime() / 1000
  if (!/^\d+$/.test(expireText) || expire <= now || expire > now + MAX_EXPIRE_SECONDS) {
    throw badRequest(
      "Your request contains invalid expire parameter. Expire parameter should be a Unix time in less than 1 hour " +
        "into the future."
    )
  }
  const token = fields.get("token") ?? ""
  const expected = authenticationParameters({ privateKey: context.keys.privateKey, token, expire: expireText })
  if (expected.signature !== fields.get("signature"))
    throw badRequest("Your request contains invalid signature parameter.")
  const key = `v1:${token}`
  if (context.state.usedTokens.has(key)) {
    throw badRequest(
      `The token with value '${token}' has been used before. We suggest using V4 UUIDs, or another random string with ` +
        "enough entropy to avoid collisions."
    )
  }
  context.state.usedTokens.set(key, expire)
}

/** The v1 upload; `uploadV2` calls it once its token is checked (`tokenChecked`). */
export const upload = (context: ModelContext, request: ModelRequest, tokenChecked = false): ModelResponse => {
  const form = request.form
  if (form === undefined) throw badRequest("Your request should be multipart/form-data.")
  const fields = textFields(form)
  if (!tokenChecked) checkClientAuth(context, fields, request.authenticated !== false)
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
    // Kept as given, not copied: the transports hand over bodies of their own (a 1 GiB upload is held once), and
    // seedFile copies the caller's bytes first.
    content: { bytes, media: inspectMedia(bytes, baseName) },
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
