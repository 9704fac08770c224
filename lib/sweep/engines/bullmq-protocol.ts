import type { ResolvedTrial } from '../trial-spec';
import type { TrialConfig } from '../space';
import type { TrialMessage } from './run-trial';

/** The default BullMQ queue both sides use. */
export const DEFAULT_QUEUE = 'feedbacklab-sweeps';

/** A job's data: one trial of one sweep run. */
export interface TrialJobData {
  id: string;
  trial: ResolvedTrial;
  config: TrialConfig;
}

/** What a worker sends through job.updateProgress. */
export type ProgressData =
  | { type: 'started'; worker: string; attempt: string }
  | { type: 'report'; attempt: string; seq: number; step: number; metrics: Record<string, number> };

/** A job's return value: how the trial ended (trial exceptions are data, not job failures). */
export type JobReturn = Extract<TrialMessage, { type: 'finished' | 'failed' | 'unloadable' }> & { worker: string };

/** The Redis list a worker waits on for the decision about report `seq` of one attempt. */
export function decisionKey(queue: string, jobId: string, attempt: string, seq: number): string {
  return `feedbacklab:${queue}:decision:${jobId}:${attempt}:${seq}`;
}

/** The Redis key that tells workers to drop a job. */
export function cancelKey(queue: string, jobId: string): string {
  return `feedbacklab:${queue}:cancel:${jobId}`;
}
