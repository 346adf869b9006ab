import { buildTransformationString as js5TransformationString } from "@imagekit/javascript"
import ImageKit from "imagekit"
import * as fc from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import { buildTransformationString } from "../src/Src.js"
import {
  format,
  type MixedStep,
  mixed,
  parameterName,
  parameterNames,
  type Step,
  type TypedStep,
  typed
} from "../src/Transformation.js"
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

describe("mixed: steps of either model, each read by the model whose names it uses", () => {
  const endpoint = "https://ik.imagekit.io/your_imagekit_id"
  const v6 = new ImageKit({ publicKey: "p", privateKey: "k", urlEndpoint: endpoint })
  const js5 = (steps: ReadonlyArray<unknown>): string =>
    js5TransformationString(steps as Parameters<typeof js5TransformationString>[0])
  const v6Names = Object.keys(parameterNames)
  // The names js5 writes as v6 does (same parameter): every v6 name but the effects and the `rotate` alias.
  const shared = v6Names.filter((name) => js5([{ [name]: "v7" }]) === format([{ [name]: "v7" }]))

  it("the names both models have are written alike by both for the values the typed model accepts", () => {
    // Ours, not js5, is the typed encoder here: js5 drops zeros, a listed deliberate difference.
    expect(shared).toEqual(expect.arrayContaining(["width", "height", "quality", "rotation", "defaultImage", "x"]))
    expect(shared).not.toContain("effectSharpen")
    expect(shared).not.toContain("rotate")
    const value = fc.oneof(fc.nat({ max: 5000 }), fc.stringMatching(/^[A-Za-z0-9_]{1,8}$/), fc.boolean())
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...shared), value, { minKeys: 1 }), (step) => {
        expect(format([step])).toBe(buildTransformationString([step as TypedStep]))
      }),
      { seed: 16, numRuns: 500 }
    )
  })

  it("writes v6 steps as v6 does: the same string, and imagekit@6's URL", () => {
    const value = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constantFrom("-", "", null))
    const key = fc.oneof(
      fc.constantFrom(...v6Names, "raw", "e-bgremove", "l-text", "rotate"),
      fc.string({ maxLength: 4 })
    )
    fc.assert(
      fc.property(fc.array(fc.dictionary(key, value, { maxKeys: 4 }), { maxLength: 3 }), (steps) => {
        // Random short keys could only be typed by spelling one of the typed model's own names.
        fc.pre(steps.every((step) => Object.keys(step).every((name) => name.length < 4 || v6Names.includes(name))))
        expect(format(mixed(steps))).toBe(format(steps))
        const options = { path: "/a b.jpg", transformation: steps }
        expect(build({ urlEndpoint: endpoint, ...options, transformation: mixed(steps) })).toBe(v6.url(options))
      }),
      { seed: 6, numRuns: 500 }
    )
  })

  it("writes a typed step as @imagekit/javascript does, in its place between v6 steps", () => {
    const steps: ReadonlyArray<MixedStep> = [
      { width: 400, effectSharpen: "-" },
      {
        overlay: { type: "text", text: "Summer sale", position: { x: 10, y: 20 }, transformation: [{ fontSize: 40 }] }
      },
      { rotate: 90 },
      { height: 300, aiRemoveBackground: true, grayscale: true },
      { streamingResolutions: ["360", "720"] }
    ]
    const out = mixed(steps)
    expect(format(out)).toBe(
      [format([steps[0] as Step]), js5([steps[1]]), "rt-90", js5([steps[3]]), js5([steps[4]])].join(":")
    )
    expect(format(out)).toBe(
      "w-400,e-sharpen:l-text,i-Summer%20sale,lx-10,ly-20,fs-40,l-end:rt-90:h-300,e-bgremove,e-grayscale:sr-360_720"
    )
  })

  it("reads typed-only names from the typed model whatever else the step holds", () => {
    for (const [step, expected] of [
      [{ xCenter: 10, yCenter: 20 }, "xc-10,yc-20"],
      [{ page: 2, density: 300 }, "pg-2,dn-300"],
      [{ zoom: 0.5, focus: "face" }, "z-0.5,fo-face"],
      [{ aiUpscale: true }, "e-upscale"],
      [{ sharpen: 10 }, "e-sharpen-10"]
    ] as const) {
      expect(format(mixed([step]))).toBe(expected)
      expect(format(mixed([step]))).toBe(js5([step]))
    }
  })

  it("is a v6 step when overlay is not an object (imagekit@6 writes it as it is)", () => {
    const steps = [{ overlay: "x", width: 1 }] as unknown as ReadonlyArray<MixedStep>
    expect(format(mixed(steps))).toBe("overlay-x,w-1")
    expect(build({ urlEndpoint: endpoint, path: "/a.jpg", transformation: mixed(steps) })).toBe(
      v6.url({ path: "/a.jpg", transformation: steps as never })
    )
  })

  it("leaves out a typed step that encodes to nothing, as buildSrc does", () => {
    const steps = [{ width: 1 }, { overlay: { text: "no type" } }, { height: 2 }] as unknown as ReadonlyArray<MixedStep>
    expect(format(mixed(steps))).toBe("w-1:h-2")
  })

  it("refuses a v6-only name inside a typed step, naming it, instead of writing `rotate-90`", () => {
    const attempt = () => mixed([{ rotate: 90, aiUpscale: true } as unknown as MixedStep])
    expect(attempt).toThrow(UrlError)
    expect(attempt).toThrow(/`rotate` is an imagekit@6 name.*: write `rotation`/)
    expect(() => mixed([{ effectSharpen: "-", overlay: { type: "text", text: "a" } }])).toThrow(/`effectSharpen`/)
  })

  it("throws UrlError for a typed value that cannot be written", () => {
    expect(() => mixed([{ aiUpscale: true, width: Number.NaN }])).toThrow(UrlError)
    expect(() => mixed([{ overlay: { type: "gif", input: "x" } as unknown as TypedStep["overlay"] }])).toThrow(UrlError)
  })

  it("reads own keys only: an inherited or __proto__ typed name is not a typed step", () => {
    const inherited = Object.assign(Object.create({ aiUpscale: true }) as Record<string, unknown>, { width: 1 })
    const parsed = JSON.parse('{"__proto__": {"aiUpscale": true}, "width": 2}') as Step
    const steps = [inherited as Step, parsed]
    expect(format(mixed(steps))).toBe(format(steps))
    expect(format(mixed(steps))).toBe("w-1:__proto__-[object Object],w-2")
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype)
  })

  it("returns what is not an array as it is, and what v6 cannot write, for Url.build to judge", () => {
    for (const value of [undefined, null, "w-100", { width: 1 }]) {
      expect(mixed(value as unknown as ReadonlyArray<MixedStep>)).toBe(value)
    }
    const unwritable = [{ width: Object.create(null) as string }, { aiUpscale: true }] as ReadonlyArray<MixedStep>
    expect(mixed(unwritable)).toBe(unwritable)
    expect(() => build({ urlEndpoint: endpoint, path: "/a.jpg", transformation: mixed(unwritable) })).toThrow(UrlError)
  })

  it("is one raw step, or none when nothing is left", () => {
    expect(mixed([{ width: 1 }, { aiUpscale: true }])).toEqual([{ raw: "w-1:e-upscale" }])
    expect(mixed([])).toEqual([])
    expect(mixed([{ overlay: { text: "no type" } } as unknown as MixedStep])).toEqual([])
    // v6 writes every step, empty ones included.
    expect(mixed([{}, {}])).toEqual([{ raw: ":" }])
    // A raw "-" would be written as the bare name `raw`: v6's steps are left to v6.
    const dash = [{ "": "" }]
    expect(mixed(dash)).toBe(dash)
    expect(format(dash)).toBe("-")
  })
})
