/** Cache purge requests and the polled status they share with bulk jobs. */
import type { ModelContext } from "./context.js"
import { forgetCached } from "./delivery.js"
import { badRequest, notFound } from "./errors.js"
import { isHttpUrl, json, jsonObject } from "./input.js"
import type { ModelRequest, ModelResponse } from "./types.js"

/** "Pending" for the first `pendingPolls` polls, "Completed" afterwards; each call counts as one poll. */
export const pollStatus = (context: ModelContext, record: { polls: number }): "Pending" | "Completed" => {
  record.polls++
  return record.polls <= context.pendingPolls ? "Pending" : "Completed"
}

/** Records a purge of `url` and returns its request id (also used by `renameFile` with `purgeCache`). */
export const createPurge = (context: ModelContext, url: string): string => {
  const requestId = context.newId()
  context.state.purges.set(requestId, { requestId, url, polls: 0 })
  forgetCached(context, url)
  return requestId
}

export const purgeCache = (context: ModelContext, request: ModelRequest): ModelResponse => {
  const url = jsonObject(request.json).url
  if (typeof url !== "string" || !isHttpUrl(url)) throw badRequest("The URL is not valid for cache purging.")
  return json({ requestId: createPurge(context, url) }, 201)
}

export const getPurgeCacheStatus = (context: ModelContext, requestId: string): ModelResponse => {
  const purge = context.state.purges.get(requestId)
  if (purge === undefined) throw notFound("The requested purge request does not exist.")
  return json({ status: pollStatus(context, purge) })
}
