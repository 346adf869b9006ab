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
  | "InvalidExpiresIn"
  | "InvalidOverlay"
  | "InvalidOverlayType"
  | "MissingOverlayText"
  | "MissingOverlayInput"
  | "MissingOverlayColor"
  | "ConflictingOverlayPosition"
  | "InvalidBreakpoints"
  | "InvalidSizes"
  | "InvalidWidth"

// Short on purpose: these strings ship in every browser bundle of the URL builder. The reasons added for `buildSrc`,
// overlays and responsive images pass their message where they are thrown, so that `Url.build`'s bundle does not
// carry them.
const messages: Partial<Record<UrlErrorReason, string>> = {
  InvalidOptions: "URL options must be an object",
  MissingPathOrSrc: "Pass `path` (with `urlEndpoint`) or `src`",
  InvalidPath: "`path` must be a string",
  InvalidSrc: "`src` must be an absolute URL",
  MissingUrlEndpoint: "`urlEndpoint` is required with `path` and for signing",
  InvalidUrlEndpoint: "`urlEndpoint` must be an absolute http(s) URL",
  InvalidTransformation: "Transformation values must be strings, numbers or booleans",
  InvalidQueryParameters: "`queryParameters` must be an object of strings, numbers or booleans",
  MissingPrivateKey: "`signed: true` needs `privateKey` (keep it on the server)"
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

  /** `text` replaces the reason's default message (the reasons without one in the table above pass it). */
  constructor(reason: UrlErrorReason, detail?: string, text: string = messages[reason] ?? reason) {
    super(detail === undefined ? text : `${text} (${detail})`)
    this.reason = reason
  }
}

Object.defineProperty(UrlError.prototype, UrlErrorTypeId, { value: UrlErrorTypeId })
