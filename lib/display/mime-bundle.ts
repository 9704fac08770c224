/** A Jupyter MIME bundle: mimetype → data (strings, or JSON for JSON mimetypes). */
export type MimeBundle = Record<string, unknown>;

/**
 * The rich-display protocol: an object with a method under this symbol returns its MIME bundle
 * (or a promise of one). The kernel uses it for a cell's last value and for `display()`.
 * @example
 * const badge = { [DISPLAY]: () => ({ 'text/html': '<b>ok</b>', 'text/plain': 'ok' }) };
 * badge // shows a bold "ok"
 */
export const DISPLAY: unique symbol = Symbol.for('Jupyter.display') as never;

/** An object that renders itself through the rich-display protocol. */
export interface Displayable {
  [DISPLAY](): MimeBundle | Promise<MimeBundle>;
}

/**
 * True when `value` implements the rich-display protocol.
 * @example
 * isDisplayable(lineChart(rows, { x: 'step', y: 'loss' })) // true
 */
export function isDisplayable(value: unknown): value is Displayable {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as Record<symbol, unknown>)[DISPLAY] === 'function';
}
