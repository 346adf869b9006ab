import { Buffer } from "node:buffer"
import { createHmac } from "node:crypto"
import { inspect } from "node:util"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { PHashError, WebhookVerificationError } from "../src/ImageKitError.js"
import * as PHash from "../src/PHash.js"
import * as Webhook from "../src/Webhook.js"

// ---------------------------------------------------------------------------------------------------------------
// Webhook deliveries signed here with node:crypto (imagekit-v6-behaviour.md section 8; Standard Webhooks as
// ImageKit sends them: the HMAC key is the UTF-8 bytes of the whole whsec_ secret)
// ---------------------------------------------------------------------------------------------------------------

// The secret of the v6 webhook test (section 8).
const SECRET = "whsec_xeO2UNkfKMQnfJf7Q/Qx+fYptL1wabXd"

const event = {
  type: "video.transformation.accepted",
  id: "58e6d24d-6098-4319-be8d-40c3cb0a402d",
  created_at: "2022-06-20T11:59:58.461Z",
  request: { x_request_id: "fa98fa2e-d6cd-45b4-acf5-bc1d2bbb8ba9", url: "https://ik.imagekit.io/demo/sample.mp4" },
  data: { asset: { url: "https://ik.imagekit.io/demo/sample.mp4" } }
}
const BODY = JSON.stringify(event)
const TAMPERED = BODY.replace("accepted", "ready")

/** Legacy `x-ik-signature`: `t=<ms>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
const legacyHeader = (timestampMs: number, body: string, secret = SECRET): string =>
  `t=${timestampMs},v1=${createHmac("sha256", secret).update(`${timestampMs}.${body}`).digest("hex")}`

const MESSAGE_ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"

/** Standard Webhooks headers: `v1,<base64 HMAC-SHA256(utf8(secret), "<id>.<seconds>.<body>")>`. */
const standardHeaders = (seconds: number, body: string, secret = SECRET): Record<string, string> => ({
  "webhook-id": MESSAGE_ID,
  "webhook-timestamp": String(seconds),
  "webhook-signature": `v1,${createHmac("sha256", Buffer.from(secret, "utf8"))
    .update(`${MESSAGE_ID}.${seconds}.${body}`)
    .digest("base64")}`
})

/** For arguments the types forbid but a JavaScript caller can pass. */
const untypedString = (value: unknown): string => value as string

const nowMs = (): number => Date.now()
const nowSeconds = (): number => Math.floor(Date.now() / 1000)
const TEN_MINUTES_MS = 10 * 60 * 1000

/** Every way an error ends up printed or logged. */
const printed = (value: unknown): ReadonlyArray<string> => [
  String(value),
  JSON.stringify(value) ?? "",
  inspect(value, { depth: Number.POSITIVE_INFINITY }),
  inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true })
]

/** The error of `self`, checked to be the SDK's WebhookVerificationError with `reason`, and free of secrets. */
const rejected = <A>(self: Effect.Effect<A, WebhookVerificationError>, reason: string, hidden: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const error = yield* Effect.flip(self)
    assert.instanceOf(error, WebhookVerificationError)
    assert.strictEqual(error._tag, "WebhookVerificationError")
    assert.strictEqual(error.reason, reason)
    for (const text of printed(error)) {
      for (const secret of hidden) assert.notInclude(text, secret)
    }
    return error
  })

describe("Webhook.verifySignature (legacy x-ik-signature)", () => {
  it.effect("accepts a delivery signed with the whole secret, with a string or a Redacted secret", () =>
    Effect.gen(function* () {
      const t = nowMs()
      const header = legacyHeader(t, BODY)
      for (const secret of [SECRET, Redacted.make(SECRET)]) {
        const verified = yield* Webhook.verifySignature(BODY, header, secret)
        assert.strictEqual(verified.timestamp, t)
        assert.deepStrictEqual(verified.event, event)
        assert.strictEqual(verified.scheme, "x-ik-signature")
      }
      // the raw body may come as bytes
      const fromBytes = yield* Webhook.verifySignature(new TextEncoder().encode(BODY), header, SECRET)
      assert.deepStrictEqual(fromBytes.event, event)
    })
  )

  it.effect("rejects a tampered body: SignatureMismatch, v6's 'Incorrect signature'", () =>
    Effect.gen(function* () {
      const t = nowMs()
      const expected = legacyHeader(t, TAMPERED).split("v1=")[1] ?? ""
      const error = yield* rejected(
        Webhook.verifySignature(TAMPERED, legacyHeader(t, BODY), SECRET),
        "SignatureMismatch",
        [SECRET, expected]
      )
      assert.strictEqual(error.message, "Incorrect signature")
    })
  )

  it.effect("rejects a delivery signed with another secret", () =>
    Effect.gen(function* () {
      const header = legacyHeader(nowMs(), BODY, "whsec_another")
      yield* rejected(Webhook.verifySignature(BODY, header, Redacted.make(SECRET)), "SignatureMismatch", [SECRET])
    })
  )

  it.effect("rejects a stale timestamp, unless the tolerance is off (v6 behaviour)", () =>
    Effect.gen(function* () {
      const stale = legacyHeader(nowMs() - TEN_MINUTES_MS, BODY)
      yield* rejected(Webhook.verifySignature(BODY, stale, SECRET), "TimestampOutsideTolerance", [SECRET])
      const verified = yield* Webhook.verifySignature(BODY, stale, SECRET, { tolerance: false })
      assert.deepStrictEqual(verified.event, event)
    })
  )

  it.effect("keeps v6's header checks and messages", () =>
    Effect.gen(function* () {
      const t = nowMs()
      const signature = legacyHeader(t, BODY).split(",")[1] ?? ""
      const missingT = yield* rejected(Webhook.verifySignature(BODY, signature, SECRET), "TimestampMissing", [SECRET])
      assert.strictEqual(missingT.message, "Timestamp missing")
      const invalidT = yield* rejected(
        Webhook.verifySignature(BODY, `t=notANumber,${signature}`, SECRET),
        "TimestampInvalid",
        [SECRET]
      )
      assert.strictEqual(invalidT.message, "Timestamp invalid")
      const missingV1 = yield* rejected(Webhook.verifySignature(BODY, `t=${t}`, SECRET), "SignatureMissing", [SECRET])
      assert.strictEqual(missingV1.message, "Signature missing")
      // keys must match exactly: with a space after the comma there is no v1
      const spaced = yield* rejected(
        Webhook.verifySignature(BODY, `t=${t}, ${signature}`, SECRET),
        "SignatureMissing",
        [SECRET]
      )
      assert.strictEqual(spaced.message, "Signature missing")
    })
  )

  it.effect("an undefined header fails closed", () =>
    Effect.gen(function* () {
      yield* rejected(Webhook.verifySignature(BODY, untypedString(undefined), SECRET), "HeadersMissing", [SECRET])
    })
  )
})

describe("Webhook.verifyStandard (Standard Webhooks)", () => {
  it.effect("accepts a delivery signed with the UTF-8 bytes of the whole whsec_ secret", () =>
    Effect.gen(function* () {
      const seconds = nowSeconds()
      const headers = standardHeaders(seconds, BODY)
      for (const secret of [SECRET, Redacted.make(SECRET)]) {
        const verified = yield* Webhook.verifyStandard(BODY, headers, secret)
        assert.deepStrictEqual(verified.event, event)
        assert.strictEqual(verified.timestamp, seconds * 1000)
        assert.strictEqual(verified.id, MESSAGE_ID)
        assert.strictEqual(verified.scheme, "standard")
      }
      // a WHATWG Headers object works as well
      const fromHeaders = yield* Webhook.verifyStandard(BODY, new Headers(headers), SECRET)
      assert.strictEqual(fromHeaders.id, MESSAGE_ID)
    })
  )

  it.effect("rejects a tampered body without showing the secret or the expected signature", () =>
    Effect.gen(function* () {
      const seconds = nowSeconds()
      const expected = (standardHeaders(seconds, TAMPERED)["webhook-signature"] ?? "").slice("v1,".length)
      const error = yield* rejected(
        Webhook.verifyStandard(TAMPERED, standardHeaders(seconds, BODY), Redacted.make(SECRET)),
        "SignatureMismatch",
        [SECRET, expected]
      )
      assert.strictEqual(error.message, "Incorrect signature")
    })
  )

  it.effect("rejects undefined headers: verification never fails open", () =>
    Effect.gen(function* () {
      yield* rejected(Webhook.verifyStandard(BODY, undefined, SECRET), "HeadersMissing", [SECRET])
      yield* rejected(Webhook.verifyStandard(BODY, null, SECRET), "HeadersMissing", [SECRET])
    })
  )

  it.effect("rejects a stale timestamp", () =>
    Effect.gen(function* () {
      const stale = standardHeaders(nowSeconds() - 600, BODY)
      yield* rejected(Webhook.verifyStandard(BODY, stale, SECRET), "TimestampOutsideTolerance", [SECRET])
    })
  )
})

describe("Webhook.verify (scheme chosen from the headers)", () => {
  it.effect("verifies a Standard Webhooks delivery and a legacy one", () =>
    Effect.gen(function* () {
      const standard = yield* Webhook.verify(BODY, standardHeaders(nowSeconds(), BODY), Redacted.make(SECRET))
      assert.strictEqual(standard.scheme, "standard")
      assert.deepStrictEqual(standard.event, event)
      const legacy = yield* Webhook.verify(BODY, { "x-ik-signature": legacyHeader(nowMs(), BODY) }, SECRET)
      assert.strictEqual(legacy.scheme, "x-ik-signature")
      assert.deepStrictEqual(legacy.event, event)
    })
  )

  it.effect("fails with the right reason on a tampered body, undefined or empty headers, and a stale timestamp", () =>
    Effect.gen(function* () {
      yield* rejected(Webhook.verify(TAMPERED, standardHeaders(nowSeconds(), BODY), SECRET), "SignatureMismatch", [
        SECRET
      ])
      yield* rejected(
        Webhook.verify(TAMPERED, { "x-ik-signature": legacyHeader(nowMs(), BODY) }, SECRET),
        "SignatureMismatch",
        [SECRET]
      )
      yield* rejected(Webhook.verify(BODY, undefined, SECRET), "HeadersMissing", [SECRET])
      yield* rejected(Webhook.verify(BODY, {}, SECRET), "HeadersMissing", [SECRET])
      yield* rejected(
        Webhook.verify(BODY, standardHeaders(nowSeconds() - 600, BODY), SECRET),
        "TimestampOutsideTolerance",
        [SECRET]
      )
      yield* rejected(
        Webhook.verify(BODY, { "x-ik-signature": legacyHeader(nowMs() - TEN_MINUTES_MS, BODY) }, SECRET),
        "TimestampOutsideTolerance",
        [SECRET]
      )
    })
  )

  it.effect("a body that is not JSON is rejected after the signature checks out", () =>
    Effect.gen(function* () {
      const body = "not json"
      yield* rejected(Webhook.verify(body, standardHeaders(nowSeconds(), body), SECRET), "InvalidBody", [SECRET])
    })
  )
})

// ---------------------------------------------------------------------------------------------------------------
// PHash (imagekit-v6-behaviour.md section 9)
// ---------------------------------------------------------------------------------------------------------------

describe("PHash.distance", () => {
  it.effect("gives v6's distances", () =>
    Effect.gen(function* () {
      const vectors: ReadonlyArray<readonly [unknown, unknown, number]> = [
        ["2d5ad3936d2e015b", "2d6ed293db36a4fb", 17],
        ["f06830ca9f1e3e90", "f06830ca9f1e3e90", 0],
        ["a4a65595ac94518b", "7838873e791f8400", 37],
        ["f06830ca9f1e3e90", 2222222222222222, 30],
        ["33699c96619cc69e", "968e978414fe04ea", 30],
        ["63433b3ccf8e1ebe", "f5d2226cd9d32b16", 27],
        ["f5d2226cd9d32b16", "63433b3ccf8e1ebe", 27],
        ["ffffffffffffffff", "0000000000000000", 64],
        ["2D5AD3936D2E015B", "2d6ed293db36a4fb", 17]
      ]
      for (const [a, b, expected] of vectors) {
        assert.strictEqual(yield* PHash.distance(a, b), expected, `${String(a)} vs ${String(b)}`)
      }
    })
  )

  it.effect("fails with PHashError Missing, InvalidHex and UnequalLength, with v6's texts", () =>
    Effect.gen(function* () {
      const cases: ReadonlyArray<readonly [unknown, unknown, string, string, string]> = [
        ["", "2d6ed293db36a4fb", "Missing", "Missing pHash value", "Please pass two pHash values"],
        ["2d5ad3936d2e015b", undefined, "Missing", "Missing pHash value", "Please pass two pHash values"],
        [
          "0x12",
          "2d6ed293db36a4fb",
          "InvalidHex",
          "Invalid pHash value",
          "Both pHash strings must be valid hexadecimal numbers"
        ],
        [
          "2d5ad3936d2e015b",
          "2d6ed293db36a4fz",
          "InvalidHex",
          "Invalid pHash value",
          "Both pHash strings must be valid hexadecimal numbers"
        ],
        [
          "2d5ad3936d2e015b",
          "2d6ed293",
          "UnequalLength",
          "Unequal pHash string length",
          "For distance calucation, the two pHash strings must have equal length"
        ]
      ]
      for (const [a, b, reason, message, help] of cases) {
        const error = yield* Effect.flip(PHash.distance(a, b))
        assert.instanceOf(error, PHashError)
        assert.strictEqual(error._tag, "PHashError")
        assert.strictEqual(error.reason, reason)
        assert.strictEqual(error.message, message)
        assert.strictEqual(error.help, help)
      }
    })
  )
})
