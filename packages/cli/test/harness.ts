/**
 * Runs `imagekit` for the tests. {@link runCli} runs it in this process: the same `main` the binary runs, with the
 * live client layer reading the test's variables through a `ConfigProvider` (nothing from this machine's
 * environment leaks in), captured streams and, when a test asks, a terminal of a given width. {@link spawnCli} runs
 * the built binary as a child process, for what only a process shows: exit codes set by signals, a closed pipe,
 * the bundle itself. Build first (`npx tsup`) for those; IMAGEKIT_CLI_BIN points them at another build of `bin.js`.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import { type ChildProcessByStdio, type ChildProcessWithoutNullStreams, spawn } from "node:child_process"
import type { Readable } from "node:stream"
import { fileURLToPath } from "node:url"
import * as Emulator from "@effect-imagekit/testing/Emulator"
import * as Cause from "effect/Cause"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as CliClient from "../src/internal/client.js"
import * as Interruption from "../src/internal/interruption.js"
import { main } from "../src/internal/main.js"
import { Stdio, type Service as StdioService, type Sink } from "../src/internal/stdio.js"

export const BIN = process.env.IMAGEKIT_CLI_BIN ?? fileURLToPath(new URL("../dist/bin.js", import.meta.url))

export interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

export interface RunOptions {
  /** The command's environment: IMAGEKIT_* and the like. Nothing else is set. */
  readonly env?: Record<string, string> | undefined
  /** Given to the command on stdin, which then ends. Without it stdin is empty. */
  readonly stdin?: string | Uint8Array | undefined
  /** Makes stderr a terminal this many columns wide (live displays are drawn only on a terminal). */
  readonly stderrColumns?: number | undefined
  /** Makes stdin a terminal (nothing piped in). */
  readonly stdinIsTTY?: boolean | undefined
}

/** A captured stream; `terminal` makes it look like a terminal of that width. */
const capture = (columns: number | undefined): { readonly sink: Sink; readonly text: () => string } => {
  const chunks: Array<string> = []
  return {
    sink: {
      write: (text) => {
        chunks.push(text)
      },
      isTTY: columns !== undefined,
      columns,
      colourless: columns === undefined
    },
    text: () => chunks.join("")
  }
}

const bytesOf = (input: string | Uint8Array | undefined): Uint8Array =>
  typeof input === "string" ? new TextEncoder().encode(input) : (input ?? new Uint8Array())

/**
 * Runs `imagekit ...args` in this process, to completion, as the binary would (same `main`, same live client
 * layer), and gives what it printed and its exit code.
 */
export const runCli = async (args: ReadonlyArray<string>, options: RunOptions = {}): Promise<Run> => {
  const stdout = capture(undefined)
  const stderr = capture(options.stderrColumns)
  const stdio: StdioService = {
    stdin: {
      isTTY: options.stdinIsTTY === true,
      readAll: Effect.succeed(bytesOf(options.stdin)),
      stream: Stream.make(bytesOf(options.stdin))
    },
    stdout: stdout.sink,
    stderr: stderr.sink,
    stdoutClosed: Effect.never,
    isStdoutClosed: () => false
  }
  const interrupted = Interruption.makeInterruptExit()
  const layers = Layer.mergeAll(CliClient.layer, Interruption.layer(interrupted), NodeContext.layer).pipe(
    Layer.provideMerge(Layer.succeed(Stdio, stdio))
  )
  const exit = await Effect.runPromiseExit(
    main(args).pipe(
      Effect.provide(layers),
      Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(options.env ?? {}))))
    )
  )
  if (Exit.isFailure(exit) && !Cause.isInterruptedOnly(exit.cause)) throw new Error(Cause.pretty(exit.cause))
  const code = Exit.isSuccess(exit) ? exit.value : interrupted.exitCode
  return { code, stdout: stdout.text(), stderr: stderr.text() }
}

export interface SpawnOptions extends RunOptions {
  readonly cwd?: string | undefined
}

/** What a child process printed, once it has ended. */
export const collect = (child: ChildProcessWithoutNullStreams | ChildProcessByStdio<null, Readable, Readable>) =>
  new Promise<Run>((resolve, reject) => {
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8")
    })
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8")
    })
    child.on("error", reject)
    child.on("close", (code) => resolve({ code, stdout, stderr }))
  })

/** Runs the built `imagekit` as a child process with only PATH (and what a test passes) in its environment. */
export const spawnCli = (args: ReadonlyArray<string>, options: SpawnOptions = {}): Promise<Run> => {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", ...options.env },
    stdio: ["pipe", "pipe", "pipe"]
  })
  const ended = collect(child)
  child.stdin.end(options.stdin ?? "")
  return ended
}

/** A started emulator and the IMAGEKIT_* variables that point the CLI at it. */
export interface TestEmulator {
  readonly running: Emulator.Running
  readonly env: Record<string, string>
}

export const TEST_KEYS = { publicKey: "public_test_key", privateKey: "private_test_key" } as const

/** Starts an in-process emulator on a free port; close it with `running.close()` in `afterAll`. */
export const startEmulator = async (options: Emulator.Options = {}): Promise<TestEmulator> => {
  const running = await Emulator.start({ ...TEST_KEYS, ...options })
  return {
    running,
    env: {
      IMAGEKIT_PUBLIC_KEY: TEST_KEYS.publicKey,
      IMAGEKIT_PRIVATE_KEY: TEST_KEYS.privateKey,
      IMAGEKIT_URL_ENDPOINT: running.urlEndpoint,
      IMAGEKIT_API_BASE_URL: running.url,
      IMAGEKIT_UPLOAD_BASE_URL: running.url
    }
  }
}

/** Parses a run's stdout as the JSON a `--json` command prints, with the run in the message when it is not JSON. */
export const parseJson = (run: Run): unknown => {
  try {
    return JSON.parse(run.stdout)
  } catch {
    throw new Error(`stdout is not JSON (exit ${run.code}):\n${run.stdout}\nstderr:\n${run.stderr}`)
  }
}

/**
 * Runs an Effect for a test with `runPromiseExit`: its value, or a rejection whose message is the pretty Cause
 * (a `runPromise` rejection would be a FiberFailure wrapper).
 */
export const runTest = async <A, E>(effect: Effect.Effect<A, E>): Promise<A> => {
  const exit = await Effect.runPromiseExit(effect)
  if (Exit.isSuccess(exit)) return exit.value
  throw new Error(Cause.pretty(exit.cause))
}
