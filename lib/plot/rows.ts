import { ConfigError, DataFormatError, NumericError } from '../errors';
import { isTable, type TableLike } from '../table/table-bundle';

/** Chart data: row objects or an arquero table. */
export type ChartData = readonly Record<string, unknown>[] | TableLike;

/** Turns chart data into plain rows; rejects empty data. */
export function toRows(where: string, data: ChartData): Record<string, unknown>[] {
  const rows = isTable(data) ? (data.objects() as Record<string, unknown>[]) : Array.isArray(data) ? (data as Record<string, unknown>[]) : null;
  if (rows === null) throw new DataFormatError(`${where}: data must be an array of row objects or an arquero table, got ${typeof data}.`);
  if (rows.length === 0) throw new DataFormatError(`${where}: data is empty: there is nothing to plot. Check the filter or the run that produced it.`);
  rows.forEach((row, i) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      const found = row === null || row === undefined ? String(row) : Array.isArray(row) ? `an array of ${(row as unknown[]).length} values` : `the ${typeof row} ${JSON.stringify(row)}`;
      throw new DataFormatError(`${where}: row ${i} is ${found}: expected an object of fields, e.g. { step: 1, loss: 0.5 }. Drop such rows first: rows.filter((r) => r != null).`);
    }
  });
  return rows;
}

/**
 * Checks that `field` is present in every row and, when `numeric`, a finite number
 * (positive when `positive`, as log scales need).
 */
export function checkField(where: string, rows: Record<string, unknown>[], field: string, kind: { numeric?: boolean; positive?: boolean } = {}): void {
  if (typeof field !== 'string' || field === '') throw new ConfigError(`${where}: a field name is missing: pass the column to plot as a string.`);
  const columns = Object.keys(rows[0]);
  let min = Infinity;
  let max = -Infinity;
  rows.forEach((row, i) => {
    if (!(field in row)) {
      throw new DataFormatError(`${where}: field "${field}" is missing in row ${i}: rows have ${columns.map((c) => `"${c}"`).join(', ')}.`);
    }
    if (!kind.numeric) return;
    const v = row[field];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new NumericError(`${where}: field "${field}" in row ${i} is ${typeof v === 'number' ? String(v) : JSON.stringify(v)}: expected a finite number.`);
    }
    if (kind.positive && v <= 0) {
      throw new NumericError(`${where}: field "${field}" in row ${i} is ${v} but its axis is logarithmic: expected a value > 0. Use a linear axis or drop non-positive rows.`);
    }
    if (v < min) min = v;
    if (v > max) max = v;
  });
  // Vega scales divide by the extent: one that overflows to Infinity draws NaN coordinates.
  if (kind.numeric && !Number.isFinite(max - min)) {
    throw new NumericError(`${where}: field "${field}" runs from ${min} to ${max}: the extent overflows (it exceeds ${Number.MAX_VALUE}), so no axis can be drawn. Rescale the values, e.g. divide by 1e300, or drop the extreme rows.`);
  }
}
