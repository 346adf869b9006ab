/**
 * `path.posix.join` for the absolute URL paths the builder produces, without importing `node:path`
 * (the core package must bundle for browsers). Repeated slashes collapse, `.` and `..` resolve, a
 * trailing slash is kept: the same rules Node applies, which is what the README's single-slash URLs need.
 */
const SLASH = 47

const append = (left: string, right: string): string => {
  if (right === "") return left
  const leftSlash = left.charCodeAt(left.length - 1) === SLASH
  const rightSlash = right.charCodeAt(0) === SLASH
  if (leftSlash && rightSlash) return left + right.slice(1)
  return leftSlash || rightSlash ? left + right : `${left}/${right}`
}

/**
 * `join(base, segment, path)` for an absolute `base`, without splitting when the seams were the only
 * thing to fix: once no `//` and no `/.` remain, normalising would change nothing.
 */
export const joinAbsolute = (base: string, segment: string, path: string): string => {
  const joined = append(append(base, segment), path)
  if (joined.indexOf("//") === -1 && joined.indexOf("/.") === -1) return joined
  return normalizeAbsolute(joined)
}

const normalizeAbsolute = (path: string): string => {
  const segments: Array<string> = []
  let start = 0
  const length = path.length
  for (let index = 0; index <= length; index++) {
    if (index === length || path.charCodeAt(index) === 47) {
      const segment = path.slice(start, index)
      start = index + 1
      if (segment === "" || segment === ".") continue
      if (segment === "..") {
        segments.pop()
        continue
      }
      segments.push(segment)
    }
  }
  const trailing = length > 0 && path.charCodeAt(length - 1) === 47 && segments.length > 0
  return `/${segments.join("/")}${trailing ? "/" : ""}`
}
