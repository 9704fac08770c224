/** Options for {@link levenbergMarquardt}. */
export interface LmOptions {
  /** Largest number of iterations. Default: 200. */
  maxIterations?: number;
  /** Stop when the relative decrease of the sum of squares is below this. Default: 1e-10. */
  tolerance?: number;
}

/** Solves the small dense system A·x = b by Gaussian elimination with partial pivoting. */
export function solveLinear(A: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    if (Math.abs(M[p][c]) < 1e-300) return undefined;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = c + 1; r < n; r++) {
      const k = M[r][c] / M[c][c];
      for (let j = c; j <= n; j++) M[r][j] -= k * M[c][j];
    }
  }
  const x = new Array(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let j = r + 1; j < n; j++) s -= M[r][j] * x[j];
    x[r] = s / M[r][r];
  }
  return x;
}

/** Central-difference Jacobian of the model values at each x with respect to the parameters. */
export function jacobian(f: (x: number, p: readonly number[]) => number, xs: readonly number[], p: readonly number[]): number[][] {
  return xs.map((x) =>
    p.map((v, j) => {
      const h = 1e-6 * Math.max(1, Math.abs(v));
      const up = p.slice(), down = p.slice();
      up[j] += h;
      down[j] -= h;
      return (f(x, up) - f(x, down)) / (2 * h);
    }),
  );
}

function sse(f: (x: number, p: readonly number[]) => number, xs: readonly number[], ys: readonly number[], p: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    const r = f(xs[i], p) - ys[i];
    s += r * r;
  }
  return Number.isFinite(s) ? s : Infinity;
}

/**
 * Box-constrained Levenberg–Marquardt least squares: minimises Σ (f(x_i | θ) − y_i)² from a
 * starting θ, projecting each step onto the bounds, with Marquardt's diagonal scaling.
 * @returns the best parameters found and their sum of squares.
 * @example
 * levenbergMarquardt((x, [a, b]) => a * x + b, [1, 2, 3], [2, 4, 6], [0, 0], [[-10, 10], [-10, 10]]).params // ≈ [2, 0]
 */
export function levenbergMarquardt(
  f: (x: number, p: readonly number[]) => number,
  xs: readonly number[],
  ys: readonly number[],
  start: readonly number[],
  bounds: readonly [number, number][],
  options: LmOptions = {},
): { params: number[]; sse: number } {
  const clamp = (p: number[]) => p.map((v, j) => Math.min(bounds[j][1], Math.max(bounds[j][0], v)));
  let p = clamp(start.slice());
  let cost = sse(f, xs, ys, p);
  let lambda = 1e-3;
  const maxIt = options.maxIterations ?? 200;
  const tol = options.tolerance ?? 1e-10;
  for (let it = 0; it < maxIt && Number.isFinite(cost); it++) {
    const J = jacobian(f, xs, p);
    const r = xs.map((x, i) => ys[i] - f(x, p));
    const n = p.length;
    const JtJ = Array.from({ length: n }, (_, a) => Array.from({ length: n }, (_, b) => J.reduce((s, row) => s + row[a] * row[b], 0)));
    const Jtr = Array.from({ length: n }, (_, a) => J.reduce((s, row, i) => s + row[a] * r[i], 0));
    let improved = false;
    for (let tries = 0; tries < 10; tries++) {
      const A = JtJ.map((row, a) => row.map((v, b) => (a === b ? v + lambda * Math.max(v, 1e-12) : v)));
      const step = solveLinear(A, Jtr);
      if (!step || step.some((s) => !Number.isFinite(s))) {
        lambda *= 10;
        continue;
      }
      const next = clamp(p.map((v, j) => v + step[j]));
      const nextCost = sse(f, xs, ys, next);
      if (nextCost < cost) {
        const rel = (cost - nextCost) / Math.max(cost, 1e-300);
        p = next;
        cost = nextCost;
        lambda = Math.max(1e-12, lambda / 3);
        improved = true;
        if (rel < tol) return { params: p, sse: cost };
        break;
      }
      lambda *= 4;
    }
    if (!improved) break;
  }
  return { params: p, sse: cost };
}
