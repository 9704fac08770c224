import { ConfigError } from '../errors';
import { Chart, VEGA_LITE_SCHEMA, type VegaLiteSpec } from './chart';
import { checkField, toRows, type ChartData } from './rows';

/** A vertical rule, e.g. a task boundary. */
export interface Rule {
  /** Position on the x axis. */
  value: number;
  /** Text shown at the top of the rule. Default: none. */
  label?: string;
}

/** Options for {@link lineChart}. */
export interface LineChartOptions {
  /** Field on the x axis (numeric). */
  x: string;
  /** Field on the y axis (numeric). */
  y: string;
  /** Field whose values name the series (one line and colour each). Default: one series. */
  series?: string;
  /** Chart title. Default: none. */
  title?: string;
  /** Axis titles. Default: the field names. */
  xTitle?: string;
  yTitle?: string;
  /** Logarithmic axes. Default: false. */
  logX?: boolean;
  logY?: boolean;
  /** Fixed y range, e.g. [0, 1] for accuracies. Default: fitted to the data. */
  yDomain?: [number, number];
  /** Vertical rules such as task boundaries. Default: none. */
  rules?: (number | Rule)[];
  /** Fields with the lower and upper edge of a shaded band around each series. Default: none. */
  band?: { lower: string; upper: string };
  /** Draw a point at each observation. Default: false. */
  points?: boolean;
  /** Size in pixels. Default: 480 × 280. */
  width?: number;
  height?: number;
}

/**
 * A multi-series line chart: learning curves, per-task accuracy against iteration, losses.
 * Supports log axes, vertical rules (task boundaries) and shaded uncertainty bands.
 * @param data - rows or an arquero table with the `x`, `y` (and `series`, band) fields.
 * @param options - fields and decorations; see {@link LineChartOptions}.
 * @returns a {@link Chart}; the cell shows it, `save(chart, "f.png")` writes it.
 * @throws DataFormatError when data is empty or a field is missing; NumericError when a
 *   plotted value is NaN or infinite, or not positive on a log axis.
 * @example
 * lineChart(history, { x: 'epoch', y: 'loss', series: 'split', logY: true, title: 'Loss' })
 */
export function lineChart(data: ChartData, options: LineChartOptions): Chart {
  const where = 'lineChart';
  const rows = toRows(where, data);
  checkField(where, rows, options.x, { numeric: true, positive: options.logX });
  checkField(where, rows, options.y, { numeric: true, positive: options.logY });
  if (options.series !== undefined) checkField(where, rows, options.series);
  if (options.band) {
    checkField(where, rows, options.band.lower, { numeric: true, positive: options.logY });
    checkField(where, rows, options.band.upper, { numeric: true, positive: options.logY });
  }
  const rules = (options.rules ?? []).map((r) => (typeof r === 'number' ? { value: r, label: '' } : { value: r.value, label: r.label ?? '' }));
  for (const r of rules) {
    if (!Number.isFinite(r.value)) throw new ConfigError(`${where}: rule at ${r.value} is not a finite x position.`);
  }
  // Epochs, steps and task numbers: ticks on whole numbers only (not 1.0, 1.5, 2.0).
  const wholeX = !options.logX && rows.every((r) => Number.isInteger(r[options.x]));
  const x = {
    field: options.x,
    type: 'quantitative',
    title: options.xTitle ?? options.x,
    scale: options.logX ? { type: 'log', nice: false } : { zero: false, nice: false },
    ...(wholeX ? { axis: { format: 'd', tickMinStep: 1 } } : {}),
  };
  const yScale: Record<string, unknown> = options.logY ? { type: 'log' } : { zero: false };
  if (options.yDomain) yScale.domain = options.yDomain;
  const y = { field: options.y, type: 'quantitative', title: options.yTitle ?? options.y, scale: yScale };
  const color = options.series ? { field: options.series, type: 'nominal', title: options.series, legend: { labelLimit: 320 } } : undefined;
  const layers: VegaLiteSpec[] = [];
  // The line layer comes first so the legend shows lines; the translucent band is drawn over it.
  layers.push({ mark: { type: 'line', point: options.points ?? false, clip: true }, encoding: { x, y, ...(color ? { color } : {}) } });
  if (options.band) {
    layers.push({
      mark: { type: 'area', opacity: 0.2 },
      encoding: { x, y: { field: options.band.lower, type: 'quantitative', scale: yScale, title: y.title }, y2: { field: options.band.upper }, ...(color ? { color } : {}) },
    });
  }
  if (rules.length > 0) {
    layers.push({
      data: { values: rules },
      layer: [
        { mark: { type: 'rule', strokeDash: [4, 4], color: 'gray' }, encoding: { x: { field: 'value', type: 'quantitative' } } },
        { mark: { type: 'text', align: 'left', dx: 3, dy: -4, baseline: 'bottom', color: 'gray', fontSize: 10 }, encoding: { x: { field: 'value', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } } },
      ],
    });
  }
  const spec: VegaLiteSpec = {
    $schema: VEGA_LITE_SCHEMA,
    ...(options.title ? { title: options.title } : {}),
    width: options.width ?? 480,
    height: options.height ?? 280,
    data: { values: rows },
    layer: layers,
  };
  const nSeries = options.series ? new Set(rows.map((r) => String(r[options.series!]))).size : 1;
  return new Chart(spec, `line chart${options.title ? ` "${options.title}"` : ''}: ${options.y} against ${options.x}, ${nSeries} series, ${rows.length} points`);
}
