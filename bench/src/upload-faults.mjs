/**
 * 1,000 uploads per client against the emulator with seeded lost responses (the upload is stored, then the
 * connection is dropped without an answer) and connection resets (dropped before the body is read; nothing stored).
 * Afterwards the emulator's model is inspected: how many files each unique upload name produced (every upload has
 * its own name and `useUniqueFileName` stays at its default, true, so a replayed upload becomes a second file with
 * another suffix), and how each failure reached the caller.
 *
 * Each client gets a fresh emulator with the same seed and runs in this process at the same concurrency: ours
 * (`ImageKit.layerNode`, default retry policy), @imagekit/nodejs@7 (defaults: 2 retries, which include POSTs
 * after a connection error) and imagekit@6 (no retries). Requests interleave differently per client, so the seeded
 * draws land on different uploads; the injected counts are reported per client.
 */
import { Readable } from "node:stream"
import * as Emulator from "@effect-imagekit/testing/Emulator"
import { round } from "./stats.mjs"
import { runEffect } from "./run-effect.mjs"
import { imagekitV6At } from "./imagekit-v6.mjs"

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64"
)
const privateKey = "private_bench_key"
const authorization = `Basic ${Buffer.from(`${privateKey}:`).toString("base64")}`
const pad = (value) => String(value).padStart(6, "0")
const folder = "/bench/uploads"

export const faultClients = {
  ours: "ours, layerNode, Buffer as file",
  oursStream: "ours, layerNode, Readable as file",
  v7: "@imagekit/nodejs@7 (2 retries by default)",
  v6: "imagekit@6 (no retries)"
}

/** How an error reached the caller: our tag and reason, v7's class and status, v6's status or socket code. */
const errorKey = (client, error) => {
  if (client.startsWith("ours")) {
    const parts = [error?._tag ?? error?.name ?? "Error"]
    if (error?.status !== undefined) parts.push(String(error.status))
    if (error?.reason !== undefined) parts.push(String(error.reason))
    if (error?.code !== undefined) parts.push(String(error.code))
    // Streaming uploads: how far a failed upload got, and whether the file may be stored.
    if (error?.upload?.outcome !== undefined) parts.push(`upload.outcome=${error.upload.outcome}`)
    if (error?.notRetried !== undefined) parts.push(`notRetried=${error.notRetried}`)
    return parts.join(" ")
  }
  if (client === "v7") {
    const name = error?.constructor?.name ?? "Error"
    return error?.status === undefined ? name : `${name} ${error.status}`
  }
  const status = error?.$ResponseMetadata?.statusCode
  if (status !== undefined) return `HTTP ${status}`
  return `${error?.name ?? "Error"}${error?.code === undefined ? "" : ` ${error.code}`}: ${error?.message ?? error}`
}

/** v6's axios instance, with one interceptor that sends every request to the current emulator. */
let v6Target = ""
const v6Client = () => {
  const ImageKit = imagekitV6At(v6Target)
  return new ImageKit({ publicKey: "public_test_key", privateKey, urlEndpoint: `${v6Target}/delivery` })
}

/** Returns `{ upload(index), close() }` for one client against the emulator at `url`. */
/**
 * The file every upload sends: the 1x1 PNG, or with `fileBytes` that many pseudo-random bytes (named `.bin`), big
 * enough that a reset before the server reads the body cuts the upload off while it is being sent (the loopback
 * socket buffers hold a few MiB).
 */
const fileFor = (fileBytes) => {
  if (fileBytes === undefined) return { data: PNG, extension: "png" }
  const data = Buffer.alloc(fileBytes)
  for (let offset = 0; offset < fileBytes; offset += 4) data.writeUInt32LE((offset * 2654435761) >>> 0, offset)
  return { data, extension: "bin" }
}
const chunks = (data) => {
  const list = []
  for (let offset = 0; offset < data.length; offset += 65536) list.push(data.subarray(offset, offset + 65536))
  return list
}

const makeClient = async (client, url, { data, extension }) => {
  if (client === "ours" || client === "oursStream") {
    const { Effect, Either, ManagedRuntime } = await import("effect")
    const ImageKit = await import("@effect-imagekit/sdk/ImageKit")
    const runtime = ManagedRuntime.make(
      ImageKit.layerNode({
        publicKey: "public_test_key",
        privateKey,
        urlEndpoint: `${url}/delivery`,
        apiBaseUrl: url,
        uploadBaseUrl: url
      })
    )
    const ik = await runEffect(runtime, ImageKit.ImageKit)
    const file = client === "ours" ? () => data : () => Readable.from(chunks(data))
    return {
      // The typed failure itself, not runPromise's FiberFailure wrapper.
      upload: async (index) => {
        const result = await runEffect(
          runtime,
          Effect.either(ik.upload({ file: file(), fileName: `up-${pad(index)}.${extension}`, folder }))
        )
        if (Either.isLeft(result)) throw result.left
        return result.right
      },
      close: () => runtime.dispose()
    }
  }
  if (client === "v7") {
    const { default: ImageKit, toFile } = await import("@imagekit/nodejs")
    const ik = new ImageKit({ privateKey, baseURL: url, defaultHeaders: { Authorization: authorization } })
    return {
      upload: async (index) => {
        const fileName = `up-${pad(index)}.${extension}`
        return ik.files.upload({ file: await toFile(data, fileName), fileName, folder })
      },
      close: async () => {}
    }
  }
  v6Target = url
  const ik = v6Client()
  return {
    upload: (index) => ik.upload({ file: data, fileName: `up-${pad(index)}.${extension}`, folder }),
    close: async () => {}
  }
}

const runOne = async ({ client, uploads, concurrency, faults, seed, fileBytes }) => {
  const file = fileFor(fileBytes)
  const running = await Emulator.start({ privateKey, seed, faults: { seed, ...faults } })
  const { upload, close } = await makeClient(client, running.url, file)
  const outcomes = new Array(uploads)
  const failures = {}
  let next = 0
  const started = performance.now()
  const worker = async () => {
    while (next < uploads) {
      const index = next
      next += 1
      try {
        await upload(index)
        outcomes[index] = { ok: true }
      } catch (error) {
        const key = errorKey(client, error)
        failures[key] = (failures[key] ?? 0) + 1
        outcomes[index] = { ok: false, key }
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  const seconds = (performance.now() - started) / 1000
  await close()

  const stored = new Map()
  for (const entry of running.model.files()) {
    const match = /^\/bench\/uploads\/up-(\d+)(?:_[A-Za-z0-9]+)?\.(?:png|bin)$/.exec(String(entry.filePath))
    if (match !== null) stored.set(Number(match[1]), (stored.get(Number(match[1])) ?? 0) + 1)
  }
  let duplicated = 0
  let extraFiles = 0
  let okButMissing = 0
  let failedButStored = 0
  let failedNotStored = 0
  const failedButStoredBy = {}
  for (let index = 0; index < uploads; index++) {
    const count = stored.get(index) ?? 0
    if (count > 1) {
      duplicated += 1
      extraFiles += count - 1
    }
    const outcome = outcomes[index]
    if (outcome.ok && count === 0) okButMissing += 1
    if (!outcome.ok && count >= 1) {
      failedButStored += 1
      failedButStoredBy[outcome.key] = (failedButStoredBy[outcome.key] ?? 0) + 1
    }
    if (!outcome.ok && count === 0) failedNotStored += 1
  }
  const stats = running.stats()
  await running.close()
  const ok = outcomes.filter((outcome) => outcome.ok).length
  return {
    client,
    label: faultClients[client],
    uploads,
    seconds: round(seconds, 1),
    ok,
    failed: uploads - ok,
    failures,
    stored: { files: [...stored.values()].reduce((sum, count) => sum + count, 0), uniqueNames: stored.size },
    duplicated,
    extraFiles,
    okButMissing,
    failedButStored,
    failedButStoredBy,
    failedNotStored,
    injected: { requests: stats.requests, resets: stats.resets, lostResponses: stats.lostResponses }
  }
}

export const runUploadFaults = async ({ clients, uploads, concurrency, faults, seed, fileBytes, log }) => {
  const results = {}
  for (const client of clients) {
    log(`upload faults ${client}: ${uploads} uploads, concurrency ${concurrency}`)
    results[client] = await runOne({ client, uploads, concurrency, faults, seed, fileBytes })
    const r = results[client]
    log(`  ${r.ok} ok, ${r.failed} failed, ${r.duplicated} names stored twice or more, ${r.seconds} s`)
  }
  return { settings: { uploads, concurrency, faults, seed, fileBytes: fileBytes ?? PNG.length }, results }
}
