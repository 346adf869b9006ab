/**
 * `imagekit mcp`: the media library as an MCP server for AI agents (docs/mcp.md, decision 0070). This module is only
 * the command line: its flags and their checks. The server itself (`../mcp/run.ts`, on `@effect/ai`'s `McpServer`)
 * is loaded when the command runs, so the other commands never load it (it is a chunk of its own in the bundle).
 */
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { UsageError } from "../errors.js"
import { parsePort } from "../flags.js"
import { parseRoot } from "../mcp/scope.js"

/** The most `--max-items` may be: ImageKit lists at most 1000 files a page, and a page asks for one more. */
export const MAX_ITEMS_LIMIT = 999

const invalid = (message: string) => ValidationError.invalidValue(HelpDoc.p(message))

const LOOPBACK = /^(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/

const options = {
  access: Options.choice("access", ["read", "write", "all"]).pipe(
    Options.withDescription(
      "Which tools agents get: read (search, details, URLs; the default), write (adds uploads from a URL, tags, " +
        "moves, renames, purges) or all (adds deletes and folder moves)."
    ),
    Options.withDefault("read" as const)
  ),
  root: Options.text("root").pipe(
    Options.withDescription(
      "Only this folder and what is below it: agents see it as / and cannot reach outside it, e.g. --root /blog."
    ),
    Options.mapEffect((text) => {
      const parsed = parseRoot(text)
      return "root" in parsed ? Effect.succeed(parsed.root) : Effect.fail(invalid(parsed.problem))
    }),
    Options.withDefault("/")
  ),
  maxItems: Options.integer("max-items").pipe(
    Options.withDescription(
      `The most files one call may list or act on (1-${MAX_ITEMS_LIMIT}); search_files pages hold 20 by default.`
    ),
    Options.mapEffect((value) =>
      Number.isInteger(value) && value >= 1 && value <= MAX_ITEMS_LIMIT
        ? Effect.succeed(value)
        : Effect.fail(invalid(`Invalid --max-items ${value}: expected 1 to ${MAX_ITEMS_LIMIT}`))
    ),
    Options.withDefault(100)
  ),
  transport: Options.choice("transport", ["stdio", "http"]).pipe(
    Options.withDescription(
      "stdio (the default: JSON-RPC on stdin/stdout, for clients that start the server) or http (Streamable HTTP " +
        "at http://HOST:PORT/mcp)."
    ),
    Options.withDefault("stdio" as const)
  ),
  host: Options.text("host").pipe(
    Options.withDescription("With --transport http: the loopback address to listen on (default 127.0.0.1)."),
    Options.mapEffect((host) =>
      LOOPBACK.test(host)
        ? Effect.succeed(host)
        : Effect.fail(
            invalid(
              `Invalid --host ${host}: the server has no authentication, so it listens on this machine only ` +
                "(127.0.0.1, ::1 or localhost)"
            )
          )
    ),
    Options.optional
  ),
  port: Options.integer("port").pipe(
    Options.withDescription("With --transport http: the port; 0 (the default) picks a free one, printed on stderr."),
    Options.mapEffect((value) => {
      const parsed = parsePort(value)
      return parsed._tag === "Ok" ? Effect.succeed(parsed.value) : Effect.fail(invalid(parsed.message))
    }),
    Options.optional
  )
}

/**
 * @since 0.1.0
 */
export const mcpCommand = Command.make("mcp", options, (flags) =>
  Effect.gen(function* () {
    if (flags.transport === "stdio" && (Option.isSome(flags.host) || Option.isSome(flags.port))) {
      return yield* new UsageError({ message: "--host and --port need --transport http" })
    }
    const { run } = yield* Effect.promise(() => import("../mcp/run.js"))
    return yield* run({
      access: flags.access,
      root: flags.root,
      maxItems: flags.maxItems,
      transport:
        flags.transport === "stdio"
          ? { _tag: "Stdio" }
          : {
              _tag: "Http",
              host: Option.getOrElse(flags.host, () => "127.0.0.1"),
              port: Option.getOrElse(flags.port, () => 0)
            }
    })
  })
).pipe(
  Command.withDescription(
    "Serve the media library to AI agents over MCP (Model Context Protocol), read-only unless --access says " +
      "otherwise. Add it to a client as the command `imagekit mcp`; see docs/mcp.md."
  )
)
