// What later cells know about earlier ones: a declarations file that grows cell by cell. A
// cell's own declarations are appended; earlier ones it replaces (same name, same meaning) go.
import type * as TS from 'typescript';
import { CELL_PREFIX } from './cell-program';

type Ts = typeof TS;
type Locals = Map<TS.__String, TS.Symbol>;

/** A name's meanings: a value (variable, function, class) and/or a type or namespace. */
interface Meaning {
  value: boolean;
  type: boolean;
}

/**
 * The names a cell declares at its top level, found by parsing and binding the cell alone
 * (cheap next to a program). `toExport` are those the compiler must export so that later cells
 * can read them; the others (`export const x`) the cell exports itself.
 */
export function topLevelNames(ts: Ts, source: string, target: TS.ScriptTarget): { toExport: string[]; declaresAny: boolean } {
  const probe = ts.createSourceFile('__probe__.ts', CELL_PREFIX + source, target);
  (ts as unknown as { bindSourceFile(f: TS.SourceFile, o: TS.CompilerOptions): void }).bindSourceFile(probe, {});
  const toExport: string[] = [];
  (probe as { locals?: Locals }).locals?.forEach((symbol, key) => {
    if (!(symbol as { exportSymbol?: TS.Symbol }).exportSymbol) toExport.push(ts.unescapeLeadingUnderscores(key));
  });
  const exported = (probe as { symbol?: { exports?: Map<unknown, unknown> } }).symbol?.exports?.size ?? 0;
  return { toExport, declaresAny: toExport.length > 0 || exported > 0 };
}

function meaningOf(ts: Ts, checker: TS.TypeChecker, symbol: TS.Symbol | undefined): Meaning {
  if (!symbol) return { value: false, type: false };
  // In a declarations file that is a module, every declaration is implicitly exported and its
  // local symbol carries no meaning of its own.
  symbol = checker.getExportSymbolOfSymbol(symbol);
  const flags = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol).flags : symbol.flags;
  return { value: (flags & ts.SymbolFlags.Value) !== 0, type: (flags & (ts.SymbolFlags.Type | ts.SymbolFlags.Namespace)) !== 0 };
}

/**
 * The declarations file for the next cell: earlier declarations the cell did not replace,
 * then the cell's own (`cellDeclarations`, its emitted .d.ts).
 * @param decl - the current declarations file, bound by the checker.
 * @param cell - the cell's file, bound by the checker.
 */
export function nextDeclarations(ts: Ts, checker: TS.TypeChecker, decl: TS.SourceFile, cell: TS.SourceFile, cellDeclarations: string): string {
  const cellLocals = (cell as { locals?: Locals }).locals;
  const declLocals = (decl as { locals?: Locals }).locals;
  const replaced = (name: string): Meaning => meaningOf(ts, checker, cellLocals?.get(ts.escapeLeadingUnderscores(name)));
  const earlier = (name: string): Meaning => meaningOf(ts, checker, declLocals?.get(ts.escapeLeadingUnderscores(name)));
  const overlaps = (a: Meaning, b: Meaning) => (a.value && b.value) || (a.type && b.type);
  const text = (node: TS.Node) => node.getText(decl);
  const kept: string[] = [];
  // Values whose declaration had to go because the cell replaced only their type.
  const untyped = new Set<string>();

  for (const s of decl.statements) {
    if (ts.isExportDeclaration(s) || ts.isExportAssignment(s)) continue;
    if (ts.isVariableStatement(s)) {
      const keep = s.declarationList.declarations.filter((d) => !ts.isIdentifier(d.name) || !replaced(ts.idText(d.name)).value);
      if (keep.length === s.declarationList.declarations.length) kept.push(fullText(decl, s));
      else if (keep.length > 0) {
        const keyword = s.declarationList.flags & ts.NodeFlags.Const ? 'const' : s.declarationList.flags & ts.NodeFlags.Let ? 'let' : 'var';
        kept.push(`declare ${keyword} ${keep.map(text).join(', ')};`);
      }
      continue;
    }
    if (ts.isImportDeclaration(s) && s.importClause) {
      const c = s.importClause;
      const live = (name: TS.Identifier) => !overlaps(earlier(ts.idText(name)), replaced(ts.idText(name)));
      const bindings = c.namedBindings;
      const elements = bindings && ts.isNamedImports(bindings) ? bindings.elements : [];
      const names = [c.name, bindings && ts.isNamespaceImport(bindings) ? bindings.name : undefined, ...elements.map((e) => e.name)].filter((n): n is TS.Identifier => n !== undefined);
      const liveCount = names.filter(live).length;
      if (liveCount === names.length) kept.push(fullText(decl, s));
      else if (liveCount > 0) {
        const named = elements.filter((e) => live(e.name)).map(text);
        const parts = [
          c.name && live(c.name) ? text(c.name) : undefined,
          bindings && ts.isNamespaceImport(bindings) && live(bindings.name) ? `* as ${text(bindings.name)}` : undefined,
          named.length > 0 ? `{ ${named.join(', ')} }` : undefined,
        ].filter((p): p is string => p !== undefined);
        kept.push(`import ${c.isTypeOnly ? 'type ' : ''}${parts.join(', ')} from ${text(s.moduleSpecifier)};`);
      }
      continue;
    }
    const name = declaredName(ts, s);
    if (name === undefined) {
      kept.push(fullText(decl, s));
      continue;
    }
    const old = earlier(name);
    const now = replaced(name);
    if (!overlaps(old, now)) kept.push(fullText(decl, s));
    else if (old.value && !now.value) untyped.add(name);
  }
  for (const name of untyped) kept.push(`declare let ${name}: any;`);
  kept.push(cellDeclarations.trim());
  return kept.filter((s) => s !== '').join('\n') + '\n';
}

/** The statement with the comments before it (TSDoc that inspect shows), without blank lines. */
function fullText(file: TS.SourceFile, s: TS.Statement): string {
  return file.text.slice(s.pos, s.end).replace(/^\s*\n/, '').trim();
}

function declaredName(ts: Ts, s: TS.Statement): string | undefined {
  if (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isEnumDeclaration(s)) {
    return s.name ? ts.idText(s.name) : undefined;
  }
  if (ts.isModuleDeclaration(s) && ts.isIdentifier(s.name)) return ts.idText(s.name);
  if (ts.isImportEqualsDeclaration(s)) return ts.idText(s.name);
  return undefined;
}
