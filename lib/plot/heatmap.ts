import { ConfigError, DataFormatError, NumericError, ShapeError, describeValue } from '../errors';
import { Chart, VEGA_LITE_SCHEMA } from './chart';

// Two decimals for the usual accuracies and losses; large values in short exponent form so
// they fit the cell (1e308 has 309 digits in fixed notation).
function cellLabel(v: number | null): string {
  if (v === null) return '';
  return Math.abs(v) >= 1e4 ? v.toExponential(0).replace('+', '') : v.toFixed(2);
}

/** Options for {@link heatmap}. */
export interface HeatmapOptions {
  /** Chart title. Default: none. */
  title?: string;
  /** Labels of the rows (top to bottom). Default: "0", "1", … */
  rowLabels?: string[];
  /** Labels of the columns. Default: "0", "1", … */
  colLabels?: string[];
  /** Axis titles. Default: "row" and "column". */
  rowTitle?: string;
  colTitle?: string;
  /** Title of the colour legend. Default: "value". */
  valueTitle?: string;
  /** Colour range. Default: [0, 1], the range of accuracies. */
  domain?: [number, number];
  /** Print each value in its cell. Default: true. */
  showValues?: boolean;
  /** Size of one cell in pixels. Default: 40. */
  cellSize?: number;
}

/**
 * A heatmap of a matrix, e.g. the accuracy matrix R[i][j] (accuracy on task j after training
 * task i). Null cells (not yet defined) are left blank.
 * @param matrix - rows of numbers or null; all rows the same length.
 * @param options - labels and colour range; see {@link HeatmapOptions}.
 * @returns a {@link Chart}.
 * @throws ShapeError when the matrix is empty or ragged or a row is not an array; DataFormatError
 *   for a cell that is not a number or null; NumericError on NaN/Infinity; ConfigError for a
 *   domain that is not two finite numbers, low < high.
 * @example
 * heatmap([[0.98, null], [0.62, 0.97]], { rowTitle: 'after task', colTitle: 'task', title: 'Accuracy' })
 */
export function heatmap(matrix: readonly (readonly (number | null)[])[], options: HeatmapOptions = {}): Chart {
  if (!Array.isArray(matrix) || matrix.length === 0) throw new ShapeError(`heatmap: matrix is ${Array.isArray(matrix) ? 'empty' : String(matrix)}: expected rows of numbers (or null), at least one row and one column.`);
  matrix.forEach((row, i) => {
    if (!Array.isArray(row)) throw new ShapeError(`heatmap: row ${i} is ${row === null || row === undefined ? String(row) : `the ${typeof row} ${JSON.stringify(row)}`}: expected an array of numbers or nulls, one per column. For an empty row use [null, null, …].`);
  });
  if (matrix[0].length === 0) throw new ShapeError('heatmap: matrix is empty: expected at least one row and one column.');
  const cols = matrix[0].length;
  const domain = options.domain ?? [0, 1];
  if (!Array.isArray(domain) || domain.length !== 2 || !domain.every(Number.isFinite) || !(domain[0] < domain[1]) || !Number.isFinite(domain[1] - domain[0])) {
    throw new ConfigError(`heatmap: domain is ${describeValue(domain)}: expected [low, high], two finite numbers with low < high, e.g. [0, 1] for accuracies.`);
  }
  const rowLabels = options.rowLabels ?? matrix.map((_, i) => String(i));
  const colLabels = options.colLabels ?? Array.from({ length: cols }, (_, j) => String(j));
  if (rowLabels.length !== matrix.length) throw new ShapeError(`heatmap: ${rowLabels.length} rowLabels for ${matrix.length} rows.`);
  if (colLabels.length !== cols) throw new ShapeError(`heatmap: ${colLabels.length} colLabels for ${cols} columns.`);
  const values: Record<string, unknown>[] = [];
  matrix.forEach((row, i) => {
    if (row.length !== cols) throw new ShapeError(`heatmap: row ${i} has ${row.length} values but row 0 has ${cols}: the matrix must be rectangular.`);
    row.forEach((v: number | null, j: number) => {
      if (v !== null && typeof v !== 'number') throw new DataFormatError(`heatmap: cell [${i}][${j}] is the ${typeof v} ${JSON.stringify(v)}: expected a number or null.`);
      if (v !== null && !Number.isFinite(v)) throw new NumericError(`heatmap: cell [${i}][${j}] is ${v}: expected a finite number or null.`);
      values.push({ row: rowLabels[i], col: colLabels[j], value: v, label: cellLabel(v) });
    });
  });
  const size = options.cellSize ?? 40;
  const rowTitle = options.rowTitle ?? 'row';
  const colTitle = options.colTitle ?? 'column';
  const enc = {
    y: { field: 'row', type: 'ordinal', sort: rowLabels, title: rowTitle },
    x: { field: 'col', type: 'ordinal', sort: colLabels, title: colTitle, axis: { labelAngle: 0 } },
  };
  const spec = {
    $schema: VEGA_LITE_SCHEMA,
    ...(options.title ? { title: options.title } : {}),
    width: size * cols,
    height: size * matrix.length,
    data: { values },
    encoding: enc,
    layer: [
      { mark: 'rect', encoding: { color: { field: 'value', type: 'quantitative', scale: { domain, scheme: 'viridis', clamp: true }, title: options.valueTitle ?? 'value' } } },
      ...(options.showValues === false
        ? []
        : [{
            mark: { type: 'text', fontSize: 11 },
            encoding: {
              text: { field: 'label', type: 'nominal' },
              color: { condition: { test: `datum.value > ${(domain[0] + domain[1]) / 2}`, value: 'black' }, value: 'white' },
            },
          }]),
    ],
  };
  return new Chart(spec, `heatmap${options.title ? ` "${options.title}"` : ''}: ${matrix.length} × ${cols}`);
}
