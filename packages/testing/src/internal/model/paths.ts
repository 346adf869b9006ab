import { badRequest } from "./errors.js"

/** The segments of a folder path, without empty ones: "/a//b/" → ["a", "b"]. */
export const folderSegments = (path: string): ReadonlyArray<string> => path.split("/").filter((part) => part !== "")

/**
 * A folder path in the model's canonical form: leading and trailing "/", no empty segments ("/" for the root).
 * "." and ".." are refused, as the API does, because they would make two spellings of one folder.
 */
export const normalizeFolder = (path: string): string => {
  const segments = folderSegments(path)
  if (segments.some((part) => part === "." || part === "..")) {
    throw badRequest("'.' & '..' can not be used as folder-name", { reason: "INVALID_FOLDER_PATH" })
  }
  return segments.length === 0 ? "/" : `/${segments.join("/")}/`
}

/** ImageKit keeps letters, digits, "-" and "_" in folder names and turns anything else into "_". */
export const sanitizeFolderName = (name: string): string => name.replace(/[^A-Za-z0-9_-]/g, "_")

/** The upload folder, each segment sanitized like a folder name. */
export const sanitizeFolderPath = (path: string): string =>
  normalizeFolder(
    folderSegments(path)
      .map((part) => (part === "." || part === ".." ? part : sanitizeFolderName(part)))
      .join("/")
  )

/** ImageKit keeps letters, digits, ".", "-" and "_" in file names and turns anything else into "_". */
export const sanitizeFileName = (name: string): string => name.replace(/[^A-Za-z0-9._-]/g, "_")

/** "/a/b/" → "/a/"; the root has no parent. */
export const parentFolder = (folder: string): string | undefined => {
  const segments = folderSegments(folder)
  if (segments.length === 0) return undefined
  return normalizeFolder(segments.slice(0, -1).join("/"))
}

/** "/a/b/" → "b"; "" for the root. */
export const folderName = (folder: string): string => folderSegments(folder).at(-1) ?? ""

/** "/a/b/" → "/a/b" (how list results spell a folder's own path); the root stays "/". */
export const withoutTrailingSlash = (folder: string): string => (folder === "/" ? "/" : folder.slice(0, -1))

/** Splits "/a/b/c.jpg" into its folder "/a/b/" and name "c.jpg". */
export const splitFilePath = (filePath: string): { readonly folder: string; readonly name: string } => {
  const segments = folderSegments(filePath)
  const name = segments.at(-1) ?? ""
  return { folder: normalizeFolder(segments.slice(0, -1).join("/")), name }
}

/** Whether `folder` is `ancestor` or lies below it. */
export const isWithin = (folder: string, ancestor: string): boolean => folder.startsWith(ancestor)

/** `name.ext` with `suffix` before the extension: ("a.b.jpg", "X") → "a.b_X.jpg"; ("README", "X") → "README_X". */
export const withSuffix = (name: string, suffix: string): string => {
  const dot = name.lastIndexOf(".")
  if (dot <= 0) return `${name}_${suffix}`
  return `${name.slice(0, dot)}_${suffix}${name.slice(dot)}`
}

/** Percent-decodes each segment of a raw request path; a malformed escape leaves its segment as sent. */
export const decodeSegments = (rawPath: string): ReadonlyArray<string> =>
  rawPath
    .split("/")
    .filter((part) => part !== "")
    .map((part) => {
      try {
        return decodeURIComponent(part)
      } catch {
        return part
      }
    })
