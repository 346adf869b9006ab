/**
 * What every run shares: a seeded generator, a private key worth leaking (so a leak is visible), the emulator with the
 * fault proxy in front of it, an SDK client over `ImageKit.layerNode` pointed at the proxy, and the shape of a run's
 * figures.
 */
import { ImageKit, type ImageKitConfig } from "@effect-imagekit/sdk"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as Emulator from "../../src/Emulator.js"
import * as FaultProxy from "../../src/FaultProxy.js"
import { seededRandom } from "../../src/internal/model/random.js"

export type Random = () => number

export const random = (seed: number): Random => seededRandom(seed)

/** An integer from `min` to `max` included. */
export const between = (next: Random, min: number, max: number): number => min + Math.floor(next() * (max - min + 1))

/**
 * A private key with characters that change under URL encoding, JSON escaping and base64, so each form of a leak is a
 * distinct string to look for; and no `:`, which Basic auth cannot carry in a user name.
 */
export const privateKeyFor = (seed: number, label = "private"): string => {
  const next = random(seed)
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
  let key = `${label}_`
  for (let index = 0; index < 24; index++) key += alphabet.charAt(Math.floor(next() * alphabet.length))
  return `${key}+/=%"\\é`
}

export const PUBLIC_KEY = "public_reliability"

/** One row of the table of figures: what was measured, its value, the target and whether it was met. */
export interface Figure {
  readonly measure: string
  readonly value: string
  readonly target?: string | undefined
  readonly pass?: boolean | undefined
}

export interface RunReport {
  readonly id: string
  readonly title: string
  /** What the run tried, in a sentence or two (printed above its figures). */
  readonly tried: string
  readonly figures: ReadonlyArray<Figure>
  readonly seconds: number
}

export const count = (value: number): string => value.toLocaleString("en-US")

export const ms = (value: number): string => `${value.toFixed(1)} ms`

/** The p-th percentile (0..100) of `values`, nearest rank; NaN for none. */
export const percentile = (values: ReadonlyArray<number>, p: number): number => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank] ?? Number.NaN
}

export interface Stack {
  readonly emulator: Emulator.Running
  readonly proxy: FaultProxy.Running
  readonly privateKey: string
}

/** The emulator (with its own faults, if any) and the proxy in front of it, for the scope's lifetime. */
export const stack = (options: {
  readonly privateKey: string
  readonly emulator?: Omit<Emulator.Options, "privateKey" | "publicKey"> | undefined
  readonly proxy?: Omit<FaultProxy.Options, "target"> | undefined
}): Effect.Effect<Stack, Emulator.EmulatorError | FaultProxy.FaultProxyError, Scope.Scope> =>
  Effect.gen(function* () {
    const emulator = yield* Emulator.scoped({
      ...options.emulator,
      privateKey: options.privateKey,
      publicKey: PUBLIC_KEY
    })
    const proxy = yield* FaultProxy.scoped({ ...options.proxy, target: emulator.url })
    return { emulator, proxy, privateKey: options.privateKey }
  })

/** An SDK client over our `node:http` transport, pointed at the proxy. */
export const sdkClient = (
  running: Stack,
  settings: Pick<ImageKitConfig.Options, "timeout" | "deadline" | "retry"> & {
    readonly privateKey?: string | undefined
    readonly baseUrl?: string | undefined
  }
) =>
  ImageKit.layerNode({
    publicKey: PUBLIC_KEY,
    privateKey: settings.privateKey ?? running.privateKey,
    urlEndpoint: running.emulator.urlEndpoint,
    apiBaseUrl: settings.baseUrl ?? running.proxy.url,
    uploadBaseUrl: settings.baseUrl ?? running.proxy.url,
    timeout: settings.timeout,
    deadline: settings.deadline,
    retry: settings.retry
  })

/**
 * A control for timing figures: how late a bare 10 ms timer fires while something else runs. On a shared machine the
 * event loop itself can be hundreds of ms late; a call's overshoot is judged next to it.
 */
export const timerLateness = (): { readonly stop: () => ReadonlyArray<number> } => {
  const samples: Array<number> = []
  let expected = performance.now() + 10
  let timer: ReturnType<typeof setTimeout>
  const tick = () => {
    const now = performance.now()
    samples.push(Math.max(0, now - expected))
    expected = now + 10
    timer = setTimeout(tick, 10)
  }
  timer = setTimeout(tick, 10)
  return {
    stop: () => {
      clearTimeout(timer)
      return samples
    }
  }
}
