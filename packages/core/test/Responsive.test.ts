import { createHmac } from "node:crypto"
import { getResponsiveImageAttributes as js5Attributes } from "@imagekit/javascript"
import * as fc from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import {
  DEFAULT_DEVICE_BREAKPOINTS,
  DEFAULT_IMAGE_BREAKPOINTS,
  type GetImageAttributesOptions,
  getResponsiveImageAttributes
} from "../src/Responsive.js"
import { getResponsiveImageAttributes as signedAttributes } from "../src/Signing.js"
import { isUrlError, UrlError } from "../src/Url.js"

const DEMO = "https://ik.imagekit.io/demo"
const KEY = "test_private_key"

type Js5Options = Parameters<typeof js5Attributes>[0]
const js5 = (options: GetImageAttributesOptions) => js5Attributes({ ...options } as unknown as Js5Options)

const url = (width: number, tr = "") => `${DEMO}/sample.jpg?tr=${tr}w-${width},c-at_max`
const srcSet = (widths: ReadonlyArray<number>, descriptor: "w" | "x", tr = "") =>
  widths.map((w, i) => `${url(w, tr)} ${descriptor === "w" ? w : i + 1}${descriptor}`).join(", ")

const reasonOf = (options: unknown): string | undefined => {
  try {
    getResponsiveImageAttributes(options as GetImageAttributesOptions)
    return undefined
  } catch (error) {
    if (!isUrlError(error)) throw error
    return error.reason
  }
}

describe("js5's breakpoint rules (its test suite's cases)", () => {
  const device = [640, 750, 828, 1080, 1200, 1920, 2048, 3840]
  const cases: ReadonlyArray<readonly [string, GetImageAttributesOptions, object]> = [
    [
      "no sizes, no width: the device breakpoints, w descriptors, sizes 100vw",
      { src: "sample.jpg", urlEndpoint: DEMO },
      { src: url(3840), srcSet: srcSet(device, "w"), sizes: "100vw" }
    ],
    [
      "sizes 100vw: the same",
      { src: "sample.jpg", urlEndpoint: DEMO, sizes: "100vw" },
      { src: url(3840), srcSet: srcSet(device, "w"), sizes: "100vw" }
    ],
    [
      "width only: the DPR strategy, 1x and 2x",
      { src: "sample.jpg", urlEndpoint: DEMO, width: 400 },
      { src: url(828), srcSet: srcSet([640, 828], "x"), width: 400 }
    ],
    [
      "custom breakpoints",
      { src: "sample.jpg", urlEndpoint: DEMO, deviceBreakpoints: [200, 400, 800], imageBreakpoints: [100] },
      { src: url(800), srcSet: srcSet([200, 400, 800], "w"), sizes: "100vw" }
    ],
    [
      "the caller's steps come first",
      {
        src: "sample.jpg",
        urlEndpoint: DEMO,
        width: 450,
        transformation: [{ height: 300 }, { aiRemoveBackground: true }]
      },
      { src: url(1080, "h-300:e-bgremove:"), srcSet: srcSet([640, 1080], "x", "h-300:e-bgremove:"), width: 450 }
    ],
    [
      "sizes wins over width: 50vw keeps breakpoints from 320 px",
      { src: "sample.jpg", urlEndpoint: DEMO, sizes: "50vw", width: 600 },
      { src: url(3840), srcSet: srcSet([384, ...device], "w"), sizes: "50vw", width: 600 }
    ],
    [
      "the smallest vw share prunes: 33vw of 640",
      { src: "sample.jpg", urlEndpoint: DEMO, sizes: "(min-width: 800px) 33vw, 100vw" },
      { src: url(3840), srcSet: srcSet([256, 384, ...device], "w"), sizes: "(min-width: 800px) 33vw, 100vw" }
    ],
    [
      "no vw: every breakpoint",
      { src: "sample.jpg", urlEndpoint: DEMO, sizes: "100%" },
      {
        src: url(3840),
        srcSet: srcSet([...DEFAULT_IMAGE_BREAKPOINTS, ...DEFAULT_DEVICE_BREAKPOINTS], "w"),
        sizes: "100%"
      }
    ],
    [
      "query parameters and the path position",
      {
        src: "sample.jpg",
        urlEndpoint: DEMO,
        width: 450,
        transformation: [{ height: 300 }],
        queryParameters: { key: "value" },
        transformationPosition: "path"
      },
      {
        src: `${DEMO}/tr:h-300:w-1080,c-at_max/sample.jpg?key=value`,
        srcSet: `${DEMO}/tr:h-300:w-640,c-at_max/sample.jpg?key=value 1x, ${DEMO}/tr:h-300:w-1080,c-at_max/sample.jpg?key=value 2x`,
        width: 450
      }
    ],
    [
      "one candidate when 1x and 2x land on the same breakpoint",
      { src: "sample.jpg", urlEndpoint: DEMO, width: 3000 },
      { src: url(3840), srcSet: srcSet([3840], "x"), width: 3000 }
    ]
  ]

  it.each(cases)("%s", (_name, options, expected) => {
    expect(js5(options)).toEqual(expected)
    expect(getResponsiveImageAttributes(options)).toEqual(expected)
  })

  it("unsorted breakpoints are sorted", () => {
    const options = { src: "sample.jpg", urlEndpoint: DEMO, deviceBreakpoints: [800, 200, 400] }
    expect(getResponsiveImageAttributes(options)).toEqual(js5(options))
    expect(getResponsiveImageAttributes(options).srcSet).toBe(srcSet([200, 400, 800], "w"))
  })
})

describe("differences from js5", () => {
  it("a breakpoint in both lists is written once (js5 writes it twice)", () => {
    const options = { src: "sample.jpg", urlEndpoint: DEMO, deviceBreakpoints: [640, 1080], imageBreakpoints: [640] }
    expect(js5({ ...options, sizes: "100%" }).srcSet).toBe(srcSet([640, 640, 1080], "w"))
    expect(getResponsiveImageAttributes({ ...options, sizes: "100%" }).srcSet).toBe(srcSet([640, 1080], "w"))
  })

  it("Signing.getResponsiveImageAttributes signs every candidate with one expiry", () => {
    const attributes = signedAttributes({
      src: "/private/sample.jpg",
      urlEndpoint: DEMO,
      width: 400,
      expiresIn: 300,
      privateKey: KEY,
      now: () => 1_700_000_000_000
    })
    const candidates = (attributes.srcSet ?? "").split(", ").map((candidate) => candidate.split(" ")[0] ?? "")
    expect(candidates).toHaveLength(2)
    for (const candidate of [...candidates, attributes.src]) {
      const match = /\?tr=(.*)&ik-t=1700000300&ik-s=([0-9a-f]{40})$/.exec(candidate)
      expect(match).not.toBeNull()
      const message = `private/sample.jpg?tr=${match?.[1]}1700000300`
      expect(match?.[2]).toBe(createHmac("sha1", KEY).update(message).digest("hex"))
    }
  })
})

describe("bad input is a UrlError naming the option", () => {
  const base = { src: "sample.jpg", urlEndpoint: DEMO }

  it.each([
    ["a negative breakpoint", { deviceBreakpoints: [640, -1] }, "InvalidBreakpoints", "deviceBreakpoints"],
    ["a zero breakpoint", { imageBreakpoints: [0] }, "InvalidBreakpoints", "imageBreakpoints"],
    [
      "a fractional breakpoint (w-0.5 is half the width)",
      { deviceBreakpoints: [0.5] },
      "InvalidBreakpoints",
      "deviceBreakpoints"
    ],
    ["NaN", { deviceBreakpoints: [Number.NaN] }, "InvalidBreakpoints", "deviceBreakpoints"],
    ["Infinity", { imageBreakpoints: [Number.POSITIVE_INFINITY] }, "InvalidBreakpoints", "imageBreakpoints"],
    ["a string", { deviceBreakpoints: ["640"] }, "InvalidBreakpoints", "deviceBreakpoints"],
    ["not a list", { deviceBreakpoints: 640 }, "InvalidBreakpoints", "deviceBreakpoints"],
    ["a NaN width", { width: Number.NaN }, "InvalidWidth", "width"],
    ["an infinite width", { width: Number.POSITIVE_INFINITY }, "InvalidWidth", "width"],
    ["a negative width", { width: -400 }, "InvalidWidth", "width"],
    ["a width as text", { width: "400" }, "InvalidWidth", "width"],
    ["sizes with no length", { sizes: "banana" }, "InvalidSizes", "sizes"],
    ["sizes with an empty entry", { sizes: "50vw,, 100vw" }, "InvalidSizes", "sizes"],
    ["sizes with an open parenthesis", { sizes: "(min-width: 600px 50vw" }, "InvalidSizes", "sizes"],
    ["sizes with a condition that is not one", { sizes: "min-width: 600px 50vw" }, "InvalidSizes", "sizes"],
    ["sizes that is not text", { sizes: 50 }, "InvalidSizes", "sizes"]
  ])("%s", (_name, extra, reason, option) => {
    expect(reasonOf({ ...base, ...extra })).toBe(reason)
    try {
      getResponsiveImageAttributes({ ...base, ...extra } as GetImageAttributesOptions)
    } catch (error) {
      expect((error as UrlError).message).toContain(option)
    }
  })

  it("valid sizes of the HTML grammar pass", () => {
    for (const sizes of [
      "100vw",
      "(max-width: 600px) 480px, 800px",
      "(min-width: 36em) 33.3vw, 100vw",
      "not (min-width: 600px) calc(100vw - 2rem), 50vw",
      "auto, 100vw",
      "0"
    ]) {
      expect(getResponsiveImageAttributes({ ...base, sizes }).sizes).toBe(sizes)
    }
  })

  it("never throws anything but UrlError, and every URL it writes parses to itself", () => {
    const anything = fc.anything({ withBigInt: true })
    fc.assert(
      fc.property(
        fc.record(
          {
            src: fc.oneof(fc.constant("sample.jpg"), fc.string(), anything),
            urlEndpoint: fc.oneof(fc.constant(DEMO), anything),
            deviceBreakpoints: fc.oneof(fc.array(fc.oneof(fc.integer({ min: -5, max: 5000 }), fc.double())), anything),
            imageBreakpoints: fc.oneof(fc.array(fc.integer({ min: -5, max: 500 })), anything),
            sizes: fc.oneof(fc.constantFrom("100vw", "(min-width: 800px) 33vw, 100vw", "50%"), fc.string(), anything),
            width: fc.oneof(fc.double(), fc.integer({ min: 1, max: 5000 }), anything),
            transformation: fc.oneof(fc.array(fc.dictionary(fc.string(), fc.string()), { maxLength: 2 }), anything)
          },
          { requiredKeys: [] }
        ),
        (options) => {
          let attributes: ReturnType<typeof getResponsiveImageAttributes>
          try {
            attributes = getResponsiveImageAttributes(options as unknown as GetImageAttributesOptions)
          } catch (error) {
            expect(error).toBeInstanceOf(UrlError)
            return
          }
          for (const candidate of [
            attributes.src,
            ...(attributes.srcSet ?? "").split(", ").map((c) => c.split(" ")[0])
          ]) {
            if (candidate !== undefined && candidate !== "") expect(new URL(candidate).href).toBe(candidate)
          }
        }
      ),
      { numRuns: 1000 }
    )
  })
})

describe("differential: getResponsiveImageAttributes against @imagekit/javascript", () => {
  it("is equal for valid options except repeated breakpoints", () => {
    let equal = 0
    let repeated = 0
    const breakpoints = fc.uniqueArray(fc.integer({ min: 1, max: 4000 }), { minLength: 1, maxLength: 8 })
    fc.assert(
      fc.property(
        fc.record(
          {
            src: fc.constantFrom("sample.jpg", "/a/b.png"),
            urlEndpoint: fc.constantFrom(DEMO, `${DEMO}/`),
            deviceBreakpoints: breakpoints,
            imageBreakpoints: breakpoints,
            sizes: fc.oneof(
              fc.constantFrom(
                "100vw",
                "50vw",
                "(min-width: 800px) 33vw, 100vw",
                "100%",
                "(max-width: 600px) 480px, 800px"
              ),
              fc.integer({ min: 0, max: 199 }).map((n) => `(min-width: 900px) ${n}vw, 100vw`)
            ),
            width: fc.integer({ min: 1, max: 5000 }),
            transformation: fc.constantFrom([], [{ height: 300 }], [{ quality: 80 }, { rotation: 90 }]),
            transformationPosition: fc.constantFrom(undefined, "path", "query")
          },
          { requiredKeys: ["src", "urlEndpoint"] }
        ),
        (options) => {
          const ours = getResponsiveImageAttributes(options as GetImageAttributesOptions)
          const theirs = js5(options as GetImageAttributesOptions)
          const shared = new Set(options.deviceBreakpoints ?? DEFAULT_DEVICE_BREAKPOINTS)
          const overlap = (options.imageBreakpoints ?? DEFAULT_IMAGE_BREAKPOINTS).some((w) => shared.has(w))
          if (JSON.stringify(ours) === JSON.stringify({ ...theirs, srcSet: theirs.srcSet })) {
            equal++
          } else {
            expect(overlap, JSON.stringify(options)).toBe(true)
            repeated++
          }
        }
      ),
      { numRuns: 1000 }
    )
    console.log(
      `getResponsiveImageAttributes vs js5, 1000 generated options: ${equal} equal, ${repeated} repeated breakpoints`
    )
    expect(equal).toBeGreaterThan(900)
  })
})
