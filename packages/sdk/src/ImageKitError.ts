/**
 * Every way an ImageKit call can fail, as `Schema.TaggedError` classes: yieldable, matchable with
 * `Effect.catchTag`, serialisable, and safe to log. No error carries a request, a header bag or a platform error
 * (those hold the `Authorization` header, i.e. the private key); what is useful is copied out as plain data.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ImageKit } from "@effect-imagekit/sdk"
 *
 * const program = Effect.gen(function*() {
 *   const ik = yield* ImageKit.ImageKit
 *   return yield* ik.getFileDetails("file_id")
 * }).pipe(
 *   Effect.catchTag("NotFoundError", () => Effect.succeed(undefined)),
 *   Effect.catchTag("RateLimitError", (error) => Effect.logWarning(`rate limited, reset in ${error.reset} ms`))
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"

/**
 * @since 0.1.0
 * @category type ids
 */
export const TypeId: unique symbol = Symbol.for("@effect-imagekit/sdk/ImageKitError")

/**
 * @since 0.1.0
 * @category type ids
 */
export type TypeId = typeof TypeId

/**
 * Is this one of the SDK's errors?
 *
 * @since 0.1.0
 * @category guards
 */
export const isImageKitError = (u: unknown): u is ImageKitError => Predicate.hasProperty(u, TypeId)

/**
 * What the server said besides the body: status, headers (lower-case names) and its request id. Errors that had a
 * response carry it; for a success, see `ImageKit.withResponseMetadata`.
 *
 * @since 0.1.0
 * @category models
 */
export class ResponseMetadata extends Schema.Class<ResponseMetadata>("ResponseMetadata")({
  statusCode: Schema.Number,
  headers: Schema.Record({ key: Schema.String, value: Schema.String }),
  requestId: Schema.optional(Schema.String)
}) {}

/**
 * What an upload that failed without an answer got done: the file (`fileName`, `folder`), the file bytes sent and
 * their total when known, and what that means for the server's state:
 *
 * - `"NotSent"`: nothing reached the server (connection refused, host not found); nothing is stored.
 * - `"Incomplete"`: the body was cut off before its end, so the server cannot have stored the file.
 * - `"Unknown"`: the whole body was sent but no answer came back; ImageKit may have stored the file. Uploads are
 *   never retried then (ImageKit has no idempotency key, so a retry could store the file twice): look for it, e.g.
 *   a few seconds later with `listFiles({ searchQuery: 'name : "<name without extension>"', path })` (a prefix
 *   search, which also finds the unique-suffixed name ImageKit gives by default), before sending it again.
 *
 * @since 0.1.0
 * @category models
 */
export class UploadState extends Schema.Class<UploadState>("UploadState")({
  fileName: Schema.String,
  folder: Schema.optional(Schema.String),
  bytesSent: Schema.Number,
  totalBytes: Schema.optional(Schema.Number),
  outcome: Schema.Literal("NotSent", "Incomplete", "Unknown")
}) {}

/**
 * Why a failure that the retry policy would have retried was not: the upload's `file` was a stream that the failed
 * attempt had already read, and a stream can be read only once (pass a path with `Upload.fromPath`, a `Blob` or
 * bytes to make uploads retryable).
 *
 * @since 0.1.0
 * @category models
 */
export const NotRetried = Schema.Literal("SourceConsumed")

/**
 * ImageKit refused the call because of its rate limit (HTTP 429). `reset` and `interval` are milliseconds, as
 * ImageKit sends them in `X-RateLimit-Reset` and `X-RateLimit-Interval`; a missing header is `NaN`. `body` is what
 * the server said.
 *
 * @since 0.1.0
 * @category errors
 */
export class RateLimitError extends Schema.TaggedError<RateLimitError>("@effect-imagekit/sdk/RateLimitError")(
  "RateLimitError",
  {
    limit: Schema.Number,
    reset: Schema.Number,
    interval: Schema.Number,
    metadata: ResponseMetadata,
    /** Set when the wait-and-retry was skipped; see {@link NotRetried}. */
    notRetried: Schema.optional(NotRetried),
    /**
     * The 429's body: the parsed JSON (ImageKit sends `{ message, help }`), or the text when it is not JSON;
     * absent when the body was empty. The Promise adapter returns it as `imagekit@6` did.
     */
    body: Schema.optional(Schema.Unknown)
  }
) {
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId
  /**
   * @since 0.1.0
   */
  override get message(): string {
    const wait = Number.isFinite(this.reset) ? ` Retry after ${this.reset} ms.` : ""
    return `ImageKit rate limit reached (${this.limit} requests per ${this.interval} ms).${wait}`
  }
}

/**
 * The fields every error for an HTTP status carries: the status, ImageKit's `{ message, help }` (a non-JSON body,
 * such as an HTML 502 page, is kept as text in `help` and `body`), the body as parsed, and the response metadata.
 */
const statusFields = {
  status: Schema.Number,
  message: Schema.String,
  help: Schema.String,
  body: Schema.Unknown,
  metadata: ResponseMetadata
}

/**
 * ImageKit answered with an error status that has no error class of its own (400, 5xx, …), or with a redirect,
 * which API calls never get (a proxy or a wrong `apiBaseUrl`; redirects are not followed, so a POST is never
 * replayed as a GET elsewhere).
 *
 * @since 0.1.0
 * @category errors
 */
export class ApiError extends Schema.TaggedError<ApiError>("@effect-imagekit/sdk/ApiError")("ApiError", statusFields) {
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId
}

/**
 * HTTP 404: the file, version, folder, job or field does not exist (ImageKit's `message` says which).
 *
 * @example
 * ```ts
 * import { ImageKit } from "@effect-imagekit/sdk"
 * import { Effect, Option } from "effect"
 *
 * const maybeFile = (fileId: string) =>
 *   Effect.flatMap(ImageKit.ImageKit, (ik) => ik.getFileDetails(fileId)).pipe(
 *     Effect.map(Option.some),
 *     Effect.catchTag("NotFoundError", () => Effect.succeedNone)
 *   )
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class NotFoundError extends Schema.TaggedError<NotFoundError>("@effect-imagekit/sdk/NotFoundError")(
  "NotFoundError",
  statusFields
) {
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId
}

/**
 * HTTP 401: ImageKit did not accept the private key (wrong, revoked, or from another account).
 *
 * @since 0.1.0
 * @category errors
 */
export class AuthenticationError extends Schema.TaggedError<AuthenticationError>(
  "@effect-imagekit/sdk/AuthenticationError"
)("AuthenticationError", statusFields) {
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId
}

/**
 * HTTP 403: the key is valid but may not do this (a restricted key, a plan without the feature, a private file).
 *
 * @since 0.1.0
 * @category errors
 */
export class PermissionError extends Schema.TaggedError<PermissionError>("@effect-imagekit/sdk/PermissionError")(
  "PermissionError",
  statusFields
) {
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId
}

/**
 * HTTP 409: the change conflicts with what exists (a file of that name is already at the destination).
 *
 * @since 0.1.0
 * @category errors
 */
export class ConflictError extends Schema.TaggedError<ConflictError>("@effect-imagekit/sdk/ConflictError")(
  "ConflictError",
  statusFields
) {
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId
}

/**
 * Any error for an HTTP status other than 429: the class for the status, or `ApiError` for the rest.
 *
 * @since 0.1.0
 * @category models
 */
export type StatusError = ApiError | NotFoundError | AuthenticationError | PermissionError | ConflictError

/**
 * Is this an error for an HTTP status (other than 429)?
 *
 * @since 0.1.0
 * @category guards
 */
export const isStatusError = (u: unknown): u is StatusError =>
  isImageKitError(u) &&
  (u._tag === "ApiError" ||
    u._tag === "NotFoundError" ||
    u._tag === "AuthenticationError" ||
    u._tag === "PermissionError" ||
    u._tag === "ConflictError")

/**
 * No response arrived: the connection was refused or reset, the host was not found, or the request could not be
 * sent. `reason` is the platform's category and `code` the system error code when there is one (`ECONNREFUSED`).
 * A failed upload also carries `upload` (how far it got, and whether the file may be stored: see
 * {@link UploadState}); `reason: "Encode"` with `upload` means reading the `file` source failed.
 *
 * @since 0.1.0
 * @category errors
 */
export class RequestError extends Schema.TaggedError<RequestError>("@effect-imagekit/sdk/RequestError")(
  "RequestError",
  {
    reason: Schema.Literal("Transport", "Encode", "InvalidUrl"),
    code: Schema.optional(Schema.String),
    method: Schema.String,
    url: Schema.String,
    message: Schema.String,
    /**
     * What the transport itself said (`connect ECONNREFUSED 127.0.0.1:443`, `other side closed`), with any secret
     * masked. The transport's error object is not kept: a caller's `HttpClient` may put the request, and with it the
     * key, inside it.
     */
    detail: Schema.optional(Schema.String),
    upload: Schema.optional(UploadState),
    /** Set when the retry was skipped; see {@link NotRetried}. */
    notRetried: Schema.optional(NotRetried)
  }
) {
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId
}

/**
 * An attempt (`scope: "attempt"`), a whole call with its retries (`"call"`), or a waiter such as `awaitBulkJob`
 * (`"wait"`) took longer than allowed.
 *
 * @since 0.1.0
 * @category errors
 */
export class TimeoutError extends Schema.TaggedError<TimeoutError>("@effect-imagekit/sdk/TimeoutError")(
  "TimeoutError",
  {
    scope: Schema.Literal("attempt", "call", "wait"),
    timeoutMillis: Schema.Number,
    method: Schema.String,
    url: Schema.String,
    /** For an upload: how far it got, and whether the file may be stored (see {@link UploadState}). */
    upload: Schema.optional(UploadState)
  }
) {
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId
  /**
   * @since 0.1.0
   */
  override get message(): string {
    if (this.scope === "wait") {
      return `Waited ${this.timeoutMillis} ms for ${this.url} to finish. Pass a longer \`timeout\` to the waiter, or poll later.`
    }
    if (this.upload !== undefined && this.scope === "attempt") {
      const state =
        this.upload.outcome === "Unknown"
          ? "The whole file was sent, so ImageKit may have stored it: look for it before uploading it again."
          : "The file was not completely sent, so it is not stored."
      return `The upload of ${this.upload.fileName} made no progress for ${this.timeoutMillis} ms (${this.upload.bytesSent} bytes sent). ${state}`
    }
    const what = this.scope === "attempt" ? "One attempt" : "The call, with its retries,"
    return `${what} took longer than ${this.timeoutMillis} ms (${this.method} ${this.url}). Raise the timeout in ImageKitConfig or retry later.`
  }
}

/**
 * A 2xx response whose body is not what the API documents (not JSON, or the wrong shape).
 *
 * @since 0.1.0
 * @category errors
 */
export class ResponseDecodeError extends Schema.TaggedError<ResponseDecodeError>(
  "@effect-imagekit/sdk/ResponseDecodeError"
)("ResponseDecodeError", {
  issues: Schema.Array(Schema.Struct({ path: Schema.Array(Schema.String), message: Schema.String })),
  metadata: ResponseMetadata
}) {
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId
  /**
   * @since 0.1.0
   */
  override get message(): string {
    const first = this.issues[0]
    const where = first === undefined ? "" : `: ${first.path.join(".") || "body"}: ${first.message}`
    return `ImageKit answered ${this.metadata.statusCode} with a body this SDK cannot read${where}`
  }
}

/**
 * An argument was rejected before any request was sent: `message` says which and why (`Invalid fileId: expected a
 * non-empty string, got ""`), `help` what to pass instead, and `field` names the argument or option, as a path into
 * it (`fileId`, `options.transformation.post[0].value`), when the problem is in one.
 *
 * @example
 * ```ts
 * import { ImageKit } from "@effect-imagekit/sdk"
 * import { Effect } from "effect"
 *
 * const details = (fileId: string) =>
 *   Effect.flatMap(ImageKit.ImageKit, (ik) => ik.getFileDetails(fileId)).pipe(
 *     Effect.catchTag("InvalidInputError", (error) => Effect.logWarning(`${error.field}: ${error.message}`))
 *   )
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidInputError extends Schema.TaggedError<InvalidInputError>("@effect-imagekit/sdk/InvalidInputError")(
  "InvalidInputError",
  { message: Schema.String, help: Schema.String, field: Schema.optional(Schema.String) }
) {
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId
}

/**
 * A webhook delivery failed verification; `reason` says which check.
 *
 * @since 0.1.0
 * @category errors
 */
export class WebhookVerificationError extends Schema.TaggedError<WebhookVerificationError>(
  "@effect-imagekit/sdk/WebhookVerificationError"
)("WebhookVerificationError", { reason: Schema.String, message: Schema.String, help: Schema.String }) {
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId
}

/**
 * Two pHash values could not be compared.
 *
 * @since 0.1.0
 * @category errors
 */
export class PHashError extends Schema.TaggedError<PHashError>("@effect-imagekit/sdk/PHashError")("PHashError", {
  reason: Schema.Literal("Missing", "InvalidHex", "UnequalLength"),
  message: Schema.String,
  help: Schema.String
}) {
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId
}

/**
 * The errors of one HTTP call, after its arguments were accepted: what a retry `Schedule` receives as input.
 *
 * @since 0.1.0
 * @category models
 */
export type CallError = RateLimitError | StatusError | RequestError | TimeoutError | ResponseDecodeError

/**
 * @since 0.1.0
 * @category models
 */
export type ImageKitError =
  | RateLimitError
  | StatusError
  | RequestError
  | TimeoutError
  | ResponseDecodeError
  | InvalidInputError
  | WebhookVerificationError
  | PHashError
