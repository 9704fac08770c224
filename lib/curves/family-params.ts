import { ConfigError, describeValue, unknownKeywordMessage } from '../errors';
import { CURVE_FAMILIES, FAMILY_NAMES, type CurveFamily, type FamilyName } from './curve-families';

/** Parameters by name: ours (`CURVE_FAMILIES[f].params`, e.g. "α") or the authors' ("alpha"). */
export type NamedParams = Readonly<Record<string, number>>;

function familyOf(where: string, family: FamilyName): CurveFamily {
  const fam = CURVE_FAMILIES[family];
  if (!fam) throw new ConfigError(unknownKeywordMessage(where, 'family', family, FAMILY_NAMES));
  return fam;
}

/**
 * A family's parameters as the array its `f`, bounds and fits use, from names: each key is our
 * name (`CURVE_FAMILIES.exp4.params`: c, a, α, b) or the authors' (`authorsParams`: c, a, alpha, b),
 * so the order no longer matters.
 * @param family - e.g. "exp4".
 * @param named - one value per parameter.
 * @returns the values in `CURVE_FAMILIES[family].params` order.
 * @throws ConfigError for an unknown family or name, a parameter given twice or missing, or a non-finite value.
 * @example
 * paramsByName('exp4', { c: 0.9, a: 1, b: 0, alpha: 0.5 }) // [0.9, 1, 0.5, 0]
 */
export function paramsByName(family: FamilyName, named: NamedParams): number[] {
  const where = 'paramsByName';
  const fam = familyOf(where, family);
  const out: (number | undefined)[] = fam.params.map(() => undefined);
  for (const [key, value] of Object.entries(named)) {
    let j = fam.params.indexOf(key);
    if (j < 0) j = fam.authorsParams.indexOf(key);
    if (j < 0) throw new ConfigError(`${where}: ${family} has no parameter ${describeValue(key)}: expected ${fam.params.map((p, i) => (p === fam.authorsParams[i] ? p : `${p} (or ${fam.authorsParams[i]})`)).join(', ')}.`);
    if (out[j] !== undefined) throw new ConfigError(`${where}: ${family}'s parameter ${fam.params[j]} is given twice (as ${fam.params[j]} and ${fam.authorsParams[j]}): give it once.`);
    if (!Number.isFinite(value)) throw new ConfigError(`${where}: ${family}'s parameter ${key} is ${describeValue(value)}: expected a finite number.`);
    out[j] = value;
  }
  const missing = fam.params.filter((_, j) => out[j] === undefined);
  if (missing.length > 0) throw new ConfigError(`${where}: ${family} needs ${fam.params.join(', ')}; missing ${missing.join(', ')}.`);
  return out as number[];
}

/**
 * Names a family's parameter array, with our names as keys.
 * @param family - e.g. "pow3".
 * @param values - in `CURVE_FAMILIES[family].params` order, e.g. a fit's `params`.
 * @returns name → value.
 * @throws ConfigError for an unknown family or the wrong number of values.
 * @example
 * namedParams('pow3', fitFamily('pow3', x, y).params) // { c: …, a: …, α: … }
 */
export function namedParams(family: FamilyName, values: readonly number[]): Record<string, number> {
  const fam = familyOf('namedParams', family);
  if (values.length !== fam.params.length) throw new ConfigError(`namedParams: ${family} has ${fam.params.length} parameters (${fam.params.join(', ')}) but ${values.length} values were given.`);
  return Object.fromEntries(fam.params.map((p, j) => [p, values[j]]));
}

/**
 * Converts parameters in the authors' positional order (`exp4(x, c, a, b, alpha)` in their
 * `curvefunctions.py`) to ours.
 * @param family - e.g. "exp4".
 * @param values - in `CURVE_FAMILIES[family].authorsOrder`.
 * @returns the values in `CURVE_FAMILIES[family].params` order.
 * @throws ConfigError for an unknown family or the wrong number of values.
 * @example
 * fromAuthorsOrder('exp4', [0.7, 0.8, -0.8, 0.3]) // [0.7, 0.8, 0.3, -0.8]: c, a, α, b
 */
export function fromAuthorsOrder(family: FamilyName, values: readonly number[]): number[] {
  const fam = familyOf('fromAuthorsOrder', family);
  if (values.length !== fam.authorsOrder.length) throw new ConfigError(`fromAuthorsOrder: ${fam.authorsFunction} takes ${fam.authorsOrder.length} parameters (${fam.authorsOrder.join(', ')}) but ${values.length} values were given.`);
  return fam.authorsParams.map((name) => values[fam.authorsOrder.indexOf(name)]);
}

/**
 * Evaluates a family at x with parameters as an array (our order) or by name.
 * @param family - e.g. "hill3".
 * @param x - where to evaluate (x ≥ 1 for epochs).
 * @param params - an array in `CURVE_FAMILIES[family].params` order, or names (see {@link paramsByName}).
 * @returns f(x | θ).
 * @throws ConfigError as {@link paramsByName}, or for an array of the wrong length.
 * @example
 * curveValue('hill3', 2, { theta: 0.8, eta: 2, kappa: 2 }) // 0.4
 */
export function curveValue(family: FamilyName, x: number, params: readonly number[] | NamedParams): number {
  const fam = familyOf('curveValue', family);
  if (Array.isArray(params)) {
    if (params.length !== fam.params.length) throw new ConfigError(`curveValue: ${family} has ${fam.params.length} parameters (${fam.params.join(', ')}) but ${params.length} values were given.`);
    return fam.f(x, params);
  }
  return fam.f(x, paramsByName(family, params as NamedParams));
}
