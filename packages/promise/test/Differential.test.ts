/**
 * Differential tests: the adapter's synchronous utilities against the real `imagekit@6.0.0` package, on generated
 * inputs (fixed seeds). Every expectation comes from imagekit@6 itself, or, for the issue #111 slash cases, from
 * imagekit@6 given the already-joined input (the single-slash form the README documents, decision 0003).
 */
import { Buffer } from "node:buffer"
import { createHmac } from "node:crypto"
import { posix } from "node:path"
import * as fc from "effect/FastCheck"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { buildTransformationString } from "@effect-imagekit/core"
import type { TypedStep } from "@effect-imagekit/core/Transformation"
import ImageKit from "../src/index.js"
import {
  ENDPOINT_BASES,
  PRIVATE_KEY,
  singleSlashReference,
  slashSensitive,
  type UrlCase,
  urlCase
} from "./fixtures/urlCases.js"
import { ImageKitV6, supportedTransforms } from "./fixtures/v6.js"

type Outcome =
  | { readonly _tag: "Value"; readonly value: unknown }
  | { readonly _tag: "Threw"; readonly kind: string; readonly message: string }

const outcomeOf = (run: () => unknown): Outcome => {
  try {
    return { _tag: "Value", value: run() }
  } catch (error) {
    if (error instanceof Error) {
      const kind = error instanceof TypeError ? "TypeError" : error instanceof SyntaxError ? "SyntaxError" : "Error"
      return { _tag: "Threw", kind, message: error.message }
    }
    return { _tag: "Threw", kind: typeof error, message: String(error) }
  }
}

/** `pHashDistance` returns (not throws) an Error; compare it by class and message. */
const normalise = (value: unknown): unknown =>
  value instanceof Error ? { error: value instanceof TypeError ? "TypeError" : "Error", message: value.message } : value

const ours = new Map<string, ImageKit>()
const theirs = new Map<string, ImageKitV6>()

const ourClient = (urlEndpoint: string): ImageKit => {
  let client = ours.get(urlEndpoint)
  if (client === undefined) {
    client = new ImageKit({ publicKey: "public_key_test", privateKey: PRIVATE_KEY, urlEndpoint })
    ours.set(urlEndpoint, client)
  }
  return client
}

const v6Client = (urlEndpoint: string): ImageKitV6 => {
  let client = theirs.get(urlEndpoint)
  if (client === undefined) {
    client = new ImageKitV6({ publicKey: "public_key_test", privateKey: PRIVATE_KEY, urlEndpoint })
    theirs.set(urlEndpoint, client)
  }
  return client
}

type OurUrlOptions = Parameters<ImageKit["url"]>[0]
type V6UrlOptions = Parameters<ImageKitV6["url"]>[0]

const ourUrl = (c: UrlCase): Outcome =>
  outcomeOf(() => ourClient(c.constructorEndpoint).url(c.options as unknown as OurUrlOptions))
const v6Url = (c: UrlCase): Outcome =>
  outcomeOf(() => v6Client(c.constructorEndpoint).url(c.options as unknown as V6UrlOptions))

const show = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v === undefined ? "<undefined>" : typeof v === "number" && !Number.isFinite(v) ? String(v) : v
  )

/** The frozen clock for signed URLs with `expireSeconds` and default auth expiries: both libraries read `Date`. */
const CLOCK = 1_720_000_000_123

beforeAll(() => {
  vi.useFakeTimers({ now: CLOCK, toFake: ["Date"] })
})

afterAll(() => {
  vi.useRealTimers()
})

// ---------------------------------------------------------------------------------------------------------------
// url()
// ---------------------------------------------------------------------------------------------------------------

describe("url(): byte-identical to imagekit@6", () => {
  it("the clock is frozen for both libraries", () => {
    expect(Date.now()).toBe(CLOCK)
    // biome-ignore lint/complexity/useDateNow: imagekit@6 reads its clock this way
    expect(new Date().getTime()).toBe(CLOCK)
  })

  it("10,000 generated option sets (issue #111 cases asserted to the documented single-slash form)", () => {
    const cases = fc.sample(urlCase, { seed: 0x1d6_2024, numRuns: 10_000 })
    let compared = 0
    const slashCases: Array<{
      readonly reason: string
      readonly input: UrlCase
      readonly v6: Outcome
      readonly documented: Outcome
    }> = []
    const mismatches: Array<string> = []
    const features = new Map<string, number>()
    const count = (feature: string, present: boolean): void => {
      if (present) features.set(feature, (features.get(feature) ?? 0) + 1)
    }
    for (const c of cases) {
      const actual = ourUrl(c)
      const { expected: documented, issue111, v6 } = expectationFor(c)
      const printed = v6._tag === "Value" ? String(v6.value) : ""
      count("src", "src" in c.options)
      count("per-call urlEndpoint", "urlEndpoint" in c.options)
      count("tr in the path", /\/tr:/.test(printed))
      count("tr in the query", /[?&]tr=/.test(printed))
      count("signed", /[?&]ik-s=/.test(printed))
      count("signed with ik-t", /[?&]ik-t=/.test(printed))
      count("per-call privateKey", "privateKey" in c.options)
      count(
        "non-ASCII input",
        [...show(c.options)].some((char) => (char.codePointAt(0) ?? 0) > 127)
      )
      count("v6 threw", v6._tag === "Threw")
      if (issue111) {
        slashCases.push({ reason: slashReason(c), input: c, v6, documented })
        if (show(actual) !== show(documented)) {
          mismatches.push(
            `#111 case ${show(c)}\n  ours:       ${show(actual)}\n  documented: ${show(documented)}\n  v6 raw:     ${show(v6)}`
          )
        }
        continue
      }
      compared += 1
      if (show(actual) !== show(v6)) mismatches.push(`${show(c)}\n  ours: ${show(actual)}\n  v6:   ${show(v6)}`)
    }
    const reasons = new Map<string, number>()
    for (const slashCase of slashCases) reasons.set(slashCase.reason, (reasons.get(slashCase.reason) ?? 0) + 1)
    console.info(
      `url(): ${cases.length} generated cases; ${compared} compared byte for byte with imagekit@6; ` +
        `${slashCases.length} issue #111 slash cases asserted to the single-slash form (${[...reasons]
          .map(([reason, count]) => `${reason}: ${count}`)
          .join(", ")}); ${mismatches.length} mismatches`
    )
    for (const example of slashCases.slice(0, 3)) {
      console.info(
        `  #111 example: ${show(example.input)}\n    v6: ${show(example.v6)}\n    documented: ${show(example.documented)}`
      )
    }
    console.info(`  coverage: ${[...features].map(([feature, n]) => `${feature}: ${n}`).join(", ")}`)
    expect(mismatches.slice(0, 10)).toEqual([])
    expect(compared + slashCases.length).toBe(10_000)
    for (const feature of [
      "src",
      "per-call urlEndpoint",
      "tr in the path",
      "tr in the query",
      "signed",
      "signed with ik-t"
    ]) {
      expect(features.get(feature) ?? 0, feature).toBeGreaterThan(500)
    }
    // The generator does reach both kinds, and the #111 set really is v6 concatenating: a doubled or missing slash.
    expect(compared).toBeGreaterThan(7_000)
    expect(slashCases.length).toBeGreaterThan(200)
    for (const { v6, documented } of slashCases) {
      expect(v6._tag).toBe("Value")
      expect(documented._tag).toBe("Value")
    }
  }, 30_000)

  it("every key of v6's supportedTransforms, in every position, with the special values", () => {
    const keys = Object.keys(supportedTransforms)
    expect(keys.length).toBeGreaterThanOrEqual(31)
    let compared = 0
    const mismatches: Array<string> = []
    for (const key of keys) {
      for (const spelled of [key, key.toUpperCase(), key.toLowerCase()]) {
        for (const value of ["300", "-", 0, false, "", "/a/b/c.jpg/", "é ü,:", 2.5, null]) {
          for (const position of ["path", "query", "src"] as const) {
            const base = "https://ik.imagekit.io/test_url_endpoint"
            const options: Record<string, unknown> =
              position === "src"
                ? { src: `${base}/d/i.jpg?v=1`, transformation: [{ [spelled]: value }, { raw: "l-text,i-Hi,l-end" }] }
                : {
                    path: "/d/i.jpg",
                    transformation: [{ [spelled]: value }, { rotation: 90 }],
                    transformationPosition: position,
                    signed: true
                  }
            const c: UrlCase = { constructorEndpoint: base, options }
            const actual = ourUrl(c)
            const v6 = v6Url(c)
            compared += 1
            if (show(actual) !== show(v6))
              mismatches.push(`${show(options)}\n  ours: ${show(actual)}\n  v6:   ${show(v6)}`)
          }
        }
      }
    }
    console.info(
      `url(): ${compared} supportedTransforms cases compared with imagekit@6; ${mismatches.length} mismatches`
    )
    expect(mismatches.slice(0, 10)).toEqual([])
  }, 30_000)

  it("the README's URL examples", () => {
    const constructorEndpoint = "https://ik.imagekit.io/your_imagekit_id/"
    const readme: ReadonlyArray<Record<string, unknown>> = [
      {
        path: "/default-image.jpg",
        urlEndpoint: "https://ik.imagekit.io/your_imagekit_id/endpoint/",
        transformation: [{ height: "300", width: "400" }]
      },
      {
        src: "https://ik.imagekit.io/your_imagekit_id/endpoint/default-image.jpg",
        transformation: [{ height: "300", width: "400" }]
      },
      {
        path: "/default-image.jpg",
        urlEndpoint: "https://ik.imagekit.io/your_imagekit_id/endpoint/",
        transformation: [{ height: "300", width: "400" }, { rotation: 90 }],
        transformationPosition: "query"
      },
      {
        src: "https://ik.imagekit.io/your_imagekit_id/endpoint/default-image.jpg",
        transformation: [{ format: "jpg", progressive: "true", effectSharpen: "-", effectContrast: "1" }]
      },
      {
        path: "/default-image.jpg",
        queryParameters: { v: "123" },
        transformation: [{ height: "300", width: "400" }],
        signed: true,
        expireSeconds: 300
      },
      {
        src: "https://ik.imagekit.io/your_imagekit_id/default-image.jpg",
        transformation: [{ width: 400, height: 300, raw: "l-text,i-Imagekit,fs-50,l-end" }]
      },
      {
        src: "https://ik.imagekit.io/your_imagekit_id/img/sample-video.mp4",
        transformation: [{ width: 400, height: 300, raw: "l-image,i-ik_canvas,bg-FF0000,w-300,h-100,l-end" }]
      },
      {
        src: "https://ik.imagekit.io/your_imagekit_id/default-image.jpg",
        transformation: [{ width: "iw_div_4", height: "ih_div_2", border: "cw_mul_0.05_yellow" }]
      }
    ]
    let slash = 0
    for (const options of readme) {
      const c: UrlCase = { constructorEndpoint, options }
      const { expected, issue111 } = expectationFor(c)
      if (issue111) slash += 1
      expect(ourUrl(c)).toEqual(expected)
    }
    // The third example (query position, trailing-slash endpoint) is an issue #111 case in 6.0.0.
    expect(slash).toBe(1)
    // The outputs the README prints (its overlay and expression examples print a path form for a `src` call, which no
    // version produced; those are checked against imagekit@6 above).
    const first = readme[0] ?? {}
    expect(ourUrl({ constructorEndpoint, options: first })).toEqual({
      _tag: "Value",
      value: "https://ik.imagekit.io/your_imagekit_id/endpoint/tr:h-300,w-400/default-image.jpg"
    })
    expect(ourUrl({ constructorEndpoint, options: readme[2] ?? {} })).toEqual({
      _tag: "Value",
      value: "https://ik.imagekit.io/your_imagekit_id/endpoint/default-image.jpg?tr=h-300%2Cw-400%3Art-90"
    })
    expect(ourUrl({ constructorEndpoint, options: readme[3] ?? {} })).toEqual({
      _tag: "Value",
      value:
        "https://ik.imagekit.io/your_imagekit_id/endpoint/default-image.jpg?tr=f-jpg%2Cpr-true%2Ce-sharpen%2Ce-contrast-1"
    })
  })

  it("the contract's issue #111 table: v6 prints the regression, we print the single-slash form", () => {
    const endpoint = "https://ik.imagekit.io/test_url_endpoint"
    const rows: ReadonlyArray<readonly [string, Record<string, unknown>, string, string]> = [
      [`${endpoint}/`, { path: "/test_path.jpg" }, `${endpoint}//test_path.jpg`, `${endpoint}/test_path.jpg`],
      [
        `${endpoint}/`,
        { path: "/test_path.jpg", transformation: [{ height: 300, width: 400 }], transformationPosition: "query" },
        `${endpoint}//test_path.jpg?tr=h-300%2Cw-400`,
        `${endpoint}/test_path.jpg?tr=h-300%2Cw-400`
      ],
      [
        endpoint,
        { path: "test_path.jpg" },
        "https://ik.imagekit.io/test_url_endpointtest_path.jpg",
        `${endpoint}/test_path.jpg`
      ],
      [endpoint, { path: "///test_path.jpg" }, `${endpoint}///test_path.jpg`, `${endpoint}/test_path.jpg`],
      [
        "https://ik.imagekit.io",
        { path: "/test_path.jpg" },
        "https://ik.imagekit.io//test_path.jpg",
        "https://ik.imagekit.io/test_path.jpg"
      ]
    ]
    for (const [constructorEndpoint, options, regression, documented] of rows) {
      const c: UrlCase = { constructorEndpoint, options }
      expect(v6Url(c)).toEqual({ _tag: "Value", value: regression })
      expect(ourUrl(c)).toEqual({ _tag: "Value", value: documented })
    }
    // With the transformation in the path 6.0.0 joins, and so do we.
    const joined: UrlCase = {
      constructorEndpoint: endpoint,
      options: { path: "///test_path.jpg", transformation: [{ height: 300, width: 400 }] }
    }
    expect(v6Url(joined)).toEqual({ _tag: "Value", value: `${endpoint}/tr:h-300,w-400/test_path.jpg` })
    expect(ourUrl(joined)).toEqual(v6Url(joined))
  })

  it("empty and invalid input: the same string or the same thrown error", () => {
    const endpoint = ENDPOINT_BASES[0]
    const inputs: ReadonlyArray<Record<string, unknown>> = [
      {},
      { path: "" },
      { src: "" },
      { path: "", src: "" },
      { transformation: [{ width: 100 }] },
      { src: "relative/a.jpg" },
      { src: "not a url" },
      { path: "/a.jpg", urlEndpoint: "not a url" },
      { path: "/a.jpg", urlEndpoint: undefined },
      { path: "/a.jpg", src: "https://other.example/b.jpg" }
    ]
    const mismatches: Array<string> = []
    for (const options of inputs) {
      const c: UrlCase = { constructorEndpoint: endpoint, options }
      const actual = ourUrl(c)
      const expected = v6Url(c)
      if (show(actual) !== show(expected))
        mismatches.push(`${show(options)}: ours ${show(actual)}, v6 ${show(expected)}`)
    }
    expect(mismatches).toEqual([])
  })
})

/** v6's output, or for an issue #111 case v6's output for the already-joined input (see fixtures/urlCases.ts). */
const expectationFor = (
  c: UrlCase
): { readonly expected: Outcome; readonly issue111: boolean; readonly v6: Outcome } => {
  const v6 = v6Url(c)
  if (!slashSensitive(c)) return { expected: v6, issue111: false, v6 }
  const documented = v6Url(singleSlashReference(c))
  return show(documented) === show(v6)
    ? { expected: v6, issue111: false, v6 }
    : { expected: documented, issue111: true, v6 }
}

describe("url(): typed steps among v6 steps (Transformation.mixed)", () => {
  // Each typed step, written as @effect-imagekit/core's buildTransformationString writes it (differential-tested
  // against @imagekit/javascript in packages/core), is what v6 gets as a `raw` step in its place.
  const typedSteps: ReadonlyArray<TypedStep> = [
    { overlay: { type: "text", text: "Summer sale", position: { x: 10, y: 0 }, transformation: [{ fontSize: 40 }] } },
    { overlay: { type: "image", input: "/logos/brand.png", position: { focus: "bottom_right" } } },
    { aiRemoveBackground: true, width: 400 },
    { xCenter: "bw_div_2", yCenter: 20, zoom: 0.8 },
    { grayscale: true, sharpen: 10, page: 2 },
    { streamingResolutions: ["360", "720"], videoCodec: "h264" },
    { fontFamily: "/fonts/Poppins.ttf", fontColor: "FFFFFF", overlay: { type: "solidColor", color: "FF0000" } }
  ]

  it("2,000 generated option sets with a typed step inserted: v6's URL with that step pre-encoded as raw", () => {
    const withTyped = fc.tuple(urlCase, fc.constantFrom(...typedSteps), fc.nat())
    let compared = 0
    const mismatches: Array<string> = []
    for (const [c, typedStep, at] of fc.sample(withTyped, { seed: 0x16_2024, numRuns: 2_000 })) {
      const steps = Array.isArray(c.options.transformation) ? [...c.options.transformation] : []
      const index = at % (steps.length + 1)
      const withStep = (step: unknown): UrlCase => ({
        ...c,
        options: { ...c.options, transformation: [...steps.slice(0, index), step, ...steps.slice(index)] }
      })
      const actual = ourUrl(withStep(typedStep))
      const { expected } = expectationFor(withStep({ raw: buildTransformationString([typedStep]) }))
      compared += 1
      if (show(actual) !== show(expected))
        mismatches.push(`${show(withStep(typedStep))}\n  ours: ${show(actual)}\n  v6: ${show(expected)}`)
    }
    console.info(`url(): ${compared} cases with a typed step compared with imagekit@6 (typed step pre-encoded)`)
    expect(mismatches.slice(0, 5)).toEqual([])
  }, 30_000)

  it("a typed value that cannot be written, or a v6 name in a typed step, throws a UrlError naming it", () => {
    const ours = ourClient(ENDPOINT_BASES[0])
    expect(() => ours.url({ path: "/a.jpg", transformation: [{ aiUpscale: true, width: Number.NaN }] })).toThrowError(
      /`width`/
    )
    expect(() =>
      ours.url({ path: "/a.jpg", transformation: [{ rotate: 90, overlay: { type: "text", text: "a" } } as never] })
    ).toThrowError(/`rotate` is an imagekit@6 name/)
    expect(() =>
      ours.url({ path: "/a.jpg", transformation: [{ overlay: { type: "gif", input: "a" } as never }] })
    ).toThrowError(expect.objectContaining({ name: "UrlError", reason: "InvalidOverlayType" }))
  })
})

describe("url(): dot segments (left out of the generator)", () => {
  // The generator has no "." or ".." segments: there the single-slash reference above cannot be written as a 6.0.0
  // input (a ".." can climb out of the endpoint path). The documented form is the contract's (5.4) "POSIX-join all
  // three branches", i.e. the unreleased v6 fix: the endpoint pathname POSIX-joined with the path, then set on the URL.
  const fixedV6 = (endpoint: string, filePath: string): string => {
    const url = new URL(endpoint)
    url.pathname = posix.join(url.pathname, filePath)
    return url.href
  }

  it("unsigned, no transformation: equal to 6.0.0 where it joins, else the POSIX-joined form", () => {
    const paths = ["/a/./b.jpg", "/a/../b.jpg", "/../b.jpg", "/a/.", "/a/..", "./a.jpg", "../a.jpg", "/a/b/../../c.jpg"]
    const endpoints = ["https://ik.imagekit.io/x", "https://ik.imagekit.io/x/", "https://ik.imagekit.io"]
    let same = 0
    let joined = 0
    for (const endpoint of endpoints) {
      for (const filePath of paths) {
        const c: UrlCase = { constructorEndpoint: endpoint, options: { path: filePath } }
        const actual = ourUrl(c)
        const expected = fixedV6(endpoint, filePath)
        expect(actual, show(c)).toEqual({ _tag: "Value", value: expected })
        if (show(v6Url(c)) === show(actual)) same += 1
        else joined += 1
      }
    }
    console.info(
      `url(): ${same + joined} dot-segment cases; ${same} equal to 6.0.0, ${joined} in the POSIX-joined form`
    )
    expect(joined).toBeGreaterThan(0)
  })
})

describe("url(): documented differences (docs/migrating-from-imagekit-v6.md, item 14)", () => {
  const thrown = (run: () => unknown): { readonly name: string; readonly message: string } | undefined => {
    try {
      run()
      return undefined
    } catch (error) {
      return error instanceof Error ? { name: error.name, message: error.message } : { name: typeof error, message: "" }
    }
  }

  it("signed with an empty per-call privateKey or urlEndpoint: v6 prints an empty `ik-s=`, we throw a UrlError", () => {
    const endpoint = ENDPOINT_BASES[0]
    for (const options of [
      { path: "/a.jpg", signed: true, privateKey: "" },
      { src: `${endpoint}/a.jpg`, signed: true, urlEndpoint: "" }
    ]) {
      const c: UrlCase = { constructorEndpoint: endpoint, options }
      expect(v6Url(c)).toEqual({ _tag: "Value", value: `${endpoint}/a.jpg?ik-s=` })
      expect(thrown(() => ourClient(endpoint).url(options as unknown as OurUrlOptions))?.name, show(options)).toBe(
        "UrlError"
      )
    }
  })

  it("queryParameters that is not an object: v6 spread a string into ?0=a&1=b, we throw a UrlError", () => {
    const endpoint = ENDPOINT_BASES[0]
    const options = { path: "/a.jpg", queryParameters: "abc" }
    expect(v6Url({ constructorEndpoint: endpoint, options })).toEqual({
      _tag: "Value",
      value: `${endpoint}/a.jpg?0=a&1=b&2=c`
    })
    expect(thrown(() => ourClient(endpoint).url(options as unknown as OurUrlOptions))?.name).toBe("UrlError")
  })
})

const slashReason = (c: UrlCase): string => {
  const filePath = typeof c.options.path === "string" ? c.options.path : ""
  const endpoint = typeof c.options.urlEndpoint === "string" ? c.options.urlEndpoint : c.constructorEndpoint
  const base = new URL(endpoint).pathname
  if (!filePath.startsWith("/")) return "path without a leading slash"
  if (base === "/") return "host-only endpoint"
  if (base.endsWith("/")) return "endpoint with a trailing slash"
  return "repeated slashes in the path"
}

// ---------------------------------------------------------------------------------------------------------------
// getAuthenticationParameters
// ---------------------------------------------------------------------------------------------------------------

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe("getAuthenticationParameters: the same as imagekit@6", () => {
  const endpoint = ENDPOINT_BASES[0]
  const token = fc.oneof(
    fc.string(),
    fc.fullUnicodeString({ maxLength: 12 }),
    fc.uuid(),
    fc.constantFrom<unknown>("", undefined, null, 0, "your_token", "0", " ")
  )
  const expire = fc.oneof(
    fc.integer({ min: 0, max: 4_000_000_000 }),
    fc.integer({ min: -1000, max: -1 }),
    fc.nat().map(String),
    fc.constantFrom<unknown>(0, "", undefined, null, Number.NaN, 1582269249, "1582269249", 1.5, "abc", "0")
  )

  it("for generated tokens and expiries, including falsy ones", () => {
    const v6 = v6Client(endpoint)
    const client = ourClient(endpoint)
    const samples = fc.sample(fc.tuple(token, expire), { seed: 7_2024, numRuns: 2_000 })
    let exact = 0
    let generatedToken = 0
    for (const [t, e] of samples) {
      const actual = outcomeOf(() => client.getAuthenticationParameters(t as string, e as number))
      const expected = outcomeOf(() => v6.getAuthenticationParameters(t as string, e as number))
      if (t) {
        exact += 1
        expect(actual, show([t, e])).toEqual(expected)
        continue
      }
      // A falsy token becomes a fresh uuid v4 on both sides; the rest must be what v6 computes for that token.
      generatedToken += 1
      expect(actual._tag).toBe("Value")
      const value =
        actual._tag === "Value" ? (actual.value as { token: unknown; expire: unknown; signature: unknown }) : undefined
      expect(typeof value?.token === "string" && UUID_V4.test(value.token), show(value)).toBe(true)
      const v6Value = expected._tag === "Value" ? (expected.value as { expire: unknown }) : undefined
      expect(value?.expire).toEqual(v6Value?.expire)
      expect(value).toEqual(v6.getAuthenticationParameters(value?.token as string, value?.expire as number))
    }
    console.info(
      `getAuthenticationParameters: ${samples.length} cases compared (${exact} exactly, ${generatedToken} with a generated uuid token)`
    )
    expect(exact).toBeGreaterThan(1000)
    expect(generatedToken).toBeGreaterThan(50)
  }, 30_000)

  it("documented difference (migration guide, item 15): a token that is not a string is refused", () => {
    const v6 = v6Client(endpoint)
    const client = ourClient(endpoint)
    // v6 computed `token + expire`: a number or boolean token made that a number, which crashed its HMAC with a
    // TypeError; an object token was signed as "[object Object]…". The adapter refuses all three.
    const v6Kinds: Array<string> = []
    for (const token of [123, true, { id: 1 }]) {
      const expected = outcomeOf(() => v6.getAuthenticationParameters(token as unknown as string, 1582269249))
      v6Kinds.push(expected._tag === "Threw" ? expected.kind : "Value")
      const actual = outcomeOf(() => client.getAuthenticationParameters(token as unknown as string, 1582269249))
      expect(actual._tag, show(token)).toBe("Threw")
    }
    expect(v6Kinds).toEqual(["TypeError", "TypeError", "Value"])
  })

  it("no arguments, one argument, the test vector, and fresh tokens per call", () => {
    const v6 = v6Client(endpoint)
    const client = ourClient(endpoint)
    const none = client.getAuthenticationParameters()
    expect(none.expire).toBe(v6.getAuthenticationParameters().expire)
    expect(none.expire).toBe(Math.floor(CLOCK / 1000) + 1800)
    expect(none).toEqual(v6.getAuthenticationParameters(none.token, none.expire as number))
    expect(client.getAuthenticationParameters("tok")).toEqual(v6.getAuthenticationParameters("tok"))
    expect(client.getAuthenticationParameters().token).not.toBe(client.getAuthenticationParameters().token)
    const vector = new ImageKit({ publicKey: "p", privateKey: "private_key_test", urlEndpoint: endpoint })
    expect(vector.getAuthenticationParameters("your_token", 1582269249)).toEqual({
      token: "your_token",
      expire: 1582269249,
      signature: "e71bcd6031016b060d349d212e23e85c791decdd"
    })
  })
})

// ---------------------------------------------------------------------------------------------------------------
// pHashDistance
// ---------------------------------------------------------------------------------------------------------------

describe("pHashDistance: the same number or the same Error as imagekit@6", () => {
  const hexDigit = fc.constantFrom(..."0123456789abcdefABCDEF".split(""))
  const hex = (minLength: number, maxLength: number) => fc.string({ unit: hexDigit, minLength, maxLength })
  const equalPair = fc
    .integer({ min: 1, max: 32 })
    .chain((length) => fc.tuple(hex(length, length), hex(length, length)))
  const anyHash = fc.oneof(
    { weight: 4, arbitrary: hex(1, 20) },
    { weight: 2, arbitrary: fc.string({ maxLength: 10 }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>("0x12", "f06830ca9f1e3e9g", " f0", "f0 ", "-1", "1e5", "é") },
    { weight: 2, arbitrary: fc.oneof(fc.nat(), fc.integer({ min: -100, max: 100 }), fc.constant(2222222222222222)) },
    { weight: 1, arbitrary: fc.double({ noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>("", 0, null, undefined, false, Number.NaN, 1e21) }
  )

  it("for generated pairs: equal-length hex, unequal, invalid, numbers, falsy", () => {
    const v6 = v6Client(ENDPOINT_BASES[0])
    const client = ourClient(ENDPOINT_BASES[0])
    const pairs = [
      ...fc.sample(equalPair, { seed: 31, numRuns: 1_500 }),
      ...fc.sample(fc.tuple(anyHash, anyHash), { seed: 32, numRuns: 1_500 })
    ]
    const kinds = new Map<string, number>()
    for (const [a, b] of pairs) {
      const expected = normalise(v6.pHashDistance(a as string, b as string))
      const actual = normalise(client.pHashDistance(a as string, b as string))
      expect(actual, show([a, b])).toEqual(expected)
      const kind =
        typeof expected === "number" ? "distance" : ((expected as { message: string }).message.split(":")[0] ?? "")
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
    }
    console.info(
      `pHashDistance: ${pairs.length} pairs compared (${[...kinds].map(([k, n]) => `${k}: ${n}`).join(", ")})`
    )
    expect(kinds.size).toBe(4)
  }, 30_000)

  it("the README values", () => {
    const client = ourClient(ENDPOINT_BASES[0])
    expect(client.pHashDistance("f06830ca9f1e3e90", "f06830ca9f1e3e90")).toBe(0)
    expect(client.pHashDistance("2d5ad3936d2e015b", "2d6ed293db36a4fb")).toBe(17)
    expect(client.pHashDistance("a4a65595ac94518b", "7838873e791f8400")).toBe(37)
  })
})

// ---------------------------------------------------------------------------------------------------------------
// verifyWebhookEvent
// ---------------------------------------------------------------------------------------------------------------

const hmac256 = (secret: string, message: string): string =>
  createHmac("sha256", Buffer.from(secret, "utf8")).update(message).digest("hex")

type HeaderShape =
  | "valid"
  | "valid, reversed"
  | "valid, extra items"
  | "valid, t with junk"
  | "uppercase signature"
  | "tampered signature"
  | "tampered body"
  | "wrong secret"
  | "no t"
  | "t without ="
  | "t not a number"
  | "t empty"
  | "t negative"
  | "no v1"
  | "space after comma"
  | "duplicate t (first wins)"
  | "empty header"

const HEADER_SHAPES: ReadonlyArray<HeaderShape> = [
  "valid",
  "valid",
  "valid",
  "valid, reversed",
  "valid, extra items",
  "valid, t with junk",
  "uppercase signature",
  "tampered signature",
  "tampered body",
  "wrong secret",
  "no t",
  "t without =",
  "t not a number",
  "t empty",
  "t negative",
  "no v1",
  "space after comma",
  "duplicate t (first wins)",
  "empty header"
]

interface WebhookCase {
  readonly shape: HeaderShape
  readonly body: string
  readonly payloadKind: "string" | "Buffer" | "Uint8Array"
  readonly header: string
  readonly secret: string
}

const flip = (hex: string): string => (hex.startsWith("0") ? `1${hex.slice(1)}` : `0${hex.slice(1)}`)

const webhookCase = fc
  .record({
    shape: fc.constantFrom(...HEADER_SHAPES),
    event: fc.oneof(
      fc.record({
        type: fc.constantFrom(
          "video.transformation.accepted",
          "video.transformation.ready",
          "video.transformation.error",
          "upload.pre-transform.success",
          "upload.post-transform.error"
        ),
        id: fc.uuid(),
        created_at: fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString()),
        data: fc.jsonValue({ maxDepth: 2 })
      }),
      fc.jsonValue({ maxDepth: 3 })
    ),
    pretty: fc.boolean(),
    payloadKind: fc.constantFrom<WebhookCase["payloadKind"]>("string", "Buffer", "Uint8Array"),
    timestamp: fc.oneof(fc.integer({ min: 0, max: 9_999_999_999_999 }), fc.constantFrom(0, 1655788406333)),
    secret: fc.oneof(
      fc.base64String({ minLength: 4, maxLength: 44 }).map((s) => `whsec_${s}`),
      fc.fullUnicodeString({ minLength: 1, maxLength: 16 }),
      fc.constant("whsec_xeO2UNkfKMQnfJf7Q/Qx+fYptL1wabXd")
    )
  })
  .map(({ shape, event, pretty, payloadKind, timestamp, secret }): WebhookCase => {
    const body = JSON.stringify(event, null, pretty ? 2 : undefined) ?? "null"
    const signature = hmac256(secret, `${timestamp}.${body}`)
    const header = ((): string => {
      switch (shape) {
        case "valid":
          return `t=${timestamp},v1=${signature}`
        case "valid, reversed":
          return `v1=${signature},t=${timestamp}`
        case "valid, extra items":
          return `v0=abc,t=${timestamp},x,v1=${signature},v2=def`
        case "valid, t with junk":
          return `t=${timestamp}abc,v1=${signature}`
        case "uppercase signature":
          return `t=${timestamp},v1=${signature.toUpperCase()}`
        case "tampered signature":
          return `t=${timestamp},v1=${flip(signature)}`
        case "tampered body":
          return `t=${timestamp + 1},v1=${signature}`
        case "wrong secret":
          return `t=${timestamp},v1=${hmac256(`${secret}x`, `${timestamp}.${body}`)}`
        case "no t":
          return `v1=${signature}`
        case "t without =":
          return `t,v1=${signature}`
        case "t not a number":
          return `t=notANumber,v1=${signature}`
        case "t empty":
          return `t=,v1=${signature}`
        case "t negative":
          return `t=-${timestamp + 1},v1=${signature}`
        case "no v1":
          return `t=${timestamp}`
        case "space after comma":
          return `t=${timestamp}, v1=${signature}`
        case "duplicate t (first wins)":
          return `t=${timestamp},t=${timestamp + 5},v1=${signature}`
        case "empty header":
          return ""
      }
    })()
    return { shape, body, payloadKind, header, secret }
  })

describe("verifyWebhookEvent: the same result or the same thrown message as imagekit@6", () => {
  it("for generated bodies, timestamps, secrets and headers", () => {
    const v6 = v6Client(ENDPOINT_BASES[0])
    const client = ourClient(ENDPOINT_BASES[0])
    // Detached, as the v6 tests call it: an instance field that does not use `this`.
    const verifyOurs = client.verifyWebhookEvent
    const verifyV6 = v6.verifyWebhookEvent
    const cases = fc.sample(webhookCase, { seed: 0x5ec, numRuns: 3_000 })
    const shapes = new Map<string, number>()
    for (const c of cases) {
      const payload = (): string | Buffer =>
        c.payloadKind === "string"
          ? c.body
          : c.payloadKind === "Buffer"
            ? Buffer.from(c.body, "utf8")
            : // v6 types say Buffer; a plain Uint8Array goes through its Buffer.from just the same.
              (new TextEncoder().encode(c.body) as Buffer)
      const expected = outcomeOf(() => verifyV6(payload(), c.header, c.secret))
      const actual = outcomeOf(() => verifyOurs(payload(), c.header, c.secret))
      expect(actual, show(c)).toEqual(expected)
      const verdict = expected._tag === "Value" ? "verified" : expected.message
      shapes.set(verdict, (shapes.get(verdict) ?? 0) + 1)
    }
    console.info(
      `verifyWebhookEvent: ${cases.length} cases compared (${[...shapes].map(([k, n]) => `${k}: ${n}`).join(", ")})`
    )
    expect(shapes.get("verified") ?? 0).toBeGreaterThan(500)
    for (const message of ["Timestamp missing", "Timestamp invalid", "Signature missing", "Incorrect signature"]) {
      expect(shapes.get(message) ?? 0, message).toBeGreaterThan(20)
    }
  }, 30_000)

  it("the v6 test sample verifies to the same timestamp and event", () => {
    const secret = "whsec_xeO2UNkfKMQnfJf7Q/Qx+fYptL1wabXd"
    const body = JSON.stringify({
      type: "video.transformation.accepted",
      id: "58e6d24d-6098-4319-be8d-40c3cb0a402d",
      created_at: "2022-06-20T11:59:58.461Z",
      request: { x_request_id: "fa98fa2e-d6cd-45b4-acf5-bc1d2bbb8ba9", url: "https://example.com/a.mp4?tr=f-webm" },
      data: { asset: { url: "https://example.com/a.mp4" }, transformation: { type: "video-transformation" } }
    })
    const timestamp = 1655788406333
    const header = `t=${timestamp},v1=${hmac256(secret, `${timestamp}.${body}`)}`
    const client = ourClient(ENDPOINT_BASES[0])
    const result = client.verifyWebhookEvent(body, header, secret)
    expect(result).toEqual(v6Client(ENDPOINT_BASES[0]).verifyWebhookEvent(body, header, secret))
    expect(result.timestamp).toBe(timestamp)
  })

  it("documented differences (migration guide, item 4): several v1 entries, an empty secret", () => {
    const secret = "whsec_rotate"
    const body = JSON.stringify({ type: "video.transformation.ready", id: "x" })
    const timestamp = 1_700_000_000_000
    const right = hmac256(secret, `${timestamp}.${body}`)
    const header = `t=${timestamp},v1=${flip(right)},v1=${right}`
    const v6 = v6Client(ENDPOINT_BASES[0])
    const client = ourClient(ENDPOINT_BASES[0])
    // v6 read only the first v1; a rotated secret's second signature is accepted now.
    expect(outcomeOf(() => v6.verifyWebhookEvent(body, header, secret))).toEqual({
      _tag: "Threw",
      kind: "Error",
      message: "Incorrect signature"
    })
    expect(client.verifyWebhookEvent(body, header, secret)).toEqual({ timestamp, event: JSON.parse(body) })
    // The first v1 right, the second wrong: both accept.
    const reversed = `t=${timestamp},v1=${right},v1=${flip(right)}`
    expect(client.verifyWebhookEvent(body, reversed, secret)).toEqual(v6.verifyWebhookEvent(body, reversed, secret))
    // An empty secret: v6 computed an HMAC with it and said "Incorrect signature".
    const emptyKeyed = `t=${timestamp},v1=${hmac256("", `${timestamp}.${body}`)}`
    expect(outcomeOf(() => v6.verifyWebhookEvent(body, emptyKeyed, ""))).toEqual({
      _tag: "Value",
      value: { timestamp, event: JSON.parse(body) }
    })
    const ours = outcomeOf(() => client.verifyWebhookEvent(body, emptyKeyed, ""))
    expect(ours._tag === "Threw" && ours.kind).toBe("Error")
  })

  it("an empty secret throws the message the migration guide names (item 4)", () => {
    const body = "{}"
    const header = `t=1,v1=${hmac256("", `1.${body}`)}`
    expect(outcomeOf(() => ourClient(ENDPOINT_BASES[0]).verifyWebhookEvent(body, header, ""))).toEqual({
      _tag: "Threw",
      kind: "Error",
      message: "Webhook secret must be a non-empty string"
    })
  })

  it("a correctly signed body that is not JSON is rejected (v6: the JSON parser's SyntaxError)", () => {
    const secret = "whsec_abc"
    const timestamp = 1_700_000_000_000
    let compared = 0
    for (const body of ["not json", "{", "", "<xml/>", "{'a':1}", "[1,]"]) {
      const header = `t=${timestamp},v1=${hmac256(secret, `${timestamp}.${body}`)}`
      const expected = outcomeOf(() => v6Client(ENDPOINT_BASES[0]).verifyWebhookEvent(body, header, secret))
      const actual = outcomeOf(() => ourClient(ENDPOINT_BASES[0]).verifyWebhookEvent(body, header, secret))
      expect(expected._tag === "Threw" && expected.kind).toBe("SyntaxError")
      // Either way the caller gets a SyntaxError, never an event; the message is the JSON parser's in v6.
      expect(actual._tag === "Threw" && actual.kind, body).toBe("SyntaxError")
      // A wrong signature on a non-JSON body is reported as such, before any parsing, by both.
      const tampered = `t=${timestamp},v1=${flip(hmac256(secret, `${timestamp}.${body}`))}`
      expect(outcomeOf(() => ourClient(ENDPOINT_BASES[0]).verifyWebhookEvent(body, tampered, secret))).toEqual(
        outcomeOf(() => v6Client(ENDPOINT_BASES[0]).verifyWebhookEvent(body, tampered, secret))
      )
      compared += 1
    }
    console.info(`verifyWebhookEvent: ${compared} non-JSON bodies checked (excluded from the exact comparison)`)
  })
})
