/**
 * Request differential: for every API method and several argument sets, the request the adapter sends through its
 * `fetch` option equals the one `imagekit@6.0.0` hands to axios for the same call (method, URL, query, Authorization,
 * content type, JSON body, multipart parts and file bytes), and both resolve to the same result for the same answer.
 * The exceptions are ids that would change the route when concatenated raw; those are listed and asserted encoded.
 */
import { Buffer } from "node:buffer"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import ImageKit from "../src/index.js"
import {
  ENCODED_ID_CASES,
  IDS_NEEDING_ENCODING,
  METHOD_NAMES,
  type MethodName,
  REQUEST_CASES
} from "./fixtures/requestCases.js"
import {
  callV6,
  errorMessages,
  ImageKitV6,
  installAxiosStub,
  rawUrlOfV6,
  uninstallAxiosStub,
  v6Options,
  wireOfV6
} from "./fixtures/v6.js"
import { fetchResponse, plausibleResponse, toRequest, type Wire, wireOfFetch } from "./fixtures/wire.js"

const API = "https://api.imagekit.io"

const sent: Array<Wire> = []

const recordingFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const request = toRequest(input, init)
  sent.push(await wireOfFetch(request))
  return fetchResponse(plausibleResponse(request.method, new URL(request.url)))
}

const ours = new ImageKit({ ...v6Options, fetch: recordingFetch })
const v6 = new ImageKitV6({ ...v6Options })

beforeAll(() => {
  installAxiosStub(plausibleResponse)
})

afterAll(() => {
  uninstallAxiosStub()
})

/** How many leading arguments each method takes before its callback (v6's `promisify` arity). */
const ARITY: Record<MethodName, number> = {
  upload: 1,
  listFiles: 1,
  getFileDetails: 1,
  getFileVersions: 1,
  getFileVersionDetails: 1,
  updateFileDetails: 2,
  bulkAddTags: 2,
  bulkRemoveTags: 2,
  bulkRemoveAITags: 2,
  deleteFile: 1,
  deleteFileVersion: 1,
  bulkDeleteFiles: 1,
  copyFile: 1,
  moveFile: 1,
  renameFile: 1,
  restoreFileVersion: 1,
  createFolder: 1,
  deleteFolder: 1,
  copyFolder: 1,
  moveFolder: 1,
  getBulkJobStatus: 1,
  purgeCache: 1,
  getPurgeCacheStatus: 1,
  getFileMetadata: 1,
  createCustomMetadataField: 1,
  getCustomMetadataFields: 1,
  updateCustomMetadataField: 2,
  deleteCustomMetadataField: 1
}

type Settled =
  | { readonly _tag: "Resolved"; readonly value: unknown; readonly requests: ReadonlyArray<Wire> }
  | { readonly _tag: "Rejected"; readonly error: unknown; readonly requests: ReadonlyArray<Wire> }

const methodOf = (name: MethodName): ((...args: ReadonlyArray<unknown>) => unknown) => {
  const method: unknown = Reflect.get(ours, name)
  if (typeof method !== "function") throw new Error(`the adapter has no method ${name}`)
  return (...args) => Reflect.apply(method, ours, args)
}

const callOursPromise = async (name: MethodName, args: ReadonlyArray<unknown>): Promise<Settled> => {
  sent.length = 0
  try {
    const value = await methodOf(name)(...args)
    return { _tag: "Resolved", value, requests: [...sent] }
  } catch (error) {
    return { _tag: "Rejected", error, requests: [...sent] }
  }
}

const callOursCallback = async (name: MethodName, args: ReadonlyArray<unknown>): Promise<Settled> => {
  sent.length = 0
  const padded = [...args]
  while (padded.length < ARITY[name]) padded.push(undefined)
  return new Promise<Settled>((resolve) => {
    const returned = methodOf(name)(...padded, (error: unknown, result: unknown) => {
      if (error) resolve({ _tag: "Rejected", error, requests: [...sent] })
      else {
        expect(error).toBeNull()
        resolve({ _tag: "Resolved", value: result, requests: [...sent] })
      }
    })
    // v6: in callback mode the method returns undefined.
    expect(returned).toBeUndefined()
  })
}

interface Metadata {
  readonly statusCode: unknown
  readonly headers: Readonly<Record<string, unknown>>
}

const metadataOf = (value: unknown): Metadata | undefined => {
  if (typeof value !== "object" || value === null) return undefined
  const descriptor = Object.getOwnPropertyDescriptor(value, "$ResponseMetadata")
  if (descriptor === undefined) return undefined
  expect(descriptor.enumerable).toBe(false)
  const metadata = descriptor.value as { statusCode: unknown; headers: Record<string, unknown> }
  return { statusCode: metadata.statusCode, headers: { ...metadata.headers } }
}

/** Our request and result against v6's for one call. */
const compare = async (name: MethodName, args: () => ReadonlyArray<unknown>, mode: "promise" | "callback") => {
  const theirs = await callV6(v6, name, args())
  if (theirs._tag === "Rejected") throw new Error(`imagekit@6 rejected ${name}: ${JSON.stringify(theirs.error)}`)
  expect(theirs.requests.length).toBe(1)
  const theirRequest = theirs.requests[0]
  if (theirRequest === undefined) throw new Error("no v6 request")
  const mine = mode === "promise" ? await callOursPromise(name, args()) : await callOursCallback(name, args())
  if (mine._tag === "Rejected")
    throw new Error(`the adapter rejected ${name}: ${JSON.stringify(mine.error)} ${String(mine.error)}`)
  expect(mine.requests.length, "one request per call").toBe(1)
  expect(mine.requests[0]).toEqual(wireOfV6(theirRequest))
  expect(mine.value).toEqual(theirs.value)
  expect(metadataOf(mine.value)).toEqual(metadataOf(theirs.value))
}

describe("every method sends what imagekit@6 sends", () => {
  for (const testCase of REQUEST_CASES) {
    it(`${testCase.name}: ${testCase.title} (Promise)`, async () => {
      await compare(testCase.name, testCase.args, "promise")
    })
    it(`${testCase.name}: ${testCase.title} (callback)`, async () => {
      await compare(testCase.name, testCase.args, "callback")
    })
  }

  it("covers all 28 methods, most with several argument sets", () => {
    expect(new Set(REQUEST_CASES.map((c) => c.name))).toEqual(new Set(METHOD_NAMES))
    expect(METHOD_NAMES.length).toBe(28)
    console.info(
      `Requests: ${REQUEST_CASES.length} argument sets over ${METHOD_NAMES.length} methods compared with imagekit@6, ` +
        `each in Promise and callback form (${REQUEST_CASES.length * 2} comparisons)`
    )
  })

  it("upload sends its Authorization and multipart body to the upload host", async () => {
    // An independent check of the fixture: the upload host, Basic auth of the private key, multipart parts.
    const result = await callOursPromise("upload", [{ file: Buffer.from("hi"), fileName: "a.txt", tags: ["x", "y"] }])
    const request = result.requests[0]
    expect(request?.url).toBe("https://upload.imagekit.io/api/v1/files/upload")
    expect(request?.authorization).toBe(`Basic ${Buffer.from("private_key_test:").toString("base64")}`)
    expect(request?.contentType).toBe("multipart/form-data")
    expect(request?.body).toEqual({
      kind: "form",
      parts: [
        { name: "file", fileName: "a.txt", contentType: "text/plain", content: Buffer.from("hi").toString("hex") },
        { name: "fileName", fileName: undefined, contentType: undefined, content: "a.txt" },
        { name: "tags", fileName: undefined, contentType: undefined, content: "x,y" }
      ]
    })
  })
})

describe("ids that need encoding: v6 concatenated them raw, the adapter percent-encodes them", () => {
  const listed: Array<string> = []
  for (const testCase of ENCODED_ID_CASES) {
    it(testCase.name, async () => {
      for (const id of IDS_NEEDING_ENCODING) {
        // v6's raw URL may not even reach a route of the stub (a "?" starts the query), so it may reject: only the
        // request it sent matters here.
        const theirs = await callV6(v6, testCase.name, testCase.args(id))
        expect(theirs.requests.length).toBe(1)
        const theirRequest = theirs.requests[0]
        if (theirRequest === undefined) throw new Error("no v6 request")
        // What v6 asked for: the id raw inside the path.
        expect(rawUrlOfV6(theirRequest)).toBe(API + testCase.route(id))
        const mine = await callOursPromise(testCase.name, testCase.args(id))
        expect(mine._tag, `${testCase.name}(${id})`).toBe("Resolved")
        const request = mine.requests[0]
        expect(request?.url).toBe(API + testCase.route(encodeURIComponent(id)))
        // Everything else is what v6 sent.
        const expected = wireOfV6(theirRequest)
        expect({ ...request, url: expected.url, query: expected.query }).toEqual(expected)
        listed.push(`${testCase.name}(${JSON.stringify(id)}) → ${request?.url.slice(API.length)}`)
      }
    })
  }

  it("lists the cases", () => {
    expect(listed.length).toBe(ENCODED_ID_CASES.length * IDS_NEEDING_ENCODING.length)
    console.info(
      `Requests: ${listed.length} encoded-id cases (excluded from the byte comparison):\n  ${listed.join("\n  ")}`
    )
  })
})

describe("local validation: the same {message, help} as imagekit@6, and no request", () => {
  const cases: ReadonlyArray<readonly [MethodName, ReadonlyArray<unknown>]> = [
    ["upload", [null]],
    ["upload", [{}]],
    ["upload", [{ file: "x" }]],
    ["upload", [{ file: "x", fileName: "a", transformation: {} }]],
    ["upload", [{ file: "x", fileName: "a", transformation: { pre: "" } }]],
    ["upload", [{ file: "x", fileName: "a", transformation: { post: "w-100" } }]],
    ["upload", [{ file: "x", fileName: "a", transformation: { post: [{ type: "abs" }] } }]],
    ["upload", [{ file: "x", fileName: "a", transformation: { post: [{ type: "transformation" }] } }]],
    ["listFiles", ["skip=10"]],
    ["getFileDetails", [""]],
    ["getFileVersions", [""]],
    ["getFileVersionDetails", [{ fileId: "", versionId: "v" }]],
    ["getFileVersionDetails", [{ fileId: "f", versionId: "" }]],
    ["updateFileDetails", ["", { tags: [] }]],
    ["updateFileDetails", ["f", "tags"]],
    ["bulkAddTags", [[], ["t"]]],
    ["bulkAddTags", [["f"], []]],
    ["bulkRemoveTags", ["f", ["t"]]],
    ["bulkRemoveAITags", [["f"], [1]]],
    ["deleteFile", [""]],
    ["deleteFileVersion", [{ fileId: "f" }]],
    ["bulkDeleteFiles", [[]]],
    ["bulkDeleteFiles", [[1]]],
    ["copyFile", [{ sourceFilePath: "", destinationPath: "/b" }]],
    ["copyFile", [{ sourceFilePath: "/a", destinationPath: "" }]],
    ["copyFile", [{ sourceFilePath: "/a", destinationPath: "/b", includeFileVersions: "yes" }]],
    ["moveFile", [{ sourceFilePath: "/a" }]],
    ["renameFile", [{ filePath: "", newFileName: "b" }]],
    ["renameFile", [{ filePath: "/a", newFileName: "" }]],
    ["renameFile", [{ filePath: "/a", newFileName: "b", purgeCache: "no" }]],
    ["restoreFileVersion", [{ fileId: "f", versionId: "" }]],
    ["createFolder", [{ folderName: "", parentFolderPath: "/" }]],
    ["createFolder", [{ folderName: "a", parentFolderPath: "" }]],
    ["deleteFolder", [""]],
    ["copyFolder", [{ sourceFolderPath: "", destinationPath: "/b" }]],
    ["copyFolder", [{ sourceFolderPath: "/a", destinationPath: "/b", includeFileVersions: null }]],
    ["moveFolder", [{ sourceFolderPath: "/a", destinationPath: "" }]],
    ["getBulkJobStatus", [""]],
    ["purgeCache", [""]],
    ["getPurgeCacheStatus", [""]],
    ["getFileMetadata", [""]],
    ["getFileMetadata", ["   "]],
    ["createCustomMetadataField", [{ label: "l", schema: { type: "Text" } }]],
    ["createCustomMetadataField", [{ name: "n", schema: { type: "Text" } }]],
    ["createCustomMetadataField", [{ name: "n", label: "l" }]],
    ["createCustomMetadataField", [{ name: "n", label: "l", schema: {} }]],
    ["updateCustomMetadataField", ["", { label: "l" }]],
    ["updateCustomMetadataField", ["id", {}]],
    ["deleteCustomMetadataField", [""]]
  ]

  const known = new Set(Object.values(errorMessages).map((entry) => entry.message))

  for (const [name, args] of cases) {
    it(`${name}(${args.map((arg) => JSON.stringify(arg)).join(", ")})`, async () => {
      const theirs = await callV6(v6, name, args)
      expect(theirs._tag).toBe("Rejected")
      const expected = theirs._tag === "Rejected" ? theirs.error : undefined
      expect(known.has((expected as { message: string }).message)).toBe(true)
      const promise = await callOursPromise(name, args)
      expect(promise._tag).toBe("Rejected")
      expect(promise._tag === "Rejected" ? { ...(promise.error as object) } : undefined).toEqual(expected)
      expect(promise.requests).toEqual([])
      const callback = await callOursCallback(name, args)
      expect(callback._tag === "Rejected" ? { ...(callback.error as object) } : undefined).toEqual(expected)
      expect(callback.requests).toEqual([])
    })
  }
})
