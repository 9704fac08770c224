import { inspectText } from '../../complete/inspect-text';
import { toUtf16Offset } from '../../complete/code-points';
import type { Handler } from '../kernel-context';

/** inspect_request: the type and TSDoc of the name under the cursor. */
export const inspect: Handler = async (ctx, msg) => {
  const { code, cursor_pos } = msg.content as { code: string; cursor_pos?: number };
  const src = String(code ?? '');
  const pos = toUtf16Offset(src, cursor_pos ?? [...src].length);
  // The cursor often sits just after the name (e.g. "lineChart|"): look one character back too.
  const info = ctx.executor.inspect(src, pos) ?? (pos > 0 ? ctx.executor.inspect(src, pos - 1) : undefined);
  if (!info) return { status: 'ok', found: false, data: {}, metadata: {} };
  return { status: 'ok', found: true, data: { 'text/plain': inspectText(info) }, metadata: {} };
};
