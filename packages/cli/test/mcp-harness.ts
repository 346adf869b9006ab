/**
 * Runs `imagekit mcp` in this process for the tests, the way an MCP client runs it: the same `main` the binary
 * runs, with the live client layer (IMAGEKIT_* from the test), stdin fed by the official `@modelcontextprotocol/sdk`
 * client's messages and stdout read back as its answers, one JSON-RPC message a line. Everything the server prints is
 * kept, to check that stdout carries only JSON-RPC and that no key ever appears.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import { Client } from "@modelcontextprotocol/sdk/client/index.js"
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js"
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js"
import * as Emulator from "@effect-imagekit/testing/Emulator"
import * as Cause from "effect/Cause"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Mailbox from "effect/Mailbox"
import * as CliClient from "../src/internal/client.js"
import * as Interruption from "../src/internal/interruption.js"
import { main } from "../src/internal/main.js"
import { Stdio, type Service as StdioService } from "../src/internal/stdio.js"

/** A key no output may contain. */
export const SECRET_KEY = "private_mcp_Secret_9f2c7e"
export const PUBLIC_KEY = "public_mcp_key"

export interface McpEmulator {
  readonly running: Emulator.Running
  readonly env: Record<string, string>
}

/** An emulator with the secret key (and whatever else the test asks), and the IMAGEKIT_* that point at it. */
export const startMcpEmulator = async (options: Emulator.Options = {}): Promise<McpEmulator> => {
  const running = await Emulator.start({ publicKey: PUBLIC_KEY, privateKey: SECRET_KEY, ...options })
  return {
    running,
    env: {
      IMAGEKIT_PUBLIC_KEY: PUBLIC_KEY,
      IMAGEKIT_PRIVATE_KEY: SECRET_KEY,
      IMAGEKIT_URL_ENDPOINT: running.urlEndpoint,
      IMAGEKIT_API_BASE_URL: running.url,
      IMAGEKIT_UPLOAD_BASE_URL: running.url
    }
  }
}

export interface McpServerRun {
  /** The official client, connected and initialized. */
  readonly client: Client
  /** Everything written on stdout so far. */
  readonly stdout: () => string
  /** Everything written on stderr so far. */
  readonly stderr: () => string
  /** Closes the client (which ends stdin) and gives the command's exit code once it has stopped. */
  readonly close: () => Promise<number>
}

/** A stdin the test writes to, and a stdout whose lines go to `onLine`. */
export const pipes = () => {
  const mailbox = Effect.runSync(Mailbox.make<Uint8Array>())
  const out: Array<string> = []
  const err: Array<string> = []
  let pending = ""
  let onLine: (line: string) => void = () => {}
  const stdio: StdioService = {
    stdin: {
      isTTY: false,
      readAll: Effect.succeed(new Uint8Array()),
      stream: Mailbox.toStream(mailbox)
    },
    stdout: {
      write: (text) => {
        out.push(text)
        pending += text
        let end = pending.indexOf("\n")
        while (end >= 0) {
          const line = pending.slice(0, end)
          pending = pending.slice(end + 1)
          end = pending.indexOf("\n")
          onLine(line)
        }
      },
      isTTY: false,
      columns: undefined,
      colourless: true
    },
    stderr: {
      write: (text) => {
        err.push(text)
      },
      isTTY: false,
      columns: undefined,
      colourless: true
    },
    stdoutClosed: Effect.never,
    isStdoutClosed: () => false
  }
  return {
    stdio,
    send: (text: string) => mailbox.unsafeOffer(new TextEncoder().encode(text)),
    end: () => mailbox.unsafeDone(Exit.void),
    listen: (listener: (line: string) => void) => {
      onLine = listener
    },
    stdout: () => out.join(""),
    stderr: () => err.join("")
  }
}

/** Runs `imagekit mcp ...args` in process (stdin and stdout as `pipes`), giving its exit code once it stops. */
export const runMcpCommand = (args: ReadonlyArray<string>, env: Record<string, string>, stdio: StdioService) => {
  const interrupted = Interruption.makeInterruptExit()
  const layers = Layer.mergeAll(CliClient.layer, Interruption.layer(interrupted), NodeContext.layer).pipe(
    Layer.provideMerge(Layer.succeed(Stdio, stdio))
  )
  const fiber = Effect.runFork(
    main(["mcp", ...args]).pipe(
      Effect.provide(layers),
      Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
    )
  )
  const exitCode = async (): Promise<number> => {
    // Awaiting a fiber cannot fail: the outer Exit is always a success holding the command's own.
    const exit = Exit.flatten(await Effect.runPromiseExit(Fiber.await(fiber)))
    if (Exit.isSuccess(exit)) return exit.value
    if (Cause.isInterruptedOnly(exit.cause)) return interrupted.exitCode
    throw new Error(Cause.pretty(exit.cause))
  }
  return {
    exitCode,
    /** Stops the command as Ctrl+C would, and gives its exit code. */
    stop: async (): Promise<number> => {
      await Effect.runPromiseExit(Fiber.interrupt(fiber))
      return exitCode()
    }
  }
}

/** Starts `imagekit mcp ...args` in process and connects the official MCP client to it over its stdin and stdout. */
export const startMcp = async (args: ReadonlyArray<string>, env: Record<string, string>): Promise<McpServerRun> => {
  const io = pipes()
  const { exitCode } = runMcpCommand(args, env, io.stdio)
  const transport: Transport = {
    start: async () => {
      io.listen((line) => transport.onmessage?.(JSON.parse(line) as JSONRPCMessage))
    },
    send: async (message) => {
      io.send(`${JSON.stringify(message)}\n`)
    },
    close: async () => {
      io.end()
      transport.onclose?.()
    }
  }
  const client = new Client({ name: "effect-imagekit-tests", version: "1.0.0" })
  await client.connect(transport)
  return {
    client,
    stdout: io.stdout,
    stderr: io.stderr,
    close: async () => {
      await client.close()
      return exitCode()
    }
  }
}

/** The structured answer of a tool call, or a failure naming the tool error it got instead. */
export const callOk = async (
  server: McpServerRun,
  name: string,
  args: Record<string, unknown> = {}
): Promise<Record<string, unknown>> => {
  const result = await server.client.callTool({ name, arguments: args })
  if (result.isError === true) throw new Error(`${name} failed: ${JSON.stringify(result.structuredContent)}`)
  return checkedStructured(result)
}

/** The tool error of a call that must fail. */
export const callError = async (
  server: McpServerRun,
  name: string,
  args: Record<string, unknown> = {}
): Promise<Record<string, unknown>> => {
  const result = await server.client.callTool({ name, arguments: args })
  if (result.isError !== true) throw new Error(`${name} succeeded: ${JSON.stringify(result.structuredContent)}`)
  return checkedStructured(result)
}

/** `structuredContent`, after checking that the text content is the same JSON. */
const checkedStructured = (result: Awaited<ReturnType<Client["callTool"]>>): Record<string, unknown> => {
  const structured = result.structuredContent
  if (typeof structured !== "object" || structured === null || Array.isArray(structured)) {
    throw new Error(`structuredContent is not an object: ${JSON.stringify(result)}`)
  }
  const content = Array.isArray(result.content) ? result.content : []
  const [first] = content
  if (
    content.length !== 1 ||
    first?.type !== "text" ||
    JSON.stringify(JSON.parse(first.text)) !== JSON.stringify(structured)
  ) {
    throw new Error(`the text content is not the structured content's JSON: ${JSON.stringify(result)}`)
  }
  return structured as Record<string, unknown>
}
