import { createHmac } from "node:crypto"
import ImageKit from "imagekit"
import * as fc from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import {
  authenticationParameters,
  DEFAULT_EXPIRY_SECONDS,
  isSigningError,
  MAX_UPLOAD_TOKEN_SECONDS,
  SigningError,
  signUrl,
  uploadToken,
  urlSignature,
  verifyUploadToken
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

// ---------------------------------------------------------------------------------------------------------------
// upload tokens (v2): facts from RFC 7519 (JWT), RFC 7515 (JWS, HS256 = HMAC-SHA256 over "header.claims", parts in
// base64url without padding) and ImageKit's v2 upload docs (kid = public key, claims = the form's parameters as
// text, at most an hour between iat and exp), checked here with node:crypto, not with our HMAC.
// ---------------------------------------------------------------------------------------------------------------

const KEYS = { privateKey: "private_key_test", publicKey: "public_key_test" } as const
const NOW = 1_700_000_000_250

const segments = (jwt: string) => {
  const [header = "", claims = "", signature = ""] = jwt.split(".")
  return {
    header: JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as Record<string, unknown>,
    claims: JSON.parse(Buffer.from(claims, "base64url").toString("utf8")) as Record<string, unknown>,
    signingInput: `${header}.${claims}`,
    signature
  }
}

/** A token made the way jsonwebtoken's `jwt.sign(payload, key, { header: { kid } })` makes one, with node:crypto. */
const nodeToken = (header: unknown, claims: unknown, key: string = KEYS.privateKey) => {
  const input = `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`
  return `${input}.${createHmac("sha256", key).update(input).digest("base64url")}`
}

const reasonOf = (run: () => unknown): string | undefined => {
  try {
    run()
    return undefined
  } catch (error) {
    return isSigningError(error) ? error.reason : `not a SigningError: ${String(error)}`
  }
}

describe("uploadToken", () => {
  it("is a JWS compact serialisation: three base64url parts without padding, HS256 over header.claims", () => {
    const jwt = uploadToken({ fileName: "dress.jpg" }, { ...KEYS, now: () => NOW })
    expect(jwt).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
    const { header, signingInput, signature } = segments(jwt)
    expect(header).toEqual({ alg: "HS256", typ: "JWT", kid: KEYS.publicKey })
    expect(signature).toBe(createHmac("sha256", KEYS.privateKey).update(signingInput).digest("base64url"))
  })

  it("signs every parameter in the text the upload form carries, with iat = now and exp = iat + expiresIn", () => {
    const jwt = uploadToken(
      {
        fileName: "dress.jpg",
        useUniqueFileName: false,
        tags: ["summer", "dress"],
        folder: "/shop",
        customMetadata: { brand: "Nike", price: 10 },
        extensions: [{ name: "google-auto-tagging", minConfidence: 80, maxTags: 5 }],
        isPrivateFile: undefined
      },
      { ...KEYS, expiresIn: 600, now: () => NOW }
    )
    expect(segments(jwt).claims).toEqual({
      fileName: "dress.jpg",
      useUniqueFileName: "false",
      tags: "summer,dress",
      folder: "/shop",
      customMetadata: '{"brand":"Nike","price":10}',
      extensions: '[{"name":"google-auto-tagging","minConfidence":80,"maxTags":5}]',
      iat: 1_700_000_000,
      exp: 1_700_000_600
    })
  })

  it("lives 1800 s by default and at most an hour", () => {
    const claims = segments(uploadToken({ fileName: "a" }, { ...KEYS, now: () => NOW })).claims
    expect(Number(claims.exp) - Number(claims.iat)).toBe(1800)
    const longest = segments(uploadToken({ fileName: "a" }, { ...KEYS, expiresIn: 3600, now: () => NOW })).claims
    expect(Number(longest.exp) - Number(longest.iat)).toBe(MAX_UPLOAD_TOKEN_SECONDS)
  })

  it.each([[3601], [0], [-60], [1.5], [Number.NaN], [Number.POSITIVE_INFINITY], ["60"], [null]])(
    "refuses expiresIn %j with InvalidExpiresIn",
    (expiresIn) => {
      expect(reasonOf(() => uploadToken({ fileName: "a" }, { ...KEYS, expiresIn: expiresIn as number }))).toBe(
        "InvalidExpiresIn"
      )
    }
  )

  it.each([
    ["no fileName", {}],
    ["an empty fileName", { fileName: "" }],
    ["file in the payload", { fileName: "a", file: "aGk=" }],
    ["token in the payload", { fileName: "a", token: "t" }],
    ["iat in the payload", { fileName: "a", iat: 1 }],
    ["exp in the payload", { fileName: "a", exp: 1 }],
    ["null", null],
    ["an array", ["fileName"]],
    ["a string", "fileName=a"]
  ])("refuses %s with InvalidPayload", (_, payload) => {
    expect(reasonOf(() => uploadToken(payload as { fileName: string }, KEYS))).toBe("InvalidPayload")
  })

  it("refuses missing or empty keys, and never puts the private key in a message", () => {
    expect(reasonOf(() => uploadToken({ fileName: "a" }, { ...KEYS, privateKey: "" }))).toBe("MissingPrivateKey")
    expect(reasonOf(() => uploadToken({ fileName: "a" }, { ...KEYS, publicKey: "" }))).toBe("MissingPublicKey")
    fc.assert(
      fc.property(fc.string({ minLength: 8 }), fc.anything(), (privateKey, payload) => {
        try {
          uploadToken(payload as { fileName: string }, { privateKey, publicKey: "p", expiresIn: 5000 })
          return false
        } catch (error) {
          return error instanceof SigningError && !error.message.includes(privateKey)
        }
      })
    )
  })

  it("treats a __proto__ key from JSON as a parameter, never as structure", () => {
    const payload = JSON.parse('{"fileName":"a.jpg","__proto__":{"isPrivateFile":"true"}}') as { fileName: string }
    const { claims } = segments(uploadToken(payload, { ...KEYS, now: () => NOW }))
    expect(Object.keys(claims)).toEqual(["fileName", "__proto__", "iat", "exp"])
    expect(({} as Record<string, unknown>).isPrivateFile).toBeUndefined()
  })
})

describe("verifyUploadToken", () => {
  const at = (seconds: number) => () => seconds * 1000
  const header = { alg: "HS256", typ: "JWT", kid: KEYS.publicKey }
  const claims = { fileName: "dress.jpg", useUniqueFileName: "false", iat: 1_700_000_000, exp: 1_700_000_600 }

  it("accepts a token made by another JWT implementation and gives back its parameters and lifetime", () => {
    expect(verifyUploadToken(nodeToken(header, claims), { ...KEYS, now: at(1_700_000_100) })).toEqual({
      payload: { fileName: "dress.jpg", useUniqueFileName: "false" },
      issuedAt: 1_700_000_000,
      expiresAt: 1_700_000_600
    })
  })

  it("accepts what uploadToken mints, until exp", () => {
    const jwt = uploadToken({ fileName: "a.jpg", tags: ["x"] }, { ...KEYS, expiresIn: 60, now: at(1_000) })
    expect(verifyUploadToken(jwt, { ...KEYS, now: at(1_059) }).payload).toEqual({ fileName: "a.jpg", tags: "x" })
    expect(reasonOf(() => verifyUploadToken(jwt, { ...KEYS, now: at(1_060) }))).toBe("ExpiredUploadToken")
  })

  it.each([
    ["another private key", nodeToken(header, claims, "other_key")],
    ["another kid", nodeToken({ ...header, kid: "someone_else" }, claims)],
    [
      "alg none",
      `${nodeToken({ ...header, alg: "none" }, claims)
        .split(".")
        .slice(0, 2)
        .join(".")}.`
    ],
    ["alg HS512", nodeToken({ ...header, alg: "HS512" }, claims)],
    [
      "a changed claim",
      (() => {
        const [h, , s] = nodeToken(header, claims).split(".")
        const forged = Buffer.from(JSON.stringify({ ...claims, fileName: "evil.jpg" })).toString("base64url")
        return `${h}.${forged}.${s}`
      })()
    ],
    ["a lifetime over an hour", nodeToken(header, { ...claims, exp: claims.iat + 3601 })],
    ["no exp", nodeToken(header, { fileName: "a", iat: claims.iat })],
    ["exp before iat", nodeToken(header, { ...claims, exp: claims.iat - 1 })],
    ["two parts", nodeToken(header, claims).split(".").slice(0, 2).join(".")],
    ["padding in a part", `${nodeToken(header, claims)}=`],
    ["claims that are not JSON", `${Buffer.from(JSON.stringify(header)).toString("base64url")}.bm90IGpzb24.x`],
    ["an empty text", ""]
  ])("refuses %s with InvalidUploadToken", (_, jwt) => {
    expect(reasonOf(() => verifyUploadToken(jwt, { ...KEYS, now: at(1_700_000_100) }))).toBe("InvalidUploadToken")
  })

  it("calls a token issued over an hour ago expired", () => {
    expect(reasonOf(() => verifyUploadToken(nodeToken(header, claims), { ...KEYS, now: at(claims.iat + 3601) }))).toBe(
      "ExpiredUploadToken"
    )
  })
})
