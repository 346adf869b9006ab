/**
 * How a tool is defined and served: its parameters and its answer are Schemas; the server decodes the arguments
 * (extra or mistyped ones are an `InvalidArguments` tool error, nothing is sent), runs the tool, encodes the answer,
 * fits it in the budget (`fit.ts`), and returns it as `structuredContent` and as the same JSON text. Every failure,
 * typed or not, becomes a tool error (`isError: true`) carrying one {@link ToolError} object, so the agent always
 * gets something it can act on and never a header, a body or a key.
 *
 * Tools are registered on `@effect/ai`'s `McpServer` with `addTool`, rather than through an `@effect/ai` `Toolkit`:
 * the toolkit reports a failure as its own `AiError` (with the rejected arguments inside) and cannot mark a success
 * that had to be cut short.
 */
import * as McpSchema from "@effect/ai/McpSchema"
import * as McpServer from "@effect/ai/McpServer"
import type { OperationError } from "@effect-imagekit/sdk/ImageKit"
import * as Effect from "effect/Effect"
import * as JSONSchema from "effect/JSONSchema"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { fitAnswer } from "./fit.js"
import { fromSdkError, internalError, ToolError } from "./toolError.js"

/** The four hints of the MCP specification, always all set, and a title. */
export interface Annotations {
  readonly title: string
  /** The tool changes nothing. */
  readonly readOnlyHint: boolean
  /** The tool may remove or overwrite something (a delete, a move, a replacement); false: only adds. */
  readonly destructiveHint: boolean
  /** Calling it again with the same arguments changes nothing more. */
  readonly idempotentHint: boolean
  /** It reaches beyond the media library (the web, for an upload from a URL). */
  readonly openWorldHint: boolean
}

/** A tool as served: typed work behind an untyped call. */
export interface Tool {
  readonly name: string
  readonly description: string
  readonly annotations: Annotations
  /** The JSON Schema of the parameters (an object), as listed by `tools/list`. */
  readonly inputSchema: object
  /** Runs one call: never fails; a failure is a result with `isError: true`. */
  readonly call: (args: unknown) => Effect.Effect<McpSchema.CallToolResult>
}

/** The parts of a tool; `parameters` must be a `Schema.Struct` of JSON values. */
export interface Definition<P, PI, A, AI> {
  readonly name: string
  readonly description: string
  readonly annotations: Annotations
  readonly parameters: Schema.Schema<P, PI>
  readonly result: Schema.Schema<A, AI>
  readonly run: (parameters: P) => Effect.Effect<A, ToolError | OperationError>
}

/** A JSON Schema without the titles Effect derives from filters (`minLength(1)`), which say nothing to a model. */
const withoutTitles = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutTitles)
  if (typeof value !== "object" || value === null) return value
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "title" && key !== "$schema")
      .map(([key, item]) => [key, withoutTitles(item)])
  )
}

/** The JSON Schema MCP clients want: an object schema, without `$schema`. */
const inputSchemaOf = (parameters: Schema.Schema.Any): object => withoutTitles(JSONSchema.make(parameters)) as object

/** The most issues an `InvalidArguments` error lists, and the longest text of one. */
const MAX_ISSUES = 5
const MAX_ISSUE_LENGTH = 200

const clip = (text: string): string => (text.length <= MAX_ISSUE_LENGTH ? text : `${text.slice(0, MAX_ISSUE_LENGTH)}…`)

const invalidArguments = (error: ParseResult.ParseError): ToolError => {
  // An optional field's second alternative ("Expected undefined") adds nothing to the first one's complaint.
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error).filter(
    (issue) => !issue.message.startsWith("Expected undefined")
  )
  const listed = issues
    .slice(0, MAX_ISSUES)
    .map((issue) => `${issue.path.length === 0 ? "arguments" : issue.path.join(".")}: ${clip(issue.message)}`)
  const more = issues.length > MAX_ISSUES ? ` (and ${issues.length - MAX_ISSUES} more)` : ""
  return new ToolError({
    kind: "InvalidArguments",
    message: `${listed.join("; ")}${more}`,
    hint: "the arguments do not match the tool's input schema: fix them and call again (nothing was sent)"
  })
}

const text = (value: unknown): typeof McpSchema.TextContent.Type => ({ type: "text", text: JSON.stringify(value) })

const failed = (error: ToolError): McpSchema.CallToolResult => {
  const json = error.json
  return new McpSchema.CallToolResult({ isError: true, content: [text(json)], structuredContent: json })
}

const isToolError = (error: ToolError | OperationError): error is ToolError => error._tag === "ToolError"

/** A tool from its parts. */
export const define = <P, PI, A extends object, AI extends object>(definition: Definition<P, PI, A, AI>): Tool => {
  const decode = Schema.decodeUnknown(definition.parameters, { errors: "all", onExcessProperty: "error" })
  const encode = Schema.encode(definition.result)
  return {
    name: definition.name,
    description: definition.description,
    annotations: definition.annotations,
    inputSchema: inputSchemaOf(definition.parameters),
    call: (args) =>
      decode(args ?? {}).pipe(
        Effect.mapError(invalidArguments),
        Effect.flatMap((parameters) =>
          Effect.mapError(definition.run(parameters), (error) => (isToolError(error) ? error : fromSdkError(error)))
        ),
        // An answer that does not encode is the server's bug, not the agent's.
        Effect.flatMap((answer) => Effect.orDie(encode(answer))),
        Effect.map((json) => {
          const answer = fitAnswer(json)
          return new McpSchema.CallToolResult({ content: [text(answer)], structuredContent: answer })
        }),
        Effect.catchAll((error) => Effect.succeed(failed(error))),
        Effect.catchAllDefect(() => Effect.succeed(failed(internalError())))
      )
  }
}

/** Registers `tools` on the server in context. */
export const register = (tools: ReadonlyArray<Tool>): Effect.Effect<void, never, McpServer.McpServer> =>
  Effect.flatMap(McpServer.McpServer, (server) =>
    Effect.forEach(
      tools,
      (tool) =>
        server.addTool({
          tool: new McpSchema.Tool({
            name: tool.name,
            description: tool.description,
            inputSchema: tool.inputSchema,
            annotations: new McpSchema.ToolAnnotations(tool.annotations)
          }),
          handle: tool.call
        }),
      { discard: true }
    )
  )
