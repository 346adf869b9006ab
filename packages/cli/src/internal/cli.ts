/**
 * The `imagekit` command tree. Each subcommand lives in `commands/<name>.ts` and is listed here; adding one is a new
 * file and one entry in `subcommands`. `main.ts` runs it; its help comes from `help.ts`.
 */
import * as Command from "@effect/cli/Command"
import { emulatorCommand } from "./commands/emulator.js"
import { mcpCommand } from "./commands/mcp.js"
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
// the endpoints newer than imagekit@6
import { endpointsCommand } from "./commands/endpoints.js"
import { extensionsCommand } from "./commands/extensions.js"
import { originsCommand } from "./commands/origins.js"
import { renameFolderCommand } from "./commands/rename-folder.js"
import { tokenCommand } from "./commands/token.js"
import { transformsCommand } from "./commands/transforms.js"
import { usageCommand } from "./commands/usage.js"
import { type CommandSpec, commandSpec } from "./commandSpec.js"

export { version } from "./version.js"

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
  // the endpoints newer than imagekit@6
  renameFolderCommand,
  transformsCommand,
  originsCommand,
  endpointsCommand,
  extensionsCommand,
  usageCommand,
  tokenCommand,
  phashCommand,
  webhookCommand,
  emulatorCommand,
  mcpCommand
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
