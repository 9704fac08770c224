/** Marks plumbing values, such as display handles, that a cell ending with one does not echo. */
export const QUIET: unique symbol = Symbol.for('feedbacklab.quiet') as never;

/**
 * Marks `value` as plumbing: a cell whose last expression is `value` shows nothing, and if it
 * is a promise the kernel waits for it first (so `show(chart)` without `await` draws the chart
 * within its cell and prints no `Promise { <pending> }`).
 * @param value - an object or promise to mark; it is returned as it is.
 * @returns `value`.
 * @example
 * const handle = quiet({ close() {} }) // a cell ending with `handle` prints nothing
 */
export function quiet<T extends object>(value: T): T {
  Object.defineProperty(value, QUIET, { value: true, enumerable: false });
  return value;
}

/**
 * True when `value` was marked with {@link quiet}.
 * @example
 * isQuiet(await display(chart)) // true
 */
export function isQuiet(value: unknown): boolean {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && (value as Record<symbol, unknown>)[QUIET] === true;
}
