import { ConfigError, unknownKeywordMessage } from '../errors';

/** Scale types of lineChart's x axis. */
export type XScaleType = 'linear' | 'log' | 'symlog';
export const X_SCALES: readonly XScaleType[] = ['linear', 'log', 'symlog'];

// With format "d", vega-lite adds tickMinStep 1, and vega then drops every other listed value.
const LISTED_FORMAT = '.0f';

/** Whole-number axes spanning at most this many steps get one tick per number. */
const MAX_LISTED_TICKS = 12;

/** Ticks 0, 1, 2, 5, 10, 20, 50, … (and their negatives) within [min, max]: readable on a symlog axis. */
export function symlogTicks(min: number, max: number): number[] {
  const positive = (hi: number) => {
    const out: number[] = [];
    for (let p = 1; p <= hi * 1.0000001; p *= 10) for (const m of [1, 2, 5]) if (m * p <= hi) out.push(m * p);
    return out;
  };
  const ticks = [...positive(-min).map((v) => -v).reverse(), ...(min <= 0 && max >= 0 ? [0] : []), ...positive(max)];
  // Too many for the width: keep the powers of ten (and 0).
  const keep = ticks.length > 10 ? ticks.filter((v) => v === 0 || Number.isInteger(Math.log10(Math.abs(v)))) : ticks;
  return keep.filter((v) => v >= min && v <= max);
}

/**
 * The x scale and axis of a line chart from the values on it: log and symlog as asked, and on
 * linear axes of whole numbers one tick per number when there are few (vega's own ticks put
 * 1.5 between 1 and 2 and print it as "2"), else whole-number ticks only.
 * @param padPx - room in pixels at both ends so points at the edge are drawn whole.
 */
export function xScaleAndAxis(where: string, xs: readonly number[], type: XScaleType, padPx: number, symlogConstant = 1): { scale: Record<string, unknown>; axis?: Record<string, unknown> } {
  if (!X_SCALES.includes(type)) throw new ConfigError(unknownKeywordMessage(where, 'xScale', type, X_SCALES));
  let min = Infinity;
  let max = -Infinity;
  for (const x of xs) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const whole = xs.every(Number.isInteger);
  const pad = padPx > 0 ? { padding: padPx } : {};
  if (type === 'log') return { scale: { type: 'log', nice: false, ...pad } };
  if (type === 'symlog') {
    if (!(symlogConstant > 0 && Number.isFinite(symlogConstant))) throw new ConfigError(`${where}: symlogConstant is ${symlogConstant}: expected a finite number > 0 (the width of the linear part around 0).`);
    const values = symlogTicks(min, max);
    return { scale: { type: 'symlog', constant: symlogConstant, nice: false, ...pad }, axis: { values, format: LISTED_FORMAT } };
  }
  const scale = { zero: false, nice: false, ...pad };
  if (!whole) return { scale };
  if (max - min <= MAX_LISTED_TICKS) return { scale, axis: { format: LISTED_FORMAT, values: Array.from({ length: max - min + 1 }, (_, i) => min + i) } };
  return { scale, axis: { format: 'd', tickMinStep: 1 } };
}
