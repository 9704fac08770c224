// Training throughput of the library's own training loops on every available TF.js backend, next
// to the same models in PyTorch, on 1 and 2 threads for both sides, interleaved, several rounds:
// medians and ranges. Also the machine's sgemm GFLOP/s (1024³ through the addon's OpenBLAS), the
// yardstick of the big MLP. Run: npm run bench [-- --quick]. Writes reports/bench.json.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import * as tf from '@tensorflow/tfjs';
import * as aq from 'arquero';
import { loadBlasAddon } from '../lib/backend/native/load-addon';
import { selectBackend } from '../lib/backend/select-backend';
import { BACKEND_ORDER, type BackendName } from '../lib/backend/backend-report';
import { fit } from '../lib/train/fit';
import { mlp } from '../lib/train/mlp';
import { rewardModel } from '../lib/reward/pair-model';
import { trainPairModel } from '../lib/reward/train-pair-model';
import { rng, normal } from '../lib/util/random';
import { packageRoot } from '../lib/util/package-root';
import { releaseWebgpu, webgpuAdapter } from '../lib/backend/webgpu-backend';

type Model = 'mlp' | 'bradley-terry' | 'big-mlp';
const MODELS: Model[] = ['mlp', 'bradley-terry', 'big-mlp'];
const THREADS = [1, 2];
const BIG = { sizes: [784, 2048, 2048, 10], batch: 512 };

const quick = process.argv.includes('--quick');
const rounds = quick ? 2 : 5;
// Fewer steps on the slow backends (cpu, WebGPU on a software adapter) keep the run short;
// steps/s is what is compared.
const slow = (backend: BackendName) => backend === 'cpu' || (backend === 'webgpu' && webgpuAdapter()?.software !== false);
const steps = (model: Model, backend: BackendName) => (slow(backend) ? 5 : model === 'big-mlp' ? (quick ? 3 : 6) : model === 'mlp' ? (quick ? 20 : 40) : quick ? 30 : 60);
const torchSteps: Record<Model, number> = { mlp: 40, 'bradley-terry': 100, 'big-mlp': 6 };
// The Python with PyTorch: Debian's by default; FEEDBACKLAB_PYTHON for another (a PyTorch 2.x, a GPU machine's).
const python = process.env.FEEDBACKLAB_PYTHON ?? '/usr/bin/python3';

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs: number[], digits = 1) => (xs.length ? `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}` : '-');

/** Multiply-adds ×2 of one training step of a dense stack: forward, weight gradients, input gradients past the first layer. */
function stepFlops(sizes: number[], batch: number): number {
  let f = 0;
  for (let l = 0; l + 1 < sizes.length; l++) f += 2 * batch * sizes[l] * sizes[l + 1] * (l === 0 ? 2 : 3);
  return f;
}

/** Sets the feedbacklab side's thread count (OpenBLAS through the addon); false where there is no addon. */
function setThreads(n: number): boolean {
  const { addon } = loadBlasAddon();
  if (!addon) return false;
  addon.threads(n, -1);
  return true;
}

async function jsStepsPerSecond(model: Model, n: number): Promise<number> {
  const r = rng(1);
  if (model !== 'bradley-terry') {
    const [sizes, batch] = model === 'mlp' ? [[784, 400, 400, 10], 128] : [BIG.sizes, BIG.batch];
    const x = tf.tensor2d(Float32Array.from({ length: batch * n * sizes[0] }, () => r()), [batch * n, sizes[0]]);
    const y = tf.tensor1d(Int32Array.from({ length: batch * n }, () => Math.floor(r() * 10)), 'int32');
    const net = mlp({ inputDim: sizes[0], hidden: sizes.slice(1, -1), outputDim: sizes[sizes.length - 1], seed: 1 });
    await fit(net, x.slice(0, batch * 2) as tf.Tensor2D, y.slice(0, batch * 2) as tf.Tensor1D, { epochs: 1, batchSize: batch }); // warm-up
    const t = performance.now();
    await fit(net, x, y, { epochs: 1, batchSize: batch, learningRate: 1e-3 });
    const s = (performance.now() - t) / 1000;
    tf.dispose([x, y]);
    net.dispose();
    return n / s;
  }
  const features = Array.from({ length: 4000 }, () => Array.from({ length: 64 }, () => normal(r)));
  const pairs = (k: number) => aq.table({ a: Array.from({ length: k }, () => Math.floor(r() * 4000)), b: Array.from({ length: k }, () => Math.floor(r() * 4000)), label: Array.from({ length: k }, () => (r() < 0.5 ? 1 : 0)) });
  const net = rewardModel(64, { hidden: [128, 128], seed: 1 });
  await trainPairModel(net, features, pairs(512), { epochs: 1, batchSize: 256, validationFraction: 0 }); // warm-up
  const data = pairs(256 * n);
  const t = performance.now();
  await trainPairModel(net, features, data, { epochs: 1, batchSize: 256, validationFraction: 0, learningRate: 3e-3 });
  const s = (performance.now() - t) / 1000;
  net.network.dispose();
  return n / s;
}

/** sgemm 1024³ GFLOP/s on the wasm heap through the addon (the best of 3 products). */
function sgemmGflops(): number {
  const a = tf.randomUniform([1024, 1024], -1, 1, 'float32', 1);
  const b = tf.randomUniform([1024, 1024], -1, 1, 'float32', 2);
  let best = Infinity;
  for (let k = 0; k < 4; k++) {
    const t = performance.now();
    const c = tf.matMul(a, b);
    c.dataSync();
    const ms = performance.now() - t;
    c.dispose();
    if (k > 0) best = Math.min(best, ms);
  }
  tf.dispose([a, b]);
  return (2 * 1024 ** 3) / (best / 1000) / 1e9;
}

interface TorchInfo { torch: string; python: string; blas: string[]; threads: number }

/** The PyTorch side on `threads` threads, one long-lived process; missing says why it cannot run. */
function startTorch(threads: number) {
  const env = { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) };
  const child = spawn(python, [join(packageRoot(), 'bench', 'torch_bench.py')], { stdio: ['pipe', 'pipe', 'inherit'], env });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const state: { missing?: string; info?: TorchInfo } = {};
  child.on('error', (e) => (state.missing = `cannot start ${python}: ${e.message}`));
  const read = async (): Promise<Record<string, unknown> | undefined> => {
    const next = await lines.next();
    if (next.done) return undefined;
    const reply = JSON.parse(next.value) as Record<string, unknown>;
    if (reply.error) state.missing = String(reply.error);
    return reply.error ? undefined : reply;
  };
  const ready = read().then((r) => (state.info = r as TorchInfo | undefined));
  return {
    state,
    async ask(model: Model, n: number): Promise<number | undefined> {
      await ready;
      if (state.missing || !state.info) return undefined;
      child.stdin!.write(JSON.stringify({ model, steps: n }) + '\n');
      return (await read())?.steps_per_s as number | undefined;
    },
    close: () => child.stdin!.end(),
  };
}

async function main(): Promise<void> {
  const backends: BackendName[] = [];
  for (const b of BACKEND_ORDER) {
    try {
      await selectBackend({ backend: b });
      backends.push(b);
    } catch (e) {
      console.log(`skipping ${b}: ${(e as Error).message.split(': ').slice(2).join(': ') || (e as Error).message}`);
    }
  }
  const torch = new Map(THREADS.map((t) => [t, startTorch(t)]));
  const results = new Map<string, { js: number[]; torch: number[] }>();
  const sgemm = new Map<number, number[]>();
  // Rows: every backend on one thread; the wasm backend with the addon on two as well. The big
  // MLP on wasm only (the others would take minutes a step).
  const configs = (model: Model): [BackendName, number][] => backends.flatMap((b): [BackendName, number][] =>
    b === 'wasm' && loadBlasAddon().addon ? THREADS.map((t): [BackendName, number] => [b, t]) : model === 'big-mlp' ? [] : [[b, 1]]);
  for (let round = 1; round <= rounds; round++) {
    await selectBackend({ backend: 'wasm' });
    // Two threads first: OpenBLAS's workers keep spinning a while after a threaded product, which
    // would slow the one-thread row that follows.
    for (const t of [...THREADS].reverse()) {
      if (!setThreads(t)) break;
      sgemm.set(t, [...(sgemm.get(t) ?? []), sgemmGflops()]);
    }
    for (const model of MODELS) {
      for (const [backend, threads] of configs(model)) {
        await selectBackend({ backend });
        setThreads(threads);
        const js = await jsStepsPerSecond(model, steps(model, backend));
        const th = await torch.get(threads)!.ask(model, torchSteps[model]);
        const key = `${model}|${backend}|${threads}`;
        const entry = results.get(key) ?? { js: [], torch: [] };
        entry.js.push(js);
        if (th !== undefined) entry.torch.push(th);
        results.set(key, entry);
        console.log(`round ${round}/${rounds} ${model} on ${backend}, ${threads} thread(s): ${js.toFixed(1)} steps/s${th !== undefined ? `, PyTorch ${th.toFixed(1)}` : ''}`);
      }
    }
  }
  for (const t of torch.values()) t.close();
  releaseWebgpu();
  const bigFlops = stepFlops(BIG.sizes, BIG.batch);
  const training = [...results.entries()].map(([key, r]) => {
    const [model, backend, threads] = key.split('|');
    const js = median(r.js);
    const th = r.torch.length ? median(r.torch) : null;
    return {
      model, backend, threads: Number(threads), ...(backend === 'webgpu' ? { adapter: webgpuAdapter()?.description } : {}),
      steps_per_s: js, steps_per_s_range: [Math.min(...r.js), Math.max(...r.js)], torch_steps_per_s: th, torch_range: r.torch.length ? [Math.min(...r.torch), Math.max(...r.torch)] : null,
      ratio: th ? js / th : null, ...(model === 'big-mlp' ? { gflops: (js * bigFlops) / 1e9, torch_gflops: th ? (th * bigFlops) / 1e9 : null } : {}),
    };
  });
  const sgemmRows = [...sgemm.entries()].map(([threads, g]) => ({ threads, gflops: median(g), range: [Math.min(...g), Math.max(...g)] }));
  const torchInfo = [...torch.entries()].map(([threads, t]): (TorchInfo & { missing?: undefined }) | { threads: number; missing?: string } => t.state.info ?? { threads, missing: t.state.missing });
  const root = packageRoot();
  mkdirSync(join(root, 'reports'), { recursive: true });
  const path = join(root, 'reports', 'bench.json');
  let previous: Record<string, unknown> = {};
  try {
    previous = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    // first run
  }
  const machine = `${cpus().length} cores, ${cpus()[0].model}; OPENBLAS_CORETYPE=${process.env.OPENBLAS_CORETYPE ?? '(unset)'}`;
  writeFileSync(path, JSON.stringify({ ...previous, training, sgemm: sgemmRows, torch: torchInfo, rounds, machine }, null, 2));
  console.log(`\n${machine}; medians of ${rounds} interleaved rounds (range)`);
  for (const i of torchInfo) console.log(`PyTorch on ${i.threads} thread(s): ${'torch' in i && i.torch ? `${i.torch} (${i.python}), threads ${i.threads}, BLAS ${i.blas.join(', ')}` : `not run: ${i.missing}`}`);
  for (const s of sgemmRows) console.log(`sgemm 1024³ (OpenBLAS via the addon), ${s.threads} thread(s): ${s.gflops.toFixed(1)} GFLOP/s (${range(s.range)})`);
  console.log(`\n${'model'.padEnd(14)} ${'backend'.padEnd(8)} thr ${'steps/s (range)'.padStart(22)} ${'PyTorch (range)'.padStart(22)} ${'ratio'.padStart(6)}`);
  for (const t of training) {
    const extra = t.gflops ? `  ${t.gflops.toFixed(0)} GFLOP/s${t.torch_gflops ? ` vs ${t.torch_gflops.toFixed(0)}` : ''}, ${((100 * t.gflops) / (sgemmRows.find((s) => s.threads === t.threads)?.gflops ?? NaN)).toFixed(0)}% of sgemm` : '';
    console.log(`${t.model.padEnd(14)} ${t.backend.padEnd(8)} ${String(t.threads).padStart(3)} ${`${t.steps_per_s.toFixed(1)} (${range(t.steps_per_s_range)})`.padStart(22)} ${(t.torch_steps_per_s ? `${t.torch_steps_per_s.toFixed(1)} (${range(t.torch_range!)})` : '-').padStart(22)} ${(t.ratio?.toFixed(2) ?? '-').padStart(6)}${extra}`);
  }
  // The issue's yardstick: the best of each side over thread counts.
  for (const model of MODELS) {
    const rows = training.filter((t) => t.model === model && t.backend === 'wasm');
    const js = rows.reduce((a, b) => (b.steps_per_s > a.steps_per_s ? b : a), rows[0]);
    const th = rows.filter((t) => t.torch_steps_per_s).reduce((a, b) => (b.torch_steps_per_s! > a.torch_steps_per_s! ? b : a), rows[0]);
    if (js && th?.torch_steps_per_s) console.log(`${model}: feedbacklab at its best (${js.threads} thread(s)) / PyTorch at its best (${th.threads}): ${(js.steps_per_s / th.torch_steps_per_s).toFixed(2)}`);
  }
  console.log(`\nwritten to ${path}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
