// Node, Bun and Deno: runs scenario.mjs with the settings scripts/runtime-sdk.mjs passes in IK_SCENARIO and prints
// its result as one JSON line. The layer is the last argument: layerNode on Node, layerFetch elsewhere.
import { run } from "./scenario.mjs"

const deno = globalThis.Deno
const settings = JSON.parse(deno === undefined ? process.env.IK_SCENARIO : deno.env.get("IK_SCENARIO"))
const layer = (deno === undefined ? process.argv : deno.args).at(-1)
console.log(JSON.stringify(await run({ ...settings, layer })))
