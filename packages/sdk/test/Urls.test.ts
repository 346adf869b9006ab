/**
 * The client's URL helpers: `ik.url` (v6's `url()`, typed steps accepted), `ik.buildSrc` (js5's options, v7's
 * signing) and `ik.responsiveImage` (js5's `getResponsiveImageAttributes`), each with the client's endpoint and key.
 * Expectations come from imagekit@6 itself, from ImageKit's documented syntax, from js5's documented breakpoint rules,
 * and from signatures recomputed with node:crypto; the clock is the `TestClock`. None of them sends a request.
 */
import { createHmac } from "node:crypto"
import { inspect } from "node:util"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"
import ImageKitV6 from "imagekit"
import * as ImageKit from "../src/ImageKit.js"
import * as ImageKitConfig from "../src/ImageKitConfig.js"
import type { InvalidInputError } from "../src/ImageKitError.js"
import { mockHttp } from "./fixtures/mockHttp.js"

const PRIVATE_KEY = "private_key_urls_test"
const ENDPOINT = "https://ik.imagekit.io/your_imagekit_id"
const config: ImageKitConfig.Options = { publicKey: "public_key_test", privateKey: PRIVATE_KEY, urlEndpoint: ENDPOINT }
const NOW = 1_700_000_000_000

/** The client over a mock `HttpClient` that records (and must not see) any request. */
const withClient = <A, E>(use: (ik: ImageKit.Service) => Effect.Effect<A, E>) =>
  Effect.gen(function* () {
    const mock = mockHttp(() => new Response("{}", { status: 500 }))
    const layer = ImageKit.layer.pipe(Layer.provide(ImageKitConfig.layer(config)), Layer.provide(mock.layer))
    const exit = yield* Effect.exit(Effect.flatMap(ImageKit.ImageKit, use).pipe(Effect.provide(layer)))
    assert.strictEqual(mock.requests.length, 0, "a URL helper sent a request")
    return exit
  })

const success = <A, E>(exit: Exit.Exit<A, E>): A => {
  if (Exit.isFailure(exit)) return assert.fail(`expected a success, got ${Cause.pretty(exit.cause)}`)
  return exit.value
}

const invalidInput = <A>(exit: Exit.Exit<A, InvalidInputError>): InvalidInputError => {
  if (Exit.isSuccess(exit)) return assert.fail(`expected a failure, got ${JSON.stringify(exit.value)}`)
  const error = Cause.failureOption(exit.cause)
  if (Option.isNone(error)) return assert.fail(`expected a typed failure, got ${Cause.pretty(exit.cause)}`)
  assert.strictEqual(error.value._tag, "InvalidInputError")
  return error.value
}

/** `ik-s`, recomputed: HMAC-SHA1 of the URL before `ik-t`/`ik-s`, without the endpoint, followed by the expiry. */
const verifySignature = (url: string): { readonly expiry: string } => {
  const match = /[?&](?:ik-t=(\d+)&)?ik-s=([0-9a-f]{40})$/.exec(url)
  if (match === null) return assert.fail(`not a signed URL: ${url}`)
  const expiry = match[1] ?? "9999999999"
  const message = url.slice(0, match.index).replace(`${ENDPOINT}/`, "") + expiry
  assert.strictEqual(createHmac("sha1", PRIVATE_KEY).update(message).digest("hex"), match[2], url)
  return { expiry }
}

const v6 = new ImageKitV6({ publicKey: "public_key_test", privateKey: PRIVATE_KEY, urlEndpoint: ENDPOINT })

describe("ik.url", () => {
  it.effect("is imagekit@6's url() for v6 steps, unsigned and signed", () =>
    Effect.gen(function* () {
      const cases = [
        { path: "/default-image.jpg", transformation: [{ height: 300, width: 400 }, { rotation: 90 }] },
        { path: "/a b/ü.jpg", transformation: [{ effectSharpen: "-", defaultImage: "/x/y.jpg" }] },
        { path: "/a.jpg", transformation: [{ width: 100 }], transformationPosition: "query" as const },
        { src: `${ENDPOINT}/a.jpg?v=1`, transformation: [{ quality: 0, raw: "l-text,i-Hi,l-end" }] },
        { path: "/a.jpg", queryParameters: { v: 2, flag: true }, signed: true },
        { src: `${ENDPOINT}/x.png`, transformation: [{ WIDTH: 5, rndm: "a" }], signed: true }
      ]
      for (const options of cases) {
        const ours = success(yield* withClient((ik) => ik.url(options)))
        assert.strictEqual(ours, v6.url(options as never), JSON.stringify(options))
        if (options.signed === true) verifySignature(ours)
      }
    })
  )

  it.effect("writes typed steps as ImageKit documents them, between v6 steps left as they are", () =>
    Effect.gen(function* () {
      const url = success(
        yield* withClient((ik) =>
          ik.url({
            path: "/banner.jpg",
            transformation: [
              { width: 800, effectSharpen: "-" },
              {
                overlay: { type: "text", text: "Sale", position: { x: 0, y: 0 }, transformation: [{ fontSize: 40 }] }
              },
              { aiRemoveBackground: true, grayscale: true },
              { overlay: { type: "image", input: "logos/brand.png", position: { focus: "bottom_right" } } }
            ]
          })
        )
      )
      assert.strictEqual(
        url,
        `${ENDPOINT}/tr:w-800,e-sharpen:l-text,i-Sale,lx-0,ly-0,fs-40,l-end:e-bgremove,e-grayscale:` +
          "l-image,i-logos@@brand.png,lfo-bottom_right,l-end/banner.jpg"
      )
    })
  )

  it.effect("counts expireSeconds from the Clock, and signs with the client's key whatever the options say", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(NOW)
      const url = success(
        yield* withClient((ik) =>
          ik.url({
            path: "/a.jpg",
            transformation: [{ aiUpscale: true }],
            signed: true,
            expireSeconds: 300,
            // A JavaScript caller may pass a key: the client's own is used.
            ...({ privateKey: "someone_elses_key" } as object)
          })
        )
      )
      assert.isTrue(url.startsWith(`${ENDPOINT}/tr:e-upscale/a.jpg?ik-t=1700000300&ik-s=`), url)
      assert.strictEqual(verifySignature(url).expiry, "1700000300")
    })
  )

  it.effect("a __proto__ key in the options neither signs nor transforms", () =>
    Effect.gen(function* () {
      const options = JSON.parse('{"path":"/a.jpg","__proto__":{"signed":true,"transformation":[{"aiUpscale":true}]}}')
      assert.strictEqual(success(yield* withClient((ik) => ik.url(options))), `${ENDPOINT}/a.jpg`)
    })
  )

  it.effect("fails with an InvalidInputError naming the option, never a defect", () =>
    Effect.gen(function* () {
      const cases: ReadonlyArray<readonly [unknown, string, RegExp]> = [
        [{ src: "not a url" }, "src", /`src`/],
        [{}, "path", /`path`/],
        [{ path: "/a.jpg", transformation: [{ overlay: { type: "gif", input: "x" } }] }, "transformation", /type/],
        [{ path: "/a.jpg", transformation: [{ rotate: 90, aiUpscale: true }] }, "transformation", /`rotate`/],
        [{ path: "/a.jpg", transformation: [{ aiUpscale: true, width: Number.NaN }] }, "transformation", /`width`/],
        [{ path: "/a.jpg", queryParameters: "v=1" }, "queryParameters", /`queryParameters`/],
        [{ path: "/a.jpg", urlEndpoint: "not a url" }, "urlEndpoint", /`urlEndpoint`/],
        [null, "options", /object/],
        [
          Object.defineProperty({ path: "/a.jpg" }, "signed", {
            enumerable: true,
            get: () => {
              throw new Error("getter")
            }
          }),
          "options",
          /could not be read/
        ]
      ]
      for (const [options, field, message] of cases) {
        const error = invalidInput(yield* withClient((ik) => ik.url(options as ImageKit.UrlOptions)))
        assert.strictEqual(error.field, field, String(message))
        assert.match(error.message, message)
        assert.notStrictEqual(error.help, "")
      }
    })
  )
})

describe("ik.buildSrc", () => {
  it.effect("builds js5's URL with the client's endpoint: the transformation in the query by default", () =>
    Effect.gen(function* () {
      const url = success(
        yield* withClient((ik) =>
          ik.buildSrc({
            src: "/products/shoe.jpg",
            transformation: [
              { width: 400, height: 300 },
              { overlay: { type: "text", text: "Summer sale", position: { x: 10, y: 20 } } }
            ],
            queryParameters: { v: 2 }
          })
        )
      )
      assert.strictEqual(
        url,
        `${ENDPOINT}/products/shoe.jpg?v=2&tr=w-400,h-300:l-text,i-Summer%20sale,lx-10,ly-20,l-end`
      )
      // Another endpoint when the options name one.
      const other = success(
        yield* withClient((ik) => ik.buildSrc({ src: "/a.jpg", urlEndpoint: "https://cdn.example.com/media" }))
      )
      assert.strictEqual(other, "https://cdn.example.com/media/a.jpg")
    })
  )

  it.effect("signs with the client's key for signed: true or expiresIn, the expiry from the Clock", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(NOW)
      const forever = success(yield* withClient((ik) => ik.buildSrc({ src: "/private/report.jpg", signed: true })))
      assert.match(forever, /^https:\/\/ik\.imagekit\.io\/your_imagekit_id\/private\/report\.jpg\?ik-s=[0-9a-f]{40}$/)
      assert.strictEqual(verifySignature(forever).expiry, "9999999999")
      const expiring = success(
        yield* withClient((ik) =>
          ik.buildSrc({ src: "/private/report.jpg", transformation: [{ width: 400 }], expiresIn: 300 })
        )
      )
      assert.isTrue(expiring.startsWith(`${ENDPOINT}/private/report.jpg?tr=w-400&ik-t=1700000300&ik-s=`), expiring)
      verifySignature(expiring)
      // Not asked to sign: no signature, whatever key the client has.
      assert.strictEqual(success(yield* withClient((ik) => ik.buildSrc({ src: "/a.jpg" }))), `${ENDPOINT}/a.jpg`)
    })
  )

  it.effect('fails where js5 returns "", and for what js5 writes wrongly, naming the option', () =>
    Effect.gen(function* () {
      const cases: ReadonlyArray<readonly [unknown, string]> = [
        [{ src: "" }, "src"],
        [{ src: "https://" }, "src"],
        [{ src: "/a.jpg", urlEndpoint: "not a url" }, "src"],
        [{ src: "/a.jpg", expiresIn: Number.POSITIVE_INFINITY }, "expiresIn"],
        [
          { src: "/a.jpg", transformation: [{ overlay: { type: "text", text: "a", position: { x: 1, xCenter: 2 } } }] },
          "transformation"
        ],
        [{ src: "/a.jpg", queryParameters: 5 }, "queryParameters"],
        ["/a.jpg", "options"]
      ]
      for (const [options, field] of cases) {
        const error = invalidInput(yield* withClient((ik) => ik.buildSrc(options as ImageKit.BuildSrcOptions)))
        assert.strictEqual(error.field, field, JSON.stringify(options))
      }
    })
  )
})

describe("ik.responsiveImage", () => {
  it.effect("uses js5's breakpoint rules with the client's endpoint", () =>
    Effect.gen(function* () {
      // js5: with `width`, the first breakpoints (device and image merged) at least 1x and 2x the width.
      const fixed = success(yield* withClient((ik) => ik.responsiveImage({ src: "/hero.jpg", width: 400 })))
      const candidate = (width: number) => `${ENDPOINT}/hero.jpg?tr=w-${width},c-at_max`
      assert.deepStrictEqual(fixed, {
        src: candidate(828),
        srcSet: `${candidate(640)} 1x, ${candidate(828)} 2x`,
        width: 400
      })
      // js5: with `sizes`, every breakpoint at least as wide as the smallest vw share of the first device breakpoint.
      const fluid = success(
        yield* withClient((ik) => ik.responsiveImage({ src: "/hero.jpg", sizes: "(min-width: 768px) 50vw, 100vw" }))
      )
      const widths = [384, 640, 750, 828, 1080, 1200, 1920, 2048, 3840]
      assert.deepStrictEqual(fluid, {
        src: candidate(3840),
        srcSet: widths.map((width) => `${candidate(width)} ${width}w`).join(", "),
        sizes: "(min-width: 768px) 50vw, 100vw"
      })
    })
  )

  it.effect("signs every candidate with the client's key and one expiry from the Clock", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(NOW)
      const attributes = success(
        yield* withClient((ik) =>
          ik.responsiveImage({
            src: "/private/hero.jpg",
            deviceBreakpoints: [320, 640],
            imageBreakpoints: [],
            expiresIn: 60
          })
        )
      )
      const urls = [attributes.src, ...(attributes.srcSet ?? "").split(", ").map((entry) => entry.split(" ")[0] ?? "")]
      assert.lengthOf(urls, 3)
      for (const url of urls) assert.strictEqual(verifySignature(url).expiry, "1700000060")
    })
  )

  it.effect("fails with an InvalidInputError naming the option", () =>
    Effect.gen(function* () {
      const cases: ReadonlyArray<readonly [unknown, string]> = [
        [{ src: "/a.jpg", deviceBreakpoints: [-640] }, "deviceBreakpoints"],
        [{ src: "/a.jpg", imageBreakpoints: [Number.NaN] }, "imageBreakpoints"],
        [{ src: "/a.jpg", sizes: "{}" }, "sizes"],
        [{ src: "/a.jpg", width: Number.POSITIVE_INFINITY }, "width"],
        [{ src: "" }, "src"],
        [{ src: "/a.jpg", transformation: [{ overlay: { type: "gif", input: "a" } }], width: 10 }, "transformation"],
        [undefined, "options"]
      ]
      for (const [options, field] of cases) {
        const error = invalidInput(
          yield* withClient((ik) => ik.responsiveImage(options as ImageKit.ResponsiveImageOptions))
        )
        assert.strictEqual(error.field, field, JSON.stringify(options))
      }
    })
  )
})

describe("secrecy", () => {
  it.effect("no error of the URL helpers holds the key, printed or serialised", () =>
    Effect.gen(function* () {
      const exits: ReadonlyArray<Exit.Exit<unknown, InvalidInputError>> = [
        yield* withClient((ik) => ik.url({ path: "/a.jpg", signed: true, urlEndpoint: "" })),
        yield* withClient((ik) => ik.buildSrc({ src: "/a.jpg", expiresIn: -1 })),
        yield* withClient((ik) => ik.responsiveImage({ src: "/a.jpg", sizes: "x", signed: true }))
      ]
      for (const exit of exits) {
        const error = invalidInput(exit)
        for (const text of [
          String(error),
          JSON.stringify(error),
          inspect(error, { depth: 10 }),
          Cause.pretty(Cause.fail(error))
        ]) {
          assert.notInclude(text, PRIVATE_KEY)
        }
      }
    })
  )
})
