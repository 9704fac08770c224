import * as aq from 'arquero';
import { DataFormatError } from '../errors';
import type { TableLike } from '../table/table-bundle';
import type { EvalRow } from './train-continual';

/** Continual-evaluation rows: from a table or an array (iteration, training_task, task, accuracy). */
export type Evaluations = TableLike | readonly EvalRow[];

function toRows(where: string, evaluations: Evaluations): EvalRow[] {
  const rows = (Array.isArray(evaluations) ? evaluations : (evaluations as TableLike).objects()) as EvalRow[];
  if (rows.length === 0) throw new DataFormatError(`${where}: there are no evaluations.`);
  for (const col of ['iteration', 'training_task', 'task', 'accuracy'] as const) {
    if (!(col in rows[0])) throw new DataFormatError(`${where}: evaluations have no column "${col}": expected iteration, training_task, task, accuracy (as trainContinual writes them).`);
  }
  return rows;
}

/** The accuracies of task `task` (1-based), in order of iteration. */
function series(rows: EvalRow[], task: number): EvalRow[] {
  return rows.filter((r) => r.task === task).sort((a, b) => a.iteration - b.iteration);
}

/**
 * t_i: the last iteration at which task i (1-based) was trained, for i = 1…T.
 * @example
 * taskBoundaries(run.evaluations) // e.g. [200, 400, 600, 800, 1000]
 */
export function taskBoundaries(evaluations: Evaluations): number[] {
  const rows = toRows('taskBoundaries', evaluations);
  const tasks = Math.max(...rows.map((r) => r.training_task));
  return Array.from({ length: tasks }, (_, i) => Math.max(...rows.filter((r) => r.training_task === i + 1).map((r) => r.iteration)));
}

/**
 * The accuracy matrix R: R[i][j] is the accuracy on task j at the end of training task i
 * (null where task j was not evaluated then, e.g. j > i).
 * @example
 * heatmap(accuracyMatrix(run.evaluations), { rowTitle: 'after task', colTitle: 'task' })
 */
export function accuracyMatrix(evaluations: Evaluations): (number | null)[][] {
  const rows = toRows('accuracyMatrix', evaluations);
  const ends = taskBoundaries(rows);
  return ends.map((t) => ends.map((_, j) => rows.find((r) => r.iteration === t && r.task === j + 1)?.accuracy ?? null));
}

/**
 * ACC: the mean accuracy over all tasks after the last task, (1/T) Σ_i A_i(t_T).
 * @example
 * averageAccuracy(run.evaluations) // ACC
 */
export function averageAccuracy(evaluations: Evaluations): number {
  const R = accuracyMatrix(evaluations);
  const last = R[R.length - 1].filter((v): v is number => v !== null);
  return last.reduce((s, v) => s + v, 0) / last.length;
}

/**
 * min-ACC_k: for each earlier task i < k, its lowest accuracy since it was learned
 * (t_i < n ≤ t_k), averaged. Null for k = 1, where no task came before.
 * @param k - the current task, 1-based. Default: the last task.
 * @example
 * minAcc(run.evaluations, 2) // null for k = 1
 */
export function minAcc(evaluations: Evaluations, k?: number): number | null {
  const rows = toRows('minAcc', evaluations);
  const ends = taskBoundaries(rows);
  const kk = k ?? ends.length;
  if (kk <= 1) return null;
  let sum = 0;
  for (let i = 1; i < kk; i++) {
    const after = series(rows, i).filter((r) => r.iteration > ends[i - 1] && r.iteration <= ends[kk - 1]);
    if (after.length === 0) throw new DataFormatError(`minAcc: task ${i} was never evaluated after it was learned (iterations ${ends[i - 1] + 1}…${ends[kk - 1]}).`);
    sum += Math.min(...after.map((r) => r.accuracy));
  }
  return sum / (kk - 1);
}

/**
 * WC-ACC at iteration n: (1/k)·A_k(n) + (1 − 1/k)·min-ACC_k, k the task trained at n.
 * @param iteration - default: the last evaluation.
 * @example
 * wcAcc(run.evaluations) // at the last evaluation
 */
export function wcAcc(evaluations: Evaluations, iteration?: number): number {
  const rows = toRows('wcAcc', evaluations);
  const n = iteration ?? Math.max(...rows.map((r) => r.iteration));
  const atN = rows.filter((r) => r.iteration === n);
  if (atN.length === 0) throw new DataFormatError(`wcAcc: no evaluation at iteration ${n}.`);
  const k = atN[0].training_task;
  const current = atN.find((r) => r.task === k)!.accuracy;
  if (k === 1) return current;
  // min-ACC up to n (not t_k): the worst case seen so far
  const ends = taskBoundaries(rows);
  let sum = 0;
  for (let i = 1; i < k; i++) sum += Math.min(...series(rows, i).filter((r) => r.iteration > ends[i - 1] && r.iteration <= n).map((r) => r.accuracy));
  return current / k + (1 - 1 / k) * (sum / (k - 1));
}

function windowed(rows: EvalRow[], w: number, sign: 1 | -1): number {
  const tasks = [...new Set(rows.map((r) => r.task))].sort((a, b) => a - b);
  let total = 0;
  for (const t of tasks) {
    const acc = series(rows, t).map((r) => r.accuracy);
    let best = 0;
    for (let n = 1; n < acc.length; n++) {
      for (let m = Math.max(0, n - w + 1); m < n; m++) best = Math.max(best, sign * (acc[m] - acc[n]));
    }
    total += best;
  }
  return total / tasks.length;
}

/**
 * WF^w, windowed forgetting: per task, the largest drop A(m) − A(n), m before n, within any
 * window of w consecutive evaluations of that task; averaged over tasks. The authors use w = 10
 * and w = 100.
 * @example
 * windowedForgetting(run.evaluations, 10) // WF^10
 */
export function windowedForgetting(evaluations: Evaluations, w: number): number {
  return windowed(toRows('windowedForgetting', evaluations), w, 1);
}

/**
 * WP^w, windowed plasticity: as {@link windowedForgetting} with the largest rise A(n) − A(m).
 * @example
 * windowedPlasticity(run.evaluations, 100) // WP^100
 */
export function windowedPlasticity(evaluations: Evaluations, w: number): number {
  return windowed(toRows('windowedPlasticity', evaluations), w, -1);
}

/**
 * BWT: mean over tasks j < T of R[T][j] − R[j][j] (negative when tasks are forgotten).
 * @example
 * backwardTransfer(run.evaluations) // BWT, negative when tasks are forgotten
 */
export function backwardTransfer(evaluations: Evaluations): number | null {
  const R = accuracyMatrix(evaluations);
  const T = R.length;
  if (T < 2) return null;
  let s = 0;
  for (let j = 0; j < T - 1; j++) s += (R[T - 1][j] ?? 0) - (R[j][j] ?? 0);
  return s / (T - 1);
}

/**
 * Forgetting: mean over tasks j < T of the best accuracy R[i][j] (i < T) minus the final R[T][j].
 * @example
 * forgetting(run.evaluations)
 */
export function forgetting(evaluations: Evaluations): number | null {
  const R = accuracyMatrix(evaluations);
  const T = R.length;
  if (T < 2) return null;
  let s = 0;
  for (let j = 0; j < T - 1; j++) {
    const best = Math.max(...R.slice(j, T - 1).map((row) => row[j] ?? -Infinity));
    s += best - (R[T - 1][j] ?? 0);
  }
  return s / (T - 1);
}

/**
 * All the summary metrics of one run as a one-row table: ACC, min-ACC, WC-ACC, WF^10, WF^100,
 * WP^10, WP^100, BWT and forgetting.
 * @param name - the name in the `strategy` column.
 * @example
 * continualMetrics(run.evaluations, 'replay')
 */
export function continualMetrics(evaluations: Evaluations, name = 'run'): aq.ColumnTable {
  const rows = toRows('continualMetrics', evaluations);
  return aq.from([{
    strategy: name,
    ACC: averageAccuracy(rows),
    min_ACC: minAcc(rows),
    WC_ACC: wcAcc(rows),
    WF10: windowedForgetting(rows, 10),
    WF100: windowedForgetting(rows, 100),
    WP10: windowedPlasticity(rows, 10),
    WP100: windowedPlasticity(rows, 100),
    BWT: backwardTransfer(rows),
    forgetting: forgetting(rows),
  }]);
}
