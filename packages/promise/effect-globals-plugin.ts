import { readFile } from "node:fs/promises"
import type { Options } from "tsup"

type Plugin = NonNullable<Options["esbuildPlugins"]>[number]

/** The line of effect's `GlobalValue` module that names the store every copy of Effect 3.22 shares. */
const SHARED_STORE = "const globalStoreId = `effect/GlobalValue`;"

/**
 * Gives the copy of Effect bundled into the adapter a store of global values of its own, so that it neither takes
 * nor hands out the Clock, the FiberRefs and the other globals of another copy of Effect in the same process (the
 * application's, the SDK's, another bundle's). Effect 3.22 keys the store with a fixed string on `globalThis`: the
 * first copy to load supplies every later copy's globals. Here the key becomes a `Symbol()` made when the bundle is
 * evaluated, so each evaluation (the ESM and the CommonJS bundle included) has its own store. The build fails if
 * the line is not found exactly once (an Effect upgrade that moved it), instead of shipping a shared store silently.
 * See docs/decisions/0036-bundled-effect-keeps-its-globals.md.
 */
export const privateEffectGlobals = (owner: string): Plugin => ({
  name: "private-effect-globals",
  setup(build) {
    let patched = 0
    build.onStart(() => {
      patched = 0
    })
    build.onLoad({ filter: /[\\/]effect[\\/]dist[\\/](esm|cjs)[\\/]GlobalValue\.js$/ }, async (args) => {
      const text = await readFile(args.path, "utf8")
      const found = text.split(SHARED_STORE).length - 1
      if (found !== 1) {
        return { errors: [{ text: `${args.path}: expected "${SHARED_STORE}" once, found it ${found} times` }] }
      }
      patched++
      const key = `Symbol(${JSON.stringify(`effect/GlobalValue (private to ${owner})`)});`
      return { contents: text.replace(SHARED_STORE, `const globalStoreId = ${key}`), loader: "js" }
    })
    build.onEnd((result) => {
      if (result.errors.length === 0 && patched === 0) {
        result.errors.push({
          id: "private-effect-globals",
          pluginName: "private-effect-globals",
          text: "effect/GlobalValue was not bundled: the plugin has nothing to make private (is effect external?)",
          location: null,
          notes: [],
          detail: undefined
        })
      }
    })
  }
})
