/**
 * An in-memory model of the ImageKit API, shared by the mock `HttpClient` layer and the loopback emulator.
 * It is transport-neutral (`handle` takes a parsed request and returns status, headers and a JSON body),
 * synchronous, free of I/O, and deterministic when given a seed (or a random source) and a clock.
 */
import { ModelContext, TEST_KEYS } from "./context.js"
import { type DeliveryAnswer, type DeliveryRequest, deliver } from "./delivery.js"
import { resolveUrl } from "./files.js"
import { type SeededRandom, seededRandom } from "./random.js"
import { dispatch } from "./router.js"
import { type ModelSnapshot, restoreSnapshot, takeSnapshot } from "./snapshot.js"
import type { FormPart, ModelHooks, ModelOptions, ModelRequest, ModelResponse } from "./types.js"
import { fileView, folderView } from "./views.js"

export { ModelError, SUPPORT_HELP } from "./errors.js"
export { pHashOf } from "./phash.js"
export { inspectMedia, type MediaInfo } from "./media.js"
export type { DeliveryAnswer, DeliveryRequest } from "./delivery.js"
export { seededRandom, steppingClock } from "./random.js"
export type { ModelSnapshot } from "./snapshot.js"
export type { Clock, FormPart, ModelHooks, ModelOptions, ModelRequest, ModelResponse, Random } from "./types.js"

export const DEFAULT_URL_ENDPOINT = "https://ik.imagekit.io/emulator"

/** Upload options for `seedFile`, in the upload API's terms. */
export interface SeedFileOptions {
  readonly fileName: string
  readonly data: Uint8Array
  readonly folder?: string
  readonly tags?: ReadonlyArray<string>
  readonly useUniqueFileName?: boolean
  readonly isPrivateFile?: boolean
  readonly customMetadata?: Readonly<Record<string, unknown>>
}

export interface StoredFile {
  readonly bytes: Uint8Array
  readonly mime: string
  readonly isPrivateFile: boolean
  readonly isPublished: boolean
}

export interface Model {
  /** Answers one API request. */
  readonly handle: (request: ModelRequest) => ModelResponse
  /** The stored file (or version, through `ik-obj-version`) a delivery URL points at, for serving bytes. */
  readonly readUrl: (url: string) => StoredFile | undefined
  /**
   * Answers a delivery URL as ImageKit's CDN does (named transformations, signed and private files) and counts it
   * in usage analytics.
   */
  readonly deliver: (request: DeliveryRequest) => DeliveryAnswer
  /** Every current file as `getFileDetails` would answer it, in creation order. */
  readonly files: () => ReadonlyArray<Record<string, unknown>>
  /** Every folder as `listFiles` would answer it. */
  readonly folders: () => ReadonlyArray<Record<string, unknown>>
  /** Uploads a file through the upload handler; throws if the upload is refused. */
  readonly seedFile: (options: SeedFileOptions) => Record<string, unknown>
  /** Defines a custom metadata field; throws if it is refused. */
  readonly seedField: (field: {
    readonly name: string
    readonly label: string
    readonly schema: Readonly<Record<string, unknown>>
  }) => Record<string, unknown>
  /** The URL endpoint file URLs are built from (no trailing "/"). */
  readonly urlEndpoint: string
  /** A copy of the whole state; `makeModel({ restore })` starts from it. */
  readonly snapshot: () => ModelSnapshot
}

const succeeded = (response: ModelResponse): Record<string, unknown> => {
  if (response.status >= 300 || typeof response.body !== "object" || response.body === null) {
    throw new Error(`The model refused the seed: ${JSON.stringify(response.body)}`)
  }
  return response.body as Record<string, unknown>
}

const seedForm = (options: SeedFileOptions): ReadonlyArray<FormPart> => {
  const form: Array<FormPart> = [
    // A copy: the model keeps the bytes it is given, and the caller may reuse its array.
    { name: "file", fileName: options.fileName, contentType: "application/octet-stream", data: options.data.slice() },
    { name: "fileName", value: options.fileName },
    { name: "useUniqueFileName", value: String(options.useUniqueFileName ?? false) }
  ]
  if (options.folder !== undefined) form.push({ name: "folder", value: options.folder })
  if (options.tags !== undefined) form.push({ name: "tags", value: options.tags.join(",") })
  if (options.isPrivateFile !== undefined) form.push({ name: "isPrivateFile", value: String(options.isPrivateFile) })
  if (options.customMetadata !== undefined) {
    form.push({ name: "customMetadata", value: JSON.stringify(options.customMetadata) })
  }
  return form
}

/** `hooks` are the platform's additions (the emulator's real pHash); the mock layer passes none. */
export const makeModel = (options: ModelOptions = {}, hooks: ModelHooks = {}): Model => {
  // Only the built-in generator's state can be saved; a caller's `random` is the caller's to reproduce.
  const seeded: SeededRandom | undefined =
    options.random === undefined && options.seed !== undefined
      ? seededRandom(options.restore?.randomState ?? options.seed)
      : undefined
  const random = options.random ?? seeded ?? Math.random
  const clock = options.clock ?? (() => new Date())
  const urlEndpoint = (options.urlEndpoint ?? DEFAULT_URL_ENDPOINT).replace(/\/+$/, "")
  const keys = {
    publicKey: options.publicKey ?? TEST_KEYS.publicKey,
    privateKey: options.privateKey ?? TEST_KEYS.privateKey
  }
  const context = new ModelContext(random, clock, urlEndpoint, Math.max(0, options.pendingPolls ?? 1), hooks, keys)
  if (options.restore !== undefined) restoreSnapshot(context, options.restore)
  const handle = (request: ModelRequest) => dispatch(context, request)
  return {
    handle,
    urlEndpoint,
    readUrl: (url) => {
      const target = resolveUrl(context, url)
      if (target === undefined) return undefined
      const { version, file } = target
      return {
        bytes: version.content.bytes,
        mime: version.content.media.mime,
        isPrivateFile: file.isPrivateFile,
        isPublished: version.isPublished
      }
    },
    deliver: (request) => deliver(context, request),
    files: () => [...context.state.files.values()].map((file) => fileView(context, file)),
    folders: () => [...context.state.folders.values()].map(folderView),
    seedFile: (seed) =>
      succeeded(handle({ method: "POST", path: "/api/v1/files/upload", query: [], form: seedForm(seed) })),
    seedField: (field) =>
      succeeded(handle({ method: "POST", path: "/v1/customMetadataFields", query: [], json: field })),
    snapshot: () => takeSnapshot(context, seeded?.state())
  }
}
