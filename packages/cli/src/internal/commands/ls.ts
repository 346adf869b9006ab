/**
 * `imagekit ls [path]`: lists files and folders with `listFiles` (one page, `--limit`/`--skip`) or, with `--all`,
 * `listFilesStream` (every page). Filters are ImageKit's own: `--search` is the Lucene-like `searchQuery`, the others
 * map one to one onto `type`, `fileType`, `tags` and `sort`.
 *
 * People get a table (path, type, size, id, created); `--json` prints the items as the SDK decodes them.
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import type { ListFilesOptions } from "@effect-imagekit/sdk/ImageKit"
import * as Schemas from "@effect-imagekit/sdk/Schemas"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { client } from "../client.js"
import { UsageError } from "../errors.js"
import { runAction, table } from "../output.js"
import { orFail } from "../failures.js"
import { err } from "../stdio.js"
import { jsonFlag, parseTagList, sizeText, timestamp } from "./file-shared.js"

/** ImageKit's page size limit, also its default `limit`. */
const MAX_LIMIT = 1000

const SORT_FIELDS = ["NAME", "CREATED", "UPDATED", "HEIGHT", "WIDTH", "SIZE", "RELEVANCE"] as const
const SORTS = SORT_FIELDS.flatMap((field) => [`ASC_${field}`, `DESC_${field}`])

const invalid = (message: string) => Effect.fail(ValidationError.invalidValue(HelpDoc.p(message)))

const options = {
  search: Options.text("search").pipe(
    Options.withDescription(
      'ImageKit search query (searchQuery), e.g. name:"a.png", tags IN ["sale"], size > "1mb", ' +
        'createdAt > "7d", type = "folder". With it, ImageKit ignores --type and --tags: put them in the query.'
    ),
    Options.mapEffect((text) =>
      text.trim() === "" ? invalid('Invalid --search "": expected a query, e.g. name:"a.png"') : Effect.succeed(text)
    ),
    Options.optional
  ),
  type: Options.choice("type", ["file", "file-version", "folder", "all"]).pipe(
    Options.withDescription(
      "What to list: files, file versions (older versions only), folders, or all (files and folders; the default)."
    ),
    Options.optional
  ),
  fileType: Options.choice("file-type", ["all", "image", "non-image"]).pipe(
    Options.withDescription("Only images, only other files, or all (the default)."),
    Options.optional
  ),
  tags: Options.text("tags").pipe(
    Options.withDescription("Comma-separated tags: files with any of them, e.g. sale,summer."),
    Options.mapEffect((text) => {
      const tags = parseTagList(text)
      return tags.length > 0 ? Effect.succeed(tags) : invalid(`Invalid --tags "${text}": expected tags, e.g. a,b`)
    }),
    Options.optional
  ),
  sort: Options.choice("sort", SORTS).pipe(
    Options.withDescription("Order, e.g. DESC_CREATED (newest first), ASC_NAME, DESC_SIZE. Default ASC_CREATED."),
    Options.optional
  ),
  limit: Options.integer("limit").pipe(
    Options.withDescription(`At most this many items, 1 to ${MAX_LIMIT} (the default ${MAX_LIMIT}).`),
    Options.mapEffect((value) =>
      value >= 1 && value <= MAX_LIMIT
        ? Effect.succeed(value)
        : invalid(`Invalid --limit ${value}: expected 1 to ${MAX_LIMIT}, e.g. 100`)
    ),
    Options.optional
  ),
  skip: Options.integer("skip").pipe(
    Options.withDescription("Leave out this many items first (the next page: --skip <previous skip + limit>)."),
    Options.mapEffect((value) =>
      value >= 0 ? Effect.succeed(value) : invalid(`Invalid --skip ${value}: expected 0 or more, e.g. 100`)
    ),
    Options.optional
  ),
  all: Options.boolean("all").pipe(
    Options.withDescription(`Every item, page after page (${MAX_LIMIT} a request), instead of one page.`)
  ),
  json: jsonFlag("an array of the items as the API returns them: files (fileId, filePath, type, size, …) and folders")
}

const path = Args.text({ name: "path" }).pipe(
  Args.withDescription("Folder whose contents to list, e.g. /photos (default: the whole media library)."),
  Args.optional
)

type Flags = Command.Command.ParseConfig<typeof options> & { readonly path: Option.Option<string> }

/** The `listFiles` filters the flags ask for; flags that ImageKit would silently ignore are usage errors. */
const filtersOf = (flags: Flags): Effect.Effect<Omit<ListFilesOptions, "limit" | "skip">, UsageError> => {
  if (flags.all && (Option.isSome(flags.limit) || Option.isSome(flags.skip))) {
    return Effect.fail(new UsageError({ message: "--all lists every page: leave out --limit and --skip" }))
  }
  if (Option.isSome(flags.search)) {
    // ImageKit ignores `type` and `tags` next to a searchQuery; dropping a filter the user asked for is worse than
    // saying so.
    const ignored = [
      Option.isSome(flags.type) ? `--type (add type = "${flags.type.value}")` : undefined,
      Option.isSome(flags.tags)
        ? `--tags (add tags IN [${flags.tags.value.map((tag) => `"${tag}"`).join(", ")}])`
        : undefined
    ].filter((text) => text !== undefined)
    if (ignored.length > 0) {
      return Effect.fail(
        new UsageError({ message: `with --search, put the filter in the query instead of ${ignored.join(" and ")}` })
      )
    }
  }
  return Effect.succeed({
    ...(Option.isSome(flags.path) ? { path: flags.path.value } : {}),
    // Like `ls`, folders and files both: ImageKit's default type is "file" only.
    ...(Option.isSome(flags.search)
      ? { searchQuery: flags.search.value }
      : { type: Option.getOrElse(flags.type, () => "all") }),
    ...(Option.isSome(flags.fileType) ? { fileType: flags.fileType.value } : {}),
    ...(Option.isSome(flags.tags) ? { tags: flags.tags.value } : {}),
    ...(Option.isSome(flags.sort) ? { sort: flags.sort.value } : {})
  })
}

/**
 * A folder's path, ending in "/". `folderPath` is the folder's own path in the emulator's answers, but an example in
 * ImageKit's API reference reads like the parent's (`name: "summer", folderPath: "/sale"`): when it does not end in
 * the name, the name is appended, so that the row names the folder either way.
 */
const folderPathOf = (folder: Schemas.Folder): string => {
  const base = folder.folderPath.replace(/\/+$/, "")
  const full = base.endsWith(`/${folder.name}`) ? base : `${base}/${folder.name}`
  return `${full}/`
}

const rows = (items: ReadonlyArray<Schemas.ListItem>): Array<string> =>
  table(
    ["PATH", "TYPE", "SIZE", "ID", "CREATED"],
    items.map((item) =>
      Schemas.isFolder(item)
        ? [folderPathOf(item), "folder", "-", item.folderId, timestamp(item.createdAt)]
        : [item.filePath, item.type, sizeText(item.size), item.fileId, timestamp(item.createdAt)]
    )
  )

const emptyLine = (flags: Flags): string => {
  if (Option.isSome(flags.skip) && flags.skip.value > 0) return `nothing past the first ${flags.skip.value} items`
  if (Option.isSome(flags.search) || Option.isSome(flags.tags) || Option.isSome(flags.fileType)) {
    return "nothing matches"
  }
  return Option.isSome(flags.path)
    ? `nothing in ${flags.path.value} (a folder that does not exist lists as empty: \`imagekit ls\` shows every folder)`
    : "nothing in the media library yet: `imagekit upload <files>` adds files"
}

const run = (flags: Flags) =>
  runAction(
    flags.json,
    Effect.gen(function* () {
      const filters = yield* filtersOf(flags)
      const { ik } = yield* client
      const limit = Option.getOrElse(flags.limit, () => MAX_LIMIT)
      const skip = Option.getOrElse(flags.skip, () => 0)
      const items: ReadonlyArray<Schemas.ListItem> = flags.all
        ? Chunk.toReadonlyArray(
            yield* Stream.runCollect(ik.listFilesStream({ ...filters, pageSize: MAX_LIMIT })).pipe(orFail())
          )
        : yield* ik
            .listFiles({
              ...filters,
              ...(Option.isSome(flags.limit) ? { limit } : {}),
              ...(Option.isSome(flags.skip) ? { skip } : {})
            })
            .pipe(orFail())
      if (!flags.all && items.length === limit) {
        // A full page: there may be more. On stderr, so that the table and the JSON stay what they are.
        yield* err(
          `imagekit: ${items.length} items shown, there may be more: --skip ${skip + limit} for the next page, ` +
            "or --all for every item"
        )
      }
      return { json: items, lines: items.length === 0 ? [emptyLine(flags)] : rows(items) }
    })
  )

/**
 * @since 0.1.0
 */
export const lsCommand = Command.make("ls", { ...options, path }, run).pipe(
  Command.withDescription(
    "List files and folders: a folder's contents, or the whole library, filtered with ImageKit's search. One page " +
      `of up to ${MAX_LIMIT} items (--limit, --skip), or --all. Columns: path (folders end in /), type, size, id ` +
      "(fileId or folderId), created (UTC)."
  )
)
