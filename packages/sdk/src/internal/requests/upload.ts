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

// A JWT: three base64url parts.
const Token = Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)).annotations({
  message: () => ({ message: "expected a JWT from Signing.uploadToken (header.payload.signature)", override: true })
})

const knownV2 = { ...known, token: Schema.optional(Token) }

const UploadV2Schema = Schema.Struct(knownV2).annotations(
  expected("upload options: an object with file and fileName (and token, for a client-side upload)", "container")
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
const decodeV2Options = decode(UploadV2Schema, "options", HELP, { read: "shallow" })

const isBlob = (u: unknown): u is Blob => typeof Blob !== "undefined" && u instanceof Blob

const EXTRA_NAME = /^[A-Za-z][A-Za-z0-9]*$/

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

/** The top level of the options as data: the file kept as the caller's, every other value copied. */
const readOptions = (options: unknown): Either.Either<unknown, InvalidInputError> =>
  Either.gen(function* () {
    const top = yield* Either.mapLeft(toShallowData(options), (reason) =>
      invalidInput("options", reason, HELP(undefined))
    )
    if (typeof top !== "object" || top === null || Array.isArray(top)) return top
    // Everything but the file is copied as data now; the file stays the caller's, read while the request is sent.
    const data: Record<string, unknown> = Object.create(null)
    for (const [key, value] of Object.entries(top)) {
      data[key] =
        key === "file" ? value : yield* Either.mapLeft(toData(value), (reason) => invalidInput(key, reason, HELP(key)))
    }
    return data
  })

interface Decoded {
  readonly file: UploadFile
  readonly fileName: string
  readonly folder?: string | undefined
  readonly [key: string]: unknown
}

/** The multipart parts: one per option given, in the caller's order, by the rules at the top of this module. */
const formParts = (
  data: Readonly<Record<string, unknown>>,
  decoded: Decoded,
  isKnownKey: (key: string) => boolean
): Either.Either<ReadonlyArray<ImageKitRequest.Part>, InvalidInputError> =>
  Either.gen(function* () {
    const { file, fileName } = decoded
    const parts: Array<ImageKitRequest.Part> = []
    for (const key of Object.keys(data)) {
      if (key === "file") {
        if (typeof file === "string") parts.push({ _tag: "Field", name: "file", value: file })
        else {
          const contentType = isBlob(file) && file.type !== "" ? file.type : contentTypeFor(fileName)
          parts.push({ _tag: "File", name: "file", fileName, contentType, file })
        }
      } else if (isKnownKey(key)) {
        const value: unknown = decoded[key]
        if (value !== undefined) parts.push({ _tag: "Field", name: key, value: fieldText(key, value) })
      } else if (data[key] !== undefined) {
        parts.push(yield* extraField(key, data[key]))
      }
    }
    return parts
  })

const uploadAttributes = (decoded: Decoded): Readonly<Record<string, string>> => {
  const size = typeof decoded.file === "string" ? undefined : toSource(decoded.file)?.size
  return {
    "imagekit.file_name": decoded.fileName,
    ...(size === undefined ? {} : { "imagekit.file_size": String(size) }),
    ...(decoded.folder === undefined ? {} : { "imagekit.folder_path": decoded.folder })
  }
}

const asRecord = (data: unknown): Readonly<Record<string, unknown>> =>
  typeof data === "object" && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {}

/** POST upload.imagekit.io/api/v1/files/upload, multipart. */
export const upload = (options: unknown): Either.Either<ImageKitRequest.ImageKitRequest, InvalidInputError> =>
  Either.gen(function* () {
    const data = yield* readOptions(options)
    const decoded = yield* decodeOptions(data)
    const parts = yield* formParts(asRecord(data), decoded, (key) => Object.hasOwn(known, key))
    return ImageKitRequest.make({
      operation: "upload",
      method: "POST",
      host: "upload",
      path: "/api/v1/files/upload",
      body: ImageKitRequest.multipart(parts),
      attributes: uploadAttributes(decoded)
    })
  })

/** The options of `uploadV2`: those of `upload`, and `token` for a client-side upload. */
export interface UploadV2Options extends UploadOptions {
  /**
   * A JWT from `Signing.uploadToken`, minted on a server for exactly these options (every one but `file` and
   * `token`). With a token the upload sends no key: a client holding only the token can upload, once, before the
   * token expires. Without one the client's private key authenticates the upload.
   */
  readonly token?: string | undefined
}

const TOKEN_HELP =
  "Mint a new token on the server with Signing.uploadToken for exactly these upload options (every one but file and token)"

const fromBase64Url = (text: string): string | undefined => {
  try {
    const base64 = text.replace(/-/g, "+").replace(/_/g, "/")
    const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4))
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))
  } catch {
    return undefined
  }
}

/** The claims of a JWT, read without checking the signature (only the server can: it holds the key). */
const tokenClaims = (token: string): Readonly<Record<string, unknown>> | undefined => {
  const text = fromBase64Url(token.split(".")[1] ?? "")
  if (text === undefined) return undefined
  try {
    const claims: unknown = JSON.parse(text)
    return typeof claims === "object" && claims !== null && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/** A claim as the form carries it (the same rule `Signing.uploadToken` signs with). */
const claimText = (value: unknown): string =>
  typeof value === "string"
    ? value
    : typeof value === "number" || typeof value === "boolean"
      ? String(value)
      : JSON.stringify(value)

/**
 * What the SDK can know about a token before sending it: that it is a JWT, unexpired at `now`, and signed for
 * exactly the fields of this form. That its signature is good and that it was not used before only the server knows.
 */
const checkToken = (
  token: string,
  parts: ReadonlyArray<ImageKitRequest.Part>,
  now: number
): Either.Either<void, InvalidInputError> => {
  const claims = tokenClaims(token)
  if (claims === undefined) return Either.left(invalidInput("token", "its payload is not a JSON object", TOKEN_HELP))
  const exp = claims.exp
  if (typeof exp === "number" && exp * 1000 <= now) {
    return Either.left(invalidInput("token", `it expired at ${new Date(exp * 1000).toISOString()}`, TOKEN_HELP))
  }
  const form = new Map<string, string>()
  for (const part of parts) if (part._tag === "Field" && part.name !== "file") form.set(part.name, part.value)
  for (const [name, value] of form) {
    if (!Object.hasOwn(claims, name)) {
      return Either.left(invalidInput(name, "it is not in the token's signed payload", TOKEN_HELP))
    }
    if (claimText(claims[name]) !== value) {
      return Either.left(invalidInput(name, "it differs from the value signed in the token", TOKEN_HELP))
    }
  }
  for (const name of Object.keys(claims)) {
    if (name !== "iat" && name !== "exp" && !form.has(name)) {
      return Either.left(invalidInput(name, "the token signs it, but the upload options leave it out", TOKEN_HELP))
    }
  }
  return Either.right(undefined)
}

/**
 * POST upload.imagekit.io/api/v2/files/upload, multipart. With `token` the form carries it (last) and `withKey` is
 * false: the request must go without the private key, as the API refuses both.
 */
export const uploadV2 = (
  options: unknown,
  now: number
): Either.Either<{ readonly request: ImageKitRequest.ImageKitRequest; readonly withKey: boolean }, InvalidInputError> =>
  Either.gen(function* () {
    const data = yield* readOptions(options)
    const decoded = yield* decodeV2Options(data)
    const record = asRecord(data)
    const { token } = decoded
    const formData: Record<string, unknown> = Object.create(null)
    for (const key of Object.keys(record)) if (key !== "token") formData[key] = record[key]
    const parts = yield* formParts(formData, decoded, (key) => Object.hasOwn(known, key))
    if (token !== undefined) yield* checkToken(token, parts, now)
    return {
      request: ImageKitRequest.make({
        operation: "uploadV2",
        method: "POST",
        host: "upload",
        path: "/api/v2/files/upload",
        body: ImageKitRequest.multipart(
          token === undefined ? parts : [...parts, { _tag: "Field", name: "token", value: token }]
        ),
        attributes: { ...uploadAttributes(decoded), "imagekit.upload_auth": token === undefined ? "key" : "token" }
      }),
      withKey: token === undefined
    }
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
  readonly api: "v1" | "v2"
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
    const api = record.api ?? "v1"
    if (api !== "v1" && api !== "v2") {
      return yield* Either.left(invalidInput("api", `expected "v1" or "v2", got ${describeValue(api)}`, MANY_HELP))
    }
    return {
      items,
      concurrency,
      api,
      onProgress: yield* readCallback<(index: number, progress: P) => void>(record, "onProgress", MANY_HELP),
      onSettled: yield* readCallback<(outcome: O) => void>(record, "onSettled", MANY_HELP)
    }
  })
