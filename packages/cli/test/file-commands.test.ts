/**
 * `imagekit ls`, `info`, `metadata`, `versions`, `restore`, `rm`, `rename` and `tags` as users run them, in process
 * (the binary's `main`, see harness.ts) against an emulator over loopback HTTP. Expected values come from the
 * emulator's model (what it holds, or what its API answers), never from the command's own output.
 */
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { png } from "./png.js"
import { parseJson, type Run, runCli, startEmulator, type TestEmulator } from "./harness.js"

let emulator: TestEmulator

const cli = (...args: ReadonlyArray<string>) => runCli(args, { env: emulator.env })

/** A request straight to the emulator's model: the truth the commands are checked against. */
const api = (method: string, path: string, query: ReadonlyArray<readonly [string, string]> = []) => {
  const response = emulator.running.model.handle({ method, path, query })
  return { status: response.status, body: response.body }
}

/** Uploads through the model and returns the new file's id. */
const seed = (
  filePath: string,
  data: string | Uint8Array = "hello\n",
  tags?: ReadonlyArray<string>
): { readonly fileId: string; readonly filePath: string } => {
  const slash = filePath.lastIndexOf("/")
  const stored = emulator.running.model.seedFile({
    fileName: filePath.slice(slash + 1),
    folder: filePath.slice(0, slash + 1),
    data: typeof data === "string" ? new TextEncoder().encode(data) : data,
    useUniqueFileName: false,
    ...(tags === undefined ? {} : { tags })
  })
  return { fileId: String(stored.fileId), filePath: String(stored.filePath) }
}

const fileIds = (): Array<string> =>
  emulator.running.model
    .files()
    .map((file) => String(file.fileId))
    .sort()

const details = (fileId: string): Record<string, unknown> => {
  const answer = api("GET", `/v1/files/${fileId}/details`)
  assert.strictEqual(answer.status, 200)
  return answer.body as Record<string, unknown>
}

const versionsOf = (fileId: string): Array<Record<string, unknown>> =>
  api("GET", `/v1/files/${fileId}/versions`).body as Array<Record<string, unknown>>

/** `key  value` lines → a map (the value after the first run of two or more spaces). */
const keyValues = (stdout: string): Map<string, string> =>
  new Map(
    stdout
      .trimEnd()
      .split("\n")
      .map((line) => {
        const match = /^(\S+)\s{2,}(.*)$/.exec(line)
        return [match?.[1] ?? line, match?.[2] ?? ""] as const
      })
  )

/** Table rows under the header, split into cells. */
const rows = (stdout: string): Array<Array<string>> =>
  stdout
    .trimEnd()
    .split("\n")
    .slice(1)
    .map((line) => line.split(/\s{2,}/))

const nth = (runs: ReadonlyArray<Run>, index: number): Run => {
  const run = runs[index]
  if (run === undefined) throw new Error(`no run ${index}`)
  return run
}

const expectFailure = (run: Run, code: number, stderr: RegExp) => {
  assert.strictEqual(run.code, code, `exit code\nstdout: ${run.stdout}\nstderr: ${run.stderr}`)
  assert.match(run.stderr, stderr)
}

/** API timestamps as the tables print them: to the second, UTC. */
const second = (iso: unknown) => `${String(iso).slice(0, 19)}Z`

beforeAll(async () => {
  emulator = await startEmulator()
})

afterAll(async () => {
  await emulator?.running.close()
})

describe("imagekit ls", () => {
  it("lists a folder's files and subfolders as a table and as the API's JSON, and filters", async () => {
    const notes = seed("/ls/notes.txt", "hello\n", ["red"])
    const big = seed("/ls/big.txt", "x".repeat(3000))
    const image = seed("/ls/dot.png", png(3, 2), ["blue", "red"])
    seed("/ls/sub/inner.txt")
    const [table, json, search, tags, images, folders, bySize, page, all, root] = await Promise.all([
      cli("ls", "/ls"),
      cli("ls", "/ls", "--json"),
      cli("ls", "--search", 'name = "dot.png"', "--json"),
      cli("ls", "/ls", "--tags", "red", "--json"),
      cli("ls", "/ls", "--file-type", "image", "--json"),
      cli("ls", "/ls", "--type", "folder", "--json"),
      cli("ls", "/ls", "--type", "file", "--sort", "DESC_SIZE", "--json"),
      cli("ls", "/ls", "--limit", "2", "--skip", "1", "--json"),
      cli("ls", "--all", "--json"),
      cli("ls", "--json")
    ])

    // The whole table, row by row, from what the emulator holds.
    assert.strictEqual(table.code, 0, table.stderr)
    assert.match(table.stdout.split("\n")[0] ?? "", /^PATH {2,}TYPE {2,}SIZE {2,}ID {2,}CREATED$/)
    const folder = (
      api("GET", "/v1/files", [
        ["path", "/ls"],
        ["type", "folder"]
      ]).body as Array<Record<string, unknown>>
    )[0]
    assert.deepStrictEqual(rows(table.stdout), [
      ["/ls/sub/", "folder", "-", String(folder?.folderId), second(folder?.createdAt)],
      ...[notes, big, image].map((file) => {
        const held = details(file.fileId)
        const size = file === big ? "2.9 KiB (3000 bytes)" : `${String(held.size)} B`
        return [file.filePath, "file", size, file.fileId, second(held.createdAt)]
      })
    ])

    // --json is the API's answer for the same query (files and folders), decoded and printed as it came.
    assert.strictEqual(json.code, 0, json.stderr)
    assert.deepStrictEqual(
      parseJson(json),
      api("GET", "/v1/files", [
        ["path", "/ls"],
        ["type", "all"]
      ]).body
    )
    const ids = (run: Run) => (parseJson(run) as Array<Record<string, unknown>>).map((item) => item.fileId)
    assert.deepStrictEqual(ids(search), [image.fileId])
    assert.deepStrictEqual(ids(tags), [notes.fileId, image.fileId])
    assert.deepStrictEqual(
      (parseJson(images) as Array<Record<string, unknown>>).map((item) => item.fileId ?? item.folderPath),
      ["/ls/sub", image.fileId]
    )
    assert.deepStrictEqual(
      (parseJson(folders) as Array<Record<string, unknown>>).map((item) => item.folderPath),
      ["/ls/sub"]
    )
    const bySizeExpected = [notes, big, image]
      .map((file) => ({ id: file.fileId, size: Number(details(file.fileId).size) }))
      .sort((left, right) => right.size - left.size)
      .map((file) => file.id)
    assert.deepStrictEqual(ids(bySize), bySizeExpected)
    // A full page says on stderr how to get the next one; stdout stays JSON.
    assert.deepStrictEqual(ids(page), [notes.fileId, big.fileId])
    assert.match(page.stderr, /2 items shown, there may be more: --skip 3 for the next page, or --all/)
    // --all pages through everything: the same items as one big page of the whole library.
    assert.deepStrictEqual(parseJson(all), parseJson(root))
    assert.strictEqual(
      (parseJson(all) as Array<unknown>).length,
      emulator.running.model.files().length + emulator.running.model.folders().length
    )
    assert.strictEqual(all.stderr, "")
  })

  it("says so when nothing matches, and refuses bad flag values and filters ImageKit would ignore (exit 2)", async () => {
    const [empty, limit0, limit1001, skip, type, sort, allLimit, searchType, searchTags, badQuery] = await Promise.all([
      cli("ls", "/no-such-folder"),
      cli("ls", "--limit", "0"),
      cli("ls", "--limit", "1001"),
      cli("ls", "--skip", "-1"),
      cli("ls", "--type", "bogus"),
      cli("ls", "--sort", "SIDEWAYS"),
      cli("ls", "--all", "--limit", "5"),
      cli("ls", "--search", "name = x", "--type", "folder"),
      cli("ls", "--search", "name = x", "--tags", "a", "--json"),
      cli("ls", "--search", "bogus = 1")
    ])
    assert.strictEqual(empty.code, 0)
    assert.match(empty.stdout, /^nothing in \/no-such-folder /)
    for (const run of [limit0, limit1001, skip, type, sort, allLimit, searchType]) {
      expectFailure(run, 2, /\S/)
      assert.strictEqual(run.stdout.includes("PATH"), false)
    }
    assert.match(limit1001.stderr, /Invalid --limit 1001: expected 1 to 1000/)
    assert.match(sort.stderr, /ASC_CREATED/)
    expectFailure(allLimit, 2, /--all lists every page/)
    expectFailure(searchType, 2, /put the filter in the query instead of --type \(add type = "folder"\)/)
    // Under --json a usage error found by the command is JSON too.
    assert.deepInclude((parseJson(searchTags) as { error: Record<string, unknown> }).error, {
      kind: "UsageError",
      exitCode: 2
    })
    // A query ImageKit refuses: its reason, exit 1.
    expectFailure(badQuery, 1, /^imagekit: HTTP 400: .*searchQuery.*\(bogus is not a supported search field/)
  })
})

describe("imagekit info, metadata, versions", () => {
  it("shows a file's details and metadata, as text and as the API's JSON", async () => {
    const file = seed("/show/dot.png", png(3, 2), ["blue"])
    const [info, infoJson, metadata, metadataJson, byUrl] = await Promise.all([
      cli("info", file.fileId),
      cli("info", file.fileId, "--json"),
      cli("metadata", file.fileId),
      cli("metadata", "--json", file.fileId),
      cli("metadata", `${emulator.running.urlEndpoint}/show/dot.png`, "--json")
    ])
    const held = details(file.fileId)
    assert.strictEqual(info.code, 0, info.stderr)
    const shown = keyValues(info.stdout)
    assert.strictEqual(shown.get("fileId"), file.fileId)
    assert.strictEqual(shown.get("path"), "/show/dot.png")
    assert.strictEqual(shown.get("type"), "file")
    assert.strictEqual(shown.get("fileType"), "image (image/png)")
    assert.strictEqual(shown.get("dimensions"), "3×2")
    assert.strictEqual(shown.get("size"), `${String(held.size)} B`)
    assert.strictEqual(shown.get("tags"), "blue")
    assert.strictEqual(shown.get("version"), `Version 1 (${file.fileId})`)
    assert.strictEqual(shown.get("url"), held.url)
    assert.strictEqual(shown.get("created"), second(held.createdAt))
    assert.deepStrictEqual(parseJson(infoJson), held)

    const truth = api("GET", `/v1/files/${file.fileId}/metadata`).body as Record<string, unknown>
    assert.strictEqual(metadata.code, 0, metadata.stderr)
    const meta = keyValues(metadata.stdout)
    assert.strictEqual(meta.get("format"), "png")
    assert.strictEqual(meta.get("dimensions"), "3×2")
    assert.strictEqual(meta.get("pHash"), truth.pHash)
    assert.match(String(truth.pHash), /^[0-9a-f]{16}$/)
    assert.deepStrictEqual(parseJson(metadataJson), truth)
    assert.deepStrictEqual(parseJson(byUrl), truth)
  })

  it("lists versions, shows one, and restores an older one", async () => {
    const first = seed("/versions/report.txt", "first draft\n")
    seed("/versions/report.txt", "second, longer draft\n")
    const held = versionsOf(first.fileId)
    assert.strictEqual(held.length, 2)
    const old = held.find((version) => version.type === "file-version")
    const oldId = String((old?.versionInfo as Record<string, unknown> | undefined)?.id)
    const [list, listJson, one] = await Promise.all([
      cli("versions", first.fileId),
      cli("versions", first.fileId, "--json"),
      cli("versions", first.fileId, oldId, "--json")
    ])
    assert.strictEqual(list.code, 0, list.stderr)
    assert.match(list.stdout.split("\n")[0] ?? "", /^VERSION {2,}VERSION ID {2,}CURRENT {2,}SIZE {2,}CREATED$/)
    assert.deepStrictEqual(
      rows(list.stdout).map((row) => row.slice(0, 4)),
      [
        ["Version 2", first.fileId, "yes", "21 B"],
        ["Version 1", oldId, "no", "12 B"]
      ]
    )
    assert.deepStrictEqual(parseJson(listJson), held)
    assert.deepStrictEqual(parseJson(one), old)

    const restored = await cli("restore", first.fileId, oldId)
    assert.strictEqual(restored.code, 0, restored.stderr)
    assert.strictEqual(restored.stdout, "restored /versions/report.txt to Version 1: it is now the current version\n")
    assert.strictEqual(details(first.fileId).size, 12)
    assert.strictEqual(versionsOf(first.fileId).length, 2)
  })
})

describe("imagekit rm, rename, tags", () => {
  it("deletes one file, several in bulk (reporting missing ones, exit 3), and an older version", async () => {
    const one = seed("/rm/one.txt")
    const two = seed("/rm/two.txt")
    const three = seed("/rm/three.txt")
    const versioned = seed("/rm/v.txt", "v1\n")
    seed("/rm/v.txt", "v2\n")
    const oldVersion = String((versionsOf(versioned.fileId)[1]?.versionInfo as Record<string, unknown> | undefined)?.id)
    // 101 ids: over ImageKit's 100 per bulk delete, so two requests; the one real file of each is deleted.
    const first = seed("/rm/first.txt")
    const last = seed("/rm/last.txt")
    const missing = Array.from({ length: 99 }, (_, index) => `missing-${index}`)
    const [single, bulk, version, current, twoWithVersion, many] = await Promise.all([
      cli("rm", one.fileId),
      cli("rm", two.fileId, "missing-id", three.fileId, "--json"),
      cli("rm", versioned.fileId, "--version-id", oldVersion, "--json"),
      cli("rm", versioned.fileId, "--version-id", versioned.fileId),
      cli("rm", one.fileId, two.fileId, "--version-id", oldVersion),
      cli("rm", first.fileId, ...missing, last.fileId, "--json")
    ])
    assert.strictEqual(single.code, 0, single.stderr)
    assert.strictEqual(single.stdout, `deleted ${one.fileId}\n`)
    expectFailure(
      bulk,
      3,
      /^imagekit: not found: 1 of 3 files not deleted: missing-id: File not found\. \(run `imagekit ls`/
    )
    assert.deepStrictEqual(parseJson(bulk), {
      successfullyDeletedFileIds: [two.fileId, three.fileId],
      errors: [{ fileId: "missing-id", error: "File not found." }]
    })
    assert.strictEqual(version.code, 0, version.stderr)
    assert.deepStrictEqual(parseJson(version), { fileId: versioned.fileId, versionId: oldVersion })
    expectFailure(current, 1, /You cannot delete current version.*`imagekit rm <fileId>` deletes the file/)
    expectFailure(twoWithVersion, 2, /--version-id deletes a version of one file, but 2 file ids were given/)
    expectFailure(many, 3, /^imagekit: not found: 99 of 101 files not deleted: missing-0, /)
    const manyResult = parseJson(many) as { successfullyDeletedFileIds: Array<string>; errors: Array<unknown> }
    assert.deepStrictEqual(manyResult.successfullyDeletedFileIds, [first.fileId, last.fileId])
    assert.strictEqual(manyResult.errors.length, 99)
    const left = fileIds()
    for (const gone of [one, two, three, first, last]) assert.notInclude(left, gone.fileId)
    assert.include(left, versioned.fileId)
    assert.strictEqual(versionsOf(versioned.fileId).length, 1)
  })

  it("renames a file in its folder, with or without a cache purge", async () => {
    const file = seed("/rename/before.txt")
    const [renamed, missing, slash] = await Promise.all([
      cli("rename", "/rename/before.txt", "after.txt"),
      cli("rename", "/rename/nope.txt", "x.txt"),
      cli("rename", "/rename/before.txt", "sub/after.txt")
    ])
    assert.strictEqual(renamed.code, 0, renamed.stderr)
    assert.strictEqual(renamed.stdout, "renamed /rename/before.txt → /rename/after.txt\n")
    assert.strictEqual(details(file.fileId).filePath, "/rename/after.txt")
    expectFailure(missing, 3, /^imagekit: not found: .*\(run `imagekit ls <folder>` to see file paths\)/)
    expectFailure(slash, 2, /holds a "\/"/)
    const purged = await cli("rename", "--purge-cache", "/rename/after.txt", "final.txt", "--json")
    assert.strictEqual(purged.code, 0, purged.stderr)
    const result = parseJson(purged) as Record<string, unknown>
    assert.deepInclude(result, { filePath: "/rename/after.txt", newFilePath: "/rename/final.txt" })
    const purge = api("GET", `/v1/files/purge/${String(result.purgeRequestId)}`)
    assert.strictEqual(purge.status, 200, "the purge request id is one the API knows")
    assert.strictEqual(details(file.fileId).filePath, "/rename/final.txt")
  })

  it("adds and removes tags in bulk, and reports ids that do not exist (exit 3)", async () => {
    const a = seed("/tags/a.txt", "a", ["keep"])
    const b = seed("/tags/b.txt", "b")
    const added = await cli("tags", "add", a.fileId, b.fileId, "--tags", "red, blue,red")
    assert.strictEqual(added.code, 0, added.stderr)
    assert.strictEqual(added.stdout, `tagged ${a.fileId}: added red, blue\ntagged ${b.fileId}: added red, blue\n`)
    assert.deepStrictEqual(details(a.fileId).tags, ["keep", "red", "blue"])
    assert.deepStrictEqual(details(b.fileId).tags, ["red", "blue"])

    // 60 ids: a batch of 50 holding both real files, then a batch of 10 that ImageKit answers 404 as a whole.
    const c = seed("/tags/c.txt", "c")
    const d = seed("/tags/d.txt", "d")
    const unknown = Array.from({ length: 58 }, (_, index) => `unknown-${index}`)
    const batched = [c.fileId, ...unknown.slice(0, 48), d.fileId, ...unknown.slice(48)]
    const [removed, partial, ai, noSub, noTags, emptyTags, many] = await Promise.all([
      cli("tags", "remove", "--tags", "red", a.fileId, "--json"),
      cli("tags", "remove", b.fileId, "nope", "--tags", "blue"),
      cli("tags", "remove", "--ai", "--tags", "Shirt", a.fileId),
      cli("tags"),
      cli("tags", "add", a.fileId),
      cli("tags", "add", a.fileId, "--tags", " , "),
      cli("tags", "add", ...batched, "--tags", "bulk", "--json")
    ])
    expectFailure(many, 3, /^imagekit: not found: 58 of 60 files not updated: unknown-0, /)
    const manyResult = parseJson(many) as {
      successfullyUpdatedFileIds: Array<string>
      errors: Array<{ fileId: string }>
    }
    assert.deepStrictEqual(manyResult.successfullyUpdatedFileIds, [c.fileId, d.fileId])
    assert.deepStrictEqual(
      manyResult.errors.map((error) => error.fileId),
      unknown
    )
    assert.deepStrictEqual([details(c.fileId).tags, details(d.fileId).tags], [["bulk"], ["bulk"]])
    assert.deepStrictEqual(parseJson(removed), { successfullyUpdatedFileIds: [a.fileId], errors: [] })
    expectFailure(
      partial,
      3,
      /^imagekit: not found: 1 of 2 files not updated: nope: File not found\. \(run `imagekit ls` to see file ids\)\n$/
    )
    assert.strictEqual(partial.stdout, `untagged ${b.fileId}: removed tags blue\n`)
    assert.strictEqual(ai.code, 0, ai.stderr)
    assert.strictEqual(ai.stdout, `untagged ${a.fileId}: removed AI tags Shirt\n`)
    expectFailure(noSub, 2, /needs a subcommand: add or remove/)
    expectFailure(noTags, 2, /--tags/)
    expectFailure(emptyTags, 2, /Run `imagekit <command> --help`/)
    assert.match(emptyTags.stderr, /Invalid --tags " , ": expected tags/)
    assert.deepStrictEqual(details(a.fileId).tags, ["keep", "blue"])
    assert.deepStrictEqual(details(b.fileId).tags, ["red"])
  })
})

describe("ids, keys and failures", () => {
  it("ids with ../, ?, #, % or odd Unicode stay one path segment: not found (exit 3), nothing else touched", async () => {
    const victim = seed("/files/keep.txt")
    const before = fileIds()
    const requestsBefore = emulator.running.stats().requests
    const weird = [
      "../../files",
      "..%2F..%2Ffiles",
      "a?b#c",
      "x/../../files",
      "\u202e\u00e9\u0301\ud83d\ude00",
      "%2e%2e"
    ]
    const runs = await Promise.all([
      ...weird.map((id) => cli("info", id)),
      cli("info", "../../files", "--json"),
      cli("metadata", "a#b"),
      cli("versions", "../x"),
      cli("restore", "../..", "v"),
      cli("rm", "../../files"),
      cli("rm", `../${victim.fileId}`)
    ])
    for (const run of runs) {
      expectFailure(run, 3, /^imagekit: not found: .* \(run `imagekit (ls|versions <fileId>)`/)
      assert.notInclude(run.stdout, "PATH")
      // The file handlers' own 404 ("does not exist"), not "No route for …": the id never left its segment.
      assert.match(run.stderr, /: The requested file does not exist/)
    }
    assert.deepStrictEqual(parseJson(nth(runs, weird.length)), {
      error: {
        kind: "NotFoundError",
        message: "not found: The requested file does not exist.",
        hint: "run `imagekit ls` to see file ids",
        exitCode: 3,
        status: 404
      }
    })
    // One request each, none retried or redirected elsewhere; every file is still there.
    assert.strictEqual(emulator.running.stats().requests - requestsBefore, runs.length)
    assert.deepStrictEqual(fileIds(), before)
    // "." and ".." alone would change the route: the SDK refuses them before sending (usage, exit 2).
    const dots = await cli("info", "..")
    expectFailure(dots, 2, /expected an id: a string that is not blank, "\." or "\.\."/)
  })

  it("a wrong private key is refused (exit 4) and never printed", async () => {
    const file = seed("/keys/a.txt")
    const key = "private_wrong_key_zq9"
    const env = { ...emulator.env, IMAGEKIT_PRIVATE_KEY: key }
    const runs = await Promise.all(
      [["ls"], ["info", file.fileId, "--json"], ["rm", file.fileId], ["tags", "add", file.fileId, "--tags", "x"]].map(
        (args) => runCli(args, { env })
      )
    )
    for (const run of runs) {
      expectFailure(run, 4, /^imagekit: not permitted \(HTTP 401\): .*\(check IMAGEKIT_PRIVATE_KEY/)
      assert.notInclude(run.stdout + run.stderr, key)
    }
    assert.deepInclude((parseJson(nth(runs, 1)) as { error: Record<string, unknown> }).error, {
      exitCode: 4,
      status: 401
    })
    assert.include(fileIds(), file.fileId)
    assert.isNull(details(file.fileId).tags)
  })
})
