import * as tf from '@tensorflow/tfjs';
import { DataFormatError, NumericError, ShapeError } from '../errors';

// One place for the checks every training entry point runs before it touches a weight, so a
// bad call fails with a message naming the function, the argument, what was found and what was
// expected, and leaves the model as it was.

/** A tensor by its fields, not `instanceof`: a notebook may load a second copy of TF.js. */
function isTensorLike(v: unknown): v is tf.Tensor {
  const t = v as tf.Tensor | null;
  return typeof t === 'object' && t !== null && Array.isArray(t.shape) && typeof t.dtype === 'string' && typeof t.dataSync === 'function';
}

/** What an argument is, in words: "a 1-D float32 tensor of shape [12]", "a plain array of 12 rows". */
export function describeArgument(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (isTensorLike(v)) return `a ${v.shape.length}-D ${v.dtype} tensor of shape [${v.shape.join(', ')}]`;
  if (Array.isArray(v)) return `a plain array of ${v.length} ${v.length > 0 && typeof v[0] === 'object' && v[0] !== null ? 'rows' : 'values'}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name} of ${(v as unknown as ArrayLike<number>).length} values`;
  if (typeof v === 'object') return `an object (${v.constructor?.name ?? 'no prototype'}) with keys ${Object.keys(v).slice(0, 5).join(', ') || 'none'}`;
  return `the ${typeof v} ${JSON.stringify(v)}`;
}

/** Lists row numbers briefly: "3, 7 and 12" or "3, 7, 12, … (40 rows)". */
function rowList(rows: readonly number[]): string {
  if (rows.length === 1) return `row ${rows[0]}`;
  if (rows.length <= 5) return `rows ${rows.slice(0, -1).join(', ')} and ${rows.at(-1)}`;
  return `rows ${rows.slice(0, 5).join(', ')}, … (${rows.length} rows)`;
}

/**
 * Checks that `x` is a 2-D float tensor with `features` columns (when given) and that every
 * value is finite, naming the rows (in the caller's order) that are not.
 * @returns the number of rows.
 */
export async function checkFeatureTensor(where: string, arg: string, x: unknown, features?: number): Promise<number> {
  const want = `a 2-D float32 tensor [examples, ${features ?? 'features'}]`;
  if (!isTensorLike(x)) {
    const fix = Array.isArray(x) || ArrayBuffer.isView(x) ? ` Wrap it: tf.tensor2d(${arg}${Array.isArray(x) && !Array.isArray(x[0]) ? `, [rows, ${features ?? 'features'}]` : ''}).` : '';
    throw new DataFormatError(`${where}: ${arg} is ${describeArgument(x)}: expected ${want}.${fix}`);
  }
  if (x.shape.length !== 2) {
    const fix = x.shape.length === 1 ? ` For one example use ${arg}.reshape([1, ${x.shape[0]}]); for ${x.shape[0]} examples of one feature, ${arg}.reshape([${x.shape[0]}, 1]).` : '';
    throw new ShapeError(`${where}: ${arg} is ${describeArgument(x)}: expected ${want}.${fix}`);
  }
  if (features !== undefined && x.shape[1] !== features) {
    throw new ShapeError(`${where}: ${arg} has ${x.shape[1]} features (shape [${x.shape.join(', ')}]) but the model takes ${features}: expected shape [${x.shape[0]}, ${features}]. Build the model with inputDim ${x.shape[1]} or select the model's features.`);
  }
  if (x.dtype !== 'float32') throw new DataFormatError(`${where}: ${arg} has dtype ${x.dtype}: expected float32 features. Cast it: tf.cast(${arg}, 'float32').`);
  // Row sums on the device: one number per row comes back, not the whole matrix. A sum that is
  // not finite flags the row; its values are then read to find the culprit (a finite row whose
  // sum overflows is not an error).
  const sums = tf.tidy(() => tf.sum(x as tf.Tensor2D, 1));
  const s = await sums.data();
  sums.dispose();
  const flagged: number[] = [];
  for (let i = 0; i < s.length; i++) if (!Number.isFinite(s[i])) flagged.push(i);
  if (flagged.length === 0) return x.shape[0];
  // A few flagged rows are read one by one; many, with one read of the whole matrix.
  const cols = x.shape[1];
  const all = flagged.length > 64 ? await x.data() : undefined;
  const bad: number[] = [];
  let first: { row: number; feature: number; value: number } | undefined;
  for (const i of flagged) {
    let values: ArrayLike<number>;
    if (all) values = all.subarray(i * cols, (i + 1) * cols) as Float32Array;
    else {
      const row = tf.tidy(() => tf.slice(x as tf.Tensor2D, [i, 0], [1, -1]));
      values = await row.data();
      row.dispose();
    }
    const j = Array.prototype.findIndex.call(values, (v: number) => !Number.isFinite(v));
    if (j < 0) continue;
    bad.push(i);
    first ??= { row: i, feature: j, value: values[j] };
  }
  if (first) {
    throw new NumericError(`${where}: ${arg} has non-finite values in ${rowList(bad)} (first: row ${first.row}, feature ${first.feature} is ${first.value}): expected finite numbers. Impute or drop those rows before training; the model was not changed.`);
  }
  return x.shape[0];
}

/**
 * Checks class labels: a 1-D int32 tensor of `examples` values in 0…classes−1, naming the
 * rows outside that range.
 */
export async function checkLabelTensor(where: string, arg: string, y: unknown, examples: number, classes?: number, xArg = 'x'): Promise<void> {
  const want = `a 1-D int32 tensor of ${examples} class labels${classes ? ` in 0…${classes - 1}` : ''}`;
  if (!isTensorLike(y)) {
    const fix = Array.isArray(y) || ArrayBuffer.isView(y) ? ` Wrap it: tf.tensor1d(${arg}, 'int32').` : '';
    throw new DataFormatError(`${where}: ${arg} is ${describeArgument(y)}: expected ${want}.${fix}`);
  }
  if (y.shape.length === 2 && y.shape[0] === examples) {
    throw new ShapeError(`${where}: ${arg} is ${describeArgument(y)}, one-hot or scores per class: expected ${want}. Use the class indices: tf.argMax(${arg}, 1).`);
  }
  if (y.shape.length !== 1) throw new ShapeError(`${where}: ${arg} is ${describeArgument(y)}: expected ${want}.`);
  if (y.shape[0] !== examples) throw new ShapeError(`${where}: ${xArg} has ${examples} examples but ${arg} has ${y.shape[0]} labels: expected one label per row of ${xArg}.`);
  const values = await y.data();
  if (y.dtype !== 'int32') {
    const fraction = Array.from(values).find((v) => !Number.isInteger(v));
    const note = fraction === undefined ? '' : ` (it holds ${fraction}, which is not a class index)`;
    throw new DataFormatError(`${where}: ${arg} has dtype ${y.dtype}${note}: expected int32 class labels. Create it with tf.tensor1d(labels, 'int32') or cast it: tf.cast(${arg}, 'int32').`);
  }
  checkLabelValues(where, arg, values as Int32Array, classes);
}

/** Checks that every label is an integer in 0…classes−1 (when classes is known), naming the rows that are not. */
export function checkLabelValues(where: string, arg: string, labels: ArrayLike<number>, classes?: number): void {
  const bad: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (!Number.isInteger(v) || v < 0 || (classes !== undefined && v >= classes)) bad.push(i);
  }
  if (bad.length === 0) return;
  const range = classes !== undefined ? `0…${classes - 1}` : 'the non-negative integers';
  const why = classes !== undefined ? `, as the model has ${classes} outputs` : '';
  const value = bad.length === 1 ? `it is ${labels[bad[0]]}` : `row ${bad[0]} is ${labels[bad[0]]}`;
  throw new DataFormatError(`${where}: ${arg} has labels outside ${range} in ${rowList(bad)} (${value}): expected class indices in ${range}${why}. Relabel the data or build the model with more outputs.`);
}

/** Checks a row-major feature array of `count` rows × `features` columns: its length and that every value is finite. */
export function checkFeatureArray(where: string, arg: string, data: ArrayLike<number>, count: number, features: number): void {
  if (data.length !== count * features) throw new ShapeError(`${where}: ${arg} has ${data.length} values: expected ${count} rows × ${features} features = ${count * features}.`);
  const bad: number[] = [];
  let first: { row: number; feature: number; value: number } | undefined;
  for (let i = 0; i < data.length; i++) {
    if (Number.isFinite(data[i])) continue;
    const row = Math.floor(i / features);
    if (bad.at(-1) !== row) bad.push(row);
    first ??= { row, feature: i % features, value: data[i] };
  }
  if (first) throw new NumericError(`${where}: ${arg} has non-finite values in ${rowList(bad)} (first: row ${first.row}, feature ${first.feature} is ${first.value}): expected finite numbers. Impute or drop those rows.`);
}

/** Checks that `features` is an array of rows (number[][]) before its contents are read. */
export function checkFeatureRowsArg(where: string, arg: string, features: unknown): void {
  if (Array.isArray(features) && features.every((r) => Array.isArray(r) || ArrayBuffer.isView(r))) return;
  const fix = isTensorLike(features) ? ` Convert it: await ${arg}.array().` : '';
  throw new DataFormatError(`${where}: ${arg} is ${describeArgument(features)}: expected an array of rows of numbers (number[][], one row per item).${fix}`);
}

/** Checks that `table` is an arquero table (not plain rows) before its columns are read. */
export function checkTableArg(where: string, arg: string, table: unknown, columns: readonly string[]): void {
  const t = table as { columnNames?: unknown; objects?: unknown; numRows?: unknown } | null;
  if (typeof t === 'object' && t !== null && typeof t.columnNames === 'function' && typeof t.objects === 'function' && typeof t.numRows === 'function') return;
  const fix = Array.isArray(table) ? ` Wrap it: aq.from(${arg}).` : '';
  throw new DataFormatError(`${where}: ${arg} is ${describeArgument(table)}: expected an arquero table with columns ${columns.join(', ')}.${fix}`);
}

/** Input width and output count of a layers model, where its shapes say. */
function modelShape(model: tf.LayersModel): { features?: number; classes?: number } {
  const inShape = model.inputs?.[0]?.shape;
  const outShape = model.outputs?.[0]?.shape;
  return { features: inShape?.length === 2 ? inShape[1] ?? undefined : undefined, classes: outShape?.length === 2 ? outShape[1] ?? undefined : undefined };
}

/**
 * Checks a classifier's training data before any weight changes: x a 2-D float32 tensor with
 * the model's input width and only finite values, y a 1-D int32 tensor with one label per row
 * of x, each in 0…outputs−1. `fit` calls it first; call it in your own training loops.
 * @param where - the calling function's name, put at the start of every message.
 * @param model - the model to be trained (its input and output shapes are read).
 * @param x - features, [examples, features].
 * @param y - class labels, [examples].
 * @param names - how the caller calls x and y in messages. Default: "x" and "y".
 * @returns the number of examples.
 * @throws ShapeError for a wrong rank, feature count or label count, or one-hot labels;
 *   DataFormatError for a plain array, a float dtype of labels or labels out of range;
 *   NumericError for NaN or ±Infinity, naming the rows.
 * @example
 * await checkTrainingInputs('myLoop', model, x, y); // then train
 */
export async function checkTrainingInputs(where: string, model: tf.LayersModel, x: unknown, y: unknown, names: { x?: string; y?: string } = {}): Promise<number> {
  const { features, classes } = modelShape(model);
  const xArg = names.x ?? 'x';
  const n = await checkFeatureTensor(where, xArg, x, features);
  await checkLabelTensor(where, names.y ?? 'y', y, n, classes, xArg);
  return n;
}
