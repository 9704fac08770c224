import { DataFormatError, NumericError, ShapeError } from '../errors';

/**
 * Checks an observed curve: same lengths, at least `minPoints` points, finite values, x strictly
 * increasing and positive.
 * @throws ShapeError, NumericError or DataFormatError naming the problem and the index.
 */
export function checkCurve(where: string, x: readonly number[], y: readonly number[], minPoints = 3): void {
  if (x.length !== y.length) throw new ShapeError(`${where}: x has ${x.length} values but y has ${y.length}: expected one y per x.`);
  if (x.length < minPoints) throw new ShapeError(`${where}: the curve has ${x.length} point${x.length === 1 ? '' : 's'}: expected at least ${minPoints} to fit.`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new NumericError(`${where}: x[${i}] is ${x[i]}: expected a finite number.`);
    if (!Number.isFinite(y[i])) throw new NumericError(`${where}: y[${i}] is ${y[i]}: expected a finite number. Drop or impute missing evaluations.`);
    if (x[i] <= 0) throw new DataFormatError(`${where}: x[${i}] is ${x[i]}: expected x > 0 (epochs or training-set sizes start at 1).`);
    if (i > 0 && x[i] <= x[i - 1]) throw new DataFormatError(`${where}: x is not increasing at index ${i} (${x[i - 1]} then ${x[i]}): sort the curve by x and merge repeated x.`);
  }
}
