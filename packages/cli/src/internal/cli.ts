/**
 * The `imagekit` command tree. Each subcommand lives in `commands/<name>.ts` and is listed here; adding one is a new
 * file and one entry in `subcommands`. `main.ts` runs it; its help comes from `help.ts`.
 */
import * as Command from "@effect/cli/Command"
import { emulatorCommand } from "./commands/emulator.js"
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
import { srcsetCommand } from "./commands/srcset.js"
import { phashCommand } from "./commands/phash.js"
import { webhookCommand } from "./commands/webhook.js"
import { fieldsCommand } from "./commands/fields.js"
import { tourCommand } from "./commands/tour.js"
import { uploadCommand } from "./commands/upload.js"
import { type CommandSpec, commandSpec } from "./commandSpec.js"

declare const IMAGEKIT_CLI_VERSION: string | undefined

/** Replaced by the bundler with the package version; the fallback covers unbundled runs (tests of the sources). */
export const version = typeof IMAGEKIT_CLI_VERSION === "string" ? IMAGEKIT_CLI_VERSION : "0.0.0-dev"

/** In the order `imagekit --help` lists them. */
export const subcommands = [
  tourCommand,
  urlCommand,
  srcsetCommand,
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

let spec: CommandSpec | undefined

/** What the tree accepts, for the help and for the check of the command line (read once, when first needed). */
export const rootSpec = (): CommandSpec => {
  spec = spec ?? commandSpec(rootCommand, subcommands)
  return spec
}
