/**
 * A mixed run of our Effect client against the emulator with faults: 10 % 5xx, 5 % 429, 2 % connection resets and
 * 1 % lost responses (the server applied the request, then dropped the connection without answering). It counts
 * successes and typed failures per operation, then inspects the emulator's model to prove that no upload and no copy
 * was applied twice.
 *
 * Where each fault comes from:
 * - 5xx (500/502/503 before the model is touched), resets (socket destroyed before the body is read) and lost
 *   responses: the emulator's seeded `faults`.
 * - 429: the emulator's seeded `rateLimitedRate` fault (not its `rateLimits`, fixed windows whose 429 share would
 *   depend on the run's speed) answers 5 % of requests with a 429 carrying `X-RateLimit-Limit/Reset/Interval` (reset
 *   uniform in [1, 500] ms) before reading them, which is what a real 429 means: the server did not act.
 *
 * Each upload has its own file name (`useUniqueFileName` left at its default, true, so a replayed upload would
 * become a second file with another suffix) and each copy its own destination folder (a replayed copy would add a
 * second version to the copied file).
 */
import * as ImageKit from "@effect-imagekit/sdk/ImageKit"
import * as Emulator from "@effect-imagekit/testing/Emulator"
import { Effect, Either, ManagedRuntime } from "effect"
import { round } from "./stats.mjs"
import { runEffect } from "./run-effect.mjs"

/** mulberry32: a small seeded generator, so the operation mix and the 429s repeat from run to run. */
const seeded = (seed) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Share of each operation in the mix, in percent. */
export const MIX = [
  ["getFileDetails", 30],
  ["upload", 15],
  ["listFiles", 10],
  ["updateFileDetails", 10],
  ["deleteFile", 10],
  ["copyFile", 8],
  ["bulkAddTags", 7],
  ["bulkRemoveTags", 5],
  ["getFileVersions", 5]
]

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64"
)

const errorKey = (error) => {
  switch (error._tag) {
    case "ApiError":
      return `ApiError ${error.status}`
    case "RequestError":
      return `RequestError ${error.reason}${error.code === undefined ? "" : ` ${error.code}`}`
    case "TimeoutError":
      return `TimeoutError ${error.scope}`
    default:
      return error._tag
  }
}

const pad = (value) => String(value).padStart(6, "0")

export const runApiFaults = async ({ operations, concurrency, faults, rateLimitedRate, retry, seed, log }) => {
  const privateKey = "private_bench_key"
  const random = seeded(seed)
  const interval = 500
  const running = await Emulator.start({
    privateKey,
    seed,
    faults: { seed, ...faults, rateLimitedRate, rateLimitResetMs: interval }
  })
  const { model } = running

  // Read pool: files every read, update, tag and copy works on; never deleted. Delete pool: one file per delete.
  const planned = MIX.map(([name, share]) => [name, Math.round((operations * share) / 100)])
  const deletes = planned.find(([name]) => name === "deleteFile")?.[1] ?? 0
  const readPool = Array.from({ length: 200 }, (_, index) =>
    model.seedFile({ fileName: `r-${pad(index)}.png`, data: PNG, folder: "/bench/read", tags: ["pool"] })
  )
  const deletePool = Array.from({ length: deletes }, (_, index) =>
    model.seedFile({ fileName: `d-${pad(index)}.png`, data: PNG, folder: "/bench/delete" })
  )
  const pick = (pool) => pool[Math.floor(random() * pool.length)]

  // The operations, shuffled with the seed: each is [name, counter].
  const plan = planned.flatMap(([name, count]) => Array.from({ length: count }, (_, index) => [name, index]))
  for (let index = plan.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1))
    const swap = plan[index]
    plan[index] = plan[other]
    plan[other] = swap
  }

  const runtime = ManagedRuntime.make(
    ImageKit.layerNode({
      publicKey: "public_test_key",
      privateKey,
      urlEndpoint: running.urlEndpoint,
      apiBaseUrl: running.url,
      uploadBaseUrl: running.url,
      retry
    })
  )
  const ik = await runEffect(runtime, ImageKit.ImageKit)

  const toEffect = ([name, index]) => {
    switch (name) {
      case "getFileDetails":
        return ik.getFileDetails(String(pick(readPool).fileId))
      case "upload":
        return ik.upload({ file: PNG, fileName: `up-${pad(index)}.png`, folder: "/bench/uploads" })
      case "listFiles":
        return ik.listFiles({ path: "/bench/read", limit: 20, skip: Math.floor(random() * 180) })
      case "updateFileDetails":
        return ik.updateFileDetails(String(pick(readPool).fileId), { customCoordinates: `${index},0,1,1` })
      case "deleteFile":
        return ik.deleteFile(String(deletePool[index].fileId))
      case "copyFile":
        return ik.copyFile({
          sourceFilePath: String(pick(readPool).filePath),
          destinationPath: `/bench/copies/c-${pad(index)}`
        })
      case "bulkAddTags":
        return ik.bulkAddTags([String(pick(readPool).fileId), String(pick(readPool).fileId)], [`t-${index % 50}`])
      case "bulkRemoveTags":
        return ik.bulkRemoveTags([String(pick(readPool).fileId)], [`t-${index % 50}`])
      case "getFileVersions":
        return ik.getFileVersions(String(pick(readPool).fileId))
      default:
        throw new Error(`unknown operation ${name}`)
    }
  }

  const perOperation = Object.fromEntries(MIX.map(([name]) => [name, { calls: 0, ok: 0, failures: {} }]))
  const outcomes = { upload: new Map(), copyFile: new Map() }
  log(`api faults: ${plan.length} operations, concurrency ${concurrency}`)
  const started = performance.now()
  await runEffect(
    runtime,
    Effect.forEach(
      plan,
      (operation) =>
        Effect.map(Effect.either(Effect.suspend(() => toEffect(operation))), (result) => {
          const [name, index] = operation
          const row = perOperation[name]
          row.calls += 1
          if (Either.isRight(result)) {
            row.ok += 1
          } else {
            const key = errorKey(result.left)
            row.failures[key] = (row.failures[key] ?? 0) + 1
          }
          if (name in outcomes) outcomes[name].set(index, Either.isRight(result))
        }),
      { concurrency, discard: true }
    )
  )
  const seconds = (performance.now() - started) / 1000
  await runtime.dispose()

  // What the server holds afterwards.
  const files = model.files()
  const uploadsByName = new Map()
  const copiesByDestination = new Map()
  for (const file of files) {
    const filePath = String(file.filePath)
    const upload = /^\/bench\/uploads\/up-(\d+)(?:_[A-Za-z0-9]+)?\.png$/.exec(filePath)
    if (upload !== null) {
      const index = Number(upload[1])
      uploadsByName.set(index, (uploadsByName.get(index) ?? 0) + 1)
    }
    const copy = /^\/bench\/copies\/c-(\d+)\//.exec(filePath)
    if (copy !== null) {
      const index = Number(copy[1])
      const versions = model.handle({ method: "GET", path: `/v1/files/${file.fileId}/versions`, query: [] })
      const count = Array.isArray(versions.body) ? versions.body.length : 1
      const entry = copiesByDestination.get(index) ?? { files: 0, versions: 0 }
      entry.files += 1
      entry.versions += count
      copiesByDestination.set(index, entry)
    }
  }
  const check = (outcome, stored) => {
    let appliedTwice = 0
    let succeededButMissing = 0
    let failedButApplied = 0
    for (const [index, ok] of outcome) {
      const count = stored(index)
      if (count > 1) appliedTwice += 1
      if (ok && count === 0) succeededButMissing += 1
      if (!ok && count === 1) failedButApplied += 1
    }
    return { calls: outcome.size, appliedTwice, succeededButMissing, failedButApplied }
  }
  const duplicates = {
    uploads: check(outcomes.upload, (index) => uploadsByName.get(index) ?? 0),
    copies: check(outcomes.copyFile, (index) => {
      const entry = copiesByDestination.get(index)
      return entry === undefined ? 0 : Math.max(entry.files, entry.versions)
    })
  }

  const stats = running.stats()
  await running.close()

  const totals = { calls: 0, ok: 0, failures: {} }
  for (const row of Object.values(perOperation)) {
    totals.calls += row.calls
    totals.ok += row.ok
    for (const [key, count] of Object.entries(row.failures)) totals.failures[key] = (totals.failures[key] ?? 0) + count
  }
  return {
    settings: {
      operations: plan.length,
      concurrency,
      faults,
      rateLimitedRate,
      rateLimitInterval: interval,
      retry,
      seed
    },
    seconds: round(seconds, 1),
    operationsPerSecond: round(plan.length / seconds, 0),
    totals,
    perOperation,
    duplicates,
    injected: {
      serverRequests: stats.requests,
      rateLimited: stats.rateLimited,
      serverErrors: stats.serverErrors,
      resets: stats.resets,
      lostResponses: stats.lostResponses
    }
  }
}
