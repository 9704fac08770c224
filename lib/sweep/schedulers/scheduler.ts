import { ConfigError, describeValue, unknownKeywordMessage } from '../../errors';
import type { Decision } from '../engine';

/** One intermediate report of a trial, as a scheduler sees it. */
export interface TrialResult {
  step: number;
  metrics: Record<string, number>;
}

/** Whether larger or smaller values of the metric are better. */
export type Mode = 'max' | 'min';

/** Why and when a scheduler stopped a trial. */
export interface StopRecord {
  step: number;
  reason: string;
}

/**
 * Decides, from each report, whether a trial goes on. Metric and mode are fixed at construction;
 * the state is plain JSON (`toJSON()`), so a cell can inspect it and a notebook can write its own.
 */
export interface Scheduler {
  readonly metric: string;
  readonly mode: Mode;
  /** Called for every report, in arrival order; returns the decision for this trial. */
  onResult(trial: string, result: TrialResult): Decision;
  /** Called once when a trial ends (ok, failed or stopped). */
  onComplete(trial: string, status: 'ok' | 'failed' | 'stopped'): void;
  /** Why and at which step this scheduler stopped `trial`, or undefined. */
  whyStopped(trial: string): StopRecord | undefined;
  /** The scheduler's state as JSON. */
  toJSON(): unknown;
}

/** Checks the options every scheduler shares. */
export function checkMetricMode(where: string, metric: unknown, mode: unknown): void {
  if (typeof metric !== 'string' || metric === '') throw new ConfigError(`${where}: metric is ${describeValue(metric)}: expected the name of a reported metric, e.g. "accuracy".`);
  if (mode !== 'max' && mode !== 'min') throw new ConfigError(unknownKeywordMessage(where, 'mode', mode, ['max', 'min']));
}

/** Checks a positive integer option. */
export function checkPositive(where: string, name: string, value: number, integer = true): void {
  if (!(Number.isFinite(value) && value > 0 && (!integer || Number.isInteger(value)))) throw new ConfigError(`${where}: ${name} is ${describeValue(value)}: expected a positive ${integer ? 'integer' : 'number'}.`);
}

/** Reads the scheduler's metric from a report, with an error naming what was reported instead. */
export function metricValue(where: string, metric: string, trial: string, result: TrialResult): number {
  const v = result.metrics[metric];
  if (typeof v !== 'number') throw new ConfigError(`${where}: trial ${trial} reported ${JSON.stringify(Object.keys(result.metrics))} at step ${result.step} but not "${metric}", the metric this scheduler watches. Report it, or build the scheduler with one of these metrics.`);
  return v;
}

/** Formats a metric value for a stop reason. */
export function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(4);
}
