import { createHmac } from "node:crypto"
import { buildSrc as js5BuildSrc, buildTransformationString as js5TransformationString } from "@imagekit/javascript"
import ImageKitV7 from "@imagekit/nodejs"
import * as fc from "effect/FastCheck"
import { afterEach, describe, expect, it, vi } from "vitest"
import { type SignedSrcOptions, buildSrc as signedBuildSrc } from "../src/Signing.js"
import { buildSrc, buildTransformationString, type SrcOptions } from "../src/Src.js"
import type { TypedStep } from "../src/Transformation.js"
import { isUrlError, UrlError } from "../src/Url.js"

const ENDPOINT = "https://ik.imagekit.io/test_url_endpoint"
const DEMO = "https://ik.imagekit.io/demo"
const KEY = "test_private_key"

type Js5Options = Parameters<typeof js5BuildSrc>[0]
type Js5Steps = Parameters<typeof js5TransformationString>[0]

/** js5's answer for the same options; it writes defaults into the object it gets, so it gets a copy. */
const js5 = (options: SrcOptions): string => js5BuildSrc({ ...options } as unknown as Js5Options)

const sha1 = (key: string, message: string) => createHmac("sha1", key).update(message).digest("hex")

const reasonOf = (run: () => unknown): string | undefined => {
  try {
    run()
    return undefined
  } catch (error) {
    if (!isUrlError(error)) throw error
    return error.reason
  }
}

describe("js5's documented outputs (its test suite's cases), byte for byte", () => {
  // Each case is checked against the installed @imagekit/javascript too, so the expectation is js5's, not ours.
  const cases: ReadonlyArray<readonly [string, SrcOptions, string]> = [
    ["src only", { urlEndpoint: ENDPOINT, src: "/test_path.jpg" }, `${ENDPOINT}/test_path.jpg`],
    ["src '/'", { urlEndpoint: ENDPOINT, src: "/" }, `${ENDPOINT}/`],
    [
      "query is the default position, steps chained with ':'",
      {
        urlEndpoint: ENDPOINT,
        src: "/test_path.jpg",
        transformation: [{ height: "300", width: "400" }, { rotation: 90 }]
      },
      `${ENDPOINT}/test_path.jpg?tr=h-300,w-400:rt-90`
    ],
    [
      "path position",
      {
        urlEndpoint: ENDPOINT,
        src: "/test_path.jpg",
        transformationPosition: "path",
        transformation: [{ height: "300", width: "400" }]
      },
      `${ENDPOINT}/tr:h-300,w-400/test_path.jpg`
    ],
    [
      "repeated leading slashes",
      { urlEndpoint: ENDPOINT, src: "///test_path.jpg", transformation: [{ height: "300", width: "400" }] },
      `${ENDPOINT}/test_path.jpg?tr=h-300,w-400`
    ],
    [
      "absolute src keeps its query, then queryParameters, then tr",
      {
        urlEndpoint: ENDPOINT,
        src: `${ENDPOINT}/test_path_alt.jpg?t1=v1`,
        queryParameters: { t2: "v2", t3: "v3" },
        transformation: [{ height: "300", width: "400" }]
      },
      `${ENDPOINT}/test_path_alt.jpg?t1=v1&t2=v2&t3=v3&tr=h-300,w-400`
    ],
    [
      "unknown keys pass through, raw is verbatim",
      {
        urlEndpoint: ENDPOINT,
        src: "/test_path.jpg",
        transformation: [{ height: "300", width: "400", raw: "l-image,i-overlay.jpg,w-100,b-10_CDDC39,l-end" }]
      },
      `${ENDPOINT}/test_path.jpg?tr=h-300,w-400,l-image,i-overlay.jpg,w-100,b-10_CDDC39,l-end`
    ],
    [
      "flags: true and 'true' write the bare effect, anything else leaves it out",
      {
        urlEndpoint: ENDPOINT,
        src: "/p.jpg",
        transformation: [
          { aiRemoveBackground: true },
          { aiRemoveBackgroundExternal: "true" } as unknown as TypedStep,
          { contrastStretch: false } as unknown as TypedStep,
          { grayscale: "false" } as unknown as TypedStep
        ]
      },
      `${ENDPOINT}/p.jpg?tr=e-bgremove:e-removedotbg`
    ],
    [
      "optional-value effects: bare for true or '', with the value otherwise",
      {
        urlEndpoint: ENDPOINT,
        src: "/p.jpg",
        transformation: [
          { shadow: "", gradient: true, sharpen: 10, unsharpMask: "2-2-0.8-0.024", aiDropShadow: "az-45" },
          { trim: "" as unknown as true },
          { trim: 5 }
        ]
      },
      `${ENDPOINT}/p.jpg?tr=e-shadow,e-gradient,e-sharpen-10,e-usm-2-2-0.8-0.024,e-dropshadow-az-45:t-true:t-5`
    ],
    [
      "video, AI and streaming parameters",
      {
        urlEndpoint: ENDPOINT,
        src: "/v.mp4",
        transformation: [
          {
            xCenter: 30,
            yCenter: 40,
            flip: "h",
            opacity: 0.8,
            zoom: 2,
            videoCodec: "h264",
            audioCodec: "aac",
            startOffset: 5,
            endOffset: 15,
            duration: 10,
            streamingResolutions: ["1440", "1080"],
            aiUpscale: true,
            aiRetouch: true,
            aiVariation: true,
            aiChangeBackground: "prompt-car",
            aiEdit: "prompt-vintage",
            page: "2_4",
            colorReplace: "FF0000_50_00FF00",
            distort: "p-50_50_150_50_150_150_50_150",
            density: 300,
            colorize: "co-red_in-50",
            defaultImage: "/folder/file.jpg/",
            named: "thumb"
          }
        ]
      },
      `${ENDPOINT}/v.mp4?tr=xc-30,yc-40,fl-h,o-0.8,z-2,vc-h264,ac-aac,so-5,eo-15,du-10,sr-1440_1080,e-upscale,e-retouch,e-genvar,e-changebg-prompt-car,e-edit-prompt-vintage,pg-2_4,cr-FF0000_50_00FF00,e-distort-p-50_50_150_50_150_150_50_150,dn-300,e-colorize-co-red_in-50,di-folder@@file.jpg,n-thumb`
    ],
    [
      "an empty key is left out",
      { urlEndpoint: ENDPOINT, src: "/p.jpg", transformation: [{ "": "" } as unknown as TypedStep] },
      `${ENDPOINT}/p.jpg`
    ],
    [
      "text overlay in the path, percent-encoded",
      {
        urlEndpoint: ENDPOINT,
        src: "/base-image.jpg",
        transformationPosition: "path",
        transformation: [{ overlay: { type: "text", text: "Minimal Text" } }]
      },
      `${ENDPOINT}/tr:l-text,i-Minimal%20Text,l-end/base-image.jpg`
    ],
    [
      "text overlay in the query is not encoded twice",
      { urlEndpoint: DEMO, src: "/sample.jpg", transformation: [{ overlay: { type: "text", text: "Minimal Text" } }] },
      `${DEMO}/sample.jpg?tr=l-text,i-Minimal%20Text,l-end`
    ],
    [
      "image overlay path: one slash off each end, the others @@",
      {
        urlEndpoint: DEMO,
        src: "/medium_cafe_B1iTdD0C.jpg",
        transformationPosition: "path",
        transformation: [{ overlay: { type: "image", input: "/customer_logo/nykaa.png" } }]
      },
      `${DEMO}/tr:l-image,i-customer_logo@@nykaa.png,l-end/medium_cafe_B1iTdD0C.jpg`
    ],
    [
      "a non-simple path goes base64 (ie-)",
      {
        urlEndpoint: DEMO,
        src: "/medium_cafe_B1iTdD0C.jpg",
        transformationPosition: "path",
        // A decomposed Ñ (N and a combining tilde), as in js5's test.
        transformation: [{ overlay: { type: "image", input: "/customer_logo/N\u0303ykaa.png" } }]
      },
      `${DEMO}/tr:l-image,ie-Y3VzdG9tZXJfbG9nby9OzIN5a2FhLnBuZw%3D%3D,l-end/medium_cafe_B1iTdD0C.jpg`
    ],
    [
      "a non-simple text goes base64",
      {
        urlEndpoint: DEMO,
        src: "/medium_cafe_B1iTdD0C.jpg",
        transformationPosition: "path",
        transformation: [{ overlay: { type: "text", text: "Let's use ©, ®, ™, etc" } }]
      },
      `${DEMO}/tr:l-text,ie-TGV0J3MgdXNlIMKpLCDCriwg4oSiLCBldGM%3D,l-end/medium_cafe_B1iTdD0C.jpg`
    ],
    [
      "layers of every type with position, timing and nested transformations",
      {
        urlEndpoint: ENDPOINT,
        src: "/base-image.jpg",
        transformationPosition: "path",
        transformation: [
          {
            overlay: {
              type: "text",
              text: "Every thing",
              position: { x: "10", y: "20", focus: "center" },
              timing: { start: 5, duration: "10", end: 15 },
              transformation: [
                {
                  width: "bw_mul_0.5",
                  fontSize: 20,
                  fontFamily: "Arial",
                  fontColor: "0000ff",
                  innerAlignment: "left",
                  padding: 5,
                  alpha: 7,
                  typography: "b",
                  background: "red",
                  radius: 10,
                  rotation: "N45",
                  flip: "h",
                  lineHeight: 20
                }
              ]
            }
          },
          {
            overlay: {
              type: "image",
              input: "logo.png",
              layerMode: "multiply",
              position: { xCenter: 100, yCenter: 50, anchorPoint: "top_left" },
              transformation: [{ width: "bw_mul_0.5", overlay: { type: "text", text: "Nested text overlay" } }]
            }
          },
          { overlay: { type: "video", input: "play-pause-loop.mp4", encoding: "base64" } },
          { overlay: { type: "subtitle", input: "/sub.srt", encoding: "plain" } },
          { overlay: { type: "solidColor", color: "FF0000", transformation: [{ width: 10, height: 20 }] } }
        ]
      },
      `${ENDPOINT}/tr:l-text,i-Every%20thing,lx-10,ly-20,lfo-center,lso-5,leo-15,ldu-10,w-bw_mul_0.5,fs-20,ff-Arial,co-0000ff,ia-left,pa-5,al-7,tg-b,bg-red,r-10,rt-N45,fl-h,lh-20,l-end:l-image,i-logo.png,lm-multiply,lxc-100,lyc-50,lap-top_left,w-bw_mul_0.5,l-text,i-Nested%20text%20overlay,l-end,l-end:l-video,ie-cGxheS1wYXVzZS1sb29wLm1wNA%3D%3D,l-end:l-subtitles,i-sub.srt,l-end:l-image,i-ik_canvas,bg-FF0000,w-10,h-20,l-end/base-image.jpg`
    ]
  ]

  it.each(cases)("%s", (_name, options, expected) => {
    expect(js5(options)).toBe(expected)
    expect(buildSrc(options)).toBe(expected)
  })

  it("buildTransformationString", () => {
    const steps: ReadonlyArray<TypedStep> = [{ width: 300 }, { overlay: { type: "text", text: "Hello" } }]
    expect(js5TransformationString(steps as unknown as Js5Steps)).toBe("w-300:l-text,i-Hello,l-end")
    expect(buildTransformationString(steps)).toBe("w-300:l-text,i-Hello,l-end")
    expect(buildTransformationString([{}])).toBe("")
    expect(buildTransformationString(undefined)).toBe("")
  })
})

describe("js5's documented behaviour where it silently skips, kept", () => {
  it("a missing src gives '' and an unparseable URL gives ''", () => {
    const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined)
    try {
      for (const options of [
        { urlEndpoint: ENDPOINT } as SrcOptions,
        { urlEndpoint: ENDPOINT, src: "" },
        { urlEndpoint: ENDPOINT, src: "https://" },
        { urlEndpoint: "not a url", src: "/a.jpg" },
        { urlEndpoint: "", src: "/a.jpg" }
      ]) {
        expect(js5(options)).toBe("")
        expect(buildSrc(options)).toBe("")
      }
      // js5 also logs the parse error; we do not write to the console.
      expect(quiet).toHaveBeenCalled()
      quiet.mockClear()
      buildSrc({ urlEndpoint: "not a url", src: "/a.jpg" })
      expect(quiet).not.toHaveBeenCalled()
    } finally {
      quiet.mockRestore()
    }
  })

  it.each([
    ["text", { type: "text" }],
    ["type", {}],
    ["image input", { type: "image" }],
    ["video input", { type: "video" }],
    ["subtitle input", { type: "subtitle", input: "" }],
    ["solidColor color", { type: "solidColor" }]
  ])("an overlay without its %s is left out", (_name, overlay) => {
    const options = {
      urlEndpoint: ENDPOINT,
      src: "/base-image.jpg",
      transformationPosition: "path",
      transformation: [{ overlay }]
    } as unknown as SrcOptions
    expect(js5(options)).toBe(`${ENDPOINT}/base-image.jpg`)
    expect(buildSrc(options)).toBe(`${ENDPOINT}/base-image.jpg`)
  })
})

/** The deliberate differences of docs/migrating-from-imagekit-javascript.md, each with js5's output beside ours. */
describe("deliberate differences from @imagekit/javascript", () => {
  const base = { urlEndpoint: DEMO, src: "/a.jpg" } as const

  it("1. zero positions and timings are written", () => {
    const options: SrcOptions = {
      ...base,
      transformation: [{ overlay: { type: "text", text: "Hi", position: { x: 0, y: 0 }, timing: { start: 0 } } }]
    }
    expect(js5(options)).toBe(`${DEMO}/a.jpg?tr=l-text,i-Hi,l-end`)
    expect(buildSrc(options)).toBe(`${DEMO}/a.jpg?tr=l-text,i-Hi,lx-0,ly-0,lso-0,l-end`)
  })

  it("2. plain overlay paths are percent-encoded like texts", () => {
    const auto: SrcOptions = { ...base, transformation: [{ overlay: { type: "image", input: "/brand/my logo.png" } }] }
    expect(js5(auto)).toBe(`${DEMO}/a.jpg?tr=l-image,i-brand@@my logo.png,l-end`)
    expect(buildSrc(auto)).toBe(`${DEMO}/a.jpg?tr=l-image,i-brand@@my%20logo.png,l-end`)
    // In the path js5's URL object encodes the space too, so both agree there...
    expect(js5({ ...auto, transformationPosition: "path" })).toBe(buildSrc({ ...auto, transformationPosition: "path" }))
    // ...but a forced plain path with ',' or ':' broke the layer in either position.
    const plain: SrcOptions = {
      ...base,
      transformationPosition: "path",
      transformation: [{ overlay: { type: "image", input: "a,b:c.png", encoding: "plain" } }]
    }
    expect(js5(plain)).toBe(`${DEMO}/tr:l-image,i-a,b:c.png,l-end/a.jpg`)
    expect(buildSrc(plain)).toBe(`${DEMO}/tr:l-image,i-a%2Cb%3Ac.png,l-end/a.jpg`)
  })

  it("3. a transformation in the query never makes a malformed URL", () => {
    const options: SrcOptions = { ...base, transformation: [{ raw: "l-text,i-50% off & more,l-end" }] }
    expect(js5(options)).toBe(`${DEMO}/a.jpg?tr=l-text,i-50% off & more,l-end`)
    expect(buildSrc(options)).toBe(`${DEMO}/a.jpg?tr=l-text,i-50%25%20off%20%26%20more,l-end`)
    const forcedPlain: SrcOptions = {
      ...base,
      transformation: [{ overlay: { type: "text", text: "it's", encoding: "plain" } }]
    }
    expect(js5(forcedPlain)).toBe(`${DEMO}/a.jpg?tr=l-text,i-it's,l-end`)
    expect(buildSrc(forcedPlain)).toBe(`${DEMO}/a.jpg?tr=l-text,i-it%27s,l-end`)
  })

  it("4. the fragment stays last", () => {
    const options: SrcOptions = { urlEndpoint: DEMO, src: `${DEMO}/a.jpg#top`, transformation: [{ width: 100 }] }
    expect(js5(options)).toBe(`${DEMO}/a.jpg#top?tr=w-100`)
    expect(buildSrc(options)).toBe(`${DEMO}/a.jpg?tr=w-100#top`)
  })

  it("5. an unknown overlay type is a UrlError (js5 writes a lone l-end)", () => {
    const options = {
      ...base,
      transformation: [{ overlay: { type: "sticker", input: "x.png" } }]
    } as unknown as SrcOptions
    expect(js5(options)).toBe(`${DEMO}/a.jpg?tr=l-end`)
    expect(reasonOf(() => buildSrc(options))).toBe("InvalidOverlayType")
  })

  it("6. values that cannot be written are a UrlError", () => {
    const cases: ReadonlyArray<readonly [TypedStep, string, string]> = [
      [{ width: Number.NaN }, "w-NaN", "InvalidTransformation"],
      [{ width: Number.POSITIVE_INFINITY }, "w-Infinity", "InvalidTransformation"],
      [{ width: { px: 1 } } as unknown as TypedStep, "w-[object Object]", "InvalidTransformation"],
      [{ width: [1, 2] } as unknown as TypedStep, "w-1,2", "InvalidTransformation"],
      [
        { overlay: { type: "text", text: "x", position: { x: 1, xCenter: 2 } } } as unknown as TypedStep,
        "l-text,i-x,lx-1,lxc-2,l-end",
        "ConflictingOverlayPosition"
      ],
      [{ overlay: "l-text,i-x,l-end" } as unknown as TypedStep, "overlay-l-text,i-x,l-end", "InvalidOverlay"]
    ]
    for (const [step, written, reason] of cases) {
      expect(js5({ ...base, transformation: [step] })).toBe(`${DEMO}/a.jpg?tr=${written}`)
      expect(reasonOf(() => buildSrc({ ...base, transformation: [step] }))).toBe(reason)
    }
  })

  it("7. inputs on which js5 throws a TypeError or URIError build a URL", () => {
    const cases: ReadonlyArray<readonly [TypedStep, string]> = [
      [{ defaultImage: 5 } as unknown as TypedStep, "di-5"],
      [{ fontFamily: true } as unknown as TypedStep, "ff-true"],
      [{ overlay: { type: "text", text: "x", position: null } } as unknown as TypedStep, "l-text,i-x,l-end"],
      [{ overlay: { type: "text", text: "a\uD800b", encoding: "plain" } }, "l-text,i-a%EF%BF%BDb,l-end"]
    ]
    for (const [step, written] of cases) {
      expect(() => js5({ ...base, transformation: [step] })).toThrow(/replace is not a function|null|URI malformed/)
      expect(buildSrc({ ...base, transformation: [step] })).toBe(`${DEMO}/a.jpg?tr=${written}`)
    }
  })

  it("8. color is co, as v7 writes it (js5 writes color-…)", () => {
    const options: SrcOptions = {
      ...base,
      transformation: [{ overlay: { type: "subtitle", input: "en.srt", transformation: [{ color: "FF0000" }] } }]
    }
    expect(js5(options)).toBe(`${DEMO}/a.jpg?tr=l-subtitles,i-en.srt,color-FF0000,l-end`)
    expect(buildSrc(options)).toBe(`${DEMO}/a.jpg?tr=l-subtitles,i-en.srt,co-FF0000,l-end`)
  })

  it("9. an endpoint with a query keeps its host, path and query", () => {
    const options: SrcOptions = { urlEndpoint: `${DEMO}?v=2`, src: "/a.jpg", transformation: [{ width: 100 }] }
    expect(js5(options)).toBe("https://ik.imagekit.io/demo/?v=2/a.jpg&tr=w-100")
    expect(buildSrc(options)).toBe(`${DEMO}/a.jpg?v=2&tr=w-100`)
    // js5 cuts the endpoint's path out of the whole string, so a host that contains it is cut too.
    const clash: SrcOptions = { urlEndpoint: "https://demo.example.com/demo", src: "/a.jpg" }
    expect(js5(clash)).toBe("https://.example.com/demo/demo/a.jpg")
    expect(buildSrc(clash)).toBe("https://demo.example.com/demo/a.jpg")
  })

  it("10. only own keys are read, and prototype names are ordinary keys", () => {
    const step = Object.assign(Object.create({ inherited: "x" }) as TypedStep, { width: 100 })
    expect(js5({ ...base, transformation: [step] })).toBe(`${DEMO}/a.jpg?tr=w-100,inherited-x`)
    expect(buildSrc({ ...base, transformation: [step] })).toBe(`${DEMO}/a.jpg?tr=w-100`)
    const named = JSON.parse('[{"constructor":"c"}]') as Array<TypedStep>
    expect(js5({ ...base, transformation: named })).toMatch(/\?tr=function Object\(\)/)
    expect(buildSrc({ ...base, transformation: named })).toBe(`${DEMO}/a.jpg?tr=constructor-c`)
  })

  it("11. a src ending in '?' gets one '?'", () => {
    const options: SrcOptions = { urlEndpoint: DEMO, src: `${DEMO}/a.jpg?`, transformation: [{ width: 100 }] }
    expect(js5(options)).toBe(`${DEMO}/a.jpg??tr=w-100`)
    expect(buildSrc(options)).toBe(`${DEMO}/a.jpg?tr=w-100`)
  })

  it("12. the options object is left as it was", () => {
    const options: SrcOptions = { urlEndpoint: DEMO, src: "/a.jpg" }
    const copy = structuredClone(options)
    js5BuildSrc(copy as unknown as Js5Options)
    expect(copy).toEqual({ ...options, transformationPosition: "query" })
    buildSrc(options)
    expect(options).toEqual({ urlEndpoint: DEMO, src: "/a.jpg" })
  })
})

describe("Signing.buildSrc: signing as @imagekit/nodejs 7's client.helper.buildSrc", () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  const v7 = new ImageKitV7({ privateKey: KEY })
  type V7Options = Parameters<typeof v7.helper.buildSrc>[0]

  type Unkeyed = Omit<SignedSrcOptions, "privateKey">
  const cases: ReadonlyArray<Unkeyed> = [
    { urlEndpoint: ENDPOINT, src: "/test_path.jpg", signed: true },
    { urlEndpoint: ENDPOINT, src: "/test_path.jpg", signed: true, expiresIn: 300 },
    { urlEndpoint: ENDPOINT, src: "/test_path.jpg", expiresIn: 60 },
    { urlEndpoint: `${ENDPOINT}/`, src: "/p.jpg", transformation: [{ width: 100 }], signed: true, expiresIn: 1 },
    {
      urlEndpoint: ENDPOINT,
      src: "/p.jpg",
      transformationPosition: "path",
      transformation: [{ width: 100, overlay: { type: "text", text: "Hello World" } }],
      queryParameters: { v: "2" },
      signed: true,
      expiresIn: 3600
    },
    { urlEndpoint: ENDPOINT, src: `${ENDPOINT}/abs.jpg?x=1`, transformation: [{ height: 50 }], signed: true }
  ]

  it.each(cases)("equals v7 for %j", (options) => {
    vi.useFakeTimers({ now: 1_720_000_000_500, toFake: ["Date"] })
    const ours = signedBuildSrc({ ...options, privateKey: KEY })
    expect(ours).toBe(v7.helper.buildSrc(structuredClone(options) as unknown as V7Options))
    const match = /[?&](?:ik-t=(\d+)&)?ik-s=([0-9a-f]{40})$/.exec(ours)
    expect(match).not.toBeNull()
    const expiry = match?.[1] ?? "9999999999"
    const unsigned = ours.slice(0, match?.index)
    const prefix = options.urlEndpoint.endsWith("/") ? options.urlEndpoint : `${options.urlEndpoint}/`
    expect(match?.[2]).toBe(sha1(KEY, unsigned.replace(prefix, "") + expiry))
    if (options.expiresIn !== undefined) expect(Number(expiry)).toBe(1_720_000_000 + options.expiresIn)
  })

  it("uses the clock it is given", () => {
    const url = signedBuildSrc({
      urlEndpoint: ENDPOINT,
      src: "/p.jpg",
      expiresIn: 60,
      privateKey: KEY,
      now: () => 1_000_999
    })
    expect(url).toBe(`${ENDPOINT}/p.jpg?ik-t=1060&ik-s=${sha1(KEY, "p.jpg1060")}`)
  })

  it("refuses an expiresIn that is not a number of seconds (v7 signs those forever)", () => {
    for (const expiresIn of [Number.NaN, Number.POSITIVE_INFINITY, -5, "soon"]) {
      const options = { urlEndpoint: ENDPOINT, src: "/p.jpg", signed: true, expiresIn } as unknown as Unkeyed
      expect(v7.helper.buildSrc(structuredClone(options) as unknown as V7Options)).toMatch(/\?ik-s=[0-9a-f]{40}$/)
      expect(reasonOf(() => signedBuildSrc({ ...options, privateKey: KEY }))).toBe("InvalidExpiresIn")
    }
  })

  it("needs the private key and the endpoint, and never shows the key", () => {
    const privateKey = "private_canary_9f3b"
    const unkeyed = { urlEndpoint: ENDPOINT, src: "/p.jpg", signed: true } as SignedSrcOptions
    expect(reasonOf(() => signedBuildSrc(unkeyed))).toBe("MissingPrivateKey")
    expect(
      reasonOf(() => signedBuildSrc({ urlEndpoint: "", src: `${ENDPOINT}/p.jpg`, signed: true, privateKey }))
    ).toBe("MissingUrlEndpoint")
    try {
      signedBuildSrc({ urlEndpoint: ENDPOINT, src: "/p.jpg", signed: true, expiresIn: -1, privateKey })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(UrlError)
      expect(`${String(error)} ${JSON.stringify(error)} ${(error as Error).stack}`).not.toContain(privateKey)
    }
  })
})

describe("the root buildSrc does not sign (js5 cannot either); it says where signing is", () => {
  it.each([{ signed: true }, { expiresIn: 60 }, { signed: true, privateKey: KEY }])("%j", (signing) => {
    const options = { urlEndpoint: ENDPOINT, src: "/p.jpg", ...signing } as SrcOptions
    expect(reasonOf(() => buildSrc(options))).toBe("SigningNotAvailable")
    expect(() => buildSrc(options)).toThrow(/@effect-imagekit\/core\/Signing/)
  })

  it("is the same URL as Signing.buildSrc when nothing asks for a signature", () => {
    const options: SrcOptions = { urlEndpoint: ENDPOINT, src: "/p.jpg", transformation: [{ width: 1 }] }
    expect(signedBuildSrc({ ...options, privateKey: KEY })).toBe(buildSrc(options))
  })
})

describe("bad input", () => {
  it("gives a string or a UrlError for any value in any option, and every URL parses to itself", () => {
    const anything = fc.anything({ withBigInt: true, withBoxedValues: true, withMap: true, withSet: true })
    const overlay = fc.record(
      {
        type: fc.oneof(fc.constantFrom("text", "image", "video", "subtitle", "solidColor", "other"), anything),
        text: fc.oneof(fc.fullUnicodeString(), anything),
        input: fc.oneof(fc.fullUnicodeString(), anything),
        color: fc.oneof(fc.string(), anything),
        encoding: fc.oneof(fc.constantFrom("auto", "plain", "base64"), anything),
        position: fc.oneof(fc.dictionary(fc.constantFrom("x", "y", "xCenter", "yCenter", "focus"), anything), anything),
        timing: fc.oneof(fc.dictionary(fc.constantFrom("start", "end", "duration"), anything), anything),
        transformation: fc.oneof(fc.array(fc.dictionary(fc.string(), anything), { maxLength: 2 }), anything)
      },
      { requiredKeys: [] }
    )
    const step = fc.oneof(
      fc.dictionary(fc.string(), anything, { maxKeys: 4 }),
      fc.record({ overlay: fc.oneof(overlay, anything) }),
      anything
    )
    const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined)
    try {
      fc.assert(
        fc.property(
          fc.record(
            {
              urlEndpoint: fc.oneof(fc.constantFrom(ENDPOINT, `${DEMO}/`), fc.webUrl(), anything),
              src: fc.oneof(
                fc.fullUnicodeString(),
                fc.webUrl({ withQueryParameters: true, withFragments: true }),
                anything
              ),
              transformation: fc.oneof(fc.array(step, { maxLength: 3 }), anything),
              transformationPosition: fc.oneof(fc.constantFrom("path", "query"), anything),
              queryParameters: fc.oneof(fc.dictionary(fc.string(), anything), anything),
              signed: fc.oneof(fc.boolean(), anything),
              expiresIn: fc.oneof(fc.integer({ min: -10, max: 100_000 }), anything),
              privateKey: fc.oneof(fc.constant(KEY), anything)
            },
            { requiredKeys: [] }
          ),
          (options) => {
            let url: string
            try {
              url = signedBuildSrc(options as unknown as SignedSrcOptions)
            } catch (error) {
              expect(error).toBeInstanceOf(UrlError)
              return
            }
            expect(typeof url).toBe("string")
            // Never a malformed URL: what a URL parser reads back is exactly what we wrote.
            if (url !== "") expect(new URL(url).href).toBe(url)
          }
        ),
        { numRuns: 2000 }
      )
    } finally {
      quiet.mockRestore()
    }
  })

  it("keeps the transformation one query parameter and the URL canonical, whatever the text", () => {
    fc.assert(
      fc.property(
        fc.fullUnicodeString(),
        fc.constantFrom<"auto" | "plain" | "base64">("auto", "plain", "base64"),
        fc.string(),
        (text, encoding, raw) => {
          const url = buildSrc({
            urlEndpoint: DEMO,
            src: "/a.jpg",
            transformation: [{ overlay: { type: "text", text: text === "" ? "x" : text, encoding } }, { raw }],
            queryParameters: { v: "1" }
          })
          const parsed = new URL(url)
          expect(parsed.href).toBe(url)
          expect([...parsed.searchParams.keys()]).toEqual(["v", "tr"])
          expect(parsed.hash).toBe("")
        }
      ),
      { numRuns: 1000 }
    )
  })
})
