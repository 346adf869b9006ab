/**
 * Upload options → ordered multipart parts, serialised field by field as imagekit@6 did (`libs/upload/index.ts`), so
 * the upload endpoint sees the same form. The file part carries the caller's `file` as given; the SDK reads it only
 * while the request is sent.
 */
import type * as ImageKitRequest from "@effect-imagekit/sdk/ImageKitRequest"
import * as Upload from "@effect-imagekit/sdk/Upload"
import * as Either from "effect/Either"
import { describeError, isObjectLike, own } from "./checks.js"
import { fail, type V6Error } from "./errors.js"

/** The parts of an upload request and the span attributes describing it. */
export interface UploadForm {
  readonly parts: ReadonlyArray<ImageKitRequest.Part>
  readonly attributes: Readonly<Record<string, string>>
}

/** v6's transformation checks, in v6's order. A null or undefined `post` item made v6 throw a TypeError. */
const checkTransformation = (transformation: unknown): Either.Either<void, V6Error> => {
  const keys = Object.keys(Object(transformation))
  if (!keys.includes("pre") && !keys.includes("post")) return fail("INVALID_TRANSFORMATION")
  if (keys.includes("pre") && !own(transformation, "pre")) return fail("INVALID_PRE_TRANSFORMATION")
  if (keys.includes("post")) {
    const post = own(transformation, "post")
    if (!Array.isArray(post)) return fail("INVALID_POST_TRANSFORMATION")
    for (const step of post as ReadonlyArray<unknown>) {
      if (step === null || step === undefined) {
        return fail("INVALID_POST_TRANSFORMATION", "Each post transformation must be an object with a type")
      }
      const type = own(step, "type")
      if (type === "abs" && !(own(step, "protocol") || own(step, "value"))) return fail("INVALID_POST_TRANSFORMATION")
      if (type === "transformation" && !own(step, "value")) return fail("INVALID_POST_TRANSFORMATION")
    }
  }
  return Either.void
}

const isBlob = (u: unknown): u is Blob => typeof Blob !== "undefined" && u instanceof Blob

/** The size of an in-memory file, for the span; streams and paths report theirs while they are sent. */
const sizeOf = (file: unknown): number | undefined => {
  if (ArrayBuffer.isView(file)) return file.byteLength
  if (Object.prototype.toString.call(file) === "[object ArrayBuffer]") return (file as ArrayBuffer).byteLength
  if (isBlob(file)) return file.size
  return undefined
}

/**
 * The file part's filename as form-data wrote it for v6: `path.basename` of the name. A name that is only
 * slashes keeps its full text, because a part without a filename would reach the server as a text field.
 */
const partFileName = (fileName: string): string => {
  let end = fileName.length
  while (end > 0 && fileName.charCodeAt(end - 1) === 47) end--
  const base = fileName.slice(fileName.lastIndexOf("/", end - 1) + 1, end)
  return base === "" ? fileName : base
}

const FILE_HELP =
  "file should be a URL or base64 string, a Buffer/Uint8Array, an ArrayBuffer, a Blob/File, a path from ImageKit.fromPath, a ReadableStream, a Node Readable or an Effect Stream of bytes"

/** Serialises one option the way v6's `form.append` calls did. */
const fieldValue = (key: string, value: unknown): string => {
  if ((key === "tags" || key === "responseFields") && Array.isArray(value)) return value.join(",")
  if (key === "extensions" && Array.isArray(value)) return JSON.stringify(value)
  const isRecord = typeof value === "object" && value !== null
  if ((key === "customMetadata" && isRecord && !Array.isArray(value)) || (key === "transformation" && isRecord)) {
    // form-data turned the `undefined` of a `toJSON` returning nothing into "undefined".
    return JSON.stringify(value) ?? "undefined"
  }
  // v6 appended a truthy `checks` unconverted; for the string it is documented as, that is the same text.
  return String(value)
}

/**
 * Validates upload options in v6's order and v6's messages, then lists the fields in the caller's own-key
 * order. Keys whose value is `undefined` are left out (v6 sent the text "undefined", e.g. creating a folder
 * named `undefined`); `null` is still sent as "null", as v6 did.
 */
export const uploadForm = (options: unknown): Either.Either<UploadForm, V6Error> => {
  if (!isObjectLike(options)) return fail("MISSING_UPLOAD_DATA")
  const file = own(options, "file")
  if (!file) return fail("MISSING_UPLOAD_FILE_PARAMETER")
  const fileNameValue = own(options, "fileName")
  if (!fileNameValue) return fail("MISSING_UPLOAD_FILENAME_PARAMETER")
  const transformation = own(options, "transformation")
  if (transformation) {
    const checked = checkTransformation(transformation)
    if (Either.isLeft(checked)) return Either.left(checked.left)
  }
  let fileName: string
  try {
    fileName = String(fileNameValue)
  } catch (error) {
    return fail("MISSING_UPLOAD_FILENAME_PARAMETER", `fileName cannot be converted to text: ${describeError(error)}`)
  }

  const parts: Array<ImageKitRequest.Part> = []
  const attributes: Record<string, string> = { "imagekit.file_name": fileName }
  const record = options as Record<string, unknown>
  for (const key of Object.keys(options)) {
    const value = record[key]
    // v6 skipped the empty key (`if (key)`).
    if (key === "" || value === undefined) continue
    if (key === "file" && typeof value !== "string") {
      if (!Upload.isUploadFile(value)) return fail("MISSING_UPLOAD_FILE_PARAMETER", FILE_HELP)
      // A Blob/File that states its own type knows better than an extension guess; the guess uses the whole
      // name, as form-data's did.
      const contentType = isBlob(value) && value.type !== "" ? value.type : Upload.contentTypeOf(fileName)
      parts.push({ _tag: "File", name: key, fileName: partFileName(fileName), contentType, file: value })
      const size = sizeOf(value)
      if (size !== undefined) attributes["imagekit.file_size"] = String(size)
      continue
    }
    try {
      parts.push({ _tag: "Field", name: key, value: fieldValue(key, value) })
    } catch (error) {
      return fail("MISSING_UPLOAD_DATA", `The ${key} value cannot be serialised: ${describeError(error)}`)
    }
    if (key === "folder" && typeof value === "string") attributes["imagekit.folder_path"] = value
  }
  return Either.right({ parts, attributes })
}
