import { createHmac } from "node:crypto"
import { createRequire } from "node:module"
import { buildSrc } from "@effect-imagekit/core"
import { buildSrc as signedBuildSrc } from "@effect-imagekit/core/Signing"
import { build } from "@effect-imagekit/core/Url"
import Adapter from "@effect-imagekit/promise"
import * as ImageKit from "@effect-imagekit/sdk/ImageKit"
import * as ImageKitConfig from "@effect-imagekit/sdk/ImageKitConfig"
import { FetchHttpClient } from "@effect/platform"
import { buildSrc as javascriptBuildSrc } from "@imagekit/javascript"
import ImageKitV7 from "@imagekit/nodejs"
import { Cause, Effect, Exit } from "effect"
import {
  EXPIRE_SECONDS,
  overlaySteps,
  PATH,
  PRIVATE_KEY,
  PUBLIC_KEY,
  steps,
  TRANSFORMATION_POSITION,
  URL_ENDPOINT
} from "./inputs.mjs"
import { median, relativeMad } from "./stats.mjs"

const require = createRequire(import.meta.url)
const ImageKitV6 = require("imagekit")

const v6 = new ImageKitV6({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY, urlEndpoint: URL_ENDPOINT })
const v7 = new ImageKitV7({ privateKey: PRIVATE_KEY })
const SIGNING_PREFIX = URL_ENDPOINT.endsWith("/") ? URL_ENDPOINT : `${URL_ENDPOINT}/`

// What users call: the Promise adapter's `imagekit.url()` (the built bundle) and the SDK's `ik.url()`.
const adapter = new Adapter({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY, urlEndpoint: URL_ENDPOINT })

const runSync = (effect) => {
  const exit = Effect.runSyncExit(effect)
  if (Exit.isFailure(exit)) throw Cause.squash(exit.cause)
  return exit.value
}

// The client is made once; `ik.url` needs no HTTP call, so the fetch client is never used.
const ik = runSync(
  ImageKit.make.pipe(
    Effect.provide(ImageKitConfig.layer({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY, urlEndpoint: URL_ENDPOINT })),
    Effect.provide(FetchHttpClient.layer)
  )
)

const sdkUnsignedOptions = () => ({
  path: PATH,
  transformation: steps(),
  transformationPosition: TRANSFORMATION_POSITION
})
const sdkSignedOptions = () => ({
  path: PATH,
  transformation: steps(),
  transformationPosition: TRANSFORMATION_POSITION,
  signed: true,
  expireSeconds: EXPIRE_SECONDS
})

/**
 * `n` calls of `ik.url()` inside one Effect program, as an Effect application makes them (`yield*` in a generator);
 * one `runSyncExit` per batch, so the figure is the per-call cost inside a running program.
 */
const sdkLoop = (n, options, tail) =>
  runSync(
    Effect.gen(function* () {
      let acc = 0
      for (let i = 0; i < n; i++) {
        const url = yield* ik.url(options())
        acc = (acc + url.length + url.charCodeAt(tail ? url.length - 1 - (i & 31) : i % url.length)) | 0
      }
      return acc
    })
  )

// One call of each library on the shared input. The timed loops below repeat exactly these calls; they are
// written out per case (not passed as callbacks) so that every loop has its own monomorphic call site.
const once = {
  oursUnsigned: () =>
    build({
      urlEndpoint: URL_ENDPOINT,
      path: PATH,
      transformation: steps(),
      transformationPosition: TRANSFORMATION_POSITION
    }),
  adapterUnsigned: () =>
    adapter.url({
      urlEndpoint: URL_ENDPOINT,
      path: PATH,
      transformation: steps(),
      transformationPosition: TRANSFORMATION_POSITION
    }),
  sdkUnsigned: () => runSync(ik.url(sdkUnsignedOptions())),
  v6Unsigned: () =>
    v6.url({
      urlEndpoint: URL_ENDPOINT,
      path: PATH,
      transformation: steps(),
      transformationPosition: TRANSFORMATION_POSITION
    }),
  v7Unsigned: () =>
    v7.helper.buildSrc({
      urlEndpoint: URL_ENDPOINT,
      src: PATH,
      transformation: steps(),
      transformationPosition: TRANSFORMATION_POSITION
    }),
  oursSigned: () =>
    build({
      urlEndpoint: URL_ENDPOINT,
      path: PATH,
      transformation: steps(),
      transformationPosition: TRANSFORMATION_POSITION,
      signed: true,
      expireSeconds: EXPIRE_SECONDS,
      privateKey: PRIVATE_KEY
    }),
  adapterSigned: () =>
    adapter.url({
      urlEndpoint: URL_ENDPOINT,
      path: PATH,
      transformation: steps(),
      transformationPosition: TRANSFORMATION_POSITION,
      signed: true,
      expireSeconds: EXPIRE_SECONDS
    }),
  sdkSigned: () => runSync(ik.url(sdkSignedOptions())),
  v6Signed: () =>
    v6.url({
      urlEndpoint: URL_ENDPOINT,
      path: PATH,
      transformation: steps(),
      transformationPosition: TRANSFORMATION_POSITION,
      signed: true,
      expireSeconds: EXPIRE_SECONDS
    }),
  v7Signed: () =>
    v7.helper.buildSrc({
      urlEndpoint: URL_ENDPOINT,
      src: PATH,
      transformation: steps(),
      transformationPosition: TRANSFORMATION_POSITION,
      signed: true,
      expiresIn: EXPIRE_SECONDS
    }),
  oursBuildSrc: () => buildSrc({ urlEndpoint: URL_ENDPOINT, src: PATH, transformation: overlaySteps() }),
  javascriptBuildSrc: () =>
    javascriptBuildSrc({ urlEndpoint: URL_ENDPOINT, src: PATH, transformation: overlaySteps() }),
  oursBuildSrcSigned: () =>
    signedBuildSrc({
      urlEndpoint: URL_ENDPOINT,
      src: PATH,
      transformation: overlaySteps(),
      signed: true,
      expiresIn: EXPIRE_SECONDS,
      privateKey: PRIVATE_KEY
    }),
  v7BuildSrcSigned: () =>
    v7.helper.buildSrc({
      urlEndpoint: URL_ENDPOINT,
      src: PATH,
      transformation: overlaySteps(),
      signed: true,
      expiresIn: EXPIRE_SECONDS
    })
}

/** Splits a signed URL into the URL before `ik-t`/`ik-s`, the expiry and the signature. */
const splitSigned = (url) => {
  const match = /[?&]ik-t=(\d+)&ik-s=([0-9a-f]{40})$/.exec(url)
  if (match === null) return undefined
  return { unsigned: url.slice(0, match.index), expiry: match[1], signature: match[2] }
}

/** The exact string ImageKit signs: the URL without the endpoint prefix, followed by the expiry. */
const signedMessage = (parts) => parts.unsigned.replace(SIGNING_PREFIX, "") + parts.expiry

const verifySignature = (parts) =>
  createHmac("sha1", PRIVATE_KEY).update(signedMessage(parts)).digest("hex") === parts.signature

/** buildSrc: ours = js5 for the overlay input, and ours = v7 signed within one second, signatures re-verified. */
const checkBuildSrc = () => {
  const unsigned = [once.oursBuildSrc(), once.javascriptBuildSrc()]
  let signed = []
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = Math.floor(Date.now() / 1000)
    signed = [once.oursBuildSrcSigned(), once.v7BuildSrcSigned()]
    if (Math.floor(Date.now() / 1000) === before) break
  }
  const parts = signed.map(splitSigned)
  return {
    unsignedEqual: unsigned[0] === unsigned[1],
    signedEqual: signed[0] === signed[1],
    signaturesVerified: parts.every((part) => part !== undefined && verifySignature(part)),
    outputs: [...unsigned, ...signed]
  }
}

const checkUnsigned = () => {
  const outputs = [
    once.oursUnsigned(),
    once.v6Unsigned(),
    once.v7Unsigned(),
    once.adapterUnsigned(),
    once.sdkUnsigned()
  ]
  return { equal: outputs.every((output) => output === outputs[0]), outputs }
}

/**
 * The three signed URLs carry `ik-t = now + expiry`; calls made within one wall-clock second must agree byte for
 * byte. A second boundary between the calls is retried. Every signature is also recomputed with node:crypto.
 */
const checkSigned = () => {
  let outputs = []
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = Math.floor(Date.now() / 1000)
    outputs = [once.oursSigned(), once.v6Signed(), once.v7Signed(), once.adapterSigned(), once.sdkSigned()]
    if (Math.floor(Date.now() / 1000) === before) break
  }
  const parts = outputs.map(splitSigned)
  const signaturesVerified = parts.every((part) => part !== undefined && verifySignature(part))
  return {
    equal: outputs.every((output) => output === outputs[0]),
    signaturesVerified,
    outputs,
    message: parts[0] === undefined ? "" : signedMessage(parts[0])
  }
}

const loops = (hmacMessage) => ({
  oursUnsigned: (n) => {
    let acc = 0
    for (let i = 0; i < n; i++) {
      const url = build({
        urlEndpoint: URL_ENDPOINT,
        path: PATH,
        transformation: steps(),
        transformationPosition: TRANSFORMATION_POSITION
      })
      acc = (acc + url.length + url.charCodeAt(i % url.length)) | 0
    }
    return acc
  },
  adapterUnsigned: (n) => {
    let acc = 0
    for (let i = 0; i < n; i++) {
      const url = adapter.url({
        urlEndpoint: URL_ENDPOINT,
        path: PATH,
        transformation: steps(),
        transformationPosition: TRANSFORMATION_POSITION
      })
      acc = (acc + url.length + url.charCodeAt(i % url.length)) | 0
    }
    return acc
  },
  sdkUnsigned: (n) => sdkLoop(n, sdkUnsignedOptions, false),
  v6Unsigned: (n) => {
    let acc = 0
    for (let i = 0; i < n; i++) {
      const url = v6.url({
        urlEndpoint: URL_ENDPOINT,
        path: PATH,
        transformation: steps(),
        transformationPosition: TRANSFORMATION_POSITION
      })
      acc = (acc + url.length + url.charCodeAt(i % url.length)) | 0
    }
    return acc
  },
  v7Unsigned: (n) => {
    let acc = 0
    for (let i = 0; i < n; i++) {
      const url = v7.helper.buildSrc({
        urlEndpoint: URL_ENDPOINT,
        src: PATH,
        transformation: steps(),
        transformationPosition: TRANSFORMATION_POSITION
      })
      acc = (acc + url.length + url.charCodeAt(i % url.length)) | 0
    }
    return acc
  },
  oursSigned: (n) => {
    let acc = 0
    for (let i = 0; i < n; i++) {
      const url = build({
        urlEndpoint: URL_ENDPOINT,
        path: PATH,
        transformation: steps(),
        transformationPosition: TRANSFORMATION_POSITION,
        signed: true,
        expireSeconds: EXPIRE_SECONDS,
        privateKey: PRIVATE_KEY
      })
      acc = (acc + url.length + url.charCodeAt(url.length - 1 - (i & 31))) | 0
    }
    return acc
  },
  adapterSigned: (n) => {
    let acc = 0
    for (let i = 0; i < n; i++) {
      const url = adapter.url({
        urlEndpoint: URL_ENDPOINT,
        path: PATH,
        transformation: steps(),
        transformationPosition: TRANSFORMATION_POSITION,
        signed: true,
        expireSeconds: EXPIRE_SECONDS
      })
      acc = (acc + url.length + url.charCodeAt(url.length - 1 - (i & 31))) | 0
    }
    return acc
  },
  sdkSigned: (n) => sdkLoop(n, sdkSignedOptions, true),
  v6Signed: (n) => {
    let acc = 0
    for (let i = 0; i < n; i++) {
      const url = v6.url({
        urlEndpoint: URL_ENDPOINT,
        path: PATH,
        transformation: steps(),
        transformationPosition: TRANSFORMATION_POSITION,
        signed: true,
        expireSeconds: EXPIRE_SECONDS
      })
      acc = (acc + url.length + url.charCodeAt(url.length - 1 - (i & 31))) | 0
    }
    return acc
  },
  v7Signed: (n) => {
    let acc = 0
    for (let i = 0; i < n; i++) {
      const url = v7.helper.buildSrc({
        urlEndpoint: URL_ENDPOINT,
        src: PATH,
        transformation: steps(),
        transformationPosition: TRANSFORMATION_POSITION,
        signed: true,
        expiresIn: EXPIRE_SECONDS
      })
      acc = (acc + url.length + url.charCodeAt(url.length - 1 - (i & 31))) | 0
    }
    return acc
  },
  oursBuildSrc: (n) => {
    let acc = 0
    for (let i = 0; i < n; i++) {
      const url = buildSrc({ urlEndpoint: URL_ENDPOINT, src: PATH, transformation: overlaySteps() })
      acc = (acc + url.length + url.charCodeAt(i % url.length)) | 0
    }
    return acc
  },
  javascriptBuildSrc: (n) => {
    let acc = 0
    for (let i = 0; i < n; i++) {
      const url = javascriptBuildSrc({ urlEndpoint: URL_ENDPOINT, src: PATH, transformation: overlaySteps() })
      acc = (acc + url.length + url.charCodeAt(i % url.length)) | 0
    }
    return acc
  },
  oursBuildSrcSigned: (n) => {
    let acc = 0
    for (let i = 0; i < n; i++) {
      const url = signedBuildSrc({
        urlEndpoint: URL_ENDPOINT,
        src: PATH,
        transformation: overlaySteps(),
        signed: true,
        expiresIn: EXPIRE_SECONDS,
        privateKey: PRIVATE_KEY
      })
      acc = (acc + url.length + url.charCodeAt(url.length - 1 - (i & 31))) | 0
    }
    return acc
  },
  v7BuildSrcSigned: (n) => {
    let acc = 0
    for (let i = 0; i < n; i++) {
      const url = v7.helper.buildSrc({
        urlEndpoint: URL_ENDPOINT,
        src: PATH,
        transformation: overlaySteps(),
        signed: true,
        expiresIn: EXPIRE_SECONDS
      })
      acc = (acc + url.length + url.charCodeAt(url.length - 1 - (i & 31))) | 0
    }
    return acc
  },
  bareHmac: (n) => {
    let acc = 0
    for (let i = 0; i < n; i++) {
      const hex = createHmac("sha1", PRIVATE_KEY).update(hmacMessage).digest("hex")
      acc = (acc + hex.charCodeAt(i % 40)) | 0
    }
    return acc
  }
})

export const CASES = [
  { id: "oursUnsigned", label: "ours build() unsigned", group: "unsigned" },
  { id: "adapterUnsigned", label: "ours adapter imagekit.url() unsigned", group: "unsigned" },
  { id: "sdkUnsigned", label: "ours SDK ik.url() in an Effect, unsigned", group: "unsigned" },
  { id: "v6Unsigned", label: "imagekit@6 url() unsigned", group: "unsigned" },
  { id: "v7Unsigned", label: "@imagekit/nodejs@7 buildSrc() unsigned", group: "unsigned" },
  { id: "oursSigned", label: "ours build() signed + expiry", group: "signed" },
  { id: "adapterSigned", label: "ours adapter imagekit.url() signed + expiry", group: "signed" },
  { id: "sdkSigned", label: "ours SDK ik.url() in an Effect, signed + expiry", group: "signed" },
  { id: "v6Signed", label: "imagekit@6 url() signed + expiry", group: "signed" },
  { id: "v7Signed", label: "@imagekit/nodejs@7 buildSrc() signed + expiry", group: "signed" },
  { id: "bareHmac", label: "bare createHmac(sha1).digest(hex)", group: "floor" },
  { id: "oursBuildSrc", label: "ours buildSrc() 2 steps + text overlay", group: "buildSrc" },
  { id: "javascriptBuildSrc", label: "@imagekit/javascript buildSrc() same", group: "buildSrc" },
  { id: "oursBuildSrcSigned", label: "ours Signing.buildSrc() same, signed + expiry", group: "buildSrcSigned" },
  { id: "v7BuildSrcSigned", label: "@imagekit/nodejs@7 buildSrc() same, signed", group: "buildSrcSigned" }
]

/** The adapter's `url()` and the SDK's `ik.url()` against core's `build()` and the peers. */
const userFacing = (ratio) => ({
  unsignedAdapterOverCore: ratio("adapterUnsigned", "oursUnsigned"),
  unsignedAdapterOverV6: ratio("adapterUnsigned", "v6Unsigned"),
  unsignedAdapterOverV7: ratio("adapterUnsigned", "v7Unsigned"),
  unsignedSdkOverCore: ratio("sdkUnsigned", "oursUnsigned"),
  unsignedSdkOverV7: ratio("sdkUnsigned", "v7Unsigned"),
  signedAdapterOverCore: ratio("adapterSigned", "oursSigned"),
  signedAdapterOverV6: ratio("adapterSigned", "v6Signed"),
  signedAdapterOverV7: ratio("adapterSigned", "v7Signed"),
  signedSdkOverCore: ratio("sdkSigned", "oursSigned"),
  signedSdkOverV7: ratio("sdkSigned", "v7Signed")
})

// Every result is folded in here and reported, so no loop's work can be proven dead and removed.
let blackHole = 0

// CPU seconds of the batch (user + system), next to the wall time: on a shared machine the wall time includes the
// time other processes held the CPU, the CPU time does not.
let lastCpuSeconds = 0

const timeBatch = (loop, n) => {
  const cpu = process.cpuUsage()
  const start = process.hrtime.bigint()
  blackHole = (blackHole + loop(n)) | 0
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9
  const used = process.cpuUsage(cpu)
  lastCpuSeconds = (used.user + used.system) / 1e6
  return elapsed
}

/** Runs `loop` for at least `seconds`, growing the batch, and returns the observed rate. */
const warmUp = (loop, seconds) => {
  let n = 500
  let spent = 0
  let rate = 0
  while (spent < seconds) {
    const elapsed = timeBatch(loop, n)
    spent += elapsed
    rate = n / elapsed
    if (elapsed < 0.05) n *= 2
  }
  return rate
}

/**
 * Warms every case up, then runs `batches` rounds; each round times one batch of every case, starting with a
 * different case each round, so drift (GC, frequency, neighbours) spreads over all cases instead of one.
 */
export const runThroughput = ({ batches, batchSeconds, warmUpSeconds }) => {
  const unsigned = checkUnsigned()
  const signed = checkSigned()
  const src = checkBuildSrc()
  const bodies = loops(signed.message)
  const sizes = new Map()
  for (const { id } of CASES) sizes.set(id, Math.max(1000, Math.ceil(warmUp(bodies[id], warmUpSeconds) * batchSeconds)))
  const rates = new Map(CASES.map(({ id }) => [id, []]))
  const cpuRates = new Map(CASES.map(({ id }) => [id, []]))
  for (let round = 0; round < batches; round++) {
    for (let offset = 0; offset < CASES.length; offset++) {
      const { id } = CASES[(round + offset) % CASES.length]
      const n = sizes.get(id)
      rates.get(id).push(n / timeBatch(bodies[id], n))
      cpuRates.get(id).push(n / lastCpuSeconds)
    }
  }
  const results = {}
  for (const { id, label, group } of CASES) {
    const samples = rates.get(id)
    results[id] = {
      label,
      group,
      opsPerSecond: Math.round(median(samples)),
      cpuOpsPerSecond: Math.round(median(cpuRates.get(id))),
      spreadPercent: relativeMad(samples),
      min: Math.round(Math.min(...samples)),
      max: Math.round(Math.max(...samples)),
      batchSize: sizes.get(id),
      batches: samples.length
    }
  }
  const ratio = (a, b) => results[a].opsPerSecond / results[b].opsPerSecond
  const cpuRatio = (a, b) => results[a].cpuOpsPerSecond / results[b].cpuOpsPerSecond
  return {
    input: {
      urlEndpoint: URL_ENDPOINT,
      path: PATH,
      transformation: steps(),
      transformationPosition: TRANSFORMATION_POSITION,
      expireSeconds: EXPIRE_SECONDS,
      hmacMessageLength: signed.message.length
    },
    buildSrcInput: { urlEndpoint: URL_ENDPOINT, src: PATH, transformation: overlaySteps() },
    equality: {
      unsigned: { equal: unsigned.equal, outputs: unsigned.outputs },
      signed: { equal: signed.equal, signaturesVerified: signed.signaturesVerified, outputs: signed.outputs },
      buildSrc: src
    },
    results,
    ratios: {
      unsignedOursOverV6: ratio("oursUnsigned", "v6Unsigned"),
      unsignedOursOverV7: ratio("oursUnsigned", "v7Unsigned"),
      signedOursOverV6: ratio("oursSigned", "v6Signed"),
      signedOursOverV7: ratio("oursSigned", "v7Signed"),
      signedOursOverBareHmac: ratio("oursSigned", "bareHmac"),
      buildSrcOursOverJavascript: ratio("oursBuildSrc", "javascriptBuildSrc"),
      signedBuildSrcOursOverV7: ratio("oursBuildSrcSigned", "v7BuildSrcSigned"),
      ...userFacing(ratio)
    },
    cpuRatios: {
      unsignedOursOverV6: cpuRatio("oursUnsigned", "v6Unsigned"),
      unsignedOursOverV7: cpuRatio("oursUnsigned", "v7Unsigned"),
      signedOursOverV6: cpuRatio("oursSigned", "v6Signed"),
      signedOursOverV7: cpuRatio("oursSigned", "v7Signed"),
      buildSrcOursOverJavascript: cpuRatio("oursBuildSrc", "javascriptBuildSrc"),
      signedBuildSrcOursOverV7: cpuRatio("oursBuildSrcSigned", "v7BuildSrcSigned"),
      ...userFacing(cpuRatio)
    },
    blackHole
  }
}
