import * as Schemas from "@effect-imagekit/sdk/Schemas"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import {
  type FormPart,
  inspectMedia,
  type Model,
  type ModelResponse,
  makeModel,
  pHashOf,
  steppingClock
} from "../src/internal/model/index.js"

// ---------------------------------------------------------------------------------------------------------------
// fixtures: the smallest byte sequences whose headers carry the dimensions
// ---------------------------------------------------------------------------------------------------------------

const bytes = (...parts: ReadonlyArray<ReadonlyArray<number> | string>): Uint8Array =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === "string" ? [...part].map((c) => c.charCodeAt(0)) : part)))

const u32be = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]
const u16be = (n: number) => [(n >>> 8) & 255, n & 255]
const u16le = (n: number) => [n & 255, (n >>> 8) & 255]
const u24le = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255]
const u32le = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255]

const png = (width: number, height: number, colorType = 2) =>
  bytes(
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    u32be(13),
    "IHDR",
    u32be(width),
    u32be(height),
    [8, colorType, 0, 0, 0],
    u32be(0),
    u32be(0),
    "IEND",
    u32be(0)
  )

const jpeg = (width: number, height: number) =>
  bytes(
    [0xff, 0xd8, 0xff, 0xe0],
    u16be(16),
    "JFIF",
    [0, 1, 1, 1],
    u16be(150),
    u16be(150),
    [0, 0],
    [0xff, 0xc0],
    u16be(17),
    [8],
    u16be(height),
    u16be(width),
    [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1],
    [0xff, 0xd9]
  )

const gif = (width: number, height: number, transparent: boolean) =>
  bytes("GIF89a", u16le(width), u16le(height), [0, 0, 0], [0x21, 0xf9, 0x04, transparent ? 1 : 0, 0, 0, 0, 0], [0x3b])

const webpVp8x = (width: number, height: number) =>
  bytes("RIFF", u32le(22), "WEBP", "VP8X", u32le(10), [0x10, 0, 0, 0], u24le(width - 1), u24le(height - 1))

const webpLossless = (width: number, height: number) =>
  bytes("RIFF", u32le(13), "WEBP", "VP8L", u32le(5), [0x2f], u32le((width - 1) | ((height - 1) << 14)))

const webpLossy = (width: number, height: number) =>
  bytes("RIFF", u32le(18), "WEBP", "VP8 ", u32le(10), [0, 0, 0], [0x9d, 0x01, 0x2a], u16le(width), u16le(height))

const text = (content: string) => new TextEncoder().encode(content)

// ---------------------------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------------------------

const ENDPOINT = "https://ik.imagekit.io/demo"

const newModel = (pendingPolls?: number): Model =>
  makeModel({
    seed: 42,
    clock: steppingClock(new Date("2024-01-01T00:00:00.000Z")),
    urlEndpoint: `${ENDPOINT}/`,
    ...(pendingPolls === undefined ? {} : { pendingPolls })
  })

const decode = <A, I>(schema: Schema.Schema<A, I>, response: ModelResponse): A =>
  Schema.decodeUnknownSync(schema, Schemas.decodeOptions)(response.body === undefined ? {} : response.body)

type Json = Record<string, unknown>

const body = (response: ModelResponse): Json => response.body as Json
const list = (response: ModelResponse): ReadonlyArray<Json> => response.body as ReadonlyArray<Json>

const upload = (
  model: Model,
  fileName: string,
  data: Uint8Array | string,
  fields: Readonly<Record<string, string>> = {}
): ModelResponse => {
  const form: Array<FormPart> = [
    typeof data === "string"
      ? { name: "file", value: data }
      : { name: "file", fileName, contentType: "application/octet-stream", data },
    { name: "fileName", value: fileName },
    ...Object.entries(fields).map(([name, value]) => ({ name, value }))
  ]
  return model.handle({ method: "POST", path: "/api/v1/files/upload", query: [], form })
}

/** Uploads with a fixed name and returns the upload body. */
const put = (model: Model, fileName: string, data: Uint8Array, fields: Readonly<Record<string, string>> = {}) => {
  const response = upload(model, fileName, data, { useUniqueFileName: "false", ...fields })
  expect(response.status).toBe(200)
  return body(response)
}

const get = (model: Model, path: string, query: ReadonlyArray<readonly [string, string]> = []) =>
  model.handle({ method: "GET", path, query })

const send = (model: Model, method: string, path: string, json?: unknown) =>
  model.handle({ method, path, query: [], ...(json === undefined ? {} : { json }) })

const versionIdAt = (versions: ReadonlyArray<Json>, index: number): string => {
  const info = versions[index]?.versionInfo
  return typeof info === "object" && info !== null && "id" in info ? String(info.id) : ""
}

const names = (response: ModelResponse) => list(response).map((item) => item.name)

const expectError = (response: ModelResponse, status: number, message?: string) => {
  expect(response.status).toBe(status)
  expect(typeof body(response).message).toBe("string")
  expect(typeof body(response).help).toBe("string")
  if (message !== undefined) expect(body(response).message).toBe(message)
}

// ---------------------------------------------------------------------------------------------------------------
// tests
// ---------------------------------------------------------------------------------------------------------------

describe("routing", () => {
  it("answers an unknown route or method with 404 { message, help }", () => {
    const model = newModel()
    expectError(get(model, "/v2/files"), 404)
    expectError(send(model, "PATCH", "/v1/files/copy"), 404)
  })

  it("percent-decodes each path segment, so an encoded '/' stays inside an id", () => {
    const model = newModel()
    expectError(get(model, "/v1/files/a%2Fb/details"), 404, "The requested file does not exist.")
    const { fileId } = put(model, "a.png", png(1, 1))
    expect(get(model, `/v1/files/${encodeURIComponent(String(fileId))}/details`).status).toBe(200)
  })

  it("lists on the SDK's '/v1/files/' with its trailing slash", () => {
    expect(get(newModel(), "/v1/files/").status).toBe(200)
  })
})

describe("image headers", () => {
  it.each([
    ["png", png(640, 480), { format: "png", width: 640, height: 480, hasAlpha: false }],
    ["png with alpha", png(3, 2, 6), { format: "png", width: 3, height: 2, hasAlpha: true }],
    ["jpeg", jpeg(1024, 768), { format: "jpg", width: 1024, height: 768, hasAlpha: false, density: 150 }],
    ["gif", gif(17, 9, true), { format: "gif", width: 17, height: 9, hasAlpha: true }],
    ["gif opaque", gif(5, 6, false), { format: "gif", width: 5, height: 6, hasAlpha: false }],
    ["webp VP8X", webpVp8x(300, 200), { format: "webp", width: 300, height: 200, hasAlpha: true }],
    ["webp VP8L", webpLossless(33, 44), { format: "webp", width: 33, height: 44 }],
    ["webp VP8", webpLossy(120, 90), { format: "webp", width: 120, height: 90, hasAlpha: false }]
  ])("reads %s", (_, data, expected) => {
    expect(inspectMedia(data, "x.bin")).toMatchObject({ fileType: "image", ...expected })
  })

  it("treats other bytes as non-images with a MIME type from the name", () => {
    expect(inspectMedia(text("hello"), "notes.txt")).toMatchObject({ fileType: "non-image", mime: "text/plain" })
    expect(inspectMedia(text("%PDF-1.4"), "doc")).toMatchObject({ fileType: "non-image", mime: "application/pdf" })
  })
})

describe("upload", () => {
  it("stores the file and answers with the Upload schema", () => {
    const model = newModel()
    const response = upload(model, "photo one.jpg", jpeg(20, 10), {
      folder: "/products/shoes",
      tags: "sale, summer,sale",
      customCoordinates: "1,2,3,4",
      isPrivateFile: "true"
    })
    expect(response.status).toBe(200)
    const uploaded = decode(Schemas.UploadResponse, response)
    expect(uploaded.name).toMatch(/^photo_one_[A-Za-z0-9]{9}\.jpg$/)
    expect(uploaded.filePath).toBe(`/products/shoes/${uploaded.name}`)
    expect(uploaded.url).toBe(`${ENDPOINT}/products/shoes/${uploaded.name}`)
    expect(uploaded.thumbnailUrl).toBe(`${ENDPOINT}/tr:n-ik_ml_thumbnail/products/shoes/${uploaded.name}`)
    expect(uploaded).toMatchObject({
      width: 20,
      height: 10,
      size: jpeg(20, 10).length,
      fileType: "image",
      tags: ["sale", "summer"],
      customCoordinates: "1,2,3,4",
      isPrivateFile: true,
      isPublished: true,
      versionInfo: { id: uploaded.fileId, name: "Version 1" }
    })
    expect(uploaded.fileId).toMatch(/^[0-9a-f]{24}$/)
    expect(model.folders().map((folder) => folder.folderPath)).toEqual(["/products", "/products/shoes"])
  })

  it("is deterministic for a seed and a clock", () => {
    const first = body(upload(newModel(), "a.png", png(1, 1)))
    const second = body(upload(newModel(), "a.png", png(1, 1)))
    expect(second).toEqual(first)
  })

  it("accepts base64 and data URIs as text", () => {
    const model = newModel()
    const base64 = btoa(String.fromCharCode(...png(7, 8)))
    expect(body(upload(model, "b.png", base64))).toMatchObject({ width: 7, height: 8 })
    expect(body(upload(model, "c.png", `data:image/png;base64,${base64}`))).toMatchObject({ width: 7 })
    expectError(upload(model, "d.png", "***"), 400)
    expectError(upload(model, "e.png", "https://example.com/e.png"), 400)
  })

  it("reports a non-image without dimensions or thumbnail", () => {
    const uploaded = decode(Schemas.UploadResponse, upload(newModel(), "notes.txt", text("hi")))
    expect(uploaded).toMatchObject({ fileType: "non-image", size: 2, thumbnailUrl: null })
    expect(uploaded.width).toBeUndefined()
  })

  it("refuses a request without file or fileName", () => {
    const model = newModel()
    expectError(
      model.handle({
        method: "POST",
        path: "/api/v1/files/upload",
        query: [],
        form: [{ name: "fileName", value: "x" }]
      }),
      400,
      "Your request is missing file parameter."
    )
    const noName = model.handle({
      method: "POST",
      path: "/api/v1/files/upload",
      query: [],
      form: [{ name: "file", fileName: "x", contentType: "image/png", data: png(1, 1) }]
    })
    expectError(noName, 400, "Your request is missing fileName parameter.")
    expectError(upload(model, "x.png", png(1, 1), { isPrivateFile: "yes" }), 400)
  })

  it("makes a new version when it overwrites, and refuses when overwriting is off", () => {
    const model = newModel()
    const first = put(model, "a.png", png(1, 1), { tags: "old" })
    const second = put(model, "a.png", png(2, 2))
    expect(second.fileId).toBe(first.fileId)
    expect(second).toMatchObject({ width: 2, tags: null, versionInfo: { id: first.fileId, name: "Version 2" } })
    const kept = put(model, "a.png", png(3, 3), { overwriteTags: "false" })
    expect(kept.tags).toBeNull()
    put(model, "b.png", png(1, 1), { tags: "keep" })
    expect(put(model, "b.png", png(1, 1), { overwriteTags: "false" }).tags).toEqual(["keep"])
    expectError(
      upload(model, "a.png", png(1, 1), { useUniqueFileName: "false", overwriteFile: "false" }),
      400,
      "A file with the same name already exists at the exact location. We could not overwrite it because both " +
        "overwriteFile and useUniqueFileName are set to false."
    )
  })

  it("validates custom metadata against the defined fields and fills required defaults", () => {
    const model = newModel()
    model.seedField({ name: "price", label: "Price", schema: { type: "Number", minValue: 0, maxValue: 100 } })
    model.seedField({
      name: "brand",
      label: "Brand",
      schema: { type: "SingleSelect", selectOptions: ["a", "b"], isValueRequired: true, defaultValue: "a" }
    })
    const ok = put(model, "a.png", png(1, 1), { customMetadata: JSON.stringify({ price: 10 }) })
    expect(ok.customMetadata).toEqual({ price: 10, brand: "a" })
    expectError(
      upload(model, "b.png", png(1, 1), { customMetadata: '{"price":1000}' }),
      400,
      "Invalid custom metadata."
    )
    expectError(
      upload(model, "c.png", png(1, 1), { customMetadata: '{"color":"red"}' }),
      400,
      "Invalid custom metadata."
    )
    expectError(upload(model, "d.png", png(1, 1), { customMetadata: "{" }), 400)
  })
})

describe("file details, update and delete", () => {
  it("answers details with the File schema, and 404 for an unknown id", () => {
    const model = newModel()
    const { fileId } = put(model, "a.gif", gif(4, 4, true), { folder: "x" })
    const file = decode(Schemas.File, get(model, `/v1/files/${String(fileId)}/details`))
    expect(file).toMatchObject({ type: "file", name: "a.gif", filePath: "/x/a.gif", hasAlpha: true, mime: "image/gif" })
    expectError(get(model, "/v1/files/nope/details"), 404, "The requested file does not exist.")
  })

  it("updates tags, coordinates, custom metadata and description", () => {
    const model = newModel()
    model.seedField({ name: "color", label: "Color", schema: { type: "Text", maxLength: 5 } })
    const { fileId } = put(model, "a.png", png(1, 1), { customMetadata: '{"color":"red"}' })
    const path = `/v1/files/${String(fileId)}/details`
    const updated = send(model, "PATCH", path, {
      tags: ["a", "b"],
      customCoordinates: "0,0,1,1",
      description: "hello",
      removeAITags: "all"
    })
    expect(decode(Schemas.UpdateFileDetailsResponse, updated)).toMatchObject({
      tags: ["a", "b"],
      customCoordinates: "0,0,1,1",
      description: "hello",
      AITags: null
    })
    expect(body(send(model, "PATCH", path, { customMetadata: { color: null } })).customMetadata).toEqual({})
    expect(body(send(model, "PATCH", path, { tags: null, customCoordinates: null }))).toMatchObject({
      tags: null,
      customCoordinates: null
    })
    expectError(send(model, "PATCH", path, { customMetadata: { color: "toolong" } }), 400, "Invalid custom metadata.")
    expectError(send(model, "PATCH", path, { tags: "a" }), 400)
    expectError(send(model, "PATCH", "/v1/files/missing/details", { tags: [] }), 404)
  })

  it("publishes or unpublishes, alone only", () => {
    const model = newModel()
    const { fileId } = put(model, "a.png", png(1, 1), { isPublished: "false" })
    expect(body(get(model, `/v1/files/${String(fileId)}/details`)).isPublished).toBe(false)
    const path = `/v1/files/${String(fileId)}/details`
    expect(body(send(model, "PATCH", path, { publish: { isPublished: true } })).isPublished).toBe(true)
    expectError(send(model, "PATCH", path, { publish: { isPublished: false }, tags: ["x"] }), 400)
  })

  it("deletes a file with 204, then answers 404", () => {
    const model = newModel()
    const { fileId } = put(model, "a.png", png(1, 1))
    const deleted = send(model, "DELETE", `/v1/files/${String(fileId)}`)
    expect(deleted).toEqual({ status: 204, headers: {} })
    expectError(send(model, "DELETE", `/v1/files/${String(fileId)}`), 404)
  })

  it("bulk-deletes: 200 for all, 207 with errors for some, 404 with missingFileIds for none", () => {
    const model = newModel()
    const a = String(put(model, "a.png", png(1, 1)).fileId)
    const b = String(put(model, "b.png", png(1, 1)).fileId)
    const c = String(put(model, "c.png", png(1, 1)).fileId)
    const all = send(model, "POST", "/v1/files/batch/deleteByFileIds", { fileIds: [a] })
    expect(decode(Schemas.BulkDeleteFilesResponse, all)).toEqual({ successfullyDeletedFileIds: [a] })
    const some = send(model, "POST", "/v1/files/batch/deleteByFileIds", { fileIds: [b, "zzz"] })
    expect(some.status).toBe(207)
    expect(decode(Schemas.BulkDeleteFilesResponse, some).errors).toEqual([{ fileId: "zzz", error: "File not found." }])
    const none = send(model, "POST", "/v1/files/batch/deleteByFileIds", { fileIds: ["zzz"] })
    expectError(none, 404, "The requested file(s) does not exist.")
    expect(body(none).missingFileIds).toEqual(["zzz"])
    expectError(send(model, "POST", "/v1/files/batch/deleteByFileIds", { fileIds: [] }), 400, "fileIds is empty.")
    expect(model.files().map((file) => file.fileId)).toEqual([c])
  })
})

describe("bulk tags", () => {
  it("adds, removes and removes AI tags", () => {
    const model = newModel()
    const a = String(put(model, "a.png", png(1, 1), { tags: "x" }).fileId)
    const b = String(put(model, "b.png", png(1, 1)).fileId)
    const added = send(model, "POST", "/v1/files/addTags", { fileIds: [a, b], tags: ["y", "x"] })
    expect(decode(Schemas.BulkTagsResponse, added)).toEqual({ successfullyUpdatedFileIds: [a, b] })
    expect(body(get(model, `/v1/files/${a}/details`)).tags).toEqual(["x", "y"])
    send(model, "POST", "/v1/files/removeTags", { fileIds: [b], tags: ["x", "y"] })
    expect(body(get(model, `/v1/files/${b}/details`)).tags).toBeNull()
    const ai = send(model, "POST", "/v1/files/removeAITags", { fileIds: [a, "gone"], AITags: ["Shirt"] })
    expect(ai.status).toBe(207)
    decode(Schemas.BulkTagsResponse, ai)
    expectError(send(model, "POST", "/v1/files/addTags", { fileIds: ["gone"], tags: ["x"] }), 404)
    expectError(send(model, "POST", "/v1/files/addTags", { fileIds: [a] }), 400, "tags parameter is missing.")
    expectError(send(model, "POST", "/v1/files/removeAITags", { fileIds: [a], AITags: [] }), 400)
  })
})

describe("versions", () => {
  const setup = () => {
    const model = newModel()
    const fileId = String(put(model, "a.png", png(1, 1)).fileId)
    put(model, "a.png", png(2, 2))
    put(model, "a.png", png(3, 3))
    const versions = list(get(model, `/v1/files/${fileId}/versions`))
    return { model, fileId, versions }
  }

  it("lists the current version first, then the older ones newest first", () => {
    const { model, fileId, versions } = setup()
    const decoded = decode(Schemas.GetFileVersionsResponse, get(model, `/v1/files/${fileId}/versions`))
    expect(decoded.map((version) => [version.type, version.versionInfo?.name, version.width])).toEqual([
      ["file", "Version 3", 3],
      ["file-version", "Version 2", 2],
      ["file-version", "Version 1", 1]
    ])
    expect(versions[0]?.versionInfo).toEqual({ id: fileId, name: "Version 3" })
    expect(String(versions[1]?.url)).toContain("?ik-obj-version=")
    expectError(get(model, "/v1/files/nope/versions"), 404)
  })

  it("answers version details by the version id, and by the file id for the current one", () => {
    const { model, fileId, versions } = setup()
    const olderId = versionIdAt(versions, 2)
    const older = decode(Schemas.File, get(model, `/v1/files/${fileId}/versions/${olderId}`))
    expect(older).toMatchObject({ type: "file-version", width: 1 })
    expect(body(get(model, `/v1/files/${fileId}/versions/${fileId}`)).type).toBe("file")
    expectError(get(model, `/v1/files/${fileId}/versions/nope`), 404, "The requested file version does not exist.")
  })

  it("never deletes the current version", () => {
    const { model, fileId, versions } = setup()
    expectError(
      send(model, "DELETE", `/v1/files/${fileId}/versions/${fileId}`),
      400,
      "You cannot delete current version of a file."
    )
    const olderId = versionIdAt(versions, 1)
    expect(send(model, "DELETE", `/v1/files/${fileId}/versions/${olderId}`).status).toBe(204)
    expect(list(get(model, `/v1/files/${fileId}/versions`))).toHaveLength(2)
    expectError(send(model, "DELETE", `/v1/files/${fileId}/versions/${olderId}`), 404)
  })

  it("restores a version as the current one", () => {
    const { model, fileId, versions } = setup()
    const firstId = versionIdAt(versions, 2)
    const restored = decode(Schemas.File, send(model, "PUT", `/v1/files/${fileId}/versions/${firstId}/restore`))
    expect(restored).toMatchObject({ type: "file", width: 1, versionInfo: { id: fileId, name: "Version 1" } })
    expect(body(get(model, `/v1/files/${fileId}/details`)).width).toBe(1)
    const after = list(get(model, `/v1/files/${fileId}/versions`))
    expect(after.map((version) => version.width)).toEqual([1, 3, 2])
    expectError(send(model, "PUT", `/v1/files/${fileId}/versions/nope/restore`), 404)
  })
})

describe("copy, move and rename", () => {
  it("copies a file to a new file, or appends versions to a same-named file", () => {
    const model = newModel()
    const source = put(model, "a.png", png(1, 1), { folder: "src" })
    put(model, "a.png", png(2, 2), { folder: "src" })
    const copied = send(model, "POST", "/v1/files/copy", {
      sourceFilePath: "/src/a.png",
      destinationPath: "/dst",
      includeFileVersions: true
    })
    expect(copied.status).toBe(204)
    decode(Schemas.EmptyResponse, copied)
    const copy = model.files().find((file) => file.filePath === "/dst/a.png")
    expect(copy?.fileId).not.toBe(source.fileId)
    expect(list(get(model, `/v1/files/${String(copy?.fileId)}/versions`))).toHaveLength(2)
    send(model, "POST", "/v1/files/copy", { sourceFilePath: "/src/a.png", destinationPath: "/dst/" })
    expect(list(get(model, `/v1/files/${String(copy?.fileId)}/versions`))).toHaveLength(3)
    expectError(send(model, "POST", "/v1/files/copy", { sourceFilePath: "/no.png", destinationPath: "/dst" }), 404)
    expectError(send(model, "POST", "/v1/files/copy", { sourceFilePath: "/src/a.png", destinationPath: "/src" }), 400)
  })

  it("moves a file keeping its id", () => {
    const model = newModel()
    const { fileId } = put(model, "a.png", png(1, 1))
    expect(send(model, "POST", "/v1/files/move", { sourceFilePath: "/a.png", destinationPath: "/b/c" }).status).toBe(
      204
    )
    expect(body(get(model, `/v1/files/${String(fileId)}/details`)).filePath).toBe("/b/c/a.png")
    expect(body(send(model, "POST", "/v1/files/move", { sourceFilePath: "/a.png", destinationPath: "/" })).reason).toBe(
      "SOURCE_FILE_MISSING"
    )
  })

  it("renames, optionally purging, and refuses names that clash", () => {
    const model = newModel()
    const { fileId } = put(model, "a.png", png(1, 1))
    put(model, "b.png", png(1, 1))
    const plain = send(model, "PUT", "/v1/files/rename", {
      filePath: "/a.png",
      newFileName: "c.png",
      purgeCache: false
    })
    expect(decode(Schemas.RenameFileResponse, plain)).toEqual({})
    expect(body(get(model, `/v1/files/${String(fileId)}/details`)).name).toBe("c.png")
    const purged = send(model, "PUT", "/v1/files/rename", {
      filePath: "/c.png",
      newFileName: "d.png",
      purgeCache: true
    })
    const { purgeRequestId } = decode(Schemas.RenameFileResponse, purged)
    expect(body(get(model, `/v1/files/purge/${String(purgeRequestId)}`)).status).toBe("Pending")
    const clash = send(model, "PUT", "/v1/files/rename", { filePath: "/d.png", newFileName: "b.png" })
    expectError(clash, 409, "File with name b.png already exists at the same location.")
    expectError(send(model, "PUT", "/v1/files/rename", { filePath: "/d.png", newFileName: "d.png" }), 400)
    expectError(send(model, "PUT", "/v1/files/rename", { filePath: "/zz.png", newFileName: "e.png" }), 404)
  })
})

describe("folders and bulk jobs", () => {
  it("creates folders, nested ones on demand", () => {
    const model = newModel()
    const created = send(model, "POST", "/v1/folder", { folderName: "c", parentFolderPath: "/a/b" })
    expect(created.status).toBe(201)
    decode(Schemas.EmptyResponse, created)
    expect(model.folders().map((folder) => folder.folderPath)).toEqual(["/a", "/a/b", "/a/b/c"])
    expectError(send(model, "POST", "/v1/folder", { folderName: "..", parentFolderPath: "/" }), 400)
  })

  it("deletes a folder recursively", () => {
    const model = newModel()
    put(model, "a.png", png(1, 1), { folder: "/x/y" })
    put(model, "b.png", png(1, 1), { folder: "/x" })
    put(model, "c.png", png(1, 1), { folder: "/xy" })
    expect(send(model, "DELETE", "/v1/folder", { folderPath: "/x/" }).status).toBe(204)
    expect(model.files().map((file) => file.filePath)).toEqual(["/xy/c.png"])
    expect(model.folders().map((folder) => folder.folderPath)).toEqual(["/xy"])
    expectError(send(model, "DELETE", "/v1/folder", { folderPath: "/x" }), 404, "No folder found with folderPath `/x`.")
  })

  it("copies a folder as a job that is Pending for one poll, then Completed", () => {
    const model = newModel()
    put(model, "a.png", png(1, 1), { folder: "/src/inner" })
    send(model, "POST", "/v1/folder", { folderName: "empty", parentFolderPath: "/src" })
    const started = send(model, "POST", "/v1/bulkJobs/copyFolder", {
      sourceFolderPath: "/src",
      destinationPath: "/dst",
      includeFileVersions: false
    })
    const { jobId } = decode(Schemas.BulkJobResponse, started)
    const first = decode(Schemas.BulkJobStatusResponse, get(model, `/v1/bulkJobs/${jobId}`))
    expect(first).toEqual({ jobId, type: "COPY_FOLDER", status: "Pending" })
    expect(body(get(model, `/v1/bulkJobs/${jobId}`)).status).toBe("Completed")
    expect(model.files().map((file) => file.filePath)).toEqual(["/src/inner/a.png", "/dst/src/inner/a.png"])
    expect(model.folders().map((folder) => folder.folderPath)).toContain("/dst/src/empty")
    expectError(get(model, "/v1/bulkJobs/nope"), 404, "The requested job does not exist.")
  })

  it("moves a folder, keeping file ids, and refuses to move it into itself", () => {
    const model = newModel(0)
    const { fileId } = put(model, "a.png", png(1, 1), { folder: "/src/inner" })
    const refused = send(model, "POST", "/v1/bulkJobs/moveFolder", {
      sourceFolderPath: "/src",
      destinationPath: "/src/inner"
    })
    expectError(refused, 400)
    const { jobId } = body(
      send(model, "POST", "/v1/bulkJobs/moveFolder", { sourceFolderPath: "/src", destinationPath: "/dst" })
    )
    expect(body(get(model, `/v1/bulkJobs/${String(jobId)}`))).toMatchObject({
      type: "MOVE_FOLDER",
      status: "Completed"
    })
    expect(body(get(model, `/v1/files/${String(fileId)}/details`)).filePath).toBe("/dst/src/inner/a.png")
    expect(model.folders().map((folder) => folder.folderPath)).toEqual(["/dst", "/dst/src", "/dst/src/inner"])
    expectError(
      send(model, "POST", "/v1/bulkJobs/moveFolder", { sourceFolderPath: "/src", destinationPath: "/x" }),
      404
    )
    expectError(send(model, "POST", "/v1/bulkJobs/copyFolder", { sourceFolderPath: "/", destinationPath: "/x" }), 400)
  })
})

describe("purge", () => {
  it("answers a request id whose status goes Pending → Completed after the configured polls", () => {
    const model = newModel(2)
    const created = send(model, "POST", "/v1/files/purge", { url: `${ENDPOINT}/a.png` })
    expect(created.status).toBe(201)
    const { requestId } = decode(Schemas.PurgeCacheResponse, created)
    const statuses = [1, 2, 3].map(
      () => decode(Schemas.PurgeCacheStatusResponse, get(model, `/v1/files/purge/${requestId}`)).status
    )
    expect(statuses).toEqual(["Pending", "Pending", "Completed"])
    expectError(send(model, "POST", "/v1/files/purge", { url: "not a url" }), 400)
    expectError(get(model, "/v1/files/purge/nope"), 404)
  })
})

describe("metadata", () => {
  it("answers by file id with the Metadata schema", () => {
    const model = newModel()
    const data = jpeg(30, 20)
    const { fileId } = put(model, "a.jpg", data)
    const metadata = decode(Schemas.Metadata, get(model, `/v1/files/${String(fileId)}/metadata`))
    expect(metadata).toEqual({
      height: 20,
      width: 30,
      size: data.length,
      format: "jpg",
      hasColorProfile: false,
      quality: 0,
      density: 150,
      hasTransparency: false,
      pHash: pHashOf(data)
    })
    expect(metadata.pHash).toMatch(/^[0-9a-f]{16}$/)
    expectError(get(model, "/v1/files/nope/metadata"), 404)
  })

  it("answers by URL only for a stored file under the URL endpoint", () => {
    const model = newModel()
    put(model, "a.png", png(5, 6), { folder: "/f" })
    const byUrl = get(model, "/v1/metadata", [["url", `${ENDPOINT}/f/a.png?tr=w-10`]])
    expect(decode(Schemas.Metadata, byUrl)).toMatchObject({ width: 5, height: 6, format: "png" })
    expectError(get(model, "/v1/metadata", [["url", "https://example.com/f/a.png"]]), 404)
    expectError(get(model, "/v1/metadata", [["url", `${ENDPOINT}/f/b.png`]]), 404)
  })

  it("gives identical bytes the same pHash stand-in and other bytes another", () => {
    expect(pHashOf(png(1, 1))).toBe(pHashOf(png(1, 1)))
    expect(pHashOf(png(1, 1))).not.toBe(pHashOf(png(1, 2)))
  })

  it("serves stored bytes, including an older version through ik-obj-version", () => {
    const model = newModel()
    const first = png(1, 1)
    const { fileId } = put(model, "a.png", first)
    put(model, "a.png", png(2, 2))
    const older = list(get(model, `/v1/files/${String(fileId)}/versions`))[1]
    expect(model.readUrl(String(older?.url))?.bytes).toEqual(first)
    expect(model.readUrl(`${ENDPOINT}/a.png`)?.mime).toBe("image/png")
    expect(model.readUrl(`${ENDPOINT}/missing.png`)).toBeUndefined()
  })
})

describe("listFiles", () => {
  const library = () => {
    const model = newModel()
    put(model, "b.png", png(10, 10), { tags: "red,sale" })
    put(model, "a.jpg", jpeg(30, 30), { tags: "blue" })
    put(model, "c.txt", text("hello world"), { folder: "/docs" })
    put(model, "d.gif", gif(2, 2, false), { folder: "/docs/old", tags: "red" })
    return model
  }

  it("lists every file by default, ASC_CREATED, decoding with the ListFilesResponse schema", () => {
    const model = library()
    const response = get(model, "/v1/files/")
    decode(Schemas.ListFilesResponse, response)
    expect(names(response)).toEqual(["b.png", "a.jpg", "c.txt", "d.gif"])
  })

  it("filters by path, fileType, tags and name", () => {
    const model = library()
    expect(names(get(model, "/v1/files", [["path", "/docs"]]))).toEqual(["c.txt"])
    expect(names(get(model, "/v1/files", [["fileType", "non-image"]]))).toEqual(["c.txt"])
    expect(names(get(model, "/v1/files", [["tags", "red,blue"]]))).toEqual(["b.png", "a.jpg", "d.gif"])
    expect(names(get(model, "/v1/files", [["name", "a.jpg"]]))).toEqual(["a.jpg"])
  })

  it("includes folders when asked, and lists versions with type file-version", () => {
    const model = library()
    const withFolders = get(model, "/v1/files", [
      ["path", "/docs"],
      ["includeFolder", "true"]
    ])
    decode(Schemas.ListFilesResponse, withFolders)
    expect(list(withFolders).map((item) => item.type)).toEqual(["folder", "file"])
    expect(list(withFolders)[0]).toMatchObject({ name: "old", folderPath: "/docs/old" })
    expect(names(get(model, "/v1/files", [["type", "folder"]]))).toEqual(["docs", "old"])
    put(model, "b.png", png(11, 11))
    const versions = get(model, "/v1/files", [["type", "file-version"]])
    expect(list(versions).map((item) => [item.type, item.width])).toEqual([["file-version", 10]])
  })

  it("sorts, skips and limits", () => {
    const model = library()
    expect(names(get(model, "/v1/files", [["sort", "ASC_NAME"]]))).toEqual(["a.jpg", "b.png", "c.txt", "d.gif"])
    expect(names(get(model, "/v1/files", [["sort", "DESC_CREATED"]]))).toEqual(["d.gif", "c.txt", "a.jpg", "b.png"])
    expect(names(get(model, "/v1/files", [["sort", "DESC_SIZE"]]))).toEqual(["b.png", "a.jpg", "d.gif", "c.txt"])
    const page = get(model, "/v1/files", [
      ["sort", "ASC_NAME"],
      ["skip", "1"],
      ["limit", "2"]
    ])
    expect(names(page)).toEqual(["b.png", "c.txt"])
    expectError(
      get(model, "/v1/files", [["limit", "0"]]),
      400,
      "Minimum value of limit parameter is 1. Value sent is 0."
    )
    expectError(get(model, "/v1/files", [["skip", "-1"]]), 400)
    expectError(get(model, "/v1/files", [["sort", "ASC_COLOR"]]), 400)
    expectError(get(model, "/v1/files", [["type", "nope"]]), 400)
  })

  const search = (model: Model, query: string) => names(get(model, "/v1/files", [["searchQuery", query]]))

  it.each([
    ['name = "a.jpg"', ["a.jpg"]],
    ['name : "c"', ["c.txt"]],
    ['tags IN ["red", "blue"]', ["b.png", "a.jpg", "d.gif"]],
    ['tags NOT IN ["red"]', ["a.jpg", "c.txt"]],
    ['format = "png"', ["b.png"]],
    ["size > 30", ["b.png", "a.jpg"]],
    ["size < 1kb", ["b.png", "a.jpg", "c.txt", "d.gif"]],
    ["width >= 30", ["a.jpg"]],
    ['createdAt > "2024-01-01T00:00:01Z"', ["a.jpg", "c.txt", "d.gif"]],
    ['createdAt > "1d"', ["b.png", "a.jpg", "c.txt", "d.gif"]],
    ['createdAt < "1d"', []],
    ['format = "png" OR format = "gif"', ["b.png", "d.gif"]],
    ['tags IN ["red"] AND (format = "gif" OR size > 10000)', ["d.gif"]],
    ['NOT format = "png" AND fileType = "image"', ["a.jpg", "d.gif"]],
    ['format NOT = "png" AND fileType = "image"', ["a.jpg", "d.gif"]],
    ['name = "a\\.jpg" OR name = "b\\"png"', ["a.jpg"]],
    ['type = "folder"', ["docs", "old"]],
    ['type IN ["file", "folder"] AND name : "d"', ["docs", "d.gif"]]
  ])("searchQuery %s", (query, expected) => {
    expect(search(library(), query)).toEqual(expected)
  })

  it("ignores tags and name when a searchQuery is given, and refuses a bad query", () => {
    const model = library()
    const response = get(model, "/v1/files", [
      ["tags", "blue"],
      ["name", "a.jpg"],
      ["searchQuery", 'format = "png"']
    ])
    expect(names(response)).toEqual(["b.png"])
    for (const bad of ['name = "x', "color = red", "size >", "(size > 1", 'size > "big"', "name > 3"]) {
      expectError(get(model, "/v1/files", [["searchQuery", bad]]), 400)
    }
  })
})

describe("custom metadata fields", () => {
  const create = (model: Model, field: unknown) => send(model, "POST", "/v1/customMetadataFields", field)

  it("creates, lists, updates and deletes fields", () => {
    const model = newModel()
    const created = create(model, { name: "price", label: "Price", schema: { type: "Number", minValue: 1 } })
    expect(created.status).toBe(201)
    const field = decode(Schemas.CustomMetadataField, created)
    expect(field).toMatchObject({ name: "price", label: "Price", schema: { type: "Number", minValue: 1 } })
    const updated = send(model, "PATCH", `/v1/customMetadataFields/${field.id}`, {
      label: "Cost",
      schema: { maxValue: 10 }
    })
    expect(decode(Schemas.CustomMetadataField, updated)).toMatchObject({
      label: "Cost",
      schema: { type: "Number", minValue: 1, maxValue: 10 }
    })
    expect(send(model, "DELETE", `/v1/customMetadataFields/${field.id}`).status).toBe(204)
    const live = get(model, "/v1/customMetadataFields", [["includeDeleted", "false"]])
    expect(decode(Schemas.GetCustomMetadataFieldsResponse, live)).toEqual([])
    const all = get(model, "/v1/customMetadataFields", [["includeDeleted", "true"]])
    expect(decode(Schemas.GetCustomMetadataFieldsResponse, all).map((item) => item.name)).toEqual(["price"])
    expectError(send(model, "DELETE", `/v1/customMetadataFields/${field.id}`), 404)
    expectError(
      send(model, "PATCH", `/v1/customMetadataFields/${field.id}`, { label: "x" }),
      400,
      "Cannot update a deleted custom metadata fields."
    )
    expectError(send(model, "PATCH", "/v1/customMetadataFields/nope", { label: "x" }), 404)
  })

  it.each([
    ["an unknown type", { type: "Color" }],
    ["min above max", { type: "Number", minValue: 5, maxValue: 1 }],
    ["a date bound that is no date", { type: "Date", minValue: "yesterday" }],
    ["a select without options", { type: "SingleSelect" }],
    ["a key the type does not take", { type: "Boolean", maxLength: 3 }],
    ["a required field without default", { type: "Text", isValueRequired: true }],
    ["a default outside the options", { type: "MultiSelect", selectOptions: ["a"], defaultValue: ["b"] }]
  ])("refuses a schema with %s", (_, schema) => {
    expectError(create(newModel(), { name: "f", label: "F", schema }), 400, "Invalid schema object.")
  })

  it("refuses duplicate names and labels, renames and type changes", () => {
    const model = newModel()
    const { id } = body(create(model, { name: "f", label: "F", schema: { type: "Text" } }))
    expectError(create(model, { name: "f", label: "G", schema: { type: "Text" } }), 400)
    expectError(create(model, { name: "g", label: "F", schema: { type: "Text" } }), 400)
    const path = `/v1/customMetadataFields/${String(id)}`
    expectError(send(model, "PATCH", path, { name: "h" }), 400, "Name cannot be updated.")
    expectError(send(model, "PATCH", path, {}), 400, "Either label or schema should be provided.")
    expectError(send(model, "PATCH", path, { schema: { type: "Number" } }), 400, "Invalid schema object.")
  })
})
