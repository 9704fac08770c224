import { ConfigError, unknownKeywordMessage } from '../errors';
import { checkField, toRows, type ChartData } from './rows';

/** How the band around the mean is drawn. */
export type BandKind = 'sd' | 'se' | 'quantile';
const KINDS: readonly BandKind[] = ['sd', 'se', 'quantile'];

/** Options for {@link bandOverSeeds}. */
export interface BandOverSeedsOptions {
  /** Field on the x axis (step, epoch, iteration); rows with the same x and group are pooled. */
  x: string;
  /** The numeric field to summarise. */
  y: string;
  /** Field that names the series (strategy, configuration). Default: one series. */
  group?: string;
  /**
   * "sd": mean ± k standard deviations (sample sd, n − 1); "se": mean ± k standard errors
   * (sd / √n); "quantile": the `quantiles` of the values. Default: "sd".
   */
  band?: BandKind;
  /** Multiplier of sd or se, e.g. 1.96 with "se" for a normal 95% interval. Default: 1. */
  k?: number;
  /** Lower and upper quantile for "quantile" (linear interpolation, as numpy's default). Default: [0.25, 0.75]. */
  quantiles?: [number, number];
}

/** One row of {@link bandOverSeeds}: x and group keep their field names. */
export type BandRow = Record<string, unknown> & { mean: number; median: number; lo: number; hi: number; n: number };

const OUT_FIELDS = ['mean', 'median', 'lo', 'hi', 'n'];

/** The q-quantile of sorted values, interpolating linearly between order statistics. */
function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const i = Math.floor(pos);
  const frac = pos - i;
  return i + 1 < sorted.length ? sorted[i] + frac * (sorted[i + 1] - sorted[i]) : sorted[i];
}

/**
 * Summarises repeated runs (seeds) as a mean with a band, per x and group: the rows that
 * `lineChart` draws with its `band` option. With one value at an x the band has zero width.
 * @param data - rows or an arquero table, one row per run, x and (group): e.g. a sweep's reports.
 * @param options - fields and band kind; see {@link BandOverSeedsOptions}.
 * @returns rows sorted by group then x, with the x and group fields plus mean, median, lo, hi
 *   and n (the number of runs pooled).
 * @throws DataFormatError when data is empty or a field is missing; NumericError when x or y
 *   is not a finite number; ConfigError for an unknown band, a negative k or bad quantiles.
 * @example
 * const rows = bandOverSeeds(reports, { x: 'step', y: 'accuracy', group: 'strategy', band: 'se', k: 1.96 });
 * lineChart(rows, { x: 'step', y: 'mean', series: 'strategy', band: { lower: 'lo', upper: 'hi' } })
 */
export function bandOverSeeds(data: ChartData, options: BandOverSeedsOptions): BandRow[] {
  const where = 'bandOverSeeds';
  const band = options.band ?? 'sd';
  if (!KINDS.includes(band)) throw new ConfigError(unknownKeywordMessage(where, 'band', band, KINDS));
  const k = options.k ?? 1;
  if (!(Number.isFinite(k) && k >= 0)) throw new ConfigError(`${where}: k is ${k}: expected a finite number ≥ 0 (the multiplier of sd or se).`);
  const [qLo, qHi] = options.quantiles ?? [0.25, 0.75];
  if (!(qLo >= 0 && qLo <= qHi && qHi <= 1)) throw new ConfigError(`${where}: quantiles are [${qLo}, ${qHi}]: expected 0 ≤ lower ≤ upper ≤ 1, e.g. [0.1, 0.9].`);
  for (const f of [options.x, options.group]) {
    if (f !== undefined && OUT_FIELDS.includes(f)) throw new ConfigError(`${where}: field "${f}" has the name of an output column (${OUT_FIELDS.join(', ')}): rename it first, e.g. table.rename({ ${f}: '${f}_' }).`);
  }
  const rows = toRows(where, data);
  checkField(where, rows, options.x, { numeric: true });
  checkField(where, rows, options.y, { numeric: true });
  if (options.group !== undefined) checkField(where, rows, options.group);
  const groups = new Map<unknown, Map<number, number[]>>();
  for (const row of rows) {
    const g = options.group === undefined ? undefined : row[options.group];
    let byX = groups.get(g);
    if (!byX) groups.set(g, (byX = new Map()));
    const x = row[options.x] as number;
    let ys = byX.get(x);
    if (!ys) byX.set(x, (ys = []));
    ys.push(row[options.y] as number);
  }
  const out: BandRow[] = [];
  // Groups in first-seen order (the legend keeps the order of the runs), x ascending.
  for (const [g, byX] of groups) {
    for (const x of [...byX.keys()].sort((a, b) => a - b)) {
      const ys = byX.get(x)!;
      const n = ys.length;
      const mean = ys.reduce((a, b) => a + b, 0) / n;
      const sorted = [...ys].sort((a, b) => a - b);
      let lo: number;
      let hi: number;
      if (band === 'quantile') {
        lo = quantile(sorted, qLo);
        hi = quantile(sorted, qHi);
      } else {
        const sd = n > 1 ? Math.sqrt(ys.reduce((a, y) => a + (y - mean) ** 2, 0) / (n - 1)) : 0;
        const half = k * (band === 'se' ? sd / Math.sqrt(n) : sd);
        lo = mean - half;
        hi = mean + half;
      }
      const row: BandRow = { [options.x]: x, mean, median: quantile(sorted, 0.5), lo, hi, n };
      if (options.group !== undefined) row[options.group] = g;
      out.push(row);
    }
  }
  return out;
}
