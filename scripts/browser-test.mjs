// @effect-imagekit/core in a real browser: headless Chromium from Debian's packages (installed with apt-get on first
// use when missing), driven by playwright-core. A page bundled from the built core (packages/core/test/browser) builds
// URLs and responsive attributes, which must equal what Node builds from the same cases, then uploads to the emulator
// from another origin (so CORS applies): v1 by XMLHttpRequest with progress, authorised by getAuthenticationParameters
// from this script's small server, and v2 with an upload token minted by it. The page is screenshotted into
// test-results/browser/. Part of `pnpm test` (after `pnpm build`).
import { execFileSync } from "node:child_process"
import { existsSync, mkdirSync, readFileSync } from "node:fs"
import { createServer } from "node:http"
import { isDeepStrictEqual } from "node:util"
import { pathToFileURL } from "node:url"
import * as esbuild from "esbuild"
import { chromium } from "playwright-core"
import { root } from "./runtimes.mjs"

const CHROMIUM = "/usr/bin/chromium"
const pageDir = `${root}packages/core/test/browser`
const output = `${root}test-results/browser`
const keys = { publicKey: "public_browser_key", privateKey: "private_browser_key" }
const started = performance.now()
const log = (line) => console.log(`browser: ${line}`)

if (process.platform !== "linux") {
  log(`skipped on ${process.platform} (Debian's chromium package is the browser under test)`)
  process.exit(0)
}
if (!existsSync(CHROMIUM)) {
  // CI starts on a fresh machine as root: Debian's chromium, as node.md describes (Playwright's own download fails).
  log("installing Debian's chromium (once)")
  const apt = { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } }
  execFileSync("apt-get", ["update", "-qq"], apt)
  execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], apt)
}

const core = (module) => import(pathToFileURL(`${root}packages/core/dist/${module}.js`).href)
const { authenticationParameters, uploadToken } = await core("Signing")
const { urlCases } = await import(pathToFileURL(`${pageDir}/cases.mjs`).href)
const { start } = await import(pathToFileURL(`${root}packages/testing/dist/Emulator.js`).href)

const bundle = await esbuild.build({
  entryPoints: [`${pageDir}/page.mjs`],
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  write: false,
  logLevel: "error"
})
const pageScript = bundle.outputFiles[0].contents

const emulator = await start(keys)

/** The app's server: the page, and the two ways it authorises a browser upload. The private key stays here. */
const server = createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://127.0.0.1")
  const json = (value) => {
    response.writeHead(200, { "content-type": "application/json" })
    response.end(JSON.stringify(value))
  }
  if (url.pathname === "/") {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" })
    return response.end(readFileSync(`${pageDir}/index.html`))
  }
  if (url.pathname === "/page.js") {
    response.writeHead(200, { "content-type": "text/javascript" })
    return response.end(pageScript)
  }
  if (url.pathname === "/config") {
    return json({ publicKey: keys.publicKey, urlEndpoint: emulator.urlEndpoint, uploadUrl: emulator.url })
  }
  if (url.pathname === "/auth") return json(authenticationParameters({ privateKey: keys.privateKey }))
  if (url.pathname === "/token") return json({ token: uploadToken(Object.fromEntries(url.searchParams), keys) })
  // Anything else (the browser's favicon request) has no content.
  response.writeHead(204)
  response.end()
})
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve))
const pageUrl = `http://127.0.0.1:${server.address().port}/`

const failures = []
const expect = (condition, what) => {
  if (!condition) failures.push(what)
}

// The flags node.md lists (Playwright adds --headless and a fresh, empty profile of its own): without the
// background-networking ones Chromium keeps dialling out on a closed network.
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync"
  ]
})
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } })
  const errors = []
  page.on("pageerror", (error) => errors.push(String(error)))
  page.on("console", (message) => errors.push(`console: ${message.text()}`))
  page.on("requestfailed", (request) =>
    errors.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText}`)
  )
  // Uploads at 4 MB/s (Chromium's own network throttling), so the 3 MiB upload reports progress several times.
  const devtools = await page.context().newCDPSession(page)
  await devtools.send("Network.enable")
  await devtools.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: 4_000_000
  })
  await page.goto(pageUrl)
  await page.waitForFunction(() => "results" in window, undefined, { timeout: 30_000 })
  const results = await page.evaluate(() => window.results)
  mkdirSync(output, { recursive: true })
  await page.screenshot({ path: `${output}/page.png`, fullPage: true })
  log(`${await browser.version()}, page screenshot in test-results/browser/page.png`)

  expect(errors.length === 0 && results.error === undefined, `the page failed: ${errors.join("; ")} ${results.error}`)
  const expected = urlCases(emulator.urlEndpoint)
  for (const name of Object.keys(expected)) {
    expect(
      isDeepStrictEqual(results.cases[name], expected[name]),
      `${name}: the browser built ${JSON.stringify(results.cases[name])}, Node ${JSON.stringify(expected[name])}`
    )
  }
  log(`${Object.keys(expected).length} URL and responsive-attribute cases built in the browser equal Node's`)

  const v1 = results.v1
  const size = 3 * 1024 * 1024
  const last = v1?.progress.at(-1)
  expect(v1?.status === 200 && v1.body.size === size, `v1 upload: ${JSON.stringify(v1?.body)}`)
  const loaded = (v1?.progress ?? []).map(([bytes]) => bytes)
  const rising = loaded.every((bytes, index) => index === 0 || bytes > (loaded[index - 1] ?? 0))
  expect(loaded.length >= 2 && rising, `v1 progress: ${JSON.stringify(v1?.progress)}`)
  expect(last !== undefined && last[0] === last[1] && last[0] >= size, `v1 progress ended at ${JSON.stringify(last)}`)
  const stored = emulator.model.files().find((file) => file.fileId === v1?.body.fileId)
  expect(stored?.size === size, `the emulator holds no ${size}-byte file ${v1?.body.fileId}`)
  log(
    `v1 upload (XHR, getAuthenticationParameters): ${v1?.status}, ${v1?.progress.length} progress events, last ${JSON.stringify(last)}`
  )

  const v2 = results.v2
  expect(v2?.status === 200 && v2.body.name === "browser-v2.png", `v2 upload: ${JSON.stringify(v2?.body)}`)
  expect(
    JSON.stringify(v2?.body.tags) === JSON.stringify(["browser", "v2"]),
    `v2 tags: ${JSON.stringify(v2?.body.tags)}`
  )
  expect(results.shownWidth === 240, `the uploaded picture did not show (width ${results.shownWidth})`)
  log(`v2 upload (upload token): ${v2?.status}, shown back from the emulator at ${results.shownWidth} px wide`)
} finally {
  await browser.close()
  server.close()
  await emulator.close()
}

for (const failure of failures) log(`FAILED: ${failure}`)
log(
  `${failures.length === 0 ? "passed" : `${failures.length} failed`} in ${Math.round(performance.now() - started)} ms`
)
if (failures.length > 0) process.exit(1)
