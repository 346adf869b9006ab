/**
 * `imagekit mcp` end to end, in process, with the official `@modelcontextprotocol/sdk` client talking JSON-RPC over
 * the command's stdin and stdout, against loopback emulators: the handshake, the tools of each tier and their
 * annotations, a round trip through the write and delete tools, tool errors, `--root`, paging, and no key anywhere.
 * The tool names, tiers and annotation rules asserted here are those of issue 18.
 */
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { version } from "../src/internal/cli.js"
import {
  callError,
  callOk,
  type McpEmulator,
  type McpServerRun,
  SECRET_KEY,
  startMcp,
  startMcpEmulator
} from "./mcp-harness.js"
import { png } from "./png.js"

const READ = ["search_files", "get_file", "list_custom_metadata_fields", "build_url", "get_job_status"]
const WRITE = [
  ...READ,
  "upload_from_url",
  "add_tags",
  "remove_tags",
  "update_file",
  "create_folder",
  "copy_file",
  "move_file",
  "rename_file",
  "purge_cache",
  "create_custom_metadata_field"
]
const ALL = [...WRITE, "delete_file", "delete_files", "delete_folder", "delete_file_version", "move_folder"]

/** Every server run of this file, to check at the end that none printed the key. */
const runs: Array<McpServerRun> = []

const start = async (args: ReadonlyArray<string>, env: Record<string, string>) => {
  const server = await startMcp(args, env)
  runs.push(server)
  return server
}

afterAll(() => {
  assert.isAbove(runs.length, 0)
  for (const run of runs) {
    assert.notInclude(run.stdout(), SECRET_KEY)
    assert.notInclude(run.stderr(), SECRET_KEY)
  }
})

type FileSummary = { readonly fileId: string; readonly name: string; readonly filePath: string; readonly url: string }
const filesOf = (answer: Record<string, unknown>) => answer.files as ReadonlyArray<FileSummary>

/** A loopback server that answers every GET with `body`, counting the requests. */
const fileServer = async (body: Uint8Array) => {
  let requests = 0
  const server = http.createServer((_, response) => {
    requests++
    response.writeHead(200, { "content-type": "image/png", "content-length": body.length })
    response.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

describe("imagekit mcp", () => {
  let emulator: McpEmulator
  let clockOffset = 0
  beforeAll(async () => {
    emulator = await startMcpEmulator({ remoteFetch: true, pendingPolls: 1, now: () => Date.now() + clockOffset })
  })
  afterAll(() => emulator.running.close())

  it("initializes as imagekit at the CLI's version, with tools and resources, and writes only JSON-RPC on stdout", async () => {
    const server = await start([], emulator.env)
    assert.deepStrictEqual(server.client.getServerVersion(), { name: "imagekit", version })
    const capabilities = server.client.getServerCapabilities()
    assert.isDefined(capabilities?.tools)
    assert.isDefined(capabilities?.resources)
    const resources = await server.client.listResources()
    assert.sameMembers(
      resources.resources.map((resource) => resource.uri),
      ["imagekit://docs/search-query", "imagekit://config"]
    )
    const docs = await server.client.readResource({ uri: "imagekit://docs/search-query" })
    assert.include(JSON.stringify(docs.contents), "customMetadata.<field>")
    const config = await server.client.readResource({ uri: "imagekit://config" })
    const [content] = config.contents
    const settings = JSON.parse(content !== undefined && "text" in content ? content.text : "{}")
    assert.strictEqual(settings.access, "read")
    assert.strictEqual(settings.root, "/")
    assert.strictEqual(settings.urlEndpoint, emulator.running.urlEndpoint)
    assert.deepStrictEqual(settings.tools, READ)
    assert.notInclude(JSON.stringify(config), "public_mcp_key")
    assert.strictEqual(await server.close(), 0)
    // initialize, resources/list and two resources/read: one answer each, and nothing else.
    const lines = server.stdout().trimEnd().split("\n")
    assert.lengthOf(lines, 4)
    for (const line of lines) assert.strictEqual(JSON.parse(line).jsonrpc, "2.0", line)
    assert.include(server.stderr(), "imagekit mcp: 5 read tools on the whole library")
  })

  it("registers exactly the tools of its tier, each with all four annotations set", async () => {
    for (const [access, expected] of [
      ["read", READ],
      ["write", WRITE],
      ["all", ALL]
    ] as const) {
      const server = await start(["--access", access], emulator.env)
      const { tools } = await server.client.listTools()
      assert.deepStrictEqual(
        tools.map((tool) => tool.name),
        expected,
        access
      )
      for (const tool of tools) {
        const hints = tool.annotations ?? {}
        for (const hint of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const) {
          assert.isBoolean(hints[hint], `${tool.name}.${hint}`)
        }
        assert.strictEqual(tool.inputSchema.type, "object", tool.name)
        assert.isString(tool.description, tool.name)
        const isRead = READ.includes(tool.name)
        assert.strictEqual(hints.readOnlyHint, isRead, tool.name)
        if (isRead) assert.isFalse(hints.destructiveHint, tool.name)
        if (tool.name.startsWith("delete_") || tool.name.startsWith("move_")) {
          assert.isTrue(hints.destructiveHint, tool.name)
        }
        // Only the upload reaches outside the media library: ImageKit fetches a URL of the web.
        assert.strictEqual(hints.openWorldHint, tool.name === "upload_from_url", tool.name)
      }
      assert.strictEqual(await server.close(), 0)
    }
  })

  it("does not serve a tool outside its tier: calling one is a protocol error and changes nothing", async () => {
    const seeded = emulator.running.model.seedFile({ fileName: "keep.png", data: png(2, 2), folder: "/tier" })
    const server = await start([], emulator.env)
    const before = emulator.running.stats().requests
    const refused = await server.client.callTool({ name: "delete_file", arguments: { fileId: seeded.fileId } }).then(
      () => "called",
      (error: unknown) => String(error)
    )
    assert.include(refused, "Tool 'delete_file' not found")
    assert.strictEqual(emulator.running.stats().requests, before)
    assert.isTrue(emulator.running.model.files().some((file) => file.fileId === seeded.fileId))
    await server.close()
  })

  it("round trip: search by tag, add tags, move, get, signed URLs, purge and its status, then delete", async () => {
    const image = png(4, 3)
    for (const name of ["beach.png", "sea.png"]) {
      emulator.running.model.seedFile({ fileName: name, data: image, folder: "/trip", tags: ["summer"] })
    }
    emulator.running.model.seedFile({ fileName: "snow.png", data: png(3, 3), folder: "/trip", tags: ["winter"] })
    const server = await start(["--access", "all"], emulator.env)

    const summer = filesOf(await callOk(server, "search_files", { tags: ["summer"], folder: "/trip" }))
    assert.sameMembers(
      summer.map((file) => file.name),
      ["beach.png", "sea.png"]
    )
    const beach = summer.find((file) => file.name === "beach.png")
    if (beach === undefined) throw new Error("beach.png not found")
    assert.hasAllKeys(beach, [
      "fileId",
      "name",
      "filePath",
      "url",
      "fileType",
      "size",
      "width",
      "height",
      "tags",
      "createdAt"
    ])

    const tagged = await callOk(server, "add_tags", { fileIds: [beach.fileId], tags: ["hero"] })
    assert.deepStrictEqual(tagged.successfullyUpdatedFileIds, [beach.fileId])

    const moved = await callOk(server, "move_file", {
      sourceFilePath: "/trip/beach.png",
      destinationPath: "/trip/best"
    })
    assert.strictEqual(moved.filePath, "/trip/best/beach.png")

    const got = (await callOk(server, "get_file", { fileId: beach.fileId })).file as FileSummary & { tags: string[] }
    assert.strictEqual(got.filePath, "/trip/best/beach.png")
    assert.sameMembers(got.tags, ["summer", "hero"])
    const details = (await callOk(server, "get_file", { fileId: beach.fileId, details: true })).file as Record<
      string,
      unknown
    >
    assert.include(Object.keys(details), "isPrivateFile")

    // A signed URL is served; tampered, or past its expiry, it is refused.
    const signed = await callOk(server, "build_url", { path: "/trip/best/beach.png", signed: true })
    const signedUrl = String(signed.url)
    assert.include(signedUrl, "ik-s=")
    const served = await fetch(signedUrl)
    assert.strictEqual(served.status, 200)
    assert.deepStrictEqual(new Uint8Array(await served.arrayBuffer()), image)
    const tampered = signedUrl.replace(/ik-s=([0-9a-f])/, (_, first: string) => `ik-s=${first === "0" ? "1" : "0"}`)
    assert.strictEqual((await fetch(tampered)).status, 401)
    const expiring = await callOk(server, "build_url", { path: "/trip/best/beach.png", expireSeconds: 60 })
    assert.isString(expiring.expiresAt)
    assert.strictEqual((await fetch(String(expiring.url))).status, 200)
    clockOffset = 120_000
    try {
      assert.strictEqual((await fetch(String(expiring.url))).status, 401)
    } finally {
      clockOffset = 0
    }

    const purge = await callOk(server, "purge_cache", { url: got.url })
    assert.isString(purge.purgeRequestId)
    const first = await callOk(server, "get_job_status", { purgeRequestId: purge.purgeRequestId })
    const second = await callOk(server, "get_job_status", { purgeRequestId: purge.purgeRequestId })
    assert.deepStrictEqual([first.status, second.status], ["Pending", "Completed"])

    const job = await callOk(server, "move_folder", { sourceFolderPath: "/trip/best", destinationPath: "/archive" })
    assert.isString(job.jobId)
    assert.include(["Pending", "Completed"], (await callOk(server, "get_job_status", { jobId: job.jobId })).status)

    const deleted = await callOk(server, "delete_file", { fileId: beach.fileId })
    assert.strictEqual(deleted.deletedFileId, beach.fileId)
    const gone = await callError(server, "get_file", { fileId: beach.fileId })
    assert.strictEqual(gone.kind, "NotFoundError")
    await server.close()
  })

  it("uploads from a URL that ImageKit fetches, and never replaces a file", async () => {
    const image = png(5, 5)
    const source = await fileServer(image)
    const server = await start(["--access", "write"], emulator.env)
    try {
      const uploaded = (
        await callOk(server, "upload_from_url", {
          url: `${source.url}/pictures/cat.png`,
          fileName: "cat.png",
          folder: "/uploads",
          tags: ["pet"],
          useUniqueFileName: false
        })
      ).file as FileSummary & { width: number; tags: string[] }
      assert.strictEqual(uploaded.filePath, "/uploads/cat.png")
      assert.strictEqual(uploaded.width, 5)
      assert.deepStrictEqual(uploaded.tags, ["pet"])
      assert.strictEqual(source.requests(), 1)
      assert.deepStrictEqual(new Uint8Array(await (await fetch(uploaded.url)).arrayBuffer()), image)
      // The same name again, without a unique suffix: refused, not overwritten.
      const again = await callError(server, "upload_from_url", {
        url: `${source.url}/pictures/cat.png`,
        fileName: "cat.png",
        folder: "/uploads",
        useUniqueFileName: false
      })
      assert.strictEqual(again.status, 400)
      assert.strictEqual(
        emulator.running.model.files().filter((file) => file.filePath === "/uploads/cat.png").length,
        1
      )
      const notUrl = await callError(server, "upload_from_url", { url: "file:///etc/passwd", fileName: "x" })
      assert.strictEqual(notUrl.kind, "InvalidArguments")
    } finally {
      await server.close()
      await source.close()
    }
  })

  it("says that an upload cut off after it was sent may be stored, to search by name before retrying", async () => {
    const source = await fileServer(png(2, 2))
    const server = await start(["--access", "write"], emulator.env)
    try {
      emulator.running.injectNext("lostResponse")
      const error = await callError(server, "upload_from_url", { url: `${source.url}/a.png`, fileName: "lost.png" })
      assert.strictEqual(error.uploadOutcome, "Unknown")
      assert.include(String(error.hint), "may be stored: search by name before retrying")
    } finally {
      await server.close()
      await source.close()
    }
  })

  it("takes a call without arguments, which the specification allows, as a call with none", async () => {
    const server = await start([], emulator.env)
    const result = await server.client.callTool({ name: "list_custom_metadata_fields" })
    assert.notStrictEqual(result.isError, true)
    assert.isArray((result.structuredContent as { fields?: unknown }).fields)
    await server.close()
  })

  it("answers a missing file and bad arguments with tool errors (nothing sent for bad arguments)", async () => {
    const server = await start(["--access", "write"], emulator.env)
    const missing = await callError(server, "get_file", { fileId: "0123456789abcdef01234567" })
    assert.strictEqual(missing.kind, "NotFoundError")
    assert.strictEqual(missing.status, 404)
    assert.isString(missing.hint)
    const before = emulator.running.stats().requests
    for (const [name, args] of [
      ["search_files", { limit: "ten" }],
      ["search_files", { limit: 101 }],
      ["search_files", { colour: "red" }],
      ["search_files", { query: `name = "${"x".repeat(100_000)}"` }],
      ["add_tags", { fileIds: ["0123456789abcdef01234567"], tags: Array.from({ length: 1000 }, (_, n) => `t${n}`) }],
      ["get_file", {}],
      ["add_tags", { fileIds: [], tags: ["a"] }],
      ["build_url", { path: "/a.png", transformation: ["w-100/../../etc"] }],
      ["get_job_status", {}],
      ["update_file", { fileId: "0123456789abcdef01234567" }],
      ["create_folder", { folderName: "a/b" }],
      // Own "__proto__" keys, as a client's JSON has them: data, never a prototype.
      ["update_file", JSON.parse('{"fileId":"0123456789abcdef01234567","customMetadata":{"__proto__":{"x":1}}}')],
      [
        "upload_from_url",
        JSON.parse('{"url":"https://a.example/x.png","fileName":"x.png","customMetadata":{"__proto__":{}}}')
      ]
    ] as const) {
      const error = await callError(server, name, args)
      assert.strictEqual(error.kind, "InvalidArguments", `${name} ${JSON.stringify(args)}: ${JSON.stringify(error)}`)
      assert.isString(error.message)
    }
    // Ids that cannot be a path segment are refused by the SDK before any request...
    for (const fileId of ["", ".", ".."]) {
      const error = await callError(server, "get_file", { fileId })
      assert.strictEqual(error.kind, "InvalidInputError", `${fileId}: ${JSON.stringify(error)}`)
    }
    assert.strictEqual(emulator.running.stats().requests, before)
    // ...and the others are encoded into one: they reach the file's own route, which finds no such file.
    for (const fileId of ["../files", "a?b", "a#b", "a/b", "%2e%2e"]) {
      const error = await callError(server, "get_file", { fileId })
      assert.strictEqual(error.message, "The requested file does not exist.", `${fileId}: ${JSON.stringify(error)}`)
    }
    await server.close()
  })

  it("answers a rate limit with a tool error that says when to retry, without waiting for it", async () => {
    const limited = await startMcpEmulator({
      rateLimits: [{ pathPrefix: "/v1/customMetadataFields", limit: 1, intervalMs: 60_000 }]
    })
    const server = await start([], limited.env)
    try {
      await callOk(server, "list_custom_metadata_fields")
      const error = await callError(server, "list_custom_metadata_fields")
      assert.strictEqual(error.kind, "RateLimitError")
      assert.strictEqual(error.status, 429)
      assert.isNumber(error.retryAfterMs)
      assert.isAbove(Number(error.retryAfterMs), 50_000)
      assert.isAtMost(Number(error.retryAfterMs), 60_000)
    } finally {
      await server.close()
      await limited.running.close()
    }
  })
})

describe("imagekit mcp --root", () => {
  let emulator: McpEmulator
  let inside: Record<string, unknown>
  let outside: Record<string, unknown>
  let server: McpServerRun
  beforeAll(async () => {
    emulator = await startMcpEmulator({ remoteFetch: true })
    inside = emulator.running.model.seedFile({ fileName: "in.png", data: png(2, 2), folder: "/a/pics", tags: ["t"] })
    outside = emulator.running.model.seedFile({ fileName: "out.png", data: png(2, 2), folder: "/b", tags: ["t"] })
    emulator.running.model.seedFile({ fileName: "near.png", data: png(2, 2), folder: "/ab", tags: ["t"] })
    server = await start(["--access", "all", "--root", "/a"], emulator.env)
  })
  afterAll(async () => {
    await server.close()
    await emulator.running.close()
  })

  it("lists only files inside the root, with paths relative to it", async () => {
    const listed = filesOf(await callOk(server, "search_files", { tags: ["t"] }))
    assert.deepStrictEqual(
      listed.map((file) => file.filePath),
      ["/pics/in.png"]
    )
    const reaching = filesOf(await callOk(server, "search_files", { query: 'path : "/b/" OR name = "out.png"' }))
    assert.deepStrictEqual(reaching, [])
    const breakout = await callError(server, "search_files", { query: 'name = "x") OR (name = "out.png"' })
    assert.strictEqual(breakout.kind, "InvalidArguments")
    const got = (await callOk(server, "get_file", { fileId: inside.fileId })).file as FileSummary
    assert.strictEqual(got.filePath, "/pics/in.png")
  })

  it("refuses paths that climb out of the root and files outside it, and leaves the library unchanged", async () => {
    const before = JSON.stringify(emulator.running.model.files())
    const requests = emulator.running.stats().requests
    const url = `${emulator.running.urlEndpoint}/b/out.png`
    // Paths are checked before anything is sent.
    for (const [name, args] of [
      ["move_file", { sourceFilePath: "/pics/in.png", destinationPath: "/../b" }],
      ["copy_file", { sourceFilePath: "/../b/out.png", destinationPath: "/pics" }],
      ["rename_file", { filePath: "/../b/out.png", newFileName: "x.png" }],
      ["create_folder", { folderName: "x", parentFolderPath: "/pics/../../.." }],
      ["delete_folder", { folderPath: "/" }],
      ["delete_folder", { folderPath: "/.." }],
      ["move_folder", { sourceFolderPath: "/pics", destinationPath: "../b" }],
      ["build_url", { path: "/../b/out.png", signed: true }],
      ["upload_from_url", { url: "http://127.0.0.1:9/x.png", fileName: "x.png", folder: "/../b" }],
      ["search_files", { folder: "/.." }],
      ["purge_cache", { url }]
    ] as const) {
      const error = await callError(server, name, args)
      assert.strictEqual(error.kind, "OutOfScope", `${name} ${JSON.stringify(args)}: ${JSON.stringify(error)}`)
    }
    assert.strictEqual(emulator.running.stats().requests, requests)
    // A file id is looked up (a read) and refused when the file is outside.
    for (const [name, args] of [
      ["get_file", { fileId: outside.fileId }],
      ["add_tags", { fileIds: [inside.fileId, outside.fileId], tags: ["x"] }],
      ["remove_tags", { fileIds: [outside.fileId], tags: ["t"] }],
      ["update_file", { fileId: outside.fileId, description: "changed" }],
      ["delete_file", { fileId: outside.fileId }],
      ["delete_files", { fileIds: [outside.fileId] }],
      ["delete_file_version", { fileId: outside.fileId, versionId: "v" }]
    ] as const) {
      const error = await callError(server, name, args)
      assert.strictEqual(error.kind, "OutOfScope", `${name} ${JSON.stringify(args)}: ${JSON.stringify(error)}`)
    }
    assert.strictEqual(JSON.stringify(emulator.running.model.files()), before)
  })

  it("acts inside the root, prefixing the paths it is given", async () => {
    const folder = await callOk(server, "create_folder", { folderName: "new", parentFolderPath: "/pics" })
    assert.strictEqual(folder.folderPath, "/pics/new")
    assert.isTrue(emulator.running.model.folders().some((record) => record.folderPath === "/a/pics/new"))
    const copied = await callOk(server, "copy_file", { sourceFilePath: "/pics/in.png", destinationPath: "/pics/new" })
    assert.strictEqual(copied.filePath, "/pics/new/in.png")
    assert.isTrue(emulator.running.model.files().some((file) => file.filePath === "/a/pics/new/in.png"))
    const url = await callOk(server, "build_url", { path: "/pics/in.png" })
    assert.strictEqual(url.url, `${emulator.running.urlEndpoint}/a/pics/in.png`)
  })
})

describe("imagekit mcp paging", () => {
  let emulator: McpEmulator
  beforeAll(async () => {
    emulator = await startMcpEmulator()
    for (let index = 0; index < 300; index++) {
      emulator.running.model.seedFile({
        fileName: `f${String(index).padStart(3, "0")}.png`,
        data: png(2, 2),
        folder: "/many",
        tags: ["bulk"]
      })
    }
  })
  afterAll(() => emulator.running.close())

  /** Every page of a search, following nextSkip. */
  const allPages = async (server: McpServerRun, args: Record<string, unknown>) => {
    const pages: Array<Record<string, unknown>> = []
    let skip = 0
    for (;;) {
      const page = await callOk(server, "search_files", { ...args, skip })
      pages.push(page)
      if (typeof page.nextSkip !== "number") return pages
      assert.isAbove(page.nextSkip, skip)
      skip = page.nextSkip
    }
  }

  it("pages through 300 files with limit ≤ --max-items and nextSkip, each file once", async () => {
    const server = await start(["--max-items", "100"], emulator.env)
    const defaultPage = await callOk(server, "search_files", { folder: "/many" })
    assert.strictEqual(filesOf(defaultPage).length, 20)
    assert.strictEqual(defaultPage.nextSkip, 20)
    const pages = await allPages(server, { folder: "/many", limit: 50 })
    assert.deepStrictEqual(
      pages.map((page) => filesOf(page).length),
      [50, 50, 50, 50, 50, 50]
    )
    assert.deepStrictEqual(
      pages.map((page) => page.nextSkip),
      [50, 100, 150, 200, 250, undefined]
    )
    const names = pages.flatMap((page) => filesOf(page).map((file) => file.name))
    assert.strictEqual(new Set(names).size, 300)
    const tooMany = await callError(server, "search_files", { folder: "/many", limit: 101 })
    assert.strictEqual(tooMany.kind, "InvalidArguments")
    await server.close()
  })

  it("cuts a page whose answer is too long, says truncated, and pages on from the first file left out", async () => {
    const server = await start(["--max-items", "100"], emulator.env)
    // 100 summaries (~24k characters) already exceed the budget; details far more.
    const pages = await allPages(server, { query: 'tags IN ["bulk"]', limit: 100, details: true })
    const first = pages[0] ?? {}
    assert.strictEqual(first.truncated, true)
    assert.isBelow(filesOf(first).length, 100)
    assert.strictEqual(first.nextSkip, filesOf(first).length)
    for (const page of pages) assert.isAtMost(JSON.stringify(page).length, 20_000)
    const ids = pages.flatMap((page) => filesOf(page).map((file) => file.fileId))
    assert.strictEqual(ids.length, 300)
    assert.strictEqual(new Set(ids).size, 300)
    await server.close()
  })
})
