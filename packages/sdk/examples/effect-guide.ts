// The program shown in docs/effect.md. It is type-checked with the package (tsconfig includes examples/) so the
// guide cannot drift from the API.
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { ImageKit, ImageKitConfig } from "../src/index.js"

// 1. Layers: configuration from IMAGEKIT_* (through Effect's Config), the client, and an HTTP implementation.
export const MainLive = ImageKit.layer.pipe(
  Layer.provide(ImageKitConfig.layerConfig({ timeout: "20 seconds" })),
  Layer.provide(FetchHttpClient.layer)
)

// 2. A program: upload, list everything under a folder as a stream, handle errors by tag.
export const program = Effect.gen(function* () {
  const ik = yield* ImageKit.ImageKit

  const uploaded = yield* ik.upload({
    file: new TextEncoder().encode("hello"),
    fileName: "hello.txt",
    folder: "/guides",
    tags: ["guide", "demo"]
  })
  yield* Effect.log("uploaded", uploaded)

  const names = yield* ik.listFilesStream({ path: "/guides", pageSize: 50 }).pipe(
    Stream.map((item) => item.name),
    Stream.runCollect
  )
  yield* Effect.log(`${names.length} items under /guides`)

  // 3. Errors are typed: a missing file is an ApiError with status 404.
  const details = yield* ik.getFileDetails("does-not-exist").pipe(
    Effect.map((file) => file.name),
    Effect.catchTag("ApiError", (error) => (error.status === 404 ? Effect.succeed("(not found)") : Effect.fail(error))),
    Effect.catchTag("RateLimitError", (error) => Effect.succeed(`(rate limited, retry in ${error.reset} ms)`))
  )
  yield* Effect.log(details)

  // 4. A custom retry for one call: up to 5 quick retries with jitter (only safe failures reach it).
  const fields = yield* ik
    .getCustomMetadataFields()
    .pipe(
      ImageKit.withRetry(
        Schedule.exponential("50 millis").pipe(Schedule.jittered, Schedule.intersect(Schedule.recurs(5)))
      )
    )
  return { uploaded, count: names.length, fields: fields.length }
})

export const main = program.pipe(Effect.provide(MainLive))
