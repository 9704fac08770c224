import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { continualMetrics } from '../../../lib/continual/continual-metrics';
import { meanCurveOverSeeds, meanOverSeeds, metricsByRun } from '../../../lib/continual/metrics-over-seeds';
import { parseEvaluations, readEvaluations } from '../../../lib/continual/read-evaluations';

const dir = mkdtempSync(join(tmpdir(), 'continual-evals-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('readEvaluations', () => {
  it('reads a CSV with its own column names and 0-based tasks, inferring the task being trained', () => {
    const path = file('avalanche.csv', 'step,exp,acc\n1,0,0.5\n2,0,0.9\n3,0,0.4\n3,1,0.6\n4,0,0.7\n4,1,0.9\n');
    const evals = readEvaluations(path, { columns: { iteration: 'step', task: 'exp', accuracy: 'acc' }, firstTask: 0 });
    expect(evals.objects()).toEqual([
      { iteration: 1, task: 1, accuracy: 0.5, training_task: 1, seed: 0, strategy: 'run' },
      { iteration: 2, task: 1, accuracy: 0.9, training_task: 1, seed: 0, strategy: 'run' },
      { iteration: 3, task: 1, accuracy: 0.4, training_task: 2, seed: 0, strategy: 'run' },
      { iteration: 3, task: 2, accuracy: 0.6, training_task: 2, seed: 0, strategy: 'run' },
      { iteration: 4, task: 1, accuracy: 0.7, training_task: 2, seed: 0, strategy: 'run' },
      { iteration: 4, task: 2, accuracy: 0.9, training_task: 2, seed: 0, strategy: 'run' },
    ]);
    const m = continualMetrics(evals).objects()[0] as Record<string, number>;
    expect(m.min_ACC).toBeCloseTo(0.4, 12);
    expect(m.FORG).toBeCloseTo(0.2, 12);
  });

  it('reads JSON lines with seeds, and averages metrics and curves over them', () => {
    const lines = [0, 1].flatMap((seed) => [[1, 1, 0.8], [2, 1, 0.6 + 0.2 * seed], [2, 2, 0.5]].map(([iteration, task, acc]) => JSON.stringify({ iteration, task, accuracy: acc, training_task: iteration, seed })));
    const evals = readEvaluations(file('runs.jsonl', lines.join('\n') + '\n'));
    const summary = meanOverSeeds(metricsByRun(evals)).objects()[0] as Record<string, number>;
    expect(summary.seeds).toBe(2);
    // FORG per seed: 0.8 − 0.6 = 0.2 and 0.8 − 0.8 = 0
    expect(summary.FORG).toBeCloseTo(0.1, 12);
    expect(summary.FORG_sd).toBeCloseTo(Math.SQRT2 * 0.1, 12);
    const point = (meanCurveOverSeeds(evals).objects() as Record<string, number>[]).find((r) => r.task === 1 && r.iteration === 2)!;
    expect(point.accuracy).toBeCloseTo(0.7, 12);
    expect([point.lo, point.hi].map((v) => Number(v.toFixed(6)))).toEqual([Number((0.7 - Math.SQRT2 * 0.1).toFixed(6)), Number((0.7 + Math.SQRT2 * 0.1).toFixed(6))]);
  });

  it('names a missing column, with the file and line', () => {
    expect(() => readEvaluations(file('nocol.csv', 'iteration,task,acc\n1,1,0.5\n'))).toThrow(/nocol\.csv:1: no column "accuracy" \(accuracy\): expected columns "iteration", "task", "accuracy".*got \["iteration", "task", "acc"\]/);
    expect(() => parseEvaluations('{"iteration": 1, "task": 1}\n', 'x.jsonl')).toThrow(/x\.jsonl:1: no column "accuracy"/);
  });

  it('names an iteration that goes back', () => {
    expect(() => parseEvaluations('iteration,task,accuracy\n1,1,0.5\n5,1,0.6\n4,1,0.7\n', 'back.csv')).toThrow(/back\.csv:4: iteration 4 of task 1 does not come after iteration 5 \(line 3\): expected increasing iterations/);
  });

  it('names a task out of range, a value that is not a number and a percentage', () => {
    expect(() => parseEvaluations('iteration,task,accuracy\n1,0,0.5\n', 'zero.csv')).toThrow(/zero\.csv:2: task 0 is out of range: expected an integer ≥ 1 \(set firstTask: 0/);
    expect(() => parseEvaluations('iteration,training_task,task,accuracy\n1,1,3,0.5\n', 'ahead.csv')).toThrow(/ahead\.csv:2: task 3 is out of range at iteration 1: it is beyond the task being trained \(1\)/);
    expect(() => parseEvaluations('iteration,task,accuracy\n1,1,abc\n', 'nan.csv')).toThrow(/nan\.csv:2: accuracy \(column "accuracy"\) is "abc": expected a finite number/);
    expect(() => parseEvaluations('iteration,task,accuracy\n1,1,87.5\n', 'pct.csv')).toThrow(/pct\.csv:2: accuracy 87.5 is outside \[0, 1\]/);
    expect(() => readEvaluations(join(dir, 'absent.csv'))).toThrow(/cannot read .*absent\.csv/);
  });
});
