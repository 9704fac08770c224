import { describe, expect, it } from 'vitest';
import { Executor } from '../../../kernel/execution/executor';
import { createTypeScriptHost, type TypeScriptHost } from '../../../kernel/execution/typescript-host';

describe('Executor', () => {
  let host: TypeScriptHost | undefined;
  const ex = new Executor(() => (host ??= createTypeScriptHost(process.cwd())), process.cwd());

  it('returns the last expression and keeps names across cells', async () => {
    expect(await ex.execute('const a = 20\nfunction twice(x: number): number { return 2 * x }\ntwice(a) + 2', 'In[1]')).toEqual({ status: 'ok', hasValue: true, value: 42 });
    expect(await ex.execute('const a = "again"\na.length', 'In[2]')).toMatchObject({ status: 'ok', value: 5 });
  });

  it('maps a runtime error to the line and column in the cell', async () => {
    const r = await ex.execute('interface Box { v: number }\nconst box: Box = { v: 1 }\n\nfunction fail(): never {\n  throw new TypeError("nope " + box.v)\n}\nfail()', 'In[3]');
    expect(r.status).toBe('error');
    if (r.status !== 'error') return;
    expect(r.ename).toBe('TypeError');
    expect(r.traceback).toContain('    at fail (In[3]:5:9)');
    expect(r.traceback.join('\n')).toContain('   5 |   throw new TypeError("nope " + box.v)');
  });

  it('reports type errors with line:col under strict mode', async () => {
    const r = await ex.execute('const n = 1\nconst s: string = undefined', 'In[4]');
    expect(r).toMatchObject({ status: 'error', ename: 'TypeScriptError' });
    if (r.status === 'error') expect(r.evalue).toMatch(/^2:7 - Type 'undefined' is not assignable to type 'string'/);
  });
});
