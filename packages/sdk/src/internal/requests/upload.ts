/**
 * The upload request: options checked with a Schema, then one multipart field per option, in the caller's order,
 * by these rules:
 *
 * - `file`: a string (a URL or base64) is a text field; anything else `Upload.isUploadFile` accepts is the file
 *   part, read only while the request is sent. Its `Content-Type` is the Blob's own type, or the type for the
 *   extension of `fileName` (`Upload.contentTypeOf`);
 * - `tags`, `responseFields`: a list is joined with ",", a string is sent as it is;
 * - `extensions`, `customMetadata`, `transformation`: JSON;
 * - booleans: "true" / "false"; other strings as they are; an option whose value is `undefined` is left out;
 * - any other own key (an upload field this version does not know yet) is sent as a text field when its name is
 *   letters and digits and its value a string, a finite number or a boolean; anything else is refused.
 *
 * The options are read once, own enumerable keys only, into null-prototype data: an inherited or `__proto__` key is
 * never structure.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type { InvalidInputError } from "../../ImageKitError.js"
import * as ImageKitRequest from "../../ImageKitRequest.js"
import { contentTypeFor } from "../mime.js"
import { isUploadFile, toSource, type UploadFile } from "../uploadSources.js"
import { Flag, JsonRecord, NonEmptyString, StringOrStrings, Text } from "./common.js"
import { type Extension, Extensions } from "./extensions.js"
import { decode, describeValue, expected, invalidInput, toData, toShallowData } from "./input.js"

export type { UploadFile } from "../uploadSources.js"

/** A post-upload transformation step (upload API `transformation.post`). */
export type UploadPostTransformation =
  | { readonly type: "transformation"; readonly value: string }
  | { readonly type: "gif-to-video" | "thumbnail"; readonly value?: string | undefined }
  | { readonly type: "abs"; readonly value: string; readonly protocol: "hls" | "dash" }

export interface UploadTransformation {
  readonly pre?: string | undefined
  readonly post?: ReadonlyArray<UploadPostTransformation> | undefined
}

/**
 * The upload API's form fields (`FileUploadV1`). See {@link UploadFile} for what `file` may be.
 */
export interface UploadOptions {
  readonly file: UploadFile
  readonly fileName: string
  readonly useUniqueFileName?: boolean | undefined
  readonly tags?: string | ReadonlyArray<string> | undefined
  readonly folder?: string | undefined
  readonly isPrivateFile?: boolean | undefined
  readonly isPublished?: boolean | undefined
  readonly customCoordinates?: string | undefined
  readonly responseFields?: string | ReadonlyArray<string> | undefined
  readonly extensions?: ReadonlyArray<Extension> | undefined
  readonly webhookUrl?: string | undefined
  readonly overwriteFile?: boolean | undefined
  readonly overwriteAITags?: boolean | undefined
  readonly overwriteTags?: boolean | undefined
  readonly overwriteCustomMetadata?: boolean | undefined
  readonly customMetadata?: Readonly<Record<string, unknown>> | undefined
  readonly transformation?: UploadTransformation | undefined
  readonly checks?: string | undefined
  readonly description?: string | undefined
}

const File = Schema.declare((u: unknown): u is UploadFile =>
  typeof u === "string" ? u !== "" : isUploadFile(u)
).annotations(
  expected(
    "a URL or base64 string, bytes (Uint8Array, Buffer, ArrayBuffer), a Blob, a path from Upload.fromPath, a ReadableStream, a Node Readable or an Effect Stream"
  )
)

const PostStep = Schema.Union(
  Schema.Struct({ type: Schema.Literal("transformation"), value: NonEmptyString }),
  Schema.Struct({ type: Schema.Literal("gif-to-video", "thumbnail"), value: Schema.optional(Text) }),
  Schema.Struct({ type: Schema.Literal("abs"), value: NonEmptyString, protocol: Schema.Literal("hls", "dash") })
).annotations(
  expected(
    '{ type: "transformation", value }, { type: "gif-to-video" | "thumbnail", value? } or { type: "abs", value, protocol: "hls" | "dash" }'
  )
)

const Transformation = Schema.Struct({
  pre: Schema.optional(NonEmptyString),
  post: Schema.optional(
    Schema.Array(PostStep).annotations(expected("an array of post-transformation steps", "container"))
  )
})
  .pipe(Schema.filter((transformation) => transformation.pre !== undefined || transformation.post !== undefined))
  .annotations(expected("{ pre?, post? } with at least one of them", "container"))

const known = {
  file: File,
  fileName: NonEmptyString,
  useUniqueFileName: Schema.optional(Flag),
  tags: Schema.optional(StringOrStrings),
  folder: Schema.optional(Text),
  isPrivateFile: Schema.optional(Flag),
  isPublished: Schema.optional(Flag),
  customCoordinates: Schema.optional(Text),
  responseFields: Schema.optional(StringOrStrings),
  extensions: Schema.optional(Extensions),
  webhookUrl: Schema.optional(Text),
  overwriteFile: Schema.optional(Flag),
  overwriteAITags: Schema.optional(Flag),
  overwriteTags: Schema.optional(Flag),
  overwriteCustomMetadata: Schema.optional(Flag),
  customMetadata: Schema.optional(JsonRecord),
  transformation: Schema.optional(Transformation),
  checks: Schema.optional(Text),
  description: Schema.optional(Text)
}

const UploadSchema = Schema.Struct(known).annotations(
  expected("upload options: an object with file and fileName", "container")
)

const HELP = (key: string | undefined): string =>
  key === "file"
    ? "Pass the file: bytes, a Blob, Upload.fromPath(path), a stream, or a URL or base64 string"
    : key === "fileName"
      ? "Pass the name to store the file under, e.g. fileName: 'photo.jpg'"
      : key === undefined
        ? "Pass { file, fileName } and any upload options (see UploadOptions)"
        : `See UploadOptions.${key}`

// The values were copied as data above; only the top level is read again, so `file` stays the caller's object.
const decodeOptions = decode(UploadSchema, "options", HELP, { read: "shallow" })

const isBlob = (u: unknown): u is Blob => typeof Blob !== "undefined" && u instanceof Blob

const EXTRA_NAME = /^[A-Za-z][A-Za-z0-9]*$/

const isKnown = (key: string): key is keyof typeof known => Object.hasOwn(known, key)

/** One option's text, by the rules above (the value was decoded, or checked to be a scalar). */
const fieldText = (key: string, value: unknown): string => {
  if (key === "extensions" || key === "customMetadata" || key === "transformation") return JSON.stringify(value)
  if (Array.isArray(value)) return value.join(",")
  return String(value)
}

/** A text field for an option this version does not model, if it can be one. */
const extraField = (key: string, value: unknown): Either.Either<ImageKitRequest.Part, InvalidInputError> => {
  if (!EXTRA_NAME.test(key)) {
    return Either.left(
      invalidInput(
        `options[${JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key)}]`,
        "it is not an upload option, and only names of letters and digits are sent as extra form fields",
        "Remove it, or check its spelling against UploadOptions"
      )
    )
  }
  if (
    typeof value === "string" ||
    typeof value === "boolean" ||
    (typeof value === "number" && Number.isFinite(value))
  ) {
    return Either.right({ _tag: "Field", name: key, value: String(value) })
  }
  return Either.left(
    invalidInput(
      key,
      `expected a string, a finite number or a boolean for a field this SDK does not model, got ${describeValue(value)}`,
      "Remove it, or check its spelling against UploadOptions"
    )
  )
}

/** POST upload.imagekit.io/api/v1/files/upload, multipart. */
export const upload = (options: unknown): Either.Either<ImageKitRequest.ImageKitRequest, InvalidInputError> =>
  Either.gen(function* () {
    const top = yield* Either.mapLeft(toShallowData(options), (reason) =>
      invalidInput("options", reason, HELP(undefined))
    )
    // Everything but the file is copied as data now; the file stays the caller's, read while the request is sent.
    const data: Record<string, unknown> = Object.create(null)
    if (typeof top === "object" && top !== null && !Array.isArray(top)) {
      for (const [key, value] of Object.entries(top)) {
        data[key] =
          key === "file"
            ? value
            : yield* Either.mapLeft(toData(value), (reason) => invalidInput(key, reason, HELP(key)))
      }
    }
    const decoded = yield* decodeOptions(typeof top === "object" && top !== null && !Array.isArray(top) ? data : top)
    const { file, fileName } = decoded
    const parts: Array<ImageKitRequest.Part> = []
    for (const key of Object.keys(data)) {
      if (key === "file") {
        if (typeof file === "string") parts.push({ _tag: "Field", name: "file", value: file })
        else {
          const contentType = isBlob(file) && file.type !== "" ? file.type : contentTypeFor(fileName)
          parts.push({ _tag: "File", name: "file", fileName, contentType, file })
        }
      } else if (isKnown(key)) {
        const value: unknown = decoded[key]
        if (value !== undefined) parts.push({ _tag: "Field", name: key, value: fieldText(key, value) })
      } else if (data[key] !== undefined) {
        parts.push(yield* extraField(key, data[key]))
      }
    }
    const size = typeof file === "string" ? undefined : toSource(file)?.size
    return ImageKitRequest.make({
      operation: "upload",
      method: "POST",
      host: "upload",
      path: "/api/v1/files/upload",
      body: ImageKitRequest.multipart(parts),
      attributes: {
        "imagekit.file_name": fileName,
        ...(size === undefined ? {} : { "imagekit.file_size": String(size) }),
        ...(decoded.folder === undefined ? {} : { "imagekit.folder_path": decoded.folder })
      }
    })
  })

// -------------------------------------------------------------------------------------------------------------------
// The per-call settings of upload and uploadMany
// -------------------------------------------------------------------------------------------------------------------

/** A callback the caller passed, checked to be a function; its parameters are the ones documented for it. */
const isCallback = <F>(u: unknown): u is F => typeof u === "function"

const readCallback = <F>(
  record: Readonly<Record<string, unknown>>,
  key: string,
  help: string
): Either.Either<F | undefined, InvalidInputError> => {
  const value = record[key]
  if (value === undefined || isCallback<F>(value)) return Either.right(value)
  return Either.left(invalidInput(key, `expected a function, got ${describeValue(value)}`, help))
}

/** The own keys of an optional settings object, as data; `Left` when it is not an object. */
const settingsRecord = (
  u: unknown,
  name: string,
  help: string
): Either.Either<Readonly<Record<string, unknown>>, InvalidInputError> =>
  Either.gen(function* () {
    if (u === undefined || u === null) return {}
    const data = yield* Either.mapLeft(toShallowData(u), (reason) => invalidInput(name, reason, help))
    if (typeof data !== "object" || data === null || Array.isArray(data)) {
      return yield* Either.left(invalidInput(name, `expected an object, got ${describeValue(data)}`, help))
    }
    return data as Readonly<Record<string, unknown>>
  })

const PROGRESS_HELP = "Pass onProgress: (progress) => { … }, or leave it out"

/** `upload`'s settings: an optional `onProgress` function. */
export const uploadSettings = <P>(
  settings: unknown
): Either.Either<{ readonly onProgress: ((progress: P) => void) | undefined }, InvalidInputError> =>
  Either.map(
    Either.flatMap(settingsRecord(settings, "settings", PROGRESS_HELP), (record) =>
      readCallback<(progress: P) => void>(record, "onProgress", PROGRESS_HELP)
    ),
    (onProgress) => ({ onProgress })
  )

export interface UploadManyArguments<P, O> {
  readonly items: ReadonlyArray<unknown>
  readonly concurrency: number
  readonly onProgress: ((index: number, progress: P) => void) | undefined
  readonly onSettled: ((outcome: O) => void) | undefined
}

const MANY_HELP =
  "Pass an array (or any iterable) of upload options, and optionally { concurrency, onProgress, onSettled }"

const readItems = (files: unknown): Either.Either<ReadonlyArray<unknown>, InvalidInputError> => {
  try {
    const iterator: unknown =
      typeof files === "object" && files !== null ? (files as Partial<Iterable<unknown>>)[Symbol.iterator] : undefined
    if (typeof iterator !== "function") {
      return Either.left(
        invalidInput("files", `expected an iterable of upload options, got ${describeValue(files)}`, MANY_HELP)
      )
    }
    return Either.right(Array.from(files as Iterable<unknown>))
  } catch (error) {
    return Either.left(
      invalidInput("files", `reading it threw ${error instanceof Error ? error.message : "an exception"}`, MANY_HELP)
    )
  }
}

/**
 * `uploadMany`'s arguments: the files (read once, now), a concurrency (a positive integer, default 4) and the two
 * optional callbacks. Each file's own options are checked when its upload runs, and fail only that file.
 */
export const uploadManyArguments = <P, O>(
  files: unknown,
  options: unknown,
  defaultConcurrency: number
): Either.Either<UploadManyArguments<P, O>, InvalidInputError> =>
  Either.gen(function* () {
    const items = yield* readItems(files)
    const record = yield* settingsRecord(options, "options", MANY_HELP)
    const concurrency = record.concurrency ?? defaultConcurrency
    if (typeof concurrency !== "number" || !Number.isInteger(concurrency) || concurrency < 1) {
      return yield* Either.left(
        invalidInput("concurrency", `expected a positive integer, got ${describeValue(concurrency)}`, MANY_HELP)
      )
    }
    return {
      items,
      concurrency,
      onProgress: yield* readCallback<(index: number, progress: P) => void>(record, "onProgress", MANY_HELP),
      onSettled: yield* readCallback<(outcome: O) => void>(record, "onSettled", MANY_HELP)
    }
  })
