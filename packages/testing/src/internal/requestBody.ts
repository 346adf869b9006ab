/**
 * Reading a request body on the Node server, within two limits: `maxBodyBytes` per request (a declared
 * `Content-Length` over it is refused before a byte is read; a chunked body once it passes it), and the shared
 * `ByteBudget` of bytes held across requests (a body waits, unread, until its bytes fit). A body with a length is read
 * into one buffer of that size, so it is held once, not as chunks plus a copy.
 */
import type { IncomingMessage } from "node:http"
import type { ByteBudget } from "./byteBudget.js"

export type BodyResult =
  | { readonly _tag: "Body"; readonly bytes: Uint8Array }
  | { readonly _tag: "TooLarge"; readonly declared: number | undefined }
  | { readonly _tag: "Gone" }
  | { readonly _tag: "BadLength" }

/** The declared length: a number, `undefined` for none (chunked or empty), or "bad" for a value that is not one. */
export const declaredLength = (request: IncomingMessage): number | undefined | "bad" => {
  const header = request.headers["content-length"]
  if (header === undefined) return undefined
  return /^\d+$/.test(header) ? Number(header) : "bad"
}

/** Whether the request has a body at all (Node has already refused a malformed framing). */
export const hasBody = (request: IncomingMessage): boolean =>
  request.headers["transfer-encoding"] !== undefined ||
  (request.headers["content-length"] !== undefined && request.headers["content-length"] !== "0")

/**
 * Reads the body of `request`, holding a reservation from `budget` for its bytes until `done` is called by the
 * caller (the body is held until the answer is sent). `limit` is `maxBodyBytes`.
 */
export const readBody = (
  request: IncomingMessage,
  limit: number,
  budget: ByteBudget
): { readonly result: Promise<BodyResult>; readonly done: () => void } => {
  const reservation = budget.open()
  const done = reservation.release
  const declared = declaredLength(request)
  if (declared === "bad") return { result: Promise.resolve({ _tag: "BadLength" }), done }
  if (declared !== undefined && declared > limit) {
    return { result: Promise.resolve({ _tag: "TooLarge", declared }), done }
  }
  if (!hasBody(request)) {
    request.resume()
    return { result: Promise.resolve({ _tag: "Body", bytes: new Uint8Array(0) }), done }
  }
  const result = new Promise<BodyResult>((resolve) => {
    let settled = false
    const settle = (outcome: BodyResult) => {
      if (settled) return
      settled = true
      request.removeListener("data", onData)
      resolve(outcome)
    }
    const gone = () => settle({ _tag: "Gone" })
    request.once("aborted", gone)
    request.once("error", gone)
    request.once("close", () => {
      if (!request.complete) gone()
    })
    // With a length: one buffer, reserved whole before the first byte is read.
    const whole = declared === undefined ? undefined : Buffer.allocUnsafeSlow(declared)
    const chunks: Array<Uint8Array> = []
    let size = 0
    const onData = (data: Buffer) => {
      size += data.length
      if (size > limit) {
        settle({ _tag: "TooLarge", declared })
        return
      }
      if (whole !== undefined) {
        whole.set(data, size - data.length)
        return
      }
      chunks.push(data)
      const pending = reservation.take(data.length)
      if (pending !== undefined) {
        request.pause()
        void pending.then(() => {
          if (!settled) request.resume()
        })
      }
    }
    request.once("end", () => {
      if (whole !== undefined) return settle({ _tag: "Body", bytes: whole.subarray(0, size) })
      // Copy the chunks into one buffer, dropping each as it is copied so the collector can free it.
      const bytes = new Uint8Array(size)
      let offset = 0
      for (let index = 0; index < chunks.length; index++) {
        const piece = chunks[index]
        if (piece === undefined) continue
        bytes.set(piece, offset)
        offset += piece.length
        chunks[index] = EMPTY
      }
      settle({ _tag: "Body", bytes })
    })
    const start = () => {
      if (settled) return
      request.on("data", onData)
      request.resume()
    }
    const pending = declared === undefined ? undefined : reservation.take(declared)
    if (pending === undefined) start()
    else {
      // Not reading leaves the bytes in the socket: the client is held back by TCP flow control.
      request.pause()
      void pending.then(start)
    }
  })
  return { result, done }
}

const EMPTY = new Uint8Array(0)
