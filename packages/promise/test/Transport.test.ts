/**
 * What the adapter's caller sees of the transport (issue 12, item 7; migration guide items 1 and 17): a failure with
 * no response keeps what the transport said in `message` and as `cause` (with its system `code`), never a key; and
 * the headers that go out over the default `node:http` client and over a `fetch`, next to what imagekit@6 (axios)
 * sent. imagekit@6 is driven to the same loopback server by a request interceptor on its own axios instance.
 */
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from "node:http"
import { createRequire } from "node:module"
import { createServer } from "node:net"
import * as util from "node:util"
import V6 from "imagekit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import ImageKit, { ImageKitRequestError, type ImageKitOptions } from "../src/index.js"

const PRIVATE_KEY = "private_transport_test_key"
const PUBLIC_KEY = "public_transport_test_key"
const BASIC = Buffer.from(`${PRIVATE_KEY}:`).toString("base64")

interface Axios {
  readonly interceptors: {
    readonly request: {
      use(onFulfilled: (config: { url?: string }) => { url?: string }): number
      eject(id: number): void
    }
  }
}

// imagekit@6 has no base-URL option: its requests go through the axios instance it imports, resolved here from its
// own directory, and one interceptor sends them to `v6Origin` instead of https://api.imagekit.io.
const require = createRequire(import.meta.url)
const axios = createRequire(require.resolve("imagekit"))("axios") as Axios
let v6Origin = ""
let interceptor = -1

const seen: Array<IncomingHttpHeaders> = []
let server: Server
let origin = ""

beforeAll(async () => {
  interceptor = axios.interceptors.request.use((config) => {
    if (typeof config.url === "string") config.url = config.url.replace(/^https:\/\/[^/]+/, v6Origin)
    return config
  })
  server = createHttpServer((request, response) => {
    seen.push(request.headers)
    response.setHeader("content-type", "application/json")
    response.end(JSON.stringify({ fileId: "file_id" }))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const address = server.address()
  origin = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`
})

afterAll(async () => {
  axios.interceptors.request.eject(interceptor)
  await new Promise((resolve) => server.close(resolve))
})

const make = (extra: Partial<ImageKitOptions> = {}) =>
  new ImageKit({
    publicKey: PUBLIC_KEY,
    privateKey: PRIVATE_KEY,
    urlEndpoint: "https://ik.imagekit.io/demo",
    retry: false,
    ...extra
  })

const v6 = new V6({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY, urlEndpoint: "https://ik.imagekit.io/demo" })

const rejection = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error("expected a rejection")
}

/** A loopback port nothing listens on (fetch refuses well-known ports such as 1 before connecting). */
const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const probe = createServer()
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      probe.close(() => resolve(port))
    })
  })

/** Every way a caller may print or serialise an error. */
const renderings = (error: unknown): ReadonlyArray<string> => [
  String(error),
  JSON.stringify(error),
  util.inspect(error, { depth: 10, showHidden: true }),
  error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : ""
]

describe("a transport failure", () => {
  it("starts its message with what the transport said, as v6's did, and keeps it as cause with its code", async () => {
    const port = await closedPort()
    v6Origin = `http://127.0.0.1:${port}`
    const theirs = (await rejection(v6.getFileDetails("abc"))) as { message: string; code: string }
    expect(theirs.message).toBe(`connect ECONNREFUSED 127.0.0.1:${port}`)

    const error = await rejection(make({ apiBaseUrl: `http://127.0.0.1:${port}` }).getFileDetails("abc"))
    expect(error).toBeInstanceOf(ImageKitRequestError)
    const ours = error as ImageKitRequestError
    expect(ours.code).toBe(theirs.code)
    expect(ours.message.startsWith(`${theirs.message}. `)).toBe(true)
    // Then what to do.
    expect(ours.message).toMatch(/check the network connection and the base URL \(apiBaseUrl\)/)
    expect(ours.cause).toBeInstanceOf(Error)
    expect((ours.cause as Error).message).toBe(theirs.message)
    expect((ours.cause as { code?: string }).code).toBe("ECONNREFUSED")
    // `cause` is an own, non-enumerable property (ES2022), so JSON and spreads show the v6 fields only.
    expect(Object.keys(ours)).not.toContain("cause")
    expect(util.inspect(ours)).toContain(`[cause]: [Error: connect ECONNREFUSED 127.0.0.1:${port}]`)
  })

  it("over a fetch: fetch's own text (`fetch failed` wraps the system error; the innermost is kept)", async () => {
    const port = await closedPort()
    const error = (await rejection(
      make({ apiBaseUrl: `http://127.0.0.1:${port}`, fetch: globalThis.fetch }).getFileDetails("abc")
    )) as ImageKitRequestError
    expect(error.code).toBe("ECONNREFUSED")
    expect(error.message).toMatch(new RegExp(`^connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\\. Could not reach`))
    expect((error.cause as Error).message).toBe(`connect ECONNREFUSED 127.0.0.1:${port}`)
  })

  it("never holds the key, even when the transport's own text does", async () => {
    const leaky: typeof globalThis.fetch = async (input, init) => {
      const headers = new Headers(init?.headers)
      const failure = new TypeError(`fetch failed for ${String(input)} with ${headers.get("authorization") ?? ""}`)
      throw Object.assign(failure, {
        cause: Object.assign(new Error(`socket hang up (key ${PRIVATE_KEY}, auth Basic ${BASIC})`), {
          code: "ECONNRESET",
          config: { auth: { username: PRIVATE_KEY } }
        })
      })
    }
    const error = (await rejection(make({ apiBaseUrl: origin, fetch: leaky }).getFileDetails("abc"))) as Error
    expect(error).toBeInstanceOf(ImageKitRequestError)
    expect(error.message).toMatch(/^socket hang up \(key <redacted>, auth Basic <redacted>\)\. Could not reach/)
    expect((error.cause as Error).message).toBe("socket hang up (key <redacted>, auth Basic <redacted>)")
    for (const text of [...renderings(error), ...renderings(error.cause)]) {
      expect(text).not.toContain(PRIVATE_KEY)
      expect(text).not.toContain(BASIC)
    }
  })

  it("a timeout has no transport text: code ETIMEDOUT, no cause", async () => {
    const slow = createHttpServer(() => undefined)
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve))
    const address = slow.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    try {
      const error = (await rejection(
        make({ apiBaseUrl: `http://127.0.0.1:${port}`, timeout: 50 }).getFileDetails("abc")
      )) as ImageKitRequestError
      expect(error).toMatchObject({ code: "ETIMEDOUT", reason: "Timeout" })
      expect(error.cause).toBeUndefined()
    } finally {
      slow.closeAllConnections()
      await new Promise((resolve) => slow.close(resolve))
    }
  })
})

describe("headers sent (migration guide item 17)", () => {
  const sentBy = async (call: () => Promise<unknown>): Promise<IncomingHttpHeaders> => {
    const before = seen.length
    await call()
    expect(seen.length).toBe(before + 1)
    return seen[before] ?? {}
  }

  it("over node:http (no fetch option): no User-Agent at all; imagekit@6 sent axios's", async () => {
    v6Origin = origin
    const theirs = await sentBy(() => v6.getFileDetails("abc"))
    expect(theirs["user-agent"]).toMatch(/^axios\/1\.\d+\.\d+$/)
    expect(theirs.accept).toBe("application/json, text/plain, */*")

    const ours = await sentBy(() => make({ apiBaseUrl: origin }).getFileDetails("abc"))
    expect(ours["user-agent"]).toBeUndefined()
    expect(ours.accept).toBe("application/json")
    expect(ours.authorization).toBe(theirs.authorization)
  })

  it("over a fetch option: the fetch's own User-Agent, nothing of ours", async () => {
    const direct = await sentBy(() => fetch(`${origin}/probe`).then((response) => response.arrayBuffer()))
    const ours = await sentBy(() => make({ apiBaseUrl: origin, fetch: globalThis.fetch }).getFileDetails("abc"))
    expect(ours["user-agent"]).toBe(direct["user-agent"])
    // Node's fetch (undici) says "node" on Node 20 and 22.
    expect(ours["user-agent"]).toBe("node")
  })

  it("a fetch that sets one sends it (the guide's recipe)", async () => {
    const ours = await sentBy(() =>
      make({
        apiBaseUrl: origin,
        fetch: (input, init) =>
          fetch(input, {
            ...init,
            headers: { ...Object.fromEntries(new Headers(init?.headers)), "user-agent": "my-app/1.0" }
          })
      }).getFileDetails("abc")
    )
    expect(ours["user-agent"]).toBe("my-app/1.0")
    expect(ours.authorization).toBe(`Basic ${BASIC}`)
  })
})
