import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { reportBands } from '../../../lib/sweep/report-bands';

// Two strategies × three seeds; seed 2 of "b" stops after step 1.
const reports = aq.from([
  ...[0, 1, 2].flatMap((seed) => [1, 2].map((step) => ({ trial: `a${seed}`, s: 'a', seed, step, metric: 'acc', value: 0.5 + 0.1 * step + 0.01 * seed }))),
  ...[0, 1, 2].flatMap((seed) => (seed === 2 ? [1] : [1, 2]).map((step) => ({ trial: `b${seed}`, s: 'b', seed, step, metric: 'acc', value: 0.2 * step + 0.1 * seed }))),
  { trial: 'a0', s: 'a', seed: 0, step: 1, metric: 'loss', value: 9 },
]);

describe('reportBands', () => {
  it('pools seeds per series and step: mean ± sample sd, counts, and zero width for a lone trial', () => {
    const t = reportBands(reports, { metric: 'acc', by: ['s'] }).objects() as Record<string, number | string>[];
    expect(t.map((d) => [d.series, d.step, d.n])).toEqual([['s a', 1, 3], ['s a', 2, 3], ['s b', 1, 3], ['s b', 2, 2]]);
    expect(t[0].mean).toBeCloseTo(0.61, 12);
    expect(t[0].upper as number - (t[0].mean as number)).toBeCloseTo(0.01, 12); // sd of 0.60, 0.61, 0.62
    expect(t[3].mean).toBeCloseTo(0.45, 12);
    expect(t[3].lower).toBeCloseTo(0.45 - Math.sqrt(0.005), 12);
  });

  it('gives quantile bands and standard errors', () => {
    const q = reportBands(reports, { metric: 'acc', by: ['s'], band: [0, 1] }).objects() as Record<string, number>[];
    expect([q[2].lower, q[2].upper]).toEqual([0.2, 0.4]);
    const se = reportBands(reports, { metric: 'acc', by: ['s'], band: 'se' }).objects() as Record<string, number>[];
    expect(se[0].upper - se[0].mean).toBeCloseTo(0.01 / Math.sqrt(3), 12);
  });

  it('names what is missing', () => {
    expect(() => reportBands(reports, { metric: 'acc', by: ['lr'] })).toThrow(/no column "lr": it has trial, s, seed, step, metric, value/);
    expect(() => reportBands(reports, { metric: 'f1', by: ['s'] })).toThrow(/no report of metric "f1": the reports hold "acc", "loss"/);
    expect(() => reportBands(reports, { metric: 'acc', by: ['s'], band: [0.9, 0.1] })).toThrow(/band is \[0.9, 0.1\]/);
  });
});
