/**
 * The client's URL helpers (`url`, `buildSrc`, `responsiveImage`) over core's pure builders: the options merged with
 * the client's endpoint and key into one fixed shape, the clock from Effect's `Clock`, and core's `UrlError` turned
 * into an `InvalidInputError` that names the option.
 */
import type { GetImageAttributesOptions, ResponsiveImageAttributes } from "@effect-imagekit/core/Responsive"
import * as Signing from "@effect-imagekit/core/Signing"
import * as Transformation from "@effect-imagekit/core/Transformation"
import * as Url from "@effect-imagekit/core/Url"
import * as Effect from "effect/Effect"
import { InvalidInputError } from "../ImageKitError.js"

const hasOwn = Object.prototype.hasOwnProperty

/**
 * Copies each own key of `options` that `target` has (never `privateKey`: the client signs with its own key) into
 * `target`. `target` is a literal of one fixed shape whose fields are all own properties: a `__proto__` key in the
 * options is not structure, and no field the caller left out is read from a prototype. (A null-prototype object is
 * as safe, but as a dictionary it slows core's builders down by a third.)
 */
const mergeInto = <T extends object>(target: T, options: object): T => {
  const source = options as Record<string, unknown>
  const fields = target as Record<string, unknown>
  for (const key in source) {
    if (key !== "privateKey" && hasOwn.call(fields, key) && hasOwn.call(source, key)) fields[key] = source[key]
  }
  return target
}

/** The option a `UrlError` is about, for `InvalidInputError.field`. */
const fieldOf = (error: Url.UrlError): string => {
  switch (error.reason) {
    case "MissingPathOrSrc":
    case "InvalidPath":
      return "path"
    case "InvalidSrc":
      return "src"
    case "MissingUrlEndpoint":
    case "InvalidUrlEndpoint":
      return "urlEndpoint"
    case "InvalidQueryParameters":
      return "queryParameters"
    case "MissingPrivateKey":
      return "privateKey"
    case "InvalidExpiresIn":
      return "expiresIn"
    case "InvalidBreakpoints":
      return error.message.includes("`imageBreakpoints`") ? "imageBreakpoints" : "deviceBreakpoints"
    case "InvalidSizes":
      return "sizes"
    case "InvalidWidth":
      return "width"
    case "InvalidOptions":
    case "SigningNotAvailable":
      return "options"
    default:
      // The transformation and its overlays.
      return "transformation"
  }
}

const helpFor = (field: string): string => {
  switch (field) {
    case "urlEndpoint":
      return "Set `urlEndpoint` in the client's configuration (IMAGEKIT_URL_ENDPOINT), e.g. https://ik.imagekit.io/your_id, or pass one in the options."
    case "privateKey":
      return "The client's private key is empty: set `privateKey` in its configuration (IMAGEKIT_PRIVATE_KEY)."
    case "transformation":
      return "Each step is an object of v6 names (`Transformation.Step`) or typed names (`Transformation.TypedStep`); see docs/urls-and-signing.md."
    case "path":
    case "src":
      return "Pass `path` (a file path under the endpoint) or `src` (an absolute http(s) URL)."
    default:
      return "See docs/urls-and-signing.md for the options."
  }
}

/** A failure of core's builders as the SDK's `InvalidInputError`. Core's messages hold no key and no option value. */
const toInvalidInput = (error: unknown): InvalidInputError => {
  if (Url.isUrlError(error)) {
    const field = fieldOf(error)
    return new InvalidInputError({ message: error.message, help: helpFor(field), field })
  }
  // Core reports its own failures as `UrlError`s; anything else came from the caller's options (a getter or `now`
  // that throws). Its text is the caller's, not ours to repeat.
  return new InvalidInputError({
    message: "The URL options could not be read: reading one of them threw",
    help: helpFor("options"),
    field: "options"
  })
}

/**
 * Runs a builder with the fiber's clock (for an expiry, unless the options bring their own `now`) and turns what it
 * throws into an `InvalidInputError`.
 */
const run = <A>(build: (now: () => number) => A): Effect.Effect<A, InvalidInputError> =>
  Effect.clockWith((clock) => {
    try {
      return Effect.succeed(build(() => clock.unsafeCurrentTimeMillis()))
    } catch (error) {
      return Effect.fail(toInvalidInput(error))
    }
  })

const notAnObject = (options: unknown): InvalidInputError | undefined =>
  typeof options === "object" && options !== null
    ? undefined
    : new InvalidInputError({ message: "URL options must be an object", help: helpFor("options"), field: "options" })

/** js5's `""` (no `src`, or a `src`/endpoint that does not parse) is a typed failure here: an empty URL helps no one. */
const NO_URL = () =>
  new InvalidInputError({
    message: "No URL was built: `src` is empty, or `src` or `urlEndpoint` is not a URL",
    help: helpFor("src"),
    field: "src"
  })

/** The client's URL helpers for one endpoint and key. */
export const make = (urlEndpoint: string, privateKey: string) => {
  const url = (options: unknown): Effect.Effect<string, InvalidInputError> =>
    Effect.suspend(() => {
      const invalid = notAnObject(options)
      if (invalid !== undefined) return Effect.fail(invalid)
      return run((now) => {
        const merged = mergeInto(
          {
            urlEndpoint: urlEndpoint as unknown,
            path: undefined as unknown,
            src: undefined as unknown,
            transformation: undefined as unknown,
            transformationPosition: undefined as unknown,
            queryParameters: undefined as unknown,
            signed: undefined as unknown,
            expireSeconds: undefined as unknown,
            privateKey,
            now: now as unknown
          },
          options as object
        )
        merged.transformation = Transformation.mixed(merged.transformation as ReadonlyArray<Transformation.MixedStep>)
        return Url.build(merged as Url.Options)
      })
    })

  /** The options of `buildSrc` and `getResponsiveImageAttributes`, merged; `privateKey` always the client's. */
  const srcOptions = (options: object, now: () => number) =>
    mergeInto(
      {
        urlEndpoint: urlEndpoint as unknown,
        src: undefined as unknown,
        transformation: undefined as unknown,
        transformationPosition: undefined as unknown,
        queryParameters: undefined as unknown,
        signed: undefined as unknown,
        expiresIn: undefined as unknown,
        privateKey,
        now: now as unknown,
        deviceBreakpoints: undefined as unknown,
        imageBreakpoints: undefined as unknown,
        sizes: undefined as unknown,
        width: undefined as unknown
      },
      options
    )

  const buildSrc = (options: unknown): Effect.Effect<string, InvalidInputError> =>
    Effect.suspend(() => {
      const invalid = notAnObject(options)
      if (invalid !== undefined) return Effect.fail(invalid)
      return Effect.flatMap(
        run((now) => Signing.buildSrc(srcOptions(options as object, now) as Signing.SignedSrcOptions)),
        (built) => (built === "" ? Effect.fail(NO_URL()) : Effect.succeed(built))
      )
    })

  const responsiveImage = (options: unknown): Effect.Effect<ResponsiveImageAttributes, InvalidInputError> =>
    Effect.suspend(() => {
      const invalid = notAnObject(options)
      if (invalid !== undefined) return Effect.fail(invalid)
      return Effect.flatMap(
        run((now) =>
          Signing.getResponsiveImageAttributes(
            srcOptions(options as object, now) as GetImageAttributesOptions & Signing.SignOptions
          )
        ),
        (attributes) => (attributes.src === "" ? Effect.fail(NO_URL()) : Effect.succeed(attributes))
      )
    })

  return { url, buildSrc, responsiveImage }
}
