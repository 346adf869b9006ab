// The browser page of scripts/browser-test.mjs, bundled from the built core with esbuild: it builds URLs and
// responsive attributes (compared there with what Node builds), then uploads to the emulator (another origin, so
// CORS applies) as a browser app does: a v1 upload by XMLHttpRequest with progress, authorised by
// getAuthenticationParameters fetched from the page's server, and a v2 upload authorised by an upload token minted
// there. Results go to `window.results` and onto the page, which the test screenshots.
import { urlCases } from "./cases.mjs"

const config = await (await fetch("/config")).json()
const results = { cases: urlCases(config.urlEndpoint) }
const show = (title, value) => {
  const section = document.createElement("section")
  section.innerHTML = `<h2></h2><pre></pre>`
  section.querySelector("h2").textContent = title
  section.querySelector("pre").textContent = typeof value === "string" ? value : JSON.stringify(value, null, 2)
  document.body.append(section)
}

/** A v1 client upload by XHR, as @imagekit/javascript sends it: multipart, no key, progress from `xhr.upload`. */
const uploadV1 = (file, fileName) =>
  new Promise((resolve, reject) => {
    fetch("/auth")
      .then((response) => response.json())
      .then((auth) => {
        const form = new FormData()
        form.append("file", file, fileName)
        form.append("fileName", fileName)
        form.append("publicKey", config.publicKey)
        for (const name of ["token", "expire", "signature"]) form.append(name, String(auth[name]))
        const progress = []
        const xhr = new XMLHttpRequest()
        xhr.upload.onprogress = (event) => progress.push([event.loaded, event.total])
        xhr.onerror = () => reject(new Error("network error (CORS?)"))
        xhr.onload = () =>
          resolve({
            status: xhr.status,
            body: JSON.parse(xhr.responseText),
            progress
          })
        xhr.open("POST", `${config.uploadUrl}/api/v1/files/upload`)
        xhr.send(form)
      }, reject)
  })

/** A v2 upload: the token signs exactly these fields; the server mints it, the page sends it. */
const uploadV2 = async (file, fileName) => {
  const fields = { fileName, useUniqueFileName: "false", tags: "browser,v2" }
  const { token } = await (await fetch(`/token?${new URLSearchParams(fields)}`)).json()
  const form = new FormData()
  form.append("file", file, fileName)
  for (const [name, value] of Object.entries(fields)) form.append(name, value)
  form.append("token", token)
  const response = await fetch(`${config.uploadUrl}/api/v2/files/upload`, { method: "POST", body: form })
  return { status: response.status, body: await response.json() }
}

/** A small picture drawn here, uploaded with v2 and shown back from the emulator's delivery URL. */
const drawing = () =>
  new Promise((resolve) => {
    const canvas = document.createElement("canvas")
    canvas.width = 240
    canvas.height = 120
    const context = canvas.getContext("2d")
    context.fillStyle = "#1f6feb"
    context.fillRect(0, 0, 240, 120)
    context.fillStyle = "#ffffff"
    context.font = "bold 28px sans-serif"
    context.fillText("effect-imagekit", 12, 70)
    canvas.toBlob(resolve, "image/png")
  })

try {
  show("URLs built in the browser", results.cases)
  const big = new Blob([new Uint8Array(3 * 1024 * 1024).fill(7)], { type: "application/octet-stream" })
  results.v1 = await uploadV1(big, "browser-v1.bin")
  show("v1 upload (XHR, getAuthenticationParameters)", {
    status: results.v1.status,
    fileId: results.v1.body.fileId,
    progressEvents: results.v1.progress.length,
    last: results.v1.progress.at(-1)
  })
  results.v2 = await uploadV2(await drawing(), "browser-v2.png")
  show("v2 upload (upload token)", { status: results.v2.status, filePath: results.v2.body.filePath })
  const image = document.createElement("img")
  image.alt = "uploaded with v2, served by the emulator"
  const loaded = new Promise((resolve) => {
    image.onload = () => resolve(image.naturalWidth)
    image.onerror = () => resolve(0)
  })
  image.src = results.v2.body.url
  document.body.append(image)
  results.shownWidth = await loaded
} catch (error) {
  results.error = String(error)
  show("error", results.error)
}
window.results = results
