/**
 * Runs (a) and (b): uploads through the fault proxy, then the emulator's files compared with what each call said.
 *
 * (a) Every upload once, as a caller who does not retry by hand: no name may be stored twice, every upload reported
 * done must be stored, and no failure that says "not stored" (`NotSent`, `Incomplete`) may have been stored.
 * (b) The caller follows the advice of the error: upload again after `NotSent` or `Incomplete` (or a 429, which the
 * server answered without acting), and after `Unknown` only once a search by name found nothing. At the end every
 * name must be stored exactly once.
 *
 * Each upload has its own name with `useUniqueFileName` on (ImageKit's default), so a replay would be a second file
 * with another suffix: the files are counted per name stem.
 */
import { Readable } from "node:stream"
import { ImageKit, ImageKitError } from "@effect-imagekit/sdk"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import type * as FaultProxy from "../../src/FaultProxy.js"
import {
  between,
  count,
  type Figure,
  type Random,
  random,
  type RunReport,
  type Stack,
  sdkClient,
  stack
} from "./setup.js"
import type { Witness } from "./witness.js"

export type Outcome = "NotSent" | "Incomplete" | "Unknown"

export type SourceKind = "bytes" | "readable" | "blob"

export interface UploadCase {
  readonly index: number
  /** The name sent; stored as `<stem>_<9 characters>.bin`. */
  readonly fileName: string
  readonly stem: string
  readonly bytes: Uint8Array<ArrayBuffer>
  readonly kind: SourceKind
}

export type UploadResult =
  | { readonly _tag: "Uploaded" }
  | { readonly _tag: "Failed"; readonly error: string; readonly outcome: Outcome | undefined }

/** What a client under test offers the runs: one upload, and a `listFiles` search (files found, or `"failed"`). */
export interface UploadClient {
  readonly upload: (file: UploadCase, folder: string) => Effect.Effect<UploadResult>
  readonly search: (searchQuery: string, folder: string) => Effect.Effect<number | "failed">
}

export type MakeUploadClient = (running: Stack, witness: Witness) => Effect.Effect<UploadClient, never, Scope.Scope>

const POOL = Uint8Array.from({ length: 4 * 1024 * 1024 }, (_, index) => (index * 2654435761) >>> 24)

/** Sizes: most small (one write), some larger than the loopback buffers, so a cut falls while the body is sent. */
const sizeOf = (next: Random, largeShare: number): number => {
  const draw = next()
  if (draw < largeShare) return between(next, 2 * 1024 * 1024, POOL.length)
  if (draw < 0.25) return between(next, 64 * 1024, 512 * 1024)
  if (draw < 0.55) return between(next, 1024, 16 * 1024)
  return between(next, 40, 400)
}

export const uploadCases = (options: {
  readonly count: number
  readonly seed: number
  readonly largeShare: number
}): ReadonlyArray<UploadCase> => {
  const next = random(options.seed)
  const kinds: ReadonlyArray<SourceKind> = ["bytes", "readable", "blob"]
  return Array.from({ length: options.count }, (_, index) => {
    const stem = `u-${String(index).padStart(6, "0")}`
    const size = sizeOf(next, options.largeShare)
    return {
      index,
      fileName: `${stem}.bin`,
      stem,
      bytes: POOL.subarray(0, size),
      kind: kinds[between(next, 0, kinds.length - 1)] ?? "bytes"
    }
  })
}

/** A fresh source for one attempt: a stream can be read only once, so each upload call gets its own. */
export const sourceOf = (file: UploadCase): Uint8Array | Readable | Blob => {
  if (file.kind === "bytes") return file.bytes
  if (file.kind === "blob") return new Blob([file.bytes])
  const chunks: Array<Uint8Array> = []
  for (let offset = 0; offset < file.bytes.length; offset += 64 * 1024)
    chunks.push(file.bytes.subarray(offset, offset + 64 * 1024))
  return Readable.from(chunks, { objectMode: false })
}

/** Files stored per name stem in `folder`. */
export const storedByStem = (running: Stack, folder: string): ReadonlyMap<string, number> => {
  const counts = new Map<string, number>()
  for (const file of running.emulator.model.files()) {
    if (file.filePath !== `${folder}/${String(file.name)}`) continue
    const stem = /^(u-[0-9]{6})_[A-Za-z0-9]{9}\.bin$/.exec(String(file.name))?.[1]
    if (stem !== undefined) counts.set(stem, (counts.get(stem) ?? 0) + 1)
  }
  return counts
}

const outcomeOf = (error: unknown): Outcome | undefined =>
  error instanceof ImageKitError.RequestError || error instanceof ImageKitError.TimeoutError
    ? error.upload?.outcome
    : undefined

/** The SDK over `ImageKit.layerNode`, its failures shown to the witness and logged as a user would log them. */
export const sdkUploadClient =
  (settings: Parameters<typeof sdkClient>[1]): MakeUploadClient =>
  (running, witness) =>
    Effect.gen(function* () {
      const context = yield* Layer.build(sdkClient(running, settings))
      const ik = Context.get(context, ImageKit.ImageKit)
      const observe = <A>(where: string, exit: Exit.Exit<A, unknown>): void => {
        if (Exit.isSuccess(exit)) return
        witness.cause(where, exit.cause)
        const failure = exit.cause._tag === "Fail" ? exit.cause.error : undefined
        if (failure !== undefined) witness.error(where, failure)
      }
      return {
        upload: (file, folder) =>
          Effect.gen(function* () {
            const exit = yield* Effect.exit(ik.upload({ file: sourceOf(file), fileName: file.fileName, folder }))
            observe("error upload", exit)
            if (Exit.isSuccess(exit)) return { _tag: "Uploaded" } as const
            yield* Effect.logWarning("upload failed", exit.cause)
            const failure = exit.cause._tag === "Fail" ? exit.cause.error : undefined
            return {
              _tag: "Failed",
              error: failure === undefined ? `defect: ${exit.cause._tag}` : failure._tag,
              outcome: outcomeOf(failure)
            } as const
          }),
        search: (searchQuery, folder) =>
          Effect.gen(function* () {
            const exit = yield* Effect.exit(ik.listFiles({ path: folder, searchQuery }))
            observe("error listFiles", exit)
            if (Exit.isSuccess(exit)) return exit.value.length
            yield* Effect.logWarning("search failed", exit.cause)
            return "failed" as const
          })
      }
    })

export interface UploadRunOptions {
  readonly label: string
  /** The key the emulator accepts (the client's too). */
  readonly privateKey: string
  readonly count: number
  readonly seed: number
  readonly concurrency: number
  /** Share of uploads of 2–4 MiB. */
  readonly largeShare: number
  readonly client: MakeUploadClient
  readonly witness: Witness
  readonly proxy: Omit<FaultProxy.Options, "target">
  /** Emulator-side 429s (answered before the server acts: the one failure uploads are retried on). */
  readonly rateLimitedRate: number
}

/** How the caller looks for a file after `Unknown`. */
export interface SearchAdvice {
  /** Said in the run's title: where the advice comes from. */
  readonly label: string
  readonly query: (file: UploadCase) => string
  /**
   * How long the caller waits after an `Unknown` before searching. With 0 the server may still be storing the first
   * attempt (a timeout on the client does not stop it), and the search misses it.
   */
  readonly afterMs: number
  /** A control with no target: advice known to fail, run to show what the fix changed. */
  readonly control?: boolean
}

/**
 * The search the error message gave before defect 2 was fixed: the exact name that was sent. It cannot find a name
 * stored with a unique suffix, so a caller who follows it stores files twice; it stays as a control.
 */
export const searchByExactName: SearchAdvice = {
  label: 'name = "<fileName>" at once (the advice before the fix; a control, no target)',
  query: (file) => `name = "${file.fileName}"`,
  afterMs: 0,
  control: true
}

/** A search that finds a name stored with its unique suffix: the name sent, without extension, as a prefix. */
export const searchByPrefix = (afterMs: number): SearchAdvice => ({
  label: `name : "<stem>_" (prefix) ${afterMs === 0 ? "at once" : `${afterMs} ms after the error`}`,
  query: (file) => `name : "${file.stem}_"`,
  afterMs
})

export interface FollowAdviceOptions extends UploadRunOptions {
  readonly search: SearchAdvice
}

/** The faults of runs (a) and (b): every proxy fault, and answers held past the client's timeout. */
export const uploadFaults = (seed: number, timeoutMs: number): Omit<FaultProxy.Options, "target"> => ({
  seed,
  lostAnswerRate: 0.04,
  cutBodyRate: 0.04,
  resetRate: 0.04,
  slowAnswerRate: 0.02,
  stallRate: 0.02,
  delayMs: [timeoutMs + 300, timeoutMs + 900]
})

const faultFigure = (running: Stack): Figure => {
  const stats = running.proxy.stats()
  const server = running.emulator.stats()
  return {
    measure: "faults injected (proxy; emulator 429s)",
    value:
      `${count(stats.lostAnswers)} lost answers, ${count(stats.cutBodies)} cut bodies, ${count(stats.resets)} resets, ` +
      `${count(stats.slowAnswers)} slow answers, ${count(stats.stalls)} stalls in ${count(stats.requests)} requests; ` +
      `${count(server.rateLimited)} 429s`
  }
}

/** Run (a): each file uploaded once; the server's files compared with what each call said. */
export const duplicatesRun = (options: UploadRunOptions): Effect.Effect<RunReport, unknown> =>
  Effect.scoped(
    Effect.gen(function* () {
      const started = performance.now()
      const running = yield* stack({
        privateKey: options.privateKey,
        emulator: { faults: { seed: options.seed, rateLimitedRate: options.rateLimitedRate, rateLimitResetMs: 80 } },
        proxy: options.proxy
      })
      const client = yield* options.client(running, options.witness)
      const folder = `/reliability-a-${options.seed}`
      const cases = uploadCases(options)
      const results = yield* Effect.forEach(cases, (file) => client.upload(file, folder), {
        concurrency: options.concurrency
      })
      // A held answer may still be on its way to the client; the server has acted on it either way.
      const stored = storedByStem(running, folder)
      const tally = { uploaded: 0, NotSent: 0, Incomplete: 0, Unknown: 0, other: 0 }
      let twice = 0
      let uploadedButMissing = 0
      let notStoredButStored = 0
      let unknownStored = 0
      let defects = 0
      const otherErrors = new Map<string, number>()
      cases.forEach((file, index) => {
        const result = results[index]
        const times = stored.get(file.stem) ?? 0
        if (times > 1) twice += 1
        if (result === undefined) return
        if (result._tag === "Uploaded") {
          tally.uploaded += 1
          if (times === 0) uploadedButMissing += 1
          return
        }
        if (result.error.startsWith("defect")) defects += 1
        if (result.outcome === undefined) {
          tally.other += 1
          otherErrors.set(result.error, (otherErrors.get(result.error) ?? 0) + 1)
          return
        }
        tally[result.outcome] += 1
        if (result.outcome !== "Unknown" && times > 0) notStoredButStored += 1
        if (result.outcome === "Unknown" && times > 0) unknownStored += 1
      })
      const others = [...otherErrors].map(([error, n]) => `${count(n)} ${error}`).join(", ")
      const figures: ReadonlyArray<Figure> = [
        { measure: "uploads", value: `${count(cases.length)} (${options.label}), concurrency ${options.concurrency}` },
        faultFigure(running),
        {
          measure: "outcomes",
          value:
            `${count(tally.uploaded)} uploaded; failed: ${count(tally.NotSent)} NotSent, ` +
            `${count(tally.Incomplete)} Incomplete, ${count(tally.Unknown)} Unknown (${count(unknownStored)} of them stored)` +
            (others === "" ? "" : `, ${others}`)
        },
        { measure: "names stored twice", value: count(twice), target: "0", pass: twice === 0 },
        {
          measure: "reported uploaded but not stored",
          value: count(uploadedButMissing),
          target: "0",
          pass: uploadedButMissing === 0
        },
        {
          measure: "said not stored (NotSent/Incomplete) but stored",
          value: count(notStoredButStored),
          target: "0",
          pass: notStoredButStored === 0
        },
        { measure: "defects (untyped failures)", value: count(defects), target: "0", pass: defects === 0 }
      ]
      return {
        id: "a",
        title: `Duplicates under fault-injected uploads (${options.label})`,
        tried:
          "Uploads of 40 B to 4 MiB (bytes, Node Readable, Blob) through the fault proxy: answers lost after the whole " +
          "request, bodies cut midway, resets as the request starts, answers held and requests stalled past the " +
          "client's timeout, and 429s from the emulator. Each file is uploaded once; the emulator's files are then " +
          "counted per name and compared with what each call said.",
        figures,
        seconds: (performance.now() - started) / 1000
      }
    })
  )

const MAX_ROUNDS = 8

/** Run (b): the caller re-uploads only what the error says is not stored, and searches before re-uploading after `Unknown`. */
export const followAdviceRun = (options: FollowAdviceOptions): Effect.Effect<RunReport, unknown> =>
  Effect.scoped(
    Effect.gen(function* () {
      const started = performance.now()
      const running = yield* stack({
        privateKey: options.privateKey,
        emulator: { faults: { seed: options.seed, rateLimitedRate: options.rateLimitedRate, rateLimitResetMs: 80 } },
        proxy: options.proxy
      })
      const client = yield* options.client(running, options.witness)
      const folder = `/reliability-b-${options.seed}`
      const cases = uploadCases(options)
      const totals = { uploads: 0, reuploadsAfterNotStored: 0, reuploadsAfterSearch: 0, searches: 0, foundBySearch: 0 }
      let gaveUp = 0

      const searchFor = (file: UploadCase): Effect.Effect<number | "failed"> =>
        Effect.gen(function* () {
          for (let attempt = 0; attempt < 5; attempt++) {
            totals.searches += 1
            const found = yield* client.search(options.search.query(file), folder)
            if (found !== "failed") return found
          }
          return "failed" as const
        })

      const uploadFollowingAdvice = (file: UploadCase): Effect.Effect<void> =>
        Effect.gen(function* () {
          for (let round = 0; round < MAX_ROUNDS; round++) {
            totals.uploads += 1
            const result = yield* client.upload(file, folder)
            if (result._tag === "Uploaded") return
            const notStored =
              result.outcome === "NotSent" || result.outcome === "Incomplete" || result.error === "RateLimitError"
            if (notStored) {
              totals.reuploadsAfterNotStored += 1
              continue
            }
            // "Unknown" (or a failure that does not say): the file may be stored; look before sending it again.
            if (options.search.afterMs > 0) yield* Effect.sleep(options.search.afterMs)
            const found = yield* searchFor(file)
            if (found === "failed") break
            if (found > 0) {
              totals.foundBySearch += 1
              return
            }
            totals.reuploadsAfterSearch += 1
          }
          gaveUp += 1
        })

      yield* Effect.forEach(cases, uploadFollowingAdvice, { concurrency: options.concurrency, discard: true })
      const stored = storedByStem(running, folder)
      let twice = 0
      let lost = 0
      for (const file of cases) {
        const times = stored.get(file.stem) ?? 0
        if (times > 1) twice += 1
        if (times === 0) lost += 1
      }
      const figures: ReadonlyArray<Figure> = [
        {
          measure: "files",
          value: `${count(cases.length)} (${options.label}), concurrency ${options.concurrency}; ${count(totals.uploads)} upload calls`
        },
        faultFigure(running),
        {
          measure: "advice followed",
          value:
            `${count(totals.reuploadsAfterNotStored)} re-uploads after NotSent/Incomplete/429, ` +
            `${count(totals.searches)} searches after Unknown: ${count(totals.foundBySearch)} found the file, ` +
            `${count(totals.reuploadsAfterSearch)} did not (re-uploaded)`
        },
        options.search.control === true
          ? { measure: "names stored twice", value: count(twice) }
          : { measure: "names stored twice", value: count(twice), target: "0", pass: twice === 0 },
        { measure: "names not stored at the end (lost)", value: count(lost), target: "0", pass: lost === 0 },
        { measure: `files given up after ${MAX_ROUNDS} rounds`, value: count(gaveUp), target: "0", pass: gaveUp === 0 }
      ]
      return {
        id: "b",
        title: `Following the advice of the errors (${options.label}; search: ${options.search.label})`,
        tried:
          "The same uploads and faults, with a caller that uploads again after NotSent, Incomplete or a 429, and " +
          "after Unknown only when a listFiles search (through the same faults) finds nothing: " +
          `${options.search.label}.`,
        figures,
        seconds: (performance.now() - started) / 1000
      }
    })
  )
