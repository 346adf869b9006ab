/**
 * Where the `imagekit` command reads and writes: stdin, stdout and stderr as a service. Commands never touch
 * `process.stdout` themselves, so the tests run them in process with captured streams (and a terminal of any width
 * when they ask for one), and one place decides what happens when the reader goes away.
 *
 * `layerProcess` is the real thing. Its writes are synchronous (the progress display draws from callbacks), and
 * when stdout's reader closes early (`imagekit tour | head -1`) the pipe error is handled here: writes become no-ops
 * and {@link Service.stdoutClosed} completes, which `main.ts` turns into a clean stop with exit code 0 instead of
 * Node's unhandled `EPIPE` stack trace.
 */
import * as Console from "effect/Console"
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { format } from "node:util"

/** One output stream. */
export interface Sink {
  /** Writes `text` as is; once the reader has gone away, writes nothing. */
  readonly write: (text: string) => void
  /** A terminal, where live displays may redraw in place. */
  readonly isTTY: boolean
  /** The terminal's width in columns; `undefined` off a terminal. */
  readonly columns: number | undefined
  /** Colours would not be seen as colours: not a terminal, or NO_COLOR set (https://no-color.org). */
  readonly colourless: boolean
}

/** Standard input. */
export interface Source {
  readonly isTTY: boolean
  /** Everything until the end of input, as bytes. */
  readonly readAll: Effect.Effect<Uint8Array, Error>
  /** The input as it arrives, until its end (`imagekit mcp` reads JSON-RPC messages from it). Read it once. */
  readonly stream: Stream.Stream<Uint8Array, Error>
}

export interface Service {
  readonly stdin: Source
  readonly stdout: Sink
  readonly stderr: Sink
  /** Completes when stdout's reader has gone away (EPIPE): the command is then stopped, with exit code 0. */
  readonly stdoutClosed: Effect.Effect<void>
  /** Whether stdout's reader has gone away; what would be printed about the stop is then left unsaid. */
  readonly isStdoutClosed: () => boolean
}

export class Stdio extends Context.Tag("@effect-imagekit/cli/Stdio")<Stdio, Service>() {}

const lines = (texts: ReadonlyArray<string>): string => texts.map((text) => `${text}\n`).join("")

/** Prints each line on stdout. */
export const out = (...texts: ReadonlyArray<string>): Effect.Effect<void, never, Stdio> =>
  Effect.flatMap(Stdio, (stdio) => Effect.sync(() => stdio.stdout.write(lines(texts))))

/** Prints each line on stderr. */
export const err = (...texts: ReadonlyArray<string>): Effect.Effect<void, never, Stdio> =>
  Effect.flatMap(Stdio, (stdio) => Effect.sync(() => stdio.stderr.write(lines(texts))))

// CSI sequences (colours, cursor moves) as @effect/printer-ansi writes them.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, "g")

/**
 * A `Console` that prints through `stdio`: what @effect/cli prints itself (the version, completion scripts) lands
 * on the same streams as everything else, without colour codes where they would not be seen as colours.
 */
export const consoleOf = (stdio: Service, base: Console.Console): Console.Console => {
  const toOut = (...args: ReadonlyArray<unknown>) => {
    const text = format(...args)
    stdio.stdout.write(`${stdio.stdout.colourless ? text.replace(ANSI, "") : text}\n`)
  }
  const toErr = (...args: ReadonlyArray<unknown>) => {
    const text = format(...args)
    stdio.stderr.write(`${stdio.stderr.colourless ? text.replace(ANSI, "") : text}\n`)
  }
  return {
    ...base,
    log: (...args) => Effect.sync(() => toOut(...args)),
    info: (...args) => Effect.sync(() => toOut(...args)),
    error: (...args) => Effect.sync(() => toErr(...args)),
    warn: (...args) => Effect.sync(() => toErr(...args)),
    unsafe: { ...base.unsafe, log: toOut, info: toOut, error: toErr, warn: toErr }
  }
}

/** Runs `self` with `Console` printing through {@link Stdio}. */
export const withStdioConsole = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R | Stdio> =>
  Effect.flatMap(Stdio, (stdio) => Console.consoleWith((base) => Console.withConsole(self, consoleOf(stdio, base))))

const readStream = (stream: NodeJS.ReadStream): Effect.Effect<Uint8Array, Error> =>
  Effect.async<Uint8Array, Error>((resume) => {
    const chunks: Array<Buffer> = []
    const onData = (chunk: Buffer) => chunks.push(chunk)
    const onEnd = () => resume(Effect.succeed(new Uint8Array(Buffer.concat(chunks))))
    const onError = (error: Error) => resume(Effect.fail(error))
    stream.on("data", onData)
    stream.once("end", onEnd)
    stream.once("error", onError)
    return Effect.sync(() => {
      stream.off("data", onData)
      stream.off("end", onEnd)
      stream.off("error", onError)
      stream.pause()
    })
  })

/** A readable stream's chunks as they arrive, until its end; stops reading (pauses) when the consumer stops. */
const chunksOf = (stream: NodeJS.ReadStream): Stream.Stream<Uint8Array, Error> =>
  Stream.asyncPush<Uint8Array, Error>((emit) =>
    Effect.acquireRelease(
      Effect.sync(() => {
        const onData = (chunk: Buffer) => emit.single(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length))
        const onEnd = () => emit.end()
        const onError = (error: Error) => emit.fail(error)
        stream.on("data", onData)
        stream.once("end", onEnd)
        stream.once("error", onError)
        return { onData, onEnd, onError }
      }),
      ({ onData, onEnd, onError }) =>
        Effect.sync(() => {
          stream.off("data", onData)
          stream.off("end", onEnd)
          stream.off("error", onError)
          stream.pause()
        })
    )
  )

/**
 * The process's own streams. Write errors are taken here rather than crashing the process: on stdout they mean the
 * reader is gone (EPIPE), so the command stops; on stderr there is no one left to tell, so they are dropped.
 */
export const layerProcess: Layer.Layer<Stdio> = Layer.scoped(
  Stdio,
  Effect.gen(function* () {
    const closed = yield* Deferred.make<void>()
    const noColor = (process.env.NO_COLOR ?? "") !== ""
    let stdoutOpen = true
    let stderrOpen = true
    const onStdoutError = () => {
      stdoutOpen = false
      Deferred.unsafeDone(closed, Effect.void)
    }
    const onStderrError = () => {
      stderrOpen = false
    }
    yield* Effect.acquireRelease(
      Effect.sync(() => {
        process.stdout.on("error", onStdoutError)
        process.stderr.on("error", onStderrError)
      }),
      () =>
        Effect.sync(() => {
          process.stdout.off("error", onStdoutError)
          process.stderr.off("error", onStderrError)
        })
    )
    const sink = (stream: NodeJS.WriteStream, isOpen: () => boolean): Sink => ({
      write: (text) => {
        if (isOpen() && !stream.destroyed) stream.write(text)
      },
      isTTY: stream.isTTY === true,
      get columns() {
        return stream.isTTY === true ? stream.columns : undefined
      },
      colourless: noColor || stream.isTTY !== true
    })
    const service: Service = {
      stdin: {
        isTTY: process.stdin.isTTY === true,
        readAll: readStream(process.stdin),
        stream: Stream.suspend(() => chunksOf(process.stdin))
      },
      stdout: sink(process.stdout, () => stdoutOpen),
      stderr: sink(process.stderr, () => stderrOpen),
      stdoutClosed: Deferred.await(closed),
      isStdoutClosed: () => !stdoutOpen
    }
    return service
  })
)
