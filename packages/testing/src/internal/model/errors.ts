/** The help text the real API puts in nearly every error body. */
export const SUPPORT_HELP = "For support kindly contact us at support@imagekit.io."

/**
 * An ImageKit-like error answer. Handlers throw it from any depth; the router turns it into
 * `{ message, help, ...extra }` with `status`, so validation code stays linear.
 */
export class ModelError {
  constructor(
    readonly status: number,
    readonly message: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
    readonly help: string = SUPPORT_HELP
  ) {}

  get body(): Record<string, unknown> {
    return { message: this.message, help: this.help, ...this.extra }
  }
}

export const badRequest = (message: string, extra?: Readonly<Record<string, unknown>>): ModelError =>
  new ModelError(400, message, extra)

export const notFound = (message: string, extra?: Readonly<Record<string, unknown>>): ModelError =>
  new ModelError(404, message, extra)

export const conflict = (message: string, extra?: Readonly<Record<string, unknown>>): ModelError =>
  new ModelError(409, message, extra)

export const FILE_NOT_FOUND = "The requested file does not exist."
export const VERSION_NOT_FOUND = "The requested file version does not exist."
