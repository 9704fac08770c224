import { Chart, VEGA_LITE_SCHEMA } from './chart';
import { checkField, toRows, type ChartData } from './rows';

/** Options for {@link scatterChart}. */
export interface ScatterChartOptions {
  /** Numeric fields on the axes. */
  x: string;
  y: string;
  /** Field that colours the points. Default: one colour. */
  color?: string;
  /** Chart and axis titles. Default: none and the field names. */
  title?: string;
  xTitle?: string;
  yTitle?: string;
  /** Size in pixels. Default: 360 × 360. */
  width?: number;
  height?: number;
}

/**
 * A scatter plot, e.g. data points coloured by class or reward against true reward.
 * @param data - rows or an arquero table.
 * @param options - fields and titles; see {@link ScatterChartOptions}.
 * @returns a {@link Chart}.
 * @throws DataFormatError when data is empty or a field is missing; NumericError on NaN.
 * @example
 * scatterChart([{ a: 1, b: 2 }, { a: 2, b: 1 }], { x: 'a', y: 'b' })
 */
export function scatterChart(data: ChartData, options: ScatterChartOptions): Chart {
  const where = 'scatterChart';
  const rows = toRows(where, data);
  checkField(where, rows, options.x, { numeric: true });
  checkField(where, rows, options.y, { numeric: true });
  if (options.color) checkField(where, rows, options.color);
  const spec = {
    $schema: VEGA_LITE_SCHEMA,
    ...(options.title ? { title: options.title } : {}),
    width: options.width ?? 360,
    height: options.height ?? 360,
    data: { values: rows },
    mark: { type: 'point', filled: true, size: 30, opacity: 0.8 },
    encoding: {
      x: { field: options.x, type: 'quantitative', title: options.xTitle ?? options.x, scale: { zero: false } },
      y: { field: options.y, type: 'quantitative', title: options.yTitle ?? options.y, scale: { zero: false } },
      ...(options.color ? { color: { field: options.color, type: 'nominal', title: options.color } } : {}),
    },
  };
  return new Chart(spec, `scatter chart${options.title ? ` "${options.title}"` : ''}: ${options.y} against ${options.x}, ${rows.length} points`);
}
