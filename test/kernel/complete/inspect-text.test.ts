import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { inspectText, partsText } from '../../../kernel/complete/inspect-text';
import { quickInfoAt } from '../../../kernel/complete/quick-info';

// What Shift+Tab shows, from the real compiler: a program of one in-memory cell, and the
// kernel's own QuickInfo path (quickInfoAt) on it.
function inspect(source: string, name: string): string {
  const fileName = '/cell.ts';
  const options: ts.CompilerOptions = { strict: true, target: ts.ScriptTarget.ES2022, noLib: true, types: [] };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (f, v, ...rest) => (f === fileName ? ts.createSourceFile(f, source, v) : getSourceFile(f, v, ...rest));
  const program = ts.createProgram([fileName], options, host);
  const file = program.getSourceFile(fileName)!;
  const info = quickInfoAt(ts, program.getTypeChecker(), file, source.lastIndexOf(name));
  if (!info) throw new Error(`no quick info for ${name}`);
  return inspectText(info);
}

const source = `
/**
 * Doubles {@link base}, unlike {@link base | the base value}; see {@linkcode base} and
 * {@link https://example.org/docs the docs}.
 * @param x a value, like {@link base}
 * @returns twice {@link x}
 * @see {@link base}
 */
function twice(x: number): number { return x * 2 }
const base = 1;
twice(base)`;

describe('inspectText', () => {
  it('renders {@link} as the name, or its text, in the summary and in tags', () => {
    const text = inspect(source, 'twice');
    expect(text).not.toContain('{@link');
    expect(text).toContain('Doubles base, unlike the base value; see base and\nthe docs (https://example.org/docs).');
    expect(text).toContain('@param x a value, like base');
    expect(text).toContain('@returns twice x');
    expect(text).toContain('@see base');
    expect(text.split('\n')[0]).toBe('function twice(x: number): number');
  });

  it('keeps TSDoc without links as it is', () => {
    const text = inspect('/** Adds one. @param n a number */\nfunction inc(n: number) { return n + 1 }\ninc(1)', 'inc');
    expect(text).toBe('function inc(n: number): number\n\nAdds one.\n@param n a number');
  });

  it('reads a bare URL link as the URL and an unclosed link as what it holds', () => {
    expect(partsText([{ text: '{@link ', kind: 'link' }, { text: 'https://x.org', kind: 'linkText' }, { text: '}', kind: 'link' }])).toBe('https://x.org');
    expect(partsText([{ text: 'see ', kind: 'text' }, { text: '{@link ', kind: 'link' }, { text: 'foo', kind: 'linkName' }])).toBe('see foo');
  });
});
