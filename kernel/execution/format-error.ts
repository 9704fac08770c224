import type { CellPositionMap } from './cell-position';

/** What the kernel reports for a failed cell (the `error` message content). */
export interface CellError {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** One executed cell: its name in stack traces, its source and its position map. */
export interface CellRecord {
  source: string;
  map: CellPositionMap;
}

const FRAME = /\((In\[\d+\]):(\d+):(\d+)\)|at (In\[\d+\]):(\d+):(\d+)/;
const INTERNAL = /node:internal|node:vm|\(node:|[/\\]dist[/\\]kernel[/\\]|__feedbacklab__/;

/** Two lines showing `line` of `source` with a caret under `column` (1-based). */
export function excerpt(source: string, line: number, column: number): string[] {
  const text = source.split('\n')[line - 1];
  if (text === undefined) return [];
  const gutter = String(line).padStart(4);
  return [`${gutter} | ${text}`, `${' '.repeat(gutter.length)} | ${' '.repeat(Math.max(0, column - 1))}^`];
}

/**
 * Turns a thrown value into the error report: stack frames inside cells are rewritten to the
 * cell's own line:col, kernel-internal frames are dropped, and the failing line is quoted.
 */
export function formatRuntimeError(thrown: unknown, cells: ReadonlyMap<string, CellRecord>): CellError {
  if (!(thrown instanceof Error)) {
    const evalue = typeof thrown === 'string' ? thrown : (() => { try { return JSON.stringify(thrown) ?? String(thrown); } catch { return String(thrown); } })();
    return { ename: 'Error', evalue: `a non-Error value was thrown: ${evalue}`, traceback: [`Uncaught ${evalue}`] };
  }
  const ename = thrown.name || 'Error';
  const evalue = thrown.message;
  const frames: string[] = [];
  let quote: string[] = [];
  for (const raw of (thrown.stack ?? '').split('\n').slice(1)) {
    if (!/^\s+at /.test(raw)) continue;
    const m = FRAME.exec(raw);
    if (m) {
      const [name, line, col] = m[1] ? [m[1], +m[2], +m[3]] : [m[4], +m[5], +m[6]];
      const cell = cells.get(name);
      const pos = cell?.map.lookup(line, col);
      if (!pos) continue; // code the converter added around the cell
      const mapped = raw.replace(`${name}:${line}:${col}`, `${name}:${pos.line}:${pos.column}`);
      // The wrapper's call of the cell body shows up as a second top-level frame: keep one.
      if (/^\s+at In\[\d+\]:/.test(mapped) && frames.length > 0 && /^\s+at In\[\d+\]:/.test(frames[frames.length - 1])) continue;
      frames.push(mapped);
      if (quote.length === 0 && cell) quote = [`${name} line ${pos.line}:`, ...excerpt(cell.source, pos.line, pos.column)];
      continue;
    }
    if (!INTERNAL.test(raw)) frames.push(raw);
  }
  return { ename, evalue, traceback: [`${ename}: ${evalue}`, ...frames, ...(quote.length ? ['', ...quote] : [])] };
}
