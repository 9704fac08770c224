import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import * as aq from 'arquero';
import { ConfigError, DataFormatError, describeValue, unknownKeywordMessage } from '../errors';

/** Column names of an evaluations file, by the field they hold. */
export interface EvaluationColumns {
  /** Default: "iteration". */
  iteration?: string;
  /** Default: "task". */
  task?: string;
  /** Default: "accuracy". */
  accuracy?: string;
  /** Optional column. Default: "training_task". */
  training_task?: string;
  /** Optional column. Default: "seed". */
  seed?: string;
  /** Optional column. Default: "strategy". */
  strategy?: string;
}

/** Options for {@link readEvaluations} and {@link parseEvaluations}. */
export interface ReadEvaluationsOptions {
  /** The file's column names, where they differ from ours (e.g. { iteration: 'step', task: 'experience' }). */
  columns?: EvaluationColumns;
  /** "csv" or "jsonl" (one JSON object a line). Default: from the extension (.jsonl, .ndjson → jsonl). */
  format?: 'csv' | 'jsonl';
  /** The number of the first task in the file: 0 for Avalanche's experience ids. Default: 1. */
  firstTask?: 0 | 1;
}

const FIELDS = ['iteration', 'task', 'accuracy', 'training_task', 'seed', 'strategy'] as const;
const REQUIRED = ['iteration', 'task', 'accuracy'] as const;

interface Raw {
  line: number;
  get(field: (typeof FIELDS)[number]): unknown;
}

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') out.push(cur), (cur = '');
    else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

function records(text: string, source: string, format: 'csv' | 'jsonl', names: Record<string, string>): Raw[] {
  const lines = text.split(/\r?\n/);
  const present = (have: string[], line: number) => {
    for (const f of REQUIRED) {
      if (!have.includes(names[f])) throw new DataFormatError(`${source}:${line}: no column "${names[f]}" (${f}): expected columns ${REQUIRED.map((r) => `"${names[r]}"`).join(', ')} and optionally ${['training_task', 'seed', 'strategy'].map((r) => `"${names[r]}"`).join(', ')}; got ${describeValue(have)}. Name the file's columns with the columns option (e.g. { iteration: 'step' }).`);
    }
  };
  const out: Raw[] = [];
  if (format === 'csv') {
    const headerAt = lines.findIndex((l) => l.trim() !== '');
    if (headerAt < 0) throw new DataFormatError(`${source}: the file is empty: expected a header line and one evaluation a line.`);
    const header = splitCsvLine(lines[headerAt]);
    present(header, headerAt + 1);
    const col = Object.fromEntries(FIELDS.map((f) => [f, header.indexOf(names[f])]));
    for (let i = headerAt + 1; i < lines.length; i++) {
      if (lines[i].trim() === '') continue;
      const cells = splitCsvLine(lines[i]);
      if (cells.length !== header.length) throw new DataFormatError(`${source}:${i + 1}: ${cells.length} fields: expected ${header.length}, as in the header.`);
      out.push({ line: i + 1, get: (f) => (col[f] >= 0 ? cells[col[f]] : undefined) });
    }
    return out;
  }
  lines.forEach((l, i) => {
    if (l.trim() === '') return;
    let obj: Record<string, unknown>;
    try {
      obj = JSON.parse(l);
    } catch (e) {
      throw new DataFormatError(`${source}:${i + 1}: not a JSON object: ${(e as Error).message}. Expected one JSON object a line.`, { cause: e });
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new DataFormatError(`${source}:${i + 1}: ${describeValue(l.slice(0, 40))} is not a JSON object: expected one object a line.`);
    present(Object.keys(obj), i + 1);
    out.push({ line: i + 1, get: (f) => obj[names[f]] });
  });
  return out;
}

function number(source: string, r: Raw, field: string, name: string, value: unknown): number {
  const v = typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : NaN;
  if (!Number.isFinite(v)) throw new DataFormatError(`${source}:${r.line}: ${field} (column "${name}") is ${describeValue(value)}: expected a finite number.`);
  return v;
}

/**
 * Parses continual evaluations logged elsewhere (PyTorch, Avalanche) from CSV or JSON-lines text
 * into the rows the metrics and charts take: iteration, training_task, task, accuracy (and seed,
 * strategy when the file has them). Without a training_task column, the task being trained at an
 * iteration is taken as the highest task evaluated there (logs that evaluate the tasks seen so far).
 * @param text - the file's content.
 * @param source - the file name, for messages.
 * @param options - column names, format and the first task's number.
 * @returns an arquero table, one row per evaluation, in file order.
 * @throws DataFormatError naming the file, line and value: a missing column, a value that is not a
 *   number, an iteration that goes back, a task out of range, an accuracy outside [0, 1].
 * @example
 * parseEvaluations('iteration,task,accuracy\n1,1,0.5\n2,1,0.7\n', 'evals.csv')
 */
export function parseEvaluations(text: string, source: string, options: ReadEvaluationsOptions = {}): aq.ColumnTable {
  const names: Record<string, string> = Object.fromEntries(FIELDS.map((f) => [f, options.columns?.[f] ?? f]));
  for (const k of Object.keys(options.columns ?? {})) if (!(FIELDS as readonly string[]).includes(k)) throw new ConfigError(unknownKeywordMessage('parseEvaluations', 'column field', k, FIELDS));
  const format = options.format ?? (['.jsonl', '.ndjson'].includes(extname(source).toLowerCase()) ? 'jsonl' : 'csv');
  if (format !== 'csv' && format !== 'jsonl') throw new ConfigError(unknownKeywordMessage('parseEvaluations', 'format', format, ['csv', 'jsonl']));
  const first = options.firstTask ?? 1;
  const raw = records(text, source, format, names);
  if (raw.length === 0) throw new DataFormatError(`${source}: no evaluations after the header: expected one evaluation a line.`);
  const rows = raw.map((r) => {
    const task = number(source, r, 'task', names.task, r.get('task')) - first + 1;
    const t = r.get('training_task');
    const seedValue = r.get('seed');
    const strategy = r.get('strategy');
    return {
      line: r.line,
      iteration: number(source, r, 'iteration', names.iteration, r.get('iteration')),
      task,
      accuracy: number(source, r, 'accuracy', names.accuracy, r.get('accuracy')),
      training_task: t === undefined || t === '' ? undefined : number(source, r, 'training_task', names.training_task, t) - first + 1,
      seed: seedValue === undefined || seedValue === '' ? 0 : number(source, r, 'seed', names.seed, seedValue),
      strategy: strategy === undefined || strategy === '' ? 'run' : String(strategy),
    };
  });
  // per run (strategy, seed) and task, iterations must increase down the file
  const last = new Map<string, { iteration: number; line: number }>();
  const highest = new Map<string, number>();
  for (const r of rows) {
    const where = `${source}:${r.line}`;
    if (!Number.isInteger(r.task) || r.task < 1) throw new DataFormatError(`${where}: task ${describeValue(r.task + first - 1)} is out of range: expected an integer ≥ ${first}${first === 1 ? ' (set firstTask: 0 for 0-based ids such as Avalanche\'s experiences)' : ''}.`);
    if (r.accuracy < 0 || r.accuracy > 1) throw new DataFormatError(`${where}: accuracy ${r.accuracy} is outside [0, 1]: expected a fraction (divide percentages by 100).`);
    const key = `${r.strategy}\u0000${r.seed}\u0000${r.task}`;
    const prev = last.get(key);
    if (prev && r.iteration <= prev.iteration) throw new DataFormatError(`${where}: iteration ${r.iteration} of task ${r.task + first - 1}${r.seed ? ` (seed ${r.seed})` : ''} does not come after iteration ${prev.iteration} (line ${prev.line}): expected increasing iterations per task and run. Sort the file by iteration.`);
    last.set(key, { iteration: r.iteration, line: r.line });
    const at = `${r.strategy}\u0000${r.seed}\u0000${r.iteration}`;
    highest.set(at, Math.max(highest.get(at) ?? 0, r.task));
  }
  for (const r of rows) {
    const k = r.training_task ?? highest.get(`${r.strategy}\u0000${r.seed}\u0000${r.iteration}`)!;
    if (!Number.isInteger(k) || k < 1) throw new DataFormatError(`${source}:${r.line}: training_task ${describeValue(k + first - 1)} is out of range: expected an integer ≥ ${first}.`);
    if (r.task > k) throw new DataFormatError(`${source}:${r.line}: task ${r.task + first - 1} is out of range at iteration ${r.iteration}: it is beyond the task being trained (${k + first - 1}): expected tasks ${first}…${k + first - 1}. Drop evaluations of tasks not trained yet.`);
    r.training_task = k;
  }
  return aq.from(rows.map(({ line: _line, ...r }) => r));
}

/**
 * Reads continual evaluations from a CSV or JSON-lines file; see {@link parseEvaluations}.
 * @param path - the file (.csv, or .jsonl / .ndjson for JSON lines).
 * @param options - column names, format and the first task's number.
 * @returns an arquero table: iteration, training_task, task, accuracy, seed, strategy.
 * @throws DataFormatError for an unreadable or malformed file, naming the line and value.
 * @example
 * const evals = readEvaluations('data/continual-evals-example.csv');
 * continualMetrics(evals.filter((d: any) => d.seed === 0))
 */
export function readEvaluations(path: string, options: ReadEvaluationsOptions = {}): aq.ColumnTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DataFormatError(`readEvaluations: cannot read ${path}: ${(e as Error).message}.`, { cause: e });
  }
  return parseEvaluations(text, path, options);
}
