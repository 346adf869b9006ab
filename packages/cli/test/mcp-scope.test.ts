/**
 * `imagekit mcp --root`: the agent's paths against the library's, without a server. The rules: a path is relative to
 * the root, "." and ".." resolve, climbing above the root is refused, and answers give paths relative to the root.
 */
import { assert, describe, it } from "vitest"
import * as Scope from "../src/internal/mcp/scope.js"
import { ToolError } from "../src/internal/mcp/toolError.js"

const under = Scope.make("/a")
const whole = Scope.make("/")

const library = (scope: Scope.Scope, text: string): string => {
  const resolved = Scope.toLibrary(scope, "path", text)
  if (resolved instanceof ToolError) throw new Error(`${text}: ${resolved.kind} ${resolved.message}`)
  return resolved.path
}

const refusal = (scope: Scope.Scope, text: string): ToolError => {
  const resolved = Scope.toLibrary(scope, "path", text)
  if (!(resolved instanceof ToolError)) throw new Error(`${text} was accepted as ${resolved.path}`)
  return resolved
}

describe("--root", () => {
  it("is normalised, and refused when relative, with '..' or a control character", () => {
    assert.deepStrictEqual(Scope.parseRoot("/a//b/./"), { root: "/a/b" })
    assert.deepStrictEqual(Scope.parseRoot("/"), { root: "/" })
    assert.property(Scope.parseRoot("a"), "problem")
    assert.property(Scope.parseRoot("/a/../b"), "problem")
    assert.property(Scope.parseRoot("/a\u001b[2J"), "problem")
  })
})

describe("an agent's path", () => {
  it("is prefixed with the root and normalised", () => {
    assert.strictEqual(library(under, "/photos/x.jpg"), "/a/photos/x.jpg")
    assert.strictEqual(library(under, "photos//x.jpg"), "/a/photos/x.jpg")
    assert.strictEqual(library(under, "/photos/./2024/../x.jpg"), "/a/photos/x.jpg")
    assert.strictEqual(library(under, "/"), "/a")
    assert.strictEqual(library(under, ""), "/a")
    assert.strictEqual(library(whole, "/photos/../x.jpg"), "/x.jpg")
  })

  it("that climbs above the root is OutOfScope, however it is spelt", () => {
    for (const text of ["..", "/..", "/../b", "/photos/../../b/x.jpg", "../a/x.jpg", "./../.."]) {
      const error = refusal(under, text)
      assert.strictEqual(error.kind, "OutOfScope", text)
      assert.include(error.hint, "/a", text)
    }
    assert.strictEqual(refusal(whole, "/../etc").kind, "OutOfScope")
  })

  it("with a control character is InvalidArguments", () => {
    assert.strictEqual(refusal(under, "/x\u0000.jpg").kind, "InvalidArguments")
    assert.strictEqual(refusal(under, "/x\u009b.jpg").kind, "InvalidArguments")
  })

  it("keeps odd Unicode, '?', '#' and '%2e%2e' as names: ImageKit paths are not URLs", () => {
    assert.strictEqual(library(under, "/été/🙂 x?.jpg"), "/a/été/🙂 x?.jpg")
    assert.strictEqual(library(under, "/%2e%2e/x#1"), "/a/%2e%2e/x#1")
  })
})

describe("a library path in an answer", () => {
  it("is given relative to the root, and a path outside it is not given at all", () => {
    assert.strictEqual(Scope.toAgent(under, "/a/photos/x.jpg"), "/photos/x.jpg")
    assert.strictEqual(Scope.toAgent(under, "/a"), "/")
    assert.isUndefined(Scope.toAgent(under, "/ab/x.jpg"))
    assert.isUndefined(Scope.toAgent(under, "/b/x.jpg"))
    assert.strictEqual(Scope.toAgent(whole, "/b/x.jpg"), "/b/x.jpg")
    assert.isTrue(Scope.contains(under, "/a/x"))
    assert.isFalse(Scope.contains(under, "/ab"))
  })
})

describe("search queries", () => {
  it("quote values with backslashes before quotes and backslashes", () => {
    assert.strictEqual(Scope.quoted('/a "b"\\c/'), '"/a \\"b\\"\\\\c/"')
  })

  it("must balance their parentheses and quotes, counted outside quoted values", () => {
    assert.isTrue(Scope.balanced('(tags IN ["a"] OR name : "b") AND size > 10'))
    assert.isTrue(Scope.balanced('name = "a)(" AND description : "it\\"s (ok"'))
    assert.isFalse(Scope.balanced('x = 1) OR (name = "a"'))
    assert.isFalse(Scope.balanced("(x = 1"))
    assert.isFalse(Scope.balanced('name = "open'))
  })
})

describe("URLs to purge", () => {
  const endpoint = "https://ik.imagekit.io/demo"

  it("are in scope when they name a file inside the root, with or without a transformation", () => {
    assert.isTrue(Scope.containsUrl(under, endpoint, "https://ik.imagekit.io/demo/a/x.jpg"))
    assert.isTrue(Scope.containsUrl(under, endpoint, "https://ik.imagekit.io/demo/tr:w-100/a/x.jpg"))
    assert.isTrue(Scope.containsUrl(under, endpoint, "https://ik.imagekit.io/demo/a/photos/*"))
    assert.isTrue(Scope.containsUrl(whole, endpoint, "https://elsewhere.example/x.jpg"))
  })

  it("are out of scope elsewhere: another folder, host or endpoint, dot segments, encoded slashes", () => {
    for (const url of [
      "https://ik.imagekit.io/demo/b/x.jpg",
      "https://ik.imagekit.io/demo/ab/x.jpg",
      "https://ik.imagekit.io/demo/a",
      "https://ik.imagekit.io/demo/*",
      "https://ik.imagekit.io/other/a/x.jpg",
      "https://evil.example/demo/a/x.jpg",
      "https://ik.imagekit.io/demo/a/../b/x.jpg",
      "https://ik.imagekit.io/demo/a/%2e%2e/b/x.jpg",
      "https://ik.imagekit.io/demo/a%2F..%2Fb/x.jpg",
      "not a url"
    ]) {
      assert.isFalse(Scope.containsUrl(under, endpoint, url), url)
    }
  })
})
