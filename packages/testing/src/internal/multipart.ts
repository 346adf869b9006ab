/**
 * A `multipart/form-data` reader (RFC 7578) over a body already in memory. File parts are views into the body
 * (`subarray`), never copies, so a 1 GiB upload costs the emulator its body once; text parts are decoded as UTF-8.
 * Web-only APIs, so the mock layer and the Node server parse alike.
 */
import type { FormPart } from "./model/index.js"

const CR = 13
const LF = 10
const DASH = 45

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** The `boundary` parameter of a multipart content type (quoted or not), or undefined. */
export const boundaryOf = (contentType: string): string | undefined => {
  const match = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(contentType)
  const boundary = match?.[1] ?? match?.[2]
  // RFC 2046: 1 to 70 characters.
  return boundary === undefined || boundary.length > 70 ? undefined : boundary
}

/** The first index of `needle` in `haystack` at or after `from`, or -1; the native scan finds candidates. */
const indexOf = (haystack: Uint8Array, needle: Uint8Array, from: number): number => {
  const first = needle[0] ?? 0
  const last = haystack.length - needle.length
  let at = from
  while (at <= last) {
    at = haystack.indexOf(first, at)
    if (at === -1 || at > last) return -1
    let index = 1
    while (index < needle.length && haystack[at + index] === needle[index]) index++
    if (index === needle.length) return at
    at++
  }
  return -1
}

/**
 * A header parameter such as `name="file"`. Quoted values follow the HTML standard's multipart encoding, which
 * browsers and fetch use: `"`, CR and LF travel as `%22`, `%0D` and `%0A`, and a backslash is an ordinary character.
 */
const parameter = (header: string, key: string): string | undefined => {
  const pattern = new RegExp(`;\\s*${key}\\s*=\\s*(?:"([^"]*)"|([^;\\s]*))`, "i")
  const match = pattern.exec(header)
  if (match === null) return undefined
  if (match[1] !== undefined) {
    return match[1].replace(/%(22|0D|0A)/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
  }
  return match[2]
}

/** RFC 5987 `filename*=utf-8''…`, which wins over `filename` when both are sent. */
const extendedParameter = (header: string, key: string): string | undefined => {
  const raw = parameter(header, `${key}\\*`)
  const match = raw === undefined ? null : /^([^']*)'[^']*'(.*)$/.exec(raw)
  if (match === null) return undefined
  try {
    return decodeURIComponent(match[2] ?? "")
  } catch {
    return undefined
  }
}

interface PartHeaders {
  readonly name: string
  readonly fileName: string | undefined
  readonly contentType: string | undefined
}

const partHeaders = (text: string): PartHeaders | undefined => {
  let disposition: string | undefined
  let contentType: string | undefined
  for (const line of text.split("\r\n")) {
    const colon = line.indexOf(":")
    if (colon <= 0) return undefined
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    if (name === "content-disposition") disposition = value
    else if (name === "content-type") contentType = value
  }
  if (disposition === undefined || !/^form-data\s*(;|$)/i.test(disposition)) return undefined
  const name = parameter(disposition, "name")
  if (name === undefined) return undefined
  const fileName = extendedParameter(disposition, "filename") ?? parameter(disposition, "filename")
  return { name, fileName, contentType }
}

/**
 * The parts of a multipart body, in order, or `undefined` when it is not well formed (no opening delimiter, a part
 * without a `form-data` disposition or name, or no closing delimiter).
 */
export const parseMultipart = (body: Uint8Array, boundary: string): ReadonlyArray<FormPart> | undefined => {
  const delimiter = encoder.encode(`--${boundary}`)
  const separator = encoder.encode(`\r\n--${boundary}`)
  const headerEnd = encoder.encode("\r\n\r\n")
  // The first delimiter may follow a preamble, and then always starts a line.
  let at = body.length >= delimiter.length && indexOf(body.subarray(0, delimiter.length), delimiter, 0) === 0 ? 0 : -1
  if (at === -1) {
    const found = indexOf(body, separator, 0)
    if (found === -1) return undefined
    at = found + 2
  }
  const parts: Array<FormPart> = []
  for (;;) {
    let cursor = at + delimiter.length
    if (body[cursor] === DASH && body[cursor + 1] === DASH) return parts
    // Transport padding (spaces and tabs) may follow a delimiter before its line break.
    while (body[cursor] === 32 || body[cursor] === 9) cursor++
    if (body[cursor] !== CR || body[cursor + 1] !== LF) return undefined
    cursor += 2
    const headersStop = body[cursor] === CR && body[cursor + 1] === LF ? cursor : indexOf(body, headerEnd, cursor)
    if (headersStop === -1) return undefined
    const headers = partHeaders(decoder.decode(body.subarray(cursor, headersStop)))
    if (headers === undefined) return undefined
    const contentStart = headersStop === cursor ? cursor + 2 : headersStop + 4
    const next = indexOf(body, separator, contentStart)
    if (next === -1) return undefined
    const content = body.subarray(contentStart, next)
    parts.push(
      headers.fileName === undefined
        ? { name: headers.name, value: decoder.decode(content) }
        : {
            name: headers.name,
            fileName: headers.fileName,
            contentType: headers.contentType ?? "application/octet-stream",
            data: content
          }
    )
    at = next + 2
  }
}
