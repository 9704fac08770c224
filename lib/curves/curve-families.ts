/** A parametric learning-curve family of Domhan, Springenberg & Hutter (IJCAI 2015). */
export interface CurveFamily {
  name: FamilyName;
  /** The formula, for display. */
  formula: string;
  /** Parameter names, in the order `f`, `bounds` and every fit use. */
  params: string[];
  /** The function's name in the authors' code (pylearningcurvepredictor's `curvefunctions.py`). */
  authorsFunction: string;
  /** The authors' name of each parameter, aligned with `params` (also accepted by `paramsByName`). */
  authorsParams: string[];
  /** The authors' positional order of the parameters, as names from `authorsParams`. */
  authorsOrder: string[];
  /** Lower and upper bound of each parameter. */
  bounds: [number, number][];
  /** f(x | θ). */
  f: (x: number, p: readonly number[]) => number;
  /** Starting values from the observed curve (x increasing, y observed). */
  init: (x: readonly number[], y: readonly number[]) => number[];
}

/** The eleven family names. */
export const FAMILY_NAMES = ['pow3', 'pow4', 'log_power', 'weibull', 'mmf', 'janoschek', 'ilog2', 'hill3', 'vap', 'loglog_linear', 'exp4'] as const;
/** One of {@link FAMILY_NAMES}. */
export type FamilyName = (typeof FAMILY_NAMES)[number];

const last = (a: readonly number[]) => a[a.length - 1];
const top = (y: readonly number[]) => Math.min(1.2, Math.max(...y) + 0.02);
const span = (y: readonly number[]) => Math.max(1e-3, top(y) - y[0]);

/**
 * The families, each with bounds and starting values (curves of accuracy in [0, 1] over x ≥ 1).
 *
 * Mapping to the authors' code (tdomhan/pylearningcurvepredictor, `curvefunctions.py`): the
 * formulas are theirs; the parameter order is theirs except for **exp4**, which takes [c, a, α, b]
 * here and `exp4(x, c, a, b, alpha)` there; **hill3** is their `dr_hill_zero_background`; janoschek's
 * α and κ are their `a` and `k`; Greek letters are their `alpha`, `beta`, `kappa`, `delta`,
 * `theta`, `eta`. Each family's `authorsFunction`, `authorsParams` and `authorsOrder` hold this,
 * and `paramsByName` / `fromAuthorsOrder` convert (either naming works).
 *
 * The bounds are ours (their fits are unbounded): they keep least-squares fits and the default
 * MCMC of curves of accuracy in a plausible box. Their starting values `model_defaults` partly lie
 * outside it (pow4's a = 200, b = 0); ours are computed from the observed curve instead. Their
 * released combination `curve_combination_models` uses nine families (without vap and ilog2);
 * the paper and this library use all eleven.
 * @example
 * CURVE_FAMILIES.exp4.f(10, paramsByName('exp4', { c: 0.9, a: 1, alpha: 0.5, b: 0 }))
 */
export const CURVE_FAMILIES: Record<FamilyName, CurveFamily> = {
  pow3: {
    name: 'pow3', formula: 'c − a·x^(−α)', params: ['c', 'a', 'α'],
    authorsFunction: 'pow3', authorsParams: ['c', 'a', 'alpha'], authorsOrder: ['c', 'a', 'alpha'], bounds: [[0, 1.5], [-2, 5], [0, 5]],
    f: (x, [c, a, al]) => c - a * x ** -al,
    init: (_x, y) => [top(y), span(y), 0.5],
  },
  pow4: {
    name: 'pow4', formula: 'c − (a·x + b)^(−α)', params: ['c', 'a', 'b', 'α'],
    authorsFunction: 'pow4', authorsParams: ['c', 'a', 'b', 'alpha'], authorsOrder: ['c', 'a', 'b', 'alpha'], bounds: [[0, 1.5], [1e-4, 100], [1e-4, 100], [0, 5]],
    f: (x, [c, a, b, al]) => c - (a * x + b) ** -al,
    init: (_x, y) => [top(y), 1, 1, 0.5],
  },
  log_power: {
    name: 'log_power', formula: 'a / (1 + (x/e^b)^c)', params: ['a', 'b', 'c'],
    authorsFunction: 'log_power', authorsParams: ['a', 'b', 'c'], authorsOrder: ['a', 'b', 'c'], bounds: [[0, 1.5], [-10, 10], [-10, 0]],
    f: (x, [a, b, c]) => a / (1 + (x / Math.exp(b)) ** c),
    init: (x, y) => [top(y), Math.log(Math.max(1, x[0])), -1],
  },
  weibull: {
    name: 'weibull', formula: 'α − (α−β)·exp(−(κx)^δ)', params: ['α', 'β', 'κ', 'δ'],
    authorsFunction: 'weibull', authorsParams: ['alpha', 'beta', 'kappa', 'delta'], authorsOrder: ['alpha', 'beta', 'kappa', 'delta'], bounds: [[0, 1.5], [0, 1.5], [1e-5, 10], [0.01, 5]],
    f: (x, [a, b, k, d]) => a - (a - b) * Math.exp(-((k * x) ** d)),
    init: (x, y) => [top(y), Math.max(0, y[0] - 0.05), 2 / last(x), 1],
  },
  mmf: {
    name: 'mmf', formula: 'α − (α−β) / (1 + (κx)^δ)', params: ['α', 'β', 'κ', 'δ'],
    authorsFunction: 'mmf', authorsParams: ['alpha', 'beta', 'kappa', 'delta'], authorsOrder: ['alpha', 'beta', 'kappa', 'delta'], bounds: [[0, 1.5], [0, 1.5], [1e-5, 10], [0.01, 5]],
    f: (x, [a, b, k, d]) => a - (a - b) / (1 + (k * x) ** d),
    init: (x, y) => [top(y), Math.max(0, y[0] - 0.05), 2 / last(x), 1],
  },
  janoschek: {
    name: 'janoschek', formula: 'α − (α−β)·exp(−κ·x^δ)', params: ['α', 'β', 'κ', 'δ'],
    authorsFunction: 'janoschek', authorsParams: ['a', 'beta', 'k', 'delta'], authorsOrder: ['a', 'beta', 'k', 'delta'], bounds: [[0, 1.5], [0, 1.5], [1e-6, 10], [0.01, 5]],
    f: (x, [a, b, k, d]) => a - (a - b) * Math.exp(-k * x ** d),
    init: (x, y) => [top(y), Math.max(0, y[0] - 0.05), 1 / last(x), 1],
  },
  ilog2: {
    name: 'ilog2', formula: 'c − a / ln(x + 1)', params: ['c', 'a'],
    authorsFunction: 'ilog2', authorsParams: ['c', 'a'], authorsOrder: ['c', 'a'], bounds: [[0, 1.5], [-2, 5]],
    f: (x, [c, a]) => c - a / Math.log(x + 1),
    init: (_x, y) => [top(y), span(y) * Math.LN2],
  },
  hill3: {
    name: 'hill3', formula: 'θ·x^η / (κ^η + x^η)', params: ['θ', 'η', 'κ'],
    authorsFunction: 'dr_hill_zero_background', authorsParams: ['theta', 'eta', 'kappa'], authorsOrder: ['theta', 'eta', 'kappa'], bounds: [[0, 1.5], [0.01, 10], [1e-4, 1e5]],
    f: (x, [t, e, k]) => (t * x ** e) / (k ** e + x ** e),
    init: (x, y) => [top(y), 1, Math.max(1e-3, x[0])],
  },
  vap: {
    name: 'vap', formula: 'exp(a + b/x + c·ln x)', params: ['a', 'b', 'c'],
    authorsFunction: 'vap', authorsParams: ['a', 'b', 'c'], authorsOrder: ['a', 'b', 'c'], bounds: [[-10, 2], [-10, 10], [-2, 2]],
    f: (x, [a, b, c]) => Math.exp(a + b / x + c * Math.log(x)),
    init: (_x, y) => [Math.log(top(y)), -0.5, 0],
  },
  loglog_linear: {
    name: 'loglog_linear', formula: 'ln(a·ln x + b)', params: ['a', 'b'],
    authorsFunction: 'loglog_linear', authorsParams: ['a', 'b'], authorsOrder: ['a', 'b'], bounds: [[0, 10], [1e-3, 10]],
    f: (x, [a, b]) => Math.log(a * Math.log(x) + b),
    init: (_x, y) => [0.2, Math.exp(y[0])],
  },
  exp4: {
    name: 'exp4', formula: 'c − exp(−a·x^α + b)', params: ['c', 'a', 'α', 'b'],
    authorsFunction: 'exp4', authorsParams: ['c', 'a', 'alpha', 'b'], authorsOrder: ['c', 'a', 'b', 'alpha'], bounds: [[0, 1.5], [0, 10], [0.01, 5], [-10, 10]],
    f: (x, [c, a, al, b]) => c - Math.exp(-a * x ** al + b),
    init: (_x, y) => [top(y), 0.5, 0.5, Math.log(span(y))],
  },
};
