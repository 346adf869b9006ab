/**
 * Every example of the seed README (imagekit-nodejs v6), run through the adapter against the loopback emulator, in
 * callback and Promise form. Placeholder ids are replaced by ids of seeded files; call shapes are the README's.
 * Expectations come from the README, the v6 contract, and the emulator's model (or a following call).
 */
import { Buffer } from "node:buffer"
import { createHmac } from "node:crypto"
import { createReadStream, mkdtempSync, type ReadStream, rmSync, writeFileSync } from "node:fs"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import { createRequire } from "node:module"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, afterEach, describe, expect, it, vi } from "vitest"
import ImageKit from "../src/index.js"
import {
  download,
  type Env,
  hexHamming,
  modelFile,
  modelFileAt,
  PRIVATE_KEY,
  png,
  PUBLIC_KEY,
  type Rec,
  rec,
  responseMetadata,
  seed,
  withEmulator
} from "./fixtures/readme.js"

type Callback = (error: unknown, result: unknown) => void

/** Runs a README callback-form call; the callback is the README's `function(error, result) {...}` shape. */
const viaCallback = (start: (callback: Callback) => unknown): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const returned = start((error, result) => {
      // v6: callback(error, null) on failure, callback(null, result) on success.
      if (error) {
        if (result !== null) reject(new Error(`failure with a result: ${String(result)}`))
        reject(error)
      } else if (error !== null) reject(new Error(`success with error = ${String(error)} instead of null`))
      else resolve(result)
    })
    // v6: a method called with a callback returns undefined.
    if (returned !== undefined) reject(new Error("a callback-form call returned a value"))
  })

const rejectionOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`)
    },
    (error: unknown) => error
  )

type Form = "callback" | "Promise"
const FORMS: ReadonlyArray<Form> = ["callback", "Promise"]

const IMAGE_A = png(400, 300, "a")
const IMAGE_B = png(64, 48, "b")

afterEach(() => {
  vi.useRealTimers()
})

// ---------------------------------------------------------------------------------------------------------------
// Installation and initialization
// ---------------------------------------------------------------------------------------------------------------

describe("initialization", () => {
  it("import ImageKit from ...; new ImageKit({...}) with the README's options", () => {
    const imagekit = new ImageKit({
      publicKey: "your_public_api_key",
      privateKey: "your_private_api_key",
      urlEndpoint: "https://ik.imagekit.io/your_imagekit_id/"
    })
    expect(imagekit.options.urlEndpoint).toBe("https://ik.imagekit.io/your_imagekit_id/")
    expect(imagekit.options.publicKey).toBe("your_public_api_key")
    expect(imagekit.url({ path: "/a.jpg" })).toBe("https://ik.imagekit.io/your_imagekit_id/a.jpg")
  })

  it("var ImageKit = require(...) gives the class itself (the built CommonJS entry)", () => {
    const require = createRequire(import.meta.url)
    const Required = require("@effect-imagekit/promise") as typeof ImageKit
    const imagekit = new Required({
      publicKey: "your_public_api_key",
      privateKey: "your_private_api_key",
      urlEndpoint: "https://ik.imagekit.io/your_imagekit_id/"
    })
    expect(imagekit.url({ path: "/a.jpg" })).toBe("https://ik.imagekit.io/your_imagekit_id/a.jpg")
  })

  it("missing keys throw v6's messages", () => {
    const make = (options: Record<string, string>) => () =>
      new ImageKit(options as unknown as ConstructorParameters<typeof ImageKit>[0])
    expect(make({ privateKey: "k", urlEndpoint: "https://e.io" })).toThrow(
      "Missing publicKey during ImageKit initialization"
    )
    expect(make({ publicKey: "p", urlEndpoint: "https://e.io" })).toThrow(
      "Missing privateKey during ImageKit initialization"
    )
    expect(make({ publicKey: "p", privateKey: "k" })).toThrow("Missing urlEndpoint during ImageKit initialization")
  })
})

// ---------------------------------------------------------------------------------------------------------------
// URL generation
// ---------------------------------------------------------------------------------------------------------------

describe("URL generation: the outputs the README prints", () => {
  const imagekit = new ImageKit({
    publicKey: "your_public_api_key",
    privateKey: "your_private_api_key",
    urlEndpoint: "https://ik.imagekit.io/your_imagekit_id/"
  })

  it("1. using image path and image hostname or endpoint", () => {
    const imageURL = imagekit.url({
      path: "/default-image.jpg",
      urlEndpoint: "https://ik.imagekit.io/your_imagekit_id/endpoint/",
      transformation: [
        {
          height: "300",
          width: "400"
        }
      ]
    })
    expect(imageURL).toBe("https://ik.imagekit.io/your_imagekit_id/endpoint/tr:h-300,w-400/default-image.jpg")
  })

  it("2. using full image URL", () => {
    const imageURL = imagekit.url({
      src: "https://ik.imagekit.io/your_imagekit_id/endpoint/default-image.jpg",
      transformation: [{ height: "300", width: "400" }]
    })
    expect(imageURL).toBe("https://ik.imagekit.io/your_imagekit_id/endpoint/default-image.jpg?tr=h-300%2Cw-400")
  })

  it("chained transformations as a query parameter", () => {
    const imageURL = imagekit.url({
      path: "/default-image.jpg",
      urlEndpoint: "https://ik.imagekit.io/your_imagekit_id/endpoint/",
      transformation: [{ height: "300", width: "400" }, { rotation: 90 }],
      transformationPosition: "query"
    })
    expect(imageURL).toBe("https://ik.imagekit.io/your_imagekit_id/endpoint/default-image.jpg?tr=h-300%2Cw-400%3Art-90")
  })

  it("sharpening and contrast transforms and a progressive JPG image", () => {
    const imageURL = imagekit.url({
      src: "https://ik.imagekit.io/your_imagekit_id/endpoint/default-image.jpg",
      transformation: [{ format: "jpg", progressive: "true", effectSharpen: "-", effectContrast: "1" }]
    })
    expect(imageURL).toBe(
      "https://ik.imagekit.io/your_imagekit_id/endpoint/default-image.jpg?tr=f-jpg%2Cpr-true%2Ce-sharpen%2Ce-contrast-1"
    )
  })

  it("signed URL that expires in 300 seconds with the default URL endpoint and other query parameters", () => {
    // Freeze the clock so that ik-t is the README's 1567358667. The README's ik-s comes from a key it does not show;
    // the signature is checked against HMAC-SHA1(privateKey, URL minus endpoint + ik-t) computed here.
    vi.useFakeTimers({ now: (1567358667 - 300) * 1000, toFake: ["Date"] })
    const imageURL = imagekit.url({
      path: "/default-image.jpg",
      queryParameters: { v: "123" },
      transformation: [{ height: "300", width: "400" }],
      signed: true,
      expireSeconds: 300
    })
    const signature = createHmac("sha1", "your_private_api_key")
      .update("tr:h-300,w-400/default-image.jpg?v=1231567358667")
      .digest("hex")
    expect(imageURL).toBe(
      `https://ik.imagekit.io/your_imagekit_id/tr:h-300,w-400/default-image.jpg?v=123&ik-t=1567358667&ik-s=${signature}`
    )
  })

  // The README's overlay and arithmetic examples pass `src` but print a path-form URL (with height before width),
  // which no v6 version produces: with `src` the transformation always goes to the `tr` query parameter, in the
  // order of the step's keys. The differential test compares these calls with imagekit@6; here the README's
  // transformation string is checked inside the query.
  const overlays: ReadonlyArray<readonly [string, string, Record<string, string | number>, string]> = [
    [
      "text as overlays",
      "https://ik.imagekit.io/your_imagekit_id/default-image.jpg",
      { width: 400, height: 300, raw: "l-text,i-Imagekit,fs-50,l-end" },
      "w-400,h-300,l-text,i-Imagekit,fs-50,l-end"
    ],
    [
      "image as overlays",
      "https://ik.imagekit.io/your_imagekit_id/default-image.jpg",
      { width: 400, height: 300, raw: "l-image,i-default-image.jpg,w-100,b-10_CDDC39,l-end" },
      "w-400,h-300,l-image,i-default-image.jpg,w-100,b-10_CDDC39,l-end"
    ],
    [
      "solid color blocks as overlays",
      "https://ik.imagekit.io/your_imagekit_id/img/sample-video.mp4",
      { width: 400, height: 300, raw: "l-image,i-ik_canvas,bg-FF0000,w-300,h-100,l-end" },
      "w-400,h-300,l-image,i-ik_canvas,bg-FF0000,w-300,h-100,l-end"
    ],
    [
      "arithmetic expressions in transformations",
      "https://ik.imagekit.io/your_imagekit_id/default-image.jpg",
      { width: "iw_div_4", height: "ih_div_2", border: "cw_mul_0.05_yellow" },
      "w-iw_div_4,h-ih_div_2,b-cw_mul_0.05_yellow"
    ]
  ]
  for (const [title, src, step, transformation] of overlays) {
    it(title, () => {
      const imageURL = imagekit.url({ src, transformation: [step] })
      const parsed = new URL(imageURL)
      expect(parsed.origin + parsed.pathname).toBe(src)
      expect([...parsed.searchParams]).toEqual([["tr", transformation]])
      // The README's printed path form is what the same step gives with `path`, height first.
      const { width, height, ...rest } = step
      const printed = imagekit.url({
        path: new URL(src).pathname.replace("/your_imagekit_id", ""),
        transformation: [{ height, width, ...rest }]
      })
      expect(printed).toMatch(/^https:\/\/ik\.imagekit\.io\/your_imagekit_id\/tr:h-/)
    })
  }
})

describe("URL generation: the README's table of supported transformation names", () => {
  const table: ReadonlyArray<readonly [string, string]> = [
    ["height", "h"],
    ["width", "w"],
    ["aspectRatio", "ar"],
    ["quality", "q"],
    ["crop", "c"],
    ["cropMode", "cm"],
    ["x", "x"],
    ["y", "y"],
    ["focus", "fo"],
    ["format", "f"],
    ["radius", "r"],
    ["background", "bg"],
    ["border", "b"],
    ["rotation", "rt"],
    ["blur", "bl"],
    ["named", "n"],
    ["progressive", "pr"],
    ["lossless", "lo"],
    ["trim", "t"],
    ["metadata", "md"],
    ["colorProfile", "cp"],
    ["defaultImage", "di"],
    ["dpr", "dpr"],
    ["effectSharpen", "e-sharpen"],
    ["effectUSM", "e-usm"],
    ["effectContrast", "e-contrast"],
    ["effectGray", "e-grayscale"],
    ["effectShadow", "e-shadow"],
    ["effectGradient", "e-gradient"],
    ["original", "orig"]
  ]
  const imagekit = new ImageKit({
    publicKey: PUBLIC_KEY,
    privateKey: PRIVATE_KEY,
    urlEndpoint: "https://ik.imagekit.io/id"
  })

  it.each(table)("%s translates to %s", (name, parameter) => {
    expect(imagekit.url({ path: "/i.jpg", transformation: [{ [name]: "v" }] })).toBe(
      `https://ik.imagekit.io/id/tr:${parameter}-v/i.jpg`
    )
  })

  it("raw is replaced by the parameter value; an unknown name is added as it is", () => {
    expect(imagekit.url({ path: "/i.jpg", transformation: [{ raw: "l-text,i-Hi,l-end", "e-bgremove": "-" }] })).toBe(
      "https://ik.imagekit.io/id/tr:l-text,i-Hi,l-end,e-bgremove/i.jpg"
    )
  })
})

describe("URL generation against the emulator (delivery over loopback)", () => {
  it("src and query-position URLs are served with the seeded bytes; path-position ones are built as documented", async () => {
    await withEmulator(async (env) => {
      const { imagekit, running } = env
      seed(env, "default-image.jpg", IMAGE_A)
      seed(env, "sample-video.mp4", Buffer.from("not really a video"), { folder: "/img" })
      const endpoint = `${running.urlEndpoint}/`
      const served = [
        imagekit.url({ src: `${endpoint}default-image.jpg`, transformation: [{ height: "300", width: "400" }] }),
        imagekit.url({
          path: "/default-image.jpg",
          urlEndpoint: endpoint,
          transformation: [{ height: "300", width: "400" }, { rotation: 90 }],
          transformationPosition: "query"
        }),
        imagekit.url({
          src: `${endpoint}default-image.jpg`,
          transformation: [{ format: "jpg", progressive: "true", effectSharpen: "-", effectContrast: "1" }]
        }),
        imagekit.url({
          src: `${endpoint}img/sample-video.mp4`,
          transformation: [{ width: 400, height: 300, raw: "l-image,i-ik_canvas,bg-FF0000,w-300,h-100,l-end" }]
        })
      ]
      for (const url of served) {
        const answer = await download(url)
        expect(answer.status, url).toBe(200)
        expect(answer.bytes.length).toBeGreaterThan(0)
      }
      expect((await download(served[0] ?? "")).bytes.equals(IMAGE_A)).toBe(true)
      // The emulator serves stored bytes and does not apply `tr:` path segments, so a path-position URL is only
      // checked for its shape.
      const pathForm = imagekit.url({
        path: "/default-image.jpg",
        urlEndpoint: endpoint,
        transformation: [{ height: "300", width: "400" }]
      })
      expect(pathForm).toBe(`${running.urlEndpoint}/tr:h-300,w-400/default-image.jpg`)
    })
  })

  it("signed URLs with expireSeconds and query parameters: accepted, then expired; a tampered one refused", async () => {
    await withEmulator(async (env) => {
      const { imagekit } = env
      seed(env, "default-image.jpg", IMAGE_A, { isPrivateFile: true })
      // The README example's transformation is path-position, which the emulator does not resolve; the same call
      // without it is delivered and its signature verified by the emulator.
      const imageURL = imagekit.url({
        path: "/default-image.jpg",
        queryParameters: { v: "123" },
        signed: true,
        expireSeconds: 300
      })
      expect(new URL(imageURL).searchParams.get("v")).toBe("123")
      expect((await download(imageURL)).status).toBe(200)
      expect((await download(imageURL)).bytes.equals(IMAGE_A)).toBe(true)
      const unsigned = imagekit.url({ path: "/default-image.jpg", queryParameters: { v: "123" } })
      expect((await download(unsigned)).status).toBe(401)
      const tampered = imageURL.replace(/ik-s=([0-9a-f])/, (_m, first: string) => `ik-s=${first === "0" ? "1" : "0"}`)
      expect(tampered).not.toBe(imageURL)
      expect((await download(tampered)).status).toBe(401)
      env.clock.offsetMs += 301_000
      expect((await download(imageURL)).status).toBe(401)
    })
  })
})

// ---------------------------------------------------------------------------------------------------------------
// File upload
// ---------------------------------------------------------------------------------------------------------------

describe("file upload", () => {
  // "binary" in v6 programs is a Buffer or a file stream (fs.createReadStream); both are tried.
  const directory = mkdtempSync(join(tmpdir(), "ik-readme-"))
  const streamed = join(directory, "my_file_name.jpg")
  writeFileSync(streamed, IMAGE_A)
  afterAll(() => rmSync(directory, { recursive: true, force: true }))
  const files: ReadonlyArray<readonly [string, () => string | Buffer | ReadStream]> = [
    ["binary", () => IMAGE_A],
    ["binary stream", () => createReadStream(streamed)],
    ["base_64", () => IMAGE_A.toString("base64")]
  ]

  const checkUploaded = async (env: Env, result: unknown): Promise<void> => {
    const response = rec(result)
    expect(typeof response.fileId).toBe("string")
    expect(String(response.name)).toMatch(/^my_file_name.*\.jpg$/)
    expect(String(response.url).startsWith(`${env.running.urlEndpoint}/`)).toBe(true)
    expect(responseMetadata(result)?.statusCode).toBe(200)
    // The model holds it, a following call returns it, and its URL serves the uploaded bytes.
    expect(modelFile(env, String(response.fileId))?.name).toBe(response.name)
    const details = rec(await env.imagekit.getFileDetails(String(response.fileId)))
    expect(details.fileId).toBe(response.fileId)
    expect(details.filePath).toBe(response.filePath)
    expect((await download(String(response.url))).bytes.equals(IMAGE_A)).toBe(true)
  }

  for (const [kind, file] of files) {
    it(`callback form, ${kind} file`, async () => {
      await withEmulator(async (env) => {
        const { imagekit } = env
        const result = await viaCallback((callback) =>
          imagekit.upload(
            {
              file: file(), //required
              fileName: "my_file_name.jpg", //required
              extensions: [
                {
                  name: "google-auto-tagging",
                  maxTags: 5,
                  minConfidence: 95
                }
              ],
              transformation: {
                pre: "l-text,i-Imagekit,fs-50,l-end",
                post: [
                  {
                    type: "transformation",
                    value: "w-100"
                  }
                ]
              },
              checks: `"file.size" < "1mb"`, // To run server side checks before uploading files. Notice the quotes around file.size and 1mb.
              isPublished: true
            },
            callback
          )
        )
        await checkUploaded(env, result)
        expect(rec(result).isPublished ?? true).toBe(true)
      })
    })

    it(`Promise form, ${kind} file`, async () => {
      await withEmulator(async (env) => {
        const { imagekit } = env
        const response = await imagekit.upload({
          file: file(), //required
          fileName: "my_file_name.jpg", //required
          extensions: [
            {
              name: "google-auto-tagging",
              maxTags: 5,
              minConfidence: 95
            }
          ],
          transformation: {
            pre: "l-text,i-Imagekit,fs-50,l-end",
            post: [
              {
                type: "transformation",
                value: "w-100"
              }
            ]
          },
          checks: `"file.size" < "1mb"`
        })
        await checkUploaded(env, response)
      })
    })
  }

  for (const form of FORMS) {
    it(`${form} form, URL file: the emulator cannot fetch remote URLs, so the server's error comes back as v6 shapes it`, async () => {
      // The emulator has no network access and answers 400 for a remote URL; what can be checked is that the
      // request reached it and the error is the server's body with $ResponseMetadata, through the right channel.
      await withEmulator(async (env) => {
        const { imagekit } = env
        const options = { file: "https://www.example.com/image.jpg", fileName: "my_file_name.jpg" }
        const error =
          form === "callback"
            ? await rejectionOf(viaCallback((callback) => imagekit.upload(options, callback)))
            : await rejectionOf(imagekit.upload(options))
        // "the error will be the same as what is received from ImageKit's servers": the body the emulator answers
        // to the same multipart request sent directly.
        const multipart = new FormData()
        multipart.append("file", options.file)
        multipart.append("fileName", options.fileName)
        const direct = await fetch(`${env.running.url}/api/v1/files/upload`, {
          method: "POST",
          headers: { authorization: `Basic ${Buffer.from(`${PRIVATE_KEY}:`).toString("base64")}` },
          body: multipart
        })
        expect(direct.status).toBe(400)
        expect({ ...rec(error) }).toEqual(await direct.json())
        expect(String(rec(error).message)).toMatch(/remote URL/i)
        expect(responseMetadata(error)?.statusCode).toBe(400)
        expect(env.running.model.files()).toEqual([])
      })
    })
  }
})

// ---------------------------------------------------------------------------------------------------------------
// File management: every example in both forms
// ---------------------------------------------------------------------------------------------------------------

describe("list & search files", () => {
  for (const form of FORMS) {
    it(form, async () => {
      await withEmulator(async (env) => {
        const { imagekit } = env
        for (let index = 0; index < 13; index += 1) seed(env, `file-${index}.png`, png(10 + index, 10, String(index)))
        const result =
          form === "callback"
            ? await viaCallback((callback) =>
                imagekit.listFiles(
                  {
                    skip: 10,
                    limit: 10
                  },
                  callback
                )
              )
            : await imagekit.listFiles({
                skip: 10,
                limit: 10
              })
        expect(Array.isArray(result)).toBe(true)
        const items = result as ReadonlyArray<Rec>
        expect(items.length).toBe(3)
        // A following call without paging: the README's page is its items 10 to 19.
        const all = (await imagekit.listFiles({})) as ReadonlyArray<Rec>
        expect(all.length).toBe(13)
        expect(items.map((item) => item.fileId)).toEqual(all.slice(10, 20).map((item) => item.fileId))
        expect(responseMetadata(result)?.statusCode).toBe(200)
      })
    })
  }
})

describe("get file details", () => {
  for (const form of FORMS) {
    it(form, async () => {
      await withEmulator(async (env) => {
        const { imagekit } = env
        const { fileId } = seed(env, "details.png", IMAGE_A, { tags: ["t1"] })
        const result =
          form === "callback"
            ? await viaCallback((callback) => imagekit.getFileDetails(fileId, callback))
            : await imagekit.getFileDetails(fileId)
        expect(result).toEqual(modelFile(env, fileId))
        expect(rec(result).fileId).toBe(fileId)
        expect(rec(result).tags).toEqual(["t1"])
        expect(responseMetadata(result)?.statusCode).toBe(200)
      })
    })
  }
})

/** One file with two versions (IMAGE_A, then IMAGE_B current); the model reports the old version's id. */
const seedTwoVersions = (env: Env) => {
  const first = seed(env, "versioned.png", IMAGE_A)
  const second = seed(env, "versioned.png", IMAGE_B)
  expect(second.fileId).toBe(first.fileId)
  const listed = env.running.model.handle({ method: "GET", path: `/v1/files/${first.fileId}/versions`, query: [] })
  const versions = listed.body as ReadonlyArray<Rec>
  const old = versions.find((version) => version.type === "file-version")
  const current = versions.find((version) => version.type === "file")
  const oldVersionId = String(rec(old?.versionInfo).id)
  const currentVersionId = String(rec(current?.versionInfo).id)
  expect(oldVersionId).not.toBe(currentVersionId)
  return { fileId: first.fileId, oldVersionId, currentVersionId }
}

describe("get file versions", () => {
  for (const form of FORMS) {
    it(form, async () => {
      await withEmulator(async (env) => {
        const { imagekit } = env
        const { fileId, oldVersionId, currentVersionId } = seedTwoVersions(env)
        const result =
          form === "callback"
            ? await viaCallback((callback) => imagekit.getFileVersions(fileId, callback))
            : await imagekit.getFileVersions(fileId)
        const versions = result as ReadonlyArray<Rec>
        expect(versions.length).toBe(2)
        expect(new Set(versions.map((version) => rec(version.versionInfo).id))).toEqual(
          new Set([oldVersionId, currentVersionId])
        )
        expect(versions.every((version) => version.fileId === fileId)).toBe(true)
      })
    })
  }
})

describe("get file version details", () => {
  for (const form of FORMS) {
    it(form, async () => {
      await withEmulator(async (env) => {
        const { imagekit } = env
        const { fileId, oldVersionId } = seedTwoVersions(env)
        const result =
          form === "callback"
            ? await viaCallback((callback) =>
                imagekit.getFileVersionDetails(
                  {
                    fileId: fileId,
                    versionId: oldVersionId
                  },
                  callback
                )
              )
            : await imagekit.getFileVersionDetails({
                fileId: fileId,
                versionId: oldVersionId
              })
        expect(rec(result).fileId).toBe(fileId)
        expect(rec(rec(result).versionInfo).id).toBe(oldVersionId)
        expect(rec(result).size).toBe(IMAGE_A.length)
      })
    })
  }
})

describe("update file details", () => {
  it("callback form: tags, customCoordinates, extensions", async () => {
    await withEmulator(async (env) => {
      const { imagekit } = env
      const { fileId } = seed(env, "update.png", IMAGE_A)
      const result = await viaCallback((callback) =>
        imagekit.updateFileDetails(
          fileId,
          {
            tags: ["image_tag"],
            customCoordinates: "10,10,100,100",
            extensions: [
              {
                name: "google-auto-tagging",
                maxTags: 5,
                minConfidence: 95
              }
            ]
          },
          callback
        )
      )
      expect(rec(result).tags).toEqual(["image_tag"])
      expect(rec(result).customCoordinates).toBe("10,10,100,100")
      expect(modelFile(env, fileId)?.tags).toEqual(["image_tag"])
      expect(modelFile(env, fileId)?.customCoordinates).toBe("10,10,100,100")
    })
  })

  it("Promise form: publish", async () => {
    await withEmulator(async (env) => {
      const { imagekit } = env
      const draft = rec(await imagekit.upload({ file: IMAGE_A, fileName: "draft.png", isPublished: false }))
      const fileId = String(draft.fileId)
      expect(modelFile(env, fileId)?.isPublished).toBe(false)
      const response = await imagekit.updateFileDetails(fileId, {
        publish: {
          isPublished: true,
          includeFileVersions: true
        }
      })
      expect(rec(response).isPublished).toBe(true)
      expect(modelFile(env, fileId)?.isPublished).toBe(true)
    })
  })
})

describe("bulk add tags, bulk remove tags, bulk remove AI tags", () => {
  for (const form of FORMS) {
    it(`bulkAddTags, ${form}`, async () => {
      await withEmulator(async (env) => {
        const { imagekit } = env
        const one = seed(env, "one.png", IMAGE_A).fileId
        const two = seed(env, "two.png", IMAGE_B).fileId
        const result =
          form === "callback"
            ? await viaCallback((callback) => imagekit.bulkAddTags([one, two], ["tag1", "tag2"], callback))
            : await imagekit.bulkAddTags([one, two], ["tag1", "tag2"])
        expect(rec(result).successfullyUpdatedFileIds).toEqual([one, two])
        expect(modelFile(env, one)?.tags).toEqual(["tag1", "tag2"])
        expect(modelFile(env, two)?.tags).toEqual(["tag1", "tag2"])
      })
    })

    it(`bulkRemoveTags, ${form}`, async () => {
      await withEmulator(async (env) => {
        const { imagekit } = env
        const one = seed(env, "one.png", IMAGE_A, { tags: ["tags", "keep"] }).fileId
        const two = seed(env, "two.png", IMAGE_B, { tags: ["tags"] }).fileId
        const result =
          form === "callback"
            ? await viaCallback((callback) => imagekit.bulkRemoveTags([one, two], ["tags"], callback))
            : await imagekit.bulkRemoveTags([one, two], ["tags"])
        expect(rec(result).successfullyUpdatedFileIds).toEqual([one, two])
        expect(modelFile(env, one)?.tags).toEqual(["keep"])
        expect(modelFile(env, two)?.tags ?? []).toEqual([])
      })
    })

    it(`bulkRemoveAITags, ${form}`, async () => {
      // The emulator runs no tagging extension, so the files have no AI tags to lose; the call and its answer
      // are what can be checked.
      await withEmulator(async (env) => {
        const { imagekit } = env
        const one = seed(env, "one.png", IMAGE_A).fileId
        const two = seed(env, "two.png", IMAGE_B).fileId
        const result =
          form === "callback"
            ? await viaCallback((callback) => imagekit.bulkRemoveAITags([one, two], ["ai-tag1", "ai-tag2"], callback))
            : await imagekit.bulkRemoveAITags([one, two], ["ai-tag1", "ai-tag2"])
        expect(rec(result).successfullyUpdatedFileIds).toEqual([one, two])
      })
    })
  }
})

describe("delete file", () => {
  for (const form of FORMS) {
    it(form, async () => {
      await withEmulator(async (env) => {
        const { imagekit } = env
        const { fileId } = seed(env, "doomed.png", IMAGE_A)
        const keep = seed(env, "kept.png", IMAGE_B).fileId
        const result =
          form === "callback"
            ? await viaCallback((callback) => imagekit.deleteFile(fileId, callback))
            : await imagekit.deleteFile(fileId)
        expect(result).toEqual({})
        expect(responseMetadata(result)?.statusCode).toBe(204)
        expect(modelFile(env, fileId)).toBeUndefined()
        expect(modelFile(env, keep)).toBeDefined()
        const error = await rejectionOf(imagekit.getFileDetails(fileId))
        expect(responseMetadata(error)?.statusCode).toBe(404)
      })
    })
  }
})

describe("delete file version", () => {
  it("callback form", async () => {
    await withEmulator(async (env) => {
      const { imagekit } = env
      const { fileId, oldVersionId, currentVersionId } = seedTwoVersions(env)
      const result = await viaCallback((callback) =>
        imagekit.deleteFileVersion(
          {
            fileId: fileId,
            versionId: oldVersionId
          },
          callback
        )
      )
      expect(result).toEqual({})
      const versions = (await imagekit.getFileVersions(fileId)) as ReadonlyArray<Rec>
      expect(versions.map((version) => rec(version.versionInfo).id)).toEqual([currentVersionId])
    })
  })

  it("Promise form: the README calls deleteFile with the version object by mistake; it deletes nothing", async () => {
    await withEmulator(async (env) => {
      const { imagekit } = env
      const { fileId, oldVersionId } = seedTwoVersions(env)
      const deleteFile = imagekit.deleteFile.bind(imagekit) as (fileId: unknown) => Promise<unknown>
      const error = await rejectionOf(
        deleteFile({
          fileId: fileId,
          versionId: oldVersionId
        })
      )
      expect(typeof rec(error).message).toBe("string")
      expect(modelFile(env, fileId)).toBeDefined()
      expect(((await imagekit.getFileVersions(fileId)) as ReadonlyArray<Rec>).length).toBe(2)
    })
  })

  it("Promise form, as intended (deleteFileVersion)", async () => {
    await withEmulator(async (env) => {
      const { imagekit } = env
      const { fileId, oldVersionId, currentVersionId } = seedTwoVersions(env)
      const response = await imagekit.deleteFileVersion({
        fileId: fileId,
        versionId: oldVersionId
      })
      expect(response).toEqual({})
      const versions = (await imagekit.getFileVersions(fileId)) as ReadonlyArray<Rec>
      expect(versions.map((version) => rec(version.versionInfo).id)).toEqual([currentVersionId])
    })
  })
})

describe("bulk delete files", () => {
  for (const form of FORMS) {
    it(form, async () => {
      await withEmulator(async (env) => {
        const { imagekit } = env
        const one = seed(env, "one.png", IMAGE_A).fileId
        const two = seed(env, "two.png", IMAGE_B).fileId
        const three = seed(env, "three.png", IMAGE_B).fileId
        const result =
          form === "callback"
            ? await viaCallback((callback) => imagekit.bulkDeleteFiles([one, two], callback))
            : await imagekit.bulkDeleteFiles([one, two])
        expect(rec(result).successfullyDeletedFileIds).toEqual([one, two])
        expect(env.running.model.files().map((file) => file.fileId)).toEqual([three])
      })
    })
  }
})

describe("copy file, move file, rename file", () => {
  for (const form of FORMS) {
    it(`copyFile, ${form}`, async () => {
      await withEmulator(async (env) => {
        const { imagekit } = env
        seed(env, "file.jpg", IMAGE_A, { folder: "/path/to" })
        // The README's callback example misses a comma after destinationPath; it is added here.
        const result =
          form === "callback"
            ? await viaCallback((callback) =>
                imagekit.copyFile(
                  {
                    sourceFilePath: "/path/to/file.jpg",
                    destinationPath: "/folder/to/copy/into/",
                    includeFileVersions: false // optional
                  },
                  callback
                )
              )
            : await imagekit.copyFile({
                sourceFilePath: "/path/to/file.jpg",
                destinationPath: "/folder/to/copy/into/",
                includeFileVersions: false // optional
              })
        expect(result).toEqual({})
        expect(modelFileAt(env, "/path/to/file.jpg")).toBeDefined()
        const copy = modelFileAt(env, "/folder/to/copy/into/file.jpg")
        expect(copy).toBeDefined()
        expect((await download(String(copy?.url))).bytes.equals(IMAGE_A)).toBe(true)
      })
    })

    it(`moveFile, ${form}`, async () => {
      await withEmulator(async (env) => {
        const { imagekit } = env
        const { fileId } = seed(env, "file.jpg", IMAGE_A, { folder: "/path/to" })
        const result =
          form === "callback"
            ? await viaCallback((callback) =>
                imagekit.moveFile(
                  {
                    sourceFilePath: "/path/to/file.jpg",
                    destinationPath: "/folder/to/copy/into/"
                  },
                  callback
                )
              )
            : await imagekit.moveFile({
                sourceFilePath: "/path/to/file.jpg",
                destinationPath: "/folder/to/copy/into/"
              })
        expect(result).toEqual({})
        expect(modelFileAt(env, "/path/to/file.jpg")).toBeUndefined()
        expect(modelFileAt(env, "/folder/to/copy/into/file.jpg")?.fileId).toBe(fileId)
      })
    })

    it(`renameFile, ${form}`, async () => {
      await withEmulator(async (env) => {
        const { imagekit } = env
        const { fileId } = seed(env, "old-file-name.jpg", IMAGE_A, { folder: "/path/to" })
        const result =
          form === "callback"
            ? await viaCallback((callback) =>
                imagekit.renameFile(
                  {
                    filePath: "/path/to/old-file-name.jpg",
                    newFileName: "new-file-name.jpg",
                    purgeCache: false // optional
                  },
                  callback
                )
              )
            : await imagekit.renameFile({
                filePath: "/path/to/old-file-name.jpg",
                newFileName: "new-file-name.jpg",
                purgeCache: false // optional
              })
        expect(rec(result).purgeRequestId).toBeUndefined()
        expect(modelFileAt(env, "/path/to/old-file-name.jpg")).toBeUndefined()
        expect(modelFileAt(env, "/path/to/new-file-name.jpg")?.fileId).toBe(fileId)
      })
    })
  }
})

describe("restore file version", () => {
  for (const form of FORMS) {
    it(form, async () => {
      await withEmulator(async (env) => {
        const { imagekit } = env
        const { fileId, oldVersionId } = seedTwoVersions(env)
        const result =
          form === "callback"
            ? await viaCallback((callback) =>
                imagekit.restoreFileVersion(
                  {
                    fileId: fileId,
                    versionId: oldVersionId
                  },
                  callback
                )
              )
            : await imagekit.restoreFileVersion({
                fileId: fileId,
                versionId: oldVersionId
              })
        // The first version is current again: its name, its size, its bytes.
        expect(rec(result).fileId).toBe(fileId)
        expect(rec(rec(result).versionInfo).name).toBe("Version 1")
        expect(rec(result).size).toBe(IMAGE_A.length)
        const current = modelFile(env, fileId)
        expect(rec(current?.versionInfo).name).toBe("Version 1")
        expect((await download(String(current?.url))).bytes.equals(IMAGE_A)).toBe(true)
      })
    })
  }
})

describe("folders: create, delete, copy, move, bulk job status", () => {
  const folderPaths = (env: Env): ReadonlyArray<unknown> =>
    env.running.model.folders().map((folder) => folder.folderPath)

  for (const form of FORMS) {
    it(`createFolder, ${form}`, async () => {
      await withEmulator(async (env) => {
        const { imagekit } = env
        const result =
          form === "callback"
            ? await viaCallback((callback) =>
                imagekit.createFolder(
                  {
                    folderName: "new_folder",
                    parentFolderPath: "source/folder/path"
                  },
                  callback
                )
              )
            : await imagekit.createFolder({
                folderName: "new_folder",
                parentFolderPath: "source/folder/path"
              })
        expect(result).toEqual({})
        expect(folderPaths(env)).toContain("/source/folder/path/new_folder")
      })
    })

    it(`deleteFolder, ${form}`, async () => {
      await withEmulator(async (env) => {
        const { imagekit } = env
        seed(env, "inside.png", IMAGE_A, { folder: "/folderPath/sub" })
        const outside = seed(env, "outside.png", IMAGE_B).fileId
        expect(folderPaths(env)).toContain("/folderPath")
        const result =
          form === "callback"
            ? await viaCallback((callback) => imagekit.deleteFolder("folderPath", callback))
            : await imagekit.deleteFolder("folderPath")
        expect(result).toEqual({})
        expect(folderPaths(env).some((path) => String(path).startsWith("/folderPath"))).toBe(false)
        expect(env.running.model.files().map((file) => file.fileId)).toEqual([outside])
      })
    })

    it(`copyFolder then getBulkJobStatus, ${form}`, async () => {
      await withEmulator(async (env) => {
        const { imagekit } = env
        seed(env, "a.png", IMAGE_A, { folder: "/folder/to/copy" })
        const result =
          form === "callback"
            ? await viaCallback((callback) =>
                imagekit.copyFolder(
                  {
                    sourceFolderPath: "/folder/to/copy",
                    destinationPath: "/folder/to/copy/into/",
                    includeFileVersions: false // optional
                  },
                  callback
                )
              )
            : await imagekit.copyFolder({
                sourceFolderPath: "/folder/to/copy",
                destinationPath: "/folder/to/copy/into/",
                includeFileVersions: false // optional
              })
        const jobId = String(rec(result).jobId)
        expect(jobId.length).toBeGreaterThan(0)
        expect(modelFileAt(env, "/folder/to/copy/a.png")).toBeDefined()
        expect(modelFileAt(env, "/folder/to/copy/into/copy/a.png")).toBeDefined()
        // "Get bulk job status", with the jobId the copy returned. The emulator reports Pending once, then Completed.
        const first =
          form === "callback"
            ? await viaCallback((callback) => imagekit.getBulkJobStatus(jobId, callback))
            : await imagekit.getBulkJobStatus(jobId)
        expect(first).toEqual({ jobId, type: "COPY_FOLDER", status: "Pending" })
        expect(await imagekit.getBulkJobStatus(jobId)).toEqual({ jobId, type: "COPY_FOLDER", status: "Completed" })
      })
    })

    it(`moveFolder, ${form}: the README's destination is inside the source, which the API refuses`, async () => {
      await withEmulator(async (env) => {
        const { imagekit } = env
        const { fileId } = seed(env, "a.png", IMAGE_A, { folder: "/folder/to/move" })
        const options = { sourceFolderPath: "/folder/to/move", destinationPath: "/folder/to/move/into/" }
        const error =
          form === "callback"
            ? await rejectionOf(viaCallback((callback) => imagekit.moveFolder(options, callback)))
            : await rejectionOf(imagekit.moveFolder(options))
        expect(String(rec(error).message)).toMatch(/parent folder cannot be moved into child folder/)
        expect(responseMetadata(error)?.statusCode).toBe(400)
        expect(modelFile(env, fileId)?.filePath).toBe("/folder/to/move/a.png")
        // The same call with a destination outside the source moves the folder.
        const result =
          form === "callback"
            ? await viaCallback((callback) =>
                imagekit.moveFolder(
                  {
                    sourceFolderPath: "/folder/to/move",
                    destinationPath: "/moved/into/"
                  },
                  callback
                )
              )
            : await imagekit.moveFolder({
                sourceFolderPath: "/folder/to/move",
                destinationPath: "/moved/into/"
              })
        const jobId = String(rec(result).jobId)
        expect(modelFile(env, fileId)?.filePath).toBe("/moved/into/move/a.png")
        expect(rec(await imagekit.getBulkJobStatus(jobId)).type).toBe("MOVE_FOLDER")
      })
    })
  }
})

describe("purge cache and purge cache status", () => {
  for (const form of FORMS) {
    it(form, async () => {
      await withEmulator(async (env) => {
        const { imagekit } = env
        const { url } = seed(env, "cached.png", IMAGE_A)
        const purge =
          form === "callback"
            ? await viaCallback((callback) => imagekit.purgeCache(url, callback))
            : await imagekit.purgeCache(url)
        const requestId = String(rec(purge).requestId)
        expect(requestId.length).toBeGreaterThan(0)
        expect(responseMetadata(purge)?.statusCode).toBe(201)
        const status =
          form === "callback"
            ? await viaCallback((callback) => imagekit.getPurgeCacheStatus(requestId, callback))
            : await imagekit.getPurgeCacheStatus(requestId)
        expect(status).toEqual({ status: "Pending" })
        expect(await imagekit.getPurgeCacheStatus(requestId)).toEqual({ status: "Completed" })
      })
    })
  }
})

describe("get file metadata", () => {
  for (const form of FORMS) {
    it(`by file id, ${form}`, async () => {
      await withEmulator(async (env) => {
        const { imagekit } = env
        const { fileId } = seed(env, "meta.png", IMAGE_A)
        const result =
          form === "callback"
            ? await viaCallback((callback) => imagekit.getFileMetadata(fileId, callback))
            : await imagekit.getFileMetadata(fileId)
        expect(rec(result).width).toBe(400)
        expect(rec(result).height).toBe(300)
        expect(rec(result).size).toBe(IMAGE_A.length)
        expect(rec(result).format).toBe("png")
        expect(String(rec(result).pHash)).toMatch(/^[0-9a-f]{16}$/)
      })
    })

    it(`by remote URL, ${form}`, async () => {
      await withEmulator(async (env) => {
        const { imagekit } = env
        const { fileId } = seed(env, "sample.jpg", IMAGE_B)
        const remote = `${env.running.urlEndpoint}/sample.jpg`
        const result =
          form === "callback"
            ? await viaCallback((callback) => imagekit.getFileMetadata(remote, callback))
            : await imagekit.getFileMetadata(remote)
        expect(rec(result).width).toBe(64)
        expect(rec(result).height).toBe(48)
        expect(result).toEqual(await imagekit.getFileMetadata(fileId))
      })
    })
  }
})

describe("custom metadata fields", () => {
  const priceField = { name: "price", label: "price", schema: { type: "Number", minValue: 1000, maxValue: 3000 } }

  for (const form of FORMS) {
    it(`createCustomMetadataField, ${form}`, async () => {
      await withEmulator(async (env) => {
        const { imagekit } = env
        const result =
          form === "callback"
            ? await viaCallback((callback) =>
                imagekit.createCustomMetadataField(
                  {
                    name: "price",
                    label: "price",
                    schema: {
                      type: "Number",
                      minValue: 1000,
                      maxValue: 3000
                    }
                  },
                  callback
                )
              )
            : await imagekit.createCustomMetadataField({
                name: "price",
                label: "price",
                schema: {
                  type: "Number",
                  minValue: 1000,
                  maxValue: 3000
                }
              })
        expect(result).toEqual({ id: expect.any(String), ...priceField })
        expect(await imagekit.getCustomMetadataFields()).toEqual([result])
      })
    })

    it(`getCustomMetadataFields, ${form}`, async () => {
      await withEmulator(async (env) => {
        const { imagekit } = env
        const kept = env.running.model.seedField(priceField)
        const gone = env.running.model.seedField({ name: "old", label: "Old", schema: { type: "Text" } })
        await imagekit.deleteCustomMetadataField(String(gone.id))
        const result =
          form === "callback"
            ? await viaCallback((callback) =>
                imagekit.getCustomMetadataFields(
                  {
                    includeDeleted: false // optional
                  },
                  callback
                )
              )
            : await imagekit.getCustomMetadataFields({
                includeDeleted: false // optional
              })
        expect((result as ReadonlyArray<Rec>).map((field) => field.id)).toEqual([kept.id])
        const withDeleted = (await imagekit.getCustomMetadataFields({ includeDeleted: true })) as ReadonlyArray<Rec>
        expect(withDeleted.map((field) => field.id)).toEqual([kept.id, gone.id])
      })
    })

    it(`updateCustomMetadataField, ${form}`, async () => {
      await withEmulator(async (env) => {
        const { imagekit } = env
        const fieldId = String(env.running.model.seedField(priceField).id)
        const result =
          form === "callback"
            ? await viaCallback((callback) =>
                imagekit.updateCustomMetadataField(
                  fieldId,
                  {
                    schema: {
                      minValue: 500,
                      maxValue: 2500
                    }
                  },
                  callback
                )
              )
            : await imagekit.updateCustomMetadataField(fieldId, {
                schema: {
                  minValue: 500,
                  maxValue: 2500
                }
              })
        expect(result).toEqual({
          id: fieldId,
          name: "price",
          label: "price",
          schema: { type: "Number", minValue: 500, maxValue: 2500 }
        })
        expect(await imagekit.getCustomMetadataFields()).toEqual([result])
      })
    })

    it(`deleteCustomMetadataField, ${form}`, async () => {
      await withEmulator(async (env) => {
        const { imagekit } = env
        const fieldId = String(env.running.model.seedField(priceField).id)
        const result =
          form === "callback"
            ? await viaCallback((callback) => imagekit.deleteCustomMetadataField(fieldId, callback))
            : await imagekit.deleteCustomMetadataField(fieldId)
        expect(result).toEqual({})
        expect(await imagekit.getCustomMetadataFields()).toEqual([])
      })
    })
  }
})

// ---------------------------------------------------------------------------------------------------------------
// Utility functions
// ---------------------------------------------------------------------------------------------------------------

describe("authentication parameter generation", () => {
  it("with a token and an expiry, and with neither", () => {
    const imagekit = new ImageKit({
      publicKey: PUBLIC_KEY,
      privateKey: PRIVATE_KEY,
      urlEndpoint: "https://ik.imagekit.io/x"
    })
    const token = "unique_token"
    const expire = Math.floor(Date.now() / 1000) + 600
    const authenticationParameters = imagekit.getAuthenticationParameters(token, expire)
    expect(authenticationParameters).toEqual({
      token,
      expire,
      signature: createHmac("sha1", PRIVATE_KEY).update(`${token}${expire}`).digest("hex")
    })
    vi.useFakeTimers({ now: 1_700_000_000_500, toFake: ["Date"] })
    const generated = imagekit.getAuthenticationParameters()
    expect(generated.token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(generated.expire).toBe(1_700_000_000 + 1800)
    expect(generated.signature).toBe(
      createHmac("sha1", PRIVATE_KEY).update(`${generated.token}${generated.expire}`).digest("hex")
    )
  })
})

describe("distance calculation between two pHash values", () => {
  it("the README's values", () => {
    const imagekit = new ImageKit({
      publicKey: PUBLIC_KEY,
      privateKey: PRIVATE_KEY,
      urlEndpoint: "https://ik.imagekit.io/x"
    })
    expect(imagekit.pHashDistance("f06830ca9f1e3e90", "f06830ca9f1e3e90")).toBe(0)
    expect(imagekit.pHashDistance("2d5ad3936d2e015b", "2d6ed293db36a4fb")).toBe(17)
    expect(imagekit.pHashDistance("a4a65595ac94518b", "7838873e791f8400")).toBe(37)
  })

  it("calculateDistance: fetch the metadata of two uploaded images, then compare their pHash values", async () => {
    await withEmulator(async (env) => {
      const { imagekit } = env
      const first = seed(env, "first.png", IMAGE_A).fileId
      const duplicate = seed(env, "duplicate.png", IMAGE_A).fileId
      const other = seed(env, "other.png", IMAGE_B).fileId
      const calculateDistance = async (a: string, b: string) => {
        const firstHash = String(rec(await imagekit.getFileMetadata(a)).pHash)
        const secondHash = String(rec(await imagekit.getFileMetadata(b)).pHash)
        const distance = imagekit.pHashDistance(firstHash, secondHash)
        return { distance, firstHash, secondHash }
      }
      expect((await calculateDistance(first, duplicate)).distance).toBe(0)
      const different = await calculateDistance(first, other)
      expect(different.firstHash).not.toBe(different.secondHash)
      expect(different.distance).toBe(hexHamming(different.firstHash, different.secondHash))
      expect(different.distance).toBeGreaterThan(0)
    })
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Access request-id, other response headers and HTTP status code
// ---------------------------------------------------------------------------------------------------------------

describe("$ResponseMetadata on success and error objects", () => {
  it("success and error", async () => {
    await withEmulator(async (env) => {
      const { imagekit } = env
      const { url } = seed(env, "cached.png", IMAGE_A)
      const requestId = String(rec(await imagekit.purgeCache(url)).requestId)
      // Success
      const response = await imagekit.getPurgeCacheStatus(requestId)
      expect(response.$ResponseMetadata.statusCode).toBe(200)
      expect(response.$ResponseMetadata.headers["content-type"]).toMatch(/^application\/json/)
      expect(Object.keys(response)).toEqual(["status"])
      // Error (the README logs `response` in its catch block; the error object is meant)
      try {
        await imagekit.getPurgeCacheStatus("no-such-request-id")
        expect.unreachable()
      } catch (ex) {
        expect(responseMetadata(ex)?.statusCode).toBe(404)
        expect(String(responseMetadata(ex)?.headers["content-type"])).toMatch(/^application\/json/)
        expect(typeof rec(ex).message).toBe("string")
      }
    })
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Rate limits
// ---------------------------------------------------------------------------------------------------------------

describe("rate limits: a 429 error carries the X-RateLimit-* values as numbers", () => {
  for (const form of FORMS) {
    it(form, async () => {
      // `retry: false`: v6 never retried, and this is the README's behaviour (the adapter retries by default).
      await withEmulator(
        async (env) => {
          const { imagekit } = env
          await imagekit.listFiles({})
          const error =
            form === "callback"
              ? await rejectionOf(viaCallback((callback) => imagekit.listFiles({}, callback)))
              : await rejectionOf(imagekit.listFiles({}))
          const fields = rec(error)
          expect(fields["X-RateLimit-Limit"]).toBe(1)
          expect(fields["X-RateLimit-Interval"]).toBe(60_000)
          expect(typeof fields["X-RateLimit-Reset"]).toBe("number")
          expect(Number(fields["X-RateLimit-Reset"])).toBeGreaterThan(0)
          expect(Number(fields["X-RateLimit-Reset"])).toBeLessThanOrEqual(60_000)
          expect(fields.message).toBe("rate limit exceeded")
          expect(responseMetadata(error)?.statusCode).toBe(429)
        },
        { rateLimits: [{ pathPrefix: "/v1/files", limit: 1, intervalMs: 60_000 }], retry: false }
      )
    })
  }
})

describe("rate limits under the default options (migration guide, item 6)", () => {
  it("the adapter waits for X-RateLimit-Reset and the call succeeds; v6 rejected at once", async () => {
    await withEmulator(
      async (env) => {
        const { imagekit } = env
        await imagekit.listFiles({})
        const started = Date.now()
        const result = await imagekit.listFiles({})
        expect(Array.isArray(result)).toBe(true)
        expect(env.running.stats().rateLimited).toBeGreaterThanOrEqual(1)
        // It waited for the window to reset rather than hammering the endpoint.
        expect(Date.now() - started).toBeGreaterThanOrEqual(400)
      },
      { rateLimits: [{ pathPrefix: "/v1/files", limit: 1, intervalMs: 800 }] }
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Verify webhook events (the README's express handler, on node:http over loopback)
// ---------------------------------------------------------------------------------------------------------------

describe("verify webhook events", () => {
  it("accepts a signed event, refuses a tampered or expired one", async () => {
    // Webhook configs
    const WEBHOOK_SECRET = "whsec_xeO2UNkfKMQnfJf7Q/Qx+fYptL1wabXd" // Copy from Imagekit dashboard
    const WEBHOOK_EXPIRY_DURATION = 300 * 1000 // 300 seconds for example
    const imagekit = new ImageKit({
      publicKey: "public_...",
      urlEndpoint: "https://ik.imagekit.io/imagekit_id",
      privateKey: "private_..."
    })
    const handled: Array<string> = []

    const handler = (req: IncomingMessage, res: ServerResponse, rawBody: Buffer) => {
      const signature = String(req.headers["x-ik-signature"])
      const requestBody = rawBody
      let webhookResult: { timestamp: number; event: unknown }
      try {
        webhookResult = imagekit.verifyWebhookEvent(requestBody, signature, WEBHOOK_SECRET)
      } catch {
        // `verifyWebhookEvent` method will throw an error if signature is invalid
        res.statusCode = 400
        res.end("Webhook Error")
        return
      }
      const { timestamp, event } = webhookResult
      // Check if webhook has expired
      if (timestamp + WEBHOOK_EXPIRY_DURATION < Date.now()) {
        res.statusCode = 400
        res.end("Webhook Error")
        return
      }
      // Handle webhook
      const type = String(rec(event).type)
      switch (type) {
        case "video.transformation.accepted":
        case "video.transformation.ready":
        case "video.transformation.error":
          handled.push(type)
          break
        default:
          handled.push(`unhandled ${type}`)
      }
      // Return a response to acknowledge receipt of the event
      res.end()
    }

    const server = createServer((req, res) => {
      const chunks: Array<Buffer> = []
      req.on("data", (chunk: Buffer) => chunks.push(chunk))
      req.on("end", () => handler(req, res, Buffer.concat(chunks)))
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    const port = (server.address() as AddressInfo).port
    try {
      const post = (body: string, header: string) =>
        fetch(`http://127.0.0.1:${port}/webhook`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-ik-signature": header },
          body
        }).then((response) => response.status)
      const sign = (timestamp: number, body: string) =>
        `t=${timestamp},v1=${createHmac("sha256", WEBHOOK_SECRET).update(`${timestamp}.${body}`).digest("hex")}`
      const event = (type: string) =>
        JSON.stringify({
          type,
          id: "58e6d24d-6098-4319-be8d-40c3cb0a402d",
          created_at: new Date().toISOString(),
          data: {}
        })

      const now = Date.now()
      // Each body is built once: it is what gets signed and what gets sent.
      const postSigned = (type: string, timestamp: number) => {
        const signedBody = event(type)
        return post(signedBody, sign(timestamp, signedBody))
      }
      expect(await postSigned("video.transformation.accepted", now)).toBe(200)
      expect(await postSigned("video.transformation.ready", now - 1000)).toBe(200)
      expect(await postSigned("upload.pre-transform.success", now)).toBe(200)
      const body = event("video.transformation.error")
      expect(await post(`${body} `, sign(now, body))).toBe(400)
      expect(await post(body, sign(now - WEBHOOK_EXPIRY_DURATION - 60_000, body))).toBe(400)
      expect(await post(body, "t=abc,v1=00")).toBe(400)
      expect(handled).toEqual([
        "video.transformation.accepted",
        "video.transformation.ready",
        "unhandled upload.pre-transform.success"
      ])
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})
