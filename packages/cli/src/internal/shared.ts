/**
 * The embedded emulator of a long-running command, shared with the other commands. The emulator holds its data dir
 * (`emulator.lock`) for as long as it runs, so a short command waits its turn (decision 0010); a command that runs
 * until stopped (`imagekit mcp`) would keep every other command waiting for its whole life. Instead, such a command
 * writes where its emulator listens into the data dir (`shared-emulator.json`), and a command that finds the dir
 * held sends its requests to that emulator: one process owns the state, the others are its clients over loopback
 * HTTP, so nothing is written twice. The file is removed before the emulator stops; a file left by a process that
 * died is ignored (its pid is gone, or nothing answers at its address). Decision 0072.
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import { randomUUID } from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"

const FILE = "shared-emulator.json"

/** How long the emulator named in the file has to answer before it counts as gone. */
const PROBE_TIMEOUT_MS = 1000

/** A shared emulator: who runs it and where it listens. */
export class SharedEmulator extends Schema.Class<SharedEmulator>("SharedEmulator")({
  format: Schema.Literal("effect-imagekit-shared-emulator"),
  pid: Schema.Int.pipe(Schema.positive()),
  /** Its API and upload base URL: always `http://127.0.0.1:<port>`. */
  url: Schema.String.pipe(Schema.pattern(/^http:\/\/127\.0\.0\.1:\d{1,5}$/)),
  urlEndpoint: Schema.String,
  /** The command that shares it, e.g. `imagekit mcp`. */
  command: Schema.String,
  /** Unique to this sharing, so that only its owner removes the file. */
  token: Schema.String
}) {}

const decode = Schema.decodeUnknownOption(Schema.parseJson(SharedEmulator))

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return typeof error === "object" && error !== null && "code" in error && error.code === "EPERM"
  }
}

/** Whether anything answers HTTP at `url` (any status will do: the emulator answers 404 at its root). */
const answers = (url: string): Effect.Effect<boolean> =>
  Effect.promise(() =>
    fetch(url, { method: "HEAD", signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) }).then(
      async (response) => {
        await response.body?.cancel()
        return true
      },
      () => false
    )
  )

/** The emulator shared on `dataDir`, when there is one that is alive; fails (with nothing to say) when not. */
export const find = (dataDir: string): Effect.Effect<SharedEmulator, void> =>
  Effect.gen(function* () {
    const text = yield* Effect.try({ try: () => fs.readFileSync(path.join(dataDir, FILE), "utf8"), catch: () => {} })
    const shared = yield* Effect.mapError(decode(text), () => {})
    const urlEndpointOk = shared.urlEndpoint.startsWith(`${shared.url}/`)
    if (!urlEndpointOk || !isAlive(shared.pid) || !(yield* answers(shared.url))) return yield* Effect.fail(undefined)
    return shared
  })

/**
 * Shares `running` (the emulator on `dataDir`) for the rest of the scope as `command`. The file is written whole
 * (temporary file, then rename), so a reader never sees part of it.
 */
export const advertise = (
  dataDir: string,
  running: { readonly url: string; readonly urlEndpoint: string },
  command: string
): Effect.Effect<void, never, Scope.Scope> => {
  const file = path.join(dataDir, FILE)
  const shared = new SharedEmulator({
    format: "effect-imagekit-shared-emulator",
    pid: process.pid,
    url: running.url,
    urlEndpoint: running.urlEndpoint,
    command,
    token: randomUUID()
  })
  const text = JSON.stringify(Schema.encodeSync(SharedEmulator)(shared))
  return Effect.acquireRelease(
    Effect.sync(() => {
      const temporary = `${file}.tmp-${process.pid}`
      try {
        fs.writeFileSync(temporary, text)
        fs.renameSync(temporary, file)
      } catch {
        // Not shared, then: other commands wait for the data dir as they always have.
      }
    }),
    () =>
      Effect.sync(() => {
        try {
          if (fs.readFileSync(file, "utf8") === text) fs.rmSync(file, { force: true })
        } catch {
          // Already gone.
        }
      })
  )
}
