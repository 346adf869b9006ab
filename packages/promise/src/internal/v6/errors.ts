/**
 * imagekit@6's validation errors: the texts of its `libs/constants/errorMessages.ts`, kept verbatim (typos
 * included) so that code which matched on v6's `{ message, help }` keeps working, and the error value itself.
 */
import * as Either from "effect/Either"

/**
 * An argument rejected before any request is sent: what v6 passed to the callback or rejected with. Where v6
 * failed with a native `TypeError` instead, the closest v6 message is used and `help` says what was wrong.
 */
export interface V6Error {
  readonly message: string
  readonly help: string
}

const entry = (message: string, help = ""): V6Error => ({ message, help })

/** imagekit@6's error table: the entries the API methods use. */
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
export const invalid = (key: ErrorKey, help?: string): V6Error => ({
  message: errors[key].message,
  help: help ?? errors[key].help
})

export const fail = (key: ErrorKey, help?: string): Either.Either<never, V6Error> => Either.left(invalid(key, help))
