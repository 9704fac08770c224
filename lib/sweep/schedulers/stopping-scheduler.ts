import type { Decision } from '../engine';
import type { Mode, Scheduler, StopRecord, TrialResult } from './scheduler';

/** The part of a scheduler's JSON state that says which trials it stopped, when and why. */
export interface StopState {
  stopped: Record<string, StopRecord>;
}

/**
 * What the library's schedulers share: metric and mode, a plain-JSON state, and the record of
 * each trial stopped. A scheduler written in a cell may extend it and write only `onResult`
 * (and `onComplete` if it learns from finished trials), or implement {@link Scheduler} itself.
 */
export abstract class StoppingScheduler<S extends StopState> implements Scheduler {
  protected constructor(
    readonly metric: string,
    readonly mode: Mode,
    protected readonly state: S,
  ) {}

  abstract onResult(trial: string, result: TrialResult): Decision;

  onComplete(_trial: string, _status: 'ok' | 'failed' | 'stopped'): void {}

  whyStopped(trial: string): StopRecord | undefined {
    return this.state.stopped[trial];
  }

  toJSON(): S {
    return structuredClone(this.state);
  }

  /** Records that `trial` stops at `step`, and why. */
  protected stop(trial: string, step: number, reason: string): Decision {
    this.state.stopped[trial] = { step, reason };
    return 'stop';
  }
}
