import { describe, expect, it } from 'vitest';
import { accuracyMatrix, averageAccuracy, averageForgetting, backwardTransfer, continualMetrics, forgetting, minAcc, streamForgetting, taskBoundaries, wcAcc, windowedForgetting, windowedPlasticity } from '../../../lib/continual/continual-metrics';
import type { EvalRow } from '../../../lib/continual/train-continual';

// Two tasks, three evaluations each; task 1 is learned in iterations 1–3, task 2 in 4–6.
const rows: EvalRow[] = [
  ...[0.5, 0.8, 0.9].map((accuracy, i) => ({ iteration: i + 1, training_task: 1, task: 1, accuracy })),
  ...[0.2, 0.6, 0.7].map((accuracy, i) => ({ iteration: i + 4, training_task: 2, task: 1, accuracy })),
  ...[0.3, 0.7, 0.9].map((accuracy, i) => ({ iteration: i + 4, training_task: 2, task: 2, accuracy })),
];

describe('continual metrics on a hand-computed sequence', () => {
  it('finds the task boundaries and the accuracy matrix', () => {
    expect(taskBoundaries(rows)).toEqual([3, 6]);
    expect(accuracyMatrix(rows)).toEqual([[0.9, null], [0.7, 0.9]]);
  });

  it('computes ACC, BWT and forgetting', () => {
    expect(averageAccuracy(rows)).toBeCloseTo(0.8);
    expect(backwardTransfer(rows)).toBeCloseTo(-0.2);
    expect(forgetting(rows)).toBeCloseTo(0.2);
  });

  it('computes min-ACC, undefined (null) for the first task', () => {
    expect(minAcc(rows, 1)).toBeNull();
    expect(minAcc(rows, 2)).toBeCloseTo(0.2);
    expect(minAcc(rows)).toBeCloseTo(0.2);
  });

  it('computes WC-ACC = A_k/k + (1 − 1/k)·min-ACC', () => {
    expect(wcAcc(rows)).toBeCloseTo(0.9 / 2 + 0.5 * 0.2);
    expect(wcAcc(rows, 4)).toBeCloseTo(0.3 / 2 + 0.5 * 0.2);
    expect(wcAcc(rows, 2)).toBeCloseTo(0.8);
  });

  it('computes windowed forgetting and plasticity within the window only', () => {
    // task 1 drops 0.9 → 0.2 between consecutive evaluations; task 2 never drops
    expect(windowedForgetting(rows, 10)).toBeCloseTo(0.35);
    // largest rises: task 1 0.2 → 0.7 (0.5), task 2 0.3 → 0.9 (0.6)
    expect(windowedPlasticity(rows, 10)).toBeCloseTo(0.55);
    const slow: EvalRow[] = [0.9, 0.6, 0.3].map((accuracy, i) => ({ iteration: i + 1, training_task: 1, task: 1, accuracy }));
    expect(windowedForgetting(slow, 2)).toBeCloseTo(0.3);
    expect(windowedForgetting(slow, 3)).toBeCloseTo(0.6);
  });

  it('summarises a run in one row, with the paper\'s FORG and window columns named for what they measure', () => {
    const row = continualMetrics(rows, 'demo').objects()[0] as Record<string, unknown>;
    expect(row.strategy).toBe('demo');
    expect(row.min_ACC).toBeCloseTo(0.2);
    expect(row.WF10).toBeCloseTo(0.35);
    expect(row.FORG).toBeCloseTo(0.2);
    expect(row.avg_forgetting).toBeCloseTo(0.2);
    // every 10 iterations: a window of 10 evaluations spans 100 iterations, and the columns say which
    const sparse = rows.map((r) => ({ ...r, iteration: r.iteration * 10 }));
    expect(Object.keys(continualMetrics(sparse).objects()[0] as object)).toContain('WF10_evals');
    const byIters = continualMetrics(sparse, 'x', { windowUnit: 'iterations' }).objects()[0] as Record<string, number>;
    // no two evaluations of a task are less than 10 iterations apart: nothing to measure in WF^10
    expect(byIters.WF10_iters).toBe(0);
    expect(byIters.WF100_iters).toBeCloseTo(0.35);
  });

  it('separates Chaudhry\'s max-based forgetting from Avalanche\'s stream forgetting', () => {
    // task 1 ends its own task at 0.8, is at 0.9 after task 2 and 0.7 at the end
    const ends = [[0.8], [0.9, 0.6], [0.7, 0.65, 0.9]];
    const three: EvalRow[] = ends.flatMap((accs, i) => accs.map((accuracy, j) => ({ iteration: (i + 1) * 10, training_task: i + 1, task: j + 1, accuracy })));
    // task 1: max 0.9 − 0.7 = 0.2 against 0.8 − 0.7 = 0.1; task 2: 0.6 − 0.65 = −0.05 both ways
    expect(averageForgetting(three)).toBeCloseTo((0.2 - 0.05) / 2, 12);
    expect(streamForgetting(three)).toBeCloseTo((0.1 - 0.05) / 2, 12);
    expect(forgetting).toBe(averageForgetting);
    expect(streamForgetting(three)).toBeCloseTo(-backwardTransfer(three)!, 12);
    // task 1 alone: 0.2 and 0.1, as in the hand computation (task 2 kept at 0.6 contributes 0)
    const same = three.map((r) => (r.task === 2 ? { ...r, accuracy: 0.6 } : r));
    expect(2 * averageForgetting(same)!).toBeCloseTo(0.2, 12);
    expect(2 * streamForgetting(same)!).toBeCloseTo(0.1, 12);
  });

  it('measures plasticity from the lowest earlier value, not the authors\' highest', () => {
    const rise: EvalRow[] = [0.5, 0.1, 0.9].map((accuracy, i) => ({ iteration: i + 1, training_task: 1, task: 1, accuracy }));
    // ours: 0.9 − 0.1; the authors' shortcut would give 0.9 − max(0.5, 0.1) = 0.4
    expect(windowedPlasticity(rise, 10)).toBeCloseTo(0.8, 12);
    expect(windowedPlasticity(rise, 10)).not.toBeCloseTo(0.4, 3);
    expect(windowedForgetting(rise, 10)).toBeCloseTo(0.4, 12);
  });

  it('rejects a window under 2 and an unknown unit', () => {
    expect(() => windowedForgetting(rows, 1)).toThrow(/window is 1: expected an integer of at least 2/);
    expect(() => windowedPlasticity(rows, 10, { unit: 'steps' as never })).toThrow(/unknown unit "steps": expected one of "evaluations", "iterations"/);
  });

  it('names a missing column', () => {
    expect(() => averageAccuracy([{ iteration: 1, task: 1, accuracy: 1 } as never])).toThrow(/no column "training_task"/);
  });
});
