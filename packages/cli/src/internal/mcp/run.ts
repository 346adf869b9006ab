/**
 * The `imagekit mcp` server, loaded only when that command runs: the client (credentials as for every command, or
 * the embedded emulator, shared with other commands meanwhile), the tools of the tier, the resources, and
 * `@effect/ai`'s `McpServer` over stdio (JSON-RPC, one message a line) or Streamable HTTP.
 *
 * Over stdio, stdout carries JSON-RPC and nothing else (notices go to stderr, Effect's loggers are off). The server
 * stops when stdin ends, once every request read has been answered, so `printf '…' | imagekit mcp` prints all its
 * answers.
 */
import * as McpServer from "@effect/ai/McpServer"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as Headers from "@effect/platform/Headers"
import * as HttpMiddleware from "@effect/platform/HttpMiddleware"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServer from "@effect/platform/HttpServer"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as RpcSerialization from "@effect/rpc/RpcSerialization"
import * as RpcServer from "@effect/rpc/RpcServer"
import type { CallError } from "@effect-imagekit/sdk/ImageKitError"
import type * as Chunk from "effect/Chunk"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Schedule from "effect/Schedule"
import * as Sink from "effect/Sink"
import * as Stream from "effect/Stream"
import { createServer } from "node:http"
import { longRunningClient, sdkService } from "../client.js"
import { err, Stdio, type Service as StdioService } from "../stdio.js"
import { version } from "../version.js"
import type { ToolContext } from "./files.js"
import * as Resources from "./resources.js"
import * as Scope from "./scope.js"
import * as Tool from "./tool.js"
import { allTools } from "./tools/all.js"
import { readTools } from "./tools/read.js"
import { writeTools } from "./tools/write.js"

export type Access = "read" | "write" | "all"

export interface Options {
  readonly access: Access
  readonly root: string
  readonly maxItems: number
  readonly transport:
    | { readonly _tag: "Stdio" }
    | { readonly _tag: "Http"; readonly host: string; readonly port: number }
}

export const SERVER_NAME = "imagekit"

/** Where the HTTP transport answers. */
export const HTTP_PATH = "/mcp"

/** The tools of a tier, in the order `tools/list` gives them; those of a higher tier are never registered. */
export const toolsFor = (access: Access, context: ToolContext): ReadonlyArray<Tool.Tool> => [
  ...readTools(context),
  ...(access === "read" ? [] : writeTools(context)),
  ...(access === "all" ? allTools(context) : [])
]

/**
 * The SDK's retries, except for rate limits: an agent told `retryAfterMs` at once decides better than a tool call
 * that hangs for the whole wait. Transport errors and 5xx of idempotent calls are still retried twice, briefly.
 */
const RETRY: Schedule.Schedule<unknown, CallError> = Schedule.exponential(Duration.millis(200)).pipe(
  Schedule.jittered,
  Schedule.intersect(Schedule.recurs(2)),
  Schedule.whileInput((error: CallError) => error._tag !== "RateLimitError")
)

/** How long, once stdin has ended, requests already read may take to be answered before the server stops. */
const DRAIN_TIMEOUT = Duration.seconds(30)

/**
 * Counts the JSON-RPC requests read and the answers written, so that the end of stdin can wait for the answers.
 * Requests have a `method` and an `id`; answers an `id` and a `result` or `error`.
 */
const makeTracker = () => {
  let asked = 0
  let answered = 0
  const lines = (count: (message: Record<string, unknown>) => void) => {
    const decoder = new TextDecoder()
    let buffer = ""
    return (chunk: Uint8Array | string) => {
      buffer += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true })
      let end = buffer.indexOf("\n")
      while (end >= 0) {
        const line = buffer.slice(0, end).trim()
        buffer = buffer.slice(end + 1)
        end = buffer.indexOf("\n")
        if (line === "") continue
        try {
          const message: unknown = JSON.parse(line)
          if (typeof message === "object" && message !== null && !Array.isArray(message)) {
            count(message as Record<string, unknown>)
          }
        } catch {
          // The server answers it with a parse error, which has no id to wait for.
        }
      }
    }
  }
  return {
    read: lines((message) => {
      if ("id" in message && "method" in message) asked++
    }),
    written: lines((message) => {
      if ("id" in message && ("result" in message || "error" in message) && !("method" in message)) answered++
    }),
    /** Completes once every request read so far has its answer (or after the drain timeout). */
    settled: Effect.suspend(() => (answered >= asked ? Effect.void : Effect.fail("pending" as const))).pipe(
      Effect.retry(Schedule.spaced(Duration.millis(10))),
      Effect.timeout(DRAIN_TIMEOUT),
      Effect.ignore
    )
  }
}

/** JSON-RPC over stdin and stdout, one message a line; `ended` completes when stdin has ended and all is answered. */
const stdioProtocol = (stdio: StdioService, ended: Deferred.Deferred<void>) => {
  const tracker = makeTracker()
  const decoder = new TextDecoder()
  const stdin = stdio.stdin.stream.pipe(
    Stream.tap((chunk) => Effect.sync(() => tracker.read(chunk))),
    Stream.concat(Stream.drain(Stream.fromEffect(tracker.settled))),
    Stream.ensuring(Deferred.succeed(ended, undefined))
  )
  const stdout = Sink.forEachChunk((chunks: Chunk.Chunk<Uint8Array | string>) =>
    Effect.sync(() => {
      for (const chunk of chunks) {
        stdio.stdout.write(typeof chunk === "string" ? chunk : decoder.decode(chunk))
        tracker.written(chunk)
      }
    })
  )
  return RpcServer.layerProtocolStdio({ stdin, stdout }).pipe(Layer.provide(RpcSerialization.layerNdJsonRpc()))
}

const LOOPBACK_HOST = /^(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])(?::\d{1,5})?$/

/**
 * Refuses requests that do not come from a page or program of this machine: a `Host` other than a loopback name (a
 * DNS-rebinding page reaches 127.0.0.1 under its own host name) or an `Origin` of another site.
 */
const loopbackOnly = HttpMiddleware.make((app) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const host = Headers.get(request.headers, "host")
    const origin = Headers.get(request.headers, "origin")
    const hostOk = host._tag === "Some" && LOOPBACK_HOST.test(host.value)
    let originOk = origin._tag === "None"
    if (origin._tag === "Some") {
      try {
        originOk = LOOPBACK_HOST.test(new URL(origin.value).host)
      } catch {
        originOk = false
      }
    }
    if (!hostOk || !originOk) {
      return HttpServerResponse.text("imagekit mcp answers only requests from this machine (Host and Origin)", {
        status: 403
      })
    }
    return yield* app
  })
)

/** Prints where the HTTP server listens, once it does. */
const announce = Layer.effectDiscard(
  Effect.gen(function* () {
    const server = yield* HttpServer.HttpServer
    const address = server.address
    if (address._tag !== "TcpAddress") return
    const host = address.hostname.includes(":") ? `[${address.hostname}]` : address.hostname
    yield* err(`imagekit mcp: listening on http://${host}:${address.port}${HTTP_PATH} (Streamable HTTP)`)
  })
)

/** Runs the server until stdin ends (stdio) or the command is stopped (Ctrl+C). */
export const run = (options: Options) =>
  Effect.gen(function* () {
    const stdio = yield* Stdio
    const client = yield* longRunningClient("imagekit mcp")
    const ik = yield* sdkService({ ...client.settings, retry: RETRY })
    const scope = Scope.make(options.root)
    const context: ToolContext = { ik, scope, maxItems: options.maxItems, urlEndpoint: client.settings.urlEndpoint }
    const tools = toolsFor(options.access, context)
    const config: Resources.ServerConfig = {
      name: SERVER_NAME,
      version,
      access: options.access,
      root: options.root,
      maxItems: options.maxItems,
      tools: tools.map((tool) => tool.name),
      urlEndpoint: client.settings.urlEndpoint,
      apiBaseUrl: client.settings.apiBaseUrl,
      backend: client.embedded ? "embedded emulator" : "account"
    }
    // The registry with every tool and resource in it before the server reads its first message.
    const registry = Layer.effectDiscard(Effect.zipRight(Tool.register(tools), Resources.register(config))).pipe(
      Layer.provideMerge(McpServer.McpServer.layer)
    )
    const server = Layer.scopedDiscard(Effect.forkScoped(McpServer.run({ name: SERVER_NAME, version }))).pipe(
      Layer.provide(registry)
    )
    const where = options.root === "/" ? "the whole library" : `${options.root} (seen as /)`
    yield* err(
      `imagekit mcp: ${tools.length} ${options.access} tools on ${where}, ImageKit at ${client.settings.apiBaseUrl}`
    )
    if (options.transport._tag === "Stdio") {
      const ended = yield* Deferred.make<void>()
      const launched = Layer.launch(server.pipe(Layer.provide(stdioProtocol(stdio, ended))))
      return yield* Effect.raceFirst(launched, Deferred.await(ended))
    }
    const http = Layer.mergeAll(
      server.pipe(
        Layer.provide(RpcServer.layerProtocolHttp({ path: HTTP_PATH })),
        Layer.provide(RpcSerialization.layerJsonRpc())
      ),
      HttpRouter.Default.serve(loopbackOnly),
      announce
    ).pipe(
      Layer.provide(NodeHttpServer.layer(createServer, { host: options.transport.host, port: options.transport.port }))
    )
    return yield* Layer.launch(http)
  }).pipe(Effect.scoped, Logger.withMinimumLogLevel(LogLevel.None))
