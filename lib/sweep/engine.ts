import type { ResolvedTrial } from './trial-spec';
import type { TrialConfig } from './space';
import type { EncodedMetrics } from './trial-values';

/** What an engine runs: one trial with its config. */
export interface TrialJob {
  /** The trial id (hash of its config). */
  id: string;
  trial: ResolvedTrial;
  config: TrialConfig;
}

/** The sweep's answer to a report: go on, or stop the trial now. */
export type Decision = 'continue' | 'stop';

/** Something an engine tells the sweep. Events of one trial arrive in order. */
export type EngineEvent =
  | { kind: 'started'; id: string; worker: string; attempt: number }
  /** An intermediate report; the engine passes `reply`'s decision back to the trial. */
  | { kind: 'report'; id: string; step: number; metrics: Record<string, number>; reply(decision: Decision): void }
  | { kind: 'finished'; id: string; status: 'ok' | 'stopped'; metrics: EncodedMetrics; seconds: number; worker: string }
  | { kind: 'failed'; id: string; error: string; seconds: number; worker: string }
  /** The trial's module or export cannot be loaded: the whole sweep cannot run. */
  | { kind: 'unloadable'; id: string; error: string };

/**
 * Runs trials somewhere: threads here (`local-threads`), processes on other machines (`bullmq`),
 * or anything a notebook cell writes with these four members.
 */
export interface Engine {
  /** Queues a trial; it starts when a worker is free. */
  submit(job: TrialJob): void;
  /** Stops a queued or running trial; no further events come for it. */
  cancel(id: string): void;
  /** The events of every submitted trial, until close(). */
  events(): AsyncIterable<EngineEvent>;
  /** Stops everything and frees the workers. */
  close(): Promise<void>;
}

/** A queue that turns pushes into an async iterable, ended by close(). */
export class EventQueue<T> implements AsyncIterable<T> {
  private items: T[] = [];
  private waiting?: (r: IteratorResult<T>) => void;
  private closed = false;

  push(item: T): void {
    if (this.closed) return;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = undefined;
      w({ value: item, done: false });
    } else this.items.push(item);
  }

  close(): void {
    this.closed = true;
    this.waiting?.({ value: undefined, done: true });
    this.waiting = undefined;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.items.length > 0) return Promise.resolve({ value: this.items.shift()!, done: false });
        if (this.closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((r) => (this.waiting = r));
      },
      return: () => {
        this.close();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
