/**
 * `remoteFetch`: an upload whose `file` is a URL is fetched by the emulator, as ImageKit fetches it, but only from this
 * machine, only when asked for, never following a redirect, and within `maxBodyBytes`.
 */
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { afterEach, describe, expect, it } from "vitest"
import * as Emulator from "../src/Emulator.js"
import { isLoopbackHost } from "../src/internal/remoteFetch.js"
import { png } from "./fixtures/images.js"

const KEY = "private_test_key"
const IMAGE = png(5, 3)

const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()))
})

/** A local origin: /pic.png, a redirect, a 404; counts the requests it got. */
const origin = async () => {
  let requests = 0
  const server: Server = createServer((request, response) => {
    requests += 1
    if (request.url === "/pic.png") {
      response.writeHead(200, { "content-type": "image/png" })
      response.end(IMAGE)
    } else if (request.url === "/big.bin") {
      response.writeHead(200, { "content-type": "application/octet-stream" })
      response.end(Buffer.alloc(10_000, 1))
    } else if (request.url === "/moved.png") {
      response.writeHead(302, { location: "/pic.png" })
      response.end()
    } else {
      response.writeHead(404)
      response.end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  closers.push(() => new Promise((resolve) => server.close(() => resolve())))
  return { port: (server.address() as AddressInfo).port, requests: () => requests }
}

const start = async (options: Emulator.Options = {}) => {
  const emulator = await Emulator.start({ privateKey: KEY, ...options })
  closers.push(() => emulator.close())
  return emulator
}

const uploadUrl = async (emulator: Emulator.Running, file: string) => {
  const form = new FormData()
  form.append("file", file)
  form.append("fileName", "fetched.png")
  form.append("useUniqueFileName", "false")
  const response = await fetch(`${emulator.url}/api/v1/files/upload`, {
    method: "POST",
    body: form,
    headers: { authorization: `Basic ${Buffer.from(`${KEY}:`).toString("base64")}` }
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

describe("remoteFetch", () => {
  it("stores what a loopback URL serves, under 127.0.0.1 or localhost", async () => {
    const local = await origin()
    const emulator = await start({ remoteFetch: true })
    for (const host of ["127.0.0.1", "localhost"]) {
      const answer = await uploadUrl(emulator, `http://${host}:${local.port}/pic.png`)
      expect(answer.status, JSON.stringify(answer.body)).toBe(200)
      expect(answer.body).toMatchObject({ name: "fetched.png", width: 5, height: 3, size: IMAGE.length })
    }
    const served = await fetch(`${emulator.urlEndpoint}/fetched.png`)
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(IMAGE)
  })

  it("is off by default: a URL file is a 400 that says how to turn it on, and nothing is fetched", async () => {
    const local = await origin()
    const emulator = await start()
    const answer = await uploadUrl(emulator, `http://127.0.0.1:${local.port}/pic.png`)
    expect(answer.status).toBe(400)
    expect(String(answer.body.message)).toContain("remoteFetch: true")
    expect(local.requests()).toBe(0)
  })

  it.each([
    ["another host", "http://example.com/pic.png", /only loopback URLs/],
    ["a private network address", "http://10.0.0.1/pic.png", /only loopback URLs/],
    ["an address that only starts like loopback", "http://127.0.0.1.example.com/pic.png", /only loopback URLs/]
  ])("refuses %s without fetching it", async (_, url, message) => {
    const emulator = await start({ remoteFetch: true })
    const answer = await uploadUrl(emulator, url)
    expect(answer.status).toBe(400)
    expect(String(answer.body.message)).toMatch(message)
  })

  it("refuses a redirect, an error answer and a body over maxBodyBytes", async () => {
    const local = await origin()
    const emulator = await start({ remoteFetch: true })
    expect(String((await uploadUrl(emulator, `http://127.0.0.1:${local.port}/moved.png`)).body.message)).toMatch(
      /redirect/
    )
    expect(String((await uploadUrl(emulator, `http://127.0.0.1:${local.port}/gone.png`)).body.message)).toMatch(
      /HTTP 404/
    )
    const small = await start({ remoteFetch: true, maxBodyBytes: 4096 })
    expect(String((await uploadUrl(small, `http://127.0.0.1:${local.port}/big.bin`)).body.message)).toMatch(
      /exceeds limits/
    )
    expect(emulator.model.files()).toHaveLength(0)
  })

  it("knows loopback hosts", () => {
    expect(["localhost", "127.0.0.1", "127.255.0.9", "[::1]"].every(isLoopbackHost)).toBe(true)
    expect(["128.0.0.1", "127.0.0.256", "localhost.example", "[::2]", "0.0.0.0", "127.1"].some(isLoopbackHost)).toBe(
      false
    )
  })
})
