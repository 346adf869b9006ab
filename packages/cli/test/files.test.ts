import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { globToRegExp, resolveFiles } from "../src/internal/files.js"

let dir = ""

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ik-files-"))
  fs.mkdirSync(path.join(dir, "photos", "nested"), { recursive: true })
  for (const name of ["b.jpg", "a.jpg", "a.png", ".hidden.jpg", "x1.jpg"]) {
    fs.writeFileSync(path.join(dir, "photos", name), name)
  }
})

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe("file arguments", () => {
  it("matches * and ? like a shell, dot files excluded", () => {
    assert.isTrue(globToRegExp("*.jpg").test("a.jpg"))
    assert.isFalse(globToRegExp("*.jpg").test("a.jpeg"))
    assert.isFalse(globToRegExp("*.jpg").test(".hidden.jpg"))
    assert.isTrue(globToRegExp(".*.jpg").test(".hidden.jpg"))
    assert.isTrue(globToRegExp("x?.jpg").test("x1.jpg"))
    assert.isFalse(globToRegExp("x?.jpg").test("x12.jpg"))
    assert.isTrue(globToRegExp("a+(b).jpg").test("a+(b).jpg"))
  })

  it("expands patterns in the file name, sorted, and drops duplicates", () => {
    const photos = path.join(dir, "photos")
    const resolved = resolveFiles([path.join(photos, "*.jpg"), path.join(photos, "a.png"), path.join(photos, "a.jpg")])
    assert.deepStrictEqual(resolved, {
      _tag: "Files",
      paths: ["a.jpg", "b.jpg", "x1.jpg", "a.png"].map((name) => path.join(photos, name))
    })
  })

  it("rejects missing files, directories, unmatched patterns and patterns in directories", () => {
    const missing = resolveFiles([path.join(dir, "nope.jpg")])
    assert.strictEqual(missing._tag, "Invalid")
    assert.match(missing._tag === "Invalid" ? missing.message : "", /^no such file: .*nope\.jpg \(/)
    const directory = resolveFiles([path.join(dir, "photos")])
    assert.match(directory._tag === "Invalid" ? directory.message : "", /^not a file: /)
    const unmatched = resolveFiles([path.join(dir, "photos", "*.gif")])
    assert.match(unmatched._tag === "Invalid" ? unmatched.message : "", /no file matches the pattern/)
    const nested = resolveFiles([path.join(dir, "*", "a.jpg")])
    assert.match(nested._tag === "Invalid" ? nested.message : "", /only the file name may hold \* or \?/)
  })
})
