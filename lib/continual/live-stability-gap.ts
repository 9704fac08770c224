import type * as aq from 'arquero';
import { display, type DisplayHandle } from '../display/display';
import { DISPLAY, type Displayable } from '../display/mime-bundle';
import type { Chart } from '../plot/chart';
import { stabilityGapChart, type StabilityGapChartOptions } from './continual-charts';

/** Options for {@link liveStabilityGap}. */
export interface LiveStabilityGapOptions extends StabilityGapChartOptions {
  /** Redraw at most this often, in milliseconds. Default: 1000. */
  minIntervalMs?: number;
}

/** A stability-gap chart that follows a run: pass `onEvaluate` to trainContinual, then `finish()`. */
export interface LiveStabilityGap {
  onEvaluate(rows: aq.ColumnTable): Promise<void>;
  /** Draws the final chart with its SVG and PNG. */
  finish(): Promise<void>;
}

// While training only the vega-lite spec goes out (the front end draws it): no SVG or PNG render per frame.
function frame(chart: Chart): Displayable {
  return { [DISPLAY]: () => ({ 'application/vnd.vegalite.v5+json': chart.spec, 'text/plain': chart.summary }) };
}

/**
 * A live stability-gap chart for {@link trainContinual}'s `onEvaluate`: redraws in place at most
 * every `minIntervalMs` as vega-lite alone (cheap while training), and as a full chart (SVG and
 * PNG too, for saved notebooks) on `finish()`.
 * @param options - the chart's options and the redraw interval.
 * @returns the callbacks.
 * @example
 * const live = liveStabilityGap({ title: 'Fine-tuning, live' });
 * await trainContinual(stream, { strategy: { kind: 'finetune' }, onEvaluate: live.onEvaluate });
 * await live.finish();
 */
export function liveStabilityGap(options: LiveStabilityGapOptions = {}): LiveStabilityGap {
  const minInterval = options.minIntervalMs ?? 1000;
  let handle: DisplayHandle | undefined;
  let last = -Infinity;
  let latest: aq.ColumnTable | undefined;
  return {
    async onEvaluate(rows) {
      latest = rows;
      if (Date.now() - last < minInterval) return;
      last = Date.now();
      const f = frame(stabilityGapChart(rows, options));
      if (handle) await handle.update(f);
      else handle = await display(f);
    },
    async finish() {
      if (!latest) return;
      const chart = stabilityGapChart(latest, options);
      if (handle) await handle.update(chart);
      else handle = await display(chart);
    },
  };
}
