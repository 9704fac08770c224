import * as aq from 'arquero';
import { ConfigError, DataFormatError, unknownKeywordMessage } from '../errors';
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

/** How the window w of {@link windowedForgetting} and {@link windowedPlasticity} is counted. */
export interface WindowOptions {
  /**
   * "evaluations": w consecutive evaluations of the task (the authors' definition, and the same
   * as "iterations" when every iteration is evaluated). "iterations": pairs less than w
   * iterations apart, so WF^10 means the same with a sparse or uneven evaluation schedule (a
   * lower bound there, from the evaluations that exist). Default: "evaluations".
   */
  unit?: 'evaluations' | 'iterations';
}

function windowed(rows: EvalRow[], w: number, sign: 1 | -1, unit: 'evaluations' | 'iterations'): number {
  const tasks = [...new Set(rows.map((r) => r.task))].sort((a, b) => a - b);
  let total = 0;
  for (const t of tasks) {
    const s = series(rows, t);
    let best = 0;
    for (let n = 1; n < s.length; n++) {
      for (let m = n - 1; m >= 0; m--) {
        if (unit === 'evaluations' ? n - m >= w : s[n].iteration - s[m].iteration >= w) break;
        best = Math.max(best, sign * (s[m].accuracy - s[n].accuracy));
      }
    }
    total += best;
  }
  return total / tasks.length;
}

function checkWindow(where: string, w: number, options: WindowOptions): 'evaluations' | 'iterations' {
  if (!Number.isInteger(w) || w < 2) throw new ConfigError(`${where}: window is ${w}: expected an integer of at least 2 (the authors use 10 and 100).`);
  const unit = options.unit ?? 'evaluations';
  if (unit !== 'evaluations' && unit !== 'iterations') throw new ConfigError(unknownKeywordMessage(where, 'unit', unit, ['evaluations', 'iterations']));
  return unit;
}

/**
 * WF^w, windowed forgetting: per task, the largest drop A(m) − A(n), m before n, within any
 * window of w consecutive evaluations of that task; averaged over tasks. The authors use w = 10
 * and w = 100.
 * @param evaluations - continual evaluations (iteration, training_task, task, accuracy).
 * @param w - the window, in evaluations (or iterations, see {@link WindowOptions}).
 * @returns WF^w, in accuracy units (0 when no task ever drops).
 * @throws ConfigError for a window under 2 or an unknown unit; DataFormatError for a missing column.
 * @example
 * windowedForgetting(run.evaluations, 10) // WF^10
 */
export function windowedForgetting(evaluations: Evaluations, w: number, options: WindowOptions = {}): number {
  return windowed(toRows('windowedForgetting', evaluations), w, 1, checkWindow('windowedForgetting', w, options));
}

/**
 * WP^w, windowed plasticity: as {@link windowedForgetting} with the largest rise A(n) − A(m),
 * m before n in the window. This is the definition (De Lange et al. 2023, Sec. 3). The authors'
 * code inherits a shortcut from its forgetting metric: it compares A(n) with the *highest* earlier
 * value in the window, max(A(n) − max_m A(m), 0), so it skips the best starting point of a rise
 * (the lowest earlier value). For one task evaluated 0.5, 0.1, 0.9 and w = 10 theirs is 0.4
 * (0.9 − 0.5), ours 0.8 (0.9 − 0.1). WF^w agrees with theirs, as does WP^w on curves that only rise.
 * @param evaluations - continual evaluations (iteration, training_task, task, accuracy).
 * @param w - the window, in evaluations (or iterations, see {@link WindowOptions}).
 * @returns WP^w, in accuracy units.
 * @throws ConfigError for a window under 2 or an unknown unit; DataFormatError for a missing column.
 * @example
 * windowedPlasticity(run.evaluations, 100) // WP^100
 */
export function windowedPlasticity(evaluations: Evaluations, w: number, options: WindowOptions = {}): number {
  return windowed(toRows('windowedPlasticity', evaluations), w, -1, checkWindow('windowedPlasticity', w, options));
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
 * Average forgetting as Chaudhry et al. define it (Riemannian Walk, ECCV 2018): mean over tasks
 * j < T of the best task-end accuracy max_{l<T} R[l][j] minus the final R[T][j]. A task with
 * task-end accuracies 0.8 (its own), 0.9, 0.7 (final) contributes 0.2. Not the paper's FORG: see
 * {@link streamForgetting}.
 * @param evaluations - continual evaluations (iteration, training_task, task, accuracy).
 * @returns the mean forgetting, or null for a single task.
 * @throws DataFormatError for missing columns or no evaluations.
 * @example
 * averageForgetting(run.evaluations) // Chaudhry's max-based forgetting
 */
export function averageForgetting(evaluations: Evaluations): number | null {
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

/** The former name of {@link averageForgetting} (Chaudhry's max-based forgetting). */
export const forgetting = averageForgetting;

/**
 * Stream forgetting as Avalanche computes it and the stability-gap paper reports it (FORG): mean
 * over tasks j < T of the accuracy right after learning it, R[j][j], minus the final R[T][j]
 * (−BWT). A task with task-end accuracies 0.8 (its own), 0.9, 0.7 (final) contributes 0.1.
 * @param evaluations - continual evaluations (iteration, training_task, task, accuracy).
 * @returns FORG, or null for a single task.
 * @throws DataFormatError for missing columns or no evaluations.
 * @example
 * streamForgetting(run.evaluations) // the paper's FORG
 */
export function streamForgetting(evaluations: Evaluations): number | null {
  const R = accuracyMatrix(evaluations);
  const T = R.length;
  if (T < 2) return null;
  let s = 0;
  for (let j = 0; j < T - 1; j++) s += (R[j][j] ?? 0) - (R[T - 1][j] ?? 0);
  return s / (T - 1);
}

/** Options for {@link continualMetrics}. */
export interface ContinualMetricsOptions {
  /** How WF^w and WP^w count their window; see {@link WindowOptions}. Default: "evaluations". */
  windowUnit?: 'evaluations' | 'iterations';
}

/** True when every task is evaluated at every iteration from its first evaluation to its last. */
function evaluatedEveryIteration(rows: EvalRow[]): boolean {
  const tasks = [...new Set(rows.map((r) => r.task))];
  return tasks.every((t) => series(rows, t).every((r, i, s) => i === 0 || r.iteration - s[i - 1].iteration === 1));
}

/**
 * All the summary metrics of one run as a one-row table: ACC, min-ACC, WC-ACC, WF^10, WF^100,
 * WP^10, WP^100, BWT, FORG (the paper's stream forgetting, {@link streamForgetting}) and
 * avg_forgetting (Chaudhry's, {@link averageForgetting}). When every task is evaluated at every
 * iteration the window columns are WF10, WF100, WP10, WP100 (the paper's); otherwise a window of
 * w evaluations is not w iterations, and the columns say what they measure: WF10_evals (10
 * evaluations) or WF10_iters (10 iterations), after `windowUnit`.
 * @param evaluations - continual evaluations (iteration, training_task, task, accuracy).
 * @param name - the name in the `strategy` column.
 * @param options - how the windows are counted.
 * @returns a one-row arquero table.
 * @throws DataFormatError for missing columns or no evaluations.
 * @example
 * continualMetrics(run.evaluations, 'replay')
 */
export function continualMetrics(evaluations: Evaluations, name = 'run', options: ContinualMetricsOptions = {}): aq.ColumnTable {
  const rows = toRows('continualMetrics', evaluations);
  const unit = options.windowUnit ?? 'evaluations';
  const suffix = evaluatedEveryIteration(rows) ? '' : unit === 'evaluations' ? '_evals' : '_iters';
  const windows = [
    ...[10, 100].map((w) => [`WF${w}${suffix}`, windowedForgetting(rows, w, { unit })]),
    ...[10, 100].map((w) => [`WP${w}${suffix}`, windowedPlasticity(rows, w, { unit })]),
  ];
  return aq.from([{
    strategy: name,
    ACC: averageAccuracy(rows),
    min_ACC: minAcc(rows),
    WC_ACC: wcAcc(rows),
    ...Object.fromEntries(windows),
    BWT: backwardTransfer(rows),
    FORG: streamForgetting(rows),
    avg_forgetting: averageForgetting(rows),
  }]);
}
