import { inspect } from "node:util"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as TestClock from "effect/TestClock"
import * as ImageKit from "../src/ImageKit.js"
import * as ImageKitConfig from "../src/ImageKitConfig.js"
import { json, mockHttp } from "./fixtures/mockHttp.js"

const PRIVATE_KEY = "private_s3cr3t_Zq8vLw"

const required = {
  publicKey: "public_key_test",
  privateKey: PRIVATE_KEY,
  urlEndpoint: "https://ik.imagekit.io/your_imagekit_id"
}

/** Every way a value ends up printed or logged. */
const printed = (value: unknown): ReadonlyArray<string> => [
  String(value),
  JSON.stringify(value) ?? "",
  inspect(value, { depth: Number.POSITIVE_INFINITY }),
  inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true })
]

const assertHidden = (value: unknown, secret: string): void => {
  for (const text of printed(value)) assert.notInclude(text, secret)
}

const settingsOf = <E>(layer: Layer.Layer<ImageKitConfig.ImageKitConfig, E>) =>
  Effect.provide(ImageKitConfig.ImageKitConfig, layer)

const fromMap = (entries: ReadonlyArray<readonly [string, string]>): ConfigProvider.ConfigProvider =>
  ConfigProvider.fromMap(new Map(entries))

/** `layerConfig(overrides)` read through `provider` (withConfigProvider wraps outside provide, cheat-sheet 1.4). */
const fromConfig = (
  provider: ConfigProvider.ConfigProvider,
  overrides?: Parameters<typeof ImageKitConfig.layerConfig>[0]
) => settingsOf(ImageKitConfig.layerConfig(overrides)).pipe(Effect.withConfigProvider(provider))

const configFailure = <A>(exit: Exit.Exit<A, ConfigError.ConfigError>): ConfigError.ConfigError => {
  if (Exit.isSuccess(exit)) return assert.fail("expected a ConfigError")
  const error = Cause.failureOption(exit.cause)
  if (Option.isNone(error)) return assert.fail(`expected a typed failure, got ${Cause.pretty(exit.cause)}`)
  return error.value
}

const ENV_ALL: ReadonlyArray<readonly [string, string]> = [
  ["IMAGEKIT_PUBLIC_KEY", "public_from_env"],
  ["IMAGEKIT_PRIVATE_KEY", PRIVATE_KEY],
  ["IMAGEKIT_URL_ENDPOINT", "https://ik.imagekit.io/env_id"],
  ["IMAGEKIT_API_BASE_URL", "http://127.0.0.1:4010"],
  ["IMAGEKIT_UPLOAD_BASE_URL", "http://127.0.0.1:4011"]
]

const ENV_REQUIRED = ENV_ALL.slice(0, 3)

describe("ImageKitConfig.layer", () => {
  it.effect("wraps a string private key in Redacted; printing the settings never shows it", () =>
    Effect.gen(function* () {
      const settings = yield* settingsOf(ImageKitConfig.layer(required))
      assert.isTrue(Redacted.isRedacted(settings.privateKey))
      assert.strictEqual(Redacted.value(settings.privateKey), PRIVATE_KEY)
      assert.strictEqual(String(settings.privateKey), "<redacted>")
      assertHidden(settings, PRIVATE_KEY)
      assertHidden(settings.privateKey, PRIVATE_KEY)
      assertHidden([settings], PRIVATE_KEY)
    })
  )

  it.effect("keeps a Redacted key as it was given", () =>
    Effect.gen(function* () {
      const key = Redacted.make(PRIVATE_KEY)
      const settings = yield* settingsOf(ImageKitConfig.layer({ ...required, privateKey: key }))
      assert.strictEqual(settings.privateKey, key)
      assertHidden(settings, PRIVATE_KEY)
    })
  )

  it.effect("fills in the defaults: v6's hosts, 30 s per attempt, 2 min per call, 3 retries from 250 ms to 10 s", () =>
    Effect.gen(function* () {
      const settings = yield* settingsOf(ImageKitConfig.layer(required))
      assert.strictEqual(settings.publicKey, "public_key_test")
      assert.strictEqual(settings.urlEndpoint, "https://ik.imagekit.io/your_imagekit_id")
      assert.strictEqual(settings.apiBaseUrl, "https://api.imagekit.io")
      assert.strictEqual(settings.uploadBaseUrl, "https://upload.imagekit.io")
      assert.strictEqual(Duration.toMillis(settings.timeout), 30_000)
      assert.strictEqual(Duration.toMillis(settings.deadline), 120_000)
      const retry = settings.retry
      if (Schedule.isSchedule(retry)) return assert.fail("expected retry settings")
      assert.strictEqual(retry.maxRetries, 3)
      assert.strictEqual(Duration.toMillis(retry.baseDelay), 250)
      assert.strictEqual(Duration.toMillis(retry.maxDelay), 10_000)
    })
  )

  it.effect("takes timeouts as durations or milliseconds, and drops a trailing slash from base URLs", () =>
    Effect.gen(function* () {
      const settings = yield* settingsOf(
        ImageKitConfig.layer({
          ...required,
          apiBaseUrl: "http://127.0.0.1:4010/",
          uploadBaseUrl: "http://127.0.0.1:4011/",
          timeout: "5 seconds",
          deadline: 90_000
        })
      )
      assert.strictEqual(settings.apiBaseUrl, "http://127.0.0.1:4010")
      assert.strictEqual(settings.uploadBaseUrl, "http://127.0.0.1:4011")
      assert.strictEqual(Duration.toMillis(settings.timeout), 5000)
      assert.strictEqual(Duration.toMillis(settings.deadline), 90_000)
    })
  )
})

describe("retry settings", () => {
  it("come from plain numbers and durations", () => {
    const retry = ImageKitConfig.make({
      ...required,
      retry: { maxRetries: 5, baseDelay: "100 millis", maxDelay: 2000 }
    }).retry
    if (Schedule.isSchedule(retry)) return assert.fail("expected retry settings")
    assert.strictEqual(retry.maxRetries, 5)
    assert.strictEqual(Duration.toMillis(retry.baseDelay), 100)
    assert.strictEqual(Duration.toMillis(retry.maxDelay), 2000)
  })

  it("a partial setting keeps the other defaults", () => {
    const retry = ImageKitConfig.make({ ...required, retry: { maxRetries: 0 } }).retry
    if (Schedule.isSchedule(retry)) return assert.fail("expected retry settings")
    assert.strictEqual(retry.maxRetries, 0)
    assert.strictEqual(Duration.toMillis(retry.baseDelay), 250)
    assert.strictEqual(Duration.toMillis(retry.maxDelay), 10_000)
  })

  it.effect("a Schedule passed as retry is kept as it is", () =>
    Effect.gen(function* () {
      const schedule = Schedule.recurs(2)
      assert.strictEqual(ImageKitConfig.make({ ...required, retry: schedule }).retry, schedule)
      const settings = yield* settingsOf(ImageKitConfig.layer({ ...required, retry: schedule }))
      assert.strictEqual(settings.retry, schedule)
    })
  )

  it.effect("the configured maxRetries drives the client: 0 → one attempt, 2 → three, for a GET answered 503", () =>
    Effect.gen(function* () {
      for (const [maxRetries, attempts] of [
        [0, 1],
        [2, 3]
      ] as const) {
        const mock = mockHttp(() => json({ message: "unavailable" }, 503))
        const layer = ImageKit.layer.pipe(
          Layer.provide(ImageKitConfig.layer({ ...required, retry: { maxRetries, baseDelay: "10 millis" } })),
          Layer.provide(mock.layer)
        )
        const fiber = yield* Effect.fork(
          Effect.exit(
            Effect.flatMap(ImageKit.ImageKit, (ik) => ik.getFileDetails("file_id")).pipe(Effect.provide(layer))
          )
        )
        yield* TestClock.adjust("1 minute")
        const exit = yield* Fiber.join(fiber)
        assert.isTrue(Exit.isFailure(exit))
        assert.strictEqual(mock.requests.length, attempts)
      }
    })
  )
})

describe("ImageKitConfig.layerConfig", () => {
  it.effect("reads the five IMAGEKIT_* variables, the private key as Redacted", () =>
    Effect.gen(function* () {
      const settings = yield* fromConfig(fromMap(ENV_ALL))
      assert.strictEqual(settings.publicKey, "public_from_env")
      assert.isTrue(Redacted.isRedacted(settings.privateKey))
      assert.strictEqual(Redacted.value(settings.privateKey), PRIVATE_KEY)
      assert.strictEqual(settings.urlEndpoint, "https://ik.imagekit.io/env_id")
      assert.strictEqual(settings.apiBaseUrl, "http://127.0.0.1:4010")
      assert.strictEqual(settings.uploadBaseUrl, "http://127.0.0.1:4011")
      assertHidden(settings, PRIVATE_KEY)
    })
  )

  it.effect("uses the defaults when the optional variables are absent", () =>
    Effect.gen(function* () {
      const settings = yield* fromConfig(fromMap(ENV_REQUIRED))
      assert.strictEqual(settings.apiBaseUrl, "https://api.imagekit.io")
      assert.strictEqual(settings.uploadBaseUrl, "https://upload.imagekit.io")
      assert.strictEqual(Duration.toMillis(settings.timeout), 30_000)
      assert.strictEqual(Duration.toMillis(settings.deadline), 120_000)
    })
  )

  it.effect("takes the other settings from the options; a value given in code beats the variable it replaces", () =>
    Effect.gen(function* () {
      const schedule = Schedule.recurs(1)
      const overrides = {
        apiBaseUrl: "http://override:1",
        uploadBaseUrl: "http://override:2",
        timeout: "3 seconds"
      } as const
      const withEnv = yield* fromConfig(fromMap(ENV_ALL), { ...overrides, retry: schedule })
      assert.strictEqual(withEnv.apiBaseUrl, "http://override:1")
      assert.strictEqual(withEnv.uploadBaseUrl, "http://override:2")
      assert.strictEqual(Duration.toMillis(withEnv.timeout), 3000)
      assert.strictEqual(withEnv.retry, schedule)
      const fromVariables = yield* fromConfig(fromMap(ENV_ALL), { timeout: "3 seconds" })
      assert.strictEqual(fromVariables.apiBaseUrl, "http://127.0.0.1:4010")
      assert.strictEqual(fromVariables.uploadBaseUrl, "http://127.0.0.1:4011")
    })
  )

  it.effect("reads any option from a Config of the caller's choosing (names other than IMAGEKIT_*)", () =>
    Effect.gen(function* () {
      const provider = ConfigProvider.fromMap(
        new Map([
          ["MEDIA_PUBLIC", "public_media"],
          ["MEDIA_SECRET", PRIVATE_KEY],
          ["MEDIA_ENDPOINT", "https://ik.imagekit.io/media"],
          ["MEDIA_TIMEOUT", "7 seconds"]
        ])
      )
      const settings = yield* settingsOf(
        ImageKitConfig.layerConfig({
          publicKey: Config.string("MEDIA_PUBLIC"),
          privateKey: Config.redacted("MEDIA_SECRET"),
          urlEndpoint: Config.string("MEDIA_ENDPOINT"),
          timeout: Config.duration("MEDIA_TIMEOUT")
        })
      ).pipe(Effect.withConfigProvider(provider))
      assert.strictEqual(settings.publicKey, "public_media")
      assert.strictEqual(Redacted.value(settings.privateKey), PRIVATE_KEY)
      assert.strictEqual(settings.urlEndpoint, "https://ik.imagekit.io/media")
      assert.strictEqual(Duration.toMillis(settings.timeout), 7000)
      assert.strictEqual(settings.apiBaseUrl, "https://api.imagekit.io")
      assertHidden(settings.privateKey, PRIVATE_KEY)
    })
  )

  for (const missing of ["IMAGEKIT_PUBLIC_KEY", "IMAGEKIT_PRIVATE_KEY", "IMAGEKIT_URL_ENDPOINT"]) {
    it.effect(`a missing ${missing} is a ConfigError naming it, without the private key`, () =>
      Effect.gen(function* () {
        const exit = yield* Effect.exit(fromConfig(fromMap(ENV_ALL.filter(([name]) => name !== missing))))
        const error = configFailure(exit)
        assert.isTrue(ConfigError.isConfigError(error))
        assert.include(String(error), missing)
        for (const other of ["IMAGEKIT_PUBLIC_KEY", "IMAGEKIT_PRIVATE_KEY", "IMAGEKIT_URL_ENDPOINT"]) {
          if (other !== missing) assert.notInclude(String(error), `Missing data at ${other}`)
        }
        assertHidden(error, PRIVATE_KEY)
        if (Exit.isFailure(exit)) assert.notInclude(Cause.pretty(exit.cause), PRIVATE_KEY)
      })
    )
  }

  it.effect("with nothing set, the ConfigError names all three required variables", () =>
    Effect.gen(function* () {
      const error = configFailure(yield* Effect.exit(fromConfig(fromMap([]))))
      for (const name of ["IMAGEKIT_PUBLIC_KEY", "IMAGEKIT_PRIVATE_KEY", "IMAGEKIT_URL_ENDPOINT"]) {
        assert.include(String(error), name)
      }
    })
  )
})
