import { display, type DisplayHandle } from '../display/display';
import { quiet } from '../display/quiet';
import type { Chart } from './chart';

/**
 * Shows a chart in the notebook as one display bundle (vega-lite, SVG, PNG, text).
 * @param chart - a chart from lineChart, heatmap, histogram or chart().
 * @returns a handle whose `update(newChart)` redraws it in place.
 * @example
 * await show(histogram([1, 2, 2, 3]))
 */
export function show(chart: Chart): Promise<DisplayHandle> {
  return display(chart);
}

/** Options for {@link liveChart}. */
export interface LiveChartOptions {
  /** Redraw at most this often, in milliseconds; the final call to `flush()` always draws. Default: 500. */
  minIntervalMs?: number;
}

/** A chart that redraws in place as data arrive (update_display_data). */
export interface LiveChart {
  /** Redraws with a chart built from the latest data, unless the last draw was too recent. */
  update(chart: Chart): Promise<void>;
  /** Draws the latest chart passed to update, if it is not on screen yet. */
  flush(): Promise<void>;
}

/**
 * Starts a live chart: shows `first`, then `update(chart)` redraws the same output, at most
 * every `minIntervalMs`. Use it for a loss curve while training.
 * @param first - the chart shown at once.
 * @returns the live chart; call `flush()` when done so the last state is drawn.
 * @example
 * const live = await liveChart(lineChart([{ step: 0, loss: 1 }], { x: 'step', y: 'loss' }));
 */
export async function liveChart(first: Chart, options: LiveChartOptions = {}): Promise<LiveChart> {
  const minInterval = options.minIntervalMs ?? 500;
  const handle = await show(first);
  let last = Date.now();
  let pending: Chart | undefined;
  return quiet({
    async update(chart) {
      pending = chart;
      if (Date.now() - last < minInterval) return;
      last = Date.now();
      pending = undefined;
      await handle.update(chart);
    },
    async flush() {
      if (pending) await handle.update(pending);
      pending = undefined;
    },
  });
}
