import * as esbuild from "esbuild"
import { gzipSync } from "node:zlib"
import { overlaySteps } from "./src/inputs.mjs"
const E = JSON.stringify({urlEndpoint:"https://ik.imagekit.io/demo_account/", src:"/products/summer/shoe-01.jpg", transformation: overlaySteps()})
for (const [name, contents] of [["buildSrc", `import { buildSrc } from "../packages/core/src/Src.ts"\nexport const u = buildSrc(${E})\n`], ["Url.build", `import { build } from "../packages/core/src/Url.ts"\nexport const u = build({urlEndpoint:"https://a.b/c", path:"/x.jpg", transformation:[{width:1}]})\n`]]) {
const r = await esbuild.build({ stdin: { contents, resolveDir: process.cwd(), loader: "ts" }, bundle: true, minify: true, format: "esm", platform: "browser", write: false, metafile: true })
const out = Object.values(r.metafile.outputs)[0]
console.log(name, Object.entries(out.inputs).map(([p, v]) => `${v.bytesInOutput} ${p.replace(/.*\//,"")}`).join(", "))
const code = r.outputFiles[0].text
console.log(code.length, gzipSync(code, {level: 9}).length)
if (process.argv[2] === name) console.log(code)
}
