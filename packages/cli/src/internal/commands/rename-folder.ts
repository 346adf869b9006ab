/**
 * `imagekit rename-folder <folder> <newName>`: renames a folder in place (`renameFolder`, a bulk job), keeping every
 * file and subfolder; `--wait` waits for the job (`awaitBulkJob`, progress on stderr). Output shapes are in
 * docs/cli/folders.md.
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import { client } from "../client.js"
import { orFail } from "../failures.js"
import { type Rendered, runAction } from "../output.js"
import { jsonFlag } from "./account-shared.js"
import { asFolder, libraryPath, nameOf, parentOf, printable } from "./folders-paths.js"
import { timeoutOption, waitOption, waitSeconds, waitWithProgress } from "./wait.js"

const options = {
  folder: Args.text({ name: "folder" }).pipe(Args.withDescription("The folder to rename, e.g. /photos/summer.")),
  newName: Args.text({ name: "newName" }).pipe(Args.withDescription("Its new name (a name, not a path).")),
  purgeCache: Options.boolean("purge-cache").pipe(
    Options.withDescription("Also purge the CDN cache of the old URLs of every file inside (one purge request).")
  ),
  wait: waitOption("the rename"),
  timeout: timeoutOption,
  json: jsonFlag("{ folder, target, jobId, status }")
}

/**
 * @since 0.1.0
 */
export const renameFolderCommand = Command.make("rename-folder", options, (flags) =>
  runAction(
    flags.json,
    Effect.gen(function* () {
      const path = yield* libraryPath(flags.folder, "folder")
      const seconds = yield* waitSeconds(flags.wait, flags.timeout)
      const { ik } = yield* client
      const folder = asFolder(path)
      const target = `${asFolder(parentOf(path))}${flags.newName}/`
      const { jobId } = yield* ik
        .renameFolder({ folderPath: folder, newFolderName: flags.newName, purgeCache: flags.purgeCache })
        .pipe(orFail({ notFound: `run \`imagekit ls ${asFolder(parentOf(path))}\` to see its folders` }))
      const fields = { folder, target, jobId, status: null as string | null }
      if (seconds === undefined) {
        return {
          json: fields,
          lines: [
            `renaming ${printable(folder)} (${printable(nameOf(path))}) to ${printable(target)}: bulk job ${jobId}`,
            `\`imagekit job ${jobId}\` shows its status; --wait waits for it`
          ]
        } satisfies Rendered
      }
      const job = yield* waitWithProgress(
        { label: `bulk job ${jobId}`, followUp: `imagekit job ${jobId}` },
        seconds,
        "the job is gone: run `imagekit ls` to see whether the folder was renamed",
        (waitOptions) => ik.awaitBulkJob(jobId, waitOptions)
      )
      return {
        json: { ...fields, status: job.status },
        lines: [`renamed ${printable(folder)} to ${printable(target)} (bulk job ${jobId}: ${job.status})`]
      } satisfies Rendered
    })
  )
).pipe(
  Command.withDescription(
    "Rename a folder in place, with everything in it (a bulk job); --wait waits until it is done."
  )
)
