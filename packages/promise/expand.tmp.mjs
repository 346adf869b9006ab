import ts from "typescript"
const file = process.cwd() + "/dist/index.d.ts"
const program = ts.createProgram([file], { strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true, noEmit: true })
const checker = program.getTypeChecker()
const sf = program.getSourceFile(file)
const mod = checker.getSymbolAtLocation(sf)
const flags = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.InTypeAlias | ts.TypeFormatFlags.MultilineObjectLiterals
const want = process.argv.slice(2)
for (const sym of checker.getExportsOfModule(mod)) {
  if (!want.includes(sym.name)) continue
  let s = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym
  let t = checker.getDeclaredTypeOfSymbol(s)
  const decl = s.declarations[0]
  if (ts.isTypeAliasDeclaration(decl)) { t = checker.getTypeFromTypeNode(decl.type) ; const ref = decl.type; const rs = checker.getSymbolAtLocation(ts.isTypeReferenceNode(ref)? ref.typeName : ref); if (rs) { const a = rs.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(rs): rs; console.log("-> ", a.declarations?.[0]?.getSourceFile().fileName); console.log(a.declarations?.[0]?.getText()?.slice(0,3000)) } }
  console.log("==", sym.name, "\n", checker.typeToString(t, sf, flags).slice(0, 4000))
  for (const p of t.getProperties?.() ?? []) console.log("   ", p.name, checker.typeToString(checker.getTypeOfSymbolAtLocation(p, sf), sf, flags).slice(0,400))
}
