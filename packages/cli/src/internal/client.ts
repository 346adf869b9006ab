/**
 * The client every API command uses, as a service ({@link CliClient}) so that whoever runs the command decides
 * where it comes from. The live layer ({@link layer}, decision 0010): with IMAGEKIT_PUBLIC_KEY, IMAGEKIT_PRIVATE_KEY
 * and IMAGEKIT_URL_ENDPOINT set it talks to that account (or whatever IMAGEKIT_API_BASE_URL /
 * IMAGEKIT_UPLOAD_BASE_URL point at). With none of them set it starts the embedded emulator of
 * `@effect-imagekit/testing` for the length of the command, keeps its files in a data directory so that one command
 * sees what the previous one did, and says so on stderr. With only some of them set it refuses: half a configuration
 * is a mistake, not a wish for the emulator. The variables are read through `Config`, so a test gives them with a
 * `ConfigProvider` and runs this very layer in process.
 *
 * A command asks for the client only when it needs one (`yield* client`), so `imagekit url` never starts an
 * emulator; each `client` starts its own, which is why a command asks once.
 */
import * as Emulator from "@effect-imagekit/testing/Emulator"
import * as ImageKit from "@effect-imagekit/sdk/ImageKit"
import * as ImageKitConfig from "@effect-imagekit/sdk/ImageKitConfig"
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import * as os from "node:os"
import * as path from "node:path"
import { CommandFailure, CredentialsError, ExitCode } from "./errors.js"
import { err, Stdio } from "./stdio.js"

export const CREDENTIAL_NAMES = ["IMAGEKIT_PUBLIC_KEY", "IMAGEKIT_PRIVATE_KEY", "IMAGEKIT_URL_ENDPOINT"] as const

/** The keys of the embedded emulator: test keys, public anyway, so printing them leaks nothing. */
export const EMULATOR_KEYS = { publicKey: "public_test_key", privateKey: "private_test_key" } as const

/** How often a command polls for the data dir another command holds, and for how long at most. */
const LOCK_POLL_MILLIS = 50
const LOCK_WAIT_MILLIS = 15_000

/** Where the embedded emulator keeps its files: IMAGEKIT_EMULATOR_DATA_DIR, else the XDG data directory. */
const defaultDataDir = Effect.gen(function* () {
  const explicit = yield* Config.option(Config.string("IMAGEKIT_EMULATOR_DATA_DIR"))
  if (Option.isSome(explicit) && explicit.value.trim() !== "") return path.resolve(explicit.value)
  const xdg = yield* Config.option(Config.string("XDG_DATA_HOME"))
  const base = Option.isSome(xdg) && xdg.value.trim() !== "" ? xdg.value : path.join(os.homedir(), ".local", "share")
  return path.join(base, "effect-imagekit", "emulator")
}).pipe(Effect.orElseSucceed(() => path.join(os.tmpdir(), "effect-imagekit-emulator")))

/**
 * @since 0.1.0
 */
export interface Client {
  /** The SDK service: every API call of the commands goes through it. */
  readonly ik: ImageKit.Service
  /** The settings the client was built from (endpoint, base URLs; the key stays `Redacted`). */
  readonly settings: ImageKitConfig.Settings
  /** The embedded emulator when no credentials were set; `undefined` against a real account. */
  readonly emulator: Emulator.Running | undefined
}

/**
 * The SDK layer every client of the CLI is built with (the commands' and the tour's): one place to change the
 * transport. Over `layerNode`, uploads stream from the file to the socket (bounded memory, progress as bytes reach the
 * socket) and API calls share a keep-alive pool.
 */
export const sdkLayer = (settings: ImageKitConfig.Settings): Layer.Layer<ImageKit.ImageKit> =>
  ImageKit.layerNode(settings)

/** The SDK service for `settings`, alive for the enclosing scope. */
export const sdkService = (settings: ImageKitConfig.Settings): Effect.Effect<ImageKit.Service, never, Scope.Scope> =>
  Effect.map(Layer.build(sdkLayer(settings)), (context) => Context.get(context, ImageKit.ImageKit))

const fromSettings = (settings: ImageKitConfig.Settings, emulator: Emulator.Running | undefined) =>
  Effect.map(sdkService(settings), (ik): Client => ({ ik, settings, emulator }))

const presentNames = Effect.forEach(CREDENTIAL_NAMES, (name) =>
  // An empty value (`export IMAGEKIT_PRIVATE_KEY=`) is as good as missing.
  Effect.map(Config.option(Config.string(name)), (value) => Option.isSome(value) && value.value.trim() !== "")
).pipe(Effect.orElseSucceed(() => CREDENTIAL_NAMES.map(() => false)))

/**
 * Starts the embedded emulator (files kept in the data directory) and tells the user on stderr, once per command.
 * The notice goes to stderr so that `--json` output on stdout stays parseable.
 */
export const embeddedEmulator = (
  options: { readonly dataDir?: string | undefined; readonly quiet?: boolean } = {}
): Effect.Effect<Emulator.Running, CommandFailure, Scope.Scope | Stdio> =>
  Effect.gen(function* () {
    const stdio = yield* Stdio
    const dataDir = options.dataDir ?? (yield* defaultDataDir)
    let told = false
    const running = yield* Emulator.scoped({ ...EMULATOR_KEYS, dataDir }).pipe(
      // Commands are short: one started while another holds the data dir (`imagekit upload a & imagekit ls`) waits
      // its turn rather than failing, and says so once if the wait is noticeable.
      Effect.tapError((error) =>
        Effect.sync(() => {
          if (error.reason !== "DataDirLocked" || told) return
          told = true
          stdio.stderr.write("imagekit: waiting for another imagekit command using the embedded emulator…\n")
        })
      ),
      Effect.retry({
        while: (error) => error.reason === "DataDirLocked",
        schedule: Schedule.spaced(Duration.millis(LOCK_POLL_MILLIS)).pipe(
          Schedule.upTo(Duration.millis(LOCK_WAIT_MILLIS))
        )
      }),
      Effect.mapError(
        (error) =>
          new CommandFailure({
            kind: "EmulatorError",
            message: `the embedded emulator could not start: ${error.message}`,
            hint:
              error.reason === "DataDirLocked"
                ? `another imagekit command held it for over ${LOCK_WAIT_MILLIS / 1000} s (an \`imagekit emulator --data-dir\` on it?); stop that, or set IMAGEKIT_EMULATOR_DATA_DIR to another directory`
                : "set IMAGEKIT_EMULATOR_DATA_DIR to another directory, or set IMAGEKIT_* to use your account",
            exitCode: ExitCode.failed
          })
      )
    )
    if (options.quiet !== true) {
      yield* err(
        `imagekit: no IMAGEKIT_* credentials: using the embedded emulator (files in ${dataDir}); ` +
          "set IMAGEKIT_PUBLIC_KEY, IMAGEKIT_PRIVATE_KEY and IMAGEKIT_URL_ENDPOINT to use your ImageKit account"
      )
    }
    return running
  })

/** Settings for a running emulator: its own URLs and keys. */
export const emulatorSettings = (running: Emulator.Running): ImageKitConfig.Settings =>
  ImageKitConfig.make({
    ...EMULATOR_KEYS,
    urlEndpoint: running.urlEndpoint,
    apiBaseUrl: running.url,
    uploadBaseUrl: running.url
  })

/**
 * The client for this command: from IMAGEKIT_* when they are set, else the embedded emulator (scoped to the
 * command). Values are only tested for presence here: none is printed.
 */
const fromEnvironment: Effect.Effect<Client, CredentialsError | CommandFailure, Scope.Scope | Stdio> = Effect.gen(
  function* () {
    const present = yield* presentNames
    const missing = CREDENTIAL_NAMES.filter((_, index) => present[index] !== true)
    if (missing.length === CREDENTIAL_NAMES.length) {
      const running = yield* embeddedEmulator()
      return yield* fromSettings(emulatorSettings(running), running)
    }
    if (missing.length > 0) {
      return yield* new CredentialsError({
        message:
          `${missing.join(", ")} not set: set all three IMAGEKIT_* variables, or none to use the embedded emulator ` +
          "(`imagekit emulator` prints a set for a standalone one)"
      })
    }
    const settings = yield* Effect.provide(ImageKitConfig.ImageKitConfig, ImageKitConfig.layerConfig()).pipe(
      Effect.mapError((error) => new CredentialsError({ message: `${error}` }))
    )
    return yield* fromSettings(settings, undefined)
  }
)

/** Where the commands get their client from. */
export interface ClientSource {
  /** A client for the rest of the scope (an embedded emulator it starts is stopped with it). */
  readonly acquire: Effect.Effect<Client, CredentialsError | CommandFailure, Scope.Scope>
}

export class CliClient extends Context.Tag("@effect-imagekit/cli/CliClient")<CliClient, ClientSource>() {}

/** The live source: IMAGEKIT_* (read through `Config` when a command asks), else the embedded emulator. */
export const layer: Layer.Layer<CliClient, never, Stdio> = Layer.effect(
  CliClient,
  Effect.map(Stdio, (stdio) => ({ acquire: Effect.provideService(fromEnvironment, Stdio, stdio) }))
)

/** A source that always gives a client for `settings` (e.g. an emulator a test started), ignoring IMAGEKIT_*. */
export const layerSettings = (settings: ImageKitConfig.Settings): Layer.Layer<CliClient> =>
  Layer.succeed(CliClient, { acquire: fromSettings(settings, undefined) })

/** The client for this command, from the {@link CliClient} in context. */
export const client: Effect.Effect<Client, CredentialsError | CommandFailure, Scope.Scope | CliClient> = Effect.flatMap(
  CliClient,
  (source) => source.acquire
)
