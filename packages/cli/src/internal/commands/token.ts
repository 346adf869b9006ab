/**
 * `imagekit token --file-name <name> [--param key=value]...`: mints a v2 upload token (`Signing.uploadToken`: HS256,
 * the public key as `kid`, at most an hour) for a browser to upload exactly that file, once, with
 * `imagekit upload --v2 --token` or a form posted to /api/v2/files/upload. It prints the token and the form fields
 * the upload must send, no more and no less. The private key never leaves this machine; the token reveals the
 * parameters, never the key.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Signing from "@effect-imagekit/core/Signing"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { client } from "../client.js"
import { UsageError } from "../errors.js"
import { type Rendered, runAction } from "../output.js"
import { jsonFlag } from "./account-shared.js"

const PARAMETER = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/s

const options = {
  fileName: Options.text("file-name").pipe(Options.withDescription("The name the file is stored under.")),
  param: Options.text("param").pipe(
    Options.withDescription("Another upload parameter the form will send, as key=value, e.g. folder=/uploads."),
    Options.repeated
  ),
  expiresIn: Options.integer("expires-in").pipe(
    Options.withDescription("Seconds the token is valid, 1 to 3600."),
    Options.withDefault(600)
  ),
  json: jsonFlag("{ token, expiresAt, fields }")
}

/**
 * @since 0.1.0
 */
export const tokenCommand = Command.make("token", options, (flags) =>
  runAction(
    flags.json,
    Effect.gen(function* () {
      const fields: Record<string, string> = { fileName: flags.fileName }
      for (const parameter of flags.param) {
        const match = PARAMETER.exec(parameter)
        if (match === null) {
          return yield* new UsageError({
            message: `--param ${JSON.stringify(parameter.slice(0, 40))} is not key=value: e.g. --param folder=/uploads`
          })
        }
        const [, key = "", value = ""] = match
        if (key === "file" || key === "token" || key === "fileName") {
          return yield* new UsageError({ message: `--param ${key}=… cannot be signed: use --file-name for the name` })
        }
        fields[key] = value
      }
      const { settings } = yield* client
      const now = Date.now()
      const token = yield* Effect.try({
        try: () =>
          Signing.uploadToken(fields as Signing.UploadTokenPayload, {
            privateKey: Redacted.value(settings.privateKey),
            publicKey: settings.publicKey,
            expiresIn: flags.expiresIn,
            now: () => now
          }),
        catch: (error) =>
          new UsageError({
            message: `cannot mint the token: ${error instanceof Error ? error.message : String(error)}`
          })
      })
      const expiresAt = new Date(Math.floor(now / 1000) * 1000 + flags.expiresIn * 1000).toISOString()
      return {
        json: { token, expiresAt, fields },
        lines: [
          token,
          `valid until ${expiresAt}, for one upload to /api/v2/files/upload with exactly these fields (and the file):`,
          ...Object.entries(fields).map(([key, value]) => `  ${key}=${value}`)
        ]
      } satisfies Rendered
    })
  )
).pipe(
  Command.withDescription(
    "Mint a v2 upload token for a browser: one upload of exactly these parameters, within --expires-in seconds."
  )
)
