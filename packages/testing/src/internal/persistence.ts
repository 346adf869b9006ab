/**
 * The emulator's data dir (see docs/decisions/0006-emulator-persistence.md):
 *
 * - `state.json`: every record of the model (files, versions, folders, fields, purges, jobs, origins without their
 *   secrets, URL endpoints, saved extensions, named transformations, delivered traffic, spent upload tokens, the id
 *   generator's state), rewritten whole shortly after changes (see `writeBehind`): written to a temporary file, then renamed
 *   over the old one, so a crash leaves either the old or the new state, never half of one;
 * - `blobs/<sha-256>`: the bytes of each version, once per distinct content, written before the state that names
 *   them;
 * - `emulator.lock`: the pid of the emulator using the dir (and a token of its own), so two emulators never write the
 *   same state; it is created atomically, so emulators starting at once on one dir take it one at a time.
 *
 * Everything is checked when the dir is opened (JSON shape, every blob present with the bytes its name promises),
 * so a damaged dir fails the start with a clear reason instead of failing a request later.
 */
import { createHash, randomUUID } from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { ModelSnapshot } from "./model/index.js"
import type { Content, DayTraffic, FileRecord, VersionRecord } from "./model/state.js"

export type DataDirProblemReason = "DataDirUnreadable" | "DataDirCorrupt" | "DataDirLocked"

/** Why a data dir cannot be used; the public `EmulatorError` is made from it. */
export class DataDirProblem extends Error {
  constructor(
    readonly reason: DataDirProblemReason,
    message: string
  ) {
    super(message)
  }
}

export interface PersistenceStats {
  /** State files written since the start. */
  readonly writes: number
  /** Time spent writing them (blobs included), in ms. */
  readonly writeMs: number
  /** Writes that failed (e.g. a full disk); the next change retries. */
  readonly writeErrors: number
}

export interface DataDir {
  readonly directory: string
  /** The state found in the dir, or `undefined` for a new dir. */
  readonly loaded: ModelSnapshot | undefined
  /** Writes `snapshot` (and any new blob) before returning. */
  readonly write: (snapshot: ModelSnapshot) => void
  /** The duration of the last write, in ms. */
  readonly lastWriteMs: () => number
  readonly stats: () => PersistenceStats
  /** Removes the lock; the dir stays as it is. */
  readonly release: () => void
}

const FORMAT = "effect-imagekit-emulator"
const STATE_FILE = "state.json"
const BLOBS = "blobs"
const LOCK_FILE = "emulator.lock"

// ---------------------------------------------------------------------------------------------------------------
// The JSON shape of state.json (version 1). Dates are ISO strings; bytes are blob names.
// ---------------------------------------------------------------------------------------------------------------

const BlobName = Schema.String.pipe(Schema.pattern(/^[0-9a-f]{64}$/))

const MediaJson = Schema.Struct({
  fileType: Schema.Literal("image", "non-image"),
  mime: Schema.String,
  format: Schema.String,
  width: Schema.optionalWith(Schema.Number, { exact: true }),
  height: Schema.optionalWith(Schema.Number, { exact: true }),
  hasAlpha: Schema.Boolean,
  density: Schema.Number
})

const VersionJson = Schema.Struct({
  versionId: Schema.String,
  number: Schema.Number,
  token: Schema.String,
  blob: BlobName,
  media: MediaJson,
  tags: Schema.NullOr(Schema.Array(Schema.String)),
  AITags: Schema.NullOr(
    Schema.Array(Schema.Struct({ name: Schema.String, confidence: Schema.Number, source: Schema.String }))
  ),
  customCoordinates: Schema.NullOr(Schema.String),
  customMetadata: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
  description: Schema.optionalWith(Schema.String, { exact: true }),
  isPublished: Schema.Boolean,
  createdAt: Schema.Date,
  updatedAt: Schema.Date
})

const FileJson = Schema.Struct({
  fileId: Schema.String,
  folder: Schema.String,
  name: Schema.String,
  isPrivateFile: Schema.Boolean,
  nextVersionNumber: Schema.Number,
  createdAt: Schema.Date,
  current: VersionJson,
  history: Schema.Array(VersionJson)
})

const JsonObject = Schema.Record({ key: Schema.String, value: Schema.Unknown })

const OriginJson = Schema.Struct({
  id: Schema.String,
  type: Schema.Literal(
    "S3",
    "S3_COMPATIBLE",
    "CLOUDINARY_BACKUP",
    "WEB_FOLDER",
    "WEB_PROXY",
    "GCS",
    "AZURE_BLOB",
    "AKENEO_PIM"
  ),
  settings: JsonObject
})

const UrlEndpointJson = Schema.Struct({
  id: Schema.String,
  description: Schema.String,
  urlPrefix: Schema.String,
  origins: Schema.Array(Schema.String),
  urlRewriter: Schema.optionalWith(JsonObject, { exact: true })
})

const SavedExtensionJson = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  description: Schema.String,
  config: JsonObject,
  createdAt: Schema.Date,
  updatedAt: Schema.Date
})

const NamedTransformationJson = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  transformation: Schema.String,
  enabled: Schema.Boolean,
  createdAt: Schema.Date
})

const TallyJson = Schema.Struct({ requests: Schema.Number, bytes: Schema.Number })
const Tallies = Schema.Record({ key: Schema.String, value: TallyJson })
const KindTallies = Schema.Record({
  key: Schema.String,
  value: Schema.Struct({
    requests: Schema.Number,
    bytes: Schema.Number,
    kind: Schema.Literal("image", "video", "other")
  })
})
const Counts = Schema.Record({ key: Schema.String, value: Schema.Number })

const DayTrafficJson = Schema.Struct({
  day: Schema.String,
  total: TallyJson,
  cache: Schema.Struct({ hit: Schema.Number, miss: Schema.Number, error: Schema.Number }),
  statusCodes: Counts,
  assets: KindTallies,
  transforms: KindTallies,
  formats: Tallies,
  browsers: Tallies,
  devices: Tallies,
  userAgents: Tallies,
  referrers: Tallies,
  urlEndpoints: Tallies,
  notFound: Counts,
  extensions: Counts
})

const StateJson = Schema.Struct({
  format: Schema.Literal(FORMAT),
  version: Schema.Literal(1),
  randomState: Schema.optionalWith(Schema.Number, { exact: true }),
  files: Schema.Array(FileJson),
  folders: Schema.Array(
    Schema.Struct({ folderId: Schema.String, path: Schema.String, createdAt: Schema.Date, updatedAt: Schema.Date })
  ),
  jobs: Schema.Array(
    Schema.Struct({
      jobId: Schema.String,
      type: Schema.Literal("COPY_FOLDER", "MOVE_FOLDER", "RENAME_FOLDER"),
      polls: Schema.Number,
      purgeRequestId: Schema.optionalWith(Schema.String, { exact: true })
    })
  ),
  purges: Schema.Array(Schema.Struct({ requestId: Schema.String, url: Schema.String, polls: Schema.Number })),
  fields: Schema.Array(
    Schema.Struct({
      id: Schema.String,
      name: Schema.String,
      label: Schema.String,
      schema: Schema.Struct({ type: Schema.String }, Schema.Record({ key: Schema.String, value: Schema.Unknown })),
      deleted: Schema.Boolean,
      description: Schema.optionalWith(Schema.String, { exact: true })
    })
  ),
  // Added after the first release of the format: absent in older dirs, which read as "none yet".
  origins: Schema.optionalWith(Schema.Array(OriginJson), { default: () => [] }),
  urlEndpoints: Schema.optionalWith(Schema.Array(UrlEndpointJson), { exact: true }),
  savedExtensions: Schema.optionalWith(Schema.Array(SavedExtensionJson), { default: () => [] }),
  namedTransformations: Schema.optionalWith(Schema.Array(NamedTransformationJson), { default: () => [] }),
  traffic: Schema.optionalWith(Schema.Array(DayTrafficJson), { default: () => [] }),
  usedTokens: Schema.optionalWith(Schema.Array(Schema.Struct({ signature: Schema.String, expiresAt: Schema.Number })), {
    default: () => []
  })
})

type StateJson = typeof StateJson.Type
type VersionJson = typeof VersionJson.Type

const decodeState = Schema.decodeUnknownEither(StateJson, { errors: "all" })

// ---------------------------------------------------------------------------------------------------------------
// files
// ---------------------------------------------------------------------------------------------------------------

const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex")

const errorCode = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : undefined

/** An OS error as one line without a stack, e.g. "EACCES: permission denied, open '…'". */
const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** Temporary file + rename: readers and a crash see the old or the new file, never a partial one. */
const writeAtomically = (file: string, data: string | Uint8Array): void => {
  const temporary = `${file}.tmp-${process.pid}`
  fs.writeFileSync(temporary, data)
  fs.renameSync(temporary, file)
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return errorCode(error) === "EPERM"
  }
}

/**
 * A lock file's text: the holder's pid, then a token unique to this opening of the dir, so that `release` removes only
 * its own lock (an older emulator reads the pid on the first line and ignores the rest).
 */
const lockText = (): string => `${process.pid}\n${randomUUID()}\n`

/** How long a lock file may stay without a pid before it counts as left by a crash (it is written in one go). */
const UNREADABLE_LOCK_GRACE_MS = 2000

/**
 * Creates `lock` holding `text`, atomically: readers see no file or the whole text, never an empty or partial one
 * (the text is written to a file of our own, then hard-linked to the lock's name, which fails if the name exists).
 * Where hard links are not supported, falls back to an exclusive create and write, whose brief empty file readers
 * treat as taken (see `UNREADABLE_LOCK_GRACE_MS`). `false` when the lock exists.
 */
const createLock = (lock: string, text: string): boolean => {
  const own = `${lock}.${process.pid}.${randomUUID()}`
  fs.writeFileSync(own, text, { flag: "wx" })
  try {
    fs.linkSync(own, lock)
    return true
  } catch (error) {
    const code = errorCode(error)
    if (code === "EEXIST") return false
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS" && code !== "EXDEV") throw error
  } finally {
    fs.rmSync(own, { force: true })
  }
  try {
    fs.writeFileSync(lock, text, { flag: "wx" })
    return true
  } catch (error) {
    if (errorCode(error) === "EEXIST") return false
    throw error
  }
}

type Holder =
  | { readonly _tag: "Gone" }
  | { readonly _tag: "Live"; readonly pid: number | undefined }
  | { readonly _tag: "Stale"; readonly text: string }

/** Who holds `lock`, read once: released meanwhile, alive (or being written), or left by a process that died. */
const holderOf = (lock: string): Holder => {
  let text: string
  let age: number
  try {
    text = fs.readFileSync(lock, "utf8")
    age = Date.now() - fs.statSync(lock).mtimeMs
  } catch (error) {
    if (errorCode(error) === "ENOENT") return { _tag: "Gone" }
    throw error
  }
  const pid = /^\s*(\d+)/.exec(text)?.[1]
  if (pid === undefined)
    return age < UNREADABLE_LOCK_GRACE_MS ? { _tag: "Live", pid: undefined } : { _tag: "Stale", text }
  const holder = Number.parseInt(pid, 10)
  return holder > 0 && isAlive(holder) ? { _tag: "Live", pid: holder } : { _tag: "Stale", text }
}

/**
 * Removes a stale lock, unless another emulator replaced it since it was read: the file is first renamed to a name of
 * our own (one rename wins), then checked; a live lock caught that way is put back.
 */
const removeStaleLock = (lock: string, staleText: string): void => {
  const aside = `${lock}.stale-${process.pid}-${randomUUID()}`
  try {
    fs.renameSync(lock, aside)
  } catch (error) {
    if (errorCode(error) === "ENOENT") return
    throw error
  }
  try {
    if (fs.readFileSync(aside, "utf8") !== staleText) fs.linkSync(aside, lock)
  } catch (error) {
    // EEXIST: a third emulator took the dir meanwhile; it holds it, the one whose lock we moved will be refused.
    if (errorCode(error) !== "EEXIST") throw error
  } finally {
    fs.rmSync(aside, { force: true })
  }
}

/**
 * Takes the dir's lock, or fails with `DataDirLocked` when a live emulator holds it. Emulators starting at once on
 * one dir (`imagekit upload a & imagekit upload b`) each see one of: no lock (created atomically, so one wins), a live
 * holder, a lock released between the failed create and the read (try again), or a dead holder's lock (removed,
 * then try again).
 */
const takeLock = (directory: string): { readonly file: string; readonly text: string } => {
  const lock = path.join(directory, LOCK_FILE)
  const text = lockText()
  // Each round either takes the lock, fails, or saw it change hands; a bound keeps a pathological dir from spinning.
  for (let round = 0; round < 100; round++) {
    if (createLock(lock, text)) return { file: lock, text }
    const holder = holderOf(lock)
    if (holder._tag === "Live") {
      const who =
        holder.pid === undefined
          ? "another emulator, starting now"
          : `another emulator (pid ${holder.pid}${holder.pid === process.pid ? ", this process" : ""})`
      throw new DataDirProblem(
        "DataDirLocked",
        `The data dir ${directory} is in use by ${who}. Close that emulator first, or use another data dir.`
      )
    }
    // The previous emulator died without releasing it.
    if (holder._tag === "Stale") removeStaleLock(lock, holder.text)
  }
  throw new DataDirProblem(
    "DataDirLocked",
    `The lock of the data dir ${directory} keeps changing hands. Close the other emulators, or use another data dir.`
  )
}

/** Removes the lock if it is still ours (a lock taken over as stale belongs to its new holder). */
const releaseLock = (lock: { readonly file: string; readonly text: string }): void => {
  try {
    if (fs.readFileSync(lock.file, "utf8") === lock.text) fs.rmSync(lock.file, { force: true })
  } catch {
    // Already gone.
  }
}

/**
 * `mkdir -p` by hand: Node's `mkdirSync(…, { recursive: true })` never returns for a path under /proc (measured on
 * Node 20), which would hang the start instead of failing it.
 */
const makeDirectory = (directory: string): void => {
  try {
    fs.mkdirSync(directory)
  } catch (error) {
    const code = errorCode(error)
    if (code === "EEXIST") {
      if (fs.statSync(directory).isDirectory()) return
      throw error
    }
    const parent = path.dirname(directory)
    if (code !== "ENOENT" || parent === directory) throw error
    makeDirectory(parent)
    fs.mkdirSync(directory)
  }
}

const prepareDirectory = (directory: string): void => {
  try {
    makeDirectory(directory)
    makeDirectory(path.join(directory, BLOBS))
  } catch (error) {
    throw new DataDirProblem(
      "DataDirUnreadable",
      `Cannot use ${directory} as the emulator's data dir (${describe(error)}). Pass a writable directory.`
    )
  }
}

const corrupt = (directory: string, detail: string): DataDirProblem =>
  new DataDirProblem(
    "DataDirCorrupt",
    `The emulator's data dir ${directory} is damaged: ${detail}. Restore it from a copy, or start with an empty dir.`
  )

const readState = (directory: string): StateJson | undefined => {
  const file = path.join(directory, STATE_FILE)
  let text: string
  try {
    text = fs.readFileSync(file, "utf8")
  } catch (error) {
    if (errorCode(error) === "ENOENT") return undefined
    throw new DataDirProblem("DataDirUnreadable", `Cannot read ${file} (${describe(error)}).`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw corrupt(directory, `${STATE_FILE} is not valid JSON`)
  }
  if (
    typeof parsed === "object" &&
    parsed !== null &&
    "format" in parsed &&
    parsed.format === FORMAT &&
    "version" in parsed &&
    parsed.version !== 1
  ) {
    throw new DataDirProblem(
      "DataDirCorrupt",
      `${file} has format version ${String(parsed.version)}, which this emulator cannot read. Use the version of ` +
        "@effect-imagekit/testing that wrote it, or an empty dir."
    )
  }
  const decoded = decodeState(parsed)
  if (Either.isLeft(decoded)) {
    const issues = ParseResult.ArrayFormatter.formatErrorSync(decoded.left)
    const first = issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
      .join("; ")
    throw corrupt(directory, `${STATE_FILE} does not have the expected shape (${first})`)
  }
  return decoded.right
}

/** Reads every blob the state names, checks its hash, and gives one shared `Uint8Array` per blob. */
const readBlobs = (directory: string, state: StateJson): Map<string, Uint8Array> => {
  const blobs = new Map<string, Uint8Array>()
  for (const file of state.files) {
    for (const version of [file.current, ...file.history]) {
      if (blobs.has(version.blob)) continue
      const blobFile = path.join(directory, BLOBS, version.blob)
      let bytes: Uint8Array
      try {
        bytes = new Uint8Array(fs.readFileSync(blobFile))
      } catch (error) {
        throw corrupt(
          directory,
          `the bytes of ${file.folder}${file.name} (${blobFile}) cannot be read: ${describe(error)}`
        )
      }
      if (sha256(bytes) !== version.blob) {
        throw corrupt(directory, `the bytes of ${file.folder}${file.name} (${blobFile}) do not match their hash`)
      }
      blobs.set(version.blob, bytes)
    }
  }
  return blobs
}

/** Blobs no state refers to (deleted files) and temporary files of an interrupted write. */
const collectGarbage = (directory: string, referenced: ReadonlySet<string>): Set<string> => {
  const kept = new Set<string>()
  const blobDirectory = path.join(directory, BLOBS)
  for (const name of fs.readdirSync(blobDirectory)) {
    if (referenced.has(name)) kept.add(name)
    else fs.rmSync(path.join(blobDirectory, name), { force: true })
  }
  for (const name of fs.readdirSync(directory)) {
    if (name.startsWith(`${STATE_FILE}.tmp-`)) fs.rmSync(path.join(directory, name), { force: true })
  }
  return kept
}

// ---------------------------------------------------------------------------------------------------------------
// records <-> JSON
// ---------------------------------------------------------------------------------------------------------------

const toVersion = (json: VersionJson, content: Content): VersionRecord => ({
  versionId: json.versionId,
  number: json.number,
  token: json.token,
  content,
  tags: json.tags,
  AITags: json.AITags,
  customCoordinates: json.customCoordinates,
  customMetadata: { ...json.customMetadata },
  description: json.description,
  isPublished: json.isPublished,
  createdAt: json.createdAt,
  updatedAt: json.updatedAt
})

/**
 * Opens (creating if needed) and locks a data dir, and loads what it holds.
 *
 * @throws {DataDirProblem} when the dir cannot be created, is in use, or holds a damaged state.
 */
export const openDataDir = (dataDir: string): DataDir => {
  const directory = path.resolve(dataDir)
  prepareDirectory(directory)
  const lock = takeLock(directory)
  // Content objects already on disk, so a save hashes and writes only new bytes.
  const blobNames = new WeakMap<Content, string>()
  let loaded: ModelSnapshot | undefined
  let onDisk: Set<string>
  try {
    const state = readState(directory)
    const blobs = state === undefined ? new Map<string, Uint8Array>() : readBlobs(directory, state)
    onDisk = collectGarbage(directory, new Set(blobs.keys()))
    if (state !== undefined) {
      const contents = new Map<string, Content>()
      const contentOf = (version: VersionJson): Content => {
        const key = `${version.blob}\n${JSON.stringify(version.media)}`
        const existing = contents.get(key)
        if (existing !== undefined) return existing
        const bytes = blobs.get(version.blob) ?? new Uint8Array()
        const content: Content = { bytes, media: version.media }
        contents.set(key, content)
        blobNames.set(content, version.blob)
        return content
      }
      const files: Array<FileRecord> = state.files.map((file) => ({
        fileId: file.fileId,
        folder: file.folder,
        name: file.name,
        isPrivateFile: file.isPrivateFile,
        nextVersionNumber: file.nextVersionNumber,
        createdAt: file.createdAt,
        current: toVersion(file.current, contentOf(file.current)),
        history: file.history.map((version) => toVersion(version, contentOf(version)))
      }))
      loaded = {
        randomState: state.randomState,
        files,
        folders: state.folders.map((folder) => ({ ...folder })),
        jobs: state.jobs.map((job) => ({ ...job })),
        purges: state.purges.map((purge) => ({ ...purge })),
        fields: state.fields.map((field) => ({ ...field, schema: { ...field.schema } })),
        origins: state.origins.map((origin) => ({ ...origin, settings: { ...origin.settings } })),
        ...(state.urlEndpoints === undefined
          ? {}
          : {
              urlEndpoints: state.urlEndpoints.map((endpoint) => ({
                ...endpoint,
                origins: [...endpoint.origins],
                urlRewriter: endpoint.urlRewriter === undefined ? undefined : { ...endpoint.urlRewriter }
              }))
            }),
        savedExtensions: state.savedExtensions.map((saved) => ({ ...saved, config: structuredClone(saved.config) })),
        namedTransformations: state.namedTransformations.map((record) => ({ ...record })),
        traffic: state.traffic.map((day) => structuredClone(day) as DayTraffic),
        usedTokens: state.usedTokens.map((token) => ({ ...token }))
      }
    }
  } catch (error) {
    releaseLock(lock)
    if (error instanceof DataDirProblem) throw error
    throw new DataDirProblem("DataDirUnreadable", `Cannot read the data dir ${directory} (${describe(error)}).`)
  }

  const blobName = (content: Content): string => {
    let name = blobNames.get(content)
    if (name === undefined) {
      name = sha256(content.bytes)
      blobNames.set(content, name)
    }
    if (!onDisk.has(name)) {
      writeAtomically(path.join(directory, BLOBS, name), content.bytes)
      onDisk.add(name)
    }
    return name
  }

  const versionJson = (version: VersionRecord) => ({
    versionId: version.versionId,
    number: version.number,
    token: version.token,
    blob: blobName(version.content),
    media: version.content.media,
    tags: version.tags,
    AITags: version.AITags,
    customCoordinates: version.customCoordinates,
    customMetadata: version.customMetadata,
    description: version.description,
    isPublished: version.isPublished,
    createdAt: version.createdAt,
    updatedAt: version.updatedAt
  })

  let writes = 0
  let writeMs = 0
  let lastWriteMs = 0
  let writeErrors = 0
  const stateFile = path.join(directory, STATE_FILE)

  return {
    directory,
    loaded,
    write: (snapshot) => {
      const started = performance.now()
      // Dates serialise as ISO strings through their toJSON; `undefined` fields (description) are left out.
      const json = JSON.stringify({
        format: FORMAT,
        version: 1,
        randomState: snapshot.randomState,
        files: snapshot.files.map((file) => ({
          fileId: file.fileId,
          folder: file.folder,
          name: file.name,
          isPrivateFile: file.isPrivateFile,
          nextVersionNumber: file.nextVersionNumber,
          createdAt: file.createdAt,
          current: versionJson(file.current),
          history: file.history.map(versionJson)
        })),
        folders: snapshot.folders,
        jobs: snapshot.jobs,
        purges: snapshot.purges,
        fields: snapshot.fields,
        origins: snapshot.origins,
        urlEndpoints: snapshot.urlEndpoints,
        savedExtensions: snapshot.savedExtensions,
        namedTransformations: snapshot.namedTransformations,
        traffic: snapshot.traffic,
        usedTokens: snapshot.usedTokens
      })
      try {
        writeAtomically(stateFile, json)
      } catch (error) {
        writeErrors += 1
        throw error
      }
      lastWriteMs = performance.now() - started
      writes += 1
      writeMs += lastWriteMs
    },
    lastWriteMs: () => lastWriteMs,
    stats: () => ({ writes, writeMs, writeErrors }),
    release: () => releaseLock(lock)
  }
}

export interface WriteBehind {
  /** Notes that the state changed; a write follows shortly. */
  readonly changed: () => void
  /** Writes now if anything changed since the last write; stops the scheduling when `final`. */
  readonly flush: (final?: boolean) => void
}

/**
 * Writes the state after changes without holding up the answer: the first change schedules one write for every
 * change that follows until it runs. The delay grows with the cost of a write (four times the last one, 2 to
 * 1000 ms), so writing takes at most about a fifth of the time however large the state, while a small state is on
 * disk within milliseconds. `flush` runs on close and when the process exits, so a clean stop loses nothing.
 */
export const writeBehind = (dataDir: DataDir, snapshot: () => ModelSnapshot): WriteBehind => {
  let dirty = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const flush = (final = false): void => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    if (final) process.removeListener("exit", onExit)
    if (!dirty) return
    dirty = false
    try {
      dataDir.write(snapshot())
    } catch {
      // Counted in the stats; the state stays dirty so the next change (or the final flush) tries again.
      dirty = true
    }
  }
  const onExit = () => flush(true)
  process.on("exit", onExit)
  return {
    changed: () => {
      dirty = true
      if (timer !== undefined) return
      const delay = Math.min(1000, Math.max(2, 4 * dataDir.lastWriteMs()))
      timer = setTimeout(() => flush(), delay)
      // A pending write must not keep the process alive; the exit hook writes it.
      timer.unref()
    },
    flush
  }
}
