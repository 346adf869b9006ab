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
  { id: "v6", label: "imagekit@6.0.0", kind: "require", specifier: "imagekit" }
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
export const runColdImport = ({ runs }) => {
  const samples = new Map(TARGETS.map(({ id }) => [id, []]))
  for (const target of TARGETS) measureOnce(target) // fills the OS file cache before anything is timed
  for (let round = 0; round < runs; round++) {
    for (const target of TARGETS) samples.get(target.id).push(measureOnce(target))
  }
  const results = {}
  for (const { id, label, kind, specifier, baseline = false } of TARGETS) {
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
