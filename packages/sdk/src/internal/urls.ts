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

/** An own property's value, `undefined` when it is absent or inherited (the read comes first: most are absent). */
const own = (options: object, key: string, value: unknown): unknown =>
  value !== undefined && Object.hasOwn(options, key) ? value : undefined

type Options = Record<string, unknown>

/**
 * The options of `ik.url`, with the client's endpoint unless they name one and always the client's key: one literal of
 * fixed shape, read field by field from the caller's object. Nothing is assigned by a key the caller chose, so a
 * `__proto__` key is never structure, and no option the caller left out is read from a prototype. (A null-prototype
 * object merged by key was as safe, but as a dictionary it slowed `Url.build` by a third.)
 */
const urlOptions = (options: Options, urlEndpoint: string, privateKey: string, now: () => number): Url.Options =>
  ({
    urlEndpoint: Object.hasOwn(options, "urlEndpoint") ? options.urlEndpoint : urlEndpoint,
    path: own(options, "path", options.path),
    src: own(options, "src", options.src),
    // Typed steps are encoded here; v6 steps (and anything else) go to v6's encoder as they are.
    transformation: Transformation.mixed(
      own(options, "transformation", options.transformation) as ReadonlyArray<Transformation.MixedStep>
    ),
    transformationPosition: own(options, "transformationPosition", options.transformationPosition),
    queryParameters: own(options, "queryParameters", options.queryParameters),
    signed: own(options, "signed", options.signed),
    expireSeconds: own(options, "expireSeconds", options.expireSeconds),
    privateKey,
    now: own(options, "now", options.now) ?? now
  }) as Url.Options

/** The options of `ik.buildSrc` and `ik.responsiveImage`, built as {@link urlOptions} is. */
const srcOptions = (options: Options, urlEndpoint: string, privateKey: string, now: () => number) =>
  ({
    urlEndpoint: Object.hasOwn(options, "urlEndpoint") ? options.urlEndpoint : urlEndpoint,
    src: own(options, "src", options.src),
    transformation: own(options, "transformation", options.transformation),
    transformationPosition: own(options, "transformationPosition", options.transformationPosition),
    queryParameters: own(options, "queryParameters", options.queryParameters),
    signed: own(options, "signed", options.signed),
    expiresIn: own(options, "expiresIn", options.expiresIn),
    privateKey,
    now: own(options, "now", options.now) ?? now,
    deviceBreakpoints: own(options, "deviceBreakpoints", options.deviceBreakpoints),
    imageBreakpoints: own(options, "imageBreakpoints", options.imageBreakpoints),
    sizes: own(options, "sizes", options.sizes),
    width: own(options, "width", options.width)
  }) as GetImageAttributesOptions & Signing.SignOptions

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

const notAnObject = () =>
  new InvalidInputError({ message: "URL options must be an object", help: helpFor("options"), field: "options" })

/** js5's `""` (no `src`, or a `src`/endpoint that does not parse) is a typed failure here: an empty URL helps no one. */
const noUrl = () =>
  new InvalidInputError({
    message: "No URL was built: `src` is empty, or `src` or `urlEndpoint` is not a URL",
    help: helpFor("src"),
    field: "src"
  })

/**
 * One helper: checks that the options are an object, builds with the fiber's clock (for an expiry, unless the options
 * bring their own `now`), and turns what the builder throws, or an empty URL, into an `InvalidInputError`. One
 * `clockWith`, whose function runs when the effect does: the whole call is one step of the fiber.
 */
const helper =
  <A>(build: (options: Options, now: () => number) => A, isEmpty: (built: A) => boolean) =>
  (options: unknown): Effect.Effect<A, InvalidInputError> =>
    Effect.clockWith((clock) => {
      if (typeof options !== "object" || options === null) return Effect.fail(notAnObject())
      let built: A
      try {
        built = build(options as Options, () => clock.unsafeCurrentTimeMillis())
      } catch (error) {
        return Effect.fail(toInvalidInput(error))
      }
      return isEmpty(built) ? Effect.fail(noUrl()) : Effect.succeed(built)
    })

const never = (): boolean => false

/** The client's URL helpers for one endpoint and key. */
export const make = (urlEndpoint: string, privateKey: string) => ({
  url: helper((options, now) => Url.build(urlOptions(options, urlEndpoint, privateKey, now)), never),
  buildSrc: helper(
    (options, now) => Signing.buildSrc(srcOptions(options, urlEndpoint, privateKey, now)),
    (built) => built === ""
  ),
  responsiveImage: helper(
    (options, now): ResponsiveImageAttributes =>
      Signing.getResponsiveImageAttributes(srcOptions(options, urlEndpoint, privateKey, now)),
    (attributes) => attributes.src === ""
  )
})
