// The Promise adapter from ESM (`import ImageKit from …`), against the fresh-app harness's stand-in server
// (STUB_URL), with Promises and with a callback.
import ImageKit from "@effect-imagekit/promise"
import type { FileObject, IKResponse, ImageKitOptions, UploadResponse } from "@effect-imagekit/promise"

// The types must resolve without Effect installed: an unresolved import would make them `any`, silently.
type IsAny<T> = 0 extends 1 & T ? true : false
export const typed: [IsAny<FileObject>, IsAny<UploadResponse>, IsAny<ImageKitOptions["timeout"]>] = [
  false,
  false,
  false
]

declare const process: { readonly env: Readonly<Record<string, string | undefined>> }
const base = process.env.STUB_URL
if (base === undefined) throw new Error("STUB_URL is not set")

const check = (ok: boolean, what: string): void => {
  if (!ok) throw new Error(`adapter (ESM): ${what}`)
}

const imagekit = new ImageKit({
  publicKey: "public_fresh",
  privateKey: "private_fresh",
  urlEndpoint: "https://ik.imagekit.io/fresh",
  apiBaseUrl: base,
  uploadEndpoint: `${base}/api/v1/files/upload`
})

const url = imagekit.url({ path: "/default-image.jpg", transformation: [{ height: 300, width: 400 }] })
check(url === "https://ik.imagekit.io/fresh/tr:h-300,w-400/default-image.jpg", `url() gave ${url}`)

const file: IKResponse<FileObject> = await imagekit.getFileDetails("file_1")
check(file.fileId === "file_1" && file.$ResponseMetadata.statusCode === 200, "getFileDetails (Promise)")

const uploaded: IKResponse<UploadResponse> = await imagekit.upload({
  file: new TextEncoder().encode("hello"),
  fileName: "hello.txt"
})
check(uploaded.name === "hello.txt" && uploaded.size === 5, "upload")

const viaCallback = await new Promise<FileObject | null>((resolve, reject) => {
  imagekit.getFileDetails("file_1", (error, result) => (error === null ? resolve(result) : reject(error)))
})
check(viaCallback?.fileId === "file_1", "getFileDetails (callback)")

const missing = await imagekit.getFileDetails("missing").then(
  () => undefined,
  (error: unknown) => error
)
check(
  typeof missing === "object" && missing !== null && "$ResponseMetadata" in missing,
  "a 404 rejects with v6's error"
)
console.log("adapter (ESM): url, getFileDetails, upload, callback and a 404: ok")
