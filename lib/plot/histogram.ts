import { DataFormatError } from '../errors';
import { Chart, VEGA_LITE_SCHEMA } from './chart';
import { checkField, toRows, type ChartData } from './rows';

/** Options for {@link histogram}. */
export interface HistogramOptions {
  /** The numeric field to bin (required when data are rows). Default for plain numbers: "value". */
  field?: string;
  /** Field whose values make overlaid, coloured histograms. Default: one histogram. */
  series?: string;
  /** Largest number of bins. Default: 30. */
  maxBins?: number;
  /** Chart title and x-axis title. Default: none and the field name. */
  title?: string;
  xTitle?: string;
  /** Size in pixels. Default: 480 × 240. */
  width?: number;
  height?: number;
}

/**
 * A histogram of a numeric field (or of plain numbers), e.g. reward scores or disagreements.
 * @param data - numbers, rows or an arquero table.
 * @param options - field, bins and titles; see {@link HistogramOptions}.
 * @returns a {@link Chart}.
 * @throws DataFormatError when data is empty, a value is not a number or the field is missing;
 *   NumericError on NaN, ±Infinity or an extent that overflows (e.g. ±1e308).
 * @example
 * histogram([0.1, 0.4, 0.35, 0.8], { title: 'rewards' })
 */
export function histogram(data: readonly number[] | ChartData, options: HistogramOptions = {}): Chart {
  const where = 'histogram';
  const field = options.field ?? 'value';
  // Plain values when no element is a row object; each must then be a number.
  const plain = Array.isArray(data) && data.length > 0 && data.every((d) => typeof d !== 'object' || d === null);
  if (plain) {
    (data as unknown[]).forEach((d, i) => {
      if (typeof d !== 'number') throw new DataFormatError(`${where}: value ${i} is ${d === null || d === undefined ? String(d) : `the ${typeof d} ${JSON.stringify(d)}`}: expected numbers (or row objects with options.field). Convert them first, e.g. values.map(Number).`);
    });
  }
  const rows = plain ? (data as number[]).map((value) => ({ [field]: value })) : toRows(where, data as ChartData);
  checkField(where, rows, field, { numeric: true });
  if (options.series) checkField(where, rows, options.series);
  const color = options.series ? { color: { field: options.series, type: 'nominal' } } : {};
  const spec = {
    $schema: VEGA_LITE_SCHEMA,
    ...(options.title ? { title: options.title } : {}),
    width: options.width ?? 480,
    height: options.height ?? 240,
    data: { values: rows },
    mark: { type: 'bar', opacity: options.series ? 0.6 : 1 },
    encoding: {
      x: { field, type: 'quantitative', bin: { maxbins: options.maxBins ?? 30 }, title: options.xTitle ?? field },
      y: { aggregate: 'count', type: 'quantitative', title: 'count', stack: null },
      ...color,
    },
  };
  return new Chart(spec, `histogram${options.title ? ` "${options.title}"` : ''} of ${field}, ${rows.length} values`);
}
