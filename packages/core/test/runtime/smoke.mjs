// Loaded by scripts/runtime-smoke.mjs under Node 18, Node 20, Bun and Deno: every runtime must print the same
// JSON. Only the built ESM entry points are imported, as a user of the published package would.
import { distance } from "../../dist/PHash.js"
import { authenticationParameters, signUrl } from "../../dist/Signing.js"
import { build } from "../../dist/Url.js"
import { verify, verifySignature } from "../../dist/Webhook.js"

const endpoint = "https://ik.imagekit.io/your_imagekit_id/endpoint/"
const secret = "whsec_runtime_smoke_secret"
const body = JSON.stringify({ type: "video.transformation.ready", id: "evt_1", created_at: "2026-01-01T00:00:00Z" })

const legacyHeader = (timestamp, signature) => `t=${timestamp},v1=${signature}`
const results = {
  url: build({ urlEndpoint: endpoint, path: "/défaut image.jpg", transformation: [{ height: 300, width: 400 }] }),
  src: build({ src: `${endpoint}a.jpg?v=1`, transformation: [{ effectSharpen: "-" }, { rotation: 90 }] }),
  signed: signUrl({
    urlEndpoint: endpoint,
    path: "/a.jpg",
    privateKey: "private_key_test",
    expireSeconds: 300,
    now: () => 1_700_000_000_000
  }),
  auth: authenticationParameters({ privateKey: "private_key_test", token: "your_token", expire: 1582269249 }),
  // Node 18 has no global Web Crypto in ES modules: there the token must come from the caller, and asking
  // for a generated one is a typed error, not a crash or a weak token.
  randomToken: (() => {
    try {
      return /^[0-9a-f-]{36}$/.test(authenticationParameters({ privateKey: "k" }).token)
    } catch (error) {
      return error.reason === "NoRandomSource" && typeof globalThis.crypto === "undefined"
    }
  })(),
  callerToken: authenticationParameters({ privateKey: "k", randomUUID: () => "caller-token", expire: 1 }),
  phash: distance("2d5ad3936d2e015b", "2d6ed293db36a4fb"),
  webhook: (() => {
    // A signature that is wrong must be refused the same way everywhere.
    try {
      verifySignature(body, legacyHeader(1_700_000_000_000, "00".repeat(32)), secret, { tolerance: false })
      return "accepted"
    } catch (error) {
      return `${error.name}: ${error.message}`
    }
  })(),
  webhookMissingHeaders: (() => {
    try {
      verify(body, undefined, secret)
      return "accepted"
    } catch (error) {
      return error.reason
    }
  })()
}
console.log(JSON.stringify(results))
