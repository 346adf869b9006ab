/** The reasons a URL cannot be built; each has a message that says what to change. */
export type UrlErrorReason =
  | "InvalidOptions"
  | "MissingPathOrSrc"
  | "InvalidPath"
  | "InvalidSrc"
  | "MissingUrlEndpoint"
  | "InvalidUrlEndpoint"
  | "InvalidTransformation"
  | "InvalidQueryParameters"
  | "MissingPrivateKey"

const messages: Record<UrlErrorReason, string> = {
  InvalidOptions: 'URL options must be an object such as { path: "/image.jpg" }',
  MissingPathOrSrc: "Pass either `path` (with a urlEndpoint) or `src` (an absolute URL) to build a URL",
  InvalidPath: '`path` must be a string such as "/folder/image.jpg"',
  InvalidSrc: '`src` must be an absolute URL such as "https://ik.imagekit.io/your_id/image.jpg"',
  MissingUrlEndpoint: 'A urlEndpoint is required here: pass one such as "https://ik.imagekit.io/your_id"',
  InvalidUrlEndpoint: '`urlEndpoint` must be an absolute http(s) URL such as "https://ik.imagekit.io/your_id"',
  InvalidTransformation: "A transformation value could not be turned into text: use strings, numbers or booleans",
  InvalidQueryParameters: "`queryParameters` must be an object of names to strings, numbers or booleans",
  MissingPrivateKey: "`signed: true` needs the private key: pass `privateKey` (keep it on the server)"
}

/** Brand shared by every copy of this package (ESM and CommonJS builds), so guards work across both. */
export const UrlErrorTypeId: unique symbol = Symbol.for("@effect-imagekit/core/UrlError")

export const hasUrlErrorTypeId = (u: unknown): boolean =>
  typeof u === "object" &&
  u !== null &&
  (u as { readonly [UrlErrorTypeId]?: unknown })[UrlErrorTypeId] === UrlErrorTypeId

/**
 * A URL could not be built. The message never contains the private key or any option value, so the
 * error is safe to log.
 */
export class UrlError extends Error {
  readonly _tag = "UrlError"
  override readonly name = "UrlError"
  readonly reason: UrlErrorReason

  constructor(reason: UrlErrorReason, detail?: string) {
    super(detail === undefined ? messages[reason] : `${messages[reason]} (${detail})`)
    this.reason = reason
  }
}

Object.defineProperty(UrlError.prototype, UrlErrorTypeId, { value: UrlErrorTypeId })
