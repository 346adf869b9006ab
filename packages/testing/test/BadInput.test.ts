/**
 * Whatever a client sends to the endpoints added for the current API, the model answers with a 2xx or a 4xx
 * `{ message, help }`, never a 500 or a thrown exception: random JSON bodies (with `__proto__`, odd Unicode, huge
 * values), random query values, and ids with `../`, `?#` and escapes.
 */
import * as fc from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import { type FormPart, makeModel, type ModelResponse } from "../src/internal/model/index.js"

const ROUTES: ReadonlyArray<readonly [string, string]> = [
  ["POST", "/v1/bulkJobs/renameFolder"],
  ["POST", "/v1/accounts/origins"],
  ["PUT", "/v1/accounts/origins/:id"],
  ["POST", "/v1/accounts/url-endpoints"],
  ["PUT", "/v1/accounts/url-endpoints/:id"],
  ["PUT", "/v1/accounts/url-endpoints/default"],
  ["POST", "/v1/saved-extensions"],
  ["PATCH", "/v1/saved-extensions/:id"],
  ["POST", "/v1/named-transformations"],
  ["PATCH", "/v1/named-transformations/:id"],
  ["POST", "/v1/customMetadataFields"],
  ["PATCH", "/v1/files/:id/details"]
]

const GETS = [
  "/v1/accounts/usage",
  "/v1/accounts/usage-analytics",
  "/v1/customMetadataFields",
  "/v1/files",
  "/v1/accounts/origins/:id",
  "/v1/accounts/url-endpoints/:id",
  "/v1/saved-extensions/:id",
  "/v1/named-transformations/:id"
]

const ids = fc.oneof(
  fc.constantFrom("..", "%2e%2e", "a%2Fb", "?x#y", "%00", "__proto__", "constructor", "default", "é☃"),
  fc.string({ maxLength: 40 })
)

/** Bodies shaped like the real ones often enough to get past the first checks. */
const bodies = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.record(
    {
      type: fc.constantFrom("S3", "GCS", "WEB_PROXY", "AKENEO_PIM", "nope", 5),
      name: fc.oneof(fc.string(), fc.constant("a b"), fc.constant("__proto__")),
      bucket: fc.anything(),
      description: fc.string(),
      urlPrefix: fc.string(),
      origins: fc.array(fc.string(), { maxLength: 12 }),
      urlRewriter: fc.anything(),
      config: fc.anything(),
      transformation: fc.string(),
      enabled: fc.anything(),
      folderPath: fc.string(),
      newFolderName: fc.string(),
      extensions: fc.anything(),
      publish: fc.anything(),
      schema: fc.anything()
    },
    { requiredKeys: [] }
  ),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true},"type":"S3","name":"x"}'))
)

const wellFormed = (response: ModelResponse): boolean => {
  if (response.status >= 500) return false
  if (response.status < 400) return true
  const body = response.body as { message?: unknown; help?: unknown } | undefined
  return typeof body?.message === "string" && typeof body.help === "string"
}

describe("bad input to the newer endpoints", () => {
  it("JSON bodies and ids: a 2xx or a 4xx with { message, help }, never a 500", () => {
    const model = makeModel({ seed: 1 })
    model.seedFile({ fileName: "a.png", data: new Uint8Array([1]), folder: "/a" })
    fc.assert(
      fc.property(fc.constantFrom(...ROUTES), ids, bodies, ([method, route], id, json) => {
        const response = model.handle({ method, path: route.replace(":id", encodeURIComponent(id)), query: [], json })
        return wellFormed(response)
      }),
      { numRuns: 1500 }
    )
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it("queries and ids on the reads: never a 500", () => {
    const model = makeModel({ seed: 2 })
    fc.assert(
      fc.property(
        fc.constantFrom(...GETS),
        ids,
        fc.array(fc.tuple(fc.constantFrom("startDate", "endDate", "folderPath", "searchQuery"), fc.string()), {
          maxLength: 4
        }),
        (route, id, query) =>
          wellFormed(model.handle({ method: "GET", path: route.replace(":id", encodeURIComponent(id)), query }))
      ),
      { numRuns: 800 }
    )
  })

  it("v2 upload forms: any token and fields get a 4xx, never a 500", () => {
    const model = makeModel({ seed: 3 })
    fc.assert(
      fc.property(
        fc.string(),
        fc.dictionary(fc.string({ maxLength: 8 }), fc.string(), { maxKeys: 4 }),
        fc.boolean(),
        (token, fields, authenticated) => {
          const form: Array<FormPart> = [
            { name: "file", fileName: "x", contentType: "text/plain", data: new Uint8Array([1]) },
            ...Object.entries(fields).map(([name, value]) => ({ name, value })),
            { name: "token", value: token }
          ]
          const response = model.handle({
            method: "POST",
            path: "/api/v2/files/upload",
            query: [],
            form,
            authenticated
          })
          return wellFormed(response) && response.status >= 400
        }
      ),
      { numRuns: 500 }
    )
  })

  it("delivery URLs: a status, never a thrown exception", () => {
    const model = makeModel({ seed: 4 })
    fc.assert(
      fc.property(fc.string(), fc.string(), (path, query) => {
        const answer = model.deliver({ url: `${model.urlEndpoint}/${path}?${query}`, method: "GET", now: 0 })
        return answer.status >= 200 && answer.status < 500
      }),
      { numRuns: 500 }
    )
  })
})
