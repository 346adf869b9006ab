/**
 * The Promise adapter in runs (a) and (b) of the reliability harness (docs/reliability.md): the built package, with
 * its own bundled Effect, loaded after the SDK and the emulator (the import below comes first on purpose), uploading
 * through the fault proxy. Needs `pnpm build`.
 */
import "@effect-imagekit/sdk"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { formatReport, keyScanReport, UPLOAD_TIMEOUT_MS } from "../../testing/test/reliability/run.js"
import { privateKeyFor, type RunReport } from "../../testing/test/reliability/setup.js"
import { duplicatesRun, followAdviceRun, searchByPrefix, uploadFaults } from "../../testing/test/reliability/uploads.js"
import { makeWitness } from "../../testing/test/reliability/witness.js"
import { adapterUploadClient } from "./reliability/adapterUploads.js"

const SEED = 20_261_208
const privateKey = privateKeyFor(SEED)
const witness = makeWitness([privateKey])

const assertTargets = (report: RunReport) => {
  const missed = report.figures.filter((figure) => figure.target !== undefined && figure.pass !== true)
  assert.deepStrictEqual(
    missed.map((figure) => figure.measure),
    [],
    formatReport(report)
  )
}

const uploads = {
  label: "Promise adapter (built, after the SDK)",
  privateKey,
  seed: SEED,
  concurrency: 16,
  largeShare: 0.02,
  client: adapterUploadClient({ timeoutMs: UPLOAD_TIMEOUT_MS, retry: { maxRetries: 3 } }),
  witness,
  proxy: uploadFaults(SEED, UPLOAD_TIMEOUT_MS),
  rateLimitedRate: 0.03
}

describe("the Promise adapter under network faults", () => {
  it.live(
    "(a) stores no upload twice, and no failure that says 'not stored' was stored",
    () =>
      Effect.gen(function* () {
        assertTargets(yield* duplicatesRun({ ...uploads, count: 60 }))
      }),
    60_000
  )

  it.live(
    "(b) a caller following the errors' advice stores each file once",
    () =>
      Effect.gen(function* () {
        assertTargets(
          yield* followAdviceRun({ ...uploads, seed: SEED + 1, count: 40, search: searchByPrefix(UPLOAD_TIMEOUT_MS) })
        )
      }),
    60_000
  )

  it("(f) no key in the adapter's errors", () => {
    const scan = witness.report()
    assert.isAbove(scan.texts, 0)
    assertTargets(keyScanReport(scan, 0))
  })
})
