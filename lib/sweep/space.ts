import { ConfigError, describeValue } from '../errors';
import { rng, type Rng } from '../util/random';

/** A value a configuration may hold: what survives JSON and a worker message unchanged. */
export type ConfigValue = number | string | boolean | null;
/** One trial's configuration: a name → value record, keys in the space's order. */
export type TrialConfig = Record<string, ConfigValue>;

/** A crossed axis: every value is combined with every value of the other grid axes. */
export interface GridDomain {
  readonly kind: 'grid';
  readonly values: readonly ConfigValue[];
}
/** One of `values`, drawn uniformly for each sample. */
export interface ChoiceDomain {
  readonly kind: 'choice';
  readonly values: readonly ConfigValue[];
}
/** A float drawn uniformly from [low, high): low included, high excluded. */
export interface UniformDomain {
  readonly kind: 'uniform';
  readonly low: number;
  readonly high: number;
}
/** A float whose logarithm is uniform on [log low, log high): low included, high excluded. */
export interface LogUniformDomain {
  readonly kind: 'log-uniform';
  readonly low: number;
  readonly high: number;
}
/** A domain of the search space. Plain arrays are grids; plain values are constants. */
export type Domain = GridDomain | ChoiceDomain | UniformDomain | LogUniformDomain;
/** A search space: a record of domains, arrays (grids) and constants, or a list of such records (their union). */
export type Space = Record<string, Domain | readonly ConfigValue[] | ConfigValue> | readonly Record<string, Domain | readonly ConfigValue[] | ConfigValue>[];

function assertValues(where: string, values: readonly unknown[]): readonly ConfigValue[] {
  if (!Array.isArray(values) || values.length === 0) throw new ConfigError(`${where}: expected a non-empty array of values, got ${describeValue(values)}.`);
  for (const v of values) {
    const ok = v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
    if (!ok) throw new ConfigError(`${where}: value ${describeValue(v)} cannot be a config value: expected finite numbers, strings, booleans or null (configs are sent to workers as JSON).`);
  }
  return Object.freeze([...values]) as readonly ConfigValue[];
}

function assertRange(where: string, low: number, high: number, positive: boolean): void {
  if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) throw new ConfigError(`${where}: expected finite low < high, got low = ${low}, high = ${high}.`);
  if (positive && !(low > 0)) throw new ConfigError(`${where}: expected low > 0 on a log scale, got low = ${low}. Use uniform() for ranges that include 0.`);
}

/**
 * A crossed axis of the search space: each value is combined with every value of the other grids.
 * A plain array in a space means the same.
 * @param values - the values, in order.
 * @returns an immutable grid domain.
 * @throws ConfigError when values is empty or holds a value that is not JSON-like.
 * @example
 * sweep({ trial: './trial.ts', space: { lr: grid([1e-3, 1e-2]), layers: grid([1, 2]) } }) // 4 trials
 */
export function grid(values: readonly ConfigValue[]): GridDomain {
  return Object.freeze({ kind: 'grid', values: assertValues('grid', values) });
}

/**
 * One of `values`, drawn uniformly (seeded) for each random sample of the space.
 * @param values - the candidates.
 * @returns an immutable choice domain.
 * @throws ConfigError when values is empty or holds a value that is not JSON-like.
 * @example
 * sweep({ trial: './trial.ts', space: { optimizer: choice(['adam', 'sgd']) }, samples: 8 })
 */
export function choice(values: readonly ConfigValue[]): ChoiceDomain {
  return Object.freeze({ kind: 'choice', values: assertValues('choice', values) });
}

/**
 * A float drawn uniformly from the half-open interval [low, high): low can be drawn, high never.
 * @param low - the lower bound (included).
 * @param high - the upper bound (excluded).
 * @returns an immutable uniform domain.
 * @throws ConfigError unless low < high, both finite.
 * @example
 * sweep({ trial: './trial.ts', space: { dropout: uniform(0, 0.5) }, samples: 10 })
 */
export function uniform(low: number, high: number): UniformDomain {
  assertRange('uniform', low, high, false);
  return Object.freeze({ kind: 'uniform', low, high });
}

/**
 * A float whose logarithm is uniform on [log low, log high): low can be drawn, high never.
 * Use it for learning rates and regularisation strengths.
 * @param low - the lower bound (included, > 0).
 * @param high - the upper bound (excluded).
 * @returns an immutable log-uniform domain.
 * @throws ConfigError unless 0 < low < high.
 * @example
 * sweep({ trial: './trial.ts', space: { lr: logUniform(1e-4, 1e-1) }, samples: 10 })
 */
export function logUniform(low: number, high: number): LogUniformDomain {
  assertRange('logUniform', low, high, true);
  return Object.freeze({ kind: 'log-uniform', low, high });
}

/**
 * Seeds as a crossed axis: `seeds(5)` is `grid([0, 1, 2, 3, 4])`, so every other configuration runs 5 times.
 * @param count - how many seeds (a positive integer).
 * @param first - the first seed. Default: 0.
 * @returns a grid domain of consecutive integers.
 * @throws ConfigError unless count is a positive integer.
 * @example
 * sweep({ trial: './trial.ts', space: { strategy: ['replay', 'ewc'], seed: seeds(5) } }) // 10 trials
 */
export function seeds(count: number, first = 0): GridDomain {
  if (!(Number.isInteger(count) && count > 0)) throw new ConfigError(`seeds: expected a positive integer count, got ${describeValue(count)}.`);
  return grid(Array.from({ length: count }, (_, i) => first + i));
}

function isDomain(v: unknown): v is Domain {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && ['grid', 'choice', 'uniform', 'log-uniform'].includes((v as Domain).kind);
}

function draw(d: Domain, rand: Rng): ConfigValue {
  if (d.kind === 'choice') return d.values[Math.min(d.values.length - 1, Math.floor(rand() * d.values.length))];
  if (d.kind === 'uniform') return d.low + (d.high - d.low) * rand();
  if (d.kind === 'log-uniform') return Math.exp(Math.log(d.low) + (Math.log(d.high) - Math.log(d.low)) * rand());
  throw new Error('unreachable: grids are crossed, not drawn');
}

function expandOne(space: Record<string, unknown>, samples: number, rand: Rng): TrialConfig[] {
  const keys = Object.keys(space);
  const axes = keys.map((k) => {
    const v = space[k];
    if (Array.isArray(v)) return grid(v);
    if (isDomain(v)) return v;
    return grid([v as ConfigValue]);
  });
  let points: TrialConfig[] = [{}];
  keys.forEach((k, i) => {
    const d = axes[i];
    if (d.kind !== 'grid') return;
    points = points.flatMap((p) => d.values.map((v) => ({ ...p, [k]: v })));
  });
  const random = keys.filter((_, i) => axes[i].kind !== 'grid');
  const reps = random.length > 0 ? samples : 1;
  const out: TrialConfig[] = [];
  for (let s = 0; s < reps; s++) {
    for (const p of points) {
      const c: TrialConfig = {};
      keys.forEach((k, i) => (c[k] = axes[i].kind === 'grid' ? p[k] : draw(axes[i], rand)));
      out.push(c);
    }
  }
  return out;
}

/**
 * Expands a search space into its configurations: grids crossed in key order, then `samples`
 * seeded draws of the random domains for each grid point (one pass when there are none).
 * @param space - a record of domains (or a list of records, whose expansions are concatenated).
 * @param options - `samples` (Default: 1) and `seed` for the draws (Default: 0).
 * @returns the configurations, in a fixed order.
 * @throws ConfigError on an empty space, a bad domain, or two identical configurations.
 * @example
 * expandSpace({ lr: [0.1, 0.01], seed: seeds(2) }) // 4 configs
 */
export function expandSpace(space: Space, options: { samples?: number; seed?: number } = {}): TrialConfig[] {
  const samples = options.samples ?? 1;
  if (!(Number.isInteger(samples) && samples > 0)) throw new ConfigError(`expandSpace: samples is ${describeValue(samples)}: expected a positive integer.`);
  const rand = rng(options.seed ?? 0);
  const parts = Array.isArray(space) ? space : [space];
  if (parts.length === 0) throw new ConfigError('expandSpace: the space is an empty list: expected at least one record of domains.');
  const out = parts.flatMap((p) => {
    if (typeof p !== 'object' || p === null || Array.isArray(p)) throw new ConfigError(`expandSpace: expected a record of domains, got ${describeValue(p)}.`);
    return expandOne(p as Record<string, unknown>, samples, rand);
  });
  const seen = new Map<string, number>();
  out.forEach((c, i) => {
    const key = JSON.stringify(c);
    const j = seen.get(key);
    if (j !== undefined) throw new ConfigError(`expandSpace: configurations ${j} and ${i} are identical (${key}): each trial is keyed by its configuration. Add a seeds() axis to repeat a run.`);
    seen.set(key, i);
  });
  return out;
}
