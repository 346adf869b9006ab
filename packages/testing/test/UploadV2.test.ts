/**
 * v2 uploads against the emulator over real HTTP, as a browser sends them: a form with the file, the parameters and
 * a JWT minted on a server. Tokens are minted here with node:crypto (as `jsonwebtoken` would) and with
 * `Signing.uploadToken`; every failure answers with the message ImageKit's spec lists for it.
 */
import { createHmac } from "node:crypto"
import { uploadToken } from "@effect-imagekit/core/Signing"
import { afterEach, describe, expect, it } from "vitest"
import * as Emulator from "../src/Emulator.js"
import { png } from "./fixtures/images.js"

const KEYS = { publicKey: "public_v2_key", privateKey: "private_v2_key" } as const
const NOW = Date.parse("2024-06-01T12:00:00.000Z")

const running: Array<Emulator.Running> = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()))
})

const start = async () => {
  let now = NOW
  const emulator = await Emulator.start({ ...KEYS, clock: () => new Date(now) })
  running.push(emulator)
  return { emulator, advance: (ms: number) => (now += ms) }
}

/** A JWT made with node:crypto, header and claims as given. */
const jwt = (claims: Record<string, unknown>, header: Record<string, unknown> = {}, key: string = KEYS.privateKey) => {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url")
  const input = `${part({ alg: "HS256", typ: "JWT", kid: KEYS.publicKey, ...header })}.${part(claims)}`
  return `${input}.${createHmac("sha256", key).update(input).digest("base64url")}`
}

const claims = (payload: Record<string, string>, lifetime = 600) => ({
  ...payload,
  iat: NOW / 1000,
  exp: NOW / 1000 + lifetime
})

const uploadV2 = async (
  emulator: Emulator.Running,
  fields: Record<string, string>,
  options: { readonly basicAuth?: boolean } = {}
) => {
  const form = new FormData()
  form.append("file", new Blob([new Uint8Array(png(2, 2))], { type: "image/png" }), "upload.png")
  for (const [name, value] of Object.entries(fields)) form.append(name, value)
  const response = await fetch(`${emulator.url}/api/v2/files/upload`, {
    method: "POST",
    body: form,
    headers:
      options.basicAuth === true
        ? { authorization: `Basic ${Buffer.from(`${KEYS.privateKey}:`).toString("base64")}` }
        : {}
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

describe("v2 upload with a token", () => {
  it("stores the file when the form matches a token minted by another JWT implementation", async () => {
    const { emulator } = await start()
    const payload = { fileName: "dress.jpg", useUniqueFileName: "false", tags: "summer,dress", folder: "/shop" }
    const answer = await uploadV2(emulator, { ...payload, token: jwt(claims(payload)) })
    expect(answer.status, JSON.stringify(answer.body)).toBe(200)
    expect(answer.body).toMatchObject({ name: "dress.jpg", filePath: "/shop/dress.jpg", tags: ["summer", "dress"] })
    expect(emulator.model.files()).toHaveLength(1)
  })

  it("stores the file with a token from Signing.uploadToken (booleans, lists and objects signed as form text)", async () => {
    const { emulator } = await start()
    const token = uploadToken(
      { fileName: "a.png", useUniqueFileName: false, tags: ["x", "y"], customMetadata: {} },
      { ...KEYS, expiresIn: 60, now: () => NOW }
    )
    const answer = await uploadV2(emulator, {
      fileName: "a.png",
      useUniqueFileName: "false",
      tags: "x,y",
      customMetadata: "{}",
      token
    })
    expect(answer.status, JSON.stringify(answer.body)).toBe(200)
    expect(answer.body.name).toBe("a.png")
  })

  it("takes a token once, even after a request that failed", async () => {
    const { emulator } = await start()
    const payload = { fileName: "once.png" }
    const token = jwt(claims(payload))
    // The form differs from the token: refused, and the token is spent.
    const differs = await uploadV2(emulator, { fileName: "other.png", token })
    expect(differs.body.message).toBe(
      "Your request contains invalid payload. It does not match with the payload used to generate token."
    )
    const again = await uploadV2(emulator, { ...payload, token })
    expect(again.status).toBe(400)
    expect(again.body.message).toBe("Your request has invalid token.")
    expect(String(again.body.help)).toContain("used before")
    expect(emulator.model.files()).toHaveLength(0)
  })

  it("refuses a token after its exp, and one issued over an hour ago", async () => {
    const { emulator, advance } = await start()
    const short = jwt(claims({ fileName: "a.png" }, 60))
    const long = jwt(claims({ fileName: "b.png" }, 3600))
    advance(61_000)
    expect((await uploadV2(emulator, { fileName: "a.png", token: short })).body.message).toBe(
      "Your request contains expired token."
    )
    advance(3600_000)
    expect((await uploadV2(emulator, { fileName: "b.png", token: long })).body.message).toBe(
      "Your request contains expired token."
    )
  })

  it.each([
    ["a token signed with another key", jwt(claims({ fileName: "a.png" }), {}, "not_the_key")],
    ["another account's kid", jwt(claims({ fileName: "a.png" }), { kid: "someone_else" })],
    [
      "alg none",
      `${jwt(claims({ fileName: "a.png" }), { alg: "none" })
        .split(".")
        .slice(0, 2)
        .join(".")}.`
    ],
    ["a lifetime over an hour", jwt({ fileName: "a.png", iat: NOW / 1000, exp: NOW / 1000 + 3601 })],
    ["a token that is no JWT", "not-a-jwt"]
  ])("refuses %s with 'Your request has invalid token.'", async (_, token) => {
    const { emulator } = await start()
    const answer = await uploadV2(emulator, { fileName: "a.png", token })
    expect(answer.status).toBe(400)
    expect(answer.body.message).toBe("Your request has invalid token.")
  })

  it.each([
    ["a field the token does not sign", { fileName: "a.png", folder: "/x" }, { fileName: "a.png" }],
    ["a field the form leaves out", { fileName: "a.png" }, { fileName: "a.png", isPrivateFile: "true" }],
    ["another value", { fileName: "a.png", tags: "a" }, { fileName: "a.png", tags: "b" }]
  ])("refuses a form with %s", async (_, form, signed) => {
    const { emulator } = await start()
    const answer = await uploadV2(emulator, { ...form, token: jwt(claims(signed)) })
    expect(answer.status).toBe(400)
    expect(answer.body.message).toBe(
      "Your request contains invalid payload. It does not match with the payload used to generate token."
    )
  })

  it("wants the token or the private key, not both, and not neither", async () => {
    const { emulator } = await start()
    const both = await uploadV2(
      emulator,
      { fileName: "a.png", token: jwt(claims({ fileName: "a.png" })) },
      { basicAuth: true }
    )
    expect(both.body.message).toBe(
      "Your request contains both token and basic auth parameter. Use only one method, you might be exposing your private API key."
    )
    const neither = await uploadV2(emulator, { fileName: "a.png" })
    expect(neither.status).toBe(400)
    expect(neither.body.message).toBe("Your request is missing token parameter.")
    const server = await uploadV2(emulator, { fileName: "server.png" }, { basicAuth: true })
    expect(server.status).toBe(200)
    // The v1 route has no token: without the key it is a 401, its body unread.
    const v1 = await fetch(`${emulator.url}/api/v1/files/upload`, { method: "POST", body: new FormData() })
    expect(v1.status).toBe(401)
  })
})
