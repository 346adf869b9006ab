/** SDK errors as the SDK builds them, for the tests of how the CLI prints them. */
import * as ImageKitError from "@effect-imagekit/sdk/ImageKitError"

export const metadata = (statusCode: number) => new ImageKitError.ResponseMetadata({ statusCode, headers: {} })

/** ImageKit's answer with `status`: its message is "server said <status>", its help `help`. */
export const apiError = (status: number, help = "") =>
  new ImageKitError.ApiError({
    status,
    message: `server said ${status}`,
    help,
    body: { message: `server said ${status}` },
    metadata: metadata(status)
  })
