import type { Decision } from '../engine';
import { checkMetricMode, checkPositive, fmt, metricValue, type Mode, type StopRecord, type TrialResult } from './scheduler';
import { StoppingScheduler } from './stopping-scheduler';

/** Options for {@link asha}. */
export interface AshaOptions {
  metric: string;
  mode: Mode;
  /** The step a full trial reaches (its budget). */
  maxT: number;
  /** The first rung: the smallest budget a trial gets. Default: 1. */
  gracePeriod?: number;
  /** η: each rung keeps the top 1/η of the trials that reached it. Default: 3. */
  reductionFactor?: number;
}

interface State {
  rungs: { milestone: number; values: Record<string, number> }[];
  stopped: Record<string, StopRecord>;
}

/**
 * Asynchronous successive halving (Li et al., "A System for Massively Parallel Hyperparameter
 * Tuning", MLSys 2020): rungs at gracePeriod·η^k; a trial reaching a rung goes on only if its
 * value is in the top 1/η of the values recorded at that rung so far.
 */
export class Asha extends StoppingScheduler<State> {
  private readonly eta: number;

  constructor(options: AshaOptions) {
    checkMetricMode('asha', options.metric, options.mode);
    super(options.metric, options.mode, { rungs: [], stopped: {} });
    const grace = options.gracePeriod ?? 1;
    this.eta = options.reductionFactor ?? 3;
    checkPositive('asha', 'maxT', options.maxT, false);
    checkPositive('asha', 'gracePeriod', grace, false);
    checkPositive('asha', 'reductionFactor', this.eta - 1, false);
    for (let m = grace; m < options.maxT; m *= this.eta) this.state.rungs.push({ milestone: m, values: {} });
  }

  onResult(trial: string, result: TrialResult): Decision {
    const value = metricValue('asha', this.metric, trial, result);
    const sign = this.mode === 'max' ? 1 : -1;
    // The highest rung this report reaches that the trial has not been judged at yet.
    const rung = [...this.state.rungs].reverse().find((r) => result.step >= r.milestone && !(trial in r.values));
    if (!rung) return 'continue';
    rung.values[trial] = value;
    const recorded = Object.values(rung.values).map((v) => sign * v).sort((a, b) => a - b);
    const q = (recorded.length - 1) * (1 - 1 / this.eta);
    const lo = Math.floor(q);
    const cutoff = recorded[lo] + (recorded[Math.min(lo + 1, recorded.length - 1)] - recorded[lo]) * (q - lo);
    if (sign * value >= cutoff) return 'continue';
    return this.stop(trial, result.step, `ASHA: ${this.metric} ${fmt(value)} at rung ${fmt(rung.milestone)} is outside the top 1/${this.eta} of ${recorded.length} trials there (cutoff ${fmt(sign * cutoff)})`);
  }
}

/**
 * ASHA (asynchronous successive halving) as a sweep scheduler.
 * @param options - metric, mode, maxT (the full budget in steps), gracePeriod (Default: 1), reductionFactor η (Default: 3).
 * @returns a {@link Scheduler}.
 * @throws ConfigError for a missing metric, a bad mode, or non-positive budgets, or η ≤ 1.
 * @example
 * await sweep({ trial: './trial.ts', space, scheduler: asha({ metric: 'accuracy', mode: 'max', maxT: 30 }) })
 */
export function asha(options: AshaOptions): Asha {
  return new Asha(options);
}
