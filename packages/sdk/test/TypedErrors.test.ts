/**
 * Typed-error fuzzing of every public operation of the client (issue 13): each is called with wrong types, empty and
 * huge values, odd Unicode, `../`, `?#`, Proxies, throwing getters, null-prototype objects and `__proto__` keys. Every
 * call must end as a success or one of the SDK's typed errors (never a defect, an interruption or a throw at call
 * time), and every request it sends must be on the operation's own route (asserted on the mock layer's record).
 *
 * `FUZZ_RUNS` sets the cases per operation (default 40, what CI runs); the report quotes a long run.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as fc from "effect/FastCheck"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as ImageKit from "../src/ImageKit.js"
import * as ImageKitConfig from "../src/ImageKitConfig.js"
import * as ImageKitError from "../src/ImageKitError.js"
import { json, mockHttp, type Recorded } from "./fixtures/mockHttp.js"
import { hostile, materialize } from "./fixtures/hostile.js"
import * as current from "./fixtures/currentApi.js"
import * as samples from "./fixtures/samples.js"

const RUNS = Number(process.env.FUZZ_RUNS ?? 40)

const API = "https://api.imagekit.io"
const UPLOAD = "https://upload.imagekit.io"

// ---------------------------------------------------------------------------------------------------------------
// The operations, their routes, and plausible answers
// ---------------------------------------------------------------------------------------------------------------

type Args = ReadonlyArray<unknown>
type Run = (ik: ImageKit.Service, args: Args) => Effect.Effect<unknown, unknown>

const u = <T>(value: unknown): T => value as T

const ID = "[^/?#]+"

interface Operation {
  readonly run: Run
  readonly arity: number
  /** `METHOD origin+pathname` of every request the operation may send. */
  readonly route: RegExp
  /** The query parameters it may send. */
  readonly query: ReadonlyArray<string>
}

const op = (run: Run, arity: number, route: string, query: ReadonlyArray<string> = []): Operation => ({
  run,
  arity,
  route: new RegExp(`^${route}$`),
  query
})

const LIST_QUERY = ["path", "fileType", "tags", "includeFolder", "name", "limit", "skip", "sort", "type", "searchQuery"]

const operations: Readonly<Record<string, Operation>> = {
  upload: op((ik, [o, s]) => ik.upload(u(o), u(s)), 2, `POST ${UPLOAD}/api/v1/files/upload`),
  uploadWithProgress: op(
    (ik, [o]) => Stream.runDrain(ik.uploadWithProgress(u(o))),
    1,
    `POST ${UPLOAD}/api/v1/files/upload`
  ),
  uploadMany: op((ik, [f, o]) => ik.uploadMany(u(f), u(o)), 2, `POST ${UPLOAD}/api/v1/files/upload`),
  listFiles: op((ik, [o]) => ik.listFiles(u(o)), 1, `GET ${API}/v1/files/`, LIST_QUERY),
  listFilesStream: op(
    (ik, [o]) => Stream.runDrain(Stream.take(ik.listFilesStream(u(o)), 5)),
    1,
    `GET ${API}/v1/files/`,
    LIST_QUERY
  ),
  getFileDetails: op((ik, [a]) => ik.getFileDetails(u(a)), 1, `GET ${API}/v1/files/${ID}/details`),
  getFileVersions: op((ik, [a]) => ik.getFileVersions(u(a)), 1, `GET ${API}/v1/files/${ID}/versions`),
  getFileVersionDetails: op((ik, [a]) => ik.getFileVersionDetails(u(a)), 1, `GET ${API}/v1/files/${ID}/versions/${ID}`),
  updateFileDetails: op((ik, [a, b]) => ik.updateFileDetails(u(a), u(b)), 2, `PATCH ${API}/v1/files/${ID}/details`),
  bulkAddTags: op((ik, [a, b]) => ik.bulkAddTags(u(a), u(b)), 2, `POST ${API}/v1/files/addTags`),
  bulkRemoveTags: op((ik, [a, b]) => ik.bulkRemoveTags(u(a), u(b)), 2, `POST ${API}/v1/files/removeTags`),
  bulkRemoveAITags: op((ik, [a, b]) => ik.bulkRemoveAITags(u(a), u(b)), 2, `POST ${API}/v1/files/removeAITags`),
  deleteFile: op((ik, [a]) => ik.deleteFile(u(a)), 1, `DELETE ${API}/v1/files/${ID}`),
  deleteFileVersion: op((ik, [a]) => ik.deleteFileVersion(u(a)), 1, `DELETE ${API}/v1/files/${ID}/versions/${ID}`),
  bulkDeleteFiles: op((ik, [a]) => ik.bulkDeleteFiles(u(a)), 1, `POST ${API}/v1/files/batch/deleteByFileIds`),
  copyFile: op((ik, [a]) => ik.copyFile(u(a)), 1, `POST ${API}/v1/files/copy`),
  moveFile: op((ik, [a]) => ik.moveFile(u(a)), 1, `POST ${API}/v1/files/move`),
  renameFile: op((ik, [a]) => ik.renameFile(u(a)), 1, `PUT ${API}/v1/files/rename`),
  restoreFileVersion: op(
    (ik, [a]) => ik.restoreFileVersion(u(a)),
    1,
    `PUT ${API}/v1/files/${ID}/versions/${ID}/restore`
  ),
  createFolder: op((ik, [a]) => ik.createFolder(u(a)), 1, `POST ${API}/v1/folder`),
  deleteFolder: op((ik, [a]) => ik.deleteFolder(u(a)), 1, `DELETE ${API}/v1/folder`),
  copyFolder: op((ik, [a]) => ik.copyFolder(u(a)), 1, `POST ${API}/v1/bulkJobs/copyFolder`),
  moveFolder: op((ik, [a]) => ik.moveFolder(u(a)), 1, `POST ${API}/v1/bulkJobs/moveFolder`),
  getBulkJobStatus: op((ik, [a]) => ik.getBulkJobStatus(u(a)), 1, `GET ${API}/v1/bulkJobs/${ID}`),
  awaitBulkJob: op((ik, [a, b]) => ik.awaitBulkJob(u(a), u(b)), 2, `GET ${API}/v1/bulkJobs/${ID}`),
  purgeCache: op((ik, [a]) => ik.purgeCache(u(a)), 1, `POST ${API}/v1/files/purge`),
  getPurgeCacheStatus: op((ik, [a]) => ik.getPurgeCacheStatus(u(a)), 1, `GET ${API}/v1/files/purge/${ID}`),
  awaitPurge: op((ik, [a, b]) => ik.awaitPurge(u(a), u(b)), 2, `GET ${API}/v1/files/purge/${ID}`),
  getFileMetadata: op((ik, [a]) => ik.getFileMetadata(u(a)), 1, `GET ${API}/v1/(files/${ID}/metadata|metadata)`, [
    "url"
  ]),
  createCustomMetadataField: op(
    (ik, [a]) => ik.createCustomMetadataField(u(a)),
    1,
    `POST ${API}/v1/customMetadataFields`
  ),
  getCustomMetadataFields: op((ik, [a]) => ik.getCustomMetadataFields(u(a)), 1, `GET ${API}/v1/customMetadataFields`, [
    "includeDeleted",
    "folderPath"
  ]),
  updateCustomMetadataField: op(
    (ik, [a, b]) => ik.updateCustomMetadataField(u(a), u(b)),
    2,
    `PATCH ${API}/v1/customMetadataFields/${ID}`
  ),
  deleteCustomMetadataField: op(
    (ik, [a]) => ik.deleteCustomMetadataField(u(a)),
    1,
    `DELETE ${API}/v1/customMetadataFields/${ID}`
  ),
  // the endpoints newer than imagekit@6
  uploadV2: op((ik, [o, s]) => ik.uploadV2(u(o), u(s)), 2, `POST ${UPLOAD}/api/v2/files/upload`),
  renameFolder: op((ik, [a]) => ik.renameFolder(u(a)), 1, `POST ${API}/v1/bulkJobs/renameFolder`),
  getUsage: op((ik, [a]) => ik.getUsage(u(a)), 1, `GET ${API}/v1/accounts/usage`, ["startDate", "endDate"]),
  getUsageAnalytics: op((ik, [a]) => ik.getUsageAnalytics(u(a)), 1, `GET ${API}/v1/accounts/usage-analytics`, [
    "startDate",
    "endDate"
  ]),
  listOrigins: op((ik) => ik.listOrigins(), 0, `GET ${API}/v1/accounts/origins`),
  createOrigin: op((ik, [a]) => ik.createOrigin(u(a)), 1, `POST ${API}/v1/accounts/origins`),
  getOrigin: op((ik, [a]) => ik.getOrigin(u(a)), 1, `GET ${API}/v1/accounts/origins/${ID}`),
  updateOrigin: op((ik, [a, b]) => ik.updateOrigin(u(a), u(b)), 2, `PUT ${API}/v1/accounts/origins/${ID}`),
  deleteOrigin: op((ik, [a]) => ik.deleteOrigin(u(a)), 1, `DELETE ${API}/v1/accounts/origins/${ID}`),
  listUrlEndpoints: op((ik) => ik.listUrlEndpoints(), 0, `GET ${API}/v1/accounts/url-endpoints`),
  createUrlEndpoint: op((ik, [a]) => ik.createUrlEndpoint(u(a)), 1, `POST ${API}/v1/accounts/url-endpoints`),
  getUrlEndpoint: op((ik, [a]) => ik.getUrlEndpoint(u(a)), 1, `GET ${API}/v1/accounts/url-endpoints/${ID}`),
  updateUrlEndpoint: op(
    (ik, [a, b]) => ik.updateUrlEndpoint(u(a), u(b)),
    2,
    `PUT ${API}/v1/accounts/url-endpoints/${ID}`
  ),
  deleteUrlEndpoint: op((ik, [a]) => ik.deleteUrlEndpoint(u(a)), 1, `DELETE ${API}/v1/accounts/url-endpoints/${ID}`),
  listSavedExtensions: op((ik) => ik.listSavedExtensions(), 0, `GET ${API}/v1/saved-extensions`),
  createSavedExtension: op((ik, [a]) => ik.createSavedExtension(u(a)), 1, `POST ${API}/v1/saved-extensions`),
  getSavedExtension: op((ik, [a]) => ik.getSavedExtension(u(a)), 1, `GET ${API}/v1/saved-extensions/${ID}`),
  updateSavedExtension: op(
    (ik, [a, b]) => ik.updateSavedExtension(u(a), u(b)),
    2,
    `PATCH ${API}/v1/saved-extensions/${ID}`
  ),
  deleteSavedExtension: op((ik, [a]) => ik.deleteSavedExtension(u(a)), 1, `DELETE ${API}/v1/saved-extensions/${ID}`),
  listNamedTransformations: op((ik) => ik.listNamedTransformations(), 0, `GET ${API}/v1/named-transformations`),
  createNamedTransformation: op(
    (ik, [a]) => ik.createNamedTransformation(u(a)),
    1,
    `POST ${API}/v1/named-transformations`
  ),
  getNamedTransformation: op(
    (ik, [a]) => ik.getNamedTransformation(u(a)),
    1,
    `GET ${API}/v1/named-transformations/${ID}`
  ),
  updateNamedTransformation: op(
    (ik, [a, b]) => ik.updateNamedTransformation(u(a), u(b)),
    2,
    `PATCH ${API}/v1/named-transformations/${ID}`
  ),
  deleteNamedTransformation: op(
    (ik, [a]) => ik.deleteNamedTransformation(u(a)),
    1,
    `DELETE ${API}/v1/named-transformations/${ID}`
  ),
  url: op((ik, [a]) => ik.url(u(a)), 1, "never"),
  buildSrc: op((ik, [a]) => ik.buildSrc(u(a)), 1, "never"),
  responsiveImage: op((ik, [a]) => ik.responsiveImage(u(a)), 1, "never"),
  getAuthenticationParameters: op((ik, [a, b]) => ik.getAuthenticationParameters(u(a), u(b)), 2, "never")
}

/** A plausible success for the route, so valid calls decode and the waiters finish at the first poll. */
const answer = (request: Recorded): Response => {
  const { method } = request
  const path = request.url.pathname
  if (method === "DELETE") return new Response(null, { status: 204 })
  if (path === "/api/v1/files/upload") return json(samples.uploadImage)
  if (path === "/v1/files/") return json(samples.listFiles)
  if (path.endsWith("/versions")) return json(samples.fileVersions)
  if (/\/versions\/[^/]+$/.test(path)) return json(samples.fileVersionDetails)
  if (path.endsWith("/metadata")) return json(samples.imageMetadata)
  if (/^\/v1\/files\/(addTags|removeTags|removeAITags)$/.test(path)) return json(samples.bulkTags)
  if (path === "/v1/files/batch/deleteByFileIds") return json(samples.bulkDelete)
  if (path === "/v1/files/rename") return json(samples.renamePurged)
  if (/^\/v1\/bulkJobs\/(copyFolder|moveFolder)$/.test(path)) return json(samples.bulkJob)
  if (path.startsWith("/v1/bulkJobs/")) return json(samples.bulkJobStatus)
  if (path === "/v1/files/purge") return json(samples.purgeCache)
  if (path.startsWith("/v1/files/purge/")) return json(samples.purgeStatus)
  if (path === "/v1/customMetadataFields") {
    return method === "GET" ? json(samples.customMetadataFields) : json(samples.customMetadataField)
  }
  if (path.startsWith("/v1/customMetadataFields/")) return json(samples.customMetadataField)
  if (path === "/api/v2/files/upload") return json(samples.uploadImage)
  if (path === "/v1/bulkJobs/renameFolder") return json(samples.bulkJob)
  if (path === "/v1/accounts/usage") return json(current.usage)
  if (path === "/v1/accounts/usage-analytics") return json(current.usageAnalytics)
  if (path === "/v1/accounts/origins") return json(method === "GET" ? [current.s3Origin] : current.s3Origin)
  if (path.startsWith("/v1/accounts/origins/")) return json(current.s3Origin)
  if (path === "/v1/accounts/url-endpoints") return json(method === "GET" ? [current.urlEndpoint] : current.urlEndpoint)
  if (path.startsWith("/v1/accounts/url-endpoints/")) return json(current.urlEndpoint)
  if (path === "/v1/saved-extensions") return json(method === "GET" ? [current.savedExtension] : current.savedExtension)
  if (path.startsWith("/v1/saved-extensions/")) return json(current.savedExtension)
  if (path === "/v1/named-transformations") {
    return json(method === "GET" ? [current.namedTransformation] : current.namedTransformation)
  }
  if (path.startsWith("/v1/named-transformations/")) return json(current.namedTransformation)
  if (method === "PATCH") return json(samples.updatedFile)
  return json(samples.fileDetails)
}

const config: ImageKitConfig.Options = {
  publicKey: "public_fuzz",
  privateKey: "private_fuzz_key",
  urlEndpoint: "https://ik.imagekit.io/fuzz",
  retry: { maxRetries: 0 }
}

const TYPED: ReadonlySet<string> = new Set([
  "InvalidInputError",
  "RateLimitError",
  "ApiError",
  "NotFoundError",
  "AuthenticationError",
  "PermissionError",
  "ConflictError",
  "RequestError",
  "TimeoutError",
  "ResponseDecodeError"
])

/** Why an exit is not acceptable, or `undefined`. */
const defectOf = (exit: Exit.Exit<unknown, unknown>): string | undefined => {
  if (Exit.isSuccess(exit)) return undefined
  if (!Cause.isFailType(exit.cause)) return Cause.pretty(exit.cause)
  const error = exit.cause.error
  if (!ImageKitError.isImageKitError(error) || !TYPED.has(error._tag)) return `an untyped failure: ${String(error)}`
  return undefined
}

// A long run (FUZZ_RUNS=1000) sends thousands of requests per operation.
describe("typed-error fuzz: every public operation, hostile arguments", { timeout: Math.max(5_000, RUNS * 60) }, () => {
  let cases = 0
  let failures = 0

  for (const [name, operation] of Object.entries(operations)) {
    it.effect(name, () =>
      Effect.gen(function* () {
        const mock = mockHttp(answer)
        const layer = ImageKit.layer.pipe(Layer.provide(ImageKitConfig.layer(config)), Layer.provide(mock.layer))
        const ik = yield* Effect.provide(ImageKit.ImageKit, layer)
        const samplesOf = fc.sample(fc.array(hostile, { minLength: operation.arity, maxLength: operation.arity }), {
          numRuns: RUNS,
          seed: 20261207
        })
        for (const args of samplesOf) {
          const before = mock.requests.length
          // Called inside the effect: a throw at call time would be a defect of this exit.
          const exit = yield* Effect.exit(Effect.suspend(() => operation.run(ik, materialize(args) as Args)))
          cases += 1
          if (Exit.isFailure(exit)) failures += 1
          const defect = defectOf(exit)
          if (defect !== undefined) assert.fail(`${name}: ${defect}`)
          const error = Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : undefined
          if (ImageKitError.isImageKitError(error) && error._tag === "InvalidInputError") {
            // Refused arguments send nothing, and the message stays short whatever the input.
            assert.strictEqual(mock.requests.length, before, `${name} sent a request for refused arguments`)
            assert.isAtMost(error.message.length, 300)
          }
          for (const request of mock.requests.slice(before)) {
            const line = `${request.method} ${request.url.origin}${request.url.pathname}`
            assert.match(line, operation.route, `${name} left its route`)
            assert.strictEqual(request.url.hash, "")
            for (const key of request.url.searchParams.keys()) assert.include(operation.query, key, name)
          }
        }
      })
    )
  }

  it.effect("covers every operation of the Service", () =>
    Effect.gen(function* () {
      const mock = mockHttp(answer)
      const ik = yield* Effect.provide(
        ImageKit.ImageKit,
        ImageKit.layer.pipe(Layer.provide(ImageKitConfig.layer(config)), Layer.provide(mock.layer))
      )
      // `execute` sends the request it is given (its path is the caller's, already encoded): not fuzzed here.
      assert.deepStrictEqual(
        Object.keys(ik)
          .filter((name) => name !== "execute")
          .sort(),
        Object.keys(operations).sort()
      )
      // The totals of this run, for the report (`FUZZ_RUNS=1000` for the long run).
      console.log(`typed-error fuzz (sdk): ${cases} cases, ${failures} typed failures, 0 defects`)
    })
  )
})
