/**
 * What a failed tool call tells the agent: one small object, `{ kind, message, status?, help?, retryAfterMs?,
 * requestId?, uploadOutcome?, hint? }`, returned as a tool error (`isError: true`) so the model sees it and can correct
 * itself. It is built from the SDK's typed errors field by field, so it never carries a header, a body, a request or
 * the key: `message` is ImageKit's own message or ours, `help` ImageKit's help text, `hint` what to do next.
 *
 * Kinds: the SDK error's tag (`NotFoundError`, `AuthenticationError`, `PermissionError`, `ConflictError`, `ApiError`,
 * `RateLimitError`, `RequestError`, `TimeoutError`, `InvalidInputError`, `ResponseDecodeError`), and the server's
 * own `InvalidArguments` (the arguments do not match the tool's parameters), `OutOfScope` (outside `--root`; nothing
 * was sent) and `InternalError`.
 */
import type { OperationError } from "@effect-imagekit/sdk/ImageKit"
import type { UploadState } from "@effect-imagekit/sdk/ImageKitError"
import * as Schema from "effect/Schema"

const fields = {
  kind: Schema.String,
  message: Schema.String,
  status: Schema.optional(Schema.Number),
  help: Schema.optional(Schema.String),
  retryAfterMs: Schema.optional(Schema.Number),
  requestId: Schema.optional(Schema.String),
  uploadOutcome: Schema.optional(Schema.Literal("NotSent", "Incomplete", "Unknown")),
  hint: Schema.optional(Schema.String)
}

/** The JSON of a tool error, as the agent receives it. */
export const ToolErrorJson = Schema.Struct(fields)

/** A tool's failure, carried through the handler's error channel. */
export class ToolError extends Schema.TaggedError<ToolError>()("ToolError", fields) {
  /** The object sent to the agent: the fields without the tag. */
  get json(): typeof ToolErrorJson.Type {
    return Schema.encodeSync(ToolErrorJson)(this)
  }
}

/** The longest text ImageKit may put in `message` or `help` that is passed on (a proxy's HTML page is not). */
const TEXT_LIMIT = 300

const clip = (text: string): string => (text.length <= TEXT_LIMIT ? text : `${text.slice(0, TEXT_LIMIT - 1)}…`)

/** A `help` worth passing on: ImageKit's, when it has one. */
const helpOf = (help: string): { readonly help?: string } => (help.trim() === "" ? {} : { help: clip(help) })

/** `https://api.imagekit.io` from the URL an error names. */
const originOf = (url: string): string => {
  try {
    return new URL(url).origin
  } catch {
    return "ImageKit"
  }
}

const UNKNOWN_UPLOAD_HINT = "may be stored: search by name before retrying"

/** What an upload cut short means, and what to do. */
const uploadHint = (upload: UploadState): string => {
  switch (upload.outcome) {
    case "NotSent":
      return "nothing reached ImageKit, so the file is not stored: retry later"
    case "Incomplete":
      return "the upload was cut off, so the file is not stored: retry later"
    case "Unknown":
      return `the request was sent but no answer came back, so the file ${UNKNOWN_UPLOAD_HINT} (search_files with name = "${upload.fileName}")`
  }
}

const statusHint = (status: number): string | undefined => {
  if (status === 401 || status === 403) {
    return "the server's ImageKit keys were refused or may not do this: ask the user to check IMAGEKIT_PRIVATE_KEY"
  }
  if (status === 404) return "check the id or path: search_files lists what exists"
  if (status === 409) return "something with that name exists at the destination: pick another name or folder"
  if (status >= 500) return "ImageKit failed to answer: try again in a moment"
  return undefined
}

/** The tool error for a failure of the SDK. */
export const fromSdkError = (error: OperationError): ToolError => {
  switch (error._tag) {
    case "NotFoundError":
    case "AuthenticationError":
    case "PermissionError":
    case "ConflictError":
    case "ApiError":
      return new ToolError({
        kind: error._tag,
        message: clip(error.message),
        status: error.status,
        ...helpOf(error.help),
        ...(error.metadata.requestId === undefined ? {} : { requestId: error.metadata.requestId }),
        ...(statusHint(error.status) === undefined ? {} : { hint: statusHint(error.status) })
      })
    case "RateLimitError": {
      const retryAfterMs = Number.isFinite(error.reset) ? Math.max(0, Math.ceil(error.reset)) : undefined
      const per =
        Number.isFinite(error.limit) && Number.isFinite(error.interval)
          ? ` (${error.limit} requests per ${error.interval} ms)`
          : ""
      return new ToolError({
        kind: error._tag,
        message: `ImageKit's rate limit was reached${per}`,
        status: error.metadata.statusCode,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        ...(error.metadata.requestId === undefined ? {} : { requestId: error.metadata.requestId }),
        hint:
          retryAfterMs === undefined
            ? "wait a moment before calling again"
            : `wait ${retryAfterMs} ms (retryAfterMs) before calling again`
      })
    }
    case "RequestError":
      return new ToolError({
        kind: error._tag,
        message: `could not reach ${originOf(error.url)}${error.code === undefined ? "" : ` (${error.code})`}`,
        ...(error.upload === undefined
          ? { hint: "the network or ImageKit is unavailable: try again later" }
          : { uploadOutcome: error.upload.outcome, hint: uploadHint(error.upload) })
      })
    case "TimeoutError":
      return new ToolError({
        kind: error._tag,
        message: `${originOf(error.url)} did not answer within ${error.timeoutMillis} ms`,
        ...(error.upload === undefined
          ? { hint: "try again later" }
          : { uploadOutcome: error.upload.outcome, hint: uploadHint(error.upload) })
      })
    case "InvalidInputError":
      return new ToolError({
        kind: error._tag,
        message: clip(error.message),
        ...helpOf(error.help),
        hint: "nothing was sent: fix the argument and call again"
      })
    case "ResponseDecodeError":
      return new ToolError({
        kind: error._tag,
        message: error.message,
        status: error.metadata.statusCode,
        ...(error.metadata.requestId === undefined ? {} : { requestId: error.metadata.requestId }),
        hint: "ImageKit's answer could not be read; the operation may have happened: check before retrying"
      })
  }
}

/** For a defect in the server itself: says nothing of its internals. */
export const internalError = (): ToolError =>
  new ToolError({
    kind: "InternalError",
    message: "the imagekit MCP server failed unexpectedly",
    hint: "the operation may or may not have happened: check before retrying"
  })
