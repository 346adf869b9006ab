/**
 * `imagekit mcp --root /a`: the part of the media library the agent may see and change. Paths are the agent's view
 * of the library, in which the root is `/`: every path it sends is normalised (repeated "/" collapse, "." and ".."
 * resolve) and prefixed with the root, and one that climbs above the root is refused with `OutOfScope` before any
 * request; every path in an answer is given back relative to the root, and what lies outside it is left out. Without
 * `--root` the root is `/`: the same rules, and nothing is outside.
 *
 * The functions are pure (no request is made here), so each rule is tested on its own.
 */
import { ToolError } from "./toolError.js"

// C0 controls, DEL and C1 controls: no media-library name has one.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

/** The root of an `imagekit mcp` run, as the library spells it: `/` or `/a/b` (no trailing "/"). */
export interface Scope {
  readonly root: string
}

/** What is wrong with a `--root` value, or the normalised root. */
export const parseRoot = (text: string): { readonly root: string } | { readonly problem: string } => {
  if (!text.startsWith("/")) return { problem: `--root "${text}" must start with "/", e.g. --root /marketing` }
  if (CONTROL.test(text)) return { problem: "--root contains a control character" }
  const segments = text.split("/").filter((segment) => segment !== "" && segment !== ".")
  if (segments.includes("..")) return { problem: `--root "${text}" has a ".." segment: write the folder's full path` }
  return { root: `/${segments.join("/")}` }
}

export const make = (root: string): Scope => ({ root })

const outOfScope = (scope: Scope, what: string, text: string) =>
  new ToolError({
    kind: "OutOfScope",
    message: `the ${what} "${text}" is outside the folder this server may use`,
    hint:
      scope.root === "/"
        ? "write a path from the library's root, e.g. /photos/a.jpg"
        : `paths are relative to the root ${scope.root}: write them from "/", e.g. /photos/a.jpg, without ".." above it`
  })

const invalid = (what: string, message: string) =>
  new ToolError({ kind: "InvalidArguments", message: `${what}: ${message}`, hint: "fix this argument and call again" })

/**
 * The agent's path `text` (the argument named `what`) as the library's absolute path: `/photos/a.jpg` under the root
 * `/a` is `/a/photos/a.jpg`; `/` is the root itself. A relative path (`photos/a.jpg`) starts at the root too.
 * Fails with `OutOfScope` when ".." climbs above the root, and with `InvalidArguments` for a control character.
 */
export const toLibrary = (scope: Scope, what: string, text: string): { readonly path: string } | ToolError => {
  if (CONTROL.test(text)) return invalid(what, "contains a control character, which no media-library path has")
  const resolved: Array<string> = []
  for (const segment of text.split("/")) {
    if (segment === "" || segment === ".") continue
    if (segment === "..") {
      if (resolved.length === 0) return outOfScope(scope, what, text)
      resolved.pop()
    } else {
      resolved.push(segment)
    }
  }
  const inner = resolved.join("/")
  if (scope.root === "/") return { path: `/${inner}` }
  return { path: inner === "" ? scope.root : `${scope.root}/${inner}` }
}

/** Whether the library path `path` (a file's `filePath` or a folder's path) is the root or below it. */
export const contains = (scope: Scope, path: string): boolean =>
  scope.root === "/" || path === scope.root || path.startsWith(`${scope.root}/`)

/**
 * The library path `path` as the agent sees it (`/a/photos/a.jpg` → `/photos/a.jpg` under the root `/a`), or
 * `undefined` when it is outside the root.
 */
export const toAgent = (scope: Scope, path: string): string | undefined => {
  if (scope.root === "/") return path
  if (path === scope.root) return "/"
  return path.startsWith(`${scope.root}/`) ? path.slice(scope.root.length) : undefined
}

/** A value for ImageKit's search syntax in double quotes (a backslash escapes the next character). */
export const quoted = (text: string): string => `"${text.replace(/[\\"]/g, (char) => `\\${char}`)}"`

/**
 * Whether the parentheses of a search query balance outside quoted values. An unbalanced query could close the
 * parenthesis the scope's condition is put around (`x = 1) OR (name = "a"`) and reach past the root; such queries
 * are refused (and results are filtered by path as well).
 */
export const balanced = (query: string): boolean => {
  let depth = 0
  let quote: string | undefined
  for (let at = 0; at < query.length; at++) {
    const char = query.charAt(at)
    if (quote !== undefined) {
      if (char === "\\") at++
      else if (char === quote) quote = undefined
    } else if (char === '"' || char === "'") {
      quote = char
    } else if (char === "(") {
      depth++
    } else if (char === ")") {
      depth--
      if (depth < 0) return false
    }
  }
  return depth === 0 && quote === undefined
}

/**
 * Whether `url` (to purge) is one of this endpoint's URLs for a file inside the root: `urlEndpoint` followed by the
 * file's path, optionally after a `tr:` transformation segment; a trailing `*` (a prefix purge) must also stay
 * inside. The URL parser resolves dot segments (`%2e%2e` included); the path is compared decoded.
 */
export const containsUrl = (scope: Scope, urlEndpoint: string, url: string): boolean => {
  if (scope.root === "/") return true
  try {
    const parsed = new URL(url)
    const base = new URL(urlEndpoint)
    if (parsed.origin !== base.origin) return false
    const basePath = base.pathname.replace(/\/+$/, "")
    if (!parsed.pathname.startsWith(`${basePath}/`)) return false
    const segments = parsed.pathname
      .slice(basePath.length + 1)
      .split("/")
      .map(decodeURIComponent)
    if (segments[0]?.startsWith("tr:") === true) segments.shift()
    if (segments.some((segment) => segment === "." || segment === ".." || segment.includes("/"))) return false
    return `/${segments.join("/")}`.startsWith(`${scope.root}/`)
  } catch {
    // Not a URL, or a malformed percent-encoding.
    return false
  }
}
