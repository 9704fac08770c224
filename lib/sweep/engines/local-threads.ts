import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ConfigError, describeValue } from '../../errors';
import type { BackendName } from '../../backend/backend-report';
import { packageRoot } from '../../util/package-root';
import { EventQueue, type Engine, type EngineEvent, type TrialJob } from '../engine';
import type { TrialMessage } from './run-trial';
import type { ToThread } from './thread-worker';

/** Options of the local engine: a pool of worker threads on this machine. */
export interface LocalEngineOptions {
  kind: 'local';
  /** How many threads (trials at once). Default: the number of cores (os.availableParallelism()). */
  workers?: number;
  /** The TF.js backend each thread starts (see selectBackend). Default: the best available, or FEEDBACKLAB_BACKEND. */
  backend?: BackendName;
  /** Prefix of the worker names in the results table. Default: "thread". */
  namePrefix?: string;
}

type FromThread = TrialMessage | { type: 'ready'; backend: string } | { type: 'init-error'; error: string } | { type: 'idle' };

interface Slot {
  name: string;
  thread: Worker;
  ready: boolean;
  initError?: string;
  job?: TrialJob;
  attempt: number;
}

// The built worker script: threads always run compiled JavaScript, also when tests run the TypeScript sources.
function threadScript(): string {
  const built = join(__dirname, 'thread-worker.js');
  return existsSync(built) ? built : join(packageRoot(), 'dist', 'lib', 'sweep', 'engines', 'thread-worker.js');
}

/**
 * The default engine: trials run in worker threads of this process, each thread with its own
 * TF.js backend, one trial at a time per thread. A thread that dies fails its trial and is replaced.
 */
export class LocalThreadsEngine implements Engine {
  readonly workers: number;
  private readonly slots: Slot[] = [];
  private readonly queue: TrialJob[] = [];
  private readonly out = new EventQueue<EngineEvent>();
  private readonly started = new Map<string, number>();
  private closed = false;
  private spawned = 0;

  constructor(private readonly options: LocalEngineOptions = { kind: 'local' }) {
    const n = options.workers ?? availableParallelism();
    if (!(Number.isInteger(n) && n > 0)) throw new ConfigError(`local engine: workers is ${describeValue(n)}: expected a positive integer (threads to run trials on).`);
    this.workers = n;
  }

  submit(job: TrialJob): void {
    if (this.closed) throw new ConfigError('local engine: submit after close(): create a new engine for a new sweep.');
    this.queue.push(job);
    while (this.slots.length < Math.min(this.workers, this.queue.length + this.busyCount())) this.slots.push(this.spawn());
    this.pump();
  }

  cancel(id: string): void {
    const q = this.queue.findIndex((j) => j.id === id);
    if (q >= 0) this.queue.splice(q, 1);
    const i = this.slots.findIndex((s) => s.job?.id === id);
    if (i >= 0) this.replace(i); // terminating stops even a busy synchronous loop
  }

  events(): AsyncIterable<EngineEvent> {
    return this.out;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.out.close();
    await Promise.all(this.slots.splice(0).map((s) => s.thread.terminate()));
  }

  private busyCount(): number {
    return this.slots.filter((s) => s.job).length;
  }

  private spawn(): Slot {
    const name = `${this.options.namePrefix ?? 'thread'}-${this.spawned++}`;
    const thread = new Worker(threadScript(), { workerData: { backend: this.options.backend, name, oneBlasThread: this.workers > 1 } });
    const slot: Slot = { name, thread, ready: false, attempt: 0 };
    thread.on('message', (m: FromThread) => this.onMessage(slot, m));
    thread.on('error', (e) => this.onExit(slot, `${e.name}: ${e.message}`));
    thread.on('exit', (code) => this.onExit(slot, `the worker thread exited with code ${code}`));
    return slot;
  }

  private replace(i: number): void {
    const old = this.slots[i];
    old.job = undefined;
    old.thread.removeAllListeners();
    void old.thread.terminate();
    this.slots[i] = this.spawn();
  }

  private onExit(slot: Slot, why: string): void {
    const i = this.slots.indexOf(slot);
    if (i < 0 || this.closed) return;
    if (!slot.ready) {
      // A thread that dies before its backend is up would die again: fail what is queued instead.
      slot.ready = true;
      slot.initError = `${why} (script ${threadScript()})`;
      slot.thread.removeAllListeners();
      this.pump();
      return;
    }
    const job = slot.job;
    if (job) this.out.push({ kind: 'failed', id: job.id, error: `the worker crashed while running the trial: ${why}`, seconds: 0, worker: slot.name });
    this.replace(i);
    this.pump();
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.job) continue;
      const job = this.queue.shift()!;
      if (slot.initError) {
        this.out.push({ kind: 'unloadable', id: job.id, error: `the worker thread could not start its TF.js backend: ${slot.initError}` });
        continue;
      }
      slot.job = job;
      slot.thread.postMessage({ type: 'run', job } satisfies ToThread);
    }
  }

  private onMessage(slot: Slot, m: FromThread): void {
    if (m.type === 'ready' || m.type === 'init-error') {
      slot.ready = true;
      if (m.type === 'init-error') slot.initError = m.error;
      this.pump();
      return;
    }
    if (m.type === 'idle') {
      slot.job = undefined;
      this.pump();
      return;
    }
    if (!slot.job || slot.job.id !== m.id) return; // a cancelled trial's late message
    const worker = slot.name;
    if (m.type === 'started') {
      const attempt = (this.started.get(m.id) ?? 0) + 1;
      this.started.set(m.id, attempt);
      this.out.push({ kind: 'started', id: m.id, worker, attempt });
    } else if (m.type === 'report') {
      const { id, seq } = m;
      this.out.push({ kind: 'report', id, step: m.step, metrics: m.metrics, reply: (decision) => slot.job?.id === id && slot.thread.postMessage({ type: 'decision', id, seq, decision } satisfies ToThread) });
    } else if (m.type === 'finished') this.out.push({ kind: 'finished', id: m.id, status: m.status, metrics: m.metrics, seconds: m.seconds, worker });
    else if (m.type === 'failed') this.out.push({ kind: 'failed', id: m.id, error: m.error, seconds: m.seconds, worker });
    else if (m.type === 'unloadable') this.out.push({ kind: 'unloadable', id: m.id, error: m.error });
  }
}
