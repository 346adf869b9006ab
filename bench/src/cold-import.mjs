import { spawnSync } from "node:child_process"
import { fileURLToPath, pathToFileURL } from "node:url"
import { median, percentile } from "./stats.mjs"

const BENCH_DIR = fileURLToPath(new URL("..", import.meta.url))
const EMPTY_ESM = pathToFileURL(fileURLToPath(new URL("../fixtures/empty.mjs", import.meta.url))).href
const EMPTY_CJS = fileURLToPath(new URL("../fixtures/empty.cjs", import.meta.url))

export const TARGETS = [
  { id: "emptyEsm", label: "(baseline) empty .mjs file", kind: "import", specifier: EMPTY_ESM, baseline: true },
  { id: "emptyCjs", label: "(baseline) empty .cjs file", kind: "require", specifier: EMPTY_CJS, baseline: true },
  { id: "oursUrlEsm", label: "@effect-imagekit/core/Url", kind: "import", specifier: "@effect-imagekit/core/Url" },
  { id: "oursUrlCjs", label: "@effect-imagekit/core/Url", kind: "require", specifier: "@effect-imagekit/core/Url" },
  { id: "javascript", label: "@imagekit/javascript@5.5.1", kind: "import", specifier: "@imagekit/javascript" },
  { id: "javascriptCjs", label: "@imagekit/javascript@5.5.1", kind: "require", specifier: "@imagekit/javascript" },
  { id: "nodejs", label: "@imagekit/nodejs@7.11.0", kind: "import", specifier: "@imagekit/nodejs" },
  { id: "v6", label: "imagekit@6.0.0", kind: "require", specifier: "imagekit" },
  { id: "adapterEsm", label: "@effect-imagekit/promise", kind: "import", specifier: "@effect-imagekit/promise" },
  { id: "adapterCjs", label: "@effect-imagekit/promise", kind: "require", specifier: "@effect-imagekit/promise" }
]

// The child times only the load itself with performance.now(); process start-up is outside the measurement.
const REPORT = "process.stdout.write(String(performance.now() - t0))"
const childArguments = ({ kind, specifier }) => {
  const name = JSON.stringify(specifier)
  if (kind === "import") {
    return ["--input-type=module", "--eval", `const t0 = performance.now(); await import(${name}); ${REPORT}`]
  }
  return ["--input-type=commonjs", "--eval", `const t0 = performance.now(); require(${name}); ${REPORT}`]
}

const measureOnce = (target) => {
  const child = spawnSync(process.execPath, childArguments(target), { cwd: BENCH_DIR, encoding: "utf8" })
  const milliseconds = Number.parseFloat(child.stdout)
  if (child.status !== 0 || !Number.isFinite(milliseconds)) {
    throw new Error(`cold import of ${target.specifier} failed: ${child.stderr.trim().split("\n")[0]}`)
  }
  return milliseconds
}

/** `runs` fresh processes per target, interleaved round by round so no target gets a quieter stretch. */
export const runColdImport = ({ runs, targets = TARGETS }) => {
  const samples = new Map(targets.map(({ id }) => [id, []]))
  for (const target of targets) measureOnce(target) // fills the OS file cache before anything is timed
  for (let round = 0; round < runs; round++) {
    for (const target of targets) samples.get(target.id).push(measureOnce(target))
  }
  const results = {}
  for (const { id, label, kind, specifier, baseline = false } of targets) {
    const values = samples.get(id)
    results[id] = {
      label,
      kind,
      baseline,
      specifier: baseline ? `fixtures/${specifier.slice(specifier.lastIndexOf("/") + 1)}` : specifier,
      medianMs: median(values),
      p90Ms: percentile(values, 90),
      minMs: Math.min(...values),
      runs: values.length
    }
  }
  return results
}

// `node src/cold-import.mjs [runs] [--adapter-before <promise dist dir>]`: the adapter next to imagekit@6 and
// @imagekit/nodejs@7 only, and the same adapter from another build (e.g. before a change) when given.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const runs = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 15)
  const flag = process.argv.indexOf("--adapter-before")
  const before = flag > 0 ? process.argv[flag + 1] : undefined
  const beforeTargets =
    before === undefined
      ? []
      : [
          {
            id: "beforeEsm",
            label: `adapter from ${before}`,
            kind: "import",
            specifier: pathToFileURL(`${before}/index.js`).href
          },
          { id: "beforeCjs", label: `adapter from ${before}`, kind: "require", specifier: `${before}/index.cjs` }
        ]
  const picked = TARGETS.filter(({ id }) =>
    ["emptyEsm", "emptyCjs", "v6", "nodejs", "adapterEsm", "adapterCjs"].includes(id)
  )
  const results = runColdImport({ runs, targets: [...picked, ...beforeTargets] })
  const v6 = results.v6.medianMs
  console.log(`cold import, median of ${runs} fresh processes per row (interleaved), Node ${process.version}\n`)
  console.log("| module | how | median | p90 | ÷ imagekit@6 |")
  console.log("|---|---|---|---|---|")
  for (const result of Object.values(results)) {
    const ratio = result.baseline ? "" : (result.medianMs / v6).toFixed(2)
    console.log(
      `| ${result.label} | ${result.kind} | ${result.medianMs.toFixed(1)} ms | ${result.p90Ms.toFixed(1)} ms | ${ratio} |`
    )
  }
}
