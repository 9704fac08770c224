import { join } from 'node:path';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../lib/util/package-root';

// What inspect (Shift+Tab) shows in a notebook is the TSDoc of the library's exports, so every
// exported function and class needs a summary, and every exported function an example.
function exportsWithDocs() {
  const index = join(packageRoot(), 'lib', 'index.ts');
  const program = ts.createProgram([index], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, skipLibCheck: true, noEmit: true });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(index)!)!;
  return checker.getExportsOfModule(moduleSymbol).map((exported) => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const summary = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
    const decl = symbol.declarations?.[0];
    const tags = symbol.getJsDocTags(checker).map((t) => t.name);
    const kind = decl && (ts.isFunctionDeclaration(decl) ? 'function' : ts.isClassDeclaration(decl) ? 'class' : 'other');
    return { name: exported.name, summary, tags, kind };
  });
}

describe('the public API (lib/index.ts)', () => {
  const all = exportsWithDocs();

  it('has a TSDoc summary on every exported function and class', () => {
    expect(all.length).toBeGreaterThan(50);
    const missing = all.filter((e) => (e.kind === 'function' || e.kind === 'class') && e.summary === '').map((e) => e.name);
    expect(missing).toEqual([]);
  });

  it('has an @example on every exported function', () => {
    const missing = all.filter((e) => e.kind === 'function' && !e.tags.includes('example')).map((e) => e.name);
    expect(missing).toEqual([]);
  });
});
