// imagekit@6 has no base-URL option: every request goes to the literal `https://api.imagekit.io/...` or
// `https://upload.imagekit.io/...`, through the default axios instance it imports. One request interceptor on that
// same instance (resolved from imagekit's own directory) swaps the origin for the local server; it adds one promise
// hop per call, which is noise next to a round trip.
import { createRequire } from "node:module"

const require = createRequire(import.meta.url)
let target
let installed = false

/** The `imagekit` v6 class, its requests sent to `origin` (e.g. `http://127.0.0.1:8790`) from now on. */
export const imagekitV6At = (origin) => {
  target = origin
  if (!installed) {
    const axios = createRequire(require.resolve("imagekit"))("axios")
    axios.interceptors.request.use((config) => {
      if (typeof config.url === "string") config.url = config.url.replace(/^https:\/\/[^/]+/, target)
      return config
    })
    installed = true
  }
  return require("imagekit")
}
