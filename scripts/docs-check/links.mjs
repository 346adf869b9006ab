// Relative links of a page: the file must exist, and a `#fragment` into a Markdown page must name one of its
// headings (GitHub's slugs: lower case, punctuation dropped, spaces to hyphens). Links inside code blocks and
// absolute URLs are not checked (CI has no network).
import { existsSync, readFileSync, statSync } from "node:fs"
import { dirname, join, normalize } from "node:path"

const slugsOf = (markdown) =>
  new Set(
    [...markdown.matchAll(/^#{1,6} (.+)$/gmu)].map((match) =>
      match[1]
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}_\- ]/gu, "")
        .replace(/ /gu, "-")
    )
  )

const withoutCode = (text) => text.replace(/^```[\s\S]*?^```/gmu, (block) => block.replace(/[^\n]/gu, " "))

/** Broken links of `page` (a path relative to `root`), as `{ line, message }`. */
export const brokenLinks = (root, page, text) => {
  const problems = []
  const prose = withoutCode(text)
  for (const match of prose.matchAll(/\]\(([^)\s]+)\)/gu)) {
    const link = match[1]
    if (/^[a-z][a-z0-9+.-]*:/iu.test(link)) continue
    const line = prose.slice(0, match.index).split("\n").length
    const [path, fragment] = link.split("#", 2)
    const target = path === "" ? join(root, page) : normalize(join(root, dirname(page), path))
    if (!existsSync(target)) {
      problems.push({ line, message: `broken link: ${link} (no ${path})` })
      continue
    }
    if (fragment !== undefined && fragment !== "" && target.endsWith(".md") && statSync(target).isFile()) {
      if (!slugsOf(readFileSync(target, "utf8")).has(fragment)) {
        problems.push({ line, message: `broken link: ${link} (no heading #${fragment} there)` })
      }
    }
  }
  return problems
}
