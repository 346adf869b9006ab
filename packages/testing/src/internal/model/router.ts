/** Method and path → handler. Routes are the ones the SDK's request builders produce. */
import type { ModelContext } from "./context.js"
import { ModelError, notFound } from "./errors.js"
import * as Fields from "./fields.js"
import * as Files from "./files.js"
import * as Folders from "./folders.js"
import { json } from "./input.js"
import { listFiles } from "./listing.js"
import { decodeSegments } from "./paths.js"
import * as Purges from "./purges.js"
import * as Transfers from "./transfers.js"
import { upload } from "./upload.js"
import * as NamedTransformations from "./namedTransformations.js"
import * as Origins from "./origins.js"
import * as SavedExtensions from "./savedExtensions.js"
import { uploadV2 } from "./uploadV2.js"
import * as UrlEndpoints from "./urlEndpoints.js"
import * as Usage from "./usage.js"
import * as Versions from "./versions.js"
import type { ModelRequest, ModelResponse } from "./types.js"

type Handler = (context: ModelContext, request: ModelRequest, params: ReadonlyArray<string>) => ModelResponse

interface Route {
  readonly method: string
  /** Literal segments, and ":" for a parameter. */
  readonly pattern: ReadonlyArray<string>
  readonly handler: Handler
}

const route = (method: string, path: string, handler: Handler): Route => ({
  method,
  pattern: path.split("/").filter((part) => part !== ""),
  handler
})

const at = (params: ReadonlyArray<string>, index: number): string => params[index] ?? ""

/** Literal routes come before parameterised ones of the same shape, so `/v1/files/purge` is not a file id. */
const ROUTES: ReadonlyArray<Route> = [
  route("POST", "/api/v1/files/upload", (c, r) => upload(c, r)),
  route("POST", "/api/v2/files/upload", (c, r) => uploadV2(c, r)),
  route("GET", "/v1/files", (c, r) => listFiles(c, r)),
  route("POST", "/v1/files/addTags", (c, r) => Files.bulkTags(c, "addTags", r)),
  route("POST", "/v1/files/removeTags", (c, r) => Files.bulkTags(c, "removeTags", r)),
  route("POST", "/v1/files/removeAITags", (c, r) => Files.bulkTags(c, "removeAITags", r)),
  route("POST", "/v1/files/batch/deleteByFileIds", (c, r) => Files.bulkDeleteFiles(c, r)),
  route("POST", "/v1/files/copy", (c, r) => Transfers.copyFile(c, r)),
  route("POST", "/v1/files/move", (c, r) => Transfers.moveFile(c, r)),
  route("PUT", "/v1/files/rename", (c, r) => Transfers.renameFile(c, r)),
  route("POST", "/v1/files/purge", (c, r) => Purges.purgeCache(c, r)),
  route("GET", "/v1/files/purge/:", (c, _, p) => Purges.getPurgeCacheStatus(c, at(p, 0))),
  route("GET", "/v1/files/:/details", (c, _, p) => Files.getFileDetails(c, at(p, 0))),
  route("PATCH", "/v1/files/:/details", (c, r, p) => Files.updateFileDetails(c, at(p, 0), r)),
  route("GET", "/v1/files/:/metadata", (c, _, p) => Files.getFileMetadata(c, at(p, 0))),
  route("GET", "/v1/files/:/versions", (c, _, p) => Versions.getFileVersions(c, at(p, 0))),
  route("GET", "/v1/files/:/versions/:", (c, _, p) => Versions.getFileVersionDetails(c, at(p, 0), at(p, 1))),
  route("DELETE", "/v1/files/:/versions/:", (c, _, p) => Versions.deleteFileVersion(c, at(p, 0), at(p, 1))),
  route("PUT", "/v1/files/:/versions/:/restore", (c, _, p) => Versions.restoreFileVersion(c, at(p, 0), at(p, 1))),
  route("DELETE", "/v1/files/:", (c, _, p) => Files.deleteFile(c, at(p, 0))),
  route("GET", "/v1/metadata", (c, r) => Files.getRemoteMetadata(c, r)),
  route("POST", "/v1/folder", (c, r) => Folders.createFolder(c, r)),
  route("DELETE", "/v1/folder", (c, r) => Folders.deleteFolder(c, r)),
  route("POST", "/v1/bulkJobs/copyFolder", (c, r) => Folders.copyFolder(c, r)),
  route("POST", "/v1/bulkJobs/moveFolder", (c, r) => Folders.moveFolder(c, r)),
  route("POST", "/v1/bulkJobs/renameFolder", (c, r) => Folders.renameFolder(c, r)),
  route("GET", "/v1/bulkJobs/:", (c, _, p) => Folders.getBulkJobStatus(c, at(p, 0))),
  route("POST", "/v1/customMetadataFields", (c, r) => Fields.createField(c, r)),
  route("GET", "/v1/customMetadataFields", (c, r) => Fields.listFields(c, r)),
  route("PATCH", "/v1/customMetadataFields/:", (c, r, p) => Fields.updateField(c, at(p, 0), r)),
  route("DELETE", "/v1/customMetadataFields/:", (c, _, p) => Fields.deleteField(c, at(p, 0))),
  route("GET", "/v1/accounts/usage", (c, r) => Usage.getUsage(c, r)),
  route("GET", "/v1/accounts/usage-analytics", (c, r) => Usage.getUsageAnalytics(c, r)),
  route("GET", "/v1/accounts/origins", (c) => Origins.listOrigins(c)),
  route("POST", "/v1/accounts/origins", (c, r) => Origins.createOrigin(c, r)),
  route("GET", "/v1/accounts/origins/:", (c, _, p) => Origins.getOrigin(c, at(p, 0))),
  route("PUT", "/v1/accounts/origins/:", (c, r, p) => Origins.updateOrigin(c, at(p, 0), r)),
  route("DELETE", "/v1/accounts/origins/:", (c, _, p) => Origins.deleteOrigin(c, at(p, 0))),
  route("GET", "/v1/accounts/url-endpoints", (c) => UrlEndpoints.listUrlEndpoints(c)),
  route("POST", "/v1/accounts/url-endpoints", (c, r) => UrlEndpoints.createUrlEndpoint(c, r)),
  route("GET", "/v1/accounts/url-endpoints/:", (c, _, p) => UrlEndpoints.getUrlEndpoint(c, at(p, 0))),
  route("PUT", "/v1/accounts/url-endpoints/:", (c, r, p) => UrlEndpoints.updateUrlEndpoint(c, at(p, 0), r)),
  route("DELETE", "/v1/accounts/url-endpoints/:", (c, _, p) => UrlEndpoints.deleteUrlEndpoint(c, at(p, 0))),
  route("GET", "/v1/saved-extensions", (c) => SavedExtensions.listSavedExtensions(c)),
  route("POST", "/v1/saved-extensions", (c, r) => SavedExtensions.createSavedExtension(c, r)),
  route("GET", "/v1/saved-extensions/:", (c, _, p) => SavedExtensions.getSavedExtension(c, at(p, 0))),
  route("PATCH", "/v1/saved-extensions/:", (c, r, p) => SavedExtensions.updateSavedExtension(c, at(p, 0), r)),
  route("DELETE", "/v1/saved-extensions/:", (c, _, p) => SavedExtensions.deleteSavedExtension(c, at(p, 0))),
  route("GET", "/v1/named-transformations", (c) => NamedTransformations.listNamedTransformations(c)),
  route("POST", "/v1/named-transformations", (c, r) => NamedTransformations.createNamedTransformation(c, r)),
  route("GET", "/v1/named-transformations/:", (c, _, p) => NamedTransformations.getNamedTransformation(c, at(p, 0))),
  route("PATCH", "/v1/named-transformations/:", (c, r, p) =>
    NamedTransformations.updateNamedTransformation(c, at(p, 0), r)
  ),
  route("DELETE", "/v1/named-transformations/:", (c, _, p) =>
    NamedTransformations.deleteNamedTransformation(c, at(p, 0))
  )
]

const match = (pattern: ReadonlyArray<string>, segments: ReadonlyArray<string>): ReadonlyArray<string> | undefined => {
  if (pattern.length !== segments.length) return undefined
  const params: Array<string> = []
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index] ?? ""
    if (part === ":") params.push(segment)
    else if (part !== segment) return undefined
  }
  return params
}

/** Whether a request with this method and path reaches a handler (the emulator uses it for 404 vs 405 ideas). */
export const findRoute = (
  method: string,
  rawPath: string
): { readonly handler: Handler; readonly params: ReadonlyArray<string> } | undefined => {
  const segments = decodeSegments(rawPath)
  const upper = method.toUpperCase()
  for (const candidate of ROUTES) {
    if (candidate.method !== upper) continue
    const params = match(candidate.pattern, segments)
    if (params !== undefined) return { handler: candidate.handler, params }
  }
  return undefined
}

/** Runs a request; a `ModelError` becomes its `{ message, help }` answer, anything else a 500. */
export const dispatch = (context: ModelContext, request: ModelRequest): ModelResponse => {
  const pathOnly = request.path.split("?")[0] ?? ""
  try {
    const found = findRoute(request.method, pathOnly)
    if (found === undefined) throw notFound(`No route for ${request.method.toUpperCase()} ${pathOnly}.`)
    return found.handler(context, request, found.params)
  } catch (error) {
    if (error instanceof ModelError) return json(error.body, error.status)
    const detail = error instanceof Error ? error.message : String(error)
    return json({ message: "Internal error in the ImageKit model.", help: detail }, 500)
  }
}
