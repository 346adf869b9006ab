/**
 * The emulator's opt-in fetch of an upload's `file` URL (ImageKit fetches such URLs itself). Only loopback hosts are
 * fetched (127.0.0.0/8, ::1, `localhost`), redirects are refused (one could lead off the machine), the answer must
 * start within 8 s (ImageKit's limit) and stay within `maxBodyBytes`.
 */
import type { RemoteFile, RemoteRefusal } from "./gateway.js"

const HEADERS_TIMEOUT_MS = 8000

const refusal = (detail: string): RemoteRefusal => ({
  _tag: "RemoteRefusal",
  message: `Your request contains invalid file parameter. ${detail}`
})

/** Whether the URL's host is this machine: `localhost`, an IPv4 address in 127.0.0.0/8, or `[::1]`. */
export const isLoopbackHost = (hostname: string): boolean =>
  hostname === "localhost" ||
  hostname === "[::1]" ||
  /^127\.(25[0-5]|2[0-4]\d|1?\d?\d)\.(25[0-5]|2[0-4]\d|1?\d?\d)\.(25[0-5]|2[0-4]\d|1?\d?\d)$/.test(hostname)

const fileNameOf = (url: URL): string => {
  const last = url.pathname
    .split("/")
    .filter((segment) => segment !== "")
    .at(-1)
  try {
    return last === undefined ? "file" : decodeURIComponent(last)
  } catch {
    return last ?? "file"
  }
}

/** Reads a body up to `limit` bytes; `undefined` once it passes the limit (the rest is not read). */
const readLimited = async (body: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array | undefined> => {
  const reader = body.getReader()
  const chunks: Array<Uint8Array> = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.length
    if (size > limit) {
      await reader.cancel()
      return undefined
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.length
  }
  return bytes
}

export const makeRemoteFetch =
  (limit: number) =>
  async (text: string): Promise<RemoteFile | RemoteRefusal> => {
    let url: URL
    try {
      url = new URL(text)
    } catch {
      return refusal("The file URL is not valid.")
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return refusal("Only http(s) URLs are fetched.")
    if (!isLoopbackHost(url.hostname)) {
      return refusal(
        `The emulator fetches only loopback URLs (127.0.0.1, ::1, localhost), so that a test cannot make it reach ` +
          `another machine; ${url.hostname} is not one.`
      )
    }
    const abort = new AbortController()
    const timer = setTimeout(() => abort.abort(), HEADERS_TIMEOUT_MS)
    let response: Response
    try {
      response = await fetch(url, { redirect: "manual", signal: abort.signal })
    } catch {
      return refusal(`The emulator could not fetch ${url.href} (no answer within 8 s, or the connection failed).`)
    } finally {
      clearTimeout(timer)
    }
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel()
      return refusal(`${url.href} answered with a redirect, which the emulator does not follow.`)
    }
    if (!response.ok || response.body === null) {
      await response.body?.cancel()
      return refusal(`${url.href} answered HTTP ${response.status}.`)
    }
    let data: Uint8Array | undefined
    try {
      data = await readLimited(response.body, limit)
    } catch {
      return refusal(`The emulator could not read the answer of ${url.href} to the end.`)
    }
    if (data === undefined) return refusal("The file size exceeds limits.")
    return {
      _tag: "RemoteFile",
      data,
      contentType: response.headers.get("content-type") ?? "application/octet-stream",
      fileName: fileNameOf(url)
    }
  }
