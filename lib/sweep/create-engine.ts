import { ConfigError, unknownKeywordMessage } from '../errors';
import type { Engine } from './engine';
import { LocalThreadsEngine, type LocalEngineOptions } from './engines/local-threads';

/** Which engine a sweep uses, as data. */
export type EngineOptions = LocalEngineOptions;

const KINDS = ['local'];

/** Builds the engine an {@link EngineOptions} names. */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  switch (options.kind) {
    case 'local':
      return new LocalThreadsEngine(options);
    default:
      throw new ConfigError(unknownKeywordMessage('sweep', 'engine kind', (options as { kind: unknown }).kind, KINDS));
  }
}
