/**
 * The `imagekit` command tree. Each subcommand lives in `commands/<name>.ts` and is listed here; adding one is a new
 * file and one entry in `subcommands`.
 */
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import { emulatorCommand } from "./commands/emulator.js"
import { UsageError } from "./errors.js"
import { lsCommand } from "./commands/ls.js"
import {
  infoCommand,
  metadataCommand,
  versionsCommand,
  restoreCommand,
  rmCommand,
  renameCommand,
  tagsCommand
} from "./commands/file.js"
import { cpCommand, mvCommand, mkdirCommand, rmdirCommand, jobCommand } from "./commands/folders.js"
import { purgeCommand } from "./commands/purge.js"
import { urlCommand, authParamsCommand } from "./commands/url.js"
import { phashCommand } from "./commands/phash.js"
import { webhookCommand } from "./commands/webhook.js"
import { fieldsCommand } from "./commands/fields.js"
import { tourCommand } from "./commands/tour.js"
import { uploadCommand } from "./commands/upload.js"

declare const IMAGEKIT_CLI_VERSION: string | undefined

// Replaced by the bundler with the package version; the fallback covers unbundled runs (tests of the sources).
const version = typeof IMAGEKIT_CLI_VERSION === "string" ? IMAGEKIT_CLI_VERSION : "0.0.0-dev"

const subcommands = [
  tourCommand,
  urlCommand,
  authParamsCommand,
  uploadCommand,
  lsCommand,
  infoCommand,
  metadataCommand,
  versionsCommand,
  restoreCommand,
  rmCommand,
  cpCommand,
  mvCommand,
  renameCommand,
  mkdirCommand,
  rmdirCommand,
  tagsCommand,
  purgeCommand,
  jobCommand,
  fieldsCommand,
  phashCommand,
  webhookCommand,
  emulatorCommand
] as const

export const rootCommand = Command.make("imagekit").pipe(
  Command.withDescription("ImageKit from the command line."),
  Command.withSubcommands(subcommands)
)

const runParsed = Command.run(rootCommand, { name: "imagekit", version })

/**
 * Parses `argv` (as `process.argv`: node and script first) and runs the chosen command.
 *
 * @effect/cli answers `--version` wherever it appears, so `imagekit rm <id> --version <v>` would print the version
 * and exit 0 with nothing deleted, which reads as success. `--version` is accepted only as `imagekit --version`.
 */
export const runCli = (argv: ReadonlyArray<string>) => {
  const args = argv.slice(2)
  const at = args.indexOf("--version")
  const end = args.indexOf("--")
  if (at > 0 && (end === -1 || at < end)) {
    return Effect.fail(
      new UsageError({
        message:
          "--version prints the version of imagekit and goes alone (`imagekit --version`); " +
          "for a file version use the command's own option, e.g. `imagekit rm <fileId> --version-id <versionId>`"
      })
    )
  }
  return runParsed(argv)
}
