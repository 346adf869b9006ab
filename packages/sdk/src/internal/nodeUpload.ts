/**
 * Uploads over `node:http` / `node:https` on Node. Node's `fetch` (undici) keeps a streamed request body in memory
 * until the request ends (nodejs/undici#4058), so a 256 MiB upload grew the process by ~270-310 MiB; writing to
 * `http.request` with backpressure grew it by ~40 MiB (docs/decisions/0009-streaming-uploads.md).
 *
 * Each upload gets a connection of its own (no keep-alive pool): a reused idle socket that the server closed at the
 * same moment fails the request after its body was written, which would turn into a needless "outcome unknown"; a
 * fresh connection that fails to connect proves nothing was sent. Reading of the source starts only once the
 * connection is up, so a refused connection leaves a one-shot stream unread for the next attempt.
 */
import type { IncomingMessage } from "node:http"
import { type MultipartBody, type Reader, SourceError } from "./uploadBody.js"

/** Whether this runtime is Node (Bun and Deno expose `process.versions.node` too, with working `node:http`). */
export const available = (): boolean =>
  typeof process === "object" && process !== null && typeof process.versions?.node === "string"

/** The answer to an upload: status, lower-case headers and the body text. */
export interface NodeAnswer {
  readonly status: number
  readonly headers: Record<string, string>
  readonly text: string
}

/**
 * Where the request was when it failed: before the connection was up (nothing was sent), while the body was being
 * written (the server cannot have the whole body), or after the whole body was handed to the socket.
 */
export type Phase = "Connect" | "Body" | "Sent"

export type NodeFailure =
  | { readonly _tag: "Transport"; readonly phase: Phase; readonly cause: unknown; readonly bytesSent: number }
  | { readonly _tag: "Source"; readonly error: SourceError; readonly bytesSent: number }
  | { readonly _tag: "Idle"; readonly phase: Phase; readonly bytesSent: number }
  | { readonly _tag: "InvalidUrl"; readonly cause: unknown }

export interface NodeUploadOptions {
  readonly url: string
  readonly headers: Record<string, string>
  readonly body: MultipartBody
  /** A reader over the whole body; closed when the upload settles or is aborted. */
  readonly reader: Reader
  /** The attempt fails when nothing was sent or received for this long. */
  readonly idleMillis: number | undefined
  /** File bytes written to the socket so far. */
  readonly onSent: (fileBytesSent: number) => void
}

export interface NodeUpload {
  readonly result: Promise<NodeAnswer>
  /** Stops at once: destroys the socket and closes the source. */
  readonly abort: () => void
}

type Request = (url: URL, options: import("node:http").RequestOptions) => import("node:http").ClientRequest

// Loaded on the first upload: the module stays importable where node:http does not exist (browsers, edge).
const requesters: { http?: Promise<Request>; https?: Promise<Request> } = {}

const load = (secure: boolean): Promise<Request> => {
  if (secure) {
    if (requesters.https === undefined) requesters.https = import("node:https").then((https) => https.request)
    return requesters.https
  }
  if (requesters.http === undefined) requesters.http = import("node:http").then((http) => http.request)
  return requesters.http
}

const headerRecord = (response: IncomingMessage): Record<string, string> => {
  const record: Record<string, string> = {}
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) record[name] = Array.isArray(value) ? value.join(", ") : value
  }
  return record
}

/** Starts one upload; `result` settles once with the answer or a `NodeFailure`. */
export const start = (options: NodeUploadOptions): NodeUpload => {
  const { body, reader } = options
  let aborted = false
  let settled = false
  let phase: Phase = "Connect"
  let fileBytesSent = 0
  let destroy: (() => void) | undefined
  let timer: ReturnType<typeof setTimeout> | undefined

  const closeReader = () => {
    void reader.close().catch(() => undefined)
  }

  const result = new Promise<NodeAnswer>((resolve, reject) => {
    const finish = (outcome: { readonly ok: true; readonly answer: NodeAnswer } | NodeFailure) => {
      if (settled) return
      settled = true
      if (timer !== undefined) clearTimeout(timer)
      closeReader()
      if ("ok" in outcome) resolve(outcome.answer)
      else {
        destroy?.()
        reject(outcome)
      }
    }
    const touch = () => {
      if (options.idleMillis === undefined || settled) return
      if (timer !== undefined) clearTimeout(timer)
      timer = setTimeout(() => finish({ _tag: "Idle", phase, bytesSent: fileBytesSent }), options.idleMillis)
    }
    let url: URL
    try {
      url = new URL(options.url)
    } catch (cause) {
      finish({ _tag: "InvalidUrl", cause })
      return
    }
    touch()
    load(url.protocol === "https:").then(
      (send) => {
        if (aborted || settled) return
        const headers: Record<string, string> = { ...options.headers, "content-type": body.contentType }
        if (body.length !== undefined) headers["content-length"] = String(body.length)
        const request = send(url, { method: "POST", headers, agent: false })
        destroy = () => request.destroy()
        request.on("error", (cause) => finish({ _tag: "Transport", phase, cause, bytesSent: fileBytesSent }))
        request.on("response", (response) => {
          // An early answer (a 429 or 413 before the body was read) ends the upload as well.
          phase = "Sent"
          touch()
          const chunks: Array<Buffer> = []
          response.on("data", (chunk: Buffer) => {
            chunks.push(chunk)
            touch()
          })
          response.on("error", (cause) => finish({ _tag: "Transport", phase, cause, bytesSent: fileBytesSent }))
          response.on("end", () => {
            finish({
              ok: true,
              answer: {
                status: response.statusCode ?? 0,
                headers: headerRecord(response),
                text: Buffer.concat(chunks).toString("utf8")
              }
            })
            // The server answered before taking the whole body: this connection has nothing more to do.
            if (!request.writableFinished) request.destroy()
          })
        })
        request.on("finish", () => {
          phase = "Sent"
        })
        const pump = async () => {
          phase = "Body"
          touch()
          while (!settled) {
            let chunk: Uint8Array | undefined
            try {
              chunk = await reader.read()
            } catch (cause) {
              const error =
                cause instanceof SourceError
                  ? cause
                  : new SourceError("SourceFailed", "Reading the upload source failed", cause)
              finish({ _tag: "Source", error, bytesSent: fileBytesSent })
              return
            }
            if (settled) return
            if (chunk === undefined) {
              request.end()
              return
            }
            const size = chunk.byteLength
            // Framing segments come out of the reader as the very arrays of the body; anything else is file bytes.
            const isFile = !body.segments.includes(chunk)
            const flushed = request.write(chunk, (error) => {
              if (error !== null && error !== undefined) return
              if (isFile) {
                fileBytesSent += size
                options.onSent(fileBytesSent)
              }
              touch()
            })
            if (!flushed) {
              await new Promise<void>((resume) => {
                const done = () => {
                  request.off("drain", done)
                  request.off("close", done)
                  resume()
                }
                request.on("drain", done)
                request.on("close", done)
              })
            }
          }
        }
        request.on("socket", (socket) => {
          if (socket.connecting) socket.once("connect", () => void pump())
          else void pump()
        })
      },
      (cause: unknown) => finish({ _tag: "Transport", phase: "Connect", cause, bytesSent: 0 })
    )
  })
  return {
    result,
    abort: () => {
      aborted = true
      if (!settled) {
        settled = true
        if (timer !== undefined) clearTimeout(timer)
        destroy?.()
        closeReader()
      }
    }
  }
}
