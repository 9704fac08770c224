import { NumericError, describeValue } from '../../errors';
import type { Decision } from '../engine';
import type { ResolvedTrial } from '../trial-spec';
import { encodeMetrics, type EncodedMetrics } from '../trial-values';
import { loadTrial } from './load-trial';

/** What a trial function receives next to its config. */
export interface TrialContext {
  /**
   * Reports intermediate metrics at `step` (e.g. the epoch). Await it: it resolves when the
   * sweep's scheduler lets the trial go on, and rejects with TrialStopped when it stops it.
   */
  report(step: number, metrics: Record<string, number>): Promise<void>;
  /** Aborted when the scheduler stops this trial. */
  signal: AbortSignal;
  /** The trial's id (hash of its config). */
  trialId: string;
  /** Which worker runs it. */
  worker: string;
}

/** Thrown into a trial by `report` when the scheduler stops it; the sweep records "stopped". */
export class TrialStopped extends Error {
  override name = 'TrialStopped';
}

/** What a worker sends about one running trial. */
export type TrialMessage =
  | { type: 'started'; id: string }
  | { type: 'report'; id: string; seq: number; step: number; metrics: Record<string, number> }
  | { type: 'finished'; id: string; status: 'ok' | 'stopped'; metrics: EncodedMetrics; seconds: number }
  | { type: 'failed'; id: string; error: string; seconds: number }
  | { type: 'unloadable'; id: string; error: string };

function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const frames = (e.stack ?? '').split('\n').filter((l) => l.trim().startsWith('at ')).slice(0, 4);
  return [`${e.name}: ${e.message}`, ...frames].join('\n');
}

/**
 * Runs one trial where this code runs (a worker thread): loads its module, calls it with its
 * config and a reporter, and turns every outcome into a message. Never throws.
 * @param post - sends a message to the sweep.
 * @param decisions - registers the callback that receives the decision for report `seq`.
 */
export async function runTrial(
  job: { id: string; trial: ResolvedTrial; config: Record<string, unknown> },
  worker: string,
  post: (m: TrialMessage) => void,
  decisions: Map<number, (d: Decision) => void>,
): Promise<void> {
  const { id } = job;
  let fn;
  try {
    fn = await loadTrial(job.trial);
  } catch (e) {
    post({ type: 'unloadable', id, error: errorText(e) });
    return;
  }
  const t0 = performance.now();
  const controller = new AbortController();
  let stopped = false;
  let seq = 0;
  const report = (step: number, metrics: Record<string, number>): Promise<void> => {
    if (stopped) return Promise.reject(new TrialStopped(`trial ${id} was stopped by the scheduler`));
    if (typeof step !== 'number' || !Number.isFinite(step)) throw new TypeError(`report: step is ${describeValue(step)}: expected a finite number such as the epoch.`);
    for (const [k, v] of Object.entries(metrics ?? {})) {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new NumericError(`report: at step ${step}, metric "${k}" is ${describeValue(v)}: expected a finite number. The run diverged or divided by zero.`);
    }
    const s = seq++;
    const p = new Promise<void>((resolve, reject) => {
      decisions.set(s, (d) => {
        decisions.delete(s);
        if (d === 'stop') {
          stopped = true;
          controller.abort();
          reject(new TrialStopped(`trial ${id} was stopped by the scheduler at step ${step}`));
        } else resolve();
      });
    });
    p.catch(() => {}); // a trial that does not await report learns of the stop at its next report
    post({ type: 'report', id, seq: s, step, metrics: { ...metrics } });
    return p;
  };
  post({ type: 'started', id });
  try {
    const out = await fn(job.config, { report, signal: controller.signal, trialId: id, worker } satisfies TrialContext);
    const metrics = encodeMetrics(`trial ${job.trial.export}`, out);
    post({ type: 'finished', id, status: stopped ? 'stopped' : 'ok', metrics, seconds: (performance.now() - t0) / 1000 });
  } catch (e) {
    const seconds = (performance.now() - t0) / 1000;
    if (stopped) post({ type: 'finished', id, status: 'stopped', metrics: {}, seconds });
    else post({ type: 'failed', id, error: errorText(e), seconds });
  }
}
