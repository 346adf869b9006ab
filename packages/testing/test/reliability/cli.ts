/**
 * The CLI part of run (f): the built `imagekit` command (`node packages/cli/dist/bin.js`), with `IMAGEKIT_*` pointed at
 * the emulator through the fault proxy, run in ways that make it print errors (a lost answer, a cut body, a wrong
 * key, a missing file, an unreachable host, a partial configuration, resets on every request). Each command must
 * exit with the code its failure calls for (so a usage error cannot pass for a run); its stdout and stderr go to the
 * witness.
 */
import { execFile } from "node:child_process"
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Effect from "effect/Effect"
import type * as FaultProxy from "../../src/FaultProxy.js"
import { count, type Figure, PUBLIC_KEY, privateKeyFor, type RunReport, stack } from "./setup.js"
import type { Witness } from "./witness.js"

export interface CliRunOptions {
  readonly privateKey: string
  /** The built command: `packages/cli/dist/bin.js`. */
  readonly binPath: string
  readonly seed: number
  readonly witness: Witness
}

interface Ran {
  readonly command: string
  readonly expected: number
  readonly exitCode: number
  readonly stdout: string
  readonly stderr: string
}

const run = (
  binPath: string,
  args: ReadonlyArray<string>,
  env: Record<string, string>,
  expected: number
): Promise<Ran> =>
  new Promise((resolve) => {
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith("IMAGEKIT_"))
    ) as Record<string, string>
    execFile(
      process.execPath,
      [binPath, ...args],
      { env: { ...inherited, NO_COLOR: "1", ...env }, timeout: 60_000, maxBuffer: 8 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1
        resolve({ command: `imagekit ${args.join(" ")}`, expected, exitCode: code, stdout, stderr })
      }
    )
  })

/** A loopback port nothing listens on. */
const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer()
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })

export const cliRun = (options: CliRunOptions): Effect.Effect<RunReport, unknown> =>
  Effect.scoped(
    Effect.gen(function* () {
      const started = performance.now()
      const directory = yield* Effect.acquireRelease(
        Effect.promise(() => mkdtemp(join(tmpdir(), "ik-cli-"))),
        (path) => Effect.promise(() => rm(path, { recursive: true, force: true }))
      )
      const small = join(directory, "note.txt")
      const large = join(directory, "large.bin")
      yield* Effect.promise(() =>
        Promise.all([writeFile(small, "hello"), writeFile(large, new Uint8Array(6 * 1024 * 1024).fill(9))])
      )
      const proxyOptions: Omit<FaultProxy.Options, "target"> = { seed: options.seed }
      const running = yield* stack({ privateKey: options.privateKey, proxy: proxyOptions })
      const wrongKey = privateKeyFor(options.seed + 1, "private_wrong")
      const envFor = (privateKey: string, base = running.proxy.url): Record<string, string> => ({
        IMAGEKIT_PUBLIC_KEY: PUBLIC_KEY,
        IMAGEKIT_PRIVATE_KEY: privateKey,
        IMAGEKIT_URL_ENDPOINT: running.emulator.urlEndpoint,
        IMAGEKIT_API_BASE_URL: base,
        IMAGEKIT_UPLOAD_BASE_URL: base,
        IMAGEKIT_EMULATOR_DATA_DIR: join(directory, "data")
      })
      const unreachable = `http://127.0.0.1:${yield* Effect.promise(closedPort)}`
      const ranAll: Array<Ran> = []
      // Exit codes (docs/cli): 1 failed, 3 not found, 4 not permitted.
      const cli = (
        args: ReadonlyArray<string>,
        env: Record<string, string>,
        expected: number,
        fault?: FaultProxy.Fault,
        times = 1
      ) =>
        Effect.promise(() => {
          if (fault !== undefined) running.proxy.injectNext(fault, times)
          return run(options.binPath, args, env, expected)
        }).pipe(Effect.tap((ran) => Effect.sync(() => ranAll.push(ran))))

      const key = envFor(options.privateKey)
      // One at a time where a fault is injected: the next request must be this command's.
      yield* cli(["upload", small, "--folder", "/cli"], key, 1, "lostAnswer")
      yield* cli(["upload", large, "--json"], key, 1, "cutBody")
      yield* cli(["ls", "--json"], key, 1, "reset", 4)
      yield* Effect.all(
        [
          cli(["ls", "--json"], envFor(wrongKey), 4),
          cli(["info", "no_such_file"], key, 3),
          cli(["ls"], envFor(options.privateKey, unreachable), 1),
          cli(["ls"], { IMAGEKIT_PRIVATE_KEY: options.privateKey }, 1),
          cli(["url", "/photo.jpg", "--signed", "--expire", "300"], key, 0),
          cli(["upload", small, "--json"], key, 0)
        ],
        { concurrency: 3 }
      )
      for (const ran of ranAll) {
        options.witness.scan(`cli ${ran.command} stdout`, ran.stdout)
        options.witness.scan(`cli ${ran.command} stderr`, ran.stderr)
      }
      const unexpected = ranAll.filter((ran) => ran.exitCode !== ran.expected)
      const figures: ReadonlyArray<Figure> = [
        {
          measure: "commands run (exit code)",
          value: ranAll.map((ran) => `${ran.command.replace(directory, "…")} → ${ran.exitCode}`).join("; ")
        },
        {
          measure: "commands that exited with the code their failure calls for",
          value: `${count(ranAll.length - unexpected.length)} of ${count(ranAll.length)}${
            unexpected.length === 0
              ? ""
              : `; not: ${unexpected.map((ran) => `${ran.command.replace(directory, "…")} → ${ran.exitCode} (expected ${ran.expected}): ${ran.stderr.slice(0, 200)}`).join("; ")}`
          }`,
          target: "all",
          pass: unexpected.length === 0
        },
        {
          measure: "output scanned",
          value: `${count(ranAll.reduce((sum, ran) => sum + ran.stdout.length + ran.stderr.length, 0))} characters`
        }
      ]
      return {
        id: "f-cli",
        title: "CLI output",
        tried:
          "The built imagekit command against the emulator through the proxy: an upload whose answer is lost, one cut " +
          "midway, ls through resets, a wrong key, a missing file, an unreachable host, a partial configuration, a " +
          "signed URL, a plain upload.",
        figures,
        seconds: (performance.now() - started) / 1000
      }
    })
  )
