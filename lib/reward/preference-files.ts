import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import * as aq from 'arquero';
import { ConfigError, DataFormatError } from '../errors';
import type { TableLike } from '../table/table-bundle';

const REQUIRED = ['a', 'b', 'label'];

function check(path: string, table: aq.ColumnTable): aq.ColumnTable {
  const names = table.columnNames();
  const missing = REQUIRED.filter((c) => !names.includes(c));
  if (missing.length > 0) throw new DataFormatError(`readPreferences: ${path}: missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')}: the file has ${names.map((n) => `"${n}"`).join(', ') || 'no columns'}. Expected a, b (item indices) and label (1 when a was preferred).`);
  (table.objects() as Record<string, unknown>[]).forEach((r, i) => {
    if (r.label !== 0 && r.label !== 1) throw new DataFormatError(`readPreferences: ${path}: row ${i + 1} has label ${JSON.stringify(r.label)}: expected 0 or 1.`);
    for (const side of ['a', 'b']) {
      if (!Number.isInteger(r[side]) || (r[side] as number) < 0) throw new DataFormatError(`readPreferences: ${path}: row ${i + 1} has ${side} = ${JSON.stringify(r[side])}: expected a non-negative item index.`);
    }
  });
  return table;
}

/**
 * Reads labelled pairs from a CSV or JSON file (columns a, b, label; any others are kept).
 * @param path - a .csv file with a header row, or a .json array of row objects.
 * @returns the pairs as an arquero table.
 * @throws DataFormatError naming the file and the missing column or bad row, or an empty file;
 *   ConfigError for other extensions.
 * @example
 * const pairs = await readPreferences('data/prefs.csv');
 */
export async function readPreferences(path: string): Promise<aq.ColumnTable> {
  const ext = extname(path).toLowerCase();
  if (ext !== '.csv' && ext !== '.json') throw new ConfigError(`readPreferences: ${path}: unknown extension "${ext}": expected .csv or .json.`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new DataFormatError(`readPreferences: cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
  // arquero's CSV reader fails on an empty text with a TypeError that names neither.
  if (text.trim() === '') throw new DataFormatError(`readPreferences: ${path} is empty (${text.length} bytes): expected ${ext === '.csv' ? 'a header row "a,b,label" and one row per pair' : 'a JSON array of { a, b, label } objects'}. Check the step that wrote it.`);
  let table: aq.ColumnTable;
  try {
    table = ext === '.csv' ? aq.fromCSV(text) : aq.from(JSON.parse(text));
  } catch (e) {
    throw new DataFormatError(`readPreferences: ${path} does not parse as ${ext.slice(1).toUpperCase()}: ${(e as Error).message}`, { cause: e });
  }
  return check(path, table);
}

/**
 * Writes labelled pairs to .csv or .json (the format follows the extension).
 * @example
 * await writePreferences(data.pairs, 'reports/pairs.csv');
 */
export async function writePreferences(pairs: TableLike & { toCSV(): string }, path: string): Promise<void> {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') await writeFile(path, pairs.toCSV());
  else if (ext === '.json') await writeFile(path, JSON.stringify(pairs.objects()));
  else throw new ConfigError(`writePreferences: ${path}: unknown extension "${ext}": expected .csv or .json.`);
}
