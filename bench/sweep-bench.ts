// Sweep throughput on 1 vs 2 local worker threads, the sweep's own cost per trial, and the compute
// each scheduler saves on notebook 03's early-stopping sweep. Rounds interleave 1 and 2 workers.
// Run: npm run bench:sweep [-- --quick]. Writes reports/sweep-bench.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../lib/util/package-root';
import { asha, learningCurveStopping, medianStopping, sweep, type Scheduler } from '../lib/sweep/index';

const quick = process.argv.includes('--quick');
const rounds = quick ? 1 : 3;
const TRIALS = join(packageRoot(), 'dist', 'bench', 'sweep-trials.js');
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs: number[], digits = 2) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
const tmp = mkdtempSync(join(tmpdir(), 'sweep-bench-'));

// 1. Throughput: the same 8 training trials on 1 and on 2 threads. End to end (thread start-up
// included, as a user sees it), and in steady state: trials finished per second once each thread
// has finished its first (a long sweep's rate, which start-up does not dilute).
async function throughput() {
  // Long enough that each thread's start-up (its own TF.js backend) does not hide the parallelism.
  const space = { lr: [1e-3, 3e-4], hidden: [64, 100], seed: [1, 2], epochs: quick ? 4 : 16 };
  const run = async (workers: number) => {
    const at: number[] = [];
    let done = 0;
    const t = performance.now();
    await sweep({ trial: `${TRIALS}#fashionTrial`, space, engine: { kind: 'local', workers }, dir: null, progress: (p) => p.done > done && (done = p.done, at.push(performance.now())) });
    return { seconds: (performance.now() - t) / 1000, perSecond: (at.length - workers) / ((at[at.length - 1] - at[workers - 1]) / 1000) };
  };
  const one: { seconds: number; perSecond: number }[] = [];
  const two: { seconds: number; perSecond: number }[] = [];
  for (let r = 0; r < rounds; r++) {
    one.push(await run(1));
    two.push(await run(2));
  }
  const speedups = one.map((o, i) => o.seconds / two[i].seconds);
  const steadySpeedups = one.map((o, i) => two[i].perSecond / o.perSecond);
  return { trials: 8, epochsPerTrial: space.epochs, secondsOneWorker: one.map((o) => o.seconds), secondsTwoWorkers: two.map((o) => o.seconds), speedups, medianSpeedup: median(speedups), steadySpeedups, medianSteadySpeedup: median(steadySpeedups) };
}

// 2. Overhead: 101 trials that do nothing on one thread, records written; the median gap between
// consecutive trials finishing is what the sweep itself costs per trial (thread start-up excluded).
async function overhead() {
  const perTrialMs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const at: number[] = [];
    let done = 0;
    await sweep({ trial: `${TRIALS}#noopTrial`, space: { i: Array.from({ length: 101 }, (_, i) => i) }, engine: { kind: 'local', workers: 1 }, dir: join(tmp, `o-${r}`), progress: (p) => p.done > done && (done = p.done, at.push(performance.now())) });
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    perTrialMs.push(median(gaps));
  }
  return { perTrialMs, medianMs: median(perTrialMs) };
}

// 3. Schedulers on notebook 03's sweep (6 configurations, lr × width), run in its order on one thread.
async function schedulers() {
  const epochs = quick ? 12 : 30;
  const space = [
    { lr: 1e-3, hidden: 100, seed: 10 }, { lr: 3e-5, hidden: 100, seed: 11 }, { lr: 3e-3, hidden: 100, seed: 12 },
    { lr: 1e-4, hidden: 32, seed: 13 }, { lr: 1e-5, hidden: 100, seed: 14 }, { lr: 3e-4, hidden: 32, seed: 15 },
  ].map((c) => ({ ...c, epochs }));
  const make: Record<string, () => Scheduler | undefined> = {
    none: () => undefined,
    median: () => medianStopping({ metric: 'acc', mode: 'max', gracePeriod: 5, minTrials: 2 }),
    asha: () => asha({ metric: 'acc', mode: 'max', maxT: epochs, gracePeriod: 3, reductionFactor: 3 }),
    'learning-curve': () => learningCurveStopping({ metric: 'acc', maxT: epochs, minSteps: 5 }),
  };
  const out: Record<string, unknown>[] = [];
  let bestFull: string | undefined;
  for (const [name, scheduler] of Object.entries(make)) {
    const t = performance.now();
    const r = await sweep({ trial: `${TRIALS}#fashionTrial`, space, engine: { kind: 'local', workers: 1 }, scheduler: scheduler(), dir: null, progress: false });
    const seconds = (performance.now() - t) / 1000;
    const rows = r.trials.objects() as { trial: string; lr: number; hidden: number; status: string; acc: number; stopStep: number | null }[];
    const epochsRun = rows.reduce((s, d) => s + (r.reports.filter(`d => d.trial === '${d.trial}'`).numRows()), 0);
    const best = rows.filter((d) => d.status === 'ok').sort((a, b) => b.acc - a.acc)[0];
    if (name === 'none') bestFull = best.trial;
    out.push({ scheduler: name, seconds, epochsRun, epochsFull: epochs * space.length, saved: 1 - epochsRun / (epochs * space.length), bestKept: best.trial === bestFull, bestAcc: best.acc, bestConfig: `lr ${best.lr}, ${best.hidden} units`, stopped: rows.filter((d) => d.status === 'stopped').map((d) => `lr ${d.lr}, ${d.hidden} units at epoch ${d.stopStep}`) });
  }
  return out;
}

async function main() {
  const t = await throughput();
  console.log(`throughput, 8 trials × ${t.epochsPerTrial} epochs: 1 worker ${range(t.secondsOneWorker, 1)} s, 2 workers ${range(t.secondsTwoWorkers, 1)} s; end-to-end speed-up ${range(t.speedups)} (median ${t.medianSpeedup.toFixed(2)}); steady-state speed-up ${range(t.steadySpeedups)} (median ${t.medianSteadySpeedup.toFixed(2)}, goal ≥ 1.8)`);
  const o = await overhead();
  console.log(`overhead per trial (median gap between trials, record written): ${range(o.perTrialMs, 1)} ms (median ${o.medianMs.toFixed(1)}, goal < 50)`);
  const s = await schedulers();
  for (const row of s) console.log(`scheduler ${String(row.scheduler).padEnd(14)} epochs ${row.epochsRun}/${row.epochsFull} (saved ${((row.saved as number) * 100).toFixed(0)}%), best kept: ${row.bestKept} (best ${row.bestConfig}, ${(row.bestAcc as number).toFixed(3)}), ${(row.seconds as number).toFixed(1)} s; stopped: ${(row.stopped as string[]).join('; ') || 'none'}`);
  mkdirSync(join(packageRoot(), 'reports'), { recursive: true });
  writeFileSync(join(packageRoot(), 'reports', 'sweep-bench.json'), JSON.stringify({ quick, rounds, throughput: t, overhead: o, schedulers: s }, null, 1));
  rmSync(tmp, { recursive: true, force: true });
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
