import * as aq from 'arquero';
import { extrapolateCurve, type ExtrapolateOptions } from './extrapolate';

/**
 * Scores extrapolation from prefixes of curves with known endings: for each prefix share, the
 * absolute error at the last x of the ensemble's mean, of the last observed value, and of the
 * best single family (by BIC), plus the coverage of the ensemble's interval.
 * @param curves - curves with x and y (e.g. `samplePriorCurves`).
 * @param prefixes - shares of each curve observed. Default: [0.1, 0.2, 0.4].
 * @returns rows prefix, method, mae, coverage (coverage only for the ensemble).
 * @example
 * evaluateExtrapolation(samplePriorCurves(20, { seed: 1 }), [0.1, 0.2, 0.4])
 */
export function evaluateExtrapolation(curves: { x: number[]; y: number[] }[], prefixes = [0.1, 0.2, 0.4], options: ExtrapolateOptions = {}): aq.ColumnTable {
  const rows: { prefix: number; method: string; mae: number; coverage: number | null }[] = [];
  for (const share of prefixes) {
    let errEns = 0, errLast = 0, errBest = 0, covered = 0;
    for (const c of curves) {
      const n = Math.max(5, Math.round(share * c.x.length));
      const [x, y] = [c.x.slice(0, n), c.y.slice(0, n)];
      const xLim = c.x[c.x.length - 1];
      const yLim = c.y[c.y.length - 1];
      const e = extrapolateCurve(x, y, [xLim], { samples: 1000, ...options });
      const row = e.bands.objects()[0] as { mean: number; lower: number; upper: number };
      errEns += Math.abs(row.mean - yLim);
      covered += yLim >= row.lower && yLim <= row.upper ? 1 : 0;
      errLast += Math.abs(y[y.length - 1] - yLim);
      errBest += Math.abs(e.fits[0].predict(xLim) - yLim);
    }
    const k = curves.length;
    rows.push({ prefix: share, method: 'ensemble (BIC + Laplace)', mae: errEns / k, coverage: covered / k });
    rows.push({ prefix: share, method: 'best single family', mae: errBest / k, coverage: null });
    rows.push({ prefix: share, method: 'last value', mae: errLast / k, coverage: null });
  }
  return aq.from(rows);
}
