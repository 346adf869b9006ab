/**
 * The fault and fuzz harness in its short form (docs/reliability.md has what each run tries and the figures of the
 * long form, `pnpm --filter @effect-imagekit/bench bench:reliability`). Each run here uses small counts and asserts
 * its invariants: no name stored twice, no false "not stored", no retry before an announced reset, deadlines kept
 * within a generous bound, nothing left after interruption, no key in any output, no webhook accepted that should not
 * be, an emulator that answers malformed HTTP with 4xx or a close and keeps answering.
 *
 * Runs (f) CLI and (h) need the built packages (`pnpm build`): the `imagekit` binary and `dist/Emulator.js`.
 */
import { fileURLToPath } from "node:url"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { cliRun } from "./reliability/cli.js"
import { deadlineRun } from "./reliability/deadlines.js"
import { interruptionRun } from "./reliability/interruption.js"
import { malformedHttpRun } from "./reliability/malformedHttp.js"
import { rateLimitRun } from "./reliability/rateLimits.js"
import { formatReport, keyScanReport, UPLOAD_TIMEOUT_MS, uploadSettings } from "./reliability/run.js"
import { privateKeyFor, type RunReport } from "./reliability/setup.js"
import { duplicatesRun, followAdviceRun, sdkUploadClient, searchByPrefix, uploadFaults } from "./reliability/uploads.js"
import { webhookRun } from "./reliability/webhooks.js"
import { makeWitness } from "./reliability/witness.js"

const SEED = 20_261_207
const privateKey = privateKeyFor(SEED)
const witness = makeWitness([privateKey, privateKeyFor(SEED + 1, "private_wrong")])

const cliBinPath = fileURLToPath(new URL("../../cli/dist/bin.js", import.meta.url))
const emulatorModule = fileURLToPath(new URL("../dist/Emulator.js", import.meta.url))

/** Every figure with a target met; the report is the failure message, so a miss says what it measured. */
const assertTargets = (report: RunReport) => {
  const missed = report.figures.filter((figure) => figure.target !== undefined && figure.pass !== true)
  assert.deepStrictEqual(
    missed.map((figure) => figure.measure),
    [],
    formatReport(report)
  )
}

const live = <A>(run: Effect.Effect<A, unknown>) => run.pipe(Effect.provide(witness.layer))

const uploads = {
  label: "SDK, ImageKit.layerNode",
  privateKey,
  seed: SEED,
  concurrency: 16,
  largeShare: 0.02,
  client: sdkUploadClient(uploadSettings),
  witness,
  proxy: uploadFaults(SEED, UPLOAD_TIMEOUT_MS),
  rateLimitedRate: 0.03
}

describe("reliability harness (short form)", () => {
  it.live(
    "(a) fault-injected uploads: no name stored twice, every 'not stored' true, every success stored",
    () =>
      live(
        Effect.gen(function* () {
          const report = yield* duplicatesRun({ ...uploads, count: 80 })
          assertTargets(report)
          // The faults did happen: the proxy's figure names them.
          assert.notMatch(report.figures[1]?.value ?? "", /(^|\D)0 lost answers, 0 cut bodies/)
        })
      ),
    60_000
  )

  it.live(
    "(b) following the advice of the errors (search by prefix, one timeout after Unknown): each name stored once",
    () =>
      live(
        Effect.gen(function* () {
          assertTargets(
            yield* followAdviceRun({ ...uploads, seed: SEED + 1, count: 60, search: searchByPrefix(UPLOAD_TIMEOUT_MS) })
          )
        })
      ),
    60_000
  )

  it.live(
    "(c) no retry before the reset a 429 announced",
    () =>
      live(
        Effect.gen(function* () {
          const report = yield* rateLimitRun({ privateKey, count: 120, seed: SEED, concurrency: 16, witness })
          assertTargets(report)
          // "<announced>: <retried> retried, …": at least one 429 must have been retried for the margins to mean anything.
          const retried = Number(
            /^[\d,]+: ([\d,]+) retried/.exec(report.figures[1]?.value ?? "")?.[1]?.replace(/,/g, "")
          )
          assert.isAbove(retried, 0, "some 429s were retried")
        })
      ),
    60_000
  )

  it.live(
    "(d) calls end close to their deadline",
    () =>
      live(
        Effect.gen(function* () {
          // Generous: the machine running CI is shared; the long form gives the real figures.
          assertTargets(
            yield* deadlineRun({ privateKey, count: 120, seed: SEED, concurrency: 16, witness, boundMs: 1500 })
          )
        })
      ),
    60_000
  )

  it.live(
    "(e) interruption leaves no socket, descriptor or open stream",
    () =>
      live(
        Effect.gen(function* () {
          assertTargets(yield* interruptionRun({ privateKey, count: 5, seed: SEED, witness }))
        })
      ),
    60_000
  )

  it.live(
    "(g) webhooks: nothing accepted that is not genuine, in the window; and the oracle catches a verifier that accepts all",
    () =>
      Effect.gen(function* () {
        assertTargets(yield* webhookRun({ count: 1500, seed: SEED, witness }))
        const standIn = yield* webhookRun({ count: 300, seed: SEED, witness, verifiers: "accept-everything" })
        assert.isFalse(standIn.figures.find((figure) => figure.measure.includes("fail-open"))?.pass)
      }),
    60_000
  )

  it.live(
    "(h) malformed HTTP: the emulator answers 4xx or closes, never crashes, keeps answering",
    () =>
      Effect.gen(function* () {
        assertTargets(yield* malformedHttpRun({ emulatorModule, waitMs: 1500, slowConnections: 10, slowMs: 1000 }))
      }),
    60_000
  )

  it.live(
    "(f) the CLI, then every error, log line, span and CLI output of the runs above: no key in any form",
    () =>
      live(
        Effect.gen(function* () {
          assertTargets(yield* cliRun({ privateKey, seed: SEED, witness, binPath: cliBinPath }))
          const scan = witness.report()
          const report = keyScanReport(scan, 0)
          assertTargets(report)
          // Every kind of output was there to scan.
          for (const kind of ["error", "log", "span", "cli"]) assert.isAbove(scan.byKind[kind] ?? 0, 0, kind)
        })
      ),
    60_000
  )
})
