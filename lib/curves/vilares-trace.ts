import * as aq from 'arquero';
import { checkCurve } from './check-curve';
import { fitFamily } from './fit-curve';

/** Options for {@link vilaresTrace}. */
export interface VilaresOptions {
  /** Where to predict: the training-set size whose accuracy we want (default: the asymptote, the pattern's c). */
  target?: number;
  /** Points needed before the first fit. Default: 4. */
  minPoints?: number;
  /** The prediction level: estimates from levels below this x are not trusted. Default: the 4th x. */
  predictionLevel?: number;
  /** Convergence threshold (proximity condition): successive estimates closer than this have converged. Default: 0.005. */
  threshold?: number;
}

/**
 * The iterative power-law method of Vilares, Darriba & Ribadas ("Modeling of learning curves
 * with applications to POS tagging"): as the training set grows level by level, refit the
 * accuracy pattern c − a·x^(−α) to the observations so far and record its estimate of the final
 * accuracy. The estimates form a trace that converges; an estimate is trusted once the prediction
 * level is passed, and the prediction is the first trusted estimate whose change from the
 * previous one is within the threshold.
 * @param x - training-set sizes (increasing); y - accuracies.
 * @returns rows level, x, estimate, change, trusted, converged; the converged row is the prediction.
 * @example
 * vilaresTrace(sizes, accuracies, { threshold: 0.005 })
 */
export function vilaresTrace(x: readonly number[], y: readonly number[], options: VilaresOptions = {}): aq.ColumnTable {
  const minPoints = options.minPoints ?? 4;
  checkCurve('vilaresTrace', x, y, minPoints);
  const level = options.predictionLevel ?? x[Math.min(x.length - 1, 3)];
  const threshold = options.threshold ?? 0.005;
  const rows: { level: number; x: number; estimate: number; change: number | null; trusted: boolean; converged: boolean }[] = [];
  let found = false;
  for (let i = minPoints; i <= x.length; i++) {
    const fit = fitFamily('pow3', x.slice(0, i), y.slice(0, i), { restarts: 4 });
    const estimate = options.target === undefined ? fit.params[0] : fit.predict(options.target);
    const change = rows.length > 0 ? Math.abs(estimate - rows[rows.length - 1].estimate) : null;
    const trusted = x[i - 1] >= level;
    const converged = !found && trusted && change !== null && change < threshold;
    if (converged) found = true;
    rows.push({ level: i, x: x[i - 1], estimate, change, trusted, converged });
  }
  return aq.from(rows);
}
