import type { Decision } from '../engine';
import { checkMetricMode, checkPositive, fmt, metricValue, type Mode, type StopRecord, type TrialResult } from './scheduler';
import { StoppingScheduler } from './stopping-scheduler';

/** Options for {@link medianStopping}. */
export interface MedianStoppingOptions {
  metric: string;
  mode: Mode;
  /** No trial is stopped before this step. Default: 2. */
  gracePeriod?: number;
  /** Other trials that must have reached the step before the rule applies. Default: 3. */
  minTrials?: number;
}

interface State {
  curves: Record<string, [number, number][]>;
  stopped: Record<string, StopRecord>;
}

/**
 * The median stopping rule (Golovin et al., "Google Vizier", KDD 2017): at step t, stop a trial
 * whose best value so far is worse than the median, over the other trials that reached t, of
 * their running means up to t.
 */
export class MedianStopping extends StoppingScheduler<State> {
  private readonly gracePeriod: number;
  private readonly minTrials: number;

  constructor(options: MedianStoppingOptions) {
    checkMetricMode('medianStopping', options.metric, options.mode);
    super(options.metric, options.mode, { curves: {}, stopped: {} });
    this.gracePeriod = options.gracePeriod ?? 2;
    this.minTrials = options.minTrials ?? 3;
    checkPositive('medianStopping', 'gracePeriod', this.gracePeriod, false);
    checkPositive('medianStopping', 'minTrials', this.minTrials);
  }

  onResult(trial: string, result: TrialResult): Decision {
    const value = metricValue('medianStopping', this.metric, trial, result);
    const t = result.step;
    (this.state.curves[trial] ??= []).push([t, value]);
    if (t < this.gracePeriod) return 'continue';
    const sign = this.mode === 'max' ? 1 : -1;
    const means: number[] = [];
    for (const [other, curve] of Object.entries(this.state.curves)) {
      if (other === trial || curve.length === 0 || curve[curve.length - 1][0] < t) continue;
      const upTo = curve.filter(([s]) => s <= t).map(([, v]) => v);
      means.push(upTo.reduce((a, b) => a + b, 0) / upTo.length);
    }
    if (means.length < this.minTrials) return 'continue';
    means.sort((a, b) => a - b);
    const mid = means.length / 2;
    const median = means.length % 2 ? means[Math.floor(mid)] : (means[mid - 1] + means[mid]) / 2;
    const best = sign * Math.max(...this.state.curves[trial].map(([, v]) => sign * v));
    if (sign * best >= sign * median) return 'continue';
    return this.stop(trial, t, `median stopping rule: best ${this.metric} ${fmt(best)} by step ${fmt(t)} is ${this.mode === 'max' ? 'below' : 'above'} the median ${fmt(median)} of ${means.length} other trials' running means`);
  }
}

/**
 * The median stopping rule as a sweep scheduler: stops a trial whose best value so far trails
 * the median of the other trials' running means at the same step.
 * @param options - metric, mode, gracePeriod (Default: 2), minTrials (Default: 3).
 * @returns a {@link Scheduler}.
 * @throws ConfigError for a missing metric, a mode other than "max"/"min", or bad counts.
 * @example
 * await sweep({ trial: './trial.ts', space, scheduler: medianStopping({ metric: 'accuracy', mode: 'max' }) })
 */
export function medianStopping(options: MedianStoppingOptions): MedianStopping {
  return new MedianStopping(options);
}
