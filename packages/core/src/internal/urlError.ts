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
  | "SigningNotAvailable"
  | "InvalidOverlay"
  | "InvalidOverlayType"
  | "MissingOverlayText"
  | "MissingOverlayInput"
  | "MissingOverlayColor"
  | "ConflictingOverlayPosition"
  | "InvalidBreakpoints"
  | "InvalidSizes"
  | "InvalidWidth"

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

  /**
   * Each caller passes its own message (short: they ship in browser bundles), so a bundle carries only the messages
   * of the code it contains.
   */
  constructor(reason: UrlErrorReason, message: string, detail?: string) {
    super(detail === undefined ? message : `${message} (${detail})`)
    this.reason = reason
  }
}

Object.defineProperty(UrlError.prototype, UrlErrorTypeId, { value: UrlErrorTypeId })
