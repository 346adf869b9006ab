import * as fc from "effect/FastCheck"
import { describe, expect, it } from "vitest"
import { format, parameterName, parameterNames, type Step } from "../src/Transformation.js"
import { UrlError } from "../src/Url.js"

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
