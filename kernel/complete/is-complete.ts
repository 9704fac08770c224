import type * as TS from 'typescript';
import { typescript } from '../execution/typescript-host';

/** is_complete_reply content: complete, incomplete (with the indent to continue) or invalid. */
export function isComplete(code: string): { status: 'complete' | 'incomplete' | 'invalid'; indent?: string } {
  // Two blank lines at the end: the user wants it run as it is (as in IPython's console).
  if (/(^|\n)\s*\n\s*$/.test(code)) return { status: 'complete' };
  const ts = typescript();
  const file = ts.createSourceFile('cell.ts', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const parseErrors = (file as unknown as { parseDiagnostics?: TS.Diagnostic[] }).parseDiagnostics ?? [];
  // "'}' expected." and the like, at the very end: the statement is unfinished, not wrong.
  const unfinished = parseErrors.some((d) => d.start === code.length && d.length === 0 && typeof d.messageText === 'string' && d.messageText.endsWith(' expected.'));
  if (unfinished) return { status: 'incomplete', indent: indentOnEnter(code) };
  return parseErrors.length > 0 ? { status: 'invalid' } : { status: 'complete' };
}

/** The indent of the next line: one level more after an open bracket, one less on a closing one. */
function indentOnEnter(code: string): string {
  const line = /[^\n]*$/.exec(code)![0];
  const current = /^\s*/.exec(line)![0];
  if (/^((?!.*?\/\*).*\*\/)?\s*[}\]].*$/.test(line)) return current.endsWith('  ') ? current.slice(0, -2) : current.endsWith('\t') || current.endsWith(' ') ? current.slice(0, -1) : current;
  if (/^((?!\/\/).)*(\{[^}"'`]*|\([^)"'`]*|\[[^\]"'`]*)$/.test(line)) return current + '  ';
  return current;
}
