/**
 * The later additions to the media library endpoints, by their documented rules: folder rename as a bulk job, typed
 * `extensions` on upload and update (with `extensionStatus`), the "publish" form of the update, custom metadata field
 * descriptions and `folderPath`, unique field names, and `searchQuery`'s `path`, `HAS`, `EXISTS`, `NOT <op>` and
 * `customMetadata.<field>`.
 */
import { describe, expect, it } from "vitest"
import { type FormPart, type Model, type ModelResponse, makeModel, steppingClock } from "../src/internal/model/index.js"
import { png } from "./fixtures/images.js"
import { body, send } from "./fixtures/requests.js"

const newModel = (pendingPolls = 1): Model =>
  makeModel({
    seed: 11,
    pendingPolls,
    clock: steppingClock(new Date("2024-05-01T00:00:00.000Z")),
    urlEndpoint: "https://ik.test/demo"
  })

const upload = (model: Model, fileName: string, fields: Readonly<Record<string, string>> = {}): ModelResponse => {
  const form: Array<FormPart> = [
    { name: "file", fileName, contentType: "image/png", data: png(3, 2) },
    { name: "fileName", value: fileName },
    { name: "useUniqueFileName", value: "false" },
    ...Object.entries(fields).map(([name, value]) => ({ name, value }))
  ]
  return model.handle({ method: "POST", path: "/api/v1/files/upload", query: [], form })
}

const names = (response: ModelResponse): ReadonlyArray<string> =>
  (response.body as ReadonlyArray<{ name: string }>).map((item) => item.name)

describe("renameFolder", () => {
  it("renames the folder and everything under it as a bulk job; files keep their ids", () => {
    const model = newModel()
    const fileId = String(body(upload(model, "a.png", { folder: "/shop/summer/hats" })).fileId)
    const job = send(model, "POST", "/v1/bulkJobs/renameFolder", {
      folderPath: "/shop/summer",
      newFolderName: "été 24!"
    })
    expect(job.status).toBe(202)
    const jobId = String(body(job).jobId)
    expect(body(send(model, "GET", `/v1/bulkJobs/${jobId}`))).toEqual({
      jobId,
      type: "RENAME_FOLDER",
      status: "Pending"
    })
    expect(body(send(model, "GET", `/v1/bulkJobs/${jobId}`)).status).toBe("Completed")
    // Letters of any script and "-" stay; everything else becomes "_".
    expect(body(send(model, "GET", `/v1/files/${fileId}/details`)).filePath).toBe("/shop/été_24_/hats/a.png")
    expect(model.folders().map((folder) => folder.folderPath)).toEqual(["/shop", "/shop/été_24_", "/shop/été_24_/hats"])
  })

  it("starts one purge of the old path with purgeCache and names it in the job", () => {
    const model = newModel(0)
    upload(model, "a.png", { folder: "/old" })
    const jobId = String(
      body(
        send(model, "POST", "/v1/bulkJobs/renameFolder", { folderPath: "/old", newFolderName: "new", purgeCache: true })
      ).jobId
    )
    const status = body(send(model, "GET", `/v1/bulkJobs/${jobId}`))
    expect(status).toEqual({ jobId, type: "RENAME_FOLDER", status: "Completed", purgeRequestId: expect.any(String) })
    expect(send(model, "GET", `/v1/files/purge/${String(status.purgeRequestId)}`).status).toBe(200)
  })

  it.each([
    [{ newFolderName: "x" }, 400, "folderPath parameter is missing."],
    [{ folderPath: "/a" }, 400, "newFolderName parameter is missing."],
    [{ folderPath: "/", newFolderName: "x" }, 400, "folderPath cannot be root."],
    [{ folderPath: "/none", newFolderName: "x" }, 404, "Source folder not found."],
    [{ folderPath: "/a", newFolderName: "b" }, 409, "Folder with name b already exists at the same location."],
    [
      { folderPath: "/a", newFolderName: "x", purgeCache: "yes" },
      400,
      "Your request is missing parameters / contains invalid parameters."
    ]
  ])("refuses %j with %i", (request, status, message) => {
    const model = newModel()
    upload(model, "a.png", { folder: "/a" })
    upload(model, "b.png", { folder: "/b" })
    const answer = send(model, "POST", "/v1/bulkJobs/renameFolder", request)
    expect(answer.status).toBe(status)
    expect(body(answer).message).toBe(message)
  })
})

describe("extensions", () => {
  it("on upload: checked, run (auto-tagging tags from the file name), reported in extensionStatus", () => {
    const model = newModel()
    const answer = upload(model, "red-summer_dress.png", {
      extensions: JSON.stringify([
        { name: "google-auto-tagging", minConfidence: 80, maxTags: 2 },
        { name: "remove-bg", options: { add_shadow: true } }
      ])
    })
    expect(answer.status, JSON.stringify(answer.body)).toBe(200)
    expect(body(answer).extensionStatus).toEqual({ "google-auto-tagging": "success", "remove-bg": "success" })
    expect(body(answer).AITags).toEqual([
      { name: "red", confidence: 95, source: "google-auto-tagging" },
      { name: "summer", confidence: 95, source: "google-auto-tagging" }
    ])
    // A confidence above what the tagger reports keeps none.
    const strict = upload(model, "blue.png", {
      extensions: JSON.stringify([{ name: "aws-auto-tagging", minConfidence: 99, maxTags: 5 }])
    })
    expect(body(strict).AITags).toBeNull()
    // Without extensions the answer has no extensionStatus.
    expect("extensionStatus" in body(upload(model, "plain.png"))).toBe(false)
  })

  it("on update: after removeAITags, and a saved extension runs as its configuration", () => {
    const model = newModel()
    const fileId = String(body(upload(model, "green-hat.png")).fileId)
    const saved = body(
      send(model, "POST", "/v1/saved-extensions", {
        name: "Tagger",
        description: "Auto tags",
        config: { name: "aws-auto-tagging", minConfidence: 10, maxTags: 5 }
      })
    )
    const updated = send(model, "PATCH", `/v1/files/${fileId}/details`, {
      removeAITags: "all",
      extensions: [{ name: "saved-extension", id: saved.id }],
      webhookUrl: "https://example.com/hook"
    })
    expect(updated.status, JSON.stringify(updated.body)).toBe(200)
    expect(body(updated).extensionStatus).toEqual({ "aws-auto-tagging": "success" })
    expect((body(updated).AITags as ReadonlyArray<{ name: string }>).map((tag) => tag.name)).toEqual(["green", "hat"])
  })

  it.each([
    ["text that is not JSON", "[{"],
    ["an object instead of a list", '{"name":"remove-bg"}'],
    ["an unknown extension", '[{"name":"face-blur"}]'],
    ["auto-tagging without minConfidence", '[{"name":"google-auto-tagging","maxTags":3}]'],
    ["maxTags of 0", '[{"name":"aws-auto-tagging","minConfidence":1,"maxTags":0}]'],
    ["both background options", '[{"name":"remove-bg","options":{"bg_color":"fff","bg_image_url":"https://x/y.png"}}]'],
    [
      "eleven tasks",
      JSON.stringify([
        { name: "ai-tasks", tasks: Array.from({ length: 11 }, () => ({ type: "yes_no", instruction: "?" })) }
      ])
    ],
    [
      "a vocabulary with %",
      '[{"name":"ai-tasks","tasks":[{"type":"select_tags","instruction":"?","vocabulary":["50%"]}]}]'
    ],
    ["an unknown saved extension", '[{"name":"saved-extension","id":"ext_none"}]'],
    ["one extension twice", '[{"name":"ai-auto-description"},{"name":"ai-auto-description"}]']
  ])("refuses %s on upload with a 400 and stores nothing", (_, extensions) => {
    const model = newModel()
    const answer = upload(model, "x.png", { extensions })
    expect(answer.status).toBe(400)
    expect(body(answer).message).toBe("Your request contains invalid value for extensions parameter.")
    expect(model.files()).toHaveLength(0)
  })

  it("counts every run in usage", () => {
    const model = newModel()
    upload(model, "a.png", { extensions: '[{"name":"ai-auto-description"},{"name":"remove-bg"}]' })
    const usage = send(model, "GET", "/v1/accounts/usage", undefined, [
      ["startDate", "2024-05-01"],
      ["endDate", "2024-05-02"]
    ])
    expect(body(usage).extensionUnitsCount).toBe(2)
  })
})

describe("the publish form of the update", () => {
  it("publishes or unpublishes the current version, or all with includeFileVersions, and stands alone", () => {
    const model = newModel()
    upload(model, "p.png", { isPublished: "false" })
    const fileId = String(body(upload(model, "p.png", { isPublished: "false" })).fileId)
    const published = send(model, "PATCH", `/v1/files/${fileId}/details`, { publish: { isPublished: true } })
    expect(body(published).isPublished).toBe(true)
    const versions = send(model, "GET", `/v1/files/${fileId}/versions`).body as ReadonlyArray<{ isPublished: boolean }>
    expect(versions.map((version) => version.isPublished)).toEqual([true, false])
    send(model, "PATCH", `/v1/files/${fileId}/details`, { publish: { isPublished: true, includeFileVersions: true } })
    const all = send(model, "GET", `/v1/files/${fileId}/versions`).body as ReadonlyArray<{ isPublished: boolean }>
    expect(all.map((version) => version.isPublished)).toEqual([true, true])
    const mixed = send(model, "PATCH", `/v1/files/${fileId}/details`, { publish: { isPublished: false }, tags: ["a"] })
    expect(mixed.status).toBe(400)
  })

  it("an unpublished file is not delivered", () => {
    const model = newModel()
    const url = String(body(upload(model, "draft.png", { isPublished: "false" })).url)
    expect(model.deliver({ url, method: "GET", now: Date.now() }).status).toBe(404)
  })
})

describe("custom metadata fields", () => {
  const create = (model: Model, extra: Record<string, unknown> = {}) =>
    send(model, "POST", "/v1/customMetadataFields", {
      name: "color",
      label: "Color",
      schema: { type: "Text" },
      ...extra
    })

  it("keep a description, cleared by an empty one, and list with a folderPath", () => {
    const model = newModel()
    const created = create(model, { description: "The main colour" })
    expect(body(created)).toMatchObject({ name: "color", description: "The main colour" })
    const id = String(body(created).id)
    expect(body(send(model, "PATCH", `/v1/customMetadataFields/${id}`, { description: "" }))).not.toHaveProperty(
      "description"
    )
    expect(send(model, "PATCH", `/v1/customMetadataFields/${id}`, { description: "x".repeat(501) }).status).toBe(400)
    expect(names(send(model, "GET", "/v1/customMetadataFields", undefined, [["folderPath", "/shop/shoes"]]))).toEqual([
      "color"
    ])
    expect(send(model, "GET", "/v1/customMetadataFields", undefined, [["folderPath", "/a/../b"]]).status).toBe(400)
  })

  it("never reuse a deleted field's name", () => {
    const model = newModel()
    const id = String(body(create(model)).id)
    send(model, "DELETE", `/v1/customMetadataFields/${id}`)
    expect(body(create(model)).message).toBe("A custom metadata field with this name already exists.")
  })
})

describe("searchQuery", () => {
  const library = () => {
    const model = newModel()
    send(model, "POST", "/v1/customMetadataFields", { name: "price", label: "Price", schema: { type: "Number" } })
    send(model, "POST", "/v1/customMetadataFields", {
      name: "sizes",
      label: "Sizes",
      schema: { type: "MultiSelect", selectOptions: ["S", "M", "L"] }
    })
    send(model, "POST", "/v1/customMetadataFields", { name: "brand", label: "Brand", schema: { type: "Text" } })
    upload(model, "cap.png", {
      folder: "/shop/hats",
      tags: "summer",
      customMetadata: '{"price":10,"sizes":["S","M"],"brand":"Nike"}'
    })
    upload(model, "boot.png", { folder: "/shop/shoes", customMetadata: '{"price":120,"brand":"Adidas"}' })
    upload(model, "logo.png", { folder: "/brand", tags: "logo" })
    return model
  }
  const search = (model: Model, query: string) => send(model, "GET", "/v1/files", undefined, [["searchQuery", query]])

  it.each([
    ['path : "/shop/"', ["cap.png", "boot.png"]],
    ['path = "/shop/hats/cap.png"', ["cap.png"]],
    ['path NOT : "/shop/"', ["logo.png"]],
    ['"customMetadata.price" >= 100', ["boot.png"]],
    ["customMetadata.price < 100", ["cap.png"]],
    ['customMetadata.brand IN ["Nike", "Puma"]', ["cap.png"]],
    ['customMetadata.brand : "Adi"', ["boot.png"]],
    ['customMetadata.sizes HAS "M"', ["cap.png"]],
    ["customMetadata.sizes EXISTS", ["cap.png"]],
    ["NOT customMetadata.price EXISTS", ["logo.png"]],
    ["tags EXISTS", ["cap.png", "logo.png"]],
    ['tags HAS "logo"', ["logo.png"]],
    ['name NOT = "cap.png" AND path : "/shop/"', ["boot.png"]]
  ])("%s", (query, expected) => {
    const answer = search(library(), query)
    expect(answer.status, JSON.stringify(answer.body)).toBe(200)
    expect(names(answer)).toEqual(expected)
  })

  it("matches AI tags with tags, as ImageKit documents", () => {
    const model = newModel()
    upload(model, "red-car.png", { extensions: '[{"name":"google-auto-tagging","minConfidence":1,"maxTags":5}]' })
    expect(names(search(model, 'tags IN ["car"]'))).toEqual(["red-car.png"])
    expect(names(search(model, 'AITags = "red"'))).toEqual(["red-car.png"])
  })

  it.each([
    ["customMetadata.unknown = 1", /not a defined custom metadata field/],
    ['customMetadata.price = "cheap"', /takes numbers/],
    ['customMetadata.brand > "a"', /cannot be used with customMetadata.brand/],
    ["size EXISTS", /EXISTS cannot be used with size/],
    ['path HAS "/a"', /HAS cannot be used with path/],
    ["embeddedMetadata.Keywords EXISTS", /EXISTS cannot be used/]
  ])("refuses %s with a 400", (query, message) => {
    const answer = search(library(), query)
    expect(answer.status).toBe(400)
    expect(String(body(answer).help)).toMatch(message)
  })
})
