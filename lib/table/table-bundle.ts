import type { MimeBundle } from '../display/mime-bundle';

/** The part of an arquero table that rendering needs (duck-typed: no arquero import here). */
export interface TableLike {
  numRows(): number;
  numCols(): number;
  columnNames(): string[];
  objects(options?: { limit?: number }): object[];
}

/** True for an arquero table. */
export function isTable(value: unknown): value is TableLike {
  const v = value as TableLike;
  return typeof value === 'object' && value !== null && typeof v.numRows === 'function' && typeof v.columnNames === 'function' && typeof v.objects === 'function';
}

/** Options for {@link tableBundle}. */
export interface TableBundleOptions {
  /** Rows shown. Default: 10. */
  limit?: number;
}

function formatCell(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : Number(value.toPrecision(6)).toString();
  if (value === null || value === undefined) return value === null ? 'null' : '';
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The shape line shown under a table, e.g. "120 rows × 4 columns".
 * @example
 * shapeText(aq.table({ a: [1, 2] })) // '2 rows × 1 column'
 */
export function shapeText(table: TableLike): string {
  const r = table.numRows(), c = table.numCols();
  return `${r} row${r === 1 ? '' : 's'} × ${c} column${c === 1 ? '' : 's'}`;
}

/**
 * Renders an arquero table as a MIME bundle: an HTML table of the first rows with the shape
 * underneath, and an aligned text version of the same.
 * @param table - an arquero table.
 * @returns `{ 'text/html', 'text/plain' }`.
 * @example
 * tableBundle(aq.table({ epoch: [1, 2], loss: [0.7, 0.5] }))['text/plain']
 */
export function tableBundle(table: TableLike, options: TableBundleOptions = {}): MimeBundle {
  const limit = options.limit ?? 10;
  const names = table.columnNames();
  const rows = (table.objects({ limit }) as Record<string, unknown>[]).map((row) => names.map((n) => formatCell(row[n])));
  const more = table.numRows() > rows.length ? `, showing the first ${rows.length}` : '';
  const footer = shapeText(table) + more;
  const numeric = names.map((_, j) => rows.length > 0 && rows.every((r) => r[j] === '' || !Number.isNaN(Number(r[j]))));
  const align = (j: number) => (numeric[j] ? 'right' : 'left');
  const html =
    '<div class="feedbacklab-table"><table><thead><tr>' +
    names.map((n, j) => `<th style="text-align:${align(j)}">${escapeHtml(n)}</th>`).join('') +
    '</tr></thead><tbody>' +
    rows.map((r) => '<tr>' + r.map((c, j) => `<td style="text-align:${align(j)}">${escapeHtml(c)}</td>`).join('') + '</tr>').join('') +
    `</tbody></table><p style="font-size:smaller">${escapeHtml(footer)}</p></div>`;
  const widths = names.map((n, j) => Math.max(n.length, ...rows.map((r) => r[j].length)));
  const pad = (s: string, j: number) => (numeric[j] ? s.padStart(widths[j]) : s.padEnd(widths[j]));
  const lines = [names.map(pad).join('  '), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => r.map(pad).join('  '))];
  return { 'text/html': html, 'text/plain': lines.map((l) => l.trimEnd()).join('\n') + `\n(${footer})` };
}
