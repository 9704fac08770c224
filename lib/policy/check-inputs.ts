import { ConfigError, NumericError, ShapeError, describeValue } from '../errors';

/** Tolerance on Σ_y π(y|x) = 1 (float32 tensors read back lose about 1e-7 per entry). */
const SUM_TOLERANCE = 1e-4;

/**
 * Checks a strictly positive option (β of the KL penalty, τ of a regularised game, a step size, a scale).
 * @throws ConfigError when it is not a finite number > 0 (≥ 0 with allowZero).
 */
export function checkPositive(where: string, name: string, value: unknown, allowZero = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new ConfigError(`${where}: ${name} is ${describeValue(value)}: expected a finite number ${allowZero ? '≥' : '>'} 0.`);
  }
  return value;
}

/**
 * Checks a count option: an integer ≥ min.
 * @throws ConfigError naming the option and its value.
 */
export function checkCount(where: string, name: string, value: unknown, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ConfigError(`${where}: ${name} is ${describeValue(value)}: expected an integer ≥ ${min}.`);
  }
  return value;
}

/**
 * Checks a probability option in [lo, hi).
 * @throws ConfigError naming the option and its value.
 */
export function checkFraction(where: string, name: string, value: unknown, lo = 0, hi = 1): number {
  if (typeof value !== 'number' || !(value >= lo && value < hi)) {
    throw new ConfigError(`${where}: ${name} is ${describeValue(value)}: expected a number in [${lo}, ${hi}).`);
  }
  return value;
}

/**
 * Checks a table of per-context distributions: [contexts][responses], every row non-negative,
 * finite and summing to one.
 * @throws ShapeError for a wrong number of rows or columns; NumericError for a non-finite entry;
 *   ConfigError for a negative entry or a row that does not sum to one (with its sum).
 */
export function checkDistributions(where: string, name: string, probs: readonly (readonly number[])[], contexts: number, responses: number): void {
  if (!Array.isArray(probs) || probs.length !== contexts) {
    throw new ShapeError(`${where}: ${name} has ${Array.isArray(probs) ? probs.length : 'no'} rows: expected ${contexts} (one distribution per context).`);
  }
  probs.forEach((row, c) => {
    if (row.length !== responses) throw new ShapeError(`${where}: ${name} row ${c} has ${row.length} entries: expected ${responses} (one per response).`);
    let sum = 0;
    row.forEach((p: number, k: number) => {
      if (!Number.isFinite(p)) throw new NumericError(`${where}: ${name}[${c}][${k}] is ${describeValue(p)}: expected a finite probability.`);
      if (p < 0) throw new ConfigError(`${where}: ${name}[${c}][${k}] is ${p}: expected a probability ≥ 0.`);
      sum += p;
    });
    if (Math.abs(sum - 1) > SUM_TOLERANCE) {
      throw new ConfigError(`${where}: ${name} row ${c} sums to ${Number(sum.toPrecision(6))}: expected probabilities summing to 1 (within ${SUM_TOLERANCE}). Normalise each row.`);
    }
  });
}

/**
 * Checks a [contexts][responses] table of finite numbers (rewards, logits).
 * @throws ShapeError or NumericError naming the first bad entry.
 */
export function checkMatrix(where: string, name: string, values: readonly (readonly number[])[], contexts: number, responses: number): void {
  if (!Array.isArray(values) || values.length !== contexts) {
    throw new ShapeError(`${where}: ${name} has ${Array.isArray(values) ? values.length : 'no'} rows: expected ${contexts} (one per context).`);
  }
  values.forEach((row, c) => {
    if (row.length !== responses) throw new ShapeError(`${where}: ${name} row ${c} has ${row.length} entries: expected ${responses} (one per response).`);
    row.forEach((v: number, k: number) => {
      if (!Number.isFinite(v)) throw new NumericError(`${where}: ${name}[${c}][${k}] is ${describeValue(v)}: expected a finite number.`);
    });
  });
}
