/**
 * Argument checks shared by the request builders. The error texts are imagekit@6's
 * (`libs/constants/errorMessages.ts`) so that code which matched on v6's `{ message, help }` keeps working.
 *
 * Builders are called with whatever a Promise caller passes, so every helper here accepts `unknown` and
 * none of them throws.
 */
import * as Either from "effect/Either"

/**
 * An argument rejected before any request is sent. `message` and `help` carry imagekit@6's texts; where v6
 * failed with a native `TypeError` instead, the closest v6 message is used and `help` says what was wrong.
 */
export class InvalidInput {
  constructor(
    readonly message: string,
    readonly help: string
  ) {}
}

const entry = (message: string, help = "") => ({ message, help }) as const

/** imagekit@6's error table: the entries the API builders use, with v6's spelling kept verbatim. */
export const errors = {
  CACHE_PURGE_URL_MISSING: entry("Missing URL parameter for this request"),
  CACHE_PURGE_STATUS_ID_MISSING: entry("Missing Request ID parameter for this request"),
  FILE_ID_MISSING: entry("Missing fileId parameter for this request"),
  FILE_VERSION_ID_MISSING: entry("Missing versionId parameter for this request"),
  FILE_ID_OR_URL_MISSING: entry("Pass either fileId or remote URL of the image as first parameter"),
  INVALID_LIST_OPTIONS: entry("Pass a valid JSON list options e.g. {skip: 10, limit: 100}."),
  UPDATE_DATA_MISSING: entry("Missing file update data for this request"),
  MISSING_UPLOAD_DATA: entry("Missing data for upload"),
  MISSING_UPLOAD_FILE_PARAMETER: entry("Missing file parameter for upload"),
  MISSING_UPLOAD_FILENAME_PARAMETER: entry("Missing fileName parameter for upload"),
  JOB_ID_MISSING: entry("Missing jobId parameter"),
  INVALID_DESTINATION_FOLDER_PATH: entry(
    "Invalid destinationPath value",
    "It should be a string like '/path/to/folder'"
  ),
  INVALID_INCLUDE_VERSION: entry("Invalid includeFileVersions value", "It should be a boolean"),
  INVALID_SOURCE_FILE_PATH: entry("Invalid sourceFilePath value", "It should be a string like /path/to/file.jpg'"),
  INVALID_SOURCE_FOLDER_PATH: entry("Invalid sourceFolderPath value", "It should be a string like '/path/to/folder'"),
  INVALID_FOLDER_NAME: entry("Invalid folderName value"),
  INVALID_PARENT_FOLDER_PATH: entry("Invalid parentFolderPath value", "It should be a string like '/path/to/folder'"),
  INVALID_FOLDER_PATH: entry("Invalid folderPath value", "It should be a string like '/path/to/folder'"),
  INVALID_FILEIDS_VALUE: entry(
    "Invalid value for fileIds",
    "fileIds should be an array of fileId of the files. The array should have atleast one fileId."
  ),
  BULK_ADD_TAGS_INVALID: entry(
    "Invalid value for tags",
    "tags should be a non empty array of string like ['tag1', 'tag2']."
  ),
  CMF_NAME_MISSING: entry("Missing name parameter for this request"),
  CMF_LABEL_MISSING: entry("Missing label parameter for this request"),
  CMF_SCHEMA_MISSING: entry("Missing schema parameter for this request"),
  CMF_SCHEMA_INVALID: entry("Invalid value for schema", "schema should have a mandatory type field."),
  CMF_LABEL_SCHEMA_MISSING: entry("Both label and schema is missing"),
  CMF_FIELD_ID_MISSING: entry("Missing fieldId parameter for this request"),
  INVALID_FILE_PATH: entry(
    "Invalid value for filePath",
    "Pass the full path of the file. For example - /path/to/file.jpg"
  ),
  INVALID_NEW_FILE_NAME: entry("Invalid value for newFileName. It should be a string."),
  INVALID_PURGE_CACHE: entry("Invalid value for purgeCache. It should be boolean."),
  INVALID_TRANSFORMATION: entry("Invalid transformation parameter. Please include at least pre, post, or both."),
  INVALID_PRE_TRANSFORMATION: entry("Invalid pre transformation parameter."),
  INVALID_POST_TRANSFORMATION: entry("Invalid post transformation parameter."),
  // Not in v6's table: v6 sent any includeDeleted value, and failed with a TypeError on ones axios cannot
  // serialise. Worded like INVALID_INCLUDE_VERSION.
  INVALID_INCLUDE_DELETED: entry("Invalid includeDeleted value", "It should be a boolean")
} as const

export type ErrorKey = keyof typeof errors

/** The v6 error for `key`; `help` replaces v6's help text where the failure is one v6 did not report. */
export const invalid = (key: ErrorKey, help?: string): InvalidInput =>
  new InvalidInput(errors[key].message, help ?? errors[key].help)

export const fail = (key: ErrorKey, help?: string): Either.Either<never, InvalidInput> =>
  Either.left(invalid(key, help))

/** lodash `isObject`, which v6 used: functions count, `null` does not. */
export const isObjectLike = (u: unknown): u is object =>
  (typeof u === "object" && u !== null) || typeof u === "function"

const isEnumerable = Object.prototype.propertyIsEnumerable

/**
 * Reads an own enumerable property. v6 read inherited properties too (`for…in`, plain property access), which
 * lets a polluted `Object.prototype` inject request fields; only what the caller set on the object counts here.
 */
export const own = (u: unknown, key: string): unknown =>
  isObjectLike(u) && isEnumerable.call(u, key) ? (u as Record<string, unknown>)[key] : undefined

export const isNonEmptyString = (u: unknown): u is string => typeof u === "string" && u.length > 0

/** A thrown value as text, without letting a hostile `toString` escape. */
export const describeError = (error: unknown): string => {
  try {
    return error instanceof Error ? error.message : String(error)
  } catch {
    return "unknown error"
  }
}

/**
 * Snapshot of a JSON body exactly as the wire will carry it (`undefined` keys dropped, `null` kept, `toJSON`
 * applied), taken now so that later changes to the caller's objects cannot alter a retried request. Fails
 * for values `JSON.stringify` rejects (cycles, BigInt); v6 rejected those with a native error.
 */
export const jsonSnapshot = (value: unknown): Either.Either<unknown, string> => {
  try {
    const text = JSON.stringify(value)
    return Either.right(text === undefined ? undefined : JSON.parse(text))
  } catch (error) {
    return Either.left(describeError(error))
  }
}

/** A path parameter: its text (for span attributes) and its encoded form (for the path). */
export interface Segment {
  readonly raw: string
  readonly encoded: string
}

const SEGMENT_HELP = `It must not be "", "." or "..", which would change the request path`

/**
 * Turns a path parameter into exactly one URL segment. v6 concatenated ids raw, so `a/b`, `x?y` or
 * `../customMetadataFields/x` could reach another endpoint. `encodeURIComponent` keeps `/ ? # \` and CR/LF
 * inside the segment; `.`/`..` stay dot segments even when percent-encoded (WHATWG URL resolves `%2e%2e`),
 * so they, and the empty segment, are rejected with the parameter's own "missing" error.
 */
export const segment = (value: unknown, key: ErrorKey): Either.Either<Segment, InvalidInput> => {
  let raw: string
  try {
    raw = typeof value === "string" ? value : String(value)
  } catch (error) {
    return fail(key, `It cannot be converted to text: ${describeError(error)}`)
  }
  if (raw === "" || raw === "." || raw === "..") return fail(key, SEGMENT_HELP)
  try {
    return Either.right({ raw, encoded: encodeURIComponent(raw) })
  } catch {
    return fail(key, "It contains an unpaired UTF-16 surrogate, which has no URL encoding")
  }
}

/**
 * Runs a builder so that it can never throw: a Proxy or a throwing getter in the caller's arguments becomes an
 * `InvalidInput` carrying the operation's first v6 error message.
 */
export const guard = <A>(
  key: ErrorKey,
  build: () => Either.Either<A, InvalidInput>
): Either.Either<A, InvalidInput> => {
  try {
    return build()
  } catch (error) {
    return fail(key, `The arguments could not be read: ${describeError(error)}`)
  }
}
