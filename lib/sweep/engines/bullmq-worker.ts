import { hostname } from 'node:os';
import { Worker, type Job } from 'bullmq';
import IORedis from 'ioredis';
import { ConfigError, describeValue } from '../../errors';
import type { BackendName } from '../../backend/backend-report';
import type { EngineEvent } from '../engine';
import { DEFAULT_QUEUE, cancelKey, decisionKey, type JobReturn, type ProgressData, type TrialJobData } from './bullmq-protocol';
import { LocalThreadsEngine } from './local-threads';
import { checkRedis, redactRedisUrl, redisOptions } from './redis-url';

/** Options of {@link startBullmqWorker} (the `feedbacklab worker` command). */
export interface BullmqWorkerOptions {
  /** The Redis URL, as the sweep's engine connection. */
  redis: string;
  /** Trials at once, each on its own thread. Default: 1. */
  concurrency?: number;
  /** The queue. Default: "feedbacklab-sweeps". */
  queue?: string;
  /** How long a job's lock lasts without renewal; a dead worker's trial is retried after about this. Default: 30000 (BullMQ's). */
  lockMs?: number;
  /** How often stalled jobs are looked for. Default: lockMs. */
  stalledMs?: number;
  /** The TF.js backend of the threads. Default: the best available. */
  backend?: BackendName;
  /** Where to write what the worker does. Default: console.log. */
  log?: (line: string) => void;
}

/** A running worker: close() finishes the running trials and stops. */
export interface BullmqWorkerHandle {
  readonly name: string;
  close(): Promise<void>;
}

/**
 * Takes trials from the queue and runs them on a pool of threads (each with its own TF.js
 * backend), relaying reports and results through Redis; the process's own event loop stays free
 * to renew job locks, so a long trial is not mistaken for a dead one.
 * @throws ConfigError for bad options or when Redis cannot be reached (the URL named, its password hidden).
 */
export async function startBullmqWorker(options: BullmqWorkerOptions): Promise<BullmqWorkerHandle> {
  const concurrency = options.concurrency ?? 1;
  if (!(Number.isInteger(concurrency) && concurrency > 0)) throw new ConfigError(`feedbacklab worker: --concurrency is ${describeValue(concurrency)}: expected a positive integer.`);
  const lockDuration = options.lockMs ?? 30_000;
  const log = options.log ?? ((l: string) => console.log(l));
  await checkRedis('feedbacklab worker', options.redis);
  const connection = { ...redisOptions(options.redis), maxRetriesPerRequest: null };
  const queueName = options.queue ?? DEFAULT_QUEUE;
  const name = `${hostname()}:${process.pid}`;
  const threads = new LocalThreadsEngine({ kind: 'local', workers: concurrency, backend: options.backend, namePrefix: name });
  const handlers = new Map<string, (e: EngineEvent) => void>();
  void (async () => {
    for await (const e of threads.events()) handlers.get(e.id)?.(e);
  })();
  const commands = new IORedis(connection);
  commands.on('error', () => {});

  const reportSeq = new Map<string, number>();
  const processor = async (job: Job<TrialJobData>): Promise<JobReturn> => {
    const jobId = job.id!;
    const attempt = `${name}:${Date.now()}`;
    const blocking = commands.duplicate(); // BLPOP blocks its connection
    blocking.on('error', () => {});
    let poll: NodeJS.Timeout | undefined;
    try {
      return await new Promise<JobReturn>((resolve) => {
        // The sweep that queued the trial is gone or stopped it: drop the trial.
        poll = setInterval(() => {
          void commands.get(cancelKey(queueName, jobId)).then((v) => {
            if (!v) return;
            threads.cancel(jobId);
            resolve({ type: 'failed', id: jobId, error: 'cancelled by the sweep', seconds: 0, worker: name });
          }, () => {});
        }, 1000);
        handlers.set(jobId, (e) => {
          const progress = (d: ProgressData) => job.updateProgress(d);
          if (e.kind === 'started') void progress({ type: 'started', worker: e.worker, attempt });
          else if (e.kind === 'report') {
            const seq = reportSeq.get(jobId) ?? 0;
            reportSeq.set(jobId, seq + 1);
            void (async () => {
              await progress({ type: 'report', attempt, seq, step: e.step, metrics: e.metrics });
              const got = await blocking.blpop(decisionKey(queueName, jobId, attempt, seq), 120).catch(() => null);
              e.reply(got?.[1] === 'stop' ? 'stop' : 'continue');
            })();
          } else if (e.kind === 'finished') resolve({ type: 'finished', id: e.id, status: e.status, metrics: e.metrics, seconds: e.seconds, worker: e.worker });
          else if (e.kind === 'failed') resolve({ type: 'failed', id: e.id, error: e.error, seconds: e.seconds, worker: e.worker });
          else resolve({ type: 'unloadable', id: e.id, error: e.error, worker: name });
        });
        log(`${name}: trial ${job.data.id} (job ${jobId}) started`);
        threads.submit({ id: jobId, trial: job.data.trial, config: job.data.config });
      });
    } finally {
      clearInterval(poll);
      handlers.delete(jobId);
      reportSeq.delete(jobId);
      blocking.disconnect();
    }
  };
  const worker = new Worker<TrialJobData, JobReturn>(queueName, processor, {
    connection,
    concurrency,
    lockDuration,
    stalledInterval: options.stalledMs ?? lockDuration,
    maxStalledCount: 2,
  });
  worker.on('error', (e) => log(`${name}: ${e.message}`));
  await worker.waitUntilReady();
  log(`${name}: waiting for trials on queue "${queueName}" at ${redactRedisUrl(options.redis)} (${concurrency} at once)`);
  return {
    name,
    async close() {
      await worker.close();
      await threads.close();
      commands.disconnect();
    },
  };
}
