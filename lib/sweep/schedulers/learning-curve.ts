import { ConfigError } from '../../errors';
import { extrapolateCurve } from '../../curves/extrapolate';
import { shouldStopEarly } from '../../curves/early-stopping';
import type { Decision } from '../engine';
import { checkMetricMode, checkPositive, fmt, metricValue, type Mode, type StopRecord, type TrialResult } from './scheduler';
import { StoppingScheduler } from './stopping-scheduler';

/** Options for {@link learningCurveStopping}. */
export interface LearningCurveOptions {
  /** An increasing metric in [0, 1], such as validation accuracy. */
  metric: string;
  /** Only "max": the curve families model rising, saturating curves. Default: "max". */
  mode?: Mode;
  /** x_lim: the step a full trial reaches; the curve is extrapolated to it. */
  maxT: number;
  /** Stop when P(y(x_lim) > y_best) is below this. Default: 0.05 (the paper's). */
  threshold?: number;
  /** First step at which a trial may be judged (the fit needs points). Default: 5. */
  minSteps?: number;
  /** Judge every this many reports. Default: 1. */
  every?: number;
  /** Predictive samples per judgement. Default: 1000. */
  samples?: number;
}

interface State {
  curves: Record<string, [number, number][]>;
  /** The best final value of trials that ran their whole budget. */
  yBest: number | null;
  lastProbability: Record<string, number>;
  stopped: Record<string, StopRecord>;
}

/**
 * The early-stopping rule of Domhan, Springenberg & Hutter (IJCAI 2015): extrapolate a trial's
 * curve to x_lim with `extrapolateCurve` (eleven families, BIC weights, Laplace samples) and stop
 * it when P(y(x_lim) > y_best) < threshold, y_best being the best final value of the trials that
 * ran to x_lim so far. No trial is stopped before one has finished.
 */
export class LearningCurveStopping extends StoppingScheduler<State> {
  private readonly options: Required<Omit<LearningCurveOptions, 'mode'>>;

  constructor(options: LearningCurveOptions) {
    checkMetricMode('learningCurveStopping', options.metric, options.mode ?? 'max');
    if (options.mode === 'min') throw new ConfigError('learningCurveStopping: mode is "min": the curve families model rising curves in [0, 1] (accuracies). Report 1 - error, or use medianStopping/asha for losses.');
    super(options.metric, 'max', { curves: {}, yBest: null, lastProbability: {}, stopped: {} });
    this.options = { metric: options.metric, maxT: options.maxT, threshold: options.threshold ?? 0.05, minSteps: options.minSteps ?? 5, every: options.every ?? 1, samples: options.samples ?? 1000 };
    checkPositive('learningCurveStopping', 'maxT', this.options.maxT, false);
    checkPositive('learningCurveStopping', 'minSteps', this.options.minSteps);
    checkPositive('learningCurveStopping', 'every', this.options.every);
    checkPositive('learningCurveStopping', 'samples', this.options.samples);
    if (!(this.options.threshold > 0 && this.options.threshold < 1)) throw new ConfigError(`learningCurveStopping: threshold is ${this.options.threshold}: expected a probability in (0, 1).`);
  }

  onResult(trial: string, result: TrialResult): Decision {
    const value = metricValue('learningCurveStopping', this.metric, trial, result);
    const curve = (this.state.curves[trial] ??= []);
    if (result.step > 0) curve.push([result.step, value]);
    const { minSteps, every, maxT, threshold, samples } = this.options;
    const yBest = this.state.yBest;
    if (yBest === null || curve.length < minSteps || (curve.length - minSteps) % every !== 0 || result.step >= maxT) return 'continue';
    let probability: number;
    try {
      const ex = extrapolateCurve(curve.map(([x]) => x), curve.map(([, y]) => y), [maxT], { samples, seed: curve.length });
      probability = shouldStopEarly(ex, yBest, threshold).probability;
    } catch {
      return 'continue'; // a curve the families cannot fit (flat, falling) is not evidence to stop
    }
    this.state.lastProbability[trial] = probability;
    if (probability >= threshold) return 'continue';
    return this.stop(trial, result.step, `learning curve: P(${this.metric}(${fmt(maxT)}) > y_best = ${fmt(yBest)}) = ${fmt(probability)} < ${threshold} after ${curve.length} reports`);
  }

  override onComplete(trial: string, status: 'ok' | 'failed' | 'stopped'): void {
    const curve = this.state.curves[trial];
    if (status !== 'ok' || !curve?.length || curve[curve.length - 1][0] < this.options.maxT) return;
    const final = curve[curve.length - 1][1];
    this.state.yBest = this.state.yBest === null ? final : Math.max(this.state.yBest, final);
  }

}

/**
 * Domhan et al.'s learning-curve rule as a sweep scheduler: stop a trial when its extrapolated
 * curve has P(y(maxT) > y_best) < 0.05.
 * @param options - metric (rising, in [0, 1]), maxT, threshold (Default: 0.05), minSteps (Default: 5), every (Default: 1), samples (Default: 1000).
 * @returns a {@link Scheduler}.
 * @throws ConfigError for mode "min", a threshold outside (0, 1), or non-positive counts.
 * @example
 * await sweep({ trial: './trial.ts', space, scheduler: learningCurveStopping({ metric: 'accuracy', maxT: 30 }) })
 */
export function learningCurveStopping(options: LearningCurveOptions): LearningCurveStopping {
  return new LearningCurveStopping(options);
}
