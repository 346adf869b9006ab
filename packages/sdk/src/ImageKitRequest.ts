/**
 * A request to the ImageKit API as the client sends it, and the raw answer it gets back. Every operation of
 * `ImageKit.Service` builds one of these and hands it to the client's one sender, which adds the base URL, the key,
 * the timeouts, retries, error mapping and the span. `ImageKit.Service.execute` sends one you built yourself: an
 * endpoint the SDK does not model yet, or an adapter that must return the server's answer untouched (the
 * `imagekit@6` Promise adapter builds its requests with v6's rules and sends them this way).
 *
 * @example
 * ```ts
 * import { ImageKit, ImageKitRequest } from "@effect-imagekit/sdk"
 * import { Effect } from "effect"
 *
 * const usage = Effect.gen(function*() {
 *   const ik = yield* ImageKit.ImageKit
 *   const answer = yield* ik.execute(
 *     ImageKitRequest.make({
 *       operation: "getUsage",
 *       method: "GET",
 *       path: "/v1/accounts/usage",
 *       urlParams: [["startDate", "2026-11-01"], ["endDate", "2026-11-30"]]
 *     })
 *   )
 *   return answer.body // the JSON as ImageKit sent it, not decoded
 * })
 * ```
 *
 * @since 0.1.0
 */
import type * as UrlParams from "@effect/platform/UrlParams"
import type { ResponseMetadata } from "./ImageKitError.js"
import type { UploadFile } from "./internal/uploadSources.js"

/**
 * @since 0.1.0
 * @category models
 */
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE"

/**
 * Which base URL the path is relative to: `apiBaseUrl` (`https://api.imagekit.io`) or `uploadBaseUrl`
 * (`https://upload.imagekit.io`).
 *
 * @since 0.1.0
 * @category models
 */
export type Host = "api" | "upload"

/**
 * A part of a multipart body: a text field, or a file whose bytes are read while the request is sent (any
 * `Upload.UploadFile`: bytes, a Blob, a path from `Upload.fromPath`, a stream).
 *
 * @since 0.1.0
 * @category models
 */
export type Part =
  | { readonly _tag: "Field"; readonly name: string; readonly value: string }
  | {
      readonly _tag: "File"
      readonly name: string
      /** The part's `filename`. */
      readonly fileName: string
      readonly contentType: string
      readonly file: UploadFile
    }

/**
 * The body: none, JSON (serialised once, when the request is built), or multipart form data (an upload; the body
 * streams, and the call reports progress and, when it fails without an answer, whether the file may be stored).
 *
 * @since 0.1.0
 * @category models
 */
export type Body =
  | { readonly _tag: "None" }
  | { readonly _tag: "Json"; readonly value: unknown }
  | { readonly _tag: "Multipart"; readonly parts: ReadonlyArray<Part> }

/**
 * @since 0.1.0
 * @category models
 */
export interface ImageKitRequest {
  /** Names the span (`ImageKit.<operation>`) and the metrics. */
  readonly operation: string
  readonly method: Method
  readonly host: Host
  /** Starts with `/`; path parameters already percent-encoded. */
  readonly path: string
  /** Ordered; encoded when the URL is built. */
  readonly urlParams: UrlParams.UrlParams
  readonly body: Body
  /**
   * Whether the request may be sent again after the server may have acted on it (GET, PUT, PATCH and DELETE set
   * absolute state; a POST creates something). Non-idempotent requests are retried only when the failure proves
   * nothing was done (a refused connection, a 429).
   */
  readonly idempotent: boolean
  /** Span attributes, `imagekit.`-prefixed; never a secret, a signed URL or file contents. */
  readonly attributes: Readonly<Record<string, string>>
}

/**
 * A request with defaults: host `api`, no query, no body, idempotent unless the method is POST, no attributes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: {
  readonly operation: string
  readonly method: Method
  readonly path: string
  readonly host?: Host | undefined
  readonly urlParams?: UrlParams.UrlParams | undefined
  readonly body?: Body | undefined
  readonly idempotent?: boolean | undefined
  readonly attributes?: Readonly<Record<string, string>> | undefined
}): ImageKitRequest => ({
  operation: options.operation,
  method: options.method,
  host: options.host ?? "api",
  path: options.path,
  urlParams: options.urlParams ?? [],
  body: options.body ?? noBody,
  idempotent: options.idempotent ?? options.method !== "POST",
  attributes: options.attributes ?? {}
})

const noBody: Body = { _tag: "None" }

/**
 * A JSON body. The value is serialised when the request is sent; the caller must not change it meanwhile.
 *
 * @since 0.1.0
 * @category constructors
 */
export const json = (value: unknown): Body => ({ _tag: "Json", value })

/**
 * A multipart body.
 *
 * @since 0.1.0
 * @category constructors
 */
export const multipart = (parts: ReadonlyArray<Part>): Body => ({ _tag: "Multipart", parts })

/**
 * The answer to a request sent with `ImageKit.Service.execute`: the body as parsed from JSON (`undefined` when
 * empty), unknown fields and `null`s included, and the response metadata.
 *
 * @since 0.1.0
 * @category models
 */
export interface RawAnswer {
  readonly body: unknown
  readonly metadata: ResponseMetadata
}

/**
 * Options of `ImageKit.Service.execute`: progress of a multipart body's file bytes.
 *
 * @since 0.1.0
 * @category models
 */
export interface ExecuteOptions {
  readonly onProgress?: ((progress: Progress) => void) | undefined
  /**
   * Send the request without the private key: a v2 upload authenticated by its `token` (the API refuses a token
   * and the key together). See `Requests.uploadV2`.
   */
  readonly withoutKey?: boolean | undefined
}

/**
 * Upload progress: the file bytes handed to the connection in the current attempt, the file's size when known, and
 * the attempt (1 for the first; a retry starts again from 0 bytes).
 *
 * @since 0.1.0
 * @category models
 */
export interface Progress {
  readonly bytesSent: number
  readonly totalBytes: number | undefined
  readonly attempt: number
}
