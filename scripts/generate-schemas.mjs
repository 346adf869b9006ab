// Effect Schema source for ImageKit's answers, generated from the vendored OpenAPI description
// (packages/testing/openapi/imagekit-openapi-v1.yaml) into packages/sdk/src/internal/generated/schemas.ts.
//
//   node scripts/generate-schemas.mjs           writes the file
//   node scripts/generate-schemas.mjs --check   fails when the file is not what the spec gives; writes nothing
//
// What is generated: every component schema an answer of an operation reaches, and one `<OperationId>Response`
// per operation and 2xx JSON answer (`…Response207` for a second one). What is not: request bodies (the SDK's
// request builders validate arguments with Schemas of their own, which say what to pass), webhooks, examples.
//
// The mapping is mechanical and tolerant, because the server owns the data: a property the spec does not list
// as required is optional (`optionalKey`), `type: [T, null]` is `NullOr`, a string `enum` is open (`openLiteral`:
// other strings decode too), `additionalProperties: true` keeps other keys, integers are numbers, and nothing
// is transformed (dates stay strings). What the spec cannot say (ids as brands, fields the API always sends,
// `null` where the spec forgets it, the file/folder narrowing) is the hand-written overlay, Schemas.ts. Why a
// script of ours and not a generator package: docs/decisions/0050-schemas-generated-from-the-spec.md.

import { execFileSync } from "node:child_process"
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { parse } from "yaml"

const args = process.argv.slice(2)
const unknownArgs = args.filter((arg) => arg !== "--check")
if (unknownArgs.length > 0) {
  console.error(`Unknown argument: ${unknownArgs.join(" ")}\nUsage: node scripts/generate-schemas.mjs [--check]`)
  process.exit(2)
}
const check = args.includes("--check")

const root = fileURLToPath(new URL("..", import.meta.url))
const specFile = path.join(root, "packages/testing/openapi/imagekit-openapi-v1.yaml")
const outFile = path.join(root, "packages/sdk/src/internal/generated/schemas.ts")

const spec = parse(readFileSync(specFile, "utf8"), { maxAliasCount: -1 })
const components = spec.components?.schemas ?? {}

const METHODS = ["get", "put", "post", "delete", "patch"]

/** `list-and-search-assets` → `ListAndSearchAssets` */
const pascal = (text) =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== "")
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join("")

const refName = (ref) => {
  const prefix = "#/components/schemas/"
  if (!ref.startsWith(prefix)) throw new Error(`Unsupported $ref ${ref}`)
  const name = ref.slice(prefix.length)
  if (!(name in components)) throw new Error(`Unknown component ${name}`)
  return name
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/
const key = (name) => (IDENTIFIER.test(name) ? name : JSON.stringify(name))

/** The first sentence of a description, as a one-line comment. */
const comment = (node) => {
  const text = typeof node?.description === "string" ? node.description : ""
  const line = text.replace(/\s+/g, " ").trim()
  if (line === "") return ""
  // A sentence ends at ". " but not at "e.g. " or "i.e. ".
  const sentence = (line.match(/^.*?(?<!\be\.g|\bi\.e)[.!?](?=\s|$)/)?.[0] ?? line).replace(/\*\//g, "* /")
  return `/** ${sentence.length > 160 ? `${sentence.slice(0, 157)}...` : sentence} */\n`
}

/** The component names a schema node refers to, directly or inside. */
const refsOf = (node, found = new Set()) => {
  if (Array.isArray(node)) {
    for (const item of node) refsOf(item, found)
  } else if (typeof node === "object" && node !== null) {
    if (typeof node.$ref === "string") found.add(refName(node.$ref))
    for (const [k, value] of Object.entries(node)) if (k !== "example" && k !== "examples") refsOf(value, found)
  }
  return found
}

// -------------------------------------------------------------------------------------------------------------
// node → Schema source
// -------------------------------------------------------------------------------------------------------------

/** Whether a component becomes a `Schema.Struct` (so `...Name.fields` can extend it). */
const isStruct = (node) => typeof node === "object" && node !== null && objectKind(node) === "struct"

const objectKind = (node) => {
  if (node.allOf) return "struct"
  if (node.oneOf || node.anyOf || node.$ref || node.enum || node.const !== undefined) return "other"
  const types = Array.isArray(node.type) ? node.type : [node.type]
  if (!types.includes("object")) return "other"
  if (node.properties) return "struct"
  return node.additionalProperties === true || node.additionalProperties === undefined ? "record" : "other"
}

const literal = (value) => JSON.stringify(value)

const fieldsOf = (node) => {
  const required = new Set(node.required ?? [])
  return Object.entries(node.properties ?? {}).map(([name, property]) => {
    const schema = toSchema(property)
    return `${comment(property)}${key(name)}: ${required.has(name) ? schema : `optionalKey(${schema})`}`
  })
}

const struct = (fields, otherKeys) => `Schema.Struct({\n${fields.join(",\n")}\n}${otherKeys ? ", OtherKeys" : ""})`

const scalar = (type, node) => {
  switch (type) {
    case "string":
      return Array.isArray(node.enum) ? `openLiteral(${node.enum.map(literal).join(", ")})` : "Schema.String"
    case "number":
    case "integer":
      return "Schema.Number"
    case "boolean":
      return "Schema.Boolean"
    case "null":
      return "Schema.Null"
    case "array":
      return `Schema.Array(${node.items === undefined ? "Schema.Unknown" : toSchema(node.items)})`
    case "object": {
      if (node.properties) return struct(fieldsOf(node), node.additionalProperties === true)
      if (typeof node.additionalProperties === "object") {
        return `Schema.Record({ key: Schema.String, value: ${toSchema(node.additionalProperties)} })`
      }
      // `x-stainless-empty-object`: an answer that is `{}`; `preserve` still keeps whatever the server adds.
      return node["x-stainless-empty-object"] === true || node.additionalProperties === false
        ? "Schema.Struct({})"
        : "UnknownRecord"
    }
    default:
      throw new Error(`Unsupported type ${type}`)
  }
}

function toSchema(node) {
  if (node === undefined || node === true) return "Schema.Unknown"
  if (typeof node.$ref === "string") return refName(node.$ref)
  if (node.const !== undefined) return `Schema.Literal(${literal(node.const)})`
  if (Array.isArray(node.allOf)) {
    const fields = node.allOf.flatMap((part) => {
      if (typeof part.$ref === "string") {
        const name = refName(part.$ref)
        if (!isStruct(components[name])) throw new Error(`allOf of ${name}, which is not an object`)
        return [`...${name}.fields`]
      }
      return fieldsOf(part)
    })
    return struct(fields, false)
  }
  const alternatives = node.oneOf ?? node.anyOf
  if (Array.isArray(alternatives)) {
    const members = [...new Set(alternatives.map(toSchema))]
    return members.length === 1 ? members[0] : `Schema.Union(${members.join(", ")})`
  }
  if (Array.isArray(node.enum) && node.type === undefined) return `Schema.Literal(${node.enum.map(literal).join(", ")})`
  if (node.type === undefined) return node.properties ? scalar("object", node) : "Schema.Unknown"
  // YAML reads `type: [string, null]` with a real null.
  const types = (Array.isArray(node.type) ? node.type : [node.type]).map((type) => (type === null ? "null" : type))
  const nullable = types.includes("null") && types.length > 1
  const others = types.filter((type) => type !== "null" || !nullable)
  const inner =
    others.length === 1 ? scalar(others[0], node) : `Schema.Union(${others.map((t) => scalar(t, node)).join(", ")})`
  return nullable ? `Schema.NullOr(${inner})` : inner
}

// -------------------------------------------------------------------------------------------------------------
// what to emit
// -------------------------------------------------------------------------------------------------------------

/** Each operation's 2xx JSON answers, in the order of the spec. */
const answers = []
for (const [route, item] of Object.entries(spec.paths ?? {})) {
  for (const method of METHODS) {
    const operation = item?.[method]
    if (operation === undefined || operation.operationId === "create-dummy-test") continue
    const statuses = Object.keys(operation.responses ?? {})
      .filter((status) => /^2\d\d$/.test(status))
      .sort()
    let first = true
    for (const status of statuses) {
      const schema = operation.responses[status]?.content?.["application/json"]?.schema
      if (schema === undefined) continue
      const base = `${pascal(operation.operationId)}Response`
      answers.push({ name: first ? base : `${base}${status}`, method, route, status, operation, schema })
      first = false
    }
  }
}

// The components the answers reach, each after the ones it refers to.
const ordered = []
const visiting = new Set()
const visit = (name) => {
  if (ordered.includes(name)) return
  if (visiting.has(name)) throw new Error(`Recursive component ${name}: not supported`)
  visiting.add(name)
  for (const dependency of [...refsOf(components[name])].sort()) visit(dependency)
  visiting.delete(name)
  ordered.push(name)
}
for (const answer of answers) for (const name of [...refsOf(answer.schema)].sort()) visit(name)

const componentSource = (name) => {
  const node = components[name]
  const schema = toSchema(node)
  return `${comment(node)}export const ${name} = ${schema}.annotations({ identifier: ${literal(name)} })\n`
}

const answerSource = ({ name, method, route, status, operation, schema }) =>
  `/** \`${operation.operationId}\`: ${method.toUpperCase()} ${route}, ${status}. */\n` +
  `export const ${name} = ${toSchema(schema)}\n`

const header = `/**
 * GENERATED by scripts/generate-schemas.mjs from packages/testing/openapi/imagekit-openapi-v1.yaml: do not edit.
 * Run \`pnpm generate:schemas\` after changing the spec; \`pnpm test\` checks this file is current.
 *
 * The spec's answers as it states them, read tolerantly (optional unless required, open enums, other keys kept
 * where the spec allows them). The public Schemas, with brands and the fields the API always sends, are the
 * hand-written overlay in ../../Schemas.ts.
 */
import * as Schema from "effect/Schema"
import { OtherKeys, openLiteral, optionalKey, UnknownRecord } from "../schemas.js"
`

const source = [
  header,
  "// components, each after the ones it uses\n",
  ...ordered.map(componentSource),
  "// the 2xx JSON answer of each operation\n",
  ...answers.map(answerSource)
].join("\n")

// Formatted as the repository formats TypeScript, so the check compares like with like.
const biome = path.join(root, "node_modules", ".bin", process.platform === "win32" ? "biome.cmd" : "biome")
const formatted = execFileSync(biome, ["format", `--stdin-file-path=${outFile}`], {
  input: source,
  encoding: "utf8",
  cwd: root
})

const relative = path.relative(root, outFile)
if (check) {
  const current = existsSync(outFile) ? readFileSync(outFile, "utf8") : ""
  if (current !== formatted) {
    console.error(`${relative} is not what the spec gives: run \`pnpm generate:schemas\` and commit the result.`)
    process.exit(1)
  }
  console.log(`${relative} is current (${ordered.length} components, ${answers.length} answers).`)
} else {
  mkdirSync(path.dirname(outFile), { recursive: true })
  writeFileSync(outFile, formatted)
  console.log(`Wrote ${relative}: ${ordered.length} components, ${answers.length} answers.`)
}
