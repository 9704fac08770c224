import * as aq from 'arquero';
import { NumericError, describeValue } from '../errors';

/** What a trial may return or report as a metric: numbers, strings, booleans, or arquero tables. */
export type MetricValue = number | string | boolean | null | aq.ColumnTable;
/** A trial's final metrics. */
export type Metrics = Record<string, MetricValue>;

/** Metrics as JSON: tables become { table: rows }. */
export type EncodedMetrics = Record<string, number | string | boolean | null | { table: Record<string, unknown>[] }>;

function isTable(v: unknown): v is aq.ColumnTable {
  return typeof v === 'object' && v !== null && typeof (v as aq.ColumnTable).objects === 'function' && typeof (v as aq.ColumnTable).columnNames === 'function';
}

/** Encodes metrics for a message or a record; throws NumericError on NaN/±Infinity, naming the metric. */
export function encodeMetrics(where: string, metrics: unknown): EncodedMetrics {
  if (metrics === undefined || metrics === null) return {};
  if (typeof metrics !== 'object' || Array.isArray(metrics)) throw new TypeError(`${where}: expected an object of metrics such as { accuracy: 0.9 }, got ${describeValue(metrics)}.`);
  const out: EncodedMetrics = {};
  for (const [k, v] of Object.entries(metrics as Record<string, unknown>)) {
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new NumericError(`${where}: metric "${k}" is ${describeValue(v)}: expected a finite number. The run diverged or divided by zero.`);
      out[k] = v;
    } else if (typeof v === 'string' || typeof v === 'boolean' || v === null) out[k] = v;
    else if (isTable(v)) out[k] = { table: v.objects() as Record<string, unknown>[] };
    else throw new TypeError(`${where}: metric "${k}" is ${describeValue(v)}: expected a number, string, boolean or arquero table.`);
  }
  return out;
}

/** Turns encoded metrics back into values (tables into arquero tables). */
export function decodeMetrics(encoded: EncodedMetrics): Metrics {
  const out: Metrics = {};
  for (const [k, v] of Object.entries(encoded)) out[k] = typeof v === 'object' && v !== null ? aq.from(v.table) : v;
  return out;
}
