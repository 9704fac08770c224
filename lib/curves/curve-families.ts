/** A parametric learning-curve family of Domhan, Springenberg & Hutter (IJCAI 2015). */
export interface CurveFamily {
  name: FamilyName;
  /** The formula, for display. */
  formula: string;
  params: string[];
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

/** The families, each with bounds and starting values (curves of accuracy in [0, 1] over x ≥ 1). */
export const CURVE_FAMILIES: Record<FamilyName, CurveFamily> = {
  pow3: {
    name: 'pow3', formula: 'c − a·x^(−α)', params: ['c', 'a', 'α'], bounds: [[0, 1.5], [-2, 5], [0, 5]],
    f: (x, [c, a, al]) => c - a * x ** -al,
    init: (_x, y) => [top(y), span(y), 0.5],
  },
  pow4: {
    name: 'pow4', formula: 'c − (a·x + b)^(−α)', params: ['c', 'a', 'b', 'α'], bounds: [[0, 1.5], [1e-4, 100], [1e-4, 100], [0, 5]],
    f: (x, [c, a, b, al]) => c - (a * x + b) ** -al,
    init: (_x, y) => [top(y), 1, 1, 0.5],
  },
  log_power: {
    name: 'log_power', formula: 'a / (1 + (x/e^b)^c)', params: ['a', 'b', 'c'], bounds: [[0, 1.5], [-10, 10], [-10, 0]],
    f: (x, [a, b, c]) => a / (1 + (x / Math.exp(b)) ** c),
    init: (x, y) => [top(y), Math.log(Math.max(1, x[0])), -1],
  },
  weibull: {
    name: 'weibull', formula: 'α − (α−β)·exp(−(κx)^δ)', params: ['α', 'β', 'κ', 'δ'], bounds: [[0, 1.5], [0, 1.5], [1e-5, 10], [0.01, 5]],
    f: (x, [a, b, k, d]) => a - (a - b) * Math.exp(-((k * x) ** d)),
    init: (x, y) => [top(y), Math.max(0, y[0] - 0.05), 2 / last(x), 1],
  },
  mmf: {
    name: 'mmf', formula: 'α − (α−β) / (1 + (κx)^δ)', params: ['α', 'β', 'κ', 'δ'], bounds: [[0, 1.5], [0, 1.5], [1e-5, 10], [0.01, 5]],
    f: (x, [a, b, k, d]) => a - (a - b) / (1 + (k * x) ** d),
    init: (x, y) => [top(y), Math.max(0, y[0] - 0.05), 2 / last(x), 1],
  },
  janoschek: {
    name: 'janoschek', formula: 'α − (α−β)·exp(−κ·x^δ)', params: ['α', 'β', 'κ', 'δ'], bounds: [[0, 1.5], [0, 1.5], [1e-6, 10], [0.01, 5]],
    f: (x, [a, b, k, d]) => a - (a - b) * Math.exp(-k * x ** d),
    init: (x, y) => [top(y), Math.max(0, y[0] - 0.05), 1 / last(x), 1],
  },
  ilog2: {
    name: 'ilog2', formula: 'c − a / ln(x + 1)', params: ['c', 'a'], bounds: [[0, 1.5], [-2, 5]],
    f: (x, [c, a]) => c - a / Math.log(x + 1),
    init: (_x, y) => [top(y), span(y) * Math.LN2],
  },
  hill3: {
    name: 'hill3', formula: 'θ·x^η / (κ^η + x^η)', params: ['θ', 'η', 'κ'], bounds: [[0, 1.5], [0.01, 10], [1e-4, 1e5]],
    f: (x, [t, e, k]) => (t * x ** e) / (k ** e + x ** e),
    init: (x, y) => [top(y), 1, Math.max(1e-3, x[0])],
  },
  vap: {
    name: 'vap', formula: 'exp(a + b/x + c·ln x)', params: ['a', 'b', 'c'], bounds: [[-10, 2], [-10, 10], [-2, 2]],
    f: (x, [a, b, c]) => Math.exp(a + b / x + c * Math.log(x)),
    init: (_x, y) => [Math.log(top(y)), -0.5, 0],
  },
  loglog_linear: {
    name: 'loglog_linear', formula: 'ln(a·ln x + b)', params: ['a', 'b'], bounds: [[0, 10], [1e-3, 10]],
    f: (x, [a, b]) => Math.log(a * Math.log(x) + b),
    init: (_x, y) => [0.2, Math.exp(y[0])],
  },
  exp4: {
    name: 'exp4', formula: 'c − exp(−a·x^α + b)', params: ['c', 'a', 'α', 'b'], bounds: [[0, 1.5], [0, 10], [0.01, 5], [-10, 10]],
    f: (x, [c, a, al, b]) => c - Math.exp(-a * x ** al + b),
    init: (_x, y) => [top(y), 0.5, 0.5, Math.log(span(y))],
  },
};
