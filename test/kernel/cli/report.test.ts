import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../kernel/main';

describe('feedbacklab report', () => {
  it('writes the metrics table and the charts of the shipped example CSV', async () => {
    const out = mkdtempSync(join(tmpdir(), 'continual-report-'));
    expect(await main(['report', 'data/continual-evals-example.csv', '--out', out])).toBe(0);
    const files = readdirSync(out).sort();
    for (const s of ['fine-tuning', 'replay']) {
      for (const kind of ['stability-gap', 'forgetting-curves', 'accuracy-matrix']) {
        for (const ext of ['svg', 'png', 'html']) expect(files).toContain(`${kind}-${s}.${ext}`);
      }
    }
    const png = readFileSync(join(out, 'stability-gap-replay.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThan(800); // width in pixels (2× scale)
    expect(readFileSync(join(out, 'stability-gap-replay.svg'), 'utf8')).toContain('mean ± sd over 2 seeds');
    const metrics = readFileSync(join(out, 'metrics.csv'), 'utf8').trim().split('\n');
    expect(metrics[0].split(',').slice(0, 4)).toEqual(['strategy', 'seeds', 'ACC', 'ACC_sd']);
    expect(metrics.slice(1).map((l) => l.split(',')[0])).toEqual(['fine-tuning', 'replay']);
    const perRun = readFileSync(join(out, 'metrics-by-run.csv'), 'utf8').trim().split('\n');
    expect(perRun).toHaveLength(5);
    // replay forgets less than fine-tuning in the example runs
    const forg = (line: string) => Number(line.split(',')[metrics[0].split(',').indexOf('FORG')]);
    expect(forg(metrics[2])).toBeLessThan(forg(metrics[1]));
    expect(readFileSync(join(out, 'metrics.txt'), 'utf8')).toMatch(/replay\s+2\s+\d\.\d{3} ± \d\.\d{3}/);
  });

  it('says what is missing on the command line, and names a missing column', async () => {
    await expect(main(['report', 'data/continual-evals-example.csv'])).rejects.toThrow(/expected a file and --out DIR/);
    const out = mkdtempSync(join(tmpdir(), 'continual-report-'));
    await expect(main(['report', 'data/continual-evals-example.csv', '--out', out, '--columns', 'accuracy=acc'])).rejects.toThrow(/continual-evals-example\.csv:1: no column "acc" \(accuracy\)/);
  });
});
