// Two copies of Effect in one process (issue 13, defect 1; docs/decisions/0036-bundled-effect-keeps-its-globals.md).
// The adapter bundles its own Effect; an application may also load the SDK with its own `effect`. Each process here
// loads the built adapter, the SDK and a bare `effect` in one order (every order, and each client alone; also the
// CommonJS bundle after them, and both bundles together), then runs the same calls through each client against the
// emulator:
// - an upload that takes 1.5 s but sends a chunk every 150 ms, with a 1 s timeout: over node:http the timeout is an
//   inactivity timeout for uploads (docs/uploads.md, "Cancellation and timeouts"), so it succeeds;
// - an upload of a small file whose answer never comes in time (the emulator waits 3 s before reading): a timeout
//   whose outcome is "Unknown" (the whole body was sent, the answer was lost; docs/uploads.md's outcome table);
// - a GET answered 500, 500, then 404: retried twice (idempotent call, 5xx; 20 ms base delay), then the 404 (three
//   requests).
// Each client must behave the same in every order as when it is loaded alone, the adapter's copy of Effect must leave
// the store of global values that other copies share untouched, and `imagekit.effect` must still work as
// docs/promise.md shows it (a stream on the adapter's runtime; the adapter's layer in the application's program).
import { spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { Emulator } from "@effect-imagekit/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const dist = fileURLToPath(new URL("../dist/index.js", import.meta.url))
const child = fileURLToPath(new URL("./fixtures/effect-copies.mjs", import.meta.url))

interface Outcome {
  readonly ok: boolean
  readonly name?: string
  readonly error?: string
  readonly code?: string
  readonly status?: number
  readonly outcome?: string
  readonly elapsedMs: number
}
interface Calls {
  readonly steadyUpload: Outcome
  readonly answerLost: Outcome
  readonly retried: Outcome
}
interface Run {
  readonly order: ReadonlyArray<string>
  readonly store: ReadonlyArray<{ readonly loaded: string; readonly addedToSharedStore: number }>
  readonly adapter?: Calls
  readonly adapterCjs?: Calls
  readonly sdk?: Calls
  readonly hatch?: { readonly streamOnAdapterRuntime: number | string; readonly layerOnAppRuntime: number | string }
  readonly sharedStoreAfter: number
  readonly requests: { readonly adapter: number; readonly adapterCjs: number; readonly sdk: number }
}

const ORDERS = [
  ["adapter"],
  ["sdk"],
  ["adapter", "sdk", "effect"],
  ["adapter", "effect", "sdk"],
  ["sdk", "adapter", "effect"],
  ["sdk", "effect", "adapter"],
  ["effect", "adapter", "sdk"],
  ["effect", "sdk", "adapter"]
] as const
const MORE = [
  ["effect", "sdk", "adapter-cjs"],
  ["adapter", "adapter-cjs"]
] as const

let steady: Emulator.Running
let slow: Emulator.Running
const runs = new Map<string, Run>()

const runOrder = async (order: ReadonlyArray<string>): Promise<Run> => {
  // A retry emulator per client and per process, so that its request count is that client's alone.
  const retryAdapter = await Emulator.start()
  const retryAdapterCjs = await Emulator.start()
  const retrySdk = await Emulator.start()
  for (const emulator of [retryAdapter, retryAdapterCjs, retrySdk]) emulator.injectNext("serverError", 2)
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const process_ = spawn(process.execPath, [child, order.join(",")], {
        cwd: fileURLToPath(new URL("..", import.meta.url)),
        env: {
          ...process.env,
          STEADY_URL: steady.url,
          SLOW_URL: slow.url,
          RETRY_ADAPTER_URL: retryAdapter.url,
          RETRY_ADAPTER_CJS_URL: retryAdapterCjs.url,
          RETRY_SDK_URL: retrySdk.url
        },
        stdio: ["ignore", "pipe", "pipe"]
      })
      let stdout = ""
      let stderr = ""
      process_.stdout.on("data", (chunk) => {
        stdout += chunk
      })
      process_.stderr.on("data", (chunk) => {
        stderr += chunk
      })
      process_.on("error", reject)
      process_.on("close", (code) =>
        code === 0 ? resolve(stdout) : reject(new Error(`${order.join(",")} exited ${code}:\n${stderr}${stdout}`))
      )
    })
    const result = JSON.parse(output.trim().split("\n").at(-1) ?? "") as Omit<Run, "requests">
    const requests = {
      adapter: retryAdapter.stats().requests,
      adapterCjs: retryAdapterCjs.stats().requests,
      sdk: retrySdk.stats().requests
    }
    return { ...result, requests }
  } finally {
    await retryAdapter.close()
    await retryAdapterCjs.close()
    await retrySdk.close()
  }
}

beforeAll(async () => {
  if (!existsSync(dist)) throw new Error(`${dist} is missing: run pnpm build (these tests load the bundle)`)
  steady = await Emulator.start()
  slow = await Emulator.start({ faults: { latencyMs: 3000 } })
  // Four processes at a time: most of each run is waiting on timers and sockets.
  const queue: Array<ReadonlyArray<string>> = [...ORDERS, ...MORE]
  const worker = async () => {
    for (let order = queue.shift(); order !== undefined; order = queue.shift())
      runs.set(order.join(","), await runOrder(order))
  }
  await Promise.all([worker(), worker(), worker(), worker()])
}, 120_000)

afterAll(async () => {
  await steady?.close()
  await slow?.close()
})

/** What must not depend on the order: everything but the timings. */
const behaviour = (calls: Calls | undefined) =>
  calls === undefined
    ? undefined
    : Object.fromEntries(Object.entries(calls).map(([name, { elapsedMs: _, ...rest }]) => [name, rest]))

describe("each client loaded alone", () => {
  it("the adapter: a steady upload outlives the timeout, a lost answer is Unknown, a 5xx is retried", () => {
    const alone = runs.get("adapter")?.adapter
    expect(alone?.steadyUpload).toMatchObject({ ok: true, name: "steady-adapter.bin" })
    expect(alone?.answerLost).toMatchObject({
      ok: false,
      error: "ImageKitRequestError",
      code: "ETIMEDOUT",
      outcome: "Unknown"
    })
    expect(alone?.retried).toMatchObject({ ok: false, status: 404 })
    expect(runs.get("adapter")?.requests.adapter).toBe(3)
  })

  it("the SDK: the same", () => {
    const alone = runs.get("sdk")?.sdk
    expect(alone?.steadyUpload).toMatchObject({ ok: true, name: "steady-sdk.bin" })
    expect(alone?.answerLost).toMatchObject({ ok: false, error: "TimeoutError", outcome: "Unknown" })
    expect(alone?.retried).toMatchObject({ ok: false, status: 404 })
    expect(runs.get("sdk")?.requests.sdk).toBe(3)
  })

  it("the adapter alone never creates the shared store of global values", () => {
    expect(runs.get("adapter")?.sharedStoreAfter).toBe(0)
  })
})

describe.each(ORDERS.filter((order) => order.length === 3).map((order) => [order.join(" → "), order.join(",")]))(
  "loaded in the order %s",
  (_, key) => {
    it("the adapter behaves as when it is loaded alone", () => {
      expect(behaviour(runs.get(key)?.adapter)).toEqual(behaviour(runs.get("adapter")?.adapter))
      expect(runs.get(key)?.requests.adapter).toBe(3)
    })

    it("the SDK behaves as when it is loaded alone", () => {
      expect(behaviour(runs.get(key)?.sdk)).toEqual(behaviour(runs.get("sdk")?.sdk))
      expect(runs.get(key)?.requests.sdk).toBe(3)
    })

    it("imagekit.effect works with the application's Effect: its runtime, and its layer on the app's runtime", () => {
      expect(runs.get(key)?.hatch).toEqual({ streamOnAdapterRuntime: 1, layerOnAppRuntime: 1 })
    })

    it("loading the adapter adds nothing to the store the other copy uses", () => {
      const adapterStep = runs.get(key)?.store.find((step) => step.loaded === "adapter")
      expect(adapterStep?.addedToSharedStore).toBe(0)
    })
  }
)

describe("the CommonJS bundle", () => {
  it("loaded after the SDK and a bare effect, behaves as the adapter alone", () => {
    const run = runs.get("effect,sdk,adapter-cjs")
    expect(behaviour(run?.adapterCjs)).toEqual(behaviour(runs.get("adapter")?.adapter))
    expect(run?.requests.adapterCjs).toBe(3)
    expect(behaviour(run?.sdk)).toEqual(behaviour(runs.get("sdk")?.sdk))
  })

  it("loaded with the ESM bundle in one process, each behaves as the adapter alone", () => {
    const run = runs.get("adapter,adapter-cjs")
    expect(behaviour(run?.adapter)).toEqual(behaviour(runs.get("adapter")?.adapter))
    expect(behaviour(run?.adapterCjs)).toEqual(behaviour(runs.get("adapter")?.adapter))
    expect(run?.sharedStoreAfter).toBe(0)
  })
})
