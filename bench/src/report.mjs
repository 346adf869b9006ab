const integer = (value) => Math.round(value).toLocaleString("en-US")
const times = (value) => `${value.toFixed(2)}x`
const ms = (value) => `${value.toFixed(2)} ms`
const yesNo = (value) => (value ? "yes" : "NO")

/** `align` has one letter per column, "l" or "r"; by default the first column is left-aligned, the rest right. */
export const table = (header, rows, align = `l${"r".repeat(header.length - 1)}`) => {
  const all = [header, ...rows]
  const widths = header.map((_, column) => Math.max(...all.map((row) => String(row[column]).length)))
  const pad = (cell, column) =>
    align[column] === "l" ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column])
  const line = (row) => `  ${row.map(pad).join("  ")}`.trimEnd()
  return [line(header), ...rows.map(line)].join("\n")
}

/** The budgets from ARCHITECTURE.md "Performance budgets", checked against this run. */
export const evaluateTargets = ({ throughput, coldImport, bundleSize }) => {
  const { ratios, cpuRatios } = throughput
  // Judged on wall time, as always; the CPU-time ratio is shown beside it (see README, "Throughput").
  const withCpu = (value, key) => `${times(value)} (CPU time ${times(cpuRatios[key])})`
  const ours = bundleSize.results.oursUrl
  const javascript = bundleSize.results.javascriptBrowserField
  const javascriptEsm = bundleSize.results.javascriptEsm
  // What loading our module costs: the child's timer also includes Node's fixed cost of any import(), which on
  // this machine alone exceeds the budget (an empty .mjs file takes ~6 ms), so the budget is judged net of it.
  const importMs = coldImport.oursUrlEsm.medianMs - coldImport.emptyEsm.medianMs
  return [
    {
      id: "unsignedOverV7",
      label: "unsigned build() >= 3x @imagekit/nodejs@7",
      value: withCpu(ratios.unsignedOursOverV7, "unsignedOursOverV7"),
      pass: ratios.unsignedOursOverV7 >= 3
    },
    {
      id: "unsignedOverV6",
      label: "unsigned build() >= 4x imagekit@6",
      value: withCpu(ratios.unsignedOursOverV6, "unsignedOursOverV6"),
      pass: ratios.unsignedOursOverV6 >= 4
    },
    {
      id: "adapterUnsignedOverCore",
      label: "adapter imagekit.url() unsigned within 10 % of build() (>= 0.9x)",
      value: withCpu(ratios.unsignedAdapterOverCore, "unsignedAdapterOverCore"),
      pass: ratios.unsignedAdapterOverCore >= 0.9
    },
    {
      id: "adapterUnsignedOverV7",
      label: "adapter imagekit.url() unsigned >= 3x @imagekit/nodejs@7",
      value: withCpu(ratios.unsignedAdapterOverV7, "unsignedAdapterOverV7"),
      pass: ratios.unsignedAdapterOverV7 >= 3
    },
    {
      id: "adapterSignedOverCore",
      label: "adapter imagekit.url() signed within 10 % of build() (>= 0.9x)",
      value: withCpu(ratios.signedAdapterOverCore, "signedAdapterOverCore"),
      pass: ratios.signedAdapterOverCore >= 0.9
    },
    {
      id: "signedOverV7",
      label: "signed build() >= 2x @imagekit/nodejs@7",
      value: withCpu(ratios.signedOursOverV7, "signedOursOverV7"),
      pass: ratios.signedOursOverV7 >= 2
    },
    {
      id: "buildSrcOverJavascript",
      label: "buildSrc() 2 steps + text overlay >= 3x @imagekit/javascript",
      value: withCpu(ratios.buildSrcOursOverJavascript, "buildSrcOursOverJavascript"),
      pass: ratios.buildSrcOursOverJavascript >= 3
    },
    {
      id: "signedBuildSrcOverV7",
      label: "signed buildSrc() >= 2x @imagekit/nodejs@7 helper.buildSrc()",
      value: withCpu(ratios.signedBuildSrcOursOverV7, "signedBuildSrcOursOverV7"),
      pass: ratios.signedBuildSrcOursOverV7 >= 2
    },
    {
      id: "buildSrcBundle",
      label: "root buildSrc() bundle gz <= @imagekit/javascript buildSrc() bundle gz",
      value:
        `${integer(bundleSize.results.oursBuildSrc.gzipBytes)} B vs ` +
        `${integer(bundleSize.results.javascriptBuildSrcBrowserField.gzipBytes)} B ` +
        `(its ESM build: ${integer(bundleSize.results.javascriptBuildSrcEsm.gzipBytes)} B)`,
      pass:
        bundleSize.results.oursBuildSrc.ok &&
        bundleSize.results.oursBuildSrc.gzipBytes <= bundleSize.results.javascriptBuildSrcBrowserField.gzipBytes
    },
    {
      id: "urlBuildBudget",
      label: "Url.build() alone <= 4,600 B gz",
      value: `${integer(ours.gzipBytes)} B`,
      pass: ours.ok && ours.gzipBytes <= 4600
    },
    {
      id: "treeShaking",
      label: "unused overlay and responsive code left out",
      value: bundleSize.treeShaking.ok ? "yes" : `NO: ${bundleSize.treeShaking.problems.join("; ")}`,
      pass: bundleSize.treeShaking.ok
    },
    {
      id: "urlBundle",
      label: "URL bundle gz <= @imagekit/javascript buildSrc() bundle gz",
      value:
        `${integer(ours.gzipBytes)} B vs ${integer(javascript.gzipBytes)} B ` +
        `(its ESM build: ${integer(javascriptEsm.gzipBytes)} B)`,
      pass: ours.ok && javascript.ok && ours.gzipBytes <= javascript.gzipBytes
    },
    {
      id: "coldImport",
      label: "cold import() of @effect-imagekit/core/Url < 5 ms, net of an empty module",
      value:
        `${ms(importMs)} (median ${ms(coldImport.oursUrlEsm.medianMs)} minus empty .mjs ` +
        `${ms(coldImport.emptyEsm.medianMs)})`,
      pass: importMs < 5
    },
    {
      id: "browserBundle",
      label: "browser bundle of the Url entry, no node: import, no effect",
      value: bundleSize.browserBundleOfUrlEntry.ok ? "builds" : "fails",
      pass: bundleSize.browserBundleOfUrlEntry.ok && bundleSize.browserBundleOfUrlEntry.importsEffect === false
    }
  ]
}

export const render = ({ meta, throughput, coldImport, bundleSize, targets }) => {
  const out = []
  out.push(`effect-imagekit URL benchmarks - ${meta.date}, Node ${meta.node}, ${meta.platform}, ${meta.cpus}`)
  out.push("")

  const { settings } = meta
  const input = throughput.input
  out.push(
    `1. Throughput: median of ${settings.batches} interleaved batches (~${settings.batchSeconds} s each, ` +
      `${settings.warmUpSeconds} s warm-up); spread = MAD / median`
  )
  out.push(`  input: ${input.urlEndpoint} + ${input.path}, transformation in the ${input.transformationPosition}`)
  const { unsigned, signed } = throughput.equality
  out.push(`  unsigned outputs identical (build = v6 = v7 = adapter url() = SDK ik.url()): ${yesNo(unsigned.equal)}`)
  out.push(
    `  signed outputs identical (build = v6 = v7 = adapter = SDK, same second): ${yesNo(signed.equal)}; ` +
      `signatures re-verified with node:crypto: ${yesNo(signed.signaturesVerified)}`
  )
  const rows = Object.entries(throughput.results).map(([id, result]) => [
    id === "bareHmac" ? `${result.label}, ${input.hmacMessageLength}-char message` : result.label,
    integer(result.opsPerSecond),
    `±${result.spreadPercent.toFixed(1)}%`,
    `${integer(result.min)}-${integer(result.max)}`,
    integer(result.cpuOpsPerSecond)
  ])
  out.push(table(["case", "ops/s", "spread", "min-max", "ops/CPU-s"], rows))
  const { ratios } = throughput
  out.push(
    `  ratios: unsigned ours/v6 ${times(ratios.unsignedOursOverV6)}, ours/v7 ${times(ratios.unsignedOursOverV7)}; ` +
      `signed ours/v6 ${times(ratios.signedOursOverV6)}, ours/v7 ${times(ratios.signedOursOverV7)}, ` +
      `ours/bare HMAC ${times(ratios.signedOursOverBareHmac)}`
  )
  const cpuOf = throughput.cpuRatios
  const pair = (key) => `${times(ratios[key])} (CPU ${times(cpuOf[key])})`
  out.push(
    `  what users call, unsigned: adapter url()/build() ${pair("unsignedAdapterOverCore")}, ` +
      `adapter/v6 ${pair("unsignedAdapterOverV6")}, adapter/v7 ${pair("unsignedAdapterOverV7")}; ` +
      `SDK ik.url()/build() ${pair("unsignedSdkOverCore")}, SDK/v7 ${pair("unsignedSdkOverV7")}`
  )
  out.push(
    `  what users call, signed: adapter url()/build() ${pair("signedAdapterOverCore")}, ` +
      `adapter/v6 ${pair("signedAdapterOverV6")}, adapter/v7 ${pair("signedAdapterOverV7")}; ` +
      `SDK ik.url()/build() ${pair("signedSdkOverCore")}, SDK/v7 ${pair("signedSdkOverV7")}`
  )
  const src = throughput.equality.buildSrc
  out.push(`  buildSrc input: ${JSON.stringify(throughput.buildSrcInput.transformation)}, transformation in the query`)
  out.push(
    `  buildSrc outputs identical (ours = @imagekit/javascript): ${yesNo(src.unsignedEqual)}; signed (ours = v7, ` +
      `same second): ${yesNo(src.signedEqual)}; signatures re-verified with node:crypto: ${yesNo(src.signaturesVerified)}`
  )
  out.push(
    `  ratios: buildSrc ours/@imagekit/javascript ${times(ratios.buildSrcOursOverJavascript)}; ` +
      `signed buildSrc ours/v7 ${times(ratios.signedBuildSrcOursOverV7)}`
  )
  const cpu = throughput.cpuRatios
  out.push(
    `  ratios of CPU time: unsigned ours/v7 ${times(cpu.unsignedOursOverV7)}, signed ours/v7 ${times(cpu.signedOursOverV7)}; ` +
      `buildSrc ours/js5 ${times(cpu.buildSrcOursOverJavascript)}, signed buildSrc ours/v7 ${times(cpu.signedBuildSrcOursOverV7)}`
  )
  out.push("")

  const anyResult = Object.values(coldImport)[0]
  out.push(
    `2. Cold import: ${anyResult.runs} fresh node processes per row, performance.now() around import()/require() ` +
      "in the child"
  )
  const baselines = { import: coldImport.emptyEsm.medianMs, require: coldImport.emptyCjs.medianMs }
  out.push(
    table(
      ["module", "via", "median", "p90", "median - empty file"],
      Object.values(coldImport).map((result) => [
        result.label,
        result.kind === "import" ? "import()" : "require()",
        ms(result.medianMs),
        ms(result.p90Ms),
        result.baseline ? "" : ms(result.medianMs - baselines[result.kind])
      ])
    )
  )
  out.push("")

  out.push("3. Bundle size: esbuild bundle + minify, format esm, platform browser; gzip level 9")
  out.push(
    table(
      ["bundle", "minified", "gzip"],
      Object.values(bundleSize.results).map((result) =>
        result.ok
          ? [result.label, `${integer(result.minifiedBytes)} B`, `${integer(result.gzipBytes)} B`]
          : [result.label, "FAILED", ""]
      )
    )
  )
  const shaking = bundleSize.treeShaking
  out.push(
    `  tree-shaking: ${shaking.ok ? "overlay and responsive code absent where unused" : `FAILS (${shaking.problems.join("; ")})`}`
  )
  const browser = bundleSize.browserBundleOfUrlEntry
  out.push(
    `  browser bundle of @effect-imagekit/core/Url: ${browser.ok ? "builds" : `FAILS (${browser.error ?? ""})`}; ` +
      `node: imports: ${browser.nodeImports.length === 0 ? "none" : browser.nodeImports.join(", ")}; ` +
      `effect bundled: ${browser.importsEffect === false ? "no" : "YES"}`
  )
  out.push("")

  out.push("Targets (docs/benchmarks.md)")
  out.push(
    table(
      ["result", "target", "measured"],
      targets.map((target) => [target.pass ? "pass" : "MISS", target.label, target.value]),
      "lll"
    )
  )
  return out.join("\n")
}
