// Our packages as npm would get them from the registry, before they are published: `pnpm pack` of every package
// of packages/, served as the `@effect-imagekit` scope of a registry on 127.0.0.1, with an npm user config that
// points the scope at it (every other package still comes from the npm registry). Used by scripts/fresh-app.mjs and
// bench/src/install-size.mjs.
import { execFileSync, spawn, spawnSync } from "node:child_process"
import { createHash } from "node:crypto"
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { createServer } from "node:http"
import { homedir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

export const root = fileURLToPath(new URL("../..", import.meta.url))

/**
 * `pnpm pack` of every public package of `repository`'s packages/ (this one by default, already built) into `dir`:
 * name → { manifest, file, bytes, integrity, shasum }.
 */
export const packWorkspace = (dir, repository = root) => {
  mkdirSync(dir, { recursive: true })
  const packages = new Map()
  for (const name of readdirSync(join(repository, "packages")).sort()) {
    const packageDir = join(repository, "packages", name)
    const manifestPath = join(packageDir, "package.json")
    if (!existsSync(manifestPath) || JSON.parse(readFileSync(manifestPath, "utf8")).private) continue
    const packed = spawnSync("pnpm", ["pack", "--pack-destination", dir], { cwd: packageDir, encoding: "utf8" })
    if (packed.status !== 0) throw new Error(`pnpm pack failed in packages/${name}:\n${packed.stdout}${packed.stderr}`)
    const file = packed.stdout.trim().split("\n").at(-1).trim()
    const manifest = JSON.parse(execFileSync("tar", ["-xzOf", file, "package/package.json"], { encoding: "utf8" }))
    const bytes = readFileSync(file)
    packages.set(manifest.name, {
      manifest,
      file,
      bytes,
      integrity: `sha512-${createHash("sha512").update(bytes).digest("base64")}`,
      shasum: createHash("sha1").update(bytes).digest("hex")
    })
  }
  return packages
}

export const listen = (server) =>
  new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${server.address().port}`)))

/** Serves the packed packages as a registry (packuments and tarballs); resolves to `{ url, close }`. */
export const startRegistry = async (packages) => {
  let url = ""
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://registry").pathname)
    const tarball = /^\/-\/(.+)\.tgz$/.exec(path)
    const entry = packages.get(tarball === null ? path.slice(1) : tarball[1])
    if (entry === undefined) {
      response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }))
    } else if (tarball !== null) {
      response.writeHead(200, { "content-type": "application/octet-stream" }).end(entry.bytes)
    } else {
      const { name, version } = entry.manifest
      const dist = { tarball: `${url}/-/${name}.tgz`, integrity: entry.integrity, shasum: entry.shasum }
      const packument = { name, "dist-tags": { latest: version }, versions: { [version]: { ...entry.manifest, dist } } }
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(packument))
    }
  })
  url = await listen(server)
  return { url, close: () => new Promise((resolve) => server.close(resolve)) }
}

/**
 * The environment for `npm` and `npx`: the user's own npm settings plus the scope's registry (in a user config at
 * `userConfigPath`), without the npm_config_* that `pnpm run` puts in the environment (npm would read them as its
 * own settings).
 */
export const npmEnvironment = (registryUrl, userConfigPath, extra = {}) => {
  const own = existsSync(join(homedir(), ".npmrc")) ? readFileSync(join(homedir(), ".npmrc"), "utf8") : ""
  writeFileSync(userConfigPath, `${own}\n@effect-imagekit:registry=${registryUrl}/\n`)
  const env = { ...process.env, ...extra }
  for (const key of Object.keys(env)) {
    if (/^(npm_package_|npm_lifecycle_|pnpm_|npm_config_)/i.test(key) && !/^npm_config_(cache|registry)$/i.test(key)) {
      delete env[key]
    }
  }
  return Object.assign(env, {
    npm_config_userconfig: userConfigPath,
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false"
  })
}

/** Runs a command without blocking this process's event loop (it may be serving the registry). */
export const runAsync = (command, args, options = {}) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    child.stdout.on("data", (chunk) => {
      output += chunk
    })
    child.stderr.on("data", (chunk) => {
      output += chunk
    })
    child.on("error", (error) => resolve({ ok: false, status: null, output: `${output}${error.message}` }))
    child.on("close", (status) => resolve({ ok: status === 0, status, output }))
  })

/** The bytes of the files under `dir` (`du -sb`: apparent sizes, as npm reports unpacked sizes). */
export const fileBytes = (dir) => Number(execFileSync("du", ["-sb", dir], { encoding: "utf8" }).split("\t")[0])

/** Disk space used under `dir` (`du -sk`, whole blocks: what `du -sh node_modules` shows). */
export const diskBytes = (dir) => 1024 * Number(execFileSync("du", ["-sk", dir], { encoding: "utf8" }).split("\t")[0])
