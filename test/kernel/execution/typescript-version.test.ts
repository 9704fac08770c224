import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Executor } from '../../../kernel/execution/executor';
import { createTypeScriptHost, typescript } from '../../../kernel/execution/typescript-host';

// Cells are compiled with the project's own TypeScript (package.json), not tslab's 5.0.
function notebook(tsconfig?: object) {
  const dir = mkdtempSync(join(tmpdir(), 'ts-version-'));
  if (tsconfig) writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  const host = createTypeScriptHost(dir);
  const ex = new Executor(() => host, dir);
  let n = 0;
  return { host, run: (code: string) => ex.execute(code, `In[${++n}]`) };
}

describe('cell TypeScript version', () => {
  it('is the TypeScript the project builds with', () => {
    const ours = (require('../../../package.json') as { dependencies: Record<string, string> }).dependencies.typescript;
    expect(typescript().version).toBe(ours);
  });

  it('takes `using` declarations (5.2), NoInfer (5.4) and inferred type predicates (5.5)', async () => {
    const { run } = notebook();
    expect(await run('const log: string[] = []\n{ using res = { [Symbol.dispose]() { log.push("closed") } }; log.push("open") }\nlog.join(",")')).toMatchObject({ status: 'ok', value: 'open,closed' });
    // NoInfer: the default must be one of the listed values, not widen them.
    const noInfer = await run('function pick<T extends string>(all: T[], d: NoInfer<T>): T { return d }\npick(["a", "b"], "c")');
    expect(noInfer).toMatchObject({ status: 'error', ename: 'TypeScriptError' });
    if (noInfer.status === 'error') expect(noInfer.evalue).toMatch(/"c"/);
    // 5.5 infers `x is number` for this filter; 5.0 left (number | undefined)[].
    expect(await run('const xs: number[] = [1, undefined, 3].filter((x) => x !== undefined)\nxs.length')).toMatchObject({ status: 'ok', value: 2 });
  });

  it('applies a notebook tsconfig.json with current lib names', async () => {
    const { host, run } = notebook({ compilerOptions: { lib: ['ES2024'] } });
    expect(host.notes).toEqual([]);
    // Object.groupBy is typed in ES2024's lib only (and needs Node 21 to run, so only checked here).
    expect(await run('type G = ReturnType<typeof Object.groupBy>\nconst ok: G | undefined = undefined\nok')).toMatchObject({ status: 'ok' });
  });
});
