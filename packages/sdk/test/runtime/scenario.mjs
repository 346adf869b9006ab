// The short scenario every runtime runs against the emulator (scripts/runtime-sdk.mjs starts one per runtime):
// upload, list, details, a 429 waited out, a signed URL fetched (and a tampered one refused), a v2 upload token
// minted and used, a webhook verified (and a tampered one refused). Only the built ESM entry points and the
// public API are used, as a user of the published packages would; runtimes differ only in the layer they pass.
// Node, Bun and Deno run it through scenario-main.mjs; Cloudflare's workerd through worker.mjs (bundled).
import { signUrl, uploadToken } from "@effect-imagekit/core/Signing"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { ImageKit, Webhook } from "../../dist/index.js"

/** Fails the scenario with a message naming the step. */
const check = (condition, step, detail) => {
  if (!condition) throw new Error(`${step}: ${detail}`)
}

const fetchStatus = (url) =>
  Effect.promise(async () => {
    const response = await fetch(url)
    return { status: response.status, text: await response.text() }
  })

/**
 * @param {{
 *   readonly layer: "layerNode" | "layerFetch",
 *   readonly url: string, readonly urlEndpoint: string,
 *   readonly publicKey: string, readonly privateKey: string,
 *   readonly webhook: { readonly body: string, readonly headers: Record<string, string>, readonly secret: string }
 * }} settings
 * @returns {Promise<{ readonly ok: true, readonly steps: ReadonlyArray<string> } | { readonly ok: false, readonly error: string }>}
 */
export const run = async (settings) => {
  const steps = []
  const keys = { publicKey: settings.publicKey, privateKey: settings.privateKey }
  const content = `runtime scenario ${settings.layer}`
  const program = Effect.gen(function* () {
    const ik = yield* ImageKit.ImageKit

    let lastProgress = 0
    const uploaded = yield* ik.upload(
      { file: new TextEncoder().encode(content), fileName: "scenario.txt", useUniqueFileName: false },
      { onProgress: ({ bytesSent }) => (lastProgress = bytesSent) }
    )
    check(uploaded.name === "scenario.txt" && uploaded.size === content.length, "upload", JSON.stringify(uploaded))
    check(lastProgress === content.length, "upload", `progress ended at ${lastProgress} of ${content.length}`)
    steps.push("upload")

    const listed = yield* ik.listFiles({ path: "/" })
    check(
      listed.some((file) => file.type === "file" && file.fileId === uploaded.fileId),
      "list",
      "the upload is missing"
    )
    steps.push("list")

    const details = yield* ik.getFileDetails(uploaded.fileId)
    check(details.filePath === uploaded.filePath, "details", details.filePath)
    steps.push("details")

    // The emulator allows two GETs under /v1/files per window: this third one is answered 429 and waited out.
    const started = Date.now()
    yield* ik.getFileDetails(uploaded.fileId)
    steps.push(`429 waited ${Date.now() - started} ms`)

    const signed = signUrl({
      urlEndpoint: settings.urlEndpoint,
      path: uploaded.filePath,
      expireSeconds: 300,
      privateKey: settings.privateKey
    })
    const delivered = yield* fetchStatus(signed)
    check(delivered.status === 200 && delivered.text === content, "signed URL", `${delivered.status}`)
    const tampered = yield* fetchStatus(signed.replace(/ik-s=([0-9a-f])/, (_, c) => `ik-s=${c === "0" ? "1" : "0"}`))
    check(tampered.status === 401, "signed URL", `a tampered signature got ${tampered.status}`)
    steps.push(`signed URL ${delivered.status} (tampered ${tampered.status})`)

    // A v2 upload as a browser makes it: no key, only a token minted for exactly these fields.
    const fields = { fileName: "v2.txt", useUniqueFileName: "false" }
    const form = new FormData()
    form.append("file", new Blob(["v2 upload"]), "v2.txt")
    for (const [name, value] of Object.entries(fields)) form.append(name, value)
    form.append("token", uploadToken(fields, keys))
    const v2 = yield* Effect.promise(() =>
      fetch(`${settings.url}/api/v2/files/upload`, { method: "POST", body: form }).then(async (response) => ({
        status: response.status,
        body: await response.json()
      }))
    )
    check(v2.status === 200 && v2.body.name === "v2.txt", "v2 token upload", `${v2.status} ${JSON.stringify(v2.body)}`)
    steps.push("v2 token upload")

    const { body, headers, secret } = settings.webhook
    const verified = yield* Webhook.verify(body, headers, secret)
    check(verified.event.type === "video.transformation.ready", "webhook", JSON.stringify(verified.event))
    const refused = yield* Effect.flip(Webhook.verify(body.replace("ready", "error"), headers, secret))
    check(refused._tag === "WebhookVerificationError", "webhook", "a tampered body was accepted")
    steps.push(`webhook verified (tampered: ${refused.reason})`)
    return steps
  })
  const options = { urlEndpoint: settings.urlEndpoint, apiBaseUrl: settings.url, uploadBaseUrl: settings.url, ...keys }
  const exit = await Effect.runPromiseExit(Effect.provide(program, ImageKit[settings.layer](options)))
  return Exit.match(exit, {
    onSuccess: (done) => ({ ok: true, steps: done }),
    onFailure: (cause) => ({ ok: false, error: `${steps.join(", ")} | failed: ${String(cause).split("\n")[0]}` })
  })
}
