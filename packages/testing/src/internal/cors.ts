/**
 * CORS on the upload routes, the only ones a browser calls (with a v1 signature or a v2 token, never the private key):
 * every answer there, errors and 429s included, carries `Access-Control-Allow-Origin: *`, as ImageKit's upload API
 * answers (browsers report its wildcard origin when a page asks for credentials, which a wildcard forbids), and the
 * response headers a client reads (`X-Request-Id`, `X-RateLimit-*`) are exposed. A preflight (`OPTIONS` with
 * `Access-Control-Request-Method`) is answered 204 before rate limits and faults, allowing `POST` and whatever request
 * headers it names. The API routes get no CORS headers: they take the private key, which a page must never hold, so a
 * browser cannot read their answers.
 */
import { decodeSegments } from "./model/paths.js"

const UPLOAD_ROUTES = new Set(["api/v1/files/upload", "api/v2/files/upload"])

export const isUploadRoute = (path: string): boolean => UPLOAD_ROUTES.has(decodeSegments(path).join("/"))

/** On every answer of an upload route. */
export const corsHeaders: Readonly<Record<string, string>> = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "x-request-id, x-ratelimit-limit, x-ratelimit-reset, x-ratelimit-interval"
}

/** Whether a request is a CORS preflight: `OPTIONS` naming the method it will use. */
export const isPreflight = (method: string, headers: { readonly [name: string]: unknown }): boolean =>
  method.toUpperCase() === "OPTIONS" && typeof headers["access-control-request-method"] === "string"

/** The preflight's answer: POST, the headers it asked for (the ones a form upload sends need none), cached a day. */
export const preflightHeaders = (requested: unknown): Record<string, string> => ({
  "access-control-allow-methods": "POST, OPTIONS",
  ...(typeof requested === "string" && requested.trim() !== ""
    ? { "access-control-allow-headers": requested.trim() }
    : {}),
  "access-control-max-age": "86400",
  vary: "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"
})
