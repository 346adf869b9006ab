// Cloudflare Workers: the same scenario inside a module worker, with the settings scripts/runtime-sdk.mjs embeds as
// the SCENARIO text binding; it signs URLs, mints a v2 upload token and calls the API through `ImageKit.layerFetch`.
import { run } from "./scenario.mjs"

export default {
  async fetch(_request, env) {
    return Response.json(await run({ ...JSON.parse(env.SCENARIO), layer: "layerFetch" }))
  }
}
