/**
 * The HTTP face of the model, shared by the mock `HttpClient` layer and the loopback server so both answer byte for
 * byte alike. It works in two steps, so the server can refuse a request before reading its body:
 *
 * 1. `admit` looks at the method, path and headers only: a wrong or missing key is a 401 at once, except on the upload
 *    routes, where a request without Basic auth authenticates with what its form carries (a browser's signed
 *    parameters or JWT).
 * 2. `answer` parses the body (multipart or JSON) and asks the model; an upload whose `file` is a URL is fetched
 *    first when the server allows it (`fetchRemote`).
 */
import type { FormPart, Model, ModelRequest, ModelResponse } from "./model/index.js"
import { decodeSegments } from "./model/paths.js"
import { boundaryOf, parseMultipart } from "./multipart.js"

export interface GatewayOptions {
  /**
   * The private key requests must authenticate with: HTTP Basic with the key as the user name. The password is not
   * checked, as ImageKit does not (v6 sends an empty one, `@imagekit/nodejs@7` sends `do_not_set`).
   */
  readonly privateKey: string
  /**
   * Called with every request the model answered, before the answer is returned: the emulator saves its data dir
   * and queues webhooks here, so an answer is only sent once the change is on disk.
   */
  readonly onAnswer?: ((request: ModelRequest, answer: ModelResponse) => void) | undefined
  /**
   * Fetches the URL an upload's `file` names, or answers why it will not (the emulator's opt-in, loopback-only
   * fetch). Absent: URLs are left to the model, which refuses them.
   */
  readonly fetchRemote?: ((url: string) => Promise<RemoteFile | RemoteRefusal>) | undefined
}

export interface RemoteFile {
  readonly _tag: "RemoteFile"
  readonly data: Uint8Array
  readonly contentType: string
  readonly fileName: string
}

export interface RemoteRefusal {
  readonly _tag: "RemoteRefusal"
  readonly message: string
}

/** What the gateway needs of a request: no body yet for `admit`. */
export interface GatewayRequest {
  readonly method: string
  readonly url: URL
  readonly headers: Headers
}

/** How a request authenticates: the key as Basic auth, or (v2 uploads only) a token inside the body. */
export type Admission =
  | { readonly _tag: "Admitted"; readonly authenticated: boolean }
  | { readonly _tag: "Refused"; readonly answer: ModelResponse }

export interface Gateway {
  readonly admit: (request: GatewayRequest) => Admission
  readonly answer: (
    request: GatewayRequest,
    admission: { readonly authenticated: boolean },
    body: Uint8Array | undefined
  ) => Promise<ModelResponse>
}

const JSON_HEADERS = { "content-type": "application/json" }

export const problem = (status: number, message: string, help: string): ModelResponse => ({
  status,
  headers: { ...JSON_HEADERS },
  body: { message, help }
})

const UNAUTHORIZED = problem(
  401,
  "Your request does not contain private API key or it is invalid.",
  "Use your private API key as the Basic auth user name (the password is ignored)"
)

/** The Basic user name of an Authorization header, or undefined when it is not readable Basic auth. */
const basicUser = (header: string | null): string | undefined => {
  const match = header === null ? null : /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header)
  if (match?.[1] === undefined) return undefined
  try {
    const decoded = new TextDecoder("utf-8", { fatal: true }).decode(
      Uint8Array.from(atob(match[1]), (char) => char.charCodeAt(0))
    )
    const colon = decoded.indexOf(":")
    return colon === -1 ? undefined : decoded.slice(0, colon)
  } catch {
    return undefined
  }
}

const isUploadRoute = (path: string): boolean => {
  const joined = decodeSegments(path).join("/")
  return joined === "api/v1/files/upload" || joined === "api/v2/files/upload"
}

/**
 * The upload routes, where a browser authenticates with what the form carries instead of the private key: a v1
 * signature (`token`, `expire`, `signature`) or a v2 JWT (`token`).
 */
const isClientUploadRoute = (method: string, path: string): boolean =>
  method.toUpperCase() === "POST" && isUploadRoute(path)

const isJsonType = (type: string): boolean => /^application\/([\w.+-]*\+)?json\b/.test(type)

const decoder = new TextDecoder()

/** Turns the parsed parts of a request into what the model reads, or the 4xx for a body it cannot read. */
const toModelRequest = (
  request: GatewayRequest,
  authenticated: boolean,
  body: Uint8Array | undefined
): ModelRequest | ModelResponse => {
  const base = {
    method: request.method,
    // The raw, still-encoded path: the model decodes each segment so an encoded "/" stays inside its segment.
    path: request.url.pathname,
    query: [...request.url.searchParams.entries()],
    authenticated
  }
  const method = request.method.toUpperCase()
  if (method === "GET" || method === "HEAD" || body === undefined || body.length === 0) return base
  const type = (request.headers.get("content-type") ?? "").toLowerCase()
  if (type.startsWith("multipart/form-data")) {
    const boundary = boundaryOf(request.headers.get("content-type") ?? "")
    const form = boundary === undefined ? undefined : parseMultipart(body, boundary)
    if (form === undefined) {
      return problem(400, "Malformed multipart body", "Send multipart/form-data with a valid boundary")
    }
    return { ...base, form }
  }
  if (!isJsonType(type)) return problem(415, "Unsupported content type", "Send application/json or multipart/form-data")
  try {
    return { ...base, json: JSON.parse(decoder.decode(body)) }
  } catch {
    return problem(400, "Malformed JSON body", "Send a valid JSON document")
  }
}

/** Replaces a URL `file` field by the bytes the server fetched, or answers why it did not. */
const withRemoteFile = async (
  request: ModelRequest,
  fetchRemote: NonNullable<GatewayOptions["fetchRemote"]>
): Promise<ModelRequest | ModelResponse> => {
  const form = request.form
  if (form === undefined || !isUploadRoute(request.path)) return request
  const index = form.findIndex((part) => part.name === "file")
  const part = form[index]
  if (part === undefined || !("value" in part) || !/^https?:\/\//i.test(part.value.trim())) return request
  const fetched = await fetchRemote(part.value.trim())
  if (fetched._tag === "RemoteRefusal") {
    return problem(400, fetched.message, "For support kindly contact us at support@imagekit.io.")
  }
  const replaced: FormPart = {
    name: "file",
    fileName: fetched.fileName,
    contentType: fetched.contentType,
    data: fetched.data
  }
  return { ...request, form: form.map((candidate, at) => (at === index ? replaced : candidate)) }
}

export const makeGateway = (model: Model, options: GatewayOptions): Gateway => ({
  admit: (request) => {
    const authorization = request.headers.get("authorization")
    if (authorization !== null) {
      return basicUser(authorization) === options.privateKey
        ? { _tag: "Admitted", authenticated: true }
        : { _tag: "Refused", answer: UNAUTHORIZED }
    }
    // Without Basic auth only an upload may go on: its credentials are in the body, and the model checks them.
    return isClientUploadRoute(request.method, request.url.pathname)
      ? { _tag: "Admitted", authenticated: false }
      : { _tag: "Refused", answer: UNAUTHORIZED }
  },
  answer: async (request, admission, body) => {
    const parsed = toModelRequest(request, admission.authenticated, body)
    if (!("method" in parsed)) return parsed
    const ready = options.fetchRemote === undefined ? parsed : await withRemoteFile(parsed, options.fetchRemote)
    if (!("method" in ready)) return ready
    const answer = model.handle(ready)
    options.onAnswer?.(ready, answer)
    return answer
  }
})

/** The gateway for a whole web `Request` (the mock layer's way in): admit, read the body, answer. */
export const answerWeb = async (gateway: Gateway, request: Request): Promise<Response> => {
  const target: GatewayRequest = { method: request.method, url: new URL(request.url), headers: request.headers }
  const admission = gateway.admit(target)
  const answer =
    admission._tag === "Refused"
      ? admission.answer
      : await gateway.answer(target, admission, new Uint8Array(await request.arrayBuffer()))
  return toWebResponse(answer)
}

export const toWebResponse = (answer: ModelResponse): Response =>
  answer.body === undefined
    ? new Response(null, { status: answer.status, headers: answer.headers })
    : new Response(JSON.stringify(answer.body), {
        status: answer.status,
        headers: { ...JSON_HEADERS, ...answer.headers }
      })
