import { toBundle } from '../../../lib/display/to-bundle';
import { splitMetadata } from '../../display/kernel-sink';
import type { CellOutcome } from '../../execution/executor';
import type { Handler, KernelContext } from '../kernel-context';

interface ExecuteContent {
  code?: unknown;
  silent?: boolean;
  store_history?: boolean;
  user_expressions?: Record<string, string>;
  allow_stdin?: boolean;
  stop_on_error?: boolean;
}

async function bundleOf(value: unknown) {
  try {
    return await toBundle(value);
  } catch (e) {
    return { 'text/plain': `${String(value)}\n(rich display failed: ${(e as Error).message})` };
  }
}

async function userExpressions(ctx: KernelContext, expressions: Record<string, string>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [key, expr] of Object.entries(expressions)) {
    const r: CellOutcome = await ctx.executor.execute(expr, '<user_expression>');
    out[key] = r.status === 'ok' ? { status: 'ok', data: await bundleOf(r.value), metadata: {} } : { status: 'error', ename: r.ename, evalue: r.evalue, traceback: r.traceback };
  }
  return out;
}

/** execute_request: execute_input, outputs, execute_result or error, then the reply. */
export const execute: Handler = async (ctx, msg) => {
  const c = msg.content as ExecuteContent;
  if (typeof c.code !== 'string') {
    const evalue = `execute_request content.code must be a string, got ${typeof c.code}`;
    return { status: 'error', execution_count: ctx.executionCount, ename: 'BadRequest', evalue, traceback: [evalue] };
  }
  const silent = c.silent === true;
  const store = silent ? false : c.store_history !== false;
  if (store) ctx.executionCount++;
  const count = ctx.executionCount;
  const { iopub } = ctx;
  iopub.parent = msg.header;
  ctx.stdin.request = { msg, allowed: c.allow_stdin !== false };
  // Posted to the side-channel worker, busy and execute_input leave while the cell runs, also
  // if it blocks this thread: no need to wait for them here.
  if (!silent) iopub.publish('execute_input', { code: c.code, execution_count: count });
  const outcome: CellOutcome = c.code.trim() === '' ? { status: 'ok', hasValue: false } : await ctx.executor.execute(c.code, `In[${count}]`);
  if (store) ctx.history.add(count, c.code);
  if (outcome.status === 'error') {
    const error = { ename: outcome.ename, evalue: outcome.evalue, traceback: outcome.traceback };
    if (!silent) iopub.publish('error', error);
    if (c.stop_on_error !== false) await ctx.abortQueued();
    return { status: 'error', execution_count: count, ...error };
  }
  if (outcome.hasValue && !silent) {
    const { data, metadata } = splitMetadata(await bundleOf(outcome.value));
    iopub.publish('execute_result', { execution_count: count, data, metadata });
  }
  const user_expressions = c.user_expressions && Object.keys(c.user_expressions).length > 0 ? await userExpressions(ctx, c.user_expressions) : {};
  return { status: 'ok', execution_count: count, user_expressions, payload: [] };
};
