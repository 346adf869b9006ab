import { createHmac } from "node:crypto"
import ImageKit from "imagekit"
import * as fc from "effect/FastCheck"
import { afterEach, describe, expect, it, vi } from "vitest"
import { parameterNames } from "../src/Transformation.js"
import { build, isUrlError, type Options, UrlError } from "../src/Url.js"

const sha1 = (key: string, message: string) => createHmac("sha1", key).update(message).digest("hex")

type V6Options = Parameters<ImageKit["url"]>[0]
/** imagekit@6's types demand either path or src; our Options carry the same fields. */
const v6Url = (client: ImageKit, options: Options): string => client.url(options as V6Options)

const README_ENDPOINT = "https://ik.imagekit.io/your_imagekit_id/endpoint/"

describe("README examples (imagekit@6 seed README, URL generation)", () => {
  it("path with the endpoint given per call", () => {
    expect(
      build({
        path: "/default-image.jpg",
        urlEndpoint: README_ENDPOINT,
        transformation: [{ height: "300", width: "400" }]
      })
    ).toBe("https://ik.imagekit.io/your_imagekit_id/endpoint/tr:h-300,w-400/default-image.jpg")
  })

  it("full image URL with src puts the transformation in the query", () => {
    expect(
      build({
        src: "https://ik.imagekit.io/your_imagekit_id/endpoint/default-image.jpg",
        transformation: [{ height: "300", width: "400" }]
      })
    ).toBe("https://ik.imagekit.io/your_imagekit_id/endpoint/default-image.jpg?tr=h-300%2Cw-400")
  })

  it("chained transformations as a query parameter", () => {
    expect(
      build({
        path: "/default-image.jpg",
        urlEndpoint: README_ENDPOINT,
        transformation: [{ height: "300", width: "400" }, { rotation: 90 }],
        transformationPosition: "query"
      })
    ).toBe("https://ik.imagekit.io/your_imagekit_id/endpoint/default-image.jpg?tr=h-300%2Cw-400%3Art-90")
  })

  it("sharpening, contrast and progressive JPEG", () => {
    expect(
      build({
        src: "https://ik.imagekit.io/your_imagekit_id/endpoint/default-image.jpg",
        transformation: [{ format: "jpg", progressive: "true", effectSharpen: "-", effectContrast: "1" }]
      })
    ).toBe(
      "https://ik.imagekit.io/your_imagekit_id/endpoint/default-image.jpg?tr=f-jpg%2Cpr-true%2Ce-sharpen%2Ce-contrast-1"
    )
  })

  it("signed URL that expires in 300 seconds with query parameters", () => {
    // README: ...?v=123&ik-t=1567358667&ik-s=<hex>; the signed string is the URL minus the endpoint plus ik-t.
    const privateKey = "your_private_api_key"
    const url = build({
      urlEndpoint: "https://ik.imagekit.io/your_imagekit_id/",
      privateKey,
      path: "/default-image.jpg",
      queryParameters: { v: "123" },
      transformation: [{ height: "300", width: "400" }],
      signed: true,
      expireSeconds: 300,
      now: () => (1567358667 - 300) * 1000
    })
    const signature = sha1(privateKey, "tr:h-300,w-400/default-image.jpg?v=1231567358667")
    expect(url).toBe(
      `https://ik.imagekit.io/your_imagekit_id/tr:h-300,w-400/default-image.jpg?v=123&ik-t=1567358667&ik-s=${signature}`
    )
  })

  // The README shows these overlay and expression outputs with the transformation in the path although its
  // code passes `src`; v6 (and we) always put it in the query with `src`. With `path` the README's exact
  // output is produced; with `src` the query form of the same string is.
  const overlayCases = [
    {
      file: "default-image.jpg",
      step: { width: 400, height: 300, raw: "l-text,i-Imagekit,fs-50,l-end" },
      readme: "https://ik.imagekit.io/your_imagekit_id/tr:h-300,w-400,l-text,i-Imagekit,fs-50,l-end/default-image.jpg"
    },
    {
      file: "default-image.jpg",
      step: { width: 400, height: 300, raw: "l-image,i-default-image.jpg,w-100,b-10_CDDC39,l-end" },
      readme:
        "https://ik.imagekit.io/your_imagekit_id/tr:h-300,w-400,l-image,i-default-image.jpg,w-100,b-10_CDDC39,l-end/default-image.jpg"
    },
    {
      file: "img/sample-video.mp4",
      step: { width: 400, height: 300, raw: "l-image,i-ik_canvas,bg-FF0000,w-300,h-100,l-end" },
      readme:
        "https://ik.imagekit.io/your_imagekit_id/tr:h-300,w-400,l-image,i-ik_canvas,bg-FF0000,w-300,h-100,l-end/img/sample-video.mp4"
    }
  ]

  it.each(overlayCases)("overlay $file: the README output with path, the query form with src", ({ file, readme }) => {
    const match = /\/tr:([^/]+)\//.exec(readme)
    const transformationText = match?.[1] ?? ""
    // The README lists height before width in its output; write the step in that order to reproduce it.
    const raw = transformationText.replace(/^h-300,w-400,/, "")
    const ordered = { height: 300, width: 400, raw }
    expect(
      build({ urlEndpoint: "https://ik.imagekit.io/your_imagekit_id", path: `/${file}`, transformation: [ordered] })
    ).toBe(readme)
    expect(build({ src: `https://ik.imagekit.io/your_imagekit_id/${file}`, transformation: [ordered] })).toBe(
      `https://ik.imagekit.io/your_imagekit_id/${file}?tr=${encodeURIComponent(transformationText)}`
    )
  })

  it("overlay steps keep the caller's key order (width first)", () => {
    const step = overlayCases[0]?.step ?? {}
    expect(
      build({ urlEndpoint: "https://ik.imagekit.io/your_imagekit_id", path: "/a.jpg", transformation: [step] })
    ).toBe("https://ik.imagekit.io/your_imagekit_id/tr:w-400,h-300,l-text,i-Imagekit,fs-50,l-end/a.jpg")
  })

  it("arithmetic expressions", () => {
    expect(
      build({
        urlEndpoint: "https://ik.imagekit.io/your_imagekit_id",
        path: "/default-image.jpg",
        transformation: [{ width: "iw_div_4", height: "ih_div_2", border: "cw_mul_0.05_yellow" }]
      })
    ).toBe("https://ik.imagekit.io/your_imagekit_id/tr:w-iw_div_4,h-ih_div_2,b-cw_mul_0.05_yellow/default-image.jpg")
  })
})

const ENDPOINT = "https://ik.imagekit.io/test_url_endpoint"
const KEY = "test_private_key"

describe("transformation key map", () => {
  const rows = Object.entries(parameterNames)
  it("has every row of the seed table plus the rotate alias", () => {
    expect(rows.length).toBe(31)
    expect(parameterNames.rotate).toBe("rt")
  })

  it.each(rows)("%s → %s", (key, parameter) => {
    expect(build({ urlEndpoint: ENDPOINT, path: "/i.jpg", transformation: [{ [key]: "v" }] })).toBe(
      `${ENDPOINT}/tr:${parameter}-v/i.jpg`
    )
  })

  it("looks up the lower-cased key, passes unknown keys through, keeps 0/false/'' and skips null/undefined", () => {
    const url = build({
      urlEndpoint: ENDPOINT,
      path: "/i.jpg",
      transformation: [{ WIDTH: 1, Height: 2, AspectRatio: "4-3", rndm_trnsf: "abc", x: 0, y: false, q: "", bl: null }]
    })
    expect(url).toBe(`${ENDPOINT}/tr:w-1,h-2,AspectRatio-4-3,rndm_trnsf-abc,x-0,y-false,q-/i.jpg`)
  })

  it("emits the bare key for '-', raw verbatim, and the defaultImage @@ rule", () => {
    const url = build({
      urlEndpoint: ENDPOINT,
      path: "/i.jpg",
      transformation: [
        { effectSharpen: "-", raw: "-" },
        { raw: "l-text,i-Hi,l-end" },
        { defaultImage: "//a/b/c.jpg//" }
      ]
    })
    expect(url).toBe(`${ENDPOINT}/tr:e-sharpen,raw:l-text,i-Hi,l-end:di-@@a@@b@@c.jpg@@/i.jpg`)
    expect(build({ urlEndpoint: ENDPOINT, path: "/i.jpg", transformation: [{ di: "/folder/file.jpg/" }] })).toBe(
      `${ENDPOINT}/tr:di-folder@@file.jpg/i.jpg`
    )
  })

  it("counts empty steps", () => {
    expect(build({ urlEndpoint: ENDPOINT, path: "/i.jpg", transformation: [{}, {}] })).toBe(`${ENDPOINT}/tr::/i.jpg`)
    expect(build({ urlEndpoint: ENDPOINT, path: "/i.jpg", transformation: [{ w: 1 }, {}] })).toBe(
      `${ENDPOINT}/tr:w-1:/i.jpg`
    )
    expect(build({ urlEndpoint: ENDPOINT, path: "/i.jpg", transformation: [{}] })).toBe(`${ENDPOINT}/i.jpg`)
  })

  it("treats prototype names as ordinary keys and ignores inherited ones", () => {
    const own = JSON.parse('{"constructor":"c","toString":"t"}') as Record<string, string>
    const step = Object.assign(Object.create({ inherited: "x" }) as Record<string, string>, own)
    expect(build({ urlEndpoint: ENDPOINT, path: "/i.jpg", transformation: [step] })).toBe(
      `${ENDPOINT}/tr:constructor-c,toString-t/i.jpg`
    )
  })
})

describe("encodings", () => {
  it("form-encodes the query and escapes the path like WHATWG", () => {
    const url = build({
      urlEndpoint: ENDPOINT,
      path: "/a b/é'^|~!*()[]@$&+,;=:.jpg",
      queryParameters: { "a b": "é!'()~*,:/@=" },
      transformation: [{ w: "1 2" }]
    })
    expect(url).toBe(
      `${ENDPOINT}/tr:w-1%202/a%20b/%C3%A9'^|~!*()[]@$&+,;=:.jpg?a+b=%C3%A9%21%27%28%29%7E*%2C%3A%2F%40%3D`
    )
  })

  it("re-serialises a query that came with src and keeps the fragment last", () => {
    expect(build({ src: "https://ik.imagekit.io/x/a.jpg?x=a%20b&y=1,2&flag#frag", queryParameters: { z: 1 } })).toBe(
      "https://ik.imagekit.io/x/a.jpg?x=a+b&y=1%2C2&flag=&z=1#frag"
    )
  })

  it("replaces an existing query parameter in place (URLSearchParams#set)", () => {
    expect(
      build({
        src: "https://ik.imagekit.io/x/a.jpg?v=1&tr=old&v=2",
        queryParameters: { v: 3 },
        transformation: [{ w: 1 }]
      })
    ).toBe("https://ik.imagekit.io/x/a.jpg?v=3&tr=w-1")
  })

  it("drops a trailing dot segment of a src path that Node's parser keeps, as imagekit@6 does", () => {
    // Found by the differential below: Node 20's URL parser leaves `/.` before `?` after a segment such as `.&`.
    for (const src of [
      "https://ik.imagekit.io/test_url_endpoint/.&/.? /a",
      "https://ik.imagekit.io/x/.&/.?a",
      "https://ik.imagekit.io/x/a/.&/."
    ]) {
      const v6 = new ImageKit({ publicKey: "p", privateKey: KEY, urlEndpoint: "https://ik.imagekit.io/x" })
      expect(build({ src, urlEndpoint: "https://ik.imagekit.io/x" })).toBe(v6Url(v6, { src }))
    }
    expect(build({ src: "https://ik.imagekit.io/x/.&/.?a" })).toBe("https://ik.imagekit.io/x/.&/?a=")
  })

  it("escapes ? and # in a path instead of letting them start a query or fragment", () => {
    expect(build({ urlEndpoint: ENDPOINT, path: "/a?b=1#c.jpg" })).toBe(`${ENDPOINT}/a%3Fb=1%23c.jpg`)
  })
})

describe("signing", () => {
  it("signs with the default expiry and adds no ik-t", () => {
    const url = build({ urlEndpoint: ENDPOINT, privateKey: KEY, path: "/test_path_alt.jpg", signed: true })
    expect(url).toBe(`${ENDPOINT}/test_path_alt.jpg?ik-s=${sha1(KEY, "test_path_alt.jpg9999999999")}`)
    expect(url).toBe(`${ENDPOINT}/test_path_alt.jpg?ik-s=e26ca157df99b30b2443d7cb6886fc396fb4c87b`)
  })

  it("signs the percent-encoded form of a non-ASCII path", () => {
    const url = build({ urlEndpoint: ENDPOINT, privateKey: KEY, path: "/test_é_path_alt.jpg", signed: true })
    expect(url).toBe(`${ENDPOINT}/test_%C3%A9_path_alt.jpg?ik-s=${sha1(KEY, "test_%C3%A9_path_alt.jpg9999999999")}`)
  })

  it("adds ik-t before ik-s after every other parameter, from a frozen clock", () => {
    const now = () => 1_700_000_000_999
    const url = build({
      urlEndpoint: `${ENDPOINT}/`,
      privateKey: KEY,
      path: "/p.jpg",
      queryParameters: { v: "1" },
      transformation: [{ w: 100 }],
      transformationPosition: "query",
      signed: true,
      expireSeconds: 60,
      now
    })
    expect(url).toBe(`${ENDPOINT}/p.jpg?v=1&tr=w-100&ik-t=1700000060&ik-s=${sha1(KEY, "p.jpg?v=1&tr=w-1001700000060")}`)
    expect(
      build({ urlEndpoint: ENDPOINT, privateKey: KEY, path: "/p.jpg", signed: true, expireSeconds: 60, now })
    ).toBe(`${ENDPOINT}/p.jpg?ik-t=1700000060&ik-s=${sha1(KEY, "p.jpg1700000060")}`)
  })

  it("only the boolean true signs; 0, NaN and non-numeric expiries mean no expiry", () => {
    const unsigned = `${ENDPOINT}/p.jpg`
    expect(
      build({ urlEndpoint: ENDPOINT, privateKey: KEY, path: "/p.jpg", signed: "true" } as unknown as Options)
    ).toBe(unsigned)
    for (const expireSeconds of [0, Number.NaN, "abc", ""]) {
      expect(
        build({ urlEndpoint: ENDPOINT, privateKey: KEY, path: "/p.jpg", signed: true, expireSeconds } as Options)
      ).toBe(`${unsigned}?ik-s=${sha1(KEY, "p.jpg9999999999")}`)
    }
    expect(
      build({ urlEndpoint: ENDPOINT, privateKey: KEY, path: "/p.jpg", signed: true, expireSeconds: "30", now: () => 0 })
    ).toBe(`${unsigned}?ik-t=30&ik-s=${sha1(KEY, "p.jpg30")}`)
  })

  it("signs the whole URL when the endpoint is not its prefix (src on another host)", () => {
    const url = build({ urlEndpoint: ENDPOINT, privateKey: KEY, src: "https://other.example/a.jpg", signed: true })
    expect(url).toBe(`https://other.example/a.jpg?ik-s=${sha1(KEY, "https://other.example/a.jpg9999999999")}`)
  })

  it("is deterministic for a frozen clock", () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 100_000 }), fc.nat(), (path, seconds, clock) => {
        const options: Options = {
          urlEndpoint: ENDPOINT,
          privateKey: KEY,
          path: `/${path}`,
          signed: true,
          expireSeconds: seconds,
          now: () => clock
        }
        expect(build(options)).toBe(build(options))
      })
    )
  })
})

describe("slashes: the single-slash form the README documents (not the 6.0.0 regression, issue #111)", () => {
  const cases: ReadonlyArray<readonly [string, Options, string, string]> = [
    [
      "trailing-slash endpoint, leading-slash path",
      { urlEndpoint: `${ENDPOINT}/`, path: "/test_path.jpg" },
      `${ENDPOINT}/test_path.jpg`,
      `${ENDPOINT}//test_path.jpg`
    ],
    [
      "path without a leading slash",
      { urlEndpoint: ENDPOINT, path: "test_path.jpg" },
      `${ENDPOINT}/test_path.jpg`,
      "https://ik.imagekit.io/test_url_endpointtest_path.jpg"
    ],
    [
      "repeated leading slashes",
      { urlEndpoint: ENDPOINT, path: "///test_path.jpg" },
      `${ENDPOINT}/test_path.jpg`,
      `${ENDPOINT}///test_path.jpg`
    ],
    [
      "host-only endpoint",
      { urlEndpoint: "https://ik.imagekit.io", path: "/test_path.jpg" },
      "https://ik.imagekit.io/test_path.jpg",
      "https://ik.imagekit.io//test_path.jpg"
    ],
    [
      "trailing-slash endpoint, query transformation",
      {
        urlEndpoint: `${ENDPOINT}/`,
        path: "/test_path.jpg",
        transformation: [{ w: 1 }],
        transformationPosition: "query"
      },
      `${ENDPOINT}/test_path.jpg?tr=w-1`,
      `${ENDPOINT}//test_path.jpg?tr=w-1`
    ]
  ]

  it.each(cases)("%s", (_name, options, documented, regression) => {
    expect(build(options)).toBe(documented)
    // The regression output really is what imagekit@6 prints, so this list is the complete set of differences.
    const v6 = new ImageKit({ publicKey: "p", privateKey: KEY, urlEndpoint: options.urlEndpoint ?? ENDPOINT })
    expect(v6Url(v6, options)).toBe(regression)
  })

  it("agrees with 6.0.0 when the transformation is in the path", () => {
    const options: Options = { urlEndpoint: `${ENDPOINT}/`, path: "///test_path.jpg", transformation: [{ h: 300 }] }
    const v6 = new ImageKit({ publicKey: "p", privateKey: KEY, urlEndpoint: ENDPOINT })
    expect(build(options)).toBe(v6Url(v6, options))
    expect(build(options)).toBe(`${ENDPOINT}/tr:h-300/test_path.jpg`)
  })
})

describe("bad input gets a UrlError, never anything else", () => {
  const reasonOf = (options: unknown): string | undefined => {
    try {
      build(options as Options)
      return undefined
    } catch (error) {
      if (!isUrlError(error)) throw error
      return error.reason
    }
  }

  it("names the reason", () => {
    expect(reasonOf(null)).toBe("InvalidOptions")
    expect(reasonOf("x")).toBe("InvalidOptions")
    expect(reasonOf({})).toBe("MissingPathOrSrc")
    expect(reasonOf({ path: "/a" })).toBe("MissingUrlEndpoint")
    expect(reasonOf({ path: "/a", urlEndpoint: "not a url" })).toBe("InvalidUrlEndpoint")
    expect(reasonOf({ path: "/a", urlEndpoint: "ftp://x/y" })).toBe("InvalidUrlEndpoint")
    expect(reasonOf({ path: "/a", urlEndpoint: 42 })).toBe("InvalidUrlEndpoint")
    expect(reasonOf({ path: 42, urlEndpoint: ENDPOINT })).toBe("InvalidPath")
    expect(reasonOf({ src: "relative/a.jpg" })).toBe("InvalidSrc")
    expect(reasonOf({ src: {} })).toBe("InvalidSrc")
    expect(reasonOf({ path: "/a", urlEndpoint: ENDPOINT, signed: true })).toBe("MissingPrivateKey")
    expect(reasonOf({ src: "https://x.io/a", signed: true, privateKey: KEY })).toBe("MissingUrlEndpoint")
    expect(reasonOf({ path: "/a", urlEndpoint: ENDPOINT, queryParameters: "v=1" })).toBe("InvalidQueryParameters")
    const hostile = {
      toString() {
        throw new Error("boom")
      }
    }
    expect(reasonOf({ path: "/a", urlEndpoint: ENDPOINT, transformation: [{ w: hostile }] })).toBe(
      "InvalidTransformation"
    )
    expect(reasonOf({ path: "/a", urlEndpoint: ENDPOINT, queryParameters: { v: hostile } })).toBe(
      "InvalidQueryParameters"
    )
    const throwingGetter = Object.defineProperty({}, "path", {
      get() {
        throw new Error("getter")
      }
    })
    expect(reasonOf(throwingGetter)).toBe("InvalidOptions")
  })

  it("never puts the private key in an error", () => {
    const privateKey = "private_canary_9f3b"
    try {
      build({ path: "/a", privateKey, signed: true })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(UrlError)
      expect(String(error)).not.toContain(privateKey)
      expect(JSON.stringify(error)).not.toContain(privateKey)
    }
  })

  it("returns a string or throws UrlError for any value in any option", () => {
    const anything = fc.anything({ withBigInt: true, withBoxedValues: true, withMap: true, withSet: true })
    fc.assert(
      fc.property(
        fc.record(
          {
            urlEndpoint: fc.oneof(anything, fc.constant(ENDPOINT), fc.webUrl()),
            path: fc.oneof(anything, fc.string(), fc.fullUnicodeString()),
            src: fc.oneof(anything, fc.webUrl({ withQueryParameters: true, withFragments: true })),
            transformation: fc.oneof(anything, fc.array(fc.dictionary(fc.string(), anything))),
            transformationPosition: anything,
            queryParameters: fc.oneof(anything, fc.dictionary(fc.string(), anything)),
            signed: fc.oneof(fc.boolean(), anything),
            expireSeconds: anything,
            privateKey: fc.oneof(fc.constant(KEY), anything)
          },
          { requiredKeys: [] }
        ),
        (options) => {
          try {
            expect(typeof build(options as Options)).toBe("string")
          } catch (error) {
            expect(error).toBeInstanceOf(UrlError)
          }
        }
      ),
      { numRuns: 2000 }
    )
  })
})

describe("differential: byte-identical to imagekit@6 url()", () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  const segment = fc
    .string({
      unit: fc.oneof(
        fc.constantFrom(
          "a",
          "Z",
          "0",
          "-",
          "_",
          ".",
          "~",
          "%",
          "é",
          " ",
          "?",
          "#",
          "\\",
          "'",
          "+",
          "😀",
          "\u00a0",
          "[",
          "|",
          "^"
        ),
        fc.char()
      ),
      minLength: 1,
      maxLength: 8
    })
    .filter((s) => !s.includes("/") && s !== "." && s !== "..")
  const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((segments) => `/${segments.join("/")}`)
  const endpointBase = fc.constantFrom(
    "https://ik.imagekit.io/test_url_endpoint",
    "https://ik.imagekit.io",
    "https://ik.imagekit.io/a/b",
    "http://127.0.0.1:8080/base"
  )
  const endpointQuery = fc.constantFrom("", "", "?x=1&y=a%20b")
  const knownKeys = Object.keys(parameterNames)
  const key = fc.oneof(
    fc.constantFrom(...knownKeys),
    fc.constantFrom(...knownKeys).map((k) => k.toUpperCase()),
    fc.constantFrom("raw", "di", "l-text", "e-bgremove", "rt", "bg"),
    // `ff` is the one deliberate difference from v6 in a step (slashes written @@); Transformation.test.ts shows it.
    fc.string({ maxLength: 6 }).filter((k) => k.toLowerCase() !== "ff")
  )
  const value = fc.oneof(
    fc.string({ maxLength: 10 }),
    fc.fullUnicodeString({ maxLength: 6 }),
    fc.integer({ min: -10, max: 5000 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constantFrom("-", "", "/a/b/", null, undefined)
  )
  const steps = fc.array(fc.dictionary(key, value, { maxKeys: 5 }), { maxLength: 3 })
  const queryParameters = fc.option(fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string(), fc.integer())), {
    nil: undefined
  })

  it("for generated path and src options, signed and unsigned", () => {
    const clock = 1_720_000_000_123
    vi.useFakeTimers({ now: clock, toFake: ["Date"] })
    fc.assert(
      fc.property(
        endpointBase,
        fc.boolean(),
        endpointQuery,
        path,
        fc.boolean(),
        steps,
        fc.constantFrom<Options["transformationPosition"]>("path", "query", undefined),
        queryParameters,
        fc.boolean(),
        fc.option(fc.oneof(fc.integer({ min: -100, max: 100_000 }), fc.constantFrom("60", "abc")), { nil: undefined }),
        fc.option(fc.constantFrom("#frag", "?z=9", "?z=9#f"), { nil: "" }),
        (
          base,
          slash,
          endpointSearch,
          filePath,
          useSrc,
          transformation,
          position,
          query,
          signed,
          expireSeconds,
          tail
        ) => {
          const urlEndpoint = `${base}${slash ? "/" : ""}${endpointSearch}`
          const rest = {
            transformation,
            transformationPosition: position,
            queryParameters: query,
            signed,
            expireSeconds
          }
          const ours: Options = useSrc
            ? { src: `${base}${filePath}${tail}`, urlEndpoint, ...rest }
            : { path: filePath, urlEndpoint, ...rest }
          // 6.0.0 only joins with single slashes when the transformation sits in the path (issue #111). Feeding it
          // the already-joined form (no trailing slash on the endpoint; no leading slash on the path of a host-only
          // endpoint) gives the documented single-slash URL, which must equal ours for the raw inputs.
          const hostOnly = new URL(base).pathname === "/"
          const reference: Options = useSrc
            ? ours
            : { ...ours, urlEndpoint: `${base}${endpointSearch}`, path: hostOnly ? filePath.slice(1) : filePath }
          const v6 = new ImageKit({ publicKey: "p", privateKey: KEY, urlEndpoint })
          expect(build({ ...ours, privateKey: KEY, now: () => clock })).toBe(v6Url(v6, reference))
        }
      ),
      { numRuns: 3000 }
    )
  })
})
