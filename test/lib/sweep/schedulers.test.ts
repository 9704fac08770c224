import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asha, learningCurveStopping, medianStopping, sweep, type Scheduler } from '../../../lib/sweep/index';
import { rng, normal } from '../../../lib/util/random';

// Feeds whole curves to a scheduler, one trial after another, as a sweep on one worker would,
// stopping a curve at the step the scheduler says.
function feed(s: Scheduler, curves: Record<string, number[]>, metric = 'acc'): Record<string, number | null> {
  const stoppedAt: Record<string, number | null> = {};
  for (const [id, ys] of Object.entries(curves)) {
    stoppedAt[id] = null;
    for (let i = 0; i < ys.length; i++) {
      if (s.onResult(id, { step: i + 1, metrics: { [metric]: ys[i] } }) === 'stop') {
        stoppedAt[id] = i + 1;
        break;
      }
    }
    s.onComplete(id, stoppedAt[id] === null ? 'ok' : 'stopped');
  }
  return stoppedAt;
}

const rising = (top: number, rate: number, n: number, seed = 1) => {
  const rand = rng(seed);
  return Array.from({ length: n }, (_, i) => top - 0.5 * Math.exp(-rate * (i + 1)) + 0.002 * normal(rand));
};

describe('medianStopping', () => {
  it('stops a trial whose best trails the median of the others\' running means, after the grace period', () => {
    const s = medianStopping({ metric: 'acc', mode: 'max', gracePeriod: 3, minTrials: 3 });
    const got = feed(s, { a: rising(0.9, 0.5, 10), b: rising(0.88, 0.5, 10), c: rising(0.86, 0.5, 10), bad: rising(0.5, 0.5, 10), good: rising(0.95, 0.5, 10) });
    expect(got).toEqual({ a: null, b: null, c: null, bad: 3, good: null });
    expect(s.whyStopped('bad')).toEqual({ step: 3, reason: expect.stringMatching(/^median stopping rule: best acc 0\.38\d+ by step 3 is below the median 0\.68\d+ of 3 other trials' running means$/) });
    expect(s.whyStopped('good')).toBeUndefined();
  });

  it('needs minTrials others at the step, and reads "min" as smaller is better', () => {
    const s = medianStopping({ metric: 'loss', mode: 'min', gracePeriod: 1, minTrials: 2 });
    expect(feed(s, { a: [1, 0.5, 0.3], b: [5, 4, 3], c: [1.1, 0.6, 0.4], d: [5, 4, 3] }, 'loss')).toEqual({ a: null, b: null, c: null, d: 1 });
  });

  it('names the metric it lacks', () => {
    const s = medianStopping({ metric: 'acc', mode: 'max' });
    expect(() => s.onResult('t', { step: 1, metrics: { loss: 1 } })).toThrow(/trial t reported \["loss"\] at step 1 but not "acc"/);
    expect(() => medianStopping({ metric: 'acc', mode: 'best' as never })).toThrow(/unknown mode "best": expected one of "max", "min"/);
  });
});

describe('asha', () => {
  const curve = (v: number) => Array.from({ length: 27 }, (_, i) => v * (1 - 0.5 / (i + 1)));
  it('stops trials outside the top 1/η at a rung: all but the first when they arrive worst-last', () => {
    const s = asha({ metric: 'acc', mode: 'max', maxT: 27, reductionFactor: 3 });
    const got = feed(s, Object.fromEntries([0.9, 0.8, 0.7, 0.6, 0.5].map((v, i) => [`t${i}`, curve(v)])));
    expect(got).toEqual({ t0: null, t1: 1, t2: 1, t3: 1, t4: 1 });
    expect(s.whyStopped('t1')?.reason).toMatch(/^ASHA: acc 0\.4000 at rung 1 is outside the top 1\/3 of 2 trials there \(cutoff 0\.43/);
    expect((s.toJSON() as { rungs: { milestone: number }[] }).rungs.map((r) => r.milestone)).toEqual([1, 3, 9]);
  });

  it('stops none when each trial beats the ones before it', () => {
    const s = asha({ metric: 'acc', mode: 'max', maxT: 27 });
    expect(Object.values(feed(s, Object.fromEntries([0.5, 0.6, 0.7, 0.8, 0.9].map((v, i) => [`t${i}`, curve(v)]))))).toEqual([null, null, null, null, null]);
  });

  it('judges a trial at a later rung too', () => {
    const s = asha({ metric: 'acc', mode: 'max', maxT: 27, gracePeriod: 1 });
    // equal at rung 1, so nobody stops there; at rung 3 the late bloomer's rivals pass it
    const flatThenLow = [0.5, 0.5, 0.5, ...Array(24).fill(0.5)];
    const flatThenHigh = [0.5, 0.6, 0.7, ...Array(24).fill(0.8)];
    expect(feed(s, { a: flatThenHigh, b: flatThenHigh.map((v, i) => (i ? v + 0.01 : v)), c: flatThenLow })).toEqual({ a: null, b: null, c: 3 });
  });
});

describe('learningCurveStopping', () => {
  it('stops a curve that cannot reach y_best and keeps one that can, from minSteps on, only after one trial finished', () => {
    const s = learningCurveStopping({ metric: 'acc', maxT: 30, minSteps: 5, every: 3 });
    const got = feed(s, { first: rising(0.6, 0.3, 30, 1), best: rising(0.9, 0.3, 30, 2), poor: rising(0.6, 0.3, 30, 3), close: rising(0.91, 0.3, 30, 4) });
    expect(got.first).toBeNull(); // nothing to beat yet
    expect(got.best).toBeNull();
    expect(got.poor).toBeGreaterThanOrEqual(5); // judged at 5, 8, 11, …
    expect(got.poor).toBeLessThanOrEqual(11);
    expect(got.close).toBeNull();
    const state = s.toJSON() as { yBest: number; lastProbability: Record<string, number> };
    expect(state.yBest).toBeGreaterThan(0.89);
    expect(state.lastProbability.poor).toBeLessThan(0.05);
    expect(s.whyStopped('poor')?.reason).toMatch(/^learning curve: P\(acc\(30\) > y_best = 0\.9\d+\) = 0(\.\d+)? < 0\.05 after (5|8|11) reports$/);
  });

  it('refuses mode "min" and a threshold outside (0, 1)', () => {
    expect(() => learningCurveStopping({ metric: 'loss', mode: 'min', maxT: 10 })).toThrow(/mode is "min".*Report 1 - error/);
    expect(() => learningCurveStopping({ metric: 'acc', maxT: 10, threshold: 1 })).toThrow(/threshold is 1: expected a probability in \(0, 1\)/);
  });
});

describe('sweep with a scheduler', () => {
  it('stops trials at the step the scheduler decides and records why and when', async () => {
    const r = await sweep({
      trial: join(__dirname, 'fixtures', 'trials.ts'),
      space: { lr: [1, 0.8, 0.6, 0.2, 0.1], seed: 3, steps: 10 },
      engine: { kind: 'local', workers: 1 },
      scheduler: medianStopping({ metric: 'acc', mode: 'max', gracePeriod: 2 }),
      dir: null,
      progress: false,
    });
    const rows = r.trials.objects() as Record<string, unknown>[];
    expect(rows.map((d) => [d.lr, d.status, d.stopStep])).toEqual([[1, 'ok', null], [0.8, 'ok', null], [0.6, 'ok', null], [0.2, 'stopped', 2], [0.1, 'stopped', 2]]);
    expect(rows[3].stopReason).toMatch(/^median stopping rule: best acc/);
    const lastStep = (lr: number) => Math.max(...(r.reports.filter(`d => d.lr === ${lr}`).array('step') as number[]));
    expect([1, 0.8, 0.6, 0.2, 0.1].map(lastStep)).toEqual([10, 10, 10, 2, 2]);
    expect(rows[3].acc).toBe(r.reports.filter('d => d.lr === 0.2 && d.step === 2').get('value', 0));
  });
});
