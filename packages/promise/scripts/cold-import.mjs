// Cold import of the adapter beside imagekit@6: each sample is a fresh `node` process timing one require/import.
// Samples are interleaved so machine noise hits every candidate alike; the median is reported.
// Usage: node scripts/cold-import.mjs [runs]
import { spawnSync } from "node:child_process"
import { createRequire } from "node:module"
import { fileURLToPath, pathToFileURL } from "node:url"

const runs = Number(process.argv[2] ?? 15)
const require = createRequire(import.meta.url)
const dist = fileURLToPath(new URL("../dist/", import.meta.url))
const v6 = require.resolve("imagekit")

const candidates = {
  "adapter (CJS require)": `const t=performance.now();require(${JSON.stringify(`${dist}index.cjs`)});console.log(performance.now()-t)`,
  "adapter (ESM import)": `const t=performance.now();await import(${JSON.stringify(pathToFileURL(`${dist}index.js`).href)});console.log(performance.now()-t)`,
  "imagekit@6 (CJS require)": `const t=performance.now();require(${JSON.stringify(v6)});console.log(performance.now()-t)`
}

const samples = Object.fromEntries(Object.keys(candidates).map((name) => [name, []]))
for (let i = 0; i < runs; i++) {
  for (const [name, code] of Object.entries(candidates)) {
    const esm = name.includes("ESM")
    const child = spawnSync(process.execPath, esm ? ["--input-type=module", "-e", code] : ["-e", code], {
      encoding: "utf8"
    })
    samples[name].push(Number(child.stdout.trim()))
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const baseline = median(samples["imagekit@6 (CJS require)"])
for (const [name, values] of Object.entries(samples)) {
  const m = median(values)
  console.log(`${name.padEnd(26)} median ${m.toFixed(1).padStart(6)} ms  (${(m / baseline).toFixed(2)} × imagekit@6)`)
}
