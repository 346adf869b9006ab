/**
 * The paths `imagekit upload` was given, checked and expanded before anything is sent. Shells expand `photos/*.jpg`
 * themselves, but not when it is quoted, on Windows' cmd, or when nothing matched (the pattern then arrives as is);
 * so `*` and `?` in the last path segment are expanded here. Node 20 has no `fs.globSync`, and one directory level
 * covers the common case without a dependency.
 */
import * as fs from "node:fs"
import * as path from "node:path"

const WILDCARD = /[*?]/

/** `*` matches any run of characters, `?` one; everything else literally. Like shells, a leading dot is not matched. */
export const globToRegExp = (pattern: string): RegExp => {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".")
  return new RegExp(`^${pattern.startsWith(".") ? "" : "(?!\\.)"}${body}$`)
}

export const isPattern = (text: string): boolean => WILDCARD.test(text)

export type Resolved =
  | { readonly _tag: "Files"; readonly paths: ReadonlyArray<string> }
  | { readonly _tag: "Invalid"; readonly message: string }

const HINT = "check the spelling; a relative path starts at the current directory"

/**
 * Every argument as a regular file, patterns expanded (sorted, like a shell), duplicates dropped, input order kept.
 * The first argument that names no file stops the whole command, so nothing is uploaded from a mistyped list.
 */
export const resolveFiles = (args: ReadonlyArray<string>): Resolved => {
  const paths: Array<string> = []
  const seen = new Set<string>()
  const add = (file: string) => {
    const key = path.resolve(file)
    if (!seen.has(key)) {
      seen.add(key)
      paths.push(file)
    }
  }
  for (const arg of args) {
    const stats = fs.statSync(arg, { throwIfNoEntry: false })
    if (stats !== undefined) {
      if (!stats.isFile()) return { _tag: "Invalid", message: `not a file: ${arg} (upload files, e.g. ${arg}/*)` }
      add(arg)
      continue
    }
    if (!isPattern(arg)) return { _tag: "Invalid", message: `no such file: ${arg} (${HINT})` }
    const dir = path.dirname(arg)
    if (isPattern(dir)) {
      return {
        _tag: "Invalid",
        message: `cannot expand ${arg}: only the file name may hold * or ? (e.g. photos/*.jpg); let the shell expand the rest`
      }
    }
    const matcher = globToRegExp(path.basename(arg))
    let names: Array<string>
    try {
      names = fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isFile() && matcher.test(entry.name))
        .map((entry) => entry.name)
        .sort()
    } catch {
      return { _tag: "Invalid", message: `no such file: ${arg} (the directory ${dir} cannot be read; ${HINT})` }
    }
    if (names.length === 0) return { _tag: "Invalid", message: `no such file: ${arg} (no file matches the pattern)` }
    // Relative stays relative: the printed paths are the ones the user would have typed.
    for (const name of names) add(dir === "." ? name : path.join(dir, name))
  }
  return { _tag: "Files", paths }
}
