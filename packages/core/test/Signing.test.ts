import { createHmac } from "node:crypto"
import ImageKit from "imagekit"
import * as fc from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import {
  authenticationParameters,
  DEFAULT_EXPIRY_SECONDS,
  isSigningError,
  SigningError,
  signUrl,
  urlSignature
} from "../src/Signing.js"
import { build } from "../src/Url.js"

const sha1 = (key: string, message: string) => createHmac("sha1", key).update(message).digest("hex")
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe("authenticationParameters", () => {
  it("reproduces the v6 test vector", () => {
    expect(
      authenticationParameters({ privateKey: "private_key_test", token: "your_token", expire: 1582269249 })
    ).toEqual({ token: "your_token", expire: 1582269249, signature: "e71bcd6031016b060d349d212e23e85c791decdd" })
  })

  it("generates a v4 UUID token and expires 1800 s from now by default", () => {
    const now = 1_700_000_000_500
    const params = authenticationParameters({ privateKey: "k", now: () => now })
    expect(params.token).toMatch(UUID_V4)
    expect(params.expire).toBe(1_700_000_000 + DEFAULT_EXPIRY_SECONDS)
    expect(params.signature).toBe(sha1("k", `${params.token}${params.expire}`))
    expect(authenticationParameters({ privateKey: "k" }).token).not.toBe(params.token)
  })

  it("replaces falsy token and expire like v6 and returns a given expire verbatim", () => {
    const fixed = { privateKey: "k", now: () => 0, randomUUID: () => "generated" }
    expect(authenticationParameters({ ...fixed, token: "", expire: 0 })).toEqual({
      token: "generated",
      expire: 1800,
      signature: sha1("k", "generated1800")
    })
    expect(authenticationParameters({ ...fixed, token: "t", expire: "123" })).toEqual({
      token: "t",
      expire: "123",
      signature: sha1("k", "t123")
    })
  })

  it("matches imagekit@6 for generated tokens and expiries", () => {
    const v6 = new ImageKit({ publicKey: "p", privateKey: "private_key_test", urlEndpoint: "https://ik.imagekit.io/x" })
    fc.assert(
      fc.property(
        fc.fullUnicodeString({ minLength: 1 }),
        fc.oneof(fc.integer({ min: 1, max: 2 ** 40 }), fc.string({ minLength: 1 })),
        (token, expire) => {
          expect(authenticationParameters({ privateKey: "private_key_test", token, expire })).toEqual(
            v6.getAuthenticationParameters(token, expire as number)
          )
        }
      ),
      { numRuns: 1000 }
    )
  })

  it("fails with a typed SigningError for bad input, and never leaks the key", () => {
    const privateKey = "private_canary_4c1d"
    const reasonOf = (run: () => unknown) => {
      try {
        run()
        return "ok"
      } catch (error) {
        expect(error).toBeInstanceOf(SigningError)
        expect(String(error)).not.toContain(privateKey)
        return isSigningError(error) ? error.reason : "untyped"
      }
    }
    expect(reasonOf(() => authenticationParameters({ privateKey: "" }))).toBe("MissingPrivateKey")
    expect(reasonOf(() => authenticationParameters({ privateKey: 1 as unknown as string }))).toBe("MissingPrivateKey")
    expect(reasonOf(() => authenticationParameters({ privateKey, token: 5 as unknown as string }))).toBe("InvalidToken")
    expect(reasonOf(() => authenticationParameters({ privateKey, expire: {} as unknown as string }))).toBe(
      "InvalidExpire"
    )
    expect(reasonOf(() => authenticationParameters({ privateKey, expire: Number.POSITIVE_INFINITY }))).toBe(
      "InvalidExpire"
    )
    expect(reasonOf(() => authenticationParameters({ privateKey, randomUUID: () => "" }))).toBe("NoRandomSource")
  })

  it("falls back to a typed error when the runtime has no secure random source", () => {
    const original = Object.getOwnPropertyDescriptor(globalThis, "crypto")
    Object.defineProperty(globalThis, "crypto", { value: undefined, configurable: true })
    try {
      expect(() => authenticationParameters({ privateKey: "k" })).toThrow(SigningError)
      expect(authenticationParameters({ privateKey: "k", token: "t", expire: 1 }).signature).toBe(sha1("k", "t1"))
    } finally {
      if (original !== undefined) Object.defineProperty(globalThis, "crypto", original)
    }
  })
})

describe("urlSignature (v6 getSignature)", () => {
  it("reproduces the v6 vector with and without a trailing slash on the endpoint", () => {
    for (const urlEndpoint of ["https://test-domain.com/test-endpoint", "https://test-domain.com/test-endpoint/"]) {
      expect(
        urlSignature({
          privateKey: "private_key_test",
          url: "https://test-domain.com/test-endpoint/tr:w-100/test-signed-url.png",
          urlEndpoint,
          expiryTimestamp: 9999999999
        })
      ).toBe("41b3075c40bc84147eb71b8b49ae7fbf349d0f00")
    }
  })

  it("percent-encodes non-ASCII text before the query, as v6 encodeStringIfRequired", () => {
    const signature = urlSignature({
      privateKey: "k",
      url: "https://ik.imagekit.io/e/test_é_path_alt.jpg?q=é",
      urlEndpoint: "https://ik.imagekit.io/e",
      expiryTimestamp: 1
    })
    expect(signature).toBe(sha1("k", "test_%C3%A9_path_alt.jpg?q=é1"))
  })

  it("equals the ik-s that Url.build puts in the URL", () => {
    const url = build({
      urlEndpoint: "https://ik.imagekit.io/e",
      path: "/a b.jpg",
      privateKey: "k",
      signed: true,
      expireSeconds: 10,
      now: () => 5000
    })
    const unsigned = url.replace(/[?&]ik-t=.*$/, "")
    expect(
      url.endsWith(
        `ik-s=${urlSignature({ privateKey: "k", url: unsigned, urlEndpoint: "https://ik.imagekit.io/e", expiryTimestamp: 15 })}`
      )
    ).toBe(true)
  })
})

describe("signUrl", () => {
  it("is Url.build with signed: true", () => {
    const options = {
      urlEndpoint: "https://ik.imagekit.io/test_url_endpoint",
      path: "/test_path_alt.jpg",
      privateKey: "test_private_key"
    }
    expect(signUrl(options)).toBe(
      "https://ik.imagekit.io/test_url_endpoint/test_path_alt.jpg?ik-s=e26ca157df99b30b2443d7cb6886fc396fb4c87b"
    )
  })
})
