/**
 * The emulator's multipart reader against RFC 2046 / 7578 facts, and differentially against the platform's own
 * `Request.formData()` on bodies the platform's `FormData` serialises (what fetch-based clients send).
 */
import { describe, expect, it } from "vitest"
import type { FormPart } from "../src/internal/model/index.js"
import { boundaryOf, parseMultipart } from "../src/internal/multipart.js"

const bytes = (text: string) => new TextEncoder().encode(text)

const summary = (parts: ReadonlyArray<FormPart> | undefined) =>
  parts?.map((part) =>
    "value" in part
      ? { name: part.name, value: part.value }
      : { name: part.name, fileName: part.fileName, type: part.contentType, data: [...part.data] }
  )

describe("boundaryOf", () => {
  it("reads quoted and bare boundaries and refuses one over 70 characters", () => {
    expect(boundaryOf("multipart/form-data; boundary=abc")).toBe("abc")
    expect(boundaryOf('multipart/form-data; charset=utf-8; BOUNDARY="a b;c"')).toBe("a b;c")
    expect(boundaryOf("multipart/form-data")).toBeUndefined()
    expect(boundaryOf(`multipart/form-data; boundary=${"x".repeat(71)}`)).toBeUndefined()
  })
})

describe("parseMultipart", () => {
  it("reads text and file parts, skipping a preamble and an epilogue, with transport padding after a delimiter", () => {
    const body = bytes(
      "preamble to ignore\r\n--XY  \r\n" +
        'Content-Disposition: form-data; name="fileName"\r\n\r\nsnow ☃.png\r\n' +
        '--XY\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\nContent-Type: image/png\r\n\r\n' +
        "\r\n--X\r\n\r\n--XY--\r\nepilogue"
    )
    expect(summary(parseMultipart(body, "XY"))).toEqual([
      { name: "fileName", value: "snow ☃.png" },
      { name: "file", fileName: "a.bin", type: "image/png", data: [...bytes("\r\n--X\r\n")] }
    ])
  })

  it("gives file parts as views into the body, not copies", () => {
    const body = bytes('--b\r\nContent-Disposition: form-data; name="file"; filename="x"\r\n\r\nDATA\r\n--b--')
    const [part] = parseMultipart(body, "b") ?? []
    expect(part !== undefined && "data" in part && part.data.buffer === body.buffer).toBe(true)
  })

  it("prefers filename* (RFC 5987) and decodes %22, %0D and %0A in quoted names, as the HTML standard encodes them", () => {
    const body = bytes(
      '--b\r\nContent-Disposition: form-data; name="a%22b\\%0d%0A"; filename="plain.txt"; ' +
        "filename*=UTF-8''%E2%98%83.txt\r\n\r\nx\r\n--b--\r\n"
    )
    expect(summary(parseMultipart(body, "b"))).toEqual([
      { name: 'a"b\\\r\n', fileName: "☃.txt", type: "application/octet-stream", data: [120] }
    ])
  })

  it.each([
    ["no delimiter at all", "hello"],
    ["no closing delimiter", '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nx'],
    ["a part without a name", "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--"],
    ["a part that is not form-data", '--b\r\nContent-Disposition: attachment; name="a"\r\n\r\nx\r\n--b--'],
    ["a header line without a colon", '--b\r\nContent-Disposition: form-data; name="a"\r\nbroken\r\n\r\nx\r\n--b--'],
    ["garbage after a delimiter", '--bzz\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--b--']
  ])("refuses %s", (_, text) => {
    expect(parseMultipart(bytes(text), "b")).toBeUndefined()
  })

  it("reads what the platform's FormData sends exactly as the platform's own parser does", async () => {
    let seed = 12345
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    const alphabet = ["a", "Z", "0", " ", "-", "\r", "\n", "\r\n", "--", '"', "☃", "%", ";", "=", "\\"]
    const text = (length: number) =>
      Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)] ?? "").join("")
    for (let round = 0; round < 60; round++) {
      const form = new FormData()
      const fields = 1 + Math.floor(random() * 4)
      for (let index = 0; index < fields; index++) {
        const name = `f${index}${text(3)}`
        if (random() < 0.5) form.append(name, text(Math.floor(random() * 40)))
        else {
          const data = Uint8Array.from({ length: Math.floor(random() * 300) }, () => Math.floor(random() * 256))
          form.append(name, new Blob([data], { type: random() < 0.5 ? "image/png" : "" }), `n${text(4)}.bin`)
        }
      }
      const request = new Request("http://x/", { method: "POST", body: form })
      const contentType = request.headers.get("content-type") ?? ""
      const body = new Uint8Array(await request.clone().arrayBuffer())
      const expected: Array<unknown> = []
      for (const [name, value] of (await request.formData()).entries()) {
        expected.push(
          typeof value === "string"
            ? { name, value }
            : {
                name,
                fileName: value.name,
                type: value.type || "application/octet-stream",
                data: [...new Uint8Array(await value.arrayBuffer())]
              }
        )
      }
      const boundary = boundaryOf(contentType)
      expect(boundary).toBeDefined()
      expect(summary(parseMultipart(body, boundary ?? "")), `round ${round}`).toEqual(expected)
    }
  })
})
