/**
 * The multipart parts the current sender (`send.ts`, `uploadBody.ts`) frames: text, or a file whose bytes are
 * never copied or read here. `ImageKit.execute` turns an `ImageKitRequest`'s parts into these until the sender
 * takes `ImageKitRequest` parts itself.
 */
import { StreamedFile, streamedFileOf } from "./uploadBody.js"

/** One multipart field: text, or a file part whose bytes are never copied or read here. */
export type MultipartPart =
  | { readonly _tag: "Field"; readonly name: string; readonly value: string }
  | {
      readonly _tag: "File"
      readonly name: string
      readonly fileName: string
      readonly contentType: string
      readonly data: Uint8Array | Blob | StreamedFile
    }

const isBlob = (u: unknown): u is Blob => typeof Blob !== "undefined" && u instanceof Blob

const isArrayBuffer = (u: unknown): u is ArrayBuffer => Object.prototype.toString.call(u) === "[object ArrayBuffer]"

/** The bytes of a binary `file`, as a view over the caller's memory (no copy), or `undefined`. */
export const binaryOf = (u: unknown): Uint8Array | Blob | StreamedFile | undefined => {
  if (u instanceof Uint8Array) return u
  if (ArrayBuffer.isView(u)) return new Uint8Array(u.buffer, u.byteOffset, u.byteLength)
  if (isArrayBuffer(u)) return new Uint8Array(u)
  if (isBlob(u)) return u
  return streamedFileOf(u)
}
