/**
 * Configuration of the ImageKit client: keys, endpoints, timeouts and the retry policy.
 *
 * The private key is held as a `Redacted` value from the moment it enters the SDK: `String`, `JSON.stringify`,
 * `util.inspect` and loggers print `<redacted>`.
 *
 * @example
 * ```ts
 * import { ImageKitConfig } from "@effect-imagekit/sdk"
 * import { Redacted } from "effect"
 *
 * // From code:
 * const Config = ImageKitConfig.layer({
 *   publicKey: "public_xxx",
 *   privateKey: Redacted.make("private_xxx"),
 *   urlEndpoint: "https://ik.imagekit.io/your_id"
 * })
 *
 * // From IMAGEKIT_PUBLIC_KEY, IMAGEKIT_PRIVATE_KEY, IMAGEKIT_URL_ENDPOINT (and optional
 * // IMAGEKIT_API_BASE_URL, IMAGEKIT_UPLOAD_BASE_URL):
 * const FromEnv = ImageKitConfig.layerConfig()
 * ```
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import type { CallError } from "./ImageKitError.js"

/**
 * The default retry settings: up to 3 retries, backoff from 250 ms doubling to at most 10 s, jittered.
 *
 * @since 0.1.0
 * @category models
 */
export interface RetrySettings {
  /** Retries after the first attempt. `0` disables retrying. */
  readonly maxRetries: number
  /** First backoff delay; it doubles on each retry and is jittered by ±20 %. */
  readonly baseDelay: Duration.Duration
  /** No computed backoff exceeds this; a server-requested wait (`X-RateLimit-Reset`) may. */
  readonly maxDelay: Duration.Duration
}

/**
 * A retry policy: the default settings, or your own `Schedule` that receives the error of each failed attempt.
 * A custom schedule is still only consulted for failures that are safe to retry.
 *
 * @since 0.1.0
 * @category models
 */
export type RetryPolicy = RetrySettings | Schedule.Schedule<unknown, CallError>

/**
 * The resolved configuration the client runs with.
 *
 * @since 0.1.0
 * @category models
 */
export interface Settings {
  readonly publicKey: string
  readonly privateKey: Redacted.Redacted<string>
  readonly urlEndpoint: string
  /** Default `https://api.imagekit.io`. */
  readonly apiBaseUrl: string
  /** Default `https://upload.imagekit.io`. */
  readonly uploadBaseUrl: string
  /** Time allowed for one attempt (request and response body). Default 30 s. */
  readonly timeout: Duration.Duration
  /** Time allowed for a whole call: every attempt and every wait between them. Default 2 min. */
  readonly deadline: Duration.Duration
  readonly retry: RetryPolicy
}

/**
 * The configuration service.
 *
 * @since 0.1.0
 * @category tags
 */
export class ImageKitConfig extends Context.Tag("@effect-imagekit/sdk/ImageKitConfig")<ImageKitConfig, Settings>() {}

/**
 * Options of {@link layer}. Only the keys and the endpoint are required.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly publicKey: string
  /** A plain string is wrapped in `Redacted` at once. */
  readonly privateKey: string | Redacted.Redacted<string>
  readonly urlEndpoint: string
  readonly apiBaseUrl?: string | undefined
  readonly uploadBaseUrl?: string | undefined
  readonly timeout?: Duration.DurationInput | undefined
  readonly deadline?: Duration.DurationInput | undefined
  readonly retry?: RetryPolicy | Partial<RetryInput> | undefined
}

/**
 * Retry settings as given by a caller: plain numbers or durations.
 *
 * @since 0.1.0
 * @category models
 */
export interface RetryInput {
  readonly maxRetries: number
  readonly baseDelay: Duration.DurationInput
  readonly maxDelay: Duration.DurationInput
}

/**
 * @since 0.1.0
 * @category constants
 */
export const defaultRetry: RetrySettings = {
  maxRetries: 3,
  baseDelay: Duration.millis(250),
  maxDelay: Duration.seconds(10)
}

/**
 * @since 0.1.0
 * @category constants
 */
export const defaults = {
  apiBaseUrl: "https://api.imagekit.io",
  uploadBaseUrl: "https://upload.imagekit.io",
  timeout: Duration.seconds(30),
  deadline: Duration.minutes(2)
} as const

const resolveRetry = (retry: Options["retry"]): RetryPolicy => {
  if (retry === undefined) return defaultRetry
  if (Schedule.isSchedule(retry)) return retry as Schedule.Schedule<unknown, CallError>
  const input = retry as Partial<RetryInput>
  return {
    maxRetries: input.maxRetries ?? defaultRetry.maxRetries,
    baseDelay: input.baseDelay === undefined ? defaultRetry.baseDelay : Duration.decode(input.baseDelay),
    maxDelay: input.maxDelay === undefined ? defaultRetry.maxDelay : Duration.decode(input.maxDelay)
  }
}

const trimSlash = (url: string): string => (url.endsWith("/") ? url.slice(0, -1) : url)

/**
 * Resolves options to settings (defaults filled in, key redacted).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Settings => ({
  publicKey: options.publicKey,
  privateKey: Redacted.isRedacted(options.privateKey) ? options.privateKey : Redacted.make(options.privateKey),
  urlEndpoint: options.urlEndpoint,
  apiBaseUrl: trimSlash(options.apiBaseUrl ?? defaults.apiBaseUrl),
  uploadBaseUrl: trimSlash(options.uploadBaseUrl ?? defaults.uploadBaseUrl),
  timeout: options.timeout === undefined ? defaults.timeout : Duration.decode(options.timeout),
  deadline: options.deadline === undefined ? defaults.deadline : Duration.decode(options.deadline),
  retry: resolveRetry(options.retry)
})

/**
 * A layer from options given in code.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<ImageKitConfig> => Layer.succeed(ImageKitConfig, make(options))

/**
 * Options whose values may each be given as is or as a `Config`: `Config.redacted("MY_KEY")` reads a name of your
 * choosing, from whatever `ConfigProvider` is in place.
 *
 * @since 0.1.0
 * @category models
 */
export type ConfigOptions = {
  readonly [K in keyof Options]?: Options[K] | Config.Config<Exclude<Options[K], undefined>> | undefined
}

const given = <A>(value: A | Config.Config<A> | undefined): Config.Config<A | undefined> =>
  value === undefined ? Config.succeed(undefined) : Config.isConfig(value) ? value : Config.succeed(value)

const givenOr = <A>(value: A | Config.Config<A> | undefined, fallback: Config.Config<A>): Config.Config<A> =>
  value === undefined ? fallback : Config.isConfig(value) ? value : Config.succeed(value)

const optionalVariable = (name: string): Config.Config<string | undefined> =>
  Config.map(Config.option(Config.string(name)), Option.getOrUndefined)

/**
 * The settings as a `Config`: each option given as a value or a `Config`; the keys, the endpoint and the base URLs
 * default to `IMAGEKIT_PUBLIC_KEY`, `IMAGEKIT_PRIVATE_KEY` (as `Redacted`), `IMAGEKIT_URL_ENDPOINT`,
 * `IMAGEKIT_API_BASE_URL` and `IMAGEKIT_UPLOAD_BASE_URL` (the last two optional). A missing key fails with a
 * `ConfigError` that names it (and never shows the private key).
 *
 * @example
 * ```ts
 * import { ImageKitConfig } from "@effect-imagekit/sdk"
 * import { Config } from "effect"
 *
 * // Your own variable names, and a fixed timeout:
 * const settings = ImageKitConfig.config({
 *   privateKey: Config.redacted("MEDIA_PRIVATE_KEY"),
 *   publicKey: Config.string("MEDIA_PUBLIC_KEY"),
 *   urlEndpoint: Config.string("MEDIA_URL_ENDPOINT"),
 *   timeout: "20 seconds"
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const config = (options: ConfigOptions = {}): Config.Config<Settings> =>
  Config.map(
    Config.all({
      publicKey: givenOr(options.publicKey, Config.string("IMAGEKIT_PUBLIC_KEY")),
      privateKey: givenOr<string | Redacted.Redacted<string>>(
        options.privateKey,
        Config.redacted("IMAGEKIT_PRIVATE_KEY")
      ),
      urlEndpoint: givenOr(options.urlEndpoint, Config.string("IMAGEKIT_URL_ENDPOINT")),
      apiBaseUrl: givenOr(options.apiBaseUrl, optionalVariable("IMAGEKIT_API_BASE_URL")),
      uploadBaseUrl: givenOr(options.uploadBaseUrl, optionalVariable("IMAGEKIT_UPLOAD_BASE_URL")),
      timeout: given(options.timeout),
      deadline: given(options.deadline),
      retry: given(options.retry)
    }),
    (values) => make(values)
  )

/**
 * A layer from {@link config}: with no argument it reads the `IMAGEKIT_*` variables; any option may be a value or a
 * `Config` of your own.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (options: ConfigOptions = {}): Layer.Layer<ImageKitConfig, ConfigError.ConfigError> =>
  Layer.effect(ImageKitConfig, config(options))
