import { ConfigError, unknownKeywordMessage } from '../errors';
import type { Engine } from './engine';
import type { BullmqEngineOptions } from './engines/bullmq';
import { LocalThreadsEngine, type LocalEngineOptions } from './engines/local-threads';

/** Which engine a sweep uses, as data. */
export type EngineOptions = LocalEngineOptions | BullmqEngineOptions;

const KINDS = ['local', 'bullmq'];

/** Builds the engine an {@link EngineOptions} names (BullMQ is loaded only when asked for). */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  switch (options.kind) {
    case 'local':
      return new LocalThreadsEngine(options);
    case 'bullmq': {
      const { BullmqEngine } = await import('./engines/bullmq.js');
      return BullmqEngine.connect(options);
    }
    default:
      throw new ConfigError(unknownKeywordMessage('sweep', 'engine kind', (options as { kind: unknown }).kind, KINDS));
  }
}
