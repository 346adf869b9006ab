#!/usr/bin/env node
// What every public package needs before `pnpm publish` (part of `pnpm test` and `pnpm release`; decision 0037):
// - the MIT LICENSE of the repository, in the package and in its `files`;
// - `repository` (this repository's URL, with the package's directory), `homepage`, `bugs`, `keywords`, `engines`,
//   `publishConfig.access: "public"`;
// - a version past 0.0.0, shared by all packages, and no `@since` in the sources later than it;
// - a README whose links work on the registry's page: absolute, and those into this repository naming a file or
//   directory that exists;
// - bundled entries (`dist/*.js`, `dist/*.cjs` without chunks of their own) that import nothing but Node's built-in
//   modules and the package's declared dependencies and peers, and dependencies that are all used: the CLI's
//   `dist/bin.js` and the Promise adapter's bundles are self-contained, so they declare nothing to install.
// Needs `pnpm build` (it reads dist/). Exits 1 with one line per problem.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs"
import { builtinModules } from "node:module"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

export const REPOSITORY = "https://github.com/effect-imagekit/effect-imagekit"
const root = fileURLToPath(new URL("..", import.meta.url))
const problems = []
const problem = (where, what) => problems.push(`${where}: ${what}`)
const license = readFileSync(join(root, "LICENSE"), "utf8")
if (!/^MIT License/.test(license)) problem("LICENSE", "is not the MIT license")

const semver = (version) => version.split(/[.-]/).slice(0, 3).map(Number)
const later = (a, b) => {
  const [x, y] = [semver(a), semver(b)]
  for (let k = 0; k < 3; k++) if (x[k] !== y[k]) return x[k] > y[k]
  return false
}
const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]
  )

/** Bare specifiers a bundle imports or requires (static, dynamic and `require`), as esbuild prints them. */
const importsOf = (source) => {
  // Doc comments kept in a bundle show imports in their examples.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "")
  const found = new Set()
  const patterns = [
    /\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\(\s*["']([^"']+)["']\s*\)/g
  ]
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) found.add(match[1])
  return [...found].filter((specifier) => !specifier.startsWith(".") && !specifier.startsWith("/"))
}
const packageOf = (specifier) =>
  specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/")
const builtin = (specifier) => specifier.startsWith("node:") || builtinModules.includes(specifier.split("/")[0])

const versions = new Map()
for (const dir of readdirSync(join(root, "packages")).sort()) {
  const packageDir = join(root, "packages", dir)
  if (!existsSync(join(packageDir, "package.json"))) continue
  const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"))
  if (manifest.private) continue
  const where = `packages/${dir}`
  versions.set(manifest.name, manifest.version)

  // License
  if (manifest.license !== "MIT") problem(where, `license is ${manifest.license}, not MIT`)
  if (!existsSync(join(packageDir, "LICENSE"))) problem(where, "has no LICENSE file")
  else if (readFileSync(join(packageDir, "LICENSE"), "utf8") !== license)
    problem(where, "LICENSE differs from the root's")
  if (!manifest.files?.includes("LICENSE")) problem(where, '"files" does not include LICENSE')

  // Metadata
  const repository = manifest.repository
  if (repository?.type !== "git" || repository?.url !== `git+${REPOSITORY}.git` || repository?.directory !== where) {
    problem(where, `"repository" must be { type: "git", url: "git+${REPOSITORY}.git", directory: "${where}" }`)
  }
  if (manifest.homepage !== `${REPOSITORY}/tree/main/${where}#readme`) {
    problem(where, `"homepage" must be ${REPOSITORY}/tree/main/${where}#readme`)
  }
  if (manifest.bugs?.url !== `${REPOSITORY}/issues`) problem(where, `"bugs.url" must be ${REPOSITORY}/issues`)
  if (!Array.isArray(manifest.keywords) || manifest.keywords.length === 0) problem(where, 'has no "keywords"')
  if (typeof manifest.engines?.node !== "string") problem(where, 'has no "engines.node"')
  if (manifest.publishConfig?.access !== "public") problem(where, '"publishConfig.access" must be "public"')

  // Version
  if (manifest.version === "0.0.0") problem(where, "version is 0.0.0: run `pnpm changeset version`")
  const tooLate = walk(join(packageDir, "src"))
    .filter((path) => /\.[cm]?ts$/.test(path))
    .flatMap((file) => [...readFileSync(file, "utf8").matchAll(/@since (\d+\.\d+\.\d+)/g)].map((match) => match[1]))
    .filter((since) => later(since, manifest.version))
  if (tooLate.length > 0) {
    problem(
      where,
      `${tooLate.length} @since tags name a version later than ${manifest.version} (${[...new Set(tooLate)].join(", ")})`
    )
  }

  // README links
  const readmePath = join(packageDir, "README.md")
  if (!existsSync(readmePath)) problem(where, "has no README.md")
  else {
    for (const match of readFileSync(readmePath, "utf8").matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)) {
      const target = match[1]
      if (target.startsWith("#")) continue
      if (!/^https?:\/\//.test(target)) {
        problem(`${where}/README.md`, `relative link ${target} is dead on the registry: use ${REPOSITORY}/…`)
        continue
      }
      const inRepository = new RegExp(`^${REPOSITORY}/(?:blob|tree)/main/([^#?]*)`).exec(target)
      if (inRepository !== null && !existsSync(join(root, decodeURIComponent(inRepository[1])))) {
        problem(`${where}/README.md`, `${target} names ${inRepository[1]}, which does not exist`)
      }
    }
  }

  // Bundled entries: what they import must be declared, and what is declared must be imported by something shipped.
  const declared = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {})
  ])
  const dist = join(packageDir, "dist")
  if (!existsSync(dist)) {
    problem(where, "has no dist/: run `pnpm build` first")
    continue
  }
  const shipped = walk(dist).filter((path) => /\.(c|m)?js$/.test(path) && statSync(path).isFile())
  const imported = new Set()
  for (const file of shipped) {
    for (const specifier of importsOf(readFileSync(file, "utf8"))) {
      if (builtin(specifier)) continue
      imported.add(packageOf(specifier))
      if (!declared.has(packageOf(specifier))) {
        problem(file.slice(root.length), `imports ${specifier}, which the package does not declare`)
      }
    }
  }
  for (const dependency of Object.keys(manifest.dependencies ?? {})) {
    if (!imported.has(dependency))
      problem(where, `declares the dependency ${dependency}, which nothing in dist/ imports`)
  }
}

if (new Set(versions.values()).size > 1) {
  problem("packages", `versions differ: ${[...versions].map(([name, version]) => `${name}@${version}`).join(", ")}`)
}

if (problems.length > 0) {
  console.log(`check:publish: ${problems.length} problem(s)`)
  for (const line of problems) console.log(`  ${line}`)
  process.exit(1)
}
console.log(`check:publish: ${[...versions].map(([name, version]) => `${name}@${version}`).join(", ")} ready`)
