/**
 * What the account commands (`origins`, `endpoints`, `extensions`, `transforms`) share: the `--json` flag, an id
 * argument, the `list`/`create`/`update`/`rm` group, and a JSON flag value read as data.
 */
import * as Args from "@effect/cli/Args"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import { UsageError } from "../errors.js"

export const jsonFlag = (shape: string) =>
  Options.boolean("json").pipe(Options.withDescription(`Print ${shape} as JSON on stdout, and nothing else there.`))

export const idArg = (name: string, from: string) =>
  Args.text({ name }).pipe(Args.withDescription(`The id, from \`${from}\`.`))

/** A flag whose value is JSON (an extension's configuration): parsed, or a usage error naming the flag. */
export const parseJsonFlag = (flag: string, text: string): Effect.Effect<unknown, UsageError> =>
  Effect.try({
    try: (): unknown => JSON.parse(text),
    catch: () =>
      new UsageError({
        message: `${flag} is not JSON: pass an object, e.g. ${flag} '{"name":"google-auto-tagging","minConfidence":80,"maxTags":5}'`
      })
  })

/** `Some(value)` fields only, as an object (the API's "leave it as it is" for the rest). */
export const given = (fields: Readonly<Record<string, { readonly _tag: string; readonly value?: unknown }>>) => {
  const result: Record<string, unknown> = {}
  for (const [key, option] of Object.entries(fields)) if (option._tag === "Some") result[key] = option.value
  return result
}

/** What `imagekit <name>` alone does: ask for a subcommand. */
export const needsSubcommand = (name: string) => () =>
  Effect.fail(new UsageError({ message: `\`imagekit ${name}\` needs a subcommand: list, create, update or rm` }))
