import { createHash } from 'node:crypto';
import type { TrialConfig } from './space';

/** JSON with keys sorted, so equal configs give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The id of a trial: the first 16 hex digits of SHA-256 of its config as JSON with sorted keys.
 * @param config - the trial's config.
 * @returns 16 hex digits; the name of its record in the sweep folder.
 * @example
 * configHash({ lr: 0.01, seed: 0 }) === configHash({ seed: 0, lr: 0.01 }) // true
 */
export function configHash(config: TrialConfig): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex').slice(0, 16);
}
