/**
 * `imagekit url` and `imagekit auth-params`: the two signing helpers (`imagekit srcset` is in srcset.ts). Neither
 * talks to a server; what each reads from the environment is in urlEnvironment.ts. Keys are never printed: the output
 * holds only signatures made with them.
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { CREDENTIAL_NAMES, EMULATOR_KEYS } from "../client.js"
import { CredentialsError, UsageError } from "../errors.js"
import { type Rendered, runAction } from "../output.js"
import { err } from "../stdio.js"
import { describeSteps, stepsOf, transformationFlags } from "./transformationFlags.js"
import { envRedacted, envText, expiryOf, invalidInput, signingService, urlService } from "./urlEnvironment.js"

const invalid = (message: string) => ValidationError.invalidValue(HelpDoc.p(message))

// ---------------------------------------------------------------------------------------------------------------
// imagekit url
// ---------------------------------------------------------------------------------------------------------------

export const parseQuery = (text: string): Effect.Effect<readonly [string, string], ValidationError.ValidationError> => {
  const at = text.indexOf("=")
  if (at <= 0) return Effect.fail(invalid(`Invalid --query "${text}": expected name=value, e.g. v=2`))
  return Effect.succeed([text.slice(0, at), text.slice(at + 1)] as const)
}

/** `--query`, `--signed` and `--expire`, which `srcset` takes too. */
export const queryAndSigningFlags = {
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
  )
}

const urlOptions = {
  ...transformationFlags,
  position: Options.choice("position", ["path", "query"]).pipe(
    Options.withDescription("Where the transformation goes: path (/tr:w-300/a.jpg, the default) or query (?tr=)."),
    Options.optional
  ),
  ...queryAndSigningFlags,
  json: Options.boolean("json").pipe(
    Options.withDescription(
      "Print { url, urlEndpoint, path, src, transformation, transformationPosition, queryParameters, signed, " +
        "expireSeconds, expiresAt }."
    )
  )
}

export const target = Args.text({ name: "path-or-url" }).pipe(
  Args.withDescription("A file path under IMAGEKIT_URL_ENDPOINT (/photos/a.jpg), or an absolute http(s) URL.")
)

type UrlFlags = Command.Command.ParseConfig<typeof urlOptions> & { readonly target: string }

const ABSOLUTE = /^https?:\/\//i

/** A `..` path segment, also percent-encoded (`%2e%2e`), which URL parsing resolves as well. */
const DOT_DOT = /^(?:\.|%2e){2}$/i

/** Is `target` an absolute URL? A usage error for an empty path or one with a `..` segment. */
export const checkTarget = (target: string): Effect.Effect<boolean, UsageError> => {
  const isSrc = ABSOLUTE.test(target)
  if (!isSrc && target.trim() === "") {
    return Effect.fail(new UsageError({ message: "the path is empty: pass a file path such as /photos/a.jpg" }))
  }
  if (!isSrc && target.split(/[/\\]/).some((segment) => DOT_DOT.test(segment))) {
    // URL parsing resolves `..`, so `/../../x` would name a file outside the URL endpoint's path.
    return Effect.fail(
      new UsageError({
        message: `the path ${JSON.stringify(target)} has a .. segment: pass the file's path from the endpoint`
      })
    )
  }
  return Effect.succeed(isSrc)
}

const buildUrl = (flags: UrlFlags) =>
  Effect.gen(function* () {
    const isSrc = yield* checkTarget(flags.target)
    const signed = flags.signed || Option.isSome(flags.expire)
    const position = Option.getOrElse(flags.position, () => (isSrc ? "query" : "path"))
    if (isSrc && position === "path") {
      return yield* new UsageError({
        message: "--position path needs a path: with an absolute URL the transformation always goes to ?tr="
      })
    }
    const steps = yield* stepsOf(flags)
    const { ik, urlEndpoint } = yield* urlService({ isSrc, signed })
    const queryParameters = Object.fromEntries(flags.query)
    const expireSeconds = Option.getOrUndefined(flags.expire)
    const url = yield* ik
      .url({
        ...(isSrc ? { src: flags.target } : { path: flags.target }),
        ...(steps.length === 0 ? {} : { transformation: steps }),
        transformationPosition: position,
        ...(flags.query.length === 0 ? {} : { queryParameters }),
        signed,
        ...(expireSeconds === undefined ? {} : { expireSeconds })
      })
      .pipe(Effect.mapError((error) => invalidInput(error, "see `imagekit url --help`")))
    const rendered: Rendered = {
      json: {
        url,
        urlEndpoint: Option.getOrNull(urlEndpoint),
        path: isSrc ? null : flags.target,
        src: isSrc ? flags.target : null,
        transformation: describeSteps(steps),
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
    "Print a delivery URL for a path under IMAGEKIT_URL_ENDPOINT or for an absolute URL, with transformations " +
      "(ImageKit's syntax, typed steps, a text or image overlay), query parameters and an optional signature " +
      "(imagekit@6 url() semantics). Makes no request."
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
