/**
 * Contract test: every operation of the in-memory model answers with a body that ImageKit's OpenAPI spec
 * (`openapi/imagekit-openapi-v1.yaml`, vendored unchanged) allows for that path, method and status code, so the
 * model cannot drift from the real API. Deviations the model knowingly keeps are listed in `KNOWN_DEVIATIONS` and
 * asserted to still exist, so fixing one (or a spec update that accepts it) makes the list shrink.
 *
 * Two endpoints are newer than the spec (named transformations, usage analytics): their answers are checked against
 * `NEWER_THAN_SPEC`, schemas written here from ImageKit's API reference as `@imagekit/nodejs@7.11`'s types give it.
 */
import { readFileSync } from "node:fs"
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js"
import { describe, expect, it } from "vitest"
import { parse } from "yaml"
import { uploadToken } from "@effect-imagekit/core/Signing"
import { type FormPart, type Model, makeModel, type ModelResponse, steppingClock } from "../src/internal/model/index.js"
import { png } from "./fixtures/images.js"

// ---------------------------------------------------------------------------------------------------------------
// the spec
// ---------------------------------------------------------------------------------------------------------------

type Json = Readonly<Record<string, unknown>>

const isRecord = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value)

const SPEC_ID = "imagekit-openapi-v1"
/**
 * The spec writes nullable types as `type: [string, null]`, which YAML reads as `["string", null]` (a null, not
 * the string "null"); JSON Schema means `"null"`, so the reviver restores it.
 */
const nullTypes = (key: unknown, value: unknown): unknown =>
  key === "type" && Array.isArray(value) ? value.map((type: unknown) => (type === null ? "null" : type)) : value

const spec: unknown = parse(
  readFileSync(new URL("../openapi/imagekit-openapi-v1.yaml", import.meta.url), "utf8"),
  nullTypes
)
if (!isRecord(spec) || !isRecord(spec.paths)) throw new Error("The vendored OpenAPI spec has no paths.")
const specPaths: Json = spec.paths

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i

/** OpenAPI 3.1 schemas are JSON Schema 2020-12; `strict: false` lets OpenAPI's own keywords (`example`, …) pass. */
const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false })
ajv.addFormat("date-time", DATE_TIME)
ajv.addFormat("date", /^\d{4}-\d{2}-\d{2}$/)
ajv.addFormat("uri", (value: string) => URL.canParse(value))
ajv.addFormat("email", /^[^\s@]+@[^\s@]+$/)
ajv.addFormat("binary", true)
ajv.addFormat("jpg", true)
ajv.addSchema({ ...spec, $id: SPEC_ID })

/** Escapes one JSON-pointer token. */
const token = (key: string): string => key.replaceAll("~", "~0").replaceAll("/", "~1")

const segmentsOf = (path: string): ReadonlyArray<string> => path.split("/").filter((segment) => segment !== "")

/** The spec path template a concrete request path belongs to; literal segments win over `{param}` ones. */
const templateFor = (method: string, path: string): string | undefined => {
  const segments = segmentsOf(path.split("?")[0] ?? "")
  const candidates = Object.entries(specPaths).flatMap(([template, item]) => {
    const parts = segmentsOf(template)
    if (!isRecord(item) || !isRecord(item[method.toLowerCase()]) || parts.length !== segments.length) return []
    const fits = parts.every((part, index) => /^\{.+\}$/.test(part) || part === segments[index])
    return fits ? [{ template, params: parts.filter((part) => part.startsWith("{")).length }] : []
  })
  return candidates.sort((a, b) => a.params - b.params)[0]?.template
}

/** The JSON pointer of a response object, following one `$ref` into `#/components/responses`. */
const responsePointer = (template: string, method: string, status: number): string | undefined => {
  const item = specPaths[template]
  const operation = isRecord(item) ? item[method.toLowerCase()] : undefined
  const responses = isRecord(operation) ? operation.responses : undefined
  const response = isRecord(responses) ? responses[String(status)] : undefined
  if (!isRecord(response)) return undefined
  if (typeof response.$ref === "string") return response.$ref.replace(/^#/, "")
  return `/paths/${token(template)}/${method.toLowerCase()}/responses/${status}`
}

const pointerValue = (pointer: string): unknown =>
  segmentsOf(pointer)
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), spec)

type Verdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string; readonly errors?: ReadonlyArray<ErrorObject> }

/**
 * Checks a model response against the spec: the status must be declared for the operation, and a JSON body must
 * match the declared `application/json` schema. A 204 may come without a body (HTTP forbids one) even where the
 * spec attaches a schema to it.
 */
const check = (method: string, path: string, response: ModelResponse): Verdict => {
  const newer = newerThanSpec(method, path, response)
  if (newer !== undefined) return newer
  const template = templateFor(method, path)
  if (template === undefined) return { ok: false, reason: `no spec operation for ${method} ${path}` }
  const pointer = responsePointer(template, method, response.status)
  if (pointer === undefined) return { ok: false, reason: `${method} ${template} declares no ${response.status}` }
  const schemaPointer = `${pointer}/content/application~1json/schema`
  const hasSchema = pointerValue(schemaPointer) !== undefined
  if (response.body === undefined) {
    return response.status === 204 || !hasSchema ? { ok: true } : { ok: false, reason: "body missing" }
  }
  if (!hasSchema) return { ok: false, reason: `${method} ${template} ${response.status} declares no JSON body` }
  const validate = ajv.getSchema(`${SPEC_ID}#${schemaPointer}`)
  if (validate === undefined) return { ok: false, reason: `cannot compile ${schemaPointer}` }
  if (validate(response.body)) return { ok: true }
  return { ok: false, reason: "schema mismatch", errors: validate.errors ?? [] }
}

// ---------------------------------------------------------------------------------------------------------------
// the endpoints newer than the spec, from `@imagekit/nodejs@7.11`'s types (resources/named-transformations.d.ts,
// resources/shared.d.ts `NamedTransformation`, resources/accounts/usage-analytics.d.ts)
// ---------------------------------------------------------------------------------------------------------------

const ERROR_BODY = {
  type: "object",
  required: ["message", "help"],
  properties: { message: { type: "string" }, help: { type: "string" } }
}

const NAMED_TRANSFORMATION = {
  type: "object",
  required: ["id", "createdAt", "enabled", "name", "transformation"],
  properties: {
    id: { type: "string" },
    createdAt: { type: "string", format: "date-time" },
    enabled: { type: "boolean" },
    name: { type: "string", pattern: "^[A-Za-z0-9_]+$" },
    transformation: { type: "string" }
  },
  additionalProperties: false
}

const ENTRY = {
  type: "object",
  required: ["name", "bandwidthBytes", "requestCount"],
  properties: { name: { type: "string" }, bandwidthBytes: { type: "number" }, requestCount: { type: "number" } }
}
const COUNTRY_ENTRY = {
  ...ENTRY,
  required: [...ENTRY.required, "code"],
  properties: { ...ENTRY.properties, code: { type: "string" } }
}
const RANKED = (entry: object) => ({
  type: "object",
  required: ["byBandwidth", "byRequests"],
  properties: { byBandwidth: { type: "array", items: entry }, byRequests: { type: "array", items: entry } }
})
const COUNT = {
  type: "object",
  required: ["name", "requestCount"],
  properties: { name: { type: "string" }, requestCount: { type: "number" } }
}

const USAGE_ANALYTICS = {
  type: "object",
  required: [
    "bandwidthBytes",
    "browser",
    "cache",
    "country",
    "device",
    "endDate",
    "errorReasons",
    "extensions",
    "format",
    "generatedAt",
    "requestCount",
    "startDate",
    "statusCodes",
    "top404Assets",
    "topImages",
    "topImageTransforms",
    "topOtherAssets",
    "topReferrers",
    "topUserAgents",
    "topVideos",
    "topVideoTransforms",
    "urlEndpoints",
    "videoProcessing"
  ],
  properties: {
    bandwidthBytes: { type: "number" },
    requestCount: { type: "number" },
    startDate: { type: "string", format: "date" },
    endDate: { type: "string", format: "date" },
    generatedAt: { type: "string", format: "date-time" },
    cache: {
      type: "object",
      required: ["errorCount", "hitCount", "missCount"],
      properties: { errorCount: { type: "number" }, hitCount: { type: "number" }, missCount: { type: "number" } }
    },
    browser: RANKED(ENTRY),
    country: RANKED(COUNTRY_ENTRY),
    device: RANKED(ENTRY),
    format: RANKED(ENTRY),
    topImages: RANKED(ENTRY),
    topImageTransforms: RANKED(ENTRY),
    topOtherAssets: RANKED(ENTRY),
    topReferrers: RANKED(ENTRY),
    topUserAgents: RANKED(ENTRY),
    topVideos: RANKED(ENTRY),
    topVideoTransforms: RANKED(ENTRY),
    urlEndpoints: RANKED(ENTRY),
    errorReasons: { type: "array", items: COUNT },
    statusCodes: { type: "array", items: COUNT },
    top404Assets: { type: "array", items: COUNT },
    extensions: {
      type: "array",
      items: {
        type: "object",
        required: ["name", "operationCount"],
        properties: { name: { type: "string" }, operationCount: { type: "number" } }
      }
    },
    videoProcessing: {
      type: "array",
      items: {
        type: "object",
        required: ["codec", "durationSeconds", "resolution"],
        properties: { codec: { type: "string" }, durationSeconds: { type: "number" }, resolution: { type: "string" } }
      }
    }
  }
}

/** Method, path template and the statuses each newer operation answers with, and their body schemas. */
const NEWER_THAN_SPEC: ReadonlyArray<{
  readonly method: string
  readonly template: RegExp
  readonly responses: Readonly<Record<number, object | null>>
}> = [
  {
    method: "GET",
    template: /^\/v1\/named-transformations$/,
    responses: { 200: { type: "array", items: NAMED_TRANSFORMATION } }
  },
  {
    method: "POST",
    template: /^\/v1\/named-transformations$/,
    responses: { 201: NAMED_TRANSFORMATION, 400: ERROR_BODY, 409: ERROR_BODY }
  },
  {
    method: "GET",
    template: /^\/v1\/named-transformations\/[^/]+$/,
    responses: { 200: NAMED_TRANSFORMATION, 404: ERROR_BODY }
  },
  {
    method: "PATCH",
    template: /^\/v1\/named-transformations\/[^/]+$/,
    responses: { 200: NAMED_TRANSFORMATION, 400: ERROR_BODY, 404: ERROR_BODY, 409: ERROR_BODY }
  },
  { method: "DELETE", template: /^\/v1\/named-transformations\/[^/]+$/, responses: { 204: null, 404: ERROR_BODY } },
  { method: "GET", template: /^\/v1\/accounts\/usage-analytics$/, responses: { 200: USAGE_ANALYTICS, 400: ERROR_BODY } }
]

const newerThanSpec = (method: string, path: string, response: ModelResponse): Verdict | undefined => {
  const operation = NEWER_THAN_SPEC.find(
    (candidate) => candidate.method === method.toUpperCase() && candidate.template.test(path.split("?")[0] ?? "")
  )
  if (operation === undefined) return undefined
  const schema = operation.responses[response.status]
  if (schema === undefined)
    return { ok: false, reason: `${method} ${path} is not documented to answer ${response.status}` }
  if (schema === null)
    return response.body === undefined ? { ok: true } : { ok: false, reason: "a body where none is documented" }
  const validate = ajv.compile(schema)
  return validate(response.body)
    ? { ok: true }
    : { ok: false, reason: "schema mismatch", errors: validate.errors ?? [] }
}

// ---------------------------------------------------------------------------------------------------------------
// driving the model
// ---------------------------------------------------------------------------------------------------------------

const ENDPOINT = "https://ik.imagekit.io/demo"

const START = new Date("2024-01-01T00:00:00.000Z")

const newModel = (): Model => makeModel({ seed: 7, clock: steppingClock(START), urlEndpoint: ENDPOINT })

interface Call {
  readonly operation: string
  readonly method: string
  readonly path: string
  readonly response: ModelResponse
}

const stringField = (response: ModelResponse, key: string): string => {
  const value = isRecord(response.body) ? response.body[key] : undefined
  return typeof value === "string" ? value : ""
}

/** The `versionInfo.id` of each entry of a `getFileVersions` answer. */
const versionIds = (response: ModelResponse): ReadonlyArray<string> =>
  (Array.isArray(response.body) ? response.body : []).map((version: unknown) =>
    isRecord(version) && isRecord(version.versionInfo) ? String(version.versionInfo.id) : ""
  )

const uploadForm = (fileName: string, fields: Readonly<Record<string, string>>): ReadonlyArray<FormPart> => [
  { name: "file", fileName, contentType: "image/png", data: png(4, 3) },
  { name: "fileName", value: fileName },
  ...Object.entries(fields).map(([name, value]) => ({ name, value }))
]

/** A recorder of calls against one model. */
const recorder = (model: Model) => {
  const calls: Array<Call> = []
  const call = (
    operation: string,
    method: string,
    path: string,
    options: {
      readonly query?: ReadonlyArray<readonly [string, string]>
      readonly json?: unknown
      readonly form?: ReadonlyArray<FormPart>
      readonly authenticated?: boolean
    } = {}
  ): ModelResponse => {
    const response = model.handle({ method, path, query: options.query ?? [], ...options })
    calls.push({ operation, method, path, response })
    return response
  }
  const upload = (operation: string, fileName: string, fields: Readonly<Record<string, string>> = {}) =>
    call(operation, "POST", "/api/v1/files/upload", { form: uploadForm(fileName, fields) })
  return { calls, call, upload }
}

/** Every one of the 28 operations of `imagekit@6`, called the way the SDK calls it, each succeeding. */
const successfulCalls = (): ReadonlyArray<Call> => {
  const { calls, call, upload } = recorder(newModel())
  const field = call("createCustomMetadataField", "POST", "/v1/customMetadataFields", {
    json: { name: "price", label: "Price", schema: { type: "Number", minValue: 0, maxValue: 1000 } }
  })
  const fieldId = stringField(field, "id")
  const uploaded = upload("upload", "shoe.png", {
    folder: "/products",
    tags: "sale,summer",
    useUniqueFileName: "false",
    customMetadata: JSON.stringify({ price: 10 })
  })
  const fileId = stringField(uploaded, "fileId")
  const url = stringField(uploaded, "url")
  const overwritten = upload("upload (new version)", "shoe.png", { folder: "/products", useUniqueFileName: "false" })
  expect(overwritten.status).toBe(200)
  const other = stringField(upload("upload (second file)", "bag.png", { folder: "/products" }), "fileId")
  const spare = stringField(upload("upload (third file)", "spare.png", { useUniqueFileName: "false" }), "fileId")

  call("listFiles", "GET", "/v1/files/", {
    query: [
      ["path", "/products"],
      ["includeFolder", "true"]
    ]
  })
  call("listFiles (search)", "GET", "/v1/files/", { query: [["searchQuery", 'name = "shoe.png"']] })
  call("getFileDetails", "GET", `/v1/files/${fileId}/details`)
  const versions = versionIds(call("getFileVersions", "GET", `/v1/files/${fileId}/versions`))
  const versionId = versions.find((id) => id !== fileId) ?? ""
  call("getFileVersionDetails", "GET", `/v1/files/${fileId}/versions/${versionId}`)
  call("getFileMetadata", "GET", `/v1/files/${fileId}/metadata`)
  call("getFileMetadata (URL)", "GET", "/v1/metadata", { query: [["url", url]] })
  call("updateFileDetails", "PATCH", `/v1/files/${fileId}/details`, {
    json: { tags: ["sale", "shoes"], customCoordinates: "0,0,2,2", customMetadata: { price: 20 } }
  })
  call("updateFileDetails (publish)", "PATCH", `/v1/files/${fileId}/details`, {
    json: { publish: { isPublished: true } }
  })
  call("bulkAddTags", "POST", "/v1/files/addTags", { json: { fileIds: [fileId, other], tags: ["new"] } })
  call("bulkRemoveTags", "POST", "/v1/files/removeTags", { json: { fileIds: [fileId], tags: ["new"] } })
  call("bulkRemoveAITags", "POST", "/v1/files/removeAITags", { json: { fileIds: [fileId], AITags: ["shoe"] } })
  call("restoreFileVersion", "PUT", `/v1/files/${fileId}/versions/${versionId}/restore`)
  // the current version answers to the file's id; the one the restore replaced now has an id of its own
  const replaced = versionIds(call("getFileVersions (after restore)", "GET", `/v1/files/${fileId}/versions`))
  call("deleteFileVersion", "DELETE", `/v1/files/${fileId}/versions/${replaced.find((id) => id !== fileId) ?? ""}`)
  const purge = call("purgeCache", "POST", "/v1/files/purge", { json: { url } })
  call("getPurgeCacheStatus", "GET", `/v1/files/purge/${stringField(purge, "requestId")}`)
  call("copyFile", "POST", "/v1/files/copy", {
    json: { sourceFilePath: "/products/shoe.png", destinationPath: "/archive", includeFileVersions: false }
  })
  call("moveFile", "POST", "/v1/files/move", {
    json: { sourceFilePath: "/archive/shoe.png", destinationPath: "/moved" }
  })
  call("renameFile", "PUT", "/v1/files/rename", {
    json: { filePath: "/moved/shoe.png", newFileName: "boot.png", purgeCache: false }
  })
  call("renameFile (purge)", "PUT", "/v1/files/rename", {
    json: { filePath: "/moved/boot.png", newFileName: "sandal.png", purgeCache: true }
  })
  call("createFolder", "POST", "/v1/folder", { json: { folderName: "new", parentFolderPath: "/products" } })
  const folders = call("listFiles (folders)", "GET", "/v1/files/", {
    query: [
      ["path", "/products"],
      ["type", "folder"]
    ]
  })
  expect(folders.body).toEqual([expect.objectContaining({ type: "folder", name: "new" })])
  const copyJob = call("copyFolder", "POST", "/v1/bulkJobs/copyFolder", {
    json: { sourceFolderPath: "/products", destinationPath: "/backup", includeFileVersions: false }
  })
  call("getBulkJobStatus (pending)", "GET", `/v1/bulkJobs/${stringField(copyJob, "jobId")}`)
  call("getBulkJobStatus", "GET", `/v1/bulkJobs/${stringField(copyJob, "jobId")}`)
  call("moveFolder", "POST", "/v1/bulkJobs/moveFolder", {
    json: { sourceFolderPath: "/backup", destinationPath: "/cold" }
  })
  call("deleteFolder", "DELETE", "/v1/folder", { json: { folderPath: "/cold" } })
  call("getCustomMetadataFields", "GET", "/v1/customMetadataFields", { query: [["includeDeleted", "false"]] })
  call("updateCustomMetadataField", "PATCH", `/v1/customMetadataFields/${fieldId}`, {
    json: { label: "Price (EUR)", schema: { maxValue: 2000 } }
  })
  call("bulkDeleteFiles", "POST", "/v1/files/batch/deleteByFileIds", { json: { fileIds: [other] } })
  call("deleteFile", "DELETE", `/v1/files/${spare}`)
  call("deleteCustomMetadataField", "DELETE", `/v1/customMetadataFields/${fieldId}`)
  call("getCustomMetadataFields (deleted)", "GET", "/v1/customMetadataFields", { query: [["includeDeleted", "true"]] })
  call("getCustomMetadataFields (folderPath)", "GET", "/v1/customMetadataFields", {
    query: [["folderPath", "/products"]]
  })
  return [...calls, ...newerCalls()]
}

/** The endpoints `imagekit@6` did not know, each succeeding. */
const newerCalls = (): ReadonlyArray<Call> => {
  const { calls, call, upload } = recorder(newModel())
  call("createCustomMetadataField (description)", "POST", "/v1/customMetadataFields", {
    json: { name: "color", label: "Color", description: "The main colour", schema: { type: "Text" } }
  })
  const token = uploadToken(
    { fileName: "browser.png", folder: "/uploads" },
    { publicKey: "public_test_key", privateKey: "private_test_key", expiresIn: 3600, now: () => START.getTime() }
  )
  call("uploadV2 (token)", "POST", "/api/v2/files/upload", {
    authenticated: false,
    form: [...uploadForm("browser.png", { folder: "/uploads" }), { name: "token", value: token }]
  })
  call("uploadV2 (private key)", "POST", "/api/v2/files/upload", {
    form: uploadForm("server.png", { folder: "/uploads" })
  })
  const withExtensions = upload("upload (extensions)", "tagged-shoe.png", {
    extensions: JSON.stringify([{ name: "google-auto-tagging", minConfidence: 50, maxTags: 3 }, { name: "remove-bg" }])
  })
  call("updateFileDetails (extensions)", "PATCH", `/v1/files/${stringField(withExtensions, "fileId")}/details`, {
    json: { extensions: [{ name: "ai-auto-description" }], removeAITags: "all" }
  })
  call("listFiles (path, customMetadata)", "GET", "/v1/files/", {
    query: [["searchQuery", 'path : "/uploads/" AND NOT customMetadata.color EXISTS']]
  })
  const rename = call("renameFolder", "POST", "/v1/bulkJobs/renameFolder", {
    json: { folderPath: "/uploads", newFolderName: "incoming", purgeCache: true }
  })
  call("getBulkJobStatus (rename)", "GET", `/v1/bulkJobs/${stringField(rename, "jobId")}`)
  call("getBulkJobStatus (rename, done)", "GET", `/v1/bulkJobs/${stringField(rename, "jobId")}`)
  call("getUsage", "GET", "/v1/accounts/usage", {
    query: [
      ["startDate", "2024-01-01"],
      ["endDate", "2024-01-02"]
    ]
  })
  call("getUsageAnalytics", "GET", "/v1/accounts/usage-analytics", {
    query: [
      ["startDate", "2024-01-01"],
      ["endDate", "2024-01-01"]
    ]
  })
  const originIds = ORIGIN_REQUESTS.map((origin) =>
    stringField(call(`createOrigin (${String(origin.type)})`, "POST", "/v1/accounts/origins", { json: origin }), "id")
  )
  const originId = originIds[0] ?? ""
  call("listOrigins", "GET", "/v1/accounts/origins")
  call("getOrigin", "GET", `/v1/accounts/origins/${originId}`)
  call("updateOrigin", "PUT", `/v1/accounts/origins/${originId}`, {
    json: { ...ORIGIN_REQUESTS[0], prefix: "raw", baseUrlForCanonicalHeader: "https://cdn.example.com" }
  })
  const endpoint = call("createUrlEndpoint", "POST", "/v1/accounts/url-endpoints", {
    json: { description: "Products", urlPrefix: "products", origins: [originId], urlRewriter: { type: "CLOUDINARY" } }
  })
  const endpointId = stringField(endpoint, "id")
  call("listUrlEndpoints", "GET", "/v1/accounts/url-endpoints")
  call("getUrlEndpoint", "GET", `/v1/accounts/url-endpoints/${endpointId}`)
  call("updateUrlEndpoint", "PUT", `/v1/accounts/url-endpoints/${endpointId}`, {
    json: { description: "Imgix", urlPrefix: "imgix", origins: [], urlRewriter: { type: "IMGIX" } }
  })
  call("deleteUrlEndpoint", "DELETE", `/v1/accounts/url-endpoints/${endpointId}`)
  call("deleteOrigin", "DELETE", `/v1/accounts/origins/${originId}`)
  const saved = call("createSavedExtension", "POST", "/v1/saved-extensions", {
    json: {
      name: "Clothes",
      description: "Tags clothing",
      config: {
        name: "ai-tasks",
        tasks: [
          { type: "select_tags", instruction: "Which clothes?", vocabulary: ["shirt", "dress"] },
          { type: "yes_no", instruction: "Luxury?", on_yes: { add_tags: ["luxury"] } }
        ]
      }
    }
  })
  const savedId = stringField(saved, "id")
  call("listSavedExtensions", "GET", "/v1/saved-extensions")
  call("getSavedExtension", "GET", `/v1/saved-extensions/${savedId}`)
  call("updateSavedExtension", "PATCH", `/v1/saved-extensions/${savedId}`, {
    json: { config: { name: "aws-auto-tagging", minConfidence: 70, maxTags: 4 } }
  })
  upload("upload (saved extension)", "saved.png", {
    extensions: JSON.stringify([{ name: "saved-extension", id: savedId }])
  })
  call("deleteSavedExtension", "DELETE", `/v1/saved-extensions/${savedId}`)
  const named = call("createNamedTransformation", "POST", "/v1/named-transformations", {
    json: { name: "thumb", transformation: "w-150,h-150" }
  })
  const namedId = stringField(named, "id")
  call("listNamedTransformations", "GET", "/v1/named-transformations")
  call("getNamedTransformation", "GET", `/v1/named-transformations/${namedId}`)
  call("updateNamedTransformation", "PATCH", `/v1/named-transformations/${namedId}`, { json: { enabled: false } })
  call("deleteNamedTransformation", "DELETE", `/v1/named-transformations/${namedId}`)
  return calls
}

/** A valid create request per origin type, with only the spec's required fields (and one optional). */
const ORIGIN_REQUESTS: ReadonlyArray<Record<string, unknown>> = [
  { type: "S3", name: "S3 origin", bucket: "b", accessKey: "AKIA", secretKey: "secret" },
  {
    type: "S3_COMPATIBLE",
    name: "Wasabi",
    bucket: "b",
    accessKey: "a",
    secretKey: "s",
    endpoint: "https://s3.example.com"
  },
  { type: "CLOUDINARY_BACKUP", name: "Backup", bucket: "b", accessKey: "", secretKey: "", useIAMRole: true },
  { type: "WEB_FOLDER", name: "Web", baseUrl: "https://images.example.com" },
  { type: "WEB_PROXY", name: "Proxy", includeCanonicalHeader: true },
  { type: "GCS", name: "Gcs", bucket: "g", clientEmail: "sa@project.iam.gserviceaccount.com", privateKey: "k" },
  { type: "AZURE_BLOB", name: "Azure", container: "c", accountName: "acc", sasToken: "?sv=1" },
  {
    type: "AKENEO_PIM",
    name: "Akeneo",
    baseUrl: "https://akeneo.example.com",
    clientId: "id",
    clientSecret: "secret",
    username: "user",
    password: "pass"
  }
]

/** One failing call per operation family, each answered with `{ message, help }`. */
const errorCalls = (): ReadonlyArray<Call> => {
  const { calls, call } = recorder(newModel())
  const missing = "missing000000000000000000"
  call("upload: no file", "POST", "/api/v1/files/upload", { form: [{ name: "fileName", value: "a.png" }] })
  call("listFiles: bad searchQuery", "GET", "/v1/files/", { query: [["searchQuery", "name ="]] })
  call("getFileDetails: unknown file", "GET", `/v1/files/${missing}/details`)
  call("updateFileDetails: unknown file", "PATCH", `/v1/files/${missing}/details`, { json: { tags: ["a"] } })
  call("getFileMetadata: unknown file", "GET", `/v1/files/${missing}/metadata`)
  call("getFileMetadata (URL): unknown URL", "GET", "/v1/metadata", { query: [["url", `${ENDPOINT}/none.png`]] })
  call("getFileVersions: unknown file", "GET", `/v1/files/${missing}/versions`)
  call("getFileVersionDetails: unknown file", "GET", `/v1/files/${missing}/versions/${missing}`)
  call("deleteFileVersion: unknown file", "DELETE", `/v1/files/${missing}/versions/${missing}`)
  call("restoreFileVersion: unknown file", "PUT", `/v1/files/${missing}/versions/${missing}/restore`)
  call("deleteFile: unknown file", "DELETE", `/v1/files/${missing}`)
  call("bulkDeleteFiles: unknown file", "POST", "/v1/files/batch/deleteByFileIds", { json: { fileIds: [missing] } })
  call("bulkAddTags: unknown file", "POST", "/v1/files/addTags", { json: { fileIds: [missing], tags: ["a"] } })
  call("bulkRemoveTags: unknown file", "POST", "/v1/files/removeTags", { json: { fileIds: [missing], tags: ["a"] } })
  call("bulkRemoveAITags: unknown file", "POST", "/v1/files/removeAITags", {
    json: { fileIds: [missing], AITags: ["a"] }
  })
  call("copyFile: unknown source", "POST", "/v1/files/copy", {
    json: { sourceFilePath: "/none.png", destinationPath: "/x", includeFileVersions: false }
  })
  call("moveFile: unknown source", "POST", "/v1/files/move", {
    json: { sourceFilePath: "/none.png", destinationPath: "/x" }
  })
  call("renameFile: unknown file", "PUT", "/v1/files/rename", {
    json: { filePath: "/none.png", newFileName: "b.png", purgeCache: false }
  })
  call("purgeCache: invalid URL", "POST", "/v1/files/purge", { json: { url: "not a url" } })
  call("createFolder: missing name", "POST", "/v1/folder", { json: { parentFolderPath: "/" } })
  call("deleteFolder: unknown folder", "DELETE", "/v1/folder", { json: { folderPath: "/none" } })
  call("copyFolder: unknown folder", "POST", "/v1/bulkJobs/copyFolder", {
    json: { sourceFolderPath: "/none", destinationPath: "/x", includeFileVersions: false }
  })
  call("moveFolder: unknown folder", "POST", "/v1/bulkJobs/moveFolder", {
    json: { sourceFolderPath: "/none", destinationPath: "/x" }
  })
  call("getPurgeCacheStatus: unknown request", "GET", `/v1/files/purge/${missing}`)
  call("getBulkJobStatus: unknown job", "GET", `/v1/bulkJobs/${missing}`)
  call("createCustomMetadataField: bad schema", "POST", "/v1/customMetadataFields", {
    json: { name: "x", label: "X", schema: { type: "Nope" } }
  })
  call("updateCustomMetadataField: unknown field", "PATCH", `/v1/customMetadataFields/${missing}`, {
    json: { label: "Y" }
  })
  call("deleteCustomMetadataField: unknown field", "DELETE", `/v1/customMetadataFields/${missing}`)
  call("uploadV2: no token", "POST", "/api/v2/files/upload", { authenticated: false, form: uploadForm("a.png", {}) })
  call("uploadV2: invalid token", "POST", "/api/v2/files/upload", {
    authenticated: false,
    form: [...uploadForm("a.png", {}), { name: "token", value: "not.a.token" }]
  })
  call("renameFolder: root", "POST", "/v1/bulkJobs/renameFolder", { json: { folderPath: "/", newFolderName: "x" } })
  call("renameFolder: unknown folder", "POST", "/v1/bulkJobs/renameFolder", {
    json: { folderPath: "/none", newFolderName: "x" }
  })
  call("folder for the rename conflict", "POST", "/v1/folder", { json: { folderName: "a", parentFolderPath: "/" } })
  call("folder for the rename conflict (2)", "POST", "/v1/folder", { json: { folderName: "b", parentFolderPath: "/" } })
  call("renameFolder: name taken", "POST", "/v1/bulkJobs/renameFolder", {
    json: { folderPath: "/a", newFolderName: "b" }
  })
  call("getUsage: bad dates", "GET", "/v1/accounts/usage", {
    query: [
      ["startDate", "2024-01-02"],
      ["endDate", "2024-01-01"]
    ]
  })
  call("getUsageAnalytics: no dates", "GET", "/v1/accounts/usage-analytics")
  call("createOrigin: unknown type", "POST", "/v1/accounts/origins", { json: { type: "FTP", name: "x" } })
  call("getOrigin: unknown origin", "GET", `/v1/accounts/origins/${missing}`)
  call("updateOrigin: unknown origin", "PUT", `/v1/accounts/origins/${missing}`, {
    json: { type: "WEB_PROXY", name: "x" }
  })
  call("updateOrigin: missing bucket", "PUT", `/v1/accounts/origins/${missing}`, { json: { type: "S3", name: "x" } })
  call("deleteOrigin: unknown origin", "DELETE", `/v1/accounts/origins/${missing}`)
  const inUse = stringField(
    call("origin in use", "POST", "/v1/accounts/origins", { json: { type: "WEB_PROXY", name: "Used" } }),
    "id"
  )
  call("endpoint using it", "POST", "/v1/accounts/url-endpoints", {
    json: { description: "d", urlPrefix: "used", origins: [inUse] }
  })
  call("deleteOrigin: in use", "DELETE", `/v1/accounts/origins/${inUse}`)
  call("createUrlEndpoint: unknown origin", "POST", "/v1/accounts/url-endpoints", {
    json: { description: "d", urlPrefix: "p", origins: [missing] }
  })
  call("getUrlEndpoint: unknown endpoint", "GET", `/v1/accounts/url-endpoints/${missing}`)
  call("updateUrlEndpoint: unknown endpoint", "PUT", `/v1/accounts/url-endpoints/${missing}`, {
    json: { description: "d" }
  })
  call("updateUrlEndpoint: no description", "PUT", "/v1/accounts/url-endpoints/default", { json: {} })
  call("deleteUrlEndpoint: the default", "DELETE", "/v1/accounts/url-endpoints/default")
  call("deleteUrlEndpoint: unknown endpoint", "DELETE", `/v1/accounts/url-endpoints/${missing}`)
  call("createSavedExtension: bad config", "POST", "/v1/saved-extensions", {
    json: { name: "n", description: "d", config: { name: "nope" } }
  })
  call("getSavedExtension: unknown", "GET", `/v1/saved-extensions/${missing}`)
  call("updateSavedExtension: unknown", "PATCH", `/v1/saved-extensions/${missing}`, { json: { name: "x" } })
  call("deleteSavedExtension: unknown", "DELETE", `/v1/saved-extensions/${missing}`)
  call("createNamedTransformation: name with spaces", "POST", "/v1/named-transformations", {
    json: { name: "a b", transformation: "w-1" }
  })
  call("createNamedTransformation (for the duplicate)", "POST", "/v1/named-transformations", {
    json: { name: "dup", transformation: "w-1" }
  })
  call("createNamedTransformation: duplicate", "POST", "/v1/named-transformations", {
    json: { name: "dup", transformation: "w-2" }
  })
  call("getNamedTransformation: unknown", "GET", `/v1/named-transformations/${missing}`)
  call("updateNamedTransformation: unknown", "PATCH", `/v1/named-transformations/${missing}`, {
    json: { enabled: true }
  })
  call("deleteNamedTransformation: unknown", "DELETE", `/v1/named-transformations/${missing}`)
  // Setup calls above are not errors: only the labelled failures stay.
  return calls.filter((recorded) => recorded.operation.includes(":"))
}

// ---------------------------------------------------------------------------------------------------------------
// known deviations
// ---------------------------------------------------------------------------------------------------------------

interface Deviation {
  /** The labels of the calls (in `successfulCalls` / `errorCalls`) whose answers show it. */
  readonly calls: ReadonlyArray<string>
  /** What the model answers where the spec expects something else, and why. */
  readonly what: string
  /** The answer with only this deviation undone: it must then match the spec, so nothing else is hidden. */
  readonly undo: (response: ModelResponse) => ModelResponse
}

/**
 * Answers the spec does not accept. Each is kept out of the main loops and asserted below to still fail the
 * check, and to pass once undone, so a fix in the model (or in the spec) shows up as a failure here.
 */
const KNOWN_DEVIATIONS: ReadonlyArray<Deviation> = [
  {
    // origins.ts refuses to delete an origin a URL endpoint uses, as the spec's description says the API does ("If the
    // origin is in use by any URL-endpoints, the API will return an error"), but the operation declares no 4xx besides
    // 404 for it; the model answers 400 with { message, help }.
    what: "deleteOrigin answers an origin in use with 400; the spec declares only 404 there",
    calls: ["deleteOrigin: in use"],
    undo: (response) => ({ ...response, status: 404 })
  },
  {
    // purges.ts answers an unknown request id with 404 "The requested purge request does not exist."; the spec's
    // purge-status operation declares 200, 400, 401, 403 and 429 only (its 400 has the same { message, help }).
    what: "getPurgeCacheStatus answers an unknown requestId with 404; the spec declares no 404 there, only 400",
    calls: ["getPurgeCacheStatus: unknown request"],
    undo: (response) => ({ ...response, status: 400 })
  }
]

const deviating = new Set(KNOWN_DEVIATIONS.flatMap((deviation) => deviation.calls))

// ---------------------------------------------------------------------------------------------------------------
// tests
// ---------------------------------------------------------------------------------------------------------------

const OPERATIONS = [
  "upload",
  "listFiles",
  "getFileDetails",
  "getFileVersions",
  "getFileVersionDetails",
  "getFileMetadata",
  "updateFileDetails",
  "bulkAddTags",
  "bulkRemoveTags",
  "bulkRemoveAITags",
  "deleteFile",
  "deleteFileVersion",
  "restoreFileVersion",
  "purgeCache",
  "getPurgeCacheStatus",
  "bulkDeleteFiles",
  "copyFile",
  "moveFile",
  "renameFile",
  "createFolder",
  "deleteFolder",
  "copyFolder",
  "moveFolder",
  "getBulkJobStatus",
  "createCustomMetadataField",
  "getCustomMetadataFields",
  "updateCustomMetadataField",
  "deleteCustomMetadataField"
]

/** The operations `imagekit@6` did not know: 18 in the spec, 6 newer than it. */
const NEWER_OPERATIONS = [
  "uploadV2",
  "renameFolder",
  "getUsage",
  "createOrigin",
  "listOrigins",
  "getOrigin",
  "updateOrigin",
  "deleteOrigin",
  "createUrlEndpoint",
  "listUrlEndpoints",
  "getUrlEndpoint",
  "updateUrlEndpoint",
  "deleteUrlEndpoint",
  "createSavedExtension",
  "listSavedExtensions",
  "getSavedExtension",
  "updateSavedExtension",
  "deleteSavedExtension",
  "getUsageAnalytics",
  "createNamedTransformation",
  "listNamedTransformations",
  "getNamedTransformation",
  "updateNamedTransformation",
  "deleteNamedTransformation"
]

const describeFailure = (verdict: Verdict, body: unknown): string =>
  verdict.ok
    ? "ok"
    : `${verdict.reason}\n${JSON.stringify(verdict.errors ?? [], null, 2)}\nbody: ${JSON.stringify(body, null, 2)}`

const SUCCESSES = successfulCalls()
const ERRORS = errorCalls()
const baseName = (operation: string): string => operation.split(/[ :]/)[0] ?? operation

describe("the vendored OpenAPI spec", () => {
  it("maps each of the 52 operations to a spec operation, or to a schema of the newer ones", () => {
    expect(OPERATIONS).toHaveLength(28)
    expect(NEWER_OPERATIONS).toHaveLength(24)
    const all = [...OPERATIONS, ...NEWER_OPERATIONS]
    expect(new Set(SUCCESSES.map((call) => baseName(call.operation)))).toEqual(new Set(all))
    // No 4xx the model gives is declared for these lists (only 401, 403 and 429, which the gateway answers).
    const withoutErrors = new Set([
      "getCustomMetadataFields",
      "listOrigins",
      "listUrlEndpoints",
      "listSavedExtensions",
      "listNamedTransformations"
    ])
    expect(new Set(ERRORS.map((call) => baseName(call.operation)))).toEqual(
      new Set(all.filter((operation) => !withoutErrors.has(operation)))
    )
    for (const call of [...SUCCESSES, ...ERRORS]) {
      const newer = NEWER_THAN_SPEC.some(
        (operation) => operation.method === call.method && operation.template.test(call.path)
      )
      expect(newer || templateFor(call.method, call.path) !== undefined, `${call.method} ${call.path}`).toBe(true)
    }
  })
})

describe("the check", () => {
  it("rejects a body that breaks the schema, and a status the spec does not declare", () => {
    const call = SUCCESSES.find((candidate) => candidate.operation === "upload")
    expect(call).toBeDefined()
    if (call === undefined) return
    expect(check(call.method, call.path, call.response).ok).toBe(true)
    const broken = {
      ...call.response,
      body: { ...(isRecord(call.response.body) ? call.response.body : {}), size: "big", tags: "a,b" }
    }
    expect(check(call.method, call.path, broken)).toMatchObject({ ok: false, reason: "schema mismatch" })
    expect(check(call.method, call.path, { ...call.response, status: 201 })).toMatchObject({ ok: false })
  })

  it("rejects an origin answer that echoes a secret, and a named transformation with a field too many", () => {
    const origin = SUCCESSES.find((candidate) => candidate.operation === "getOrigin")
    const named = SUCCESSES.find((candidate) => candidate.operation === "getNamedTransformation")
    if (origin === undefined || named === undefined) return expect.fail("the calls are missing")
    const withSecret = { ...origin.response, body: { ...(origin.response.body as object), secretKey: "s" } }
    expect(check(origin.method, origin.path, origin.response).ok).toBe(true)
    expect(check(origin.method, origin.path, withSecret)).toMatchObject({ ok: false, reason: "schema mismatch" })
    const extra = { ...named.response, body: { ...(named.response.body as object), extra: 1 } }
    expect(check(named.method, named.path, named.response).ok).toBe(true)
    expect(check(named.method, named.path, extra)).toMatchObject({ ok: false, reason: "schema mismatch" })
  })
})

describe("successful responses match the spec", () => {
  it.each(SUCCESSES.filter((call) => !deviating.has(call.operation)).map((call) => [call.operation, call]))(
    "%s",
    (_, call) => {
      expect(call.response.status, JSON.stringify(call.response.body)).toBeGreaterThanOrEqual(200)
      expect(call.response.status).toBeLessThan(300)
      const verdict = check(call.method, call.path, call.response)
      expect(verdict.ok, describeFailure(verdict, call.response.body)).toBe(true)
    }
  )
})

describe("error responses match the spec", () => {
  it.each(ERRORS.filter((call) => !deviating.has(call.operation)).map((call) => [call.operation, call]))(
    "%s",
    (_, call) => {
      expect(call.response.status).toBeGreaterThanOrEqual(400)
      expect(call.response.status).toBeLessThan(500)
      expect(call.response.body).toMatchObject({ message: expect.any(String), help: expect.any(String) })
      const verdict = check(call.method, call.path, call.response)
      expect(verdict.ok, describeFailure(verdict, call.response.body)).toBe(true)
    }
  )
})

describe("known deviations from the spec still exist", () => {
  it.each(KNOWN_DEVIATIONS.flatMap((deviation) => deviation.calls.map((label) => [label, deviation] as const)))(
    "%s",
    (label, deviation) => {
      const call = [...SUCCESSES, ...ERRORS].find((candidate) => candidate.operation === label)
      expect(call, `no call labelled ${label}`).toBeDefined()
      if (call === undefined) return
      expect(check(call.method, call.path, call.response).ok, deviation.what).toBe(false)
      const undone = deviation.undo(call.response)
      const verdict = check(call.method, call.path, undone)
      expect(verdict.ok, describeFailure(verdict, undone.body)).toBe(true)
    }
  )
})
