import { startBullmqWorker } from '../../lib/sweep/engines/bullmq-worker';
import type { BackendName } from '../../lib/backend/backend-report';

const GRACE_MS = 30_000;

function intOption(args: string[], name: string): number | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`feedbacklab worker: ${name} needs a positive integer, got ${JSON.stringify(args[i + 1] ?? null)}`);
  return v;
}

function stringOption(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`feedbacklab worker: ${name} needs a value`);
  return v;
}

/**
 * `feedbacklab worker --redis URL [--concurrency N] [--queue NAME] [--lock-ms MS] [--stalled-ms MS] [--backend NAME]`:
 * runs sweep trials from a BullMQ queue until SIGINT/SIGTERM, which let the running trials finish for up to 30 s (a second signal stops at once).
 */
export async function runWorker(args: string[]): Promise<number> {
  const redis = stringOption(args, '--redis') ?? process.env.FEEDBACKLAB_REDIS;
  if (!redis) throw new Error('feedbacklab worker: missing --redis URL (e.g. redis://127.0.0.1:6379, or set FEEDBACKLAB_REDIS)');
  const handle = await startBullmqWorker({
    redis,
    concurrency: intOption(args, '--concurrency'),
    queue: stringOption(args, '--queue'),
    lockMs: intOption(args, '--lock-ms'),
    stalledMs: intOption(args, '--stalled-ms'),
    backend: stringOption(args, '--backend') as BackendName | undefined,
  });
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(130);
    stopping = true;
    console.log(`${handle.name}: finishing the running trials, for at most ${GRACE_MS / 1000} s (signal again to stop at once)`);
    // Past the grace period (or with Redis gone) stop anyway: the queue gives unfinished trials to another worker.
    const deadline = new Promise((r) => setTimeout(r, GRACE_MS).unref());
    void Promise.race([handle.close(), deadline]).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return -1; // keep running
}
