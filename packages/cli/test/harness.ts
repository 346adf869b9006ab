/**
 * Runs the `imagekit` binary as a user does: a child process with only PATH (and what a test passes) in its
 * environment, against an emulator started in the test process. Build first (`npx tsup`); IMAGEKIT_CLI_BIN points
 * the tests at another build of `bin.js`.
 */
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import * as Emulator from "@effect-imagekit/testing/Emulator"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"

export const BIN = process.env.IMAGEKIT_CLI_BIN ?? fileURLToPath(new URL("../dist/bin.js", import.meta.url))

export interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

export interface RunOptions {
  readonly env?: Record<string, string> | undefined
  readonly cwd?: string | undefined
  /** Written to the command's stdin, which is then closed. Without it stdin is empty. */
  readonly stdin?: string | Uint8Array | undefined
}

/** Runs `imagekit ...args` to completion. No IMAGEKIT_* of the machine running the tests leaks in. */
export const runCli = (args: ReadonlyArray<string>, options: RunOptions = {}): Promise<Run> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", ...options.env },
      stdio: ["pipe", "pipe", "pipe"]
    })
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
    child.stdin.end(options.stdin ?? "")
  })

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
