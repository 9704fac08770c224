import { randomBytes } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import IORedis from 'ioredis';
import { EventQueue, type Engine, type EngineEvent, type TrialJob } from '../engine';
import { DEFAULT_QUEUE, cancelKey, decisionKey, type JobReturn, type ProgressData, type TrialJobData } from './bullmq-protocol';
import { checkRedis, redisOptions, redisUnreachableMessage } from './redis-url';

/** Options of the distributed engine: trials go to a BullMQ queue on Redis, `feedbacklab worker` processes run them. */
export interface BullmqEngineOptions {
  kind: 'bullmq';
  /** The Redis URL: redis://[:password@]host[:port][/db], or rediss://… for TLS. */
  connection: string;
  /** The queue name; workers must use the same (--queue). Default: "feedbacklab-sweeps". */
  queue?: string;
}

/**
 * Sends trials to `feedbacklab worker` processes on any machine through a BullMQ queue. A trial
 * whose worker dies is put back by BullMQ's stalled-job check and run by another worker; the
 * sweep keeps the first result of each trial, so each is recorded once.
 */
export class BullmqEngine implements Engine {
  private readonly out = new EventQueue<EngineEvent>();
  private readonly pending = new Set<string>();
  private readonly prefix = `${randomBytes(4).toString('hex')}-`;
  private closing?: Promise<void>;

  private constructor(
    private readonly queueName: string,
    private readonly queue: Queue,
    private readonly queueEvents: QueueEvents,
    private readonly client: IORedis,
  ) {
    const mine = (jobId: string) => (jobId.startsWith(this.prefix) ? jobId.slice(this.prefix.length) : undefined);
    queueEvents.on('progress', ({ jobId, data }) => {
      const id = mine(jobId);
      if (!id || !this.pending.has(id)) return;
      const d = data as ProgressData;
      if (d.type === 'started') this.out.push({ kind: 'started', id, worker: d.worker, attempt: 1 });
      else if (d.type === 'report') {
        const key = decisionKey(this.queueName, jobId, d.attempt, d.seq);
        this.out.push({ kind: 'report', id, step: d.step, metrics: d.metrics, reply: (decision) => void this.client.multi().rpush(key, decision).expire(key, 600).exec().catch(() => {}) });
      }
    });
    queueEvents.on('completed', ({ jobId, returnvalue }) => {
      const id = mine(jobId);
      if (!id || !this.pending.delete(id)) return;
      const r = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as JobReturn;
      if (r.type === 'finished') this.out.push({ kind: 'finished', id, status: r.status, metrics: r.metrics, seconds: r.seconds, worker: r.worker });
      else if (r.type === 'failed') this.out.push({ kind: 'failed', id, error: r.error, seconds: r.seconds, worker: r.worker });
      else this.out.push({ kind: 'unloadable', id, error: `${r.error} (on worker ${r.worker})` });
    });
    // Only what BullMQ itself fails reaches here: a job that stalled more often than allowed.
    queueEvents.on('failed', ({ jobId, failedReason }) => {
      const id = mine(jobId);
      if (!id || !this.pending.delete(id)) return;
      this.out.push({ kind: 'failed', id, error: `the queue failed the trial: ${failedReason}`, seconds: 0, worker: 'bullmq' });
    });
  }

  /**
   * Checks Redis, then opens the queue and its event stream.
   * @throws ConfigError naming the URL (without its password) when Redis cannot be reached or refuses us.
   */
  static async connect(options: BullmqEngineOptions): Promise<BullmqEngine> {
    await checkRedis('bullmq engine', options.connection);
    const connection = { ...redisOptions(options.connection), maxRetriesPerRequest: null };
    const name = options.queue ?? DEFAULT_QUEUE;
    const client = new IORedis(connection);
    // Read events from Redis's clock now: QueueEvents otherwise starts at its first read ("$"),
    // which may come after the first trial's events, and a lost report would leave its worker waiting.
    const [sec, usec] = await client.time();
    const lastEventId = `${Number(sec) * 1000 + Math.floor(Number(usec) / 1000)}-0`;
    const queue = new Queue(name, { connection });
    const events = new QueueEvents(name, { connection, lastEventId });
    // ioredis reconnects by itself; say once that Redis went away instead of once per retry.
    let warned = false;
    const warn = (e: Error) => {
      if (warned) return;
      warned = true;
      console.warn(redisUnreachableMessage('bullmq engine', options.connection, `${e.message} (the sweep waits while ioredis reconnects)`));
    };
    queue.on('error', warn);
    events.on('error', warn);
    client.on('error', warn);
    await events.waitUntilReady();
    return new BullmqEngine(name, queue, events, client);
  }

  submit(job: TrialJob): void {
    this.pending.add(job.id);
    const data: TrialJobData = { id: job.id, trial: job.trial, config: job.config };
    void this.queue.add('trial', data, { jobId: this.prefix + job.id, removeOnComplete: true, removeOnFail: true }).catch((e: Error) => {
      if (this.pending.delete(job.id)) this.out.push({ kind: 'failed', id: job.id, error: `could not queue the trial: ${e.message}`, seconds: 0, worker: 'bullmq' });
    });
  }

  cancel(id: string): void {
    this.pending.delete(id);
    const jobId = this.prefix + id;
    void this.client.set(cancelKey(this.queueName, jobId), '1', 'EX', 3600).catch(() => {});
    void this.queue.remove(jobId).catch(() => {}); // fails for an active job; the cancel key stops that one
  }

  events(): AsyncIterable<EngineEvent> {
    return this.out;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.out.close();
      for (const id of [...this.pending]) this.cancel(id);
      await Promise.allSettled([this.queueEvents.close(), this.queue.close()]);
      await this.client.quit().catch(() => this.client.disconnect());
    })();
    return this.closing;
  }
}
