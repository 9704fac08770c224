import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../lib/backend/select-backend';
import { ConfigError } from '../../../lib/errors';
import { SweepInterrupted, seeds, sweep, type SweepProgress } from '../../../lib/sweep/index';
import { barExtra } from '../../../lib/sweep/progress';
import { progressText } from '../../../lib/display/progress-render';
import { functionTrialMessage } from '../../../lib/sweep/trial-spec';
import { trial } from './fixtures/trials';

const FIXTURE = join(__dirname, 'fixtures', 'trials.ts');
const tmp = mkdtempSync(join(tmpdir(), 'sweep-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const space = { lr: [0.3, 1], seed: seeds(4) }; // 8 trials

describe('sweep', () => {
  it('runs 8 trials on 2 worker threads and returns the rows the same trials give run serially', async () => {
    const r = await sweep({ trial: FIXTURE, space, engine: { kind: 'local', workers: 2 }, dir: join(tmp, 'eight'), progress: false });
    expect(r.trials.numRows()).toBe(8);
    await selectBackend();
    const rows = r.trials.objects() as Record<string, unknown>[];
    for (const row of rows) {
      const reported: { step: number; acc: number }[] = [];
      const serial = await trial({ lr: row.lr as number, seed: row.seed as number }, { report: async (step, m) => void reported.push({ step, acc: m.acc }), signal: new AbortController().signal, trialId: '', worker: 'test' });
      expect(row).toMatchObject({ status: 'ok', acc: serial.acc, product: serial.product, backend: serial.backend });
      const mine = r.reports.filter(`d => d.trial === '${row.trial}'`).objects().map((d) => ({ step: d.step, acc: d.value }));
      expect(mine).toEqual(reported);
    }
    expect(new Set(rows.map((d) => d.worker))).toEqual(new Set(['thread-0', 'thread-1']));
    expect(r.reports.columnNames()).toEqual(['trial', 'lr', 'seed', 'step', 'metric', 'value']);
  });

  it('records a trial that throws, returns NaN or kills its thread, and finishes the others', async () => {
    const r = await sweep({ trial: `${FIXTURE}#flaky`, space: { x: [1, 2, 3, 4, 5] }, engine: { kind: 'local', workers: 2 }, dir: null, progress: false });
    const rows = Object.fromEntries((r.trials.objects() as Record<string, unknown>[]).map((d) => [d.x as number, d]));
    expect(rows[1]).toMatchObject({ status: 'ok', value: 10 });
    expect(rows[5]).toMatchObject({ status: 'ok', value: 50 });
    expect(rows[2].status).toBe('failed');
    expect(rows[2].error).toMatch(/^RangeError: flaky: x = 2 is not allowed/);
    expect(rows[3].status).toBe('failed');
    expect(rows[3].error).toMatch(/NumericError: .*metric "value" is NaN/);
    expect(rows[4].status).toBe('failed');
    expect(rows[4].error).toMatch(/worker crashed .*exited with code 3/);
  });

  it('gathers the tables trials return, tagged with trial and config', async () => {
    const r = await sweep({ trial: `${FIXTURE}#withTable`, space: { n: [2, 3] }, engine: { kind: 'local', workers: 1 }, dir: null, progress: false });
    expect(r.tables.curve.objects()).toEqual([
      { trial: expect.any(String), n: 2, i: 0, y: 0 }, { trial: expect.any(String), n: 2, i: 1, y: 2 },
      { trial: expect.any(String), n: 3, i: 0, y: 0 }, { trial: expect.any(String), n: 3, i: 1, y: 3 }, { trial: expect.any(String), n: 3, i: 2, y: 6 },
    ]);
    expect(r.trials.columnNames()).toContain('total');
  });

  it('stops on abort, keeps the finished trials, and runs only the rest when run again', async () => {
    const dir = join(tmp, 'abort');
    const controller = new AbortController();
    const slow = { lr: [0.3, 1], seed: seeds(3), sleepMs: 40 };
    const first = sweep({ trial: FIXTURE, space: slow, engine: { kind: 'local', workers: 1 }, dir, signal: controller.signal, progress: (p) => p.done >= 2 && controller.abort() });
    const e = await first.then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(SweepInterrupted);
    const kept = (e as SweepInterrupted).results.trials.numRows();
    expect(kept).toBeGreaterThanOrEqual(2);
    expect(kept).toBeLessThan(6);
    const again = await sweep({ trial: FIXTURE, space: slow, engine: { kind: 'local', workers: 1 }, dir, progress: false });
    expect(again.skipped).toBe(kept);
    expect(again.trials.numRows()).toBe(6);
    expect(again.trials.filter((d) => d.status !== 'ok').numRows()).toBe(0);
  });

  it('says how to fix a trial given as a function', async () => {
    const inCell = async () => ({ acc: 1 });
    await expect(sweep({ trial: inCell as never, space, progress: false })).rejects.toThrow(new ConfigError(functionTrialMessage('inCell')));
    expect(functionTrialMessage('inCell')).toMatch(/Move it into a file .*trial: '.\/trial.ts'/);
  });

  it('fails the sweep, naming the exports, when the trial export is missing', async () => {
    await expect(sweep({ trial: `${FIXTURE}#nope`, space: { x: [1] }, engine: { kind: 'local', workers: 1 }, dir: null, progress: false })).rejects.toThrow(/has no exported function "nope": it exports "trial", "flaky", "withTable"/);
  });

  it('rejects an unknown option and a missing module', async () => {
    await expect(sweep({ trial: FIXTURE, space, workers: 2 } as never)).rejects.toThrow(/sweep: unknown option "workers": expected one of/);
    await expect(sweep({ trial: './missing.ts', space, progress: false })).rejects.toThrow(/missing\.ts does not exist/);
  });
});

describe('sweep progress', () => {
  it('emits progress after every change, ending with every trial done, and a text bar', async () => {
    const seen: SweepProgress[] = [];
    await sweep({ trial: `${FIXTURE}#flaky`, space: { x: [1, 2, 5] }, engine: { kind: 'local', workers: 2 }, dir: null, progress: (p) => seen.push(p) });
    const done = seen.map((p) => p.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(seen.at(-1)).toMatchObject({ total: 3, done: 3, running: 0, failed: 1, stopped: 0 });
    expect(Math.max(...seen.map((p) => p.running))).toBeGreaterThan(0);
    const { done: ok, ...extra } = barExtra(seen.at(-1)!);
    expect(progressText({ label: 'sweep', total: 3, done: ok, ...extra, elapsedMs: 2000 }, 10)).toBe('sweep [██████████] 100% 2/3 done · 1 failed · 2.0s elapsed');
  });
});
