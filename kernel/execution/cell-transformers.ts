// The rewrites that turn a checked cell into code that runs against the shared `exports`
// object: the last expression is stored so the kernel can show it, and names from earlier
// cells are read from and written to `exports`, where those cells left them.
import type * as TS from 'typescript';

type Ts = typeof TS;

/** Statements that leave no JavaScript behind; the last expression may come before them. */
function isTypeOnly(ts: Ts, s: TS.Statement): boolean {
  if (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isEmptyStatement(s) || ts.isExportDeclaration(s)) return true;
  return ts.canHaveModifiers(s) && (ts.getModifiers(s) ?? []).some((m) => m.kind === ts.SyntaxKind.DeclareKeyword);
}

/** The names bound by the cell's top-level `let` and `var` statements, with their symbols. */
function topLevelMutableBindings(ts: Ts, checker: TS.TypeChecker, cell: TS.SourceFile): Map<TS.Identifier, TS.Symbol> {
  const out = new Map<TS.Identifier, TS.Symbol>();
  const add = (name: TS.BindingName) => {
    if (ts.isIdentifier(name)) {
      const symbol = checker.getSymbolAtLocation(name);
      if (symbol) out.set(name, symbol);
    } else for (const e of name.elements) if (!ts.isOmittedExpression(e)) add(e.name);
  };
  for (const s of cell.statements) {
    if (ts.isVariableStatement(s) && !(s.declarationList.flags & ts.NodeFlags.Const)) for (const d of s.declarationList.declarations) add(d.name);
  }
  return out;
}

/**
 * Transformers for one cell's emit.
 * @param cell - the cell's file; other files (local modules) are left alone.
 * @param decl - the declarations of earlier cells, already bound.
 * @param lastName - the export that receives the cell's last expression.
 * @param onLast - told when the cell ends with an expression.
 */
export function cellTransformers(ts: Ts, checker: TS.TypeChecker, cell: TS.SourceFile, decl: TS.SourceFile, lastName: string, onLast: () => void): TS.CustomTransformers {
  const f = ts.factory;
  const cellPath = cell.fileName;
  const earlier = new Set<string>();
  (decl as { locals?: Map<string, unknown> }).locals?.forEach((_, key) => earlier.add(ts.unescapeLeadingUnderscores(key as TS.__String)));
  const fromEarlierCell = (symbol: TS.Symbol | undefined) => symbol?.declarations?.some((d) => d.getSourceFile() === decl) ?? false;
  // The cell's own top-level let and var bindings live on `exports` too, read there even by its
  // functions: a later cell that assigns one (exports.lr = 0.5) changes what they see.
  const mutable = topLevelMutableBindings(ts, checker, cell);
  const mutableNames = new Set([...mutable.keys()].map((n) => ts.idText(n)));
  const symbols = new Set(mutable.values());
  const ownMutable = (original: TS.Node) => !mutable.has(original as TS.Identifier) && symbols.has(checker.getSymbolAtLocation(original)!);
  const fromExports = (name: string, range: TS.Node) => ts.setTextRange(f.createPropertyAccessExpression(f.createIdentifier('exports'), name), range);

  const storeLastExpression: TS.TransformerFactory<TS.SourceFile> = () => (file) => {
    if (file.fileName !== cellPath) return file;
    const statements = file.statements;
    let i = statements.length - 1;
    while (i >= 0 && isTypeOnly(ts, statements[i])) i--;
    const last = statements[i];
    if (!last || !ts.isExpressionStatement(last)) return file;
    onLast();
    const store = f.createVariableStatement(
      [f.createModifier(ts.SyntaxKind.ExportKeyword)],
      f.createVariableDeclarationList([f.createVariableDeclaration(lastName, undefined, undefined, last.expression)], ts.NodeFlags.Const),
    );
    return f.updateSourceFile(file, [...statements.slice(0, i), ts.setTextRange(store, last), ...statements.slice(i + 1)]);
  };

  const readEarlierNames: TS.TransformerFactory<TS.SourceFile> = (context) => {
    const visit = (node: TS.Node): TS.Node => {
      if (ts.isIdentifier(node)) {
        const name = ts.idText(node);
        if (!earlier.has(name) && !mutableNames.has(name)) return node;
        const original = ts.getParseTreeNode(node);
        if (!original) return node;
        return fromEarlierCell(checker.getSymbolAtLocation(original)) || (mutableNames.has(name) && ownMutable(original)) ? fromExports(name, node) : node;
      }
      if (ts.isShorthandPropertyAssignment(node) && earlier.has(ts.idText(node.name))) {
        // `{ x }` with x from an earlier cell becomes `{ x: exports.x }`.
        const original = ts.getParseTreeNode(node);
        if (original && ts.isShorthandPropertyAssignment(original) && fromEarlierCell(checker.getShorthandAssignmentValueSymbol(original))) {
          return ts.setTextRange(f.createPropertyAssignment(node.name, fromExports(ts.idText(node.name), node.name)), node);
        }
        return node;
      }
      if (ts.isPropertyAccessExpression(node)) {
        return f.updatePropertyAccessExpression(node, ts.visitNode(node.expression, visit) as TS.Expression, node.name);
      }
      return ts.visitEachChild(node, visit, context);
    };
    return (file) => (file.fileName === cellPath && (earlier.size > 0 || mutable.size > 0) ? (ts.visitEachChild(file, visit, context) as TS.SourceFile) : file);
  };

  // Earlier cells' declarations are plain declarations, not module exports.
  const dropExportLists: TS.TransformerFactory<TS.SourceFile | TS.Bundle> = () => (node) =>
    ts.isSourceFile(node) ? f.updateSourceFile(node, node.statements.filter((s) => !ts.isExportDeclaration(s))) : node;

  return { before: [storeLastExpression], after: [readEarlierNames], afterDeclarations: [dropExportLists] };
}
