/**
 * Run (e): interrupting calls in flight. Each case forks a call the proxy (or the emulator) keeps waiting, interrupts
 * it after a seeded 15-60 ms (or at once, before the request is sent), and times `Fiber.interrupt` until the fiber has
 * ended. Then, from Linux /proc: the process's sockets still connected to the proxy (looked up by the inodes of its own
 * descriptors), once with the client still open (only idle keep-alive connections may remain: none in the cases where
 * every call was interrupted in flight, one where the calls got their 429 answers) and once after the client was
 * closed; and the descriptors still open on the files being uploaded. A call that ended before the interrupt is counted
 * apart and not timed.
 */
import { createReadStream } from "node:fs"
import { mkdtemp, readdir, readFile, readlink, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Readable } from "node:stream"
import { ImageKit, Upload } from "@effect-imagekit/sdk"
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import type * as FaultProxy from "../../src/FaultProxy.js"
import {
  between,
  count,
  type Figure,
  ms,
  percentile,
  random,
  type RunReport,
  sdkClient,
  stack,
  timerLateness
} from "./setup.js"
import type { Witness } from "./witness.js"

/** Inodes of this process's socket descriptors. */
const ownSocketInodes = async (): Promise<ReadonlySet<string>> => {
  const inodes = new Set<string>()
  for (const fd of await readdir("/proc/self/fd")) {
    const link = await readlink(`/proc/self/fd/${fd}`).catch(() => "")
    const inode = /^socket:\[([0-9]+)\]$/.exec(link)?.[1]
    if (inode !== undefined) inodes.add(inode)
  }
  return inodes
}

/** This process's TCP sockets whose remote port is `port` (client ends of connections to it). */
export const ownClientSocketsTo = async (port: number): Promise<number> => {
  const inodes = await ownSocketInodes()
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0")
  let found = 0
  for (const table of ["/proc/self/net/tcp", "/proc/self/net/tcp6"]) {
    const text = await readFile(table, "utf8").catch(() => "")
    for (const line of text.split("\n").slice(1)) {
      const columns = line.trim().split(/\s+/)
      if (columns[2]?.endsWith(`:${hexPort}`) === true && inodes.has(columns[9] ?? "")) found += 1
    }
  }
  return found
}

/** This process's descriptors open on files under `directory`. */
const ownFilesUnder = async (directory: string): Promise<number> => {
  let found = 0
  for (const fd of await readdir("/proc/self/fd")) {
    const link = await readlink(`/proc/self/fd/${fd}`).catch(() => "")
    if (link.startsWith(directory)) found += 1
  }
  return found
}

interface CaseResult {
  readonly name: string
  readonly settle: ReadonlyArray<number>
  readonly endedFirst: number
  /** Sockets to the proxy beyond the idle keep-alive ones the case may leave, with the client still open. */
  readonly socketsLeft: number
  /** Sockets to the proxy once the client was closed. */
  readonly socketsAfterClose: number
  readonly filesLeft: number
  readonly streamsLeftOpen: number
}

export interface InterruptionRunOptions {
  readonly privateKey: string
  /** Interruptions per case. */
  readonly count: number
  readonly seed: number
  readonly witness: Witness
}

const BIG = 8 * 1024 * 1024

export const interruptionRun = (options: InterruptionRunOptions): Effect.Effect<RunReport, unknown> =>
  Effect.scoped(
    Effect.gen(function* () {
      const started = performance.now()
      const directory = yield* Effect.acquireRelease(
        Effect.promise(() => mkdtemp(join(tmpdir(), "ik-interrupt-"))),
        (path) => Effect.promise(() => rm(path, { recursive: true, force: true }))
      )
      const filePath = join(directory, "big.bin")
      yield* Effect.promise(() => writeFile(filePath, new Uint8Array(BIG).fill(3)))
      const next = random(options.seed)
      // Holds last a minute: every call is still waiting when it is interrupted.
      const proxyOptions: Omit<FaultProxy.Options, "target"> = { seed: options.seed, delayMs: 60_000 }
      const running = yield* stack({
        privateKey: options.privateKey,
        emulator: {
          rateLimits: [{ method: "GET", pathPrefix: "/v1/customMetadataFields", limit: 1, intervalMs: 60_000 }]
        },
        proxy: proxyOptions
      })
      const streams: Array<Readable> = []

      const runCase = (
        name: string,
        plan: {
          readonly fault?: FaultProxy.Fault | undefined
          /** Interrupt right after the fork, before the request is sent. */
          readonly atOnce?: boolean | undefined
          /** Idle keep-alive connections the case may leave open (calls that got an answer). */
          readonly idle?: number | undefined
        },
        call: (ik: ImageKit.Service) => Effect.Effect<unknown, unknown>
      ): Effect.Effect<CaseResult, unknown> =>
        Effect.gen(function* () {
          const settle: Array<number> = []
          let endedFirst = 0
          const filesBefore = yield* Effect.promise(() => ownFilesUnder(directory))
          const socketsOpen = yield* Effect.scoped(
            Effect.gen(function* () {
              const context = yield* Layer.build(
                sdkClient(running, { timeout: "2 minutes", deadline: "10 minutes", retry: { maxRetries: 3 } })
              )
              const ik = Context.get(context, ImageKit.ImageKit)
              for (let index = 0; index < options.count; index++) {
                if (plan.fault !== undefined) running.proxy.injectNext(plan.fault)
                const fiber = yield* Effect.fork(call(ik))
                if (plan.atOnce === true) yield* Effect.yieldNow()
                else yield* Effect.sleep(between(next, 15, 60))
                const begin = performance.now()
                const exit = yield* Fiber.interrupt(fiber)
                const took = performance.now() - begin
                if (Exit.isFailure(exit) && Cause.isInterruptedOnly(exit.cause)) settle.push(took)
                else {
                  endedFirst += 1
                  if (Exit.isFailure(exit)) options.witness.cause(`error interrupted ${name}`, exit.cause)
                }
              }
              // Closing a socket or a file completes on later turns of the event loop.
              yield* Effect.sleep(50)
              return yield* Effect.promise(() => ownClientSocketsTo(running.proxy.port))
            })
          )
          yield* Effect.sleep(50)
          const used = streams.splice(0)
          const result: CaseResult = {
            name,
            settle,
            endedFirst,
            socketsLeft: Math.max(0, socketsOpen - (plan.idle ?? 0)),
            socketsAfterClose: yield* Effect.promise(() => ownClientSocketsTo(running.proxy.port)),
            filesLeft: (yield* Effect.promise(() => ownFilesUnder(directory))) - filesBefore,
            streamsLeftOpen: used.filter((stream) => !stream.destroyed).length
          }
          // What a case left behind must not be counted again by the next one.
          for (const stream of used) stream.destroy()
          return result
        })

      const readable = (): Readable => {
        const stream = Readable.from(
          (function* () {
            for (let offset = 0; offset < BIG; offset += 64 * 1024) yield new Uint8Array(64 * 1024).fill(5)
          })()
        )
        streams.push(stream)
        return stream
      }

      // The first call of the rate-limited route passes; every later one waits a minute for the window to reset.
      yield* Effect.scoped(
        Effect.flatMap(Layer.build(sdkClient(running, {})), (context) =>
          Effect.ignore(Context.get(context, ImageKit.ImageKit).getCustomMetadataFields())
        )
      )

      const lateness = timerLateness()
      const cases: Array<CaseResult> = []
      cases.push(
        yield* runCase("GET waiting for an answer the proxy holds", { fault: "slowAnswer" }, (ik) =>
          ik.getFileDetails("x")
        )
      )
      cases.push(
        yield* runCase("upload of 8 MiB bytes, stalled midway", { fault: "stall" }, (ik) =>
          ik.upload({ file: new Uint8Array(BIG).fill(1), fileName: "i-bytes.bin" })
        )
      )
      cases.push(
        yield* runCase("upload from Upload.fromPath (8 MiB file), stalled midway", { fault: "stall" }, (ik) =>
          Effect.flatMap(Upload.fromPath(filePath), (file) => ik.upload({ file, fileName: "i-path.bin" }))
        )
      )
      cases.push(
        yield* runCase("upload of a Node Readable (8 MiB), stalled midway", { fault: "stall" }, (ik) =>
          ik.upload({ file: readable(), fileName: "i-readable.bin" })
        )
      )
      cases.push(
        yield* runCase("upload of an fs.createReadStream, interrupted before it is sent", { atOnce: true }, (ik) =>
          Effect.suspend(() => {
            const stream = createReadStream(filePath)
            streams.push(stream)
            return ik.upload({ file: stream, fileName: "i-fs-stream.bin" })
          })
        )
      )
      cases.push(
        yield* runCase("GET waiting out a 429 whose reset is a minute away", { idle: 1 }, (ik) =>
          ik.getCustomMetadataFields()
        )
      )
      const late = lateness.stop()
      const all = cases.flatMap((result) => result.settle)
      const socketsLeft = cases.reduce((sum, result) => sum + result.socketsLeft, 0)
      const socketsAfterClose = cases.reduce((sum, result) => sum + result.socketsAfterClose, 0)
      const filesLeft = cases.reduce((sum, result) => sum + result.filesLeft, 0)
      const streamsLeft = cases.reduce((sum, result) => sum + result.streamsLeftOpen, 0)
      const figures: Array<Figure> = cases.map((result) => ({
        measure: `settle: ${result.name}`,
        value:
          `p50 ${ms(percentile(result.settle, 50))}, max ${ms(Math.max(...result.settle))} ` +
          `(${count(result.settle.length)} interrupted${result.endedFirst > 0 ? `, ${count(result.endedFirst)} ended first` : ""}); ` +
          `left: ${count(result.socketsLeft)} sockets, ${count(result.filesLeft)} file descriptors, ${count(result.streamsLeftOpen)} Readables not destroyed`
      }))
      figures.push(
        {
          measure: "settle time, all cases (p50 / p99 / max)",
          value: `${ms(percentile(all, 50))} / ${ms(percentile(all, 99))} / ${ms(Math.max(...all))}`
        },
        {
          measure: "control: lateness of a bare 10 ms timer meanwhile (p50 / p99 / max)",
          value: `${ms(percentile(late, 50))} / ${ms(percentile(late, 99))} / ${ms(Math.max(...late))}`
        },
        {
          measure: "sockets left to the proxy (beyond idle keep-alive) / after closing the client",
          value: `${count(socketsLeft)} / ${count(socketsAfterClose)}`,
          target: "0 / 0",
          pass: socketsLeft === 0 && socketsAfterClose === 0
        },
        {
          measure: "descriptors left on the files uploaded; Readables not destroyed",
          value: `${count(filesLeft)}; ${count(streamsLeft)}`,
          target: "0; 0",
          pass: filesLeft === 0 && streamsLeft === 0
        }
      )
      return {
        id: "e",
        title: "Interruption: settle time and what is left",
        tried:
          "Calls kept waiting (an answer held by the proxy, 8 MiB uploads from bytes, a file and a Readable stalled " +
          "midway, a wait for a 429 reset a minute away), interrupted after 15-60 ms, and uploads of an " +
          "fs.createReadStream interrupted before they were sent; Fiber.interrupt timed until the fiber ended, then the " +
          "process's sockets and descriptors read from /proc.",
        figures,
        seconds: (performance.now() - started) / 1000
      }
    })
  )
