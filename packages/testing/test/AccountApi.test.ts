/**
 * The account-level endpoints of the model, by their documented rules (the vendored OpenAPI spec, and for named
 * transformations and usage analytics `@imagekit/nodejs@7.11`'s types): origins, URL endpoints, saved extensions,
 * named transformations, usage and usage analytics, and the bad input each must answer with a 4xx, never a 500.
 */
import { describe, expect, it } from "vitest"
import { type Model, type ModelResponse, makeModel, steppingClock } from "../src/internal/model/index.js"
import { png } from "./fixtures/images.js"
import { body, send } from "./fixtures/requests.js"

const DAY = "2024-03-10"
const newModel = (): Model =>
  makeModel({ seed: 3, clock: steppingClock(new Date(`${DAY}T10:00:00.000Z`)), urlEndpoint: "https://ik.test/demo" })

const expectError = (response: ModelResponse, status: number, message: string | RegExp) => {
  expect(response.status, JSON.stringify(response.body)).toBe(status)
  const text = body(response).message
  if (typeof message === "string") expect(text).toBe(message)
  else expect(text).toMatch(message)
  expect(body(response).help).toEqual(expect.any(String))
}

// ---------------------------------------------------------------------------------------------------------------
// origins
// ---------------------------------------------------------------------------------------------------------------

const SECRETS = [
  "AKIA-secret-access",
  "s3cr3t-secret-key",
  "-----BEGIN PRIVATE KEY-----x",
  "?sv=sas-token",
  "akeneo-pass"
]

/** One valid request per origin type, with the required fields of the spec's OriginRequest. */
const ORIGINS: ReadonlyArray<Record<string, unknown>> = [
  { type: "S3", name: "US S3", bucket: "b", accessKey: SECRETS[0], secretKey: SECRETS[1] },
  {
    type: "S3_COMPATIBLE",
    name: "Wasabi",
    bucket: "b",
    accessKey: SECRETS[0],
    secretKey: SECRETS[1],
    endpoint: "https://s3.eu-central-1.wasabisys.com"
  },
  { type: "CLOUDINARY_BACKUP", name: "Backup", bucket: "b", accessKey: "", secretKey: "", useIAMRole: true },
  { type: "WEB_FOLDER", name: "Web folder", baseUrl: "https://images.example.com/assets" },
  { type: "WEB_PROXY", name: "Proxy" },
  {
    type: "GCS",
    name: "GCS",
    bucket: "gcs-media",
    clientEmail: "service-account@project.iam.gserviceaccount.com",
    privateKey: SECRETS[2]
  },
  { type: "AZURE_BLOB", name: "Azure", container: "images", accountName: "account123", sasToken: SECRETS[3] },
  {
    type: "AKENEO_PIM",
    name: "Akeneo",
    baseUrl: "https://akeneo.company.com",
    clientId: "akeneo-client-id",
    clientSecret: "akeneo-client-secret",
    username: "integration-user",
    password: SECRETS[4]
  }
]

describe("origins", () => {
  it("creates one of each type, with defaults filled in and no secret in any answer", () => {
    const model = newModel()
    const answers: Array<ModelResponse> = []
    for (const origin of ORIGINS) {
      const created = send(model, "POST", "/v1/accounts/origins", origin)
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      answers.push(created, send(model, "GET", `/v1/accounts/origins/${String(body(created).id)}`))
    }
    const listed = send(model, "GET", "/v1/accounts/origins")
    answers.push(listed)
    expect((listed.body as ReadonlyArray<unknown>).map((origin) => (origin as { type: string }).type)).toEqual(
      ORIGINS.map((origin) => origin.type)
    )
    const s3 = (listed.body as ReadonlyArray<Record<string, unknown>>)[0]
    expect(s3).toEqual({
      id: expect.any(String),
      type: "S3",
      name: "US S3",
      bucket: "b",
      prefix: "",
      includeCanonicalHeader: false,
      useIAMRole: false
    })
    const text = JSON.stringify(answers.map((answer) => answer.body))
    for (const secret of [...SECRETS, "akeneo-client-secret", "integration-user", "akeneo-client-id"]) {
      expect(text).not.toContain(secret)
    }
    // Nor in the state a data dir would write.
    expect(JSON.stringify(model.snapshot().origins)).not.toContain(SECRETS[1])
  })

  it.each([
    [
      "an unknown type",
      { type: "FTP", name: "x" },
      "Invalid origin type. Must be one of S3, S3_COMPATIBLE, CLOUDINARY_BACKUP, WEB_FOLDER, WEB_PROXY, GCS, AZURE_BLOB, AKENEO_PIM."
    ],
    ["no name", { type: "WEB_PROXY" }, "name is required and must be a string"],
    [
      "a missing bucket",
      { type: "S3", name: "x", accessKey: "a", secretKey: "b" },
      "bucket is required and must be a string"
    ],
    [
      "a bucket that is not text",
      { type: "GCS", name: "x", bucket: 5, clientEmail: "a@b.co", privateKey: "k" },
      "bucket is required and must be a string"
    ],
    ["a name with other characters", { type: "WEB_PROXY", name: "a/b" }, /letters, digits and spaces/],
    [
      "a field of another type",
      { type: "WEB_PROXY", name: "x", bucket: "b" },
      "bucket is not a field of a WEB_PROXY origin"
    ],
    ["an endpoint that is no URL", { ...ORIGINS[1], endpoint: "nope" }, "endpoint must be a valid http(s) URL"],
    ["a bad e-mail", { ...ORIGINS[5], clientEmail: "not-an-email" }, "clientEmail must be a valid e-mail address"],
    ["keys beside useIAMRole", { ...ORIGINS[0], useIAMRole: true }, /must be empty strings when useIAMRole/],
    ["empty keys without useIAMRole", { ...ORIGINS[0], accessKey: "" }, /cannot be empty unless useIAMRole/],
    [
      "a bucket over 100 characters",
      { ...ORIGINS[0], bucket: "b".repeat(101) },
      "bucket must be at most 100 characters long"
    ],
    ["a body that is not an object", [1, 2], "Your request body should be a JSON object."]
  ])("refuses %s with a 400", (_, origin, message) => {
    expectError(send(newModel(), "POST", "/v1/accounts/origins", origin), 400, message)
  })

  it("keeps names unique (ignoring case), replaces an origin on PUT and deletes it", () => {
    const model = newModel()
    const id = String(body(send(model, "POST", "/v1/accounts/origins", ORIGINS[4])).id)
    expectError(
      send(model, "POST", "/v1/accounts/origins", { type: "WEB_PROXY", name: "PROXY" }),
      400,
      /already exists/
    )
    const replaced = send(model, "PUT", `/v1/accounts/origins/${id}`, ORIGINS[3])
    expect(body(replaced)).toMatchObject({ id, type: "WEB_FOLDER", forwardHostHeaderToOrigin: false })
    // Renaming to its own name is no conflict.
    expect(send(model, "PUT", `/v1/accounts/origins/${id}`, ORIGINS[3]).status).toBe(200)
    expect(send(model, "DELETE", `/v1/accounts/origins/${id}`).status).toBe(204)
    expectError(send(model, "GET", `/v1/accounts/origins/${id}`), 404, "Origin not found.")
    expectError(send(model, "PUT", `/v1/accounts/origins/${id}`, ORIGINS[3]), 404, "Origin not found.")
    expectError(send(model, "DELETE", `/v1/accounts/origins/${id}`), 404, "Origin not found.")
  })
})

// ---------------------------------------------------------------------------------------------------------------
// URL endpoints
// ---------------------------------------------------------------------------------------------------------------

describe("URL endpoints", () => {
  it("lists the default endpoint from the start, which cannot be deleted", () => {
    const model = newModel()
    expect(send(model, "GET", "/v1/accounts/url-endpoints").body).toEqual([
      { id: "default", description: "Default URL-endpoint", urlPrefix: "", origins: [] }
    ])
    expectError(
      send(model, "DELETE", "/v1/accounts/url-endpoints/default"),
      400,
      "Default URL-endpoint cannot be deleted."
    )
  })

  it("refers only to existing origins, keeps prefixes unique, and holds an origin in use", () => {
    const model = newModel()
    const origin = String(body(send(model, "POST", "/v1/accounts/origins", ORIGINS[4])).id)
    const created = send(model, "POST", "/v1/accounts/url-endpoints", {
      description: "Products",
      urlPrefix: "product-images",
      origins: [origin],
      urlRewriter: { type: "CLOUDINARY" }
    })
    expect(created.status).toBe(201)
    expect(body(created)).toEqual({
      id: expect.any(String),
      description: "Products",
      urlPrefix: "product-images",
      origins: [origin],
      urlRewriter: { type: "CLOUDINARY", preserveAssetDeliveryTypes: false }
    })
    const id = String(body(created).id)
    expectError(
      send(model, "POST", "/v1/accounts/url-endpoints", { description: "Again", urlPrefix: "Product-Images" }),
      400,
      /already exists/
    )
    expectError(send(model, "DELETE", `/v1/accounts/origins/${origin}`), 400, /in use by URL-endpoint/)
    // PUT replaces: without origins the endpoint has none, and then the origin can go.
    expect(body(send(model, "PUT", `/v1/accounts/url-endpoints/${id}`, { description: "P", urlPrefix: "p" }))).toEqual({
      id,
      description: "P",
      urlPrefix: "p",
      origins: []
    })
    expect(send(model, "DELETE", `/v1/accounts/origins/${origin}`).status).toBe(204)
    // An endpoint cannot point at the deleted origin.
    expectError(
      send(model, "PUT", `/v1/accounts/url-endpoints/${id}`, { description: "P", urlPrefix: "p", origins: [origin] }),
      400,
      "Origin does not exists. Please create origin before using it in URL-endpoint."
    )
    expect(send(model, "DELETE", `/v1/accounts/url-endpoints/${id}`).status).toBe(204)
    expectError(send(model, "GET", `/v1/accounts/url-endpoints/${id}`), 404, "URL-endpoint not found.")
  })

  it.each([
    ["no description", { urlPrefix: "a" }, "description is required"],
    ["an empty prefix", { description: "d", urlPrefix: "" }, /urlPrefix cannot be empty string/],
    ["no prefix", { description: "d" }, /urlPrefix cannot be empty string/],
    ["a prefix that is not text", { description: "d", urlPrefix: 5 }, "urlPrefix must be a string"],
    ["a prefix with a space", { description: "d", urlPrefix: "a b" }, /letters, digits and hyphens/],
    ["an unknown origin", { description: "d", urlPrefix: "a", origins: ["nope"] }, /Origin does not exists/],
    [
      "eleven origins",
      { description: "d", urlPrefix: "a", origins: Array.from({ length: 11 }, (_, i) => `o${i}`) },
      /at most 10/
    ],
    [
      "an unknown rewriter",
      { description: "d", urlPrefix: "a", urlRewriter: { type: "FASTLY" } },
      /CLOUDINARY, IMGIX, AKAMAI/
    ],
    ["an unknown field", { description: "d", urlPrefix: "a", cname: "x" }, "cname is not a field of a URL-endpoint"]
  ])("refuses %s with a 400", (_, endpoint, message) => {
    expectError(send(newModel(), "POST", "/v1/accounts/url-endpoints", endpoint), 400, message)
  })
})

// ---------------------------------------------------------------------------------------------------------------
// saved extensions and named transformations
// ---------------------------------------------------------------------------------------------------------------

const AI_TASKS = {
  name: "ai-tasks",
  tasks: [{ type: "select_tags", instruction: "What clothing is visible?", vocabulary: ["shirt", "dress"] }]
}

describe("saved extensions", () => {
  it("creates, reads, updates and deletes one, with unique names", () => {
    const model = newModel()
    const created = send(model, "POST", "/v1/saved-extensions", {
      name: "Car Quality Analysis",
      description: "Tags cars",
      config: AI_TASKS
    })
    expect(created.status).toBe(201)
    const id = String(body(created).id)
    expect(body(created)).toEqual({
      id,
      name: "Car Quality Analysis",
      description: "Tags cars",
      config: AI_TASKS,
      createdAt: expect.any(String),
      updatedAt: expect.any(String)
    })
    expectError(
      send(model, "POST", "/v1/saved-extensions", { name: "Car Quality Analysis", description: "d", config: AI_TASKS }),
      400,
      /already exists/
    )
    const updated = send(model, "PATCH", `/v1/saved-extensions/${id}`, { config: { name: "ai-auto-description" } })
    expect(body(updated)).toMatchObject({ name: "Car Quality Analysis", config: { name: "ai-auto-description" } })
    expect(send(model, "GET", "/v1/saved-extensions").body).toHaveLength(1)
    expect(send(model, "DELETE", `/v1/saved-extensions/${id}`).status).toBe(204)
    expectError(send(model, "GET", `/v1/saved-extensions/${id}`), 404, "The requested saved extension does not exist.")
  })

  it.each([
    ["no config", { name: "n", description: "d" }],
    [
      "a saved-extension reference as config",
      { name: "n", description: "d", config: { name: "saved-extension", id: "x" } }
    ],
    [
      "auto-tagging without maxTags",
      { name: "n", description: "d", config: { name: "google-auto-tagging", minConfidence: 5 } }
    ],
    ["an empty task list", { name: "n", description: "d", config: { name: "ai-tasks", tasks: [] } }],
    [
      "a task of an unknown type",
      { name: "n", description: "d", config: { name: "ai-tasks", tasks: [{ type: "draw", instruction: "x" }] } }
    ],
    [
      "select_metadata on a field that does not exist",
      {
        name: "n",
        description: "d",
        config: { name: "ai-tasks", tasks: [{ type: "select_metadata", instruction: "x", field: "color" }] }
      }
    ]
  ])("refuses %s as an invalid extension configuration", (_, saved) => {
    expectError(
      send(newModel(), "POST", "/v1/saved-extensions", saved),
      400,
      /Invalid extension configuration\.|config is required/
    )
  })
})

describe("named transformations", () => {
  it("creates, lists, renames, disables and deletes one", () => {
    const model = newModel()
    const created = send(model, "POST", "/v1/named-transformations", {
      name: "small_thumbnail",
      transformation: "w-150,h-150,fo-center,cm-pad_resize"
    })
    expect(created.status).toBe(201)
    const id = String(body(created).id)
    expect(body(created)).toEqual({
      id,
      name: "small_thumbnail",
      transformation: "w-150,h-150,fo-center,cm-pad_resize",
      enabled: true,
      createdAt: "2024-03-10T10:00:00.000Z"
    })
    const updated = send(model, "PATCH", `/v1/named-transformations/${id}`, { name: "thumb", enabled: false })
    expect(body(updated)).toMatchObject({
      name: "thumb",
      enabled: false,
      transformation: "w-150,h-150,fo-center,cm-pad_resize"
    })
    expect(send(model, "GET", "/v1/named-transformations").body).toEqual([body(updated)])
    expect(send(model, "DELETE", `/v1/named-transformations/${id}`).status).toBe(204)
    expectError(
      send(model, "GET", `/v1/named-transformations/${id}`),
      404,
      "The requested named transformation does not exist."
    )
  })

  it("refuses duplicate (case-sensitive) and built-in names with 409, and names with spaces with 400", () => {
    const model = newModel()
    send(model, "POST", "/v1/named-transformations", { name: "thumb", transformation: "w-100" })
    expectError(
      send(model, "POST", "/v1/named-transformations", { name: "thumb", transformation: "w-1" }),
      409,
      /already exists/
    )
    expect(send(model, "POST", "/v1/named-transformations", { name: "Thumb", transformation: "w-1" }).status).toBe(201)
    expectError(
      send(model, "POST", "/v1/named-transformations", { name: "ik_ml_thumbnail", transformation: "w-1" }),
      409,
      /already exists/
    )
    expectError(
      send(model, "POST", "/v1/named-transformations", { name: "my thumb", transformation: "w-1" }),
      400,
      /no spaces/
    )
    expectError(
      send(model, "POST", "/v1/named-transformations", { name: "x", transformation: "" }),
      400,
      /transformation is required/
    )
    expectError(
      send(model, "POST", "/v1/named-transformations", { name: "x", transformation: "w-1", enabled: "yes" }),
      400,
      "enabled must be a boolean."
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------
// usage
// ---------------------------------------------------------------------------------------------------------------

describe("usage", () => {
  it("reports the bytes stored, delivered and the extension runs in the range", () => {
    const model = newModel()
    const first = model.seedFile({ fileName: "a.bin", data: new Uint8Array(1000) })
    model.seedFile({ fileName: "a.bin", data: new Uint8Array(500) }) // a second version: both count
    model.deliver({ url: String(first.url), method: "GET", now: Date.now() })
    model.deliver({ url: String(first.url), method: "GET", now: Date.now() })
    const usage = send(model, "GET", "/v1/accounts/usage", undefined, [
      ["startDate", DAY],
      ["endDate", "2024-03-11"]
    ])
    expect(usage.body).toEqual({
      bandwidthBytes: 1000,
      mediaLibraryStorageBytes: 1500,
      videoProcessingUnitsCount: 0,
      extensionUnitsCount: 0,
      originalCacheStorageBytes: 0
    })
    // The end date is excluded: a range ending on the day of the traffic has none of it.
    const before = send(model, "GET", "/v1/accounts/usage", undefined, [
      ["startDate", "2024-03-01"],
      ["endDate", DAY]
    ])
    expect(body(before).bandwidthBytes).toBe(0)
  })

  it.each([
    [[], "startDate and endDate are required in query parameters."],
    [[["startDate", "2024-01-01"]], "startDate and endDate are required in query parameters."],
    [
      [
        ["startDate", "2024/01/01"],
        ["endDate", "2024-01-02"]
      ],
      "startDate and endDate should be in format YYYY-MM-DD."
    ],
    [
      [
        ["startDate", "2024-02-30"],
        ["endDate", "2024-03-02"]
      ],
      "startDate and endDate should be in format YYYY-MM-DD."
    ],
    [
      [
        ["startDate", "2024-01-02"],
        ["endDate", "2024-01-01"]
      ],
      "startDate should be before endDate."
    ],
    [
      [
        ["startDate", "2024-01-01"],
        ["endDate", "2024-01-01"]
      ],
      "startDate should be before endDate."
    ],
    [
      [
        ["startDate", "2024-01-01"],
        ["endDate", "2024-03-31"]
      ],
      "startDate and endDate should be within 90 days."
    ]
  ] as const)("refuses %j with the spec's message", (query, message) => {
    expectError(send(newModel(), "GET", "/v1/accounts/usage", undefined, query), 400, message)
  })

  it("usage analytics counts requests by status, asset, transformation, browser and cache, dates inclusive", () => {
    const model = newModel()
    const image = png(2, 2)
    const size = image.length
    const file = model.seedFile({ fileName: "shoe.png", data: image })
    const url = String(file.url)
    const chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"
    const deliver = (target: string, userAgent?: string) =>
      model.deliver({ url: target, method: "GET", now: Date.now(), ...(userAgent === undefined ? {} : { userAgent }) })
    deliver(url, chrome)
    deliver(url, chrome)
    deliver(`https://ik.test/demo/tr:w-100/shoe.png`, "curl/8.0")
    deliver(`https://ik.test/demo/missing.png`)
    const analytics = body(
      send(model, "GET", "/v1/accounts/usage-analytics", undefined, [
        ["startDate", DAY],
        ["endDate", DAY]
      ])
    )
    expect(analytics).toMatchObject({
      startDate: DAY,
      endDate: DAY,
      requestCount: 4,
      bandwidthBytes: 3 * size,
      cache: { hitCount: 1, missCount: 2, errorCount: 1 },
      statusCodes: [
        { name: "200", requestCount: 3 },
        { name: "404", requestCount: 1 }
      ],
      top404Assets: [{ name: "https://ik.test/demo/missing.png", requestCount: 1 }],
      errorReasons: [],
      videoProcessing: []
    })
    expect(analytics.topImages).toEqual({
      byBandwidth: [
        { name: url, bandwidthBytes: 2 * size, requestCount: 2 },
        { name: "https://ik.test/demo/tr:w-100/shoe.png", bandwidthBytes: size, requestCount: 1 }
      ],
      byRequests: [
        { name: url, bandwidthBytes: 2 * size, requestCount: 2 },
        { name: "https://ik.test/demo/tr:w-100/shoe.png", bandwidthBytes: size, requestCount: 1 }
      ]
    })
    expect((analytics.topImageTransforms as { byRequests: unknown }).byRequests).toEqual([
      { name: "tr:w-100", bandwidthBytes: size, requestCount: 1 }
    ])
    expect((analytics.browser as { byRequests: unknown }).byRequests).toEqual([
      { name: "Chrome", bandwidthBytes: 2 * size, requestCount: 2 },
      { name: "Other", bandwidthBytes: size, requestCount: 2 }
    ])
    // Nothing was delivered the day before.
    const earlier = body(
      send(model, "GET", "/v1/accounts/usage-analytics", undefined, [
        ["startDate", "2024-03-09"],
        ["endDate", "2024-03-09"]
      ])
    )
    expect(earlier.requestCount).toBe(0)
  })
})
