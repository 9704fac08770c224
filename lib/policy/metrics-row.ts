import type { BanditWorld } from './bandit-world';
import { evaluatePolicy, type PolicyMetrics } from './policy-metrics';

/** One row of a run's table: step, method, β and the {@link PolicyMetrics}. */
export type MetricsRow = { step: number; method: string; beta: number } & PolicyMetrics & Record<string, number | string>;

/** Measures a policy and labels the row. */
export function metricsRow(world: BanditWorld, probs: readonly (readonly number[])[], step: number, method: string, beta: number, extra: Record<string, number> = {}): MetricsRow {
  return { step, method, beta, ...evaluatePolicy(world, probs, beta), ...extra };
}
