import type { HistoryEntry } from '../../protocol/history-store';
import type { Handler } from '../kernel-context';

interface HistoryContent {
  output?: boolean;
  raw?: boolean;
  hist_access_type?: 'range' | 'tail' | 'search';
  session?: number;
  start?: number;
  stop?: number;
  n?: number;
  pattern?: string;
  unique?: boolean;
}

/** history_request: tail, range or search over this kernel's inputs. */
export const history: Handler = async (ctx, msg) => {
  const c = msg.content as HistoryContent;
  let entries: HistoryEntry[];
  if (c.hist_access_type === 'range') entries = ctx.history.range(c.session ?? 0, c.start ?? 0, c.stop);
  else if (c.hist_access_type === 'search') entries = ctx.history.search(c.pattern ?? '*', c.n, c.unique ?? false);
  else entries = ctx.history.tail(c.n ?? 10);
  const rows = entries.map((e) => (c.output ? [e.session, e.line, [e.input, e.output ?? null]] : [e.session, e.line, e.input]));
  return { status: 'ok', history: rows };
};
