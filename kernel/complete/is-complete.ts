import { typescript } from '../execution/typescript-host';

/** is_complete_reply content: complete, incomplete (with the indent to continue) or invalid. */
export function isComplete(code: string): { status: 'complete' | 'incomplete' | 'invalid'; indent?: string } {
  // tslab's check for an unfinished statement (and the indent to continue it with).
  const { isCompleteCode } = require('tslab/dist/converter') as typeof import('tslab/dist/converter');
  const r = isCompleteCode(code);
  if (!r.completed) return { status: 'incomplete', indent: r.indent ?? '' };
  const ts = typescript();
  const file = ts.createSourceFile('cell.ts', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const parseErrors = (file as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics ?? [];
  return parseErrors.length > 0 ? { status: 'invalid' } : { status: 'complete' };
}
