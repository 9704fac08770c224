// The distributed engine against a real redis-server and real `feedbacklab worker` processes.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../lib/errors';
import { createEngine } from '../../../lib/sweep/create-engine';
import type { Engine, EngineEvent } from '../../../lib/sweep/engine';
import { medianStopping, sweep } from '../../../lib/sweep/index';
import { packageRoot } from '../../../lib/util/package-root';

const FIXTURE = join(__dirname, 'fixtures', 'trials.ts');
const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedis && process.env.FEEDBACKLAB_REQUIRE_REDIS === '1') throw new Error('FEEDBACKLAB_REQUIRE_REDIS=1 but redis-server is not installed (Debian: apt-get install redis-server)');
if (!hasRedis) console.warn('skipping the BullMQ tests: redis-server is not installed (Debian: apt-get install redis-server); CI sets FEEDBACKLAB_REQUIRE_REDIS=1 so they must run there');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function waitForLine(p: ChildProcess, pattern: RegExp, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let text = '';
    const on = (b: Buffer) => {
      text += b.toString();
      if (pattern.test(text)) resolve();
    };
    p.stdout!.on('data', on);
    p.stderr!.on('data', (b: Buffer) => (text += b.toString()));
    p.on('exit', (code) => reject(new Error(`${what} exited with ${code} before ${pattern}:\n${text}`)));
  });
}

const children: ChildProcess[] = [];
let url = '';
const QUEUE = 'sweep-test';

function startWorker(): ChildProcess {
  const w = spawn(process.execPath, [join(packageRoot(), 'kernel/bin/feedbacklab.js'), 'worker', '--redis', url, '--concurrency', '1', '--queue', QUEUE, '--lock-ms', '1500', '--stalled-ms', '500'], { stdio: ['ignore', 'pipe', 'pipe'] });
  if (process.env.SWEEP_DEBUG) w.stdout!.on('data', (b: Buffer) => process.stderr.write(`[worker ${w.pid}] ${b}`));
  children.push(w);
  return w;
}

// Passes the engine's events through, counting results per trial and killing a worker mid-trial.
function watched(inner: Engine, onEvent: (e: EngineEvent) => void): Engine {
  return {
    submit: (j) => inner.submit(j),
    cancel: (id) => inner.cancel(id),
    close: () => inner.close(),
    events: () => ({
      async *[Symbol.asyncIterator]() {
        for await (const e of inner.events()) {
          onEvent(e);
          yield e;
        }
      },
    }),
  };
}

describe.skipIf(!hasRedis)('the bullmq engine', () => {
  beforeAll(async () => {
    const port = await freePort();
    const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(redis);
    await waitForLine(redis, /Ready to accept connections/, 'redis-server');
    url = `redis://127.0.0.1:${port}`;
  });
  afterAll(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });

  it('runs every trial on two worker processes, retries the trial of a worker killed mid-trial on the other, and records each result once', async () => {
    const workers = [startWorker(), startWorker()];
    await Promise.all(workers.map((w, i) => waitForLine(w, /waiting for trials/, `worker ${i}`)));
    const finished = new Map<string, number>();
    let killed: number | undefined;
    let killedTrial: string | undefined;
    const startedBy = new Map<string, string>();
    const engine = watched(await createEngine({ kind: 'bullmq', connection: url, queue: QUEUE }), (e) => {
      if (e.kind === 'started') startedBy.set(e.id, e.worker);
      if (e.kind === 'report' && killed === undefined && e.step === 2) {
        killed = Number(/:(\d+)-\d+$/.exec(startedBy.get(e.id)!)![1]);
        killedTrial = e.id;
        workers.find((w) => w.pid === killed)!.kill('SIGKILL');
      }
      if (e.kind === 'finished' || e.kind === 'failed') finished.set(e.id, (finished.get(e.id) ?? 0) + 1);
    });
    const r = await sweep({ trial: FIXTURE, space: { lr: [0.5, 1], seed: [1, 2], steps: 6, sleepMs: 120 }, engine, dir: null, progress: false });
    expect(killed).toBeDefined();
    expect(r.trials.numRows()).toBe(4);
    expect(r.trials.array('status')).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect([...finished.values()]).toEqual([1, 1, 1, 1]);
    const row = r.trials.filter(`d => d.trial === '${killedTrial}'`).object(0) as { worker: string };
    expect(row.worker).not.toContain(`:${killed}-`); // finished on the surviving worker
    // one report per step, also for the trial that ran twice
    for (const id of r.trials.array('trial') as string[]) expect(r.reports.filter(`d => d.trial === '${id}'`).array('step')).toEqual([1, 2, 3, 4, 5, 6]);
    const survivors = children.filter((c) => c !== children[0] && c.exitCode === null && c.signalCode === null);
    expect(survivors).toHaveLength(1);
  });

  it('passes scheduler decisions to remote trials', async () => {
    const r = await sweep({
      trial: FIXTURE,
      space: { lr: [1, 0.9, 0.8, 0.1], seed: 3, steps: 6 },
      engine: { kind: 'bullmq', connection: url, queue: QUEUE },
      scheduler: medianStopping({ metric: 'acc', mode: 'max', gracePeriod: 2 }),
      dir: null,
      progress: false,
    });
    const rows = r.trials.objects() as { lr: number; status: string; stopStep: number | null }[];
    expect(rows.find((d) => d.lr === 0.1)).toMatchObject({ status: 'stopped', stopStep: 2 });
    expect(Math.max(...(r.reports.filter('d => d.lr === 0.1').array('step') as number[]))).toBe(2);
  });

  it('names the URL, without its password, when Redis cannot be reached', async () => {
    const port = await freePort();
    const bad = `redis://:hunter2@127.0.0.1:${port}`;
    const e = await sweep({ trial: FIXTURE, space: { lr: [1], seed: 1 }, engine: { kind: 'bullmq', connection: bad }, dir: null, progress: false }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as Error).message).toContain(`bullmq engine: cannot use Redis at redis://:***@127.0.0.1:${port}: connect ECONNREFUSED`);
    expect((e as Error).message).not.toContain('hunter2');
  });
});
