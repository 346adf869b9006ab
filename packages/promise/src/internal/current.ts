/**
 * The builders of the adapter's methods for the endpoints `imagekit@6` never had (folder rename, usage, origins, URL
 * endpoints, saved extensions, named transformations, v2 uploads). There is no v6 dialect to reproduce, so they
 * build with the SDK's own rules (`Requests`: the same checks the Effect client makes) and turn a refusal into v6's
 * error shape, a plain `{ message, help }`. The answer is then the server's body, as for every adapter method.
 *
 * Origins take their secrets as plain strings here, as every v6 method takes its arguments; they are wrapped in
 * `Redacted` before the SDK sees them, so a refusal never shows one.
 */
import type * as ImageKitError from "@effect-imagekit/sdk/ImageKitError"
import type * as ImageKitRequest from "@effect-imagekit/sdk/ImageKitRequest"
import * as Requests from "@effect-imagekit/sdk/Requests"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import type { V6Error } from "./v6/errors.js"

export type BuildResult = Either.Either<ImageKitRequest.ImageKitRequest, V6Error>

const toV6 = (error: ImageKitError.InvalidInputError): V6Error => ({ message: error.message, help: error.help })

const built = (result: Requests.Built): BuildResult => Either.mapLeft(result, toV6)

const SECRETS: ReadonlySet<string> = new Set([
  "accessKey",
  "secretKey",
  "privateKey",
  "sasToken",
  "clientId",
  "clientSecret",
  "username",
  "password"
])

/**
 * The origin with each secret given as text wrapped in `Redacted` (a `Redacted` one stays as it is). Only own
 * enumerable keys are read, into a null-prototype copy; reading a hostile object's keys may throw, which the SDK then
 * reports as unreadable input.
 */
const withRedactedSecrets = (origin: unknown): unknown => {
  try {
    // Inside the try: even `Array.isArray` throws on a revoked Proxy.
    if (typeof origin !== "object" || origin === null || Array.isArray(origin)) return origin
    const copy: Record<string, unknown> = Object.create(null)
    for (const key of Object.keys(origin)) {
      const value: unknown = (origin as Record<string, unknown>)[key]
      copy[key] = SECRETS.has(key) && typeof value === "string" ? Redacted.make(value) : value
    }
    return copy
  } catch {
    return origin
  }
}

/** The adapter's arguments are whatever a JavaScript caller passes; the SDK's builders check them as data. */
const loose = <T>(value: unknown): T => value as T

export const renameFolder = (options: unknown): BuildResult => built(Requests.renameFolder(loose(options)))
export const getUsage = (options: unknown): BuildResult => built(Requests.getUsage(loose(options)))
export const getUsageAnalytics = (options: unknown): BuildResult => built(Requests.getUsageAnalytics(loose(options)))

export const listOrigins = (): BuildResult => Either.right(Requests.listOrigins)
export const createOrigin = (origin: unknown): BuildResult =>
  built(Requests.createOrigin(loose(withRedactedSecrets(origin))))
export const getOrigin = (id: unknown): BuildResult => built(Requests.getOrigin(loose(id)))
export const updateOrigin = (id: unknown, origin: unknown): BuildResult =>
  built(Requests.updateOrigin(loose(id), loose(withRedactedSecrets(origin))))
export const deleteOrigin = (id: unknown): BuildResult => built(Requests.deleteOrigin(loose(id)))

export const listUrlEndpoints = (): BuildResult => Either.right(Requests.listUrlEndpoints)
export const createUrlEndpoint = (endpoint: unknown): BuildResult => built(Requests.createUrlEndpoint(loose(endpoint)))
export const getUrlEndpoint = (id: unknown): BuildResult => built(Requests.getUrlEndpoint(loose(id)))
export const updateUrlEndpoint = (id: unknown, endpoint: unknown): BuildResult =>
  built(Requests.updateUrlEndpoint(loose(id), loose(endpoint)))
export const deleteUrlEndpoint = (id: unknown): BuildResult => built(Requests.deleteUrlEndpoint(loose(id)))

export const listSavedExtensions = (): BuildResult => Either.right(Requests.listSavedExtensions)
export const createSavedExtension = (options: unknown): BuildResult =>
  built(Requests.createSavedExtension(loose(options)))
export const getSavedExtension = (id: unknown): BuildResult => built(Requests.getSavedExtension(loose(id)))
export const updateSavedExtension = (id: unknown, options: unknown): BuildResult =>
  built(Requests.updateSavedExtension(loose(id), loose(options)))
export const deleteSavedExtension = (id: unknown): BuildResult => built(Requests.deleteSavedExtension(loose(id)))

export const listNamedTransformations = (): BuildResult => Either.right(Requests.listNamedTransformations)
export const createNamedTransformation = (options: unknown): BuildResult =>
  built(Requests.createNamedTransformation(loose(options)))
export const getNamedTransformation = (id: unknown): BuildResult => built(Requests.getNamedTransformation(loose(id)))
export const updateNamedTransformation = (id: unknown, options: unknown): BuildResult =>
  built(Requests.updateNamedTransformation(loose(id), loose(options)))
export const deleteNamedTransformation = (id: unknown): BuildResult =>
  built(Requests.deleteNamedTransformation(loose(id)))

/** A v2 upload: the request, and whether it goes with the key (no `token`) or without (a browser's token). */
export const uploadV2 = (
  options: unknown,
  now: number
): Either.Either<{ readonly request: ImageKitRequest.ImageKitRequest; readonly withKey: boolean }, V6Error> =>
  Either.mapLeft(Requests.uploadV2(loose(options), now), toV6)
