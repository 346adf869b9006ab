import type { ModelSnapshot } from "./snapshot.js"

/** One multipart field as the transport parsed it: text, or a file part with its bytes (kept by the model, not copied). */
export type FormPart =
  | { readonly name: string; readonly value: string }
  | { readonly name: string; readonly fileName: string; readonly contentType: string; readonly data: Uint8Array }

/**
 * A request as the model sees it, whatever carried it (a mock `HttpClient` or the loopback server).
 * `path` is the raw request path as sent on the wire (`/v1/files/abc%2F1/details`): the model splits it on
 * "/" and percent-decodes each segment itself, so an id containing an encoded "/" stays one segment.
 */
export interface ModelRequest {
  readonly method: string
  readonly path: string
  readonly query: ReadonlyArray<readonly [string, string]>
  readonly json?: unknown
  readonly form?: ReadonlyArray<FormPart>
  /**
   * Whether the request carried the private key as Basic auth (the gateway refuses a wrong one). `false` only on the
   * v2 upload route, where a browser authenticates with a JWT in the form instead; absent means authenticated.
   */
  readonly authenticated?: boolean
}

/** A JSON answer (`body`) or an empty one (`body` absent, e.g. 204). */
export interface ModelResponse {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body?: unknown
}

/** The source of randomness: a number in [0, 1), like `Math.random`. */
export type Random = () => number

/** The source of time. */
export type Clock = () => Date

export interface ModelOptions {
  /** Base of file URLs, e.g. "https://ik.imagekit.io/demo" (a trailing "/" is ignored). */
  readonly urlEndpoint?: string
  /**
   * The account's keys: v2 upload tokens must be signed with the private key and name the public key as `kid`, and
   * signed delivery URLs are checked with the private key. Defaults: the test keys.
   */
  readonly publicKey?: string | undefined
  readonly privateKey?: string | undefined
  /** A seed for the built-in generator; ignored when `random` is given. Unseeded models use `Math.random`. */
  readonly seed?: number
  readonly random?: Random
  readonly clock?: Clock
  /**
   * How many status polls of a bulk job or purge request answer "Pending" before "Completed": default 1 for the
   * emulator (the real API's lag), 0 for `ImageKitTest.layer`, whose tests run on the TestClock.
   */
  readonly pendingPolls?: number
  /**
   * Starts from this state (from `model.snapshot()`) instead of an empty one. With `seed`, ids continue the
   * snapshot's sequence, so they never repeat one drawn before it was taken.
   */
  readonly restore?: ModelSnapshot
}

/**
 * What the platform running the model adds to it. The model itself decodes no pixels (no codec, no zlib), so the
 * Node emulator passes a real perceptual hash here; without it, or when it answers `undefined` (a format it cannot
 * read), the model reports the stand-in of `phash.ts`.
 */
export interface ModelHooks {
  /** The pHash of an image's bytes as 16 hex digits, or `undefined` to use the stand-in. */
  readonly pHash?: ((bytes: Uint8Array) => string | undefined) | undefined
}
