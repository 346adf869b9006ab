// `pnpm start`: a tour of @effect-imagekit/core until the CLI and its emulator tour land. Every value below is
// computed by the built package; nothing is hard-coded except the inputs.
import { createHmac } from "node:crypto"
import { distance } from "@effect-imagekit/core/PHash"
import { authenticationParameters, signUrl } from "@effect-imagekit/core/Signing"
import { build } from "@effect-imagekit/core/Url"
import { verify } from "@effect-imagekit/core/Webhook"

const endpoint = "https://ik.imagekit.io/your_imagekit_id"
const privateKey = "demo_private_key"
const step = (title, value) => console.log(`\n${title}\n  ${typeof value === "string" ? value : JSON.stringify(value)}`)

console.log("effect-imagekit core demo (no network, no account needed)")

step(
  "1. URL with a chained transformation in the path",
  build({
    urlEndpoint: endpoint,
    path: "/default-image.jpg",
    transformation: [{ height: 300, width: 400 }, { rotation: 90 }]
  })
)

step(
  "2. The same transformation on an absolute URL (goes to ?tr=)",
  build({
    src: `${endpoint}/default-image.jpg`,
    transformation: [{ format: "jpg", progressive: true, effectSharpen: "-", effectContrast: 1 }]
  })
)

step(
  "3. A text overlay through raw, with a default image",
  build({
    urlEndpoint: endpoint,
    path: "/products/shoe.jpg",
    transformation: [{ width: 400, raw: "l-text,i-Sale,fs-50,l-end", defaultImage: "/fallbacks/shoe.jpg" }]
  })
)

step(
  "4. A signed URL that expires in 300 seconds",
  signUrl({
    urlEndpoint: endpoint,
    path: "/private/report.pdf",
    privateKey,
    expireSeconds: 300
  })
)

step("5. Client-upload authentication parameters (token, expire, signature)", authenticationParameters({ privateKey }))

step(
  "6. pHash distance of two similar images (0 = identical, 64 = opposite)",
  distance("2d5ad3936d2e015b", "2d6ed293db36a4fb")
)

const secret = "whsec_demo_secret"
const body = JSON.stringify({
  type: "video.transformation.ready",
  id: "evt_demo",
  created_at: new Date().toISOString()
})
const timestamp = Date.now()
const signature = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")
const verified = verify(body, { "x-ik-signature": `t=${timestamp},v1=${signature}` }, secret)
step("7. A webhook signed like ImageKit does, verified", { scheme: verified.scheme, type: verified.event.type })

try {
  verify(body.replace("evt_demo", "evt_forged"), { "x-ik-signature": `t=${timestamp},v1=${signature}` }, secret)
  step("8. A tampered webhook", "ACCEPTED (this is a bug)")
  process.exitCode = 1
} catch (error) {
  step("8. A tampered webhook is refused", `${error.name}: ${error.message}`)
}

console.log("\nNext: `npx --yes pnpm@10 test` runs every check; docs/ has the guides.")
