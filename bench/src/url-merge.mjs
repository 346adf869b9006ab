/**
 * How the Promise adapter merges `url()` options costs `Url.build` (decisions 0061 and 0078): the instance's defaults
 * and the caller's options merged into (a) a null-prototype object by key, as before 0061; (b) a fixed-shape literal
 * filled by a `for…in` with a `switch`; (c) a fixed-shape literal read field by field, `Object.hasOwn` asked for each
 * option (what the SDK does); (d) the same, asking `Object.hasOwn` only when the value equals `Object.prototype`'s
 * (the adapter's merge from 0061 to 0078, still its merge for other prototypes); (e) for a plain object while
 * `Object.prototype` holds none of the options, each value taken as read (the adapter's merge since 0078), each then
 * given to core's `build()`, against `build()` given the caller's literal itself. By default there is no typed-step
 * detection, which isolates the merge; `--mixed` passes each merge's transformation through `Transformation.mixed`
 * as the adapter does, and then (d) costs what it cost inside the adapter, which the merge alone hid (decision 0078).
 *
 * Each variant runs in its own `node` process (so no variant's shapes make another's call sites polymorphic), several
 * times, interleaved; each process reports its best batch on CPU time, and the median over processes is printed with
 * the ratio to `build()`. On a shared machine, read ratios, not absolute figures.
 *
 * Usage: node src/url-merge.mjs [--quick] [--mixed]
 */
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { median } from "./stats.mjs"

const VARIANTS = ["build", "nullPrototype", "forInSwitch", "hasOwnEach", "ownByPrototype", "ownOnPlain"]
const quick = process.argv.includes("--quick")
const ROUNDS = quick ? 2 : 7
const mixed = process.argv.includes("--mixed")

const child = async (variant, withMixed) => {
  const { build } = await import("@effect-imagekit/core/Url")
  const Transformation = await import("@effect-imagekit/core/Transformation")
  // The merges' transformation: as given, or through the adapter's typed-step pass.
  const typedPass = withMixed ? Transformation.mixed : (transformation) => transformation
  const E = "https://ik.imagekit.io/demo_account/"
  const P = "/products/summer/shoe-01.jpg"
  const K = "private_bench_key_9f8e7d6c5b4a"
  const defaults = { urlEndpoint: E, transformationPosition: "path" }
  const steps = () => [{ width: 400, height: 300, quality: 80, format: "webp" }, { rotation: 90 }]

  const OP = Object.prototype
  // As packages/promise/src/internal/utilities.ts writes them.
  const isOwn = (o, plain, key, value, inherited) => (plain && value !== inherited) || Object.hasOwn(o, key)
  const ownValue = (o, plain, key, value, inherited) =>
    value !== undefined && isOwn(o, plain, key, value, inherited) ? value : undefined
  const ownOr = (o, plain, key, value, inherited, fallback) => {
    if (value !== undefined) return isOwn(o, plain, key, value, inherited) ? value : fallback
    return key in o && Object.hasOwn(o, key) ? undefined : fallback
  }
  const own = (o, k, v) => (v !== undefined && Object.hasOwn(o, k) ? v : undefined)
  const ownOrDefault = (o, key, value, fallback) =>
    value !== undefined || (key in o && Object.hasOwn(o, key)) ? value : fallback
  const holdsNoOption = () =>
    !(
      "urlEndpoint" in OP ||
      "path" in OP ||
      "src" in OP ||
      "transformation" in OP ||
      "transformationPosition" in OP ||
      "queryParameters" in OP ||
      "signed" in OP ||
      "expireSeconds" in OP ||
      "privateKey" in OP ||
      "now" in OP
    )
  const merges = {
    nullPrototype: (o) => {
      const m = Object.create(null)
      m.urlEndpoint = defaults.urlEndpoint
      m.transformationPosition = defaults.transformationPosition
      m.privateKey = K
      for (const key of Object.keys(o)) m[key] = o[key]
      m.transformation = typedPass(m.transformation)
      return m
    },
    forInSwitch: (o) => {
      const m = {
        urlEndpoint: defaults.urlEndpoint,
        path: undefined,
        src: undefined,
        transformation: undefined,
        transformationPosition: defaults.transformationPosition,
        queryParameters: undefined,
        signed: undefined,
        expireSeconds: undefined,
        privateKey: K,
        now: undefined
      }
      for (const k in o) {
        if (!Object.hasOwn(o, k)) continue
        switch (k) {
          case "urlEndpoint":
            m.urlEndpoint = o[k]
            break
          case "path":
            m.path = o[k]
            break
          case "src":
            m.src = o[k]
            break
          case "transformation":
            m.transformation = typedPass(o[k])
            break
          case "transformationPosition":
            m.transformationPosition = o[k]
            break
          case "queryParameters":
            m.queryParameters = o[k]
            break
          case "signed":
            m.signed = o[k]
            break
          case "expireSeconds":
            m.expireSeconds = o[k]
            break
          case "privateKey":
            m.privateKey = o[k]
            break
          case "now":
            m.now = o[k]
            break
        }
      }
      return m
    },
    ownByPrototype: (o) => {
      const plain = Object.getPrototypeOf(o) === OP
      return {
        urlEndpoint: ownOr(o, plain, "urlEndpoint", o.urlEndpoint, OP.urlEndpoint, defaults.urlEndpoint),
        path: ownValue(o, plain, "path", o.path, OP.path),
        src: ownValue(o, plain, "src", o.src, OP.src),
        transformation: typedPass(ownValue(o, plain, "transformation", o.transformation, OP.transformation)),
        transformationPosition: ownOr(
          o,
          plain,
          "transformationPosition",
          o.transformationPosition,
          OP.transformationPosition,
          defaults.transformationPosition
        ),
        queryParameters: ownValue(o, plain, "queryParameters", o.queryParameters, OP.queryParameters),
        signed: ownValue(o, plain, "signed", o.signed, OP.signed),
        expireSeconds: ownValue(o, plain, "expireSeconds", o.expireSeconds, OP.expireSeconds),
        privateKey: ownOr(o, plain, "privateKey", o.privateKey, OP.privateKey, K),
        now: ownValue(o, plain, "now", o.now, OP.now)
      }
    },
    ownOnPlain: (o) => {
      const plain = Object.getPrototypeOf(o) === OP
      if (!plain || !holdsNoOption()) return merges.ownByPrototype(o)
      return {
        urlEndpoint: ownOrDefault(o, "urlEndpoint", o.urlEndpoint, defaults.urlEndpoint),
        path: o.path,
        src: o.src,
        transformation: typedPass(o.transformation),
        transformationPosition: ownOrDefault(
          o,
          "transformationPosition",
          o.transformationPosition,
          defaults.transformationPosition
        ),
        queryParameters: o.queryParameters,
        signed: o.signed,
        expireSeconds: o.expireSeconds,
        privateKey: ownOrDefault(o, "privateKey", o.privateKey, K),
        now: o.now
      }
    },
    hasOwnEach: (o) => ({
      urlEndpoint: Object.hasOwn(o, "urlEndpoint") ? o.urlEndpoint : defaults.urlEndpoint,
      path: own(o, "path", o.path),
      src: own(o, "src", o.src),
      transformation: typedPass(own(o, "transformation", o.transformation)),
      transformationPosition: Object.hasOwn(o, "transformationPosition")
        ? o.transformationPosition
        : defaults.transformationPosition,
      queryParameters: own(o, "queryParameters", o.queryParameters),
      signed: own(o, "signed", o.signed),
      expireSeconds: own(o, "expireSeconds", o.expireSeconds),
      privateKey: Object.hasOwn(o, "privateKey") ? o.privateKey : K,
      now: own(o, "now", o.now)
    })
  }
  const merge = merges[variant]
  const loop =
    merge === undefined
      ? (n) => {
          let acc = 0
          for (let i = 0; i < n; i++) {
            const url = build({ urlEndpoint: E, path: P, transformation: steps(), transformationPosition: "path" })
            acc = (acc + url.length) | 0
          }
          return acc
        }
      : (n) => {
          let acc = 0
          for (let i = 0; i < n; i++) {
            const url = build(
              merge({ urlEndpoint: E, path: P, transformation: steps(), transformationPosition: "path" })
            )
            acc = (acc + url.length) | 0
          }
          return acc
        }
  const n = 50_000
  let sink = loop(n * 4)
  let best = 0
  for (let batch = 0; batch < 15; batch++) {
    const cpu = process.cpuUsage()
    sink = (sink + loop(n)) | 0
    const used = process.cpuUsage(cpu)
    best = Math.max(best, n / ((used.user + used.system) / 1e6))
  }
  console.log(JSON.stringify({ best, sink }))
}

if (process.argv[2] === "--child") {
  await child(process.argv[3], process.argv[4] === "--mixed")
} else {
  const self = fileURLToPath(import.meta.url)
  const results = Object.fromEntries(VARIANTS.map((variant) => [variant, []]))
  for (let round = 0; round < ROUNDS; round++) {
    for (let offset = 0; offset < VARIANTS.length; offset++) {
      const variant = VARIANTS[(round + offset) % VARIANTS.length]
      const run = spawnSync(process.execPath, [self, "--child", variant, ...(mixed ? ["--mixed"] : [])], {
        encoding: "utf8"
      })
      if (run.status !== 0) throw new Error(`${variant}: ${run.stderr}`)
      results[variant].push(JSON.parse(run.stdout).best)
    }
  }
  const base = median(results.build)
  console.log(
    `url() option merges${mixed ? " with Transformation.mixed" : ""}, ${ROUNDS} processes each: median of each process's best batch, ops per CPU-second`
  )
  for (const variant of VARIANTS) {
    const value = median(results[variant])
    console.log(
      `  ${variant.padEnd(14)} ${Math.round(value).toLocaleString("en-US").padStart(10)}  ${(value / base).toFixed(2)}x build()`
    )
  }
}
