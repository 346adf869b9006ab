/**
 * The server's two resources: how to write a search query (`imagekit://docs/search-query`), and how this server is
 * configured (`imagekit://config`: where it sends requests, the tier, the root; never a key).
 */
import * as McpServer from "@effect/ai/McpServer"
import * as Effect from "effect/Effect"

export const SEARCH_QUERY_URI = "imagekit://docs/search-query"
export const CONFIG_URI = "imagekit://config"

export const SEARCH_QUERY_DOC = `# ImageKit search queries (search_files \`query\`)

A query compares fields with values and combines the comparisons:

    tags IN ["summer", "beach"] AND format = "jpg"
    (width >= 1000 OR height >= 1000) AND createdAt > "7d"
    name : "hero" AND tags NOT IN ["draft"]

- Operators: \`=\` (exact), \`:\` (starts with, for text), \`!=\`, \`>\`, \`>=\`, \`<\`, \`<=\`,
  \`IN [a, b]\`, \`HAS\` (a list contains the value), \`field EXISTS\`; put \`NOT\` before an operator to negate it.
- Combine with \`AND\` (binds tighter), \`OR\`, \`NOT\` and parentheses. Keywords are case-insensitive.
- Values: "quoted strings" (a backslash escapes the next character), numbers, \`true\`/\`false\`, lists in [ ].
- Fields: \`name\`, \`path\` (the file's path: \`path : "/products/"\` is everything below /products), \`tags\`
  (also matches AI tags), \`AITags\`, \`type\`, \`fileType\` ("image" or "non-image"), \`format\`, \`size\` (bytes,
  or with a unit: \`size > "1mb"\`), \`width\`, \`height\`, \`createdAt\`, \`updatedAt\` (ISO dates, or an age such as
  "7d", "12h", "30m": \`createdAt > "7d"\` means in the last 7 days), \`private\`, \`published\`, \`description\`,
  and \`customMetadata.<field>\` for each custom metadata field (list_custom_metadata_fields).

This server adds to your query: the \`folder\` and \`tags\` arguments of search_files, and its root (paths are
relative to it, and files outside it are never listed). A query's parentheses and quotes must balance.
`

/** What `imagekit://config` says: nothing secret. */
export interface ServerConfig {
  readonly name: string
  readonly version: string
  readonly access: "read" | "write" | "all"
  readonly root: string
  readonly maxItems: number
  readonly tools: ReadonlyArray<string>
  /** Where files are served (`IMAGEKIT_URL_ENDPOINT`, or the embedded emulator's). */
  readonly urlEndpoint: string
  /** Where API calls go. */
  readonly apiBaseUrl: string
  /** `account` with IMAGEKIT_* set, else `embedded emulator`. */
  readonly backend: "account" | "embedded emulator"
}

/** Registers both resources on the server in context. */
export const register = (config: ServerConfig): Effect.Effect<void, never, McpServer.McpServer> =>
  Effect.zipRight(
    McpServer.registerResource({
      uri: SEARCH_QUERY_URI,
      name: "search-query",
      description: "The syntax of search_files' query argument, with examples.",
      mimeType: "text/markdown",
      content: Effect.succeed(SEARCH_QUERY_DOC)
    }),
    McpServer.registerResource({
      uri: CONFIG_URI,
      name: "config",
      description: "This server's settings: tier, tools, root, page size and where it sends requests (no keys).",
      mimeType: "application/json",
      content: Effect.succeed(JSON.stringify(config, null, 2))
    })
  )
