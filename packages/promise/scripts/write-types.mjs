// Rewrites dist/index.d.ts into self-contained declarations (see docs/decisions/0035-small-installs.md).
//
// tsup's declarations import the SDK, core and Effect for the types the adapter borrows (results are typed with the
// SDK's Schemas, options with its interfaces). The runtime bundle needs none of those packages, so neither should the
// types: every such reference is replaced by a local declaration, printed from the type checker:
// - interfaces and aliases of the SDK and core are copied (with their docs) under their own names;
// - types derived from Schemas are expanded into plain object types; Effect brands on ids are dropped (the adapter
//   returns the raw JSON body, so an id is a plain string, as in imagekit@6);
// - Effect aliases (`DurationInput`) are expanded; Effect's own interfaces and classes (`Duration`, `Redacted`,
//   `Stream`, `Schedule`, `Layer`, `ManagedRuntime`, the SDK's `ImageKit` tag) stay imports from `effect` and
//   `@effect-imagekit/sdk`, the optional peers that only `imagekit.effect` and Effect-typed options need, wrapped in
//   `IfInstalled<…>`: when those packages are not installed (and `skipLibCheck` is on, tsc's default for new
//   projects) the import is `any` and the wrapper turns it into `never`, so the rest of the surface stays typed.
// A type from anywhere else (or from Effect's internal modules) fails the build instead of leaking through, and so
// does any import left but those of the optional peers. Uses two TypeScript internals, `ts.getCheckFlags` (whether a
// mapped property is readonly) and `checker.resolveName` (what a name already means in the file), with the
// workspace's pinned typescript 5.9.3.
import { readFileSync, realpathSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import ts from "typescript"

const entry = fileURLToPath(new URL("../dist/index.d.ts", import.meta.url))
const HEADER = "// Self-contained declarations, written by scripts/write-types.mjs from tsup's"
if (readFileSync(entry, "utf8").startsWith(HEADER)) {
  console.log("dist/index.d.ts is already self-contained: run tsup to write it again")
  process.exit(0)
}
const program = ts.createProgram([entry], {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
  types: ["node"],
  strict: true,
  exactOptionalPropertyTypes: true,
  skipLibCheck: true,
  noEmit: true
})
const checker = program.getTypeChecker()
const source = program.getSourceFile(entry)
if (source === undefined) throw new Error(`${entry} is missing: run tsup first`)

const GUARD = "IfInstalled"
const sdkPackage = JSON.parse(readFileSync(new URL("../../sdk/package.json", import.meta.url), "utf8"))

// ---------------------------------------------------------------------------------------------------------------
// Where a declaration lives
// ---------------------------------------------------------------------------------------------------------------

const real = (file) => {
  try {
    return realpathSync(file)
  } catch {
    return file
  }
}
const origin = (declaration) => {
  const file = real(declaration.getSourceFile().fileName).replaceAll("\\", "/")
  if (file === real(entry)) return { kind: "local" }
  const effect = /\/node_modules\/(effect|@effect\/platform)\/dist\/dts\/(.+)\.d\.ts$/.exec(file)
  if (effect !== null) return { kind: "effect", module: `${effect[1]}/${effect[2]}` }
  if (/\/(packages\/(sdk|core)|@effect-imagekit\/(sdk|core))\//.test(file)) return { kind: "ours" }
  if (/\/typescript\/lib\/lib\.[^/]*\.d\.ts$/.test(file)) return { kind: "lib" }
  if (/\/@types\/node\//.test(file)) return { kind: "node" }
  throw new Error(`a type of the adapter's declarations comes from ${file}: add a rule for it`)
}

/** The SDK's public entry points and what each exports, for the types that must stay imports. */
const sdkExports = new Map()
for (const subpath of Object.keys(sdkPackage.exports)) {
  if (subpath === "." || subpath.includes("*") || subpath.endsWith(".json")) continue
  const specifier = `@effect-imagekit/sdk${subpath.slice(1)}`
  const resolved = ts.resolveModuleName(
    specifier,
    entry,
    program.getCompilerOptions(),
    ts.sys,
    undefined,
    undefined,
    ts.ModuleKind.ESNext
  ).resolvedModule
  const file = resolved === undefined ? undefined : program.getSourceFile(resolved.resolvedFileName)
  const moduleSymbol = file === undefined ? undefined : checker.getSymbolAtLocation(file)
  if (moduleSymbol === undefined) continue
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
    if (!sdkExports.has(target)) sdkExports.set(target, `import("${specifier}").${exported.name}`)
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Printing types
// ---------------------------------------------------------------------------------------------------------------

const localNames = new Set(
  source.statements.flatMap((statement) =>
    statement.name && ts.isIdentifier(statement.name) ? [statement.name.text] : []
  )
)
/** Declarations copied from the SDK and core, by symbol: `{ name, text }` (text filled in once printed). */
const hoisted = new Map()
const hoistedOrder = []

const isIdentifier = (name) => /^[A-Za-z_$][\w$]*$/.test(name)
const docOf = (symbol, indent) => {
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim()
  const tags = symbol
    .getJsDocTags(checker)
    .filter((tag) => ["default", "deprecated", "see"].includes(tag.name))
    .map((tag) => `@${tag.name}${tag.text ? ` ${ts.displayPartsToString(tag.text)}` : ""}`)
  const lines = [...(text === "" ? [] : text.split("\n")), ...tags]
  if (lines.length === 0) return ""
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`
  return `${indent}/**\n${lines.map((line) => `${indent} * ${line}`.trimEnd()).join("\n")}\n${indent} */\n`
}

const declarationOf = (symbol) => symbol?.declarations?.[0]

/** A name for a copied declaration that shadows nothing the file already uses. */
const freeName = (declaredName) => {
  // A declaration bundler's renaming (`FileSource$1`) is not part of the name.
  const name = declaredName.replace(/\$\d+$/, "")
  const used = (candidate) =>
    localNames.has(candidate) ||
    [...hoisted.values()].some((entry) => entry.name === candidate) ||
    checker.resolveName(candidate, source.endOfFileToken, ts.SymbolFlags.Type | ts.SymbolFlags.Value, false) !==
      undefined
  if (!used(name)) return name
  for (let n = 1; ; n++) if (!used(`ImageKit${name}${n === 1 ? "" : n}`)) return `ImageKit${name}${n === 1 ? "" : n}`
}

const isBrand = (type) => {
  const declaration = declarationOf(type.symbol) ?? declarationOf(type.aliasSymbol)
  if (declaration === undefined) return false
  const where = origin(declaration)
  return where.kind === "effect" && where.module === "effect/Brand"
}

const ctxDefault = { guarded: false, indent: "" }

const print = (type, ctx = ctxDefault, self = undefined) => {
  const flags = type.flags
  if (flags & ts.TypeFlags.Any) return "any"
  if (flags & ts.TypeFlags.Unknown) return "unknown"
  if (flags & ts.TypeFlags.Never) return "never"
  if (flags & ts.TypeFlags.String) return "string"
  if (flags & ts.TypeFlags.Number) return "number"
  if (flags & ts.TypeFlags.BigInt) return "bigint"
  if (flags & ts.TypeFlags.Boolean) return "boolean"
  if (flags & ts.TypeFlags.ESSymbol) return "symbol"
  if (flags & ts.TypeFlags.Undefined) return "undefined"
  if (flags & ts.TypeFlags.Null) return "null"
  if (flags & ts.TypeFlags.Void) return "void"
  if (flags & ts.TypeFlags.NonPrimitive) return "object"
  if (flags & ts.TypeFlags.StringLiteral) return JSON.stringify(type.value)
  if (flags & ts.TypeFlags.NumberLiteral) return String(type.value)
  if (flags & ts.TypeFlags.BigIntLiteral) return `${type.value.negative ? "-" : ""}${type.value.base10Value}n`
  if (flags & ts.TypeFlags.BooleanLiteral) return checker.typeToString(type)
  if (flags & ts.TypeFlags.TypeParameter) return type.symbol.name
  if (flags & ts.TypeFlags.UniqueESSymbol) return `typeof ${hoistSymbolConst(type.symbol)}`
  if (flags & ts.TypeFlags.TemplateLiteral) {
    const parts = type.texts.map((text, i) => (i === 0 ? text : `\${${print(type.types[i - 1], ctx)}}${text}`))
    return `\`${parts.join("")}\``
  }

  // Named types first: an alias or an interface keeps its name where it can.
  const named = (type.aliasSymbol ?? type.symbol) === self ? undefined : namedReference(type, ctx)
  if (named !== undefined) return named

  if (flags & ts.TypeFlags.Union) return printUnion(type.types, ctx)
  if (flags & ts.TypeFlags.Intersection) {
    const members = type.types.filter((member) => !isBrand(member))
    if (members.length === 1) return print(members[0], ctx)
    return members.map((member) => parenthesize(print(member, ctx), ["|", "&", "=>"])).join(" & ")
  }
  if (flags & ts.TypeFlags.Object) return printObject(type, ctx, self !== undefined)
  throw new Error(`cannot print the type ${checker.typeToString(type)} (flags ${flags})`)
}

/** Whether `token` occurs in `text` outside brackets, strings and template literals. */
const atTopLevel = (text, token) => {
  let depth = 0
  let quote = ""
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (quote !== "") {
      if (char === "\\") i++
      else if (char === quote) quote = ""
    } else if (char === '"' || char === "'" || char === "`") quote = char
    else if ("{[(<".includes(char)) depth++
    else if ("}])".includes(char) || (char === ">" && text[i - 1] !== "=")) depth--
    else if (depth === 0 && text.startsWith(token, i)) return true
  }
  return false
}
const parenthesize = (text, tokens) => (tokens.some((token) => atTopLevel(text, token)) ? `(${text})` : text)

/** A union with `undefined` and `null` last, `true | false` as `boolean`, and the parentheses it needs. */
const printUnion = (members, ctx) => {
  const hasTrue = members.some((m) => m.flags & ts.TypeFlags.BooleanLiteral && checker.typeToString(m) === "true")
  const hasFalse = members.some((m) => m.flags & ts.TypeFlags.BooleanLiteral && checker.typeToString(m) === "false")
  const printed = []
  for (const member of members) {
    const text =
      hasTrue && hasFalse && member.flags & ts.TypeFlags.BooleanLiteral
        ? "boolean"
        : parenthesize(print(member, ctx), ["=>", "&"])
    if (!printed.includes(text)) printed.push(text)
  }
  const last = ["undefined", "null"].filter((text) => printed.includes(text))
  return [...printed.filter((text) => !last.includes(text)), ...last].join(" | ")
}

const typeArgumentsOf = (type) => {
  if (type.aliasSymbol !== undefined) return type.aliasTypeArguments ?? []
  if (type.flags & ts.TypeFlags.Object && ts.getObjectFlags(type) & ts.ObjectFlags.Reference)
    return checker.getTypeArguments(type)
  return []
}

/**
 * Type arguments without the trailing ones that equal their parameter's default: `Uint8Array<ArrayBufferLike>` and
 * `AsyncIterable<T, any, any>` are what TypeScript 5.6+ prints, and older compilers reject the extra arguments.
 */
const withoutDefaults = (symbol, args) => {
  const params = declarationOf(symbol)?.typeParameters ?? []
  let length = args.length
  while (length > 0) {
    const param = params[length - 1]
    if (param?.default === undefined || checker.getTypeFromTypeNode(param.default) !== args[length - 1]) break
    length--
  }
  return args.slice(0, length)
}

/** Prints a named type by name (lib, Node, Effect, or a copied declaration), or undefined to expand it. */
const namedReference = (type, ctx) => {
  const symbol = type.aliasSymbol ?? type.symbol
  const declaration = declarationOf(symbol)
  if (declaration === undefined || symbol === undefined) return undefined
  // Type literals and mapped types (a Schema's `Struct`) have no name to keep.
  if (type.aliasSymbol === undefined && ts.getObjectFlags(type) & (ts.ObjectFlags.Anonymous | ts.ObjectFlags.Mapped))
    return undefined
  const where = origin(declaration)
  const args = withoutDefaults(symbol, typeArgumentsOf(type))
  const printedArgs = (inner) => (args.length === 0 ? "" : `<${args.map((arg) => print(arg, inner)).join(", ")}>`)
  switch (where.kind) {
    case "local":
      return `${symbol.name}${printedArgs(ctx)}`
    case "lib": {
      if (checker.isArrayType(type)) {
        const element = print(args[0], ctx)
        return symbol.name === "ReadonlyArray" ? `ReadonlyArray<${element}>` : `Array<${element}>`
      }
      if (checker.isTupleType(type)) return undefined
      return `${symbol.name}${printedArgs(ctx)}`
    }
    case "node":
      return checker.typeToString(
        type,
        source.endOfFileToken,
        ts.TypeFormatFlags.UseFullyQualifiedType | ts.TypeFormatFlags.NoTruncation
      )
    case "effect": {
      if (where.module === "effect/Brand") return undefined
      // Aliases are expanded (an alias of Effect's, like DurationInput, is mostly plain types); interfaces and
      // classes stay Effect's own, imported from the optional peer.
      if (type.aliasSymbol !== undefined) return undefined
      if (where.module.includes("/internal/")) throw new Error(`${symbol.name} comes from Effect's internals`)
      const text = `import("${where.module}").${symbol.name}${printedArgs({ ...ctx, guarded: true })}`
      return ctx.guarded ? text : `${GUARD}<${text}>`
    }
    case "ours": {
      const isClass = symbol.flags & ts.SymbolFlags.Class
      if (ctx.guarded || isClass) {
        const exported = sdkExports.get(symbol)
        if (exported !== undefined) {
          const text = `${exported}${printedArgs({ ...ctx, guarded: true })}`
          return ctx.guarded ? text : `${GUARD}<${text}>`
        }
        if (isClass) throw new Error(`the SDK's class ${symbol.name} is in the adapter's types but not exported`)
      }
      // Schema-derived interfaces (`interface File extends Schema.Schema.Type<typeof File> {}`) and aliases are
      // copied as plain declarations.
      if (args.length > 0 && type.aliasSymbol === undefined) return undefined
      return `${hoist(symbol)}${printedArgs(ctx)}`
    }
  }
  return undefined
}

const hoistSymbolConst = (symbol) => {
  const existing = hoisted.get(symbol)
  if (existing !== undefined) return existing.name
  const name = freeName(symbol.name)
  hoisted.set(symbol, { name, text: `declare const ${name}: unique symbol` })
  hoistedOrder.push(symbol)
  return name
}

const hoist = (symbol) => {
  const existing = hoisted.get(symbol)
  if (existing !== undefined) return existing.name
  const name = freeName(symbol.name)
  const entry = { name, text: "" }
  hoisted.set(symbol, entry)
  hoistedOrder.push(symbol)
  entry.text = `${docOf(symbol, "")}${declarationText(symbol, name)}`
  return name
}

/** `interface Name { … }` or `type Name = …` for a declaration of the SDK or core. */
const declarationText = (symbol, name) => {
  const params = (declarationOf(symbol)?.typeParameters ?? []).map((p) => p.getText())
  const head = `${name}${params.length === 0 ? "" : `<${params.join(", ")}>`}`
  const type = checker.getDeclaredTypeOfSymbol(symbol)
  if (symbol.flags & ts.SymbolFlags.TypeAlias) return asInterface(`type ${head} = ${printExpanded(type, ctxDefault)}`)
  return `interface ${head} ${printMembers(type, ctxDefault)}`
}

/** `type X = { … }` reads better, and hovers by name, as `interface X { … }`. */
const asInterface = (text) => {
  const match = /^type ([\w$]+(?:<[^=]*>)?) = (\{[\s\S]*\});?$/.exec(text)
  if (match === null || atTopLevel(match[2], "|") || atTopLevel(match[2], "&") || match[2] === "{}") return text
  return `interface ${match[1]} ${match[2]}`
}

/** A type printed without stopping at its own name (an alias's definition, or a local alias to expand). */
const printExpanded = (type, ctx) => print(type, ctx, type.aliasSymbol ?? type.symbol)

const printObject = (type, ctx, skipName = false) => {
  if (!skipName) {
    const named = namedReference(type, ctx)
    if (named !== undefined) return named
  }
  if (checker.isArrayType(type)) {
    const [element] = checker.getTypeArguments(type)
    const readonly = type.symbol?.name === "ReadonlyArray" || type.target?.symbol?.name === "ReadonlyArray"
    return `${readonly ? "ReadonlyArray" : "Array"}<${print(element, ctx)}>`
  }
  if (checker.isTupleType(type)) {
    const elements = checker.getTypeArguments(type).map((element) => print(element, ctx))
    return `${type.target.readonly ? "readonly " : ""}[${elements.join(", ")}]`
  }
  const properties = checker.getPropertiesOfType(type)
  const calls = type.getCallSignatures()
  if (properties.length === 0 && calls.length === 1 && checker.getIndexInfosOfType(type).length === 0) {
    return printSignature(calls[0], ctx, " =>")
  }
  return printMembers(type, ctx)
}

const printSignature = (signature, ctx, arrow) => {
  const params = signature.getParameters().map((parameter) => {
    const declaration = parameter.valueDeclaration
    const optional = declaration !== undefined && ts.isParameter(declaration) && declaration.questionToken !== undefined
    const rest = declaration !== undefined && ts.isParameter(declaration) && declaration.dotDotDotToken !== undefined
    const type = checker.getTypeOfSymbol(parameter)
    return `${rest ? "..." : ""}${parameter.name}${optional ? "?" : ""}: ${print(type, ctx)}`
  })
  const typeParams = signature.getTypeParameters() ?? []
  const generics = typeParams.length === 0 ? "" : `<${typeParams.map((p) => p.symbol.name).join(", ")}>`
  return `${generics}(${params.join(", ")})${arrow} ${print(signature.getReturnType(), ctx)}`
}

const propertyKey = (property) => {
  const declaration = property.valueDeclaration ?? declarationOf(property)
  if (property.escapedName.startsWith("__@") && declaration?.name && ts.isComputedPropertyName(declaration.name)) {
    const keySymbol = checker.getSymbolAtLocation(declaration.name.expression)
    const target = keySymbol && keySymbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(keySymbol) : keySymbol
    if (target === undefined) throw new Error(`cannot name the key of ${property.name}`)
    return `[${hoistSymbolConst(target)}]`
  }
  return isIdentifier(property.name) ? property.name : JSON.stringify(property.name)
}

const isReadonly = (property) => {
  if (ts.getCheckFlags(property) & ts.CheckFlags.Readonly) return true
  return (property.declarations ?? []).some(
    (declaration) => ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Readonly
  )
}

const printMembers = (type, ctx) => {
  const indent = `${ctx.indent}  `
  const inner = { ...ctx, indent }
  const lines = []
  for (const info of checker.getIndexInfosOfType(type)) {
    lines.push(
      `${indent}${info.isReadonly ? "readonly " : ""}[key: ${print(info.keyType, inner)}]: ${print(info.type, inner)}`
    )
  }
  for (const signature of type.getCallSignatures()) lines.push(`${indent}${printSignature(signature, inner, ":")}`)
  for (const property of checker.getPropertiesOfType(type)) {
    const optional = property.flags & ts.SymbolFlags.Optional
    const propertyType = checker.getTypeOfSymbol(property)
    // Under exactOptionalPropertyTypes an optional property's type carries a "missing" `undefined` (not the
    // `undefined` type itself); `?` already says it.
    const missing = (member) => member.flags & ts.TypeFlags.Undefined && member !== checker.getUndefinedType()
    const text =
      optional && propertyType.flags & ts.TypeFlags.Union && propertyType.aliasSymbol === undefined
        ? printUnion(
            propertyType.types.filter((member) => !missing(member)),
            inner
          )
        : optional && missing(propertyType)
          ? "undefined"
          : print(propertyType, inner)
    lines.push(
      `${docOf(property, indent)}${indent}${isReadonly(property) ? "readonly " : ""}${propertyKey(property)}${optional ? "?" : ""}: ${text}`
    )
  }
  if (lines.length === 0) return "{}"
  return `{\n${lines.join("\n")}\n${ctx.indent}}`
}

// ---------------------------------------------------------------------------------------------------------------
// Rewriting the file
// ---------------------------------------------------------------------------------------------------------------

const imports = new Map()
const isExternalName = (name) => {
  let left = name
  while (ts.isQualifiedName(left)) left = left.left
  return imports.has(left.text)
}

/** Local generic aliases over external types (`type T<S extends Schema.Schema.Any> = Schema.Schema.Type<S>`). */
const expandAtUse = new Set()

for (const statement of source.statements) {
  if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause?.namedBindings
    if (clause && ts.isNamespaceImport(clause)) imports.set(clause.name.text, statement.moduleSpecifier.text)
    else if (clause && ts.isNamedImports(clause))
      for (const element of clause.elements) imports.set(element.name.text, statement.moduleSpecifier.text)
  }
}
for (const statement of source.statements) {
  if (ts.isTypeAliasDeclaration(statement) && statement.typeParameters !== undefined) {
    let external = false
    const visit = (node) => {
      if (ts.isTypeReferenceNode(node) && isExternalName(node.typeName)) external = true
      ts.forEachChild(node, visit)
    }
    visit(statement)
    if (external) expandAtUse.add(statement.name.text)
  }
}

const rewrite = (statement) => {
  const edits = []
  const visit = (node) => {
    if (ts.isTypeReferenceNode(node) || ts.isTypeQueryNode(node) || ts.isExpressionWithTypeArguments(node)) {
      const name = ts.isTypeReferenceNode(node)
        ? node.typeName
        : ts.isTypeQueryNode(node)
          ? node.exprName
          : node.expression
      const external =
        (ts.isTypeReferenceNode(node) && ts.isIdentifier(name) && expandAtUse.has(name.text)) ||
        ((ts.isQualifiedName(name) || ts.isIdentifier(name)) && isExternalName(name))
      if (external) {
        const type = checker.getTypeFromTypeNode(node)
        const expanded =
          ts.isTypeReferenceNode(node) && ts.isIdentifier(name) && expandAtUse.has(name.text)
            ? printExpanded(type, ctxDefault)
            : print(type, ctxDefault)
        edits.push({ start: node.getStart(source), end: node.getEnd(), text: expanded })
        return
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(statement)
  let text = source.text.slice(statement.getFullStart(), statement.getEnd())
  const offset = statement.getFullStart()
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    text = text.slice(0, edit.start - offset) + edit.text + text.slice(edit.end - offset)
  }
  return text
}

// `type CopyFileOptions = ImageKitClient.CopyFileOptions` becomes the copied declaration itself, under the
// adapter's name and with the adapter's docs.
const inPlace = new Map()
for (const statement of source.statements) {
  if (!ts.isTypeAliasDeclaration(statement) || statement.typeParameters !== undefined) continue
  const node = statement.type
  if (!ts.isTypeReferenceNode(node) || node.typeArguments !== undefined || !isExternalName(node.typeName)) continue
  const type = checker.getTypeFromTypeNode(node)
  const symbol = type.aliasSymbol ?? type.symbol
  const declaration = declarationOf(symbol)
  if (declaration === undefined || origin(declaration).kind !== "ours" || symbol.flags & ts.SymbolFlags.Class) continue
  if (hoisted.has(symbol)) continue
  hoisted.set(symbol, { name: statement.name.text, text: "" })
  inPlace.set(statement, symbol)
}

const kept = []
for (const statement of source.statements) {
  if (ts.isImportDeclaration(statement)) continue
  if (ts.isTypeAliasDeclaration(statement) && expandAtUse.has(statement.name.text)) continue
  const symbol = inPlace.get(statement)
  if (symbol !== undefined) {
    const docs = source.text.slice(statement.getFullStart(), statement.getStart(source))
    kept.push(`${docs}${declarationText(symbol, statement.name.text)}`)
    continue
  }
  const text = rewrite(statement)
  kept.push(ts.isTypeAliasDeclaration(statement) ? text.replace(/(type [\s\S]*)$/, (decl) => asInterface(decl)) : text)
}

const body = kept.join("")
const hoistedText = hoistedOrder.map((symbol) => hoisted.get(symbol).text).join("\n")
const output = [
  `${HEADER}: they need no package but for`,
  "// `imagekit.effect` and Effect-typed options, which use the optional peers `effect` and `@effect-imagekit/sdk`.",
  `/** \`T\`, or \`never\` when \`T\` could not be resolved (an optional peer that is not installed). */`,
  `type ${GUARD}<T> = 0 extends 1 & T ? never : T`,
  hoistedText,
  body.trimStart(),
  ""
].join("\n")

// Nothing of the SDK, core or Effect may remain but the optional peers' imports (JSDoc examples aside).
const code = output
  .split("\n")
  .filter((line) => !/^\s*(\*|\/\*\*|\/\/)/.test(line))
  .join("\n")
for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\()["']([^"']+)["']/g)) {
  if (!/^(effect|@effect\/platform|@effect-imagekit\/sdk)(\/|$)/.test(match[1])) {
    throw new Error(`the declarations still import ${match[1]}`)
  }
}
writeFileSync(entry, output)
