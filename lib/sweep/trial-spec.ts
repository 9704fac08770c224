import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError, describeValue } from '../errors';

/** Where a trial function lives: an exported function of a module file, which workers load themselves. */
export interface TrialSpec {
  /** Path of a .ts, .mts, .js, .cjs or .mjs file; relative paths resolve from the current folder. */
  module: string;
  /** The export to call. Default: "trial", else the default export. */
  export?: string;
}

/** A trial given as "path", "path#exportName" or a {@link TrialSpec}. */
export type TrialRef = string | TrialSpec;

/** The trial spec resolved to an absolute path, as sent to workers. */
export interface ResolvedTrial {
  module: string;
  export: string;
}

/** The message for a trial that is a function: workers cannot receive functions. */
export function functionTrialMessage(name: string): string {
  const fn = name ? `function ${name}` : 'an anonymous function';
  return `sweep: trial is ${fn}, but a trial runs in a worker (a thread or another machine) that cannot receive a function or the cell variables it uses. ` +
    `Move it into a file next to the notebook, e.g. trial.ts with \`export async function trial(config, { report }) { … return { accuracy } }\` (import what it needs there), ` +
    `and pass trial: './trial.ts' (or { module: './trial.ts', export: '${name || 'trial'}' }).`;
}

/**
 * Checks and resolves the `trial` option of a sweep.
 * @throws ConfigError for a function, a missing file, or an unsupported extension.
 */
export function resolveTrial(ref: unknown, cwd = process.cwd()): ResolvedTrial {
  if (typeof ref === 'function') throw new ConfigError(functionTrialMessage(ref.name));
  let module: string;
  let name: string | undefined;
  if (typeof ref === 'string') {
    const hash = ref.lastIndexOf('#');
    [module, name] = hash > 0 ? [ref.slice(0, hash), ref.slice(hash + 1)] : [ref, undefined];
  } else if (typeof ref === 'object' && ref !== null && typeof (ref as TrialSpec).module === 'string') {
    module = (ref as TrialSpec).module;
    name = (ref as TrialSpec).export;
  } else {
    throw new ConfigError(`sweep: trial is ${describeValue(ref)}: expected a module path such as './trial.ts', './trial.ts#train', or { module, export }.`);
  }
  const file = isAbsolute(module) ? module : resolve(cwd, module);
  if (!/\.(ts|mts|cts|js|cjs|mjs)$/.test(file)) throw new ConfigError(`sweep: trial module ${file} has an unsupported extension: expected .ts, .mts, .cts, .js, .cjs or .mjs.`);
  if (!existsSync(file)) throw new ConfigError(`sweep: trial module ${file} does not exist (resolved from ${cwd}). Give a path relative to the notebook's folder or an absolute one.`);
  return { module: file, export: name ?? 'trial' };
}
