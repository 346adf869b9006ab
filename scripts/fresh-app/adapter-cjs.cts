// The Promise adapter from CommonJS (`require(…)` returns the class, as `require("imagekit")` did).
import ImageKit = require("@effect-imagekit/promise")

// The types must resolve without Effect installed: an unresolved import would make them `any`, silently.
type IsAny<T> = 0 extends 1 & T ? true : false
const typed: [IsAny<ImageKit.FileObject>, IsAny<ImageKit.ListFileResponse>] = [false, false]

declare const process: { readonly env: Readonly<Record<string, string | undefined>>; exitCode?: number }

const check = (ok: boolean, what: string): void => {
  if (!ok) throw new Error(`adapter (CommonJS): ${what}`)
}

const main = async (): Promise<void> => {
  const base = process.env.STUB_URL
  if (base === undefined) throw new Error("STUB_URL is not set")
  check(typed.length === 2, "typed")
  check(ImageKit.default === ImageKit && ImageKit.ImageKit === ImageKit, "require() returns the class")
  const imagekit = new ImageKit({
    publicKey: "public_fresh",
    privateKey: "private_fresh",
    urlEndpoint: "https://ik.imagekit.io/fresh",
    apiBaseUrl: base
  })
  const file: ImageKit.FileObject = await imagekit.getFileDetails("file_1")
  check(file.fileId === "file_1", "getFileDetails")
  const params: ImageKit.AuthenticationParameters = imagekit.getAuthenticationParameters("token", 1582269249)
  check(params.signature.length === 40, "getAuthenticationParameters")
  console.log("adapter (CommonJS): require, getFileDetails, getAuthenticationParameters: ok")
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
