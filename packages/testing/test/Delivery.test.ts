/**
 * Delivery URLs served by the emulator over real HTTP: named transformations are honoured (`tr:n-<name>` served while
 * the name exists and is enabled, a 400 otherwise, as ImageKit documents), private files open only through a signed
 * URL or a named transformation, and what was served shows up in usage and usage analytics.
 */
import { buildSrc, signUrl } from "@effect-imagekit/core/Signing"
import { afterEach, describe, expect, it } from "vitest"
import * as Emulator from "../src/Emulator.js"
import { png } from "./fixtures/images.js"

const KEY = "private_test_key"
const auth = { authorization: `Basic ${Buffer.from(`${KEY}:`).toString("base64")}`, "content-type": "application/json" }

const running: Array<Emulator.Running> = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()))
})

const setup = async () => {
  // A fixed clock for the model: traffic is counted by UTC day, and a test must not straddle midnight.
  const emulator = await Emulator.start({ privateKey: KEY, clock: () => new Date("2024-07-01T08:00:00.000Z") })
  running.push(emulator)
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${emulator.url}${path}`, {
      method,
      headers: auth,
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    return {
      status: response.status,
      body: response.status === 204 ? undefined : ((await response.json()) as Record<string, unknown>)
    }
  }
  const image = png(4, 4)
  emulator.model.seedFile({ fileName: "open.png", data: image, folder: "/d" })
  emulator.model.seedFile({ fileName: "secret.png", data: image, folder: "/d", isPrivateFile: true })
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${emulator.urlEndpoint}${path}`, { headers })
    return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()) }
  }
  return { emulator, api, get, image }
}

describe("named transformations at delivery", () => {
  it("serves tr:n-<name> while it exists and is enabled, and refuses it otherwise", async () => {
    const { api, get, image } = await setup()
    expect((await get("/tr:n-thumb/d/open.png")).status).toBe(400)
    const created = await api("POST", "/v1/named-transformations", { name: "thumb", transformation: "w-100,h-100" })
    expect(created.status).toBe(201)
    const served = await get("/tr:n-thumb/d/open.png")
    expect(served.status).toBe(200)
    expect(served.bytes).toEqual(image)
    // In a chain and in the query too.
    expect((await get("/tr:w-10:n-thumb/d/open.png")).status).toBe(200)
    expect((await get("/d/open.png?tr=n-thumb")).status).toBe(200)
    await api("PATCH", `/v1/named-transformations/${String(created.body?.id)}`, { enabled: false })
    expect((await get("/tr:n-thumb/d/open.png")).status).toBe(400)
    expect((await get("/d/open.png?tr=n-thumb")).status).toBe(400)
    await api("DELETE", `/v1/named-transformations/${String(created.body?.id)}`)
    expect((await get("/tr:n-thumb/d/open.png")).status).toBe(400)
    // The media library's own thumbnail name is built in.
    expect((await get("/tr:n-ik_ml_thumbnail/d/open.png")).status).toBe(200)
  })

  it("opens a private file through a named transformation or a signed URL only", async () => {
    const { emulator, api, get } = await setup()
    await api("POST", "/v1/named-transformations", { name: "preview", transformation: "w-50" })
    expect((await get("/d/secret.png")).status).toBe(401)
    expect((await get("/tr:w-50/d/secret.png")).status).toBe(401)
    expect((await get("/tr:n-preview/d/secret.png")).status).toBe(200)
    const signed = signUrl({
      urlEndpoint: emulator.urlEndpoint,
      path: "/d/secret.png",
      privateKey: KEY,
      expireSeconds: 60
    })
    expect((await fetch(signed)).status).toBe(200)
  })

  it("verifies a signature over the query as sent: buildSrc's raw commas (js5, v7) and v6's %2C alike", async () => {
    const { emulator } = await setup()
    const raw = buildSrc({
      urlEndpoint: emulator.urlEndpoint,
      src: "/d/secret.png",
      transformation: [{ width: 640, crop: "at_max" }],
      queryParameters: { v: 2 },
      expiresIn: 60,
      privateKey: KEY
    })
    expect(raw).toMatch(/\?v=2&tr=w-640,c-at_max&ik-t=\d+&ik-s=[0-9a-f]{40}$/)
    const encoded = signUrl({
      urlEndpoint: emulator.urlEndpoint,
      path: "/d/secret.png",
      transformation: [{ width: 640, crop: "at_max" }],
      transformationPosition: "query",
      privateKey: KEY
    })
    expect(encoded).toMatch(/\?tr=w-640%2Cc-at_max&ik-s=/)
    expect((await fetch(raw)).status).toBe(200)
    expect((await fetch(encoded)).status).toBe(200)
    // The same URLs with the comma written the other way are other URLs: their signatures do not hold.
    expect((await fetch(raw.replace("w-640,c-at_max", "w-640%2Cc-at_max"))).status).toBe(401)
    expect((await fetch(encoded.replace("%2C", ","))).status).toBe(401)
  })

  it("answers HEAD with the length and no body", async () => {
    const { emulator, image } = await setup()
    const response = await fetch(`${emulator.urlEndpoint}/d/open.png`, { method: "HEAD" })
    expect(response.status).toBe(200)
    expect(response.headers.get("content-length")).toBe(String(image.length))
    expect((await response.arrayBuffer()).byteLength).toBe(0)
  })
})

describe("usage from delivered traffic", () => {
  it("counts bytes, user agents, referrers and cache hits until a purge", async () => {
    const { emulator, api, get, image } = await setup()
    const firefox = "Mozilla/5.0 (Windows NT 10.0; rv:120.0) Gecko/20100101 Firefox/120.0"
    await get("/d/open.png", { "user-agent": firefox, referer: "https://shop.example/" })
    await get("/d/open.png", { "user-agent": firefox })
    await api("POST", "/v1/files/purge", { url: `${emulator.urlEndpoint}/d/open.png` })
    await get("/d/open.png", { "user-agent": firefox })
    await get("/d/none.png")
    const today = "2024-07-01"
    const tomorrow = "2024-07-02"
    const usage = await api("GET", `/v1/accounts/usage?startDate=${today}&endDate=${tomorrow}`)
    expect(usage.body).toMatchObject({ bandwidthBytes: 3 * image.length, mediaLibraryStorageBytes: 2 * image.length })
    const analytics = (await api("GET", `/v1/accounts/usage-analytics?startDate=${today}&endDate=${today}`)).body ?? {}
    expect(analytics).toMatchObject({
      requestCount: 4,
      cache: { hitCount: 1, missCount: 2, errorCount: 1 },
      top404Assets: [{ name: `${emulator.urlEndpoint}/d/none.png`, requestCount: 1 }]
    })
    expect((analytics.browser as { byRequests: unknown }).byRequests).toEqual([
      { name: "Firefox", bandwidthBytes: 3 * image.length, requestCount: 3 },
      { name: "Other", bandwidthBytes: 0, requestCount: 1 }
    ])
    expect((analytics.device as { byRequests: ReadonlyArray<{ name: string }> }).byRequests[0]?.name).toBe(
      "Desktop - Windows PC"
    )
    expect((analytics.topReferrers as { byRequests: unknown }).byRequests).toEqual([
      { name: "https://shop.example/", bandwidthBytes: image.length, requestCount: 1 }
    ])
  })
})
