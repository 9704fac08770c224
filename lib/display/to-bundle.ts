import { inspect } from 'node:util';
import { DISPLAY, isDisplayable, type MimeBundle } from './mime-bundle';
import { isTable, tableBundle } from '../table/table-bundle';
import { isTensor, tensorBundle } from './tensor-bundle';

/**
 * Turns any value into a MIME bundle: objects with the rich-display protocol, arquero tables
 * (HTML of the first rows), tensors (values with shape and dtype), else `util.inspect` text.
 * @param value - what to show.
 * @returns the bundle; always has `text/plain`.
 * @example
 * Object.keys(await toBundle(aq.table({ a: [1] }))) // ['text/html', 'text/plain']
 */
export async function toBundle(value: unknown): Promise<MimeBundle> {
  if (isDisplayable(value)) {
    const bundle = await value[DISPLAY]();
    return 'text/plain' in bundle ? bundle : { ...bundle, 'text/plain': inspect(value, { depth: 1 }) };
  }
  if (isTable(value)) return tableBundle(value);
  if (isTensor(value)) return tensorBundle(value);
  return { 'text/plain': inspect(value, { colors: false, depth: 4, maxArrayLength: 100 }) };
}
