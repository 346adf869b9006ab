import { readdirSync, readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

// These tests load the built package through its own name and `exports` map, as a user would; the test
// command builds every package first.
const require = createRequire(import.meta.url)
const dist = fileURLToPath(new URL("../dist/", import.meta.url))
const entries = [
  "index",
  "Url",
  "Transformation",
  "Signing",
  "PHash",
  "Webhook",
  "Src",
  "Responsive",
  "Search"
] as const
const specifier = (entry: string) => (entry === "index" ? "@effect-imagekit/core" : `@effect-imagekit/core/${entry}`)

const options = {
  urlEndpoint: "https://ik.imagekit.io/test_url_endpoint",
  path: "/test_path_alt.jpg",
  privateKey: "test_private_key",
  signed: true
}

describe("published entry points", () => {
  it.each(entries)("%s loads as ESM and as CommonJS with the same exports", async (entry) => {
    const esm = (await import(specifier(entry))) as Record<string, unknown>
    const cjs = require(specifier(entry)) as Record<string, unknown>
    expect(
      Object.keys(esm)
        .filter((k) => k !== "default")
        .sort()
    ).toEqual(Object.keys(cjs).sort())
    expect(Object.keys(cjs).length).toBeGreaterThan(0)
  })

  it("builds the same URL from both formats", async () => {
    const esm = (await import("@effect-imagekit/core/Url")) as typeof import("../src/Url.js")
    const cjs = require("@effect-imagekit/core/Url") as typeof import("../src/Url.js")
    const expected =
      "https://ik.imagekit.io/test_url_endpoint/test_path_alt.jpg?ik-s=e26ca157df99b30b2443d7cb6886fc396fb4c87b"
    expect(esm.build(options)).toBe(expected)
    expect(cjs.build(options)).toBe(expected)
  })

  it("exports @imagekit/javascript's URL API from the root, the same functions as the module entries", async () => {
    const root = (await import("@effect-imagekit/core")) as typeof import("../src/index.js")
    const src = (await import("@effect-imagekit/core/Src")) as typeof import("../src/Src.js")
    const responsive = (await import("@effect-imagekit/core/Responsive")) as typeof import("../src/Responsive.js")
    expect(root.buildSrc).toBe(src.buildSrc)
    expect(root.buildTransformationString).toBe(src.buildTransformationString)
    expect(root.getResponsiveImageAttributes).toBe(responsive.getResponsiveImageAttributes)
    expect(
      root.buildSrc({ urlEndpoint: "https://ik.imagekit.io/demo", src: "/a.jpg", transformation: [{ width: 1 }] })
    ).toBe("https://ik.imagekit.io/demo/a.jpg?tr=w-1")
    const cjsRoot = require("@effect-imagekit/core") as typeof import("../src/index.js")
    expect(cjsRoot.buildSrc).toBe((require("@effect-imagekit/core/Src") as typeof import("../src/Src.js")).buildSrc)
  })

  it("blocks internal modules", () => {
    expect(() => require("@effect-imagekit/core/internal/url")).toThrow(/not defined by "exports"/)
  })

  it("has no runtime dependency and imports neither effect nor node: modules", () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      dependencies?: Record<string, string>
    }
    expect(manifest.dependencies ?? {}).toEqual({})
    const code = readdirSync(dist).filter((file) => file.endsWith(".js") || file.endsWith(".cjs"))
    expect(code.length).toBeGreaterThan(entries.length)
    for (const file of code) {
      const text = readFileSync(`${dist}${file}`, "utf8")
      expect(text, file).not.toMatch(/from\s*["'](node:|effect)/)
      expect(text, file).not.toMatch(/require\(["'](node:|effect|crypto|path|url)/)
      expect(text, file).not.toMatch(/import\(["']/)
    }
  })
})

describe("error guards across the ESM and CommonJS copies", () => {
  it("recognise each other's errors", async () => {
    const esmUrl = (await import("@effect-imagekit/core/Url")) as typeof import("../src/Url.js")
    const cjsUrl = require("@effect-imagekit/core/Url") as typeof import("../src/Url.js")
    const esmSigning = (await import("@effect-imagekit/core/Signing")) as typeof import("../src/Signing.js")
    const cjsSigning = require("@effect-imagekit/core/Signing") as typeof import("../src/Signing.js")
    const esmPHash = (await import("@effect-imagekit/core/PHash")) as typeof import("../src/PHash.js")
    const cjsPHash = require("@effect-imagekit/core/PHash") as typeof import("../src/PHash.js")
    const caught = (run: () => unknown): unknown => {
      try {
        run()
      } catch (error) {
        return error
      }
      return undefined
    }
    const urlError = caught(() => esmUrl.build({}))
    expect(cjsUrl.isUrlError(urlError)).toBe(true)
    expect(cjsUrl.isUrlError(new Error("x"))).toBe(false)
    const signingError = caught(() => cjsSigning.authenticationParameters({ privateKey: "" }))
    expect(esmSigning.isSigningError(signingError)).toBe(true)
    const phashError = caught(() => esmPHash.distance("", "a"))
    expect(cjsPHash.isPHashError(phashError)).toBe(true)
  })
})
