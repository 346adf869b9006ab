/**
 * `imagekit emulator`: runs the loopback ImageKit emulator of `@effect-imagekit/testing` in the foreground until
 * SIGINT/SIGTERM, printing where it listens and how to point the SDK at it.
 */
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import * as Emulator from "@effect-imagekit/testing/Emulator"
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { banner } from "../banner.js"
import { UsageError } from "../errors.js"
import { type Sink, Stdio } from "../stdio.js"
import {
  type Parsed,
  parseLatency,
  parsePort,
  parseRate,
  parseRateLimit,
  parseWebhookUrl,
  RATE_LIMIT_SYNTAX,
  type RateLimitRule
} from "../flags.js"

const TEST_KEYS = { publicKey: "public_test_key", privateKey: "private_test_key" } as const

/** Turns a parser's message into the usage error @effect/cli prints (one line) before exiting with code 2. */
const validated =
  <A, B>(parse: (input: A) => Parsed<B>) =>
  (input: A): Effect.Effect<B, ValidationError.ValidationError> => {
    const parsed = parse(input)
    return parsed._tag === "Ok"
      ? Effect.succeed(parsed.value)
      : Effect.fail(ValidationError.invalidValue(HelpDoc.p(parsed.message)))
  }

const rate = (name: string, description: string) =>
  Options.float(name).pipe(
    Options.withDescription(description),
    Options.mapEffect(validated((value: number) => parseRate(name, value))),
    Options.optional
  )

/** "64MiB", "1.5 GiB", "500M", "1048576" → bytes; K/M/G, KB/MB/GB and KiB/MiB/GiB are all powers of 1024. */
const parseByteSize = (text: string): Parsed<number> => {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:([KMG])(?:i?B)?|B)?\s*$/i.exec(text)
  const unit = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[(match?.[2] ?? "").toUpperCase()] ?? 1
  const bytes = match === null ? Number.NaN : Math.floor(Number(match[1]) * unit)
  return bytes >= 1 && bytes <= 4 * 1024 ** 3
    ? { _tag: "Ok", value: bytes }
    : {
        _tag: "Invalid",
        message: `Invalid --max-body "${text}": expected a size from 1 byte to 4GiB, e.g. 64MiB, 1.5GiB or 1048576`
      }
}

const options = {
  port: Options.integer("port").pipe(
    Options.withDescription("Port on 127.0.0.1; 0 picks a free one and prints it."),
    Options.withDefault(0),
    Options.mapEffect(validated(parsePort))
  ),
  dataDir: Options.text("data-dir").pipe(
    Options.withDescription("Keep files and metadata in this directory across restarts (memory only without it)."),
    Options.optional
  ),
  publicKey: Options.text("public-key").pipe(
    Options.withDescription(`Public key to report (default: IMAGEKIT_PUBLIC_KEY, else ${TEST_KEYS.publicKey}).`),
    Options.withFallbackConfig(Config.string("IMAGEKIT_PUBLIC_KEY")),
    Options.optional
  ),
  privateKey: Options.redacted("private-key").pipe(
    Options.withDescription(
      `Private key clients must send (default: IMAGEKIT_PRIVATE_KEY, else ${TEST_KEYS.privateKey}). Never printed.`
    ),
    Options.withFallbackConfig(Config.redacted("IMAGEKIT_PRIVATE_KEY")),
    Options.optional
  ),
  rateLimits: Options.text("rate-limit").pipe(
    Options.withDescription(`Repeatable per-endpoint limit, answered with 429 past it: ${RATE_LIMIT_SYNTAX}.`),
    // Only a plain option can repeat, so the values are checked after collecting them.
    Options.repeated,
    Options.mapEffect((texts) => Effect.forEach(texts, validated(parseRateLimit)))
  ),
  latency: Options.text("latency").pipe(
    Options.withDescription("Delay before each answer in ms: a number (20) or a range (10-50)."),
    Options.mapEffect(validated(parseLatency)),
    Options.optional
  ),
  errorRate: rate("error-rate", "Share (0-1) of requests answered 500/502/503 before they are applied."),
  resetRate: rate("reset-rate", "Share (0-1) of connections reset before the request is read (nothing applied)."),
  lostResponseRate: rate(
    "lost-response-rate",
    "Share (0-1) of requests applied, then their connection closed without an answer."
  ),
  rateLimitedRate: rate(
    "rate-limited-rate",
    "Share (0-1) of requests answered 429 with X-RateLimit-* headers (a reset within 200 ms), whatever the limits."
  ),
  maxBody: Options.text("max-body").pipe(
    Options.withDescription(
      "Largest request body (default 1.5GiB, at most 4GiB), e.g. 64MiB; larger ones are answered 413 at once."
    ),
    Options.mapEffect(validated(parseByteSize)),
    Options.optional
  ),
  seed: Options.integer("seed").pipe(
    Options.withDescription("Seed for ids, unique-name suffixes and faults, for reproducible runs."),
    Options.optional
  ),
  webhookUrl: Options.text("webhook-url").pipe(
    Options.withDescription("POST signed webhook events (upload pre/post transformations) to this URL."),
    Options.mapEffect(validated(parseWebhookUrl)),
    Options.optional
  ),
  webhookSecret: Options.redacted("webhook-secret").pipe(
    Options.withDescription(
      "Secret (whsec_...) the events are signed with (default: IMAGEKIT_WEBHOOK_SECRET). Never printed."
    ),
    Options.withFallbackConfig(Config.redacted("IMAGEKIT_WEBHOOK_SECRET")),
    Options.optional
  )
}

type Flags = Command.Command.ParseConfig<typeof options>

const describeRule = (rule: RateLimitRule): string =>
  `${rule.method ?? "*"} ${rule.pathPrefix} ${rule.limit}/${rule.intervalMs}ms`

const describeFaults = (flags: Flags): ReadonlyArray<string> => {
  const faults: Array<string> = []
  if (Option.isSome(flags.latency)) {
    const latency = flags.latency.value
    faults.push(`latency ${typeof latency === "number" ? latency : latency.join("-")}ms`)
  }
  if (Option.isSome(flags.errorRate)) faults.push(`error rate ${flags.errorRate.value}`)
  if (Option.isSome(flags.resetRate)) faults.push(`reset rate ${flags.resetRate.value}`)
  if (Option.isSome(flags.lostResponseRate)) faults.push(`lost-response rate ${flags.lostResponseRate.value}`)
  if (Option.isSome(flags.rateLimitedRate)) faults.push(`rate-limited rate ${flags.rateLimitedRate.value}`)
  if (faults.length > 0 && Option.isSome(flags.seed)) faults.push(`seed ${flags.seed.value}`)
  return faults
}

const usage = (message: string) => Effect.fail(new UsageError({ message }))

/** A webhook needs both its URL and its secret; either alone is a usage error. */
const webhookTarget = (flags: Flags) => {
  if (Option.isNone(flags.webhookUrl)) {
    return Option.isSome(flags.webhookSecret)
      ? usage("--webhook-secret needs --webhook-url: pass the URL the events should be posted to")
      : Effect.succeed(undefined)
  }
  if (Option.isNone(flags.webhookSecret)) {
    return usage("--webhook-url needs --webhook-secret (or IMAGEKIT_WEBHOOK_SECRET): the secret events are signed with")
  }
  return Effect.succeed({ url: flags.webhookUrl.value, secret: flags.webhookSecret.value })
}

const printDelivery = (stdout: Sink) => (delivery: Emulator.WebhookDelivery) => {
  const attempts = `${delivery.attempts} attempt${delivery.attempts === 1 ? "" : "s"}`
  const outcome =
    delivery.status === "delivered"
      ? `delivered (${attempts}, HTTP ${delivery.responseStatus ?? "?"})`
      : `failed after ${attempts}: ${delivery.error ?? "no answer"}`
  // A plain write: the callback runs outside any fiber.
  stdout.write(`webhook ${delivery.type} ${delivery.eventId}: ${outcome}\n`)
}

const run = (flags: Flags) =>
  Effect.gen(function* () {
    const webhook = yield* webhookTarget(flags)
    const publicKey = Option.getOrElse(flags.publicKey, () => TEST_KEYS.publicKey)
    const privateKey = Option.getOrUndefined(flags.privateKey)
    const seed = Option.getOrUndefined(flags.seed)
    const latency = Option.getOrUndefined(flags.latency)
    const running = yield* Emulator.scoped({
      port: flags.port,
      publicKey,
      privateKey: privateKey === undefined ? TEST_KEYS.privateKey : Redacted.value(privateKey),
      ...(seed === undefined ? {} : { seed }),
      ...(Option.isSome(flags.dataDir) ? { dataDir: flags.dataDir.value } : {}),
      ...(Option.isSome(flags.maxBody) ? { maxBodyBytes: flags.maxBody.value } : {}),
      rateLimits: flags.rateLimits,
      faults: {
        ...(seed === undefined ? {} : { seed }),
        ...(latency === undefined ? {} : { latencyMs: latency }),
        serverErrorRate: Option.getOrUndefined(flags.errorRate),
        resetRate: Option.getOrUndefined(flags.resetRate),
        lostResponseRate: Option.getOrUndefined(flags.lostResponseRate),
        rateLimitedRate: Option.getOrUndefined(flags.rateLimitedRate)
      },
      ...(webhook === undefined ? {} : { webhook: { ...webhook, onSettled: printDelivery((yield* Stdio).stdout) } })
    })
    yield* Console.log(
      banner({
        url: running.url,
        urlEndpoint: running.urlEndpoint,
        publicKey,
        printablePrivateKey: privateKey === undefined ? TEST_KEYS.privateKey : undefined,
        dataDir: running.dataDir,
        webhookUrl: webhook?.url,
        rateLimits: flags.rateLimits.map(describeRule),
        faults: describeFaults(flags)
      })
    )
    // Printed by a finalizer registered after the emulator's, so it runs first, while the numbers are final.
    yield* Effect.addFinalizer(() => {
      const stats = running.stats()
      return Console.log(
        `\nStopping: ${stats.requests} request${stats.requests === 1 ? "" : "s"} served` +
          (webhook === undefined
            ? ""
            : `, webhooks ${stats.webhooksDelivered} delivered / ${stats.webhooksFailed} failed`)
      )
    })
    return yield* Effect.never
  }).pipe(Effect.scoped)

/**
 * @since 0.1.0
 */
export const emulatorCommand = Command.make("emulator", options, run).pipe(
  Command.withDescription(
    "Run a local ImageKit on 127.0.0.1 (API, uploads and file delivery) until Ctrl+C. Point the SDK at it with the " +
      "printed IMAGEKIT_* variables."
  )
)
