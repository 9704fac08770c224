import * as aq from 'arquero';
import { ConfigError, DataFormatError, describeValue } from '../errors';

/** Options for {@link reportBands}. */
export interface ReportBandsOptions {
  /** The reported metric to summarise. */
  metric: string;
  /** Config columns that make a series (e.g. ["strategy"]); the trials within one (the seeds) are pooled. */
  by: string[];
  /** "sd": mean ± one sample standard deviation; "se": ± one standard error; or quantiles such as [0.1, 0.9]. Default: "sd". */
  band?: 'sd' | 'se' | [number, number];
}

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (pos - lo);
}

/**
 * Pools a sweep's reports over the trials of each series (the seeds) at every step: mean, band
 * edges and count, plus a `series` label, ready for `lineChart(…, { x: 'step', y: 'mean',
 * series: 'series', band: { lower: 'lower', upper: 'upper' } })`. A step that one trial alone
 * reached has a band of zero width.
 * @param reports - the `reports` table of a sweep (trial, config columns, step, metric, value).
 * @param options - metric, the series columns, and the band kind.
 * @returns a table with the `by` columns, series, step, mean, lower, upper, n.
 * @throws ConfigError for a bad band; DataFormatError when a column is missing or the metric was never reported.
 * @example
 * lineChart(reportBands(r.reports, { metric: 'acc', by: ['strategy'] }), { x: 'step', y: 'mean', series: 'series', band: { lower: 'lower', upper: 'upper' } })
 */
export function reportBands(reports: aq.ColumnTable, options: ReportBandsOptions): aq.ColumnTable {
  const band = options.band ?? 'sd';
  if (Array.isArray(band) ? !(band.length === 2 && band[0] >= 0 && band[0] < band[1] && band[1] <= 1) : band !== 'sd' && band !== 'se') {
    throw new ConfigError(`reportBands: band is ${describeValue(band)}: expected "sd", "se" or two quantiles [low, high] with 0 ≤ low < high ≤ 1.`);
  }
  const names = reports.columnNames();
  for (const c of ['step', 'metric', 'value', ...options.by]) {
    if (!names.includes(c)) throw new DataFormatError(`reportBands: the reports table has no column "${c}": it has ${names.join(', ')}. Pass the reports of a sweep and config columns as "by".`);
  }
  const groups = new Map<string, { keys: Record<string, unknown>; step: number; values: number[] }>();
  for (const row of reports.objects() as Record<string, unknown>[]) {
    if (row.metric !== options.metric) continue;
    const keys = Object.fromEntries(options.by.map((k) => [k, row[k]]));
    const id = JSON.stringify([keys, row.step]);
    const g = groups.get(id) ?? { keys, step: row.step as number, values: [] };
    g.values.push(row.value as number);
    groups.set(id, g);
  }
  if (groups.size === 0) throw new DataFormatError(`reportBands: no report of metric "${options.metric}": the reports hold ${[...new Set(reports.array('metric') as string[])].map((m) => `"${m}"`).join(', ') || 'nothing'}.`);
  const rows = [...groups.values()].map(({ keys, step, values }) => {
    const n = values.length;
    const mean = values.reduce((a, b) => a + b, 0) / n;
    const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
    const sorted = values.slice().sort((a, b) => a - b);
    const [lower, upper] = Array.isArray(band) ? [quantile(sorted, band[0]), quantile(sorted, band[1])] : band === 'se' ? [mean - sd / Math.sqrt(n), mean + sd / Math.sqrt(n)] : [mean - sd, mean + sd];
    return { ...keys, series: options.by.map((k) => `${k} ${keys[k]}`).join(', '), step, mean, lower, upper, n };
  });
  return aq.from(rows).orderby('series', 'step');
}
