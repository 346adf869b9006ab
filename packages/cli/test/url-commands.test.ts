/**
 * `imagekit url` and `imagekit auth-params` as users run them (in process, see harness.ts): URLs compared
 * byte for byte with `imagekit@6`, signed URLs fetched from an in-process emulator (accepted, then refused once
 * its clock passes the expiry), and the private key never printed.
 */
import { createRequire } from "node:module"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { parseJson, type Run, runCli, startEmulator, TEST_KEYS, type TestEmulator } from "./harness.js"

interface V6 {
  url(options: Record<string, unknown>): string
  getAuthenticationParameters(token?: string, expire?: number): { token: string; expire: number; signature: string }
}
type V6Constructor = new (options: { publicKey: string; privateKey: string; urlEndpoint: string }) => V6

// imagekit@6 is a dev dependency of packages/promise (the adapter it mirrors); it is the reference for URLs.
const ImageKitV6 = createRequire(new URL("../../promise/package.json", import.meta.url))("imagekit") as V6Constructor

let emulator: TestEmulator
/** Added to the emulator's clock, to judge a signed URL's expiry as if time had passed. */
let clockOffsetMs = 0

const expectExit = (run: Run, code: number) =>
  assert.strictEqual(run.code, code, `exit code\nstdout: ${run.stdout}\nstderr: ${run.stderr}`)

const status = async (url: string) => (await fetch(url)).status

beforeAll(async () => {
  emulator = await startEmulator({ now: () => Date.now() + clockOffsetMs })
  emulator.running.model.seedFile({
    fileName: "a.txt",
    data: new TextEncoder().encode("hello\n"),
    folder: "/docs",
    useUniqueFileName: false
  })
})

afterAll(async () => {
  await emulator?.running.close()
})

describe("imagekit url", () => {
  it("builds the URLs imagekit@6 builds: path, query position, absolute src, query parameters, signing", async () => {
    const v6 = new ImageKitV6({ ...TEST_KEYS, urlEndpoint: emulator.running.urlEndpoint })
    const src = `${emulator.running.urlEndpoint}/docs/a.txt?v=1`
    const chain = ["-t", "w-300,h-200", "--transformation", "rt-90"]
    const steps = [{ raw: "w-300,h-200" }, { raw: "rt-90" }]
    const [inPath, inQuery, fromSrc, signed, unicode] = await Promise.all([
      runCli(["url", "/docs/a.txt", ...chain, "--query", "v=2", "--query", "x=a=b"], { env: emulator.env }),
      runCli(["url", "docs/a.txt", ...chain, "--position", "query"], { env: emulator.env }),
      runCli(["url", src, ...chain], { env: {} }),
      runCli(["url", "/docs/a.txt", "--signed"], { env: emulator.env }),
      runCli(["url", "/docs/ünï cødé.txt", "-t", "l-text,i-Hi,l-end"], { env: emulator.env })
    ])
    for (const run of [inPath, inQuery, fromSrc, signed, unicode]) expectExit(run, 0)
    const path = "/docs/a.txt"
    assert.strictEqual(
      inPath.stdout,
      `${v6.url({ path, transformation: steps, queryParameters: { v: "2", x: "a=b" } })}\n`
    )
    assert.strictEqual(inPath.stdout, `${emulator.running.urlEndpoint}/tr:w-300,h-200:rt-90/docs/a.txt?v=2&x=a%3Db\n`)
    // imagekit@6 (6.0.0) drops the slash here (its GitHub issue #111); the SDK joins with one, as v6 documents.
    assert.strictEqual(inQuery.stdout, `${emulator.running.urlEndpoint}/docs/a.txt?tr=w-300%2Ch-200%3Art-90\n`)
    assert.strictEqual(
      inQuery.stdout.replace("/delivery/", "/delivery"),
      `${v6.url({ path: "docs/a.txt", transformation: steps, transformationPosition: "query" })}\n`
    )
    // An absolute URL needs no IMAGEKIT_* at all when it is not signed.
    assert.strictEqual(fromSrc.stdout, `${v6.url({ src, transformation: steps })}\n`)
    assert.strictEqual(signed.stdout, `${v6.url({ path, signed: true })}\n`)
    assert.strictEqual(
      unicode.stdout,
      `${v6.url({ path: "/docs/ünï cødé.txt", transformation: [{ raw: "l-text,i-Hi,l-end" }] })}\n`
    )
    for (const run of [inPath, signed]) assert.notInclude(run.stdout + run.stderr, TEST_KEYS.privateKey)
  })

  it("signs URLs the emulator serves, refuses a tampered one, and refuses an expired one", async () => {
    const [forever, expiring, json] = await Promise.all([
      runCli(["url", "/docs/a.txt", "--signed"], { env: emulator.env }),
      runCli(["url", "/docs/a.txt", "--expire", "60"], { env: emulator.env }),
      runCli(["url", "/docs/a.txt", "--expire", "60", "--query", "v=3", "--json"], { env: emulator.env })
    ])
    for (const run of [forever, expiring, json]) expectExit(run, 0)
    const shown = parseJson(json) as Record<string, unknown>
    assert.deepStrictEqual(Object.keys(shown), [
      "url",
      "urlEndpoint",
      "path",
      "src",
      "transformation",
      "transformationPosition",
      "queryParameters",
      "signed",
      "expireSeconds",
      "expiresAt"
    ])
    assert.deepInclude(shown, {
      urlEndpoint: emulator.running.urlEndpoint,
      path: "/docs/a.txt",
      src: null,
      transformation: [],
      transformationPosition: "path",
      queryParameters: { v: "3" },
      signed: true,
      expireSeconds: 60
    })
    const signedUrl = new URL(String(shown.url))
    const expiry = Number(signedUrl.searchParams.get("ik-t"))
    assert.strictEqual(shown.expiresAt, new Date(expiry * 1000).toISOString())
    assert.approximately(expiry - Date.now() / 1000, 60, 5)
    assert.notInclude(json.stdout, TEST_KEYS.privateKey)

    // The same URL with one hex digit of ik-s changed.
    const tampered = forever.stdout.trim().replace(/.$/, (digit) => (digit === "0" ? "1" : "0"))
    assert.deepStrictEqual(
      await Promise.all([forever.stdout.trim(), expiring.stdout.trim(), String(shown.url), tampered].map(status)),
      [200, 200, 200, 401]
    )
    clockOffsetMs = 120_000
    try {
      assert.strictEqual(await status(expiring.stdout.trim()), 401)
      assert.strictEqual(await status(forever.stdout.trim()), 200)
    } finally {
      clockOffsetMs = 0
    }
  })

  it("refuses what it cannot build: usage errors exit 2, missing settings exit 1, the key never printed", async () => {
    const leakyKey = "private_do_not_print_1234"
    const env = { IMAGEKIT_URL_ENDPOINT: "https://ik.imagekit.io/demo", IMAGEKIT_PRIVATE_KEY: leakyKey }
    const [noEndpoint, noKey, badStep, badQuery, srcInPath, badExpire, noArg, okSigned, badEndpoint, dotDot] =
      await Promise.all([
        runCli(["url", "/a.jpg"]),
        runCli(["url", "/a.jpg", "--expire", "30"], { env: { IMAGEKIT_URL_ENDPOINT: env.IMAGEKIT_URL_ENDPOINT } }),
        runCli(["url", "/a.jpg", "-t", "w-300/../../files"], { env }),
        runCli(["url", "/a.jpg", "--query", "=x"], { env }),
        runCli(["url", "https://example.com/a.jpg", "--position", "path", "-t", "w-1", "--json"], { env }),
        runCli(["url", "/a.jpg", "--expire", "-5"], { env }),
        runCli(["url"], { env }),
        runCli(["url", "/a.jpg", "--signed", "--json"], { env }),
        runCli(["url", "/a.jpg", "--json"], { env: { IMAGEKIT_URL_ENDPOINT: "ftp://example.com" } }),
        runCli(["url", "/photos/%2e%2E/../files", "--json"], { env })
      ])
    expectExit(noEndpoint, 1)
    assert.match(noEndpoint.stderr, /^imagekit: IMAGEKIT_URL_ENDPOINT not set: .*absolute URL/m)
    expectExit(noKey, 1)
    assert.match(noKey.stderr, /IMAGEKIT_PRIVATE_KEY not set/)
    expectExit(badStep, 2)
    assert.match(badStep.stderr, /Invalid --transformation "w-300\/\.\.\/\.\.\/files"/)
    expectExit(badQuery, 2)
    assert.match(badQuery.stderr, /expected name=value/)
    expectExit(srcInPath, 2)
    assert.strictEqual((parseJson(srcInPath) as { error: { exitCode: number } }).error.exitCode, 2)
    expectExit(badExpire, 2)
    expectExit(noArg, 2)
    expectExit(okSigned, 0)
    assert.match(
      String((parseJson(okSigned) as { url: string }).url),
      /^https:\/\/ik\.imagekit\.io\/demo\/a\.jpg\?ik-s=/
    )
    expectExit(dotDot, 2)
    assert.match((parseJson(dotDot) as { error: { message: string } }).error.message, /has a \.\. segment/)
    expectExit(badEndpoint, 1)
    assert.deepInclude((parseJson(badEndpoint) as { error: object }).error, {
      kind: "CredentialsError",
      message: "IMAGEKIT_URL_ENDPOINT is not usable: `urlEndpoint` must be an absolute http(s) URL"
    })
    for (const run of [
      noEndpoint,
      noKey,
      badStep,
      badQuery,
      srcInPath,
      badExpire,
      noArg,
      okSigned,
      badEndpoint,
      dotDot
    ]) {
      assert.notInclude(run.stdout + run.stderr, leakyKey)
    }
  })
})

describe("imagekit url: typed options", () => {
  it("writes an overlay from --overlay-text/--overlay-image and the position flags, and JSON typed steps", async () => {
    const v6 = new ImageKitV6({ ...TEST_KEYS, urlEndpoint: emulator.running.urlEndpoint })
    const path = "/docs/a.txt"
    const [text, image, json, centred] = await Promise.all([
      runCli(["url", path, "-t", "w-300", "--overlay-text", "Hello world", "-x", "10", "-y", "N20"], {
        env: emulator.env
      }),
      runCli(["url", path, "--overlay-image", "/logos/brand.png", "--anchor", "bottom_right", "--focus", "center"], {
        env: emulator.env
      }),
      runCli(
        [
          "url",
          path,
          "-t",
          '{"width":300,"aiRemoveBackground":true}',
          "-t",
          '[{"grayscale":true},{"rt":90}]',
          "--json"
        ],
        {
          env: emulator.env
        }
      ),
      runCli(["url", path, "--overlay-text", "Sale", "--x-center", "bw_div_2", "--y-center", "0", "--signed"], {
        env: emulator.env
      })
    ])
    for (const run of [text, image, json, centred]) expectExit(run, 0)
    // ImageKit's layer syntax: l-<type>, i-<input> (a path's slashes as @@, spaces as %20), the position, l-end.
    const layer = (raw: string, rest: Record<string, unknown> = {}) =>
      `${v6.url({ path, transformation: [{ raw }], ...rest })}\n`
    assert.strictEqual(
      text.stdout,
      `${v6.url({ path, transformation: [{ raw: "w-300" }, { raw: "l-text,i-Hello%20world,lx-10,ly-N20,l-end" }] })}\n`
    )
    assert.strictEqual(image.stdout, layer("l-image,i-logos@@brand.png,lap-bottom_right,lfo-center,l-end"))
    assert.strictEqual(centred.stdout, layer("l-text,i-Sale,lxc-bw_div_2,lyc-0,l-end", { signed: true }))
    const shown = parseJson(json) as { url: string; transformation: unknown }
    assert.strictEqual(
      `${shown.url}\n`,
      `${v6.url({ path, transformation: [{ raw: "w-300,e-bgremove" }, { raw: "e-grayscale" }, { rt: 90 }] })}\n`
    )
    assert.deepStrictEqual(shown.transformation, [
      { width: 300, aiRemoveBackground: true },
      { grayscale: true },
      { rt: 90 }
    ])
    // The emulator serves the signed URL with the layer in it.
    assert.strictEqual(await status(centred.stdout.trim()), 200)
  })

  it("refuses flags that do not fit together, and JSON that is not steps, with exit 2", async () => {
    const env = emulator.env
    const [orphan, both, conflict, badJson, notSteps, v6Name, longX] = await Promise.all([
      runCli(["url", "/a.jpg", "-x", "10"], { env }),
      runCli(["url", "/a.jpg", "--overlay-text", "a", "--overlay-image", "b.png"], { env }),
      runCli(["url", "/a.jpg", "--overlay-text", "a", "-y", "1", "--y-center", "2"], { env }),
      runCli(["url", "/a.jpg", "-t", "{width:300}"], { env }),
      runCli(["url", "/a.jpg", "-t", "[1,2]"], { env }),
      runCli(["url", "/a.jpg", "-t", '{"rotate":90,"aiUpscale":true}'], { env }),
      runCli(["url", "/a.jpg", "--overlay-text", "a", "--x", "10"], { env })
    ])
    for (const run of [orphan, both, conflict, badJson, notSteps, v6Name, longX]) {
      expectExit(run, 2)
      assert.strictEqual(run.stdout, "")
    }
    assert.match(orphan.stderr, /-x position a layer: add --overlay-text or --overlay-image/)
    assert.match(both.stderr, /pass one of --overlay-text and --overlay-image/)
    assert.match(conflict.stderr, /-y places the layer's edge and --y-center its centre/)
    assert.match(badJson.stderr, /Invalid --transformation JSON/)
    assert.match(notSteps.stderr, /expected a step object or an array of them/)
    assert.match(v6Name.stderr, /`rotate` is an imagekit@6 name.*write `rotation`/)
    assert.match(longX.stderr, /unknown option --x for `imagekit url`; did you mean -x\?/)
  })
})

describe("imagekit srcset", () => {
  const candidate = (width: number, path = "/docs/a.txt") =>
    `${emulator.running.urlEndpoint}${path}?tr=w-${width},c-at_max`

  it("prints src, srcset, sizes and width by @imagekit/javascript's breakpoint rules", async () => {
    const [fixed, fluid, json, custom] = await Promise.all([
      runCli(["srcset", "/docs/a.txt", "--width", "400"], { env: emulator.env }),
      runCli(["srcset", "/docs/a.txt", "--sizes", "(min-width: 768px) 50vw, 100vw"], { env: emulator.env }),
      runCli(["srcset", "/docs/a.txt", "--width", "400", "--json"], { env: emulator.env }),
      runCli(
        [
          "srcset",
          "docs/a.txt",
          "--device-breakpoints",
          "320,960",
          "--image-breakpoints",
          "100",
          "--overlay-text",
          "Hi"
        ],
        { env: emulator.env }
      )
    ])
    for (const run of [fixed, fluid, json, custom]) expectExit(run, 0)
    // js5: with a width, the first breakpoints (device and image merged) at least 1x and 2x as wide, as 1x/2x.
    assert.strictEqual(
      fixed.stdout,
      `src     ${candidate(828)}\nsrcset  ${candidate(640)} 1x, ${candidate(828)} 2x\nwidth   400\n`
    )
    // js5: with sizes, every breakpoint from the smallest vw share (50 %) of the first device breakpoint (640) up.
    const widths = [384, 640, 750, 828, 1080, 1200, 1920, 2048, 3840]
    assert.strictEqual(
      fluid.stdout,
      `src     ${candidate(3840)}\n` +
        `srcset  ${widths.map((width) => `${candidate(width)} ${width}w`).join(", ")}\n` +
        "sizes   (min-width: 768px) 50vw, 100vw\n"
    )
    assert.deepStrictEqual(parseJson(json), {
      src: candidate(828),
      srcset: `${candidate(640)} 1x, ${candidate(828)} 2x`,
      sizes: null,
      width: 400,
      transformation: [],
      signed: false,
      expiresAt: null
    })
    // Neither: the device breakpoints with w descriptors and sizes 100vw; the overlay before each candidate's width.
    const layered = (width: number) =>
      `${emulator.running.urlEndpoint}/docs/a.txt?tr=l-text,i-Hi,l-end:w-${width},c-at_max`
    assert.strictEqual(
      custom.stdout,
      `src     ${layered(960)}\nsrcset  ${layered(320)} 320w, ${layered(960)} 960w\nsizes   100vw\n`
    )
  })

  it("signs every candidate so the emulator serves it, with one expiry", async () => {
    const run = await runCli(["srcset", "/docs/a.txt", "--width", "400", "--expire", "60", "--json"], {
      env: emulator.env
    })
    expectExit(run, 0)
    const shown = parseJson(run) as { src: string; srcset: string; expiresAt: string }
    const urls = [shown.src, ...shown.srcset.split(", ").map((entry) => entry.split(" ")[0] ?? "")]
    assert.lengthOf(urls, 3)
    const expiries = new Set(urls.map((url) => new URL(url).searchParams.get("ik-t")))
    assert.strictEqual(expiries.size, 1)
    assert.strictEqual(shown.expiresAt, new Date(Number([...expiries][0]) * 1000).toISOString())
    assert.deepStrictEqual(await Promise.all(urls.map(status)), [200, 200, 200])
    assert.notInclude(run.stdout + run.stderr, TEST_KEYS.privateKey)
  })

  it("refuses bad sizes, widths and breakpoints, and a missing endpoint", async () => {
    const env = emulator.env
    const [sizes, width, breakpoints, noEndpoint, absolute] = await Promise.all([
      runCli(["srcset", "/a.jpg", "--sizes", "{}"], { env }),
      runCli(["srcset", "/a.jpg", "--width", "0"], { env }),
      runCli(["srcset", "/a.jpg", "--device-breakpoints", "640,-1"], { env }),
      runCli(["srcset", "/a.jpg"]),
      runCli(["srcset", "https://ik.imagekit.io/demo/a.jpg", "--width", "100"])
    ])
    for (const run of [sizes, width, breakpoints]) expectExit(run, 2)
    assert.match(sizes.stderr, /`sizes` must list CSS lengths/)
    assert.match(width.stderr, /Invalid --width 0/)
    assert.match(breakpoints.stderr, /Invalid --device-breakpoints "640,-1"/)
    expectExit(noEndpoint, 1)
    assert.match(noEndpoint.stderr, /IMAGEKIT_URL_ENDPOINT not set/)
    // An absolute URL needs no IMAGEKIT_* when it is not signed.
    expectExit(absolute, 0)
    assert.match(absolute.stdout, /^src {5}https:\/\/ik\.imagekit\.io\/demo\/a\.jpg\?tr=w-256,c-at_max$/m)
  })
})

describe("imagekit auth-params", () => {
  it("signs like imagekit@6, falls back to the emulator's test key with a notice, and refuses half a config", async () => {
    const expire = Math.floor(Date.now() / 1000) + 600
    const key = "private_auth_key_5678"
    const v6 = new ImageKitV6({ publicKey: "p", privateKey: key, urlEndpoint: "https://ik.imagekit.io/demo" })
    const v6Emulator = new ImageKitV6({ ...TEST_KEYS, urlEndpoint: "https://ik.imagekit.io/demo" })
    const [json, lines, fallback, generated, partial, past, badToken] = await Promise.all([
      runCli(["auth-params", "--token", "tok-1", "--expire", String(expire), "--json"], {
        env: { IMAGEKIT_PRIVATE_KEY: key }
      }),
      runCli(["auth-params", "--token", "tok-1", "--expire", String(expire)], { env: { IMAGEKIT_PRIVATE_KEY: key } }),
      runCli(["auth-params", "--token", "tok-2", "--expire", String(expire), "--json"]),
      runCli(["auth-params", "--json"], { env: { IMAGEKIT_PRIVATE_KEY: key } }),
      runCli(["auth-params"], { env: { IMAGEKIT_PUBLIC_KEY: "public_x", IMAGEKIT_URL_ENDPOINT: "https://x" } }),
      runCli(["auth-params", "--token", "t", "--expire", "1582269249"], { env: { IMAGEKIT_PRIVATE_KEY: key } }),
      runCli(["auth-params", "--token", " "], { env: { IMAGEKIT_PRIVATE_KEY: key } })
    ])
    for (const run of [json, lines, fallback, generated, past]) expectExit(run, 0)
    assert.deepStrictEqual(parseJson(json), v6.getAuthenticationParameters("tok-1", expire))
    const signature = v6.getAuthenticationParameters("tok-1", expire).signature
    assert.strictEqual(lines.stdout, `token      tok-1\nexpire     ${expire}\nsignature  ${signature}\n`)
    assert.strictEqual(lines.stderr, "")
    assert.deepStrictEqual(parseJson(fallback), v6Emulator.getAuthenticationParameters("tok-2", expire))
    assert.match(fallback.stderr, /no IMAGEKIT_\* credentials: signed with the embedded emulator's test key/)
    const made = parseJson(generated) as { token: string; expire: number; signature: string }
    assert.match(made.token, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    assert.approximately(made.expire - Date.now() / 1000, 1800, 5)
    assert.deepStrictEqual(made, v6.getAuthenticationParameters(made.token, made.expire))
    expectExit(partial, 1)
    assert.match(partial.stderr, /^imagekit: IMAGEKIT_PRIVATE_KEY not set/m)
    assert.match(past.stderr, /warning: --expire 1582269249 is in the past/)
    expectExit(badToken, 2)
    for (const run of [json, lines, generated, partial, past, badToken]) assert.notInclude(run.stdout + run.stderr, key)
  })
})
