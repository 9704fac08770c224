/** Base class of every error feedbacklab throws; sets `name` so the kernel shows the class. */
export class FeedbacklabError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A tensor, array or table has the wrong shape, length or size. */
export class ShapeError extends FeedbacklabError {}
/** A file or record does not have the expected format (columns, magic numbers, labels). */
export class DataFormatError extends FeedbacklabError {}
/** An option or setting has a value that cannot be used. */
export class ConfigError extends FeedbacklabError {}
/** Input values are not finite (NaN or ±Infinity) or training diverged. */
export class NumericError extends FeedbacklabError {}

/** Formats a value for an error message: short, with arrays and strings quoted. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.slice(0, 8).map(describeValue).join(', ')}${value.length > 8 ? ', …' : ''}]`;
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return String(value);
}

/** Message for a keyword option outside its allowed set. */
export function unknownKeywordMessage(where: string, option: string, value: unknown, allowed: readonly string[]): string {
  return `${where}: unknown ${option} ${describeValue(value)}: expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}.`;
}
