import { ConfigError } from '../errors';
import { Chart, VEGA_LITE_SCHEMA, type VegaLiteSpec } from './chart';
import { checkField, toRows, type ChartData } from './rows';
import { xScaleAndAxis, type XScaleType } from './line-axes';

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
  /** Logarithmic axes (x > 0, y > 0). Default: false. `logX: true` is `xScale: 'log'`. */
  logX?: boolean;
  logY?: boolean;
  /**
   * Scale of the x axis: "linear", "log" (x > 0) or "symlog" (linear within ±symlogConstant of 0,
   * logarithmic beyond, so iteration 0 fits: e.g. forgetting curves whose drops all happen in the
   * first few of 800 iterations). Default: "log" when logX, else "linear".
   */
  xScale?: XScaleType;
  /** Width of the linear part of a symlog x axis around 0. Default: 1. */
  symlogConstant?: number;
  /** Fixed y range, e.g. [0, 1] for accuracies. Default: fitted to the data. */
  yDomain?: [number, number];
  /** Vertical rules such as task boundaries. Default: none. */
  rules?: (number | Rule)[];
  /** Fields with the lower and upper edge of a shaded band around each series. Default: none. */
  band?: { lower: string; upper: string };
  /** Draw a point at each observation. Default: false, unless a series has a single point (no line to draw). */
  points?: boolean;
  /** Size in pixels. Default: 480 × 280. */
  width?: number;
  height?: number;
}

/**
 * A multi-series line chart: learning curves, per-task accuracy against iteration, losses.
 * Supports log and symlog axes, vertical rules (task boundaries) and shaded uncertainty bands.
 * @param data - rows or an arquero table with the `x`, `y` (and `series`, band) fields.
 * @param options - fields and decorations; see {@link LineChartOptions}.
 * @returns a {@link Chart}; the cell shows it, `save(chart, "f.png")` writes it.
 * @throws DataFormatError when data is empty, a row is not an object or a field is missing;
 *   NumericError when a plotted value is NaN or infinite, not positive on a log axis, or the
 *   values' extent overflows; ConfigError for an unknown xScale or one that contradicts logX.
 * @example
 * lineChart(history, { x: 'epoch', y: 'loss', series: 'split', logY: true, title: 'Loss' })
 * lineChart(curves, { x: 'since', y: 'accuracy', series: 'task', xScale: 'symlog' }) // early drops spread out
 */
export function lineChart(data: ChartData, options: LineChartOptions): Chart {
  const where = 'lineChart';
  if (options.logX && options.xScale !== undefined && options.xScale !== 'log') throw new ConfigError(`${where}: logX is true but xScale is ${JSON.stringify(options.xScale)}: pass one of them.`);
  const xType: XScaleType = options.xScale ?? (options.logX ? 'log' : 'linear');
  const rows = toRows(where, data);
  checkField(where, rows, options.x, { numeric: true, positive: xType === 'log' });
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
  // A series of one point draws no line: show points (the first frame of a live chart).
  const counts = new Map<unknown, number>();
  for (const r of rows) counts.set(options.series ? r[options.series] : 0, (counts.get(options.series ? r[options.series] : 0) ?? 0) + 1);
  const points = options.points ?? [...counts.values()].some((c) => c < 2);
  // Room at the ends so edge points are drawn whole; clip only what lies outside a fixed yDomain.
  const pad = points ? 6 : 0;
  const xAxis = xScaleAndAxis(where, rows.map((r) => r[options.x] as number), xType, pad, options.symlogConstant);
  const x = { field: options.x, type: 'quantitative', title: options.xTitle ?? options.x, scale: xAxis.scale, ...(xAxis.axis ? { axis: xAxis.axis } : {}) };
  // Log axes end where the data end: vega's nice rounding stretches 0.2…1.35 to 0.1…10.
  const yScale: Record<string, unknown> = options.logY ? { type: 'log', nice: false } : { zero: false };
  if (pad > 0) yScale.padding = pad;
  if (options.yDomain) yScale.domain = options.yDomain;
  const yFields = [options.y, ...(options.band ? [options.band.lower, options.band.upper] : [])];
  const clip = options.yDomain !== undefined && rows.some((r) => yFields.some((f) => (r[f] as number) < options.yDomain![0] || (r[f] as number) > options.yDomain![1]));
  const y = { field: options.y, type: 'quantitative', title: options.yTitle ?? options.y, scale: yScale };
  // Legend symbols are the series' lines, drawn opaque: the translucent band must not set them.
  const color = options.series ? { field: options.series, type: 'nominal', title: options.series, legend: { labelLimit: 320, symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1 } } : undefined;
  const layers: VegaLiteSpec[] = [];
  // The line layer comes first so the legend shows lines; the translucent band is drawn over it.
  layers.push({ mark: { type: 'line', point: points, clip }, encoding: { x, y, ...(color ? { color } : {}) } });
  if (options.band) {
    layers.push({
      mark: { type: 'area', opacity: 0.2, clip },
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
