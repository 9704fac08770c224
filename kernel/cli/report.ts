import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as aq from 'arquero';
import { accuracyMatrix, forgettingCurves, formatMeanSd, heatmap, lineChart, meanCurveOverSeeds, meanOverSeeds, metricsByRun, readEvaluations, save, stabilityGapChart, tableBundle, type Chart, type EvaluationColumns } from '../../lib/index';

/** Options of `feedbacklab report`. */
export interface ReportOptions {
  out: string;
  columns?: EvaluationColumns;
  firstTask?: 0 | 1;
  windowUnit?: 'evaluations' | 'iterations';
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'run';

/** Parses "iteration=step,task=experience" into column names. */
export function parseColumns(spec: string): EvaluationColumns {
  const out: Record<string, string> = {};
  for (const pair of spec.split(',')) {
    const [field, name] = pair.split('=').map((s) => s.trim());
    if (!field || !name) throw new Error(`feedbacklab report: --columns "${spec}": expected field=name pairs separated by commas, e.g. iteration=step,task=experience.`);
    out[field] = name;
  }
  return out;
}

/**
 * `feedbacklab report FILE --out DIR`: the continual metrics (per run, and mean ± sd over seeds)
 * and, per strategy, the stability-gap figure (band over seeds), forgetting curves and accuracy
 * matrix as SVG, PNG and HTML, from a CSV or JSON-lines file of evaluations.
 * @returns the files written.
 */
export async function report(file: string, options: ReportOptions): Promise<string[]> {
  const evals = readEvaluations(file, { columns: options.columns, firstTask: options.firstTask });
  mkdirSync(options.out, { recursive: true });
  const written: string[] = [];
  const write = (name: string, text: string) => {
    const path = join(options.out, name);
    writeFileSync(path, text);
    written.push(path);
  };
  const perRun = metricsByRun(evals, { windowUnit: options.windowUnit });
  const summary = meanOverSeeds(perRun);
  write('metrics-by-run.csv', perRun.toCSV());
  write('metrics.csv', summary.toCSV());
  write('metrics.txt', `${(tableBundle(formatMeanSd(summary), { limit: 1000 })['text/plain'] as string)}\n`);
  const curve = meanCurveOverSeeds(evals);
  const charts = async (name: string, chart: Chart) => {
    for (const ext of ['svg', 'png', 'html']) written.push(await save(chart, join(options.out, `${name}.${ext}`)));
  };
  for (const strategy of summary.array('strategy') as string[]) {
    const mine = aq.from((curve.objects() as { strategy: string }[]).filter((r) => r.strategy === strategy));
    const seeds = (summary.objects() as { strategy: string; seeds: number }[]).find((r) => r.strategy === strategy)!.seeds;
    await charts(`stability-gap-${slug(strategy)}`, stabilityGapChart(mine, { band: seeds > 1, title: `${strategy}: accuracy per task${seeds > 1 ? ` (mean ± sd over ${seeds} seeds)` : ''}` }));
    await charts(`forgetting-curves-${slug(strategy)}`, lineChart(forgettingCurves(mine), { x: 'since', y: 'accuracy', series: 'task', yDomain: [0, 1], title: `${strategy}: forgetting curves`, xTitle: 'iterations since the task was learned', yTitle: 'test accuracy' }));
    const R = accuracyMatrix(mine);
    await charts(`accuracy-matrix-${slug(strategy)}`, heatmap(R, { title: `${strategy}: accuracy on task j after training task i`, rowLabels: R.map((_, i) => `task ${i + 1}`), colLabels: R.map((_, j) => `task ${j + 1}`), rowTitle: 'after training', colTitle: 'evaluated on', valueTitle: 'accuracy' }));
  }
  return written;
}

/** The CLI's entry: writes the report, prints the metrics table and the files written. */
export async function reportCommand(file: string, options: ReportOptions): Promise<number> {
  const written = await report(file, options);
  console.log(readFileSync(join(options.out, 'metrics.txt'), 'utf8'));
  console.log(`wrote ${written.length} files to ${options.out}:\n  ${written.map((p) => p.split('/').pop()).join('\n  ')}`);
  return 0;
}
