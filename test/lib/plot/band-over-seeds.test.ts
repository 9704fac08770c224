import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { ConfigError, DataFormatError, NumericError } from '../../../lib/errors';
import { bandOverSeeds } from '../../../lib/plot/band-over-seeds';
import { lineChart } from '../../../lib/plot/line-chart';
import { toSvg } from '../../../lib/plot/render';

// Three seeds of two strategies at steps 1 and 2: y = step + seed offset (−1, 0, +1) for "a", ×2 for "b".
const runs = ['a', 'b'].flatMap((strategy) => [-1, 0, 1].flatMap((off, seed) => [2, 1].map((step) => ({ strategy, seed, step, acc: (strategy === 'a' ? 1 : 2) * (step + off) }))));

describe('bandOverSeeds', () => {
  it('gives mean ± one sample standard deviation per x and group, groups in first-seen order and x ascending', () => {
    const rows = bandOverSeeds(runs, { x: 'step', y: 'acc', group: 'strategy' });
    expect(rows.map((r) => [r.strategy, r.step, r.n])).toEqual([['a', 1, 3], ['a', 2, 3], ['b', 1, 3], ['b', 2, 3]]);
    // values 0, 1, 2: mean 1, sample sd 1
    expect(rows[0]).toMatchObject({ step: 1, strategy: 'a', mean: 1, median: 1, lo: 0, hi: 2, n: 3 });
    // "b" at step 1: values 0, 2, 4: mean 2, sd 2
    expect(rows[2]).toMatchObject({ mean: 2, lo: 0, hi: 4 });
  });

  it('scales the standard error by k, and takes interpolated quantiles', () => {
    const se = bandOverSeeds(runs, { x: 'step', y: 'acc', group: 'strategy', band: 'se', k: 2 })[0];
    expect(se.lo).toBeCloseTo(1 - 2 / Math.sqrt(3), 12);
    expect(se.hi).toBeCloseTo(1 + 2 / Math.sqrt(3), 12);
    const values = [0, 10, 20, 30, 40].map((y) => ({ t: 0, y }));
    const q = bandOverSeeds(values, { x: 't', y: 'y', band: 'quantile', quantiles: [0.1, 0.75] })[0];
    expect([q.lo, q.hi, q.median, q.mean]).toEqual([4, 30, 20, 20]); // numpy.quantile([0,10,20,30,40], [0.1, 0.75]) = [4, 30]
  });

  it('gives a zero-width band for a single run, and reads arquero tables', () => {
    const rows = bandOverSeeds(aq.table({ step: [1, 2], acc: [0.5, 0.7] }), { x: 'step', y: 'acc' });
    expect(rows).toEqual([{ step: 1, mean: 0.5, median: 0.5, lo: 0.5, hi: 0.5, n: 1 }, { step: 2, mean: 0.7, median: 0.7, lo: 0.7, hi: 0.7, n: 1 }]);
  });

  it('returns rows that lineChart draws with its band option', async () => {
    const rows = bandOverSeeds(runs, { x: 'step', y: 'acc', group: 'strategy' });
    const chart = lineChart(rows, { x: 'step', y: 'mean', series: 'strategy', band: { lower: 'lo', upper: 'hi' } });
    const svg = await toSvg(chart.spec);
    expect(svg.match(/aria-roledescription="area mark"/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
  });

  it('names bad input: missing field, NaN, unknown band, bad quantiles, a clashing field name', () => {
    expect(() => bandOverSeeds(runs, { x: 'step', y: 'loss' })).toThrow(DataFormatError);
    expect(() => bandOverSeeds([{ s: 1, y: NaN }], { x: 's', y: 'y' })).toThrow(NumericError);
    expect(() => bandOverSeeds([{ s: 1, y: NaN }], { x: 's', y: 'y' })).toThrow(/field "y" in row 0 is NaN/);
    expect(() => bandOverSeeds(runs, { x: 'step', y: 'acc', band: 'ci' as never })).toThrow(/unknown band "ci": expected one of "sd", "se", "quantile"/);
    expect(() => bandOverSeeds(runs, { x: 'step', y: 'acc', band: 'quantile', quantiles: [0.9, 0.1] })).toThrow(ConfigError);
    expect(() => bandOverSeeds([{ n: 1, y: 1 }], { x: 'n', y: 'y' })).toThrow(/field "n" has the name of an output column/);
  });
});
