/**
 * Media-library paths as `imagekit cp`, `mv`, `mkdir` and `rmdir` take them, and the lookup that tells a file from
 * a folder. The parsing is pure, so each rule is tested without starting a process.
 *
 * - The leading "/" is implied: `photos/a.png` is `/photos/a.png`. Repeated "/" collapse.
 * - A trailing "/" says "this is a folder": `cp /photos/ /backup` copies the folder without looking anything up.
 * - "." and ".." segments are refused before any request: ImageKit refuses them too, and a server that resolved
 *   them would turn `rmdir /a/b/..` into `rmdir /a`.
 * - Control characters are refused: no media-library name has one, and printed back they could rewrite the
 *   terminal.
 */
import type * as ImageKit from "@effect-imagekit/sdk/ImageKit"
import * as Schemas from "@effect-imagekit/sdk/Schemas"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { CommandFailure, ExitCode, UsageError } from "../errors.js"
import type { Parsed } from "../flags.js"
import { orFail } from "../failures.js"

/** A parsed media-library path. */
export interface LibraryPath {
  /** The non-empty segments; none for the root. */
  readonly segments: ReadonlyArray<string>
  /** Written with a trailing "/" (or the root): certainly a folder. */
  readonly endsWithSlash: boolean
}

// C0 controls, DEL and C1 controls: ESC among them starts terminal escape sequences.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

/** `text` with control characters shown as `\u001b` escapes, for echoing user input (ids, URLs) safely. */
export const printable = (text: string): string =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: see CONTROL
  text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`)

/** Parses `text`, the argument named `what` (e.g. "source"), into a {@link LibraryPath}. */
export const parseLibraryPath = (text: string, what: string): Parsed<LibraryPath> => {
  if (text.trim() === "") {
    return { _tag: "Invalid", message: `the ${what} is empty: expected a path in the media library, e.g. /photos/` }
  }
  if (CONTROL.test(text)) {
    return {
      _tag: "Invalid",
      message: `the ${what} "${printable(text)}" contains a control character, which no media-library path has`
    }
  }
  const segments = text.split("/").filter((segment) => segment !== "")
  if (segments.some((segment) => segment === "." || segment === "..")) {
    return {
      _tag: "Invalid",
      message: `the ${what} "${text}" has a "." or ".." segment, which ImageKit paths never have: write the full path from the root, e.g. /photos/2024`
    }
  }
  return { _tag: "Ok", value: { segments, endsWithSlash: text.endsWith("/") || segments.length === 0 } }
}

/** `/a/b` (no trailing "/"); `/` for the root. How ImageKit spells a file's path and a listed folder's own path. */
export const asPath = (path: LibraryPath): string => `/${path.segments.join("/")}`

/** `/a/b/`; `/` for the root. How the folder commands print folders. */
export const asFolder = (path: LibraryPath): string =>
  path.segments.length === 0 ? "/" : `/${path.segments.join("/")}/`

/** The last segment; `""` for the root. */
export const nameOf = (path: LibraryPath): string => path.segments[path.segments.length - 1] ?? ""

/** The parent folder; the root is its own parent. */
export const parentOf = (path: LibraryPath): LibraryPath => ({
  segments: path.segments.slice(0, -1),
  endsWithSlash: true
})

/** As an Effect: a usage error (exit 2) when `text` is not a valid media-library path. */
export const libraryPath = (text: string, what: string): Effect.Effect<LibraryPath, UsageError> => {
  const parsed = parseLibraryPath(text, what)
  return parsed._tag === "Ok" ? Effect.succeed(parsed.value) : Effect.fail(new UsageError({ message: parsed.message }))
}

/**
 * The `searchQuery` that finds the file or folder called `name` in one folder, or `undefined` when the name holds
 * both quote characters (the query language has no escape; the caller then lists the folder instead).
 */
export const nameQuery = (name: string): string | undefined => {
  const quote = !name.includes('"') ? '"' : !name.includes("'") ? "'" : undefined
  // With a searchQuery the `type` parameter is ignored, so the query itself asks for files and folders.
  return quote === undefined ? undefined : `(type = "file" OR type = "folder") AND name = ${quote}${name}${quote}`
}

/** What a source path names. */
export type SourceKind = "file" | "folder"

/** Whether `item` is the file or folder at `path` (the listing may hold same-named items elsewhere). */
const isAt = (item: Schemas.ListItem, path: string): SourceKind | undefined => {
  if (Schemas.isFolder(item)) return item.folderPath === path ? "folder" : undefined
  return item.type === "file" && item.filePath === path ? "file" : undefined
}

/**
 * Whether `source` is a file or a folder. A trailing "/" means a folder, with no request. Otherwise the parent is
 * searched for that exact name; a file wins over a folder of the same name (write `name/` for the folder), and
 * neither is a not-found failure (exit 3).
 */
export const sourceKind = (
  ik: ImageKit.Service,
  source: LibraryPath
): Effect.Effect<SourceKind, CommandFailure | UsageError> =>
  Effect.gen(function* () {
    if (source.segments.length === 0) {
      return yield* new UsageError({ message: "the source is the root folder, which cannot be copied or moved" })
    }
    if (source.endsWithSlash) return "folder" as const
    const path = asPath(source)
    const parent = asFolder(parentOf(source))
    const query = nameQuery(nameOf(source))
    const items =
      query === undefined
        ? yield* Stream.runCollect(ik.listFilesStream({ path: parent, type: "all" })).pipe(
            Effect.map((chunk) => Array.from(chunk)),
            orFail()
          )
        : yield* orFail()(ik.listFiles({ path: parent, type: "all", searchQuery: query }))
    const kinds = items.map((item) => isAt(item, path))
    if (kinds.includes("file")) return "file" as const
    if (kinds.includes("folder")) return "folder" as const
    return yield* new CommandFailure({
      kind: "NotFound",
      message: `not found: no file or folder at ${path}`,
      hint: `run \`imagekit ls ${parent}\` to see what is there`,
      exitCode: ExitCode.notFound
    })
  })
