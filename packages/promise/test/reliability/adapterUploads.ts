/**
 * The Promise adapter as a client of runs (a) and (b) of the reliability harness
 * (`packages/testing/test/reliability/uploads.ts`): the built package (`dist/`, with its own bundled Effect), loaded
 * in a process where the SDK and the emulator were loaded first, as an app that uses both would load them.
 */
import * as Effect from "effect/Effect"
import ImageKit from "../../dist/index.js"
import type { MakeUploadClient, Outcome, UploadResult } from "../../../testing/test/reliability/uploads.js"
import { sourceOf } from "../../../testing/test/reliability/uploads.js"
import { PUBLIC_KEY } from "../../../testing/test/reliability/setup.js"

const OUTCOMES: ReadonlyArray<Outcome> = ["NotSent", "Incomplete", "Unknown"]

const outcomeOf = (error: unknown): Outcome | undefined => {
  const upload: unknown = typeof error === "object" && error !== null ? Reflect.get(error, "upload") : undefined
  const outcome: unknown = typeof upload === "object" && upload !== null ? Reflect.get(upload, "outcome") : undefined
  return OUTCOMES.find((known) => known === outcome)
}

const nameOf = (error: unknown): string => {
  if (error instanceof Error) return error.name
  // v6 rejects with plain objects for API errors ({ message, help } plus rate-limit fields on a 429).
  if (typeof error === "object" && error !== null && "X-RateLimit-Reset" in error) return "RateLimitError"
  return typeof error === "object" && error !== null ? "ApiError" : typeof error
}

export const adapterUploadClient =
  (settings: { readonly timeoutMs: number; readonly retry: { readonly maxRetries: number } }): MakeUploadClient =>
  (running, witness) =>
    Effect.gen(function* () {
      const imagekit = yield* Effect.acquireRelease(
        Effect.sync(
          () =>
            new ImageKit({
              publicKey: PUBLIC_KEY,
              privateKey: running.privateKey,
              urlEndpoint: running.emulator.urlEndpoint,
              apiBaseUrl: running.proxy.url,
              uploadEndpoint: `${running.proxy.url}/api/v1/files/upload`,
              timeout: settings.timeoutMs,
              retry: { maxRetries: settings.retry.maxRetries, baseDelay: 10, maxDelay: 100 }
            })
        ),
        (client) => Effect.promise(() => client.effect.runtime.dispose())
      )
      return {
        upload: (file, folder) =>
          Effect.promise(
            (): Promise<UploadResult> =>
              imagekit.upload({ file: sourceOf(file), fileName: file.fileName, folder }).then(
                () => ({ _tag: "Uploaded" }),
                (error: unknown) => {
                  witness.error("error adapter upload", error)
                  return { _tag: "Failed", error: nameOf(error), outcome: outcomeOf(error) }
                }
              )
          ),
        search: (searchQuery, folder) =>
          Effect.promise(() =>
            imagekit.listFiles({ path: folder, searchQuery }).then(
              (found) => found.length,
              (error: unknown) => {
                witness.error("error adapter listFiles", error)
                return "failed" as const
              }
            )
          )
      }
    })
