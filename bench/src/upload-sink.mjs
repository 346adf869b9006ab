/**
 * A loopback upload sink: a `node:http` server on 127.0.0.1 that accepts `POST /api/v1/files/upload` bodies of any
 * size and any framing (Content-Length or chunked), counts the bytes as they arrive and drops them, then answers
 * a small upload response shaped like the emulator's (the fields our Schema and the peers read). Nothing is kept,
 * so the sink costs the same few MiB whatever the upload size, and its own memory never mixes with the client's
 * (clients run in other processes).
 *
 * It also checks what a real upload endpoint would: a `multipart/form-data` content type with a boundary, and a body
 * that ends with that boundary's closing delimiter (`--boundary--`, optionally followed by CRLF). `uploads` lists
 * every finished request: bytes, milliseconds from the first byte to the last, and whether the framing held.
 */
import { createServer } from "node:http"
import { performance } from "node:perf_hooks"

const UPLOAD_PATH = "/api/v1/files/upload"

/** The answer to an upload, with the byte count as `size`. */
const uploadResponse = (url, bytes, index) => {
  const fileId = `sink${String(index).padStart(20, "0")}`
  return JSON.stringify({
    fileId,
    name: `upload-${index}.bin`,
    filePath: `/upload-${index}.bin`,
    url: `${url}/delivery/upload-${index}.bin`,
    thumbnailUrl: null,
    size: bytes,
    tags: null,
    AITags: null,
    versionInfo: { id: fileId, name: "Version 1" },
    isPrivateFile: false,
    isPublished: true,
    customCoordinates: null,
    fileType: "non-image",
    customMetadata: {}
  })
}

/** Starts the sink; resolves to `{ url, uploads, reset, close }`. */
export const startUploadSink = () =>
  new Promise((resolve) => {
    const uploads = []
    let index = 0
    let url = ""
    const server = createServer((request, response) => {
      if (request.method !== "POST" || request.url?.split("?")[0] !== UPLOAD_PATH) {
        request.resume()
        response.writeHead(404, { "content-type": "application/json" })
        response.end(JSON.stringify({ message: "Not found", help: "" }))
        return
      }
      const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(request.headers["content-type"] ?? "")
      const closing = boundary === null ? undefined : Buffer.from(`--${boundary[1] ?? boundary[2]}--`)
      let bytes = 0
      let first
      // The last few bytes only, to check the closing delimiter; every chunk is dropped once counted.
      let tail = Buffer.alloc(0)
      request.on("data", (chunk) => {
        first ??= performance.now()
        bytes += chunk.length
        tail = Buffer.concat([tail, chunk.subarray(Math.max(0, chunk.length - 256))])
        if (tail.length > 256) tail = tail.subarray(tail.length - 256)
      })
      request.on("end", () => {
        const trimmed = tail.toString("latin1").replace(/\r\n$/, "")
        const framed = closing !== undefined && trimmed.endsWith(closing.toString("latin1"))
        index += 1
        uploads.push({
          bytes,
          ms: first === undefined ? 0 : performance.now() - first,
          framed,
          chunked: request.headers["transfer-encoding"] === "chunked",
          contentLength:
            request.headers["content-length"] === undefined ? null : Number(request.headers["content-length"])
        })
        const payload = framed
          ? uploadResponse(url, bytes, index)
          : JSON.stringify({ message: "Your request does not contain a valid multipart body", help: "" })
        response.writeHead(framed ? 200 : 400, {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(payload),
          "x-request-id": `sink-${index}`
        })
        response.end(payload)
      })
    })
    server.listen(0, "127.0.0.1", () => {
      url = `http://127.0.0.1:${server.address().port}`
      resolve({
        url,
        uploads,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections()
            server.close(() => done())
          })
      })
    })
  })
