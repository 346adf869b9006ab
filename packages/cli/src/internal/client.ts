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
import * as Shared from "./shared.js"
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
  /**
   * The embedded emulator this command started when no credentials were set; `undefined` against a real account or
   * another command's shared emulator.
   */
  readonly emulator: Emulator.Running | undefined
  /** The embedded emulator (this command's or a shared one), not an account: no IMAGEKIT_* credentials were set. */
  readonly embedded: boolean
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

const fromSettings = (
  settings: ImageKitConfig.Settings,
  emulator: Emulator.Running | undefined,
  embedded: boolean = emulator !== undefined
) => Effect.map(sdkService(settings), (ik): Client => ({ ik, settings, emulator, embedded }))

const presentNames = Effect.forEach(CREDENTIAL_NAMES, (name) =>
  // An empty value (`export IMAGEKIT_PRIVATE_KEY=`) is as good as missing.
  Effect.map(Config.option(Config.string(name)), (value) => Option.isSome(value) && value.value.trim() !== "")
).pipe(Effect.orElseSucceed(() => CREDENTIAL_NAMES.map(() => false)))

const notice = (dataDir: string, via: string) =>
  `imagekit: no IMAGEKIT_* credentials: using the embedded emulator${via} (files in ${dataDir}); ` +
  "set IMAGEKIT_PUBLIC_KEY, IMAGEKIT_PRIVATE_KEY and IMAGEKIT_URL_ENDPOINT to use your ImageKit account"

/** The embedded emulator a command uses: started by it, or shared by a long-running command (see `shared.ts`). */
export type Embedded =
  | { readonly _tag: "Started"; readonly running: Emulator.Running }
  | { readonly _tag: "Shared"; readonly shared: Shared.SharedEmulator }

/**
 * Starts the embedded emulator (files kept in the data directory) and tells the user on stderr, once per command.
 * The notice goes to stderr so that `--json` output on stdout stays parseable. While another command holds the data
 * dir, this one waits its turn, unless that command shares its emulator (`imagekit mcp`): then it uses that one.
 * With `share`, the emulator started here is shared in turn, for as long as the scope lasts.
 */
export const embeddedEmulator = (
  options: { readonly dataDir?: string | undefined; readonly quiet?: boolean; readonly share?: string } = {}
): Effect.Effect<Embedded, CommandFailure, Scope.Scope | Stdio> =>
  Effect.gen(function* () {
    const stdio = yield* Stdio
    const dataDir = options.dataDir ?? (yield* defaultDataDir)
    let told = false
    const started = Emulator.scoped({ ...EMULATOR_KEYS, dataDir }).pipe(
      Effect.map((running): Embedded => ({ _tag: "Started", running }))
    )
    // A held dir may be shared: look for that before waiting (`Shared.find` fails with the lock error when it is not).
    const sharedOrLocked = (error: Emulator.EmulatorError) =>
      error.reason === "DataDirLocked"
        ? Effect.map(
            Effect.orElseFail(Shared.find(dataDir), () => error),
            (shared): Embedded => ({ _tag: "Shared", shared })
          )
        : Effect.fail(error)
    const embedded = yield* Effect.catchAll(started, sharedOrLocked).pipe(
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
    if (embedded._tag === "Started" && options.share !== undefined) {
      yield* Shared.advertise(dataDir, embedded.running, options.share)
    }
    if (options.quiet !== true) {
      const via =
        embedded._tag === "Shared"
          ? ` of \`${embedded.shared.command}\` (pid ${embedded.shared.pid}) at ${embedded.shared.url}`
          : ""
      yield* err(notice(dataDir, via))
    }
    return embedded
  })

/** Settings for a running emulator (ours or a shared one): its own URLs and keys. */
export const emulatorSettings = (running: {
  readonly url: string
  readonly urlEndpoint: string
}): ImageKitConfig.Settings =>
  ImageKitConfig.make({
    ...EMULATOR_KEYS,
    urlEndpoint: running.urlEndpoint,
    apiBaseUrl: running.url,
    uploadBaseUrl: running.url
  })

/**
 * The client for this command: from IMAGEKIT_* when they are set, else the embedded emulator (scoped to the
 * command; shared with other commands as `share` when given). Values are only tested for presence here: none is
 * printed.
 */
const fromEnvironment = (
  share: string | undefined
): Effect.Effect<Client, CredentialsError | CommandFailure, Scope.Scope | Stdio> =>
  Effect.gen(function* () {
    const present = yield* presentNames
    const missing = CREDENTIAL_NAMES.filter((_, index) => present[index] !== true)
    if (missing.length === CREDENTIAL_NAMES.length) {
      const embedded = yield* embeddedEmulator(share === undefined ? {} : { share })
      return embedded._tag === "Started"
        ? yield* fromSettings(emulatorSettings(embedded.running), embedded.running)
        : yield* fromSettings(emulatorSettings(embedded.shared), undefined, true)
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
  })

/** Where the commands get their client from. */
export interface ClientSource {
  /** A client for the rest of the scope (an embedded emulator it starts is stopped with it). */
  readonly acquire: Effect.Effect<Client, CredentialsError | CommandFailure, Scope.Scope>
  /**
   * For a command that runs until stopped (`imagekit mcp`, named by `command`): the same, except that an embedded
   * emulator it starts is shared with the other commands meanwhile, instead of keeping them waiting for its data dir.
   */
  readonly acquireLongRunning: (
    command: string
  ) => Effect.Effect<Client, CredentialsError | CommandFailure, Scope.Scope>
}

export class CliClient extends Context.Tag("@effect-imagekit/cli/CliClient")<CliClient, ClientSource>() {}

/** The live source: IMAGEKIT_* (read through `Config` when a command asks), else the embedded emulator. */
export const layer: Layer.Layer<CliClient, never, Stdio> = Layer.effect(
  CliClient,
  Effect.map(Stdio, (stdio) => ({
    acquire: Effect.provideService(fromEnvironment(undefined), Stdio, stdio),
    acquireLongRunning: (command) => Effect.provideService(fromEnvironment(command), Stdio, stdio)
  }))
)

/** A source that always gives a client for `settings` (e.g. an emulator a test started), ignoring IMAGEKIT_*. */
export const layerSettings = (settings: ImageKitConfig.Settings): Layer.Layer<CliClient> =>
  Layer.succeed(CliClient, {
    acquire: fromSettings(settings, undefined),
    acquireLongRunning: () => fromSettings(settings, undefined)
  })

/** The client for a command that runs until stopped, named `command` (see {@link ClientSource}). */
export const longRunningClient = (
  command: string
): Effect.Effect<Client, CredentialsError | CommandFailure, Scope.Scope | CliClient> =>
  Effect.flatMap(CliClient, (source) => source.acquireLongRunning(command))

/** The client for this command, from the {@link CliClient} in context. */
export const client: Effect.Effect<Client, CredentialsError | CommandFailure, Scope.Scope | CliClient> = Effect.flatMap(
  CliClient,
  (source) => source.acquire
)
