/**
 * Where each HTTP/1.1 request begins and ends in the bytes a client sends, so the fault proxy can act on one request
 * (cut its body, drop its answer) rather than on a connection. It reads only the framing: the head, then a body of
 * `content-length` bytes or `chunked` coding. What it cannot frame (a malformed head, both or neither of the two
 * lengths in a way HTTP forbids) switches the connection to a raw tunnel: the bytes still pass, unattributed.
 */

/** What the head of a request said about itself. */
export interface RequestHead {
  readonly method: string
  /** The request target as sent: path and query. */
  readonly target: string
  /** The body's length, `"chunked"`, or 0 for none. */
  readonly body: number | "chunked"
}

/**
 * A run of bytes of one request. `head` is the whole head at once (the framer holds head bytes until the blank line
 * arrives); `last` marks the piece holding the request's final byte. In tunnel mode `request` is `undefined`.
 */
export interface Piece {
  readonly request: number | undefined
  readonly bytes: Buffer
  readonly head?: RequestHead | undefined
  readonly last: boolean
}

const CRLF_CRLF = Buffer.from("\r\n\r\n")
const MAX_HEAD_BYTES = 256 * 1024
const MAX_CHUNK_LINE_BYTES = 4096

type State =
  | { readonly _tag: "Head" }
  | { readonly _tag: "Length"; remaining: number }
  | { readonly _tag: "ChunkLine" }
  | { readonly _tag: "ChunkData"; remaining: number }
  | { readonly _tag: "Trailer" }
  | { readonly _tag: "Tunnel" }

const parseHead = (text: string): RequestHead | undefined => {
  const lines = text.split("\r\n")
  const requestLine = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+) HTTP\/1\.[01]$/.exec(lines[0] ?? "")
  if (requestLine === null) return undefined
  const lengths: Array<string> = []
  let chunked = false
  let otherCoding = false
  for (const line of lines.slice(1)) {
    if (line === "") continue
    const colon = line.indexOf(":")
    if (colon <= 0) return undefined
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    if (name === "content-length") lengths.push(value)
    if (name === "transfer-encoding") {
      const codings = value
        .toLowerCase()
        .split(",")
        .map((coding) => coding.trim())
      if (codings[codings.length - 1] === "chunked") chunked = true
      else otherCoding = true
    }
  }
  const method = requestLine[1] ?? ""
  const target = requestLine[2] ?? ""
  if (otherCoding || (chunked && lengths.length > 0)) return undefined
  if (chunked) return { method, target, body: "chunked" }
  if (lengths.length === 0) return { method, target, body: 0 }
  if (new Set(lengths).size !== 1 || !/^[0-9]{1,15}$/.test(lengths[0] ?? "")) return undefined
  return { method, target, body: Number(lengths[0]) }
}

/** A framer for one connection's client-to-server bytes. */
export class RequestFramer {
  private state: State = { _tag: "Head" }
  private held: Buffer = Buffer.alloc(0)
  private index = -1

  /** The requests whose first byte has arrived so far. */
  get started(): number {
    return this.index + 1
  }

  /** Splits `chunk` into pieces of requests, in order. */
  push(chunk: Buffer): Array<Piece> {
    const pieces: Array<Piece> = []
    let data = this.held.length > 0 ? Buffer.concat([this.held, chunk]) : chunk
    this.held = Buffer.alloc(0)
    while (data.length > 0) {
      const state = this.state
      switch (state._tag) {
        case "Tunnel":
          pieces.push({ request: undefined, bytes: data, last: false })
          return pieces
        case "Head": {
          const end = data.indexOf(CRLF_CRLF)
          if (end === -1) {
            if (data.length > MAX_HEAD_BYTES) return this.tunnel(pieces, data)
            this.held = data
            return pieces
          }
          const head = parseHead(data.subarray(0, end).toString("latin1"))
          if (head === undefined) return this.tunnel(pieces, data)
          this.index += 1
          const bytes = data.subarray(0, end + 4)
          data = data.subarray(end + 4)
          if (head.body === 0) {
            pieces.push({ request: this.index, bytes, head, last: true })
          } else {
            pieces.push({ request: this.index, bytes, head, last: false })
            this.state = head.body === "chunked" ? { _tag: "ChunkLine" } : { _tag: "Length", remaining: head.body }
          }
          break
        }
        case "Length": {
          const take = Math.min(state.remaining, data.length)
          state.remaining -= take
          const last = state.remaining === 0
          pieces.push({ request: this.index, bytes: data.subarray(0, take), last })
          if (last) this.state = { _tag: "Head" }
          data = data.subarray(take)
          break
        }
        case "ChunkLine": {
          const end = data.indexOf("\r\n")
          if (end === -1) {
            if (data.length > MAX_CHUNK_LINE_BYTES) return this.tunnel(pieces, data)
            this.held = data
            return pieces
          }
          const size = /^([0-9A-Fa-f]{1,12})(;.*)?$/.exec(data.subarray(0, end).toString("latin1"))
          if (size === null) return this.tunnel(pieces, data)
          const length = Number.parseInt(size[1] ?? "", 16)
          pieces.push({ request: this.index, bytes: data.subarray(0, end + 2), last: false })
          data = data.subarray(end + 2)
          this.state = length === 0 ? { _tag: "Trailer" } : { _tag: "ChunkData", remaining: length + 2 }
          break
        }
        case "ChunkData": {
          const take = Math.min(state.remaining, data.length)
          state.remaining -= take
          pieces.push({ request: this.index, bytes: data.subarray(0, take), last: false })
          if (state.remaining === 0) this.state = { _tag: "ChunkLine" }
          data = data.subarray(take)
          break
        }
        case "Trailer": {
          // Trailer fields, then an empty line; a body with no trailer ends with that empty line at once.
          const end = data.indexOf("\r\n")
          if (end === -1) {
            if (data.length > MAX_HEAD_BYTES) return this.tunnel(pieces, data)
            this.held = data
            return pieces
          }
          const last = end === 0
          pieces.push({ request: this.index, bytes: data.subarray(0, end + 2), last })
          if (last) this.state = { _tag: "Head" }
          data = data.subarray(end + 2)
          break
        }
      }
    }
    return pieces
  }

  private tunnel(pieces: Array<Piece>, data: Buffer): Array<Piece> {
    this.state = { _tag: "Tunnel" }
    pieces.push({ request: undefined, bytes: data, last: false })
    return pieces
  }
}

/** The status and headers at the start of an answer, once its head has arrived. */
export interface AnswerHead {
  readonly status: number
  /** Header names in lower case; a repeated header keeps its first value. */
  readonly headers: Readonly<Record<string, string>>
}

/** Reads the head of an answer from its first bytes: `"incomplete"` until the blank line has arrived. */
export const parseAnswerHead = (bytes: Buffer): AnswerHead | "incomplete" | "malformed" => {
  const end = bytes.indexOf(CRLF_CRLF)
  if (end === -1) return bytes.length > MAX_HEAD_BYTES ? "malformed" : "incomplete"
  const lines = bytes.subarray(0, end).toString("latin1").split("\r\n")
  const statusLine = /^HTTP\/1\.[01] ([0-9]{3})/.exec(lines[0] ?? "")
  if (statusLine === null) return "malformed"
  const headers: Record<string, string> = Object.create(null)
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":")
    if (colon <= 0) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    if (!(name in headers)) headers[name] = line.slice(colon + 1).trim()
  }
  return { status: Number(statusLine[1]), headers }
}
