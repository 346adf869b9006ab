/**
 * `imagekit cp`, `mv`, `mkdir`, `rmdir`, `job` and `purge` as users run them, in process (see harness.ts)
 * against an emulator in this process. Effects are checked in the emulator's state, not only in the output.
 * Commands that touch separate folders run at the same time to keep the suite short.
 */
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { nameQuery, parseLibraryPath } from "../src/internal/commands/folders-paths.js"
import { parseJson, type Run, runCli, startEmulator, type TestEmulator } from "./harness.js"

let emulator: TestEmulator
/** Answers "Pending" to every status poll, for the --timeout test. */
let stuck: TestEmulator

const seed = (target: TestEmulator, folder: string, fileName: string, text = "hello\n") =>
  target.running.model.seedFile({
    fileName,
    folder,
    data: new TextEncoder().encode(text),
    useUniqueFileName: false
  })

/** Current file paths, sorted. */
const filePaths = (target: TestEmulator = emulator): Array<string> =>
  target.running.model
    .snapshot()
    .files.map((file) => `${file.folder}${file.name}`)
    .sort()

const folderPaths = (target: TestEmulator = emulator): Array<string> =>
  target.running.model
    .snapshot()
    .folders.map((folder) => folder.path)
    .sort()

/** Everything a command could change, without the file bytes. */
const state = (target: TestEmulator = emulator): string => {
  const snapshot = target.running.model.snapshot()
  return JSON.stringify({
    files: snapshot.files.map((file) => [file.fileId, file.folder, file.name, file.history.length]),
    folders: snapshot.folders.map((folder) => folder.path),
    jobs: snapshot.jobs,
    purges: snapshot.purges
  })
}

const cli = (args: ReadonlyArray<string>, env: Record<string, string> = emulator.env): Promise<Run> =>
  runCli(args, { env })

/** The exit code, with the run in the message when it is not the expected one. */
const expectExit = (run: Run, code: number) =>
  assert.strictEqual(run.code, code, `exit ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`)

const JOB_ID = /bulk job ([0-9a-f]{24})/

beforeAll(async () => {
  ;[emulator, stuck] = await Promise.all([startEmulator(), startEmulator({ pendingPolls: 1_000_000 })])
  for (const folder of ["/src", "/tomove", "/tomove/sub", "/errors"]) seed(emulator, folder, "a.txt")
  seed(emulator, "/src", "b.txt")
  seed(emulator, "/movefile", "m.txt")
  // A file named like a folder beside it: the lookup must pick the file, and "twin/" the folder.
  seed(emulator, "/t", "twin")
  seed(emulator, "/t/twin", "inside.txt")
  // Two versions of one file, for --include-versions.
  seed(emulator, "/versions", "v.txt", "one\n")
  seed(emulator, "/versions", "v.txt", "two\n")
  seed(stuck, "/slow", "a.txt")
})

afterAll(async () => {
  await Promise.all([emulator?.running.close(), stuck?.running.close()])
})

describe("media-library paths", () => {
  it("imply the leading /, read a trailing / as a folder, and refuse ., .. and control characters", () => {
    assert.deepStrictEqual(parseLibraryPath("photos//a.png", "source"), {
      _tag: "Ok",
      value: { segments: ["photos", "a.png"], endsWithSlash: false }
    })
    assert.deepStrictEqual(parseLibraryPath("/photos/", "source"), {
      _tag: "Ok",
      value: { segments: ["photos"], endsWithSlash: true }
    })
    for (const bad of ["", " ", "/a/../b", "./a", "/a/.", "/a\u001b[2J", "/a\nb"]) {
      assert.strictEqual(parseLibraryPath(bad, "source")._tag, "Invalid", JSON.stringify(bad))
    }
    assert.strictEqual(nameQuery("a.png"), '(type = "file" OR type = "folder") AND name = "a.png"')
    assert.strictEqual(nameQuery('say "hi"'), `(type = "file" OR type = "folder") AND name = 'say "hi"'`)
    assert.strictEqual(nameQuery(`it's "x"`), undefined)
  })
})

describe("cp and mv", () => {
  it("copy and move files, telling a file from a same-named folder", async () => {
    const [copied, moved, file, folder, versions] = await Promise.all([
      cli(["cp", "/src/a.txt", "/copies"]),
      cli(["mv", "movefile/m.txt", "/moved", "--json"]),
      cli(["cp", "/t/twin", "/twinfile"]),
      cli(["cp", "/t/twin/", "/twinfolder", "--wait"]),
      cli(["cp", "/versions/v.txt", "/withversions", "--include-versions", "--json"])
    ])
    expectExit(copied, 0)
    assert.strictEqual(copied.stdout, "copied /src/a.txt to /copies/a.txt\n")
    expectExit(moved, 0)
    assert.deepStrictEqual(parseJson(moved), {
      type: "file",
      source: "/movefile/m.txt",
      destination: "/moved/",
      target: "/moved/m.txt",
      jobId: null,
      status: null
    })
    expectExit(file, 0)
    assert.strictEqual(file.stdout, "copied /t/twin to /twinfile/twin\n")
    expectExit(folder, 0)
    assert.match(folder.stdout, /^copied \/t\/twin\/ to \/twinfolder\/twin\/ \(bulk job [0-9a-f]{24}\)\n$/)
    expectExit(versions, 0)
    assert.deepStrictEqual(parseJson(versions), {
      type: "file",
      source: "/versions/v.txt",
      destination: "/withversions/",
      target: "/withversions/v.txt",
      includeFileVersions: true,
      jobId: null,
      status: null
    })

    const paths = filePaths()
    for (const path of [
      "/src/a.txt",
      "/copies/a.txt",
      "/moved/m.txt",
      "/twinfile/twin",
      "/twinfolder/twin/inside.txt"
    ]) {
      assert.include(paths, path)
    }
    assert.notInclude(paths, "/movefile/m.txt")
    // The file was copied, not the folder of the same name, and the other way round.
    assert.notInclude(paths, "/twinfile/twin/inside.txt")
    assert.notInclude(paths, "/twinfolder/twin")
    const history = (folder: string) =>
      emulator.running.model.snapshot().files.find((f) => f.folder === folder && f.name === "v.txt")?.history.length
    assert.strictEqual(history("/withversions/"), 1)
    // Without the flag only the current version travels.
    expectExit(await cli(["cp", "/versions/v.txt", "/plain"]), 0)
    assert.strictEqual(history("/plain/"), 0)
  })

  it("start a folder job, print its id, and with --wait wait for it: the files end up at the destination", async () => {
    const started = await cli(["cp", "/src", "/backup"])
    expectExit(started, 0)
    const jobId = JOB_ID.exec(started.stdout)?.[1] ?? ""
    assert.strictEqual(
      started.stdout,
      `copying /src/ to /backup/src/: bulk job ${jobId}\n\`imagekit job ${jobId}\` shows its status; --wait waits for it\n`
    )
    // The emulator answers "Pending" to the first poll, then "Completed".
    const pending = await cli(["job", jobId, "--json"])
    expectExit(pending, 0)
    assert.deepStrictEqual(parseJson(pending), { jobId, type: "COPY_FOLDER", status: "Pending" })
    const done = await cli(["job", jobId])
    expectExit(done, 0)
    assert.strictEqual(done.stdout, `bulk job ${jobId} (COPY_FOLDER): Completed\n`)
    assert.includeMembers(filePaths(), ["/backup/src/a.txt", "/backup/src/b.txt", "/src/a.txt"])

    const moved = await cli(["mv", "/tomove", "/dest", "--wait", "--json"])
    expectExit(moved, 0)
    const json = parseJson(moved) as Record<string, unknown>
    assert.deepStrictEqual(json, {
      type: "folder",
      source: "/tomove/",
      destination: "/dest/",
      target: "/dest/tomove/",
      jobId: json.jobId,
      status: "Completed"
    })
    // Progress on stderr as plain lines (stderr is not a terminal here): no escape sequences.
    assert.strictEqual(moved.stderr, `waiting for bulk job ${String(json.jobId)}…\n`)
    const paths = filePaths()
    assert.includeMembers(paths, ["/dest/tomove/a.txt", "/dest/tomove/sub/a.txt"])
    assert.isFalse(paths.some((path) => path.startsWith("/tomove/")))
    assert.notInclude(folderPaths(), "/tomove/")
  })
})

describe("mkdir and rmdir", () => {
  it("create folders, and delete only empty ones unless --recursive", async () => {
    const made = await cli(["mkdir", "/made/deep", "--json"])
    expectExit(made, 0)
    assert.deepStrictEqual(parseJson(made), {
      folderPath: "/made/deep/",
      folderName: "deep",
      parentFolderPath: "/made/"
    })
    assert.includeMembers(folderPaths(), ["/made/", "/made/deep/"])

    const [notEmpty, other] = await Promise.all([cli(["rmdir", "/made"]), cli(["mkdir", "other"])])
    expectExit(notEmpty, 1)
    assert.strictEqual(notEmpty.stdout, "")
    assert.include(notEmpty.stderr, "imagekit: /made/ is not empty (pass --recursive")
    assert.include(folderPaths(), "/made/deep/")
    expectExit(other, 0)
    assert.strictEqual(other.stdout, "created folder /other/\n")

    const [recursive, empty] = await Promise.all([cli(["rmdir", "/made", "-r", "--json"]), cli(["rmdir", "/other/"])])
    expectExit(recursive, 0)
    assert.deepStrictEqual(parseJson(recursive), { folderPath: "/made/", recursive: true })
    expectExit(empty, 0)
    assert.strictEqual(empty.stdout, "deleted folder /other/\n")
    const folders = folderPaths()
    for (const gone of ["/made/", "/made/deep/", "/other/"]) assert.notInclude(folders, gone)
  })
})

describe("purge", () => {
  it("prints the request id, and with --wait waits until the purge is done", async () => {
    const url = `${emulator.running.urlEndpoint}/src/a.txt`
    const [requested, waited] = await Promise.all([
      cli(["purge", url]),
      cli(["purge", `${emulator.running.urlEndpoint}/src/*`, "--wait", "--json"])
    ])
    expectExit(requested, 0)
    assert.match(
      requested.stdout,
      new RegExp(`^purge of ${url.replace(/[.?*]/g, "\\$&")} requested: request [0-9a-f]{24}\n$`)
    )
    expectExit(waited, 0)
    const json = parseJson(waited) as Record<string, unknown>
    assert.deepStrictEqual(json, {
      url: `${emulator.running.urlEndpoint}/src/*`,
      requestId: json.requestId,
      status: "Completed"
    })
    assert.strictEqual(waited.stderr, `waiting for purge ${String(json.requestId)}…\n`)
    const purges = emulator.running.model.snapshot().purges.map((purge) => purge.url)
    assert.includeMembers(purges, [url, `${emulator.running.urlEndpoint}/src/*`])
  })
})

describe("failures", () => {
  it("unknown jobs, files and folders exit 3 with a hint, and odd ids and paths reach no other route", async () => {
    const before = state()
    const requestsBefore = emulator.running.stats().requests
    const [dotted, query, dots, file, folder, odd, rmdir, jsonError] = await Promise.all([
      cli(["job", "../files"]),
      cli(["job", "a?b#c/ü"]),
      cli(["job", ".."]),
      cli(["cp", "/errors/nope.txt", "/x"]),
      cli(["mv", "/nope/", "/x"]),
      // "a.txt" exists in /errors: a name with ? or # must not be cut down to it.
      cli(["mv", "/errors/a.txt?x=1#y", "/x"]),
      cli(["rmdir", "/errors?recursive=true#"]),
      cli(["cp", "/errors/ünï", "/x", "--json"])
    ])
    for (const run of [dotted, query, file, folder, odd, rmdir, jsonError]) expectExit(run, 3)
    assert.strictEqual(
      dotted.stderr,
      "imagekit: not found: The requested job does not exist. (check the job id: `imagekit cp` and `imagekit mv` print it when they start copying or moving a folder)\n"
    )
    assert.strictEqual(dotted.stdout, "")
    expectExit(dots, 2)
    assert.include(dots.stderr, 'expected an id: a string that is not blank, "." or ".."')
    assert.strictEqual(
      file.stderr,
      "imagekit: not found: no file or folder at /errors/nope.txt (run `imagekit ls /errors/` to see what is there)\n"
    )
    assert.include(folder.stderr, "imagekit: not found: ")
    assert.include(folder.stderr, "(run `imagekit ls /` to see what is there)")
    assert.deepStrictEqual(parseJson(jsonError), {
      error: {
        kind: "NotFound",
        message: "not found: no file or folder at /errors/ünï",
        hint: "run `imagekit ls /errors/` to see what is there",
        exitCode: 3
      }
    })
    // Nothing changed, and each command sent only its own request: one each, none for `..` (refused by the SDK),
    // two for rmdir (the emptiness check, then the delete that found no such folder).
    assert.strictEqual(state(), before)
    assert.strictEqual(emulator.running.stats().requests - requestsBefore, 8)
    assert.include(filePaths(), "/errors/a.txt")
    assert.include(folderPaths(), "/errors/")
  })

  it("a refused key exits 4 without printing it; bad arguments exit 2 before any request", async () => {
    const key = "wrong_key_Zq81xK"
    const denied = { ...emulator.env, IMAGEKIT_PRIVATE_KEY: key }
    const requestsBefore = emulator.running.stats().requests
    const runs = await Promise.all([
      cli(["cp", "/src/a.txt", "/x"], denied),
      cli(["job", "0123456789abcdef01234567", "--json"], denied),
      cli(["purge", "https://ik.imagekit.io/demo/a.png", "--wait"], denied),
      cli(["rmdir", "/src"], denied)
    ])
    for (const run of runs) {
      expectExit(run, 4)
      assert.include(run.stderr, "not permitted (HTTP 401)")
      assert.notInclude(run.stdout + run.stderr, key)
    }
    const refused = parseJson(runs[1] as Run) as { readonly error: { readonly kind: string; readonly status: number } }
    assert.deepStrictEqual([refused.error.kind, refused.error.status], ["AuthenticationError", 401])

    const [missing, unknownFlag, dots, root, timeoutAlone, badTimeout, ftp] = await Promise.all([
      cli(["cp", "/src/a.txt"]),
      cli(["mv", "/src/a.txt", "/x", "--include-versions"]),
      cli(["cp", "/src/../a.txt", "/x"]),
      cli(["mkdir", "/"]),
      cli(["job", "abc", "--timeout", "5"]),
      cli(["job", "abc", "--wait", "--timeout", "0"]),
      cli(["purge", "ftp://example.com/a.png", "--json"])
    ])
    for (const run of [missing, unknownFlag, dots, root, timeoutAlone, badTimeout, ftp]) expectExit(run, 2)
    assert.include(missing.stderr, "Run `imagekit <command> --help`")
    assert.include(dots.stderr, 'has a "." or ".." segment')
    assert.include(root.stderr, "the root folder always exists")
    assert.include(timeoutAlone.stderr, "--timeout needs --wait")
    assert.include(badTimeout.stderr, "Invalid --timeout 0")
    const usage = parseJson(ftp) as { readonly error: Record<string, unknown> }
    assert.deepStrictEqual([usage.error.kind, usage.error.exitCode], ["UsageError", 2])
    // Only the four refused commands reached the emulator (the cp lookup, job, purge, the rmdir emptiness check).
    assert.strictEqual(emulator.running.stats().requests - requestsBefore, 4)
  })

  it("--wait gives up after --timeout, saying the job goes on", async () => {
    const started = await cli(["cp", "/slow/", "/copy", "--json"], stuck.env)
    expectExit(started, 0)
    const { jobId } = parseJson(started) as { readonly jobId: string }
    const waited = await cli(["job", jobId, "--wait", "--timeout", "1"], stuck.env)
    expectExit(waited, 1)
    assert.strictEqual(waited.stdout, "")
    assert.strictEqual(
      waited.stderr,
      `waiting for bulk job ${jobId}…\nimagekit: bulk job ${jobId} is still pending after 1 s (it goes on at ImageKit: \`imagekit job ${jobId}\` shows its status, --timeout <seconds> waits longer)\n`
    )
  })
})
