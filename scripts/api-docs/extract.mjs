// Reads the exports of one public module: for each, its declarations printed without bodies, its JSDoc, and for a
// class its public members.

import path from "node:path"
import ts from "typescript"
import { emptyDoc, mergeDocs, parseComment } from "./jsdoc.mjs"
import { compareText } from "./workspace.mjs"

/**
 * @typedef {import("./jsdoc.mjs").Doc} Doc
 * @typedef {{ readonly name: string, readonly signature: string, readonly doc: Doc }} Member
 * @typedef {{
 *   readonly name: string,
 *   readonly kind: string,
 *   readonly signature: string,
 *   readonly doc: Doc,
 *   readonly members: ReadonlyArray<Member>,
 *   readonly module: import("./workspace.mjs").PublicModule | undefined,
 *   readonly declaredAs: string | undefined,
 *   readonly internals: ReadonlyArray<Internal>
 * }} Entry
 *   `module` is set for a namespace re-export (`export * as Url from "./Url.js"`); `declaredAs` when the
 *   declaration has another name than the export; `internals` are the declarations of internal modules that the
 *   signature refers to (`export type Reason = internal.Reason`), which have no page of their own.
 * @typedef {{ readonly label: string, readonly file: string, readonly signature: string }} Internal
 * @typedef {{
 *   readonly modulesByFile: ReadonlyMap<string, import("./workspace.mjs").PublicModule>,
 *   readonly documented: ReadonlySet<ts.Declaration>,
 *   readonly packages: ReadonlyArray<import("./workspace.mjs").Package>,
 *   readonly root: string
 * }} Context
 * @typedef {{
 *   readonly doc: Doc,
 *   readonly entries: ReadonlyArray<Entry>,
 *   readonly hasHeader: boolean,
 *   readonly declarationFiles: ReadonlySet<ts.SourceFile>
 * }} ModuleDocs
 *   `declarationFiles`: the files the exports are declared in.
 */

const TYPE_FLAGS =
  ts.NodeBuilderFlags.NoTruncation |
  ts.NodeBuilderFlags.UseStructuralFallback |
  ts.NodeBuilderFlags.GenerateNamesForShadowedTypeParams |
  ts.NodeBuilderFlags.AllowEmptyTuple |
  ts.NodeBuilderFlags.WriteClassExpressionAsTypeLiteral

/** Object types longer than this on one line are printed one member a line. */
const SINGLE_LINE_MAX = 60

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed })

/** The comment ranges of the module's own JSDoc, by file. */
const moduleComments = new WeakMap()

/**
 * The file's top JSDoc: the first `/** … *\/` before the first statement when another comment follows it, or when
 * the first statement is not a declaration it could document (an import, `export {}`).
 *
 * @param {ts.SourceFile} sourceFile
 * @returns {ts.CommentRange | undefined}
 */
const moduleComment = (sourceFile) => {
  if (moduleComments.has(sourceFile)) return moduleComments.get(sourceFile)
  const first = sourceFile.statements[0]
  const comments = (ts.getLeadingCommentRanges(sourceFile.text, first?.pos ?? 0) ?? []).filter((range) =>
    sourceFile.text.startsWith("/**", range.pos)
  )
  let found
  const top = comments[0]
  if (top !== undefined) {
    const emptyExport =
      first !== undefined &&
      ts.isExportDeclaration(first) &&
      first.moduleSpecifier === undefined &&
      first.exportClause !== undefined &&
      ts.isNamedExports(first.exportClause) &&
      first.exportClause.elements.length === 0
    const undocumentable = first === undefined || ts.isImportDeclaration(first) || ts.isImportEqualsDeclaration(first)
    if (comments.length > 1 || undocumentable || emptyExport) found = top
  }
  moduleComments.set(sourceFile, found)
  return found
}

/**
 * @param {ts.SourceFile} sourceFile
 * @returns {{ doc: Doc, found: boolean }}
 */
export const moduleDoc = (sourceFile) => {
  const comment = moduleComment(sourceFile)
  return comment === undefined
    ? { doc: emptyDoc, found: false }
    : { doc: parseComment(sourceFile, comment.pos, comment.end), found: true }
}

/**
 * The JSDoc right above `node` (not the module's).
 *
 * @param {ts.Node} node
 * @returns {Doc | undefined}
 */
const docOf = (node) => {
  const sourceFile = node.getSourceFile()
  const top = moduleComment(sourceFile)
  const jsDocs = ts.getJSDocCommentsAndTags(node).filter((d) => ts.isJSDoc(d) && d.pos !== top?.pos)
  const last = jsDocs[jsDocs.length - 1]
  return last === undefined ? undefined : parseComment(sourceFile, last.pos, last.end)
}

/**
 * `text` with its continuation lines moved `from` columns left and `to` right.
 *
 * @param {string} text
 * @param {number} from
 * @param {string} to
 */
const reindent = (text, from, to) =>
  text
    .split("\n")
    .map((line, index) => {
      if (index === 0) return to + line
      const cut = Math.min(from, line.length - line.trimStart().length)
      return line.trim() === "" ? "" : to + line.slice(cut)
    })
    .join("\n")

/** The printer indents by 4; the house style (and these pages) by 2. */
const halveIndent = (/** @type {string} */ text) =>
  text.replace(/^( +)/gm, (spaces) => " ".repeat(Math.floor(spaces.length / 2)))

/**
 * An inferred type, printed as declaration files print it; small object types stay on one line.
 *
 * @param {ts.TypeChecker} checker
 * @param {ts.Type} type
 * @param {ts.Node} where
 */
const typeText = (checker, type, where) => {
  const node = checker.typeToTypeNode(type, where, TYPE_FLAGS)
  if (node === undefined) return checker.typeToString(type, where, ts.TypeFormatFlags.NoTruncation)
  const sourceFile = where.getSourceFile()
  const print = (/** @type {ts.Node} */ n) => printer.printNode(ts.EmitHint.Unspecified, n, sourceFile)
  // Inner types first: an object type holding a multi-line one is multi-line too.
  const spread = (/** @type {ts.Node} */ n) => {
    ts.forEachChild(n, spread)
    if (ts.isTypeLiteralNode(n)) {
      const text = print(n)
      if (text.includes("\n") || text.length > SINGLE_LINE_MAX) {
        ts.setEmitFlags(n, ts.getEmitFlags(n) & ~ts.EmitFlags.SingleLine)
      }
    }
  }
  spread(node)
  return halveIndent(print(node)).replace(/;(?=\n| \})/g, "")
}

/**
 * The text of `node` from its first token (after its JSDoc) to `end`.
 *
 * @param {ts.Node} node
 * @param {number} end
 */
const textUpTo = (node, end) => {
  const sourceFile = node.getSourceFile()
  return sourceFile.text.slice(node.getStart(sourceFile), end).trim()
}

/**
 * The declaration from its keyword on, without `export`, `default` and `declare`.
 *
 * @param {ts.Node} node
 * @param {number} end
 */
const afterModifiers = (node, end) => {
  const sourceFile = node.getSourceFile()
  const modifiers = ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []) : []
  const kept = modifiers
    .filter(
      (m) => ![ts.SyntaxKind.ExportKeyword, ts.SyntaxKind.DefaultKeyword, ts.SyntaxKind.DeclareKeyword].includes(m.kind)
    )
    .map((m) => m.getText(sourceFile))
  const last = modifiers[modifiers.length - 1]
  const start = last === undefined ? node.getStart(sourceFile) : last.end
  return [...kept, sourceFile.text.slice(start, end).trim()].join(" ")
}

/**
 * @param {ts.TypeChecker} checker
 * @param {ts.SignatureDeclaration & { body?: ts.Node | undefined }} node
 * @param {string} text the signature text up to the body
 */
const withReturnType = (checker, node, text) => {
  if (node.type !== undefined || ts.isConstructorDeclaration(node) || ts.isSetAccessorDeclaration(node)) return text
  const signature = checker.getSignatureFromDeclaration(node)
  if (signature === undefined) return text
  return `${text}: ${typeText(checker, checker.getReturnTypeOfSignature(signature), node)}`
}

/**
 * Overload signatures, not the implementation.
 *
 * @template {ts.Node & { body?: ts.Node | undefined }} N
 * @param {ReadonlyArray<N>} nodes
 */
const withoutImplementation = (nodes) =>
  nodes.some((n) => n.body === undefined) ? nodes.filter((n) => n.body === undefined) : nodes

/**
 * @param {ts.ClassElement} member
 */
const isPublicMember = (member) => {
  if (ts.isClassStaticBlockDeclaration(member) || ts.isSemicolonClassElement(member)) return false
  if (member.name !== undefined && ts.isPrivateIdentifier(member.name)) return false
  const flags = ts.getCombinedModifierFlags(/** @type {ts.Declaration} */ (member))
  if (flags & ts.ModifierFlags.Private) return false
  return !(docOf(member)?.internal ?? false)
}

/**
 * One class member without its body or initializer.
 *
 * @param {ts.TypeChecker} checker
 * @param {ts.ClassElement} member
 */
const memberSignature = (checker, member) => {
  if (ts.isPropertyDeclaration(member)) {
    const end = (member.type ?? member.exclamationToken ?? member.questionToken ?? member.name).end
    const text = textUpTo(member, end)
    if (member.type !== undefined) return text
    return `${text}: ${typeText(checker, checker.getTypeAtLocation(member.name), member)}`
  }
  if (
    ts.isMethodDeclaration(member) ||
    ts.isConstructorDeclaration(member) ||
    ts.isGetAccessorDeclaration(member) ||
    ts.isSetAccessorDeclaration(member)
  ) {
    const text = textUpTo(member, member.body === undefined ? member.end : member.body.getStart())
    return withReturnType(checker, member, text.replace(/;$/, ""))
  }
  return textUpTo(member, member.end)
}

/**
 * A class: its header as written (the `extends` clause of `Schema.TaggedError` & co. carries the fields) and its
 * public members without bodies; and each member with its own doc.
 *
 * @param {ts.TypeChecker} checker
 * @param {ts.ClassDeclaration} node
 * @returns {{ signature: string, members: Array<Member> }}
 */
const classSignature = (checker, node) => {
  const sourceFile = node.getSourceFile()
  const open = node.members.pos - 1
  const header = `export declare ${afterModifiers(node, open)}`
  /** @type {Map<string, Array<ts.ClassElement>>} */
  const byName = new Map()
  for (const member of node.members.filter(isPublicMember)) {
    const isStatic =
      ts.canHaveModifiers(member) && (ts.getModifiers(member) ?? []).some((m) => m.kind === ts.SyntaxKind.StaticKeyword)
    const name = ts.isConstructorDeclaration(member)
      ? "constructor"
      : member.name === undefined
        ? member.getText(sourceFile)
        : member.name.getText(sourceFile)
    const key = `${isStatic ? "static " : ""}${ts.isGetAccessorDeclaration(member) || ts.isSetAccessorDeclaration(member) ? "accessor " : ""}${name}`
    byName.set(key, [...(byName.get(key) ?? []), member])
  }
  /** @type {Array<Member>} */
  const members = []
  const lines = []
  for (const group of byName.values()) {
    const shown = withoutImplementation(/** @type {Array<ts.ClassElement & { body?: ts.Node }>} */ (group))
    const signatures = shown.map((member) => {
      const column = sourceFile.getLineAndCharacterOfPosition(member.getStart(sourceFile)).character
      return reindent(memberSignature(checker, member), column, "")
    })
    for (const signature of signatures) lines.push(reindent(signature, 0, "  "))
    const first = group[0]
    const doc = mergeDocs(group.map((member) => docOf(member) ?? emptyDoc))
    if (first !== undefined && (doc.description !== "" || doc.examples.length > 0)) {
      const name = ts.isConstructorDeclaration(first) ? "constructor" : (first.name?.getText(sourceFile) ?? "")
      members.push({ name, signature: signatures.join("\n"), doc })
    }
  }
  const signature = lines.length === 0 ? `${header} {}` : `${header} {\n${lines.join("\n")}\n}`
  return { signature, members }
}

/**
 * The type of `(a: A, b = 1 as B): R => …` as written, `(a: A, b?: B) => R`, laid out as the source is; `undefined`
 * when a parameter or the result has no annotation (the checker prints the type then).
 *
 * @param {ts.Expression | undefined} initializer
 */
const functionType = (initializer) => {
  if (initializer === undefined || !(ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer))) {
    return undefined
  }
  const { parameters, type, typeParameters } = initializer
  if (type === undefined || parameters.some((p) => p.type === undefined)) return undefined
  const sourceFile = initializer.getSourceFile()
  const text = (/** @type {ts.Node} */ node) => reindent(node.getText(sourceFile), 0, "")
  const params = parameters.map(
    (p) =>
      `${p.dotDotDotToken === undefined ? "" : "..."}${text(p.name)}${p.questionToken !== undefined || p.initializer !== undefined ? "?" : ""}: ${p.type === undefined ? "unknown" : text(p.type)}`
  )
  const first = parameters[0]
  const multiline =
    first !== undefined &&
    sourceFile.getLineAndCharacterOfPosition(first.getStart(sourceFile)).line !==
      sourceFile.getLineAndCharacterOfPosition(parameters.pos).line
  const generics = typeParameters === undefined ? "" : `<${typeParameters.map(text).join(", ")}>`
  const list = multiline ? `(\n${params.map((p) => reindent(p, 0, "  ")).join(",\n")}\n)` : `(${params.join(", ")})`
  return `${generics}${list} => ${text(type)}`
}

/**
 * @param {ts.TypeChecker} checker
 * @param {ts.Declaration} node
 * @returns {{ kind: string, signature: string | undefined, members: Array<Member> }}
 */
const declarationSignature = (checker, node) => {
  const sourceFile = node.getSourceFile()
  const exported = (/** @type {string} */ text) => `export ${text}`
  if (ts.isInterfaceDeclaration(node)) {
    return { kind: "interface", signature: exported(afterModifiers(node, node.end)), members: [] }
  }
  if (ts.isTypeAliasDeclaration(node)) {
    return { kind: "type alias", signature: exported(afterModifiers(node, node.end)), members: [] }
  }
  if (ts.isEnumDeclaration(node) || ts.isModuleDeclaration(node)) {
    return {
      kind: ts.isEnumDeclaration(node) ? "enum" : "namespace",
      signature: `export declare ${afterModifiers(node, node.end)}`,
      members: []
    }
  }
  if (ts.isClassDeclaration(node)) return { kind: "class", ...classSignature(checker, node) }
  if (ts.isFunctionDeclaration(node)) {
    const symbol = node.name === undefined ? undefined : checker.getSymbolAtLocation(node.name)
    const overloads = (symbol?.declarations ?? []).filter(ts.isFunctionDeclaration)
    if (node.body !== undefined && overloads.some((d) => d.body === undefined)) {
      return { kind: "function", signature: undefined, members: [] }
    }
    const text = afterModifiers(node, node.body === undefined ? node.end : node.body.getStart(sourceFile))
    return {
      kind: "function",
      signature: `export declare ${withReturnType(checker, node, text.replace(/;$/, ""))}`,
      members: []
    }
  }
  if (ts.isVariableDeclaration(node)) {
    const list = node.parent
    const keyword = ts.isVariableDeclarationList(list)
      ? list.flags & ts.NodeFlags.Const
        ? "const"
        : list.flags & ts.NodeFlags.Let
          ? "let"
          : "var"
      : "const"
    const type =
      node.type === undefined
        ? (functionType(node.initializer) ?? typeText(checker, checker.getTypeAtLocation(node.name), node))
        : reindent(node.type.getText(sourceFile), 0, "")
    return {
      kind: "constant",
      signature: `export declare ${keyword} ${node.name.getText(sourceFile)}: ${type}`,
      members: []
    }
  }
  if (ts.isExportAssignment(node)) return { kind: "default", signature: textUpTo(node, node.end), members: [] }
  return { kind: "declaration", signature: textUpTo(node, node.end), members: [] }
}

/**
 * The statement that exports a re-exported name (`export { a } from`, `export * as a from`, `export default a`),
 * whose JSDoc documents it when the declaration has none.
 *
 * @param {ts.Declaration | undefined} site
 */
const exportStatement = (site) => {
  if (site === undefined) return undefined
  if (ts.isExportSpecifier(site)) return site.parent.parent
  if (ts.isNamespaceExport(site)) return site.parent
  if (ts.isExportAssignment(site)) return site
  return undefined
}

/**
 * The symbols a module exports, each with the symbol it stands for.
 *
 * @param {ts.TypeChecker} checker
 * @param {ts.SourceFile} sourceFile
 */
const exportsOf = (checker, sourceFile) => {
  const symbol = checker.getSymbolAtLocation(sourceFile)
  return (symbol === undefined ? [] : checker.getExportsOfModule(symbol)).map((exported) => ({
    exported,
    target: exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
  }))
}

/**
 * Every declaration that some public module exports (and so is documented on some page).
 *
 * @param {ts.Program} program
 * @param {ReadonlyArray<import("./workspace.mjs").PublicModule>} modules
 * @returns {Set<ts.Declaration>}
 */
export const documentedDeclarations = (program, modules) => {
  const checker = program.getTypeChecker()
  /** @type {Set<ts.Declaration>} */
  const documented = new Set()
  for (const mod of modules) {
    const sourceFile = program.getSourceFile(mod.file)
    if (sourceFile === undefined) continue
    for (const { target } of exportsOf(checker, sourceFile)) {
      for (const declaration of target.declarations ?? []) documented.add(declaration)
    }
  }
  return documented
}

/**
 * The declarations in internal modules (no page of their own) that the types of `declarations` name: the target of
 * `export type Reason = internal.Reason`, `export const E: typeof internal.E`, `interface A extends internal.B`.
 *
 * @param {ts.TypeChecker} checker
 * @param {ReadonlyArray<ts.Declaration>} declarations
 * @param {Context} context
 * @returns {Array<Internal>}
 */
const internalReferences = (checker, declarations, context) => {
  /** @type {Map<ts.Declaration, string>} */
  const found = new Map()
  // Helpers next to the declaration (promise's `type T<S> = Schema.Schema.Type<S>`) are not internal modules.
  const ownFiles = new Set(declarations.map((declaration) => declaration.getSourceFile().fileName))
  const isInternal = (/** @type {ts.Declaration} */ declaration) => {
    const file = declaration.getSourceFile().fileName
    return (
      !ownFiles.has(file) &&
      !context.documented.has(declaration) &&
      !context.modulesByFile.has(file) &&
      context.packages.some((pkg) => file.startsWith(`${pkg.root}/src/`))
    )
  }
  const visit = (/** @type {ts.Node} */ node) => {
    const name = ts.isTypeReferenceNode(node)
      ? node.typeName
      : ts.isTypeQueryNode(node)
        ? node.exprName
        : ts.isExpressionWithTypeArguments(node)
          ? node.expression
          : undefined
    if (name !== undefined) {
      const last = ts.isQualifiedName(name) ? name.right : ts.isPropertyAccessExpression(name) ? name.name : name
      const referenced = checker.getSymbolAtLocation(last)
      const symbol =
        referenced !== undefined && referenced.flags & ts.SymbolFlags.Alias
          ? checker.getAliasedSymbol(referenced)
          : referenced
      if (symbol !== undefined && !(symbol.flags & ts.SymbolFlags.TypeParameter)) {
        for (const declaration of symbol.declarations ?? []) {
          if (isInternal(declaration) && !found.has(declaration)) found.set(declaration, name.getText())
        }
      }
    }
    ts.forEachChild(node, visit)
  }
  for (const declaration of declarations) {
    if (ts.isTypeAliasDeclaration(declaration)) visit(declaration.type)
    else if (ts.isVariableDeclaration(declaration) && declaration.type !== undefined) visit(declaration.type)
    else if (ts.isInterfaceDeclaration(declaration)) {
      for (const clause of declaration.heritageClauses ?? []) clause.types.forEach(visit)
    }
  }
  return [...found].flatMap(([declaration, label]) => {
    const { signature } = declarationSignature(checker, declaration)
    const file = path.relative(context.root, declaration.getSourceFile().fileName).split(path.sep).join("/")
    return signature === undefined ? [] : [{ label, file, signature }]
  })
}

/**
 * @param {ts.Program} program
 * @param {import("./workspace.mjs").PublicModule} mod
 * @param {Context} context
 * @returns {ModuleDocs}
 */
export const readModule = (program, mod, context) => {
  const checker = program.getTypeChecker()
  const sourceFile = program.getSourceFile(mod.file)
  if (sourceFile === undefined) throw new Error(`${mod.rel} is not in the program`)
  const header = moduleDoc(sourceFile)
  /** @type {Array<Entry>} */
  const entries = []
  /** @type {Set<ts.SourceFile>} */
  const declarationFiles = new Set()
  for (const { exported, target } of exportsOf(checker, sourceFile)) {
    const name = exported.getName()
    const site = exported.declarations?.[0]
    const statement = exportStatement(site)
    const siteDoc = statement === undefined ? undefined : docOf(statement)
    const targetModule = target.valueDeclaration
    if (targetModule !== undefined && ts.isSourceFile(targetModule)) {
      entries.push({
        name,
        kind: "namespace",
        signature: statement === undefined ? `export * as ${name}` : textUpTo(statement, statement.end),
        doc: siteDoc ?? emptyDoc,
        members: [],
        module: context.modulesByFile.get(targetModule.fileName),
        declaredAs: undefined,
        internals: []
      })
      continue
    }
    if (site !== undefined && ts.isExportAssignment(site)) {
      // `export default ImageKit`: the page documents `ImageKit` itself; this entry points at it.
      const targetDoc = mergeDocs((target.declarations ?? []).map((d) => docOf(d) ?? emptyDoc))
      entries.push({
        name,
        kind: "default",
        signature: textUpTo(site, site.end),
        doc: mergeDocs([siteDoc ?? emptyDoc, { ...targetDoc, description: "", examples: [], tags: [] }]),
        members: [],
        module: undefined,
        declaredAs: target.getName(),
        internals: []
      })
      continue
    }
    const declarations = [...(target.declarations ?? [])].sort((a, b) => {
      const fa = a.getSourceFile().fileName
      const fb = b.getSourceFile().fileName
      return fa === fb ? a.pos - b.pos : compareText(fa, fb)
    })
    for (const declaration of declarations) declarationFiles.add(declaration.getSourceFile())
    const printed = declarations.map((d) => declarationSignature(checker, d))
    const signatures = printed.flatMap((p) => (p.signature === undefined ? [] : [p.signature]))
    const kinds = [...new Set(printed.map((p) => p.kind))]
    const docs = declarations.map((d) => docOf(d))
    const doc = mergeDocs([...docs.map((d) => d ?? emptyDoc), siteDoc ?? emptyDoc])
    const declaredName = target.getName()
    entries.push({
      name,
      kind: kinds.length === 1 ? (kinds[0] ?? "") : "",
      signature: signatures.join("\n\n"),
      doc,
      members: printed.flatMap((p) => p.members),
      module: undefined,
      declaredAs: declaredName !== name && declaredName !== "default" ? declaredName : undefined,
      internals: internalReferences(checker, declarations, context)
    })
  }
  entries.sort((a, b) => compareText(a.name, b.name))
  return { doc: header.doc, entries, hasHeader: header.found, declarationFiles }
}
