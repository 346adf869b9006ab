/**
 * The endpoints `imagekit@6` never knew, on the wire (mock HttpClient, no sockets): each operation's exact request,
 * its decoded answer, an argument refused before sending, and the status error the spec documents. Then the rules
 * the SDK checks itself: date ranges, origin types and secrets, names with spaces, the publish form, typed
 * extensions, and v2 upload tokens (expired, signed for other options) — none of which may send a request.
 * The same operations against the emulator over loopback: packages/testing/test/CurrentApiClient.test.ts.
 */
import { Buffer } from "node:buffer"
import { createHmac } from "node:crypto"
import { inspect } from "node:util"
import * as Signing from "@effect-imagekit/core/Signing"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import type * as Tracer from "effect/Tracer"
import * as ImageKit from "../src/ImageKit.js"
import * as ImageKitConfig from "../src/ImageKitConfig.js"
import * as ImageKitError from "../src/ImageKitError.js"
import * as Schemas from "../src/Schemas.js"
import * as current from "./fixtures/currentApi.js"
import type { CurrentApiOperation } from "./fixtures/currentApi.js"
import { json, mockHttp, type Recorded } from "./fixtures/mockHttp.js"
import { bodyContentType, formEntries, jsonBody, recordSpans, splitUrl } from "./fixtures/recording.js"
import * as samples from "./fixtures/samples.js"

const PRIVATE_KEY = "private_key_current_api"
const PUBLIC_KEY = "public_key_current_api"
const BASIC_AUTH = `Basic ${Buffer.from(`${PRIVATE_KEY}:`).toString("base64")}`
const API = "https://api.imagekit.io"
const UPLOAD = "https://upload.imagekit.io"
const SECRET = "s3cr3t-never-shown"

const config: ImageKitConfig.Options = {
  publicKey: PUBLIC_KEY,
  privateKey: PRIVATE_KEY,
  urlEndpoint: "https://ik.imagekit.io/demo",
  retry: { maxRetries: 0 }
}

const run = <A, E>(use: (ik: ImageKit.Service) => Effect.Effect<A, E>, reply: (request: Recorded) => Response) =>
  Effect.gen(function* () {
    const mock = mockHttp(reply)
    const { tracer, spans } = yield* recordSpans
    const layer = ImageKit.layer.pipe(Layer.provide(ImageKitConfig.layer(config)), Layer.provide(mock.layer))
    const exit = yield* ImageKit.ImageKit.pipe(
      Effect.flatMap((ik) => Effect.exit(use(ik))),
      Effect.provide(layer),
      Effect.withTracer(tracer)
    )
    return { exit, requests: mock.requests, spans }
  })

const failure = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit)) return assert.fail(`expected a failure, got ${JSON.stringify(exit.value)}`)
  const error = Cause.failureOption(exit.cause)
  if (Option.isNone(error)) return assert.fail(`expected a typed failure, got ${Cause.pretty(exit.cause)}`)
  return error.value
}

const success = <A, E>(exit: Exit.Exit<A, E>): A => {
  if (Exit.isFailure(exit)) return assert.fail(`expected a success, got ${Cause.pretty(exit.cause)}`)
  return exit.value
}

const invalidInput = <A, E>(exit: Exit.Exit<A, E>): ImageKitError.InvalidInputError => {
  const error = failure(exit)
  if (!ImageKitError.isImageKitError(error) || error._tag !== "InvalidInputError") {
    return assert.fail(`expected an InvalidInputError, got ${String(error)}`)
  }
  return error
}

const untyped = <T>(value: unknown): T => value as T
const noContent = (): Response => new Response(null, { status: 204 })
const attributeTexts = (spans: ReadonlyArray<Tracer.Span>): ReadonlyArray<string> =>
  spans.flatMap((span) => [...span.attributes].map(([key, value]) => `${key}=${String(value)}`))

// ---------------------------------------------------------------------------------------------------------------
// The table: one case per operation
// ---------------------------------------------------------------------------------------------------------------

type Call = (ik: ImageKit.Service) => Effect.Effect<unknown, ImageKit.OperationError>

interface Case {
  readonly call: Call
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"
  readonly url: string
  readonly query?: ReadonlyArray<readonly [string, string]>
  /** The JSON body, `undefined` for none; uploads are checked below. */
  readonly body: unknown
  readonly reply: () => Response
  readonly decoded: unknown
  readonly invalid: { readonly call: Call; readonly field: string }
  readonly apiError: {
    readonly status: number
    readonly body: { readonly message: string; readonly help: string }
    readonly tag: "ApiError" | "NotFoundError" | "ConflictError"
  }
}

const S3_INPUT = {
  type: "S3",
  name: "US S3 Storage",
  bucket: "test-bucket",
  prefix: "images",
  accessKey: Redacted.make("AKIATEST123"),
  secretKey: Redacted.make(SECRET)
} as const
const S3_BODY = {
  type: "S3",
  name: "US S3 Storage",
  bucket: "test-bucket",
  prefix: "images",
  accessKey: "AKIATEST123",
  secretKey: SECRET
}
const ENDPOINT_INPUT = {
  description: "My custom URL endpoint",
  urlPrefix: "product-images",
  origins: ["origin-id-1"],
  urlRewriter: { type: "CLOUDINARY", preserveAssetDeliveryTypes: true }
} as const
const EXTENSION_INPUT = {
  name: "Car Quality Analysis",
  description: "Analyzes vehicle images for type, condition, and quality assessment",
  config: { name: "google-auto-tagging", minConfidence: 80, maxTags: 10 }
} as const

const cases: { readonly [K in Exclude<CurrentApiOperation, "uploadV2">]: Case } = {
  renameFolder: {
    call: (ik) => ik.renameFolder({ folderPath: "/path/of/folder", newFolderName: "new-folder-name" }),
    method: "POST",
    url: `${API}/v1/bulkJobs/renameFolder`,
    body: { folderPath: "/path/of/folder", newFolderName: "new-folder-name", purgeCache: false },
    reply: () => json(samples.bulkJob, 202),
    decoded: samples.bulkJob,
    invalid: { call: (ik) => ik.renameFolder({ folderPath: "/a", newFolderName: "x/y" }), field: "newFolderName" },
    apiError: { status: 409, body: current.currentErrors.renameTaken, tag: "ConflictError" }
  },
  getUsage: {
    call: (ik) => ik.getUsage({ startDate: "2026-01-01", endDate: "2026-02-01" }),
    method: "GET",
    url: `${API}/v1/accounts/usage`,
    query: [
      ["startDate", "2026-01-01"],
      ["endDate", "2026-02-01"]
    ],
    body: undefined,
    reply: () => json(current.usage),
    decoded: current.usage,
    invalid: { call: (ik) => ik.getUsage({ startDate: "2026-02-30", endDate: "2026-03-01" }), field: "startDate" },
    apiError: { status: 400, body: current.currentErrors.usageRange, tag: "ApiError" }
  },
  getUsageAnalytics: {
    call: (ik) => ik.getUsageAnalytics({ startDate: "2026-01-01", endDate: "2026-01-31" }),
    method: "GET",
    url: `${API}/v1/accounts/usage-analytics`,
    query: [
      ["startDate", "2026-01-01"],
      ["endDate", "2026-01-31"]
    ],
    body: undefined,
    reply: () => json(current.usageAnalytics),
    decoded: current.usageAnalytics,
    invalid: {
      call: (ik) => ik.getUsageAnalytics({ startDate: "2026-01-01", endDate: "2026-04-01" }),
      field: "endDate"
    },
    apiError: { status: 400, body: current.currentErrors.usageRange, tag: "ApiError" }
  },
  listOrigins: {
    call: (ik) => ik.listOrigins(),
    method: "GET",
    url: `${API}/v1/accounts/origins`,
    body: undefined,
    reply: () => json([current.s3Origin]),
    decoded: [current.s3Origin],
    invalid: { call: (ik) => ik.getOrigin(".."), field: "originId" },
    apiError: { status: 400, body: current.currentErrors.originBucket, tag: "ApiError" }
  },
  createOrigin: {
    call: (ik) => ik.createOrigin(S3_INPUT),
    method: "POST",
    url: `${API}/v1/accounts/origins`,
    body: S3_BODY,
    reply: () => json(current.s3Origin, 201),
    decoded: current.s3Origin,
    invalid: { call: (ik) => ik.createOrigin(untyped({ ...S3_INPUT, type: "FTP" })), field: "type" },
    apiError: { status: 400, body: current.currentErrors.originBucket, tag: "ApiError" }
  },
  getOrigin: {
    call: (ik) => ik.getOrigin("origin-id-1"),
    method: "GET",
    url: `${API}/v1/accounts/origins/origin-id-1`,
    body: undefined,
    reply: () => json(current.s3Origin),
    decoded: current.s3Origin,
    invalid: { call: (ik) => ik.getOrigin(""), field: "originId" },
    apiError: { status: 404, body: current.currentErrors.originNotFound, tag: "NotFoundError" }
  },
  updateOrigin: {
    call: (ik) => ik.updateOrigin("origin-id-1", S3_INPUT),
    method: "PUT",
    url: `${API}/v1/accounts/origins/origin-id-1`,
    body: S3_BODY,
    reply: () => json(current.s3Origin),
    decoded: current.s3Origin,
    invalid: {
      call: (ik) => ik.updateOrigin("origin-id-1", untyped({ ...S3_INPUT, bucket: undefined })),
      field: "bucket"
    },
    apiError: { status: 404, body: current.currentErrors.originNotFound, tag: "NotFoundError" }
  },
  deleteOrigin: {
    call: (ik) => ik.deleteOrigin("origin-id-1"),
    method: "DELETE",
    url: `${API}/v1/accounts/origins/origin-id-1`,
    body: undefined,
    reply: noContent,
    decoded: undefined,
    invalid: { call: (ik) => ik.deleteOrigin("."), field: "originId" },
    apiError: { status: 404, body: current.currentErrors.originNotFound, tag: "NotFoundError" }
  },
  listUrlEndpoints: {
    call: (ik) => ik.listUrlEndpoints(),
    method: "GET",
    url: `${API}/v1/accounts/url-endpoints`,
    body: undefined,
    reply: () => json([current.urlEndpoint]),
    decoded: [current.urlEndpoint],
    invalid: { call: (ik) => ik.getUrlEndpoint(" "), field: "urlEndpointId" },
    apiError: { status: 400, body: current.currentErrors.endpointOrigin, tag: "ApiError" }
  },
  createUrlEndpoint: {
    call: (ik) => ik.createUrlEndpoint(ENDPOINT_INPUT),
    method: "POST",
    url: `${API}/v1/accounts/url-endpoints`,
    body: ENDPOINT_INPUT,
    reply: () => json(current.urlEndpoint, 201),
    decoded: current.urlEndpoint,
    invalid: {
      call: (ik) => ik.createUrlEndpoint({ ...ENDPOINT_INPUT, urlPrefix: "product images" }),
      field: "urlPrefix"
    },
    apiError: { status: 400, body: current.currentErrors.endpointOrigin, tag: "ApiError" }
  },
  getUrlEndpoint: {
    call: (ik) => ik.getUrlEndpoint("default"),
    method: "GET",
    url: `${API}/v1/accounts/url-endpoints/default`,
    body: undefined,
    reply: () => json(current.urlEndpoint),
    decoded: current.urlEndpoint,
    invalid: { call: (ik) => ik.getUrlEndpoint(""), field: "urlEndpointId" },
    apiError: { status: 404, body: current.currentErrors.endpointNotFound, tag: "NotFoundError" }
  },
  updateUrlEndpoint: {
    call: (ik) => ik.updateUrlEndpoint("endpoint-id-1", ENDPOINT_INPUT),
    method: "PUT",
    url: `${API}/v1/accounts/url-endpoints/endpoint-id-1`,
    body: ENDPOINT_INPUT,
    reply: () => json(current.urlEndpoint),
    decoded: current.urlEndpoint,
    invalid: {
      call: (ik) =>
        ik.updateUrlEndpoint("endpoint-id-1", { ...ENDPOINT_INPUT, urlRewriter: untyped({ type: "FASTLY" }) }),
      field: "urlRewriter"
    },
    apiError: { status: 404, body: current.currentErrors.endpointNotFound, tag: "NotFoundError" }
  },
  deleteUrlEndpoint: {
    call: (ik) => ik.deleteUrlEndpoint("endpoint-id-1"),
    method: "DELETE",
    url: `${API}/v1/accounts/url-endpoints/endpoint-id-1`,
    body: undefined,
    reply: noContent,
    decoded: undefined,
    invalid: { call: (ik) => ik.deleteUrlEndpoint(".."), field: "urlEndpointId" },
    apiError: { status: 404, body: current.currentErrors.endpointNotFound, tag: "NotFoundError" }
  },
  listSavedExtensions: {
    call: (ik) => ik.listSavedExtensions(),
    method: "GET",
    url: `${API}/v1/saved-extensions`,
    body: undefined,
    reply: () => json([current.savedExtension]),
    decoded: [current.savedExtension],
    invalid: { call: (ik) => ik.getSavedExtension(""), field: "savedExtensionId" },
    apiError: { status: 400, body: current.currentErrors.extensionConfig, tag: "ApiError" }
  },
  createSavedExtension: {
    call: (ik) => ik.createSavedExtension(EXTENSION_INPUT),
    method: "POST",
    url: `${API}/v1/saved-extensions`,
    body: EXTENSION_INPUT,
    reply: () => json(current.savedExtension, 201),
    decoded: current.savedExtension,
    invalid: {
      call: (ik) =>
        ik.createSavedExtension({
          ...EXTENSION_INPUT,
          config: { name: "google-auto-tagging", minConfidence: 101, maxTags: 1 }
        }),
      field: "config.minConfidence"
    },
    apiError: { status: 400, body: current.currentErrors.extensionConfig, tag: "ApiError" }
  },
  getSavedExtension: {
    call: (ik) => ik.getSavedExtension("ext_abc123"),
    method: "GET",
    url: `${API}/v1/saved-extensions/ext_abc123`,
    body: undefined,
    reply: () => json(current.savedExtension),
    decoded: current.savedExtension,
    invalid: { call: (ik) => ik.getSavedExtension("."), field: "savedExtensionId" },
    apiError: { status: 404, body: current.currentErrors.extensionNotFound, tag: "NotFoundError" }
  },
  updateSavedExtension: {
    call: (ik) => ik.updateSavedExtension("ext_abc123", { description: "Cars only" }),
    method: "PATCH",
    url: `${API}/v1/saved-extensions/ext_abc123`,
    body: { description: "Cars only" },
    reply: () => json(current.savedExtension),
    decoded: current.savedExtension,
    invalid: { call: (ik) => ik.updateSavedExtension("ext_abc123", {}), field: "options" },
    apiError: { status: 404, body: current.currentErrors.extensionNotFound, tag: "NotFoundError" }
  },
  deleteSavedExtension: {
    call: (ik) => ik.deleteSavedExtension("ext_abc123"),
    method: "DELETE",
    url: `${API}/v1/saved-extensions/ext_abc123`,
    body: undefined,
    reply: noContent,
    decoded: undefined,
    invalid: { call: (ik) => ik.deleteSavedExtension(""), field: "savedExtensionId" },
    apiError: { status: 404, body: current.currentErrors.extensionNotFound, tag: "NotFoundError" }
  },
  listNamedTransformations: {
    call: (ik) => ik.listNamedTransformations(),
    method: "GET",
    url: `${API}/v1/named-transformations`,
    body: undefined,
    reply: () => json([current.namedTransformation]),
    decoded: [current.namedTransformation],
    invalid: { call: (ik) => ik.getNamedTransformation(""), field: "namedTransformationId" },
    apiError: { status: 400, body: current.currentErrors.extensionConfig, tag: "ApiError" }
  },
  createNamedTransformation: {
    call: (ik) =>
      ik.createNamedTransformation({ name: "small_thumbnail", transformation: "w-150,h-150,fo-center,cm-pad_resize" }),
    method: "POST",
    url: `${API}/v1/named-transformations`,
    body: { name: "small_thumbnail", transformation: "w-150,h-150,fo-center,cm-pad_resize" },
    reply: () => json(current.namedTransformation, 201),
    decoded: current.namedTransformation,
    invalid: {
      call: (ik) => ik.createNamedTransformation({ name: "small thumbnail", transformation: "w-150" }),
      field: "name"
    },
    apiError: { status: 409, body: current.currentErrors.transformationTaken, tag: "ConflictError" }
  },
  getNamedTransformation: {
    call: (ik) => ik.getNamedTransformation("6bZ9x2ZUx"),
    method: "GET",
    url: `${API}/v1/named-transformations/6bZ9x2ZUx`,
    body: undefined,
    reply: () => json(current.namedTransformation),
    decoded: current.namedTransformation,
    invalid: { call: (ik) => ik.getNamedTransformation(".."), field: "namedTransformationId" },
    apiError: { status: 404, body: current.currentErrors.transformationNotFound, tag: "NotFoundError" }
  },
  updateNamedTransformation: {
    call: (ik) => ik.updateNamedTransformation("6bZ9x2ZUx", { enabled: false }),
    method: "PATCH",
    url: `${API}/v1/named-transformations/6bZ9x2ZUx`,
    body: { enabled: false },
    reply: () => json({ ...current.namedTransformation, enabled: false }),
    decoded: { ...current.namedTransformation, enabled: false },
    invalid: {
      call: (ik) => ik.updateNamedTransformation("6bZ9x2ZUx", { transformation: "w-150, h-150" }),
      field: "transformation"
    },
    apiError: { status: 409, body: current.currentErrors.transformationTaken, tag: "ConflictError" }
  },
  deleteNamedTransformation: {
    call: (ik) => ik.deleteNamedTransformation("6bZ9x2ZUx"),
    method: "DELETE",
    url: `${API}/v1/named-transformations/6bZ9x2ZUx`,
    body: undefined,
    reply: noContent,
    decoded: undefined,
    invalid: { call: (ik) => ik.deleteNamedTransformation(" "), field: "namedTransformationId" },
    apiError: { status: 404, body: current.currentErrors.transformationNotFound, tag: "NotFoundError" }
  }
}

describe("the newer endpoints on the wire", () => {
  for (const [operation, c] of Object.entries(cases)) {
    describe(operation, () => {
      it.effect("sends the API's request with the key, decodes the answer, one span without secrets", () =>
        Effect.gen(function* () {
          const { exit, requests, spans } = yield* run(c.call, () => c.reply())
          const value = success(exit)
          assert.strictEqual(requests.length, 1)
          const request = requests[0]
          assert.strictEqual(request?.method, c.method)
          const { base, query } = splitUrl(request)
          assert.strictEqual(base, c.url)
          assert.deepStrictEqual(query, c.query ?? [])
          assert.strictEqual(request?.headers.authorization, BASIC_AUTH)
          if (c.body === undefined) assert.strictEqual(request?.body._tag, "Empty")
          else {
            assert.strictEqual(bodyContentType(request), "application/json")
            assert.deepStrictEqual(jsonBody(request), c.body)
          }
          assert.deepStrictEqual(value, c.decoded)
          assert.strictEqual(spans.filter((span) => span.name === `ImageKit.${operation}`).length, 1)
          for (const text of attributeTexts(spans)) {
            assert.notInclude(text, PRIVATE_KEY)
            assert.notInclude(text, SECRET)
          }
        })
      )

      it.effect("refuses a bad argument with an InvalidInputError naming the field, sending nothing", () =>
        Effect.gen(function* () {
          const { exit, requests } = yield* run(c.invalid.call, () => c.reply())
          const error = invalidInput(exit)
          assert.strictEqual(error.field, c.invalid.field)
          assert.isAbove(error.help.length, 10)
          assert.strictEqual(requests.length, 0)
        })
      )

      it.effect(`maps the documented ${c.apiError.status} to ${c.apiError.tag}`, () =>
        Effect.gen(function* () {
          const { exit } = yield* run(c.call, () => json(c.apiError.body, c.apiError.status))
          const error = failure(exit)
          assert.strictEqual(error._tag, c.apiError.tag)
          if (ImageKitError.isStatusError(error)) {
            assert.strictEqual(error.status, c.apiError.status)
            assert.strictEqual(error.message, c.apiError.body.message)
          }
        })
      )
    })
  }
})

// ---------------------------------------------------------------------------------------------------------------
// What the SDK checks itself
// ---------------------------------------------------------------------------------------------------------------

const refused = <A, E>(call: (ik: ImageKit.Service) => Effect.Effect<A, E>, field: string) =>
  Effect.gen(function* () {
    const { exit, requests } = yield* run(call, () => json({}))
    const error = invalidInput(exit)
    assert.strictEqual(error.field, field, error.message)
    assert.strictEqual(requests.length, 0)
    return error
  })

describe("date ranges", () => {
  it.effect("getUsage excludes the end day: the same day twice is refused, the day after accepted", () =>
    Effect.gen(function* () {
      yield* refused((ik) => ik.getUsage({ startDate: "2026-01-05", endDate: "2026-01-05" }), "endDate")
      yield* refused((ik) => ik.getUsage({ startDate: "2026-01-05", endDate: "2026-01-04" }), "endDate")
      const { exit } = yield* run(
        (ik) => ik.getUsage({ startDate: "2026-01-05", endDate: "2026-01-06" }),
        () => json(current.usage)
      )
      success(exit)
    })
  )

  it.effect("getUsageAnalytics includes both days: one day is a range, an end before the start is not", () =>
    Effect.gen(function* () {
      const { exit } = yield* run(
        (ik) => ik.getUsageAnalytics({ startDate: "2026-01-05", endDate: "2026-01-05" }),
        () => json(current.usageAnalytics)
      )
      success(exit)
      yield* refused((ik) => ik.getUsageAnalytics({ startDate: "2026-01-05", endDate: "2026-01-04" }), "endDate")
    })
  )

  it.effect("at most 89 days apart, real calendar days, the YYYY-MM-DD form only", () =>
    Effect.gen(function* () {
      const { exit } = yield* run(
        (ik) => ik.getUsage({ startDate: "2026-01-01", endDate: "2026-03-31" }),
        () => json(current.usage)
      )
      success(exit)
      yield* refused((ik) => ik.getUsage({ startDate: "2026-01-01", endDate: "2026-04-01" }), "endDate")
      yield* refused((ik) => ik.getUsage({ startDate: "2026-13-01", endDate: "2026-12-01" }), "startDate")
      yield* refused((ik) => ik.getUsage({ startDate: "2026-1-1", endDate: "2026-02-01" }), "startDate")
      yield* refused((ik) => ik.getUsage(untyped({ startDate: new Date(), endDate: "2026-02-01" })), "startDate")
      yield* refused((ik) => ik.getUsage(untyped({ startDate: "2026-01-01" })), "endDate")
    })
  )
})

describe("origins", () => {
  it.effect("a secret passed as plain text is refused without showing it anywhere", () =>
    Effect.gen(function* () {
      const error = yield* refused((ik) => ik.createOrigin(untyped({ ...S3_INPUT, secretKey: SECRET })), "secretKey")
      for (const text of [error.message, error.help, String(error), JSON.stringify(error), inspect(error)]) {
        assert.notInclude(text, SECRET)
      }
    })
  )

  it.effect("a Redacted secret is revealed into the body only: never in the span or an error", () =>
    Effect.gen(function* () {
      const { exit, requests, spans } = yield* run(
        (ik) => ik.createOrigin(S3_INPUT),
        () => json({ message: "bucket is required and must be a string", help: "" }, 400)
      )
      const error = failure(exit)
      assert.strictEqual(error._tag, "ApiError")
      assert.include(JSON.stringify(jsonBody(requests[0])), SECRET)
      for (const text of [...attributeTexts(spans), String(error), JSON.stringify(error), inspect(error)]) {
        assert.notInclude(text, SECRET)
      }
    })
  )

  it.effect("every type's required fields: missing bucket, unknown type, bad e-mail, bad URL", () =>
    Effect.gen(function* () {
      yield* refused(
        (ik) => ik.createOrigin(untyped({ type: "S3", name: "x", accessKey: Redacted.make("a") })),
        "bucket"
      )
      yield* refused((ik) => ik.createOrigin(untyped({ type: "FTP", name: "x" })), "type")
      yield* refused(
        (ik) =>
          ik.createOrigin({
            type: "GCS",
            name: "gcs",
            bucket: "b",
            clientEmail: "not an e-mail",
            privateKey: Redacted.make("k")
          }),
        "clientEmail"
      )
      yield* refused((ik) => ik.createOrigin({ type: "WEB_FOLDER", name: "web", baseUrl: "ftp://x" }), "baseUrl")
      yield* refused((ik) => ik.createOrigin({ type: "WEB_PROXY", name: "a/b" }), "name")
      yield* refused(
        (ik) => ik.createOrigin({ type: "S3", name: "s3", bucket: "b", accessKey: Redacted.make("a") }),
        "secretKey"
      )
    })
  )

  it.effect("useIAMRole sends the empty keys the API expects", () =>
    Effect.gen(function* () {
      const { requests } = yield* run(
        (ik) => ik.createOrigin({ type: "S3", name: "role", bucket: "b", useIAMRole: true }),
        () => json({ ...current.s3Origin, useIAMRole: true }, 201)
      )
      assert.deepStrictEqual(jsonBody(requests[0]), {
        type: "S3",
        name: "role",
        bucket: "b",
        useIAMRole: true,
        accessKey: "",
        secretKey: ""
      })
    })
  )

  it.effect("an origin of a type added later decodes, and hasType still narrows the known ones", () =>
    Effect.gen(function* () {
      const later = { id: "o2", type: "DROPBOX", name: "Later", folder: "/x" }
      const { exit } = yield* run(
        (ik) => ik.listOrigins(),
        () => json([current.s3Origin, later])
      )
      const origins = success(exit)
      assert.deepStrictEqual<unknown>(origins, [current.s3Origin, later])
      assert.deepStrictEqual(
        origins.filter((origin) => Schemas.hasType(origin, "S3")).map((origin) => origin.bucket),
        ["test-bucket"]
      )
    })
  )

  it.effect("a known type without its fields is a ResponseDecodeError, not an 'other' origin", () =>
    Effect.gen(function* () {
      const { exit } = yield* run(
        (ik) => ik.getOrigin("o1"),
        () => json({ id: "o1", type: "S3", name: "no bucket", includeCanonicalHeader: false })
      )
      assert.strictEqual(failure(exit)._tag, "ResponseDecodeError")
    })
  )
})

describe("updateFileDetails: the publish form goes alone", () => {
  it.effect("publish with another field is refused; publish alone is sent as it is", () =>
    Effect.gen(function* () {
      const error = yield* refused(
        (ik) => ik.updateFileDetails("file_id", untyped({ publish: { isPublished: true }, tags: ["a"] })),
        "publish"
      )
      assert.include(error.message, "tags")
      const { requests } = yield* run(
        (ik) => ik.updateFileDetails("file_id", { publish: { isPublished: false, includeFileVersions: true } }),
        () => json(samples.updatedFile)
      )
      assert.deepStrictEqual(jsonBody(requests[0]), { publish: { isPublished: false, includeFileVersions: true } })
    })
  )
})

describe("typed extensions", () => {
  it.effect("each extension is checked before sending", () =>
    Effect.gen(function* () {
      const update = (extensions: unknown) => (ik: ImageKit.Service) =>
        ik.updateFileDetails("file_id", { extensions: untyped(extensions) })
      yield* refused(update([{ name: "google-autotagging", maxTags: 5, minConfidence: 90 }]), "extensions[0].name")
      yield* refused(update([{ name: "aws-auto-tagging", maxTags: 0, minConfidence: 90 }]), "extensions[0].maxTags")
      yield* refused(update([{ name: "ai-tasks", tasks: [] }]), "extensions[0].tasks")
      yield* refused(
        update([{ name: "ai-tasks", tasks: [{ type: "select_tags", instruction: "", vocabulary: ["a"] }] }]),
        "extensions[0].tasks[0].instruction"
      )
      yield* refused(update([{ name: "saved-extension" }]), "extensions[0].id")
      yield* refused(
        update([{ name: "remove-bg", options: { bg_color: "red", bg_image_url: "https://x/y.png" } }]),
        "extensions[0].options"
      )
    })
  )

  it.effect("a valid list goes out as written, an option the SDK does not list included", () =>
    Effect.gen(function* () {
      const extensions = [
        { name: "remove-bg", options: { add_shadow: true, bg_color: "green" } },
        { name: "google-auto-tagging", minConfidence: 80, maxTags: 10 },
        { name: "ai-auto-description" },
        {
          name: "ai-tasks",
          tasks: [
            { type: "select_tags", instruction: "What is visible?", vocabulary: ["shirt", "dress"] },
            { type: "yes_no", instruction: "Is it luxury?", on_yes: { add_tags: ["luxury"] } }
          ]
        },
        { name: "saved-extension", id: "ext_abc123", futureOption: 1 }
      ]
      const { requests } = yield* run(
        (ik) => ik.updateFileDetails("file_id", { extensions: untyped(extensions) }),
        () => json(samples.updatedFile)
      )
      assert.deepStrictEqual(jsonBody(requests[0]), { extensions })
    })
  )
})

describe("custom metadata fields: description and folderPath", () => {
  it.effect("create sends the description, the list filters by folder path", () =>
    Effect.gen(function* () {
      const { requests } = yield* run(
        (ik) =>
          Effect.zipRight(
            ik.createCustomMetadataField({
              name: "price",
              label: "Price",
              schema: { type: "Number" },
              description: "In euros"
            }),
            ik.getCustomMetadataFields({ folderPath: "/products" })
          ),
        (request) => json(request.method === "GET" ? samples.customMetadataFields : samples.customMetadataField)
      )
      assert.deepStrictEqual(jsonBody(requests[0]), {
        name: "price",
        label: "Price",
        schema: { type: "Number" },
        description: "In euros"
      })
      assert.deepStrictEqual(splitUrl(requests[1]).query, [
        ["includeDeleted", "false"],
        ["folderPath", "/products"]
      ])
      yield* refused((ik) => ik.updateCustomMetadataField("field_id", { description: "x".repeat(501) }), "description")
    })
  )
})

// ---------------------------------------------------------------------------------------------------------------
// uploadV2
// ---------------------------------------------------------------------------------------------------------------

/** A token made by hand with node:crypto, as ImageKit's docs show with jsonwebtoken: independent of core. */
const handToken = (claims: Record<string, unknown>): string => {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url")
  const head = `${part({ alg: "HS256", typ: "JWT", kid: PUBLIC_KEY })}.${part(claims)}`
  return `${head}.${createHmac("sha256", PRIVATE_KEY).update(head).digest("base64url")}`
}

const FILE = new Uint8Array([1, 2, 3])

describe("uploadV2", () => {
  it.effect("with the key: the v2 route, Basic auth, the same form as upload", () =>
    Effect.gen(function* () {
      const { exit, requests } = yield* run(
        (ik) => ik.uploadV2({ file: FILE, fileName: "a.bin", tags: ["x", "y"], isPrivateFile: false }),
        () => json(samples.uploadImage)
      )
      success(exit)
      const request = requests[0]
      assert.strictEqual(splitUrl(request).base, `${UPLOAD}/api/v2/files/upload`)
      assert.strictEqual(request?.headers.authorization, BASIC_AUTH)
      assert.deepStrictEqual(
        formEntries(request).map(([name, value]) => [name, typeof value === "string" ? value : "<file>"]),
        [
          ["file", "<file>"],
          ["fileName", "a.bin"],
          ["tags", "x,y"],
          ["isPrivateFile", "false"]
        ]
      )
    })
  )

  it.effect("with a token: no key at all, the token last in the form, nothing secret in the span", () =>
    Effect.gen(function* () {
      const token = Signing.uploadToken(
        { fileName: "a.bin", folder: "/browser", tags: ["x"] },
        { privateKey: PRIVATE_KEY, publicKey: PUBLIC_KEY, expiresIn: 600, now: () => 0 }
      )
      const { exit, requests, spans } = yield* run(
        (ik) => ik.uploadV2({ file: FILE, fileName: "a.bin", folder: "/browser", tags: ["x"], token }),
        () => json(samples.uploadImage)
      )
      success(exit)
      const request = requests[0]
      assert.isUndefined(request?.headers.authorization)
      const entries = formEntries(request)
      assert.deepStrictEqual(entries.at(-1), ["token", token])
      for (const text of attributeTexts(spans)) assert.notInclude(text, token)
    })
  )

  it.effect("a hand-made token (node:crypto, raw boolean claim) for the same options is accepted", () =>
    Effect.gen(function* () {
      const token = handToken({ fileName: "a.bin", useUniqueFileName: false, iat: 0, exp: 600 })
      const { exit, requests } = yield* run(
        (ik) => ik.uploadV2({ file: FILE, fileName: "a.bin", useUniqueFileName: false, token }),
        () => json(samples.uploadImage)
      )
      success(exit)
      assert.strictEqual(requests.length, 1)
    })
  )

  it.effect("an expired token is refused before sending (the test clock is past exp)", () =>
    Effect.gen(function* () {
      const token = handToken({ fileName: "a.bin", iat: 0, exp: 60 })
      yield* TestClock.setTime(61_000)
      const error = yield* refused((ik) => ik.uploadV2({ file: FILE, fileName: "a.bin", token }), "token")
      assert.include(error.message, "expired")
    })
  )

  it.effect("a form that differs from the signed payload is refused, naming the field", () =>
    Effect.gen(function* () {
      const token = handToken({ fileName: "a.bin", folder: "/signed", iat: 0, exp: 600 })
      yield* refused((ik) => ik.uploadV2({ file: FILE, fileName: "a.bin", folder: "/other", token }), "folder")
      yield* refused((ik) => ik.uploadV2({ file: FILE, fileName: "a.bin", token }), "folder")
      yield* refused(
        (ik) => ik.uploadV2({ file: FILE, fileName: "a.bin", folder: "/signed", tags: "x", token }),
        "tags"
      )
      yield* refused((ik) => ik.uploadV2({ file: FILE, fileName: "a.bin", token: "not-a-jwt" }), "token")
    })
  )

  it.effect("uploadMany with api v2: every file to the v2 route, a file with a token without the key", () =>
    Effect.gen(function* () {
      const token = handToken({ fileName: "b.bin", iat: 0, exp: 600 })
      const { exit, requests } = yield* run(
        (ik) =>
          ik.uploadMany(
            [
              { file: FILE, fileName: "a.bin" },
              { file: FILE, fileName: "b.bin", token }
            ],
            { api: "v2", concurrency: 1 }
          ),
        () => json(samples.uploadImage)
      )
      assert.deepStrictEqual(
        success(exit).map((outcome) => outcome._tag),
        ["Uploaded", "Uploaded"]
      )
      assert.deepStrictEqual(
        requests.map((request) => [splitUrl(request).base, request.headers.authorization]),
        [
          [`${UPLOAD}/api/v2/files/upload`, BASIC_AUTH],
          [`${UPLOAD}/api/v2/files/upload`, undefined]
        ]
      )
      yield* refused((ik) => ik.uploadMany([], untyped({ api: "v3" })), "api")
    })
  )

  it.effect("the API's 400 for a reused token is an ApiError with its message", () =>
    Effect.gen(function* () {
      const token = handToken({ fileName: "a.bin", iat: 0, exp: 600 })
      const { exit } = yield* run(
        (ik) => ik.uploadV2({ file: FILE, fileName: "a.bin", token }),
        () => json(current.currentErrors.tokenReused, 400)
      )
      const error = failure(exit)
      assert.strictEqual(error._tag, "ApiError")
      if (ImageKitError.isStatusError(error)) assert.strictEqual(error.message, "Your request has invalid token.")
    })
  )
})

// ---------------------------------------------------------------------------------------------------------------
// The overlay's Schemas of the newer answers
// ---------------------------------------------------------------------------------------------------------------

const decode = <A, I>(schema: Schema.Schema<A, I>, input: unknown) =>
  Schema.decodeUnknownSync(schema, Schemas.decodeOptions)(input)

describe("Schemas of the newer answers", () => {
  it("decode their samples losing nothing", () => {
    const pairs: ReadonlyArray<readonly [Schema.Schema.AnyNoContext, unknown]> = [
      [Schemas.Usage, current.usage],
      [Schemas.UsageAnalytics, current.usageAnalytics],
      [Schemas.Origin, current.s3Origin],
      [Schemas.UrlEndpoint, current.urlEndpoint],
      [Schemas.SavedExtension, current.savedExtension],
      [Schemas.NamedTransformation, current.namedTransformation]
    ]
    for (const [schema, sample] of pairs) assert.deepStrictEqual(decode(schema, sample), sample)
  })

  it("values added later decode: an extension, an AI task, a URL rewriter of unknown kinds", () => {
    const config = { name: "ai-upscale", factor: 2 }
    assert.deepStrictEqual<unknown>(
      decode(Schemas.SavedExtension, { ...current.savedExtension, config }).config,
      config
    )
    const tasks = { name: "ai-tasks", tasks: [{ type: "describe_colours", instruction: "Which colours?" }] }
    assert.deepStrictEqual<unknown>(decode(Schemas.ExtensionConfig, tasks), tasks)
    const rewriter = { type: "FASTLY", keepQuery: true }
    assert.deepStrictEqual<unknown>(
      decode(Schemas.UrlEndpoint, { ...current.urlEndpoint, urlRewriter: rewriter }).urlRewriter,
      rewriter
    )
  })

  it("a known kind with a wrong field does not slip through as an unknown one", () => {
    assert.throws(() => decode(Schemas.ExtensionConfig, { name: "google-auto-tagging", maxTags: "many" }))
    assert.throws(() => decode(Schemas.UrlEndpoint, { ...current.urlEndpoint, urlRewriter: { type: "CLOUDINARY" } }))
    assert.throws(() => decode(Schemas.NamedTransformation, { ...current.namedTransformation, enabled: "yes" }))
  })

  it("the field description (newer than the spec) decodes", () => {
    const field = decode(Schemas.CustomMetadataField, { ...samples.customMetadataField, description: "In euros" })
    assert.strictEqual(field.description, "In euros")
  })

  it("an own __proto__ key in an origin never becomes its prototype", () => {
    const answer = JSON.parse(
      '{"id":"o1","type":"WEB_PROXY","name":"p","includeCanonicalHeader":false,"__proto__":{"bucket":"x"}}'
    )
    const decoded = Schemas.decodeResponse(Schemas.Origin)(answer)
    assert.isTrue(Either.isRight(decoded))
    if (Either.isRight(decoded)) {
      assert.strictEqual(Object.getPrototypeOf(decoded.right), Object.prototype)
      assert.isUndefined((decoded.right as { readonly bucket?: unknown }).bucket)
    }
  })

  const roundTrip = <A, I>(name: string, schema: Schema.Schema<A, I>) =>
    it.prop(
      `${name}: encode then decode is the identity`,
      [schema],
      ([value]) => {
        const encoded = Schema.encodeSync(schema, Schemas.decodeOptions)(value)
        assert.deepStrictEqual(Schema.decodeUnknownSync(schema, Schemas.decodeOptions)(encoded), value)
      },
      { fastCheck: { numRuns: 30 } }
    )
  roundTrip("UsageAnalytics", Schemas.UsageAnalytics)
  roundTrip("NamedTransformation", Schemas.NamedTransformation)
  roundTrip("UrlEndpoint", Schemas.UrlEndpoint)
  roundTrip("Origin", Schemas.Origin)
})
