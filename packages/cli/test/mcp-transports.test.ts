/**
 * `imagekit mcp` as clients run it: the built binary over stdio (spawned, with the official client's stdio transport,
 * and fed by a pipe), Streamable HTTP (with the official client's HTTP transport, and requests from elsewhere
 * refused), and the embedded emulator, which other `imagekit` commands use while the server runs instead of waiting
 * for its data dir. Build first (`pnpm build`) for the spawned tests.
 */
import * as fs from "node:fs"
import * as http from "node:http"
import * as os from "node:os"
import * as path from "node:path"
import { Client } from "@modelcontextprotocol/sdk/client/index.js"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js"
import type { AddressInfo } from "node:net"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { BIN, runCli, spawnCli } from "./harness.js"
import {
  callError,
  callOk,
  type McpEmulator,
  pipes,
  runMcpCommand,
  SECRET_KEY,
  startMcp,
  startMcpEmulator
} from "./mcp-harness.js"
import { png } from "./png.js"

const initialize = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "pipe", version: "1" } }
})
const initialized = JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })
const call = (id: number, name: string, args: Record<string, unknown>) =>
  JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } })

describe("imagekit mcp, the built binary over stdio", () => {
  let emulator: McpEmulator
  beforeAll(async () => {
    emulator = await startMcpEmulator()
    emulator.running.model.seedFile({ fileName: "a.png", data: png(2, 2), folder: "/bin", tags: ["x"] })
  })
  afterAll(() => emulator.running.close())

  it("serves the official client's stdio transport and stops when it closes", async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, "mcp", "--access", "write"],
      env: { PATH: process.env.PATH ?? "", ...emulator.env },
      stderr: "pipe"
    })
    let stderr = ""
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8")
    })
    const client = new Client({ name: "effect-imagekit-tests", version: "1.0.0" })
    await client.connect(transport)
    const version = (
      JSON.parse(fs.readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
    ).version
    assert.deepStrictEqual(client.getServerVersion(), { name: "imagekit", version })
    assert.lengthOf((await client.listTools()).tools, 15)
    const found = await client.callTool({ name: "search_files", arguments: { tags: ["x"] } })
    assert.deepStrictEqual(
      (found.structuredContent as { files: Array<{ filePath: string }> }).files.map((file) => file.filePath),
      ["/bin/a.png"]
    )
    const pid = transport.pid
    await client.close()
    assert.isNumber(pid)
    assert.throws(() => process.kill(pid ?? 0, 0))
    assert.include(stderr, "imagekit mcp: 15 write tools on the whole library")
    assert.notInclude(stderr, SECRET_KEY)
  })

  it("answers every request piped in before stdin ended, on stdout alone, then exits 0", async () => {
    const run = await spawnCli(["mcp"], {
      env: emulator.env,
      stdin: [
        initialize,
        initialized,
        call(2, "search_files", { folder: "/bin" }),
        call(3, "delete_file", { fileId: "x" })
      ]
        .map((line) => `${line}\n`)
        .join("")
    })
    assert.strictEqual(run.code, 0, run.stderr)
    // Requests are served concurrently: answers come in any order.
    const answers = run.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .sort((a, b) => Number(a.id) - Number(b.id))
    assert.deepStrictEqual(
      answers.map((answer) => answer.id),
      [1, 2, 3]
    )
    const [, search, deleting] = answers
    assert.include(JSON.stringify(search?.result), '"structuredContent":{"count":1,')
    // delete_file is not a read tool: not there at all.
    assert.include(JSON.stringify(deleting?.error), "not found")
    assert.notInclude(run.stdout + run.stderr, SECRET_KEY)
  })
})

describe("imagekit mcp --transport http", () => {
  let emulator: McpEmulator
  beforeAll(async () => {
    emulator = await startMcpEmulator()
  })
  afterAll(() => emulator.running.close())

  const listening = async (stderr: () => string): Promise<string> => {
    for (let attempt = 0; attempt < 200; attempt++) {
      const url = /listening on (http:\/\/\S+)/.exec(stderr())?.[1]
      if (url !== undefined) return url
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    throw new Error(`the server did not say where it listens: ${stderr()}`)
  }

  it("serves the official client's Streamable HTTP transport on 127.0.0.1, and refuses requests from elsewhere", async () => {
    const io = pipes()
    const command = runMcpCommand(["--transport", "http", "--port", "0"], emulator.env, io.stdio)
    try {
      const url = await listening(io.stderr)
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/)
      const client = new Client({ name: "effect-imagekit-tests", version: "1.0.0" })
      await client.connect(new StreamableHTTPClientTransport(new URL(url)))
      assert.deepStrictEqual(
        (await client.listTools()).tools.map((tool) => tool.name),
        ["search_files", "get_file", "list_custom_metadata_fields", "build_url", "get_job_status"]
      )
      const missing = await client.callTool({ name: "get_file", arguments: { fileId: "0123456789abcdef01234567" } })
      assert.isTrue(missing.isError)
      assert.strictEqual((missing.structuredContent as { kind: string }).kind, "NotFoundError")
      await client.close()

      // A web page's request (another Origin), or one through a DNS name pointing here (another Host): refused.
      const fromPage = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          origin: "https://evil.example"
        },
        body: initialize
      })
      assert.strictEqual(fromPage.status, 403)
      const rebound = await new Promise<number>((resolve, reject) => {
        const target = new URL(url)
        const request = http.request(
          {
            host: target.hostname,
            port: target.port,
            path: target.pathname,
            method: "POST",
            headers: { host: "evil.example", "content-type": "application/json" }
          },
          (response) => {
            response.resume()
            resolve(response.statusCode ?? 0)
          }
        )
        request.on("error", reject)
        request.end(initialize)
      })
      assert.strictEqual(rebound, 403)
      assert.strictEqual(io.stdout(), "")
    } finally {
      assert.strictEqual(await command.stop(), 0)
    }
    assert.notInclude(io.stderr(), SECRET_KEY)
  })

  it("refuses a --host other than this machine, and --port without http", async () => {
    const [remote, stdioPort] = await Promise.all([
      runCli(["mcp", "--transport", "http", "--host", "0.0.0.0"], { env: emulator.env }),
      runCli(["mcp", "--port", "8080"], { env: emulator.env })
    ])
    assert.strictEqual(remote.code, 2)
    assert.include(remote.stderr, "listens on this machine only")
    assert.strictEqual(stdioPort.code, 2)
    assert.include(stdioPort.stderr, "--host and --port need --transport http")
  })
})

describe("imagekit mcp on the embedded emulator", () => {
  it("says so on stderr, and other imagekit commands use its emulator meanwhile instead of waiting", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ik-mcp-embedded-"))
    const env = { IMAGEKIT_EMULATOR_DATA_DIR: path.join(dir, "data") }
    fs.writeFileSync(path.join(dir, "note.txt"), "shared\n")
    const source = http.createServer((_, response) => response.end("x"))
    await new Promise<void>((resolve) => source.listen(0, "127.0.0.1", resolve))
    let fetched = 0
    source.on("request", () => {
      fetched++
    })
    const server = await startMcp(["--access", "write"], env)
    try {
      assert.include(server.stderr(), "no IMAGEKIT_* credentials: using the embedded emulator (files in")
      const uploaded = await runCli(["upload", path.join(dir, "note.txt"), "--folder", "/shared", "--json"], { env })
      assert.strictEqual(uploaded.code, 0, uploaded.stderr)
      assert.include(uploaded.stderr, "using the embedded emulator of `imagekit mcp`")
      const found = await callOk(server, "search_files", { folder: "/shared" })
      assert.strictEqual(found.count, 1)
      // The embedded emulator fetches no URL, and this server never does: the upload is refused, nothing fetched.
      const port = (source.address() as AddressInfo).port
      const refused = await callError(server, "upload_from_url", {
        url: `http://127.0.0.1:${port}/a.png`,
        fileName: "a.png"
      })
      assert.strictEqual(refused.status, 400)
      assert.strictEqual(fetched, 0)
      assert.isTrue(fs.existsSync(path.join(dir, "data", "shared-emulator.json")))
    } finally {
      assert.strictEqual(await server.close(), 0)
      await new Promise<void>((resolve) => source.close(() => resolve()))
    }
    // Once it has stopped, commands start their own emulator again, on the same files.
    assert.isFalse(fs.existsSync(path.join(dir, "data", "shared-emulator.json")))
    const listed = await runCli(["ls", "/shared", "--json"], { env })
    assert.strictEqual(listed.code, 0, listed.stderr)
    assert.notInclude(listed.stderr, "imagekit mcp")
    assert.lengthOf(JSON.parse(listed.stdout) as Array<unknown>, 1)
    fs.rmSync(dir, { recursive: true, force: true })
  })
})
