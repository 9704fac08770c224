// TypeScript's hover text (QuickInfo) for a name in a cell, computed on the cell's own program:
// the language service would build a second program for it. The steps are those of the
// service's getQuickInfoAtPosition, through the compiler's internal (unexported-in-typings)
// functions, which TypeScript 5.x keeps on its namespace.
import type * as TS from 'typescript';

type Ts = typeof TS;

interface Internals {
  getTouchingPropertyName(file: TS.SourceFile, position: number): TS.Node;
  getContainingObjectLiteralElement(node: TS.Node): (TS.ObjectLiteralElement & { parent: TS.ObjectLiteralExpression }) | undefined;
  getPropertySymbolsFromContextualType(node: TS.ObjectLiteralElement, checker: TS.TypeChecker, type: TS.Type, unionSymbolOk: boolean): readonly TS.Symbol[];
  getContainerNode(node: TS.Node): TS.Node | undefined;
  typeToDisplayParts(checker: TS.TypeChecker, type: TS.Type, enclosing?: TS.Node): TS.SymbolDisplayPart[];
  createTextSpanFromNode(node: TS.Node, file: TS.SourceFile): TS.TextSpan;
  SymbolDisplay: {
    getSymbolDisplayPartsDocumentationAndSymbolKind(checker: TS.TypeChecker, symbol: TS.Symbol, file: TS.SourceFile, enclosing: TS.Node | undefined, location: TS.Node): { symbolKind: TS.ScriptElementKind; displayParts: TS.SymbolDisplayPart[]; documentation: TS.SymbolDisplayPart[]; tags: TS.JSDocTagInfo[] | undefined };
    getSymbolModifiers(checker: TS.TypeChecker, symbol: TS.Symbol): string;
  };
}

/** Type, TSDoc and tags of the name at `position` in `file`, as an editor's hover shows them. */
export function quickInfoAt(ts: Ts, checker: TS.TypeChecker, file: TS.SourceFile, position: number): TS.QuickInfo | undefined {
  const t = ts as unknown as Internals;
  const node = t.getTouchingPropertyName(file, position);
  if (node === file) return undefined;
  // `new Foo()`: the class, not the expression.
  const at = ts.isNewExpression(node.parent) && node.pos === node.parent.pos ? node.parent.expression : node;
  const symbol = symbolAt(t, at, checker);
  const textSpan = t.createTextSpanFromNode(at, file);
  if (!symbol) {
    if (!ts.isIdentifier(at) && !ts.isPropertyAccessExpression(at)) return undefined;
    const type = checker.getTypeAtLocation(at);
    return {
      kind: ts.ScriptElementKind.unknown,
      kindModifiers: '',
      textSpan,
      displayParts: t.typeToDisplayParts(checker, type, t.getContainerNode(at)),
      documentation: type.symbol?.getDocumentationComment(checker),
      tags: type.symbol?.getJsDocTags(checker),
    };
  }
  const shown = t.SymbolDisplay.getSymbolDisplayPartsDocumentationAndSymbolKind(checker, symbol, file, t.getContainerNode(at), at);
  return { kind: shown.symbolKind, kindModifiers: t.SymbolDisplay.getSymbolModifiers(checker, symbol), textSpan, displayParts: shown.displayParts, documentation: shown.documentation, tags: shown.tags };
}

function symbolAt(t: Internals, node: TS.Node, checker: TS.TypeChecker): TS.Symbol | undefined {
  // A property of an object literal: the property of the type it is written for (its TSDoc).
  const element = t.getContainingObjectLiteralElement(node);
  const contextual = element && checker.getContextualType(element.parent);
  const properties = element && contextual ? t.getPropertySymbolsFromContextualType(element, checker, contextual, false) : [];
  const symbol = properties.length === 1 ? properties[0] : checker.getSymbolAtLocation(node);
  return symbol && !(checker as TS.TypeChecker & { isUnknownSymbol(s: TS.Symbol): boolean }).isUnknownSymbol(symbol) ? symbol : undefined;
}
