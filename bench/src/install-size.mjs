/**
 * Installed size of each package next to its peers: every package of packages/ packed (`pnpm pack`, as it would be
 * published) and installed with npm into an empty app of its own, from a loopback registry serving the tarballs
 * (scripts/lib/local-registry.mjs); imagekit@6 and @imagekit/nodejs@7 from the npm registry the same way. npm
 * installs required peer dependencies, so the SDK's row includes `effect` and `@effect/platform`. Sizes are the disk
 * space node_modules takes (`du -sk`, whole blocks: what `du -sh node_modules` shows), the bytes of its files
 * (`du -sb`) and the package's own directory (files).
 *
 * Usage: node src/install-size.mjs [--repo <a built checkout>] (default: this repository, built)
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  diskBytes,
  fileBytes,
  npmEnvironment,
  packWorkspace,
  root,
  runAsync,
  startRegistry
} from "../../scripts/lib/local-registry.mjs"

const repoFlag = process.argv.indexOf("--repo")
const repository = repoFlag > 0 ? process.argv[repoFlag + 1] : root
const work = mkdtempSync(join(tmpdir(), "effect-imagekit-install-size-"))
const packages = packWorkspace(join(work, "tarballs"), repository)
const registry = await startRegistry(packages)
const env = npmEnvironment(registry.url, join(work, "npmrc"))

const PEERS = { "@effect-imagekit/promise": "imagekit@6", "@effect-imagekit/sdk": "@imagekit/nodejs@7" }
const candidates = [...packages.keys(), "imagekit@6", "@imagekit/nodejs@7"]

/** Packages under node_modules (scoped ones counted one by one), nested ones included. */
const countPackages = (dir) => {
  let count = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue
    if (entry.name.startsWith("@")) {
      count += countPackages(join(dir, entry.name))
      continue
    }
    count += 1
    const nested = join(dir, entry.name, "node_modules")
    try {
      count += countPackages(nested)
    } catch {}
  }
  return count
}

const rows = []
for (const spec of candidates) {
  const app = join(work, `app-${rows.length}`)
  mkdirSync(app)
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "size", private: true }))
  const installed = await runAsync("npm", ["install", spec], { cwd: app, env })
  if (!installed.ok) throw new Error(`npm install ${spec} failed:\n${installed.output}`)
  const name = spec.replace(/(.)@[^/]*$/, "$1")
  const modules = join(app, "node_modules")
  rows.push({
    spec,
    name,
    own: fileBytes(join(modules, name)),
    total: diskBytes(modules),
    totalFiles: fileBytes(modules),
    packages: countPackages(modules),
    version: JSON.parse(readFileSync(join(modules, name, "package.json"), "utf8")).version
  })
}
await registry.close()
rmSync(work, { recursive: true, force: true })

const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`
const byName = new Map(rows.map((row) => [row.name, row]))
console.log(`npm install <package> into an empty app, one app per package (packages from ${repository})\n`)
console.log(
  "| package | version | its own files | installed, on disk | installed, files | packages | on disk next to |"
)
console.log("|---|---|---|---|---|---|---|")
for (const row of rows) {
  const peer = PEERS[row.name] === undefined ? undefined : byName.get(PEERS[row.name].replace(/(.)@[^/]*$/, "$1"))
  const next = peer === undefined ? "" : `${(row.total / peer.total).toFixed(2)} × ${peer.spec} (${mb(peer.total)})`
  console.log(
    `| ${row.name} | ${row.version} | ${mb(row.own)} | ${mb(row.total)} | ${mb(row.totalFiles)} | ${row.packages} | ${next} |`
  )
}
