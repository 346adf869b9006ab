import { buildTransformationString as js5TransformationString } from "@imagekit/javascript"
import ImageKit from "imagekit"
import * as fc from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import { buildTransformationString } from "../src/Src.js"
import { format, parameterName, parameterNames, type Step, type TypedStep, typed } from "../src/Transformation.js"
import { build, UrlError } from "../src/Url.js"

describe("format", () => {
  it("joins parameters with ',' and steps with ':'", () => {
    expect(format([{ height: 300, width: 400 }, { rotation: 90 }])).toBe("h-300,w-400:rt-90")
  })

  it("returns '' for no transformation", () => {
    expect(format([])).toBe("")
    expect(format([{}])).toBe("")
    expect(format(undefined as unknown as Step[])).toBe("")
    expect(format("w-100" as unknown as Step[])).toBe("")
  })

  it("skips null and undefined but keeps 0, false and ''", () => {
    expect(format([{ width: 0, height: false, quality: "", blur: null, radius: undefined }])).toBe("w-0,h-false,q-")
  })

  it("encodes defaultImage paths with @@ after trimming one slash at each end", () => {
    expect(format([{ defaultImage: "/folder/file.jpg/" }])).toBe("di-folder@@file.jpg")
    expect(format([{ defaultImage: "//a/b/c.jpg//" }])).toBe("di-@@a@@b@@c.jpg@@")
    expect(format([{ di: "plain.jpg" }])).toBe("di-plain.jpg")
    expect(format([{ defaultImage: "/" }])).toBe("di-")
  })

  it("passes overlays and expressions through raw", () => {
    expect(format([{ raw: "l-image,i-logo.png,lx-0,ly-0,l-end" }, { width: "iw_div_4" }])).toBe(
      "l-image,i-logo.png,lx-0,ly-0,l-end:w-iw_div_4"
    )
  })

  it("throws a UrlError (not a TypeError) for a value that cannot be stringified", () => {
    const hostile = Object.create(null) as Record<string, unknown>
    expect(() => format([{ width: hostile as unknown as string }])).toThrow(UrlError)
  })

  it("never throws for plain values and always yields steps - 1 colons at the top level", () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null))
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), value), { minLength: 1 }), (steps) => {
        const out = format(steps)
        // Keys and values here contain no ':', so the separators are exactly the step joins.
        const plain = steps.every((step) => Object.values(step).every((v) => !String(v).includes(":")))
        if (plain && steps.length > 1) expect(out.split(":").length).toBe(steps.length)
      })
    )
  })
})

describe("parameterName", () => {
  it("maps every named parameter, case-insensitively on the lower-cased spelling only", () => {
    for (const [name, parameter] of Object.entries(parameterNames)) {
      expect(parameterName(name)).toBe(parameter)
    }
    expect(parameterName("WIDTH")).toBe("w")
    expect(parameterName("Height")).toBe("h")
    expect(parameterName("AspectRatio")).toBe("AspectRatio")
    expect(parameterName("constructor")).toBe("constructor")
    expect(parameterName("__proto__")).toBe("__proto__")
    expect(parameterName("e-bgremove")).toBe("e-bgremove")
  })
})

describe("typed model", () => {
  it("accepts every named parameter and unknown keys", () => {
    const step: Step = {
      width: 1,
      crop: "at_max",
      cropMode: "extract",
      focus: "auto",
      format: "avif",
      effectGray: "-",
      "e-bgremove": "-",
      raw: "l-text,i-x,l-end"
    }
    expect(format([step])).toBe("w-1,c-at_max,cm-extract,fo-auto,f-avif,e-grayscale,e-bgremove,l-text,i-x,l-end")
  })
})

describe("one ff rule everywhere", () => {
  it("writes a font file path with @@ in Url.build as in buildSrc and js5 (imagekit@6 wrote the slashes)", () => {
    const endpoint = "https://ik.imagekit.io/demo"
    const v6 = new ImageKit({ publicKey: "p", privateKey: "k", urlEndpoint: endpoint })
    const step = { ff: "/fonts/Poppins-Bold.ttf", raw: "l-text,i-Hi,l-end" }
    // v6's slash splits the transformation across path segments: ImageKit reads "ff-fonts" and a file "Poppins…".
    expect(v6.url({ path: "/a.jpg", transformation: [step] })).toBe(
      `${endpoint}/tr:ff-/fonts/Poppins-Bold.ttf,l-text,i-Hi,l-end/a.jpg`
    )
    expect(build({ urlEndpoint: endpoint, path: "/a.jpg", transformation: [step] })).toBe(
      `${endpoint}/tr:ff-fonts@@Poppins-Bold.ttf,l-text,i-Hi,l-end/a.jpg`
    )
    expect(format([step])).toBe("ff-fonts@@Poppins-Bold.ttf,l-text,i-Hi,l-end")
    const typedStep: TypedStep = { fontFamily: "/fonts/Poppins-Bold.ttf" }
    expect(js5TransformationString([typedStep] as unknown as Parameters<typeof js5TransformationString>[0])).toBe(
      "ff-fonts@@Poppins-Bold.ttf"
    )
    expect(buildTransformationString([typedStep])).toBe("ff-fonts@@Poppins-Bold.ttf")
    expect(buildTransformationString([{ overlay: { type: "text", text: "Hi", transformation: [typedStep] } }])).toBe(
      "l-text,i-Hi,ff-fonts@@Poppins-Bold.ttf,l-end"
    )
  })
})

describe("typed: the typed model for Url.build", () => {
  const endpoint = "https://ik.imagekit.io/your_imagekit_id"

  it("is buildTransformationString's string as one raw step, so Url.build copies it verbatim", () => {
    const steps: ReadonlyArray<TypedStep> = [
      { width: 800, aiRemoveBackground: true, aiDropShadow: "az-45" },
      { overlay: { type: "text", text: "Sale", position: { x: 0, y: 0 }, transformation: [{ fontSize: 40 }] } },
      { streamingResolutions: ["360", "720"] }
    ]
    expect(typed(steps)).toEqual([{ raw: buildTransformationString(steps) }])
    expect(build({ urlEndpoint: endpoint, path: "/banner.jpg", transformation: typed(steps) })).toBe(
      `${endpoint}/tr:w-800,e-bgremove,e-dropshadow-az-45:l-text,i-Sale,lx-0,ly-0,fs-40,l-end:sr-360_720/banner.jpg`
    )
    expect(
      build({
        urlEndpoint: endpoint,
        path: "/banner.jpg",
        transformation: typed(steps),
        transformationPosition: "query"
      })
    ).toBe(`${endpoint}/banner.jpg?tr=${encodeURIComponent(buildTransformationString(steps)).replaceAll("%20", "+")}`)
  })

  it("is an empty transformation for no steps", () => {
    expect(typed([])).toEqual([])
    expect(build({ urlEndpoint: endpoint, path: "/a.jpg", transformation: typed([{}]) })).toBe(`${endpoint}/a.jpg`)
  })

  it("throws UrlError for what cannot be written", () => {
    expect(() => typed([{ width: Number.NaN }])).toThrow(UrlError)
    expect(() => typed([{ overlay: { type: "gif", input: "x" } as unknown as TypedStep["overlay"] }])).toThrow(UrlError)
  })
})
