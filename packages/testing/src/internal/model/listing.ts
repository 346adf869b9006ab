/** GET /v1/files: list and search files, file versions and folders. */
import type { ModelContext } from "./context.js"
import { badRequest } from "./errors.js"
import { json, queryValue } from "./input.js"
import { folderName, normalizeFolder, parentFolder, withoutTrailingSlash } from "./paths.js"
import { mentionsType, parseSearchQuery, type Predicate, type SearchSubject } from "./search.js"
import type { FileRecord, FolderRecord, VersionRecord } from "./state.js"
import type { ModelRequest, ModelResponse } from "./types.js"
import { fileView, folderView } from "./views.js"

type Entry =
  | {
      readonly kind: "file"
      readonly file: FileRecord
      readonly version: VersionRecord
      readonly subject: SearchSubject
    }
  | { readonly kind: "folder"; readonly folder: FolderRecord; readonly subject: SearchSubject }

const fileEntry = (file: FileRecord, version: VersionRecord): Entry => ({
  kind: "file",
  file,
  version,
  subject: {
    type: version === file.current ? "file" : "file-version",
    name: file.name,
    path: `${file.folder}${file.name}`,
    tags: version.tags ?? [],
    AITags: (version.AITags ?? []).map((tag) => tag.name),
    customMetadata: version.customMetadata,
    description: version.description,
    fileType: version.content.media.fileType,
    format: version.content.media.format,
    size: version.content.bytes.length,
    ...(version.content.media.width === undefined ? {} : { width: version.content.media.width }),
    ...(version.content.media.height === undefined ? {} : { height: version.content.media.height }),
    createdAt: version.createdAt,
    updatedAt: version.updatedAt,
    isPrivateFile: file.isPrivateFile,
    isPublished: version.isPublished
  }
})

const folderEntry = (folder: FolderRecord): Entry => ({
  kind: "folder",
  folder,
  subject: {
    type: "folder",
    name: folderName(folder.path),
    path: withoutTrailingSlash(folder.path),
    tags: [],
    AITags: [],
    customMetadata: {},
    createdAt: folder.createdAt,
    updatedAt: folder.updatedAt
  }
})

const SORT_KEYS: Readonly<Record<string, (subject: SearchSubject) => string | number>> = {
  NAME: (subject) => subject.name,
  CREATED: (subject) => subject.createdAt.getTime(),
  UPDATED: (subject) => subject.updatedAt.getTime(),
  HEIGHT: (subject) => subject.height ?? 0,
  WIDTH: (subject) => subject.width ?? 0,
  SIZE: (subject) => subject.size ?? 0,
  // The model has no relevance score; creation order is the stable stand-in.
  RELEVANCE: (subject) => subject.createdAt.getTime()
}

const comparator = (sort: string): ((a: Entry, b: Entry) => number) => {
  const match = /^(ASC|DESC)_([A-Z]+)$/.exec(sort)
  const key = match === null ? undefined : SORT_KEYS[match[2] ?? ""]
  if (match === null || key === undefined) throw badRequest("Your request contains invalid value for sort parameters.")
  const sign = match[1] === "DESC" ? -1 : 1
  return (a, b) => {
    const left = key(a.subject)
    const right = key(b.subject)
    return left < right ? -sign : left > right ? sign : 0
  }
}

const integer = (query: ModelRequest["query"], key: string, fallback: number): number => {
  const text = queryValue(query, key)
  if (text === undefined || text === "") return fallback
  const value = Number(text)
  if (!Number.isInteger(value)) throw badRequest(`Your request contains invalid value for ${key} parameter.`)
  return value
}

const pageBounds = (query: ModelRequest["query"]): { readonly skip: number; readonly limit: number } => {
  const skip = integer(query, "skip", 0)
  const limit = integer(query, "limit", 1000)
  if (skip < 0)
    throw badRequest(`The value of skip parameter should be greater than or equal to 0. Value sent is ${skip}.`)
  if (limit < 1) throw badRequest(`Minimum value of limit parameter is 1. Value sent is ${limit}.`)
  if (limit > 1000) throw badRequest(`Maximum value of limit parameter is 1000. Value sent is ${limit}.`)
  return { skip, limit }
}

const FILE_TYPES = new Set(["all", "image", "non-image"])
const TYPES = new Set(["file", "file-version", "folder", "all"])

const tagFilter = (tags: string | undefined): Predicate | undefined => {
  if (tags === undefined || tags === "") return undefined
  const wanted = tags
    .split(",")
    .map((tag) => tag.trim())
    .filter((tag) => tag !== "")
  return (subject) => subject.tags.some((tag) => wanted.includes(tag))
}

/**
 * `path` limits the listing to the folder's direct children; without it the whole library is listed.
 * With a `searchQuery`, `tags`, `type` and `name` are ignored (as documented) and the query decides; folders
 * and versions are then candidates only when the query names a `type` (or folders with `includeFolder`).
 */
export const listFiles = (context: ModelContext, request: ModelRequest): ModelResponse => {
  const { query } = request
  const pathText = queryValue(query, "path")
  const path = pathText === undefined || pathText === "" ? undefined : normalizeFolder(pathText)
  const fileType = queryValue(query, "fileType") ?? "all"
  if (!FILE_TYPES.has(fileType)) throw badRequest("Your request contains invalid value for fileType parameter.")
  const type = queryValue(query, "type") ?? "file"
  if (!TYPES.has(type)) throw badRequest("Your request contains invalid value for type parameter.")
  const order = comparator(queryValue(query, "sort") ?? "ASC_CREATED")
  const { skip, limit } = pageBounds(query)
  const includeFolder = queryValue(query, "includeFolder") === "true"
  const searchQuery = queryValue(query, "searchQuery")
  const searching = searchQuery !== undefined && searchQuery.trim() !== ""

  const files = [...context.state.files.values()].filter((file) => path === undefined || file.folder === path)
  const folders = [...context.state.folders.values()].filter(
    (folder) => path === undefined || parentFolder(folder.path) === path
  )
  const typed = searching && mentionsType(searchQuery)
  const wantFiles = searching || type === "file" || type === "all"
  const wantVersions = searching ? typed : type === "file-version"
  const wantFolders = searching ? typed || includeFolder : type === "folder" || type === "all" || includeFolder
  const entries: Array<Entry> = [
    ...(wantFolders ? folders.map(folderEntry) : []),
    ...(wantFiles ? files.map((file) => fileEntry(file, file.current)) : []),
    ...(wantVersions ? files.flatMap((file) => file.history.map((version) => fileEntry(file, version))) : [])
  ]

  const filters: Array<Predicate> = []
  if (fileType !== "all") filters.push((subject) => subject.type === "folder" || subject.fileType === fileType)
  if (searching) {
    const types = new Map(context.state.activeFields().map((field) => [field.name, field.schema.type]))
    filters.push(parseSearchQuery(searchQuery, context.now(), types))
  } else {
    const byTags = tagFilter(queryValue(query, "tags"))
    if (byTags !== undefined) filters.push(byTags)
    const name = queryValue(query, "name")
    if (name !== undefined && name !== "") filters.push((subject) => subject.name === name)
  }
  const matching = entries.filter((entry) => filters.every((filter) => filter(entry.subject)))
  // Folders come before files, as in the media library; each group follows the requested order.
  matching.sort((a, b) => (a.kind === b.kind ? order(a, b) : a.kind === "folder" ? -1 : 1))
  return json(
    matching
      .slice(skip, skip + limit)
      .map((entry) =>
        entry.kind === "folder" ? folderView(entry.folder) : fileView(context, entry.file, entry.version)
      )
  )
}
