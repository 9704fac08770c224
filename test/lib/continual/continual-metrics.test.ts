import { describe, expect, it } from 'vitest';
import { accuracyMatrix, averageAccuracy, backwardTransfer, continualMetrics, forgetting, minAcc, taskBoundaries, wcAcc, windowedForgetting, windowedPlasticity } from '../../../lib/continual/continual-metrics';
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

  it('summarises a run in one row', () => {
    const row = continualMetrics(rows, 'demo').objects()[0] as Record<string, unknown>;
    expect(row.strategy).toBe('demo');
    expect(row.min_ACC).toBeCloseTo(0.2);
    expect(row.WF10).toBeCloseTo(0.35);
  });

  it('names a missing column', () => {
    expect(() => averageAccuracy([{ iteration: 1, task: 1, accuracy: 1 } as never])).toThrow(/no column "training_task"/);
  });
});
