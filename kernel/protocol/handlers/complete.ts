import { toCodePoint, toUtf16Offset } from '../../complete/code-points';
import type { Handler } from '../kernel-context';

/** complete_request: TypeScript completions at the cursor, aware of earlier cells. */
export const complete: Handler = async (ctx, msg) => {
  const { code, cursor_pos } = msg.content as { code: string; cursor_pos?: number };
  const src = String(code ?? '');
  const pos = toUtf16Offset(src, cursor_pos ?? [...src].length);
  const info = ctx.executor.complete(src, pos);
  return {
    status: 'ok',
    matches: info.candidates,
    cursor_start: toCodePoint(src, info.start),
    cursor_end: toCodePoint(src, info.end),
    metadata: {},
  };
};
