import * as aq from 'arquero';
import { DataFormatError } from '../errors';
import { continualMetrics, type ContinualMetricsOptions, type Evaluations } from './continual-metrics';
import type { EvalRow } from './train-continual';

type Row = EvalRow & { seed?: number; strategy?: string };

function rowsOf(evaluations: Evaluations): Row[] {
  return (Array.isArray(evaluations) ? evaluations : (evaluations as aq.ColumnTable).objects()) as Row[];
}

/** Rows grouped by run: strategy and seed (missing ones count as "run" and 0), in first-seen order. */
function runs(rows: Row[]): Map<string, { strategy: string; seed: number; rows: Row[] }> {
  const out = new Map<string, { strategy: string; seed: number; rows: Row[] }>();
  for (const r of rows) {
    const strategy = r.strategy ?? 'run';
    const seed = r.seed ?? 0;
    const key = `${strategy}\u0000${seed}`;
    if (!out.has(key)) out.set(key, { strategy, seed, rows: [] });
    out.get(key)!.rows.push(r);
  }
  return out;
}

/**
 * The summary metrics of every run in a table of evaluations from several strategies and seeds
 * (columns strategy and seed; either may be missing): one row per run, as {@link continualMetrics}.
 * @param evaluations - evaluations of one or more runs.
 * @param options - how the windows are counted.
 * @returns strategy, seed and the metrics, one row per run.
 * @throws DataFormatError for no evaluations or missing columns.
 * @example
 * metricsByRun(readEvaluations('evals.csv'))
 */
export function metricsByRun(evaluations: Evaluations, options: ContinualMetricsOptions = {}): aq.ColumnTable {
  const rows = rowsOf(evaluations);
  if (rows.length === 0) throw new DataFormatError('metricsByRun: there are no evaluations.');
  return aq.from([...runs(rows).values()].map((run) => ({ seed: run.seed, ...(continualMetrics(run.rows, run.strategy, options).objects()[0] as object) }))).relocate('strategy', { before: 'seed' });
}

const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
// sample standard deviation (n − 1); 0 for one seed
const sd = (xs: number[]) => (xs.length < 2 ? 0 : Math.sqrt(xs.reduce((s, v) => s + (v - mean(xs)) ** 2, 0) / (xs.length - 1)));

/**
 * Mean and sample standard deviation over seeds of every metric in a {@link metricsByRun} table,
 * per strategy: columns strategy, seeds, then for each metric M the columns M (mean) and M_sd.
 * Null metrics (min-ACC of a single task) stay null.
 * @param perRun - from metricsByRun.
 * @returns one row per strategy.
 * @example
 * meanOverSeeds(metricsByRun(evals))
 */
export function meanOverSeeds(perRun: aq.ColumnTable): aq.ColumnTable {
  const rows = perRun.objects() as Record<string, unknown>[];
  const metrics = perRun.columnNames().filter((c) => c !== 'strategy' && c !== 'seed');
  const strategies = [...new Set(rows.map((r) => r.strategy as string))];
  return aq.from(strategies.map((s) => {
    const mine = rows.filter((r) => r.strategy === s);
    const out: Record<string, unknown> = { strategy: s, seeds: mine.length };
    for (const m of metrics) {
      const xs = mine.map((r) => r[m]).filter((v): v is number => typeof v === 'number');
      out[m] = xs.length ? mean(xs) : null;
      out[`${m}_sd`] = xs.length ? sd(xs) : null;
    }
    return out;
  }));
}

/**
 * A {@link meanOverSeeds} table as text cells "mean ± sd" (3 decimals; the mean alone for one
 * seed), for reading and README tables.
 * @param summary - from meanOverSeeds.
 * @returns strategy, seeds and one text column per metric.
 * @example
 * formatMeanSd(meanOverSeeds(metricsByRun(evals)))
 */
export function formatMeanSd(summary: aq.ColumnTable): aq.ColumnTable {
  const names = summary.columnNames().filter((c) => c !== 'strategy' && c !== 'seeds' && !c.endsWith('_sd'));
  return aq.from((summary.objects() as Record<string, unknown>[]).map((r) => ({
    strategy: r.strategy,
    seeds: r.seeds,
    // one seed has no spread to show
    ...Object.fromEntries(names.map((m) => [m, r[m] === null ? 'null' : (r.seeds as number) < 2 ? (r[m] as number).toFixed(3) : `${(r[m] as number).toFixed(3)} ± ${(r[`${m}_sd`] as number).toFixed(3)}`])),
  })));
}

/**
 * Mean and standard deviation over seeds of each task's accuracy at each iteration, per strategy:
 * the data of a stability-gap figure with a band. Iterations evaluated in only some seeds use those.
 * @param evaluations - evaluations with a seed column (and optionally strategy).
 * @returns rows strategy, task, iteration, training_task, accuracy (mean), sd, lo, hi (mean ± sd, clipped to [0, 1]), seeds.
 * @example
 * meanCurveOverSeeds(allSeeds)
 */
export function meanCurveOverSeeds(evaluations: Evaluations): aq.ColumnTable {
  const groups = new Map<string, { strategy: string; task: number; iteration: number; training_task: number; accs: number[] }>();
  for (const r of rowsOf(evaluations)) {
    const strategy = r.strategy ?? 'run';
    const key = `${strategy}\u0000${r.task}\u0000${r.iteration}`;
    if (!groups.has(key)) groups.set(key, { strategy, task: r.task, iteration: r.iteration, training_task: r.training_task, accs: [] });
    groups.get(key)!.accs.push(r.accuracy);
  }
  return aq.from([...groups.values()].map((g) => {
    const m = mean(g.accs);
    const s = sd(g.accs);
    return { strategy: g.strategy, task: g.task, iteration: g.iteration, training_task: g.training_task, accuracy: m, sd: s, lo: Math.max(0, m - s), hi: Math.min(1, m + s), seeds: g.accs.length };
  }));
}
