import { createHmac } from "node:crypto"
import { inspect } from "node:util"
import { runInNewContext } from "node:vm"
import * as fc from "effect/FastCheck"
import ImageKit from "imagekit"
import { describe, expect, it } from "vitest"
import {
  isWebhookVerificationError,
  type StandardVerifyOptions,
  type VerifiedEvent,
  verify,
  verifySignature,
  verifyStandard,
  WebhookVerificationError,
  type WebhookVerificationErrorReason
} from "../src/Webhook.js"

// ---------------------------------------------------------------------------------------------------------------
// fixtures, all signatures computed here with node:crypto
// ---------------------------------------------------------------------------------------------------------------

// The imagekit@6 test suite's sample delivery (test/webhook-signature.js in imagekit-developer/imagekit-nodejs).
const V6_SECRET = "whsec_xeO2UNkfKMQnfJf7Q/Qx+fYptL1wabXd"
const V6_HEADER = "t=1655788406333,v1=d30758f47fcb31e1fa0109d3b3e2a6c623e699aaf1461cba6bd462ef58ea4b31"
const V6_TIMESTAMP = 1655788406333
const V6_BODY =
  '{"type":"video.transformation.accepted","id":"58e6d24d-6098-4319-be8d-40c3cb0a402d","created_at":' +
  '"2022-06-20T11:59:58.461Z","request":{"x_request_id":"fa98fa2e-d6cd-45b4-acf5-bc1d2bbb8ba9","url":' +
  '"http://ik.imagekit.io/demo/sample-video.mp4?tr=f-webm,q-10","user_agent":"Mozilla/5.0 (Macintosh; Intel Mac ' +
  'OS X 10.15; rv:101.0) Gecko/20100101 Firefox/101.0"},"data":{"asset":{"url":"http://ik.imagekit.io/demo/' +
  'sample-video.mp4"},"transformation":{"type":"video-transformation","options":{"video_codec":"vp9",' +
  '"audio_codec":"opus","auto_rotate":true,"quality":10,"format":"webm"}}}}'

// The Standard Webhooks specification's published vector (secret used base64-decoded, as the spec says).
const SPEC = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: "1614265330",
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
}

const SECRET = "whsec_dGhpcyBpcyBhIHRlc3Qgc2VjcmV0IGZvciBpbWFnZWtpdA=="
const NOW = 1_700_000_000_000
const BODY = '{"type":"upload.pre-transform.success","id":"evt_1","created_at":"2023-11-14T22:13:20.000Z"}'

const v6 = new ImageKit({ publicKey: "public", privateKey: "private", urlEndpoint: "https://ik.imagekit.io/demo" })

const legacyMac = (secret: string, timestamp: number | string, body: string | Uint8Array) =>
  createHmac("sha256", Buffer.from(secret, "utf8")).update(`${timestamp}.`).update(body).digest("hex")
const legacyHeader = (secret: string, timestamp: number, body: string | Uint8Array) =>
  `t=${timestamp},v1=${legacyMac(secret, timestamp, body)}`

const utf8Key = (secret: string) => Buffer.from(secret, "utf8")
const base64Key = (secret: string) => Buffer.from(secret.replace(/^whsec_/, ""), "base64")
const standardMac = (key: Uint8Array, id: string, seconds: number | string, body: string | Uint8Array) =>
  createHmac("sha256", key).update(`${id}.${seconds}.`).update(body).digest("base64")
const standardHeaders = (key: Uint8Array, id: string, seconds: number, body: string | Uint8Array) => ({
  "webhook-id": id,
  "webhook-timestamp": String(seconds),
  "webhook-signature": `v1,${standardMac(key, id, seconds, body)}`
})

const at = (now: number, extra?: StandardVerifyOptions): StandardVerifyOptions => ({ ...extra, now: () => now })

/** Runs `run`, demands a WebhookVerificationError (any other throw or a success fails the test) and returns it. */
const rejection = (run: () => unknown): WebhookVerificationError => {
  let result: unknown
  try {
    result = run()
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error
    throw new Error(`expected WebhookVerificationError, got ${inspect(error)}`)
  }
  throw new Error(`expected WebhookVerificationError, got success ${inspect(result)}`)
}

const reason = (run: () => unknown): WebhookVerificationErrorReason => rejection(run).reason

/** Success, a typed rejection, or a test failure for anything else thrown. */
const settle = (run: () => VerifiedEvent): VerifiedEvent | WebhookVerificationError => {
  try {
    return run()
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error
    throw new Error(`unexpected throw ${inspect(error)}`)
  }
}

const flipByte = (bytes: Uint8Array, index: number, mask: number): Uint8Array => {
  const copy = bytes.slice()
  copy[index] = (copy[index] ?? 0) ^ mask
  return copy
}

const otherHexDigit = (digit: string, shift: number) => {
  const digits = "0123456789abcdef"
  return digits[(digits.indexOf(digit) + 1 + (shift % 15)) % 16] ?? "0"
}

// ---------------------------------------------------------------------------------------------------------------
// legacy x-ik-signature
// ---------------------------------------------------------------------------------------------------------------

describe("verifySignature (x-ik-signature)", () => {
  it("the reconstructed v6 sample body matches the v6 sample header (checked with node:crypto)", () => {
    expect(`t=${V6_TIMESTAMP},v1=${legacyMac(V6_SECRET, V6_TIMESTAMP, V6_BODY)}`).toBe(V6_HEADER)
  })

  it("verifies the v6 sample as a string, a Buffer and a Uint8Array", () => {
    const expected = JSON.parse(V6_BODY)
    for (const body of [V6_BODY, Buffer.from(V6_BODY), Uint8Array.from(Buffer.from(V6_BODY))]) {
      const verified = verifySignature(body, V6_HEADER, V6_SECRET, { tolerance: false })
      expect(verified).toEqual({ timestamp: V6_TIMESTAMP, event: expected, scheme: "x-ik-signature" })
      expect("id" in verified).toBe(false)
    }
  })

  it("rejects the 2022 sample as too old under the default tolerance, and accepts it near its time", () => {
    const error = rejection(() => verifySignature(V6_BODY, V6_HEADER, V6_SECRET))
    expect(error.reason).toBe("TimestampOutsideTolerance")
    expect(error.message).toBe("Timestamp too old")
    expect(verifySignature(V6_BODY, V6_HEADER, V6_SECRET, at(V6_TIMESTAMP + 1000)).timestamp).toBe(V6_TIMESTAMP)
  })

  it("reproduces every v6 negative test with its exact message", () => {
    const cases: ReadonlyArray<readonly [string, string, string, string, WebhookVerificationErrorReason]> = [
      [
        V6_BODY,
        "v1=b6bc2aa82491c32f1cbef0eb52b7ffffff467ea65a03b5d4ccdcfb9e0941c946",
        V6_SECRET,
        "Timestamp missing",
        "TimestampMissing"
      ],
      [
        V6_BODY,
        "t=notANumber,v1=b6bc2aa82491c32f1cbef0eb52b7ffffff467ea65a03b5d4ccdcfb9e0941c946",
        V6_SECRET,
        "Timestamp invalid",
        "TimestampInvalid"
      ],
      [V6_BODY, "t=1656326161409", V6_SECRET, "Signature missing", "SignatureMissing"],
      [
        V6_BODY,
        `t=${V6_TIMESTAMP},v1=d66b01d8f1e158d1af7646184716037510ac8ce0a1e70b726a1b698f954785b2`,
        V6_SECRET,
        "Incorrect signature",
        "SignatureMismatch"
      ],
      [JSON.stringify({ hello: "world" }), V6_HEADER, V6_SECRET, "Incorrect signature", "SignatureMismatch"],
      [
        V6_BODY,
        V6_HEADER.replace(`t=${V6_TIMESTAMP}`, `t=${V6_TIMESTAMP + 1}`),
        V6_SECRET,
        "Incorrect signature",
        "SignatureMismatch"
      ],
      [V6_BODY, V6_HEADER, "A different secret", "Incorrect signature", "SignatureMismatch"]
    ]
    for (const [body, header, secret, message, expectedReason] of cases) {
      const error = rejection(() => verifySignature(body, header, secret, { tolerance: false }))
      expect(error.message).toBe(message)
      expect(error.reason).toBe(expectedReason)
      expect(() => v6.verifyWebhookEvent(body, header, secret)).toThrow(message)
    }
  })

  it("parses the header exactly like v6", () => {
    const sig = (t: number | string) => legacyMac(SECRET, t, BODY)
    const run = (header: string) => verifySignature(BODY, header, SECRET, { tolerance: false })
    expect(rejection(() => run(`t,v1=${sig(1)}`)).message).toBe("Timestamp missing")
    expect(rejection(() => run(`T=1,v1=${sig(1)}`)).message).toBe("Timestamp missing")
    expect(rejection(() => run(` t=1,v1=${sig(1)}`)).message).toBe("Timestamp missing")
    expect(rejection(() => run("")).message).toBe("Timestamp missing")
    expect(rejection(() => run(`t=,v1=${sig(1)}`)).message).toBe("Timestamp invalid")
    expect(rejection(() => run(`t=notANumber,v1=${sig(1)}`)).message).toBe("Timestamp invalid")
    expect(rejection(() => run(`t=-1,v1=${sig(-1)}`)).message).toBe("Timestamp invalid")
    expect(rejection(() => run(`t=1, v1=${sig(1)}`)).message).toBe("Signature missing")
    expect(rejection(() => run("t=1,v1")).message).toBe("Signature missing")
    expect(rejection(() => run("t=1,v1=")).message).toBe("Incorrect signature")
    // Trailing junk is ignored by parseInt, and the parsed integer is what gets signed.
    expect(run(`t=12abc,v1=${sig(12)}`).timestamp).toBe(12)
    expect(rejection(() => run(`t=12abc,v1=${sig("12abc")}`)).message).toBe("Incorrect signature")
    expect(run(`t=0,v1=${sig(0)}`).timestamp).toBe(0)
    expect(run(`t=-0,v1=${sig(0)}`).timestamp).toBe(0)
    expect(run(`t=007,v1=${sig(7)}`).timestamp).toBe(7)
    // Order does not matter, the first `t` wins, and unknown items are ignored.
    expect(run(`v1=${sig(5)},t=5`).timestamp).toBe(5)
    expect(run(`t=5,t=6,v1=${sig(5)}`).timestamp).toBe(5)
    expect(run(`x=y,t=5,v0=abc,v1=${sig(5)},z`).timestamp).toBe(5)
    // The hex comparison is case-sensitive, like v6.
    expect(rejection(() => run(`t=5,v1=${sig(5).toUpperCase()}`)).message).toBe("Incorrect signature")
  })

  it("agrees with imagekit@6 verifyWebhookEvent on generated headers", () => {
    const timestamp = fc.oneof(fc.integer({ min: 0, max: 4_000_000_000_000 }), fc.constantFrom(0, 1, 12))
    const item = (t: number) =>
      fc.oneof(
        fc.constant(`t=${t}`),
        fc.constant(`t=${t}junk`),
        fc.constantFrom("t", "t=", "t=abc", "t=-5", " t=1", "t=1=2"),
        fc.constantFrom("x=y", "", "=", "v2=abc", "v1x=abc"),
        fc.string({ maxLength: 8 })
      )
    const signatureItem = (t: number) =>
      fc.constantFrom(
        `v1=${legacyMac(SECRET, t, BODY)}`,
        ` v1=${legacyMac(SECRET, t, BODY)}`,
        `v1=${legacyMac("other", t, BODY)}`,
        `v1=${legacyMac(SECRET, t + 1, BODY)}`,
        "v1",
        "v1=",
        "v1=abc"
      )
    const header = timestamp.chain((t) =>
      fc
        .tuple(fc.array(item(t), { maxLength: 4 }), fc.option(signatureItem(t)), fc.nat())
        .map(([items, signature, position]) => {
          const all = [...items]
          if (signature !== null) all.splice(position % (all.length + 1), 0, signature)
          return all.join(",")
        })
    )
    fc.assert(
      fc.property(header, (signatureHeader) => {
        let expected: { readonly timestamp: number } | Error
        try {
          expected = v6.verifyWebhookEvent(BODY, signatureHeader, SECRET)
        } catch (error) {
          expected = error as Error
        }
        const actual = settle(() => verifySignature(BODY, signatureHeader, SECRET, { tolerance: false }))
        if (expected instanceof Error) {
          expect(actual).toBeInstanceOf(WebhookVerificationError)
          expect(actual instanceof Error ? actual.message : actual).toBe(expected.message)
        } else {
          expect(actual).toEqual({ ...expected, scheme: "x-ik-signature" })
        }
      }),
      { numRuns: 1000 }
    )
  })

  it("accepts any of several v1 signatures (secret rotation)", () => {
    const t = NOW
    const oldSig = legacyMac("whsec_old", t, BODY)
    const newSig = legacyMac("whsec_new", t, BODY)
    const header = `t=${t},v1=${oldSig},v1=${newSig}`
    expect(verifySignature(BODY, header, "whsec_old", at(NOW)).timestamp).toBe(t)
    expect(verifySignature(BODY, header, "whsec_new", at(NOW)).timestamp).toBe(t)
    expect(verifySignature(BODY, `t=${t},v1=deadbeef,v1=${newSig}`, "whsec_new", at(NOW)).timestamp).toBe(t)
    expect(reason(() => verifySignature(BODY, header, "whsec_third", at(NOW)))).toBe("SignatureMismatch")
  })

  it("signs the raw bytes of a byte body, not a UTF-8 round trip of them", () => {
    // Invalid UTF-8 inside a JSON string: decoding would turn 0xff into U+FFFD and change the signed bytes.
    const body = Uint8Array.from([...Buffer.from('{"a":"'), 0xff, ...Buffer.from('"}')])
    const header = legacyHeader(SECRET, NOW, body)
    expect(verifySignature(body, header, SECRET, at(NOW)).event).toEqual({ a: "\ufffd" })
  })

  it("accepts a Uint8Array from another realm", () => {
    const body = runInNewContext(`new Uint8Array([${[...Buffer.from(BODY)].join(",")}])`) as Uint8Array
    expect(body instanceof Uint8Array).toBe(false)
    expect(verifySignature(body, legacyHeader(SECRET, NOW, BODY), SECRET, at(NOW)).event).toEqual(JSON.parse(BODY))
  })

  it("checks the tolerance in both directions, after the signature", () => {
    const header = legacyHeader(SECRET, NOW, BODY)
    const check = (now: number, options?: StandardVerifyOptions) =>
      settle(() => verifySignature(BODY, header, SECRET, { ...options, now: () => now }))
    expect(check(NOW + 300_000)).toHaveProperty("timestamp", NOW)
    expect(check(NOW - 300_000)).toHaveProperty("timestamp", NOW)
    expect(check(NOW + 300_001)).toMatchObject({ reason: "TimestampOutsideTolerance", message: "Timestamp too old" })
    expect(check(NOW - 300_001)).toMatchObject({ reason: "TimestampOutsideTolerance", message: "Timestamp too new" })
    expect(check(NOW + 10_000, { tolerance: 10 })).toHaveProperty("timestamp", NOW)
    expect(check(NOW + 10_001, { tolerance: 10 })).toHaveProperty("reason", "TimestampOutsideTolerance")
    expect(check(NOW - 10_001, { tolerance: 10 })).toHaveProperty("reason", "TimestampOutsideTolerance")
    expect(check(NOW, { tolerance: 0 })).toHaveProperty("timestamp", NOW)
    expect(check(NOW + 1, { tolerance: 0 })).toHaveProperty("reason", "TimestampOutsideTolerance")
    expect(check(NOW + 10 * 365 * 86_400_000, { tolerance: false })).toHaveProperty("timestamp", NOW)
    expect(check(NOW - 10 * 365 * 86_400_000, { tolerance: false })).toHaveProperty("timestamp", NOW)
    // A bad signature is reported as such even when the timestamp is also out of range.
    const forged = `t=${NOW},v1=${legacyMac("other", NOW, BODY)}`
    expect(reason(() => verifySignature(BODY, forged, SECRET, at(0)))).toBe("SignatureMismatch")
  })

  it("never lets a malformed tolerance or clock disable the check", () => {
    const header = legacyHeader(SECRET, NOW, BODY)
    const run = (options: unknown) =>
      settle(() => verifySignature(BODY, header, SECRET, options as StandardVerifyOptions))
    for (const tolerance of [Number.NaN, -1, "5", null, true, {}]) {
      expect(run({ tolerance, now: () => NOW + 299_000 })).toHaveProperty("timestamp", NOW)
      expect(run({ tolerance, now: () => NOW + 301_000 })).toHaveProperty("reason", "TimestampOutsideTolerance")
    }
    for (const now of [Number.NaN, "now", undefined]) {
      expect(run({ now: () => now })).toHaveProperty("reason", "TimestampOutsideTolerance")
    }
    // A `now` that is not a function is ignored in favour of the real clock (so this 2023 event is too old).
    expect(run({ now: 5 })).toHaveProperty("reason", "TimestampOutsideTolerance")
  })

  it("reports a signed body that is not JSON as InvalidBody, not a SyntaxError", () => {
    const body = "not json"
    const error = rejection(() => verifySignature(body, legacyHeader(SECRET, NOW, body), SECRET, at(NOW)))
    expect(error.reason).toBe("InvalidBody")
    expect(error.message).toBe("Webhook body is not valid JSON")
    expect(error.message).not.toContain(body)
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from("{}")])
    expect(reason(() => verifySignature(bom, legacyHeader(SECRET, NOW, bom), SECRET, at(NOW)))).toBe("InvalidBody")
  })

  it("turns wrongly typed arguments into typed errors", () => {
    const header = legacyHeader(SECRET, NOW, BODY)
    const untyped = verifySignature as (body: unknown, header: unknown, secret: unknown) => VerifiedEvent
    for (const body of [undefined, null, 42, { type: "x" }, new ArrayBuffer(2), [1, 2], new Uint16Array(2)]) {
      expect(reason(() => untyped(body, header, SECRET))).toBe("InvalidBody")
    }
    expect(rejection(() => untyped({ parsed: true }, header, SECRET)).help).toContain("already parsed")
    for (const secret of [undefined, null, "", 42, Buffer.from(SECRET)]) {
      expect(reason(() => untyped(BODY, header, secret))).toBe("InvalidSecret")
    }
    for (const signatureHeader of [undefined, null, 42, [header], { t: 1 }]) {
      expect(reason(() => untyped(BODY, signatureHeader, SECRET))).toBe("HeadersMissing")
    }
  })

  it("rejects any single-byte change to the body, the timestamp or the signature", () => {
    fc.assert(
      fc.property(
        fc.json(),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 4_000_000_000_000 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (json, secret, t, position, mask) => {
          const body = Buffer.from(json)
          const mac = legacyMac(secret, t, body)
          const options = at(t)
          expect(verifySignature(body, `t=${t},v1=${mac}`, secret, options).timestamp).toBe(t)
          const changedBody = flipByte(body, position % body.length, mask)
          expect(reason(() => verifySignature(changedBody, `t=${t},v1=${mac}`, secret, options))).toBe(
            "SignatureMismatch"
          )
          const digits = String(t)
          const digitAt = position % digits.length
          const changedDigit = otherHexDigit(digits[digitAt] ?? "0", mask).replace(/[a-f]/, "9")
          const changedT = `${digits.slice(0, digitAt)}${changedDigit}${digits.slice(digitAt + 1)}`
          if (Number.parseInt(changedT, 10) !== t) {
            const outcome = settle(() => verifySignature(body, `t=${changedT},v1=${mac}`, secret, { tolerance: false }))
            expect(outcome).toHaveProperty("reason", "SignatureMismatch")
          }
          const macAt = position % mac.length
          const changedMac = `${mac.slice(0, macAt)}${otherHexDigit(mac[macAt] ?? "0", mask)}${mac.slice(macAt + 1)}`
          expect(reason(() => verifySignature(body, `t=${t},v1=${changedMac}`, secret, options))).toBe(
            "SignatureMismatch"
          )
        }
      ),
      { numRuns: 300 }
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Standard Webhooks
// ---------------------------------------------------------------------------------------------------------------

describe("verifyStandard", () => {
  const seconds = NOW / 1000
  const utf8Headers = standardHeaders(utf8Key(SECRET), "msg_1", seconds, BODY)

  it("verifies the Standard Webhooks specification vector with secretEncoding base64", () => {
    const headers = {
      "webhook-id": SPEC.id,
      "webhook-timestamp": SPEC.timestamp,
      "webhook-signature": SPEC.signature
    }
    const verified = verifyStandard(SPEC.body, headers, SPEC.secret, at(1614265330_000, { secretEncoding: "base64" }))
    expect(verified).toEqual({
      timestamp: 1614265330_000,
      event: { test: 2432232314 },
      scheme: "standard",
      id: SPEC.id
    })
    // Without the prefix too, and not with ImageKit's UTF-8 key.
    expect(
      verifyStandard(SPEC.body, headers, SPEC.secret.slice(6), at(1614265330_000, { secretEncoding: "base64" })).id
    ).toBe(SPEC.id)
    expect(reason(() => verifyStandard(SPEC.body, headers, SPEC.secret, at(1614265330_000)))).toBe("SignatureMismatch")
  })

  it("keys the HMAC with the UTF-8 bytes of the whole whsec_ secret by default, as ImageKit does", () => {
    const verified = verifyStandard(BODY, utf8Headers, SECRET, at(NOW))
    expect(verified).toEqual({ timestamp: NOW, event: JSON.parse(BODY), scheme: "standard", id: "msg_1" })
    expect(verifyStandard(BODY, utf8Headers, SECRET, at(NOW, { secretEncoding: "utf8" })).id).toBe("msg_1")
    expect(reason(() => verifyStandard(BODY, utf8Headers, SECRET, at(NOW, { secretEncoding: "base64" })))).toBe(
      "SignatureMismatch"
    )
    const base64Headers = standardHeaders(base64Key(SECRET), "msg_1", seconds, BODY)
    expect(verifyStandard(BODY, base64Headers, SECRET, at(NOW, { secretEncoding: "base64" })).id).toBe("msg_1")
    expect(reason(() => verifyStandard(BODY, base64Headers, SECRET, at(NOW)))).toBe("SignatureMismatch")
  })

  it("accepts a string, Buffer or Uint8Array body", () => {
    for (const body of [BODY, Buffer.from(BODY), Uint8Array.from(Buffer.from(BODY))]) {
      expect(verifyStandard(body, utf8Headers, SECRET, at(NOW)).event).toEqual(JSON.parse(BODY))
    }
  })

  it("reads WHATWG Headers, Maps, and plain objects with any-case names and array values", () => {
    const headerBags: ReadonlyArray<Parameters<typeof verifyStandard>[1]> = [
      new Headers(utf8Headers),
      new Map(Object.entries(utf8Headers)),
      {
        "Webhook-Id": utf8Headers["webhook-id"],
        "WEBHOOK-TIMESTAMP": [utf8Headers["webhook-timestamp"]],
        "webhook-signature": utf8Headers["webhook-signature"],
        "content-type": "application/json"
      },
      // Duplicates are fine when they agree.
      {
        ...utf8Headers,
        "Webhook-ID": utf8Headers["webhook-id"],
        "webhook-timestamp": [seconds.toString(), `${seconds}`]
      }
    ]
    for (const headers of headerBags) {
      expect(verifyStandard(BODY, headers, SECRET, at(NOW)).id).toBe("msg_1")
    }
  })

  it("rejects duplicate headers that disagree, and non-string values", () => {
    const cases: ReadonlyArray<Record<string, unknown>> = [
      { ...utf8Headers, "Webhook-Id": "msg_2" },
      { ...utf8Headers, "webhook-timestamp": [String(seconds), String(seconds + 1)] },
      { ...utf8Headers, "webhook-id": 42 },
      { ...utf8Headers, "webhook-signature": [utf8Headers["webhook-signature"], 5] },
      { ...utf8Headers, "webhook-timestamp": seconds }
    ]
    for (const headers of cases) {
      expect(reason(() => verifyStandard(BODY, headers as never, SECRET, at(NOW)))).toBe("HeadersMissing")
    }
  })

  it("fails closed when headers are missing (the @imagekit/nodejs v7 unwrap bug)", () => {
    for (const headers of [undefined, null]) {
      const error = rejection(() => verifyStandard(BODY, headers, SECRET, at(NOW)))
      expect(error.reason).toBe("HeadersMissing")
    }
    const without = (name: string) =>
      Object.fromEntries(Object.entries(utf8Headers).filter(([key]) => key !== name)) as Record<string, string>
    expect(reason(() => verifyStandard(BODY, {}, SECRET, at(NOW)))).toBe("HeadersMissing")
    expect(reason(() => verifyStandard(BODY, without("webhook-id"), SECRET, at(NOW)))).toBe("HeadersMissing")
    expect(reason(() => verifyStandard(BODY, without("webhook-timestamp"), SECRET, at(NOW)))).toBe("TimestampMissing")
    expect(reason(() => verifyStandard(BODY, without("webhook-signature"), SECRET, at(NOW)))).toBe("SignatureMissing")
    expect(reason(() => verifyStandard(BODY, { ...utf8Headers, "webhook-id": "" }, SECRET, at(NOW)))).toBe(
      "HeadersMissing"
    )
    expect(reason(() => verifyStandard(BODY, { ...utf8Headers, "webhook-signature": "" }, SECRET, at(NOW)))).toBe(
      "SignatureMissing"
    )
  })

  it("requires an integer timestamp in seconds", () => {
    for (const timestamp of [
      "abc",
      "1.5",
      "-1",
      "1e9",
      " 1700000000",
      "1700000000 ",
      "+1700000000",
      "0x10",
      "9".repeat(20)
    ]) {
      expect(
        reason(() => verifyStandard(BODY, { ...utf8Headers, "webhook-timestamp": timestamp }, SECRET, at(NOW))),
        timestamp
      ).toBe("TimestampInvalid")
    }
    // Leading zeros name the same second, which is what gets signed (as the standardwebhooks library does).
    expect(
      verifyStandard(BODY, { ...utf8Headers, "webhook-timestamp": `00${seconds}` }, SECRET, at(NOW)).timestamp
    ).toBe(NOW)
  })

  it("ignores other signature versions and accepts any matching v1 entry (rotation)", () => {
    const mac = standardMac(utf8Key(SECRET), "msg_1", seconds, BODY)
    const old = standardMac(utf8Key("whsec_old"), "msg_1", seconds, BODY)
    const signature = (value: string) => ({ ...utf8Headers, "webhook-signature": value })
    expect(verifyStandard(BODY, signature(`v1a,${mac} v1,${old} v1,${mac}`), SECRET, at(NOW)).id).toBe("msg_1")
    expect(verifyStandard(BODY, signature(`v1,${old}  v1,${mac}`), SECRET, at(NOW)).id).toBe("msg_1")
    expect(verifyStandard(BODY, signature(`v1,${mac} v1,${old}`), "whsec_old", at(NOW)).id).toBe("msg_1")
    expect(reason(() => verifyStandard(BODY, signature(`v1a,${mac}`), SECRET, at(NOW)))).toBe("SignatureMissing")
    expect(reason(() => verifyStandard(BODY, signature(`v2,${mac}`), SECRET, at(NOW)))).toBe("SignatureMissing")
    expect(reason(() => verifyStandard(BODY, signature(mac), SECRET, at(NOW)))).toBe("SignatureMissing")
    expect(reason(() => verifyStandard(BODY, signature(`v1,${old}`), SECRET, at(NOW)))).toBe("SignatureMismatch")
    expect(reason(() => verifyStandard(BODY, signature(`V1,${mac}`), SECRET, at(NOW)))).toBe("SignatureMissing")
    expect(reason(() => verifyStandard(BODY, signature(`v1,${mac.replace(/=+$/, "")}`), SECRET, at(NOW)))).toBe(
      "SignatureMismatch"
    )
  })

  it("checks the tolerance (seconds) in both directions", () => {
    const check = (now: number, extra?: StandardVerifyOptions) =>
      settle(() => verifyStandard(BODY, utf8Headers, SECRET, at(now, extra)))
    expect(check(NOW + 300_000)).toHaveProperty("timestamp", NOW)
    expect(check(NOW - 300_000)).toHaveProperty("timestamp", NOW)
    expect(check(NOW + 300_001)).toMatchObject({ reason: "TimestampOutsideTolerance", message: "Timestamp too old" })
    expect(check(NOW - 300_001)).toMatchObject({ reason: "TimestampOutsideTolerance", message: "Timestamp too new" })
    expect(check(NOW + 60_001, { tolerance: 60 })).toHaveProperty("reason", "TimestampOutsideTolerance")
    expect(check(NOW + 86_400_000, { tolerance: false })).toHaveProperty("timestamp", NOW)
  })

  it("validates the secret", () => {
    const untyped = verifyStandard as (b: unknown, h: unknown, s: unknown, o?: unknown) => VerifiedEvent
    for (const secret of [undefined, "", 42, null]) {
      expect(reason(() => untyped(BODY, utf8Headers, secret))).toBe("InvalidSecret")
    }
    for (const secret of ["whsec_", "whsec_not base64!", "whsec_abcde", "whsec_ab=c"]) {
      expect(reason(() => untyped(BODY, utf8Headers, secret, { secretEncoding: "base64" }))).toBe("InvalidSecret")
    }
    expect(reason(() => untyped(BODY, utf8Headers, SECRET, { secretEncoding: "hex" }))).toBe("InvalidSecret")
  })

  it("rejects any single-byte change to the body, id, timestamp or signature", () => {
    fc.assert(
      fc.property(
        fc.json(),
        fc.stringMatching(/^msg_[A-Za-z0-9]{1,20}$/),
        fc.integer({ min: 1, max: 4_000_000_000 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        fc.constantFrom<"utf8" | "base64">("utf8", "base64"),
        (json, id, t, position, mask, secretEncoding) => {
          const body = Buffer.from(json)
          const key = secretEncoding === "utf8" ? utf8Key(SECRET) : base64Key(SECRET)
          const headers = standardHeaders(key, id, t, body)
          const options = at(t * 1000, { secretEncoding })
          expect(verifyStandard(body, headers, SECRET, options).id).toBe(id)
          const changedBody = flipByte(body, position % body.length, mask)
          expect(reason(() => verifyStandard(changedBody, headers, SECRET, options))).toBe("SignatureMismatch")
          const idAt = position % id.length
          const changedId = `${id.slice(0, idAt)}${String.fromCharCode(id.charCodeAt(idAt) ^ mask || 1)}${id.slice(idAt + 1)}`
          if (changedId !== id) {
            const outcome = settle(() => verifyStandard(body, { ...headers, "webhook-id": changedId }, SECRET, options))
            expect(outcome).toBeInstanceOf(WebhookVerificationError)
          }
          const changedT = String(t + 1 + (mask % 100))
          const outcome = settle(() =>
            verifyStandard(body, { ...headers, "webhook-timestamp": changedT }, SECRET, {
              ...options,
              tolerance: false
            })
          )
          expect(outcome).toHaveProperty("reason", "SignatureMismatch")
          const signature = headers["webhook-signature"]
          const sigAt = 3 + (position % (signature.length - 3))
          const replacement = signature[sigAt] === "A" ? "B" : "A"
          const changedSig = `${signature.slice(0, sigAt)}${replacement}${signature.slice(sigAt + 1)}`
          expect(
            reason(() => verifyStandard(body, { ...headers, "webhook-signature": changedSig }, SECRET, options))
          ).toBe("SignatureMismatch")
        }
      ),
      { numRuns: 300 }
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------
// verify (scheme detection)
// ---------------------------------------------------------------------------------------------------------------

describe("verify", () => {
  const standard = standardHeaders(utf8Key(SECRET), "msg_1", NOW / 1000, BODY)

  it("uses Standard Webhooks when webhook-signature is present", () => {
    expect(verify(BODY, standard, SECRET, at(NOW)).scheme).toBe("standard")
    expect(verify(BODY, new Headers(standard), SECRET, at(NOW)).scheme).toBe("standard")
    // Present alongside a legacy header: the standard one decides.
    const both = { ...standard, "x-ik-signature": "t=1,v1=00" }
    expect(verify(BODY, both, SECRET, at(NOW)).scheme).toBe("standard")
  })

  it("falls back to x-ik-signature", () => {
    const verified = verify(V6_BODY, { "X-IK-Signature": V6_HEADER }, V6_SECRET, { tolerance: false })
    expect(verified).toEqual({ timestamp: V6_TIMESTAMP, event: JSON.parse(V6_BODY), scheme: "x-ik-signature" })
    const headers = new Headers({ "x-ik-signature": V6_HEADER })
    expect(verify(Buffer.from(V6_BODY), headers, V6_SECRET, at(V6_TIMESTAMP)).timestamp).toBe(V6_TIMESTAMP)
    expect(reason(() => verify(V6_BODY, { "x-ik-signature": "" }, V6_SECRET))).toBe("TimestampMissing")
  })

  it("fails closed without a signature header", () => {
    for (const headers of [
      undefined,
      null,
      {},
      new Headers(),
      { "webhook-id": "msg_1" },
      { "webhook-signature": "" }
    ]) {
      expect(reason(() => verify(BODY, headers, SECRET, at(NOW)))).toBe("HeadersMissing")
    }
    const untyped = verify as (b: unknown, h: unknown, s: unknown) => VerifiedEvent
    for (const headers of [42, "x-ik-signature: t=1", true, Symbol("h")]) {
      expect(reason(() => untyped(BODY, headers, SECRET))).toBe("HeadersMissing")
    }
  })

  it("reports unreadable header objects as HeadersMissing", () => {
    const throwingGetter = Object.defineProperty({}, "webhook-signature", {
      enumerable: true,
      get: () => {
        throw new Error("boom")
      }
    })
    const throwingGet = {
      get: () => {
        throw new Error("boom")
      }
    }
    const hostileProxy = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error("boom")
        },
        get: () => {
          throw new Error("boom")
        }
      }
    )
    const nonStringGet = { get: () => 42 }
    for (const headers of [throwingGetter, throwingGet, hostileProxy, nonStringGet]) {
      expect(reason(() => verify(BODY, headers as never, SECRET, at(NOW)))).toBe("HeadersMissing")
      expect(reason(() => verifyStandard(BODY, headers as never, SECRET, at(NOW)))).toBe("HeadersMissing")
    }
  })

  it("never throws anything but WebhookVerificationError and never succeeds on arbitrary headers", () => {
    const bag = fc.oneof(
      fc.anything(),
      fc.dictionary(
        fc.constantFrom("webhook-id", "Webhook-Timestamp", "webhook-signature", "x-ik-signature", "other"),
        fc.oneof(fc.string(), fc.anything(), fc.array(fc.string(), { maxLength: 3 }))
      ),
      // Well-formed id and timestamp, arbitrary signature text.
      fc.string().map((signature) => ({ ...standard, "webhook-signature": signature })),
      fc.string().map((signature) => ({ ...standard, "webhook-signature": `v1,${signature}` })),
      fc.string().map((signature) => ({ "x-ik-signature": `t=${NOW},v1=${signature}` }))
    )
    fc.assert(
      fc.property(bag, fc.oneof(fc.constant(BODY), fc.anything()), (headers, body) => {
        for (const run of [verify, verifyStandard] as const) {
          let outcome: unknown
          try {
            outcome = (run as (b: unknown, h: unknown, s: unknown, o: unknown) => unknown)(
              body,
              headers,
              SECRET,
              at(NOW)
            )
          } catch (error) {
            expect(isWebhookVerificationError(error)).toBe(true)
            continue
          }
          throw new Error(`verification succeeded for ${inspect(headers)}: ${inspect(outcome)}`)
        }
        const untypedLegacy = verifySignature as (b: unknown, h: unknown, s: unknown) => unknown
        expect(() => untypedLegacy(body, headers, SECRET)).toThrow(WebhookVerificationError)
      }),
      { numRuns: 2000 }
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------
// the error
// ---------------------------------------------------------------------------------------------------------------

describe("WebhookVerificationError", () => {
  it("has a tag, a name, a reason and help, and the v6 messages by default", () => {
    const error = new WebhookVerificationError({ reason: "SignatureMismatch" })
    expect(error).toBeInstanceOf(Error)
    expect(error._tag).toBe("WebhookVerificationError")
    expect(error.name).toBe("WebhookVerificationError")
    expect(error.message).toBe("Incorrect signature")
    expect(error.help.length).toBeGreaterThan(0)
    expect(String(error)).toBe("WebhookVerificationError: Incorrect signature")
    expect(new WebhookVerificationError({ reason: "TimestampMissing" }).message).toBe("Timestamp missing")
    expect(new WebhookVerificationError({ reason: "TimestampInvalid" }).message).toBe("Timestamp invalid")
    expect(new WebhookVerificationError({ reason: "SignatureMissing" }).message).toBe("Signature missing")
    expect(new WebhookVerificationError({ reason: "InvalidBody", message: "custom", help: "do this" })).toMatchObject({
      message: "custom",
      help: "do this"
    })
  })

  it("is recognised by the guard, which rejects look-alikes", () => {
    expect(isWebhookVerificationError(new WebhookVerificationError({ reason: "InvalidSecret" }))).toBe(true)
    expect(isWebhookVerificationError(new Error("Incorrect signature"))).toBe(false)
    expect(isWebhookVerificationError({ _tag: "WebhookVerificationError" })).toBe(false)
    expect(isWebhookVerificationError(undefined)).toBe(false)
  })

  it("never reveals the secret or the expected signature", () => {
    const secret = "whsec_c3VwZXItc2VjcmV0LXZhbHVlLTEyMzQ1Njc4OTA="
    const legacyExpected = legacyMac(secret, NOW, BODY)
    const standardExpected = standardMac(utf8Key(secret), "msg_1", NOW / 1000, BODY)
    const goodStandard = standardHeaders(utf8Key(secret), "msg_1", NOW / 1000, BODY)
    const errors = [
      rejection(() => verifySignature(BODY, `t=${NOW},v1=${"0".repeat(64)}`, secret, at(NOW))),
      rejection(() => verifySignature(BODY, legacyHeader(secret, NOW, BODY), secret, at(0))),
      rejection(() => verifySignature(BODY, "v1=00", secret)),
      rejection(() => verifySignature(BODY, "t=x,v1=00", secret)),
      rejection(() => verifySignature(BODY, "t=1", secret)),
      rejection(() => verifySignature("nope", legacyHeader(secret, NOW, "nope"), secret, at(NOW))),
      rejection(() => verifyStandard(BODY, { ...goodStandard, "webhook-signature": "v1,AAAA" }, secret, at(NOW))),
      rejection(() => verifyStandard(BODY, goodStandard, secret, at(NOW, { secretEncoding: "base64" }))),
      rejection(() => verifyStandard(BODY, goodStandard, `${secret}!`, at(NOW, { secretEncoding: "base64" }))),
      rejection(() => verifyStandard(BODY, undefined, secret, at(NOW))),
      rejection(() => verify(BODY, {}, secret, at(NOW)))
    ]
    const reasons = new Set(errors.map((error) => error.reason))
    expect(reasons.size).toBeGreaterThanOrEqual(8)
    const secrets = [
      secret,
      secret.slice(6),
      legacyExpected,
      standardExpected,
      Buffer.from(secret.slice(6), "base64").toString()
    ]
    for (const error of errors) {
      const renderings = [error.message, error.help, String(error), JSON.stringify(error), inspect(error, { depth: 5 })]
      for (const rendering of renderings) {
        for (const hidden of secrets) expect(rendering).not.toContain(hidden)
      }
    }
  })
})
