/**
 * `imagekit phash` and `imagekit webhook verify` as users run them (in process, see harness.ts). Webhook
 * deliveries are real: the in-process emulator signs and posts them to a small HTTP server here, and the CLI gets
 * the body on stdin and the headers as flags, as a user copying them from a log would.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { createServer, type IncomingHttpHeaders, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { png } from "./png.js"
import { parseJson, type Run, runCli, startEmulator, type TestEmulator } from "./harness.js"

const SECRET = "whsec_cli_test_secret_0123456789"

interface Delivery {
  readonly body: Buffer
  readonly headers: IncomingHttpHeaders
}

let emulator: TestEmulator
let receiver: Server
const deliveries: Array<Delivery> = []
/** Added to the emulator's clock: a delivery signed while it is negative is an old one. */
let clockOffsetMs = 0

const expectExit = (run: Run, code: number) =>
  assert.strictEqual(run.code, code, `exit code\nstdout: ${run.stdout}\nstderr: ${run.stderr}`)

const header = (delivery: Delivery, name: string): string => {
  const value = delivery.headers[name]
  if (typeof value !== "string") throw new Error(`the delivery has no ${name} header`)
  return value
}

/** Has the emulator post its sample event and returns what the receiver got. */
const deliver = async (): Promise<Delivery> => {
  const before = deliveries.length
  const outcome = await emulator.running.sendWebhook()
  assert.strictEqual(outcome.status, "delivered")
  const delivery = deliveries[before]
  if (delivery === undefined) throw new Error("the receiver got nothing")
  return delivery
}

// A diagonal ramp with a bright disc, and a different picture: rings around a dark centre.
const picture = (x: number, y: number) => ((x - 0.3) ** 2 + (y - 0.4) ** 2 < 0.04 ? 1 : (x + y) / 3)
const rings = (x: number, y: number) => 0.5 + 0.5 * Math.cos(14 * Math.hypot(x - 0.5, y - 0.5))

const seed = (fileName: string, data: Uint8Array): string => {
  const stored = emulator.running.model.seedFile({ fileName, data, folder: "/phash", useUniqueFileName: false })
  return String(stored.fileId)
}

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Array<Buffer> = []
    request.on("data", (data: Buffer) => chunks.push(data))
    request.on("end", () => {
      deliveries.push({ body: Buffer.concat(chunks), headers: request.headers })
      response.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve))
  const port = (receiver.address() as AddressInfo).port
  emulator = await startEmulator({
    now: () => Date.now() + clockOffsetMs,
    webhook: { url: `http://127.0.0.1:${port}/hooks`, secret: SECRET, attempts: 1 }
  })
})

afterAll(async () => {
  await emulator?.running.close()
  await new Promise<void>((resolve) => (receiver === undefined ? resolve() : receiver.close(() => resolve())))
})

describe("imagekit phash", () => {
  it("compares two hashes without a server, and refuses bad hex with exit 2", async () => {
    const [lines, json, close, badHex, unequal, threshold] = await Promise.all([
      runCli(["phash", "2d5ad3936d2e015b", "2d6ed293db36a4fb"]),
      runCli(["phash", "2d5ad3936d2e015b", "2d6ed293db36a4fb", "--json"]),
      runCli(["phash", "ffffffffffffffff", "fffffffffffffff0"]),
      runCli(["phash", "2d5ad3936d2e015b", "2d5ad3936d2e015z", "--json"]),
      runCli(["phash", "2d5ad3936d2e015b", "2d5a"]),
      runCli(["phash", "2d5ad3936d2e015b", "2d6ed293db36a4fb", "--threshold", "20"])
    ])
    for (const run of [lines, json, close, threshold]) expectExit(run, 0)
    // No IMAGEKIT_* and no emulator notice: nothing was started.
    assert.strictEqual(lines.stderr, "")
    assert.strictEqual(
      lines.stdout,
      "a  2d5ad3936d2e015b\nb  2d6ed293db36a4fb\ndistance 17 of 64 bits: not similar (similar: 10 or less)\n"
    )
    assert.deepStrictEqual(parseJson(json), {
      a: { input: "2d5ad3936d2e015b", pHash: "2d5ad3936d2e015b" },
      b: { input: "2d6ed293db36a4fb", pHash: "2d6ed293db36a4fb" },
      distance: 17,
      bits: 64,
      similar: false,
      threshold: 10
    })
    assert.match(close.stdout, /distance 4 of 64 bits: similar \(similar: 10 or less\)/)
    assert.match(threshold.stdout, /distance 17 of 64 bits: similar \(similar: 20 or less\)/)
    expectExit(badHex, 2)
    assert.deepStrictEqual(parseJson(badHex), {
      error: {
        kind: "PHashError",
        message: 'Invalid pHash value: "2d5ad3936d2e015b" and "2d5ad3936d2e015z"',
        hint: "Both pHash strings must be valid hexadecimal numbers",
        exitCode: 2
      }
    })
    expectExit(unequal, 2)
    assert.match(unequal.stderr, /^imagekit: Unequal pHash string length: .*\(For distance/m)
  })

  it("--files compares files by id or URL through the metadata API", async () => {
    const a = seed("a.png", png(64, 48, picture))
    const copy = seed("copy.png", png(64, 48, picture))
    seed("small.png", png(32, 24, picture))
    seed("rings.png", png(64, 48, rings))
    const text = seed("notes.txt", new TextEncoder().encode("hello\n"))
    const url = (name: string) => `${emulator.running.urlEndpoint}/phash/${name}`
    const env = emulator.env
    const [same, smaller, different, notImage, missing, traversal] = await Promise.all([
      runCli(["phash", a, copy, "--files"], { env }),
      runCli(["phash", a, url("small.png"), "--files", "--json"], { env }),
      runCli(["phash", "--files", "--json", url("a.png"), url("rings.png")], { env }),
      runCli(["phash", a, text, "--files"], { env }),
      runCli(["phash", a, "no_such_file", "--files", "--json"], { env }),
      runCli(["phash", "../files", a, "--files"], { env })
    ])
    expectExit(same, 0)
    const [lineA, lineB, verdict] = same.stdout.trimEnd().split("\n")
    assert.match(lineA ?? "", new RegExp(`^a  [0-9a-f]{16}  \\(${a}\\)$`))
    assert.strictEqual(lineB, `b  ${lineA?.slice(3, 19)}  (${copy})`)
    assert.strictEqual(verdict, "distance 0 of 64 bits: similar (similar: 10 or less)")
    type Compared = {
      a: { input: string; pHash: string }
      b: { input: string; pHash: string }
      distance: number
      similar: boolean
    }
    for (const run of [smaller, different]) expectExit(run, 0)
    const resized = parseJson(smaller) as Compared
    assert.strictEqual(resized.a.input, a)
    assert.strictEqual(resized.b.input, url("small.png"))
    assert.match(resized.b.pHash, /^[0-9a-f]{16}$/)
    // A half-size copy hashes (nearly) alike; another picture does not.
    assert.isAtMost(resized.distance, 10)
    assert.isTrue(resized.similar)
    const other = parseJson(different) as Compared
    assert.strictEqual(other.a.pHash, resized.a.pHash)
    assert.isAbove(other.distance, 10)
    assert.isFalse(other.similar)
    expectExit(notImage, 1)
    assert.match(notImage.stderr, new RegExp(`^imagekit: ${text} has no pHash .*images only`, "m"))
    expectExit(missing, 3)
    assert.deepInclude((parseJson(missing) as { error: object }).error, { exitCode: 3, status: 404 })
    expectExit(traversal, 3)
  })

  it("--files works on the embedded emulator: both lookups share one client (one data-dir lock)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ik-phash-embedded-"))
    const env = { IMAGEKIT_EMULATOR_DATA_DIR: path.join(dir, "data") }
    fs.writeFileSync(path.join(dir, "a.png"), png(64, 48, picture))
    fs.writeFileSync(path.join(dir, "b.png"), png(64, 48, rings))
    const files = [path.join(dir, "a.png"), path.join(dir, "b.png")]
    const uploaded = await runCli(["upload", ...files, "--json"], { env })
    expectExit(uploaded, 0)
    const ids = (parseJson(uploaded) as Array<{ fileId: string }>).map((outcome) => outcome.fileId)
    const compared = await runCli(["phash", "--files", "--json", ...ids], { env })
    expectExit(compared, 0)
    assert.isAbove((parseJson(compared) as { distance: number }).distance, 10)
    fs.rmSync(dir, { recursive: true, force: true })
  })
})

describe("imagekit webhook verify", () => {
  it("verifies a real delivery in both schemes, and rejects a tampered body and a wrong secret", async () => {
    const delivery = await deliver()
    const event = JSON.parse(delivery.body.toString("utf8")) as { type: string; id: string }
    const standard = [
      "--webhook-id",
      header(delivery, "webhook-id"),
      "--webhook-timestamp",
      header(delivery, "webhook-timestamp"),
      "--webhook-signature",
      header(delivery, "webhook-signature")
    ]
    const legacy = ["--signature", header(delivery, "x-ik-signature")]
    const tampered = Buffer.from(delivery.body.toString("utf8").replace('"quality":80', '"quality":81'))
    assert.notDeepEqual(tampered, delivery.body)
    const withSecret = { IMAGEKIT_WEBHOOK_SECRET: SECRET }
    const [plain, json, fromLegacy, badBody, badSecret, badJson, flagSecret] = await Promise.all([
      runCli(["webhook", "verify", ...standard], { env: withSecret, stdin: delivery.body }),
      runCli(["webhook", "verify", ...standard, "--json"], { env: withSecret, stdin: delivery.body }),
      runCli(["webhook", "verify", ...legacy, "--json"], { env: withSecret, stdin: delivery.body }),
      runCli(["webhook", "verify", ...standard], { env: withSecret, stdin: tampered }),
      runCli(["webhook", "verify", ...legacy, "--secret", "whsec_wrong"], { stdin: delivery.body }),
      runCli(["webhook", "verify", ...legacy, "--json"], { env: withSecret, stdin: tampered }),
      runCli(["webhook", "verify", ...legacy, "--secret", SECRET], { stdin: delivery.body })
    ])
    for (const run of [plain, json, fromLegacy, flagSecret]) expectExit(run, 0)
    const signedAt = new Date(Number(header(delivery, "webhook-timestamp")) * 1000).toISOString()
    assert.strictEqual(
      plain.stdout,
      `verified ${event.type} event ${event.id} (Standard Webhooks, signed ${signedAt})\n`
    )
    assert.strictEqual(plain.stderr, "")
    assert.deepStrictEqual(parseJson(json), {
      verified: true,
      scheme: "standard",
      webhookId: header(delivery, "webhook-id"),
      timestamp: signedAt,
      event
    })
    const legacyShown = parseJson(fromLegacy) as { verified: boolean; scheme: string; webhookId: null; event: object }
    assert.deepInclude(legacyShown, { verified: true, scheme: "x-ik-signature", webhookId: null, event })
    assert.match(flagSecret.stdout, new RegExp(`^verified ${event.type} event ${event.id} \\(x-ik-signature, `))
    // Neither secret ever appears, whatever the outcome.
    for (const run of [plain, json, fromLegacy, badBody, badSecret, badJson, flagSecret]) {
      assert.notInclude(run.stdout + run.stderr, SECRET)
      assert.notInclude(run.stdout + run.stderr, "whsec_wrong")
    }
    for (const run of [badBody, badSecret]) {
      expectExit(run, 1)
      assert.match(run.stderr, /^imagekit: webhook not verified: Incorrect signature \(Check that the secret/m)
      assert.strictEqual(run.stdout, "")
    }
    expectExit(badJson, 1)
    assert.deepInclude((parseJson(badJson) as { error: object }).error, {
      kind: "WebhookVerificationError",
      message: "webhook not verified: Incorrect signature",
      exitCode: 1
    })
    for (const run of [plain, json, fromLegacy, badBody, badSecret, badJson, flagSecret]) {
      assert.notInclude(run.stdout + run.stderr, SECRET)
    }
  })

  it("checks the timestamp against --tolerance, and refuses missing secrets and headers with exit 2", async () => {
    clockOffsetMs = -3_600_000
    const old = await deliver().finally(() => {
      clockOffsetMs = 0
    })
    const legacy = ["--signature", header(old, "x-ik-signature"), "--secret", SECRET]
    const trio = ["--webhook-id", "x", "--webhook-timestamp", "1", "--webhook-signature", "v1,x"]
    const stdin = old.body
    const [tooOld, wide, off, noSecret, emptySecret, both, half, none, badTolerance] = await Promise.all([
      runCli(["webhook", "verify", ...legacy], { stdin }),
      runCli(["webhook", "verify", ...legacy, "--tolerance", "7200"], { stdin }),
      runCli(["webhook", "verify", ...legacy, "--tolerance", "off"], { stdin }),
      runCli(["webhook", "verify", "--signature", header(old, "x-ik-signature")], { stdin }),
      runCli(["webhook", "verify", ...trio], { stdin, env: { IMAGEKIT_WEBHOOK_SECRET: "" } }),
      runCli(["webhook", "verify", ...legacy, ...trio], { stdin }),
      runCli(["webhook", "verify", "--webhook-id", "x", "--secret", SECRET], { stdin }),
      runCli(["webhook", "verify", "--secret", SECRET, "--json"], { stdin }),
      runCli(["webhook", "verify", ...legacy, "--tolerance", "soon"], { stdin })
    ])
    expectExit(tooOld, 1)
    assert.match(tooOld.stderr, /^imagekit: webhook not verified: Timestamp .*--tolerance <seconds>/m)
    expectExit(wide, 0)
    expectExit(off, 0)
    expectExit(noSecret, 2)
    assert.match(noSecret.stderr, /no webhook secret: pass --secret whsec_\.\.\. or set IMAGEKIT_WEBHOOK_SECRET/)
    expectExit(emptySecret, 2)
    expectExit(both, 2)
    assert.match(both.stderr, /either --signature .* not both/)
    expectExit(half, 2)
    assert.match(half.stderr, /--webhook-timestamp and --webhook-signature missing/)
    expectExit(none, 2)
    assert.strictEqual((parseJson(none) as { error: { exitCode: number } }).error.exitCode, 2)
    expectExit(badTolerance, 2)
    for (const run of [tooOld, wide, off, both, half, none]) assert.notInclude(run.stdout + run.stderr, SECRET)
  })

  it("`imagekit webhook` alone asks for a subcommand", async () => {
    const run = await runCli(["webhook"])
    expectExit(run, 2)
    assert.match(run.stderr, /needs a subcommand: verify/)
  })
})
