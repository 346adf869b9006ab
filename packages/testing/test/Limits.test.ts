/**
 * What the emulator reads before it answers (issues 13 and 14): the key is checked before a body is read, a declared
 * `Content-Length` over `maxBodyBytes` is refused at once, the bytes of bodies held across concurrent requests are
 * capped, and a request line or `Host` it cannot parse is a 400. Raw sockets, so the tests see exactly when an answer
 * comes relative to the bytes sent.
 */
import { connect, type Socket } from "node:net"
import { afterEach, describe, expect, it } from "vitest"
import * as Emulator from "../src/Emulator.js"

const KEY = "private_test_key"
const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString("base64")}`

interface Answer {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: string
}

/** A connection that sends what it is told and collects one answer. */
const open = (port: number) => {
  const socket: Socket = connect(port, "127.0.0.1")
  socket.on("error", () => undefined)
  let received = Buffer.alloc(0)
  let settle: ((answer: Answer | undefined) => void) | undefined
  const parse = (): Answer | undefined => {
    const end = received.indexOf("\r\n\r\n")
    if (end === -1) return undefined
    const [statusLine = "", ...lines] = received.subarray(0, end).toString("latin1").split("\r\n")
    const headers: Record<string, string> = {}
    for (const line of lines) {
      const colon = line.indexOf(":")
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
    }
    const length = Number(headers["content-length"] ?? "0")
    if (received.length < end + 4 + length) return undefined
    return {
      status: Number(statusLine.split(" ")[1]),
      headers,
      body: received.subarray(end + 4, end + 4 + length).toString("utf8")
    }
  }
  const answered = new Promise<Answer | undefined>((resolve) => {
    settle = resolve
  })
  socket.on("data", (data: Buffer) => {
    received = Buffer.concat([received, data])
    const answer = parse()
    if (answer !== undefined) settle?.(answer)
  })
  let closed = false
  socket.on("close", () => {
    closed = true
    settle?.(parse())
  })
  return {
    // Resolves once written, or at once when the socket is gone (the write then fails, which tests look at).
    write: (data: string | Uint8Array) =>
      new Promise<void>((resolve) => (closed ? resolve() : socket.write(data, () => resolve()))),
    answered,
    /** The answer if it comes within `ms`, else "none yet". */
    within: (ms: number) =>
      Promise.race([answered, new Promise<"none yet">((resolve) => setTimeout(() => resolve("none yet"), ms))]),
    close: () => socket.destroy(),
    closed: () => closed
  }
}

const uploadHead = (options: {
  readonly key?: string | undefined
  readonly length?: number | undefined
  readonly boundary?: string | undefined
  readonly host?: string | undefined
  readonly path?: string | undefined
}) =>
  `POST ${options.path ?? "/api/v1/files/upload"} HTTP/1.1\r\nHost: ${options.host ?? "127.0.0.1"}\r\n` +
  (options.key === undefined ? "" : `Authorization: ${basic(options.key)}\r\n`) +
  `Content-Type: multipart/form-data; boundary=${options.boundary ?? "b"}\r\n` +
  (options.length === undefined ? "Transfer-Encoding: chunked\r\n" : `Content-Length: ${options.length}\r\n`) +
  "\r\n"

/** A multipart upload of `size` bytes of `fill` named `name`, as the parts around the file's bytes. */
const multipart = (name: string, size: number, fill = 7) => {
  const head = Buffer.from(
    `--b\r\nContent-Disposition: form-data; name="fileName"\r\n\r\n${name}\r\n` +
      `--b\r\nContent-Disposition: form-data; name="useUniqueFileName"\r\n\r\nfalse\r\n` +
      `--b\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n\r\n`
  )
  const tail = Buffer.from("\r\n--b--\r\n")
  const bytes = Buffer.alloc(size, fill)
  return { whole: Buffer.concat([head, bytes, tail]), length: head.length + size + tail.length }
}

const chunk = (data: Uint8Array) =>
  Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from("\r\n")])

const running: Array<Emulator.Running> = []
const start = async (options: Emulator.Options = {}) => {
  const emulator = await Emulator.start(options)
  running.push(emulator)
  return emulator
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()))
})

describe("the key is checked before the body is read", () => {
  it("answers a wrong key with 401 while the client is still sending, and holds none of the body", async () => {
    const emulator = await start({ privateKey: KEY })
    const connection = open(emulator.port)
    // 8 MiB declared, 1 KiB sent: an emulator that reads the body first never answers.
    await connection.write(uploadHead({ key: "wrong_key", length: 8 * 1024 * 1024 }) + "x".repeat(1024))
    const answer = await connection.within(2000)
    connection.close()
    expect(answer).not.toBe("none yet")
    if (answer === "none yet" || answer === undefined) return
    expect(answer.status).toBe(401)
    expect(JSON.parse(answer.body)).toMatchObject({
      message: "Your request does not contain private API key or it is invalid."
    })
    expect(emulator.model.files()).toHaveLength(0)
    expect(emulator.stats().bodyBytesPeak).toBe(0)
  })

  it("drains what the client still sends after an early answer, so it can read it, then cuts off at 16 MiB", async () => {
    const emulator = await start({ privateKey: KEY })
    const connection = open(emulator.port)
    await connection.write(uploadHead({ key: "wrong_key", length: 64 * 1024 * 1024 }))
    expect((await connection.answered)?.status).toBe(401)
    // The next 8 MiB are read and thrown away: the connection stays open while the client finishes writing.
    for (let sent = 0; sent < 8; sent++) await connection.write(Buffer.alloc(1024 * 1024))
    expect(connection.closed()).toBe(false)
    // Past 16 MiB the emulator stops listening.
    for (let sent = 8; sent < 24 && !connection.closed(); sent++) await connection.write(Buffer.alloc(1024 * 1024))
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(connection.closed()).toBe(true)
    expect(emulator.stats().bodyBytesPeak).toBe(0)
  })

  it("answers a missing key with 401 at once on API routes, whatever the body", async () => {
    const emulator = await start()
    const connection = open(emulator.port)
    await connection.write(
      "POST /v1/files/addTags HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
        "Content-Length: 1000000\r\n\r\n{"
    )
    const answer = await connection.within(2000)
    connection.close()
    expect(answer === "none yet" ? answer : answer?.status).toBe(401)
  })
})

describe("maxBodyBytes", () => {
  it("refuses a declared 2 GiB body at once with a 413 naming the limit, the option and the CLI flag", async () => {
    const emulator = await start({ privateKey: KEY })
    const connection = open(emulator.port)
    await connection.write(uploadHead({ key: KEY, length: 2 * 1024 ** 3 }) + "x".repeat(64 * 1024))
    const answer = await connection.within(2000)
    connection.close()
    expect(answer).not.toBe("none yet")
    if (answer === "none yet" || answer === undefined) return
    expect(answer.status).toBe(413)
    const body = JSON.parse(answer.body) as { message: string; help: string }
    expect(body.message).toContain("2 GiB")
    expect(`${body.message} ${body.help}`).toContain("maxBodyBytes")
    expect(`${body.message} ${body.help}`).toContain("--max-body")
  })

  it("takes a body up to the limit and refuses one byte more, also when it comes chunked", async () => {
    const limit = 64 * 1024
    const emulator = await start({ privateKey: KEY, maxBodyBytes: limit })
    const fits = multipart("fits.bin", limit - 400)
    expect(fits.length).toBeLessThanOrEqual(limit)
    const first = open(emulator.port)
    await first.write(Buffer.concat([Buffer.from(uploadHead({ key: KEY, length: fits.length })), fits.whole]))
    expect((await first.answered)?.status).toBe(200)
    first.close()

    const over = open(emulator.port)
    await over.write(uploadHead({ key: KEY, length: limit + 1 }))
    const refused = await over.within(2000)
    over.close()
    expect(refused === "none yet" ? refused : refused?.status).toBe(413)

    // Chunked: no length to judge up front, so it is refused once the bytes read pass the limit, not at the end.
    const chunked = open(emulator.port)
    await chunked.write(uploadHead({ key: KEY }))
    await chunked.write(chunk(Buffer.alloc(limit + 1, 1)))
    const cut = await chunked.within(2000)
    chunked.close()
    expect(cut === "none yet" ? cut : cut?.status).toBe(413)
    expect(emulator.model.files().map((file) => file.name)).toEqual(["fits.bin"])
  })

  it("defaults to a limit that takes the docs' 1 GiB uploads", async () => {
    const emulator = await start({ privateKey: KEY })
    const connection = open(emulator.port)
    // A 1 GiB file plus its multipart framing is declared, then the test hangs up: no 413 may come first.
    await connection.write(uploadHead({ key: KEY, length: 1024 ** 3 + 4096 }))
    const answer = await connection.within(300)
    connection.close()
    expect(answer).toBe("none yet")
  })
})

describe("the bytes held across concurrent requests", () => {
  it("holds a second body back (unread) while the first one uses the budget, then stores both", async () => {
    const emulator = await start({ privateKey: KEY, maxBufferedBytes: 100 * 1024 })
    const first = multipart("first.bin", 60 * 1024, 1)
    const second = multipart("second.bin", 60 * 1024, 2)
    const a = open(emulator.port)
    const b = open(emulator.port)
    await a.write(
      Buffer.concat([Buffer.from(uploadHead({ key: KEY, length: first.length })), first.whole.subarray(0, 1000)])
    )
    await new Promise((resolve) => setTimeout(resolve, 50))
    await b.write(Buffer.concat([Buffer.from(uploadHead({ key: KEY, length: second.length })), second.whole]))
    // Both bodies together exceed the budget: b waits for a, which is still sending.
    expect(await b.within(300)).toBe("none yet")
    await a.write(first.whole.subarray(1000))
    expect((await a.answered)?.status).toBe(200)
    expect((await b.answered)?.status).toBe(200)
    a.close()
    b.close()
    expect(emulator.model.files().map((file) => file.name)).toEqual(["first.bin", "second.bin"])
    expect(emulator.stats().bodyBytesPeak).toBeLessThanOrEqual(100 * 1024)
    expect(emulator.stats().bodyBytesHeld).toBe(0)
  })

  it("lets a body larger than the whole budget through alone", async () => {
    const emulator = await start({ privateKey: KEY, maxBufferedBytes: 16 * 1024 })
    const big = multipart("big.bin", 40 * 1024)
    const connection = open(emulator.port)
    await connection.write(Buffer.concat([Buffer.from(uploadHead({ key: KEY, length: big.length })), big.whole]))
    expect((await connection.answered)?.status).toBe(200)
    connection.close()
  })

  it("never gets stuck when every holder is a chunked body waiting for more", async () => {
    const emulator = await start({ privateKey: KEY, maxBufferedBytes: 32 * 1024 })
    const bodies = ["c1.bin", "c2.bin", "c3.bin"].map((name, index) => multipart(name, 24 * 1024, index + 1))
    const connections = bodies.map(() => open(emulator.port))
    // Each sends its first half (12 KiB framing included), so together they hold more than they may.
    for (const [index, connection] of connections.entries()) {
      await connection.write(uploadHead({ key: KEY }))
      await connection.write(chunk((bodies[index]?.whole ?? Buffer.alloc(0)).subarray(0, 12 * 1024)))
    }
    for (const [index, connection] of connections.entries()) {
      await connection.write(chunk((bodies[index]?.whole ?? Buffer.alloc(0)).subarray(12 * 1024)))
      await connection.write("0\r\n\r\n")
    }
    const answers = await Promise.all(connections.map((connection) => connection.answered))
    for (const connection of connections) connection.close()
    expect(answers.map((answer) => answer?.status)).toEqual([200, 200, 200])
    expect(emulator.stats().bodyBytesHeld).toBe(0)
  })

  it("gives a request's share back when its client goes away mid-body", async () => {
    const emulator = await start({ privateKey: KEY, maxBufferedBytes: 100 * 1024 })
    const first = multipart("gone.bin", 80 * 1024)
    const a = open(emulator.port)
    await a.write(
      Buffer.concat([Buffer.from(uploadHead({ key: KEY, length: first.length })), first.whole.subarray(0, 100)])
    )
    await new Promise((resolve) => setTimeout(resolve, 50))
    a.close()
    const second = multipart("after.bin", 80 * 1024)
    const b = open(emulator.port)
    await b.write(Buffer.concat([Buffer.from(uploadHead({ key: KEY, length: second.length })), second.whole]))
    expect((await b.answered)?.status).toBe(200)
    b.close()
    expect(emulator.stats().bodyBytesHeld).toBe(0)
  })
})

describe("requests the emulator cannot parse", () => {
  it.each([["a b"], ["exa mple.com:80"], ["[::1"], ["127.0.0.1:99999"], ["a/b"], ["user@host"]])(
    "answers Host %j with 400, not 500",
    async (host) => {
      const emulator = await start()
      const connection = open(emulator.port)
      await connection.write(`GET /v1/files HTTP/1.1\r\nHost: ${host}\r\nAuthorization: ${basic(KEY)}\r\n\r\n`)
      const answer = await connection.answered
      connection.close()
      expect(answer?.status).toBe(400)
    }
  )

  it("serves a file whatever host name the client used for 127.0.0.1 (localhost included)", async () => {
    const emulator = await start({ privateKey: KEY })
    emulator.model.seedFile({ fileName: "hello.txt", data: new TextEncoder().encode("hello") })
    for (const host of [`127.0.0.1:${emulator.port}`, `localhost:${emulator.port}`, "localhost"]) {
      const connection = open(emulator.port)
      await connection.write(`GET /delivery/hello.txt HTTP/1.1\r\nHost: ${host}\r\n\r\n`)
      const answer = await connection.answered
      connection.close()
      expect(answer?.status, host).toBe(200)
      expect(answer?.body).toBe("hello")
    }
  })
})
