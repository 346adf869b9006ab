import { assert, describe, it } from "vitest"
import { banner } from "../src/internal/banner.js"
import { parseLatency, parsePort, parseRate, parseRateLimit, parseWebhookUrl } from "../src/internal/flags.js"

describe("--rate-limit syntax [METHOD:]PATH_PREFIX:LIMIT/INTERVAL", () => {
  it("reads a method, a prefix, a limit and an interval in ms or s", () => {
    assert.deepStrictEqual(parseRateLimit("get:/v1/files:100/1000"), {
      _tag: "Ok",
      value: { method: "GET", pathPrefix: "/v1/files", limit: 100, intervalMs: 1000 }
    })
    assert.deepStrictEqual(parseRateLimit("/api/v1:10/2s"), {
      _tag: "Ok",
      value: { pathPrefix: "/api/v1", limit: 10, intervalMs: 2000 }
    })
    assert.deepStrictEqual(parseRateLimit("POST:/v1/files/upload:1/250ms"), {
      _tag: "Ok",
      value: { method: "POST", pathPrefix: "/v1/files/upload", limit: 1, intervalMs: 250 }
    })
  })

  it("says what is wrong", () => {
    const messages = [
      "",
      "/v1",
      "GET:v1/files:1/1",
      "GET:/v1:0/1000",
      "GET:/v1:1/0",
      "G3T:/v1:1/1",
      "a:b:/c:1/1",
      "/v1:1/1/1"
    ].map((text) => {
      const parsed = parseRateLimit(text)
      return parsed._tag === "Invalid" ? parsed.message : "accepted"
    })
    assert.notInclude(messages, "accepted")
    assert.include(messages[2], 'must start with "/"')
    assert.include(messages[3], "LIMIT must be a positive integer")
    assert.include(messages[4], "INTERVAL must be")
    assert.include(messages[5], "the method must be letters")
  })
})

describe("other flag values", () => {
  it("latency is a number or an ordered range", () => {
    assert.deepStrictEqual(parseLatency("20"), { _tag: "Ok", value: 20 })
    assert.deepStrictEqual(parseLatency("10-50"), { _tag: "Ok", value: [10, 50] })
    assert.strictEqual(parseLatency("50-10")._tag, "Invalid")
    assert.strictEqual(parseLatency("-5")._tag, "Invalid")
  })

  it("rates are shares, ports are 0-65535, webhook URLs are http(s)", () => {
    assert.strictEqual(parseRate("error-rate", 0.25)._tag, "Ok")
    assert.strictEqual(parseRate("error-rate", -0.1)._tag, "Invalid")
    assert.strictEqual(parseRate("error-rate", Number.NaN)._tag, "Invalid")
    assert.strictEqual(parsePort(0)._tag, "Ok")
    assert.strictEqual(parsePort(65536)._tag, "Invalid")
    assert.strictEqual(parseWebhookUrl("https://example.test/hook")._tag, "Ok")
    assert.strictEqual(parseWebhookUrl("ftp://example.test/hook")._tag, "Invalid")
  })
})

describe("banner", () => {
  const info = {
    url: "http://127.0.0.1:4000",
    urlEndpoint: "http://127.0.0.1:4000/delivery",
    publicKey: "public key with spaces",
    dataDir: undefined,
    webhookUrl: undefined,
    rateLimits: [],
    faults: []
  }

  it("prints the test key and shell-quotes values that need it", () => {
    const text = banner({ ...info, printablePrivateKey: "private_test_key" })
    assert.include(text, "export IMAGEKIT_PRIVATE_KEY=private_test_key")
    assert.include(text, "export IMAGEKIT_PUBLIC_KEY='public key with spaces'")
    assert.include(text, "export IMAGEKIT_API_BASE_URL=http://127.0.0.1:4000")
  })

  it("never prints a key the user passed", () => {
    const text = banner({ ...info, printablePrivateKey: undefined })
    assert.include(text, "(the key you passed; not shown)")
    assert.include(text, "export IMAGEKIT_PRIVATE_KEY=<the private key you passed>")
  })
})
