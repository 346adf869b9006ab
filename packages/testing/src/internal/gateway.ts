/**
 * The HTTP face of the model, in web terms (`Request` in, `Response` out), shared by the mock `HttpClient` layer
 * and the loopback server so both answer byte for byte alike: Basic auth, body parsing, routing to the model.
 */
import type { FormPart, Model, ModelRequest, ModelResponse } from "./model/index.js"

export interface GatewayOptions {
  /**
   * The private key requests must authenticate with: HTTP Basic with the key as the user name. The password is not
   * checked, as ImageKit does not (v6 sends an empty one, `@imagekit/nodejs@7` sends `do_not_set`).
   */
  readonly privateKey: string
  /** Largest accepted request body in bytes (default 64 MiB). */
  readonly maxBodyBytes?: number | undefined
  /**
   * Called with every request the model answered, before the answer is returned: the emulator saves its data dir
   * and queues webhooks here, so an answer is only sent once the change is on disk.
   */
  readonly onAnswer?: ((request: ModelRequest, answer: ModelResponse) => void) | undefined
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } })

const problem = (status: number, message: string, help: string): Response => json(status, { message, help })

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

const toWebResponse = (answer: ModelResponse): Response =>
  answer.body === undefined
    ? new Response(null, { status: answer.status, headers: answer.headers })
    : json(answer.status, answer.body, answer.headers)

const formParts = async (request: Request): Promise<ReadonlyArray<FormPart>> => {
  const form = await request.formData()
  const parts: Array<FormPart> = []
  for (const [name, value] of form.entries()) {
    if (typeof value === "string") {
      parts.push({ name, value })
    } else {
      parts.push({
        name,
        fileName: value.name,
        contentType: value.type || "application/octet-stream",
        data: new Uint8Array(await value.arrayBuffer())
      })
    }
  }
  return parts
}

/** Turns a web request into what the model reads; `Response` when the body cannot be parsed. */
const toModelRequest = async (request: Request, maxBodyBytes: number): Promise<ModelRequest | Response> => {
  const url = new URL(request.url)
  const base = {
    method: request.method,
    // The raw, still-encoded path: the model decodes each segment so an encoded "/" stays inside its segment.
    path: url.pathname,
    query: [...url.searchParams.entries()]
  }
  const declaredLength = Number(request.headers.get("content-length") ?? "0")
  if (declaredLength > maxBodyBytes) return problem(413, "Request body too large", `The limit is ${maxBodyBytes} bytes`)
  const type = (request.headers.get("content-type") ?? "").toLowerCase()
  if (request.method === "GET" || request.method === "HEAD") return base
  if (type.startsWith("multipart/form-data")) {
    try {
      return { ...base, form: await formParts(request) }
    } catch {
      return problem(400, "Malformed multipart body", "Send multipart/form-data with a valid boundary")
    }
  }
  const text = await request.text()
  if (text.length > maxBodyBytes) return problem(413, "Request body too large", `The limit is ${maxBodyBytes} bytes`)
  if (text === "") return base
  if (!type.startsWith("application/json")) {
    return problem(415, "Unsupported content type", "Send application/json or multipart/form-data")
  }
  try {
    return { ...base, json: JSON.parse(text) }
  } catch {
    return problem(400, "Malformed JSON body", "Send a valid JSON document")
  }
}

/** Answers one request: 401 for a missing or wrong key, 4xx for unreadable bodies, otherwise the model's answer. */
export const makeGateway = (model: Model, options: GatewayOptions) => {
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024
  return async (request: Request): Promise<Response> => {
    if (basicUser(request.headers.get("authorization")) !== options.privateKey) {
      return problem(
        401,
        "Your request does not contain private API key or it is invalid.",
        "Use your private API key as the Basic auth user name (the password is ignored)"
      )
    }
    const parsed = await toModelRequest(request, maxBodyBytes)
    if (parsed instanceof Response) return parsed
    const answer = model.handle(parsed)
    options.onAnswer?.(parsed, answer)
    return toWebResponse(answer)
  }
}
