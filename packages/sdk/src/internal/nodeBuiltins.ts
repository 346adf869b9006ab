/**
 * Node's built-in modules, loaded on first use by a specifier that bundlers leave alone. A literal
 * `import("node:http")` makes esbuild, wrangler and Vite try to resolve it when they bundle the SDK for a browser or
 * a Cloudflare Worker, and fail (or ask for Node shims) although that code never runs there; a specifier computed at
 * run time is left as it is, and Node (or Bun, or Deno) loads it when the Node client or a path upload is first used.
 */
interface Builtins {
  readonly http: typeof import("node:http")
  readonly https: typeof import("node:https")
  readonly zlib: typeof import("node:zlib")
  readonly "fs/promises": typeof import("node:fs/promises")
}

const prefix = "node:"

export const importBuiltin = <Name extends keyof Builtins>(name: Name): Promise<Builtins[Name]> =>
  import(/* @vite-ignore */ /* webpackIgnore: true */ prefix + name)
