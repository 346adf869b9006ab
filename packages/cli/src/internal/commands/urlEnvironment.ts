/**
 * What the commands that build URLs or sign (`url`, `srcset`, `auth-params`) read from the environment, and the SDK
 * service they sign with. None talks to a server, so none starts the embedded emulator; each reads only the
 * IMAGEKIT_* variables it needs:
 *
 * - a path needs IMAGEKIT_URL_ENDPOINT (signing does too: it removes the endpoint from what is signed);
 * - `--signed` / `--expire` need IMAGEKIT_PRIVATE_KEY;
 * - an absolute URL without signing needs neither.
 *
 * Keys are never printed: the output holds only signatures made with them.
 */
import type { InvalidInputError } from "@effect-imagekit/sdk/ImageKitError"
import * as ImageKit from "@effect-imagekit/sdk/ImageKit"
import * as ImageKitConfig from "@effect-imagekit/sdk/ImageKitConfig"
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { CommandFailure, CredentialsError, ExitCode } from "../errors.js"

/** An IMAGEKIT_* value, `None` when unset or blank (`export IMAGEKIT_PRIVATE_KEY=` is as good as missing). */
export const envText = (name: string): Effect.Effect<Option.Option<string>> =>
  Config.option(Config.string(name)).pipe(
    Effect.map(Option.filter((value) => value.trim() !== "")),
    Effect.orElseSucceed(() => Option.none())
  )

export const envRedacted = (name: string): Effect.Effect<Option.Option<Redacted.Redacted<string>>> =>
  Config.option(Config.redacted(name)).pipe(
    Effect.map(Option.filter((value) => Redacted.value(value).trim() !== "")),
    Effect.orElseSucceed(() => Option.none())
  )

/**
 * The SDK service for settings that only sign and build URLs: no HTTP call is made through it, and the public key
 * takes no part in signing.
 */
export const signingService = (settings: {
  readonly urlEndpoint: string
  readonly privateKey: Redacted.Redacted<string>
}) =>
  Effect.map(Layer.build(ImageKit.layerNode(ImageKitConfig.make({ publicKey: "", ...settings }))), (context) =>
    Context.get(context, ImageKit.ImageKit)
  )

/**
 * The SDK service for a URL of `target` (a path, or an absolute URL when `isSrc`), signed or not, with the
 * variables that needs; a `CredentialsError` naming the one that is missing.
 */
export const urlService = (options: { readonly isSrc: boolean; readonly signed: boolean }) =>
  Effect.gen(function* () {
    const urlEndpoint = yield* envText("IMAGEKIT_URL_ENDPOINT")
    const privateKey = yield* envRedacted("IMAGEKIT_PRIVATE_KEY")
    if (Option.isNone(urlEndpoint) && (!options.isSrc || options.signed)) {
      return yield* new CredentialsError({
        message:
          `IMAGEKIT_URL_ENDPOINT not set: ${options.isSrc ? "a signed URL is signed relative to it" : "a path is joined to it"}` +
          " (export it, e.g. https://ik.imagekit.io/your_id, or pass an absolute URL; `imagekit emulator` prints a" +
          " set for a local emulator)"
      })
    }
    if (options.signed && Option.isNone(privateKey)) {
      return yield* new CredentialsError({
        message: "IMAGEKIT_PRIVATE_KEY not set: --signed and --expire sign with it (export it; it is never printed)"
      })
    }
    const ik = yield* signingService({
      urlEndpoint: Option.getOrElse(urlEndpoint, () => ""),
      privateKey: Option.getOrElse(privateKey, () => Redacted.make(""))
    })
    return { ik, urlEndpoint }
  })

/**
 * The SDK's refusal as the CLI's failure, with the command's own hint (the SDK's `help` speaks of options, not
 * flags); the endpoint, which comes from the environment, as a credentials error.
 */
export const invalidInput = (error: Pick<InvalidInputError, "message" | "field">, hint: string): CommandFailure =>
  error.field === "urlEndpoint"
    ? new CommandFailure({
        kind: "CredentialsError",
        message: `IMAGEKIT_URL_ENDPOINT is not usable: ${error.message}`,
        hint: "set it to your URL endpoint, e.g. https://ik.imagekit.io/your_id",
        exitCode: ExitCode.failed
      })
    : new CommandFailure({
        kind: "InvalidInputError",
        message: error.message,
        hint,
        exitCode: ExitCode.usage
      })

/** The `ik-t` of a signed URL as an ISO date, `null` when it never expires. */
export const expiryOf = (url: string): string | null => {
  try {
    const text = new URL(url).searchParams.get("ik-t")
    const seconds = text === null ? Number.NaN : Number(text)
    return Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : null
  } catch {
    return null
  }
}
