/**
 * v1 uploads from a browser against the emulator over real HTTP: no private key, but `publicKey`, a one-time
 * `token`, `expire` and `signature` = HMAC-SHA1(private key, token + expire), as the upload API documents (signatures
 * computed here with node:crypto). A request with none of them is still a 401.
 */
import { createHmac } from "node:crypto"
import { afterEach, describe, expect, it } from "vitest"
import * as Emulator from "../src/Emulator.js"
import { png } from "./fixtures/images.js"

const KEYS = { publicKey: "public_v1_key", privateKey: "private_v1_key" } as const
const NOW = Date.parse("2024-06-01T12:00:00.000Z")
const SECONDS = NOW / 1000

const running: Array<Emulator.Running> = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()))
})

const start = async () => {
  const emulator = await Emulator.start({ ...KEYS, clock: () => new Date(NOW) })
  running.push(emulator)
  return emulator
}

const signed = (token: string, expire: number, key: string = KEYS.privateKey) => ({
  publicKey: KEYS.publicKey,
  token,
  expire: String(expire),
  signature: createHmac("sha1", key).update(`${token}${expire}`).digest("hex")
})

const upload = async (emulator: Emulator.Running, fields: Record<string, string>, basicAuth = false) => {
  const form = new FormData()
  form.append("file", new Blob([new Uint8Array(png(2, 2))], { type: "image/png" }), "b.png")
  form.append("fileName", "browser.png")
  for (const [name, value] of Object.entries(fields)) form.append(name, value)
  const response = await fetch(`${emulator.url}/api/v1/files/upload`, {
    method: "POST",
    body: form,
    headers: basicAuth ? { authorization: `Basic ${Buffer.from(`${KEYS.privateKey}:`).toString("base64")}` } : {}
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

describe("v1 upload from a browser", () => {
  it("stores the file with valid parameters, and takes each token once", async () => {
    const emulator = await start()
    const first = await upload(emulator, signed("uuid-1", SECONDS + 600))
    expect(first.status, JSON.stringify(first.body)).toBe(200)
    expect(emulator.model.files()).toHaveLength(1)
    const again = await upload(emulator, signed("uuid-1", SECONDS + 600))
    expect(again.status).toBe(400)
    expect(again.body.message).toBe(
      "The token with value 'uuid-1' has been used before. We suggest using V4 UUIDs, or another random string with enough entropy to avoid collisions."
    )
  })

  it.each([
    ["an expire in the past", signed("t", SECONDS - 1)],
    ["an expire over an hour ahead", signed("t", SECONDS + 3601)],
    ["an expire that is not a number", { ...signed("t", SECONDS + 60), expire: "soon" }]
  ])("refuses %s with the spec's message", async (_, fields) => {
    const answer = await upload(await start(), fields)
    expect(answer.status).toBe(400)
    expect(answer.body.message).toBe(
      "Your request contains invalid expire parameter. Expire parameter should be a Unix time in less than 1 hour into the future."
    )
  })

  it("refuses a wrong signature, another public key and a missing field", async () => {
    const emulator = await start()
    expect((await upload(emulator, signed("a", SECONDS + 60, "other_key"))).body.message).toBe(
      "Your request contains invalid signature parameter."
    )
    expect((await upload(emulator, { ...signed("b", SECONDS + 60), publicKey: "public_other" })).body.message).toBe(
      "Your request contains invalid publicKey parameter."
    )
    const { signature: _, ...unsigned } = signed("c", SECONDS + 60)
    expect((await upload(emulator, unsigned)).body.message).toBe("Your request is missing signature parameter.")
    expect(emulator.model.files()).toHaveLength(0)
  })

  it("wants a signature or the private key, not both, and not neither", async () => {
    const emulator = await start()
    const both = await upload(emulator, signed("d", SECONDS + 60), true)
    expect(both.body.message).toBe(
      "Your request contains both signature and basic auth parameter. Use only one method, you might be exposing your private API key."
    )
    const neither = await upload(emulator, {})
    expect(neither.status).toBe(401)
  })
})

describe("CORS on the upload routes", () => {
  const ORIGIN = { origin: "http://127.0.0.1:5173" }

  it("answers a preflight with 204, any origin, POST and the headers it asked for, before rate limits", async () => {
    const emulator = await Emulator.start({
      ...KEYS,
      rateLimits: [{ pathPrefix: "/api", limit: 0, intervalMs: 60_000 }]
    })
    running.push(emulator)
    for (const path of ["/api/v1/files/upload", "/api/v2/files/upload"]) {
      const response = await fetch(`${emulator.url}${path}`, {
        method: "OPTIONS",
        headers: { ...ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "x-trace" }
      })
      expect(response.status).toBe(204)
      expect(response.headers.get("access-control-allow-origin")).toBe("*")
      expect(response.headers.get("access-control-allow-methods")).toContain("POST")
      expect(response.headers.get("access-control-allow-headers")).toBe("x-trace")
    }
    // The upload itself meets the limit, and its 429 is readable by the page too.
    const limited = await fetch(`${emulator.url}/api/v1/files/upload`, { method: "POST", headers: ORIGIN })
    expect(limited.status).toBe(429)
    expect(limited.headers.get("access-control-allow-origin")).toBe("*")
    expect(limited.headers.get("access-control-expose-headers")).toContain("x-ratelimit-reset")
  })

  it("puts Access-Control-Allow-Origin on uploads and their errors, and on no API route", async () => {
    const emulator = await start()
    const form = new FormData()
    form.append("file", new Blob(["x"]), "x.txt")
    form.append("fileName", "x.txt")
    for (const [name, value] of Object.entries(signed("cors-1", SECONDS + 60))) form.append(name, value)
    const stored = await fetch(`${emulator.url}/api/v1/files/upload`, { method: "POST", body: form, headers: ORIGIN })
    expect(stored.status).toBe(200)
    expect(stored.headers.get("access-control-allow-origin")).toBe("*")
    const refused = await fetch(`${emulator.url}/api/v1/files/upload`, { method: "POST", headers: ORIGIN })
    expect(refused.status).toBeGreaterThanOrEqual(400)
    expect(refused.headers.get("access-control-allow-origin")).toBe("*")

    const basic = `Basic ${Buffer.from(`${KEYS.privateKey}:`).toString("base64")}`
    const api = await fetch(`${emulator.url}/v1/files`, { headers: { ...ORIGIN, authorization: basic } })
    expect(api.status).toBe(200)
    expect(api.headers.get("access-control-allow-origin")).toBeNull()
    const apiPreflight = await fetch(`${emulator.url}/v1/files`, {
      method: "OPTIONS",
      headers: { ...ORIGIN, "access-control-request-method": "GET", "access-control-request-headers": "authorization" }
    })
    expect(apiPreflight.headers.get("access-control-allow-origin")).toBeNull()
  })
})
