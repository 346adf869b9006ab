/**
 * The values `imagekit@6` handed to callers, rebuilt from the Effect client's results and errors: the raw body
 * with a hidden `$ResponseMetadata`, `{ message, help }` for rejected arguments, the error body (plus numeric
 * `X-RateLimit-*` on a 429) for an error status, and a safe `Error` where v6 passed on axios's transport error.
 */
import type * as ImageKitError from "@effect-imagekit/sdk/ImageKitError"
import * as Cause from "effect/Cause"
import type { V6Error } from "./v6/errors.js"

/** What v6 defined, non-enumerable, on every result and every error that had a response. */
export interface ResponseMetadata {
  readonly statusCode: number
  readonly headers: Readonly<Record<string, string>>
}

const toV6Metadata = (metadata: ImageKitError.ResponseMetadata): ResponseMetadata => ({
  statusCode: metadata.statusCode,
  headers: metadata.headers
})

/**
 * v6 used `Object.defineProperty` with only `value`, `enumerable: false` and `writable: false`, so the property
 * is also non-configurable: deep equality and `JSON.stringify` ignore it, and nobody can replace it.
 */
const attach = <A>(target: A, metadata: ResponseMetadata): A => {
  if (typeof target === "object" && target !== null && Object.isExtensible(target)) {
    Object.defineProperty(target, "$ResponseMetadata", { value: metadata, enumerable: false, writable: false })
  }
  return target
}

/** v6's success value: the parsed body, `{}` for an empty or falsy one, with `$ResponseMetadata`. */
export const result = (body: unknown, metadata: ImageKitError.ResponseMetadata): unknown =>
  attach(body || {}, toV6Metadata(metadata))

/** v6's validation error: a fresh plain `{ message, help }` object (not an `Error`), message first. */
export const invalid = (error: V6Error): V6Error => ({ message: error.message, help: error.help })

/** v6's error value for an error status: an object body as is, a string body as `{ help }`, else `{}`. */
const errorBody = (body: unknown): Record<string, unknown> => {
  if (body && typeof body === "object") return body as Record<string, unknown>
  if (body && typeof body === "string") return { help: body }
  return {}
}

/**
 * How far an upload that failed without an answer got, and what that means (the SDK's `UploadState` as plain data):
 * `"NotSent"` and `"Incomplete"` mean nothing is stored; `"Unknown"` means the whole file was sent and the answer was
 * lost, so the file may be stored.
 */
export interface UploadState {
  readonly fileName: string
  readonly folder?: string
  readonly bytesSent: number
  readonly totalBytes?: number
  readonly outcome: "NotSent" | "Incomplete" | "Unknown"
}

/**
 * The transport failure we return where v6 passed on the raw axios error (whose `config` held the private key):
 * an `Error` whose `message` starts with what the transport said (as axios's did: `connect ECONNREFUSED …`) and goes on
 * with what to do, whose `cause` is that failure as an `Error` with its system `code`, with axios-like `code`, the
 * method and URL (no query, no credentials) and the SDK's reason. An upload's error also says how far it got
 * (`upload`) and, when a retry was skipped because the file was a stream already read, `notRetried: "SourceConsumed"`.
 */
export class ImageKitRequestError extends Error {
  override readonly name = "ImageKitRequestError"
  /** `ECONNREFUSED`, `ENOTFOUND`, … for a failed connection; `ETIMEDOUT` when the timeout expired. */
  readonly code: string | undefined
  readonly method: string
  readonly url: string
  /** `Transport`, `Encode` or `InvalidUrl` (no response), or `Timeout`. */
  readonly reason: "Transport" | "Encode" | "InvalidUrl" | "Timeout"
  // Declared, not initialised: only an upload's error has these keys at all.
  declare readonly upload?: UploadState
  declare readonly notRetried?: "SourceConsumed"

  constructor(props: {
    readonly message: string
    readonly cause?: Error | undefined
    readonly code: string | undefined
    readonly method: string
    readonly url: string
    readonly reason: ImageKitRequestError["reason"]
    readonly upload?: ImageKitError.UploadState | undefined
    readonly notRetried?: "SourceConsumed" | undefined
  }) {
    super(props.message, props.cause === undefined ? undefined : { cause: props.cause })
    this.code = props.code
    this.method = props.method
    this.url = props.url
    this.reason = props.reason
    if (props.upload !== undefined) {
      const { fileName, folder, bytesSent, totalBytes, outcome } = props.upload
      const upload: UploadState = {
        fileName,
        ...(folder === undefined ? {} : { folder }),
        bytesSent,
        ...(totalBytes === undefined ? {} : { totalBytes }),
        outcome
      }
      Object.defineProperty(this, "upload", { value: upload, enumerable: true })
    }
    if (props.notRetried !== undefined) {
      Object.defineProperty(this, "notRetried", { value: props.notRetried, enumerable: true })
    }
  }
}

/**
 * What the transport said, as the `cause` of the adapter's error: the SDK's `detail` (secrets already masked) with the
 * system `code`. The transport's own error object is not kept (a caller's `fetch` may hold the request, and with it
 * the key), so this stands in for it; its stack is only its first line, since no frame of ours raised it.
 */
const transportCause = (detail: string | undefined, code: string | undefined): Error | undefined => {
  if (detail === undefined) return undefined
  const cause = new Error(detail)
  cause.stack = `Error: ${detail}`
  if (code !== undefined) Object.defineProperty(cause, "code", { value: code, enumerable: true })
  return cause
}

/** v6's message was the transport's text (`connect ECONNREFUSED 127.0.0.1:443`); ours starts with it too. */
const transportMessage = (message: string, detail: string | undefined): string =>
  detail === undefined ? message : `${detail.replace(/[\s.:]+$/, "")}. ${message}`

const withoutQuery = (url: string): string => {
  const index = url.search(/[?#]/)
  return index === -1 ? url : url.slice(0, index)
}

/**
 * Maps one failure of the SDK's executor to the value v6 would have passed to the callback or rejected with. Every
 * error status, whatever class the SDK gives it (`NotFoundError`, `AuthenticationError`, …), is v6's error body.
 */
export const failure = (error: ImageKitError.CallError): unknown => {
  switch (error._tag) {
    case "ApiError":
    case "NotFoundError":
    case "AuthenticationError":
    case "PermissionError":
    case "ConflictError":
      return attach(errorBody(error.body), toV6Metadata(error.metadata))
    case "RateLimitError":
      return attach(
        {
          ...errorBody(error.body),
          "X-RateLimit-Limit": error.limit,
          "X-RateLimit-Reset": error.reset,
          "X-RateLimit-Interval": error.interval
        },
        toV6Metadata(error.metadata)
      )
    case "ResponseDecodeError":
      // v6 crashed on a 2xx body that was not JSON (an unhandled rejection); we report it like an error status.
      return attach({ message: error.message, help: "" }, toV6Metadata(error.metadata))
    case "RequestError":
      return new ImageKitRequestError({
        message: transportMessage(error.message, error.detail),
        cause: transportCause(error.detail, error.code),
        code: error.code,
        method: error.method,
        url: withoutQuery(error.url),
        reason: error.reason,
        upload: error.upload,
        notRetried: error.notRetried
      })
    case "TimeoutError":
      return new ImageKitRequestError({
        message: error.message,
        code: "ETIMEDOUT",
        method: error.method,
        url: withoutQuery(error.url),
        reason: "Timeout",
        upload: error.upload
      })
  }
}

/** A failure that is not one of the SDK's errors: an interruption (the client was disposed) or a defect. */
export const unexpected = (cause: Cause.Cause<unknown>): Error => {
  if (Cause.isInterruptedOnly(cause)) return new Error("The call was interrupted: the ImageKit client was disposed")
  const squashed = Cause.squash(cause)
  return squashed instanceof Error ? squashed : new Error(`Unexpected failure: ${String(squashed)}`)
}
