/**
 * Steps 1 to 7 and 9 of `imagekit tour`, one function each (step 8, webhooks, is in `webhooks.ts`). Every step prints the
 * command that does the same from a shell, calls the SDK, and checks the answer; an SDK error or a failed check
 * fails the step, and with it the tour.
 */
import * as PHash from "@effect-imagekit/sdk/PHash"
import * as Schemas from "@effect-imagekit/sdk/Schemas"
import type * as Upload from "@effect-imagekit/sdk/Upload"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { CommandFailure, ExitCode } from "../errors.js"
import { orFail, statusOf } from "../failures.js"
import { formatBytes, formatElapsed } from "../progress.js"
import type { SampleName } from "./assets.js"
import { PHOTOS, TAGS, type Tour, type Uploaded, type Uploads } from "./context.js"
import { Stdio, type Service as StdioService } from "../stdio.js"
import { check, command, detail, mismatch, ok, say, sdkCall, shortId } from "./print.js"

/** Bulk jobs and purges finish at the emulator's second poll; the SDK's default 1 s interval would only add waiting. */
const POLL = { interval: "50 millis", timeout: "10 seconds" } as const

/** `city.png 256×192, …`: the files of a listing (folders left out), by name. */
const describeFiles = (items: ReadonlyArray<Schemas.ListItem>): string =>
  items
    .filter(Schemas.isFile)
    .map((file) => (file.width === undefined ? file.name : `${file.name} ${file.width}×${file.height ?? "?"}`))
    .sort()
    .join(", ")

const fileNames = (items: ReadonlyArray<Schemas.ListItem>): ReadonlyArray<string> =>
  items
    .filter(Schemas.isFile)
    .map((file) => file.name)
    .sort()

// --- 1. upload ---------------------------------------------------------------------------------------------------

const uploadedFrom = (
  outcomes: ReadonlyArray<Upload.UploadOutcome>,
  index: number,
  name: SampleName
): Effect.Effect<Uploaded, CommandFailure> => {
  const outcome = outcomes[index]
  if (outcome === undefined) return mismatch(`uploadMany gave no outcome for ${name}`)
  if (outcome._tag === "Failed") return Effect.fail(outcome.error).pipe(orFail())
  const result = outcome.result
  if (!("fileId" in result)) return mismatch(`${name} was only accepted for processing (HTTP 202), not stored`)
  return Effect.succeed({ name, fileId: result.fileId, filePath: result.filePath, url: result.url, size: result.size })
}

/** Prints a line for each file once all of its bytes are out (`onProgress` is called as bytes reach the socket). */
const progressLines = (tour: Tour, stdio: StdioService) => {
  const total = tour.samples.reduce((sum, sample) => sum + sample.bytes.length, 0)
  const finished = new Set<number>()
  let sent = 0
  return (index: number, progress: Upload.Progress): void => {
    const size = progress.totalBytes
    if (finished.has(index) || size === undefined || progress.bytesSent < size) return
    finished.add(index)
    sent += size
    const name = tour.samples[index]?.name ?? `file ${index + 1}`
    stdio.stdout.write(
      `${detail(
        `↑ ${name.padEnd(20)}${formatBytes(size).padStart(9)}   ` +
          `${finished.size}/${tour.samples.length} files, ${Math.round((100 * sent) / total)} % of the bytes`
      )}\n`
    )
  }
}

export const uploadSamples = (tour: Tour): Effect.Effect<Uploads, CommandFailure, Stdio> =>
  Effect.gen(function* () {
    const names = tour.samples.map((sample) => sample.name).join(" ")
    yield* say(command(`upload ${names} --folder ${PHOTOS} --tags ${TAGS.join(",")} --no-unique-file-name`))
    const started = Date.now()
    const stdio = yield* Stdio
    const outcomes = yield* tour.ik
      .uploadMany(
        tour.samples.map((sample) => ({
          file: sample.bytes,
          fileName: sample.name,
          folder: PHOTOS,
          tags: TAGS,
          useUniqueFileName: false
        })),
        { concurrency: 3, onProgress: progressLines(tour, stdio) }
      )
      .pipe(orFail())
    const elapsed = Date.now() - started
    const mountains = yield* uploadedFrom(outcomes, 0, "mountains.png")
    const small = yield* uploadedFrom(outcomes, 1, "mountains-small.png")
    const city = yield* uploadedFrom(outcomes, 2, "city.png")
    const bytes = mountains.size + small.size + city.size
    yield* say(ok(`3 files stored in ${PHOTOS} (${formatBytes(bytes)} in ${formatElapsed(elapsed)})`))
    return { "mountains.png": mountains, "mountains-small.png": small, "city.png": city }
  })

// --- 2. list and search ------------------------------------------------------------------------------------------

/** A query in ImageKit's search language: the tagged images at least 256 pixels wide (the small one is 120). */
const SEARCH = 'tags IN ["sample"] AND width >= 256'

export const listAndSearch = (tour: Tour): Effect.Effect<void, CommandFailure, Stdio> =>
  Effect.gen(function* () {
    yield* say(command(`ls ${PHOTOS}`))
    const listed = yield* tour.ik.listFiles({ path: PHOTOS }).pipe(orFail())
    yield* check(fileNames(listed).length === 3, `listing ${PHOTOS} gave ${fileNames(listed).length} files, not 3`)
    yield* say(ok(`3 files: ${describeFiles(listed)}`))
    yield* say(command(`ls --search '${SEARCH}'`))
    const found = yield* tour.ik.listFiles({ searchQuery: SEARCH }).pipe(orFail())
    const expected = ["city.png", "mountains.png"]
    yield* check(
      fileNames(found).join() === expected.join(),
      `the search found ${fileNames(found).join(", ") || "nothing"}, not ${expected.join(", ")}`
    )
    yield* say(ok(`2 matches: ${describeFiles(found)}`))
  })

// --- 3. signed URLs ----------------------------------------------------------------------------------------------

interface Fetched {
  readonly status: number
  readonly contentType: string
  readonly body: Uint8Array
}

const get = (url: string): Effect.Effect<Fetched, CommandFailure> =>
  Effect.tryPromise({
    try: async () => {
      const response = await fetch(url)
      const body = new Uint8Array(await response.arrayBuffer())
      return { status: response.status, contentType: response.headers.get("content-type") ?? "", body }
    },
    catch: (error) =>
      new CommandFailure({
        kind: "RequestError",
        message: `GET ${url} failed: ${error instanceof Error ? error.message : String(error)}`,
        hint: "the emulator stopped answering; run the tour again",
        exitCode: ExitCode.failed
      })
  })

/** The `message` of a JSON error body, or the body itself. */
const messageOf = (body: Uint8Array): string => {
  const text = new TextDecoder().decode(body)
  try {
    const parsed: unknown = JSON.parse(text)
    if (typeof parsed === "object" && parsed !== null && "message" in parsed && typeof parsed.message === "string") {
      return parsed.message
    }
  } catch {
    // Not JSON: the text is the message.
  }
  return text
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((byte, index) => byte === b[index])

export const signedUrls = (tour: Tour, file: Uploaded): Effect.Effect<void, CommandFailure, Stdio> =>
  Effect.gen(function* () {
    // The transformation goes in the path (`/tr:w-128,h-96/…`), inside what the signature covers; the emulator
    // checks the signature and serves the original bytes (it applies no transformation).
    const options = {
      path: file.filePath,
      transformation: [{ width: 128, height: 96 }],
      signed: true
    } as const
    yield* say(command(`url ${file.filePath} -t w-128,h-96 --expire 300`))
    const url = yield* tour.ik.url({ ...options, expireSeconds: 300 }).pipe(orFail())
    yield* say(detail(url))
    const fetched = yield* get(url)
    const original = tour.samples.find((sample) => sample.name === file.name)?.bytes ?? new Uint8Array(0)
    yield* check(fetched.status === 200, `the signed URL answered HTTP ${fetched.status}: ${messageOf(fetched.body)}`)
    yield* check(sameBytes(fetched.body, original), "the signed URL served other bytes than the upload's")
    yield* say(
      ok(
        `GET: HTTP 200, ${formatBytes(fetched.body.length)} of ${fetched.contentType} ` +
          "(the original: the emulator does not resize)"
      )
    )
    // Signed as if two minutes ago, to expire after one: an hour-old link shared by mistake, without the wait.
    const expired = yield* tour.ik
      .url({ ...options, expireSeconds: 60, now: () => Date.now() - 120_000 })
      .pipe(orFail())
    const refused = yield* get(expired)
    yield* check(
      refused.status === 401 || refused.status === 403,
      `the expired URL answered HTTP ${refused.status}, not 401`
    )
    yield* say(ok(`the same URL, expired a minute ago: HTTP ${refused.status} "${messageOf(refused.body)}"`))
  })

// --- 4. copy and move a folder -----------------------------------------------------------------------------------

const BACKUP = "/tour/backup"
const ARCHIVE = "/tour/archive"

export const copyAndMoveFolder = (tour: Tour): Effect.Effect<void, CommandFailure, Stdio> =>
  Effect.gen(function* () {
    yield* say(command(`cp ${PHOTOS}/ ${BACKUP}/ --wait`))
    const copy = yield* tour.ik.copyFolder({ sourceFolderPath: PHOTOS, destinationPath: BACKUP }).pipe(orFail())
    const copied = yield* tour.ik.awaitBulkJob(copy.jobId, POLL).pipe(orFail())
    yield* check(copied.status === "Completed", `the copy job ended ${copied.status}`)
    yield* say(ok(`copy job ${shortId(copy.jobId)}: ${copied.status} (${PHOTOS} is now also ${BACKUP}/photos)`))
    yield* say(command(`mv ${BACKUP}/photos/ ${ARCHIVE}/ --wait`))
    const move = yield* tour.ik
      .moveFolder({ sourceFolderPath: `${BACKUP}/photos`, destinationPath: ARCHIVE })
      .pipe(orFail())
    const moved = yield* tour.ik.awaitBulkJob(move.jobId, POLL).pipe(orFail())
    yield* check(moved.status === "Completed", `the move job ended ${moved.status}`)
    yield* say(ok(`move job ${shortId(move.jobId)}: ${moved.status}`))
    yield* say(command(`ls ${ARCHIVE}/photos`))
    const archived = yield* tour.ik.listFiles({ path: `${ARCHIVE}/photos` }).pipe(orFail())
    const left = yield* tour.ik.listFiles({ path: BACKUP, type: "all" }).pipe(orFail())
    yield* check(fileNames(archived).length === 3, `${ARCHIVE}/photos holds ${fileNames(archived).length} files, not 3`)
    yield* check(left.length === 0, `${BACKUP} still holds ${left.length} items after the move`)
    yield* say(ok(`3 files: ${describeFiles(archived)}; ${BACKUP} is empty`))
  })

// --- 5. purge ----------------------------------------------------------------------------------------------------

export const purgeCache = (tour: Tour, file: Uploaded): Effect.Effect<void, CommandFailure, Stdio> =>
  Effect.gen(function* () {
    yield* say(command(`purge ${file.url} --wait`))
    const purge = yield* tour.ik.purgeCache(file.url).pipe(orFail())
    const status = yield* tour.ik.awaitPurge(purge.requestId, POLL).pipe(orFail())
    yield* check(status.status === "Completed", `the purge ended ${status.status}`)
    yield* say(ok(`purge request ${shortId(purge.requestId)}: ${status.status}`))
  })

// --- 6. custom metadata ------------------------------------------------------------------------------------------

export const customMetadata = (tour: Tour, file: Uploaded): Effect.Effect<void, CommandFailure, Stdio> =>
  Effect.gen(function* () {
    yield* say(command("fields create --name rating --label Rating --type Number --min 1 --max 5"))
    const field = yield* tour.ik
      .createCustomMetadataField({
        name: "rating",
        label: "Rating",
        schema: { type: "Number", minValue: 1, maxValue: 5 }
      })
      .pipe(orFail())
    yield* say(ok(`field ${field.name} (${shortId(field.id)}): a Number from 1 to 5`))
    // No command sets a file's custom metadata: the SDK call stands in for one.
    yield* say(sdkCall(`ik.updateFileDetails("${shortId(file.fileId)}", { customMetadata: { rating: 5 } })`))
    yield* tour.ik.updateFileDetails(file.fileId, { customMetadata: { rating: 5 } }).pipe(orFail())
    yield* say(command(`info ${file.fileId}`))
    const details = yield* tour.ik.getFileDetails(file.fileId).pipe(orFail())
    const stored = JSON.stringify(details.customMetadata ?? {})
    yield* check(details.customMetadata?.rating === 5, `${file.name} reads back customMetadata ${stored}`)
    yield* say(ok(`${file.name} reads back customMetadata ${stored}`))
    const refused = yield* tour.ik.updateFileDetails(file.fileId, { customMetadata: { rating: 9 } }).pipe(Effect.either)
    if (Either.isRight(refused)) return yield* mismatch("a rating of 9 was accepted, above the field's maximum 5")
    const error = refused.left
    const answered = statusOf(error)
    const status = answered === undefined ? "" : `HTTP ${answered}: `
    yield* say(ok(`a rating of 9 is refused: ${status}${error.message}`))
  })

// --- 7. pHash ----------------------------------------------------------------------------------------------------

const pHashOf = (tour: Tour, file: Uploaded): Effect.Effect<string, CommandFailure> =>
  tour.ik.getFileMetadata(file.fileId).pipe(
    orFail(),
    Effect.flatMap((metadata) =>
      metadata.pHash === undefined ? mismatch(`${file.name} has no pHash`) : Effect.succeed(metadata.pHash)
    )
  )

const distance = (a: string, b: string): Effect.Effect<number, CommandFailure> =>
  PHash.distance(a, b).pipe(
    Effect.mapError(
      (error) => new CommandFailure({ kind: error._tag, message: error.message, hint: error.help, exitCode: 1 })
    )
  )

/** At most this many bits apart, two images are the same picture (the value `imagekit phash` uses too). */
const SIMILAR = 10

export const comparePictures = (tour: Tour, files: Uploads): Effect.Effect<void, CommandFailure, Stdio> =>
  Effect.gen(function* () {
    const reference = files["mountains.png"]
    const others = [files["mountains-small.png"], files["city.png"]]
    yield* say(command(`phash --files ${reference.fileId} ${others[0]?.fileId ?? ""}`))
    const hash = yield* pHashOf(tour, reference)
    yield* say(detail(`${reference.name.padEnd(21)}${hash}`))
    const distances: Array<number> = []
    for (const other of others) {
      if (other === undefined) continue
      const otherHash = yield* pHashOf(tour, other)
      const bits = yield* distance(hash, otherHash)
      distances.push(bits)
      const verdict = bits <= SIMILAR ? "the same picture" : "a different picture"
      yield* say(detail(`${other.name.padEnd(21)}${otherHash}  ${bits} bits from ${reference.name}: ${verdict}`))
    }
    const [near = 64, far = 0] = distances
    yield* check(near <= SIMILAR, `the resized copy is ${near} bits away, more than ${SIMILAR}`)
    yield* check(far > SIMILAR, `the other picture is only ${far} bits away`)
    yield* say(ok(`the resized, brightened copy is close (${near} ≤ ${SIMILAR}), the city far (${far})`))
  })

// --- 9. named transformation -------------------------------------------------------------------------------------

const NAMED = "tour_thumb"

export const namedTransformation = (tour: Tour, file: Uploaded): Effect.Effect<void, CommandFailure, Stdio> =>
  Effect.gen(function* () {
    yield* say(command(`transforms create --name ${NAMED} --transformation w-128,h-96`))
    const named = yield* tour.ik.createNamedTransformation({ name: NAMED, transformation: "w-128,h-96" }).pipe(orFail())
    yield* say(ok(`named transformation ${named.name} (${shortId(named.id)}): ${named.transformation}`))
    yield* say(command(`url ${file.filePath} -t n-${NAMED}`))
    const url = yield* tour.ik.url({ path: file.filePath, transformation: [{ named: NAMED }] }).pipe(orFail())
    yield* say(detail(url))
    const fetched = yield* get(url)
    yield* check(fetched.status === 200, `the URL through ${NAMED} answered HTTP ${fetched.status}`)
    yield* say(ok(`GET: HTTP 200, ${formatBytes(fetched.body.length)} of ${fetched.contentType}`))
    yield* say(command(`transforms update ${named.id} --disable`))
    yield* tour.ik.updateNamedTransformation(named.id, { enabled: false }).pipe(orFail())
    const refused = yield* get(url)
    yield* check(refused.status === 400, `the URL through a disabled ${NAMED} answered HTTP ${refused.status}`)
    yield* say(ok(`disabled, the same URL: HTTP ${refused.status} "${messageOf(refused.body)}"`))
  })
