import * as aq from 'arquero';
import type { Chart } from '../plot/chart';
import { lineChart } from '../plot/line-chart';
import { taskBoundaries, type Evaluations } from './continual-metrics';
import type { EvalRow } from './train-continual';

/** Options for {@link stabilityGapChart}. */
export interface StabilityGapChartOptions {
  /** Tasks to draw (1-based). Default: all. */
  tasks?: number[];
  /** Only iterations in [from, to]. Default: all. */
  from?: number;
  to?: number;
  /** Title. Default: "Accuracy per task during training". */
  title?: string;
  /** Field that makes separate series besides the task, e.g. "strategy". Default: none. */
  by?: string;
  /** Draw a band between the rows' `lo` and `hi` (from `meanCurveOverSeeds`: mean ± sd over seeds). Default: false. */
  band?: boolean;
}

/**
 * The stability-gap figure: accuracy of each task against the training iteration, with a
 * dashed rule where each new task starts. Evaluating often shows the sharp drop of old tasks
 * right after a switch and the partial recovery after it.
 * @param evaluations - from `trainContinual` (several runs may be concatenated; use `by`), or
 *   `meanCurveOverSeeds` with `band: true`.
 * @param options - tasks, iteration range, title, series field and band.
 * @returns a line chart.
 * @example
 * stabilityGapChart(run.evaluations, { tasks: [1], title: 'Task 1 during the whole stream' })
 */
export function stabilityGapChart(evaluations: Evaluations, options: StabilityGapChartOptions = {}): Chart {
  const all = (Array.isArray(evaluations) ? evaluations : (evaluations as aq.ColumnTable).objects()) as (EvalRow & Record<string, unknown>)[];
  const ends = taskBoundaries(all);
  const from = options.from ?? -Infinity;
  const to = options.to ?? Infinity;
  const rows = all
    .filter((r) => (options.tasks ? options.tasks.includes(r.task) : true) && r.iteration >= from && r.iteration <= to)
    .map((r) => ({ iteration: r.iteration, accuracy: r.accuracy, ...(options.band ? { lo: r.lo, hi: r.hi } : {}), series: options.by ? `task ${r.task}, ${String(r[options.by])}` : `task ${r.task}` }));
  const rules = ends.slice(0, -1).map((t, i) => ({ value: t, label: `task ${i + 2}` })).filter((r) => r.value >= from && r.value <= to);
  return lineChart(rows, { x: 'iteration', y: 'accuracy', series: 'series', rules, yDomain: [0, 1], ...(options.band ? { band: { lower: 'lo', upper: 'hi' } } : {}), title: options.title ?? 'Accuracy per task during training', yTitle: 'test accuracy', height: 300, width: 560 });
}

/**
 * Forgetting curves: each task's accuracy against the iterations since it was learned
 * (n − t_i, for n > t_i), so tasks can be compared on one axis.
 * @returns rows since, accuracy, task (and any extra columns such as strategy).
 * @example
 * lineChart(forgettingCurves(run.evaluations), { x: 'since', y: 'accuracy', series: 'task' })
 */
export function forgettingCurves(evaluations: Evaluations): aq.ColumnTable {
  const all = (Array.isArray(evaluations) ? evaluations : (evaluations as aq.ColumnTable).objects()) as (EvalRow & Record<string, unknown>)[];
  const ends = taskBoundaries(all);
  return aq.from(all.filter((r) => r.iteration > ends[r.task - 1]).map((r) => ({ ...r, since: r.iteration - ends[r.task - 1], task: `task ${r.task}` })));
}
