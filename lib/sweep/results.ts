import * as aq from 'arquero';
import type { TrialRecord } from './records';
import { decodeMetrics } from './trial-values';

/** What a sweep returns. */
export interface SweepResults {
  /** One row per trial: trial, the config columns, the final scalar metrics, status, seconds, worker, error, stopStep, stopReason. */
  trials: aq.ColumnTable;
  /** One row per intermediate report and metric: trial, the config columns, step, metric, value. */
  reports: aq.ColumnTable;
  /** Tables the trials returned, by metric name, each row tagged with trial and config columns. */
  tables: Record<string, aq.ColumnTable>;
  /** The sweep folder. */
  dir: string | null;
  /** Trials found finished in the folder and not run again. */
  skipped: number;
  /** Records that could not be used (reported; their trials ran again). */
  corrupt: { file: string; problem: string }[];
}

/** Builds the results tables from records, in the order of `ids`. */
export function buildResults(ids: string[], records: Map<string, TrialRecord>, extra: Pick<SweepResults, 'dir' | 'skipped' | 'corrupt'>): SweepResults {
  const rows: Record<string, unknown>[] = [];
  const reportRows: Record<string, unknown>[] = [];
  const tableRows: Record<string, Record<string, unknown>[]> = {};
  for (const id of ids) {
    const r = records.get(id);
    if (!r) continue;
    const last = r.reports.at(-1)?.metrics ?? {};
    const metrics = decodeMetrics(r.metrics);
    const scalars: Record<string, unknown> = r.status === 'stopped' ? { ...last } : {};
    for (const [k, v] of Object.entries(metrics)) {
      if (v !== null && typeof v === 'object') (tableRows[k] ??= []).push(...(v.objects() as Record<string, unknown>[]).map((row) => ({ trial: id, ...r.config, ...row })));
      else scalars[k] = v;
    }
    rows.push({ trial: id, ...r.config, ...scalars, status: r.status, seconds: r.seconds, worker: r.worker, error: r.error ?? null, stopStep: r.stop?.step ?? null, stopReason: r.stop?.reason ?? null });
    for (const rep of r.reports) for (const [metric, value] of Object.entries(rep.metrics)) reportRows.push({ trial: id, ...r.config, step: rep.step, metric, value });
  }
  // Every row gets every column, so trials with different metrics still form one table.
  const fill = (list: Record<string, unknown>[]) => {
    const keys = [...new Set(list.flatMap((o) => Object.keys(o)))];
    return list.map((o) => Object.fromEntries(keys.map((k) => [k, o[k] ?? null])));
  };
  const tables = Object.fromEntries(Object.entries(tableRows).map(([k, v]) => [k, aq.from(fill(v))]));
  return { trials: aq.from(fill(rows)), reports: aq.from(reportRows), tables, ...extra };
}
