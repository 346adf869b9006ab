/**
 * The official `@imagekit/nodejs@7.11.0` client, pointed at the emulator, drives every endpoint `imagekit@6` did not
 * know end to end, as a user of v7 would: its own requests, serialisation and error classes, none of ours. A client
 * that works against the real API must work here. The tests share one emulator and run in order: the last one reads
 * the usage the others caused.
 */
import { uploadToken } from "@effect-imagekit/core/Signing"
import ImageKit, { BadRequestError, ConflictError, NotFoundError, toFile } from "@imagekit/nodejs"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Emulator from "../src/Emulator.js"
import { png } from "./fixtures/images.js"

const KEYS = { publicKey: "public_v7_key", privateKey: "private_v7_key" } as const
const TODAY = "2024-09-02"

let emulator: Emulator.Running
let client: ImageKit

beforeAll(async () => {
  emulator = await Emulator.start({ ...KEYS, pendingPolls: 0, clock: () => new Date(`${TODAY}T10:00:00.000Z`) })
  client = new ImageKit({ privateKey: KEYS.privateKey, baseURL: emulator.url, maxRetries: 0 })
})

afterAll(async () => {
  await emulator.close()
})

const image = () => toFile(Buffer.from(png(6, 4)), "v7.png", { type: "image/png" })

describe("@imagekit/nodejs@7.11 against the emulator", () => {
  it("uploads with extensions, updates with extensions and publishes (files.upload, files.update)", async () => {
    const uploaded = await client.files.upload({
      file: await image(),
      fileName: "blue-sneaker.png",
      folder: "/v7",
      useUniqueFileName: false,
      tags: ["shoe"],
      extensions: [{ name: "google-auto-tagging", minConfidence: 50, maxTags: 5 }, { name: "ai-auto-description" }]
    })
    expect(uploaded.filePath).toBe("/v7/blue-sneaker.png")
    expect(uploaded.extensionStatus).toEqual({ "google-auto-tagging": "success", "ai-auto-description": "success" })
    expect(uploaded.AITags?.map((tag) => tag.name)).toEqual(["blue", "sneaker"])
    const fileId = uploaded.fileId ?? ""
    const updated = await client.files.update(fileId, {
      removeAITags: ["blue"],
      extensions: [{ name: "remove-bg", options: { add_shadow: true } }],
      description: "A sneaker"
    })
    expect(updated.extensionStatus).toEqual({ "remove-bg": "success" })
    expect(updated.AITags?.map((tag) => tag.name)).toEqual(["sneaker"])
    const unpublished = await client.files.update(fileId, { publish: { isPublished: false } })
    expect(unpublished.isPublished).toBe(false)
    expect((await fetch(`${emulator.urlEndpoint}/v7/blue-sneaker.png`)).status).toBe(404)
    await client.files.update(fileId, { publish: { isPublished: true, includeFileVersions: true } })
    expect((await fetch(`${emulator.urlEndpoint}/v7/blue-sneaker.png`)).status).toBe(200)
  })

  it("uploads through v2 with the private key, and from a 'browser' with a token (beta.v2.files.upload)", async () => {
    const server = await client.beta.v2.files.upload({ file: await image(), fileName: "server-v2.png", folder: "/v7" })
    expect(server.name).toMatch(/^server-v2_.+\.png$/)
    const parameters = { fileName: "browser-v2.png", folder: "/v7", useUniqueFileName: false, tags: ["a", "b"] }
    const token = uploadToken(parameters, { ...KEYS, expiresIn: 300, now: () => Date.parse(`${TODAY}T10:00:00.000Z`) })
    // A browser has no private key: no Authorization header at all.
    const browser = await client.beta.v2.files.upload(
      { file: await image(), ...parameters, token },
      { headers: { Authorization: null } }
    )
    expect(browser.filePath).toBe("/v7/browser-v2.png")
    const reused = client.beta.v2.files.upload(
      { file: await image(), ...parameters, token },
      { headers: { Authorization: null } }
    )
    await expect(reused).rejects.toBeInstanceOf(BadRequestError)
    await expect(reused).rejects.toMatchObject({ status: 400, error: { message: "Your request has invalid token." } })
  })

  it("renames a folder and follows its job (folders.rename, folders.job.get)", async () => {
    await client.files.upload({
      file: await image(),
      fileName: "in-folder.png",
      folder: "/v7/old",
      useUniqueFileName: false
    })
    const job = await client.folders.rename({ folderPath: "/v7/old", newFolderName: "new", purgeCache: true })
    const status = await client.folders.job.get(job.jobId ?? "")
    expect(status).toMatchObject({ type: "RENAME_FOLDER", status: "Completed", purgeRequestId: expect.any(String) })
    const listed = await client.assets.list({ searchQuery: 'path : "/v7/new/"' })
    expect(listed.map((asset) => asset.name)).toEqual(["in-folder.png"])
    await expect(client.folders.rename({ folderPath: "/v7/none", newFolderName: "x" })).rejects.toBeInstanceOf(
      NotFoundError
    )
  })

  it("manages custom metadata field descriptions and lists by folderPath (customMetadataFields)", async () => {
    const field = await client.customMetadataFields.create({
      name: "shade",
      label: "Shade",
      description: "Shown while editing",
      schema: { type: "Text" }
    })
    expect(field.description).toBe("Shown while editing")
    const listed = await client.customMetadataFields.list({ folderPath: "/v7" })
    expect(listed.map((item) => item.name)).toContain("shade")
  })

  it("manages origins, never answering a secret back (accounts.origins)", async () => {
    const created = await client.accounts.origins.create({
      type: "S3",
      name: "V7 bucket",
      bucket: "v7-bucket",
      accessKey: "AKIA_V7",
      secretKey: "SECRET_V7"
    })
    expect(created).toMatchObject({ type: "S3", name: "V7 bucket", bucket: "v7-bucket", prefix: "" })
    expect(JSON.stringify(await client.accounts.origins.list())).not.toContain("SECRET_V7")
    const updated = await client.accounts.origins.update(created.id, {
      type: "WEB_FOLDER",
      name: "V7 web",
      baseUrl: "https://images.example.com"
    })
    expect(updated).toMatchObject({ id: created.id, type: "WEB_FOLDER", forwardHostHeaderToOrigin: false })
    expect(await client.accounts.origins.get(created.id)).toEqual(updated)
    await expect(
      client.accounts.origins.create({
        type: "GCS",
        name: "No bucket",
        clientEmail: "a@b.co",
        privateKey: "k"
      } as never)
    ).rejects.toMatchObject({ status: 400, error: { message: "bucket is required and must be a string" } })
    await client.accounts.origins.delete(created.id)
    await expect(client.accounts.origins.get(created.id)).rejects.toBeInstanceOf(NotFoundError)
  })

  it("manages URL endpoints over existing origins (accounts.urlEndpoints)", async () => {
    const origin = await client.accounts.origins.create({ type: "WEB_PROXY", name: "V7 proxy" })
    const endpoint = await client.accounts.urlEndpoints.create({
      description: "V7 endpoint",
      urlPrefix: "v7-images",
      origins: [origin.id],
      urlRewriter: { type: "CLOUDINARY", preserveAssetDeliveryTypes: true }
    })
    expect(endpoint.urlRewriter).toEqual({ type: "CLOUDINARY", preserveAssetDeliveryTypes: true })
    expect((await client.accounts.urlEndpoints.list()).map((item) => item.id)).toEqual(["default", endpoint.id])
    await client.accounts.urlEndpoints.update(endpoint.id, { description: "Renamed", urlPrefix: "v7-images" })
    expect((await client.accounts.urlEndpoints.get(endpoint.id)).origins).toEqual([])
    await client.accounts.urlEndpoints.delete(endpoint.id)
    await client.accounts.origins.delete(origin.id)
    await expect(
      client.accounts.urlEndpoints.create({ description: "Dangling", urlPrefix: "dangling", origins: [origin.id] })
    ).rejects.toMatchObject({
      status: 400,
      error: { message: "Origin does not exists. Please create origin before using it in URL-endpoint." }
    })
  })

  it("manages saved extensions and uploads with one (savedExtensions)", async () => {
    const saved = await client.savedExtensions.create({
      name: "V7 tagger",
      description: "Tags from the name",
      config: { name: "aws-auto-tagging", minConfidence: 10, maxTags: 3 }
    })
    expect(await client.savedExtensions.get(saved.id ?? "")).toEqual(saved)
    const renamed = await client.savedExtensions.update(saved.id ?? "", { name: "V7 tagger 2" })
    expect(renamed.name).toBe("V7 tagger 2")
    expect((await client.savedExtensions.list()).map((item) => item.id)).toEqual([saved.id])
    const uploaded = await client.files.upload({
      file: await image(),
      fileName: "red-cap.png",
      folder: "/v7",
      extensions: [{ name: "saved-extension", id: saved.id ?? "" }]
    })
    expect(uploaded.extensionStatus).toEqual({ "aws-auto-tagging": "success" })
    await client.savedExtensions.delete(saved.id ?? "")
    await expect(client.savedExtensions.get(saved.id ?? "")).rejects.toBeInstanceOf(NotFoundError)
  })

  it("manages named transformations, and delivery honours them (namedTransformations)", async () => {
    await client.files.upload({ file: await image(), fileName: "named.png", folder: "/v7", useUniqueFileName: false })
    const named = await client.namedTransformations.create({ name: "v7_thumb", transformation: "w-100,h-100" })
    expect(named).toMatchObject({ name: "v7_thumb", enabled: true })
    expect((await fetch(`${emulator.urlEndpoint}/tr:n-v7_thumb/v7/named.png`)).status).toBe(200)
    await expect(
      client.namedTransformations.create({ name: "v7_thumb", transformation: "w-1" })
    ).rejects.toBeInstanceOf(ConflictError)
    const disabled = await client.namedTransformations.update(named.id, { enabled: false })
    expect(disabled.enabled).toBe(false)
    expect((await fetch(`${emulator.urlEndpoint}/tr:n-v7_thumb/v7/named.png`)).status).toBe(400)
    expect((await client.namedTransformations.list()).map((item) => item.name)).toEqual(["v7_thumb"])
    expect(await client.namedTransformations.get(named.id)).toEqual(disabled)
    await client.namedTransformations.delete(named.id)
    await expect(client.namedTransformations.get(named.id)).rejects.toBeInstanceOf(NotFoundError)
  })

  it("reads usage and usage analytics computed from what was stored and delivered (accounts.usage*)", async () => {
    const usage = await client.accounts.usage.get({ startDate: TODAY, endDate: "2024-09-03" })
    const stored = emulator.model.files().reduce((total, file) => total + Number(file.size), 0)
    expect(usage.mediaLibraryStorageBytes).toBeGreaterThanOrEqual(stored)
    expect(usage.bandwidthBytes).toBeGreaterThan(0)
    expect(usage.extensionUnitsCount).toBeGreaterThanOrEqual(4)
    const analytics = await client.accounts.usageAnalytics.get({ startDate: TODAY, endDate: TODAY })
    expect(analytics.requestCount).toBeGreaterThanOrEqual(4)
    expect(analytics.bandwidthBytes).toBe(usage.bandwidthBytes)
    expect(analytics.statusCodes.map((entry) => entry.name)).toEqual(expect.arrayContaining(["200", "400", "404"]))
    expect(analytics.extensions.map((entry) => entry.name)).toEqual(
      expect.arrayContaining(["google-auto-tagging", "remove-bg", "aws-auto-tagging"])
    )
    await expect(client.accounts.usage.get({ startDate: "2024-01-02", endDate: "2024-01-01" })).rejects.toMatchObject({
      status: 400,
      error: { message: "startDate should be before endDate." }
    })
  })
})
