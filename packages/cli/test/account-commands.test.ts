/**
 * The commands of the endpoints `imagekit@6` never knew, as users run them (in process, see harness.ts), against an
 * in-process emulator: `origins`, `endpoints`, `extensions`, `transforms`, `usage`, `rename-folder`, `token` and
 * `upload --v2`: output, `--json` shapes, exit codes, secrets kept off the command line and out of every output.
 */
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { parseJson, type Run, runCli, startEmulator, type TestEmulator } from "./harness.js"

let emulator: TestEmulator

const SECRET = "s3cr3t-origin-key"

const expectExit = (run: Run, code: number) =>
  assert.strictEqual(run.code, code, `exit code\nstdout: ${run.stdout}\nstderr: ${run.stderr}`)

const cli = (args: ReadonlyArray<string>, env: Record<string, string> = {}) =>
  runCli(args, { env: { ...emulator.env, ...env } })

const ok = async (args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
  const run = await cli(args, env)
  expectExit(run, 0)
  return run
}

const json = async <A>(args: ReadonlyArray<string>, env: Record<string, string> = {}): Promise<A> =>
  parseJson(await ok([...args, "--json"], env)) as A

const dir = mkdtempSync(join(tmpdir(), "imagekit-cli-account-"))
const file = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

beforeAll(async () => {
  emulator = await startEmulator()
})

afterAll(async () => {
  await emulator?.running.close()
})

describe("imagekit transforms", () => {
  it("creates, lists, updates and removes named transformations; a name with a space never leaves", async () => {
    const created = await ok(["transforms", "create", "--name", "thumb", "--transformation", "w-200,h-200"])
    assert.match(created.stdout, /^created named transformation thumb \(\S+\): w-200,h-200\n$/)
    const { transforms } = await json<{ transforms: ReadonlyArray<{ id: string; name: string; enabled: boolean }> }>([
      "transforms",
      "list"
    ])
    const thumb = transforms.find((t) => t.name === "thumb")
    assert.isDefined(thumb)
    const listed = await ok(["transforms", "list"])
    assert.match(listed.stdout, /^ID\s+NAME\s+STATE\s+TRANSFORMATION\n\S+\s+thumb\s+enabled\s+w-200,h-200\n/)
    const updated = await json<{ transform: { enabled: boolean } }>([
      "transforms",
      "update",
      thumb?.id ?? "",
      "--disable"
    ])
    assert.isFalse(updated.transform.enabled)
    const taken = await cli(["transforms", "create", "--name", "thumb", "--transformation", "w-1"])
    expectExit(taken, 1)
    assert.include(taken.stderr, "already exists")
    const spaced = await cli(["transforms", "create", "--name", "my thumb", "--transformation", "w-1"])
    expectExit(spaced, 2)
    assert.include(spaced.stderr, "Invalid name")
    expectExit(await cli(["transforms", "update", thumb?.id ?? ""]), 2)
    await ok(["transforms", "rm", thumb?.id ?? ""])
    expectExit(await cli(["transforms", "rm", thumb?.id ?? ""]), 3)
  })
})

describe("imagekit origins and endpoints", () => {
  it("secrets come from IMAGEKIT_ORIGIN_* and show in no output; endpoints need existing origins", async () => {
    const missing = await cli(["origins", "create", "--type", "S3", "--name", "Bucket", "--bucket", "b"])
    expectExit(missing, 2)
    assert.include(missing.stderr, "IMAGEKIT_ORIGIN_ACCESS_KEY")
    const created = await json<{ origin: { id: string; type: string } }>(
      ["origins", "create", "--type", "S3", "--name", "Bucket", "--bucket", "b", "--prefix", "raw"],
      { IMAGEKIT_ORIGIN_ACCESS_KEY: "AKIA", IMAGEKIT_ORIGIN_SECRET_KEY: SECRET }
    )
    assert.strictEqual(created.origin.type, "S3")
    const listed = await ok(["origins", "list"])
    assert.match(listed.stdout, /S3\s+Bucket\s+bucket=b prefix=raw/)
    for (const text of [listed.stdout, listed.stderr]) assert.notInclude(text, SECRET)
    const wrongFlag = await cli(["origins", "create", "--type", "WEB_PROXY", "--name", "Proxy", "--bucket", "b"])
    expectExit(wrongFlag, 2)
    assert.include(wrongFlag.stderr, "--bucket is not a setting of a WEB_PROXY origin")

    const endpoint = await json<{ endpoint: { id: string; origins: ReadonlyArray<string> } }>([
      "endpoints",
      "create",
      "--description",
      "Products",
      "--prefix",
      "products",
      "--origin",
      created.origin.id,
      "--rewriter",
      "IMGIX"
    ])
    assert.deepStrictEqual(endpoint.endpoint.origins, [created.origin.id])
    const endpoints = await ok(["endpoints", "list"])
    assert.match(endpoints.stdout, /default\s+\(none\)\s+-\s+-/)
    assert.match(endpoints.stdout, /products\s+\S+\s+IMGIX\s+Products/)
    const inUse = await cli(["origins", "rm", created.origin.id])
    expectExit(inUse, 1)
    await ok(["endpoints", "rm", endpoint.endpoint.id])
    await ok(["origins", "rm", created.origin.id])
    const deletedOrigin = await cli([
      "endpoints",
      "create",
      "--description",
      "Gone",
      "--prefix",
      "gone",
      "--origin",
      created.origin.id
    ])
    expectExit(deletedOrigin, 1)
    assert.include(deletedOrigin.stderr, "Origin does not exist")
  })
})

describe("imagekit extensions", () => {
  it("saves an extension from JSON, refuses a bad one before sending", async () => {
    const created = await json<{ extension: { id: string; config: { name: string } } }>([
      "extensions",
      "create",
      "--name",
      "Tags",
      "--description",
      "Google tags",
      "--config",
      '{"name":"google-auto-tagging","minConfidence":80,"maxTags":5}'
    ])
    assert.strictEqual(created.extension.config.name, "google-auto-tagging")
    const notJson = await cli(["extensions", "create", "--name", "x", "--description", "y", "--config", "{"])
    expectExit(notJson, 2)
    const badConfig = await cli([
      "extensions",
      "create",
      "--name",
      "x",
      "--description",
      "y",
      "--config",
      '{"name":"aws-auto-tagging","minConfidence":500,"maxTags":5}'
    ])
    expectExit(badConfig, 2)
    assert.include(badConfig.stderr, "minConfidence")
    assert.match((await ok(["extensions", "list"])).stdout, /Tags\s+google-auto-tagging\s+Google tags/)
    await ok(["extensions", "update", created.extension.id, "--description", "Five tags"])
    await ok(["extensions", "rm", created.extension.id])
  })
})

describe("imagekit usage, rename-folder, token and upload --v2", () => {
  it("usage prints a table of the figures, --json the answer; a range over 90 days is a usage error", async () => {
    await ok(["upload", file("usage.txt", "hello usage"), "--folder", "/usage"])
    const table = await ok(["usage"])
    assert.match(table.stdout, /^usage from \d{4}-\d{2}-\d{2} up to \d{4}-\d{2}-\d{2} \(excluded\)\nMETRIC\s+VALUE\n/)
    assert.match(table.stdout, /media library storage\s+\d+(\.\d)? (B|KiB)/)
    const { usage } = await json<{ usage: { mediaLibraryStorageBytes: number } }>(["usage"])
    assert.isAbove(usage.mediaLibraryStorageBytes, 0)
    expectExit(await cli(["usage", "--start", "2026-01-01", "--end", "2026-06-01"]), 2)
  })

  it("rename-folder renames in place and --wait waits for the job", async () => {
    await ok(["upload", file("inside.txt", "x"), "--folder", "/old-name", "--no-unique-file-name"])
    const renamed = await json<{ target: string; status: string }>(["rename-folder", "/old-name", "new-name", "--wait"])
    assert.deepInclude(renamed, { target: "/new-name/", status: "Completed" })
    const { files } = { files: (await ok(["ls", "/new-name/"])).stdout }
    assert.include(files, "inside.txt")
    expectExit(await cli(["rename-folder", "/no-such-folder", "x"]), 3)
  })

  it("a token from `imagekit token` uploads once with `upload --v2 --token`, and not twice", async () => {
    const minted = await json<{ token: string; fields: Record<string, string> }>([
      "token",
      "--file-name",
      "browser.txt",
      "--param",
      "folder=/browser",
      "--param",
      "useUniqueFileName=false"
    ])
    assert.deepStrictEqual(minted.fields, { fileName: "browser.txt", folder: "/browser", useUniqueFileName: "false" })
    const path = file("browser.txt", "from a browser")
    const first = await ok(["upload", "--v2", "--token", minted.token, path])
    assert.include(first.stdout, "/browser/browser.txt")
    const again = await cli(["upload", "--v2", "--token", minted.token, path])
    expectExit(again, 1)
    assert.include(again.stdout, "Your request has invalid token.")
    expectExit(await cli(["upload", "--token", minted.token, path]), 2)
    expectExit(await cli(["token", "--file-name", "a", "--param", "nonsense"]), 2)
  })

  it("upload --v2 with the key", async () => {
    const run = await ok(["upload", "--v2", file("v2.txt", "v2"), "--folder", "/v2", "--no-unique-file-name"])
    assert.include(run.stdout, "/v2/v2.txt")
  })
})
