/**
 * Serving a delivery URL (`<urlEndpoint>/<path>`, the emulator's `/delivery/...`), as ImageKit's CDN decides it:
 *
 * - a transformation, as a `tr:` path segment right after the endpoint or a `tr` query parameter, is accepted and not
 *   applied (the original bytes come back), except that every `n-<name>` in it must name an enabled named
 *   transformation (400 otherwise, as ImageKit answers unknown names);
 * - a signed URL (`ik-s`, `ik-t`) must carry a valid, unexpired signature over the URL as sent (401 otherwise);
 * - a private file is served only through a signed URL or a named transformation; an unpublished one not at all;
 * - every answer counts in usage analytics, and the first request for a URL is a cache miss until it is purged.
 */
import { urlSignature } from "@effect-imagekit/core/Signing"
import type { ModelContext } from "./context.js"
import { resolveUrl } from "./files.js"
import { namedTransformation } from "./namedTransformations.js"
import { recordDelivery } from "./usage.js"

export interface DeliveryRequest {
  /** The URL as requested, on the URL endpoint's origin. */
  readonly url: string
  readonly method: string
  readonly userAgent?: string | undefined
  readonly referrer?: string | undefined
  /** The time in ms to judge a signed URL's expiry by. */
  readonly now: number
}

export interface DeliveryAnswer {
  readonly status: number
  readonly headers: Record<string, string>
  /** The file's bytes, or an error's `{ message, help }`. */
  readonly body: Uint8Array | { readonly message: string; readonly help: string }
}

const NO_EXPIRY = "9999999999"
const HELP = "For support kindly contact us at support@imagekit.io."

const failure = (status: number, message: string): DeliveryAnswer => ({
  status,
  headers: { "content-type": "application/json" },
  body: { message, help: HELP }
})

/** The URL without the signature parameters, which are not part of what it names. */
const unsignedUrl = (url: URL): URL => {
  const unsigned = new URL(url.href)
  unsigned.searchParams.delete("ik-s")
  unsigned.searchParams.delete("ik-t")
  return unsigned
}

/**
 * What a signature is over: the URL as sent without the signature parameters. The other parameters keep their
 * bytes: `searchParams` would re-encode the query (`tr=w-400,h-300` as `tr=w-400%2Ch-300`), and the signature
 * of a `buildSrc` URL (js5's and v7's raw commas) is over the query as written.
 */
const unsignedHref = (url: URL): string => {
  const kept = url.search
    .slice(1)
    .split("&")
    .filter((pair) => {
      const name = pair.split("=")[0]
      return pair !== "" && name !== "ik-s" && name !== "ik-t"
    })
  return `${url.origin}${url.pathname}${kept.length === 0 ? "" : `?${kept.join("&")}`}`
}

const verifySignature = (context: ModelContext, url: URL, now: number): "ok" | "bad" | "expired" => {
  const signature = url.searchParams.get("ik-s")
  if (signature === null) return "bad"
  const expiry = url.searchParams.get("ik-t") ?? NO_EXPIRY
  const expected = urlSignature({
    privateKey: context.keys.privateKey,
    url: unsignedHref(url),
    urlEndpoint: context.urlEndpoint,
    expiryTimestamp: expiry
  })
  if (expected !== signature) return "bad"
  return expiry !== NO_EXPIRY && Number(expiry) * 1000 < now ? "expired" : "ok"
}

/** The named transformations a transformation string uses: every `n-<name>` parameter of every step. */
const namesIn = (transformation: string): ReadonlyArray<string> =>
  transformation
    .replace(/^tr:/, "")
    .split(":")
    .flatMap((step) => step.split(","))
    .flatMap((parameter) => (parameter.startsWith("n-") ? [parameter.slice(2)] : []))

export const deliver = (context: ModelContext, request: DeliveryRequest): DeliveryAnswer => {
  let url: URL
  let endpoint: URL
  try {
    url = new URL(request.url)
    endpoint = new URL(`${context.urlEndpoint}/`)
  } catch {
    return failure(400, "The URL is not valid.")
  }
  const target = unsignedUrl(url)
  // The transformation segment sits right after the endpoint; the file path follows it.
  const rest = target.pathname.startsWith(endpoint.pathname) ? target.pathname.slice(endpoint.pathname.length) : ""
  const segment = /^(tr:[^/]*)\//.exec(rest)
  const inPath = segment?.[1]
  if (inPath !== undefined) target.pathname = `${endpoint.pathname}${rest.slice(inPath.length + 1)}`
  const inQuery = target.searchParams.get("tr") ?? undefined
  target.searchParams.delete("tr")
  const transformations = [inPath, inQuery === undefined ? undefined : `tr:${inQuery}`].filter(
    (value): value is string => value !== undefined
  )
  const transformation = transformations.length === 0 ? undefined : transformations.join("/")
  const cacheKey = unsignedUrl(url).href
  const answer = (result: DeliveryAnswer, kind: "image" | "video" | "other" = "other"): DeliveryAnswer => {
    const bytes = result.body instanceof Uint8Array && request.method.toUpperCase() !== "HEAD" ? result.body.length : 0
    const cacheHit = context.state.cachedUrls.has(cacheKey)
    if (result.status === 200) context.state.cachedUrls.add(cacheKey)
    recordDelivery(context, {
      url: cacheKey,
      status: result.status,
      bytes,
      contentType: result.headers["content-type"],
      kind,
      transformation,
      userAgent: request.userAgent,
      referrer: request.referrer,
      cacheHit
    })
    return result
  }
  let named = false
  for (const name of transformations.flatMap(namesIn)) {
    const found = namedTransformation(context, name)
    if (found === undefined) return answer(failure(400, `The named transformation ${name} does not exist.`))
    if (!found.enabled) return answer(failure(400, `The named transformation ${name} is disabled.`))
    named = true
  }
  const resolved = resolveUrl(context, target.href)
  if (resolved === undefined || !resolved.version.isPublished) return answer(failure(404, "File not found"))
  const signed = url.searchParams.has("ik-s")
  if (signed || (resolved.file.isPrivateFile && !named)) {
    const verdict = verifySignature(context, url, request.now)
    if (verdict === "expired") return answer(failure(401, "This URL has expired"))
    if (verdict === "bad") return answer(failure(401, "The signature of this URL is missing or invalid"))
  }
  const { media, bytes } = resolved.version.content
  const kind = media.fileType === "image" ? "image" : media.mime.startsWith("video/") ? "video" : "other"
  return answer({ status: 200, headers: { "content-type": media.mime }, body: bytes }, kind)
}

/** A purge empties the cache of every URL it covers: the URL itself, or those it starts with when it ends in `*`. */
export const forgetCached = (context: ModelContext, purged: string): void => {
  const prefix = purged.endsWith("*") ? purged.slice(0, -1) : undefined
  for (const url of context.state.cachedUrls) {
    if (prefix === undefined ? url === purged || url.startsWith(`${purged}?`) : url.startsWith(prefix)) {
      context.state.cachedUrls.delete(url)
    }
  }
}
