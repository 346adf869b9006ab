/**
 * `imagekit webhook verify`: checks a webhook delivery the way a receiving server should (`Webhook.verify*` of the
 * SDK: constant-time comparison, a timestamp tolerance), with the raw body on stdin and the headers as flags. No
 * request is made and no emulator is started. The secret is never printed: failures carry the verification error's
 * message and help, which never contain it.
 */
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import type { WebhookVerificationError } from "@effect-imagekit/sdk/ImageKitError"
import * as Webhook from "@effect-imagekit/sdk/Webhook"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { Stdio } from "../stdio.js"
import { CommandFailure, ExitCode, UsageError } from "../errors.js"
import { type Rendered, runAction } from "../output.js"

/** The tolerance of the SDK (and of this command) when `--tolerance` is not given, in seconds. */
const DEFAULT_TOLERANCE = 300

const parseTolerance = (text: string): Effect.Effect<number | false, ValidationError.ValidationError> => {
  if (text === "off") return Effect.succeed(false)
  return /^[0-9]+$/.test(text) && Number.isSafeInteger(Number(text))
    ? Effect.succeed(Number(text))
    : Effect.fail(
        ValidationError.invalidValue(
          HelpDoc.p(`Invalid --tolerance "${text}": expected seconds (e.g. 600), or off to skip the timestamp check`)
        )
      )
}

const options = {
  signature: Options.text("signature").pipe(
    Options.withDescription("The x-ik-signature header of a legacy delivery (t=<ms>,v1=<hex>)."),
    Options.optional
  ),
  webhookId: Options.text("webhook-id").pipe(
    Options.withDescription("The webhook-id header of a Standard Webhooks delivery."),
    Options.optional
  ),
  webhookTimestamp: Options.text("webhook-timestamp").pipe(
    Options.withDescription("The webhook-timestamp header (Unix seconds)."),
    Options.optional
  ),
  webhookSignature: Options.text("webhook-signature").pipe(
    Options.withDescription("The webhook-signature header (v1,<base64>, several separated by spaces)."),
    Options.optional
  ),
  secret: Options.redacted("secret").pipe(
    Options.withDescription(
      "The endpoint's webhook secret, whsec_... (default: IMAGEKIT_WEBHOOK_SECRET). Never printed."
    ),
    Options.withFallbackConfig(Config.redacted("IMAGEKIT_WEBHOOK_SECRET")),
    Options.optional
  ),
  tolerance: Options.text("tolerance").pipe(
    Options.withDescription(
      `Largest age (or clock skew) of the signed timestamp, in seconds (default ${DEFAULT_TOLERANCE}); off skips the ` +
        "check, as imagekit@6 did."
    ),
    Options.mapEffect(parseTolerance),
    Options.optional
  ),
  json: Options.boolean("json").pipe(
    Options.withDescription("Print { verified: true, scheme, webhookId, timestamp, event } on success.")
  )
}

type Flags = Command.Command.ParseConfig<typeof options>

/** The whole of stdin as bytes: the signature covers the body byte for byte, so it is not decoded or trimmed. */
const readStdin: Effect.Effect<Uint8Array, UsageError, Stdio> = Effect.flatMap(Stdio, ({ stdin }) =>
  stdin.isTTY
    ? Effect.fail(
        new UsageError({ message: "the raw request body is read from stdin: pipe or redirect it, e.g. `< body.json`" })
      )
    : Effect.mapError(
        stdin.readAll,
        (error) => new UsageError({ message: `stdin could not be read: ${error.message}` })
      )
)

type Headers =
  | { readonly _tag: "Legacy"; readonly signature: string }
  | { readonly _tag: "Standard"; readonly headers: Readonly<Record<string, string>> }

/** Which scheme the flags describe; a mix, or half of the Standard Webhooks trio, is a usage error. */
const headersOf = (flags: Flags): Effect.Effect<Headers, UsageError> => {
  const trio = {
    "webhook-id": Option.getOrUndefined(flags.webhookId),
    "webhook-timestamp": Option.getOrUndefined(flags.webhookTimestamp),
    "webhook-signature": Option.getOrUndefined(flags.webhookSignature)
  }
  const given = Object.entries(trio).filter(([, value]) => value !== undefined)
  if (Option.isSome(flags.signature)) {
    return given.length === 0
      ? Effect.succeed({ _tag: "Legacy", signature: flags.signature.value })
      : Effect.fail(
          new UsageError({
            message: "pass either --signature (x-ik-signature) or the --webhook-* headers, not both"
          })
        )
  }
  if (given.length === 0) {
    return Effect.fail(
      new UsageError({
        message:
          "no signature: pass --webhook-id, --webhook-timestamp and --webhook-signature (Standard Webhooks), or " +
          "--signature with the x-ik-signature header"
      })
    )
  }
  const { webhookId, webhookTimestamp, webhookSignature } = flags
  if (Option.isSome(webhookId) && Option.isSome(webhookTimestamp) && Option.isSome(webhookSignature)) {
    return Effect.succeed({
      _tag: "Standard",
      headers: {
        "webhook-id": webhookId.value,
        "webhook-timestamp": webhookTimestamp.value,
        "webhook-signature": webhookSignature.value
      }
    })
  }
  const missing = Object.entries(trio)
    .filter(([, value]) => value === undefined)
    .map(([name]) => `--${name}`)
  return Effect.fail(
    new UsageError({ message: `${missing.join(" and ")} missing: a Standard Webhooks delivery has all three headers` })
  )
}

/** The hint for a rejection, in the command's terms where the SDK's help speaks of options. */
const hintFor = (error: WebhookVerificationError): string => {
  switch (error.reason) {
    case "TimestampOutsideTolerance":
      return (
        "the delivery is older or newer than the tolerance: check the clock, or pass --tolerance <seconds> " +
        "(off skips the check) to verify an old delivery"
      )
    case "InvalidSecret":
      return "pass the endpoint's webhook secret (whsec_...) with --secret or IMAGEKIT_WEBHOOK_SECRET"
    default:
      return error.help.replace(/\.$/, "")
  }
}

const textField = (event: unknown, key: string): string | undefined => {
  if (typeof event !== "object" || event === null) return undefined
  const value: unknown = (event as Record<string, unknown>)[key]
  return typeof value === "string" ? value : undefined
}

const verify = (flags: Flags) =>
  Effect.gen(function* () {
    const headers = yield* headersOf(flags)
    const secret = Option.filter(flags.secret, (value) => Redacted.value(value) !== "")
    if (Option.isNone(secret)) {
      return yield* new UsageError({
        message: "no webhook secret: pass --secret whsec_... or set IMAGEKIT_WEBHOOK_SECRET (it is never printed)"
      })
    }
    const body = yield* readStdin
    const tolerance = Option.getOrElse(flags.tolerance, () => DEFAULT_TOLERANCE)
    const verified = yield* (
      headers._tag === "Legacy"
        ? Webhook.verifySignature(body, headers.signature, secret.value, { tolerance })
        : Webhook.verifyStandard(body, headers.headers, secret.value, { tolerance })
    ).pipe(
      Effect.mapError(
        (error) =>
          new CommandFailure({
            kind: error._tag,
            message: `webhook not verified: ${error.message}`,
            hint: hintFor(error),
            exitCode: ExitCode.failed
          })
      )
    )
    const type = textField(verified.event, "type") ?? "(no type)"
    const id = textField(verified.event, "id") ?? "(no id)"
    const signedAt = new Date(verified.timestamp).toISOString()
    const scheme = verified.scheme === "standard" ? "Standard Webhooks" : "x-ik-signature"
    const rendered: Rendered = {
      json: {
        verified: true,
        scheme: verified.scheme,
        webhookId: verified.id ?? null,
        timestamp: signedAt,
        event: verified.event
      },
      lines: [`verified ${type} event ${id} (${scheme}, signed ${signedAt})`]
    }
    return rendered
  })

const verifyCommand = Command.make("verify", options, (flags) => runAction(flags.json, verify(flags))).pipe(
  Command.withDescription(
    "Verify a webhook delivery: the raw body on stdin, the signature headers as flags, the secret from --secret or " +
      "IMAGEKIT_WEBHOOK_SECRET. Exits 0 and prints the event's type and id when it verifies, 1 when it does not."
  )
)

/**
 * @since 0.1.0
 */
export const webhookCommand = Command.make("webhook", {}, () =>
  Effect.fail(new UsageError({ message: "`imagekit webhook` needs a subcommand: verify" }))
).pipe(
  Command.withDescription("Webhook tools: `imagekit webhook verify` checks a delivery's signature."),
  Command.withSubcommands([verifyCommand])
)
