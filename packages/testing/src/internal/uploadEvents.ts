/**
 * The webhook events an upload with `transformation` causes. The model applies no transformation (it has no image
 * pipeline), so every requested step "succeeds" at once: one `upload.pre-transform.success` for `pre`, and one
 * `upload.post-transform.success` per `post` step, shaped as the OpenAPI spec's webhook schemas.
 */
import { randomUUID } from "node:crypto"
import type { FormPart, ModelRequest, ModelResponse } from "./model/index.js"
import type { WebhookEvent } from "./webhooks.js"

const UPLOAD_PATHS: ReadonlySet<string> = new Set(["/api/v1/files/upload", "/api/v2/files/upload"])

type JsonObject = { readonly [key: string]: unknown }

const isObject = (u: unknown): u is JsonObject => typeof u === "object" && u !== null && !Array.isArray(u)

const textField = (form: ReadonlyArray<FormPart>, name: string): string | undefined => {
  for (const part of form) if (part.name === name && "value" in part) return part.value
  return undefined
}

const parseTransformation = (text: string | undefined): JsonObject | undefined => {
  if (text === undefined) return undefined
  try {
    const parsed: unknown = JSON.parse(text)
    return isObject(parsed) ? parsed : undefined
  } catch {
    return undefined
  }
}

/** Where ImageKit would serve the output of a post step; the emulator serves the original there. */
const postUrl = (fileUrl: string, step: JsonObject): string => {
  const value = typeof step.value === "string" ? step.value : undefined
  if (step.type === "transformation" && value !== undefined) return `${fileUrl}?tr=${value}`
  if (step.type === "abs" && value !== undefined) return `${fileUrl}/ik-master.m3u8?tr=${value}`
  if (step.type === "gif-to-video") return `${fileUrl}/ik-gif-video.mp4${value === undefined ? "" : `?tr=${value}`}`
  if (step.type === "thumbnail") return `${fileUrl}/ik-thumbnail.jpg${value === undefined ? "" : `?tr=${value}`}`
  return fileUrl
}

export const uploadEvents = (
  request: ModelRequest,
  answer: ModelResponse,
  now: number
): ReadonlyArray<WebhookEvent> => {
  if (request.method.toUpperCase() !== "POST" || !UPLOAD_PATHS.has(request.path) || answer.status !== 200) return []
  if (request.form === undefined || !isObject(answer.body)) return []
  const transformation = parseTransformation(textField(request.form, "transformation"))
  if (transformation === undefined) return []
  const uploaded = answer.body
  const created_at = new Date(now).toISOString()
  const x_request_id = randomUUID()
  const events: Array<WebhookEvent> = []
  if (typeof transformation.pre === "string") {
    events.push({
      type: "upload.pre-transform.success",
      id: randomUUID(),
      created_at,
      request: { x_request_id, transformation: transformation.pre },
      data: uploaded
    })
  }
  const post = Array.isArray(transformation.post) ? transformation.post : []
  for (const step of post) {
    if (!isObject(step) || typeof step.type !== "string") continue
    events.push({
      type: "upload.post-transform.success",
      id: randomUUID(),
      created_at,
      request: { x_request_id, transformation: step },
      data: { fileId: uploaded.fileId, url: postUrl(String(uploaded.url), step), name: uploaded.name }
    })
  }
  return events
}
