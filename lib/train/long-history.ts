import * as aq from 'arquero';
import type { TableLike } from '../table/table-bundle';

/**
 * Reshapes a wide history (epoch, loss, val_loss, …) to long form (epoch, metric, value) so
 * several metrics plot as series of one line chart.
 * @param history - a table with an `epoch` column.
 * @param metrics - the columns to keep, e.g. ["loss", "val_loss"].
 * @returns rows `{ epoch, metric, value }`, skipping missing values.
 * @example
 * lineChart(longHistory(history, ['loss', 'val_loss']), { x: 'epoch', y: 'value', series: 'metric' })
 */
export function longHistory(history: TableLike, metrics: string[]): aq.ColumnTable {
  const rows: { epoch: number; metric: string; value: number }[] = [];
  for (const row of history.objects() as Record<string, unknown>[]) {
    for (const m of metrics) {
      const v = row[m];
      if (typeof v === 'number' && Number.isFinite(v)) rows.push({ epoch: row.epoch as number, metric: m, value: v });
    }
  }
  return aq.from(rows);
}
