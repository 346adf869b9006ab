/** Reading request bodies and queries, and building answers. */
import { badRequest } from "./errors.js"
import type { JsonRecord } from "./state.js"
import type { ModelResponse } from "./types.js"

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" }

export const json = (body: unknown, status = 200): ModelResponse => ({ status, headers: { ...JSON_HEADERS }, body })

export const noContent = (): ModelResponse => ({ status: 204, headers: {} })

export const isRecord = (u: unknown): u is JsonRecord => typeof u === "object" && u !== null && !Array.isArray(u)

/** The JSON object a request must carry. */
export const jsonObject = (body: unknown): JsonRecord => {
  if (!isRecord(body)) throw badRequest("Your request body should be a JSON object.")
  return body
}

/** The last value of a query parameter, as servers commonly read repeated keys. */
export const queryValue = (query: ReadonlyArray<readonly [string, string]>, key: string): string | undefined => {
  let found: string | undefined
  for (const [name, value] of query) if (name === key) found = value
  return found
}

/** The copy/move/rename error shape: a reason code next to the message. */
export const invalidParameters = (detail: string) =>
  badRequest("Your request is missing parameters / contains invalid parameters.", {
    reason: "MISSING_PARAMETER",
    detail
  })

/** A required non-empty string in a JSON body. */
export const requiredString = (body: JsonRecord, key: string): string => {
  const value = body[key]
  if (typeof value !== "string" || value === "") throw invalidParameters(`${key} should be a non-empty string.`)
  return value
}

/** An optional boolean in a JSON body, `fallback` when absent. */
export const optionalBoolean = (body: JsonRecord, key: string, fallback: boolean): boolean => {
  const value = body[key]
  if (value === undefined) return fallback
  if (typeof value !== "boolean") throw invalidParameters(`${key} should be a boolean.`)
  return value
}

/** A string-array body field such as `fileIds` or `tags`, checked with the API's messages. */
export const stringArray = (body: JsonRecord, key: string, maxItems: number): ReadonlyArray<string> => {
  const value = body[key]
  if (value === undefined) throw badRequest(`${key} parameter is missing.`)
  if (!Array.isArray(value)) throw badRequest(`${key} should be an Array.`)
  if (value.length === 0) throw badRequest(`${key} is empty.`)
  if (value.length > maxItems) throw badRequest(`${key} cannot have more than ${maxItems} items.`)
  if (!value.every((item): item is string => typeof item === "string")) {
    throw badRequest(`Your request contains invalid value for ${key}. Please provide an array of strings.`)
  }
  return value
}

/** Whether `text` is an absolute http(s) URL. */
export const isHttpUrl = (text: string): boolean => {
  try {
    const url = new URL(text)
    return url.protocol === "http:" || url.protocol === "https:"
  } catch {
    return false
  }
}
