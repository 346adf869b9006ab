/**
 * `imagekit url` and `imagekit auth-params`: the two signing helpers. Neither talks to a server, so neither starts
 * the embedded emulator; each reads only the IMAGEKIT_* variables it needs:
 *
 * - `url` needs IMAGEKIT_URL_ENDPOINT for a path (and for signing, which removes the endpoint from what is signed)
 *   and IMAGEKIT_PRIVATE_KEY for `--signed` / `--expire`. An absolute URL without signing needs neither.
 * - `auth-params` needs IMAGEKIT_PRIVATE_KEY. With no IMAGEKIT_* at all it signs with the test key that the
 *   embedded emulator and `imagekit emulator` use by default (said on stderr), so that trying it needs no account;
 *   a set that lacks only the key is refused, as a mistake.
 *
 * Keys are never printed: the output holds only signatures made with them.
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import * as ImageKit from "@effect-imagekit/sdk/ImageKit"
import * as ImageKitConfig from "@effect-imagekit/sdk/ImageKitConfig"
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { CREDENTIAL_NAMES, EMULATOR_KEYS } from "../client.js"
import { CommandFailure, CredentialsError, ExitCode, UsageError } from "../errors.js"
import { type Rendered, runAction } from "../output.js"
import { err } from "../stdio.js"

const invalid = (message: string) => ValidationError.invalidValue(HelpDoc.p(message))

/** An IMAGEKIT_* value, `None` when unset or blank (`export IMAGEKIT_PRIVATE_KEY=` is as good as missing). */
const envText = (name: string): Effect.Effect<Option.Option<string>> =>
  Config.option(Config.string(name)).pipe(
    Effect.map(Option.filter((value) => value.trim() !== "")),
    Effect.orElseSucceed(() => Option.none())
  )

const envRedacted = (name: string): Effect.Effect<Option.Option<Redacted.Redacted<string>>> =>
  Config.option(Config.redacted(name)).pipe(
    Effect.map(Option.filter((value) => Redacted.value(value).trim() !== "")),
    Effect.orElseSucceed(() => Option.none())
  )

/**
 * The SDK service for settings that only sign and build URLs: no HTTP call is made through it, and the public key
 * takes no part in signing.
 */
const signingService = (settings: { readonly urlEndpoint: string; readonly privateKey: Redacted.Redacted<string> }) =>
  Effect.map(Layer.build(ImageKit.layerNode(ImageKitConfig.make({ publicKey: "", ...settings }))), (context) =>
    Context.get(context, ImageKit.ImageKit)
  )

const invalidInput = (error: { readonly message: string; readonly help: string }, hint: string) =>
  new CommandFailure({
    kind: "InvalidInputError",
    message: error.message,
    hint: error.help === "" ? hint : error.help,
    exitCode: ExitCode.usage
  })

// ---------------------------------------------------------------------------------------------------------------
// imagekit url
// ---------------------------------------------------------------------------------------------------------------

/**
 * A step is copied into the URL as written (`Url.build`'s `raw`), so it must not end the path segment or the URL:
 * `w-300/../x` would point at another file. Everything ImageKit's own syntax uses is allowed.
 */
const UNSAFE_STEP = /[\s/?#\\\p{Cc}]/u

const parseStep = (text: string): Effect.Effect<string, ValidationError.ValidationError> => {
  const step = text.trim()
  if (step === "") return Effect.fail(invalid('Invalid --transformation "": expected a step such as w-300,h-200'))
  if (UNSAFE_STEP.test(step)) {
    return Effect.fail(
      invalid(
        `Invalid --transformation "${text}": a step cannot contain spaces, "/", "\\", "?" or "#" ` +
          "(percent-encode them, e.g. %2F, or use @@ for a path inside an overlay)"
      )
    )
  }
  return Effect.succeed(step)
}

const parseQuery = (text: string): Effect.Effect<readonly [string, string], ValidationError.ValidationError> => {
  const at = text.indexOf("=")
  if (at <= 0) return Effect.fail(invalid(`Invalid --query "${text}": expected name=value, e.g. v=2`))
  return Effect.succeed([text.slice(0, at), text.slice(at + 1)] as const)
}

const urlOptions = {
  transformation: Options.text("transformation").pipe(
    Options.withAlias("t"),
    Options.withDescription(
      "A transformation step in ImageKit's syntax (the part after tr:), e.g. w-300,h-200 or l-text,i-Hi,l-end. " +
        "Repeat it to chain steps (joined with :)."
    ),
    Options.repeated,
    Options.mapEffect((texts) => Effect.forEach(texts, parseStep))
  ),
  position: Options.choice("position", ["path", "query"]).pipe(
    Options.withDescription("Where the transformation goes: path (/tr:w-300/a.jpg, the default) or query (?tr=)."),
    Options.optional
  ),
  query: Options.text("query").pipe(
    Options.withDescription("Repeatable query parameter name=value added to the URL, e.g. --query v=2."),
    Options.repeated,
    Options.mapEffect((texts) => Effect.forEach(texts, parseQuery))
  ),
  signed: Options.boolean("signed").pipe(
    Options.withDescription("Sign the URL (ik-s) with IMAGEKIT_PRIVATE_KEY; without --expire it never expires.")
  ),
  expire: Options.integer("expire").pipe(
    Options.withDescription("Sign the URL so that it expires this many seconds from now (ik-t); implies --signed."),
    Options.mapEffect((seconds) =>
      seconds > 0
        ? Effect.succeed(seconds)
        : Effect.fail(invalid(`Invalid --expire ${seconds}: expected a number of seconds above 0, e.g. 300`))
    ),
    Options.optional
  ),
  json: Options.boolean("json").pipe(
    Options.withDescription(
      "Print { url, urlEndpoint, path, src, transformation, transformationPosition, queryParameters, signed, " +
        "expireSeconds, expiresAt }."
    )
  )
}

const target = Args.text({ name: "path-or-url" }).pipe(
  Args.withDescription("A file path under IMAGEKIT_URL_ENDPOINT (/photos/a.jpg), or an absolute http(s) URL.")
)

type UrlFlags = Command.Command.ParseConfig<typeof urlOptions> & { readonly target: string }

const ABSOLUTE = /^https?:\/\//i

/** A `..` path segment, also percent-encoded (`%2e%2e`), which URL parsing resolves as well. */
const DOT_DOT = /^(?:\.|%2e){2}$/i

/** The `ik-t` of a signed URL as an ISO date, `null` when it never expires. */
const expiryOf = (url: string): string | null => {
  try {
    const text = new URL(url).searchParams.get("ik-t")
    const seconds = text === null ? Number.NaN : Number(text)
    return Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : null
  } catch {
    return null
  }
}

const buildUrl = (flags: UrlFlags) =>
  Effect.gen(function* () {
    const isSrc = ABSOLUTE.test(flags.target)
    const signed = flags.signed || Option.isSome(flags.expire)
    const position = Option.getOrElse(flags.position, () => (isSrc ? "query" : "path"))
    if (isSrc && position === "path") {
      return yield* new UsageError({
        message: "--position path needs a path: with an absolute URL the transformation always goes to ?tr="
      })
    }
    if (!isSrc && flags.target.trim() === "") {
      return yield* new UsageError({ message: "the path is empty: pass a file path such as /photos/a.jpg" })
    }
    if (!isSrc && flags.target.split(/[/\\]/).some((segment) => DOT_DOT.test(segment))) {
      // URL parsing resolves `..`, so `/../../x` would name a file outside the URL endpoint's path.
      return yield* new UsageError({
        message: `the path ${JSON.stringify(flags.target)} has a .. segment: pass the file's path from the endpoint`
      })
    }
    const urlEndpoint = yield* envText("IMAGEKIT_URL_ENDPOINT")
    const privateKey = yield* envRedacted("IMAGEKIT_PRIVATE_KEY")
    if (Option.isNone(urlEndpoint) && (!isSrc || signed)) {
      return yield* new CredentialsError({
        message:
          `IMAGEKIT_URL_ENDPOINT not set: ${isSrc ? "a signed URL is signed relative to it" : "a path is joined to it"}` +
          " (export it, e.g. https://ik.imagekit.io/your_id, or pass an absolute URL; `imagekit emulator` prints a" +
          " set for a local emulator)"
      })
    }
    if (signed && Option.isNone(privateKey)) {
      return yield* new CredentialsError({
        message: "IMAGEKIT_PRIVATE_KEY not set: --signed and --expire sign with it (export it; it is never printed)"
      })
    }
    const ik = yield* signingService({
      urlEndpoint: Option.getOrElse(urlEndpoint, () => ""),
      privateKey: Option.getOrElse(privateKey, () => Redacted.make(""))
    })
    const queryParameters = Object.fromEntries(flags.query)
    const expireSeconds = Option.getOrUndefined(flags.expire)
    const url = yield* ik
      .url({
        ...(isSrc ? { src: flags.target } : { path: flags.target }),
        ...(flags.transformation.length === 0
          ? {}
          : { transformation: flags.transformation.map((step) => ({ raw: step })) }),
        transformationPosition: position,
        ...(flags.query.length === 0 ? {} : { queryParameters }),
        signed,
        ...(expireSeconds === undefined ? {} : { expireSeconds })
      })
      .pipe(
        Effect.mapError((error) =>
          // The one option that comes from the environment rather than the command line.
          error.message.startsWith("`urlEndpoint`")
            ? new CommandFailure({
                kind: "CredentialsError",
                message: `IMAGEKIT_URL_ENDPOINT is not usable: ${error.message}`,
                hint: "set it to your URL endpoint, e.g. https://ik.imagekit.io/your_id",
                exitCode: ExitCode.failed
              })
            : invalidInput(error, "see `imagekit url --help`")
        )
      )
    const rendered: Rendered = {
      json: {
        url,
        urlEndpoint: Option.getOrNull(urlEndpoint),
        path: isSrc ? null : flags.target,
        src: isSrc ? flags.target : null,
        transformation: flags.transformation,
        transformationPosition: position,
        queryParameters,
        signed,
        expireSeconds: expireSeconds ?? null,
        expiresAt: signed ? expiryOf(url) : null
      },
      lines: [url]
    }
    return rendered
  })

/**
 * @since 0.1.0
 */
export const urlCommand = Command.make("url", { ...urlOptions, target }, (flags) =>
  runAction(flags.json, buildUrl(flags))
).pipe(
  Command.withDescription(
    "Print a delivery URL for a path under IMAGEKIT_URL_ENDPOINT or for an absolute URL, with transformations, " +
      "query parameters and an optional signature (imagekit@6 url() semantics). Makes no request."
  )
)

// ---------------------------------------------------------------------------------------------------------------
// imagekit auth-params
// ---------------------------------------------------------------------------------------------------------------

/** ImageKit refuses client uploads whose `expire` is more than an hour ahead. */
const MAX_AHEAD_SECONDS = 3600

const authOptions = {
  token: Options.text("token").pipe(
    Options.withDescription("The unique token of this upload (default: a random UUID)."),
    Options.mapEffect((token) =>
      token.trim() === ""
        ? Effect.fail(invalid('Invalid --token "": expected a non-empty unique string, e.g. a UUID'))
        : Effect.succeed(token)
    ),
    Options.optional
  ),
  expire: Options.integer("expire").pipe(
    Options.withDescription(
      "When the parameters expire, in Unix seconds, at most an hour ahead (default: now + 30 minutes)."
    ),
    Options.mapEffect((seconds) =>
      seconds > 0
        ? Effect.succeed(seconds)
        : Effect.fail(invalid(`Invalid --expire ${seconds}: expected Unix seconds, e.g. $(($(date +%s) + 600))`))
    ),
    Options.optional
  ),
  json: Options.boolean("json").pipe(
    Options.withDescription("Print { token, expire, signature }, the object a client-side upload expects.")
  )
}

type AuthFlags = Command.Command.ParseConfig<typeof authOptions>

/** IMAGEKIT_PRIVATE_KEY; with no IMAGEKIT_* at all, the embedded emulator's test key (said on stderr). */
const authKey = Effect.gen(function* () {
  const privateKey = yield* envRedacted("IMAGEKIT_PRIVATE_KEY")
  if (Option.isSome(privateKey)) return privateKey.value
  const others = yield* Effect.forEach(CREDENTIAL_NAMES, envText)
  if (others.some(Option.isSome)) {
    return yield* new CredentialsError({
      message:
        "IMAGEKIT_PRIVATE_KEY not set: the parameters are signed with it (set all three IMAGEKIT_* variables, or " +
        "none to sign with the embedded emulator's test key)"
    })
  }
  yield* err(
    `imagekit: no IMAGEKIT_* credentials: signed with the embedded emulator's test key (${EMULATOR_KEYS.privateKey}); ` +
      "set IMAGEKIT_PRIVATE_KEY to sign for your ImageKit account"
  )
  return Redacted.make(EMULATOR_KEYS.privateKey)
})

const authParams = (flags: AuthFlags) =>
  Effect.gen(function* () {
    const expire = Option.getOrUndefined(flags.expire)
    if (expire !== undefined) {
      const ahead = expire - Math.floor(Date.now() / 1000)
      if (ahead <= 0 || ahead > MAX_AHEAD_SECONDS) {
        // A warning, not a refusal: testing an expired or too distant value against ImageKit is legitimate.
        yield* err(
          `imagekit: warning: --expire ${expire} is ${ahead <= 0 ? "in the past" : "more than an hour ahead"}; ` +
            "ImageKit refuses such uploads"
        )
      }
    }
    const privateKey = yield* authKey
    const ik = yield* signingService({ urlEndpoint: "", privateKey })
    const parameters = yield* ik
      .getAuthenticationParameters(Option.getOrUndefined(flags.token), expire)
      .pipe(Effect.mapError((error) => invalidInput(error, "see `imagekit auth-params --help`")))
    const rendered: Rendered = {
      json: { token: parameters.token, expire: parameters.expire, signature: parameters.signature },
      lines: [`token      ${parameters.token}`, `expire     ${parameters.expire}`, `signature  ${parameters.signature}`]
    }
    return rendered
  })

/**
 * @since 0.1.0
 */
export const authParamsCommand = Command.make("auth-params", authOptions, (flags) =>
  runAction(flags.json, authParams(flags))
).pipe(
  Command.withDescription(
    "Print client-side upload authentication parameters (token, expire, signature) signed with " +
      "IMAGEKIT_PRIVATE_KEY, as getAuthenticationParameters does. Makes no request."
  )
)
