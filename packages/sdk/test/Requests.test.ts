/**
 * The request builders (src/internal/requests/): arguments read as data and decoded with Schema, path parameters as
 * one encoded segment, the SDK's own form-field rules for uploads, and no builder that throws, whatever it is given.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as fc from "effect/FastCheck"
import type { InvalidInputError } from "../src/ImageKitError.js"
import type * as ImageKitRequest from "../src/ImageKitRequest.js"
import * as fields from "../src/internal/requests/fields.js"
import * as files from "../src/internal/requests/files.js"
import * as folders from "../src/internal/requests/folders.js"
import { toData } from "../src/internal/requests/input.js"
import * as jobs from "../src/internal/requests/jobs.js"
import * as metadata from "../src/internal/requests/metadata.js"
import * as purge from "../src/internal/requests/purge.js"
import * as upload from "../src/internal/requests/upload.js"
import * as versions from "../src/internal/requests/versions.js"
import * as Upload from "../src/Upload.js"
import { hostile, materialize } from "./fixtures/hostile.js"

type Built = Either.Either<ImageKitRequest.ImageKitRequest, InvalidInputError>

const builders: Readonly<Record<string, (...args: ReadonlyArray<unknown>) => Built>> = {
  upload: (options) => upload.upload(options),
  listFiles: (options) => files.listFiles(options),
  getFileDetails: (id) => files.getFileDetails(id),
  getFileVersions: (id) => versions.getFileVersions(id),
  getFileVersionDetails: (options) => versions.getFileVersionDetails(options),
  updateFileDetails: (id, data) => files.updateFileDetails(id, data),
  bulkAddTags: (ids, tags) => files.bulkAddTags(ids, tags),
  bulkRemoveTags: (ids, tags) => files.bulkRemoveTags(ids, tags),
  bulkRemoveAITags: (ids, tags) => files.bulkRemoveAITags(ids, tags),
  deleteFile: (id) => files.deleteFile(id),
  deleteFileVersion: (options) => versions.deleteFileVersion(options),
  bulkDeleteFiles: (ids) => files.bulkDeleteFiles(ids),
  copyFile: (options) => files.copyFile(options),
  moveFile: (options) => files.moveFile(options),
  renameFile: (options) => files.renameFile(options),
  restoreFileVersion: (options) => versions.restoreFileVersion(options),
  createFolder: (options) => folders.createFolder(options),
  deleteFolder: (path) => folders.deleteFolder(path),
  copyFolder: (options) => folders.copyFolder(options),
  moveFolder: (options) => folders.moveFolder(options),
  getBulkJobStatus: (id) => jobs.getBulkJobStatus(id),
  purgeCache: (url) => purge.purgeCache(url),
  getPurgeCacheStatus: (id) => purge.getPurgeCacheStatus(id),
  getFileMetadata: (input) => metadata.getFileMetadata(input),
  createCustomMetadataField: (options) => fields.createCustomMetadataField(options),
  getCustomMetadataFields: (options) => fields.getCustomMetadataFields(options),
  updateCustomMetadataField: (id, options) => fields.updateCustomMetadataField(id, options),
  deleteCustomMetadataField: (id) => fields.deleteCustomMetadataField(id)
}

const accepted = (result: Built): ImageKitRequest.ImageKitRequest => {
  if (Either.isLeft(result)) return assert.fail(`refused: ${result.left.message}`)
  return result.right
}

const refused = (result: Built): InvalidInputError => {
  if (Either.isRight(result)) return assert.fail(`accepted: ${JSON.stringify(result.right)}`)
  return result.left
}

const formFields = (request: ImageKitRequest.ImageKitRequest) =>
  request.body._tag === "Multipart"
    ? request.body.parts.map((part) => (part._tag === "Field" ? [part.name, part.value] : [part.name, part.file]))
    : assert.fail("not multipart")

describe("reading arguments as data", () => {
  it("own enumerable keys only, into null-prototype records; __proto__ is a key", () => {
    const input = Object.assign(Object.create({ inherited: 1 }) as object, JSON.parse('{"a":{"__proto__":{"b":1}}}'))
    Object.defineProperty(input, "hidden", { value: 2, enumerable: false })
    const data = Either.getOrThrow(toData(input)) as Record<string, Record<string, unknown>>
    assert.deepStrictEqual(Object.keys(data), ["a"])
    assert.isNull(Object.getPrototypeOf(data))
    assert.isNull(Object.getPrototypeOf(data.a))
    assert.isTrue(Object.hasOwn(data.a ?? {}, "__proto__"))
  })

  it("a throwing getter, a hostile Proxy, a cycle and an over-long array are reasons, not exceptions", () => {
    const getter = Object.defineProperty({}, "x", {
      enumerable: true,
      get: () => {
        throw new Error("boom")
      }
    })
    const proxy = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error("trap")
        }
      }
    )
    const revocable = Proxy.revocable({}, {})
    revocable.revoke()
    const cycle: Record<string, unknown> = {}
    cycle.self = cycle
    const long = new Array(20_000).fill(1)
    assert.include(
      Either.getLeft(toData(getter)).pipe((o) => (o._tag === "Some" ? o.value : "")),
      "boom"
    )
    assert.include(
      Either.getLeft(toData(proxy)).pipe((o) => (o._tag === "Some" ? o.value : "")),
      "trap"
    )
    assert.isTrue(Either.isLeft(toData(revocable.proxy)))
    assert.include(
      Either.getLeft(toData(cycle)).pipe((o) => (o._tag === "Some" ? o.value : "")),
      "levels deep"
    )
    assert.include(
      Either.getLeft(toData(long)).pipe((o) => (o._tag === "Some" ? o.value : "")),
      "items"
    )
  })
})

describe("path parameters", () => {
  const routes: ReadonlyArray<readonly [string, (id: unknown) => Built, (encoded: string) => string]> = [
    ["getFileDetails", (id) => files.getFileDetails(id), (id) => `/v1/files/${id}/details`],
    ["deleteFile", (id) => files.deleteFile(id), (id) => `/v1/files/${id}`],
    ["updateFileDetails", (id) => files.updateFileDetails(id, { tags: ["a"] }), (id) => `/v1/files/${id}/details`],
    ["getFileVersions", (id) => versions.getFileVersions(id), (id) => `/v1/files/${id}/versions`],
    [
      "getFileVersionDetails",
      (id) => versions.getFileVersionDetails({ fileId: id, versionId: "v" }),
      (id) => `/v1/files/${id}/versions/v`
    ],
    [
      "restoreFileVersion",
      (id) => versions.restoreFileVersion({ fileId: "f", versionId: id }),
      (id) => `/v1/files/f/versions/${id}/restore`
    ],
    ["getBulkJobStatus", (id) => jobs.getBulkJobStatus(id), (id) => `/v1/bulkJobs/${id}`],
    ["getPurgeCacheStatus", (id) => purge.getPurgeCacheStatus(id), (id) => `/v1/files/purge/${id}`],
    ["getFileMetadata", (id) => metadata.getFileMetadata(id), (id) => `/v1/files/${id}/metadata`],
    [
      "updateCustomMetadataField",
      (id) => fields.updateCustomMetadataField(id, { label: "l" }),
      (id) => `/v1/customMetadataFields/${id}`
    ],
    [
      "deleteCustomMetadataField",
      (id) => fields.deleteCustomMetadataField(id),
      (id) => `/v1/customMetadataFields/${id}`
    ]
  ]

  for (const [name, build, route] of routes) {
    it(`${name}: percent-encoded into one segment; "", blank, ".", "..", lone surrogates and non-strings refused`, () => {
      for (const id of ["../customMetadataFields/x", "a/b", "x?y#z", "a\r\nb", "%2e%2e", "50%", "é ü", "..."]) {
        const request = accepted(build(id))
        assert.strictEqual(request.path, route(encodeURIComponent(id)))
        const url = new URL(`https://api.imagekit.io${request.path}`)
        assert.strictEqual(url.pathname, request.path)
        assert.strictEqual(url.search + url.hash, "")
      }
      for (const id of ["", "   ", ".", "..", "\uD800", "a\uDFFFb", 5, null, Symbol("s"), Object.create(null), ["a"]]) {
        const error = refused(build(id))
        assert.match(error.message, /^Invalid \w+: expected an id/)
        assert.isString(error.field)
      }
    })
  }

  it("fuzzed ids: exactly one segment of the route, or refused", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 16 }), (id) => {
        const result = files.getFileDetails(id)
        if (Either.isLeft(result)) return
        const segments = new URL(`https://api.imagekit.io${result.right.path}`).pathname.split("/")
        assert.deepStrictEqual(segments.slice(0, 3), ["", "v1", "files"])
        assert.strictEqual(segments.length, 5)
        assert.strictEqual(decodeURIComponent(segments[3] ?? ""), id)
      }),
      { numRuns: 300 }
    )
  })
})

describe("messages", () => {
  it("name the field, say what was expected and what came, and never repeat a huge value", () => {
    const huge = "x".repeat(5_000_000)
    const error = refused(files.copyFile({ sourceFilePath: huge, destinationPath: 5 }))
    assert.strictEqual(error.field, "destinationPath")
    assert.strictEqual(error.message, "Invalid destinationPath: expected a non-empty string, got 5")
    const long = refused(files.bulkAddTags(["f"], [huge.slice(0, 100), ""]))
    assert.strictEqual(long.field, "tags[1]")
    assert.strictEqual(long.message, 'Invalid tags[1]: expected a non-empty string, got ""')
    const nested = refused(
      upload.upload({
        file: "https://e.com/a.jpg",
        fileName: "a",
        transformation: { post: [{ type: "abs", value: "x" }] }
      })
    )
    assert.strictEqual(nested.field, "transformation.post[0]")
    assert.isBelow(refused(files.getFileDetails(`${huge.slice(0, 1)}\uD800`)).message.length, 200)
    assert.strictEqual(refused(files.renameFile({ filePath: "/a" })).message, "Missing newFileName")
  })
})

describe("requests", () => {
  it("listFiles: the options given, in the caller's order, tags joined; nothing for none", () => {
    assert.deepStrictEqual(accepted(files.listFiles(undefined)).urlParams, [])
    assert.deepStrictEqual(accepted(files.listFiles(null)).urlParams, [])
    const request = accepted(
      files.listFiles({ tags: ["a", "b"], limit: 10, includeFolder: true, path: "/x y", unknown: "dropped" })
    )
    assert.deepStrictEqual(request.urlParams, [
      ["tags", "a,b"],
      ["limit", "10"],
      ["includeFolder", "true"],
      ["path", "/x y"]
    ])
    assert.strictEqual(request.path, "/v1/files/")
    assert.strictEqual(refused(files.listFiles({ limit: 0 })).field, "limit")
    assert.strictEqual(refused(files.listFiles({ skip: -1 })).field, "skip")
    assert.strictEqual(refused(files.listFiles({ fileType: "video" })).field, "fileType")
  })

  it("getFileMetadata: an http(s) URL is one query value; anything else is a file id", () => {
    const url = "https://ik.imagekit.io/demo/a.jpg?tr=w-100&ik-s=abc#frag"
    const request = accepted(metadata.getFileMetadata(url))
    assert.strictEqual(request.path, "/v1/metadata")
    assert.deepStrictEqual(request.urlParams, [["url", url]])
    assert.deepStrictEqual(request.attributes, {})
    assert.strictEqual(accepted(metadata.getFileMetadata("httpfoo")).path, "/v1/files/httpfoo/metadata")
  })

  it("JSON bodies: only the documented fields, defaults where the API needs them, null kept to clear", () => {
    const update = accepted(
      files.updateFileDetails("f", { tags: null, removeAITags: "all", customMetadata: { a: null }, other: 1 })
    )
    assert.strictEqual(
      JSON.stringify(update.body._tag === "Json" ? update.body.value : undefined),
      '{"tags":null,"removeAITags":"all","customMetadata":{"a":null}}'
    )
    const copy = accepted(files.copyFile({ sourceFilePath: "/a", destinationPath: "/b/" }))
    assert.deepStrictEqual(copy.body, {
      _tag: "Json",
      value: { sourceFilePath: "/a", destinationPath: "/b/", includeFileVersions: false }
    })
    const rename = accepted(files.renameFile({ filePath: "/a", newFileName: "b" }))
    assert.deepStrictEqual(rename.body, {
      _tag: "Json",
      value: { filePath: "/a", newFileName: "b", purgeCache: false }
    })
    const ai = accepted(files.bulkRemoveAITags(["f"], ["Car"]))
    assert.deepStrictEqual(ai.body, { _tag: "Json", value: { fileIds: ["f"], AITags: ["Car"] } })
    assert.strictEqual(
      refused(files.updateFileDetails("f", { customMetadata: { n: Number.NaN } })).field,
      "customMetadata"
    )
    assert.strictEqual(refused(files.updateFileDetails("f", { publish: false })).field, "publish")
    assert.deepStrictEqual(accepted(fields.getCustomMetadataFields(undefined)).urlParams, [["includeDeleted", "false"]])
    assert.strictEqual(refused(fields.updateCustomMetadataField("id", {})).field, "options")
    assert.strictEqual(
      refused(fields.createCustomMetadataField({ name: "n", label: "l", schema: { type: "Json" } })).field,
      "schema.type"
    )
  })

  it("the request body is a copy: later changes to the caller's objects do not reach a retried request", () => {
    const tags = ["a"]
    const customMetadata: Record<string, unknown> = { brand: "x" }
    const bulk = accepted(files.bulkAddTags(["f"], tags))
    const update = accepted(files.updateFileDetails("f", { customMetadata }))
    tags.push("b")
    customMetadata.brand = "changed"
    assert.deepStrictEqual(bulk.body, { _tag: "Json", value: { fileIds: ["f"], tags: ["a"] } })
    assert.strictEqual(
      JSON.stringify(update.body._tag === "Json" ? update.body.value : undefined),
      '{"customMetadata":{"brand":"x"}}'
    )
  })
})

describe("upload: the SDK's form-field rules", () => {
  it("lists joined with ',', objects as JSON, booleans as text, undefined left out, the caller's order", () => {
    const bytes = new Uint8Array([1, 2, 3])
    const request = accepted(
      upload.upload({
        fileName: "photo.JPG",
        tags: ["a", "b"],
        file: bytes,
        useUniqueFileName: false,
        folder: undefined,
        responseFields: "tags",
        extensions: [{ name: "remove-bg", options: { add_shadow: true } }],
        customMetadata: { price: 10 },
        transformation: { post: [{ type: "thumbnail" }] },
        isPublished: true
      })
    )
    assert.deepStrictEqual(formFields(request), [
      ["fileName", "photo.JPG"],
      ["tags", "a,b"],
      ["file", bytes],
      ["useUniqueFileName", "false"],
      ["responseFields", "tags"],
      ["extensions", '[{"name":"remove-bg","options":{"add_shadow":true}}]'],
      ["customMetadata", '{"price":10}'],
      ["transformation", '{"post":[{"type":"thumbnail"}]}'],
      ["isPublished", "true"]
    ])
    const part = request.body._tag === "Multipart" ? request.body.parts[2] : undefined
    assert.deepStrictEqual(part, {
      _tag: "File",
      name: "file",
      fileName: "photo.JPG",
      contentType: "image/jpeg",
      file: bytes
    })
    assert.strictEqual(request.host, "upload")
    assert.strictEqual(request.path, "/api/v1/files/upload")
    assert.isFalse(request.idempotent)
    assert.deepStrictEqual(request.attributes, { "imagekit.file_name": "photo.JPG", "imagekit.file_size": "3" })
  })

  it("a Blob's own type wins; a string file is a text field; the file is passed as given, never copied", () => {
    const blob = new Blob(["abc"], { type: "image/custom" })
    const part = accepted(upload.upload({ file: blob, fileName: "a.png" }))
    assert.deepStrictEqual(formFields(part)[0], ["file", blob])
    assert.strictEqual(
      part.body._tag === "Multipart" && part.body.parts[0]?._tag === "File" ? part.body.parts[0].contentType : "",
      "image/custom"
    )
    assert.deepStrictEqual(formFields(accepted(upload.upload({ file: "https://e.com/a.jpg", fileName: "a.jpg" }))), [
      ["file", "https://e.com/a.jpg"],
      ["fileName", "a.jpg"]
    ])
    assert.strictEqual(Upload.contentTypeOf("clip.MOV"), "video/quicktime")
    assert.strictEqual(Upload.contentTypeOf("no-extension"), "application/octet-stream")
  })

  it("extra own keys: letters and digits with a scalar go as text fields; anything else is refused", () => {
    const extra = accepted(upload.upload({ file: "x", fileName: "a", newField: 3, flag: false }))
    assert.deepStrictEqual(formFields(extra).slice(2), [
      ["newField", "3"],
      ["flag", "false"]
    ])
    for (const [options, field] of [
      [JSON.parse('{"file":"x","fileName":"a","__proto__":{"folder":"/evil"}}'), 'options["__proto__"]'],
      [{ file: "x", fileName: "a", "bad name": "v" }, 'options["bad name"]'],
      [{ file: "x", fileName: "a", newField: { nested: 1 } }, "newField"],
      [{ file: "x", fileName: "a", newField: null }, "newField"]
    ] as const) {
      assert.strictEqual(refused(upload.upload(options)).field, field)
    }
    // inherited keys are not options at all
    const inherited = Object.assign(Object.create({ folder: "/injected" }) as object, { file: "x", fileName: "a" })
    assert.deepStrictEqual(formFields(accepted(upload.upload(inherited))), [
      ["file", "x"],
      ["fileName", "a"]
    ])
  })

  it("refuses what is not a file, a missing fileName, and a transformation with neither pre nor post", () => {
    for (const file of [42, true, { path: "/tmp/a.jpg" }, ["a"], "", null]) {
      assert.strictEqual(refused(upload.upload({ file, fileName: "a.jpg" })).field, "file")
    }
    assert.strictEqual(refused(upload.upload({ file: "x" })).message, "Missing fileName")
    assert.strictEqual(refused(upload.upload({ file: "x", fileName: "a", transformation: {} })).field, "transformation")
    assert.strictEqual(refused(upload.upload("a string")).field, "options")
  })

  it("settings and uploadMany arguments: callbacks must be functions, files an iterable", () => {
    assert.isTrue(Either.isRight(upload.uploadSettings(undefined)))
    assert.strictEqual(
      Either.getLeft(upload.uploadSettings({ onProgress: 5 })).pipe((o) => (o._tag === "Some" ? o.value.field : "")),
      "onProgress"
    )
    const many = upload.uploadManyArguments(new Set([{ file: "x", fileName: "a" }]), { concurrency: 2 }, 4)
    assert.deepStrictEqual(
      Either.map(many, ({ concurrency, items }) => [concurrency, items.length]),
      Either.right([2, 1])
    )
  })
})

describe("no builder throws, whatever it is given", () => {
  const wellFormed = (result: Built): boolean => {
    if (!Either.isEither(result)) return false
    if (Either.isLeft(result)) {
      const error = result.left
      return error._tag === "InvalidInputError" && typeof error.message === "string" && error.message.length <= 300
    }
    const request = result.right
    if (!request.path.startsWith("/v1/") && request.path !== "/api/v1/files/upload") return false
    if (request.body._tag === "Json") JSON.stringify(request.body.value)
    return request.urlParams.every(([name, value]) => typeof name === "string" && typeof value === "string")
  }

  for (const [name, build] of Object.entries(builders)) {
    it(name, () => {
      fc.assert(
        fc.property(hostile, hostile, (first, second) => wellFormed(build(materialize(first), materialize(second)))),
        { numRuns: 60 }
      )
    })
  }
})
