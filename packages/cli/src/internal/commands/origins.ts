/**
 * `imagekit origins list|create|update|rm`: where ImageKit fetches files the media library does not hold, through
 * the SDK's origin operations. The fields of each type are flags; the secrets are never flags (a command line shows
 * up in shell history and `ps`): they are read from IMAGEKIT_ORIGIN_* variables, kept `Redacted`, and ImageKit never
 * answers them back. Output shapes are in docs/cli/account.md.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import type { OriginOptions } from "@effect-imagekit/sdk/ImageKit"
import type * as Schemas from "@effect-imagekit/sdk/Schemas"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { client } from "../client.js"
import { UsageError } from "../errors.js"
import { orFail } from "../failures.js"
import { type Rendered, runAction, table } from "../output.js"
import { given, idArg, jsonFlag, needsSubcommand } from "./account-shared.js"

const NOT_FOUND = "run `imagekit origins list` to see the ids"

const TYPES = [
  "S3",
  "S3_COMPATIBLE",
  "CLOUDINARY_BACKUP",
  "WEB_FOLDER",
  "WEB_PROXY",
  "GCS",
  "AZURE_BLOB",
  "AKENEO_PIM"
] as const
type OriginType = (typeof TYPES)[number]

/** The secret fields of each type, and the variable each is read from. */
const SECRETS: Readonly<Record<string, string>> = {
  accessKey: "IMAGEKIT_ORIGIN_ACCESS_KEY",
  secretKey: "IMAGEKIT_ORIGIN_SECRET_KEY",
  privateKey: "IMAGEKIT_ORIGIN_PRIVATE_KEY",
  sasToken: "IMAGEKIT_ORIGIN_SAS_TOKEN",
  clientId: "IMAGEKIT_ORIGIN_CLIENT_ID",
  clientSecret: "IMAGEKIT_ORIGIN_CLIENT_SECRET",
  username: "IMAGEKIT_ORIGIN_USERNAME",
  password: "IMAGEKIT_ORIGIN_PASSWORD"
}

/** The flags (as field names) and secrets each type takes. */
const FIELDS: Readonly<
  Record<OriginType, { readonly flags: ReadonlyArray<string>; readonly secrets: ReadonlyArray<string> }>
> = {
  S3: { flags: ["bucket", "prefix", "useIAMRole"], secrets: ["accessKey", "secretKey"] },
  CLOUDINARY_BACKUP: { flags: ["bucket", "prefix", "useIAMRole"], secrets: ["accessKey", "secretKey"] },
  S3_COMPATIBLE: { flags: ["bucket", "prefix", "endpoint", "s3ForcePathStyle"], secrets: ["accessKey", "secretKey"] },
  WEB_FOLDER: { flags: ["baseUrl", "forwardHostHeaderToOrigin"], secrets: [] },
  WEB_PROXY: { flags: [], secrets: [] },
  GCS: { flags: ["bucket", "prefix", "clientEmail"], secrets: ["privateKey"] },
  AZURE_BLOB: { flags: ["container", "prefix", "accountName"], secrets: ["sasToken"] },
  AKENEO_PIM: { flags: ["baseUrl"], secrets: ["clientId", "clientSecret", "username", "password"] }
}

const text = (name: string, description: string) =>
  Options.text(name).pipe(Options.withDescription(description), Options.optional)

const originOptions = {
  type: Options.choice("type", TYPES).pipe(Options.withDescription("The kind of origin.")),
  name: Options.text("name").pipe(Options.withDescription("Letters, digits and spaces; unique in the account.")),
  bucket: text("bucket", "S3, S3_COMPATIBLE, CLOUDINARY_BACKUP, GCS: the bucket."),
  prefix: text("prefix", "A path inside the bucket or container."),
  endpoint: text("endpoint", "S3_COMPATIBLE: the storage's endpoint URL."),
  baseUrl: text("base-url", "WEB_FOLDER, AKENEO_PIM: the base URL."),
  clientEmail: text("client-email", "GCS: the service account's e-mail."),
  container: text("container", "AZURE_BLOB: the container."),
  accountName: text("account-name", "AZURE_BLOB: the storage account."),
  useIAMRole: Options.boolean("use-iam-role").pipe(
    Options.withDescription("S3, CLOUDINARY_BACKUP: authenticate with an IAM role, no keys.")
  ),
  s3ForcePathStyle: Options.boolean("s3-force-path-style").pipe(
    Options.withDescription("S3_COMPATIBLE: path-style URLs.")
  ),
  forwardHostHeaderToOrigin: Options.boolean("forward-host-header").pipe(
    Options.withDescription("WEB_FOLDER: forward the Host header to the origin.")
  ),
  includeCanonicalHeader: Options.boolean("include-canonical-header").pipe(
    Options.withDescription("Send a canonical Link header with its files.")
  ),
  baseUrlForCanonicalHeader: text("canonical-base-url", "The URL the canonical header names."),
  json: jsonFlag("{ origin: { id, type, name, ... } }")
}

type Flags = Command.Command.ParseConfig<typeof originOptions>

const FLAG_NAMES: Readonly<Record<string, string>> = {
  baseUrl: "--base-url",
  clientEmail: "--client-email",
  accountName: "--account-name",
  useIAMRole: "--use-iam-role",
  s3ForcePathStyle: "--s3-force-path-style",
  forwardHostHeaderToOrigin: "--forward-host-header"
}
const flagName = (field: string) => FLAG_NAMES[field] ?? `--${field}`

/** The origin the flags and the IMAGEKIT_ORIGIN_* variables describe; a flag the type does not take is refused. */
const originFromFlags = (flags: Flags) =>
  Effect.gen(function* () {
    const { flags: allowed, secrets } = FIELDS[flags.type]
    const values = {
      ...given({
        bucket: flags.bucket,
        prefix: flags.prefix,
        endpoint: flags.endpoint,
        baseUrl: flags.baseUrl,
        clientEmail: flags.clientEmail,
        container: flags.container,
        accountName: flags.accountName,
        baseUrlForCanonicalHeader: flags.baseUrlForCanonicalHeader
      }),
      ...(flags.useIAMRole ? { useIAMRole: true } : {}),
      ...(flags.s3ForcePathStyle ? { s3ForcePathStyle: true } : {}),
      ...(flags.forwardHostHeaderToOrigin ? { forwardHostHeaderToOrigin: true } : {}),
      ...(flags.includeCanonicalHeader ? { includeCanonicalHeader: true } : {})
    }
    for (const field of Object.keys(values)) {
      if (!allowed.includes(field) && field !== "includeCanonicalHeader" && field !== "baseUrlForCanonicalHeader") {
        return yield* new UsageError({
          message: `${flagName(field)} is not a setting of a ${flags.type} origin (it takes ${
            allowed.length === 0 ? "no settings" : allowed.map(flagName).join(", ")
          })`
        })
      }
    }
    const secretValues: Record<string, unknown> = {}
    for (const field of secrets) {
      if (flags.useIAMRole) continue
      const variable = SECRETS[field] ?? ""
      const value = yield* Config.option(Config.redacted(variable)).pipe(Effect.orElseSucceed(() => Option.none()))
      if (Option.isNone(value)) {
        return yield* new UsageError({
          message: `a ${flags.type} origin needs its ${field}: set ${variable} (secrets are never flags: a command line shows in shell history)`
        })
      }
      secretValues[field] = value.value
    }
    // The SDK checks the whole origin by the API's rules before anything is sent.
    return { type: flags.type, name: flags.name, ...values, ...secretValues } as unknown as OriginOptions
  })

const originJson = (origin: Schemas.Origin) => ({ ...origin })

/** The type's own settings, for the table: bucket/prefix, base URL, container. */
const where = (origin: Schemas.Origin): string => {
  const fields = origin as Readonly<Record<string, unknown>>
  const parts = ["bucket", "container", "prefix", "endpoint", "baseUrl", "clientEmail", "accountName"]
    .filter((key) => typeof fields[key] === "string" && fields[key] !== "")
    .map((key) => `${key}=${String(fields[key])}`)
  return parts.join(" ")
}

const listCommand = Command.make("list", { json: jsonFlag("{ origins: [...] }") }, (flags) =>
  runAction(
    flags.json,
    Effect.gen(function* () {
      const { ik } = yield* client
      const origins = yield* ik.listOrigins().pipe(orFail())
      return {
        json: { origins: origins.map(originJson) },
        lines:
          origins.length === 0
            ? ["no origins (`imagekit origins create --type WEB_FOLDER --name Web --base-url https://…`)"]
            : table(
                ["ID", "TYPE", "NAME", "SETTINGS"],
                origins.map((origin) => [origin.id, origin.type, origin.name, where(origin)])
              )
      } satisfies Rendered
    })
  )
).pipe(Command.withDescription("List the origins: id, type, name and settings (never a secret)."))

const createCommand = Command.make("create", originOptions, (flags) =>
  runAction(
    flags.json,
    Effect.gen(function* () {
      const origin = yield* originFromFlags(flags)
      const { ik } = yield* client
      const created = yield* ik.createOrigin(origin).pipe(orFail())
      return {
        json: { origin: originJson(created) },
        lines: [`created ${created.type} origin ${created.name} (${created.id})`]
      } satisfies Rendered
    })
  )
).pipe(
  Command.withDescription(
    "Create an origin, e.g. `imagekit origins create --type WEB_FOLDER --name Web --base-url https://images.example.com`; secrets come from IMAGEKIT_ORIGIN_* variables."
  )
)

const updateCommand = Command.make(
  "update",
  { ...originOptions, id: idArg("originId", "imagekit origins list") },
  (flags) =>
    runAction(
      flags.json,
      Effect.gen(function* () {
        const origin = yield* originFromFlags(flags)
        const { ik } = yield* client
        const updated = yield* ik.updateOrigin(flags.id, origin).pipe(orFail({ notFound: NOT_FOUND }))
        return {
          json: { origin: originJson(updated) },
          lines: [`updated ${updated.type} origin ${updated.name} (${updated.id})`]
        } satisfies Rendered
      })
    )
).pipe(Command.withDescription("Replace an origin: all its settings again, secrets (IMAGEKIT_ORIGIN_*) included."))

const rmCommand = Command.make(
  "rm",
  { json: jsonFlag("{ id, deleted: true }"), id: idArg("originId", "imagekit origins list") },
  (flags) =>
    runAction(
      flags.json,
      Effect.gen(function* () {
        const { ik } = yield* client
        yield* ik.deleteOrigin(flags.id).pipe(orFail({ notFound: NOT_FOUND }))
        return { json: { id: flags.id, deleted: true }, lines: [`deleted origin ${flags.id}`] } satisfies Rendered
      })
    )
).pipe(Command.withDescription("Delete an origin no URL endpoint uses."))

/**
 * @since 0.1.0
 */
export const originsCommand = Command.make("origins", {}, needsSubcommand("origins")).pipe(
  Command.withDescription("Origins ImageKit fetches files from: list, create, update and rm them."),
  Command.withSubcommands([listCommand, createCommand, updateCommand, rmCommand])
)
