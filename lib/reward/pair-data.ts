import { DataFormatError, NumericError, ShapeError } from '../errors';
import type { TableLike } from '../table/table-bundle';

/** Labelled pairs as plain arrays: item indices, labels (1 when a was preferred), optional margins. */
export interface PairArrays {
  a: number[];
  b: number[];
  label: number[];
  margin?: number[];
}

/** Checks a feature matrix: non-empty, rectangular, finite. Returns its width. */
export function checkFeatures(where: string, features: readonly (readonly number[])[]): number {
  if (!Array.isArray(features) || features.length === 0) throw new ShapeError(`${where}: features is empty: expected one row of numbers per item.`);
  const dim = features[0].length;
  if (dim === 0) throw new ShapeError(`${where}: item 0 has no features.`);
  features.forEach((row, i) => {
    if (row.length !== dim) throw new ShapeError(`${where}: item ${i} has ${row.length} features but item 0 has ${dim}: every item needs the same featurizer.`);
    row.forEach((v: number, j: number) => {
      if (!Number.isFinite(v)) throw new NumericError(`${where}: feature ${j} of item ${i} is ${v}: expected a finite number. Impute or drop the item.`);
    });
  });
  return dim;
}

/**
 * Reads labelled pairs from a table with columns a, b, label (and an optional margin column),
 * checking that indices point at items and labels are 0 or 1.
 * @throws DataFormatError naming a missing column or the first bad row.
 */
export function pairArrays(where: string, pairs: TableLike, nItems: number, marginColumn?: string): PairArrays {
  const names = pairs.columnNames();
  for (const col of ['a', 'b', 'label', ...(marginColumn ? [marginColumn] : [])]) {
    if (!names.includes(col)) throw new DataFormatError(`${where}: pairs have no column "${col}": they have ${names.map((n) => `"${n}"`).join(', ')}. Expected a, b (item indices) and label (1 when a was preferred).`);
  }
  if (pairs.numRows() === 0) throw new DataFormatError(`${where}: there are no pairs: expected at least one labelled pair.`);
  const rows = pairs.objects() as Record<string, unknown>[];
  const out: PairArrays = { a: [], b: [], label: [], ...(marginColumn ? { margin: [] } : {}) };
  rows.forEach((r, i) => {
    for (const side of ['a', 'b'] as const) {
      const v = r[side];
      if (!Number.isInteger(v) || (v as number) < 0 || (v as number) >= nItems) throw new DataFormatError(`${where}: pair ${i} has ${side} = ${JSON.stringify(v)}: expected an item index in 0…${nItems - 1}.`);
    }
    if (r.label !== 0 && r.label !== 1) throw new DataFormatError(`${where}: pair ${i} has label ${JSON.stringify(r.label)}: expected 1 (a preferred) or 0 (b preferred).`);
    out.a.push(r.a as number);
    out.b.push(r.b as number);
    out.label.push(r.label as number);
    if (marginColumn) {
      const m = r[marginColumn];
      if (typeof m !== 'number' || !Number.isFinite(m)) throw new DataFormatError(`${where}: pair ${i} has ${marginColumn} = ${JSON.stringify(m)}: expected a finite number.`);
      out.margin!.push(m);
    }
  });
  return out;
}
