import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { seeds, sweep } from '../../../lib/sweep/index';
import { SweepStore, corruptRecordMessage } from '../../../lib/sweep/records';

const FIXTURE = join(__dirname, 'fixtures', 'trials.ts');
const tmp = mkdtempSync(join(tmpdir(), 'sweep-records-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const space = { lr: [0.5, 1], seed: seeds(3) };
const engine = { kind: 'local', workers: 2 } as const;

describe('SweepStore', () => {
  it('keeps one record per trial, named by its config hash, and re-running skips every finished trial', async () => {
    const dir = join(tmp, 'skip');
    const first = await sweep({ trial: FIXTURE, space, engine, dir, progress: false });
    const files = readdirSync(join(dir, 'trials')).sort();
    expect(files).toEqual((first.trials.array('trial') as string[]).map((t) => `${t}.json`).sort());
    const before = files.map((f) => readFileSync(join(dir, 'trials', f), 'utf8'));
    const seen: number[] = [];
    const second = await sweep({ trial: FIXTURE, space, engine, dir, progress: (p) => seen.push(p.running) });
    expect(second.skipped).toBe(6);
    expect(Math.max(...seen)).toBe(0); // nothing ran
    expect(second.trials.objects()).toEqual(first.trials.objects());
    expect(second.reports.objects()).toEqual(first.reports.objects());
    expect(files.map((f) => readFileSync(join(dir, 'trials', f), 'utf8'))).toEqual(before);
  });

  it('reports a truncated and an edited record and runs their trials again', async () => {
    const dir = join(tmp, 'corrupt');
    const first = await sweep({ trial: FIXTURE, space, engine, dir, progress: false });
    const [a, b] = first.trials.array('trial') as string[];
    const fileA = join(dir, 'trials', `${a}.json`);
    const fileB = join(dir, 'trials', `${b}.json`);
    const textA = readFileSync(fileA, 'utf8');
    writeFileSync(fileA, textA.slice(0, textA.length / 2));
    writeFileSync(fileB, readFileSync(fileB, 'utf8').replace('"status": "ok"', '"status": "stopped"'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const second = await sweep({ trial: FIXTURE, space, engine, dir, progress: false });
    const warned = warn.mock.calls.map((c) => c[0]);
    warn.mockRestore();
    expect(second.skipped).toBe(4);
    expect(second.corrupt.map((c) => c.file).sort()).toEqual([fileA, fileB].sort());
    const problems = Object.fromEntries(second.corrupt.map((c) => [c.file, c.problem]));
    expect(problems[fileA]).toMatch(/is not valid JSON \(\d+ bytes; truncated or overwritten\?\)/);
    expect(problems[fileB]).toMatch(/its checksum is .* but its content hashes to/);
    expect(warned).toEqual(second.corrupt.map(corruptRecordMessage));
    expect(second.trials.objects()).toEqual(first.trials.objects().map((r) => ({ ...r, seconds: expect.any(Number), worker: expect.any(String) })));
    expect(new SweepStore(dir).readAll().corrupt).toEqual([]); // rewritten
  });

  it('runs failed trials again unless retryFailed is false', async () => {
    const dir = join(tmp, 'failed');
    const flaky = `${FIXTURE}#flaky`;
    const s = { x: [1, 2] };
    await sweep({ trial: flaky, space: s, engine, dir, progress: false });
    expect((await sweep({ trial: flaky, space: s, engine, dir, progress: false, retryFailed: false })).skipped).toBe(2);
    expect((await sweep({ trial: flaky, space: s, engine, dir, progress: false })).skipped).toBe(1);
  });
});
